//! Challenges set by business units (出題): what a challenge must say, and how it moves from a unit's draft to published.

use super::account::Email;
use super::text::Rule;
use super::FieldErrors;

/// The longest title, in characters (each language).
pub const TITLE_MAX: usize = 120;
/// The longest problem statement, in characters (each language).
pub const STATEMENT_MAX: usize = 4_000;
/// The longest "who would use the result".
pub const USERS_MAX: usize = 1_000;
/// The longest description of data the unit could release on request.
pub const RELEASABLE_MAX: usize = 2_000;
/// The longest contact name.
pub const CONTACT_MAX: usize = 80;
/// The longest prize or follow-up.
pub const PRIZE_MAX: usize = 500;
/// The longest note an organiser sends back with a request for changes.
pub const NOTE_MAX: usize = 1_000;
/// At most this many recommended datasets.
pub const DATASETS_MAX: usize = 12;

/// Where a challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeState {
    /// The unit is writing it; nobody else sees it.
    Draft,
    /// Sent to the organisers for review; the unit may not change it.
    Submitted,
    /// The organisers asked for changes (with a note); the unit edits it again.
    ChangesRequested,
    /// Shown on the track page; teams may pick it.
    Published,
    /// Taken down by the organisers; entries that picked it keep the link.
    Withdrawn,
}

impl ChallengeState {
    pub const ALL: [ChallengeState; 5] = [
        ChallengeState::Draft,
        ChallengeState::Submitted,
        ChallengeState::ChangesRequested,
        ChallengeState::Published,
        ChallengeState::Withdrawn,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ChallengeState::Draft => "draft",
            ChallengeState::Submitted => "submitted",
            ChallengeState::ChangesRequested => "changes_requested",
            ChallengeState::Published => "published",
            ChallengeState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The Fluent id of the state's name.
    pub const fn message_id(self) -> &'static str {
        match self {
            ChallengeState::Draft => "challenge-state-draft",
            ChallengeState::Submitted => "challenge-state-submitted",
            ChallengeState::ChangesRequested => "challenge-state-changes-requested",
            ChallengeState::Published => "challenge-state-published",
            ChallengeState::Withdrawn => "challenge-state-withdrawn",
        }
    }

    /// Whether the unit may still change what it says.
    pub const fn unit_may_edit(self) -> bool {
        matches!(
            self,
            ChallengeState::Draft | ChallengeState::ChangesRequested
        )
    }

    /// Whether teams see it (and may pick it for an entry).
    pub const fn is_public(self) -> bool {
        matches!(self, ChallengeState::Published)
    }
}

/// A step in a challenge's life, and who takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The unit sends its draft (or its changed draft) for review.
    Submit,
    /// An organiser sends it back with a note.
    RequestChanges,
    /// An organiser publishes it.
    Publish,
    /// An organiser takes a published challenge down.
    Withdraw,
}

/// The state after `step`, or the Fluent id of why not.
pub fn transition(state: ChallengeState, step: Step) -> Result<ChallengeState, &'static str> {
    use ChallengeState::*;
    match (state, step) {
        (Draft | ChangesRequested, Step::Submit) => Ok(Submitted),
        (Submitted, Step::RequestChanges) => Ok(ChangesRequested),
        (Submitted, Step::Publish) => Ok(Published),
        (Published, Step::Withdraw) => Ok(Withdrawn),
        (Published, Step::Publish) => Err("error-challenge-already-published"),
        (Published | Withdrawn, Step::Submit) => Err("error-challenge-not-editable"),
        (Submitted, Step::Submit) => Err("error-challenge-already-submitted"),
        _ => Err("error-challenge-wrong-state"),
    }
}

/// What a unit types for a challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChallengeInput {
    pub title_zh: String,
    pub title_en: String,
    pub statement_zh: String,
    pub statement_en: String,
    pub intended_users: String,
    pub releasable_data: String,
    pub contact_name: String,
    pub contact_email: String,
    pub prize: String,
    /// Recommended datasets, by catalogue id, in the unit's order.
    pub dataset_ids: Vec<i32>,
}

