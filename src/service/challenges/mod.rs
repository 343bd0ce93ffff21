//! Challenges set by business units (出題, issue 20).

pub mod outcome;
pub use outcome::{outcome, register_for_sharing, AnsweringEntry, ArchivedChallenge, Outcome};
