//! Challenges set by business units and the datasets each recommends.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{challenge_datasets, challenges, datasets};
use crate::db::DbConn;
use crate::domain::challenge::{ChallengeInput, ChallengeState};

super::text_column!(ChallengeStateColumn, ChallengeState);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = challenges)]
pub struct Challenge {
    pub id: i32,
    pub contest_id: i32,
    pub track_id: i32,
    pub unit_id: i32,
    pub state: ChallengeState,
    pub title_zh: String,
    pub title_en: String,
    pub statement_zh: String,
    pub statement_en: String,
    pub intended_users: String,
    pub releasable_data: String,
    pub contact_name: String,
    pub contact_email: String,
    pub prize: String,
    /// The organisers' last request for changes ("" if none).
    pub review_note: String,
    /// Bumped by every change, so a form loaded before one is refused.
    pub version: i32,
    pub created_by: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub published_by: Option<i32>,
    /// When the unit was told its track's results were published.
    pub results_notified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Challenge {
    /// The title in `lang` ("en" or zh-TW otherwise).
    pub fn title(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.title_en
        } else {
            &self.title_zh
        }
    }

    /// The problem statement in `lang` ("en" or zh-TW otherwise).
    pub fn statement(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.statement_en
        } else {
            &self.statement_zh
        }
    }

    /// What the unit typed, as the form shows it again.
    pub fn input(&self, dataset_ids: Vec<i32>) -> ChallengeInput {
        ChallengeInput {
            title_zh: self.title_zh.clone(),
            title_en: self.title_en.clone(),
            statement_zh: self.statement_zh.clone(),
            statement_en: self.statement_en.clone(),
            intended_users: self.intended_users.clone(),
            releasable_data: self.releasable_data.clone(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
            prize: self.prize.clone(),
            dataset_ids,
        }
    }
}

/// A recommended dataset as a challenge lists it.
#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct Recommended {
    pub challenge_id: i32,
    pub dataset_id: i32,
    /// The catalogue's id, as entries declare it.
    pub source_id: String,
    pub title: String,
    pub publisher: String,
}

/// Stores a new draft; gives its id.
pub fn insert(
    conn: &mut DbConn,
    contest_id: i32,
    track_id: i32,
    unit_id: i32,
    by: i32,
    c: &ChallengeInput,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    let id = diesel::insert_into(challenges::table)
        .values((
            challenges::contest_id.eq(contest_id),
            challenges::track_id.eq(track_id),
            challenges::unit_id.eq(unit_id),
            challenges::state.eq(ChallengeState::Draft),
            challenges::title_zh.eq(&c.title_zh),
            challenges::title_en.eq(&c.title_en),
            challenges::statement_zh.eq(&c.statement_zh),
            challenges::statement_en.eq(&c.statement_en),
            challenges::intended_users.eq(&c.intended_users),
            challenges::releasable_data.eq(&c.releasable_data),
            challenges::contact_name.eq(&c.contact_name),
            challenges::contact_email.eq(&c.contact_email),
            challenges::prize.eq(&c.prize),
            challenges::created_by.eq(by),
            challenges::created_at.eq(at),
            challenges::updated_at.eq(at),
        ))
        .returning(challenges::id)
        .get_result(conn)?;
    set_datasets(conn, id, &c.dataset_ids)?;
    Ok(id)
}

/// Rewrites what a challenge says (and its track) if it is still at
/// `version`; false if someone changed it since.
pub fn update(
    conn: &mut DbConn,
    id: i32,
    version: i32,
    track_id: i32,
    c: &ChallengeInput,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        challenges::table
            .find(id)
            .filter(challenges::version.eq(version)),
    )
    .set((
        challenges::track_id.eq(track_id),
        challenges::title_zh.eq(&c.title_zh),
        challenges::title_en.eq(&c.title_en),
        challenges::statement_zh.eq(&c.statement_zh),
        challenges::statement_en.eq(&c.statement_en),
        challenges::intended_users.eq(&c.intended_users),
        challenges::releasable_data.eq(&c.releasable_data),
        challenges::contact_name.eq(&c.contact_name),
        challenges::contact_email.eq(&c.contact_email),
        challenges::prize.eq(&c.prize),
        challenges::version.eq(challenges::version + 1),
        challenges::updated_at.eq(at),
    ))
    .execute(conn)?;
    if n == 1 {
        set_datasets(conn, id, &c.dataset_ids)?;
    }
    Ok(n == 1)
}

