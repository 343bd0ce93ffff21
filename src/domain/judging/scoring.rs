//! A judge's score sheet: what may be typed for each criterion (its range),
//! each dataset's depth rating (1–5), and what a submitted sheet must have.

use std::collections::{BTreeMap, BTreeSet};

use super::rubric::{Criterion, CriterionKind, Review, DEPTH_RANGE};
use crate::domain::text::{refusal, Kind};

/// A judge's comment on an entry.
pub const COMMENT_MAX: usize = 5000;

/// A score form as typed (or as saved).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreSheet {
    /// Typed criteria: position ("3") → what was typed.
    pub criteria: BTreeMap<String, String>,
    /// Depth ratings: dataset id → what was chosen.
    pub depth: BTreeMap<String, String>,
    pub comment: String,
    /// The judge shares the comment with the team (without their name)
    /// when the results are published.
    pub comment_shared: bool,
    /// A comment on a typed criterion: position → (text, shared with the
    /// team when the results are published).
    pub notes: BTreeMap<String, (String, bool)>,
}

/// A comment on one criterion.
pub const CRITERION_NOTE_MAX: usize = 2000;

/// Problems of a sheet, by the form's key: "c3" for the criterion at
/// position 3, "d6262" for dataset 6262's rating, "comment".
pub type SheetProblems = BTreeMap<String, &'static str>;

/// A sheet that passed its checks: what to store, and the review to total.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSheet {
    /// Only what the rubric asks for: the typed criteria and, when the
    /// rubric rates depth, one rating per declared dataset.
    pub sheet: ScoreSheet,
    pub review: Review,
    /// Every score given: only then is there a total.
    pub complete: bool,
}

/// A typed score for `c`: a finite number from its minimum to its maximum.
pub fn manual_score(raw: &str, c: &Criterion) -> Result<f64, &'static str> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= c.min && *v <= c.max)
        .ok_or("error-score-range")
}

/// A depth rating: a whole number from 1 to 5.
pub fn depth_rating(raw: &str) -> Result<u8, &'static str> {
    raw.trim()
        .parse::<u8>()
        .ok()
        .filter(|v| (DEPTH_RANGE.0..=DEPTH_RANGE.1).contains(v))
        .ok_or("error-depth-range")
}

