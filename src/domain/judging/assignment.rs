//! Balanced assignment of judges to entries, and the limits organisers type:
//! how many judges each entry gets, how many entries a judge takes on.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;

use crate::domain::FieldError;

/// Judges per entry an organiser may ask for.
pub const JUDGES_PER_ENTRY: RangeInclusive<usize> = 1..=20;
/// What the assignment form suggests.
pub const DEFAULT_JUDGES_PER_ENTRY: usize = 3;
/// The most entries a judge may be given, as invited.
pub const MAX_LOAD: RangeInclusive<i32> = 1..=500;
/// What the invitation form suggests.
pub const DEFAULT_MAX_LOAD: i32 = 15;

/// A typed number of judges per entry.
pub fn judges_per_entry(raw: &str) -> Result<usize, FieldError> {
    raw.trim()
        .parse::<usize>()
        .ok()
        .filter(|k| JUDGES_PER_ENTRY.contains(k))
        .ok_or(FieldError::new("k", "error-judges-per-entry"))
}

/// A typed maximum load for a judge.
pub fn max_load(raw: &str) -> Result<i32, FieldError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| MAX_LOAD.contains(n))
        .ok_or(FieldError::new("max_load", "error-max-load"))
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn organisers_ask_for_one_to_twenty_judges_and_loads_up_to_500() {
        assert_eq!(judges_per_entry("1"), Ok(1));
        assert_eq!(judges_per_entry(" 20 "), Ok(20));
        for bad in ["0", "21", "-1", "兩", ""] {
            assert_eq!(
                judges_per_entry(bad).unwrap_err().message,
                "error-judges-per-entry",
                "{bad}"
            );
        }
        assert_eq!(max_load("500"), Ok(500));
        for bad in ["0", "501", "abc"] {
            assert_eq!(max_load(bad).unwrap_err().field, "max_load", "{bad}");
        }
    }
}
