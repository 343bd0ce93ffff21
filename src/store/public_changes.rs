//! The change counters of the anonymous public pages' areas: raised inside
//! the transaction of a use case that changes what those pages show, and
//! read by every replica's poller.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::DbConn;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    area: String,
    #[diesel(sql_type = BigInt)]
    generation: i64,
}

/// Raises the counter of each of `areas` (fixed lower-case names, locked in
/// the order given) by one and returns each area's new value. The row stays
/// locked until the transaction ends, so two writers of one area get two
/// values and commit in that order.
pub fn raise(conn: &mut DbConn, areas: &[&'static str]) -> QueryResult<Vec<(String, i64)>> {
    let mut out = Vec::with_capacity(areas.len());
    for area in areas {
        // The names are the code's own constants, never input.
        debug_assert!(area.bytes().all(|b| b.is_ascii_lowercase()));
        diesel::sql_query(format!(
            "UPDATE public_changes SET generation = generation + 1 WHERE area = '{area}'"
        ))
        .execute(conn)?;
        let rows: Vec<Row> = diesel::sql_query(format!(
            "SELECT area, generation FROM public_changes WHERE area = '{area}'"
        ))
        .load(conn)?;
        out.extend(rows.into_iter().map(|r| (r.area, r.generation)));
    }
    Ok(out)
}

/// Every area's counter as committed.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    let rows: Vec<Row> =
        diesel::sql_query("SELECT area, generation FROM public_changes").load(conn)?;
    Ok(rows.into_iter().map(|r| (r.area, r.generation)).collect())
}
