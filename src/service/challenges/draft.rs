//! A unit's side: its list of challenges, the form (with the catalogue
//! search of its dataset picker), creating a draft, saving changes while it
//! is a draft or sent back, and sending it for review.

use chrono::NaiveDateTime;
use serde_json::json;

use super::{check_datasets, chosen_track, load, open_tracks, picked, placed, placed_many};
use super::{Picked, Placed};
use crate::domain::challenge::{transition, ChallengeInput, Step};
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::gates::challenges as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::catalog::Dataset;
use crate::store::contests::{Contest, Track};
use crate::store::units::Unit;
use crate::store::{self, PageRequest};

/// At most this many datasets found per search of the picker.
pub const FOUND_MAX: i64 = 10;

/// A unit reviewer's challenges, their units' newest contest first.
pub struct UnitList {
    pub rows: Vec<Placed>,
    /// Some track takes challenges now (a new one may be drafted).
    pub may_draft: bool,
}

pub fn unit_list(p: &Portal, who: &Person) -> Result<UnitList> {
    p.read(|conn| {
        gate::drafting_unit(who, who.units().first().copied())?;
        let mut rows = Vec::new();
        for unit in who.units() {
            rows.extend(store::challenges::of_unit(conn, unit)?);
        }
        rows.sort_by_key(|c| (-c.contest_id, c.id));
        Ok(UnitList {
            rows: placed_many(conn, rows)?,
            may_draft: !open_tracks(conn, None, now())?.is_empty(),
        })
    })
}

/// Which challenge the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    New,
    Existing(i32),
}

/// What the challenge form shows: the challenge as stored (none when new),
/// the units and tracks the person may choose, the datasets picked with
/// their cards, and what a search of the catalogue found.
pub struct FormPage {
    pub challenge: Option<Placed>,
    pub units: Vec<Unit>,
    pub tracks: Vec<(Contest, Track)>,
    pub picked: Vec<Picked>,
    /// Picked ids the catalogue does not have.
    pub unknown: Vec<i32>,
    /// The words searched for and the datasets found (none picked yet).
    pub found: Option<(String, Vec<Dataset>)>,
    /// Why the words could not be searched for (a Fluent id).
    pub search_error: Option<&'static str>,
}

/// The form of `target`: with `picked` as the datasets ticked (none: those
/// stored) and the catalogue searched for `q` when given.
pub fn form_page(
    p: &Portal,
    who: &Person,
    target: Target,
    picked_ids: Option<Vec<i32>>,
    q: Option<String>,
) -> Result<FormPage> {
    p.read(|conn| {
        let challenge = match target {
            Target::New => {
                gate::drafting_unit(who, who.units().first().copied())?;
                None
            }
            Target::Existing(id) => {
                let c = load(conn, id)?;
                gate::unit_owns(who, &c)?;
                Some(placed(conn, c)?)
            }
        };
        let ids = match (picked_ids, &challenge) {
            (Some(ids), _) => ids,
            (None, Some(c)) => store::challenges::dataset_ids(conn, c.challenge.id)?,
            (None, None) => Vec::new(),
        };
        let (picked, unknown) = picked(conn, &ids)?;
        let mut search_error = None;
        let found = match q {
            Some(q) => {
                let q: String = q.chars().take(100).collect();
                let hits = if let Some(m) = text::refusal(&q, Kind::Line) {
                    search_error = Some(m);
                    Vec::new()
                } else if q.trim().is_empty() {
                    Vec::new()
                } else {
                    let s = store::catalog::Search {
                        q: q.clone(),
                        ..Default::default()
                    };
                    store::catalog::search(conn, &s, PageRequest::new(None, FOUND_MAX))?
                        .items
                        .into_iter()
                        .filter(|d| d.gone_at.is_none() && !ids.contains(&d.id))
                        .collect()
                };
                Some((q, hits))
            }
            None => None,
        };
        let mut units: Vec<Unit> = Vec::new();
        for id in who.units() {
            if let Some(u) = store::units::find(conn, id)? {
                units.push(u);
            }
        }
        let tracks = open_tracks(
            conn,
            challenge.as_ref().map(|c| c.challenge.contest_id),
            now(),
        )?;
        Ok(FormPage {
            challenge,
            units,
            tracks,
            picked,
            unknown,
            found,
            search_error,
        })
    })
}

