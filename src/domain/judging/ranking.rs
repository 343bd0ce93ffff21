//! Aggregation into an explainable ranking that corrects for harsh and
//! lenient judges, and how each round is ranked.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::Round;
use crate::domain::FieldErrors;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RankMethod {
    Normalised,
    Mean,
    Median,
}

impl RankMethod {
    pub const ALL: [RankMethod; 3] = [RankMethod::Normalised, RankMethod::Mean, RankMethod::Median];

    pub fn as_str(self) -> &'static str {
        match self {
            RankMethod::Normalised => "normalised",
            RankMethod::Mean => "mean",
            RankMethod::Median => "median",
        }
    }

    pub fn parse(s: &str) -> Option<RankMethod> {
        Self::ALL.iter().copied().find(|m| m.as_str() == s)
    }
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
    let mut by_entry: HashMap<i32, TieBreak> = HashMap::new();
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

/// The disagreement threshold an organiser may set: a spread of 1 to 100
/// points out of 100.
pub const DISAGREEMENT: std::ops::RangeInclusive<f64> = 1.0..=100.0;

/// How one round of a track's judging runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundSettings {
    /// Judges never see team, school or member names.
    pub anonymous: bool,
    /// A judge who submitted their own score sees the others' submitted scores.
    pub show_others: bool,
    pub rank_method: RankMethod,
    /// Standard deviation of the totals (out of 100) above which an entry is flagged.
    pub disagreement: f64,
}

impl RoundSettings {
    /// Preliminary rounds are judged on paper, anonymously; finals are
    /// presented on site, so the panel sees who presents.
    pub fn default_for(round: Round) -> RoundSettings {
        RoundSettings {
            anonymous: round != Round::Finals,
            show_others: true,
            rank_method: RankMethod::Normalised,
            disagreement: 15.0,
        }
    }

    /// The settings form: a known ranking method and a threshold within
    /// [`DISAGREEMENT`].
    pub fn parse(
        anonymous: bool,
        show_others: bool,
        rank_method: &str,
        disagreement: &str,
    ) -> Result<RoundSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let rank_method = RankMethod::parse(rank_method);
        if rank_method.is_none() {
            errors.push("rank_method", "error-rank-method");
        }
        let disagreement = disagreement
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && DISAGREEMENT.contains(v));
        if disagreement.is_none() {
            errors.push("disagreement", "error-disagreement");
        }
        match (rank_method, disagreement) {
            (Some(rank_method), Some(disagreement)) => Ok(RoundSettings {
                anonymous,
                show_others,
                rank_method,
                disagreement,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_harsh_and_a_lenient_judge_do_not_change_the_order() {
        // Both judges see A > B > C; the harsh one scores everything 30 lower.
        let s = |entry, judge, total| Score {
            entry,
            judge,
            total,
        };
        let scores = vec![
            s(1, 10, 90.0),
            s(2, 10, 80.0),
            s(3, 10, 70.0),
            s(1, 20, 60.0),
            s(2, 20, 50.0),
            s(3, 20, 40.0),
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
        let few = vec![s(1, 30, 10.0), s(2, 30, 20.0)];
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
        let t = |entry, quantity, submitted| TieBreak {
            entry,
            quantity,
            submitted,
        };
        let ties = vec![t(2, 0.7, 5), t(3, 1.0, 9), t(4, 0.7, 1)];
        assert_eq!(
            rank(&stats, RankMethod::Normalised, &ties),
            vec![3, 4, 2, 1]
        );
        // Given twice, an entry's first tie-break counts.
        let mut twice = ties.clone();
        twice.push(t(2, 1.0, 0));
        assert_eq!(
            rank(&stats, RankMethod::Normalised, &twice),
            vec![3, 4, 2, 1]
        );
        assert_eq!(median(&[1.0, 9.0, 3.0, 5.0]), 4.0);
    }

    #[test]
    fn methods_are_named_and_settings_checked() {
        for m in RankMethod::ALL {
            assert_eq!(RankMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(RankMethod::parse("average"), None);
        let ok = RoundSettings::parse(false, true, "median", " 10 ").unwrap();
        assert_eq!(ok.rank_method, RankMethod::Median);
        assert_eq!(ok.disagreement, 10.0);
        let bad = RoundSettings::parse(false, true, "best", "一百五").unwrap_err();
        assert_eq!(bad.get("rank_method"), Some("error-rank-method"));
        assert_eq!(bad.get("disagreement"), Some("error-disagreement"));
        for v in ["0.5", "100.5", "NaN", "inf"] {
            assert!(
                RoundSettings::parse(false, false, "mean", v).is_err(),
                "{v}"
            );
        }
        assert!(RoundSettings::default_for(Round::Preliminary).anonymous);
        assert!(!RoundSettings::default_for(Round::Finals).anonymous);
    }
}
