//! Data requests for datasets not yet released: the states, who may move a
//! request from one to another, and the deadline clock.
//!
//! ```text
//! submitted ──route──▶ routed ──approve──▶ approved ──publish──▶ published
//!     │                 │  ▲ ──publish──────────────────────────▶ published
//!     │                 │  │ ──reject───▶ rejected
//!     │                 │  answer
//!     │                 ├──ask-info──▶ info-requested (clock paused)
//!     │  ◀──hand-back───┘             (also hands back)
//!     ├──close as available / duplicate / out of scope
//!     └──withdraw (requester, until answered) ──▶ withdrawn
//! ```

use chrono::NaiveDate;

use super::calendar::Calendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Submitted,
    Routed,
    InfoRequested,
    Approved,
    Published,
    Rejected,
    Available,
    Duplicate,
    OutOfScope,
    Withdrawn,
}

pub const STATES: [State; 10] = [
    State::Submitted,
    State::Routed,
    State::InfoRequested,
    State::Approved,
    State::Published,
    State::Rejected,
    State::Available,
    State::Duplicate,
    State::OutOfScope,
    State::Withdrawn,
];

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Routed => "routed",
            State::InfoRequested => "info-requested",
            State::Approved => "approved",
            State::Published => "published",
            State::Rejected => "rejected",
            State::Available => "available",
            State::Duplicate => "duplicate",
            State::OutOfScope => "out-of-scope",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        STATES.iter().copied().find(|st| st.as_str() == s)
    }

    /// Still waiting for someone to act.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Submitted | State::Routed | State::InfoRequested | State::Approved
        )
    }

    /// With a business unit, and its clock running (or paused).
    pub fn with_unit(self) -> bool {
        matches!(self, State::Routed | State::InfoRequested)
    }
}

/// Who is acting, relative to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Requester,
    Organiser,
    /// A reviewer of the unit the request is routed to.
    Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Route,
    CloseAvailable,
    CloseDuplicate,
    CloseOutOfScope,
    Approve,
    Publish,
    Reject,
    AskInfo,
    Answer,
    HandBack,
    Withdraw,
}

pub const ACTIONS: [Action; 11] = [
    Action::Route,
    Action::CloseAvailable,
    Action::CloseDuplicate,
    Action::CloseOutOfScope,
    Action::Approve,
    Action::Publish,
    Action::Reject,
    Action::AskInfo,
    Action::Answer,
    Action::HandBack,
    Action::Withdraw,
];

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Route => "route",
            Action::CloseAvailable => "close-available",
            Action::CloseDuplicate => "close-duplicate",
            Action::CloseOutOfScope => "close-out-of-scope",
            Action::Approve => "approve",
            Action::Publish => "publish",
            Action::Reject => "reject",
            Action::AskInfo => "ask-info",
            Action::Answer => "answer",
            Action::HandBack => "hand-back",
            Action::Withdraw => "withdraw",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        ACTIONS.iter().copied().find(|a| a.as_str() == s)
    }

    /// The unit's answer to the request (what the deadline measures).
    pub fn is_answer(self) -> bool {
        matches!(self, Action::Approve | Action::Publish | Action::Reject)
    }

    fn allowed_for(self, actor: Actor) -> bool {
        match self {
            Action::Route
            | Action::CloseAvailable
            | Action::CloseDuplicate
            | Action::CloseOutOfScope => actor == Actor::Organiser,
            Action::Approve | Action::Reject | Action::AskInfo | Action::HandBack => {
                actor == Actor::Unit
            }
            // The organiser or the unit enters the dataset id once it is out.
            Action::Publish => matches!(actor, Actor::Unit | Actor::Organiser),
            Action::Answer | Action::Withdraw => actor == Actor::Requester,
        }
    }

    fn target(self, from: State) -> Option<State> {
        use State::*;
        Some(match (self, from) {
            (Action::Route, Submitted) => Routed,
            (Action::CloseAvailable, Submitted) => Available,
            (Action::CloseDuplicate, Submitted) => Duplicate,
            (Action::CloseOutOfScope, Submitted) => OutOfScope,
            (Action::Approve, Routed) => Approved,
            (Action::Publish, Routed | Approved) => Published,
            (Action::Reject, Routed) => Rejected,
            (Action::AskInfo, Routed) => InfoRequested,
            (Action::Answer, InfoRequested) => Routed,
            (Action::HandBack, Routed | InfoRequested) => Submitted,
            (Action::Withdraw, Submitted | Routed | InfoRequested) => Withdrawn,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This actor may never take this action (403).
    NotYours,
    /// Not from this state (409).
    WrongState,
}

/// The state after `action`, if `actor` may take it from `from`.
pub fn transition(from: State, action: Action, actor: Actor) -> Result<State, Refusal> {
    if !action.allowed_for(actor) {
        return Err(Refusal::NotYours);
    }
    action.target(from).ok_or(Refusal::WrongState)
}

/// The actions that someone in any of `roles` may take on a request in `state`.
pub fn available(state: State, roles: &[Actor]) -> Vec<Action> {
    ACTIONS
        .into_iter()
        .filter(|a| roles.iter().any(|who| transition(state, *a, *who).is_ok()))
        .collect()
}

/// One of the actions with what it needs, checked: the unit to route to,
/// the dataset that answers the request, the reason for refusing …
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Route { unit_id: i32 },
    CloseAvailable { dataset_id: String },
    CloseDuplicate { of: i32 },
    CloseOutOfScope,
    Approve { expected_on: NaiveDate },
    Publish { dataset_id: String },
    Reject { reason: String },
    AskInfo,
    Answer,
    HandBack,
    Withdraw,
}

/// An action as typed on the request's page, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct ChangeForm {
    pub message: String,
    pub unit_id: String,
    pub dataset_id: String,
    pub duplicate_of: String,
    pub expected_on: String,
    pub reason: String,
}

