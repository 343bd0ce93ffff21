//! Accounts and who holds which role.

mod admin;

pub use admin::{ensure_first_admin, make_admin, FirstAdmin};
