//! Reading the calendar: the organisers' page and due dates on it.

use chrono::NaiveDate;

use crate::domain::calendar::{due_query, DueCheck};
use crate::domain::FieldErrors;
use crate::service::gates::office as gate;
use crate::service::{Person, Portal, Result};
use crate::store::{self, calendar::ImportRow};

/// Most working days the page's check counts.
pub const DAYS_MAX: u32 = 120;

/// The page's due-date check, as typed (both may be empty).
#[derive(Debug, Default, Clone)]
pub struct CheckQuery {
    pub from: String,
    pub days: String,
}

/// The organisers' calendar page.
pub struct CalendarPage {
    /// Every import, newest first.
    pub imports: Vec<ImportRow>,
    /// The due date asked about, when a routing day was given.
    pub check: Option<DueCheck>,
    /// The working days counted (the typed number, or the default).
    pub days: u32,
    /// What was wrong with the typed check (shown beside its fields).
    pub errors: FieldErrors,
    /// The office closures that are days off on the calendar, latest first.
    pub closures: Vec<NaiveDate>,
}

pub fn page(p: &Portal, who: &Person, q: &CheckQuery) -> Result<CalendarPage> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let (from, days) = due_query(
        &q.from,
        &q.days,
        p.config.request_due_days,
        DAYS_MAX,
        &mut errors,
    );
    p.read(|conn| {
        let cal = super::kept(p, conn)?;
        Ok(CalendarPage {
            imports: store::calendar::imports(conn)?,
            check: from.map(|f| cal.due_check(f, days)),
            days,
            errors,
            closures: cal.closures().rev().collect(),
        })
    })
}

/// The due date of a request routed on `from`, `days` working days later,
/// on the imported calendar (the `due-date` command).
pub fn due_date(p: &Portal, from: NaiveDate, days: u32) -> Result<DueCheck> {
    p.read(|conn| Ok(super::kept(p, conn)?.due_check(from, days)))
}
