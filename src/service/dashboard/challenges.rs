//! The dashboard's challenges table (出題, issue 20): challenges published,
//! and the entries answering one by how far they went. Counted in grouped
//! SQL by `service::challenges::outcome::contest_figures`; the pack reads
//! this same table.

use crate::db::DbConn;
use crate::i18n::{t, Lang};
use crate::service::Result;

use super::figures::Table;

/// The table's id (its CSV's address and the pack's key).
pub const ID: &str = "challenges";

/// The rows' Fluent ids, in the order of `contest_figures`.
pub(super) const MEASURES: [&str; 6] = [
    "dash-challenges-published",
    "dash-challenge-entries",
    "dash-challenge-submitted",
    "dash-challenge-eligible",
    "dash-challenge-finalists",
    "dash-challenge-winners",
];

/// Contest `contest_id`'s challenges table, its labels in `lang`.
pub(super) fn table(conn: &mut DbConn, lang: Lang, contest_id: i32) -> Result<Table> {
    let figures = crate::service::challenges::outcome::contest_figures(conn, contest_id)?;
    Ok(Table::of(
        ID,
        MEASURES
            .iter()
            .zip(figures)
            .map(|(id, n)| vec![t(lang, id), n.to_string()])
            .collect(),
    ))
}
