//! The public contest pages: drafts are visible to organisers only, and a
//! track's winners once its results are published.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;

use super::open_now;
use crate::db::DbConn;
use crate::service::changes::Area;
use crate::service::gates::contests as gate;
use crate::service::teams::school_lines;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::contests::{Contest, Prize, Track};
use crate::store::units::Unit;
use crate::store::{self};

/// The home page: the current contest (the newest published) and its
/// tracks, and the signed-in person's own work first.
pub struct Home {
    pub current: Option<(Contest, Vec<Track>)>,
    pub work: Option<crate::service::home::Work>,
    pub at: NaiveDateTime,
}

pub fn home(p: &Portal, viewer: Option<&Person>) -> Result<Home> {
    p.read(|conn| {
        let current = p.current_contest.read(p, conn)?.as_ref().clone();
        let work = match viewer {
            Some(who) => Some(crate::service::home::work(p, conn, who, current.as_ref())?),
            None => None,
        };
        Ok(Home {
            current,
            work,
            at: now(),
        })
    })
}

/// The current contest (the newest published) with its tracks, as this
/// replica last read them: kept while the public pages' contests counter
/// stands (every change to a contest or track raises it) and was read
/// lately, else read afresh.
#[derive(Default)]
pub struct CurrentContest {
    last: Mutex<Option<(i64, Arc<Current>)>>,
}

/// The newest published contest with its tracks, if there is one.
pub type Current = Option<(Contest, Vec<Track>)>;

impl CurrentContest {
    pub fn read(&self, p: &Portal, conn: &mut DbConn) -> Result<Arc<Current>> {
        // The counter is taken before the rows: a change committed in between
        // is in the rows, and the next poll moves the counter past their tag.
        let counter = p
            .changes
            .trusted(Area::Contests, p.config.render_cache_poll_ms);
        if let Some(counter) = counter {
            let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((tag, kept)) = last.as_ref() {
                if *tag == counter {
                    return Ok(kept.clone());
                }
            }
        }
        let current = Arc::new(match store::contests::current(conn)? {
            Some(c) => {
                let tracks = store::contests::tracks_of(conn, c.id)?;
                Some((c, tracks))
            }
            None => None,
        });
        if let Some(counter) = counter {
            // A slower reader never replaces what one that saw a later
            // counter kept.
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.as_ref().is_none_or(|(tag, _)| *tag <= counter) {
                *last = Some((counter, current.clone()));
            }
        }
        Ok(current)
    }
}

/// Every published contest, newest first.
pub struct Archive {
    pub contests: Vec<Contest>,
    pub at: NaiveDateTime,
    /// Each contest's published challenges (出題) and what answered them.
    pub challenges: HashMap<i32, Vec<crate::service::challenges::ArchivedChallenge>>,
}

pub fn archive(p: &Portal) -> Result<Archive> {
    p.read(|conn| {
        let contests = store::contests::list_published(conn)?;
        let ids: Vec<i32> = contests.iter().map(|c| c.id).collect();
        Ok(Archive {
            challenges: crate::service::challenges::outcome::archived(conn, &ids)?,
            contests,
            at: now(),
        })
    })
}

/// A published contest by its year, or a draft for organisers; else 404.
fn visible(conn: &mut DbConn, viewer: Option<&Person>, year: i32) -> Result<Contest> {
    let c = store::contests::find_by_year(conn, year)?.ok_or(Error::NotFound)?;
    gate::may_see(viewer, &c)?;
    Ok(c)
}

/// A contest's page: its timeline, tracks with rules and prizes.
pub struct ContestPage {
    pub contest: Contest,
    pub tracks: Vec<Track>,
    pub prizes: Vec<Prize>,
    pub units: Vec<Unit>,
    /// Some track is open for registration now.
    pub registration_open: bool,
    pub at: NaiveDateTime,
}

pub fn contest_page(p: &Portal, viewer: Option<&Person>, year: i32) -> Result<ContestPage> {
    p.read(|conn| {
        let contest = visible(conn, viewer, year)?;
        let tracks = store::contests::tracks_of(conn, contest.id)?;
        let ids: Vec<i32> = tracks.iter().map(|t| t.id).collect();
        let at = now();
        Ok(ContestPage {
            registration_open: !open_now(&contest, &tracks, at).is_empty(),
            prizes: store::contests::prizes_of(conn, &ids)?,
            units: store::units::list(conn)?,
            contest,
            tracks,
            at,
        })
    })
}

/// A winner as the public pages show it.
pub struct Winner {
    pub track_id: i32,
    pub entry_id: i32,
    pub prize: Option<Prize>,
    pub team: String,
    /// "School department" of the team's current members, each once.
    pub schools: Vec<String>,
    pub title: String,
    pub abstract_: String,
    pub demo_url: String,
    /// The datasets the entry used: id, title, publisher.
    pub datasets: Vec<(String, String, String)>,
}

