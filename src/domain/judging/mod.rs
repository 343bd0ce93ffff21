//! Judging rules, pure: the two rounds, rubrics with the two open-data
//! criteria, score sheets and their ranges, conflicts of interest, balanced
//! assignment of judges, aggregation into an explainable ranking that
//! corrects for harsh and lenient judges, finalists, prizes and publishing.

mod assignment;
mod conflicts;
mod ranking;
mod results;
mod rubric;
mod scoring;

pub use assignment::*;
pub use conflicts::*;
pub use ranking::*;
pub use results::*;
pub use rubric::*;
pub use scoring::*;

use serde::{Deserialize, Serialize};

use super::text::{refusal, Kind};
use super::FieldError;

/// A round of judging: entries that passed the eligibility review are judged
/// in the preliminary round; those advanced are judged again in the finals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Round {
    Preliminary,
    Finals,
}

impl Round {
    pub const ALL: [Round; 2] = [Round::Preliminary, Round::Finals];

    pub fn as_str(self) -> &'static str {
        match self {
            Round::Preliminary => "preliminary",
            Round::Finals => "finals",
        }
    }

    pub fn parse(s: &str) -> Option<Round> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s)
    }

    /// A round named in a page's address or a form, where none named means
    /// the preliminary round.
    pub fn or_preliminary(s: &str) -> Option<Round> {
        if s.is_empty() {
            Some(Round::Preliminary)
        } else {
            Round::parse(s)
        }
    }

    /// What a page's address adds to stay in this round.
    pub fn query(self) -> &'static str {
        match self {
            Round::Preliminary => "",
            Round::Finals => "?round=finals",
        }
    }
}

impl std::fmt::Display for Round {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a judge's score stands: a draft they may still change, or
/// submitted, which is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoreStatus {
    Draft,
    Submitted,
}

impl ScoreStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreStatus::Draft => "draft",
            ScoreStatus::Submitted => "submitted",
        }
    }

    pub fn parse(s: &str) -> Option<ScoreStatus> {
        [ScoreStatus::Draft, ScoreStatus::Submitted]
            .into_iter()
            .find(|st| st.as_str() == s)
    }

    /// What saving a sheet makes it.
    pub fn of(submit: bool) -> ScoreStatus {
        if submit {
            ScoreStatus::Submitted
        } else {
            ScoreStatus::Draft
        }
    }
}

/// A note that must say something (a dismissal's reason on one line, an
/// unlock's reason on one or more): control characters are refused with
/// their own message, an empty or too long note with `missing`.
pub fn required_note(
    field: &'static str,
    raw: &str,
    kind: Kind,
    missing: &'static str,
) -> Result<String, FieldError> {
    let note = raw.trim();
    if let Some(m) = refusal(note, kind) {
        return Err(FieldError::new(field, m));
    }
    if note.is_empty() || note.chars().count() > NOTE_MAX {
        return Err(FieldError::new(field, missing));
    }
    Ok(note.to_string())
}

/// A one-line note that may be left empty (a judge's declared conflict).
pub fn optional_note(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let note = raw.trim();
    if let Some(m) = refusal(note, Kind::Line) {
        return Err(FieldError::new(field, m));
    }
    if note.chars().count() > NOTE_MAX {
        return Err(FieldError::new(field, "error-too-long"));
    }
    Ok(note.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_and_statuses_are_named_and_unknown_names_are_none() {
        for r in Round::ALL {
            assert_eq!(Round::parse(r.as_str()), Some(r));
            assert_eq!(r.to_string(), r.as_str());
        }
        assert_eq!(Round::parse(""), None);
        assert_eq!(Round::parse("semi"), None);
        assert_eq!(Round::or_preliminary(""), Some(Round::Preliminary));
        assert_eq!(Round::or_preliminary("finals"), Some(Round::Finals));
        assert_eq!(Round::or_preliminary("Finals"), None);
        assert_eq!(Round::Finals.query(), "?round=finals");
        assert_eq!(Round::Preliminary.query(), "");
        for s in [ScoreStatus::Draft, ScoreStatus::Submitted] {
            assert_eq!(ScoreStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ScoreStatus::parse("final"), None);
        assert_eq!(ScoreStatus::of(true), ScoreStatus::Submitted);
        assert_eq!(NoteKind::parse("declared"), Some(NoteKind::Declared));
        assert_eq!(NoteKind::parse("other"), None);
    }

    #[test]
    fn notes_refuse_control_characters_and_say_something() {
        assert_eq!(
            required_note("note", "  已離職  ", Kind::Line, "error-dismiss-note"),
            Ok("已離職".to_string())
        );
        for (raw, message) in [
            ("", "error-dismiss-note"),
            ("   ", "error-dismiss-note"),
            ("退休\0", "error-text-control"),
            ("a\nb", "error-text-line-break"),
        ] {
            assert_eq!(
                required_note("note", raw, Kind::Line, "error-dismiss-note")
                    .unwrap_err()
                    .message,
                message,
                "{raw:?}"
            );
        }
        assert_eq!(
            required_note(
                "reason",
                "第一點\n第二點",
                Kind::Paragraph,
                "error-unlock-reason"
            ),
            Ok("第一點\n第二點".to_string())
        );
        let long = "長".repeat(NOTE_MAX + 1);
        assert_eq!(
            required_note("note", &long, Kind::Line, "error-dismiss-note")
                .unwrap_err()
                .message,
            "error-dismiss-note"
        );
        assert_eq!(optional_note("note", ""), Ok(String::new()));
        assert_eq!(
            optional_note("note", "指導\u{1b}過").unwrap_err().message,
            "error-text-control"
        );
        assert_eq!(
            optional_note("note", &long).unwrap_err().message,
            "error-too-long"
        );
    }
}
