//! The contest timeline: milestones kept in UTC, entered and shown in
//! Asia/Taipei, the phase a contest is in at a given instant, the next
//! deadline, the registration window and which tracks are open in it, and
//! deadlines moved by extensions (track-wide or for one team).

use chrono::{Duration, FixedOffset, NaiveDateTime, TimeZone};
use serde::Serialize;

use super::text::{self, Kind};
use super::{FieldError, FieldErrors};

/// Taiwan has kept UTC+8 without daylight saving since 1979.
pub fn taipei() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// The ROC (民國) year of a Western year: 2025 → 114.
pub fn roc_year(year: i32) -> i32 {
    year - 1911
}

/// Parses a Taipei wall-clock time as typed in `<input type="datetime-local">`
/// ("2025-05-01T09:00", seconds optional) into UTC.
pub fn parse_taipei_local(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    let local = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .ok()?;
    taipei()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.naive_utc())
}

/// A UTC instant as the value of a datetime-local input, in Taipei time.
pub fn taipei_input_value(utc: &NaiveDateTime) -> String {
    taipei()
        .from_utc_datetime(utc)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    pub registration_opens: Option<NaiveDateTime>,
    pub registration_closes: Option<NaiveDateTime>,
    pub submission_deadline: Option<NaiveDateTime>,
    pub review_starts: Option<NaiveDateTime>,
    pub review_ends: Option<NaiveDateTime>,
    pub judging_starts: Option<NaiveDateTime>,
    pub judging_ends: Option<NaiveDateTime>,
    pub finals_at: Option<NaiveDateTime>,
    pub results_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Announced; registration has not opened.
    Upcoming,
    Registration,
    /// Registration closed; teams finish and submit their entries.
    Submission,
    EligibilityReview,
    Judging,
    Finals,
    Results,
}

impl Phase {
    pub fn message_id(self) -> &'static str {
        match self {
            Phase::Upcoming => "phase-upcoming",
            Phase::Registration => "phase-registration",
            Phase::Submission => "phase-submission",
            Phase::EligibilityReview => "phase-review",
            Phase::Judging => "phase-judging",
            Phase::Finals => "phase-finals",
            Phase::Results => "phase-results",
        }
    }
}

/// One dated step of the timeline, for display and countdowns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub key: &'static str,
    pub at: NaiveDateTime,
    /// The phase that begins at this instant, if one does.
    pub begins: Option<Phase>,
}

impl Timeline {
    /// Every milestone that has a date, in timeline order.
    pub fn milestones(&self) -> Vec<Milestone> {
        let all = [
            (
                "registration_opens",
                self.registration_opens,
                Some(Phase::Registration),
            ),
            (
                "registration_closes",
                self.registration_closes,
                Some(Phase::Submission),
            ),
            (
                "submission_deadline",
                self.submission_deadline,
                Some(Phase::EligibilityReview),
            ),
            (
                "review_starts",
                self.review_starts,
                Some(Phase::EligibilityReview),
            ),
            ("review_ends", self.review_ends, None),
            ("judging_starts", self.judging_starts, Some(Phase::Judging)),
            ("judging_ends", self.judging_ends, None),
            ("finals", self.finals_at, Some(Phase::Finals)),
            ("results", self.results_at, Some(Phase::Results)),
        ];
        all.into_iter()
            .filter_map(|(key, at, begins)| at.map(|at| Milestone { key, at, begins }))
            .collect()
    }

    /// The phase at `now`: the phase begun by the latest milestone at or
    /// before `now`. A deadline is exclusive: at the very second of
    /// `registration_closes`, registration is over.
    pub fn phase_at(&self, now: NaiveDateTime) -> Phase {
        self.milestones()
            .into_iter()
            .filter(|m| m.at <= now)
            .filter_map(|m| m.begins.map(|p| (m.at, p)))
            .max_by_key(|(at, p)| (*at, *p))
            .map(|(_, p)| p)
            .unwrap_or(Phase::Upcoming)
    }