/// What a unit sends with the form.
#[derive(Debug, Clone, Default)]
pub struct ChallengeForm {
    /// The unit it is for (none: the person's only unit).
    pub unit_id: Option<i32>,
    /// The track, as typed (refused beside its field when not a number).
    pub track_id: String,
    pub input: ChallengeInput,
    /// Dataset values that were not numbers (refused beside the picker).
    pub bad_dataset: bool,
}

/// Everything a form says that the domain does not check itself, into
/// `errors`: the track, the datasets.
fn checked(
    conn: &mut crate::db::DbConn,
    f: &ChallengeForm,
    contest_id: Option<i32>,
    at: NaiveDateTime,
) -> Result<(ChallengeInput, Option<(Contest, Track)>)> {
    let (input, mut errors) = match f.input.clone().checked() {
        Ok(i) => (i, FieldErrors::default()),
        Err(e) => (f.input.clone(), e),
    };
    if f.bad_dataset {
        errors.push("datasets", "error-challenge-unknown-dataset");
    }
    let track = match f.track_id.trim().parse::<i32>() {
        Ok(id) => chosen_track(conn, id, contest_id, at, &mut errors)?,
        Err(_) => {
            errors.push("track_id", "error-challenge-track");
            None
        }
    };
    check_datasets(conn, &input.dataset_ids, &mut errors)?;
    let track = errors.or(track).map_err(Error::from)?;
    Ok((input, track))
}

/// A unit reviewer drafts a challenge for a track that takes challenges; its id.
pub fn create(p: &Portal, who: &Person, f: &ChallengeForm) -> Result<i32> {
    p.transaction(|conn| {
        let unit = gate::drafting_unit(who, f.unit_id)?;
        let at = now();
        let (input, track) = checked(conn, f, None, at)?;
        let (contest, track) =
            track.ok_or_else(|| Error::field("track_id", "error-challenge-track"))?;
        let id = store::challenges::insert(conn, contest.id, track.id, unit, who.id, &input, at)?;
        audit(
            conn,
            who,
            "challenge.create",
            "challenge",
            id,
            json!({ "unit_id": unit, "track_id": track.id }),
        )?;
        Ok(id)
    })
}

/// The unit saves what its challenge says while it is a draft or sent back,
/// if nobody changed it since the form was loaded at `version` (409).
pub fn save(p: &Portal, who: &Person, id: i32, version: i32, f: &ChallengeForm) -> Result<()> {
    p.transaction(|conn| {
        let c = load(conn, id)?;
        gate::unit_owns(who, &c)?;
        gate::unit_may_edit(c.state)?;
        if c.version != version {
            return Err(Error::Stale("error-challenge-stale"));
        }
        let at = now();
        let (input, track) = checked(conn, f, Some(c.contest_id), at)?;
        let (_, track) = track.ok_or_else(|| Error::field("track_id", "error-challenge-track"))?;
        if !store::challenges::update(conn, id, version, track.id, &input, at)? {
            return Err(Error::Stale("error-challenge-stale"));
        }
        Ok(())
    })
}

/// The unit sends its draft (or changed draft) for review; every organiser
/// is told. Refused when it changed since `version` (409).
pub fn submit(p: &Portal, who: &Person, id: i32, version: i32) -> Result<()> {
    p.transaction(|conn| {
        let c = load(conn, id)?;
        gate::unit_owns(who, &c)?;
        let to = transition(c.state, Step::Submit).map_err(Error::WrongState)?;
        if c.version != version {
            return Err(Error::Stale("error-challenge-stale"));
        }
        // What was saved must still hold (a dataset may have gone since).
        let mut errors = FieldErrors::default();
        let ids = store::challenges::dataset_ids(conn, id)?;
        if let Err(e) = c.input(ids.clone()).checked() {
            errors.merge(e);
        }
        check_datasets(conn, &ids, &mut errors)?;
        errors.or(()).map_err(Error::from)?;
        let at = now();
        if !store::challenges::move_state(conn, id, version, c.state, to, who.id, "", at)? {
            return Err(Error::Stale("error-challenge-stale"));
        }
        audit(
            conn,
            who,
            "challenge.submit",
            "challenge",
            id,
            json!({ "from": c.state.as_str(), "to": to.as_str() }),
        )?;
        let placed = placed(conn, c)?;
        super::tell_organisers(conn, p, &placed.challenge, &placed.unit, &placed.track, at)?;
        Ok(())
    })
}
