//! Every check of "may this person act on this thing", one named gate each,
//! called by the services inside their transactions. Coarse roles ("is an
//! organiser") are checked earlier, by the web layer's guards; a gate
//! decides about one request, one entry, one team.

pub mod challenge_outcomes;
pub mod challenges;
pub mod consults;
pub mod contests;
pub mod datasets;
pub mod entries;
pub mod finder;
pub mod judging;
pub mod ledger;
pub mod office;
pub mod profiles;
pub mod requests;
pub mod review;
pub mod sharing;
pub mod teams;
pub mod themes;
