//! The outside world as clients: the open-data catalogue's services and
//! export file, a bounded sample of dataset resources, the published office
//! calendar, and SMTP. Foreign formats are parsed into domain types here, at
//! the edge; nothing here reads or writes the database (the services store
//! what these clients bring).

pub mod calendar;
pub mod catalog;
pub mod mailer;
pub mod oidc;
pub mod resource;
