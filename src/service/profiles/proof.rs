//! The enrolment proof: uploading it, and downloading a stored file.

use crate::domain::profile::{proof_kind, proof_refusal};
use crate::service::gates::profiles as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::{self, files::StoredFile};

/// Keeps `data` as the person's enrolment proof, replacing the one before;
/// it waits for an organiser's check. Only a PDF, PNG or JPEG is taken, and
/// only once there is a profile to attach it to. Returns the file's id.
pub fn upload_proof(p: &Portal, who: &Person, data: Vec<u8>) -> Result<i32> {
    if let Some(message) = proof_refusal(&data) {
        return Err(Error::field("proof", message));
    }
    let (content_type, ext) = proof_kind(&data).ok_or(Error::field("proof", "error-proof-type"))?;
    p.transaction(|conn| {
        if store::profiles::find(conn, who.id)?.is_none() {
            return Err(Error::field("proof", "error-profile-first"));
        }
        let at = now();
        let id = store::files::insert(
            conn,
            who.id,
            "enrolment-proof",
            content_type,
            &format!("enrolment-proof-{}.{ext}", who.id),
            &data,
            at,
        )?;
        if let Some(old) = store::profiles::set_proof(conn, who.id, id, at)? {
            store::files::delete(conn, old)?;
        }
        crate::service::teams::flags::refresh_for_user(conn, who.id)?;
        Ok(id)
    })
}

/// A stored file, for those who may see it (404 for anyone else).
pub fn proof_file(p: &Portal, who: &Person, id: i32) -> Result<StoredFile> {
    p.read(|conn| {
        let file = store::files::find(conn, id)?.ok_or(Error::NotFound)?;
        gate::may_see_file(who, &file)?;
        Ok(file)
    })
}
