//! The list flags a team's members decide, written by every use case that changes what they are computed from.

// The rule is `organise::row_of` (the team rules of `domain::team` applied
// to the members); this module stores its outcome in `team_flags` so the
// organisers' list filters, counts and pages by it in SQL. Changes that
// move a flag: a member joins, leaves or is removed, a team withdraws or
// changes tracks (`captain`, `join`, `register`), a profile's school,
// department or enrolment proof changes (`profiles`, `accounts::oidc`, a
// proof check), and a track's rules change (`contests::tracks`).

use std::collections::BTreeMap;

use super::organise::rows_of;
use super::TeamRow;
use crate::db::DbConn;
use crate::domain::team;
use crate::service::Result;
use crate::store::{self, team_flags::Flags};

/// How many teams are computed at a time (start-up, a track's teams).
const BATCH: usize = 500;

/// The flags of one list row: what the stored flags must always equal.
pub fn of_row(r: &TeamRow) -> Flags {
    let mut schools: Vec<String> = r
        .members
        .iter()
        .filter_map(|m| m.school_name.as_deref())
        .map(team::normalise)
        .filter(|s| !s.is_empty())
        .collect();
    schools.sort();
    schools.dedup();
    Flags {
        team_id: r.team.id,
        contest_id: r.team.contest_id,
        rules_met: r.rules_met,
        proof_missing: r.proof_missing,
        cross_school: r.cross_school,
        cross_department: r.cross_department,
        schools: schools.join("\n"),
    }
}

/// The flags of these teams computed from scratch (as the list computes a
/// row), in team id order.
pub fn computed(conn: &mut DbConn, team_ids: &[i32]) -> Result<Vec<Flags>> {
    let mut by_contest: BTreeMap<i32, Vec<store::teams::Team>> = BTreeMap::new();
    for t in store::teams::find_many(conn, team_ids)? {
        by_contest.entry(t.contest_id).or_default().push(t);
    }
    let mut out = Vec::new();
    for (contest_id, teams) in by_contest {
        let tracks = store::contests::tracks_of(conn, contest_id)?;
        out.extend(rows_of(conn, teams, &tracks)?.iter().map(of_row));
    }
    out.sort_by_key(|f| f.team_id);
    Ok(out)
}

/// Recomputes and stores the flags of these teams, a few hundred at a time.
pub fn refresh(conn: &mut DbConn, team_ids: &[i32]) -> Result<()> {
    for part in team_ids.chunks(BATCH) {
        let flags = computed(conn, part)?;
        store::team_flags::write(conn, &flags)?;
    }
    Ok(())
}

/// After a change to a person's profile: the flags of every team they are in.
pub fn refresh_for_user(conn: &mut DbConn, user_id: i32) -> Result<()> {
    let ids = store::team_flags::teams_of_user(conn, user_id)?;
    refresh(conn, &ids)
}

/// After a change to a track's rules: the flags of every team that chose it.
pub fn refresh_for_track(conn: &mut DbConn, track_id: i32) -> Result<()> {
    let ids = store::team_flags::teams_of_track(conn, track_id)?;
    refresh(conn, &ids)
}

/// Writes the flags of every team that has none yet (at start-up: teams
/// made before the flags were stored, or straight in the database), then
/// brings the planner's view of the table up to date; returns how many.
/// Runs outside a transaction (PostgreSQL's `VACUUM` cannot run inside one).
pub fn backfill(conn: &mut DbConn) -> Result<usize> {
    let mut done = 0;
    loop {
        let ids = store::team_flags::missing(conn, BATCH as i64)?;
        if ids.is_empty() {
            // Rows written in bulk: the planner would otherwise see the
            // table as it was before (and on PostgreSQL read the new index
            // entries as an unsorted list).
            if done > 0 {
                store::team_flags::tidy_after_backfill(conn)?;
            }
            return Ok(done);
        }
        crate::db::transaction(conn, |conn| refresh(conn, &ids))?;
        done += ids.len();
    }
}