/// The longest message that goes with an action or a comment.
pub const MESSAGE_MAX: usize = 2000;

impl Change {
    pub fn action(&self) -> Action {
        match self {
            Change::Route { .. } => Action::Route,
            Change::CloseAvailable { .. } => Action::CloseAvailable,
            Change::CloseDuplicate { .. } => Action::CloseDuplicate,
            Change::CloseOutOfScope => Action::CloseOutOfScope,
            Change::Approve { .. } => Action::Approve,
            Change::Publish { .. } => Action::Publish,
            Change::Reject { .. } => Action::Reject,
            Change::AskInfo => Action::AskInfo,
            Change::Answer => Action::Answer,
            Change::HandBack => Action::HandBack,
            Change::Withdraw => Action::Withdraw,
        }
    }

    /// The dataset the change names, which must be known to the catalogue.
    pub fn dataset_id(&self) -> Option<&str> {
        match self {
            Change::CloseAvailable { dataset_id } | Change::Publish { dataset_id } => {
                Some(dataset_id)
            }
            _ => None,
        }
    }

    /// Checks what `action` needs from the form on `today`: a message where
    /// the other side must be told why, a unit, a dataset id, a date to come.
    pub fn parse(
        action: Action,
        form: &ChangeForm,
        today: NaiveDate,
    ) -> Result<Change, super::FieldErrors> {
        use super::text::Rule;
        let mut errors = super::FieldErrors::default();
        let explained = matches!(
            action,
            Action::CloseAvailable
                | Action::CloseDuplicate
                | Action::CloseOutOfScope
                | Action::Reject
                | Action::AskInfo
                | Action::Answer
                | Action::HandBack
        );
        let rule = Rule::paragraph(MESSAGE_MAX);
        errors.text(
            "message",
            &form.message,
            if explained { rule.required() } else { rule },
        );
        let dataset = |errors: &mut super::FieldErrors| {
            let id = form.dataset_id.trim();
            if super::catalog::valid_id(id) {
                id.to_string()
            } else {
                errors.push("dataset_id", "error-request-dataset-id");
                String::new()
            }
        };
        let change = match action {
            Action::Route => Change::Route {
                unit_id: form.unit_id.trim().parse().unwrap_or_else(|_| {
                    errors.push("unit_id", "error-request-unit");
                    0
                }),
            },
            Action::CloseAvailable => Change::CloseAvailable {
                dataset_id: dataset(&mut errors),
            },
            Action::Publish => Change::Publish {
                dataset_id: dataset(&mut errors),
            },
            Action::CloseDuplicate => Change::CloseDuplicate {
                of: form
                    .duplicate_of
                    .trim()
                    .trim_start_matches('#')
                    .parse()
                    .unwrap_or_else(|_| {
                        errors.push("duplicate_of", "error-request-duplicate");
                        0
                    }),
            },
            Action::CloseOutOfScope => Change::CloseOutOfScope,
            Action::Approve => {
                let expected_on = match form.expected_on.trim() {
                    "" => {
                        errors.push("expected_on", "error-date");
                        None
                    }
                    raw => errors.date_from("expected_on", raw, today),
                };
                Change::Approve {
                    expected_on: expected_on.unwrap_or(today),
                }
            }
            Action::Reject => Change::Reject {
                reason: match form.reason.trim() {
                    "" => {
                        errors.push("reason", "error-request-reason");
                        String::new()
                    }
                    code => code.to_string(),
                },
            },
            Action::AskInfo => Change::AskInfo,
            Action::Answer => Change::Answer,
            Action::HandBack => Change::HandBack,
            Action::Withdraw => Change::Withdraw,
        };
        errors.or(change)
    }
}

