//! The open-data catalogue as the portal keeps it: finding datasets (the
//! public search, a dataset's page, ids looked up on data.gov.tw) and
//! keeping it in step with its sources (syncs, the export CSV, the bundled
//! snapshot) with a record of every run.

pub mod cards;
mod lookup;
mod search;
mod sync;
mod themes;
pub mod watch;

pub use crate::store::catalog::COUNT_CAP;
pub use lookup::known_or_fetched;
pub use search::{dataset, search, DatasetPage, Found, Search, Winner, YearUsage};
pub use sync::{
    import_records, load_snapshot_if_empty, runs, scheduled_sync, start_sync, sync, Progress, Runs,
    SyncSummary,
};
pub use themes::{
    backfill_format_flags, import_tags, tag, tag_page, DatasetTags, ImportSummary, Rejected,
    TagChoice, TagPage,
};

/// Stores a catalogue record. A dataset whose publisher changed changes the
/// open-data quantity of the ranked entries declaring it, so the rankings
/// holding them are rewritten in the same transaction; a new or changed
/// record marks the catalogue's public pages changed.
pub(crate) fn keep_record(
    conn: &mut crate::db::DbConn,
    r: &crate::domain::catalog::DatasetRecord,
    at: chrono::NaiveDateTime,
) -> crate::service::Result<crate::store::catalog::Outcome> {
    let before = crate::store::catalog::find_by_source_id(conn, &r.source_id)?;
    let outcome = crate::store::catalog::upsert(conn, r, at)?;
    if outcome != crate::store::catalog::Outcome::Unchanged {
        crate::service::changes::mark(&[crate::service::changes::Area::Catalog]);
    }
    if before.is_some_and(|d| d.publisher != r.publisher) {
        crate::service::judging::refresh_declaring(conn, &r.source_id)?;
    }
    Ok(outcome)
}
