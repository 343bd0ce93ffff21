//! The teammate finder: students' cards for a contest and the tracks they
//! name, contact requests between students, and the keyword table that
//! puts a department in a discipline group.
//!
//! Which cards are listed is decided in the list's own query, when it runs
//! (`domain::finder::card_status` says the same in Rust): the owner keeps
//! the card, organisers have not hidden it, the owner's team has a free
//! seat (`TEAM_FULL`), and registration is open for one of its tracks.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer};
use serde::Serialize;

use super::{PageRequest, Paged};
use crate::db::schema::{
    discipline_keywords, finder_card_tracks, finder_cards, finder_contacts, profiles, users,
};
use crate::db::DbConn;
use crate::domain::finder::{Card, ContactState, Discipline};
use crate::domain::team::MemberRole;

super::text_column!(DisciplineColumn, Discipline);
super::text_column!(ContactStateColumn, ContactState);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = finder_cards)]
pub struct CardRow {
    pub id: i32,
    pub contest_id: i32,
    pub user_id: i32,
    #[serde(skip)]
    pub discipline: Discipline,
    pub skills: String,
    pub idea: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub hidden_at: Option<NaiveDateTime>,
    pub hidden_by: Option<i32>,
    pub hidden_reason: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A card as a list shows it: with its owner's name, school and department
/// (from the profile, as it is now).
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub card: CardRow,
    pub display_name: String,
    pub school_name: String,
    pub department: String,
}

/// The owner's team, in the card's contest, has every student seat taken:
/// as many students as the smallest `max_students` of its tracks
/// (`domain::finder::team_full`). Written against `finder_cards`.
fn team_full_sql() -> String {
    let student = MemberRole::Student.as_str();
    format!(
        "EXISTS (SELECT 1 FROM team_members tm JOIN teams t ON t.id = tm.team_id \
         WHERE tm.user_id = finder_cards.user_id AND tm.contest_id = finder_cards.contest_id \
         AND tm.member_role = '{student}' AND t.withdrawn = FALSE \
         AND (SELECT COUNT(*) FROM team_members s WHERE s.team_id = t.id AND s.member_role = '{student}') \
         >= (SELECT MIN(r.max_students) FROM team_tracks tt JOIN tracks r ON r.id = tt.track_id \
         WHERE tt.team_id = t.id))"
    )
}

/// The card names no track, or names one of `ids`.
fn names_track_sql(ids: &[i32]) -> String {
    if ids.is_empty() {
        return "1 = 0".into();
    }
    let ids: Vec<String> = ids.iter().map(i32::to_string).collect();
    format!(
        "(NOT EXISTS (SELECT 1 FROM finder_card_tracks ct WHERE ct.card_id = finder_cards.id) \
         OR EXISTS (SELECT 1 FROM finder_card_tracks ct WHERE ct.card_id = finder_cards.id \
         AND ct.track_id IN ({})))",
        ids.join(", ")
    )
}

/// The list's order for a reader: each group's rank (`domain::finder::fit`).
fn rank_sql(ranks: &[(Discipline, i32)]) -> String {
    let mut s = String::from("CASE finder_cards.discipline");
    for (d, r) in ranks {
        s.push_str(&format!(" WHEN '{}' THEN {r}", d.as_str()));
    }
    s.push_str(" ELSE 9 END");
    s
}

/// What a list of cards is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub discipline: Option<Discipline>,
    pub school: Option<String>,
    pub track: Option<i32>,
}