    /// The first milestone after `now`, for the countdown.
    pub fn next_milestone(&self, now: NaiveDateTime) -> Option<Milestone> {
        self.milestones()
            .into_iter()
            .filter(|m| m.at > now)
            .min_by_key(|m| m.at)
    }

    /// Problems an organiser should fix: milestones out of order.
    pub fn order_problems(&self) -> Vec<(&'static str, &'static str)> {
        let ms = self.milestones();
        ms.windows(2)
            .filter(|w| w[1].at < w[0].at)
            .map(|w| (w[0].key, w[1].key))
            .collect()
    }
}

/// The timeline's fields as the contest form names them, in timeline order.
pub const TIMELINE_FIELDS: [&str; 9] = [
    "registration_opens",
    "registration_closes",
    "submission_deadline",
    "review_starts",
    "review_ends",
    "judging_starts",
    "judging_ends",
    "finals",
    "results",
];

impl Timeline {
    /// The date of a milestone by its form field's name.
    pub fn get(&self, field: &str) -> Option<NaiveDateTime> {
        match field {
            "registration_opens" => self.registration_opens,
            "registration_closes" => self.registration_closes,
            "submission_deadline" => self.submission_deadline,
            "review_starts" => self.review_starts,
            "review_ends" => self.review_ends,
            "judging_starts" => self.judging_starts,
            "judging_ends" => self.judging_ends,
            "finals" => self.finals_at,
            "results" => self.results_at,
            _ => None,
        }
    }

    /// The timeline as typed on the contest form (`typed` gives each
    /// field's Taipei time; empty is "not decided yet"). An unreadable date is
    /// refused on its field, and a milestone earlier than the one before it
    /// on the later one.
    pub fn from_form<'a>(typed: impl Fn(&str) -> &'a str) -> Result<Timeline, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut dates = [None; 9];
        for (i, field) in TIMELINE_FIELDS.into_iter().enumerate() {
            let raw = typed(field).trim();
            if raw.is_empty() {
                continue;
            }
            match parse_taipei_local(raw) {
                Some(t) => dates[i] = Some(t),
                None => errors.push(field, "error-date-invalid"),
            }
        }
        let [registration_opens, registration_closes, submission_deadline, review_starts, review_ends, judging_starts, judging_ends, finals_at, results_at] =
            dates;
        let timeline = Timeline {
            registration_opens,
            registration_closes,
            submission_deadline,
            review_starts,
            review_ends,
            judging_starts,
            judging_ends,
            finals_at,
            results_at,
        };
        for (_, later) in timeline.order_problems() {
            let field = TIMELINE_FIELDS
                .into_iter()
                .find(|k| *k == later)
                .unwrap_or("results");
            errors.push(field, "error-timeline-order");
        }
        errors.or(timeline)
    }
}

/// Whether registration is open at `now`, given the contest's dates and the
/// deadline that applies to this team (see `effective_deadline`).
pub fn registration_open(
    opens: Option<NaiveDateTime>,
    closes: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> bool {
    let opened = opens.is_none_or(|o| o <= now);
    let not_closed = closes.is_none_or(|c| now < c);
    opened && not_closed && (opens.is_some() || closes.is_some())
}

/// The deadline that applies: the contest's, unless a track-wide or a
/// team's own extension moves it later. Extensions never shorten it.
pub fn effective_deadline(
    base: Option<NaiveDateTime>,
    extensions: impl IntoIterator<Item = Option<NaiveDateTime>>,
) -> Option<NaiveDateTime> {
    extensions
        .into_iter()
        .flatten()
        .fold(base, |acc, e| match acc {
            Some(a) if a >= e => Some(a),
            Some(_) => Some(e),
            None => None,
        })
}

/// The tracks open for registration at `at`: the contest's window, each
/// track's closing moved by its track-wide extension (`tracks`: id and the
/// track's own closing, if extended).
pub fn open_tracks(
    opens: Option<NaiveDateTime>,
    closes: Option<NaiveDateTime>,
    tracks: impl IntoIterator<Item = (i32, Option<NaiveDateTime>)>,
    at: NaiveDateTime,
) -> Vec<i32> {
    tracks
        .into_iter()
        .filter(|(_, track_closes)| {
            registration_open(opens, effective_deadline(closes, [*track_closes]), at)
        })
        .map(|(id, _)| id)
        .collect()
}

/// Which deadline an extension moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// Registration closes: the team may change its members and tracks.
    Registration,
    /// The entry submission deadline.
    Submission,
}

