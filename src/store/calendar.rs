//! The imported office calendar.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{calendar_imports, office_calendar};
use crate::db::DbConn;
use crate::domain::calendar::{Calendar, CalendarDay};

/// The whole calendar (a few hundred rows a year).
pub fn load(conn: &mut DbConn) -> QueryResult<Calendar> {
    let rows: Vec<(NaiveDate, bool)> = office_calendar::table
        .select((office_calendar::on_date, office_calendar::day_off))
        .load(conn)?;
    Ok(Calendar::new(rows))
}

/// Replaces the given years with these days (call inside a transaction).
pub fn replace_years(
    conn: &mut DbConn,
    days: &[CalendarDay],
    source: &str,
    by: Option<i32>,
    at: NaiveDateTime,
) -> QueryResult<Vec<(i32, usize)>> {
    let mut years: Vec<i32> = days.iter().map(|d| d.date.year()).collect();
    years.sort();
    years.dedup();
    let mut out = Vec::new();
    for year in years {
        let (from, to) = (
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        );
        diesel::delete(
            office_calendar::table
                .filter(office_calendar::on_date.ge(from))
                .filter(office_calendar::on_date.le(to)),
        )
        .execute(conn)?;
        let of_year: Vec<&CalendarDay> = days.iter().filter(|d| d.date.year() == year).collect();
        // One row at a time: the multi-backend connection has no batch insert.
        for d in &of_year {
            diesel::insert_into(office_calendar::table)
                .values((
                    office_calendar::on_date.eq(d.date),
                    office_calendar::day_off.eq(d.off),
                    office_calendar::note.eq(&d.note),
                ))
                .execute(conn)?;
        }
        diesel::insert_into(calendar_imports::table)
            .values((
                calendar_imports::year.eq(year),
                calendar_imports::source.eq(source),
                calendar_imports::days.eq(of_year.len() as i32),
                calendar_imports::off_days.eq(of_year.iter().filter(|d| d.off).count() as i32),
                calendar_imports::imported_by.eq(by),
                calendar_imports::imported_at.eq(at),
            ))
            .execute(conn)?;
        out.push((year, of_year.len()));
    }
    Ok(out)
}

pub fn has_year(conn: &mut DbConn, year: i32) -> QueryResult<bool> {
    let n: i64 = calendar_imports::table
        .filter(calendar_imports::year.eq(year))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Queryable)]
pub struct ImportRow {
    pub id: i32,
    pub year: i32,
    pub source: String,
    pub days: i32,
    pub off_days: i32,
    pub imported_by: Option<i32>,
    pub imported_at: NaiveDateTime,
}

/// Every import, newest first.
pub fn imports(conn: &mut DbConn) -> QueryResult<Vec<ImportRow>> {
    calendar_imports::table
        .order(calendar_imports::id.desc())
        .limit(100)
        .load(conn)
}
