//! What a signed-in person's home page puts first: a student's next step
//! (profile → team → entry → submit), and which of a unit's requests are
//! due soon.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::eligibility::Outcome;
use crate::domain::entry::Status;

/// A student's next step in the current contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StudentStep {
    /// Fill in the profile (school, department, real name).
    Profile,
    /// Register a team or join one.
    Team,
    /// Start the entry of a track.
    Entry,
    /// Submit the saved entry.
    Submit,
    /// The review asked for a revision: change what it names, in time.
    Revise,
    /// Results are published: see the entry's result.
    Results,
    /// Submitted: wait for the eligibility review.
    Done,
    /// Passed the eligibility review: the judges come next.
    Judging,
    /// Did not pass the eligibility review: read why.
    NotEligible,
    /// The team is invited to the winners' sharing session: answer it.
    Sharing,
}

impl StudentStep {
    pub fn message_id(self) -> &'static str {
        match self {
            StudentStep::Profile => "home-step-profile",
            StudentStep::Team => "home-step-team",
            StudentStep::Entry => "home-step-entry",
            StudentStep::Submit => "home-step-submit",
            StudentStep::Revise => "home-step-revise",
            StudentStep::Results => "home-step-results",
            StudentStep::Done => "home-step-done",
            StudentStep::Judging => "home-step-judging",
            StudentStep::NotEligible => "home-step-not-eligible",
            StudentStep::Sharing => "home-step-sharing",
        }
    }
}

/// Where a team's entry in one track stands, as its home page sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStanding {
    NotStarted,
    Draft,
    /// Submitted, no decision yet.
    Submitted,
    Revision,
    Failed,
    Passed,
    /// The track's results are published.
    ResultOut,
}

impl EntryStanding {
    /// Where an entry stands from its status (none: not started), whether
    /// its track's results are published, and its current eligibility
    /// outcome (none: no decision yet).
    pub fn of(status: Option<Status>, results_out: bool, outcome: Option<Outcome>) -> Self {
        match (status, outcome) {
            (None, _) => EntryStanding::NotStarted,
            (Some(s), _) if s != Status::Submitted => EntryStanding::Draft,
            _ if results_out => EntryStanding::ResultOut,
            (_, None) => EntryStanding::Submitted,
            (_, Some(Outcome::Pass)) => EntryStanding::Passed,
            (_, Some(Outcome::Fail)) => EntryStanding::Failed,
            (_, Some(Outcome::Revision)) => EntryStanding::Revision,
        }
    }

    /// The step this entry asks for.
    fn step(self) -> StudentStep {
        match self {
            EntryStanding::NotStarted => StudentStep::Entry,
            EntryStanding::Draft => StudentStep::Submit,
            EntryStanding::Revision => StudentStep::Revise,
            EntryStanding::ResultOut => StudentStep::Results,
            EntryStanding::Submitted => StudentStep::Done,
            EntryStanding::Passed => StudentStep::Judging,
            EntryStanding::Failed => StudentStep::NotEligible,
        }
    }
}

/// The next step: a profile first, then a team, then what the team's
/// entries ask for, something to do before something to read: start an
/// entry, submit it, revise it, then a published result, then waiting.
/// Returns the step and the index of the entry it is about.
pub fn student_step(
    has_profile: bool,
    has_team: bool,
    entries: &[EntryStanding],
) -> (StudentStep, Option<usize>) {
    if !has_profile {
        return (StudentStep::Profile, None);
    }
    if !has_team {
        return (StudentStep::Team, None);
    }
    entries
        .iter()
        .enumerate()
        .min_by_key(|(_, e)| e.step() as u8)
        .map(|(i, e)| (e.step(), Some(i)))
        .unwrap_or((StudentStep::Done, None))
}

/// An invitation to the winners' sharing session waiting for the team's
/// answer comes before every other step but the profile.
pub fn invitation_first(step: StudentStep, invitation_waiting: bool) -> StudentStep {
    if invitation_waiting && step != StudentStep::Profile {
        StudentStep::Sharing
    } else {
        step
    }
}

/// Days before its due date when a request counts as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

/// Due soon: not overdue on `today`, and due within `DUE_SOON_DAYS`.
pub fn due_soon(due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    due_on.is_some_and(|d| d >= today && (d - today).num_days() <= DUE_SOON_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_step_goes_profile_team_entry_submit_then_what_the_review_says() {
        use EntryStanding::*;
        let step = |p, t, e: &[EntryStanding]| student_step(p, t, e).0;
        assert_eq!(step(false, true, &[]), StudentStep::Profile);
        assert_eq!(step(true, false, &[]), StudentStep::Team);
        assert_eq!(
            step(true, true, &[Submitted, NotStarted]),
            StudentStep::Entry
        );
        assert_eq!(
            student_step(true, true, &[Submitted, NotStarted]).1,
            Some(1),
            "about the entry not started"
        );
        assert_eq!(step(true, true, &[Draft]), StudentStep::Submit);
        assert_eq!(step(true, true, &[Submitted]), StudentStep::Done);
        assert_eq!(step(true, true, &[Passed, Revision]), StudentStep::Revise);
        assert_eq!(step(true, true, &[Passed]), StudentStep::Judging);
        assert_eq!(step(true, true, &[Failed]), StudentStep::NotEligible);
        assert_eq!(step(true, true, &[Failed, ResultOut]), StudentStep::Results);
    }

    #[test]
    fn an_entry_stands_by_its_status_then_the_results_then_the_decision() {
        use EntryStanding::*;
        let submitted = Some(Status::Submitted);
        assert_eq!(EntryStanding::of(None, true, None), NotStarted);
        assert_eq!(
            EntryStanding::of(Some(Status::Draft), true, Some(Outcome::Pass)),
            Draft
        );
        assert_eq!(
            EntryStanding::of(submitted, true, Some(Outcome::Fail)),
            ResultOut
        );
        assert_eq!(EntryStanding::of(submitted, false, None), Submitted);
        assert_eq!(
            EntryStanding::of(submitted, false, Some(Outcome::Pass)),
            Passed
        );
        assert_eq!(
            EntryStanding::of(submitted, false, Some(Outcome::Fail)),
            Failed
        );
        assert_eq!(
            EntryStanding::of(submitted, false, Some(Outcome::Revision)),
            Revision
        );
    }

    #[test]
    fn an_invitation_to_answer_comes_first_after_the_profile() {
        assert_eq!(
            invitation_first(StudentStep::Results, true),
            StudentStep::Sharing
        );
        assert_eq!(
            invitation_first(StudentStep::Results, false),
            StudentStep::Results
        );
        assert_eq!(
            invitation_first(StudentStep::Profile, true),
            StudentStep::Profile
        );
    }

    #[test]
    fn due_soon_is_the_next_three_days() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 12, n).unwrap();
        assert!(due_soon(Some(d(4)), d(1)));
        assert!(due_soon(Some(d(1)), d(1)));
        assert!(!due_soon(Some(d(5)), d(1)));
        assert!(!due_soon(Some(d(1)), d(2)), "overdue is not due soon");
        assert!(!due_soon(None, d(1)));
    }
}
