//! Teams: members and advisors, chosen tracks, invite tokens, history and
//! deadline extensions.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use serde::Serialize;

use crate::db::schema::{
    profiles, team_events, team_extensions, team_flags, team_members, team_tracks, teams, users,
};
use crate::db::DbConn;
use crate::domain::profile::{enrolment_shown, ProofStatus};
use crate::domain::team::MemberRole;
use crate::domain::timeline::Deadline;

super::text_column!(MemberRoleColumn, MemberRole);
super::text_column!(DeadlineColumn, Deadline);

/// The stored names of the roles, for queries written before the role was
/// an enum (compare `MemberRole` instead).
pub const STUDENT: &str = MemberRole::Student.as_str();
pub const ADVISOR: &str = MemberRole::Advisor.as_str();
/// A student of a withdrawn team: kept for the record, free to join another team.
pub const FORMER_STUDENT: &str = MemberRole::FormerStudent.as_str();

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: i32,
    pub contest_id: i32,
    pub name: String,
    pub captain_id: i32,
    pub withdrawn: bool,
    #[serde(skip)]
    pub member_token: String,
    #[serde(skip)]
    pub advisor_token: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A member with what the team page and the rules need to know.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Member {
    pub team_id: i32,
    pub user_id: i32,
    pub role: MemberRole,
    pub joined_at: NaiveDateTime,
    pub display_name: String,
    pub email: String,
    pub real_name: Option<String>,
    pub school_code: Option<String>,
    pub school_name: Option<String>,
    pub school_checked: Option<bool>,
    pub department: Option<String>,
    pub proof_status: Option<String>,
    /// Verified by a university sign-in.
    pub school_verified: Option<bool>,
    pub student_verified: Option<bool>,
}

impl Member {
    /// The school was typed by hand and neither an organiser nor a
    /// university sign-in has confirmed it yet.
    pub fn school_flagged(&self) -> bool {
        self.school_code.is_none()
            && !self.school_checked.unwrap_or(false)
            && !self.school_verified.unwrap_or(false)
    }

    /// Enrolment shown: a proof uploaded and not rejected, or student
    /// status verified by a university sign-in.
    pub fn proof_ok(&self) -> bool {
        let proof = self
            .proof_status
            .as_deref()
            .and_then(ProofStatus::parse)
            .unwrap_or(ProofStatus::None);
        enrolment_shown(proof, self.student_verified.unwrap_or(false))
    }
}

/// A new team with its tracks and its captain as its first student.
pub fn create(
    conn: &mut DbConn,
    contest_id: i32,
    name: &str,
    captain_id: i32,
    track_ids: &[i32],
    tokens: (&str, &str),
    now: NaiveDateTime,
) -> QueryResult<Team> {
    let team = insert(conn, contest_id, name, captain_id, tokens, now)?;
    set_tracks(conn, team.id, track_ids)?;
    add_member(conn, &team, captain_id, MemberRole::Student, now)?;
    Ok(team)
}

