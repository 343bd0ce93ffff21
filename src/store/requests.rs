//! Data requests: the request rows, their timeline, clock spans, followers,
//! comments and the unit's reasons for not releasing.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{contains_pattern, PageRequest, Paged};
use crate::db::schema::{
    data_request_comments, data_request_events, data_request_followers, data_request_spans,
    data_requests, request_reasons, users,
};
use crate::db::DbConn;
use crate::domain::data_request::State;

super::text_column!(StateColumn, State);

#[derive(Debug, Clone, Queryable, Selectable, AsChangeset)]
#[diesel(table_name = data_requests, treat_none_as_null = true)]
pub struct Request {
    #[diesel(skip_update)]
    pub id: i32,
    #[diesel(skip_update)]
    pub requester_id: i32,
    pub team_id: Option<i32>,
    pub entry_id: Option<i32>,
    pub title: String,
    pub description: String,
    pub fields: String,
    pub purpose: String,
    pub suggested_unit_id: Option<i32>,
    pub preferred_format: String,
    pub needed_by: Option<NaiveDate>,
    pub show_team: bool,
    pub state: State,
    pub unit_id: Option<i32>,
    pub routed_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub paused_on: Option<NaiveDate>,
    pub expected_on: Option<NaiveDate>,
    pub dataset_id: Option<String>,
    pub duplicate_of: Option<i32>,
    pub reason_code: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_days: Option<i32>,
    pub answered_in_time: Option<bool>,
    pub reminded_before_on: Option<NaiveDate>,
    pub reminded_due_on: Option<NaiveDate>,
    pub version: i32,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The challenge (出題) the request serves, named when it was filed.
    #[diesel(skip_update)]
    pub challenge_id: Option<i32>,
}

pub struct NewRequest<'a> {
    pub requester_id: i32,
    pub team_id: Option<i32>,
    pub entry_id: Option<i32>,
    pub title: &'a str,
    pub description: &'a str,
    pub fields: &'a str,
    pub purpose: &'a str,
    pub suggested_unit_id: Option<i32>,
    pub preferred_format: &'a str,
    pub needed_by: Option<NaiveDate>,
    pub show_team: bool,
    pub challenge_id: Option<i32>,
}

