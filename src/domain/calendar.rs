//! Working days on the government office calendar (政府行政機關辦公日曆表,
//! published yearly by 行政院人事行政總處).
//!
//! Rules, as on the help page:
//! - a day is a working day when the calendar says 是否放假 = 0; days off
//!   (2) include weekends, holidays and 補假; make-up working Saturdays
//!   (補行上班) are working days;
//! - the day a request is routed is not counted (始日不計算, Administrative
//!   Procedure Act art. 48): the due date is the N-th working day after it;
//! - a request routed on a day off counts as routed on the next working day;
//! - where the calendar has no data for a date, Monday to Friday are working
//!   days and organisers are warned.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One row of the office calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub off: bool,
    pub note: String,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CalendarError {
    #[error("the file is neither UTF-8 nor Big5 text")]
    Encoding,
    #[error("the file has no column {0}")]
    MissingColumn(&'static str),
    #[error("line {line}: {problem}")]
    Row { line: usize, problem: String },
    #[error("the file has no days")]
    Empty,
    /// A year with missing days would silently fall back to Monday–Friday.
    #[error("the file does not cover all of {0}: every day of a year must be there")]
    Partial(i32),
}

/// Text of a calendar file: UTF-8 (with or without BOM), else Big5/cp950.
pub fn decode(bytes: &[u8]) -> Result<String, CalendarError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::BIG5.decode(bytes);
    if had_errors {
        return Err(CalendarError::Encoding);
    }
    Ok(text.into_owned())
}

/// Parses the published CSV: columns 西元日期 (YYYYMMDD), 星期, 是否放假
/// (2 = day off, 0 = working day), 備註. Column order does not matter.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<CalendarDay>, CalendarError> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CalendarError::Row {
            line: 1,
            problem: e.to_string(),
        })?
        .clone();
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or(CalendarError::MissingColumn(name))
    };
    let (date_col, off_col) = (column("西元日期")?, column("是否放假")?);
    let note_col = column("備註").ok();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| CalendarError::Row {
            line,
            problem: e.to_string(),
        })?;
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        let raw_date = record.get(date_col).unwrap_or("");
        let date =
            NaiveDate::parse_from_str(raw_date, "%Y%m%d").map_err(|_| CalendarError::Row {
                line,
                problem: format!("西元日期 {raw_date:?} is not a date like 20260101"),
            })?;
        let off = match record.get(off_col).unwrap_or("") {
            "2" => true,
            "0" => false,
            other => {
                return Err(CalendarError::Row {
                    line,
                    problem: format!("是否放假 {other:?} is neither 0 nor 2"),
                })
            }
        };
        if !seen.insert(date) {
            return Err(CalendarError::Row {
                line,
                problem: format!("{date} appears twice"),
            });
        }
        let note = note_col
            .and_then(|c| record.get(c))
            .unwrap_or("")
            .to_string();
        out.push(CalendarDay { date, off, note });
    }
    if out.is_empty() {
        return Err(CalendarError::Empty);
    }
    Ok(out)
}

/// The years a file covers completely (every day of the year present).
pub fn complete_years(days: &[CalendarDay]) -> Vec<i32> {
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for d in days {
        *per_year.entry(d.date.year()).or_default() += 1;
    }
    per_year
        .into_iter()
        .filter(|(y, n)| {
            let len = if NaiveDate::from_ymd_opt(*y, 2, 29).is_some() {
                366
            } else {
                365
            };
            *n == len
        })
        .map(|(y, _)| y)
        .collect()
}

/// Parses a file and checks it covers whole years: each year in it will
/// replace that year's days.
pub fn parse_whole_years(bytes: &[u8]) -> Result<Vec<CalendarDay>, CalendarError> {
    let days = parse_csv(bytes)?;
    let complete = complete_years(&days);
    if let Some(d) = days.iter().find(|d| !complete.contains(&d.date.year())) {
        return Err(CalendarError::Partial(d.date.year()));
    }
    Ok(days)
}

/// The working days from which the organisers' page and `due-date` work out
/// a due date, as typed: the routing day (YYYY-MM-DD, years 1900–2200, as
/// far-off years would only make the arithmetic overflow) and how many
/// working days (1–`max_days`; empty is `default_days`). A problem with
/// either is recorded beside its field.
pub fn due_query(
    from: &str,
    days: &str,
    default_days: u32,
    max_days: u32,
    errors: &mut super::FieldErrors,
) -> (Option<NaiveDate>, u32) {
    let from = match from.trim() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&d.year()) => Some(d),
            _ => {
                errors.push("from", "error-date");
                None
            }
        },
    };
    let days = match days.trim() {
        "" => default_days,
        raw => match raw
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=max_days).contains(d))
        {
            Some(d) => d,
            None => {
                errors.push("days", "error-calendar-days");
                default_days
            }
        },
    };
    (from, days)
}