impl ChallengeInput {
    /// Checks every field, trimming the text and normalising the e-mail;
    /// each problem is recorded beside its field.
    pub fn checked(mut self) -> Result<ChallengeInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, value, rule) in [
            (
                "title_zh",
                &mut self.title_zh,
                Rule::name(TITLE_MAX).required(),
            ),
            (
                "title_en",
                &mut self.title_en,
                Rule::name(TITLE_MAX).required(),
            ),
            (
                "statement_zh",
                &mut self.statement_zh,
                Rule::paragraph(STATEMENT_MAX).required(),
            ),
            (
                "statement_en",
                &mut self.statement_en,
                Rule::paragraph(STATEMENT_MAX).required(),
            ),
            (
                "intended_users",
                &mut self.intended_users,
                Rule::paragraph(USERS_MAX).required(),
            ),
            (
                "releasable_data",
                &mut self.releasable_data,
                Rule::paragraph(RELEASABLE_MAX),
            ),
            (
                "contact_name",
                &mut self.contact_name,
                Rule::name(CONTACT_MAX).required(),
            ),
            ("prize", &mut self.prize, Rule::paragraph(PRIZE_MAX)),
        ] {
            errors.text(field, value, rule);
            *value = value.trim().to_string();
        }
        match Email::parse(&self.contact_email) {
            Ok(e) => self.contact_email = e.as_str().to_string(),
            Err(e) => errors.push("contact_email", e.message),
        }
        let mut seen = std::collections::HashSet::new();
        self.dataset_ids.retain(|id| seen.insert(*id));
        if self.dataset_ids.len() > DATASETS_MAX {
            errors.push("datasets", "error-challenge-too-many-datasets");
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// The organiser's note with a request for changes: required, one paragraph.
pub fn review_note(raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("note", raw, Rule::paragraph(NOTE_MAX).required());
    if errors.is_empty() {
        Ok(raw.trim().to_string())
    } else {
        Err(errors)
    }
}

/// The recommended datasets an entry does not declare, in the challenge's order.
pub fn missing_recommended(recommended: &[i32], declared: &[i32]) -> Vec<i32> {
    recommended
        .iter()
        .copied()
        .filter(|id| !declared.contains(id))
        .collect()
}

/// Whether a track still takes challenges: its contest still takes
/// recommended datasets (its results day has not passed,
/// `themes::takes_recommendations`) and the track's own results are not
/// published yet.
pub fn takes_challenges(
    contest_results_at: Option<chrono::NaiveDateTime>,
    track_results_published: bool,
    now: chrono::NaiveDateTime,
) -> bool {
    super::themes::takes_recommendations(contest_results_at, now) && !track_results_published
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ChallengeInput {
        ChallengeInput {
            title_zh: " 職災預防地圖 ".into(),
            title_en: "Workplace injury map".into(),
            statement_zh: "找出高風險行業。".into(),
            statement_en: "Find the industries most at risk.".into(),
            intended_users: "勞動檢查員".into(),
            releasable_data: String::new(),
            contact_name: "王小明".into(),
            contact_email: "Wang@MOL.gov.tw".into(),
            prize: String::new(),
            dataset_ids: vec![3, 1, 3],
        }
    }

    #[test]
    fn a_good_challenge_is_trimmed_and_normalised() {
        let c = input().checked().unwrap();
        assert_eq!(c.title_zh, "職災預防地圖");
        assert_eq!(c.contact_email, "wang@mol.gov.tw");
        assert_eq!(c.dataset_ids, vec![3, 1]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut i = input();
        i.title_en = "  ".into();
        i.statement_zh = "a\u{0}b".into();
        i.contact_name = "x\u{202e}y".into();
        i.contact_email = "not-mail".into();
        i.prize = "p".repeat(PRIZE_MAX + 1);
        i.dataset_ids = (0..(DATASETS_MAX as i32 + 1)).collect();
        let e = i.checked().unwrap_err();
        for f in [
            "title_en",
            "statement_zh",
            "contact_name",
            "contact_email",
            "prize",
            "datasets",
        ] {
            assert!(e.get(f).is_some(), "{f} should be refused");
        }
        assert!(e.get("title_zh").is_none());
    }

    #[test]
    fn only_the_steps_of_the_review_are_allowed() {
        use ChallengeState::*;
        assert_eq!(transition(Draft, Step::Submit), Ok(Submitted));
        assert_eq!(transition(ChangesRequested, Step::Submit), Ok(Submitted));
        assert_eq!(
            transition(Submitted, Step::RequestChanges),
            Ok(ChangesRequested)
        );
        assert_eq!(transition(Submitted, Step::Publish), Ok(Published));
        assert_eq!(transition(Published, Step::Withdraw), Ok(Withdrawn));
        assert!(transition(Draft, Step::Publish).is_err());
        assert!(transition(Published, Step::Submit).is_err());
        assert!(transition(Withdrawn, Step::Publish).is_err());
        assert!(transition(Draft, Step::RequestChanges).is_err());
        assert!(Draft.unit_may_edit() && ChangesRequested.unit_may_edit());
        assert!(!Submitted.unit_may_edit() && !Published.unit_may_edit());
        for s in ChallengeState::ALL {
            assert_eq!(ChallengeState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_track_takes_challenges_until_its_results() {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let now = at("2026-06-01 00:00");
        assert!(takes_challenges(None, false, now));
        assert!(takes_challenges(Some(at("2026-12-01 00:00")), false, now));
        assert!(!takes_challenges(Some(at("2026-12-01 00:00")), true, now));
        assert!(!takes_challenges(Some(at("2026-05-01 00:00")), false, now));
    }

    #[test]
    fn missing_recommended_keeps_the_challenge_order() {
        assert_eq!(missing_recommended(&[5, 2, 9], &[9, 1]), vec![5, 2]);
        assert!(missing_recommended(&[], &[1]).is_empty());
    }
}
