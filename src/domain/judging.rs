//! Judging rules, pure: rubrics with the two open-data criteria, conflicts of
//! interest, balanced assignment of judges, and aggregation into an
//! explainable ranking that corrects for harsh and lenient judges.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::FieldError;

// ---------------------------------------------------------------- rubric

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionKind {
    /// Typed by judges within the criterion's range.
    Manual,
    /// Computed from the number of distinct eligible datasets.
    Quantity,
    /// The mean of the judges' 1–5 ratings of each dataset's use.
    Depth,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub key: String,
    pub kind: CriterionKind,
    /// Share of the total, in percent; all criteria add up to 100.
    pub weight: f64,
    pub min: f64,
    pub max: f64,
}

/// The open-data quantity scale: from a number of datasets to a share of the
/// criterion ("1:40, 2:70, 3:100" — 3 or more datasets give 100 %).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityScale(Vec<(u32, f64)>);

impl Default for QuantityScale {
    fn default() -> Self {
        QuantityScale(vec![(1, 40.0), (2, 70.0), (3, 100.0)])
    }
}

impl QuantityScale {
    pub fn parse(raw: &str) -> Result<QuantityScale, FieldError> {
        let err = || FieldError::new("quantity_scale", "error-quantity-scale");
        let mut steps = Vec::new();
        for part in raw
            .split([',', '，', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (n, pct) = part.split_once([':', '：']).ok_or_else(err)?;
            let n: u32 = n.trim().parse().map_err(|_| err())?;
            let pct: f64 = pct
                .trim()
                .trim_end_matches('%')
                .parse()
                .map_err(|_| err())?;
            if n == 0 || !(0.0..=100.0).contains(&pct) {
                return Err(err());
            }
            steps.push((n, pct));
        }
        steps.sort_by_key(|(n, _)| *n);
        let increasing = steps
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
        if steps.is_empty() || !increasing {
            return Err(err());
        }
        Ok(QuantityScale(steps))
    }

    /// The share (0–1) for `count` distinct eligible datasets.
    pub fn fraction(&self, count: u32) -> f64 {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| count >= *n)
            .map(|(_, pct)| pct / 100.0)
            .unwrap_or(0.0)
    }

    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(n, p)| format!("{n}:{p}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Checks a rubric: weights positive and adding up to 100, ranges sensible,
/// keys unique, at most one of each open-data criterion.
pub fn validate_rubric(criteria: &[Criterion]) -> Vec<FieldError> {
    let mut e = Vec::new();
    let sum: f64 = criteria.iter().map(|c| c.weight).sum();
    if (sum - 100.0).abs() > 1e-6 {
        e.push(FieldError::new("weights", "error-weights-sum"));
    }
    if criteria.iter().any(|c| c.weight <= 0.0) {
        e.push(FieldError::new("weights", "error-weight-positive"));
    }
    if criteria
        .iter()
        .any(|c| c.kind == CriterionKind::Manual && c.max <= c.min)
    {
        e.push(FieldError::new("range", "error-range"));
    }
    let keys: BTreeSet<&str> = criteria.iter().map(|c| c.key.as_str()).collect();
    if keys.len() != criteria.len() {
        e.push(FieldError::new("key", "error-criterion-duplicate"));
    }
    for kind in [CriterionKind::Quantity, CriterionKind::Depth] {
        if criteria.iter().filter(|c| c.kind == kind).count() > 1 {
            e.push(FieldError::new("key", "error-criterion-duplicate"));
        }
    }
    e
}

/// What one judge gave one entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    /// Manual criteria: key → score.
    pub scores: BTreeMap<String, f64>,
    /// Depth ratings (1–5), one per declared dataset.
    pub depth_ratings: Vec<u8>,
}

/// The weighted total (0–100) of one review; `datasets` is the entry's count
/// of distinct eligible datasets. A manual score outside its range is clamped.
pub fn weighted_total(
    criteria: &[Criterion],
    scale: &QuantityScale,
    datasets: u32,
    review: &Review,
) -> f64 {
    criteria
        .iter()
        .map(|c| {
            let fraction = match c.kind {
                CriterionKind::Manual => review
                    .scores
                    .get(&c.key)
                    .map(|s| ((s.clamp(c.min, c.max) - c.min) / (c.max - c.min)).clamp(0.0, 1.0))
                    .unwrap_or(0.0),
                CriterionKind::Quantity => scale.fraction(datasets),
                CriterionKind::Depth => depth_fraction(&review.depth_ratings),
            };
            c.weight * fraction
        })
        .sum()
}

/// The depth criterion: the mean rating (1–5) scaled to 0–1.
pub fn depth_fraction(ratings: &[u8]) -> f64 {
    if ratings.is_empty() {
        return 0.0;
    }
    let mean = ratings
        .iter()
        .map(|r| f64::from((*r).clamp(1, 5)))
        .sum::<f64>()
        / ratings.len() as f64;
    (mean - 1.0) / 4.0
}

// ---------------------------------------------------------------- conflicts

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

/// A person as conflict detection sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    pub school: super::team::SchoolKey,
    pub email: String,
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
    by_school: HashMap<super::team::SchoolKey, HashSet<i32>>,
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

// ---------------------------------------------------------------- assignment

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// (entry, judge) pairs.
    pub pairs: Vec<(i32, i32)>,
    /// Entries that got fewer than k judges: (entry, how many they got).
    pub short: Vec<(i32, usize)>,
}

