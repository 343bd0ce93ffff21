//! One's own account: what it holds, and the language it is written to in.

use crate::i18n::Lang;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::{self, users::User};

/// The account page: the account and how many sessions are signed in.
pub struct Account {
    pub user: User,
    pub sessions: i64,
}

pub fn account(p: &Portal, who: &Person) -> Result<Account> {
    p.read(|conn| {
        Ok(Account {
            user: store::users::find(conn, who.id)?.ok_or(Error::NotFound)?,
            sessions: store::sessions::count_for_user(conn, who.id, now())?,
        })
    })
}

/// Remembers the language `who` reads the portal in, for their e-mails.
pub fn set_language(p: &Portal, who: &Person, lang: Lang) -> Result<()> {
    p.transaction(|conn| Ok(store::users::set_locale(conn, who.id, lang.code())?))
}
