//! Contact by consent: a student asks the owner of a listed card for
//! contact with a short message; the owner accepts or declines, once. Each
//! step tells the other student, in the portal and by e-mail, in their own
//! language. Only an accepted request shows the two e-mail addresses, and
//! whoever captains a team with a free seat can then invite the other (the
//! team's invitation by e-mail).

use chrono::NaiveDateTime;
use serde_json::json;

use super::{contest_of, student_page, ContestInfo, Finder};
use crate::db::DbConn;
use crate::domain::finder::{self, ContactState};
use crate::domain::throttle::FINDER_CONTACTS_PER_ACCOUNT;
use crate::i18n::Lang;
use crate::service::gates::contests::may_see;
use crate::service::gates::finder as gate;
use crate::service::teams::TeamBundle;
use crate::service::{mail, now, Error, Person, Portal, Result};
use crate::store::{self, contests::Contest};

/// The contest's contacts page: where both students' notifications lead.
fn contacts_path(year: i32) -> String {
    format!("/contests/{year}/finder/contacts")
}

fn contest_title(c: &Contest) -> serde_json::Value {
    mail::in_langs(&c.title, &c.title_en)
}

/// `who` asks the owner of card `card_id` for contact with `message`: the
/// card must be listed, not their own, and asked for once (a second time,
/// or twice at the same moment: 409). At most
/// `FINDER_CONTACTS_PER_ACCOUNT` requests a day. The owner is told. Gives
/// the contest's year.
pub fn request_contact(p: &Portal, who: &Person, card_id: i32, message: &str) -> Result<i32> {
    let message = finder::parse_message(message)?;
    p.transaction(|conn| {
        let at = now();
        let profile = store::profiles::find(conn, who.id)?;
        gate::student(who, profile.as_ref())?;
        let card = store::finder::find(conn, card_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, card.contest_id)?.ok_or(Error::NotFound)?;
        may_see(Some(who), &contest)?;
        // A card its owner took back or organisers hid is not there to ask.
        if card.hidden_at.is_some() || card.withdrawn_at.is_some() {
            return Err(Error::NotFound);
        }
        if card.user_id == who.id {
            return Err(Error::Refused("error-finder-own-card"));
        }
        let c = super::info(conn, contest)?;
        if !store::finder::is_listed(conn, card.id, &c.open)? {
            return Err(Error::Refused("error-finder-not-listed"));
        }
        if store::finder::contact_of(conn, card.id, who.id)?.is_some() {
            return Err(Error::WrongState("error-finder-already-asked"));
        }
        if !store::throttle::hit(conn, &FINDER_CONTACTS_PER_ACCOUNT, &who.id.to_string(), at)? {
            return Err(Error::TooMany("error-rate-limited"));
        }
        store::finder::add_contact(conn, card.id, who.id, &message, at)?;
        let owner = store::users::find(conn, card.user_id)?.ok_or(Error::NotFound)?;
        let asker = store::users::find(conn, who.id)?.ok_or(Error::NotFound)?;
        let (school, department) = profile
            .map(|p| (p.school_name, p.department))
            .unwrap_or_default();
        let year = c.contest.year;
        let link = contacts_path(year);
        mail::notify(
            conn,
            p,
            &owner.email,
            Lang::default(),
            "finder-contact",
            "emails/finder_request",
            "mail-finder-request-subject",
            json!({
                "name": owner.display_name, "requester": asker.display_name,
                "school": school, "department": department, "message": message,
                "contest": contest_title(&c.contest),
                "link": p.config.absolute_url(&link),
            }),
            &link,
            at,
        )?;
        Ok(year)
    })
}

/// The owner of the card answers request `contact_id`: `accept` or decline,
/// once (again, or in two tabs at once: 409). The requester is told. Gives
/// the contest's year.
pub fn answer_contact(p: &Portal, who: &Person, contact_id: i32, accept: bool) -> Result<i32> {
    p.transaction(|conn| {
        let at = now();
        let contact = store::finder::find_contact(conn, contact_id)?.ok_or(Error::NotFound)?;
        let card = store::finder::find(conn, contact.card_id)?.ok_or(Error::NotFound)?;
        gate::answering(who, &contact, &card)?;
        let contest = store::contests::find(conn, card.contest_id)?.ok_or(Error::NotFound)?;
        may_see(Some(who), &contest)?;
        let to = finder::answer(contact.state, accept).map_err(Error::WrongState)?;
        if !store::finder::answer(conn, contact.id, to, at)? {
            return Err(Error::Stale("error-finder-already-answered"));
        }
        let asker = store::users::find(conn, contact.requester_id)?.ok_or(Error::NotFound)?;
        let owner = store::users::find(conn, card.user_id)?.ok_or(Error::NotFound)?;
        let link = contacts_path(contest.year);
        mail::notify(
            conn,
            p,
            &asker.email,
            Lang::default(),
            "finder-contact",
            "emails/finder_answer",
            if accept {
                "mail-finder-accepted-subject"
            } else {
                "mail-finder-declined-subject"
            },
            json!({
                "name": asker.display_name, "owner": owner.display_name, "accepted": accept,
                "contest": contest_title(&contest),
                "link": p.config.absolute_url(&link),
            }),
            &link,
            at,
        )?;
        Ok(contest.year)
    })
}

