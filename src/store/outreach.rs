//! Outreach campaigns, their visits and the accounts they brought, and each
//! campaign's funnel counted in grouped SQL (counts only, nobody named).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    campaign_signups, campaign_visits, campaigns, eligibility_decisions, entries, schools,
    team_members, teams,
};
use crate::db::DbConn;
use crate::domain::eligibility::Outcome;
use crate::domain::team::MemberRole;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = campaigns)]
pub struct Campaign {
    pub id: i32,
    pub contest_id: i32,
    pub code: String,
    pub name: String,
    pub school_code: Option<String>,
    pub department: String,
    pub channel: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

pub struct NewCampaign<'a> {
    pub contest_id: i32,
    pub code: &'a str,
    pub name: &'a str,
    pub school_code: Option<&'a str>,
    pub department: &'a str,
    pub channel: &'a str,
    pub created_by: i32,
    pub at: NaiveDateTime,
}

/// Makes the campaign; its id.
pub fn create(conn: &mut DbConn, c: &NewCampaign) -> QueryResult<i32> {
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::contest_id.eq(c.contest_id),
            campaigns::code.eq(c.code),
            campaigns::name.eq(c.name),
            campaigns::school_code.eq(c.school_code),
            campaigns::department.eq(c.department),
            campaigns::channel.eq(c.channel),
            campaigns::created_by.eq(c.created_by),
            campaigns::created_at.eq(c.at),
        ))
        .returning(campaigns::id)
        .get_result(conn)
}

pub fn by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Campaign>> {
    campaigns::table
        .filter(campaigns::code.eq(code))
        .select(Campaign::as_select())
        .first(conn)
        .optional()
}

/// A contest's campaigns, oldest first, each with its school's name.
pub fn of_contest(
    conn: &mut DbConn,
    contest_id: i32,
) -> QueryResult<Vec<(Campaign, Option<String>)>> {
    campaigns::table
        .left_join(schools::table)
        .filter(campaigns::contest_id.eq(contest_id))
        .order(campaigns::id.asc())
        .select((Campaign::as_select(), schools::name.nullable()))
        .load(conn)
}

/// Counts a visit of `visitor` (a digest) to the campaign: `true` the first
/// time, `false` when that browser has been counted already. Run in a
/// savepoint, so a second replica counting the same visit at the same
/// moment leaves the caller's transaction standing.
pub fn record_visit(
    conn: &mut DbConn,
    campaign_id: i32,
    visitor: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(campaign_visits::table)
            .values((
                campaign_visits::campaign_id.eq(campaign_id),
                campaign_visits::visitor.eq(visitor),
                campaign_visits::visited_at.eq(at),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Records that the new account `user_id` came through the campaign.
pub fn record_signup(
    conn: &mut DbConn,
    user_id: i32,
    campaign_id: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(campaign_signups::table)
        .values((
            campaign_signups::user_id.eq(user_id),
            campaign_signups::campaign_id.eq(campaign_id),
            campaign_signups::signed_up_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The campaign an account came through, if any.
pub fn campaign_of(conn: &mut DbConn, user_id: i32) -> QueryResult<Option<i32>> {
    campaign_signups::table
        .find(user_id)
        .select(campaign_signups::campaign_id)
        .first(conn)
        .optional()
}

/// One campaign's funnel: visits, sign-ups, students in (not withdrawn)
/// teams of the campaign's contest, that team's entries submitted, and of
/// those the ones whose current eligibility decision is a pass. A team
/// with members from two campaigns counts its entries for each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Funnel {
    pub visits: i64,
    pub signups: i64,
    pub students: i64,
    pub submitted: i64,
    pub eligible: i64,
}

fn into_map(rows: Vec<(i32, i64)>) -> BTreeMap<i32, i64> {
    rows.into_iter().collect()
}

/// Sign-ups per campaign of a contest before `until`.
fn signups_before(
    conn: &mut DbConn,
    contest_id: i32,
    until: NaiveDateTime,
) -> QueryResult<BTreeMap<i32, i64>> {
    Ok(into_map(
        campaign_signups::table
            .inner_join(campaigns::table)
            .filter(campaigns::contest_id.eq(contest_id))
            .filter(campaign_signups::signed_up_at.lt(until))
            .group_by(campaign_signups::campaign_id)
            .select((campaign_signups::campaign_id, count_star()))
            .load(conn)?,
    ))
}

/// Later than any sign-up (year 9999, which SQLite's text also sorts last).
fn end_of_time() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The funnel of every campaign of a contest (campaigns nobody used are
/// absent: all zero), and the sign-ups of each made before `until`.
pub fn funnels(
    conn: &mut DbConn,
    contest_id: i32,
    until: NaiveDateTime,
) -> QueryResult<(BTreeMap<i32, Funnel>, BTreeMap<i32, i64>)> {
    let visits = into_map(
        campaign_visits::table
            .inner_join(campaigns::table)
            .filter(campaigns::contest_id.eq(contest_id))
            .group_by(campaign_visits::campaign_id)
            .select((campaign_visits::campaign_id, count_star()))
            .load(conn)?,
    );
    let signups = signups_before(conn, contest_id, end_of_time())?;
    let signups_by = signups_before(conn, contest_id, until)?;
    // The students who came through a campaign, in a team of its contest.
    let in_teams = || {
        campaign_signups::table
            .inner_join(campaigns::table)
            .inner_join(
                team_members::table.on(team_members::user_id
                    .eq(campaign_signups::user_id)
                    .and(team_members::contest_id.eq(campaigns::contest_id))),
            )
            .inner_join(teams::table.on(teams::id.eq(team_members::team_id)))
            .filter(campaigns::contest_id.eq(contest_id))
            .filter(team_members::member_role.eq(MemberRole::Student))
            .filter(teams::withdrawn.eq(false))
    };
    let students = into_map(
        in_teams()
            .group_by(campaign_signups::campaign_id)
            .select((campaign_signups::campaign_id, count_star()))
            .load(conn)?,
    );
    let submitted = into_map(
        in_teams()
            .inner_join(entries::table.on(entries::team_id.eq(teams::id)))
            .filter(entries::submitted_at.is_not_null())
            .group_by(campaign_signups::campaign_id)
            .select((
                campaign_signups::campaign_id,
                count(entries::id).aggregate_distinct(),
            ))
            .load(conn)?,
    );
    let eligible = into_map(
        in_teams()
            .inner_join(entries::table.on(entries::team_id.eq(teams::id)))
            .inner_join(
                eligibility_decisions::table.on(eligibility_decisions::entry_id.eq(entries::id)),
            )
            .filter(entries::submitted_at.is_not_null())
            .filter(eligibility_decisions::is_current.eq(true))
            .filter(eligibility_decisions::outcome.eq(Outcome::Pass))
            .group_by(campaign_signups::campaign_id)
            .select((
                campaign_signups::campaign_id,
                count(entries::id).aggregate_distinct(),
            ))
            .load(conn)?,
    );
    // Every later stage needs a sign-up, so visits and sign-ups name every
    // campaign with a count.
    let ids = visits.keys().chain(signups.keys()).copied();
    let count = |m: &BTreeMap<i32, i64>, id: i32| m.get(&id).copied().unwrap_or(0);
    let out = ids
        .map(|id| {
            let f = Funnel {
                visits: count(&visits, id),
                signups: count(&signups, id),
                students: count(&students, id),
                submitted: count(&submitted, id),
                eligible: count(&eligible, id),
            };
            (id, f)
        })
        .collect();
    Ok((out, signups_by))
}
