//! Team rules: who may be in a team for a track, checked and explained rule
//! by rule; whether a team spans schools or departments; which tracks a team
//! may choose; who may take a seat (one team per student per contest); a
//! team's name; and the prize lines of a track.

use serde::Serialize;

use super::profile::PersonKind;
use super::text::{self, Kind};
use super::FieldError;

/// What a person is in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Student,
    Advisor,
    /// A student of a withdrawn team: kept for the record, free to join
    /// another team of the contest.
    FormerStudent,
}

impl MemberRole {
    pub const fn as_str(self) -> &'static str {
        match self {
            MemberRole::Student => "student",
            MemberRole::Advisor => "advisor",
            MemberRole::FormerStudent => "former_student",
        }
    }

    pub fn parse(s: &str) -> Option<MemberRole> {
        match s {
            "student" => Some(MemberRole::Student),
            "advisor" => Some(MemberRole::Advisor),
            "former_student" => Some(MemberRole::FormerStudent),
            _ => None,
        }
    }

    /// The Fluent id of the role's name (a former student was a student).
    pub fn message_id(self) -> &'static str {
        match self {
            MemberRole::Advisor => "team-role-advisor",
            MemberRole::Student | MemberRole::FormerStudent => "team-role-student",
        }
    }

    /// Listed with the students on the team's page.
    pub fn listed_as_student(self) -> bool {
        self != MemberRole::Advisor
    }
}

impl std::fmt::Display for MemberRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with a stored name (`store::teams::STUDENT` …), for code written
/// before the role was an enum.
impl PartialEq<str> for MemberRole {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for MemberRole {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

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

/// A team's name: 1–60 characters after trimming, and the characters of a
/// name (`text::Kind::Name`): no control characters, line breaks, direction
/// overrides or zero-width characters. Runs of spaces count as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName(String);

pub const TEAM_NAME_MAX: usize = 60;

impl TeamName {
    pub fn parse(raw: &str) -> Result<TeamName, FieldError> {
        text::allowed("name", raw.trim(), Kind::Name)?;
        let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err(FieldError::new("name", "error-team-name-required"));
        }
        if s.chars().count() > TEAM_NAME_MAX {
            return Err(FieldError::new("name", "error-team-name-invalid"));
        }
        Ok(TeamName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The tracks a team chooses, checked against the tracks it may choose
/// (`offered`: id and rules): at least one, every one offered, and no more
/// than the strictest track's limit allows.
pub fn track_choice(chosen: &[i32], offered: &[(i32, TrackRules)]) -> Result<(), &'static str> {
    if chosen.is_empty() {
        return Err("error-tracks-required");
    }
    let picked: Vec<&TrackRules> = offered
        .iter()
        .filter(|(id, _)| chosen.contains(id))
        .map(|(_, r)| r)
        .collect();
    let mut distinct = chosen.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if picked.len() != distinct.len() {
        return Err("error-tracks-invalid");
    }
    let limit = picked
        .iter()
        .map(|r| r.max_tracks_per_team)
        .min()
        .unwrap_or(1);
    if distinct.len() as i32 > limit {
        return Err("error-too-many-tracks");
    }
    Ok(())
}

/// Whether a team as it is would break a hard limit of its tracks (the size
/// limits, and single-school tracks): what a change of tracks may not cause.
/// The soft rules (minimums, proofs) are only explained (`check`).
pub fn composition_problem(rules: &[TrackRules], team: &TeamFacts) -> Option<&'static str> {
    if rules
        .iter()
        .any(|r| team.students.len() as i32 > r.max_students)
    {
        return Some("error-team-full");
    }
    if rules
        .iter()
        .any(|r| team.advisors.len() as i32 > r.max_advisors)
    {
        return Some("error-advisors-full");
    }
    if rules.iter().any(|r| !r.cross_school_allowed) && is_cross_school(&team.students) {
        return Some("error-single-school-track");
    }
    None
}

/// Whether `newcomer` may take a seat as `role` in a team with these tracks'
/// rules: a free seat of that kind, and for a student, the school rule of
/// single-school tracks.
pub fn seat_for(
    role: MemberRole,
    rules: &[TrackRules],
    team: &TeamFacts,
    newcomer: MemberFacts,
) -> Result<(), &'static str> {
    match role {
        MemberRole::Student => {
            let max = rules
                .iter()
                .map(|r| r.max_students)
                .min()
                .unwrap_or(i32::MAX);
            if team.students.len() as i32 >= max {
                return Err("error-team-full");
            }
            let mut with_newcomer = team.students.clone();
            with_newcomer.push(newcomer);
            if rules.iter().any(|r| !r.cross_school_allowed) && is_cross_school(&with_newcomer) {
                return Err("error-single-school-track");
            }
            Ok(())
        }
        MemberRole::Advisor => {
            let max = rules
                .iter()
                .map(|r| r.max_advisors)
                .min()
                .unwrap_or(i32::MAX);
            if team.advisors.len() as i32 >= max {
                Err("error-advisors-full")
            } else {
                Ok(())
            }
        }
        // Nobody is invited as a former student: that is what a student
        // of a withdrawn team becomes.
        MemberRole::FormerStudent => Err("error-join-students-only"),
    }
}

/// Who an invitation is for: the member link is for students, the advisor
/// link for faculty.
pub fn invite_fits(role: MemberRole, kind: PersonKind) -> Result<(), &'static str> {
    match (role, kind) {
        (MemberRole::Student, PersonKind::Student) | (MemberRole::Advisor, PersonKind::Faculty) => {
            Ok(())
        }
        (MemberRole::Advisor, _) => Err("error-join-advisors-only"),
        _ => Err("error-join-students-only"),
    }
}