/// One request on the contacts page, with the other student of it.
#[derive(Debug, Clone)]
pub struct ContactLine {
    pub id: i32,
    pub state: ContactState,
    pub message: String,
    pub created_at: NaiveDateTime,
    pub other_id: i32,
    pub name: String,
    pub school: String,
    pub department: String,
    /// The other's address: only once the request was accepted.
    pub email: Option<String>,
    /// The other already has a student's seat in a team of the contest.
    pub other_in_team: bool,
    /// The reader may invite them to their team now (accepted, the reader
    /// captains a team with a free seat while registration is open, and
    /// the other has no team yet).
    pub invite: bool,
}

/// The reader's team in the contest, as the contacts page needs it.
#[derive(Debug, Clone)]
pub struct TeamSeat {
    pub team_id: i32,
    pub name: String,
    pub captain: bool,
    pub open: bool,
    pub full: bool,
}

#[derive(Debug)]
pub struct ContactsPage {
    pub contest: ContestInfo,
    pub has_card: bool,
    /// Requests for the reader's card.
    pub incoming: Vec<ContactLine>,
    /// The reader's requests for others' cards.
    pub outgoing: Vec<ContactLine>,
    pub team: Option<TeamSeat>,
}

/// `who`'s requests in contest `year`, both ways.
pub fn contacts(p: &Portal, who: &Person, year: i32) -> Result<Finder<ContactsPage>> {
    p.read(|conn| {
        if student_page(conn, who)?.is_none() {
            return Ok(Finder::NeedsProfile);
        }
        let c = contest_of(conn, who, year)?;
        let at = now();
        let team = match store::teams::student_team(conn, c.contest.id, who.id)? {
            Some(t) => {
                let b = TeamBundle::load(conn, t.id)?;
                Some(TeamSeat {
                    team_id: t.id,
                    name: t.name.clone(),
                    captain: b.team.captain_id == who.id,
                    open: b.registration_open(at),
                    full: finder::team_full(
                        b.tracks().iter().map(|t| t.max_students),
                        b.facts().students.len(),
                    ),
                })
            }
            None => None,
        };
        let may_invite = team
            .as_ref()
            .is_some_and(|t| t.captain && t.open && !t.full);
        let rows = store::finder::incoming(conn, c.contest.id, who.id)?;
        let incoming = lines(conn, c.contest.id, rows, may_invite)?;
        let rows = store::finder::outgoing(conn, c.contest.id, who.id)?;
        let outgoing = lines(conn, c.contest.id, rows, may_invite)?;
        Ok(Finder::Ready(ContactsPage {
            has_card: store::finder::of_user(conn, c.contest.id, who.id)?.is_some(),
            contest: c,
            incoming,
            outgoing,
            team,
        }))
    })
}

/// The requests as the page lists them: the address only where accepted.
fn lines(
    conn: &mut DbConn,
    contest_id: i32,
    rows: Vec<store::finder::Contact>,
    may_invite: bool,
) -> Result<Vec<ContactLine>> {
    let mut out = Vec::new();
    for r in rows {
        let state = r.contact.state;
        let other_in_team = store::teams::student_team(conn, contest_id, r.other_id)?.is_some();
        out.push(ContactLine {
            id: r.contact.id,
            state,
            message: r.contact.message,
            created_at: r.contact.created_at,
            other_id: r.other_id,
            name: r.display_name,
            school: r.school_name.unwrap_or_default(),
            department: r.department.unwrap_or_default(),
            email: state.shares_email().then_some(r.email),
            other_in_team,
            invite: state.shares_email() && may_invite && !other_in_team,
        });
    }
    Ok(out)
}
