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

pub fn list(conn: &mut DbConn, filter: &Filter, page: PageRequest) -> QueryResult<Paged<Row>> {
    let filtered = || {
        let mut q = audit_log::table.left_join(users::table).into_boxed();
        if let Some(a) = filter.action.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_log::action.eq(a.to_string()));
        }
        if let Some(id) = filter.actor_id {
            q = q.filter(audit_log::actor_id.eq(id));
        }
        if !filter.actor.trim().is_empty() {
            q = q.filter(
                users::email
                    .like(super::contains_pattern(&filter.actor.trim().to_lowercase()))
                    .escape('\\'),
            );
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
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .order(audit_log::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            audit_log::id,
            users::email.nullable(),
            audit_log::action,
            audit_log::object_type,
            audit_log::object_id,
            audit_log::details,
            audit_log::ip,
            audit_log::created_at,
        ))
        .load(conn)?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

pub fn object_types(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    audit_log::table
        .select(audit_log::object_type)
        .distinct()
        .order(audit_log::object_type)
        .load(conn)
}

pub fn actions(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    audit_log::table
        .select(audit_log::action)
        .distinct()
        .order(audit_log::action)
        .load(conn)
}
