//! Organisers hide an abusive card, with a reason its owner reads, and may
//! show it again; both are audited.

use serde_json::json;

use crate::domain::finder;
use crate::service::gates::finder as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store;

/// Hides card `card_id` from the list (its requests stay); gives the
/// contest's year.
pub fn hide_card(p: &Portal, who: &Person, card_id: i32, reason: &str) -> Result<i32> {
    gate::organiser(who)?;
    let reason = finder::parse_reason(reason)?;
    p.transaction(|conn| {
        let card = store::finder::find(conn, card_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, card.contest_id)?.ok_or(Error::NotFound)?;
        if !store::finder::set_hidden(conn, card.id, Some((who.id, &reason)), now())? {
            return Err(Error::WrongState("error-finder-already-hidden"));
        }
        audit(
            conn,
            who,
            "finder.hide",
            "finder_card",
            card.id,
            json!({ "owner": card.user_id, "contest": contest.year, "reason": reason }),
        )?;
        Ok(contest.year)
    })
}

/// Shows a hidden card again; gives the contest's year.
pub fn show_card(p: &Portal, who: &Person, card_id: i32) -> Result<i32> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let card = store::finder::find(conn, card_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, card.contest_id)?.ok_or(Error::NotFound)?;
        if !store::finder::set_hidden(conn, card.id, None, now())? {
            return Err(Error::WrongState("error-finder-not-hidden"));
        }
        audit(
            conn,
            who,
            "finder.show",
            "finder_card",
            card.id,
            json!({ "owner": card.user_id, "contest": contest.year, "reason": card.hidden_reason }),
        )?;
        Ok(contest.year)
    })
}