/// The listed cards of a contest (see the module), without the reader's
/// own, filtered, in the reader's order (`ranks`: the rank of each group;
/// empty: newest first), one page.
pub fn list(
    conn: &mut DbConn,
    contest_id: i32,
    reader: i32,
    open: &[i32],
    ranks: &[(Discipline, i32)],
    filter: &ListFilter,
    page: PageRequest,
) -> QueryResult<Paged<Listed>> {
    let (full, open_sql) = (team_full_sql(), names_track_sql(open));
    let filtered = || {
        let mut q = finder_cards::table
            .inner_join(users::table.on(users::id.eq(finder_cards::user_id)))
            .inner_join(profiles::table.on(profiles::user_id.eq(finder_cards::user_id)))
            .filter(finder_cards::contest_id.eq(contest_id))
            .filter(finder_cards::user_id.ne(reader))
            .filter(finder_cards::hidden_at.is_null())
            .filter(finder_cards::withdrawn_at.is_null())
            .filter(sql::<Bool>(&format!("NOT {full}")))
            .filter(sql::<Bool>(&open_sql))
            .into_boxed();
        if let Some(d) = filter.discipline {
            q = q.filter(finder_cards::discipline.eq(d));
        }
        if let Some(s) = &filter.school {
            q = q.filter(profiles::school_name.eq(s.clone()));
        }
        if let Some(t) = filter.track {
            q = q.filter(sql::<Bool>(&names_track_sql(&[t])));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let ranked = if ranks.is_empty() {
        filtered().order(finder_cards::updated_at.desc())
    } else {
        filtered()
            .order(sql::<Integer>(&rank_sql(ranks)))
            .then_order_by(finder_cards::updated_at.desc())
    };
    let items = ranked
        .then_order_by(finder_cards::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            CardRow::as_select(),
            users::display_name,
            profiles::school_name,
            profiles::department,
        ))
        .load(conn)?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The schools of a contest's listed cards, each once, by name (the list's
/// school filter).
pub fn schools(conn: &mut DbConn, contest_id: i32, open: &[i32]) -> QueryResult<Vec<String>> {
    finder_cards::table
        .inner_join(profiles::table.on(profiles::user_id.eq(finder_cards::user_id)))
        .filter(finder_cards::contest_id.eq(contest_id))
        .filter(finder_cards::hidden_at.is_null())
        .filter(finder_cards::withdrawn_at.is_null())
        .filter(sql::<Bool>(&format!("NOT {}", team_full_sql())))
        .filter(sql::<Bool>(&names_track_sql(open)))
        .select(profiles::school_name)
        .distinct()
        .order(profiles::school_name)
        .load(conn)
}

/// Cards of a contest that organisers hid, newest first (they may show
/// them again).
pub fn hidden(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<Listed>> {
    finder_cards::table
        .inner_join(users::table.on(users::id.eq(finder_cards::user_id)))
        .inner_join(profiles::table.on(profiles::user_id.eq(finder_cards::user_id)))
        .filter(finder_cards::contest_id.eq(contest_id))
        .filter(finder_cards::hidden_at.is_not_null())
        .order((finder_cards::hidden_at.desc(), finder_cards::id.desc()))
        .select((
            CardRow::as_select(),
            users::display_name,
            profiles::school_name,
            profiles::department,
        ))
        .load(conn)
}

/// Whether card `id` is listed now (the list's rule, for one card).
pub fn is_listed(conn: &mut DbConn, id: i32, open: &[i32]) -> QueryResult<bool> {
    let n: i64 = finder_cards::table
        .filter(finder_cards::id.eq(id))
        .filter(finder_cards::hidden_at.is_null())
        .filter(finder_cards::withdrawn_at.is_null())
        .filter(sql::<Bool>(&format!("NOT {}", team_full_sql())))
        .filter(sql::<Bool>(&names_track_sql(open)))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the owner of card `id` is in a team with every seat taken.
pub fn owner_team_full(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
    let n: i64 = finder_cards::table
        .filter(finder_cards::id.eq(id))
        .filter(sql::<Bool>(&team_full_sql()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<CardRow>> {
    finder_cards::table
        .find(id)
        .select(CardRow::as_select())
        .first(conn)
        .optional()
}

/// A student's card for a contest.
pub fn of_user(conn: &mut DbConn, contest_id: i32, user_id: i32) -> QueryResult<Option<CardRow>> {
    finder_cards::table
        .filter(finder_cards::contest_id.eq(contest_id))
        .filter(finder_cards::user_id.eq(user_id))
        .select(CardRow::as_select())
        .first(conn)
        .optional()
}

/// (card, track) for each track the cards name.
pub fn track_ids(conn: &mut DbConn, card_ids: &[i32]) -> QueryResult<Vec<(i32, i32)>> {
    finder_card_tracks::table
        .filter(finder_card_tracks::card_id.eq_any(card_ids))
        .order((finder_card_tracks::card_id, finder_card_tracks::track_id))
        .select((finder_card_tracks::card_id, finder_card_tracks::track_id))
        .load(conn)
}

/// Writes a student's card for a contest (new, or the one they have, then
/// listed again if they had withdrawn it); its id. Two first saves at once
/// collide on the unique key (one card per student per contest).
pub fn save(
    conn: &mut DbConn,
    contest_id: i32,
    user_id: i32,
    card: &Card,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    let id = match of_user(conn, contest_id, user_id)? {
        Some(existing) => {
            diesel::update(finder_cards::table.find(existing.id))
                .set((
                    finder_cards::discipline.eq(card.discipline),
                    finder_cards::skills.eq(&card.skills),
                    finder_cards::idea.eq(&card.idea),
                    finder_cards::withdrawn_at.eq(None::<NaiveDateTime>),
                    finder_cards::updated_at.eq(now),
                ))
                .execute(conn)?;
            existing.id
        }
        None => diesel::insert_into(finder_cards::table)
            .values((
                finder_cards::contest_id.eq(contest_id),
                finder_cards::user_id.eq(user_id),
                finder_cards::discipline.eq(card.discipline),
                finder_cards::skills.eq(&card.skills),
                finder_cards::idea.eq(&card.idea),
                finder_cards::created_at.eq(now),
                finder_cards::updated_at.eq(now),
            ))
            .returning(finder_cards::id)
            .get_result(conn)?,
    };
    diesel::delete(finder_card_tracks::table.filter(finder_card_tracks::card_id.eq(id)))
        .execute(conn)?;
    for t in &card.tracks {
        diesel::insert_into(finder_card_tracks::table)
            .values((
                finder_card_tracks::card_id.eq(id),
                finder_card_tracks::track_id.eq(t),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The owner takes the card off the list (saving it again lists it).
pub fn withdraw(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(finder_cards::table.find(id))
        .set((
            finder_cards::withdrawn_at.eq(Some(now)),
            finder_cards::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Organisers hide a card, or show it again (`None`); false when the card
/// was already so.
pub fn set_hidden(
    conn: &mut DbConn,
    id: i32,
    hidden: Option<(i32, &str)>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let target = finder_cards::table.find(id);
    let n = match hidden {
        Some((by, reason)) => diesel::update(target.filter(finder_cards::hidden_at.is_null()))
            .set((
                finder_cards::hidden_at.eq(Some(now)),
                finder_cards::hidden_by.eq(Some(by)),
                finder_cards::hidden_reason.eq(reason),
            ))
            .execute(conn)?,
        None => diesel::update(target.filter(finder_cards::hidden_at.is_not_null()))
            .set((
                finder_cards::hidden_at.eq(None::<NaiveDateTime>),
                finder_cards::hidden_by.eq(None::<i32>),
                finder_cards::hidden_reason.eq(""),
            ))
            .execute(conn)?,
    };
    Ok(n > 0)
}

// Contact requests.

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = finder_contacts)]
pub struct ContactRow {
    pub id: i32,
    pub card_id: i32,
    pub requester_id: i32,
    pub message: String,
    pub state: ContactState,
    pub created_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
}

/// A request with the other student of it (the requester, for the card's
/// owner; the owner, for the requester).
#[derive(Debug, Clone, Queryable)]
pub struct Contact {
    pub contact: ContactRow,
    pub other_id: i32,
    pub display_name: String,
    pub email: String,
    pub school_name: Option<String>,
    pub department: Option<String>,
}

/// A new pending request; two identical ones at once collide on the unique
/// key (one request per student per card).
pub fn add_contact(
    conn: &mut DbConn,
    card_id: i32,
    requester_id: i32,
    message: &str,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(finder_contacts::table)
        .values((
            finder_contacts::card_id.eq(card_id),
            finder_contacts::requester_id.eq(requester_id),
            finder_contacts::message.eq(message),
            finder_contacts::state.eq(ContactState::Pending),
            finder_contacts::created_at.eq(now),
        ))
        .returning(finder_contacts::id)
        .get_result(conn)
}

pub fn find_contact(conn: &mut DbConn, id: i32) -> QueryResult<Option<ContactRow>> {
    finder_contacts::table
        .find(id)
        .select(ContactRow::as_select())
        .first(conn)
        .optional()
}

/// Whether `requester` already asked for card `card_id`.
pub fn contact_of(
    conn: &mut DbConn,
    card_id: i32,
    requester: i32,
) -> QueryResult<Option<ContactRow>> {
    finder_contacts::table
        .filter(finder_contacts::card_id.eq(card_id))
        .filter(finder_contacts::requester_id.eq(requester))
        .select(ContactRow::as_select())
        .first(conn)
        .optional()
}

/// Answers a request that is still pending; false when it no longer is
/// (answered in another tab at the same moment).
pub fn answer(
    conn: &mut DbConn,
    id: i32,
    to: ContactState,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        finder_contacts::table
            .find(id)
            .filter(finder_contacts::state.eq(ContactState::Pending)),
    )
    .set((
        finder_contacts::state.eq(to),
        finder_contacts::answered_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n > 0)
}

/// `requester`'s requests for these cards: (card, state).
pub fn states_for(
    conn: &mut DbConn,
    requester: i32,
    card_ids: &[i32],
) -> QueryResult<Vec<(i32, ContactState)>> {
    finder_contacts::table
        .filter(finder_contacts::requester_id.eq(requester))
        .filter(finder_contacts::card_id.eq_any(card_ids))
        .select((finder_contacts::card_id, finder_contacts::state))
        .load(conn)
}

/// A contest's requests with the other student of each (`$other`: the
/// column holding their id), newest first; the caller narrows them to one
/// side.
macro_rules! contacts_with {
    ($contest:expr, $other:expr) => {
        finder_contacts::table
            .inner_join(finder_cards::table)
            .inner_join(users::table.on(users::id.eq($other)))
            .left_join(profiles::table.on(profiles::user_id.eq($other)))
            .filter(finder_cards::contest_id.eq($contest))
            .order((
                finder_contacts::created_at.desc(),
                finder_contacts::id.desc(),
            ))
            .select((
                ContactRow::as_select(),
                users::id,
                users::display_name,
                users::email,
                profiles::school_name.nullable(),
                profiles::department.nullable(),
            ))
    };
}

/// Requests for `owner`'s card in a contest, with who asked.
pub fn incoming(conn: &mut DbConn, contest_id: i32, owner: i32) -> QueryResult<Vec<Contact>> {
    contacts_with!(contest_id, finder_contacts::requester_id)
        .filter(finder_cards::user_id.eq(owner))
        .load(conn)
}

/// `requester`'s requests in a contest, with whose card.
pub fn outgoing(conn: &mut DbConn, contest_id: i32, requester: i32) -> QueryResult<Vec<Contact>> {
    contacts_with!(contest_id, finder_cards::user_id)
        .filter(finder_contacts::requester_id.eq(requester))
        .load(conn)
}

// The discipline keyword table.

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = discipline_keywords)]
pub struct KeywordRow {
    pub id: i32,
    pub keyword: String,
    pub discipline: Discipline,
    pub updated_by: Option<i32>,
    pub updated_at: NaiveDateTime,
}

/// The whole table, by keyword.
pub fn keywords(conn: &mut DbConn) -> QueryResult<Vec<KeywordRow>> {
    discipline_keywords::table
        .order((discipline_keywords::keyword, discipline_keywords::id))
        .select(KeywordRow::as_select())
        .load(conn)
}

pub fn find_keyword(conn: &mut DbConn, id: i32) -> QueryResult<Option<KeywordRow>> {
    discipline_keywords::table
        .find(id)
        .select(KeywordRow::as_select())
        .first(conn)
        .optional()
}

/// A new keyword (stored form: `domain::finder::parse_keyword`); a keyword
/// the table has is a unique violation.
pub fn add_keyword(
    conn: &mut DbConn,
    keyword: &str,
    discipline: Discipline,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(discipline_keywords::table)
        .values((
            discipline_keywords::keyword.eq(keyword),
            discipline_keywords::discipline.eq(discipline),
            discipline_keywords::updated_by.eq(Some(by)),
            discipline_keywords::updated_at.eq(now),
        ))
        .returning(discipline_keywords::id)
        .get_result(conn)
}

pub fn set_keyword(
    conn: &mut DbConn,
    id: i32,
    discipline: Discipline,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(discipline_keywords::table.find(id))
        .set((
            discipline_keywords::discipline.eq(discipline),
            discipline_keywords::updated_by.eq(Some(by)),
            discipline_keywords::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n > 0)
}

pub fn delete_keyword(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
    let n = diesel::delete(discipline_keywords::table.find(id)).execute(conn)?;
    Ok(n > 0)
}
