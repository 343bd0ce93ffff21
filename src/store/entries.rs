//! Entries with their declared datasets, every saved version, and advisors'
//! endorsements.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    datasets, entries, entry_datasets, entry_endorsements, entry_versions, users,
};
use crate::db::DbConn;
use crate::domain::entry::{DeclaredDataset, EntryContent, Status};

super::text_column!(StatusColumn, Status);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = entries)]
pub struct Entry {
    pub id: i32,
    pub team_id: i32,
    pub track_id: i32,
    pub contest_id: i32,
    pub status: Status,
    pub version: i32,
    pub title: String,
    pub abstract_: String,
    pub problem: String,
    pub solution: String,
    pub target_users: String,
    pub demo_url: String,
    pub repo_url: String,
    pub proposal_file_id: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The version the team last submitted (draft saves do not count).
    pub submitted_version: i32,
    /// The challenge (出題) the entry answers, if any.
    pub challenge_id: Option<i32>,
}

pub fn find(conn: &mut DbConn, team_id: i32, track_id: i32) -> QueryResult<Option<Entry>> {
    entries::table
        .filter(entries::team_id.eq(team_id))
        .filter(entries::track_id.eq(track_id))
        .select(Entry::as_select())
        .first(conn)
        .optional()
}

/// Each track team `team_id` is in, with its entry's status and the
/// entry's current eligibility decision (outcome and revision due), where
/// there are: what a student's next step is decided from, in one query.
pub fn standings_of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<TeamStanding>> {
    use crate::db::schema::{eligibility_decisions, team_tracks};
    team_tracks::table
        .left_join(
            entries::table.on(entries::team_id
                .eq(team_tracks::team_id)
                .and(entries::track_id.eq(team_tracks::track_id))),
        )
        .left_join(
            eligibility_decisions::table.on(eligibility_decisions::entry_id
                .eq(entries::id)
                .and(eligibility_decisions::is_current.eq(true))),
        )
        .filter(team_tracks::team_id.eq(team_id))
        .order(team_tracks::track_id)
        .select((
            team_tracks::track_id,
            entries::status.nullable(),
            eligibility_decisions::outcome.nullable(),
            eligibility_decisions::revision_due_at.nullable(),
        ))
        .load(conn)
}

/// A track a team is in: (track, its entry's status, the entry's current
/// eligibility outcome, the revision it asks for by).
pub type TeamStanding = (
    i32,
    Option<Status>,
    Option<crate::domain::eligibility::Outcome>,
    Option<NaiveDateTime>,
);

pub fn find_by_id(conn: &mut DbConn, id: i32) -> QueryResult<Option<Entry>> {
    entries::table
        .find(id)
        .select(Entry::as_select())
        .first(conn)
        .optional()
}

/// Many entries by id, in id order (one query).
pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Entry>> {
    entries::table
        .filter(entries::id.eq_any(ids))
        .order(entries::id)
        .select(Entry::as_select())
        .load(conn)
}

/// The entry's current content, with datasets by their catalogue ids.
pub fn content(conn: &mut DbConn, e: &Entry) -> QueryResult<EntryContent> {
    let rows: Vec<(String, String, String, i32)> = entry_datasets::table
        .inner_join(datasets::table)
        .filter(entry_datasets::entry_id.eq(e.id))
        .order(entry_datasets::position)
        .select((
            datasets::source_id,
            entry_datasets::fields_used,
            entry_datasets::usage,
            entry_datasets::depth,
        ))
        .load(conn)?;
    Ok(EntryContent {
        title: e.title.clone(),
        abstract_: e.abstract_.clone(),
        problem: e.problem.clone(),
        solution: e.solution.clone(),
        target_users: e.target_users.clone(),
        demo_url: e.demo_url.clone(),
        repo_url: e.repo_url.clone(),
        datasets: rows
            .into_iter()
            .map(|(dataset_id, fields_used, usage, depth)| DeclaredDataset {
                dataset_id,
                fields_used,
                usage,
                depth,
            })
            .collect(),
        proposal_file_id: e.proposal_file_id,
        challenge_id: e.challenge_id,
    })
}

/// Someone saved meanwhile: the version the form was based on is old.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    pub current: i32,
}

pub struct SaveRequest<'a> {
    pub team_id: i32,
    pub track_id: i32,
    pub contest_id: i32,
    /// The version the form was loaded at (0 for a new entry).
    pub based_on: i32,
    pub content: &'a EntryContent,
    /// Catalogue row ids of the declared datasets, by dataset id.
    pub dataset_rows: &'a HashMap<String, i32>,
    pub author: i32,
    pub submit: bool,
}

