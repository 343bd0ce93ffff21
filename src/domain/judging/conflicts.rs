//! Conflicts of interest: detected (same school as a member or advisor, or
//! the same institutional mail domain), declared by the judge, or set aside
//! by the organisers with a note; and the rule that a standing conflict keeps
//! a judge away from the team's entries.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::team::SchoolKey;

/// Mail services anyone can use: sharing one says nothing about an institution.
pub const PUBLIC_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.com.tw",
    "outlook.com",
    "hotmail.com",
    "hotmail.com.tw",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "pchome.com.tw",
    "hinet.net",
    "msa.hinet.net",
    "protonmail.com",
];

/// A judge's note on a conflict, or the organisers' dismissal of a detected one.
pub const NOTE_MAX: usize = 500;

/// A person as conflict detection sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    pub school: SchoolKey,
    pub email: String,
}

impl Affiliation {
    /// A person with this address and school (a code from the list, or a
    /// typed name). `person` tells people apart: someone who gave no school
    /// matches nobody by school.
    pub fn of(person: i32, email: &str, code: Option<&str>, name: Option<&str>) -> Affiliation {
        let name = name.unwrap_or("").trim();
        let school = if code.is_none_or(str::is_empty) && name.is_empty() {
            SchoolKey::Typed(format!("\u{0}{person}"))
        } else {
            SchoolKey::new(code, name)
        };
        Affiliation {
            school,
            email: email.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictReason {
    SameSchool,
    SameMailDomain,
}

impl ConflictReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictReason::SameSchool => "same-school",
            ConflictReason::SameMailDomain => "same-domain",
        }
    }
}

/// What a stored note about a judge and a team says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// The judge said they conflict.
    Declared,
    /// The organisers set a detected conflict aside.
    Dismissed,
}

impl NoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Declared => "declared",
            NoteKind::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<NoteKind> {
        [NoteKind::Declared, NoteKind::Dismissed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The institution part of an address: "ntu.edu.tw" for "a@csie.ntu.edu.tw"
/// (the last three labels of .edu.tw / .gov.tw / .org.tw, else the last two).
pub fn institution_domain(email: &str) -> Option<String> {
    let domain = email.rsplit_once('@')?.1.trim().to_lowercase();
    if PUBLIC_MAIL_DOMAINS.contains(&domain.as_str()) {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let keep = if labels.len() >= 3
        && labels[labels.len() - 1] == "tw"
        && labels[labels.len() - 2].len() <= 3
    {
        3
    } else {
        2
    };
    if labels.len() < keep {
        return Some(domain);
    }
    Some(labels[labels.len() - keep..].join("."))
}

/// Why a judge may not judge a team, if anything: same school as any member
/// or advisor, or the same institutional mail domain.
pub fn conflicts(judge: &Affiliation, team: &[Affiliation]) -> Vec<ConflictReason> {
    ConflictIndex::new(team.iter().map(|m| (0, m)))
        .conflicts_of(judge)
        .remove(&0)
        .unwrap_or_default()
}

/// The rule of [`conflicts`] for a whole track at once: members' schools and
/// mail domains indexed once, so each judge is a few lookups rather than a
/// pass over every member of every team.
#[derive(Debug, Default)]
pub struct ConflictIndex {
    by_school: HashMap<SchoolKey, HashSet<i32>>,
    by_domain: HashMap<String, HashSet<i32>>,
}

impl ConflictIndex {
    /// From (team id, member) pairs.
    pub fn new<'a>(members: impl IntoIterator<Item = (i32, &'a Affiliation)>) -> ConflictIndex {
        let mut index = ConflictIndex::default();
        for (team, m) in members {
            index
                .by_school
                .entry(m.school.clone())
                .or_default()
                .insert(team);
            if let Some(d) = institution_domain(&m.email) {
                index.by_domain.entry(d).or_default().insert(team);
            }
        }
        index
    }

    /// Every team the judge conflicts with, and why (in the order
    /// [`conflicts`] gives).
    pub fn conflicts_of(&self, judge: &Affiliation) -> BTreeMap<i32, Vec<ConflictReason>> {
        let mut out: BTreeMap<i32, Vec<ConflictReason>> = BTreeMap::new();
        for team in self.by_school.get(&judge.school).into_iter().flatten() {
            out.entry(*team)
                .or_default()
                .push(ConflictReason::SameSchool);
        }
        let domain = institution_domain(&judge.email);
        for team in domain
            .and_then(|d| self.by_domain.get(&d))
            .into_iter()
            .flatten()
        {
            out.entry(*team)
                .or_default()
                .push(ConflictReason::SameMailDomain);
        }
        out
    }
}

/// A conflict between one judge and one team.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub detected: Vec<ConflictReason>,
    pub declared: bool,
    /// The organisers' note when they set a detected conflict aside; a
    /// declared conflict is the judge's word and is never set aside.
    pub dismissed: Option<String>,
}

