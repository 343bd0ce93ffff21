//! The bundled list of Taiwan's universities and colleges (MOE 大專校院名錄),
//! loaded into the `schools` table at start-up.

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::schools;
use crate::db::DbConn;

const BUNDLED: &str = include_str!("../../assets/schools/universities-115.csv");
/// MOE department names of five universities (assets/schools/SOURCES.md),
/// against which organisers see how the finder's keyword table groups them.
const DEPARTMENTS: &str = include_str!("../../assets/schools/departments-sample.csv");

/// The sample's department names, each once, in the file's order
/// (代碼,學校名稱,系所(組)名稱,核定招生名額).
pub fn sample_departments() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut reader = csv::Reader::from_reader(DEPARTMENTS.as_bytes());
    for row in reader.records().flatten() {
        let name = row.get(2).unwrap_or("").trim().to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

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

/// Schools matching `q`, for the search form: names containing it first,
/// then names containing its characters in order, so the usual short forms
/// work ("臺大" finds 國立臺灣大學, "政大" 國立政治大學), and 台 matches 臺.
pub fn search(conn: &mut DbConn, q: &str, limit: i64) -> QueryResult<Vec<School>> {
    let q = fold(q.trim());
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let all = all(conn)?;
    let mut hits: Vec<(u8, &School)> = all
        .iter()
        .filter_map(|s| {
            let name = fold(&s.name);
            if name.contains(&q) || s.code == q {
                Some((0, s))
            } else if is_subsequence(&q, &name) {
                Some((1, s))
            } else {
                None
            }
        })
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
    Ok(hits
        .into_iter()
        .take(limit.max(0) as usize)
        .map(|(_, s)| s.clone())
        .collect())
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '台' { '臺' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|n| hay.any(|h| h == n))
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_forms_match_in_order() {
        assert!(super::is_subsequence("臺大", "國立臺灣大學"));
        assert!(super::is_subsequence("政大", "國立政治大學"));
        assert!(!super::is_subsequence("大政", "國立政治大學"));
        assert_eq!(super::fold("台 大"), "臺大");
    }

    #[test]
    fn the_bundled_list_parses() {
        let list = super::bundled().unwrap();
        assert!(list.len() > 100);
        assert!(list
            .iter()
            .any(|s| s.code == "0001" && s.name == "國立政治大學"));
    }
}
