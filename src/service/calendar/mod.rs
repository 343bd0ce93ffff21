//! The office calendar the working-day clock counts on: the organisers'
//! page with its due-date check, imports of a year's file (uploaded, from
//! the command line, from the published URL every day, and the bundled
//! years on first run), and office closures laid over it.

pub mod closures;
mod imports;
mod page;

pub use imports::{check_published, import, load_bundled_if_missing, scheduled_check, upload};
pub use page::{due_date, page, CalendarPage, CheckQuery, DAYS_MAX};

use std::sync::Arc;

use crate::db::DbConn;
use crate::domain::calendar::Calendar;
use crate::service::{Portal, Result};

/// The calendar with its closures as this replica keeps it for pages that
/// read it (`Portal::calendar`; triggers raise the dashboard's counter on
/// every write to the calendar and closures). Use cases that write count
/// from the calendar read inside their own transaction instead.
pub(crate) fn kept(p: &Portal, conn: &mut DbConn) -> Result<Arc<Calendar>> {
    p.calendar
        .current(conn, (), |conn| Ok(crate::store::calendar::load(conn)?))
}
