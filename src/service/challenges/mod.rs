//! Challenges set by business units (出題, issue 20): a unit's reviewers
//! draft a challenge for a track, edit it and send it for review
//! (`draft`); organisers ask for changes, publish or withdraw it (`review`);
//! a published challenge has its public page and is listed on its track's
//! page (`public`). Each use case is one transaction with its gate
//! (`gates::challenges`).

mod draft;
mod public;
mod review;

pub use draft::*;
pub use public::*;
pub use review::*;

// issue 20 (use): what came of a challenge.
pub mod outcome;
pub use outcome::{outcome, register_for_sharing, AnsweringEntry, ArchivedChallenge, Outcome};

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::json;

use crate::db::DbConn;
use crate::domain::challenge::takes_challenges;
use crate::domain::FieldErrors;
use crate::i18n::Lang;
use crate::service::catalog::cards::{cards_of, Card};
use crate::service::{mail, Error, Portal, Result};
use crate::store::catalog::Dataset;
use crate::store::challenges::Challenge;
use crate::store::contests::{Contest, Track};
use crate::store::units::Unit;
use crate::store::{self};

/// The notification kind of a challenge's review steps (sent for review,
/// changes asked for, published).
pub const KIND_REVIEW: &str = "challenge-review";

/// A catalogue dataset a challenge recommends (or a unit has picked), with
/// its fitness card.
#[derive(Debug, Clone)]
pub struct Picked {
    pub dataset: Dataset,
    pub card: Card,
}

/// A challenge with what its pages name: its contest, track and unit.
#[derive(Debug, Clone)]
pub struct Placed {
    pub challenge: Challenge,
    pub contest: Contest,
    pub track: Track,
    pub unit: Unit,
}

/// The challenge `id`, or 404.
pub(crate) fn load(conn: &mut DbConn, id: i32) -> Result<Challenge> {
    store::challenges::find(conn, id)?.ok_or(Error::NotFound)
}

/// `c` with its contest, track and unit.
pub(crate) fn placed(conn: &mut DbConn, c: Challenge) -> Result<Placed> {
    let track = store::contests::find_track(conn, c.track_id)?.ok_or(Error::NotFound)?;
    let contest = store::contests::find(conn, c.contest_id)?.ok_or(Error::NotFound)?;
    let unit = store::units::find(conn, c.unit_id)?.ok_or(Error::NotFound)?;
    Ok(Placed {
        challenge: c,
        contest,
        track,
        unit,
    })
}

/// Many challenges placed, reading each contest, track and unit once.
pub(crate) fn placed_many(conn: &mut DbConn, list: Vec<Challenge>) -> Result<Vec<Placed>> {
    let mut contest_ids: Vec<i32> = list.iter().map(|c| c.contest_id).collect();
    contest_ids.sort_unstable();
    contest_ids.dedup();
    let tracks: HashMap<i32, Track> = store::contests::tracks_of_many(conn, &contest_ids)?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let contests: HashMap<i32, Contest> = store::contests::list_all(conn)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let units: HashMap<i32, Unit> = store::units::list(conn)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(list
        .into_iter()
        .filter_map(|c| {
            Some(Placed {
                contest: contests.get(&c.contest_id)?.clone(),
                track: tracks.get(&c.track_id)?.clone(),
                unit: units.get(&c.unit_id)?.clone(),
                challenge: c,
            })
        })
        .collect())
}

/// The catalogue datasets of `ids` in that order with their cards, and the
/// ids the catalogue does not have.
pub(crate) fn picked(conn: &mut DbConn, ids: &[i32]) -> Result<(Vec<Picked>, Vec<i32>)> {
    if ids.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let found = store::catalog::find_many(conn, ids)?;
    let mut cards = cards_of(conn, &found)?;
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match found.iter().find(|d| d.id == *id) {
            Some(d) => out.push(Picked {
                card: cards.remove(&d.id).unwrap_or_else(|| {
                    crate::service::catalog::cards::card_of(d, None, crate::service::now())
                }),
                dataset: d.clone(),
            }),
            None => unknown.push(*id),
        }
    }
    Ok((out, unknown))
}

