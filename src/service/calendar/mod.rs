//! The office calendar the working-day clock counts on: the organisers'
//! page with its due-date check, imports of a year's file (uploaded, from
//! the command line, from the published URL every day, and the bundled
//! years on first run), and office closures laid over it.

pub mod closures;
mod imports;
mod page;

pub use imports::{check_published, import, load_bundled_if_missing, scheduled_check, upload};
pub use page::{due_date, page, CalendarPage, CheckQuery, DAYS_MAX};