/// Only students register teams (faculty join one as its advisors).
pub fn may_register(kind: PersonKind) -> Result<(), &'static str> {
    match kind {
        PersonKind::Student => Ok(()),
        PersonKind::Faculty => Err("error-register-students-only"),
    }
}

/// One team per student per contest: taking a student's seat is refused
/// while the person holds one in another team of the contest that has not
/// withdrawn (`seats_held`; withdrawing frees them). Advisors may advise any
/// number of teams. The database's unique index says the same, for two
/// requests at the same moment.
pub fn one_team_per_contest(role: MemberRole, seats_held: usize) -> Result<(), &'static str> {
    if role == MemberRole::Student && seats_held > 0 {
        Err("error-already-in-team")
    } else {
        Ok(())
    }
}

/// One line of a track's prize table: place, number of winners, prize money (NT$).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrizeLine {
    pub label: String,
    /// The place in English ("First prize"); empty when not given.
    pub label_en: String,
    pub winners: i32,
    pub amount: i32,
}

pub const PRIZE_LABEL_MAX: usize = 40;

/// The prize table as typed, one prize a line: "第一名, 1, 60000" (a
/// full-width comma works too, and the amount may hold spaces or
/// underscores). The place is a name (no invisible characters); 1–100
/// winners; up to NT$100,000,000. A fourth field is the place in English
/// ("第一名, 1, 60000, First prize").
pub fn parse_prizes(raw: &str) -> Result<Vec<PrizeLine>, &'static str> {
    if let Some(m) = text::refusal(raw, Kind::Paragraph) {
        return Err(m);
    }
    let mut prizes = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
        let (label, winners, amount, label_en) = match parts.as_slice() {
            [l, w, a] => (l, w, a, &""),
            [l, w, a, en] => (l, w, a, en),
            _ => return Err("error-prizes-invalid"),
        };
        for (name, required) in [(label, true), (label_en, false)] {
            if let Some(m) = text::refusal(name, Kind::Name) {
                return Err(m);
            }
            if (required && name.is_empty()) || name.chars().count() > PRIZE_LABEL_MAX {
                return Err("error-prizes-invalid");
            }
        }
        match (
            winners.parse::<i32>(),
            amount.replace(['_', ' '], "").parse::<i32>(),
        ) {
            (Ok(w), Ok(a)) if (1..=100).contains(&w) && (0..=100_000_000).contains(&a) => prizes
                .push(PrizeLine {
                    label: label.to_string(),
                    label_en: label_en.to_string(),
                    winners: w,
                    amount: a,
                }),
            _ => return Err("error-prizes-invalid"),
        }
    }
    Ok(prizes)
}

