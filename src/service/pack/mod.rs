//! The advisory-group pack: a contest year beside the previous year, in
//! sections of tables whose every figure is read from the dashboard, the
//! eligibility summary, the data-requests report and the ledger, as a
//! printable page and an Excel workbook.

mod export;
mod gather;

pub use export::workbook;
pub use gather::{pack, Pack, PackTable, Section, Source};
