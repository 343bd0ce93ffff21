//! The figures of an organisers' contest dashboard: registrations per day,
//! which teams cross schools or departments, counts ranked, and shares.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use chrono::{NaiveDate, NaiveDateTime};

/// Teams registered per day in Taiwan (from their UTC registration times),
/// oldest first.
pub fn per_day(registered: impl IntoIterator<Item = NaiveDateTime>) -> Vec<(NaiveDate, usize)> {
    let mut days: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for at in registered {
        *days
            .entry((at + chrono::Duration::hours(8)).date())
            .or_default() += 1;
    }
    days.into_iter().collect()
}

/// Each day with its new teams and the running total.
pub fn cumulative(per_day: &[(NaiveDate, usize)]) -> Vec<(NaiveDate, usize, usize)> {
    let mut total = 0;
    per_day
        .iter()
        .map(|(d, n)| {
            total += n;
            (*d, *n, total)
        })
        .collect()
}

/// Where one team's students study.
#[derive(Debug, Default)]
pub struct TeamSchools {
    /// Their schools (blank names left out).
    pub schools: HashSet<String>,
    /// Their (school, department) pairs.
    pub departments: HashSet<(String, String)>,
}

impl TeamSchools {
    /// From each student's school and department, as their profiles say.
    pub fn of<'a>(
        students: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
    ) -> TeamSchools {
        let mut t = TeamSchools::default();
        for (school, department) in students {
            if let Some(s) = school.filter(|s| !s.trim().is_empty()) {
                t.schools.insert(s.to_string());
            }
            if let (Some(s), Some(d)) = (school, department) {
                t.departments.insert((s.to_string(), d.to_string()));
            }
        }
        t
    }

    /// Students from more than one school.
    pub fn cross_school(&self) -> bool {
        self.schools.len() > 1
    }

    /// Students from more than one department (the same department name at
    /// two schools counts as two).
    pub fn cross_department(&self) -> bool {
        self.departments.len() > 1
    }
}

/// Keys with their counts (counted once each, e.g. in grouped SQL), most
/// first, then by key.
pub fn rank_counts<K: Ord>(mut counted: Vec<(K, i64)>) -> Vec<(K, i64)> {
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counted
}

/// How many distinct things (teams, entries) each key has, most first, then
/// by key.
pub fn ranked<K: Ord + Hash>(counted: HashMap<K, HashSet<i32>>) -> Vec<(K, usize)> {
    let mut out: Vec<(K, usize)> = counted.into_iter().map(|(k, v)| (k, v.len())).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// `n` of `of` as a whole percentage; a dash when there is nothing to share.
pub fn share(n: usize, of: usize) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

/// Whether a table cell is a plain count (digits, no leading zero, not too
/// long), which a spreadsheet should take as a number; an id like "0012"
/// or a long number stays text.
pub fn is_count(cell: &str) -> bool {
    !cell.is_empty()
        && cell.len() < 16
        && cell.bytes().all(|b| b.is_ascii_digit())
        && (!cell.starts_with('0') || cell == "0")
}

/// A workbook sheet's name from its title: at most 31 characters, none
/// of []:*?/\ (Excel refuses the rest).
pub fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn registrations_are_counted_per_taipei_day() {
        let days = per_day([
            at("2026-03-01 15:59"),
            at("2026-03-01 16:00"),
            at("2026-03-02 01:00"),
        ]);
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(days, vec![(d("2026-03-01"), 1), (d("2026-03-02"), 2)]);
        assert_eq!(
            cumulative(&days),
            vec![(d("2026-03-01"), 1, 1), (d("2026-03-02"), 2, 3)]
        );
    }

    #[test]
    fn crossing_schools_and_departments() {
        let one = TeamSchools::of([
            (Some("國立臺灣大學"), Some("資工系")),
            (Some("國立臺灣大學"), Some("經濟系")),
            (Some(" "), None),
            (None, Some("x")),
        ]);
        assert!(!one.cross_school() && one.cross_department());
        let two = TeamSchools::of([
            (Some("國立臺灣大學"), Some("資工系")),
            (Some("國立政治大學"), Some("資工系")),
        ]);
        assert!(two.cross_school() && two.cross_department());
        assert!(!TeamSchools::of([]).cross_school());
    }

    #[test]
    fn counts_rank_most_first_then_by_name() {
        let mut m: HashMap<String, HashSet<i32>> = HashMap::new();
        m.entry("乙".into()).or_default().extend([1, 2]);
        m.entry("甲".into()).or_default().extend([3, 4, 4]);
        m.entry("丙".into()).or_default().insert(5);
        assert_eq!(
            ranked(m),
            vec![("乙".into(), 2), ("甲".into(), 2), ("丙".into(), 1)]
        );
    }

    #[test]
    fn shares_and_counts() {
        assert_eq!(share(1, 3), "33%");
        assert_eq!(share(0, 0), "—");
        assert!(is_count("0") && is_count("31"));
        assert!(!is_count("0012") && !is_count("") && !is_count("1.5"));
        assert!(!is_count("1234567890123456"));
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
