//! Teams: who is in which team, with which tracks, under which rules.

mod bundle;

pub use bundle::{facts_of, TeamBundle};
