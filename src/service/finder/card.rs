//! A student's own card for a contest: the form (the group suggested from
//! their department), saving it, and taking it off the list.

use super::{classify, contest_of, my_card, student_page, ContestInfo, Finder, MyCard};
use crate::domain::finder::{self, CardInput, Discipline};
use crate::service::gates::finder as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store;

/// What the card form shows.
#[derive(Debug)]
pub struct CardPage {
    pub contest: ContestInfo,
    pub card: Option<MyCard>,
    /// The group of the student's department under the keyword table.
    pub suggested: Discipline,
    pub school: String,
    pub department: String,
}

/// The card form of contest `year` for `who` (a student).
pub fn card_page(p: &Portal, who: &Person, year: i32) -> Result<Finder<CardPage>> {
    p.read(|conn| {
        let Some(profile) = student_page(conn, who)? else {
            return Ok(Finder::NeedsProfile);
        };
        let c = contest_of(conn, who, year)?;
        Ok(Finder::Ready(CardPage {
            card: my_card(conn, &c, who.id)?,
            suggested: classify(conn, &profile.department)?,
            school: profile.school_name,
            department: profile.department,
            contest: c,
        }))
    })
}

/// Saves `who`'s card for contest `year` (and lists it again if they had
/// taken it off), while registration is open for one of its tracks.
pub fn save_card(p: &Portal, who: &Person, year: i32, input: &CardInput) -> Result<()> {
    p.transaction(|conn| {
        let profile = store::profiles::find(conn, who.id)?;
        gate::student(who, profile.as_ref())?;
        let c = contest_of(conn, who, year)?;
        let offered: Vec<i32> = c.tracks.iter().map(|t| t.id).collect();
        let card = finder::parse_card(input, &offered)?;
        if !finder::a_track_open(&card.tracks, &c.open) {
            return Err(Error::Refused("error-finder-closed"));
        }
        store::finder::save(conn, c.contest.id, who.id, &card, now())?;
        Ok(())
    })
}

/// Takes `who`'s card for contest `year` off the list; its requests stay.
pub fn withdraw_card(p: &Portal, who: &Person, year: i32) -> Result<()> {
    p.transaction(|conn| {
        let profile = store::profiles::find(conn, who.id)?;
        gate::student(who, profile.as_ref())?;
        let c = contest_of(conn, who, year)?;
        let card = store::finder::of_user(conn, c.contest.id, who.id)?.ok_or(Error::NotFound)?;
        store::finder::withdraw(conn, card.id, now())?;
        Ok(())
    })
}
