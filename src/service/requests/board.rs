//! Reading requests: the public board, one request's page with what the
//! viewer may do on it, the organisers' and units' queues.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::shown_teams;
use crate::domain::calendar::Calendar;
use crate::domain::data_request::{self as dr, Action, Actor, State};
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::gates::requests as gate;
use crate::service::{Error, Person, Portal, Result};
use crate::store::requests::{Comment, Event, Filter, Reason, Request, Span};
use crate::store::units::Unit;
use crate::store::{self, PageRequest, Paged};

/// What the board is filtered by.
#[derive(Debug, Default, Clone)]
pub struct BoardFilter {
    pub q: String,
    pub state: Option<State>,
    pub unit_id: Option<i32>,
    /// Only the viewer's own requests (withdrawn ones included).
    pub mine: bool,
    pub page: Option<i64>,
}

/// One page of the board, with what each line shows.
pub struct Board {
    pub list: Paged<Request>,
    pub followers: HashMap<i32, i64>,
    pub teams: HashMap<i32, String>,
    pub calendar: Arc<Calendar>,
    pub units: Vec<Unit>,
    /// Whether the list is the viewer's own.
    pub mine: bool,
    /// What was wrong with the search words (then they are left out).
    pub errors: FieldErrors,
}

/// What everyone may see of the board: every request but the withdrawn ones
/// (each still passes `gates::requests::may_see`).
pub(crate) fn public_filter() -> Filter {
    Filter {
        hide_states: vec![State::Withdrawn],
        ..Default::default()
    }
}

pub fn board(p: &Portal, viewer: Option<&Person>, f: BoardFilter) -> Result<Board> {
    let me = viewer.map(|v| v.id);
    let mine = f.mine && me.is_some();
    let mut errors = FieldErrors::default();
    if let Some(message) = text::refusal(&f.q, Kind::Line) {
        errors.push("q", message);
    }
    // A withdrawn request stays visible to its requester only.
    let base = if mine {
        Filter::default()
    } else {
        public_filter()
    };
    let filter = Filter {
        q: if errors.is_empty() {
            f.q.chars().take(100).collect()
        } else {
            String::new()
        },
        state: f.state,
        unit_id: f.unit_id,
        requester_id: if mine { me } else { None },
        ..base
    };
    let page = PageRequest::new(f.page, 20);
    p.read(|conn| {
        let list = store::requests::list(conn, &filter, page)?;
        let ids: Vec<i32> = list.items.iter().map(|r| r.id).collect();
        Ok(Board {
            followers: store::requests::follower_counts(conn, &ids)?
                .into_iter()
                .collect(),
            teams: shown_teams(conn, &list.items)?,
            calendar: crate::service::calendar::kept(p, conn)?,
            units: store::units::list(conn)?,
            list,
            mine,
            errors,
        })
    })
}

/// One request as its page shows it to this viewer.
pub struct Page {
    pub request: Request,
    pub calendar: Arc<Calendar>,
    pub units: Vec<Unit>,
    pub events: Vec<Event>,
    pub comments: Vec<Comment>,
    pub spans: Vec<Span>,
    pub reasons: Vec<Reason>,
    pub followers: i64,
    pub following: bool,
    pub team: Option<String>,
    pub dataset_title: Option<String>,
    /// Who the viewer is to the request, and what they may do on it now.
    pub roles: Vec<Actor>,
    pub actions: Vec<Action>,
    /// The published challenge (出題) the request serves.
    pub challenge: Option<crate::store::challenges::Challenge>,
}

impl Page {
    pub fn may(&self, action: Action) -> bool {
        self.actions.contains(&action)
    }

    /// Hidden comments are shown only to organisers.
    pub fn sees_hidden_comments(&self) -> bool {
        self.roles.contains(&Actor::Organiser)
    }

    pub fn may_comment(&self) -> bool {
        !self.roles.is_empty() && self.request.state != State::Withdrawn
    }
}

pub fn page(p: &Portal, viewer: Option<&Person>, id: i32) -> Result<Page> {
    p.read(|conn| {
        let r = store::requests::find(conn, id)?.ok_or(crate::service::Error::NotFound)?;
        gate::may_see(viewer, &r)?;
        let roles = gate::roles_on(viewer, &r);
        let following = match viewer {
            Some(v) => store::requests::is_following(conn, id, v.id)?,
            None => false,
        };
        let dataset_title = match &r.dataset_id {
            Some(d) => store::catalog::find_by_source_id(conn, d)?.map(|d| d.title),
            None => None,
        };
        let challenge = match r.challenge_id {
            Some(c) => store::challenges::find(conn, c)?.filter(|c| c.state.is_public()),
            None => None,
        };
        Ok(Page {
            challenge,
            calendar: crate::service::calendar::kept(p, conn)?,
            units: store::units::list(conn)?,
            events: store::requests::events(conn, id)?,
            comments: store::requests::comments(conn, id)?,
            spans: store::requests::spans(conn, id)?,
            reasons: store::requests::reasons(conn)?,
            followers: store::requests::follower_counts(conn, &[id])?
                .first()
                .map(|c| c.1)
                .unwrap_or(0),
            following,
            team: shown_teams(conn, std::slice::from_ref(&r))?.remove(&id),
            dataset_title,
            actions: dr::available(r.state, &roles),
            roles,
            request: r,
        })
    })
}

