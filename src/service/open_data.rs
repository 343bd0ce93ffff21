//! The open-data files read what an anonymous visitor reads on the public
//! pages: published results, the public request board and its timeline.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::domain::open_data::{RequestRow, ResultRow};
use crate::service::contests::published_winners;
use crate::service::gates;
use crate::service::requests::{public_filter, shown_teams};
use crate::service::{now, Portal, Result};
use crate::store::requests::{Event, Reason, Request};
use crate::store::units::Unit;
use crate::store::{self, PageRequest};

/// Requests read per query while the whole board is gathered.
const REQUESTS_PER_QUERY: i64 = 200;

/// The rows of a file and when they were read.
pub struct Rows<R> {
    pub rows: Vec<R>,
    pub generated: NaiveDateTime,
}

/// Every awarded entry of every published track of the contests anyone may
/// see (of `year` only, when given), newest contest first: what the public
/// track pages show, through the same `published_winners`.
pub fn results(p: &Portal, year: Option<i32>) -> Result<Rows<ResultRow>> {
    p.read(|conn| {
        let contests: Vec<_> = store::contests::list_published(conn)?
            .into_iter()
            .filter(|c| year.is_none_or(|y| c.year == y))
            .filter(|c| gates::contests::may_see(None, c).is_ok())
            .collect();
        let contest_ids: Vec<i32> = contests.iter().map(|c| c.id).collect();
        let tracks = store::contests::tracks_of_many(conn, &contest_ids)?;
        // Newest contest first, each contest's tracks in its order.
        let mut ordered = Vec::with_capacity(tracks.len());
        for c in &contests {
            ordered.extend(tracks.iter().filter(|t| t.contest_id == c.id).cloned());
        }
        let track_ids: Vec<i32> = ordered.iter().map(|t| t.id).collect();
        let prizes = store::contests::prizes_of(conn, &track_ids)?;
        let winners = published_winners(conn, &ordered, &prizes)?;
        let rows = winners
            .into_iter()
            .filter_map(|w| {
                let track = ordered.iter().find(|t| t.id == w.track_id)?;
                let contest = contests.iter().find(|c| c.id == track.contest_id)?;
                Some(ResultRow {
                    contest_year: contest.year,
                    contest_title: contest.title.clone(),
                    contest_title_en: contest.title_en.clone(),
                    track_id: track.id,
                    track: track.name.clone(),
                    track_en: track.name_en.clone(),
                    award: w
                        .prize
                        .as_ref()
                        .map(|p| p.rank_label.clone())
                        .unwrap_or_default(),
                    award_en: w
                        .prize
                        .as_ref()
                        .map(|p| p.rank_label_en.clone())
                        .unwrap_or_default(),
                    prize_amount: w.prize.as_ref().map(|p| p.amount),
                    entry_id: w.entry_id,
                    team: w.team,
                    schools: w.schools,
                    title: w.title,
                    abstract_: w.abstract_,
                    demo_url: w.demo_url,
                    dataset_ids: w.datasets.iter().map(|d| d.0.clone()).collect(),
                    dataset_titles: w.datasets.iter().map(|d| d.1.clone()).collect(),
                    published_at: track.results_published_at?,
                    url: p.config.absolute_url(&format!(
                        "/contests/{}/tracks/{}/winners/{}",
                        contest.year, track.id, w.entry_id
                    )),
                })
            })
            .collect();
        Ok(Rows {
            rows,
            generated: now(),
        })
    })
}

/// Every request on the public board, newest first, as its public page
/// shows it: no requester, the team only when its requester chose so.
pub fn requests(p: &Portal) -> Result<Rows<RequestRow>> {
    p.read(|conn| {
        let filter = public_filter();
        let units = store::units::list(conn)?;
        let reasons = store::requests::reasons(conn)?;
        let mut rows = Vec::new();
        let mut page = 1;
        loop {
            let list = store::requests::list(
                conn,
                &filter,
                PageRequest::new(Some(page), REQUESTS_PER_QUERY),
            )?;
            let visible: Vec<Request> = list
                .items
                .into_iter()
                .filter(|r| gates::requests::may_see(None, r).is_ok())
                .collect();
            let ids: Vec<i32> = visible.iter().map(|r| r.id).collect();
            let followers: HashMap<i32, i64> = store::requests::follower_counts(conn, &ids)?
                .into_iter()
                .collect();
            let teams = shown_teams(conn, &visible)?;
            for r in visible {
                rows.push(request_row(p, &r, &units, &reasons, &followers, &teams));
            }
            if page * REQUESTS_PER_QUERY >= list.total {
                break;
            }
            page += 1;
        }
        Ok(Rows {
            rows,
            generated: now(),
        })
    })
}

fn request_row(
    p: &Portal,
    r: &Request,
    units: &[Unit],
    reasons: &[Reason],
    followers: &HashMap<i32, i64>,
    teams: &HashMap<i32, String>,
) -> RequestRow {
    let unit = units.iter().find(|u| Some(u.id) == r.unit_id);
    RequestRow {
        id: r.id,
        url: p.config.absolute_url(&format!("/requests/{}", r.id)),
        title: r.title.clone(),
        description: r.description.clone(),
        fields: r.fields.clone(),
        purpose: r.purpose.clone(),
        preferred_format: r.preferred_format.clone(),
        needed_by: r.needed_by,
        state: r.state.as_str(),
        unit: unit.map(|u| u.name_zh.clone()),
        unit_en: unit.map(|u| u.name_en.clone()),
        team: teams.get(&r.id).cloned(),
        filed_at: r.created_at,
        routed_on: r.routed_on,
        due_on: r.due_on,
        expected_on: r.expected_on,
        answered_at: r.answered_at,
        answered_working_days: r.answered_days,
        answered_in_time: r.answered_in_time,
        reason_code: r.reason_code.clone(),
        reason: r.reason_code.as_ref().and_then(|code| {
            reasons
                .iter()
                .find(|x| &x.code == code)
                .map(|x| x.label_zh.clone())
        }),
        dataset_id: r.dataset_id.clone(),
        duplicate_of: r.duplicate_of,
        followers: followers.get(&r.id).copied().unwrap_or(0),
        updated_at: r.updated_at,
    }
}

/// The newest changes on the public board, for its Atom feed.
pub struct BoardUpdates {
    /// Newest first: the request as it is now, and the timeline event.
    pub updates: Vec<(Request, Event)>,
    pub units: Vec<Unit>,
    pub reasons: Vec<Reason>,
    pub generated: NaiveDateTime,
}

/// The `limit` newest timeline events of the requests anyone may see (their
/// public pages show every event of their timeline).
pub fn board_updates(p: &Portal, limit: usize) -> Result<BoardUpdates> {
    p.read(|conn| {
        let filter = public_filter();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let events = store::requests::latest_events(conn, &filter.hide_states, limit)?;
        let mut ids: Vec<i32> = events.iter().map(|(r, _)| *r).collect();
        ids.sort_unstable();
        ids.dedup();
        let requests: HashMap<i32, Request> = store::requests::find_many(conn, &ids)?
            .into_iter()
            .filter(|r| gates::requests::may_see(None, r).is_ok())
            .map(|r| (r.id, r))
            .collect();
        let updates = events
            .into_iter()
            .filter_map(|(id, e)| Some((requests.get(&id)?.clone(), e)))
            .collect();
        Ok(BoardUpdates {
            updates,
            units: store::units::list(conn)?,
            reasons: store::requests::reasons(conn)?,
            generated: now(),
        })
    })
}
