//! The outside world: for now the SMTP mailer. Foreign formats are parsed
//! into domain types here, at the edge.

pub mod calendar;
pub mod catalog;
pub mod mailer;
