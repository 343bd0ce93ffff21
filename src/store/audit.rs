//! The audit log: who did what to which object, and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{PageRequest, Paged};
use crate::db::schema::{audit_log, users};
use crate::db::DbConn;

pub struct Entry<'a> {
    pub actor_id: Option<i32>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<String>,
    pub details: serde_json::Value,
    pub ip: Option<&'a str>,
}

pub fn record(conn: &mut DbConn, e: Entry, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_id.eq(e.actor_id),
            audit_log::action.eq(e.action),
            audit_log::object_type.eq(e.object_type),
            audit_log::object_id.eq(e.object_id),
            audit_log::details.eq(e.details.to_string()),
            audit_log::ip.eq(e.ip),
            audit_log::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Row {
    pub id: i32,
    pub actor_email: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub details: String,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub action: Option<String>,
    pub actor_id: Option<i32>,
    /// Part of the actor's e-mail address.
    pub actor: String,
    pub object_type: String,
    pub object_id: String,
    /// From this instant (UTC), inclusive.
    pub from: Option<NaiveDateTime>,
    /// Before this instant (UTC).
    pub until: Option<NaiveDateTime>,
}

/// The log's rows `filter` selects from `source` (the log alone, or joined
/// to the actors' addresses). The actor's address is matched in a subquery,
/// so counting reads the log and its indexes without the join.
macro_rules! filtered {
    ($filter:expr) => {
        filtered!($filter, audit_log::table.left_join(users::table))
    };
    ($filter:expr, $source:expr) => {{
        let filter: &Filter = $filter;
        let mut q = $source.into_boxed();
        if let Some(a) = filter.action.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_log::action.eq(a.to_string()));
        }
        if let Some(id) = filter.actor_id {
            q = q.filter(audit_log::actor_id.eq(id));
        }
        if !filter.actor.trim().is_empty() {
            let actors = diesel::alias!(users as actors);
            let actors = actors
                .filter(
                    actors
                        .field(users::email)
                        .like(super::contains_pattern(&filter.actor.trim().to_lowercase()))
                        .escape('\\'),
                )
                .select(actors.field(users::id).nullable());
            q = q.filter(audit_log::actor_id.eq_any(actors));
        }
        if !filter.object_type.is_empty() {
            q = q.filter(audit_log::object_type.eq(filter.object_type.clone()));
        }
        if !filter.object_id.trim().is_empty() {
            q = q.filter(audit_log::object_id.eq(filter.object_id.trim().to_string()));
        }
        if let Some(t) = filter.from {
            q = q.filter(audit_log::created_at.ge(t));
        }
        if let Some(t) = filter.until {
            q = q.filter(audit_log::created_at.lt(t));
        }
        q
    }};
}

/// The selected columns of a [`Row`].
macro_rules! row_columns {
    () => {
        (
            audit_log::id,
            users::email.nullable(),
            audit_log::action,
            audit_log::object_type,
            audit_log::object_id,
            audit_log::details,
            audit_log::ip,
            audit_log::created_at,
        )
    };
}

/// One page of the rows `filter` selects, newest first, and how many there are.
pub fn list(conn: &mut DbConn, filter: &Filter, page: PageRequest) -> QueryResult<Paged<Row>> {
    let total = filtered!(filter, audit_log::table)
        .count()
        .get_result(conn)?;
    let items = filtered!(filter)
        .order(audit_log::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(row_columns!())
        .load(conn)?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The newest row's id (None while the log is empty).
pub fn newest_id(conn: &mut DbConn) -> QueryResult<Option<i32>> {
    audit_log::table
        .select(diesel::dsl::max(audit_log::id))
        .first(conn)
}

/// How many rows `filter` selects, counting no further than `cap`.
pub fn count_upto(conn: &mut DbConn, filter: &Filter, cap: i64) -> QueryResult<i64> {
    let ids: Vec<i32> = filtered!(filter, audit_log::table)
        .order(audit_log::id.desc())
        .limit(cap)
        .select(audit_log::id)
        .load(conn)?;
    Ok(ids.len() as i64)
}

/// At most `limit` of the rows `filter` selects older than row `before`
/// (all of them without it), newest first: a download's next page, found
/// by the primary key however far down it is.
pub fn older_than(
    conn: &mut DbConn,
    filter: &Filter,
    before: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<Row>> {
    let mut q = filtered!(filter);
    if let Some(id) = before {
        q = q.filter(audit_log::id.lt(id));
    }
    q.order(audit_log::id.desc())
        .limit(limit)
        .select(row_columns!())
        .load(conn)
}

/// The distinct values of an indexed text column, in order, each found by
/// one index seek (a loose index scan) rather than by reading the whole log.
fn distinct_values(conn: &mut DbConn, column: &str) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Value {
        #[diesel(sql_type = diesel::sql_types::Text)]
        v: String,
    }
    let rows: Vec<Value> = diesel::sql_query(format!(
        "WITH RECURSIVE seen(v) AS ( \
           SELECT MIN({column}) FROM audit_log \
           UNION ALL \
           SELECT (SELECT MIN({column}) FROM audit_log WHERE {column} > seen.v) \
           FROM seen WHERE seen.v IS NOT NULL) \
         SELECT v FROM seen WHERE v IS NOT NULL"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.v).collect())
}

/// The object types in the log, in order.
pub fn object_types(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    distinct_values(conn, "object_type")
}

/// The actions in the log, in order.
pub fn actions(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    distinct_values(conn, "action")
}
