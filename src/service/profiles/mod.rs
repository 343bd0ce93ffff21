//! A participant's profile: the page with the MOE school list and its
//! search, saving it (with what may not change while in a team), and the
//! enrolment proof's upload and download.

mod proof;
mod save;

pub use proof::{proof_file, upload_proof};
pub use save::{page, save, ProfilePage, SchoolSearch, SCHOOL_NAME_MAX};
