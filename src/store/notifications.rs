//! In-app notifications and e-mail preferences per kind.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{PageRequest, Paged};
use crate::db::schema::{notification_prefs, notifications};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: i32,
    pub user_id: i32,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub link: String,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// What writes it again in any language (rows made before these were
    /// kept have none, and show `title` and `summary`).
    pub template: Option<String>,
    pub subject_id: Option<String>,
    pub data: Option<String>,
}

/// A new notification: what it says in the language it was made in, and
/// what writes it again in another.
pub struct NewNotification<'a> {
    pub user_id: i32,
    pub kind: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub link: &'a str,
    pub template: &'a str,
    pub subject_id: &'a str,
    pub data: &'a str,
}

pub fn add(conn: &mut DbConn, n: &NewNotification, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(n.user_id),
            notifications::kind.eq(n.kind),
            notifications::title.eq(n.title),
            notifications::summary.eq(n.summary),
            notifications::link.eq(n.link),
            notifications::template.eq(Some(n.template)),
            notifications::subject_id.eq(Some(n.subject_id)),
            notifications::data.eq(Some(n.data)),
            notifications::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn unread_count(conn: &mut DbConn, user_id: i32) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

pub fn list(
    conn: &mut DbConn,
    user_id: i32,
    page: PageRequest,
) -> QueryResult<Paged<Notification>> {
    let total = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    let items = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(Notification::as_select())
        .load(conn)?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Marks one of this user's notifications read; its link, if it is theirs.
pub fn open(
    conn: &mut DbConn,
    user_id: i32,
    id: i32,
    at: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let link: Option<String> = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .select(notifications::link)
        .first(conn)
        .optional()?;
    if link.is_some() {
        diesel::update(
            notifications::table
                .filter(notifications::id.eq(id))
                .filter(notifications::user_id.eq(user_id))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(Some(at)))
        .execute(conn)?;
    }
    Ok(link)
}

pub fn mark_all_read(conn: &mut DbConn, user_id: i32, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(at)))
    .execute(conn)
}

/// Kinds this user turned e-mail off for.
pub fn email_off(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<String>> {
    notification_prefs::table
        .filter(notification_prefs::user_id.eq(user_id))
        .filter(notification_prefs::email.eq(false))
        .select(notification_prefs::kind)
        .load(conn)
}

/// Sets e-mail on or off for one kind (call inside a transaction).
pub fn set_email(conn: &mut DbConn, user_id: i32, kind: &str, email: bool) -> QueryResult<()> {
    let target = notification_prefs::table
        .filter(notification_prefs::user_id.eq(user_id))
        .filter(notification_prefs::kind.eq(kind));
    if diesel::update(target)
        .set(notification_prefs::email.eq(email))
        .execute(conn)?
        == 0
    {
        diesel::insert_into(notification_prefs::table)
            .values((
                notification_prefs::user_id.eq(user_id),
                notification_prefs::kind.eq(kind),
                notification_prefs::email.eq(email),
            ))
            .execute(conn)?;
    }
    Ok(())
}