/// The tracks that take challenges now (`domain::challenge::takes_challenges`),
/// newest contest first, with their contests; only those of `contest_id`
/// when given (a challenge stays in its contest).
pub(crate) fn open_tracks(
    conn: &mut DbConn,
    contest_id: Option<i32>,
    at: NaiveDateTime,
) -> Result<Vec<(Contest, Track)>> {
    let contests: Vec<Contest> = store::contests::list_all(conn)?
        .into_iter()
        .filter(|c| contest_id.is_none_or(|id| id == c.id))
        .filter(|c| takes_challenges(c.results_at, false, at))
        .collect();
    let ids: Vec<i32> = contests.iter().map(|c| c.id).collect();
    let tracks = store::contests::tracks_of_many(conn, &ids)?;
    let mut out = Vec::new();
    for c in &contests {
        for t in tracks.iter().filter(|t| t.contest_id == c.id) {
            if takes_challenges(c.results_at, t.results_published_at.is_some(), at) {
                out.push((c.clone(), t.clone()));
            }
        }
    }
    Ok(out)
}

/// The track a unit chose, if it takes challenges now (and is of
/// `contest_id` when given); else the refusal beside the track field.
pub(crate) fn chosen_track(
    conn: &mut DbConn,
    track_id: i32,
    contest_id: Option<i32>,
    at: NaiveDateTime,
    errors: &mut FieldErrors,
) -> Result<Option<(Contest, Track)>> {
    let found = open_tracks(conn, contest_id, at)?
        .into_iter()
        .find(|(_, t)| t.id == track_id);
    if found.is_none() {
        errors.push("track_id", "error-challenge-track");
    }
    Ok(found)
}

/// Refuses recommended datasets the catalogue does not have (or has lost).
pub(crate) fn check_datasets(
    conn: &mut DbConn,
    ids: &[i32],
    errors: &mut FieldErrors,
) -> Result<()> {
    if errors.has("datasets") {
        return Ok(());
    }
    let known = store::challenges::known_datasets(conn, ids)?;
    if ids.iter().any(|id| !known.contains(id)) {
        errors.push("datasets", "error-challenge-unknown-dataset");
    }
    Ok(())
}

/// What notifications say of a challenge: its title and unit in both languages.
fn about(c: &Challenge, unit: &Unit, track: &Track, link: String) -> serde_json::Value {
    json!({
        "title": mail::in_langs(&c.title_zh, &c.title_en),
        "unit": mail::in_langs(&unit.name_zh, &unit.name_en),
        "track": mail::track_name(track),
        "link": link,
    })
}

/// Tells every organiser that `c` was sent for review.
pub(crate) fn tell_organisers(
    conn: &mut DbConn,
    p: &Portal,
    c: &Challenge,
    unit: &Unit,
    track: &Track,
    at: NaiveDateTime,
) -> Result<()> {
    let page = format!("/organise/challenges/{}", c.id);
    let data = about(c, unit, track, p.config.absolute_url(&page));
    for (_, email, locale) in store::users::organisers(conn)? {
        mail::notify(
            conn,
            p,
            &email,
            Lang::from_code(&locale).unwrap_or_default(),
            KIND_REVIEW,
            "emails/challenge_submitted",
            "mail-challenge-submitted-subject",
            data.clone(),
            &page,
            at,
        )?;
    }
    Ok(())
}

/// Tells the unit's reviewers what the organisers did with `c`: asked for
/// changes (with `note`) or published it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tell_unit(
    conn: &mut DbConn,
    p: &Portal,
    c: &Challenge,
    unit: &Unit,
    track: &Track,
    published: bool,
    note: &str,
    at: NaiveDateTime,
) -> Result<()> {
    let page = format!("/unit/challenges/{}", c.id);
    let mut data = about(c, unit, track, p.config.absolute_url(&page));
    data["published"] = json!(published);
    data["note"] = json!(note);
    let subject = if published {
        "mail-challenge-published-subject"
    } else {
        "mail-challenge-changes-subject"
    };
    for (_, email, locale) in store::requests::unit_reviewers(conn, unit.id)? {
        mail::notify(
            conn,
            p,
            &email,
            Lang::from_code(&locale).unwrap_or_default(),
            KIND_REVIEW,
            "emails/challenge_reviewed",
            subject,
            data.clone(),
            &page,
            at,
        )?;
    }
    Ok(())
}
