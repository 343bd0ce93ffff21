//! Who may see a person's stored files (their enrolment proof): the person
//! and the organisers, who check proofs. Anyone else is not told the file
//! exists.

use crate::service::{Error, Person, Result};
use crate::store::files::StoredFile;

pub fn may_see_file(who: &Person, file: &StoredFile) -> Result<()> {
    if file.owner_id == who.id || who.organises() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}
