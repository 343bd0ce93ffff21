//! Team rules: who may be in a team for a track, checked and explained rule
//! by rule, and whether a team spans schools or departments.

use serde::Serialize;

use super::FieldError;

/// A track's rules for teams (PRODUCT.md §1), with the defaults organisers start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackRules {
    pub min_students: i32,
    pub max_students: i32,
    pub min_advisors: i32,
    pub max_advisors: i32,
    pub max_tracks_per_team: i32,
    pub cross_school_allowed: bool,
    pub proof_required: bool,
}

impl Default for TrackRules {
    fn default() -> Self {
        TrackRules {
            min_students: 1,
            max_students: 8,
            min_advisors: 1,
            max_advisors: 2,
            max_tracks_per_team: 2,
            cross_school_allowed: true,
            proof_required: true,
        }
    }
}

impl TrackRules {
    /// Checks the numbers an organiser typed; field names match the form.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if self.min_students < 1 || self.max_students > 50 || self.min_students > self.max_students
        {
            e.push(FieldError::new("students", "error-rule-students-range"));
        }
        if self.min_advisors < 0 || self.max_advisors > 10 || self.min_advisors > self.max_advisors
        {
            e.push(FieldError::new("advisors", "error-rule-advisors-range"));
        }
        if !(1..=20).contains(&self.max_tracks_per_team) {
            e.push(FieldError::new(
                "max_tracks_per_team",
                "error-rule-tracks-range",
            ));
        }
        e
    }
}

/// Which school a member is from: a school of the bundled list by its code,
/// or a name typed by hand (flagged for the organiser).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SchoolKey {
    Code(String),
    Typed(String),
}

impl SchoolKey {
    pub fn new(code: Option<&str>, name: &str) -> SchoolKey {
        match code {
            Some(c) if !c.is_empty() => SchoolKey::Code(c.to_string()),
            _ => SchoolKey::Typed(normalise(name)),
        }
    }
}

/// Lower-case with all white space removed, so "資訊 管理學系" and
/// "資訊管理學系" count as one department.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub school: SchoolKey,
    pub department: String,
    /// Enrolment proof uploaded and not rejected.
    pub proof_ok: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamFacts {
    pub students: Vec<MemberFacts>,
    pub advisors: Vec<MemberFacts>,
    pub track_count: usize,
}

/// Students from two or more schools.
pub fn is_cross_school(students: &[MemberFacts]) -> bool {
    let mut schools: Vec<&SchoolKey> = students.iter().map(|m| &m.school).collect();
    schools.sort();
    schools.dedup();
    schools.len() >= 2
}

/// Students from two or more departments (a department of another school is another department).
pub fn is_cross_department(students: &[MemberFacts]) -> bool {
    let mut deps: Vec<(&SchoolKey, String)> = students
        .iter()
        .map(|m| (&m.school, normalise(&m.department)))
        .collect();
    deps.sort();
    deps.dedup();
    deps.len() >= 2
}

/// One rule of a track, checked against a team, with the numbers to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCheck {
    /// Fluent id of the sentence, e.g. "需要 1–2 位指導老師，目前 0 位".
    pub message: &'static str,
    pub met: bool,
    pub min: i64,
    pub max: i64,
    pub count: i64,
}

pub fn check(rules: &TrackRules, team: &TeamFacts) -> Vec<RuleCheck> {
    let students = team.students.len() as i64;
    let advisors = team.advisors.len() as i64;
    let (smin, smax) = (rules.min_students as i64, rules.max_students as i64);
    let (amin, amax) = (rules.min_advisors as i64, rules.max_advisors as i64);
    let mut checks = vec![
        RuleCheck {
            message: "rule-students",
            met: (smin..=smax).contains(&students),
            min: smin,
            max: smax,
            count: students,
        },
        RuleCheck {
            message: "rule-advisors",
            met: (amin..=amax).contains(&advisors),
            min: amin,
            max: amax,
            count: advisors,
        },
        RuleCheck {
            message: "rule-tracks",
            met: team.track_count as i64 <= rules.max_tracks_per_team as i64,
            min: 1,
            max: rules.max_tracks_per_team as i64,
            count: team.track_count as i64,
        },
    ];
    if !rules.cross_school_allowed {
        let cross = is_cross_school(&team.students);
        checks.push(RuleCheck {
            message: "rule-single-school",
            met: !cross,
            min: 0,
            max: 0,
            count: 0,
        });
    }
    if rules.proof_required {
        let missing = team.students.iter().filter(|m| !m.proof_ok).count() as i64;
        checks.push(RuleCheck {
            message: "rule-proof",
            met: missing == 0,
            min: 0,
            max: 0,
            count: missing,
        });
    }
    checks
}

pub fn all_met(checks: &[RuleCheck]) -> bool {
    checks.iter().all(|c| c.met)
}