impl Conflict {
    /// Whether it keeps the judge from the team's entries: a declared one
    /// always, a detected one until the organisers set it aside.
    pub fn blocks(&self) -> bool {
        self.declared || self.dismissed.is_none()
    }

    /// The reasons as shown ("same-school", "same-domain", "declared").
    pub fn reasons(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self.detected.iter().map(|r| r.as_str()).collect();
        if self.declared {
            out.push("declared");
        }
        out
    }
}

/// A stored note: (judge, team, kind, text).
pub type Note<'a> = (i32, i32, NoteKind, &'a str);

/// Every conflict between the judges and the indexed teams, by (team,
/// judge): detected ones, those the judges declared, and the organisers'
/// dismissals (the first note of each kind counts).
pub fn panel_conflicts(
    index: &ConflictIndex,
    judges: &[(i32, Affiliation)],
    notes: &[Note],
) -> BTreeMap<(i32, i32), Conflict> {
    let mut note_of: HashMap<(i32, i32, NoteKind), &str> = HashMap::new();
    for (judge, team, kind, text) in notes {
        note_of.entry((*judge, *team, *kind)).or_insert(text);
    }
    let mut out = BTreeMap::new();
    for (judge, affiliation) in judges {
        let mut detected = index.conflicts_of(affiliation);
        for (j, team, kind, _) in notes {
            if j == judge && *kind == NoteKind::Declared {
                detected.entry(*team).or_default();
            }
        }
        for (team, reasons) in detected {
            let declared = note_of.contains_key(&(*judge, team, NoteKind::Declared));
            let dismissed = (!declared)
                .then(|| note_of.get(&(*judge, team, NoteKind::Dismissed)))
                .flatten()
                .map(|n| n.to_string());
            out.insert(
                (team, *judge),
                Conflict {
                    detected: reasons,
                    declared,
                    dismissed,
                },
            );
        }
    }
    out
}

/// Where a judge stands with an entry in a round.
#[derive(Debug, Clone, Copy)]
pub struct Standing<'a> {
    /// On the round's panel with a verified account.
    pub on_panel: bool,
    pub assigned: bool,
    /// The entry is judged in this round (eligible; in the finals, advanced).
    pub in_round: bool,
    pub conflict: Option<&'a Conflict>,
}