/// A queue: headed sections of requests, soonest due first.
pub struct Queue {
    pub sections: Vec<(&'static str, Paged<Request>)>,
    pub calendar: Arc<Calendar>,
    pub units: Vec<Unit>,
    /// For a unit's queue: the units the reader may switch between, and which is shown.
    pub unit_switch: Vec<(i32, bool)>,
    /// The challenges (出題) the listed requests serve, by id.
    pub challenges: std::collections::HashMap<i32, crate::store::challenges::Challenge>,
}

/// Rows of each section on a queue's first view.
pub const QUEUE_HEAD_ROWS: i64 = 20;

/// Rows per page of one section shown alone.
pub const QUEUE_SECTION_ROWS: i64 = 50;

/// Which part of a queue a page shows.
#[derive(Debug, Clone, Default)]
pub enum QueueView {
    /// Every section's first [`QUEUE_HEAD_ROWS`] rows.
    #[default]
    Heads,
    /// One section alone, by its heading, a page of [`QUEUE_SECTION_ROWS`]
    /// rows at a time (an unknown heading is not found).
    Section { heading: String, page: Option<i64> },
}

fn queue(
    p: &Portal,
    sections: Vec<(&'static str, Filter)>,
    unit_switch: Vec<(i32, bool)>,
    view: &QueueView,
) -> Result<Queue> {
    let (sections, page) = match view {
        QueueView::Heads => (sections, PageRequest::new(Some(1), QUEUE_HEAD_ROWS)),
        QueueView::Section { heading, page } => {
            let one: Vec<_> = sections.into_iter().filter(|(h, _)| h == heading).collect();
            if one.is_empty() {
                return Err(Error::NotFound);
            }
            (one, PageRequest::new(*page, QUEUE_SECTION_ROWS))
        }
    };
    p.read(|conn| {
        let mut lists = Vec::new();
        for (heading, f) in sections {
            lists.push((heading, store::requests::list(conn, &f, page)?));
        }
        let ids: Vec<i32> = lists
            .iter()
            .flat_map(|(_, l)| l.items.iter().filter_map(|r| r.challenge_id))
            .collect();
        let challenges = store::challenge_outcomes::find_many(conn, &ids)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(Queue {
            challenges,
            sections: lists,
            calendar: crate::service::calendar::kept(p, conn)?,
            units: store::units::list(conn)?,
            unit_switch,
        })
    })
}

fn in_states(states: &[State]) -> Filter {
    Filter {
        only_states: states.to_vec(),
        by_due: true,
        ..Default::default()
    }
}

/// The organisers' desk: to triage, overdue, with units, approved.
pub fn organiser_queue(
    p: &Portal,
    who: &Person,
    today: NaiveDate,
    view: &QueueView,
) -> Result<Queue> {
    gate::organiser(who)?;
    queue(
        p,
        vec![
            ("requests-to-triage", in_states(&[State::Submitted])),
            (
                "requests-overdue",
                Filter {
                    overdue_on: Some(today),
                    by_due: true,
                    ..Default::default()
                },
            ),
            (
                "requests-with-units",
                in_states(&[State::Routed, State::InfoRequested]),
            ),
            ("requests-approved", in_states(&[State::Approved])),
        ],
        Vec::new(),
        view,
    )
}

/// A unit's queue: to answer, waiting for the requester, approved.
pub fn unit_queue(p: &Portal, who: &Person, asked: Option<i32>, view: &QueueView) -> Result<Queue> {
    let unit = gate::unit_queue(who, asked)?;
    let of_unit = |states: &[State]| Filter {
        unit_id: Some(unit),
        ..in_states(states)
    };
    queue(
        p,
        vec![
            ("requests-to-answer", of_unit(&[State::Routed])),
            (
                "requests-waiting-requester",
                of_unit(&[State::InfoRequested]),
            ),
            ("requests-approved", of_unit(&[State::Approved])),
        ],
        who.units().iter().map(|u| (*u, *u == unit)).collect(),
        view,
    )
}

/// The due date of a request routed on 12 February 2026, on the office
/// calendar, as the help page's worked example.
pub fn working_day_example(p: &Portal) -> Result<NaiveDate> {
    let days = p.config.request_due_days;
    p.read(|conn| {
        let cal = crate::service::calendar::kept(p, conn)?;
        let from = NaiveDate::from_ymd_opt(2026, 2, 12).unwrap_or_default();
        Ok(dr::deadline(&cal, from, days).due_on)
    })
}