/// A team's name: 1–60 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName(String);

impl TeamName {
    pub fn parse(raw: &str) -> Result<TeamName, FieldError> {
        let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err(FieldError::new("name", "error-team-name-required"));
        }
        if s.chars().count() > 60 || s.chars().any(char::is_control) {
            return Err(FieldError::new("name", "error-team-name-invalid"));
        }
        Ok(TeamName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(code: &str, dep: &str) -> MemberFacts {
        MemberFacts {
            school: SchoolKey::new(Some(code), ""),
            department: dep.into(),
            proof_ok: true,
        }
    }

    fn team(students: Vec<MemberFacts>, advisors: usize, tracks: usize) -> TeamFacts {
        TeamFacts {
            students,
            advisors: (0..advisors)
                .map(|_| member("0001", "資訊管理學系"))
                .collect(),
            track_count: tracks,
        }
    }

    #[test]
    fn sizes_are_checked_at_the_bounds() {
        let rules = TrackRules::default();
        let eight: Vec<_> = (0..8).map(|_| member("0001", "資管")).collect();
        let nine: Vec<_> = (0..9).map(|_| member("0001", "資管")).collect();
        assert!(all_met(&check(&rules, &team(eight, 1, 1))));
        let c = check(&rules, &team(nine, 1, 1));
        assert!(!c[0].met && c[0].count == 9 && c[0].max == 8);
        assert!(!check(&rules, &team(vec![], 1, 1))[0].met, "no students");
        let none = check(&rules, &team(vec![member("0001", "x")], 0, 1));
        assert_eq!(
            (none[1].met, none[1].min, none[1].max, none[1].count),
            (false, 1, 2, 0)
        );
        assert!(!check(&rules, &team(vec![member("0001", "x")], 3, 1))[1].met);
        assert!(check(&rules, &team(vec![member("0001", "x")], 2, 2))[2].met);
        assert!(!check(&rules, &team(vec![member("0001", "x")], 2, 3))[2].met);
    }

    #[test]
    fn cross_school_and_department() {
        let same = vec![
            member("0001", "資訊管理學系"),
            member("0001", "資訊 管理學系"),
        ];
        assert!(!is_cross_school(&same));
        assert!(
            !is_cross_department(&same),
            "white space does not make a new department"
        );
        let deps = vec![member("0001", "資訊管理學系"), member("0001", "勞工研究所")];
        assert!(is_cross_department(&deps) && !is_cross_school(&deps));
        let schools = vec![
            member("0001", "資訊管理學系"),
            member("0002", "資訊管理學系"),
        ];
        assert!(is_cross_school(&schools) && is_cross_department(&schools));
        let typed = vec![
            MemberFacts {
                school: SchoolKey::new(None, "Some  College"),
                department: "x".into(),
                proof_ok: true,
            },
            MemberFacts {
                school: SchoolKey::new(Some(""), "some college"),
                department: "x".into(),
                proof_ok: true,
            },
        ];
        assert!(!is_cross_school(&typed), "typed names compare normalised");
        assert!(!is_cross_school(&[]));
    }

    #[test]
    fn single_school_tracks_and_proofs() {
        let rules = TrackRules {
            cross_school_allowed: false,
            ..Default::default()
        };
        let t = team(vec![member("0001", "a"), member("0002", "a")], 1, 1);
        let c = check(&rules, &t);
        assert!(c
            .iter()
            .any(|r| r.message == "rule-single-school" && !r.met));
        let mut missing = member("0001", "a");
        missing.proof_ok = false;
        let c = check(
            &TrackRules::default(),
            &team(vec![missing, member("0001", "b")], 1, 1),
        );
        let proof = c.iter().find(|r| r.message == "rule-proof").unwrap();
        assert_eq!((proof.met, proof.count), (false, 1));
        let no_proof = TrackRules {
            proof_required: false,
            ..Default::default()
        };
        assert!(check(&no_proof, &team(vec![member("0001", "a")], 1, 1))
            .iter()
            .all(|r| r.message != "rule-proof"));
    }

    #[test]
    fn rules_typed_by_organisers_are_validated() {
        assert!(TrackRules::default().validate().is_empty());
        let bad = TrackRules {
            min_students: 5,
            max_students: 2,
            min_advisors: -1,
            max_tracks_per_team: 0,
            ..Default::default()
        };
        let fields: Vec<_> = bad.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["students", "advisors", "max_tracks_per_team"]);
    }

    #[test]
    fn team_names() {
        assert_eq!(
            TeamName::parse("  勞保 小幫手 ").unwrap().as_str(),
            "勞保 小幫手"
        );
        assert!(TeamName::parse(" ").is_err());
        assert!(TeamName::parse(&"隊".repeat(61)).is_err());
    }
}