/// Gives each entry `k` judges: never a conflicted one, never more than
/// `max_per_judge` per judge, the least-loaded judges first so loads differ by
/// at most one where conflicts allow. Deterministic: the hardest entries
/// (fewest possible judges) are placed first, ties broken by id.
pub fn assign(
    entries: &[i32],
    judges: &[i32],
    conflicted: &HashSet<(i32, i32)>,
    k: usize,
    max_per_judge: usize,
) -> Assignment {
    let caps: BTreeMap<i32, usize> = judges.iter().map(|j| (*j, max_per_judge)).collect();
    assign_with_caps(entries, &caps, conflicted, k)
}

/// [`assign`] with each judge's own maximum (judge → most entries).
pub fn assign_with_caps(
    entries: &[i32],
    caps: &BTreeMap<i32, usize>,
    conflicted: &HashSet<(i32, i32)>,
    k: usize,
) -> Assignment {
    let judges: Vec<i32> = caps.keys().copied().collect();
    let mut order: Vec<(usize, i32)> = entries
        .iter()
        .map(|e| {
            (
                judges
                    .iter()
                    .filter(|j| !conflicted.contains(&(*e, **j)))
                    .count(),
                *e,
            )
        })
        .collect();
    order.sort();
    order.dedup();
    let mut load: BTreeMap<i32, usize> = judges.iter().map(|j| (*j, 0)).collect();
    let mut pairs = Vec::new();
    let mut short = Vec::new();
    for (_, entry) in order {
        let mut candidates: Vec<i32> = judges
            .iter()
            .copied()
            .filter(|j| !conflicted.contains(&(entry, *j)) && load[j] < caps[j])
            .collect();
        candidates.sort_by_key(|j| (load[j], *j));
        let chosen: Vec<i32> = candidates.into_iter().take(k).collect();
        for j in &chosen {
            *load.get_mut(j).expect("known judge") += 1;
            pairs.push((entry, *j));
        }
        if chosen.len() < k {
            short.push((entry, chosen.len()));
        }
    }
    pairs.sort();
    short.sort();
    Assignment { pairs, short }
}

// ---------------------------------------------------------------- aggregation

/// One judge's weighted total for one entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub entry: i32,
    pub judge: i32,
    pub total: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryStats {
    pub entry: i32,
    pub reviews: usize,
    pub mean: f64,
    pub median: f64,
    pub stdev: f64,
    pub min: f64,
    pub max: f64,
    /// Mean of the judges' normalised totals.
    pub normalised: f64,
    /// Spread above the threshold: the judges disagree.
    pub disagreement: bool,
}

