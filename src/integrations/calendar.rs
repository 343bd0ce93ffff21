//! Importing the office calendar: the bundled official 2025 and 2026 files
//! on first run, files and URLs from the command line and the organisers'
//! page, and a daily check of the published URL.

use chrono::{Datelike, NaiveDateTime};

use crate::db::{self, DbConn};
use crate::domain::calendar::{self, CalendarDay, CalendarError};
use crate::store;

/// The official files, byte for byte (2025 is Big5, 2026 UTF-8 with BOM).
const BUNDLED: [(i32, &[u8]); 2] = [
    (2025, include_bytes!("../../assets/calendar/2025.csv")),
    (2026, include_bytes!("../../assets/calendar/2026.csv")),
];

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A year with missing days would silently fall back to Monday–Friday.
    #[error("the file does not cover all of {0}: every day of a year must be there")]
    Partial(i32),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Parses a file and checks it covers whole years.
pub fn parse_whole_years(bytes: &[u8]) -> Result<Vec<CalendarDay>, ImportError> {
    let days = calendar::parse_csv(bytes)?;
    let complete = calendar::complete_years(&days);
    if let Some(d) = days.iter().find(|d| !complete.contains(&d.date.year())) {
        return Err(ImportError::Partial(d.date.year()));
    }
    Ok(days)
}

/// Imports a calendar file: each year in it replaces that year's days.
/// Returns (year, days) per year.
pub fn import(
    conn: &mut DbConn,
    bytes: &[u8],
    source: &str,
    by: Option<i32>,
    at: NaiveDateTime,
) -> Result<Vec<(i32, usize)>, ImportError> {
    let days = parse_whole_years(bytes)?;
    Ok(db::transaction(conn, |conn| {
        store::calendar::replace_years(conn, &days, source, by, at)
    })?)
}

/// Whether importing these days would change anything stored.
pub fn differs(conn: &mut DbConn, days: &[CalendarDay]) -> Result<bool, ImportError> {
    let stored = store::calendar::load(conn)?;
    Ok(days
        .iter()
        .any(|d| !stored.covers(d.date) || stored.is_working_day(d.date) == d.off))
}

/// Loads the bundled years that are not in the database yet (first run).
pub fn load_bundled_if_missing(conn: &mut DbConn) -> anyhow::Result<usize> {
    let mut loaded = 0;
    for (year, bytes) in BUNDLED {
        if store::calendar::has_year(conn, year)? {
            continue;
        }
        let days = parse_whole_years(bytes)?;
        let at = chrono::Utc::now().naive_utc();
        let r = db::transaction(conn, |conn| {
            if store::calendar::has_year(conn, year)? {
                return Ok(false);
            }
            store::calendar::replace_years(conn, &days, "bundled", None, at)?;
            Ok(true)
        });
        match r {
            Ok(true) => loaded += 1,
            Ok(false) => {}
            // Another replica starting at the same moment loaded it.
            Err(e) if store::is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_are_whole_years() {
        for (year, bytes) in BUNDLED {
            let days = parse_whole_years(bytes).unwrap();
            assert_eq!(calendar::complete_years(&days), vec![year]);
        }
    }

    #[test]
    fn a_partial_year_is_refused() {
        let csv = "西元日期,星期,是否放假,備註\n20270101,五,2,開國紀念日\n";
        assert!(matches!(
            parse_whole_years(csv.as_bytes()),
            Err(ImportError::Partial(2027))
        ));
    }
}
