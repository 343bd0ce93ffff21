//! Eligibility review (資格審查): when the review of a track opens, where
//! each entry stands in it and who may decide it, the three outcomes, what a
//! decision must say, when the team sees it, and what a team may change when
//! a revision is requested, until when.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::entry::EntryContent;
use super::text::{self, Kind};
use super::timeline::effective_deadline;
use super::FieldError;

/// The longest message to a team, and the longest reason for a change.
pub const MESSAGE_MAX: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Revision,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Revision => "revision",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        match s {
            "pass" => Some(Outcome::Pass),
            "fail" => Some(Outcome::Fail),
            "revision" => Some(Outcome::Revision),
            _ => None,
        }
    }
}

/// The parts of an entry a revision may ask the team to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixPart {
    Datasets,
    Proposal,
    Description,
}

impl FixPart {
    pub const ALL: [FixPart; 3] = [FixPart::Datasets, FixPart::Proposal, FixPart::Description];

    pub fn as_str(self) -> &'static str {
        match self {
            FixPart::Datasets => "datasets",
            FixPart::Proposal => "proposal",
            FixPart::Description => "description",
        }
    }

    pub fn parse(s: &str) -> Option<FixPart> {
        FixPart::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A checked decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub message: String,
    pub fix_parts: Vec<FixPart>,
    pub revision_due_at: Option<NaiveDateTime>,
}

/// The decision form as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub outcome: String,
    pub reasons: Vec<String>,
    pub message: String,
    pub fix_parts: Vec<String>,
    pub revision_due_at: Option<NaiveDateTime>,
}

/// Checks a decision: a failure names at least one reason and tells the team
/// why; a revision says what to fix and by when (in the future).
pub fn parse_decision(
    input: &DecisionInput,
    known_reasons: &[String],
    now: NaiveDateTime,
) -> Result<Decision, Vec<FieldError>> {
    let mut e = Vec::new();
    let outcome = Outcome::parse(&input.outcome);
    if outcome.is_none() {
        e.push(FieldError::new("outcome", "error-outcome-required"));
    }
    if let Some(m) = text::refusal(&input.message, Kind::Paragraph) {
        e.push(FieldError::new("message", m));
    }
    let message = input.message.trim().to_string();
    if message.chars().count() > MESSAGE_MAX {
        e.push(FieldError::new("message", "error-entry-text-long"));
    }
    let mut reasons: Vec<String> = input
        .reasons
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    reasons.sort();
    reasons.dedup();
    if reasons.iter().any(|r| !known_reasons.contains(r)) {
        e.push(FieldError::new("reasons", "error-reason-unknown"));
    }
    let mut fix_parts: Vec<FixPart> = input
        .fix_parts
        .iter()
        .filter_map(|p| FixPart::parse(p))
        .collect();
    fix_parts.dedup();
    if outcome == Some(Outcome::Fail) && reasons.is_empty() {
        e.push(FieldError::new("reasons", "error-reasons-required"));
    }
    if outcome == Some(Outcome::Revision) && fix_parts.is_empty() {
        e.push(FieldError::new("fix_parts", "error-fix-parts-required"));
    }
    // Whoever does not pass is told why.
    if matches!(outcome, Some(Outcome::Fail | Outcome::Revision)) && message.is_empty() {
        e.push(FieldError::new(
            "message",
            "error-decision-message-required",
        ));
    }
    if outcome == Some(Outcome::Revision) && input.revision_due_at.is_none_or(|due| due <= now) {
        e.push(FieldError::new("revision_due_at", "error-revision-due"));
    }
    if !e.is_empty() {
        return Err(e);
    }
    let outcome = outcome.expect("checked above");
    Ok(Decision {
        outcome,
        reasons: if outcome == Outcome::Pass {
            Vec::new()
        } else {
            reasons
        },
        message,
        fix_parts: if outcome == Outcome::Revision {
            fix_parts
        } else {
            Vec::new()
        },
        revision_due_at: if outcome == Outcome::Revision {
            input.revision_due_at
        } else {
            None
        },
    })
}