/// Judges with fewer reviews than this are left as they are (and flagged).
pub const MIN_REVIEWS_TO_NORMALISE: usize = 3;

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn stdev(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Each judge's totals as z-scores across their own entries, mapped back
/// onto the scale with the mean and spread of all totals — so a harsh and a
/// lenient judge count alike. Returns the normalised scores and the judges
/// left unnormalised for having too few reviews.
pub fn normalise(scores: &[Score]) -> (Vec<Score>, Vec<i32>) {
    let all: Vec<f64> = scores.iter().map(|s| s.total).collect();
    let (g_mean, g_sd) = (mean(&all), stdev(&all));
    let mut by_judge: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for s in scores {
        by_judge.entry(s.judge).or_default().push(s.total);
    }
    // (count, mean, spread) per judge, once.
    let per_judge: BTreeMap<i32, (usize, f64, f64)> = by_judge
        .iter()
        .map(|(j, v)| (*j, (v.len(), mean(v), stdev(v))))
        .collect();
    let mut flagged = Vec::new();
    let out = scores
        .iter()
        .map(|s| {
            let (n, m, sd) = per_judge.get(&s.judge).copied().unwrap_or((0, 0.0, 0.0));
            if n < MIN_REVIEWS_TO_NORMALISE || sd == 0.0 {
                if !flagged.contains(&s.judge) {
                    flagged.push(s.judge);
                }
                return *s;
            }
            Score {
                total: g_mean + (s.total - m) / sd * g_sd,
                ..*s
            }
        })
        .collect();
    (out, flagged)
}

pub fn entry_stats(scores: &[Score], disagreement_threshold: f64) -> Vec<EntryStats> {
    let (normalised, _) = normalise(scores);
    // Raw and normalised totals per entry, in one pass.
    let mut by_entry: BTreeMap<i32, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for (s, n) in scores.iter().zip(&normalised) {
        let slot = by_entry.entry(s.entry).or_default();
        slot.0.push(s.total);
        slot.1.push(n.total);
    }
    by_entry
        .into_iter()
        .map(|(e, (totals, norm))| {
            let sd = stdev(&totals);
            EntryStats {
                entry: e,
                reviews: totals.len(),
                mean: mean(&totals),
                median: median(&totals),
                stdev: sd,
                min: totals.iter().cloned().fold(f64::INFINITY, f64::min),
                max: totals.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
                normalised: mean(&norm),
                disagreement: sd > disagreement_threshold,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMethod {
    Normalised,
    Mean,
    Median,
}

/// What breaks ties, in order, beyond the method's own value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieBreak {
    pub entry: i32,
    /// Open-data quantity share (0–1).
    pub quantity: f64,
    /// Submission order (smaller = earlier).
    pub submitted: i64,
}

/// Ranks entries: by the method's value, then mean, then open-data quantity,
/// then earlier submission. Returns entry ids, best first.
pub fn rank(stats: &[EntryStats], method: RankMethod, ties: &[TieBreak]) -> Vec<i32> {
    let key = |s: &EntryStats| match method {
        RankMethod::Normalised => s.normalised,
        RankMethod::Mean => s.mean,
        RankMethod::Median => s.median,
    };
    // The first tie-break given for an entry counts, as before.
    let mut by_entry: std::collections::HashMap<i32, TieBreak> = std::collections::HashMap::new();
    for t in ties {
        by_entry.entry(t.entry).or_insert(*t);
    }
    let tie = |e: i32| {
        by_entry.get(&e).copied().unwrap_or(TieBreak {
            entry: e,
            quantity: 0.0,
            submitted: i64::MAX,
        })
    };
    let mut order: Vec<&EntryStats> = stats.iter().collect();
    order.sort_by(|a, b| {
        let (ta, tb) = (tie(a.entry), tie(b.entry));
        key(b)
            .total_cmp(&key(a))
            .then(b.mean.total_cmp(&a.mean))
            .then(tb.quantity.total_cmp(&ta.quantity))
            .then(ta.submitted.cmp(&tb.submitted))
            .then(a.entry.cmp(&b.entry))
    });
    order.into_iter().map(|s| s.entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::team::SchoolKey;

    fn rubric() -> Vec<Criterion> {
        vec![
            Criterion {
                key: "innovation".into(),
                kind: CriterionKind::Manual,
                weight: 40.0,
                min: 0.0,
                max: 10.0,
            },
            Criterion {
                key: "quantity".into(),
                kind: CriterionKind::Quantity,
                weight: 30.0,
                min: 0.0,
                max: 0.0,
            },
            Criterion {
                key: "depth".into(),
                kind: CriterionKind::Depth,
                weight: 30.0,
                min: 1.0,
                max: 5.0,
            },
        ]
    }

    #[test]
    fn weighted_totals_quantity_and_depth() {
        let scale = QuantityScale::default();
        assert_eq!(scale.fraction(0), 0.0);
        assert_eq!(scale.fraction(1), 0.4);
        assert_eq!(scale.fraction(2), 0.7);
        assert_eq!(scale.fraction(7), 1.0);
        assert_eq!(depth_fraction(&[5, 5]), 1.0);
        assert_eq!(depth_fraction(&[1, 3]), 0.25);
        let review = Review {
            scores: [("innovation".to_string(), 8.0)].into_iter().collect(),
            depth_ratings: vec![3, 5],
        };
        // 40×0.8 + 30×0.7 + 30×0.75 = 32 + 21 + 22.5
        assert!((weighted_total(&rubric(), &scale, 2, &review) - 75.5).abs() < 1e-9);
        let wild = Review {
            scores: [("innovation".to_string(), 99.0)].into_iter().collect(),
            depth_ratings: vec![],
        };
        assert!(
            (weighted_total(&rubric(), &scale, 0, &wild) - 40.0).abs() < 1e-9,
            "out-of-range scores are clamped"
        );
    }

    #[test]
    fn rubrics_and_scales_are_validated() {
        assert!(validate_rubric(&rubric()).is_empty());
        let mut bad = rubric();
        bad[0].weight = 50.0;
        assert_eq!(validate_rubric(&bad)[0].message, "error-weights-sum");
        assert_eq!(
            QuantityScale::parse("1:40, 2:70, 3:100").unwrap(),
            QuantityScale::default()
        );
        assert!(
            QuantityScale::parse("1:80, 2:70").is_err(),
            "a larger count never gives less"
        );
        assert!(QuantityScale::parse("").is_err());
        assert!(QuantityScale::parse("0:10").is_err());
    }

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

    /// A small deterministic generator for the property tests.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
    }

    #[test]
    fn assignment_properties_on_random_inputs() {
        let mut rng = Rng(0x2545F4914F6CDD1D);
        for _ in 0..300 {
            let entries: Vec<i32> = (1..=rng.below(40) as i32 + 1).collect();
            let judges: Vec<i32> = (100..100 + rng.below(12) as i32 + 1).collect();
            let k = rng.below(4) as usize + 1;
            let density = rng.below(4);
            let mut conflicted = HashSet::new();
            for e in &entries {
                for j in &judges {
                    if density > 0 && rng.below(10) < density {
                        conflicted.insert((*e, *j));
                    }
                }
            }
            let max = if rng.below(3) == 0 {
                rng.below(10) as usize + 1
            } else {
                usize::MAX
            };
            let a = assign(&entries, &judges, &conflicted, k, max);
            // Never a conflicted judge, never one judge twice on an entry.
            assert!(a.pairs.iter().all(|p| !conflicted.contains(p)));
            let unique: HashSet<_> = a.pairs.iter().collect();
            assert_eq!(unique.len(), a.pairs.len());
            // k where possible, and every shortfall explained.
            for e in &entries {
                let got = a.pairs.iter().filter(|(pe, _)| pe == e).count();
                assert!(got <= k);
                let possible = judges
                    .iter()
                    .filter(|j| !conflicted.contains(&(*e, **j)))
                    .count();
                if got < k {
                    assert!(a.short.contains(&(*e, got)));
                }
                if max == usize::MAX && possible >= k {
                    assert_eq!(got, k, "entry {e} could have had {k}");
                }
            }
            // The per-judge maximum, and balance when nothing constrains it.
            let loads: Vec<usize> = judges
                .iter()
                .map(|j| a.pairs.iter().filter(|(_, pj)| pj == j).count())
                .collect();
            assert!(loads.iter().all(|l| *l <= max));
            if conflicted.is_empty() && max == usize::MAX {
                let (lo, hi) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
                assert!(hi - lo <= 1, "loads {loads:?}");
            }
            // Deterministic.
            assert_eq!(a, assign(&entries, &judges, &conflicted, k, max));
        }
    }

    #[test]
    fn a_harsh_and_a_lenient_judge_do_not_change_the_order() {
        // Both judges see A > B > C; the harsh one scores everything 30 lower.
        let scores = vec![
            Score {
                entry: 1,
                judge: 10,
                total: 90.0,
            },
            Score {
                entry: 2,
                judge: 10,
                total: 80.0,
            },
            Score {
                entry: 3,
                judge: 10,
                total: 70.0,
            },
            Score {
                entry: 1,
                judge: 20,
                total: 60.0,
            },
            Score {
                entry: 2,
                judge: 20,
                total: 50.0,
            },
            Score {
                entry: 3,
                judge: 20,
                total: 40.0,
            },
        ];
        let (norm, flagged) = normalise(&scores);
        assert!(flagged.is_empty());
        // Hand-computed: global mean 65, global sd ≈ 17.08; each judge's z = +1.2247, 0, −1.2247.
        let g_sd = (((25.0f64 * 25.0 + 15.0 * 15.0 + 5.0 * 5.0) * 2.0) / 6.0).sqrt();
        let a = norm
            .iter()
            .find(|s| s.entry == 1 && s.judge == 20)
            .unwrap()
            .total;
        assert!((a - (65.0 + 1.224_744_871 * g_sd)).abs() < 1e-6);
        let b = norm
            .iter()
            .find(|s| s.entry == 2 && s.judge == 10)
            .unwrap()
            .total;
        assert!(
            (b - 65.0).abs() < 1e-9,
            "the middle entry is at the mean for both judges"
        );
        let stats = entry_stats(&scores, 10.0);
        assert_eq!(rank(&stats, RankMethod::Normalised, &[]), vec![1, 2, 3]);
        assert!(
            stats.iter().all(|s| s.disagreement),
            "30 points apart (a spread of 15) is a disagreement at threshold 10"
        );
        // A judge with two reviews is left as is, and flagged.
        let few = vec![
            Score {
                entry: 1,
                judge: 30,
                total: 10.0,
            },
            Score {
                entry: 2,
                judge: 30,
                total: 20.0,
            },
        ];
        let (same, flagged) = normalise(&few);
        assert_eq!(same, few);
        assert_eq!(flagged, vec![30]);
    }

    #[test]
    fn ties_break_by_mean_then_quantity_then_submission() {
        let s = |entry, normalised, mean| EntryStats {
            entry,
            reviews: 3,
            mean,
            median: mean,
            stdev: 0.0,
            min: mean,
            max: mean,
            normalised,
            disagreement: false,
        };
        let stats = vec![
            s(1, 70.0, 60.0),
            s(2, 70.0, 65.0),
            s(3, 70.0, 65.0),
            s(4, 70.0, 65.0),
        ];
        let ties = vec![
            TieBreak {
                entry: 2,
                quantity: 0.7,
                submitted: 5,
            },
            TieBreak {
                entry: 3,
                quantity: 1.0,
                submitted: 9,
            },
            TieBreak {
                entry: 4,
                quantity: 0.7,
                submitted: 1,
            },
        ];
        assert_eq!(
            rank(&stats, RankMethod::Normalised, &ties),
            vec![3, 4, 2, 1]
        );
        // Given twice, an entry's first tie-break counts.
        let mut twice = ties.clone();
        twice.push(TieBreak {
            entry: 2,
            quantity: 1.0,
            submitted: 0,
        });
        assert_eq!(
            rank(&stats, RankMethod::Normalised, &twice),
            vec![3, 4, 2, 1]
        );
        assert_eq!(median(&[1.0, 9.0, 3.0, 5.0]), 4.0);
    }
}
