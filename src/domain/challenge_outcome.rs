//! What came of a challenge (出題): which challenge an entry may answer, which
//! a data request may name, a unit's registration for the winners' sharing
//! session, and what the unit's outcome view counts.

use chrono::NaiveDateTime;

use super::challenge::ChallengeState;
use super::text::Rule;
use super::FieldErrors;

/// Most people a unit brings to a sharing session.
pub const ATTENDEES_MAX: i32 = 20;
/// The longest note with a registration.
pub const REGISTRATION_NOTE_MAX: usize = 500;

/// Whether an entry of track `entry_track` may answer a challenge in
/// `state` of track `challenge_track`: a published challenge of the same
/// track; one the entry already answers stays chosen after it is withdrawn
/// (`kept`), so a save never drops it. The Fluent id of why not otherwise.
pub fn choosable(
    state: ChallengeState,
    challenge_track: i32,
    entry_track: i32,
    kept: bool,
) -> Result<(), &'static str> {
    if challenge_track != entry_track {
        return Err("error-entry-challenge-track");
    }
    if state.is_public() || (kept && state == ChallengeState::Withdrawn) {
        Ok(())
    } else {
        Err("error-entry-challenge-not-published")
    }
}

/// Whether a data request may name a challenge of a contest: a published
/// challenge of a published contest whose results day has not passed.
pub fn nameable_on_request(
    state: ChallengeState,
    contest_published: bool,
    results_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> bool {
    state.is_public() && contest_published && results_at.is_none_or(|at| now < at)
}

/// A registration for the winners' sharing session as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationInput {
    pub session_id: String,
    pub attendees: String,
    pub note: String,
}

/// A checked registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub session_id: i32,
    pub attendees: i32,
    pub note: String,
}

impl RegistrationInput {
    /// Checks the session (a number), the attendees (1 to `ATTENDEES_MAX`)
    /// and the note (one paragraph, no control or invisible characters),
    /// each problem beside its field.
    pub fn checked(&self) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let session_id = match self.session_id.trim().parse::<i32>() {
            Ok(id) if id > 0 => id,
            _ => {
                errors.push("session", "error-sharing-registration-session");
                0
            }
        };
        let attendees = match self.attendees.trim().parse::<i32>() {
            Ok(n) if (1..=ATTENDEES_MAX).contains(&n) => n,
            _ => {
                errors.push("attendees", "error-sharing-registration-attendees");
                0
            }
        };
        errors.text("note", &self.note, Rule::paragraph(REGISTRATION_NOTE_MAX));
        errors.or(Registration {
            session_id,
            attendees,
            note: self.note.trim().replace("\r\n", "\n"),
        })
    }
}

/// What came of one challenge, as counted for its unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Teams whose entry (draft or submitted) chose it.
    pub teams: i64,
    /// Entries submitted that answer it.
    pub submitted: i64,
    /// Of those, the ones that passed the eligibility review.
    pub eligible: i64,
    /// Of those, the finalists.
    pub finalists: i64,
    /// Winners; counted only once the track's results are published.
    pub winners: Option<i64>,
    /// Data requests naming it.
    pub requests: i64,
}

/// Whom the unit is told about when a track's results are published: its
/// challenges on that track that are published and not yet told about.
pub fn to_notify(state: ChallengeState, notified_at: Option<NaiveDateTime>) -> bool {
    state.is_public() && notified_at.is_none()
}

/// How much of a problem statement is shown beside an entry.
pub const SHORT_STATEMENT: usize = 200;

/// The start of a problem statement, cut at `SHORT_STATEMENT` characters
/// (with an ellipsis when cut), its first paragraph only.
pub fn short_statement(statement: &str) -> String {
    let first = statement.trim().split("\n\n").next().unwrap_or("").trim();
    if first.chars().count() <= SHORT_STATEMENT {
        first.to_string()
    } else {
        let cut: String = first.chars().take(SHORT_STATEMENT).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn an_entry_answers_only_a_published_challenge_of_its_track() {
        use ChallengeState::*;
        assert_eq!(choosable(Published, 1, 1, false), Ok(()));
        assert_eq!(
            choosable(Published, 2, 1, false),
            Err("error-entry-challenge-track")
        );
        for s in [Draft, Submitted, ChangesRequested, Withdrawn] {
            assert_eq!(
                choosable(s, 1, 1, false),
                Err("error-entry-challenge-not-published")
            );
        }
        assert_eq!(
            choosable(Withdrawn, 1, 1, true),
            Ok(()),
            "kept after withdrawal"
        );
        assert!(choosable(Draft, 1, 1, true).is_err());
    }

    #[test]
    fn requests_name_challenges_of_open_contests_only() {
        let now = at("2026-06-01 00:00");
        let p = ChallengeState::Published;
        assert!(nameable_on_request(p, true, None, now));
        assert!(nameable_on_request(
            p,
            true,
            Some(at("2026-09-01 00:00")),
            now
        ));
        assert!(!nameable_on_request(
            p,
            true,
            Some(at("2026-05-01 00:00")),
            now
        ));
        assert!(!nameable_on_request(p, false, None, now));
        assert!(!nameable_on_request(ChallengeState::Draft, true, None, now));
    }

    #[test]
    fn a_registration_is_checked_field_by_field() {
        let ok = RegistrationInput {
            session_id: "3".into(),
            attendees: " 2 ".into(),
            note: " 兩位科長 ".into(),
        }
        .checked()
        .unwrap();
        assert_eq!(
            (ok.session_id, ok.attendees, ok.note.as_str()),
            (3, 2, "兩位科長")
        );
        for (attendees, note, field) in [
            ("0", "", "attendees"),
            ("21", "", "attendees"),
            ("-1", "", "attendees"),
            ("二", "", "attendees"),
            ("99999999999", "", "attendees"),
            ("1", "a\u{0}b", "note"),
            ("1", "a\u{1b}[31m", "note"),
        ] {
            let e = RegistrationInput {
                session_id: "3".into(),
                attendees: attendees.into(),
                note: note.into(),
            }
            .checked()
            .unwrap_err();
            assert!(e.get(field).is_some(), "{attendees:?} {note:?}");
        }
        let long = RegistrationInput {
            session_id: "x".into(),
            attendees: "1".into(),
            note: "長".repeat(REGISTRATION_NOTE_MAX + 1),
        }
        .checked()
        .unwrap_err();
        assert!(long.get("note").is_some() && long.get("session").is_some());
    }

    #[test]
    fn a_unit_is_told_once_about_a_published_challenge() {
        assert!(to_notify(ChallengeState::Published, None));
        assert!(!to_notify(
            ChallengeState::Published,
            Some(at("2026-01-01 00:00"))
        ));
        assert!(!to_notify(ChallengeState::Withdrawn, None));
    }

    #[test]
    fn a_short_statement_is_its_first_paragraph_cut() {
        assert_eq!(
            short_statement(" 找出高風險行業。\n\n細節 "),
            "找出高風險行業。"
        );
        let long = "字".repeat(SHORT_STATEMENT + 5);
        let s = short_statement(&long);
        assert_eq!(s.chars().count(), SHORT_STATEMENT + 1);
        assert!(s.ends_with('…'));
    }
}