/// Saves a new version (call inside a transaction). Refused when the entry
/// changed since the form was loaded, so no one's work is silently lost.
pub fn save(
    conn: &mut DbConn,
    r: &SaveRequest,
    now: NaiveDateTime,
) -> QueryResult<Result<Entry, Stale>> {
    let existing = find(conn, r.team_id, r.track_id)?;
    let current = existing.as_ref().map(|e| e.version).unwrap_or(0);
    if current != r.based_on {
        return Ok(Err(Stale { current }));
    }
    let c = r.content;
    let was_submitted = existing
        .as_ref()
        .is_some_and(|e| e.status == Status::Submitted);
    let status = if r.submit || was_submitted {
        Status::Submitted
    } else {
        Status::Draft
    };
    let submitted_at = existing
        .as_ref()
        .and_then(|e| e.submitted_at)
        .or(if r.submit { Some(now) } else { None });
    let values = (
        entries::status.eq(status),
        entries::version.eq(current + 1),
        entries::title.eq(&c.title),
        entries::abstract_.eq(&c.abstract_),
        entries::problem.eq(&c.problem),
        entries::solution.eq(&c.solution),
        entries::target_users.eq(&c.target_users),
        entries::demo_url.eq(&c.demo_url),
        entries::repo_url.eq(&c.repo_url),
        entries::proposal_file_id.eq(c.proposal_file_id),
        entries::challenge_id.eq(c.challenge_id),
        entries::submitted_at.eq(submitted_at),
        entries::updated_at.eq(now),
        entries::submitted_version.eq(if r.submit {
            current + 1
        } else {
            existing.as_ref().map(|e| e.submitted_version).unwrap_or(0)
        }),
    );
    let id = match &existing {
        Some(e) => {
            // The version condition makes two simultaneous saves safe on any backend.
            let n = diesel::update(
                entries::table
                    .find(e.id)
                    .filter(entries::version.eq(current)),
            )
            .set(values)
            .execute(conn)?;
            if n == 0 {
                return Ok(Err(Stale {
                    current: current + 1,
                }));
            }
            e.id
        }
        None => {
            diesel::insert_into(entries::table)
                .values((
                    values,
                    entries::team_id.eq(r.team_id),
                    entries::track_id.eq(r.track_id),
                    entries::contest_id.eq(r.contest_id),
                    entries::created_at.eq(now),
                ))
                .execute(conn)?;
            find(conn, r.team_id, r.track_id)?
                .ok_or(diesel::result::Error::NotFound)?
                .id
        }
    };
    diesel::delete(entry_datasets::table.filter(entry_datasets::entry_id.eq(id))).execute(conn)?;
    for (i, d) in c.datasets.iter().enumerate() {
        let Some(row) = r.dataset_rows.get(&d.dataset_id) else {
            continue;
        };
        diesel::insert_into(entry_datasets::table)
            .values((
                entry_datasets::entry_id.eq(id),
                entry_datasets::dataset_id.eq(row),
                entry_datasets::position.eq(i as i32 + 1),
                entry_datasets::fields_used.eq(&d.fields_used),
                entry_datasets::usage.eq(&d.usage),
                entry_datasets::depth.eq(d.depth),
            ))
            .execute(conn)?;
    }
    diesel::insert_into(entry_versions::table)
        .values((
            entry_versions::entry_id.eq(id),
            entry_versions::version.eq(current + 1),
            entry_versions::author_id.eq(Some(r.author)),
            entry_versions::status.eq(status),
            entry_versions::snapshot.eq(serde_json::to_string(c).unwrap_or_default()),
            entry_versions::saved_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Ok(
        find(conn, r.team_id, r.track_id)?.ok_or(diesel::result::Error::NotFound)?
    ))
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct VersionRow {
    pub version: i32,
    pub status: Status,
    pub saved_at: NaiveDateTime,
    pub author: Option<String>,
}

pub fn versions(conn: &mut DbConn, entry_id: i32) -> QueryResult<Vec<VersionRow>> {
    entry_versions::table
        .left_join(users::table.on(entry_versions::author_id.eq(users::id.nullable())))
        .filter(entry_versions::entry_id.eq(entry_id))
        .order(entry_versions::version.desc())
        .select((
            entry_versions::version,
            entry_versions::status,
            entry_versions::saved_at,
            users::display_name.nullable(),
        ))
        .load(conn)
}

pub fn snapshot(
    conn: &mut DbConn,
    entry_id: i32,
    version: i32,
) -> QueryResult<Option<EntryContent>> {
    let raw: Option<String> = entry_versions::table
        .filter(entry_versions::entry_id.eq(entry_id))
        .filter(entry_versions::version.eq(version))
        .select(entry_versions::snapshot)
        .first(conn)
        .optional()?;
    Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
}

pub fn endorse(
    conn: &mut DbConn,
    entry_id: i32,
    advisor_id: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let exists: i64 = entry_endorsements::table
        .filter(entry_endorsements::entry_id.eq(entry_id))
        .filter(entry_endorsements::advisor_id.eq(advisor_id))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(entry_endorsements::table)
            .values((
                entry_endorsements::entry_id.eq(entry_id),
                entry_endorsements::advisor_id.eq(advisor_id),
                entry_endorsements::endorsed_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn endorsements(conn: &mut DbConn, entry_id: i32) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    entry_endorsements::table
        .inner_join(users::table.on(users::id.eq(entry_endorsements::advisor_id)))
        .filter(entry_endorsements::entry_id.eq(entry_id))
        .select((users::display_name, entry_endorsements::endorsed_at))
        .load(conn)
}

/// Entries of a contest (optionally one track), for organisers.
pub fn of_contest(
    conn: &mut DbConn,
    contest_id: i32,
    track_id: Option<i32>,
) -> QueryResult<Vec<Entry>> {
    let mut q = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .into_boxed();
    if let Some(t) = track_id {
        q = q.filter(entries::track_id.eq(t));
    }
    q.order(entries::id).select(Entry::as_select()).load(conn)
}

/// A contest's entries (of one track when `track_id` is given) counted, for
/// the organisers' list.
pub fn count_of_contest(
    conn: &mut DbConn,
    contest_id: i32,
    track_id: Option<i32>,
) -> QueryResult<i64> {
    let mut q = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .into_boxed();
    if let Some(t) = track_id {
        q = q.filter(entries::track_id.eq(t));
    }
    q.count().get_result(conn)
}

/// One page of a contest's entries (of one track when `track_id` is
/// given), in id order.
pub fn page_of_contest(
    conn: &mut DbConn,
    contest_id: i32,
    track_id: Option<i32>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut q = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .into_boxed();
    if let Some(t) = track_id {
        q = q.filter(entries::track_id.eq(t));
    }
    q.order(entries::id)
        .offset(offset)
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// Up to `limit` of a contest's entries (of one track when `track_id` is
/// given) with ids above `after`, in id order: one part of an export.
pub fn of_contest_after(
    conn: &mut DbConn,
    contest_id: i32,
    track_id: Option<i32>,
    after: i32,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut q = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .filter(entries::id.gt(after))
        .into_boxed();
    if let Some(t) = track_id {
        q = q.filter(entries::track_id.eq(t));
    }
    q.order(entries::id)
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// The submitted entries of a track whose teams have not withdrawn, as
/// (entry, team, submitted version), in id order: the eligibility
/// review's queue.
pub fn in_review(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<(i32, i32, i32)>> {
    use crate::db::schema::teams;
    entries::table
        .inner_join(teams::table)
        .filter(entries::track_id.eq(track_id))
        .filter(entries::status.eq(Status::Submitted))
        .filter(teams::withdrawn.eq(false))
        .order(entries::id)
        .select((entries::id, entries::team_id, entries::submitted_version))
        .load(conn)
}

/// Each of these entries with its team's name and its title, as (entry,
/// team, title).
pub fn team_and_title(
    conn: &mut DbConn,
    entry_ids: &[i32],
) -> QueryResult<Vec<(i32, String, String)>> {
    use crate::db::schema::teams;
    entries::table
        .inner_join(teams::table)
        .filter(entries::id.eq_any(entry_ids))
        .select((entries::id, teams::name, entries::title))
        .load(conn)
}

/// One declared dataset of an entry: (entry id, dataset id, publisher, usage, depth, title).
pub type DeclaredRow = (i32, String, String, String, i32, String);

/// Declared datasets of many entries at once.
pub fn datasets_of(conn: &mut DbConn, entry_ids: &[i32]) -> QueryResult<Vec<DeclaredRow>> {
    entry_datasets::table
        .inner_join(datasets::table)
        .filter(entry_datasets::entry_id.eq_any(entry_ids))
        .order((entry_datasets::entry_id, entry_datasets::position))
        .select((
            entry_datasets::entry_id,
            datasets::source_id,
            datasets::publisher,
            entry_datasets::usage,
            entry_datasets::depth,
            datasets::title,
        ))
        .load(conn)
}

/// (entry id, dataset id, publisher) of many entries' declared datasets: what
/// the open-data quantity needs, without the usage texts.
pub fn publishers_of(
    conn: &mut DbConn,
    entry_ids: &[i32],
) -> QueryResult<Vec<(i32, String, String)>> {
    entry_datasets::table
        .inner_join(datasets::table)
        .filter(entry_datasets::entry_id.eq_any(entry_ids))
        .order((entry_datasets::entry_id, entry_datasets::position))
        .select((
            entry_datasets::entry_id,
            datasets::source_id,
            datasets::publisher,
        ))
        .load(conn)
}

/// Entries that declare a dataset (drafts too). How a dataset has been used
/// per contest year is counted by `store::usage`.
pub fn entries_using(conn: &mut DbConn, dataset_row: i32) -> QueryResult<Vec<i32>> {
    entry_datasets::table
        .filter(entry_datasets::dataset_id.eq(dataset_row))
        .select(entry_datasets::entry_id)
        .distinct()
        .load(conn)
}

/// The (track, title) of team `team_id`'s entries that advisor
/// `advisor_id` has not endorsed.
pub fn not_endorsed_by(
    conn: &mut DbConn,
    team_id: i32,
    advisor_id: i32,
) -> QueryResult<Vec<(i32, String)>> {
    entries::table
        .filter(entries::team_id.eq(team_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            entry_endorsements::table
                .filter(entry_endorsements::entry_id.eq(entries::id))
                .filter(entry_endorsements::advisor_id.eq(advisor_id)),
        )))
        .select((entries::track_id, entries::title))
        .load(conn)
}