pub fn create(conn: &mut DbConn, r: &NewRequest, at: NaiveDateTime) -> QueryResult<Request> {
    diesel::insert_into(data_requests::table)
        .values((
            data_requests::requester_id.eq(r.requester_id),
            data_requests::team_id.eq(r.team_id),
            data_requests::entry_id.eq(r.entry_id),
            data_requests::title.eq(r.title),
            data_requests::description.eq(r.description),
            data_requests::fields.eq(r.fields),
            data_requests::purpose.eq(r.purpose),
            data_requests::suggested_unit_id.eq(r.suggested_unit_id),
            data_requests::preferred_format.eq(r.preferred_format),
            data_requests::needed_by.eq(r.needed_by),
            data_requests::show_team.eq(r.show_team),
            data_requests::challenge_id.eq(r.challenge_id),
            data_requests::state.eq(State::Submitted),
            data_requests::version.eq(0),
            data_requests::created_at.eq(at),
            data_requests::updated_at.eq(at),
        ))
        .returning(data_requests::id)
        .get_result::<i32>(conn)
        .and_then(|id| find(conn, id)?.ok_or(diesel::result::Error::NotFound))
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<Request>> {
    data_requests::table
        .find(id)
        .select(Request::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Request>> {
    data_requests::table
        .filter(data_requests::id.eq_any(ids))
        .select(Request::as_select())
        .load(conn)
}

/// The day each of requests `ids` was paused on (waiting for its
/// requester), for those paused.
pub fn paused_on(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<(i32, NaiveDate)>> {
    let rows: Vec<(i32, Option<NaiveDate>)> = data_requests::table
        .filter(data_requests::id.eq_any(ids))
        .filter(data_requests::paused_on.is_not_null())
        .select((data_requests::id, data_requests::paused_on))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, on)| Some((id, on?)))
        .collect())
}

/// Saves a changed request if nobody saved it since `r.version` was read;
/// false when someone did (the caller reports a conflict).
pub fn save(conn: &mut DbConn, r: &Request) -> QueryResult<bool> {
    let mut next = r.clone();
    next.version = r.version + 1;
    Ok(diesel::update(
        data_requests::table
            .filter(data_requests::id.eq(r.id))
            .filter(data_requests::version.eq(r.version)),
    )
    .set(&next)
    .execute(conn)?
        == 1)
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub q: String,
    pub state: Option<State>,
    pub unit_id: Option<i32>,
    pub requester_id: Option<i32>,
    /// States to leave out (the public board leaves out withdrawn).
    pub hide_states: Vec<State>,
    /// Only these states (queues).
    pub only_states: Vec<State>,
    /// Only requests with a running clock past their due date on this day
    /// (a paused clock is not overdue).
    pub overdue_on: Option<NaiveDate>,
    /// Soonest due first (queues); else newest first (the board).
    pub by_due: bool,
}

pub fn list(conn: &mut DbConn, f: &Filter, page: PageRequest) -> QueryResult<Paged<Request>> {
    let filtered = || {
        let mut q = data_requests::table.into_boxed();
        for word in f.q.split_whitespace().take(8) {
            let p = contains_pattern(word);
            q = q.filter(
                data_requests::title
                    .like(p.clone())
                    .escape('\\')
                    .or(data_requests::description.like(p).escape('\\')),
            );
        }
        if let Some(s) = &f.state {
            q = q.filter(data_requests::state.eq(*s));
        }
        if let Some(u) = f.unit_id {
            q = q.filter(data_requests::unit_id.eq(u));
        }
        if let Some(r) = f.requester_id {
            q = q.filter(data_requests::requester_id.eq(r));
        }
        if !f.hide_states.is_empty() {
            q = q.filter(data_requests::state.ne_all(f.hide_states.clone()));
        }
        if !f.only_states.is_empty() {
            q = q.filter(data_requests::state.eq_any(f.only_states.clone()));
        }
        if let Some(d) = f.overdue_on {
            q = q
                .filter(data_requests::state.eq(State::Routed))
                .filter(data_requests::due_on.lt(d));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    // Nulls sort differently on SQLite and PostgreSQL: put them last explicitly.
    let ordered = if f.by_due {
        filtered().order((
            data_requests::due_on.is_null().asc(),
            data_requests::due_on.asc(),
            data_requests::id.asc(),
        ))
    } else {
        filtered().order(data_requests::id.desc())
    };
    let items = ordered
        .limit(page.per_page)
        .offset(page.offset())
        .select(Request::as_select())
        .load(conn)?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Open requests (for "similar requests" while filing).
/// How many requests are in each state (states with none are left out).
pub fn count_by_state(conn: &mut DbConn) -> QueryResult<Vec<(State, i64)>> {
    use diesel::dsl::count_star;
    data_requests::table
        .group_by(data_requests::state)
        .select((data_requests::state, count_star()))
        .load(conn)
}

pub fn open_titles(conn: &mut DbConn) -> QueryResult<Vec<(i32, String, State)>> {
    let open: Vec<State> = crate::domain::data_request::STATES
        .into_iter()
        .filter(|s| s.is_open())
        .collect();
    data_requests::table
        .filter(data_requests::state.eq_any(open))
        .order(data_requests::id.desc())
        .limit(5000)
        .select((
            data_requests::id,
            data_requests::title,
            data_requests::state,
        ))
        .load(conn)
}

/// Requests routed to a unit whose clock runs (for reminders).
pub fn running(conn: &mut DbConn) -> QueryResult<Vec<Request>> {
    data_requests::table
        .filter(data_requests::state.eq(State::Routed))
        .filter(data_requests::due_on.is_not_null())
        .select(Request::as_select())
        .load(conn)
}

/// Requests with a business unit whose clock runs or is paused (what a
/// change of the office calendar moves).
pub fn with_clock(conn: &mut DbConn) -> QueryResult<Vec<Request>> {
    data_requests::table
        .filter(data_requests::state.eq_any([State::Routed, State::InfoRequested]))
        .filter(data_requests::due_on.is_not_null())
        .order(data_requests::id)
        .select(Request::as_select())
        .load(conn)
}

/// Marks a reminder as sent unless another process did first; true if this call did.
/// `kind_due`: the reminder on the due day, else the one a few days before.
pub fn claim_reminder(
    conn: &mut DbConn,
    id: i32,
    kind_due: bool,
    on: NaiveDate,
) -> QueryResult<bool> {
    // One claim, on whichever column records that reminder.
    macro_rules! claim {
        ($sent_on:expr) => {
            diesel::update(
                data_requests::table
                    .filter(data_requests::id.eq(id))
                    .filter($sent_on.is_null().or($sent_on.ne(on))),
            )
            .set($sent_on.eq(on))
            .execute(conn)?
        };
    }
    let n = if kind_due {
        claim!(data_requests::reminded_due_on)
    } else {
        claim!(data_requests::reminded_before_on)
    };
    Ok(n == 1)
}

// ---------------------------------------------------------------- timeline

#[derive(Debug, Clone, Queryable)]
pub struct Event {
    pub id: i32,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub message: String,
    pub detail: String,
    pub created_at: NaiveDateTime,
    pub actor_id: Option<i32>,
}

#[allow(clippy::too_many_arguments)]
pub fn add_event(
    conn: &mut DbConn,
    request_id: i32,
    actor: Option<i32>,
    action: &str,
    from: &str,
    to: &str,
    message: &str,
    detail: &serde_json::Value,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(data_request_events::table)
        .values((
            data_request_events::request_id.eq(request_id),
            data_request_events::actor_id.eq(actor),
            data_request_events::action.eq(action),
            data_request_events::from_state.eq(from),
            data_request_events::to_state.eq(to),
            data_request_events::message.eq(message),
            data_request_events::detail.eq(detail.to_string()),
            data_request_events::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn events(conn: &mut DbConn, request_id: i32) -> QueryResult<Vec<Event>> {
    data_request_events::table
        .filter(data_request_events::request_id.eq(request_id))
        .order(data_request_events::id)
        .select((
            data_request_events::id,
            data_request_events::action,
            data_request_events::from_state,
            data_request_events::to_state,
            data_request_events::message,
            data_request_events::detail,
            data_request_events::created_at,
            data_request_events::actor_id,
        ))
        .load(conn)
}

/// The newest timeline events of the requests not in `hide_states`, newest
/// first, at most `limit`: (request id, event).
pub fn latest_events(
    conn: &mut DbConn,
    hide_states: &[State],
    limit: i64,
) -> QueryResult<Vec<(i32, Event)>> {
    data_request_events::table
        .inner_join(data_requests::table.on(data_requests::id.eq(data_request_events::request_id)))
        .filter(data_requests::state.ne_all(hide_states.to_vec()))
        .order(data_request_events::id.desc())
        .limit(limit)
        .select((
            data_request_events::request_id,
            (
                data_request_events::id,
                data_request_events::action,
                data_request_events::from_state,
                data_request_events::to_state,
                data_request_events::message,
                data_request_events::detail,
                data_request_events::created_at,
                data_request_events::actor_id,
            ),
        ))
        .load(conn)
}

// ---------------------------------------------------------------- clock spans

#[derive(Debug, Clone, Queryable)]
pub struct Span {
    pub id: i32,
    pub request_id: i32,
    pub unit_id: Option<i32>,
    pub started_on: NaiveDate,
    pub due_on: NaiveDate,
    pub paused_days: i32,
    pub ended_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
}

pub fn start_span(
    conn: &mut DbConn,
    request_id: i32,
    unit_id: i32,
    started_on: NaiveDate,
    due_on: NaiveDate,
) -> QueryResult<()> {
    diesel::insert_into(data_request_spans::table)
        .values((
            data_request_spans::request_id.eq(request_id),
            data_request_spans::unit_id.eq(unit_id),
            data_request_spans::started_on.eq(started_on),
            data_request_spans::due_on.eq(due_on),
            data_request_spans::paused_days.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// Updates the open span: a new due date and more paused days.
pub fn extend_span(
    conn: &mut DbConn,
    request_id: i32,
    due_on: NaiveDate,
    paused: i32,
) -> QueryResult<()> {
    diesel::update(
        data_request_spans::table
            .filter(data_request_spans::request_id.eq(request_id))
            .filter(data_request_spans::ended_at.is_null()),
    )
    .set((
        data_request_spans::due_on.eq(due_on),
        data_request_spans::paused_days.eq(data_request_spans::paused_days + paused),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn end_span(
    conn: &mut DbConn,
    request_id: i32,
    outcome: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        data_request_spans::table
            .filter(data_request_spans::request_id.eq(request_id))
            .filter(data_request_spans::ended_at.is_null()),
    )
    .set((
        data_request_spans::ended_at.eq(Some(at)),
        data_request_spans::outcome.eq(Some(outcome)),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn spans(conn: &mut DbConn, request_id: i32) -> QueryResult<Vec<Span>> {
    data_request_spans::table
        .filter(data_request_spans::request_id.eq(request_id))
        .order(data_request_spans::id)
        .load(conn)
}

// ---------------------------------------------------------------- followers

/// Follows or unfollows; returns whether the user follows now.
pub fn toggle_follow(
    conn: &mut DbConn,
    request_id: i32,
    user_id: i32,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let gone = diesel::delete(
        data_request_followers::table
            .filter(data_request_followers::request_id.eq(request_id))
            .filter(data_request_followers::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if gone > 0 {
        return Ok(false);
    }
    diesel::insert_into(data_request_followers::table)
        .values((
            data_request_followers::request_id.eq(request_id),
            data_request_followers::user_id.eq(user_id),
            data_request_followers::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn is_following(conn: &mut DbConn, request_id: i32, user_id: i32) -> QueryResult<bool> {
    let n: i64 = data_request_followers::table
        .filter(data_request_followers::request_id.eq(request_id))
        .filter(data_request_followers::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Follower counts of these requests (one query).
pub fn follower_counts(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<(i32, i64)>> {
    use diesel::dsl::count_star;
    data_request_followers::table
        .filter(data_request_followers::request_id.eq_any(ids))
        .group_by(data_request_followers::request_id)
        .select((data_request_followers::request_id, count_star()))
        .load(conn)
}

/// (e-mail, locale) of a request's followers.
pub fn follower_addresses(
    conn: &mut DbConn,
    request_id: i32,
) -> QueryResult<Vec<(i32, String, String)>> {
    data_request_followers::table
        .inner_join(users::table.on(users::id.eq(data_request_followers::user_id)))
        .filter(data_request_followers::request_id.eq(request_id))
        .filter(users::disabled.eq(false))
        .select((users::id, users::email, users::locale))
        .load(conn)
}

// ---------------------------------------------------------------- comments

#[derive(Debug, Clone, Queryable)]
pub struct Comment {
    pub id: i32,
    pub author_id: Option<i32>,
    pub author_role: String,
    pub body: String,
    pub hidden_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn add_comment(
    conn: &mut DbConn,
    request_id: i32,
    author: i32,
    role: &str,
    body: &str,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(data_request_comments::table)
        .values((
            data_request_comments::request_id.eq(request_id),
            data_request_comments::author_id.eq(author),
            data_request_comments::author_role.eq(role),
            data_request_comments::body.eq(body),
            data_request_comments::created_at.eq(at),
        ))
        .returning(data_request_comments::id)
        .get_result(conn)
}

pub fn comments(conn: &mut DbConn, request_id: i32) -> QueryResult<Vec<Comment>> {
    data_request_comments::table
        .filter(data_request_comments::request_id.eq(request_id))
        .order(data_request_comments::id)
        .select((
            data_request_comments::id,
            data_request_comments::author_id,
            data_request_comments::author_role,
            data_request_comments::body,
            data_request_comments::hidden_at,
            data_request_comments::created_at,
        ))
        .load(conn)
}

/// Hides (or shows again) a comment of this request; false if there is none.
pub fn set_hidden(
    conn: &mut DbConn,
    request_id: i32,
    comment_id: i32,
    by: Option<i32>,
    at: Option<NaiveDateTime>,
) -> QueryResult<bool> {
    Ok(diesel::update(
        data_request_comments::table
            .filter(data_request_comments::id.eq(comment_id))
            .filter(data_request_comments::request_id.eq(request_id)),
    )
    .set((
        data_request_comments::hidden_at.eq(at),
        data_request_comments::hidden_by.eq(by),
    ))
    .execute(conn)?
        == 1)
}

// ---------------------------------------------------------------- reasons

#[derive(Debug, Clone, Queryable)]
pub struct Reason {
    pub id: i32,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub active: bool,
    pub position: i32,
}

pub fn reasons(conn: &mut DbConn) -> QueryResult<Vec<Reason>> {
    request_reasons::table
        .order((request_reasons::position, request_reasons::id))
        .load(conn)
}

/// (id, e-mail, locale) of the enabled reviewers of a business unit.
pub fn unit_reviewers(conn: &mut DbConn, unit_id: i32) -> QueryResult<Vec<(i32, String, String)>> {
    use crate::db::schema::user_roles;
    user_roles::table
        .inner_join(users::table.on(users::id.eq(user_roles::user_id)))
        .filter(user_roles::role.eq(crate::domain::role::Role::UnitReviewer))
        .filter(user_roles::unit_id.eq(unit_id))
        .filter(users::disabled.eq(false))
        .select((users::id, users::email, users::locale))
        .load(conn)
}

/// (entry id, title, team id, team name) of the entries of a user's teams,
/// for "which entry is this for".
pub fn entries_of_user(
    conn: &mut DbConn,
    user_id: i32,
) -> QueryResult<Vec<(i32, String, i32, String)>> {
    use crate::db::schema::{entries, team_members, teams};
    entries::table
        .inner_join(teams::table.on(teams::id.eq(entries::team_id)))
        .inner_join(team_members::table.on(team_members::team_id.eq(teams::id)))
        .filter(team_members::user_id.eq(user_id))
        .filter(team_members::member_role.ne(super::teams::FORMER_STUDENT))
        .filter(teams::withdrawn.eq(false))
        .order(entries::id.desc())
        .select((entries::id, entries::title, teams::id, teams::name))
        .load(conn)
}

/// Clock spans started from `from` to `to` (inclusive), for the unit reports.
pub fn spans_started_between(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Span>> {
    data_request_spans::table
        .filter(data_request_spans::started_on.ge(from))
        .filter(data_request_spans::started_on.le(to))
        .order(data_request_spans::id)
        .load(conn)
}

/// Adds a reason at the end; false if the code is taken.
pub fn add_reason(conn: &mut DbConn, code: &str, zh: &str, en: &str) -> QueryResult<bool> {
    let taken: i64 = request_reasons::table
        .filter(request_reasons::code.eq(code))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(false);
    }
    let last: Option<i32> = request_reasons::table
        .select(diesel::dsl::max(request_reasons::position))
        .first(conn)?;
    diesel::insert_into(request_reasons::table)
        .values((
            request_reasons::code.eq(code),
            request_reasons::label_zh.eq(zh),
            request_reasons::label_en.eq(en),
            request_reasons::active.eq(true),
            request_reasons::position.eq(last.unwrap_or(0) + 1),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Relabels and switches a reason on or off; false if there is none.
pub fn update_reason(
    conn: &mut DbConn,
    id: i32,
    zh: &str,
    en: &str,
    active: bool,
) -> QueryResult<bool> {
    Ok(diesel::update(request_reasons::table.find(id))
        .set((
            request_reasons::label_zh.eq(zh),
            request_reasons::label_en.eq(en),
            request_reasons::active.eq(active),
        ))
        .execute(conn)?
        == 1)
}

/// (id, title, state, reason code, dataset id) of the requests filed from
/// `from` to `to` (days in Taiwan, inclusive), for the period's report.
#[allow(clippy::type_complexity)]
pub fn filed_between(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(i32, String, State, Option<String>, Option<String>)>> {
    // Midnight in Taiwan is 16:00 UTC the day before.
    let start = from.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(8);
    let end = to.and_time(chrono::NaiveTime::MIN) + chrono::Duration::hours(16);
    data_requests::table
        .filter(data_requests::created_at.ge(start))
        .filter(data_requests::created_at.lt(end))
        .order(data_requests::id)
        .select((
            data_requests::id,
            data_requests::title,
            data_requests::state,
            data_requests::reason_code,
            data_requests::dataset_id,
        ))
        .load(conn)
}
