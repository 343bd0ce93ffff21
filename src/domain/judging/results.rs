//! From ranking to results: advancing finalists (fixed once finals scoring
//! starts), which round decides the awards, how many winners each prize
//! has, and publishing.

use std::collections::{HashMap, HashSet};

use super::Round;
use crate::domain::FieldError;

/// Most entries an organiser may advance to the finals at once.
pub const FINALISTS_MAX: usize = 500;
/// How many to advance when the prize table does not say.
pub const SUGGESTED_FINALISTS: usize = 5;

/// A typed number of entries to advance.
pub fn top_n(raw: &str) -> Result<usize, FieldError> {
    raw.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=FINALISTS_MAX).contains(n))
        .ok_or(FieldError::new("n", "error-finalists-n"))
}

/// What the advance form suggests: as many as there are prize places.
pub fn suggested_finalists(prize_places: i32) -> usize {
    usize::try_from(prize_places)
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or(SUGGESTED_FINALISTS)
}

/// A change to a track's finalists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalistsChange {
    /// The top N of the preliminary ranking, replacing the finalists.
    Advance(usize),
    /// One more entry, by hand.
    Add(i32),
    /// One entry taken out.
    Remove(i32),
}

/// Finalists are fixed once finals scoring starts: when any finalist has a
/// finals score the top N are not re-picked, and no entry with a finals
/// score is taken out. Adding one more stays possible.
pub fn finalists_may_change(
    change: FinalistsChange,
    finals_scored: &HashSet<i32>,
) -> Result<(), &'static str> {
    match change {
        FinalistsChange::Advance(_) if !finals_scored.is_empty() => Err("error-finals-started"),
        FinalistsChange::Remove(id) if finals_scored.contains(&id) => Err("error-finals-started"),
        _ => Ok(()),
    }
}

/// The first `n` of a ranking (best first), each with its preliminary rank.
pub fn advance(ranking: &[i32], n: usize) -> Result<Vec<(i32, Option<i32>)>, &'static str> {
    let chosen: Vec<(i32, Option<i32>)> = ranking
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, e)| (*e, i32::try_from(i + 1).ok()))
        .collect();
    if chosen.is_empty() {
        Err("error-finalists-none")
    } else {
        Ok(chosen)
    }
}

/// The round whose ranking decides the awards: the finals once anyone was
/// advanced, else the preliminary round.
pub fn deciding_round(has_finalists: bool) -> Round {
    if has_finalists {
        Round::Finals
    } else {
        Round::Preliminary
    }
}

/// Each prize goes to at most as many entries as the prize table says
/// (`places`: prize id → winners).
pub fn awards_within_prizes(
    given: &[(i32, i32)],
    places: &HashMap<i32, i32>,
) -> Result<(), &'static str> {
    let mut count: HashMap<i32, usize> = HashMap::new();
    for (_, prize) in given {
        *count.entry(*prize).or_default() += 1;
    }
    let fits = count.iter().all(|(prize, n)| {
        let allowed = places.get(prize).copied().unwrap_or(0).max(0);
        *n <= usize::try_from(allowed).unwrap_or(0)
    });
    if fits {
        Ok(())
    } else {
        Err("error-awards-too-many")
    }
}

/// Published results stay as they are until withdrawn.
pub fn awards_may_change(published: bool) -> Result<(), &'static str> {
    if published {
        Err("error-awards-published")
    } else {
        Ok(())
    }
}

/// Results are published only with at least one award.
pub fn may_publish(awards: usize) -> Result<(), &'static str> {
    if awards == 0 {
        Err("error-awards-none")
    } else {
        Ok(())
    }
}