/// Whether the team sees a decision yet: a failure waits for a second
/// reviewer's confirmation when the track asks for one.
pub fn visible_to_team(outcome: Outcome, track_needs_second_review: bool, confirmed: bool) -> bool {
    !(outcome == Outcome::Fail && track_needs_second_review && !confirmed)
}

/// A revision the review asked for: the parts the team may change, and the
/// time by which it must resubmit. This is what a revision may change, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub due: NaiveDateTime,
    pub parts: Vec<FixPart>,
}

impl Revision {
    /// Whether the team may still change its entry for this revision.
    pub fn open_at(&self, at: NaiveDateTime) -> bool {
        at < self.due
    }

    /// Whether going from `before` to `after` changes only the parts asked for.
    pub fn allows(&self, before: &EntryContent, after: &EntryContent) -> bool {
        change_allowed(before, after, &self.parts)
    }

    /// Whether the team may upload a new proposal for this revision.
    pub fn allows_proposal(&self) -> bool {
        self.parts.contains(&FixPart::Proposal)
    }
}

/// When the review of a track opens: once its submission deadline (the
/// contest's, or the track's own when later) has passed. A team's own
/// extension does not hold the track back; its entry waits ("still open").
pub fn review_opens_at(
    contest_deadline: Option<NaiveDateTime>,
    track_deadline: Option<NaiveDateTime>,
) -> Option<NaiveDateTime> {
    effective_deadline(contest_deadline, [track_deadline])
}

/// Whether the review of a track is open at `at` (see `review_opens_at`);
/// never while no deadline is set.
pub fn review_open(
    contest_deadline: Option<NaiveDateTime>,
    track_deadline: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> bool {
    review_opens_at(contest_deadline, track_deadline).is_some_and(|d| at >= d)
}

/// The current decision on an entry, as far as its place in the review goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    pub outcome: Outcome,
    /// The version of the entry the decision was made on.
    pub entry_version: i32,
    /// A failure still waiting for the second reviewer.
    pub awaiting_confirmation: bool,
    pub revision_due_at: Option<NaiveDateTime>,
}

/// Where an entry stands in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    /// The team's own extension has not run out: it may still change the entry.
    StillOpen,
    Undecided,
    /// Changed and submitted again after a decision (a revision).
    Resubmitted,
    AwaitingConfirmation,
    /// A revision was asked for and its due time passed without a resubmission.
    RevisionExpired,
    Pass,
    Fail,
    Revision,
}

impl ReviewState {
    pub const ALL: [ReviewState; 8] = [
        ReviewState::StillOpen,
        ReviewState::Undecided,
        ReviewState::Resubmitted,
        ReviewState::AwaitingConfirmation,
        ReviewState::RevisionExpired,
        ReviewState::Pass,
        ReviewState::Fail,
        ReviewState::Revision,
    ];

