//! What a signed-in person's home page puts first: a student's next step
//! (profile → team → entry → submit), and which of a unit's requests are
//! due soon.

use chrono::NaiveDate;
use serde::Serialize;

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
    /// Every entry is submitted: wait for the review.
    Done,
}

impl StudentStep {
    pub fn message_id(self) -> &'static str {
        match self {
            StudentStep::Profile => "home-step-profile",
            StudentStep::Team => "home-step-team",
            StudentStep::Entry => "home-step-entry",
            StudentStep::Submit => "home-step-submit",
            StudentStep::Done => "home-step-done",
        }
    }
}

/// The next step: a profile first, then a team, then for each of the
/// team's tracks an entry (`None`: not started; `Some(submitted)`).
pub fn student_step(has_profile: bool, has_team: bool, entries: &[Option<bool>]) -> StudentStep {
    if !has_profile {
        StudentStep::Profile
    } else if !has_team {
        StudentStep::Team
    } else if entries.iter().any(Option::is_none) {
        StudentStep::Entry
    } else if entries.contains(&Some(false)) {
        StudentStep::Submit
    } else {
        StudentStep::Done
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
    fn the_next_step_goes_profile_team_entry_submit() {
        assert_eq!(student_step(false, true, &[]), StudentStep::Profile);
        assert_eq!(student_step(true, false, &[]), StudentStep::Team);
        assert_eq!(
            student_step(true, true, &[None, Some(true)]),
            StudentStep::Entry
        );
        assert_eq!(
            student_step(true, true, &[Some(false)]),
            StudentStep::Submit
        );
        assert_eq!(student_step(true, true, &[Some(true)]), StudentStep::Done);
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
