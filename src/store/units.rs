//! Business units (業務單位 and 所屬機關) that review data requests.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{business_units, user_roles};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = business_units)]
pub struct Unit {
    pub id: i32,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

pub struct UnitInput<'a> {
    pub code: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub kind: &'a str,
    pub active: bool,
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<Unit>> {
    business_units::table
        .order((business_units::kind.desc(), business_units::id))
        .select(Unit::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<Unit>> {
    business_units::table
        .find(id)
        .select(Unit::as_select())
        .first(conn)
        .optional()
}

pub fn create(conn: &mut DbConn, input: &UnitInput, now: NaiveDateTime) -> QueryResult<Unit> {
    diesel::insert_into(business_units::table)
        .values((
            business_units::code.eq(input.code),
            business_units::name_zh.eq(input.name_zh),
            business_units::name_en.eq(input.name_en),
            business_units::kind.eq(input.kind),
            business_units::active.eq(input.active),
            business_units::created_at.eq(now),
        ))
        .execute(conn)?;
    business_units::table
        .filter(business_units::code.eq(input.code))
        .select(Unit::as_select())
        .first(conn)
}

pub fn update(conn: &mut DbConn, id: i32, input: &UnitInput) -> QueryResult<bool> {
    let n = diesel::update(business_units::table.find(id))
        .set((
            business_units::code.eq(input.code),
            business_units::name_zh.eq(input.name_zh),
            business_units::name_en.eq(input.name_en),
            business_units::kind.eq(input.kind),
            business_units::active.eq(input.active),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// How many unit reviewers act for each unit, for the units page.
pub fn reviewer_counts(conn: &mut DbConn) -> QueryResult<Vec<(i32, i64)>> {
    use diesel::dsl::count_star;
    let rows: Vec<(Option<i32>, i64)> = user_roles::table
        .filter(user_roles::unit_id.is_not_null())
        .group_by(user_roles::unit_id)
        .select((user_roles::unit_id, count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(u, n)| u.map(|u| (u, n)))
        .collect())
}
