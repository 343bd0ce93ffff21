//! The finder's list for one contest: the listed cards, complementary
//! disciplines first for the reader, filtered by school, discipline and
//! track, one page at a time (all in the query); the reader's own card and
//! whether it is listed; for organisers, the cards they hid.

use std::collections::HashMap;

use super::{contest_of, my_card, ContestInfo, Finder, MyCard};
use crate::domain::finder::{self, ContactState, Discipline, Fit};
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::gates::finder::{self as gate, Access};
use crate::service::{Person, Portal, Result};
use crate::store::finder::{ListFilter, Listed};
use crate::store::{self, PageRequest, Paged};

/// Cards on one page of the list.
pub const PER_PAGE: i64 = 20;

/// The list's filters as they came in the address (empty: any).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    pub discipline: String,
    pub school: String,
    pub track: String,
    pub page: Option<i64>,
}

/// A card on the list, with the tracks it names, how it fits the reader
/// and the reader's request for it, if any.
#[derive(Debug, Clone)]
pub struct ListedCard {
    pub listed: Listed,
    pub tracks: Vec<i32>,
    pub fit: Option<Fit>,
    pub asked: Option<ContactState>,
}

#[derive(Debug)]
pub struct Board {
    pub contest: ContestInfo,
    pub organiser: bool,
    /// The group the list is ordered for: the reader's card's, else their
    /// department's (none for organisers).
    pub reader: Option<Discipline>,
    pub mine: Option<MyCard>,
    /// Requests for the reader's card still waiting for an answer.
    pub waiting: usize,
    pub filter: ListFilter,
    pub cards: Paged<ListedCard>,
    pub schools: Vec<String>,
    /// Cards organisers hid (organisers only).
    pub hidden: Vec<ListedCard>,
}

/// The filters, checked: an unknown group or track is no filter; a school
/// with characters no text may hold is refused (422).
fn filter_of(q: &BoardQuery, c: &ContestInfo) -> Result<ListFilter> {
    let mut e = FieldErrors::default();
    if let Some(m) = text::refusal(&q.school, Kind::Name) {
        e.push("school", m);
    }
    e.or(())?;
    let school = q.school.trim();
    Ok(ListFilter {
        discipline: Discipline::parse(q.discipline.trim()),
        school: (!school.is_empty()).then(|| school.to_string()),
        track: q
            .track
            .trim()
            .parse()
            .ok()
            .filter(|t| c.tracks.iter().any(|tr| tr.id == *t)),
    })
}

/// The finder of contest `year` as `who` sees it.
pub fn board(p: &Portal, who: &Person, year: i32, q: &BoardQuery) -> Result<Finder<Board>> {
    p.read(|conn| {
        let profile = store::profiles::find(conn, who.id)?;
        let organiser = match gate::access(who, profile.as_ref())? {
            Access::NeedsProfile => return Ok(Finder::NeedsProfile),
            Access::Organiser => true,
            Access::Student => false,
        };
        let c = contest_of(conn, who, year)?;
        let filter = filter_of(q, &c)?;
        let mine = if organiser {
            None
        } else {
            my_card(conn, &c, who.id)?
        };
        let reader = match (&mine, &profile) {
            _ if organiser => None,
            (Some(m), _) => Some(m.card.discipline),
            (None, Some(p)) => Some(super::classify(conn, &p.department)?),
            (None, None) => None,
        };
        let ranks = reader.map(finder::ranks_for).unwrap_or_default();
        let page = PageRequest::new(q.page, PER_PAGE);
        let listed =
            store::finder::list(conn, c.contest.id, who.id, &c.open, &ranks, &filter, page)?;
        let hidden = if organiser {
            store::finder::hidden(conn, c.contest.id)?
        } else {
            Vec::new()
        };
        let ids: Vec<i32> = listed
            .items
            .iter()
            .chain(hidden.iter())
            .map(|l| l.card.id)
            .collect();
        let mut tracks: HashMap<i32, Vec<i32>> = HashMap::new();
        for (card, track) in store::finder::track_ids(conn, &ids)? {
            tracks.entry(card).or_default().push(track);
        }
        let asked: HashMap<i32, ContactState> = store::finder::states_for(conn, who.id, &ids)?
            .into_iter()
            .collect();
        let waiting = match &mine {
            Some(_) => store::finder::incoming(conn, c.contest.id, who.id)?
                .iter()
                .filter(|x| x.contact.state == ContactState::Pending)
                .count(),
            None => 0,
        };
        let shown = |l: Listed| ListedCard {
            tracks: tracks.get(&l.card.id).cloned().unwrap_or_default(),
            fit: reader.map(|r| finder::fit(r, l.card.discipline)),
            asked: asked.get(&l.card.id).copied(),
            listed: l,
        };
        let cards = Paged {
            items: listed.items.into_iter().map(shown).collect(),
            total: listed.total,
            page: listed.page,
            per_page: listed.per_page,
        };
        Ok(Finder::Ready(Board {
            schools: store::finder::schools(conn, c.contest.id, &c.open)?,
            hidden: hidden.into_iter().map(shown).collect(),
            contest: c,
            organiser,
            reader,
            mine,
            waiting,
            filter,
            cards,
        }))
    })
}