/// A judge sees (and scores) an entry only from the round's panel, when
/// assigned to it, while it is in the round, and never across a standing
/// conflict of interest.
pub fn judge_sees(s: Standing) -> bool {
    s.on_panel && s.assigned && s.in_round && !s.conflict.is_some_and(Conflict::blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_by_school_and_institutional_domain() {
        let judge = Affiliation {
            school: SchoolKey::Code("0003".into()),
            email: "prof@csie.ntu.edu.tw".into(),
        };
        let same_school = vec![Affiliation {
            school: SchoolKey::Code("0003".into()),
            email: "s@gmail.com".into(),
        }];
        assert_eq!(
            conflicts(&judge, &same_school),
            vec![ConflictReason::SameSchool]
        );
        let same_domain = vec![Affiliation {
            school: SchoolKey::Code("0001".into()),
            email: "s@ntu.edu.tw".into(),
        }];
        assert_eq!(
            conflicts(&judge, &same_domain),
            vec![ConflictReason::SameMailDomain]
        );
        let gmail_judge = Affiliation {
            school: SchoolKey::Typed("某大學".into()),
            email: "a@gmail.com".into(),
        };
        let gmail_team = vec![Affiliation {
            school: SchoolKey::Code("0001".into()),
            email: "b@gmail.com".into(),
        }];
        assert!(
            conflicts(&gmail_judge, &gmail_team).is_empty(),
            "public mail says nothing"
        );
        assert_eq!(
            institution_domain("x@mail.nccu.edu.tw").as_deref(),
            Some("nccu.edu.tw")
        );
        assert_eq!(
            institution_domain("x@example.com").as_deref(),
            Some("example.com")
        );
        let typed = Affiliation {
            school: SchoolKey::Typed("someuniversity".into()),
            email: "j@a.org".into(),
        };
        let typed_team = vec![Affiliation {
            school: SchoolKey::new(None, "Some University"),
            email: "t@b.org".into(),
        }];
        assert_eq!(
            conflicts(&typed, &typed_team),
            vec![ConflictReason::SameSchool],
            "typed schools compare by name"
        );
        // The index gives, team by team, what `conflicts` gives.
        let teams = [
            (1, same_school[0].clone()),
            (2, same_domain[0].clone()),
            (3, gmail_team[0].clone()),
            (4, same_school[0].clone()),
            (4, same_domain[0].clone()),
        ];
        let index = ConflictIndex::new(teams.iter().map(|(t, a)| (*t, a)));
        let found = index.conflicts_of(&judge);
        for team in 1..=4 {
            let members: Vec<Affiliation> = teams
                .iter()
                .filter(|(t, _)| *t == team)
                .map(|(_, a)| a.clone())
                .collect();
            assert_eq!(
                found.get(&team).cloned().unwrap_or_default(),
                conflicts(&judge, &members),
                "team {team}"
            );
        }
        assert_eq!(
            found.get(&4),
            Some(&vec![
                ConflictReason::SameSchool,
                ConflictReason::SameMailDomain
            ])
        );
    }

    #[test]
    fn people_without_a_school_match_nobody_by_school() {
        let a = Affiliation::of(1, "a@gmail.com", None, Some("  "));
        let b = Affiliation::of(2, "b@gmail.com", Some(""), None);
        assert!(conflicts(&a, &[b]).is_empty());
        let c = Affiliation::of(3, "c@gmail.com", None, Some("臺灣大學"));
        let d = Affiliation::of(4, "d@gmail.com", None, Some("臺灣大學"));
        assert_eq!(conflicts(&c, &[d]), vec![ConflictReason::SameSchool]);
    }

    #[test]
    fn declared_conflicts_stand_and_detected_ones_until_dismissed() {
        let judge = (7, Affiliation::of(7, "prof@ntu.edu.tw", None, None));
        let members = [
            (1, Affiliation::of(-1, "s@ntu.edu.tw", None, None)),
            (2, Affiliation::of(-2, "t@ntu.edu.tw", None, None)),
            (3, Affiliation::of(-3, "u@gmail.com", None, None)),
        ];
        let index = ConflictIndex::new(members.iter().map(|(t, a)| (*t, a)));
        let notes = [
            (7, 2, NoteKind::Dismissed, "退休了"),
            (7, 3, NoteKind::Declared, "指導過"),
            // A dismissal of what the judge declared changes nothing.
            (7, 3, NoteKind::Dismissed, "不算"),
            // Another judge's note is theirs.
            (8, 1, NoteKind::Dismissed, "x"),
        ];
        let found = panel_conflicts(&index, &[judge], &notes);
        assert_eq!(found.len(), 3);
        let detected = &found[&(1, 7)];
        assert!(detected.blocks());
        assert_eq!(detected.reasons(), vec!["same-domain"]);
        let dismissed = &found[&(2, 7)];
        assert!(!dismissed.blocks());
        assert_eq!(dismissed.dismissed.as_deref(), Some("退休了"));
        let declared = &found[&(3, 7)];
        assert!(declared.blocks() && declared.dismissed.is_none());
        assert_eq!(declared.reasons(), vec!["declared"]);
    }

    #[test]
    fn a_conflicted_judge_never_sees_an_entry() {
        let standing = |conflict| Standing {
            on_panel: true,
            assigned: true,
            in_round: true,
            conflict,
        };
        assert!(judge_sees(standing(None)));
        let detected = Conflict {
            detected: vec![ConflictReason::SameSchool],
            declared: false,
            dismissed: None,
        };
        assert!(!judge_sees(standing(Some(&detected))), "assigned or not");
        let set_aside = Conflict {
            dismissed: Some("已離職".into()),
            ..detected.clone()
        };
        assert!(judge_sees(standing(Some(&set_aside))));
        let declared = Conflict {
            detected: vec![],
            declared: true,
            dismissed: Some("ignored".into()),
        };
        assert!(!judge_sees(standing(Some(&declared))));
        for s in [
            Standing {
                on_panel: false,
                ..standing(None)
            },
            Standing {
                assigned: false,
                ..standing(None)
            },
            Standing {
                in_round: false,
                ..standing(None)
            },
        ] {
            assert!(!judge_sees(s));
        }
    }
}
