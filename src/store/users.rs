//! Accounts and the roles they hold.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{contains_pattern, lower, PageRequest, Paged};
use crate::db::schema::{business_units, user_roles, users};
use crate::db::DbConn;
use crate::domain::role::Role;

super::text_column!(RoleColumn, Role);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub locale: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub locale: &'a str,
    pub disabled: bool,
    pub must_change_password: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A role an account holds, with the business unit for unit reviewers.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct RoleGrant {
    pub role: Role,
    pub unit_id: Option<i32>,
    pub unit_code: Option<String>,
    pub unit_name_zh: Option<String>,
    pub unit_name_en: Option<String>,
}

pub fn create(conn: &mut DbConn, new: &NewUser) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values(new)
        .execute(conn)?;
    users::table
        .filter(users::email.eq(new.email))
        .select(User::as_select())
        .first(conn)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Display names of many users at once.
pub fn names(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<(i32, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(conn)
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn mark_verified(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((
        users::email_verified_at.eq(Some(now)),
        users::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn set_password(conn: &mut DbConn, id: i32, hash: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(false),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_locale(conn: &mut DbConn, id: i32, locale: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::locale.eq(locale))
        .execute(conn)?;
    Ok(())
}

pub fn set_disabled(
    conn: &mut DbConn,
    id: i32,
    disabled: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::disabled.eq(disabled), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn admin_exists(conn: &mut DbConn) -> QueryResult<bool> {
    let n: i64 = user_roles::table
        .filter(user_roles::role.eq(Role::Admin))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every role held by these users, with its unit: (user, grant), each user's
/// in role order.
fn grants_of(conn: &mut DbConn, user_ids: &[i32]) -> QueryResult<Vec<(i32, RoleGrant)>> {
    let mut grants: Vec<(i32, RoleGrant)> = user_roles::table
        .left_join(business_units::table)
        .filter(user_roles::user_id.eq_any(user_ids))
        .select((
            user_roles::user_id,
            (
                user_roles::role,
                user_roles::unit_id,
                business_units::code.nullable(),
                business_units::name_zh.nullable(),
                business_units::name_en.nullable(),
            ),
        ))
        .load(conn)?;
    grants.sort_by_key(|(user, g)| (*user, g.role));
    Ok(grants)
}

pub fn roles_of(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<RoleGrant>> {
    Ok(grants_of(conn, &[user_id])?
        .into_iter()
        .map(|(_, g)| g)
        .collect())
}

/// Grants (or re-binds) a role. Returns false when nothing changed.
pub fn grant_role(
    conn: &mut DbConn,
    user_id: i32,
    role: Role,
    unit_id: Option<i32>,
    granted_by: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let existing: Option<(i32, Option<i32>)> = user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .filter(user_roles::role.eq(role))
        .select((user_roles::id, user_roles::unit_id))
        .first(conn)
        .optional()?;
    match existing {
        Some((_, current)) if current == unit_id => Ok(false),
        Some((id, _)) => {
            diesel::update(user_roles::table.find(id))
                .set((
                    user_roles::unit_id.eq(unit_id),
                    user_roles::granted_by.eq(granted_by),
                ))
                .execute(conn)?;
            Ok(true)
        }
        None => {
            diesel::insert_into(user_roles::table)
                .values((
                    user_roles::user_id.eq(user_id),
                    user_roles::role.eq(role),
                    user_roles::unit_id.eq(unit_id),
                    user_roles::granted_by.eq(granted_by),
                    user_roles::created_at.eq(now),
                ))
                .execute(conn)?;
            Ok(true)
        }
    }
}

pub fn revoke_role(conn: &mut DbConn, user_id: i32, role: Role) -> QueryResult<bool> {
    let n = diesel::delete(
        user_roles::table
            .filter(user_roles::user_id.eq(user_id))
            .filter(user_roles::role.eq(role)),
    )
    .execute(conn)?;
    Ok(n > 0)
}

pub fn holds(conn: &mut DbConn, user_id: i32, role: Role) -> QueryResult<bool> {
    let n: i64 = user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .filter(user_roles::role.eq(role))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Enabled accounts holding `role`, optionally not counting one of them.
pub fn count_enabled_with_role(
    conn: &mut DbConn,
    role: Role,
    except: Option<i32>,
) -> QueryResult<i64> {
    let mut q = user_roles::table
        .inner_join(users::table.on(users::id.eq(user_roles::user_id)))
        .filter(user_roles::role.eq(role))
        .filter(users::disabled.eq(false))
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(user_roles::user_id.ne(id));
    }
    q.count().get_result(conn)
}

#[derive(Debug, Clone, Serialize)]
pub struct UserListRow {
    pub user: User,
    pub roles: Vec<RoleGrant>,
}

/// Users matching `search` (in e-mail or name), newest first, with their roles
/// loaded in one extra query for the whole page.
pub fn list(
    conn: &mut DbConn,
    search: Option<&str>,
    role: Option<Role>,
    page: PageRequest,
) -> QueryResult<Paged<UserListRow>> {
    let filtered = || {
        let mut q = users::table.into_boxed();
        if let Some(s) = search.map(str::trim).filter(|s| !s.is_empty()) {
            let pattern = contains_pattern(&s.to_lowercase());
            q = q.filter(
                users::email
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::display_name).like(pattern).escape('\\')),
            );
        }
        if let Some(r) = role {
            q = q.filter(
                users::id.eq_any(
                    user_roles::table
                        .filter(user_roles::role.eq(r))
                        .select(user_roles::user_id),
                ),
            );
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let page_users: Vec<User> = filtered()
        .order((users::created_at.desc(), users::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select(User::as_select())
        .load(conn)?;
    let ids: Vec<i32> = page_users.iter().map(|u| u.id).collect();
    let grants = grants_of(conn, &ids)?;
    let items = page_users
        .into_iter()
        .map(|user| {
            let roles: Vec<RoleGrant> = grants
                .iter()
                .filter(|(uid, _)| *uid == user.id)
                .map(|(_, g)| g.clone())
                .collect();
            UserListRow { user, roles }
        })
        .collect();
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// (id, e-mail, language) of every enabled account that runs contests
/// (organisers and administrators), each once, for notifications.
pub fn organisers(conn: &mut DbConn) -> QueryResult<Vec<(i32, String, String)>> {
    let mut rows: Vec<(i32, String, String)> = user_roles::table
        .inner_join(users::table.on(users::id.eq(user_roles::user_id)))
        .filter(user_roles::role.eq_any([Role::Organiser, Role::Admin]))
        .filter(users::disabled.eq(false))
        .order(users::id)
        .select((users::id, users::email, users::locale))
        .load(conn)?;
    rows.dedup_by_key(|r| r.0);
    Ok(rows)
}