    /// Where an entry submitted at `submitted_version` stands at `at`.
    pub fn of(
        current: Option<&Current>,
        submitted_version: i32,
        team_still_open: bool,
        at: NaiveDateTime,
    ) -> ReviewState {
        if team_still_open {
            return ReviewState::StillOpen;
        }
        match current {
            None => ReviewState::Undecided,
            Some(d) if submitted_version > d.entry_version => ReviewState::Resubmitted,
            Some(d) if d.awaiting_confirmation => ReviewState::AwaitingConfirmation,
            Some(d)
                if d.outcome == Outcome::Revision
                    && d.revision_due_at.is_some_and(|due| at >= due) =>
            {
                ReviewState::RevisionExpired
            }
            Some(d) => match d.outcome {
                Outcome::Pass => ReviewState::Pass,
                Outcome::Fail => ReviewState::Fail,
                Outcome::Revision => ReviewState::Revision,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::StillOpen => "still-open",
            ReviewState::Undecided => "undecided",
            ReviewState::Resubmitted => "resubmitted",
            ReviewState::AwaitingConfirmation => "awaiting-confirmation",
            ReviewState::RevisionExpired => "revision-expired",
            ReviewState::Pass => "pass",
            ReviewState::Fail => "fail",
            ReviewState::Revision => "revision",
        }
    }

    /// The state named by [`as_str`](Self::as_str).
    pub fn parse(s: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The states shown under the queue's filter, when the filter needs no
    /// pre-check (`None`: every state); the rule of
    /// [`shown_under`](Self::shown_under) as a list, for a query.
    pub fn shown_states(filter: &str) -> Option<Vec<ReviewState>> {
        if filter == "precheck-failing" {
            return None;
        }
        let shown: Vec<ReviewState> = ReviewState::ALL
            .into_iter()
            .filter(|s| s.shown_under(filter, true))
            .collect();
        (shown.len() < ReviewState::ALL.len()).then_some(shown)
    }

    /// Whether a reviewer decides an entry in this state. Any other decision
    /// stands: only an organiser changes it, saying why (`decider`).
    pub fn decidable(self) -> bool {
        matches!(
            self,
            ReviewState::Undecided | ReviewState::Resubmitted | ReviewState::RevisionExpired
        )
    }

    /// Waiting for a reviewer's first look (again): what "save and next" goes on to.
    pub fn waiting(self) -> bool {
        matches!(self, ReviewState::Undecided | ReviewState::Resubmitted)
    }

    /// Whether an entry in this state is shown under the queue's filter.
    pub fn shown_under(self, filter: &str, precheck_passed: bool) -> bool {
        match filter {
            "undecided" => self.decidable(),
            "pass" => self == ReviewState::Pass,
            "fail" => matches!(self, ReviewState::Fail | ReviewState::AwaitingConfirmation),
            "revision" => self == ReviewState::Revision,
            "precheck-failing" => !precheck_passed,
            _ => true,
        }
    }
}

/// In what capacity someone decides an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decider {
    /// A reviewer's decision on an entry waiting for one.
    Reviewer,
    /// An organiser changing a decision that stands, with a reason.
    Organiser,
}

/// Why someone may not decide an entry now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotYours {
    /// The team's own extension runs: its entry may still change.
    StillOpen,
    /// A decision stands; only an organiser changes it.
    OrganisersChange,
}

/// Who may decide an entry in `state`: any reviewer while it waits for a
/// decision; once one stands, only an organiser, as a change (which needs a
/// reason). Nobody while the team may still change the entry.
pub fn decider(state: ReviewState, organiser: bool) -> Result<Decider, NotYours> {
    if state == ReviewState::StillOpen {
        Err(NotYours::StillOpen)
    } else if state.decidable() {
        Ok(Decider::Reviewer)
    } else if organiser {
        Ok(Decider::Organiser)
    } else {
        Err(NotYours::OrganisersChange)
    }
}

/// Checks the reason an organiser gives for changing a decision.
pub fn change_reason(raw: &str) -> Result<String, FieldError> {
    if let Some(m) = text::refusal(raw, Kind::Paragraph) {
        return Err(FieldError::new("change_reason", m));
    }
    let reason = raw.trim();
    if reason.is_empty() {
        Err(FieldError::new(
            "change_reason",
            "error-change-reason-required",
        ))
    } else if reason.chars().count() > MESSAGE_MAX {
        Err(FieldError::new("change_reason", "error-entry-text-long"))
    } else {
        Ok(reason.to_string())
    }
}