/// When a request routed on `routed_on` (a day in Taiwan) starts its clock
/// and falls due: it counts from that day if it is a working day, else from
/// the next one, and is due `working_days` working days after the day it was
/// routed (REQUEST_DUE_DAYS, 14 unless configured otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
}

pub fn deadline(cal: &Calendar, routed_on: NaiveDate, working_days: u32) -> Deadline {
    Deadline {
        starts_on: cal.effective_start(routed_on),
        due_on: due_after(cal, routed_on, working_days),
    }
}

/// The one rule a due date is counted by: `working_days` working days after
/// `from` on `cal` (the day itself not counted; a day off counts from the
/// next working day). Routing counts the unit's days from the routing day,
/// an answer to a question moves the due date on by the days the pause
/// lasted, and a change of the calendar (an office closure recorded or
/// removed) counts a clock's days again from its start (`recount_due`).
pub fn due_after(cal: &Calendar, from: NaiveDate, working_days: u32) -> NaiveDate {
    cal.add_working_days(from, working_days)
}

/// The due date of an open clock that started on `started_on` and was due
/// on `due_on` by the calendar `before`, once the calendar is `after`: the
/// same number of working days (the unit's, and those it already waited for
/// the requester, as they were counted) from the same start, counted on the
/// new calendar. A closure between the start and the due date moves it one
/// working day on; removing it moves it back.
pub fn recount_due(
    before: &Calendar,
    after: &Calendar,
    started_on: NaiveDate,
    due_on: NaiveDate,
) -> NaiveDate {
    due_after(after, started_on, before.elapsed(started_on, due_on))
}

/// How a unit's first answer kept the deadline: the working days from the
/// clock's start to the answer, less the days it waited for the requester,
/// and whether it came by the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerTiming {
    pub working_days: u32,
    pub in_time: bool,
}

pub fn answer_timing(
    cal: &Calendar,
    started_on: NaiveDate,
    due_on: NaiveDate,
    paused_days: u32,
    answered_on: NaiveDate,
) -> AnswerTiming {
    AnswerTiming {
        working_days: cal
            .elapsed(started_on, answered_on)
            .saturating_sub(paused_days),
        in_time: answered_on <= due_on,
    }
}

/// What a request's clock says on `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub due_on: NaiveDate,
    /// Working days left until the due date (negative when overdue).
    pub days_left: i64,
    pub overdue: bool,
}

/// The clock of a request routed on `routed_on`, due on `due_on`, possibly
/// paused since `paused_on` (the pause does not count against the unit).
pub fn clock(
    cal: &Calendar,
    due_on: NaiveDate,
    paused_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Clock {
    let due_on = match paused_on {
        Some(p) => resume_due(cal, due_on, p, today),
        None => due_on,
    };
    let days_left = if today <= due_on {
        cal.working_days_between(today, due_on) as i64
    } else {
        -(cal.working_days_between(due_on, today) as i64)
    };
    Clock {
        due_on,
        days_left,
        overdue: today > due_on,
    }
}

/// Working days a pause from `paused_on` to `resumed_on` lasted (the day the
/// unit asked is theirs; the day the requester answers is not).
pub fn paused_days(cal: &Calendar, paused_on: NaiveDate, resumed_on: NaiveDate) -> u32 {
    cal.working_days_between(paused_on, resumed_on)
}

/// The due date once a pause ends on `resumed_on`: moved on by the pause.
pub fn resume_due(
    cal: &Calendar,
    due_on: NaiveDate,
    paused_on: NaiveDate,
    resumed_on: NaiveDate,
) -> NaiveDate {
    let n = paused_days(cal, paused_on, resumed_on);
    if n == 0 {
        due_on
    } else {
        due_after(cal, due_on, n)
    }
}

/// Pairs of neighbouring letters or digits of a text, lower-cased: what
/// titles are compared on, so that Chinese without spaces works too.
pub fn bigrams(s: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for word in s.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = word.to_lowercase().chars().collect();
        if chars.len() == 1 {
            out.insert(chars[0].to_string());
        }
        for w in chars.windows(2) {
            out.insert(w.iter().collect());
        }
    }
    out
}