/// Moves a challenge from `from` to `to` if it is still in `from` at
/// `version`; false if someone moved or changed it since. Sending for review
/// stamps `submitted_at`, publishing `published_at` and `published_by`, and a
/// request for changes keeps its note.
#[allow(clippy::too_many_arguments)]
pub fn move_state(
    conn: &mut DbConn,
    id: i32,
    version: i32,
    from: ChallengeState,
    to: ChallengeState,
    by: i32,
    note: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let target = challenges::table
        .find(id)
        .filter(challenges::version.eq(version))
        .filter(challenges::state.eq(from));
    let base = (
        challenges::state.eq(to),
        challenges::version.eq(challenges::version + 1),
        challenges::updated_at.eq(at),
    );
    let n = match to {
        ChallengeState::Submitted => diesel::update(target)
            .set((base, challenges::submitted_at.eq(at)))
            .execute(conn)?,
        ChallengeState::ChangesRequested => diesel::update(target)
            .set((base, challenges::review_note.eq(note)))
            .execute(conn)?,
        ChallengeState::Published => diesel::update(target)
            .set((
                base,
                challenges::published_at.eq(at),
                challenges::published_by.eq(by),
                challenges::review_note.eq(""),
            ))
            .execute(conn)?,
        ChallengeState::Draft | ChallengeState::Withdrawn => {
            diesel::update(target).set(base).execute(conn)?
        }
    };
    Ok(n == 1)
}

/// Replaces a challenge's recommended datasets, keeping their order. One
/// row at a time (there are at most `DATASETS_MAX`): the multi-backend
/// connection has no batch insert.
pub fn set_datasets(conn: &mut DbConn, id: i32, dataset_ids: &[i32]) -> QueryResult<()> {
    diesel::delete(challenge_datasets::table.filter(challenge_datasets::challenge_id.eq(id)))
        .execute(conn)?;
    for (i, d) in dataset_ids.iter().enumerate() {
        diesel::insert_into(challenge_datasets::table)
            .values((
                challenge_datasets::challenge_id.eq(id),
                challenge_datasets::dataset_id.eq(*d),
                challenge_datasets::position.eq(i as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Marks that the unit was told its track's results were published; false
/// if it already was (another replica told it).
pub fn mark_results_notified(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<bool> {
    Ok(diesel::update(
        challenges::table
            .find(id)
            .filter(challenges::results_notified_at.is_null()),
    )
    .set(challenges::results_notified_at.eq(at))
    .execute(conn)?
        == 1)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<Challenge>> {
    challenges::table
        .find(id)
        .select(Challenge::as_select())
        .first(conn)
        .optional()
}

/// A unit's challenges, newest contest first, then by id.
pub fn of_unit(conn: &mut DbConn, unit_id: i32) -> QueryResult<Vec<Challenge>> {
    challenges::table
        .filter(challenges::unit_id.eq(unit_id))
        .order((challenges::contest_id.desc(), challenges::id))
        .select(Challenge::as_select())
        .load(conn)
}

/// A contest's challenges in the given states, by track then id.
pub fn of_contest(
    conn: &mut DbConn,
    contest_id: i32,
    states: &[ChallengeState],
) -> QueryResult<Vec<Challenge>> {
    challenges::table
        .filter(challenges::contest_id.eq(contest_id))
        .filter(challenges::state.eq_any(states.to_vec()))
        .order((challenges::track_id, challenges::id))
        .select(Challenge::as_select())
        .load(conn)
}

/// A track's published challenges, oldest first.
pub fn published_of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<Challenge>> {
    challenges::table
        .filter(challenges::track_id.eq(track_id))
        .filter(challenges::state.eq(ChallengeState::Published))
        .order(challenges::id)
        .select(Challenge::as_select())
        .load(conn)
}

/// The recommended datasets of these challenges, each challenge's in its order.
pub fn recommended(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Recommended>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    challenge_datasets::table
        .inner_join(datasets::table)
        .filter(challenge_datasets::challenge_id.eq_any(ids))
        .order((
            challenge_datasets::challenge_id,
            challenge_datasets::position,
        ))
        .select((
            challenge_datasets::challenge_id,
            datasets::id,
            datasets::source_id,
            datasets::title,
            datasets::publisher,
        ))
        .load(conn)
}

/// The recommended dataset ids of one challenge, in its order.
pub fn dataset_ids(conn: &mut DbConn, id: i32) -> QueryResult<Vec<i32>> {
    challenge_datasets::table
        .filter(challenge_datasets::challenge_id.eq(id))
        .order(challenge_datasets::position)
        .select(challenge_datasets::dataset_id)
        .load(conn)
}

/// Which of these dataset ids are in the catalogue (and not gone).
pub fn known_datasets(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<i32>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    datasets::table
        .filter(datasets::id.eq_any(ids))
        .filter(datasets::gone_at.is_null())
        .select(datasets::id)
        .load(conn)
}