impl Deadline {
    pub const fn as_str(self) -> &'static str {
        match self {
            Deadline::Registration => "registration",
            Deadline::Submission => "submission",
        }
    }

    pub fn parse(s: &str) -> Option<Deadline> {
        match s {
            "registration" => Some(Deadline::Registration),
            "submission" => Some(Deadline::Submission),
            _ => None,
        }
    }

    /// The Fluent id of the milestone it moves.
    pub fn message_id(self) -> &'static str {
        match self {
            Deadline::Registration => "milestone-registration-closes",
            Deadline::Submission => "milestone-submission-deadline",
        }
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with a stored name ("submission" …), for code written before
/// the deadline was an enum.
impl PartialEq<&str> for Deadline {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The longest reason an extension may give.
pub const EXTENSION_REASON_MAX: usize = 500;

/// An organiser's extension of a deadline, track-wide or for one team: which
/// deadline, until when (UTC), and why — the reason is required, because it
/// is what the audit log and the team's history keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub deadline: Deadline,
    pub until: NaiveDateTime,
    pub reason: String,
}

/// An extension as typed on the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtensionForm {
    pub deadline: String,
    pub until: String,
    pub reason: String,
}

impl ExtensionForm {
    pub fn parse(&self) -> Result<Extension, FieldErrors> {
        Extension::parse(&self.deadline, &self.until, &self.reason)
    }
}