/// How alike two titles are, 0 to 1 (Dice coefficient of their bigrams).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Titles at least this alike are suggested while filing.
pub const SIMILAR: f64 = 0.3;

/// One span of a request's clock at one unit, as the reports need it.
#[derive(Debug, Clone)]
pub struct SpanFact {
    pub unit: i32,
    pub started_on: NaiveDate,
    pub due_on: NaiveDate,
    pub paused_days: u32,
    pub ended_on: Option<NaiveDate>,
    /// The action that ended it: approve, publish, reject, hand-back,
    /// withdraw, organiser-publish.
    pub outcome: Option<String>,
    /// For an open span: waiting for the requester since this day.
    pub paused_on: Option<NaiveDate>,
}

/// How one unit kept the deadline over a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitStats {
    pub received: usize,
    pub answered: usize,
    pub in_time: usize,
    /// Working days to answer (pauses left out), sorted.
    pub days: Vec<u32>,
    pub approved: usize,
    pub published: usize,
    pub rejected: usize,
    pub handed_back: usize,
    pub withdrawn: usize,
    pub open: usize,
    pub overdue: usize,
}

impl UnitStats {
    pub fn median(&self) -> Option<f64> {
        let n = self.days.len();
        if n == 0 {
            return None;
        }
        Some(if n % 2 == 1 {
            f64::from(self.days[n / 2])
        } else {
            f64::from(self.days[n / 2 - 1] + self.days[n / 2]) / 2.0
        })
    }

    /// The 90th percentile by the nearest-rank method.
    pub fn p90(&self) -> Option<u32> {
        let n = self.days.len();
        if n == 0 {
            return None;
        }
        let rank = (0.9 * n as f64).ceil() as usize;
        Some(self.days[rank.clamp(1, n) - 1])
    }

    /// Share of answers given by the due date, 0–1.
    pub fn in_time_share(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.in_time as f64 / self.answered as f64)
    }
}

/// A share (0–1) as the reports show it: a whole percentage, empty without one.
pub fn shown_share(v: Option<f64>) -> String {
    v.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_default()
}

/// Working days as the reports show them: one decimal, empty without any.
pub fn shown_days(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_default()
}

/// Every unit's figures added up: the period's totals, with the median and
/// 90th percentile over all answers (not an average of the units').
pub fn total<'a>(units: impl IntoIterator<Item = &'a UnitStats>) -> UnitStats {
    let mut t = UnitStats::default();
    for u in units {
        t.received += u.received;
        t.answered += u.answered;
        t.in_time += u.in_time;
        t.days.extend_from_slice(&u.days);
        t.approved += u.approved;
        t.published += u.published;
        t.rejected += u.rejected;
        t.handed_back += u.handed_back;
        t.withdrawn += u.withdrawn;
        t.open += u.open;
        t.overdue += u.overdue;
    }
    t.days.sort_unstable();
    t
}

/// A request filed in a period, as the period's report needs it.
#[derive(Debug, Clone)]
pub struct FiledFact {
    pub id: i32,
    pub title: String,
    pub state: State,
    /// Why its unit refused it (a rejected request).
    pub reason: Option<String>,
    /// The dataset that answered it (released, or available already).
    pub dataset_id: Option<String>,
}

/// The requests filed in a period and where they stand now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filed {
    pub received: usize,
    /// How many are in each state now (every state, none left out).
    pub by_state: Vec<(State, usize)>,
    /// Refused by their unit, per reason code, most first then by code.
    pub refused_by_reason: Vec<(String, usize)>,
    /// Released because of the request: (request id, its title, dataset id).
    pub released: Vec<(i32, String, String)>,
}