/// When results may be published: refused before judging opened (no
/// judging date, or one still ahead); before the contest's results date
/// it may go ahead, with a warning naming that date.
pub fn publish_timing(
    judging_starts: Option<chrono::NaiveDateTime>,
    results_at: Option<chrono::NaiveDateTime>,
    now: chrono::NaiveDateTime,
) -> Result<Option<chrono::NaiveDateTime>, &'static str> {
    match judging_starts {
        Some(j) if j <= now => Ok(results_at.filter(|r| now < *r)),
        _ => Err("error-publish-before-judging"),
    }
}

/// A team's feedback on one criterion: the mean of the judges' scores
/// (None when no judge scored it).
pub fn criterion_mean(scores: &[f64]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finalists_are_fixed_once_finals_scoring_starts() {
        let none = HashSet::new();
        for change in [
            FinalistsChange::Advance(3),
            FinalistsChange::Add(1),
            FinalistsChange::Remove(1),
        ] {
            assert_eq!(finalists_may_change(change, &none), Ok(()), "{change:?}");
        }
        let scored: HashSet<i32> = [7].into();
        assert_eq!(
            finalists_may_change(FinalistsChange::Advance(3), &scored),
            Err("error-finals-started")
        );
        assert_eq!(
            finalists_may_change(FinalistsChange::Remove(7), &scored),
            Err("error-finals-started")
        );
        assert_eq!(
            finalists_may_change(FinalistsChange::Remove(8), &scored),
            Ok(()),
            "a finalist nobody scored yet may go"
        );
        assert_eq!(
            finalists_may_change(FinalistsChange::Add(9), &scored),
            Ok(())
        );
    }

    #[test]
    fn the_top_n_advance_with_their_ranks() {
        assert_eq!(advance(&[5, 3, 9], 2), Ok(vec![(5, Some(1)), (3, Some(2))]));
        assert_eq!(advance(&[5], 10), Ok(vec![(5, Some(1))]));
        assert_eq!(advance(&[], 3), Err("error-finalists-none"));
        assert_eq!(top_n("2"), Ok(2));
        for bad in ["0", "501", "兩", "-3", ""] {
            assert_eq!(top_n(bad).unwrap_err().message, "error-finalists-n");
        }
        assert_eq!(suggested_finalists(3), 3);
        assert_eq!(suggested_finalists(0), SUGGESTED_FINALISTS);
        assert_eq!(deciding_round(false), Round::Preliminary);
        assert_eq!(deciding_round(true), Round::Finals);
    }

    #[test]
    fn prizes_go_to_no_more_winners_than_the_table_says() {
        let places: HashMap<i32, i32> = [(1, 1), (2, 2), (3, -1)].into();
        assert_eq!(
            awards_within_prizes(&[(10, 1), (11, 2), (12, 2)], &places),
            Ok(())
        );
        assert_eq!(
            awards_within_prizes(&[(10, 1), (11, 1)], &places),
            Err("error-awards-too-many")
        );
        assert_eq!(
            awards_within_prizes(&[(10, 3)], &places),
            Err("error-awards-too-many"),
            "a negative count allows nobody"
        );
        assert_eq!(awards_within_prizes(&[], &places), Ok(()));
        assert_eq!(awards_may_change(true), Err("error-awards-published"));
        assert_eq!(awards_may_change(false), Ok(()));
        assert_eq!(may_publish(0), Err("error-awards-none"));
        assert_eq!(may_publish(2), Ok(()));
    }

    #[test]
    fn results_wait_for_judging_and_warn_before_their_date() {
        let at = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(
            publish_timing(None, None, at(9)),
            Err("error-publish-before-judging")
        );
        assert_eq!(
            publish_timing(Some(at(10)), None, at(9)),
            Err("error-publish-before-judging")
        );
        assert_eq!(
            publish_timing(Some(at(8)), Some(at(12)), at(9)),
            Ok(Some(at(12)))
        );
        assert_eq!(publish_timing(Some(at(8)), Some(at(9)), at(9)), Ok(None));
        assert_eq!(criterion_mean(&[]), None);
        assert_eq!(criterion_mean(&[6.0, 9.0]), Some(7.5));
    }
}
