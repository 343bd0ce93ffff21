//! The advisory-group pack's arithmetic: which contest is the previous
//! year's, the calendar year data requests are counted over, figures of two
//! years side by side, and the change from one year to the next.

use chrono::{Datelike, NaiveDate};

/// The contest of the greatest year below `year` among `(id, year)`.
pub fn previous_year(contests: &[(i32, i32)], year: i32) -> Option<i32> {
    contests
        .iter()
        .filter(|(_, y)| *y < year)
        .max_by_key(|(_, y)| *y)
        .map(|(id, _)| *id)
}

/// The days data requests are counted over for the contest of `year`: 1
/// January to 31 December of that year, not past `today`; none while the
/// year has not begun.
pub fn calendar_year(year: i32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31)?.min(today);
    (from <= today).then_some((from, to))
}

/// Whether `today` falls before the end of `year` (its period is the year so far).
pub fn year_so_far(year: i32, today: NaiveDate) -> bool {
    today.year() <= year
}

/// A figure as shown: a count ("19"), a share ("54%"), days ("3.5"), or
/// anything else (text, "—", empty).
fn number(cell: &str) -> Option<(f64, bool)> {
    let cell = cell.trim();
    match cell.strip_suffix('%') {
        Some(n) => n.parse().ok().map(|n| (n, true)),
        None => cell.parse().ok().map(|n| (n, false)),
    }
}

/// The change from `before` to `now`, both as shown: a signed difference
/// ("+3", "−2", "0"), in percentage points for shares ("+14 pt"), one
/// decimal when either has one; empty when either is not a figure.
pub fn change(now: &str, before: &str) -> String {
    let (Some((a, share_a)), Some((b, share_b))) = (number(now), number(before)) else {
        return String::new();
    };
    if share_a != share_b {
        return String::new();
    }
    let d = a - b;
    let decimals = now.contains('.') || before.contains('.');
    let magnitude = if decimals {
        format!("{:.1}", d.abs())
    } else {
        format!("{:.0}", d.abs())
    };
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        ""
    };
    let unit = if share_a { " pt" } else { "" };
    format!("{sign}{magnitude}{unit}")
}

/// Rows of two years joined by their label (a track, a reason, a
/// publisher): this year's in their order, then those only the previous
/// year had; a year without the row has `None`.
pub type Joined = Vec<(String, Option<Vec<String>>, Option<Vec<String>>)>;

pub fn side_by_side(now: &[(String, Vec<String>)], before: &[(String, Vec<String>)]) -> Joined {
    let mut out: Joined = now
        .iter()
        .map(|(label, cells)| {
            let prev = before.iter().find(|(l, _)| l == label).map(|b| b.1.clone());
            (label.clone(), Some(cells.clone()), prev)
        })
        .collect();
    for (label, cells) in before {
        if !now.iter().any(|(l, _)| l == label) {
            out.push((label.clone(), None, Some(cells.clone())));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_previous_year_is_the_greatest_below() {
        let c = [(1, 2024), (2, 2026), (3, 2025), (4, 2027)];
        assert_eq!(previous_year(&c, 2026), Some(3));
        assert_eq!(previous_year(&c, 2024), None);
        assert_eq!(previous_year(&[(1, 2020)], 2026), Some(1));
    }

    #[test]
    fn requests_count_over_the_calendar_year_so_far() {
        let today = day("2026-11-27");
        assert_eq!(calendar_year(2026, today), Some((day("2026-01-01"), today)));
        assert_eq!(
            calendar_year(2025, today),
            Some((day("2025-01-01"), day("2025-12-31")))
        );
        assert_eq!(calendar_year(2027, today), None);
        assert_eq!(
            calendar_year(2026, day("2026-01-01")),
            Some((day("2026-01-01"), day("2026-01-01")))
        );
        assert!(year_so_far(2026, today) && !year_so_far(2025, today));
    }

    #[test]
    fn changes_are_signed_and_shares_in_points() {
        assert_eq!(change("19", "35"), "−16");
        assert_eq!(change("35", "19"), "+16");
        assert_eq!(change("4", "4"), "0");
        assert_eq!(change("54%", "40%"), "+14 pt");
        assert_eq!(change("3.5", "2"), "+1.5");
        assert_eq!(change("—", "3"), "");
        assert_eq!(change("3", ""), "");
        assert_eq!(change("50%", "3"), "");
    }

    #[test]
    fn rows_join_by_label_this_year_first() {
        let row = |l: &str, n: &str| (l.to_string(), vec![n.to_string()]);
        let j = side_by_side(
            &[row("乙", "2"), row("甲", "1")],
            &[row("甲", "5"), row("丙", "7")],
        );
        assert_eq!(
            j,
            vec![
                ("乙".into(), Some(vec!["2".into()]), None),
                ("甲".into(), Some(vec!["1".into()]), Some(vec!["5".into()])),
                ("丙".into(), None, Some(vec!["7".into()])),
            ]
        );
    }
}
