//! The dataset impact ledger: per dataset and contest year, the submitted
//! entries that declare it, their mean declared depth of use, the finalists
//! and winners among them (published results only), and whether a data
//! request had it released. Organisers read every dataset's lines, a
//! business unit's reviewers their unit's (`gates::ledger`); a page of lines,
//! or all of them as CSV rows or an Excel workbook.

mod export;
mod page;
mod snapshot;

pub use export::{rows, workbook};
pub use page::{ledger, Ledger, LedgerQuery, PER_PAGE};
pub use snapshot::{LedgerFilter, LedgerLine, Snapshot, Tally};
