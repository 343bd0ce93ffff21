//! Hashing and checking passwords (argon2id) off the async threads, a few at
//! a time.

use crate::security;
use crate::service::{Error, Portal, Result};

/// At most this many argon2 computations (19 MiB each) run at once, so a
/// burst of sign-ins cannot exhaust memory on the blocking pool.
static ARGON2_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

pub async fn hash(p: &Portal, password: String) -> Result<String> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    p.blocking(move |_| Ok(security::hash_password(&password)?))
        .await
}

/// Whether `password` matches `stored` (a dummy hash is checked when there
/// is no account, so the time taken does not tell).
pub async fn verify(p: &Portal, password: String, stored: Option<String>) -> Result<bool> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    p.blocking(move |_| Ok(security::verify_password(&password, stored.as_deref())))
        .await
}
