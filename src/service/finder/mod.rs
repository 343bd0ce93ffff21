//! The teammate finder (issue 16): a student posts a card for a contest and
//! finds students of other disciplines, complementary ones first; contact
//! is by consent (a request with a short message, accepted or declined, and
//! only then the two e-mail addresses); organisers hide abusive cards and
//! edit the keyword table that puts departments in discipline groups.

mod board;
mod card;
mod contacts;
mod keywords;
mod moderate;

pub use board::{board, Board, BoardQuery, ListedCard};
pub use card::{card_page, save_card, withdraw_card, CardPage};
pub use contacts::{
    answer_contact, contacts, request_contact, ContactLine, ContactsPage, TeamSeat,
};
pub use keywords::{add_keyword, delete_keyword, keywords, set_keyword, KeywordsPage};
pub use moderate::{hide_card, show_card};

use crate::db::DbConn;
use crate::domain::finder::{self, CardFacts, CardStatus, Discipline};
use crate::domain::timeline::open_tracks;
use crate::service::gates::contests::may_see;
use crate::service::gates::finder::{self as gate, Access};
use crate::service::{now, Error, Person, Result};
use crate::store::contests::{Contest, Track};
use crate::store::finder::CardRow;
use crate::store::{self};

/// A page of the finder, or where the person must go first.
#[derive(Debug)]
pub enum Finder<T> {
    Ready(T),
    /// A participant without a profile: the profile comes first.
    NeedsProfile,
}

/// The contest a finder page is about: its tracks, and those open for
/// registration now (none: registration is closed and no card is listed).
#[derive(Debug, Clone)]
pub struct ContestInfo {
    pub contest: Contest,
    pub tracks: Vec<Track>,
    pub open: Vec<i32>,
}

/// A student's own page of the finder: `Some(profile)` for a student,
/// `None` when the profile comes first; organisers have no card (403).
fn student_page(
    conn: &mut DbConn,
    who: &Person,
) -> Result<Option<crate::store::profiles::ProfileRow>> {
    let profile = store::profiles::find(conn, who.id)?;
    match gate::access(who, profile.as_ref())? {
        Access::NeedsProfile => Ok(None),
        Access::Organiser => Err(Error::Forbidden),
        Access::Student => profile.map(Some).ok_or(Error::NotFound),
    }
}

/// The published contest of `year` (a draft only for organisers) with its
/// tracks.
fn contest_of(conn: &mut DbConn, who: &Person, year: i32) -> Result<ContestInfo> {
    let contest = store::contests::find_by_year(conn, year)?.ok_or(Error::NotFound)?;
    may_see(Some(who), &contest)?;
    info(conn, contest)
}

fn info(conn: &mut DbConn, contest: Contest) -> Result<ContestInfo> {
    let tracks = store::contests::tracks_of(conn, contest.id)?;
    let open = open_tracks(
        contest.registration_opens_at,
        contest.registration_closes_at,
        tracks.iter().map(|t| (t.id, t.registration_closes_at)),
        now(),
    );
    Ok(ContestInfo {
        contest,
        tracks,
        open,
    })
}

/// The group of a department under the keyword table as it is now.
fn classify(conn: &mut DbConn, department: &str) -> Result<Discipline> {
    let table = store::finder::keywords(conn)?;
    Ok(finder::classify(
        department,
        table.iter().map(|k| (k.keyword.as_str(), k.discipline)),
    ))
}

/// A student's own card, with the tracks it names and whether it is
/// listed (and if not, why).
#[derive(Debug, Clone)]
pub struct MyCard {
    pub card: CardRow,
    pub tracks: Vec<i32>,
    pub status: CardStatus,
}

fn my_card(conn: &mut DbConn, c: &ContestInfo, user_id: i32) -> Result<Option<MyCard>> {
    let Some(card) = store::finder::of_user(conn, c.contest.id, user_id)? else {
        return Ok(None);
    };
    let tracks: Vec<i32> = store::finder::track_ids(conn, &[card.id])?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let status = finder::card_status(CardFacts {
        withdrawn: card.withdrawn_at.is_some(),
        hidden: card.hidden_at.is_some(),
        team_full: store::finder::owner_team_full(conn, card.id)?,
        a_track_open: finder::a_track_open(&tracks, &c.open),
    });
    Ok(Some(MyCard {
        card,
        tracks,
        status,
    }))
}
