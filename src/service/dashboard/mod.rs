//! The organisers' dashboard of one contest: registrations over time,
//! schools, cross-school and cross-department teams, entries, eligibility
//! outcomes and reasons, the datasets and publishers used, judging progress
//! and data requests; each table also as CSV, and all as one workbook.

mod challenges;
mod export;
mod figures;
mod snapshot;

pub use challenges::ID as CHALLENGES_TABLE;
pub use export::{table, workbook};
pub use figures::load;
pub use figures::{dashboard, Dashboard, Table};
pub(crate) use snapshot::current;