/// A track's page: theme, rules, prizes, and its winners once published.
pub struct TrackPage {
    pub contest: Contest,
    pub track: Track,
    pub prizes: Vec<Prize>,
    pub units: Vec<Unit>,
    pub winners: Vec<Winner>,
    /// Catalogue datasets organisers recommend for it (issue 15), by title.
    pub recommended: Vec<store::themes::Recommended>,
    /// The track is open for registration now.
    pub registration_open: bool,
    pub at: NaiveDateTime,
    /// Its published challenges (issue 20).
    pub challenges: Vec<crate::service::challenges::Listed>,
}

fn track_of(conn: &mut DbConn, contest: &Contest, track_id: i32) -> Result<Track> {
    store::contests::find_track(conn, track_id)?
        .filter(|t| t.contest_id == contest.id)
        .ok_or(Error::NotFound)
}

pub fn track_page(
    p: &Portal,
    viewer: Option<&Person>,
    year: i32,
    track_id: i32,
) -> Result<TrackPage> {
    p.read(|conn| {
        let contest = visible(conn, viewer, year)?;
        let track = track_of(conn, &contest, track_id)?;
        let prizes = store::contests::prizes_of(conn, &[track_id])?;
        let at = now();
        Ok(TrackPage {
            registration_open: open_now(&contest, std::slice::from_ref(&track), at)
                .contains(&track.id),
            winners: published_winners(conn, std::slice::from_ref(&track), &prizes)?,
            recommended: store::themes::recommended_for(conn, track_id)?,
            challenges: crate::service::challenges::listed_for_track(conn, track_id)?,
            units: store::units::list(conn)?,
            contest,
            track,
            prizes,
            at,
        })
    })
}

/// One winner on one page, for printing in the ministry's briefing.
pub struct WinnerPage {
    pub contest: Contest,
    pub track: Track,
    pub winner: Winner,
    pub at: NaiveDateTime,
}

/// 404 until the track's results are published, and for an entry that won nothing.
pub fn winner(
    p: &Portal,
    viewer: Option<&Person>,
    year: i32,
    track_id: i32,
    entry_id: i32,
) -> Result<WinnerPage> {
    p.read(|conn| {
        let contest = visible(conn, viewer, year)?;
        let track = track_of(conn, &contest, track_id)?;
        let prizes = store::contests::prizes_of(conn, &[track_id])?;
        let winner = published_winners(conn, std::slice::from_ref(&track), &prizes)?
            .into_iter()
            .find(|w| w.entry_id == entry_id)
            .ok_or(Error::NotFound)?;
        Ok(WinnerPage {
            contest,
            track,
            winner,
            at: now(),
        })
    })
}

/// The published winners of `tracks`, track by track in the order given,
/// each track's in prize-table order (`prizes`: those of the tracks). A
/// track whose results are not published has none: the one rule for what
/// the public results pages and the open-data files show.
pub(crate) fn published_winners(
    conn: &mut DbConn,
    tracks: &[Track],
    prizes: &[Prize],
) -> Result<Vec<Winner>> {
    let published: Vec<i32> = tracks
        .iter()
        .filter(|t| t.results_published_at.is_some())
        .map(|t| t.id)
        .collect();
    if published.is_empty() {
        return Ok(Vec::new());
    }
    let mut awards = store::awards::of_tracks(conn, &published)?;
    let track_position = |t: i32| published.iter().position(|x| *x == t).unwrap_or(usize::MAX);
    let prize_position = |p: i32| prizes.iter().position(|x| x.id == p).unwrap_or(usize::MAX);
    awards.sort_by_key(|(t, e, p)| (track_position(*t), prize_position(*p), *e));
    let entry_ids: Vec<i32> = awards.iter().map(|(_, e, _)| *e).collect();
    // Every winner's entry, team, members and datasets in one query each.
    let datasets = store::entries::datasets_of(conn, &entry_ids)?;
    let entries = store::entries::find_many(conn, &entry_ids)?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let names: HashMap<i32, String> = store::teams::names(conn, &team_ids)?.into_iter().collect();
    let members = store::teams::members(conn, &team_ids)?;
    let mut out = Vec::new();
    for (track_id, entry_id, prize_id) in awards {
        let Some(e) = entries.iter().find(|e| e.id == entry_id) else {
            continue;
        };
        let Some(team) = names.get(&e.team_id) else {
            continue;
        };
        let mine: Vec<_> = members
            .iter()
            .filter(|m| m.team_id == e.team_id)
            .cloned()
            .collect();
        out.push(Winner {
            track_id,
            entry_id,
            prize: prizes.iter().find(|p| p.id == prize_id).cloned(),
            team: team.clone(),
            schools: school_lines(&mine),
            title: e.title.clone(),
            abstract_: e.abstract_.clone(),
            demo_url: e.demo_url.clone(),
            datasets: datasets
                .iter()
                .filter(|d| d.0 == entry_id)
                .map(|d| (d.1.clone(), d.5.clone(), d.2.clone()))
                .collect(),
        });
    }
    Ok(out)
}