/// Whether `after` changes only the parts a revision allows.
pub fn change_allowed(before: &EntryContent, after: &EntryContent, parts: &[FixPart]) -> bool {
    let description_same = before.title == after.title
        && before.abstract_ == after.abstract_
        && before.problem == after.problem
        && before.solution == after.solution
        && before.target_users == after.target_users
        && before.demo_url == after.demo_url
        && before.repo_url == after.repo_url
        && before.challenge_id == after.challenge_id;
    let datasets_same = before.datasets == after.datasets;
    let proposal_same = before.proposal_file_id == after.proposal_file_id;
    (description_same || parts.contains(&FixPart::Description))
        && (datasets_same || parts.contains(&FixPart::Datasets))
        && (proposal_same || parts.contains(&FixPart::Proposal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::DeclaredDataset;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2025-07-01 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn known() -> Vec<String> {
        vec!["use-unclear".into(), "too-few-datasets".into()]
    }

    #[test]
    fn failures_need_reasons_and_a_message() {
        let input = DecisionInput {
            outcome: "fail".into(),
            ..Default::default()
        };
        let fields: Vec<_> = parse_decision(&input, &known(), now())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["reasons", "message"]);
        let input = DecisionInput {
            outcome: "fail".into(),
            reasons: vec!["made-up".into()],
            message: "x".into(),
            ..Default::default()
        };
        assert!(parse_decision(&input, &known(), now()).is_err());
        let input = DecisionInput {
            outcome: "fail".into(),
            reasons: vec!["use-unclear".into(), "use-unclear".into()],
            message: "說明".into(),
            ..Default::default()
        };
        assert_eq!(
            parse_decision(&input, &known(), now()).unwrap().reasons,
            vec!["use-unclear"]
        );
    }

    #[test]
    fn revisions_need_parts_and_a_future_due_date() {
        let input = DecisionInput {
            outcome: "revision".into(),
            message: "請補充".into(),
            revision_due_at: Some(now()),
            ..Default::default()
        };
        let fields: Vec<_> = parse_decision(&input, &known(), now())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["fix_parts", "revision_due_at"]);
        let later = now() + chrono::Duration::days(3);
        let input = DecisionInput {
            outcome: "revision".into(),
            message: "請補充".into(),
            fix_parts: vec!["datasets".into()],
            revision_due_at: Some(later),
            ..Default::default()
        };
        let d = parse_decision(&input, &known(), now()).unwrap();
        assert_eq!(d.fix_parts, vec![FixPart::Datasets]);
        let pass = DecisionInput {
            outcome: "pass".into(),
            reasons: vec!["use-unclear".into()],
            ..Default::default()
        };
        assert!(
            parse_decision(&pass, &known(), now())
                .unwrap()
                .reasons
                .is_empty(),
            "a pass carries no reasons"
        );
        assert!(parse_decision(&DecisionInput::default(), &known(), now()).is_err());
    }

    #[test]
    fn second_review_hides_failures_until_confirmed() {
        assert!(!visible_to_team(Outcome::Fail, true, false));
        assert!(visible_to_team(Outcome::Fail, true, true));
        assert!(visible_to_team(Outcome::Fail, false, false));
        assert!(visible_to_team(Outcome::Pass, true, false));
    }

    #[test]
    fn revisions_limit_what_changes() {
        let before = EntryContent {
            title: "a".into(),
            datasets: vec![DeclaredDataset {
                dataset_id: "1".into(),
                depth: 1,
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut datasets = before.clone();
        datasets.datasets[0].usage = "更清楚的說明".into();
        let mut title = before.clone();
        title.title = "b".into();
        assert!(change_allowed(&before, &datasets, &[FixPart::Datasets]));
        assert!(!change_allowed(&before, &title, &[FixPart::Datasets]));
        assert!(change_allowed(&before, &title, &[FixPart::Description]));
        assert!(change_allowed(&before, &before, &[]));
    }

    fn at(h: i64) -> NaiveDateTime {
        now() + chrono::Duration::hours(h)
    }

    #[test]
    fn the_review_opens_when_the_later_of_contest_and_track_deadlines_passes() {
        assert!(!review_open(None, None, now()), "no deadline, no review");
        assert!(!review_open(Some(at(1)), None, now()));
        assert!(review_open(Some(at(0)), None, now()), "at the very second");
        assert!(
            !review_open(Some(at(-5)), Some(at(2)), now()),
            "a track's later deadline holds its review back"
        );
        assert!(review_open(Some(at(-5)), Some(at(-6)), now()));
        assert_eq!(review_opens_at(Some(at(-5)), Some(at(2))), Some(at(2)));
    }

    fn current(outcome: Outcome) -> Current {
        Current {
            outcome,
            entry_version: 2,
            awaiting_confirmation: false,
            revision_due_at: None,
        }
    }

    #[test]
    fn where_an_entry_stands_in_the_review() {
        use ReviewState as S;
        assert_eq!(S::of(None, 2, true, now()), S::StillOpen);
        assert_eq!(S::of(None, 2, false, now()), S::Undecided);
        let pass = current(Outcome::Pass);
        assert_eq!(S::of(Some(&pass), 2, false, now()), S::Pass);
        assert_eq!(S::of(Some(&pass), 3, false, now()), S::Resubmitted);
        let waiting = Current {
            awaiting_confirmation: true,
            ..current(Outcome::Fail)
        };
        assert_eq!(
            S::of(Some(&waiting), 2, false, now()),
            S::AwaitingConfirmation
        );
        let revision = Current {
            revision_due_at: Some(at(1)),
            ..current(Outcome::Revision)
        };
        assert_eq!(S::of(Some(&revision), 2, false, now()), S::Revision);
        assert_eq!(S::of(Some(&revision), 2, false, at(1)), S::RevisionExpired);
        assert!(S::Undecided.decidable() && S::Resubmitted.decidable());
        assert!(S::RevisionExpired.decidable() && !S::RevisionExpired.waiting());
        assert!(!S::Pass.decidable() && !S::AwaitingConfirmation.decidable());
        assert!(S::AwaitingConfirmation.shown_under("fail", true));
        assert!(S::Pass.shown_under("precheck-failing", false));
        assert!(!S::Pass.shown_under("precheck-failing", true));
    }

    #[test]
    fn reviewers_decide_once_and_organisers_change_with_a_reason() {
        use ReviewState as S;
        assert_eq!(decider(S::Undecided, false), Ok(Decider::Reviewer));
        assert_eq!(decider(S::Undecided, true), Ok(Decider::Reviewer));
        assert_eq!(decider(S::Fail, false), Err(NotYours::OrganisersChange));
        assert_eq!(decider(S::Fail, true), Ok(Decider::Organiser));
        assert_eq!(decider(S::StillOpen, true), Err(NotYours::StillOpen));
        assert_eq!(
            change_reason("  ").unwrap_err().message,
            "error-change-reason-required"
        );
        assert_eq!(
            change_reason("重新審視\0").unwrap_err().message,
            "error-text-control"
        );
        assert_eq!(change_reason(" 重新審視\n後 ").unwrap(), "重新審視\n後");
    }

    #[test]
    fn a_message_with_control_characters_is_refused() {
        let input = DecisionInput {
            outcome: "fail".into(),
            reasons: vec!["use-unclear".into()],
            message: "說明\u{1b}[31m".into(),
            ..Default::default()
        };
        let errors = parse_decision(&input, &known(), now()).unwrap_err();
        assert_eq!(errors[0], FieldError::new("message", "error-text-control"));
    }

    #[test]
    fn a_revision_is_open_until_it_is_due_and_allows_only_its_parts() {
        let r = Revision {
            due: at(2),
            parts: vec![FixPart::Datasets],
        };
        assert!(r.open_at(at(1)) && !r.open_at(at(2)));
        assert!(!r.allows_proposal());
        let before = EntryContent::default();
        let after = EntryContent {
            title: "新".into(),
            ..Default::default()
        };
        assert!(!r.allows(&before, &after));
        assert!(r.allows(&before, &before));
    }
}
