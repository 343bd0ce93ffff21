//! The imported office calendar.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{calendar_imports, office_calendar, office_closures};
use crate::db::DbConn;
use crate::domain::calendar::{Calendar, CalendarDay};

/// The whole calendar the clock counts on (a few hundred rows a year): the
/// official days with the office closures that apply laid over them.
pub fn load(conn: &mut DbConn) -> QueryResult<Calendar> {
    let rows: Vec<(NaiveDate, bool)> = office_calendar::table
        .select((office_calendar::on_date, office_calendar::day_off))
        .load(conn)?;
    let closed: Vec<NaiveDate> = office_closures::table
        .filter(office_closures::applied.eq(true))
        .select(office_closures::on_date)
        .load(conn)?;
    Ok(Calendar::new(rows).with_closures(closed))
}

/// The years the calendar has (each imported whole).
pub fn years(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    calendar_imports::table
        .select(calendar_imports::year)
        .distinct()
        .order(calendar_imports::year)
        .load(conn)
}

// ---------------------------------------------------------------- closures

#[derive(Debug, Clone, Queryable)]
pub struct Closure {
    pub id: i32,
    pub on_date: NaiveDate,
    pub area: String,
    pub reference: String,
    /// For the portal's area when recorded: a day off on the calendar.
    pub applied: bool,
    pub recorded_by: Option<i32>,
    pub recorded_at: NaiveDateTime,
}

/// Records a closure; `None` when one for that date and area is there
/// already (two at once collide on the unique key instead).
pub fn add_closure(
    conn: &mut DbConn,
    on: NaiveDate,
    area: &str,
    reference: &str,
    applied: bool,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let taken: i64 = office_closures::table
        .filter(office_closures::on_date.eq(on))
        .filter(office_closures::area.eq(area))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(None);
    }
    diesel::insert_into(office_closures::table)
        .values((
            office_closures::on_date.eq(on),
            office_closures::area.eq(area),
            office_closures::reference.eq(reference),
            office_closures::applied.eq(applied),
            office_closures::recorded_by.eq(Some(by)),
            office_closures::recorded_at.eq(at),
        ))
        .returning(office_closures::id)
        .get_result(conn)
        .map(Some)
}

pub fn find_closure(conn: &mut DbConn, id: i32) -> QueryResult<Option<Closure>> {
    office_closures::table.find(id).first(conn).optional()
}

/// Deletes a closure; false when it was gone already.
pub fn delete_closure(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
    Ok(diesel::delete(office_closures::table.find(id)).execute(conn)? == 1)
}

/// Every closure, the latest date first.
pub fn closures(conn: &mut DbConn) -> QueryResult<Vec<Closure>> {
    office_closures::table
        .order((office_closures::on_date.desc(), office_closures::id))
        .limit(500)
        .load(conn)
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
