//! Who may see and act on judging: organisers run it; a judge sees an entry
//! only from the round's panel, when assigned to it, and never across a
//! standing conflict of interest (`domain::judging::judge_sees`). Every
//! service that shows or scores an entry for a judge asks [`judge_may_see`]
//! (or [`sees`] over a board it loaded), and the assignment asks
//! [`may_assign`] / [`conflicted`], so a conflicted judge is never assigned.

use std::collections::HashSet;

use crate::db::DbConn;
use crate::domain::judging::{self, Round, Standing};
use crate::service::judging::{Board, Scope};
use crate::service::{Error, Person, Result};
use crate::store::{self, entries::Entry};

/// Organisers (and administrators) run judging: panels, assignments,
/// rubrics, rankings, finals and awards.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The entry `entry_id` with its board in `round`, if `judge` may see it;
/// else "not found", so nobody learns of entries that are not theirs.
pub fn judge_may_see(
    conn: &mut DbConn,
    judge: i32,
    entry_id: i32,
    round: Round,
) -> Result<(Entry, Board)> {
    let entry = store::entries::find_by_id(conn, entry_id)?.ok_or(Error::NotFound)?;
    let board = Board::load(
        conn,
        entry.track_id,
        round,
        Scope::Judge {
            judge,
            entries: &[entry_id],
        },
    )?;
    sees(&board, judge, entry_id)?;
    Ok((entry, board))
}

/// [`judge_may_see`] over a board already loaded with the judge's entries
/// (their dashboard loads one board per track and round).
pub fn sees(board: &Board, judge: i32, entry_id: i32) -> Result<()> {
    let standing = Standing {
        on_panel: board.on_panel(judge),
        assigned: board.assigned(entry_id, judge),
        in_round: board.entry(entry_id).is_some(),
        conflict: board.conflicts.get(&(entry_id, judge)),
    };
    if judging::judge_sees(standing) {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// Whether `judge` may be given `entry_id` by hand: both in the round, and
/// no standing conflict between them (refused, 403).
pub fn may_assign(board: &Board, entry_id: i32, judge: i32) -> Result<()> {
    if board.entry(entry_id).is_none() || !board.on_panel(judge) {
        return Err(Error::NotFound);
    }
    if conflicted(board).contains(&(entry_id, judge)) {
        return Err(Error::Refused("error-assign-conflicted"));
    }
    Ok(())
}

/// The (entry, judge) pairs of a board that must never be assigned.
pub fn conflicted(board: &Board) -> HashSet<(i32, i32)> {
    board
        .conflicts
        .iter()
        .filter(|(_, c)| c.blocks())
        .map(|(pair, _)| *pair)
        .collect()
}