impl Filed {
    pub fn count(&self, state: State) -> usize {
        self.by_state
            .iter()
            .find(|(s, _)| *s == state)
            .map_or(0, |(_, n)| *n)
    }
}

/// Counts the requests filed in a period by where they stand now: refusals
/// by reason, and the datasets released because of a request (published).
pub fn filed(requests: &[FiledFact]) -> Filed {
    let mut by_reason: std::collections::BTreeMap<String, usize> = Default::default();
    let mut released = Vec::new();
    for r in requests {
        if r.state == State::Rejected {
            *by_reason
                .entry(r.reason.clone().unwrap_or_default())
                .or_default() += 1;
        }
        if let (State::Published, Some(d)) = (r.state, &r.dataset_id) {
            released.push((r.id, r.title.clone(), d.clone()));
        }
    }
    let mut refused_by_reason: Vec<(String, usize)> = by_reason.into_iter().collect();
    refused_by_reason.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    released.sort();
    Filed {
        received: requests.len(),
        by_state: STATES
            .iter()
            .map(|s| (*s, requests.iter().filter(|r| r.state == *s).count()))
            .collect(),
        refused_by_reason,
        released,
    }
}

/// Per unit: what it received in the spans given and how it answered.
pub fn unit_stats(
    cal: &Calendar,
    spans: &[SpanFact],
    today: NaiveDate,
) -> std::collections::BTreeMap<i32, UnitStats> {
    let mut out: std::collections::BTreeMap<i32, UnitStats> = Default::default();
    for s in spans {
        let u = out.entry(s.unit).or_default();
        u.received += 1;
        match (s.outcome.as_deref(), s.ended_on) {
            (Some(o @ ("approve" | "publish" | "reject")), Some(end)) => {
                u.answered += 1;
                let days = cal.elapsed(s.started_on, end).saturating_sub(s.paused_days);
                u.days.push(days);
                if end <= s.due_on {
                    u.in_time += 1;
                }
                match o {
                    "approve" => u.approved += 1,
                    "publish" => u.published += 1,
                    _ => u.rejected += 1,
                }
            }
            (Some("hand-back"), _) => u.handed_back += 1,
            (Some("withdraw"), _) => u.withdrawn += 1,
            // Released on the organisers' word: not the unit's answer.
            (Some("organiser-publish"), _) => u.published += 1,
            _ => {
                u.open += 1;
                // A clock waiting for the requester is not overdue.
                if s.paused_on.is_none() && today > s.due_on {
                    u.overdue += 1;
                }
            }
        }
    }
    for u in out.values_mut() {
        u.days.sort_unstable();
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
    fn similar_titles_are_found_without_spaces() {
        let a = "各行業職災保險費率統計";
        assert!(similarity(a, "各行業職業災害保險費率") > SIMILAR);
        assert!(similarity(a, "外籍移工人數按國籍分") < SIMILAR);
        assert!(similarity("Labour statistics 2025", "labour STATISTICS") > SIMILAR);
        assert_eq!(similarity("", a), 0.0);
    }

    #[test]
    fn unit_reports_count_working_days_without_pauses() {
        let cal = Calendar::default();
        let span =
            |unit, start: &str, due: &str, paused, end: Option<&str>, outcome: Option<&str>| {
                SpanFact {
                    unit,
                    started_on: day(start),
                    due_on: day(due),
                    paused_days: paused,
                    ended_on: end.map(day),
                    outcome: outcome.map(String::from),
                    paused_on: None,
                }
            };
        let spans = vec![
            // Mon 7 Jan 2030 + 14 working days = Fri 25 Jan.
            span(
                1,
                "2030-01-07",
                "2030-01-25",
                0,
                Some("2030-01-09"),
                Some("approve"),
            ), // 2 days
            span(
                1,
                "2030-01-07",
                "2030-01-25",
                2,
                Some("2030-01-14"),
                Some("reject"),
            ), // 5 − 2 = 3
            span(
                1,
                "2030-01-07",
                "2030-01-25",
                0,
                Some("2030-01-29"),
                Some("publish"),
            ), // 16, late
            span(
                1,
                "2030-01-07",
                "2030-01-25",
                0,
                Some("2030-01-08"),
                Some("hand-back"),
            ),
            span(1, "2030-01-07", "2030-01-25", 0, None, None), // open, overdue on 28 Jan
            span(2, "2030-01-21", "2030-02-08", 0, None, None), // open, in time
            // Open and past its date, but waiting for the requester: not overdue.
            SpanFact {
                paused_on: Some(day("2030-01-20")),
                ..span(2, "2030-01-01", "2030-01-21", 0, None, None)
            },
        ];
        let stats = unit_stats(&cal, &spans, day("2030-01-28"));
        let a = &stats[&1];
        assert_eq!((a.received, a.answered, a.in_time), (5, 3, 2));
        assert_eq!(a.days, vec![2, 3, 16]);
        assert_eq!(a.median(), Some(3.0));
        assert_eq!(a.p90(), Some(16));
        assert_eq!(
            (a.approved, a.published, a.rejected, a.handed_back),
            (1, 1, 1, 1)
        );
        assert_eq!((a.open, a.overdue), (1, 1));
        assert!((a.in_time_share().unwrap() - 2.0 / 3.0).abs() < 1e-9);
        let b = &stats[&2];
        assert_eq!((b.received, b.open, b.overdue, b.median()), (2, 2, 0, None));
        // Even counts take the mean of the middle two.
        let even = UnitStats {
            days: vec![1, 2, 4, 9],
            ..Default::default()
        };
        assert_eq!(even.median(), Some(3.0));
        assert_eq!(even.p90(), Some(9));
    }

    #[test]
    fn totals_take_the_median_over_all_answers_and_filed_requests_count_by_state() {
        let a = UnitStats {
            received: 2,
            answered: 2,
            in_time: 1,
            days: vec![1, 20],
            overdue: 1,
            ..Default::default()
        };
        let b = UnitStats {
            received: 1,
            answered: 1,
            in_time: 1,
            days: vec![3],
            ..Default::default()
        };
        let t = total([&a, &b]);
        assert_eq!((t.received, t.answered, t.in_time, t.overdue), (3, 3, 2, 1));
        assert_eq!(
            (t.days.clone(), t.median(), t.p90()),
            (vec![1, 3, 20], Some(3.0), Some(20))
        );
        assert_eq!(total([]), UnitStats::default());
        let fact = |id, state, reason: Option<&str>, dataset: Option<&str>| FiledFact {
            id,
            title: format!("#{id}"),
            state,
            reason: reason.map(String::from),
            dataset_id: dataset.map(String::from),
        };
        let f = filed(&[
            fact(3, State::Published, None, Some("6262")),
            fact(1, State::Rejected, Some("privacy"), None),
            fact(2, State::Rejected, Some("cost"), None),
            fact(4, State::Rejected, Some("privacy"), None),
            fact(5, State::Available, None, Some("40324")),
            fact(6, State::Withdrawn, None, None),
        ]);
        assert_eq!(f.received, 6);
        assert_eq!((f.count(State::Rejected), f.count(State::Routed)), (3, 0));
        assert_eq!(f.by_state.len(), STATES.len());
        assert_eq!(
            f.refused_by_reason,
            vec![("privacy".into(), 2), ("cost".into(), 1)]
        );
        assert_eq!(f.released, vec![(3, "#3".into(), "6262".into())]);
    }

    #[test]
    fn a_routed_request_is_due_fourteen_working_days_later() {
        let cal = Calendar::default(); // Monday to Friday
                                       // Routed on Monday 7 Jan 2030: due 14 working days later, Friday 25 Jan.
        let d = deadline(&cal, day("2030-01-07"), 14);
        assert_eq!(
            (d.starts_on, d.due_on),
            (day("2030-01-07"), day("2030-01-25"))
        );
        // Routed on Saturday 5 Jan: the clock starts on Monday, as above.
        assert_eq!(deadline(&cal, day("2030-01-05"), 14), d);
        // Routed on Friday 4 Jan: Friday counts, due Thursday 24 Jan.
        assert_eq!(
            deadline(&cal, day("2030-01-04"), 14).due_on,
            day("2030-01-24")
        );
    }

    #[test]
    fn answer_timing_leaves_out_the_pause_and_compares_with_the_due_date() {
        let cal = Calendar::default();
        let t = answer_timing(
            &cal,
            day("2030-01-07"),
            day("2030-01-25"),
            2,
            day("2030-01-14"),
        );
        assert_eq!(
            t,
            AnswerTiming {
                working_days: 3,
                in_time: true
            }
        );
        let t = answer_timing(
            &cal,
            day("2030-01-07"),
            day("2030-01-25"),
            0,
            day("2030-01-28"),
        );
        assert_eq!(
            t,
            AnswerTiming {
                working_days: 15,
                in_time: false
            }
        );
        // A pause longer than the work never counts below zero.
        let t = answer_timing(
            &cal,
            day("2030-01-07"),
            day("2030-01-25"),
            9,
            day("2030-01-08"),
        );
        assert_eq!(t.working_days, 0);
    }

    #[test]
    fn a_change_says_what_it_lacks_field_by_field() {
        let today = day("2030-01-07");
        let form = |f: fn(&mut ChangeForm)| {
            let mut c = ChangeForm::default();
            f(&mut c);
            c
        };
        let e = Change::parse(Action::Reject, &form(|_| {}), today).unwrap_err();
        assert_eq!(e.get("message"), Some("error-required"));
        assert_eq!(e.get("reason"), Some("error-request-reason"));
        let e = Change::parse(
            Action::Approve,
            &form(|f| f.expected_on = "2030-01-06".into()),
            today,
        )
        .unwrap_err();
        assert_eq!(e.get("expected_on"), Some("error-date-past"));
        let e = Change::parse(Action::Route, &form(|f| f.unit_id = "x".into()), today).unwrap_err();
        assert_eq!(e.get("unit_id"), Some("error-request-unit"));
        let e = Change::parse(
            Action::Publish,
            &form(|f| f.dataset_id = "1 OR 1".into()),
            today,
        )
        .unwrap_err();
        assert_eq!(e.get("dataset_id"), Some("error-request-dataset-id"));
        assert_eq!(
            Change::parse(
                Action::CloseDuplicate,
                &form(|f| {
                    f.duplicate_of = "#12".into();
                    f.message = "與 #12 相同".into();
                }),
                today
            ),
            Ok(Change::CloseDuplicate { of: 12 })
        );
        assert_eq!(
            Change::parse(Action::Route, &form(|f| f.unit_id = " 3 ".into()), today),
            Ok(Change::Route { unit_id: 3 })
        );
    }

    #[test]
    fn a_message_with_a_nul_byte_is_refused() {
        let form = ChangeForm {
            message: "請補充\u{0}欄位".into(),
            ..ChangeForm::default()
        };
        let e = Change::parse(Action::AskInfo, &form, day("2030-01-07")).unwrap_err();
        assert_eq!(e.get("message"), Some("error-text-control"));
    }

    #[test]
    fn the_actions_on_offer_are_those_someone_in_the_roles_may_take() {
        use Action::*;
        assert_eq!(available(State::Routed, &[]), vec![]);
        assert_eq!(
            available(State::Routed, &[Actor::Requester]),
            vec![Withdraw]
        );
        assert_eq!(
            available(State::Routed, &[Actor::Unit, Actor::Organiser]),
            vec![Approve, Publish, Reject, AskInfo, HandBack]
        );
    }

    #[test]
    fn names_round_trip() {
        for s in STATES {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in ACTIONS {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(State::parse("nope"), None);
    }

    #[test]
    fn every_transition_is_checked_by_actor_and_state() {
        use Action::*;
        use Actor::*;
        use State::*;
        let allowed = [
            (Submitted, Route, Organiser, Routed),
            (Submitted, CloseAvailable, Organiser, Available),
            (Submitted, CloseDuplicate, Organiser, Duplicate),
            (Submitted, CloseOutOfScope, Organiser, OutOfScope),
            (Routed, Approve, Unit, Approved),
            (Routed, Publish, Unit, Published),
            (Approved, Publish, Unit, Published),
            (Approved, Publish, Organiser, Published),
            (Routed, Publish, Organiser, Published),
            (Routed, Reject, Unit, Rejected),
            (Routed, AskInfo, Unit, InfoRequested),
            (InfoRequested, Answer, Requester, Routed),
            (Routed, HandBack, Unit, Submitted),
            (InfoRequested, HandBack, Unit, Submitted),
            (Submitted, Withdraw, Requester, Withdrawn),
            (Routed, Withdraw, Requester, Withdrawn),
            (InfoRequested, Withdraw, Requester, Withdrawn),
        ];
        for (from, action, actor, to) in allowed {
            assert_eq!(
                transition(from, action, actor),
                Ok(to),
                "{from:?} {action:?} {actor:?}"
            );
        }
        // Everything else is refused, and for the right reason.
        for from in STATES {
            for action in ACTIONS {
                for actor in [Requester, Organiser, Unit] {
                    if allowed
                        .iter()
                        .any(|(f, a, r, _)| *f == from && *a == action && *r == actor)
                    {
                        continue;
                    }
                    let r = transition(from, action, actor);
                    assert!(r.is_err(), "{from:?} {action:?} {actor:?}");
                }
            }
        }
        assert_eq!(
            transition(Submitted, Approve, Organiser),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            transition(Approved, Withdraw, Requester),
            Err(Refusal::WrongState)
        );
        assert_eq!(transition(Rejected, Reject, Unit), Err(Refusal::WrongState));
    }

    #[test]
    fn an_office_closure_moves_an_open_clock_and_its_removal_moves_it_back() {
        let cal = Calendar::default(); // Monday to Friday
        let start = day("2030-01-07"); // Monday
        let due = deadline(&cal, start, 14).due_on;
        assert_eq!(due, day("2030-01-25"));
        // Offices closed on Wed 16 Jan: one working day later.
        let closed = cal.clone().with_closures([day("2030-01-16")]);
        let moved = recount_due(&cal, &closed, start, due);
        assert_eq!(moved, day("2030-01-28"));
        assert_eq!(
            moved,
            deadline(&closed, start, 14).due_on,
            "as if routed on it"
        );
        assert_eq!(recount_due(&closed, &cal, start, moved), due, "and back");
        // Days already waited for the requester stay counted: a clock due
        // later by a 3-day pause moves by the closure alone.
        let paused = resume_due(&cal, due, day("2030-01-09"), day("2030-01-14"));
        assert_eq!(recount_due(&cal, &closed, start, paused), day("2030-01-31"));
        // A closure after the due date, before the start or on a weekend
        // moves nothing.
        for d in ["2030-01-29", "2030-01-04", "2030-01-12"] {
            let other = cal.clone().with_closures([day(d)]);
            assert_eq!(recount_due(&cal, &other, start, due), due, "{d}");
        }
        // On the day the clock started: it counts from the next working
        // day, as a request routed on a day off does; and back.
        let on_start = cal.clone().with_closures([start]);
        let later = recount_due(&cal, &on_start, start, due);
        assert_eq!(later, day("2030-01-28"));
        assert_eq!(recount_due(&on_start, &cal, start, later), due);
        // Its answer timing counts from the same day as its due date.
        let t = answer_timing(&on_start, start, later, 0, later);
        assert_eq!(
            t,
            AnswerTiming {
                working_days: 14,
                in_time: true
            }
        );
    }

    #[test]
    fn a_pause_moves_the_due_date_by_the_working_days_it_lasted() {
        let cal = Calendar::default(); // Monday to Friday
        let due = day("2030-01-21"); // a Monday
                                     // Asked on Wed 9 Jan, answered Mon 14 Jan: Thu, Fri, Mon = 3 working days.
        assert_eq!(paused_days(&cal, day("2030-01-09"), day("2030-01-14")), 3);
        assert_eq!(
            resume_due(&cal, due, day("2030-01-09"), day("2030-01-14")),
            day("2030-01-24")
        );
        // Answered the same day: nothing moves.
        assert_eq!(
            resume_due(&cal, due, day("2030-01-09"), day("2030-01-09")),
            due
        );
        // While paused, the clock already shows the moved date.
        let c = clock(&cal, due, Some(day("2030-01-09")), day("2030-01-14"));
        assert_eq!(c.due_on, day("2030-01-24"));
        assert!(!c.overdue);
    }

    #[test]
    fn days_left_count_working_days_and_go_negative_when_overdue() {
        let cal = Calendar::default();
        let c = clock(&cal, day("2030-01-14"), None, day("2030-01-11"));
        assert_eq!((c.days_left, c.overdue), (1, false));
        let c = clock(&cal, day("2030-01-14"), None, day("2030-01-14"));
        assert_eq!((c.days_left, c.overdue), (0, false));
        let c = clock(&cal, day("2030-01-14"), None, day("2030-01-16"));
        assert_eq!((c.days_left, c.overdue), (-2, true));
    }
}