impl Extension {
    /// Reads the extension form: the deadline's name, a Taipei time, a reason.
    pub fn parse(deadline: &str, until: &str, reason: &str) -> Result<Extension, FieldErrors> {
        let mut errors = FieldErrors::default();
        let deadline = Deadline::parse(deadline.trim());
        if deadline.is_none() {
            errors.push("deadline", "error-deadline-kind");
        }
        let until = parse_taipei_local(until);
        if until.is_none() {
            errors.push("until", "error-date-invalid");
        }
        let reason = reason.trim();
        if let Some(m) = text::refusal(reason, Kind::Paragraph) {
            errors.add(FieldError::new("reason", m));
        } else if reason.is_empty() || reason.chars().count() > EXTENSION_REASON_MAX {
            errors.push("reason", "error-reason-required");
        }
        match (deadline, until) {
            (Some(deadline), Some(until)) if errors.is_empty() => Ok(Extension {
                deadline,
                until,
                reason: reason.to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// The two deadlines an extension can move, as they apply now to the track
/// or team being extended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub registration: Option<NaiveDateTime>,
    pub submission: Option<NaiveDateTime>,
}

/// Whether an extension fits the timeline: it must move its deadline later
/// (an extension never shortens), registration may not close after entries
/// are due, and entries may not be due once the eligibility review has
/// ended. The refusal names the `until` field.
pub fn check_extension(
    e: &Extension,
    current: Deadlines,
    timeline: &Timeline,
) -> Result<(), FieldErrors> {
    let (now_due, must_end_by) = match e.deadline {
        Deadline::Registration => (
            current.registration,
            current
                .submission
                .map(|s| (s, "error-extension-past-submission")),
        ),
        Deadline::Submission => (
            current.submission,
            timeline
                .review_ends
                .map(|r| (r, "error-extension-past-review")),
        ),
    };
    if now_due.is_some_and(|d| e.until <= d) {
        return Err(FieldErrors::one("until", "error-extension-not-later"));
    }
    match must_end_by {
        Some((limit, message)) if e.until > limit => Err(FieldErrors::one("until", message)),
        _ => Ok(()),
    }
}

/// Days, hours and minutes left until `target` (zero once it has passed).
pub fn countdown(now: NaiveDateTime, target: NaiveDateTime) -> (i64, i64, i64) {
    let left = (target - now).max(Duration::zero());
    (
        left.num_days(),
        left.num_hours() % 24,
        left.num_minutes() % 60,
    )
}

impl Timeline {
    /// The timeline as it holds for the given tracks: registration closes and
    /// entries are due at the latest of their effective deadlines (each
    /// track's extension moves the contest's date later, never earlier).
    /// `tracks`: each track's own (registration, submission) extensions.
    pub fn effective_for(
        &self,
        tracks: &[(Option<NaiveDateTime>, Option<NaiveDateTime>)],
    ) -> Timeline {
        let latest = |base: Option<NaiveDateTime>, own: &dyn Fn(usize) -> Option<NaiveDateTime>| {
            (0..tracks.len())
                .filter_map(|i| effective_deadline(base, [own(i)]))
                .max()
                .or(base)
        };
        Timeline {
            registration_closes: latest(self.registration_closes, &|i| tracks[i].0),
            submission_deadline: latest(self.submission_deadline, &|i| tracks[i].1),
            ..self.clone()
        }
    }

    /// The phase at `now`, where published results begin the results
    /// phase whatever the results date says.
    pub fn phase_with_results(&self, now: NaiveDateTime, published: bool) -> Phase {
        if published {
            Phase::Results
        } else {
            self.phase_at(now)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(s: &str) -> NaiveDateTime {
        parse_taipei_local(s).unwrap()
    }

    fn timeline() -> Timeline {
        Timeline {
            registration_opens: Some(tp("2025-03-01T09:00")),
            registration_closes: Some(tp("2025-05-01T00:00")),
            submission_deadline: Some(tp("2025-06-30T17:00")),
            review_starts: Some(tp("2025-07-01T09:00")),
            review_ends: Some(tp("2025-07-15T17:00")),
            judging_starts: Some(tp("2025-07-20T09:00")),
            judging_ends: Some(tp("2025-08-10T17:00")),
            finals_at: Some(tp("2025-09-20T09:00")),
            results_at: Some(tp("2025-09-30T12:00")),
        }
    }

    fn extension(deadline: Deadline, until: &str) -> Extension {
        Extension {
            deadline,
            until: tp(until),
            reason: "颱風".into(),
        }
    }

    fn refusal(r: Result<(), FieldErrors>) -> Option<&'static str> {
        r.err().map(|e| e.first().unwrap().message)
    }

    #[test]
    fn an_extension_moves_later_and_keeps_the_timeline_in_order() {
        let t = timeline();
        let now = Deadlines {
            registration: t.registration_closes,
            submission: t.submission_deadline,
        };
        let reg = |until| {
            refusal(check_extension(
                &extension(Deadline::Registration, until),
                now,
                &t,
            ))
        };
        let sub = |until| {
            refusal(check_extension(
                &extension(Deadline::Submission, until),
                now,
                &t,
            ))
        };
        assert_eq!(reg("2025-05-10T17:00"), None);
        assert_eq!(
            reg("2025-06-30T17:00"),
            None,
            "up to the submission deadline"
        );
        assert_eq!(reg("2025-04-20T17:00"), Some("error-extension-not-later"));
        assert_eq!(reg("2025-05-01T00:00"), Some("error-extension-not-later"));
        assert_eq!(
            reg("2025-07-01T00:00"),
            Some("error-extension-past-submission")
        );
        assert_eq!(sub("2025-07-05T17:00"), None);
        assert_eq!(sub("2025-06-01T17:00"), Some("error-extension-not-later"));
        assert_eq!(sub("2025-07-16T00:00"), Some("error-extension-past-review"));
        // A team whose submission was extended may have registration
        // extended up to that later date.
        let later = Deadlines {
            submission: Some(tp("2025-07-10T17:00")),
            ..now
        };
        let e = extension(Deadline::Registration, "2025-07-05T17:00");
        assert_eq!(refusal(check_extension(&e, later, &t)), None);
        // Without dates set, nothing contradicts.
        let e = extension(Deadline::Submission, "2025-07-05T17:00");
        assert_eq!(
            refusal(check_extension(
                &e,
                Deadlines::default(),
                &Timeline::default()
            )),
            None
        );
    }

    #[test]
    fn taipei_input_is_utc_plus_eight() {
        let utc = tp("2025-05-01T00:00");
        assert_eq!(utc.to_string(), "2025-04-30 16:00:00");
        assert_eq!(taipei_input_value(&utc), "2025-05-01T00:00");
        assert!(parse_taipei_local("2025-02-30T00:00").is_none());
        assert!(parse_taipei_local("yesterday").is_none());
        assert_eq!(roc_year(2025), 114);
    }

    #[test]
    fn phases_change_exactly_at_each_milestone() {
        let t = timeline();
        let s = Duration::seconds(1);
        let cases = [
            (
                t.registration_opens.unwrap(),
                Phase::Upcoming,
                Phase::Registration,
            ),
            (
                t.registration_closes.unwrap(),
                Phase::Registration,
                Phase::Submission,
            ),
            (
                t.submission_deadline.unwrap(),
                Phase::Submission,
                Phase::EligibilityReview,
            ),
            (
                t.judging_starts.unwrap(),
                Phase::EligibilityReview,
                Phase::Judging,
            ),
            (t.finals_at.unwrap(), Phase::Judging, Phase::Finals),
            (t.results_at.unwrap(), Phase::Finals, Phase::Results),
        ];
        for (at, before, after) in cases {
            assert_eq!(t.phase_at(at - s), before, "one second before {at}");
            assert_eq!(t.phase_at(at), after, "at {at}");
            assert_eq!(t.phase_at(at + s), after, "one second after {at}");
        }
    }

    #[test]
    fn taipei_midnight_is_not_utc_midnight() {
        let t = timeline();
        // 2025-04-30 20:00 UTC is already 05-01 04:00 in Taipei: closed.
        let utc_evening =
            NaiveDateTime::parse_from_str("2025-04-30 20:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(t.phase_at(utc_evening), Phase::Submission);
        // 2025-04-30 15:59 UTC is 23:59 in Taipei: still open.
        let before =
            NaiveDateTime::parse_from_str("2025-04-30 15:59:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(t.phase_at(before), Phase::Registration);
    }

    #[test]
    fn missing_dates_are_skipped() {
        let t = Timeline {
            registration_opens: Some(tp("2025-03-01T09:00")),
            ..Default::default()
        };
        assert_eq!(t.phase_at(tp("2025-01-01T00:00")), Phase::Upcoming);
        assert_eq!(t.phase_at(tp("2026-01-01T00:00")), Phase::Registration);
        assert_eq!(
            Timeline::default().phase_at(tp("2026-01-01T00:00")),
            Phase::Upcoming
        );
    }

    #[test]
    fn next_milestone_and_countdown() {
        let t = timeline();
        let now = tp("2025-04-29T12:00");
        let next = t.next_milestone(now).unwrap();
        assert_eq!(next.key, "registration_closes");
        assert_eq!(countdown(now, next.at), (1, 12, 0));
        assert_eq!(countdown(next.at, now), (0, 0, 0));
        assert!(t.next_milestone(tp("2026-01-01T00:00")).is_none());
    }

    #[test]
    fn registration_window_and_extensions() {
        let (o, c) = (tp("2025-03-01T09:00"), tp("2025-05-01T00:00"));
        let (opens, closes) = (Some(o), Some(c));
        let s = Duration::seconds(1);
        assert!(!registration_open(opens, closes, o - s));
        assert!(registration_open(opens, closes, o));
        assert!(registration_open(opens, closes, c - s));
        assert!(!registration_open(opens, closes, c));
        assert!(!registration_open(None, None, c), "no dates: not open");

        let later = Some(tp("2025-05-03T00:00"));
        assert_eq!(effective_deadline(closes, [None, later]), later);
        assert_eq!(
            effective_deadline(closes, [Some(tp("2025-04-01T00:00"))]),
            closes,
            "never shortened"
        );
        assert_eq!(
            effective_deadline(None, [later]),
            None,
            "no deadline stays none"
        );
        let team = effective_deadline(closes, [later]);
        assert!(registration_open(opens, team, c + s));
    }

    #[test]
    fn open_tracks_follow_track_wide_extensions() {
        let (o, c) = (tp("2025-03-01T09:00"), tp("2025-05-01T00:00"));
        let later = tp("2025-05-03T00:00");
        let tracks = [
            (1, None),
            (2, Some(later)),
            (3, Some(tp("2025-04-01T00:00"))),
        ];
        let s = Duration::seconds(1);
        assert_eq!(
            open_tracks(Some(o), Some(c), tracks, o - s),
            Vec::<i32>::new()
        );
        assert_eq!(open_tracks(Some(o), Some(c), tracks, c - s), vec![1, 2, 3]);
        assert_eq!(
            open_tracks(Some(o), Some(c), tracks, c),
            vec![2],
            "an earlier track date never shortens the contest's"
        );
        assert_eq!(
            open_tracks(Some(o), Some(c), tracks, later),
            Vec::<i32>::new()
        );
        assert!(
            open_tracks(None, None, tracks, c).is_empty(),
            "no dates: closed"
        );
    }

    #[test]
    fn extensions_need_a_deadline_a_time_and_a_reason() {
        let e = Extension::parse("registration", "2025-05-03T00:00", "  颱風停課 ").unwrap();
        assert_eq!(e.deadline, Deadline::Registration);
        assert_eq!(e.until, tp("2025-05-03T00:00"));
        assert_eq!(e.reason, "颱風停課");
        let errors = Extension::parse("finals", "tomorrow", "").unwrap_err();
        assert_eq!(errors.get("deadline"), Some("error-deadline-kind"));
        assert_eq!(errors.get("until"), Some("error-date-invalid"));
        assert_eq!(errors.get("reason"), Some("error-reason-required"));
        let long = "因".repeat(EXTENSION_REASON_MAX + 1);
        assert!(Extension::parse("submission", "2025-05-03T00:00", &long).is_err());
        let errors = Extension::parse("submission", "2025-05-03T00:00", "系統\0問題").unwrap_err();
        assert_eq!(errors.get("reason"), Some("error-text-control"));
        assert!(
            Extension::parse("submission", "2025-05-03T00:00", "第一行\n第二行").is_ok(),
            "a reason may have several lines"
        );
        assert!(Deadline::Submission == "submission");
        assert_eq!(Deadline::parse("Submission"), None);
    }

    #[test]
    fn the_contest_form_reads_taipei_times_in_order() {
        let typed = |f: &str| match f {
            "registration_opens" => "2025-03-01T09:00",
            "registration_closes" => "2025-05-01T00:00",
            "finals" => " ",
            _ => "",
        };
        let t = Timeline::from_form(typed).unwrap();
        assert_eq!(t.registration_closes, Some(tp("2025-05-01T00:00")));
        assert_eq!(t.get("registration_opens"), t.registration_opens);
        assert_eq!(t.finals_at, None);
        let backwards = |f: &str| match f {
            "registration_opens" => "2025-03-01T09:00",
            "registration_closes" => "2025-02-01T09:00",
            "results" => "someday",
            _ => "",
        };
        let errors = Timeline::from_form(backwards).unwrap_err();
        assert_eq!(
            errors.get("registration_closes"),
            Some("error-timeline-order")
        );
        assert_eq!(errors.get("results"), Some("error-date-invalid"));
    }

    #[test]
    fn order_problems_are_reported() {
        let mut t = timeline();
        assert!(t.order_problems().is_empty());
        t.registration_closes = Some(tp("2025-02-01T00:00"));
        assert_eq!(
            t.order_problems(),
            vec![("registration_opens", "registration_closes")]
        );
    }

    #[test]
    fn a_track_extension_moves_the_public_deadline_later_never_earlier() {
        let t = timeline();
        let later = tp("2099-12-31T17:00");
        let sooner = tp("2000-01-01T00:00");
        let e = t.effective_for(&[(Some(later), None), (None, Some(sooner))]);
        assert_eq!(e.registration_closes, Some(later));
        assert_eq!(e.submission_deadline, t.submission_deadline);
        assert_eq!(t.effective_for(&[]), t);
        assert_eq!(
            t.phase_with_results(tp("2000-01-01T00:00"), true),
            Phase::Results
        );
    }
}