/// The team's own row only (no tracks, no members). A name used in the
/// contest already, even by a withdrawn team, is a unique violation.
pub fn insert(
    conn: &mut DbConn,
    contest_id: i32,
    name: &str,
    captain_id: i32,
    tokens: (&str, &str),
    now: NaiveDateTime,
) -> QueryResult<Team> {
    let id = diesel::insert_into(teams::table)
        .values((
            teams::contest_id.eq(contest_id),
            teams::name.eq(name),
            teams::captain_id.eq(captain_id),
            teams::member_token.eq(tokens.0),
            teams::advisor_token.eq(tokens.1),
            teams::created_at.eq(now),
            teams::updated_at.eq(now),
        ))
        .returning(teams::id)
        .get_result::<i32>(conn)?;
    find(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

/// Whether a team of the contest other than `except` has this name
/// (withdrawn teams keep theirs).
pub fn name_taken(
    conn: &mut DbConn,
    contest_id: i32,
    name: &str,
    except: Option<i32>,
) -> QueryResult<bool> {
    let found: Option<i32> = teams::table
        .filter(teams::contest_id.eq(contest_id))
        .filter(teams::name.eq(name))
        .filter(teams::id.ne(except.unwrap_or(0)))
        .select(teams::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// These teams, in id order.
pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Team>> {
    teams::table
        .filter(teams::id.eq_any(ids))
        .order(teams::id)
        .select(Team::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<Team>> {
    teams::table
        .find(id)
        .select(Team::as_select())
        .first(conn)
        .optional()
}

/// The team an invite token belongs to, and the role it invites to.
pub fn find_by_token(conn: &mut DbConn, token: &str) -> QueryResult<Option<(Team, MemberRole)>> {
    if let Some(t) = teams::table
        .filter(teams::member_token.eq(token))
        .select(Team::as_select())
        .first(conn)
        .optional()?
    {
        return Ok(Some((t, MemberRole::Student)));
    }
    Ok(teams::table
        .filter(teams::advisor_token.eq(token))
        .select(Team::as_select())
        .first(conn)
        .optional()?
        .map(|t| (t, MemberRole::Advisor)))
}

/// The (not withdrawn) team a student is in for a contest.
pub fn student_team(conn: &mut DbConn, contest_id: i32, user_id: i32) -> QueryResult<Option<Team>> {
    teams::table
        .inner_join(team_members::table)
        .filter(team_members::contest_id.eq(contest_id))
        .filter(team_members::user_id.eq(user_id))
        .filter(team_members::member_role.eq(MemberRole::Student))
        .filter(teams::withdrawn.eq(false))
        .select(Team::as_select())
        .first(conn)
        .optional()
}

/// Every team a user belongs to (as student or advisor), newest first.
pub fn teams_of_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<(Team, MemberRole)>> {
    teams::table
        .inner_join(team_members::table)
        .filter(team_members::user_id.eq(user_id))
        .order(teams::created_at.desc())
        .select((Team::as_select(), team_members::member_role))
        .load(conn)
}

/// Members with what the rules need, in joining order within each team.
macro_rules! member_rows {
    () => {
        team_members::table
            .inner_join(users::table.on(users::id.eq(team_members::user_id)))
            .left_join(profiles::table.on(profiles::user_id.eq(team_members::user_id)))
            .order((
                team_members::team_id,
                team_members::joined_at,
                team_members::id,
            ))
            .select((
                team_members::team_id,
                team_members::user_id,
                team_members::member_role,
                team_members::joined_at,
                users::display_name,
                users::email,
                profiles::real_name.nullable(),
                profiles::school_code.nullable(),
                profiles::school_name.nullable(),
                profiles::school_checked.nullable(),
                profiles::department.nullable(),
                profiles::proof_status.nullable(),
                profiles::school_verified.nullable(),
                profiles::student_verified.nullable(),
            ))
    };
}

pub fn members(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<Vec<Member>> {
    member_rows!()
        .filter(team_members::team_id.eq_any(team_ids))
        .load(conn)
}

/// How many students team `team_id` has.
pub fn student_count(conn: &mut DbConn, team_id: i32) -> QueryResult<i64> {
    team_members::table
        .filter(team_members::team_id.eq(team_id))
        .filter(team_members::member_role.eq(MemberRole::Student))
        .count()
        .get_result(conn)
}

pub fn track_ids(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<Vec<(i32, i32)>> {
    team_tracks::table
        .filter(team_tracks::team_id.eq_any(team_ids))
        .select((team_tracks::team_id, team_tracks::track_id))
        .load(conn)
}

pub fn set_tracks(conn: &mut DbConn, team_id: i32, track_ids: &[i32]) -> QueryResult<()> {
    diesel::delete(team_tracks::table.filter(team_tracks::team_id.eq(team_id))).execute(conn)?;
    for id in track_ids {
        diesel::insert_into(team_tracks::table)
            .values((
                team_tracks::team_id.eq(team_id),
                team_tracks::track_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn add_member(
    conn: &mut DbConn,
    team: &Team,
    user_id: i32,
    role: MemberRole,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(team_members::table)
        .values((
            team_members::team_id.eq(team.id),
            team_members::contest_id.eq(team.contest_id),
            team_members::user_id.eq(user_id),
            team_members::member_role.eq(role),
            team_members::joined_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove_member(conn: &mut DbConn, team_id: i32, user_id: i32) -> QueryResult<bool> {
    let n = diesel::delete(
        team_members::table
            .filter(team_members::team_id.eq(team_id))
            .filter(team_members::user_id.eq(user_id)),
    )
    .execute(conn)?;
    Ok(n > 0)
}

/// Applies a change only if nobody changed the team since `version` was read;
/// returns false on a conflicting edit.
pub fn bump(
    conn: &mut DbConn,
    team_id: i32,
    version: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        teams::table
            .find(team_id)
            .filter(teams::version.eq(version)),
    )
    .set((teams::version.eq(version + 1), teams::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn rename(conn: &mut DbConn, team_id: i32, name: &str) -> QueryResult<()> {
    diesel::update(teams::table.find(team_id))
        .set(teams::name.eq(name))
        .execute(conn)?;
    Ok(())
}

pub fn set_captain(conn: &mut DbConn, team_id: i32, user_id: i32) -> QueryResult<()> {
    diesel::update(teams::table.find(team_id))
        .set(teams::captain_id.eq(user_id))
        .execute(conn)?;
    Ok(())
}

/// Withdraws a team; its students stay on record but are free to join another team.
pub fn withdraw(conn: &mut DbConn, team_id: i32) -> QueryResult<()> {
    diesel::update(teams::table.find(team_id))
        .set(teams::withdrawn.eq(true))
        .execute(conn)?;
    diesel::update(
        team_members::table
            .filter(team_members::team_id.eq(team_id))
            .filter(team_members::member_role.eq(MemberRole::Student)),
    )
    .set(team_members::member_role.eq(MemberRole::FormerStudent))
    .execute(conn)?;
    Ok(())
}

pub fn set_tokens(conn: &mut DbConn, team_id: i32, member: &str, advisor: &str) -> QueryResult<()> {
    diesel::update(teams::table.find(team_id))
        .set((
            teams::member_token.eq(member),
            teams::advisor_token.eq(advisor),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_event(
    conn: &mut DbConn,
    team_id: i32,
    actor_id: Option<i32>,
    action: &str,
    details: serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(team_events::table)
        .values((
            team_events::team_id.eq(team_id),
            team_events::actor_id.eq(actor_id),
            team_events::action.eq(action),
            team_events::details.eq(details.to_string()),
            team_events::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Event {
    pub action: String,
    pub details: String,
    pub created_at: NaiveDateTime,
    pub actor_name: Option<String>,
}

pub fn events(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<Event>> {
    team_events::table
        .left_join(users::table.on(team_events::actor_id.eq(users::id.nullable())))
        .filter(team_events::team_id.eq(team_id))
        .order(team_events::id.desc())
        .select((
            team_events::action,
            team_events::details,
            team_events::created_at,
            users::display_name.nullable(),
        ))
        .load(conn)
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Extension {
    pub id: i32,
    pub team_id: i32,
    pub deadline: Deadline,
    pub until_at: NaiveDateTime,
    pub reason: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

pub fn extensions(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<Vec<Extension>> {
    team_extensions::table
        .filter(team_extensions::team_id.eq_any(team_ids))
        .order(team_extensions::id)
        .select((
            team_extensions::id,
            team_extensions::team_id,
            team_extensions::deadline,
            team_extensions::until_at,
            team_extensions::reason,
            team_extensions::created_by,
            team_extensions::created_at,
        ))
        .load(conn)
}

/// Adds an extension of `deadline` (a `Deadline::as_str()`; anything else
/// would make the team's extensions unreadable) for one team.
pub fn add_extension(
    conn: &mut DbConn,
    team_id: i32,
    deadline: &str,
    until: NaiveDateTime,
    reason: &str,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(team_extensions::table)
        .values((
            team_extensions::team_id.eq(team_id),
            team_extensions::deadline.eq(deadline),
            team_extensions::until_at.eq(until),
            team_extensions::reason.eq(reason),
            team_extensions::created_by.eq(Some(by)),
            team_extensions::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Team names by id, for the teams given (one query).
pub fn names(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<(i32, String)>> {
    teams::table
        .filter(teams::id.eq_any(ids))
        .select((teams::id, teams::name))
        .load(conn)
}

/// What the organisers' list filters by in the database: a track, words
/// (already `domain::team::normalise`d) in a team's or member's name or
/// e-mail, words in a member's school (as stored in `team_flags`), withdrawn
/// teams or not, and the flags the members decide (`None`: either).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub track: Option<i32>,
    pub words: String,
    pub school: String,
    pub withdrawn: bool,
    pub rules_met: Option<bool>,
    pub proof_missing: Option<bool>,
    pub cross_school: Option<bool>,
    pub cross_department: Option<bool>,
}

diesel::define_sql_function!(fn replace(x: Nullable<Text>, from: Text, to: Text) -> Nullable<Text>);
diesel::define_sql_function!(#[sql_name = "lower"] fn lower_or_null(x: Nullable<Text>) -> Nullable<Text>);

/// A text column as `domain::team::normalise` sees it, as near as SQL
/// comes: lower case (ASCII only on SQLite), without spaces (ASCII and
/// ideographic; the text rules keep other white space out of names).
macro_rules! squashed {
    ($e:expr) => {
        lower_or_null(replace(replace($e, " ", ""), "\u{3000}", ""))
    };
}

type ListQuery<'a> = teams::BoxedQuery<'a, crate::db::MultiBackend>;

fn listed(contest_id: i32, f: &ListFilter) -> ListQuery<'static> {
    let mut q = teams::table
        .filter(teams::contest_id.eq(contest_id))
        .into_boxed();
    if !f.withdrawn {
        q = q.filter(teams::withdrawn.eq(false));
    }
    if let Some(track) = f.track {
        // Asked of each team (its key), not as a list of the track's
        // teams: SQLite would otherwise build that list and drive the count
        // by it, even when a flag lets through far fewer teams.
        q = q.filter(diesel::dsl::exists(
            team_tracks::table
                .filter(team_tracks::team_id.eq(teams::id))
                .filter(team_tracks::track_id.eq(track)),
        ));
    }
    if !f.words.is_empty() {
        let p = super::contains_pattern(&f.words);
        let by_member = team_members::table
            .inner_join(users::table.on(users::id.eq(team_members::user_id)))
            .left_join(profiles::table.on(profiles::user_id.eq(team_members::user_id)))
            .filter(team_members::contest_id.eq(contest_id))
            .filter(
                squashed!(users::display_name.nullable())
                    .like(p.clone())
                    .escape('\\')
                    .or(squashed!(profiles::real_name.nullable())
                        .like(p.clone())
                        .escape('\\'))
                    .or(lower_or_null(users::email.nullable())
                        .like(p.clone())
                        .escape('\\')),
            );
        q = q.filter(
            squashed!(teams::name.nullable())
                .like(p)
                .escape('\\')
                .or(teams::id
                    .nullable()
                    .eq_any(by_member.select(team_members::team_id.nullable()))),
        );
    }
    if !f.school.is_empty() {
        q = q.filter(
            teams::id.eq_any(
                team_flags::table
                    .filter(team_flags::contest_id.eq(contest_id))
                    .filter(
                        team_flags::schools
                            .like(super::contains_pattern(&f.school))
                            .escape('\\'),
                    )
                    .select(team_flags::team_id),
            ),
        );
    }
    macro_rules! flag {
        ($value:expr, $column:ident) => {
            if let Some(v) = $value {
                q = q.filter(
                    teams::id.eq_any(
                        team_flags::table
                            .filter(team_flags::contest_id.eq(contest_id))
                            .filter(team_flags::$column.eq(v))
                            .select(team_flags::team_id),
                    ),
                );
            }
        };
    }
    flag!(f.rules_met, rules_met);
    flag!(f.proof_missing, proof_missing);
    flag!(f.cross_school, cross_school);
    flag!(f.cross_department, cross_department);
    q
}

/// How many teams of a contest the filter lets through.
pub fn count_listed(conn: &mut DbConn, contest_id: i32, f: &ListFilter) -> QueryResult<i64> {
    listed(contest_id, f).count().get_result(conn)
}

/// One page of the teams the filter lets through, in the order they registered.
pub fn page_listed(
    conn: &mut DbConn,
    contest_id: i32,
    f: &ListFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Team>> {
    listed(contest_id, f)
        .order(teams::id)
        .offset(offset)
        .limit(limit)
        .select(Team::as_select())
        .load(conn)
}

/// Up to `limit` of the teams the filter lets through registered after
/// team `after`, in order (for reading a long list a part at a time).
pub fn listed_after(
    conn: &mut DbConn,
    contest_id: i32,
    f: &ListFilter,
    after: i32,
    limit: i64,
) -> QueryResult<Vec<Team>> {
    listed(contest_id, f)
        .filter(teams::id.gt(after))
        .order(teams::id)
        .limit(limit)
        .select(Team::as_select())
        .load(conn)
}

/// Teams of a contest that have not withdrawn.
pub fn active_count(conn: &mut DbConn, contest_id: i32) -> QueryResult<i64> {
    teams::table
        .filter(teams::contest_id.eq(contest_id))
        .filter(teams::withdrawn.eq(false))
        .count()
        .get_result(conn)
}

/// All teams of a contest (withdrawn ones too), for the organiser's list.
pub fn of_contest(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<Team>> {
    teams::table
        .filter(teams::contest_id.eq(contest_id))
        .order(teams::id)
        .select(Team::as_select())
        .load(conn)
}
