//! Who judges what: the automatic assignment, changes by hand, and the
//! conflicts of interest that keep a judge away (declared by the judge,
//! dismissed by the organisers).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::json;

use super::panel::RoundTally;
use super::{invalid, Board, Scope};
use crate::db::DbConn;
use crate::domain::judging::{self, NoteKind, Round};
use crate::domain::text::Kind;
use crate::service::gates::judging as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, entries::Entry};

/// Gives each entry of the round `k` judges (as typed), never a conflicted
/// one and never more than a judge's maximum; hand-made assignments stay.
/// Returns the entries that got fewer, with how many they got.
pub fn auto_assign(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    k: &str,
) -> Result<Vec<(i32, usize)>> {
    gate::organiser(who)?;
    let k = judging::judges_per_entry(k).map_err(invalid)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::All)?;
        rubric_first(conn, track_id, round)?;
        let caps: BTreeMap<i32, usize> = b
            .panel
            .iter()
            .filter_map(|j| j.user_id.map(|u| (u, j.max_load.max(0) as usize)))
            .collect();
        let entry_ids: Vec<i32> = b.entries.iter().map(|(e, _)| e.id).collect();
        let result = judging::assign_with_caps(&entry_ids, &caps, &gate::conflicted(&b), k);
        store::judges::replace_automatic(conn, &entry_ids, round, &result.pairs, now())?;
        audit(
            conn,
            who,
            "judge.assign",
            "track",
            track_id,
            json!({ "round": round, "k": k, "pairs": result.pairs.len(), "short": result.short }),
        )?;
        Ok(result.short)
    })
}

/// One entry of a round with its judges, for the organisers' page where
/// judges are given to it by hand.
pub struct EntryJudges {
    /// The track, the panel and this one entry (its team's name beside it),
    /// its assignments and the panel's conflicts with its team.
    pub board: Board,
    /// The round's judges' loads (and its other counts).
    pub tally: Arc<RoundTally>,
    /// The round has a rubric; judges are given entries only then.
    pub has_rubric: bool,
}

impl EntryJudges {
    /// The entry and its team's name.
    pub fn entry(&self) -> &(Entry, String) {
        &self.board.entries[0]
    }

    /// Whether any judge on the round's panel has an account yet (only they
    /// can be given entries).
    pub fn has_judges(&self) -> bool {
        self.board.panel.iter().any(|j| j.user_id.is_some())
    }

    /// The panel's judges with an account who may be given the entry: not
    /// given it already and not in a conflict that stands.
    pub fn available(&self) -> Vec<Offered> {
        let b = &self.board;
        let entry_id = self.entry().0.id;
        let blocked = gate::conflicted(b);
        b.panel
            .iter()
            .filter_map(|j| j.user_id.map(|u| (u, j.max_load)))
            .filter(|(u, _)| !b.assigned(entry_id, *u) && !blocked.contains(&(entry_id, *u)))
            .map(|(judge, max_load)| Offered {
                judge,
                name: b.judge_name(judge),
                load: self.tally.progress.given(judge),
                max_load,
            })
            .collect()
    }
}

/// A judge who may be given an entry, with how many of the round's entries
/// they have against their maximum.
pub struct Offered {
    pub judge: i32,
    pub name: String,
    pub load: usize,
    pub max_load: i32,
}

/// One entry of the round with who judges it, who else may, and the
/// panel's conflicts with its team. An entry not judged in the round is
/// not found (404).
pub fn entry_judges(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    entry_id: i32,
) -> Result<EntryJudges> {
    gate::organiser(who)?;
    p.read(|conn| {
        let board = Board::load(conn, track_id, round, Scope::Entry(entry_id))?;
        if board.entry(entry_id).is_none() {
            return Err(Error::NotFound);
        }
        let tally = RoundTally::current(p, conn, track_id, round)?;
        let has_rubric = store::rubrics::find(conn, track_id, round)?.is_some();
        Ok(EntryJudges {
            board,
            tally,
            has_rubric,
        })
    })
}

/// Gives `judge` the entry by hand (`adding`), or takes it away. A judge in
/// conflict with the entry's team is refused (403).
pub fn edit_assignment(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    (entry_id, judge): (i32, i32),
    adding: bool,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::Entry(entry_id))?;
        if b.entry(entry_id).is_none() || !b.on_panel(judge) {
            return Err(Error::NotFound);
        }
        if adding {
            rubric_first(conn, track_id, round)?;
            gate::may_assign(&b, entry_id, judge)?;
            store::judges::assign_one(conn, entry_id, judge, round, now())?;
        } else {
            store::judges::unassign(conn, entry_id, judge, round)?;
        }
        audit(
            conn,
            who,
            if adding {
                "judge.assign-one"
            } else {
                "judge.unassign"
            },
            "entry",
            entry_id,
            json!({ "judge_id": judge, "round": round }),
        )
    })
}

/// Entries are given to judges only once the round has a rubric, so that
/// no judge opens an entry they cannot score.
fn rubric_first(conn: &mut DbConn, track_id: i32, round: Round) -> Result<()> {
    match store::rubrics::find(conn, track_id, round)? {
        Some(_) => Ok(()),
        None => Err(Error::Refused("error-rubric-first")),
    }
}

/// Sets a detected conflict aside, with the organisers' reason; what a
/// judge declared stays (403).
pub fn dismiss_conflict(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    (entry_id, judge): (i32, i32),
    note: &str,
) -> Result<()> {
    gate::organiser(who)?;
    let note = judging::required_note("dismiss_note", note, Kind::Line, "error-dismiss-note")
        .map_err(invalid)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::Entry(entry_id))?;
        let conflict = b.conflicts.get(&(entry_id, judge)).ok_or(Error::NotFound)?;
        if conflict.declared {
            return Err(Error::Refused("error-conflict-declared"));
        }
        let team_id = b.entry(entry_id).ok_or(Error::NotFound)?.0.team_id;
        store::judges::add_note(
            conn,
            judge,
            team_id,
            NoteKind::Dismissed,
            &note,
            who.id,
            now(),
        )?;
        audit(
            conn,
            who,
            "conflict.dismiss",
            "team",
            team_id,
            json!({ "judge_id": judge, "reasons": conflict.reasons(), "note": note }),
        )
    })
}

/// A judge declares a conflict with an entry's team: it holds for every
/// round, and the entry leaves their list for good.
pub fn declare_conflict(
    p: &Portal,
    who: &Person,
    entry_id: i32,
    round: Round,
    note: &str,
) -> Result<()> {
    p.transaction(|conn| {
        let (entry, _) = gate::judge_may_see(conn, who.id, entry_id, round)?;
        let note = judging::optional_note("note", note).map_err(invalid)?;
        store::judges::add_note(
            conn,
            who.id,
            entry.team_id,
            NoteKind::Declared,
            &note,
            who.id,
            now(),
        )?;
        for r in Round::ALL {
            store::judges::unassign(conn, entry_id, who.id, r)?;
        }
        audit(
            conn,
            who,
            "conflict.declare",
            "entry",
            entry_id,
            json!({ "note": note }),
        )
    })
}
