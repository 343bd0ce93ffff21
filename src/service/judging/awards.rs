//! Awards from a track's prize table, given by the deciding round's ranking,
//! and publishing the results (or withdrawing them).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::json;

use super::{heavy, ranking, track, Board, Ranking, Scope};
use crate::db::DbConn;
use crate::domain::judging::{self, Round};
use crate::service::changes::{self, Area};
use crate::service::gates::judging as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, contests::Prize};

/// What the awards page shows.
pub struct AwardsPage {
    /// The deciding round's ranking.
    pub ranking: Ranking,
    pub prizes: Vec<Prize>,
    /// (entry, prize) as saved.
    pub given: Vec<(i32, i32)>,
    pub published: Option<NaiveDateTime>,
    /// Why publishing now is refused (judging has not opened), if it is.
    pub refused: Option<&'static str>,
    /// The contest's results date, when publishing now would come before it.
    pub early: Option<NaiveDateTime>,
}

/// Whether the track's results may be published now: refused before its
/// contest's judging opened; the results date when it is still ahead.
fn timing(
    conn: &mut DbConn,
    track: &store::contests::Track,
) -> Result<std::result::Result<Option<NaiveDateTime>, &'static str>> {
    let c = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
    Ok(judging::publish_timing(
        c.judging_starts_at,
        c.results_at,
        now(),
    ))
}

/// The round whose ranking decides the awards.
fn deciding_round(conn: &mut DbConn, track_id: i32) -> Result<Round> {
    let advanced = !store::finals::of_track(conn, track_id)?.is_empty();
    Ok(judging::deciding_round(advanced))
}

pub async fn awards_page(p: &Portal, who: &Person, track_id: i32) -> Result<AwardsPage> {
    gate::organiser(who)?;
    heavy(p, move |p| {
        p.read(|conn| {
            let round = deciding_round(conn, track_id)?;
            let t = track(conn, track_id)?;
            let when = timing(conn, &t)?;
            Ok(AwardsPage {
                refused: when.err(),
                early: when.ok().flatten(),
                ranking: ranking::load(conn, track_id, round, None)?,
                prizes: store::contests::prizes_of(conn, &[track_id])?,
                given: store::awards::of_track(conn, track_id)?,
                published: store::awards::published_at(conn, track_id)?,
            })
        })
    })
    .await
}

/// Saves the awards as chosen: (entry, prize id as typed, empty for none).
/// Only entries of the deciding round win, each prize goes to no more
/// entries than the prize table says, and published results stay as they
/// are until withdrawn (422, the choices kept).
pub fn save_awards(
    p: &Portal,
    who: &Person,
    track_id: i32,
    wanted: &[(i32, String)],
) -> Result<()> {
    gate::organiser(who)?;
    let refused = |m| Error::field("form", m);
    p.transaction(|conn| {
        track(conn, track_id)?;
        let published = store::awards::published_at(conn, track_id)?.is_some();
        judging::awards_may_change(published).map_err(refused)?;
        let round = deciding_round(conn, track_id)?;
        let b = Board::load(conn, track_id, round, Scope::Entries)?;
        let prizes = store::contests::prizes_of(conn, &[track_id])?;
        let mut given = Vec::new();
        for (entry, prize) in wanted.iter().filter(|(_, p)| !p.is_empty()) {
            let prize = prize
                .parse::<i32>()
                .ok()
                .filter(|id| prizes.iter().any(|p| p.id == *id))
                .ok_or(Error::NotFound)?;
            if b.entry(*entry).is_none() {
                return Err(Error::NotFound);
            }
            given.push((*entry, prize));
        }
        let places: HashMap<i32, i32> = prizes.iter().map(|p| (p.id, p.winners)).collect();
        judging::awards_within_prizes(&given, &places).map_err(refused)?;
        given.sort();
        store::awards::replace(conn, track_id, &given, now())?;
        changes::mark(&[Area::Contests]);
        audit(
            conn,
            who,
            "awards.save",
            "track",
            track_id,
            json!({ "awards": given }),
        )
    })
}

/// Publishes a track's results (only with at least one award, once judging
/// opened, and once the organiser confirmed they checked the ranking), or
/// withdraws them. On the first publishing every team of the track is told
/// its result; publishing again (a second click, another replica, after a
/// withdrawal) tells no one twice.
pub fn publish_results(
    p: &Portal,
    who: &Person,
    track_id: i32,
    publish: bool,
    confirmed: bool,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let t = track(conn, track_id)?;
        let at = now();
        if publish {
            timing(conn, &t)?.map_err(Error::Refused)?;
            let awards = store::awards::of_track(conn, track_id)?.len();
            judging::may_publish(awards).map_err(Error::Refused)?;
            if !confirmed {
                return Err(Error::field("confirm", "error-publish-confirm"));
            }
        }
        store::awards::set_published(conn, track_id, publish.then_some(at))?;
        changes::mark(&[Area::Contests]);
        if publish {
            let t = track(conn, track_id)?;
            super::results::tell_teams(conn, p, &t, at)?;
            // Units with a published challenge on the track: once each.
            crate::service::challenges::outcome::tell_units(conn, p, &t, at)?;
        }
        audit(
            conn,
            who,
            if publish {
                "results.publish"
            } else {
                "results.withdraw"
            },
            "track",
            track_id,
            json!({}),
        )
    })
}