/// Checks a sheet against the rubric's criteria (typed ones keyed "c<position>")
/// and the entry's declared datasets. A draft may leave scores out; a
/// submitted sheet may not. Whatever is typed must be in range, and the
/// comment free of control characters.
pub fn check_sheet(
    criteria: &[Criterion],
    datasets: &[String],
    typed: &ScoreSheet,
    submit: bool,
) -> Result<CheckedSheet, SheetProblems> {
    let mut problems = SheetProblems::new();
    let mut kept = ScoreSheet::default();
    let mut review = Review::default();
    let mut complete = true;
    for c in criteria.iter().filter(|c| c.kind == CriterionKind::Manual) {
        let position = c.key.trim_start_matches('c').to_string();
        let raw = typed
            .criteria
            .get(&position)
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        if let Some((text, shared)) = typed.notes.get(&position) {
            let text = text.trim().to_string();
            let key = format!("n{position}");
            if let Some(m) = refusal(&text, Kind::Paragraph) {
                problems.insert(key, m);
            } else if text.chars().count() > CRITERION_NOTE_MAX {
                problems.insert(key, "error-too-long");
            }
            if !text.is_empty() {
                kept.notes.insert(position.clone(), (text, *shared));
            }
        }
        kept.criteria.insert(position, raw.clone());
        if raw.is_empty() {
            complete = false;
            if submit {
                problems.insert(c.key.clone(), "error-score-required");
            }
            continue;
        }
        match manual_score(&raw, c) {
            Ok(v) => {
                review.scores.insert(c.key.clone(), v);
            }
            Err(m) => {
                problems.insert(c.key.clone(), m);
            }
        }
    }
    if criteria.iter().any(|c| c.kind == CriterionKind::Depth) {
        let mut seen = BTreeSet::new();
        for id in datasets.iter().filter(|id| seen.insert(id.as_str())) {
            let key = format!("d{id}");
            let raw = typed
                .depth
                .get(id)
                .map(|v| v.trim().to_string())
                .unwrap_or_default();
            kept.depth.insert(id.clone(), raw.clone());
            if raw.is_empty() {
                complete = false;
                if submit {
                    problems.insert(key, "error-depth-required");
                }
                continue;
            }
            match depth_rating(&raw) {
                Ok(v) => review.depth_ratings.push(v),
                Err(m) => {
                    problems.insert(key, m);
                }
            }
        }
    }
    kept.comment = typed.comment.trim().to_string();
    kept.comment_shared = typed.comment_shared && !kept.comment.is_empty();
    if let Some(m) = refusal(&kept.comment, Kind::Paragraph) {
        problems.insert("comment".into(), m);
    } else if kept.comment.chars().count() > COMMENT_MAX {
        problems.insert("comment".into(), "error-too-long");
    }
    if problems.is_empty() {
        Ok(CheckedSheet {
            sheet: kept,
            review,
            complete,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria() -> Vec<Criterion> {
        let c = |key: &str, kind, min, max| Criterion {
            key: key.into(),
            kind,
            weight: 25.0,
            min,
            max,
        };
        vec![
            c("quantity", CriterionKind::Quantity, 1.0, 5.0),
            c("depth", CriterionKind::Depth, 1.0, 5.0),
            c("c3", CriterionKind::Manual, 0.0, 10.0),
            c("c4", CriterionKind::Manual, 50.0, 100.0),
        ]
    }

    fn sheet(c3: &str, c4: &str, depth: &[(&str, &str)]) -> ScoreSheet {
        ScoreSheet {
            criteria: [("3", c3), ("4", c4)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            depth: depth
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            comment: String::new(),
            comment_shared: false,
            notes: BTreeMap::new(),
        }
    }

    #[test]
    fn a_typed_score_stays_within_its_criterions_range() {
        let c = &criteria()[3];
        assert_eq!(manual_score("50", c), Ok(50.0));
        assert_eq!(manual_score(" 100 ", c), Ok(100.0));
        assert_eq!(manual_score("72.5", c), Ok(72.5));
        for bad in ["49.9", "100.01", "NaN", "inf", "-0", "八十", ""] {
            assert_eq!(manual_score(bad, c), Err("error-score-range"), "{bad}");
        }
    }

    #[test]
    fn depth_is_rated_one_to_five() {
        for ok in 1..=5u8 {
            assert_eq!(depth_rating(&ok.to_string()), Ok(ok));
        }
        for bad in ["0", "6", "2.5", "-1", "五"] {
            assert_eq!(depth_rating(bad), Err("error-depth-range"), "{bad}");
        }
    }

    #[test]
    fn drafts_may_be_partial_but_a_submitted_sheet_is_complete() {
        let datasets = vec!["6262".to_string(), "6262".to_string(), "7001".to_string()];
        let draft = check_sheet(
            &criteria(),
            &datasets,
            &sheet("8", "", &[("6262", "4")]),
            false,
        )
        .expect("a partial draft is fine");
        assert!(!draft.complete);
        assert_eq!(draft.review.scores.get("c3"), Some(&8.0));
        assert_eq!(draft.review.depth_ratings, vec![4]);
        assert_eq!(
            draft.sheet.depth.len(),
            2,
            "one rating per distinct dataset"
        );
        let refused = check_sheet(
            &criteria(),
            &datasets,
            &sheet("8", "", &[("6262", "4")]),
            true,
        )
        .unwrap_err();
        assert_eq!(refused.get("c4"), Some(&"error-score-required"));
        assert_eq!(refused.get("d7001"), Some(&"error-depth-required"));
        assert!(!refused.contains_key("c3") && !refused.contains_key("d6262"));
        let done = check_sheet(
            &criteria(),
            &datasets,
            &sheet("8", "60", &[("6262", "4"), ("7001", "1")]),
            true,
        )
        .expect("complete");
        assert!(done.complete);
        // Out of range is refused in a draft too.
        let wild = check_sheet(
            &criteria(),
            &datasets,
            &sheet("11", "", &[("7001", "9")]),
            false,
        )
        .unwrap_err();
        assert_eq!(wild.get("c3"), Some(&"error-score-range"));
        assert_eq!(wild.get("d7001"), Some(&"error-depth-range"));
    }

    #[test]
    fn comments_refuse_control_characters_and_keep_line_breaks() {
        let mut s = sheet("", "", &[]);
        s.comment = "資料運用紮實👍\n第二行".into();
        assert!(check_sheet(&criteria(), &[], &s, false).is_ok());
        s.comment = "好\0".into();
        assert_eq!(
            check_sheet(&criteria(), &[], &s, false)
                .unwrap_err()
                .get("comment"),
            Some(&"error-text-control")
        );
        s.comment = "長".repeat(COMMENT_MAX + 1);
        assert_eq!(
            check_sheet(&criteria(), &[], &s, false)
                .unwrap_err()
                .get("comment"),
            Some(&"error-too-long")
        );
    }

    #[test]
    fn without_a_depth_criterion_no_rating_is_asked_for() {
        let no_depth: Vec<Criterion> = criteria()
            .into_iter()
            .filter(|c| c.kind != CriterionKind::Depth)
            .collect();
        let done = check_sheet(&no_depth, &["6262".into()], &sheet("1", "50", &[]), true)
            .expect("complete without ratings");
        assert!(done.sheet.depth.is_empty() && done.complete);
    }

    #[test]
    fn criterion_notes_are_kept_trimmed_and_checked() {
        let mut s = sheet("5", "60", &[("6262", "3")]);
        s.notes.insert("3".into(), ("  有創意  ".into(), true));
        s.notes.insert("4".into(), ("   ".into(), true));
        let ok = check_sheet(&criteria(), &["6262".into()], &s, true).unwrap();
        assert_eq!(ok.sheet.notes.get("3"), Some(&("有創意".to_string(), true)));
        assert!(
            !ok.sheet.notes.contains_key("4"),
            "an empty note is no note"
        );
        s.notes.insert("3".into(), ("壞\u{0}字".into(), false));
        let bad = check_sheet(&criteria(), &["6262".into()], &s, true).unwrap_err();
        assert!(bad.contains_key("n3"));
    }
}
