//! The rubric of each track and round: its criteria and open-data quantity
//! scale, and the lock that keeps it fixed while judges score (set by the
//! first score or by hand; lifted only with a recorded reason).

use serde_json::json;

use super::track;
use crate::domain::judging::{
    self, check_rubric, default_criteria, CriterionInput, QuantityScale, Round, RubricForm,
    RubricRow,
};
use crate::domain::text::Kind;
use crate::service::gates::judging as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::contests::{Contest, Track};
use crate::store::rubrics::{CriterionRow, Rubric, SaveOutcome};
use crate::store::{self};

/// What the rubric editor shows.
pub struct RubricPage {
    pub track: Track,
    pub contest: Contest,
    pub round: Round,
    /// The stored rubric with its criteria, if saved, and who locked it.
    pub stored: Option<(Rubric, Vec<CriterionRow>)>,
    pub locked_by: Option<String>,
    /// The rows shown: as typed (each with its problems), else as stored,
    /// else the suggested ones.
    pub rows: Vec<(RubricRow, Vec<&'static str>)>,
    pub scale: String,
    /// The version the form saves over.
    pub version: i32,
    /// The weights of the rows shown, added up.
    pub total_weight: f64,
}

impl RubricPage {
    /// The version stored now (0: not saved yet).
    pub fn stored_version(&self) -> i32 {
        self.stored.as_ref().map(|(r, _)| r.version).unwrap_or(0)
    }
}

/// The editor of a track's rubric for `round`, with the rubric as typed
/// (`typed`) and what is wrong with it, or as stored.
pub fn rubric_page(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    typed: Option<&RubricForm>,
) -> Result<RubricPage> {
    gate::organiser(who)?;
    p.read(|conn| {
        let track = track(conn, track_id)?;
        let contest = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
        let stored = store::rubrics::find(conn, track_id, round)?;
        let locked_by = match stored.as_ref().and_then(|(r, _)| r.locked_by) {
            Some(id) => store::users::find(conn, id)?.map(|u| u.display_name),
            None => None,
        };
        let shown = |rows: &[CriterionInput]| -> Vec<(RubricRow, Vec<&'static str>)> {
            rows.iter()
                .map(|c| (RubricRow::of(c), Vec::new()))
                .collect()
        };
        let (rows, scale, version, weights) = match (typed, &stored) {
            (Some(form), _) => {
                let checked = check_rubric(form);
                let total = checked.criteria.iter().map(|c| c.weight).sum();
                (checked.rows, form.scale.clone(), form.version, total)
            }
            (None, Some((r, criteria))) => {
                let inputs: Vec<CriterionInput> =
                    criteria.iter().map(CriterionInput::from).collect();
                let total = inputs.iter().map(|c| c.weight).sum();
                (shown(&inputs), r.quantity_scale.clone(), r.version, total)
            }
            (None, None) => {
                let inputs = default_criteria();
                let total = inputs.iter().map(|c| c.weight).sum();
                (
                    shown(&inputs),
                    QuantityScale::default().describe(),
                    0,
                    total,
                )
            }
        };
        Ok(RubricPage {
            track,
            contest,
            round,
            stored,
            locked_by,
            rows,
            scale,
            version,
            total_weight: weights,
        })
    })
}

/// Saves a rubric as typed, unless something in it is wrong (422), it is
/// locked for scoring, or someone saved it since the form was opened (409).
pub fn save_rubric(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    form: &RubricForm,
) -> Result<()> {
    gate::organiser(who)?;
    let checked = check_rubric(form);
    let problems = checked.problems();
    let (Some(scale), true) = (checked.scale, problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let criteria = checked.criteria;
    p.transaction(|conn| {
        track(conn, track_id)?;
        let saved =
            store::rubrics::save(conn, track_id, round, form.version, &scale, &criteria, now())?;
        let id = match saved {
            SaveOutcome::Saved(id) => id,
            SaveOutcome::Locked => return Err(Error::WrongState("error-rubric-locked")),
            SaveOutcome::Stale => return Err(Error::Stale("error-rubric-stale")),
        };
        audit(
            conn,
            who,
            "rubric.save",
            "rubric",
            id,
            json!({ "track_id": track_id, "round": round, "scale": scale.describe(), "criteria": criteria }),
        )
    })
}

/// Locks a saved rubric for scoring; false if it was locked already.
pub fn lock_rubric(p: &Portal, who: &Person, track_id: i32, round: Round) -> Result<bool> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let (r, _) = store::rubrics::find(conn, track_id, round)?.ok_or(Error::NotFound)?;
        let changed = store::rubrics::set_lock(conn, r.id, Some(who.id), now())?;
        if changed {
            audit(
                conn,
                who,
                "rubric.lock",
                "rubric",
                r.id,
                json!({ "track_id": track_id, "round": round }),
            )?;
        }
        Ok(changed)
    })
}

/// Lifts the lock, with the reason recorded; false if it was not locked.
pub fn unlock_rubric(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    reason: &str,
) -> Result<bool> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let (r, _) = store::rubrics::find(conn, track_id, round)?.ok_or(Error::NotFound)?;
        let reason =
            judging::required_note("reason", reason, Kind::Paragraph, "error-unlock-reason")
                .map_err(super::invalid)?;
        let changed = store::rubrics::set_lock(conn, r.id, None, now())?;
        if changed {
            audit(
                conn,
                who,
                "rubric.unlock",
                "rubric",
                r.id,
                json!({ "track_id": track_id, "round": round, "reason": reason }),
            )?;
        }
        Ok(changed)
    })
}
