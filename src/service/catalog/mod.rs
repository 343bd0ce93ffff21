//! The open-data catalogue as the portal keeps it: finding datasets (the
//! public search, a dataset's page, ids looked up on data.gov.tw) and
//! keeping it in step with its sources (syncs, the export CSV, the bundled
//! snapshot) with a record of every run.

pub mod cards;
mod lookup;
mod search;
mod sync;
mod themes;

pub use crate::store::catalog::COUNT_CAP;
pub use lookup::known_or_fetched;
pub use search::{dataset, search, DatasetPage, Found, Search, Winner};
pub use sync::{
    import_records, load_snapshot_if_empty, runs, scheduled_sync, start_sync, sync, Progress, Runs,
    SyncSummary,
};
pub use themes::{
    backfill_format_flags, import_tags, tag, tag_page, DatasetTags, ImportSummary, Rejected,
    TagChoice, TagPage,
};
