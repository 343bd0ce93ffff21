//! A judge saves a draft of their score sheet, or submits it (final). The
//! first saved score locks the round's rubric.

use serde_json::json;

use super::judge::{scale_of, sheet_rules};
use super::{eligible_count, refresh};
use crate::domain::judging::{check_sheet, weighted_total, Round, ScoreSheet, ScoreStatus};
use crate::service::gates::judging as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, is_unique_violation, scores::SaveOutcome, scores::ScoreInput};

/// A score form as posted.
#[derive(Debug, Clone, Default)]
pub struct ScoreForm {
    pub sheet: ScoreSheet,
    /// The version of the score the form was opened at (0: none yet).
    pub version: i32,
    /// Submit (final) rather than keep as a draft.
    pub submit: bool,
}

/// Saves the judge's sheet for an entry they may see. What is typed must be
/// in range (and complete, to submit: 422 with the problems); a sheet
/// changed since the form was opened, submitted already, or saved at the
/// same moment from elsewhere is refused (409) and nothing is written.
pub fn score(
    p: &Portal,
    who: &Person,
    entry_id: i32,
    round: Round,
    form: &ScoreForm,
) -> Result<()> {
    p.transaction(|conn| {
        let (entry, b) = gate::judge_may_see(conn, who.id, entry_id, round)?;
        let (rubric, criteria) = store::rubrics::find(conn, entry.track_id, round)?
            .ok_or(Error::Refused("error-rubric-missing"))?;
        let datasets = store::entries::datasets_of(conn, &[entry_id])?;
        let (rules, ids) = sheet_rules(&criteria, &datasets);
        let checked = check_sheet(&rules, &ids, &form.sheet, form.submit)
            .map_err(|_| Error::field("form", "error-score-form"))?;
        let eligible = eligible_count(&b.track, &datasets);
        let total = if checked.complete {
            let scale = scale_of(&rubric)?;
            Some(weighted_total(&rules, &scale, eligible, &checked.review))
        } else {
            None
        };
        let at = now();
        let saved = store::scores::save(
            conn,
            entry_id,
            who.id,
            round,
            form.version,
            &ScoreInput {
                status: ScoreStatus::of(form.submit),
                criteria: &serde_json::to_string(&checked.sheet.criteria).unwrap_or_default(),
                depth: &serde_json::to_string(&checked.sheet.depth).unwrap_or_default(),
                comment: &checked.sheet.comment,
                comment_shared: checked.sheet.comment_shared,
                notes: &serde_json::to_string(&checked.sheet.notes).unwrap_or_default(),
                total,
            },
            at,
        )
        // Two first saves at the same moment: the second finds the first's row.
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::Stale("error-score-stale")
            } else {
                e.into()
            }
        })?;
        match saved {
            SaveOutcome::Saved => {}
            SaveOutcome::Final => return Err(Error::Stale("error-score-final")),
            SaveOutcome::Stale => return Err(Error::Stale("error-score-stale")),
        }
        // Scoring has started: the rubric is fixed from now on.
        if store::rubrics::set_lock(conn, rubric.id, Some(who.id), at)? {
            audit(
                conn,
                who,
                "rubric.lock",
                "rubric",
                rubric.id,
                json!({ "by": "first score" }),
            )?;
        }
        if form.submit {
            // A submitted total moves the round's ranking (a draft does not).
            refresh(conn, entry.track_id, round)?;
            audit(
                conn,
                who,
                "score.submit",
                "entry",
                entry_id,
                json!({ "round": round, "total": total }),
            )?;
        }
        Ok(())
    })
}