/// A due date worked out on the calendar, with what an organiser should
/// know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCheck {
    /// The routing day asked about.
    pub from: NaiveDate,
    /// The day it counts as routed (the next working day when `from` is not one).
    pub start: NaiveDate,
    pub due: NaiveDate,
    /// The first day without calendar data up to the due date, where Monday
    /// to Friday were counted as working days.
    pub gap: Option<NaiveDate>,
}

impl DueCheck {
    /// Whether the routing day was not a working day.
    pub fn moved(&self) -> bool {
        self.start != self.from
    }
}

/// The office calendar the clock counts on: the imported official days
/// (date → day off), with the office closures declared for the portal's
/// area laid over them as days off.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, bool>,
    /// Office closures (停止上班) that apply: days off whatever the official
    /// calendar says, kept apart from it so that a re-imported year keeps
    /// them and `differs` compares the official days alone.
    closures: BTreeSet<NaiveDate>,
    /// Running counts over the days the calendar knows, so that a count of
    /// working days between two dates takes no walk (queues show hundreds).
    counts: Counts,
}

/// From the first day the calendar knows (or a closure) to the last, the
/// working days and the days with data before each day.
#[derive(Debug, Clone, Default)]
struct Counts {
    first: Option<NaiveDate>,
    /// `working[i]`: working days among the `i` days from `first`.
    working: Vec<u32>,
    /// `covered[i]`: days with calendar data among the `i` days from `first`.
    covered: Vec<u32>,
}

/// Monday to Friday in `(a, b]` (0 when b ≤ a): the rule for days the
/// calendar does not know.
fn weekdays_between(a: NaiveDate, b: NaiveDate) -> u32 {
    let days = (b - a).num_days();
    if days <= 0 {
        return 0;
    }
    let mut n = (days / 7) as u32 * 5;
    let mut d = a + Duration::days(days / 7 * 7);
    while d < b {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            n += 1;
        }
    }
    n
}

