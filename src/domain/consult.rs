//! The open-data consult (issue 16): before its submission deadline a team
//! asks once per entry how its declared datasets and use read to an
//! eligibility reviewer, who answers with a message and the reason codes the
//! entry risks. A consult is never a decision: nothing here changes where the
//! entry stands in the review.

use chrono::NaiveDateTime;

use super::entry::Window;
use super::text::Rule;
use super::FieldErrors;

/// The longest question, in characters.
pub const QUESTION_MAX: usize = 1_000;
/// The longest answer, in characters.
pub const ANSWER_MAX: usize = 2_000;

/// A team may ask only within its ordinary submission window: after its
/// deadline (a revision the review asked for included) it is refused.
pub fn may_ask(window: &Window, at: NaiveDateTime) -> bool {
    window.in_time(at)
}

/// The question as typed, checked: required, several lines, no control
/// characters, at most `QUESTION_MAX`. Kept as typed, trimmed.
pub fn question(raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("question", raw, Rule::paragraph(QUESTION_MAX).required());
    errors.or(raw.trim().to_string())
}

/// A reviewer's answer: the message and the reason codes it risks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub message: String,
    /// Codes among the known ones, each once, in the order chosen.
    pub reasons: Vec<String>,
}

/// The answer as typed, checked: a message is required; the reasons (none
/// is fine: the use may risk nothing) must be among `known`.
pub fn answer(message: &str, reasons: &[String], known: &[String]) -> Result<Answer, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("message", message, Rule::paragraph(ANSWER_MAX).required());
    let mut chosen: Vec<String> = Vec::new();
    for r in reasons.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        if !known.iter().any(|k| k == r) {
            errors.push("reasons", "error-reason-unknown");
        } else if !chosen.iter().any(|c| c == r) {
            chosen.push(r.to_string());
        }
    }
    errors.or(Answer {
        message: message.trim().to_string(),
        reasons: chosen,
    })
}

/// How many entries of a group passed the review out of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassRate {
    pub passed: usize,
    pub entries: usize,
}

impl PassRate {
    pub fn add(&mut self, passed: bool) {
        self.entries += 1;
        if passed {
            self.passed += 1;
        }
    }

    /// The share in whole percent, rounded; `None` for an empty group.
    pub fn percent(&self) -> Option<usize> {
        (self.entries > 0).then(|| (self.passed * 200 + self.entries) / (self.entries * 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn at() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 6, 1)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    fn window(deadline: NaiveDateTime) -> Window {
        Window {
            opens: Some(at() - Duration::days(30)),
            deadline: Some(deadline),
            withdrawn: false,
            revision: None,
        }
    }

    #[test]
    fn asking_is_for_the_submission_window_only() {
        assert!(may_ask(&window(at() + Duration::minutes(1)), at()));
        assert!(!may_ask(&window(at()), at()));
        assert!(!may_ask(&window(at() - Duration::minutes(1)), at()));
        let withdrawn = Window {
            withdrawn: true,
            ..window(at() + Duration::days(1))
        };
        assert!(!may_ask(&withdrawn, at()));
    }

    #[test]
    fn a_question_is_required_and_has_no_control_characters() {
        assert_eq!(
            question("  欄位可以這樣用嗎？\n謝謝 ").as_deref(),
            Ok("欄位可以這樣用嗎？\n謝謝")
        );
        assert_eq!(
            question("  ").unwrap_err().get("question"),
            Some("error-required")
        );
        assert_eq!(
            question("a\u{0}b").unwrap_err().get("question"),
            Some("error-text-control")
        );
        assert_eq!(
            question(&"字".repeat(QUESTION_MAX + 1))
                .unwrap_err()
                .get("question"),
            Some("error-too-long")
        );
    }

    #[test]
    fn an_answer_needs_a_message_and_known_reasons() {
        let known = vec!["no-open-data".to_string(), "late".to_string()];
        let a = answer(
            " 請補充 ",
            &["late".into(), "late".into(), "".into()],
            &known,
        );
        assert_eq!(
            a,
            Ok(Answer {
                message: "請補充".into(),
                reasons: vec!["late".into()]
            })
        );
        assert!(answer("ok", &[], &known).is_ok());
        let e = answer("", &["nope".into()], &known).unwrap_err();
        assert_eq!(e.get("message"), Some("error-required"));
        assert_eq!(e.get("reasons"), Some("error-reason-unknown"));
        assert_eq!(
            answer("\u{1b}[31m", &[], &known)
                .unwrap_err()
                .get("message"),
            Some("error-text-control")
        );
    }

    #[test]
    fn pass_rates_round_to_whole_percent() {
        let mut r = PassRate::default();
        assert_eq!(r.percent(), None);
        r.add(true);
        r.add(false);
        r.add(false);
        assert_eq!((r.passed, r.entries, r.percent()), (1, 3, Some(33)));
        r.add(true);
        r.add(true);
        r.add(false);
        r.add(true);
        r.add(true);
        assert_eq!(r.percent(), Some(63)); // 5 of 8 = 62.5
    }
}
