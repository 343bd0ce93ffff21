//! The bundled list of Taiwan's universities and colleges (MOE 大專校院名錄),
//! loaded into the `schools` table at start-up.

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::schools;
use crate::db::DbConn;

const BUNDLED: &str = include_str!("../../assets/schools/universities-115.csv");

#[derive(Debug, Clone, Queryable, Selectable, Serialize, PartialEq, Eq)]
#[diesel(table_name = schools)]
pub struct School {
    pub code: String,
    pub name: String,
    pub ownership: String,
    pub city: String,
    pub website: String,
    pub system: String,
}

/// The bundled CSV as rows (学年度,代碼,學校名稱,公/私立,縣市名稱,地址,電話,網址,體系別).
pub fn bundled() -> anyhow::Result<Vec<School>> {
    let mut reader = csv::Reader::from_reader(BUNDLED.as_bytes());
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row?;
        let get = |i: usize| row.get(i).unwrap_or("").trim().to_string();
        out.push(School {
            code: get(1),
            name: get(2),
            ownership: get(3),
            city: get(4),
            website: get(7),
            system: get(8),
        });
    }
    Ok(out)
}

/// Inserts new schools and updates renamed ones; never deletes (profiles
/// refer to schools that may have closed since).
pub fn load_bundled(conn: &mut DbConn) -> anyhow::Result<usize> {
    let wanted = bundled()?;
    let existing: Vec<School> = schools::table.select(School::as_select()).load(conn)?;
    let mut changed = 0;
    for s in wanted {
        match existing.iter().find(|e| e.code == s.code) {
            Some(e) if *e == s => {}
            Some(_) => {
                diesel::update(schools::table.find(&s.code))
                    .set((
                        schools::name.eq(&s.name),
                        schools::ownership.eq(&s.ownership),
                        schools::city.eq(&s.city),
                        schools::website.eq(&s.website),
                        schools::system.eq(&s.system),
                    ))
                    .execute(conn)?;
                changed += 1;
            }
            None => {
                diesel::insert_into(schools::table)
                    .values((
                        schools::code.eq(&s.code),
                        schools::name.eq(&s.name),
                        schools::ownership.eq(&s.ownership),
                        schools::city.eq(&s.city),
                        schools::website.eq(&s.website),
                        schools::system.eq(&s.system),
                    ))
                    .execute(conn)?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<School>> {
    schools::table
        .order(schools::code)
        .select(School::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, code: &str) -> QueryResult<Option<School>> {
    schools::table
        .find(code)
        .select(School::as_select())
        .first(conn)
        .optional()
}

/// The school whose official name is exactly `name` (after trimming).
pub fn find_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<School>> {
    schools::table
        .filter(schools::name.eq(name.trim()))
        .select(School::as_select())
        .first(conn)
        .optional()
}

/// Schools whose name contains `q`, for the search form.
pub fn search(conn: &mut DbConn, q: &str, limit: i64) -> QueryResult<Vec<School>> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    schools::table
        .filter(
            schools::name
                .like(super::contains_pattern(q))
                .escape('\\')
                .or(schools::code.eq(q)),
        )
        .order(schools::code)
        .limit(limit)
        .select(School::as_select())
        .load(conn)
}
