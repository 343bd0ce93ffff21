//! The notification centre: what the portal told a person, and which kinds
//! they also want by e-mail.

use crate::i18n::Lang;
use crate::service::{mail, now, Error, Person, Portal, Result};
use crate::store::{self, notifications::Notification, PageRequest, Paged};

/// `who`'s notifications, each written in `lang` (the language they read
/// the portal in now), whatever language was in use when it was made.
pub fn list(
    p: &Portal,
    who: &Person,
    lang: Lang,
    page: PageRequest,
) -> Result<Paged<Notification>> {
    let mut list = p.read(|conn| Ok(store::notifications::list(conn, who.id, page)?))?;
    for n in &mut list.items {
        (n.title, n.summary) = mail::shown(p, n, lang);
    }
    Ok(list)
}

/// Marks one of `who`'s notifications read and gives the page it is about:
/// only a page of this portal ("/x", never "//host" or "/\host"), else the
/// notification centre.
pub fn open(p: &Portal, who: &Person, id: i32) -> Result<String> {
    let link = p
        .transaction(|conn| Ok(store::notifications::open(conn, who.id, id, now())?))?
        .ok_or(Error::NotFound)?;
    Ok(if crate::domain::text::local_path(&link) {
        link
    } else {
        "/notifications".to_string()
    })
}

pub fn read_all(p: &Portal, who: &Person) -> Result<()> {
    p.transaction(|conn| {
        store::notifications::mark_all_read(conn, who.id, now())?;
        Ok(())
    })
}

/// The kinds of notification `who` has turned e-mail off for.
pub fn email_off(p: &Portal, who: &Person) -> Result<Vec<String>> {
    p.read(|conn| Ok(store::notifications::email_off(conn, who.id)?))
}

/// E-mail on for the kinds named (known kinds only), off for the rest.
pub fn save_settings(p: &Portal, who: &Person, on: &[String]) -> Result<()> {
    p.transaction(|conn| {
        for k in mail::KINDS {
            store::notifications::set_email(conn, who.id, k, on.iter().any(|o| o == k))?;
        }
        Ok(())
    })
}