/// 60000 → "60,000".
pub fn format_amount(n: i32) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
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
        assert!(TeamName::parse(&"隊".repeat(60)).is_ok());
        assert!(TeamName::parse(&"隊".repeat(61)).is_err());
        let refused = |raw: &str| TeamName::parse(raw).unwrap_err().message;
        assert_eq!(refused("勞保\0小幫手"), "error-text-control");
        assert_eq!(refused("\u{202E}手幫小保勞"), "error-text-invisible");
        assert_eq!(refused("勞保\u{200B}小幫手"), "error-text-invisible");
        assert_eq!(refused("勞保\n小幫手"), "error-text-line-break");
        assert_eq!(refused("   "), "error-team-name-required");
    }

    #[test]
    fn member_roles_round_trip_and_unknown_names_are_none() {
        for r in [
            MemberRole::Student,
            MemberRole::Advisor,
            MemberRole::FormerStudent,
        ] {
            assert_eq!(MemberRole::parse(r.as_str()), Some(r));
            assert!(r == r.as_str());
        }
        assert_eq!(MemberRole::parse("captain"), None);
        assert_eq!(MemberRole::parse("Student"), None);
        assert_eq!(MemberRole::FormerStudent.message_id(), "team-role-student");
    }

    fn limited(max_tracks: i32) -> TrackRules {
        TrackRules {
            max_tracks_per_team: max_tracks,
            ..Default::default()
        }
    }

    #[test]
    fn tracks_are_chosen_within_the_strictest_limit() {
        let offered = [(1, limited(2)), (2, limited(2)), (3, limited(1))];
        assert_eq!(track_choice(&[], &offered), Err("error-tracks-required"));
        assert_eq!(track_choice(&[1], &offered), Ok(()));
        assert_eq!(track_choice(&[1, 2], &offered), Ok(()));
        assert_eq!(
            track_choice(&[1, 1], &offered),
            Ok(()),
            "a repeat counts once"
        );
        assert_eq!(
            track_choice(&[1, 3], &offered),
            Err("error-too-many-tracks"),
            "track 3 allows one track only"
        );
        assert_eq!(
            track_choice(&[1, 9], &offered),
            Err("error-tracks-invalid"),
            "a track not offered (closed, or of another contest)"
        );
    }

    #[test]
    fn composition_limits_of_a_team_changing_tracks() {
        let small = TrackRules {
            max_students: 2,
            max_advisors: 1,
            ..Default::default()
        };
        let single = TrackRules {
            cross_school_allowed: false,
            ..Default::default()
        };
        let two = team(vec![member("0001", "a"), member("0001", "b")], 1, 1);
        assert_eq!(composition_problem(&[small], &two), None);
        let three = team(
            vec![
                member("0001", "a"),
                member("0001", "b"),
                member("0001", "c"),
            ],
            1,
            1,
        );
        assert_eq!(
            composition_problem(&[small], &three),
            Some("error-team-full")
        );
        let advised = team(vec![member("0001", "a")], 2, 1);
        assert_eq!(
            composition_problem(&[small], &advised),
            Some("error-advisors-full")
        );
        let cross = team(vec![member("0001", "a"), member("0002", "a")], 1, 1);
        assert_eq!(composition_problem(&[TrackRules::default()], &cross), None);
        assert_eq!(
            composition_problem(&[TrackRules::default(), single], &cross),
            Some("error-single-school-track")
        );
    }

    #[test]
    fn a_seat_is_free_until_the_strictest_limit() {
        let rules = [
            TrackRules {
                max_students: 2,
                max_advisors: 1,
                cross_school_allowed: false,
                ..Default::default()
            },
            TrackRules::default(),
        ];
        let one = team(vec![member("0001", "a")], 0, 2);
        assert_eq!(
            seat_for(MemberRole::Student, &rules, &one, member("0001", "b")),
            Ok(())
        );
        assert_eq!(
            seat_for(MemberRole::Student, &rules, &one, member("0002", "b")),
            Err("error-single-school-track")
        );
        let two = team(vec![member("0001", "a"), member("0001", "b")], 1, 2);
        assert_eq!(
            seat_for(MemberRole::Student, &rules, &two, member("0001", "c")),
            Err("error-team-full"),
            "the last seat is taken"
        );
        assert_eq!(
            seat_for(MemberRole::Advisor, &rules, &two, member("0001", "x")),
            Err("error-advisors-full")
        );
        assert_eq!(
            seat_for(MemberRole::Advisor, &rules, &one, member("0009", "x")),
            Ok(()),
            "advisors may be from another school"
        );
    }

    #[test]
    fn one_team_per_student_per_contest() {
        assert_eq!(one_team_per_contest(MemberRole::Student, 0), Ok(()));
        assert_eq!(
            one_team_per_contest(MemberRole::Student, 1),
            Err("error-already-in-team")
        );
        assert_eq!(
            one_team_per_contest(MemberRole::Advisor, 3),
            Ok(()),
            "advisors may advise several teams"
        );
    }

    #[test]
    fn invitations_and_registration_by_kind_of_person() {
        use PersonKind::*;
        assert_eq!(invite_fits(MemberRole::Student, Student), Ok(()));
        assert_eq!(invite_fits(MemberRole::Advisor, Faculty), Ok(()));
        assert_eq!(
            invite_fits(MemberRole::Student, Faculty),
            Err("error-join-students-only")
        );
        assert_eq!(
            invite_fits(MemberRole::Advisor, Student),
            Err("error-join-advisors-only")
        );
        assert_eq!(may_register(Student), Ok(()));
        assert_eq!(may_register(Faculty), Err("error-register-students-only"));
    }

    #[test]
    fn prize_lines() {
        let p = parse_prizes("第一名, 1, 60000, First prize\n\n佳作，3，5_000\r\n").unwrap();
        assert_eq!(
            p,
            vec![
                PrizeLine {
                    label: "第一名".into(),
                    label_en: "First prize".into(),
                    winners: 1,
                    amount: 60000
                },
                PrizeLine {
                    label: "佳作".into(),
                    label_en: String::new(),
                    winners: 3,
                    amount: 5000
                },
            ]
        );
        assert_eq!(parse_prizes(""), Ok(vec![]));
        for bad in [
            "第一名, 很多",
            "第一名, 0, 100",
            "第一名, 1, -5",
            ", 1, 100",
            "第一名, 1, 100, a, b",
        ] {
            assert_eq!(parse_prizes(bad), Err("error-prizes-invalid"), "{bad}");
        }
        assert_eq!(parse_prizes("第一\0名, 1, 100"), Err("error-text-control"));
        assert_eq!(
            parse_prizes("\u{202E}第一名, 1, 100"),
            Err("error-text-invisible")
        );
    }

    #[test]
    fn amounts_have_thousands_separators() {
        assert_eq!(format_amount(60000), "60,000");
        assert_eq!(format_amount(1234567), "1,234,567");
        assert_eq!(format_amount(500), "500");
        assert_eq!(format_amount(0), "0");
        assert_eq!(format_amount(-1000), "-1,000");
    }
}