impl Calendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, bool)>) -> Calendar {
        Calendar {
            days: days.into_iter().collect(),
            closures: BTreeSet::new(),
            counts: Counts::default(),
        }
        .counted()
    }

    /// This calendar with these office closures as days off (and no others).
    pub fn with_closures(self, closures: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            closures: closures.into_iter().collect(),
            ..self
        }
        .counted()
    }

    /// This calendar with its running counts made.
    fn counted(mut self) -> Calendar {
        let first = [self.days.keys().next(), self.closures.iter().next()]
            .into_iter()
            .flatten()
            .min()
            .copied();
        let last = [
            self.days.keys().next_back(),
            self.closures.iter().next_back(),
        ]
        .into_iter()
        .flatten()
        .max()
        .copied();
        let mut counts = Counts::default();
        if let (Some(first), Some(last)) = (first, last) {
            let len = (last - first).num_days() as usize + 1;
            counts.working.reserve(len + 1);
            counts.covered.reserve(len + 1);
            let (mut working, mut covered) = (0, 0);
            counts.working.push(0);
            counts.covered.push(0);
            for i in 0..len {
                let d = first + Duration::days(i as i64);
                working += u32::from(self.is_working_day(d));
                covered += u32::from(self.covers(d));
                counts.working.push(working);
                counts.covered.push(covered);
            }
            counts.first = Some(first);
        }
        self.counts = counts;
        self
    }

    /// Where `d` falls among the counted days: how many counted days are
    /// before it or it itself (clamped to the counted span).
    fn index(&self, d: NaiveDate) -> Option<usize> {
        let first = self.counts.first?;
        let i = (d - first).num_days() + 1;
        Some(i.clamp(0, self.counts.working.len() as i64 - 1) as usize)
    }

    /// Whether offices were closed on this day by a closure that applies.
    pub fn is_closure(&self, d: NaiveDate) -> bool {
        self.closures.contains(&d)
    }

    /// The office closures that apply, in date order.
    pub fn closures(&self) -> impl DoubleEndedIterator<Item = NaiveDate> + '_ {
        self.closures.iter().copied()
    }

    /// Whether the official calendar (without closures) has this day off.
    pub fn is_official_day_off(&self, d: NaiveDate) -> bool {
        match self.days.get(&d) {
            Some(off) => *off,
            None => matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// Whether the calendar has data for this date.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.days.contains_key(&d)
    }

    /// The first date without data, from `a` to `b` inclusive.
    pub fn first_gap(&self, a: NaiveDate, b: NaiveDate) -> Option<NaiveDate> {
        // Every day from a to b known: no walk needed.
        if let (Some(first), Some(ia), Some(ib)) = (
            self.counts.first,
            self.index(a - Duration::days(1)),
            self.index(b),
        ) {
            if a >= first
                && b >= a
                && i64::from(self.counts.covered[ib] - self.counts.covered[ia])
                    == (b - a).num_days() + 1
            {
                return None;
            }
        }
        let mut d = a;
        while d <= b {
            if !self.covers(d) {
                return Some(d);
            }
            d += Duration::days(1);
        }
        None
    }

    /// A working day: not a day off on the official calendar, and offices
    /// were not closed.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !self.is_official_day_off(d) && !self.is_closure(d)
    }

    /// The day a request counts as routed: the day itself if it is a working
    /// day, else the next working day.
    pub fn effective_start(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// The `n`-th working day after `start` (start not counted; a start on a
    /// day off counts from the next working day). n = 0 gives that day.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = self.effective_start(start);
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `a` up to and including `b` (0 when b ≤ a).
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        if b <= a {
            return 0;
        }
        let (Some(first), Some(ia), Some(ib)) = (self.counts.first, self.index(a), self.index(b))
        else {
            return weekdays_between(a, b);
        };
        let last = first + Duration::days(self.counts.working.len() as i64 - 2);
        // Before the counted days and after them, Monday to Friday count.
        let before = weekdays_between(a, b.min(first - Duration::days(1)));
        let after = weekdays_between(a.max(last), b);
        before + (self.counts.working[ib] - self.counts.working[ia]) + after
    }

    /// The due date of something routed on `from`, `days` working days later.
    pub fn due_check(&self, from: NaiveDate, days: u32) -> DueCheck {
        let due = self.add_working_days(from, days);
        DueCheck {
            from,
            start: self.effective_start(from),
            due,
            gap: self.first_gap(from, due),
        }
    }

    /// Whether storing these days would change the calendar: a day it has
    /// no data for, or a day whose working or day-off status differs on the
    /// official calendar (office closures are not in the published file).
    pub fn differs(&self, days: &[CalendarDay]) -> bool {
        days.iter()
            .any(|d| !self.covers(d.date) || self.is_official_day_off(d.date) != d.off)
    }

    /// Working days from routing (as `add_working_days` counts them) to `b`.
    pub fn elapsed(&self, routed: NaiveDate, b: NaiveDate) -> u32 {
        self.working_days_between(self.effective_start(routed), b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn official() -> Calendar {
        let mut days = parse_csv(include_bytes!("../../assets/calendar/2025.csv")).unwrap();
        days.extend(parse_csv(include_bytes!("../../assets/calendar/2026.csv")).unwrap());
        Calendar::new(days.into_iter().map(|d| (d.date, d.off)))
    }

    /// The running counts give what walking day by day gives: over the
    /// official years, a closure, days before and after them, and a gap.
    #[test]
    fn counted_days_agree_with_walking_them() {
        let walk = |cal: &Calendar, a: NaiveDate, b: NaiveDate| {
            let (mut n, mut d) = (0, a);
            while d < b {
                d += Duration::days(1);
                n += u32::from(cal.is_working_day(d));
            }
            n
        };
        let walk_gap = |cal: &Calendar, a: NaiveDate, b: NaiveDate| {
            let mut d = a;
            while d <= b {
                if !cal.covers(d) {
                    return Some(d);
                }
                d += Duration::days(1);
            }
            None
        };
        let gappy: Vec<(NaiveDate, bool)> = official()
            .days
            .iter()
            .map(|(d, off)| (*d, *off))
            .filter(|(d, _)| d.month() != 7 || d.year() != 2025)
            .collect();
        let cals = [
            official(),
            official().with_closures([day("2026-07-24"), day("2027-01-05")]),
            Calendar::new(gappy),
            Calendar::default(),
        ];
        let start = day("2024-12-20");
        for cal in &cals {
            for i in (0..800).step_by(7) {
                for len in [0, 1, 3, 13, 40, 200, 500] {
                    let a = start + Duration::days(i);
                    let b = a + Duration::days(len);
                    assert_eq!(cal.working_days_between(a, b), walk(cal, a, b), "{a} {b}");
                    assert_eq!(cal.working_days_between(b, a), 0);
                    assert_eq!(cal.first_gap(a, b), walk_gap(cal, a, b), "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn both_encodings_and_the_bom_are_read() {
        let big5 = parse_csv(include_bytes!("../../assets/calendar/2025.csv")).unwrap();
        let utf8 = parse_csv(include_bytes!("../../tests/fixtures/calendar/2025.csv")).unwrap();
        assert_eq!(big5, utf8);
        assert_eq!(big5.len(), 365);
        assert_eq!(big5.iter().filter(|d| d.off).count(), 118);
        let make_up = big5.iter().find(|d| d.date == day("2025-02-08")).unwrap();
        assert!(!make_up.off && make_up.note == "補行上班");
        let bom = parse_csv(include_bytes!("../../assets/calendar/2026.csv")).unwrap();
        assert_eq!(bom.len(), 365);
        assert_eq!(bom[0].note, "開國紀念日");
        assert_eq!(complete_years(&bom), vec![2026]);
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        assert_eq!(
            parse_csv(b""),
            Err(CalendarError::MissingColumn("西元日期"))
        );
        assert_eq!(
            parse_csv("西元日期,星期,是否放假,備註\n".as_bytes()),
            Err(CalendarError::Empty)
        );
        assert!(matches!(
            parse_csv("西元日期,星期,是否放假,備註\n20260230,一,0,\n".as_bytes()),
            Err(CalendarError::Row { line: 2, .. })
        ));
        assert!(matches!(
            parse_csv("西元日期,是否放假\n20260101,1\n".as_bytes()),
            Err(CalendarError::Row { line: 2, .. })
        ));
        assert!(matches!(
            parse_csv("西元日期,是否放假\n20260101,2\n20260101,2\n".as_bytes()),
            Err(CalendarError::Row { line: 3, .. })
        ));
        assert_eq!(parse_csv(&[0xff, 0xfe, 0xff]), Err(CalendarError::Encoding));
    }

    #[test]
    fn a_partial_year_is_refused() {
        let csv = "西元日期,星期,是否放假,備註\n20270101,五,2,開國紀念日\n";
        assert_eq!(
            parse_whole_years(csv.as_bytes()),
            Err(CalendarError::Partial(2027))
        );
        let whole = parse_whole_years(include_bytes!("../../assets/calendar/2026.csv")).unwrap();
        assert_eq!(complete_years(&whole), vec![2026]);
    }

    #[test]
    fn an_office_closure_is_a_day_off_but_not_a_difference_from_the_published_file() {
        let c = official().with_closures([day("2026-09-29")]);
        assert!(!c.is_working_day(day("2026-09-29")));
        assert!(c.is_closure(day("2026-09-29")) && !c.is_official_day_off(day("2026-09-29")));
        // Routed Mon 21 Sep 2026: due Wed 14 Oct, Thu 15 Oct with the closure.
        assert_eq!(
            official().add_working_days(day("2026-09-21"), 14),
            day("2026-10-14")
        );
        assert_eq!(c.add_working_days(day("2026-09-21"), 14), day("2026-10-15"));
        let days = parse_csv(include_bytes!("../../assets/calendar/2026.csv")).unwrap();
        assert!(
            !c.differs(&days),
            "the closure is not in the published file"
        );
        assert_eq!(c.closures().collect::<Vec<_>>(), vec![day("2026-09-29")]);
        // A closure on a day already off changes nothing.
        let sunday = official().with_closures([day("2026-09-27")]);
        assert_eq!(
            sunday.add_working_days(day("2026-09-21"), 14),
            day("2026-10-14")
        );
    }

    #[test]
    fn a_reissued_year_differs_only_where_a_day_changed() {
        let c = official();
        let mut days = parse_csv(include_bytes!("../../assets/calendar/2026.csv")).unwrap();
        assert!(!c.differs(&days), "the same file again changes nothing");
        let last = days.last_mut().unwrap();
        assert_eq!(last.date, day("2026-12-31"));
        last.off = true;
        assert!(c.differs(&days), "New Year's Eve made a day off");
        assert!(Calendar::default().differs(&days[..1]), "a new year");
    }

    #[test]
    fn due_checks_say_where_counting_starts_and_where_data_ends() {
        let c = official();
        // Routed on 除夕: counted from Mon 23 Feb, due 14 working days later.
        let check = c.due_check(day("2026-02-16"), 14);
        assert_eq!(
            (check.start, check.due, check.gap),
            (day("2026-02-23"), day("2026-03-16"), None)
        );
        assert!(check.moved());
        let late = c.due_check(day("2026-12-28"), 14);
        assert!(!late.moved());
        assert_eq!(late.gap, Some(day("2027-01-01")));
    }

    #[test]
    fn typed_due_queries_are_checked() {
        let mut e = crate::domain::FieldErrors::default();
        assert_eq!(
            due_query("2026-02-16", "14", 14, 120, &mut e),
            (Some(day("2026-02-16")), 14)
        );
        assert_eq!(due_query("", "", 14, 120, &mut e), (None, 14));
        assert!(e.is_empty());
        assert_eq!(due_query("16/02/2026", "abc", 14, 120, &mut e), (None, 14));
        assert_eq!(e.get("from"), Some("error-date"));
        assert_eq!(e.get("days"), Some("error-calendar-days"));
        let mut e = crate::domain::FieldErrors::default();
        assert_eq!(
            due_query("9999-01-01\0", "121", 14, 120, &mut e),
            (None, 14)
        );
        assert_eq!(due_query("0800-01-01", "0", 7, 120, &mut e), (None, 7));
        assert_eq!(due_query("2026-02-16", "1000", 14, 1000, &mut e).1, 1000);
        assert_eq!(
            (e.get("from"), e.get("days")),
            (Some("error-date"), Some("error-calendar-days"))
        );
    }

    #[test]
    fn lunar_new_year_2026_is_skipped() {
        let c = official();
        // Routed Thu 12 Feb: 13 Feb is the 1st working day; 14–22 Feb are off
        // (weekend, 小年夜, 除夕, 春節, 補假, weekend); 23 Feb is the 2nd.
        assert_eq!(c.add_working_days(day("2026-02-12"), 1), day("2026-02-13"));
        assert_eq!(c.add_working_days(day("2026-02-12"), 2), day("2026-02-23"));
        // Routed on 除夕 (a day off) counts as routed on Mon 23 Feb.
        assert_eq!(c.effective_start(day("2026-02-16")), day("2026-02-23"));
        assert_eq!(c.add_working_days(day("2026-02-16"), 1), day("2026-02-24"));
    }

    #[test]
    fn the_228_holiday_and_its_bridge_day_are_skipped() {
        let c = official();
        // 27 Feb 2026 (Fri) is 補假, 28 Feb is 和平紀念日 on a Saturday.
        assert!(!c.is_working_day(day("2026-02-27")));
        assert_eq!(c.add_working_days(day("2026-02-26"), 1), day("2026-03-02"));
    }

    #[test]
    fn a_make_up_saturday_is_a_working_day() {
        let c = official();
        assert!(c.is_working_day(day("2025-02-08")));
        // Routed Fri 7 Feb 2025: Sat 8 Feb (補行上班) is the first working day.
        assert_eq!(c.add_working_days(day("2025-02-07"), 1), day("2025-02-08"));
    }

    #[test]
    fn fourteen_working_days_cross_the_year_boundary() {
        let c = official();
        // Routed Wed 17 Dec 2025; 25 Dec 2025 is off (行憲紀念日), so is 1 Jan 2026.
        let due = c.add_working_days(day("2025-12-17"), 14);
        assert_eq!(c.working_days_between(day("2025-12-17"), due), 14);
        assert_eq!(due, day("2026-01-08"));
    }

    #[test]
    fn without_data_monday_to_friday_are_working_days() {
        let c = Calendar::default();
        assert_eq!(c.add_working_days(day("2030-01-04"), 1), day("2030-01-07"));
        assert_eq!(
            c.first_gap(day("2030-01-01"), day("2030-01-02")),
            Some(day("2030-01-01"))
        );
        assert_eq!(
            official().first_gap(day("2026-12-30"), day("2026-12-31")),
            None
        );
        assert_eq!(
            official().first_gap(day("2026-12-30"), day("2027-01-01")),
            Some(day("2027-01-01"))
        );
    }

    #[test]
    fn adding_then_counting_back_gives_the_same_number() {
        let c = official();
        // Deterministic pseudo-random starts across both years and beyond.
        let mut seed: u64 = 0x2026_0228;
        for _ in 0..2000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let start = day("2024-12-01") + Duration::days((seed >> 33) as i64 % 800);
            let n = ((seed >> 13) % 40) as u32;
            let due = c.add_working_days(start, n);
            assert_eq!(c.elapsed(start, due), n, "{start} + {n} = {due}");
            assert!(c.is_working_day(due));
            assert!(due >= start);
        }
    }
}
