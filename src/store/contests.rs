//! Contest editions, their tracks (組別) with rules, and prize tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{contests, track_prizes, tracks};
use crate::db::DbConn;
use crate::domain::team::TrackRules;
use crate::domain::timeline::{Deadline, Timeline};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = contests)]
pub struct Contest {
    pub id: i32,
    pub year: i32,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub published: bool,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub submission_deadline_at: Option<NaiveDateTime>,
    pub review_starts_at: Option<NaiveDateTime>,
    pub review_ends_at: Option<NaiveDateTime>,
    pub judging_starts_at: Option<NaiveDateTime>,
    pub judging_ends_at: Option<NaiveDateTime>,
    pub finals_at: Option<NaiveDateTime>,
    pub finals_venue: String,
    pub results_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Contest {
    pub fn timeline(&self) -> Timeline {
        Timeline {
            registration_opens: self.registration_opens_at,
            registration_closes: self.registration_closes_at,
            submission_deadline: self.submission_deadline_at,
            review_starts: self.review_starts_at,
            review_ends: self.review_ends_at,
            judging_starts: self.judging_starts_at,
            judging_ends: self.judging_ends_at,
            finals_at: self.finals_at,
            results_at: self.results_at,
        }
    }

    /// The timeline as it holds for `tracks`: registration closing and the
    /// submission deadline moved by their track-wide extensions.
    pub fn timeline_for(&self, tracks: &[Track]) -> Timeline {
        let own: Vec<_> = tracks
            .iter()
            .map(|t| (t.registration_closes_at, t.submission_deadline_at))
            .collect();
        self.timeline().effective_for(&own)
    }
}

/// What an organiser edits on the contest form (a new contest is inserted
/// with it, an existing one updated).
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(
    table_name = contests,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub struct ContestInput {
    pub year: i32,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub submission_deadline_at: Option<NaiveDateTime>,
    pub review_starts_at: Option<NaiveDateTime>,
    pub review_ends_at: Option<NaiveDateTime>,
    pub judging_starts_at: Option<NaiveDateTime>,
    pub judging_ends_at: Option<NaiveDateTime>,
    pub finals_at: Option<NaiveDateTime>,
    pub finals_venue: String,
    pub results_at: Option<NaiveDateTime>,
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<Contest>> {
    contests::table
        .order(contests::year.desc())
        .select(Contest::as_select())
        .load(conn)
}

pub fn list_published(conn: &mut DbConn) -> QueryResult<Vec<Contest>> {
    contests::table
        .filter(contests::published.eq(true))
        .order(contests::year.desc())
        .select(Contest::as_select())
        .load(conn)
}

/// The newest published contest: the one the home page shows.
pub fn current(conn: &mut DbConn) -> QueryResult<Option<Contest>> {
    contests::table
        .filter(contests::published.eq(true))
        .order(contests::year.desc())
        .select(Contest::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<Contest>> {
    contests::table
        .find(id)
        .select(Contest::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_year(conn: &mut DbConn, year: i32) -> QueryResult<Option<Contest>> {
    contests::table
        .filter(contests::year.eq(year))
        .select(Contest::as_select())
        .first(conn)
        .optional()
}

pub fn create(conn: &mut DbConn, input: &ContestInput, now: NaiveDateTime) -> QueryResult<Contest> {
    let id = diesel::insert_into(contests::table)
        .values((
            input,
            contests::published.eq(false),
            contests::created_at.eq(now),
            contests::updated_at.eq(now),
        ))
        .returning(contests::id)
        .get_result::<i32>(conn)?;
    find(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

pub fn update(
    conn: &mut DbConn,
    id: i32,
    input: &ContestInput,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(contests::table.find(id))
        .set((input, contests::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn set_published(
    conn: &mut DbConn,
    id: i32,
    published: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(contests::table.find(id))
        .set((
            contests::published.eq(published),
            contests::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = tracks)]
pub struct Track {
    pub id: i32,
    pub contest_id: i32,
    pub position: i32,
    pub name: String,
    pub name_en: String,
    pub theme: String,
    pub agency_unit_id: Option<i32>,
    pub recommended_datasets: String,
    pub rules_text: String,
    pub min_students: i32,
    pub max_students: i32,
    pub min_advisors: i32,
    pub max_advisors: i32,
    pub max_tracks_per_team: i32,
    pub min_datasets: i32,
    pub counted_publishers: String,
    pub cross_school_allowed: bool,
    pub proof_required: bool,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub submission_deadline_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub second_review_for_fail: bool,
    pub results_published_at: Option<NaiveDateTime>,
}

impl Track {
    pub fn rules(&self) -> TrackRules {
        TrackRules {
            min_students: self.min_students,
            max_students: self.max_students,
            min_advisors: self.min_advisors,
            max_advisors: self.max_advisors,
            max_tracks_per_team: self.max_tracks_per_team,
            cross_school_allowed: self.cross_school_allowed,
            proof_required: self.proof_required,
        }
    }

    pub fn datasets(&self) -> Vec<&str> {
        lines(&self.recommended_datasets)
    }

    pub fn publishers(&self) -> Vec<&str> {
        lines(&self.counted_publishers)
    }
}

pub fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(
    table_name = tracks,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub struct TrackInput {
    pub name: String,
    pub name_en: String,
    pub theme: String,
    pub agency_unit_id: Option<i32>,
    pub recommended_datasets: String,
    pub rules_text: String,
    pub min_students: i32,
    pub max_students: i32,
    pub min_advisors: i32,
    pub max_advisors: i32,
    pub max_tracks_per_team: i32,
    pub min_datasets: i32,
    pub counted_publishers: String,
    pub cross_school_allowed: bool,
    pub proof_required: bool,
    pub second_review_for_fail: bool,
}

pub fn tracks_of(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<Track>> {
    tracks::table
        .filter(tracks::contest_id.eq(contest_id))
        .order((tracks::position, tracks::id))
        .select(Track::as_select())
        .load(conn)
}

/// The tracks of many contests at once, in each contest's order.
pub fn tracks_of_many(conn: &mut DbConn, contest_ids: &[i32]) -> QueryResult<Vec<Track>> {
    tracks::table
        .filter(tracks::contest_id.eq_any(contest_ids))
        .order((tracks::contest_id, tracks::position, tracks::id))
        .select(Track::as_select())
        .load(conn)
}

/// Whether a track of the contest other than `except` has this name.
pub fn track_name_taken(
    conn: &mut DbConn,
    contest_id: i32,
    name: &str,
    except: Option<i32>,
) -> QueryResult<bool> {
    let found: Option<i32> = tracks::table
        .filter(tracks::contest_id.eq(contest_id))
        .filter(tracks::name.eq(name))
        .filter(tracks::id.ne(except.unwrap_or(0)))
        .select(tracks::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

pub fn find_track(conn: &mut DbConn, id: i32) -> QueryResult<Option<Track>> {
    tracks::table
        .find(id)
        .select(Track::as_select())
        .first(conn)
        .optional()
}

pub fn create_track(
    conn: &mut DbConn,
    contest_id: i32,
    input: &TrackInput,
    now: NaiveDateTime,
) -> QueryResult<Track> {
    let position: i32 = tracks::table
        .filter(tracks::contest_id.eq(contest_id))
        .count()
        .get_result::<i64>(conn)? as i32
        + 1;
    let id = diesel::insert_into(tracks::table)
        .values((
            tracks::contest_id.eq(contest_id),
            tracks::position.eq(position),
            input,
            tracks::created_at.eq(now),
            tracks::updated_at.eq(now),
        ))
        .returning(tracks::id)
        .get_result::<i32>(conn)?;
    find_track(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

pub fn update_track(
    conn: &mut DbConn,
    id: i32,
    input: &TrackInput,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(tracks::table.find(id))
        .set((input, tracks::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Moves a track-wide deadline.
pub fn set_track_deadline(
    conn: &mut DbConn,
    id: i32,
    deadline: Deadline,
    until: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    match deadline {
        Deadline::Registration => diesel::update(tracks::table.find(id))
            .set((
                tracks::registration_closes_at.eq(until),
                tracks::updated_at.eq(now),
            ))
            .execute(conn)?,
        Deadline::Submission => diesel::update(tracks::table.find(id))
            .set((
                tracks::submission_deadline_at.eq(until),
                tracks::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = track_prizes)]
pub struct Prize {
    pub id: i32,
    pub track_id: i32,
    pub position: i32,
    pub rank_label: String,
    pub winners: i32,
    pub amount: i32,
    pub rank_label_en: String,
}

impl Prize {
    /// The place in the reader's language (the Chinese one when no English
    /// one was given).
    pub fn label(&self, lang: crate::i18n::Lang) -> &str {
        if lang == crate::i18n::Lang::En && !self.rank_label_en.is_empty() {
            &self.rank_label_en
        } else {
            &self.rank_label
        }
    }
}

pub fn prizes_of(conn: &mut DbConn, track_ids: &[i32]) -> QueryResult<Vec<Prize>> {
    track_prizes::table
        .filter(track_prizes::track_id.eq_any(track_ids))
        .order((track_prizes::track_id, track_prizes::position))
        .select(Prize::as_select())
        .load(conn)
}

/// Replaces a track's prize table with `rows`.
pub fn replace_prizes(
    conn: &mut DbConn,
    track_id: i32,
    rows: &[crate::domain::team::PrizeLine],
) -> QueryResult<()> {
    diesel::delete(track_prizes::table.filter(track_prizes::track_id.eq(track_id)))
        .execute(conn)?;
    for (i, p) in rows.iter().enumerate() {
        diesel::insert_into(track_prizes::table)
            .values((
                track_prizes::track_id.eq(track_id),
                track_prizes::position.eq(i as i32 + 1),
                track_prizes::rank_label.eq(&p.label),
                track_prizes::rank_label_en.eq(&p.label_en),
                track_prizes::winners.eq(p.winners),
                track_prizes::amount.eq(p.amount),
            ))
            .execute(conn)?;
    }
    Ok(())
}
