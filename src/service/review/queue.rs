//! The reviewers' overview of tracks and the queue of one track.

use std::sync::Arc;

use chrono::NaiveDateTime;

use super::{failing_entries, one_track, rows_for, standings_of, state_counts, PRECHECK_FAILING};
use crate::domain::eligibility::{review_open, review_opens_at, ReviewState};
use crate::service::entries::Prechecked;
use crate::service::gates::review as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::eligibility::DecisionRow;
use crate::store::{self, contests::Contest, contests::Track, entries::Entry};
use crate::store::{PageRequest, Paged};

/// A track in the overview, and whether its review is open.
pub struct TrackLine {
    pub track: Track,
    pub open: bool,
    /// When the review opens (none while no submission deadline is set).
    pub opens_at: Option<NaiveDateTime>,
}

/// Every contest with its tracks, for reviewers.
pub fn overview(p: &Portal, who: &Person) -> Result<Vec<(Contest, Vec<TrackLine>)>> {
    gate::reviewer(who)?;
    let at = now();
    p.read(|conn| {
        let mut out = Vec::new();
        for c in store::contests::list_all(conn)? {
            let tracks = store::contests::tracks_of(conn, c.id)?
                .into_iter()
                .map(|track| TrackLine {
                    open: review_open(c.submission_deadline_at, track.submission_deadline_at, at),
                    opens_at: review_opens_at(
                        c.submission_deadline_at,
                        track.submission_deadline_at,
                    ),
                    track,
                })
                .collect();
            out.push((c, tracks));
        }
        Ok(out)
    })
}

/// One submitted entry in the queue.
pub struct QueueRow {
    pub entry: Entry,
    pub team: String,
    pub state: ReviewState,
    pub precheck: Arc<Prechecked>,
    /// The current decision, if any.
    pub decision: Option<DecisionRow>,
}

/// A track's queue.
pub struct Queue {
    pub contest: Contest,
    pub track: Track,
    /// When the review opens (`domain::eligibility::review_opens_at`).
    pub opens_at: Option<NaiveDateTime>,
    /// Entries in the review, whatever the filter.
    pub total: usize,
    /// The page of entries the filter shows; none until the review has opened.
    pub rows: Option<Paged<QueueRow>>,
}

/// The queue of track `track_id`, for reviewers: the entries shown under
/// `filter` (`ReviewState::shown_under`), 50 a page. Where each entry
/// stands is decided, counted and paged in the database
/// (`store::review`); entries, names, decisions and pre-checks are read for
/// the page only, except under the pre-check filter, which needs every
/// entry's pre-check (one grouped pass).
pub fn queue(
    p: &Portal,
    who: &Person,
    track_id: i32,
    filter: &str,
    page: Option<i64>,
) -> Result<Queue> {
    gate::reviewer(who)?;
    let at = now();
    let page = PageRequest::new(page, 50);
    p.read(|conn| {
        let track = store::contests::find_track(conn, track_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
        let open = review_open(
            contest.submission_deadline_at,
            track.submission_deadline_at,
            at,
        );
        let (mut total, mut rows) = (0, None);
        if open {
            let scope = one_track(&contest, &track, at);
            let kept = state_counts(p, conn, contest.id, &[track.id], at)?;
            let counts = &kept.counts;
            total = counts.iter().map(|c| c.n as usize).sum();
            let (items, shown) = if filter == PRECHECK_FAILING {
                // The failing entries as kept (found afresh only after a
                // change), then the page's rows alone.
                let failing = failing_entries(p, conn, contest.id, track.id, at)?;
                let shown = failing.lines.len();
                let page_of = standings_of(conn, one_page(&failing.lines, page))?;
                (rows_for(p, conn, &track, page_of)?, shown)
            } else {
                let states = ReviewState::shown_states(filter);
                let shown = match &states {
                    Some(list) => counts
                        .iter()
                        .filter(|c| list.contains(&c.state))
                        .map(|c| c.n as usize)
                        .sum(),
                    None => total,
                };
                let lines = store::review::lines(
                    conn,
                    &scope,
                    states.as_deref(),
                    Some((page.offset(), page.per_page)),
                )?;
                let page_of = standings_of(conn, lines.iter().map(|l| (l.id, l.state)).collect())?;
                (rows_for(p, conn, &track, page_of)?, shown)
            };
            rows = Some(Paged {
                items,
                total: shown as i64,
                page: page.page,
                per_page: page.per_page,
            });
        }
        Ok(Queue {
            opens_at: review_opens_at(contest.submission_deadline_at, track.submission_deadline_at),
            contest,
            track,
            total,
            rows,
        })
    })
}

fn one_page<T: Clone>(items: &[T], page: PageRequest) -> Vec<T> {
    items
        .iter()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .cloned()
        .collect()
}
