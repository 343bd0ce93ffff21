//! Who may see a contest and who runs it: a published contest is public, a
//! draft is the organisers' only; organisers (and administrators) edit.

use crate::service::{Error, Person, Result};
use crate::store::contests::Contest;

/// A published contest, to anyone; a draft only to organisers (404 to the rest).
pub fn may_see(who: Option<&Person>, c: &Contest) -> Result<()> {
    if c.published || who.is_some_and(Person::organises) {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// Only organisers (and administrators) edit contests and tracks.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
