//! Eligibility review (資格審查): the three outcomes, what a decision must
//! say, when the team sees it, and what a team may change when a revision is
//! requested.

use chrono::NaiveDateTime;

use super::entry::EntryContent;
use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let message = input.message.trim().to_string();
    if message.chars().count() > 5000 {
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
    match outcome {
        Some(Outcome::Fail) => {
            if reasons.is_empty() {
                e.push(FieldError::new("reasons", "error-reasons-required"));
            }
            if message.is_empty() {
                e.push(FieldError::new(
                    "message",
                    "error-decision-message-required",
                ));
            }
        }
        Some(Outcome::Revision) => {
            if fix_parts.is_empty() {
                e.push(FieldError::new("fix_parts", "error-fix-parts-required"));
            }
            if message.is_empty() {
                e.push(FieldError::new(
                    "message",
                    "error-decision-message-required",
                ));
            }
            match input.revision_due_at {
                Some(due) if due > now => {}
                _ => e.push(FieldError::new("revision_due_at", "error-revision-due")),
            }
        }
        _ => {}
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

/// Whether `after` changes only the parts a revision allows.
pub fn change_allowed(before: &EntryContent, after: &EntryContent, parts: &[FixPart]) -> bool {
    let description_same = before.title == after.title
        && before.abstract_ == after.abstract_
        && before.problem == after.problem
        && before.solution == after.solution
        && before.target_users == after.target_users
        && before.demo_url == after.demo_url
        && before.repo_url == after.repo_url;
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
}
