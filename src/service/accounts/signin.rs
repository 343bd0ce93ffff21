//! Signing in and out, and finding who is behind a session.

use chrono::NaiveDateTime;
use serde_json::json;

use super::passwords;
use crate::db::DbConn;
use crate::domain::account::Email;
use crate::domain::{throttle, FieldErrors};
use crate::security;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::{self, users::RoleGrant, users::User};

/// A new session: the token for the cookie, and whether the password must
/// be changed before anything else.
pub struct Session {
    pub token: String,
    pub must_change_password: bool,
}

/// Where a sign-in comes from: the address (rate limits, the session row),
/// the browser, and the session it replaces.
#[derive(Debug, Default, Clone)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub old_session: Option<String>,
}

/// Signs in with e-mail and password. Each attempt counts against the
/// address and the account before the password is checked (so a burst of
/// parallel guesses cannot slip in under the limit), and the right password
/// clears the count. Refusals: `Invalid` (the form), `TooMany`,
/// `Refused("error-signin-failed")` (wrong e-mail or password, or disabled:
/// the same answer), `Refused("error-signin-unverified")`.
pub async fn sign_in(p: &Portal, email: &str, password: &str, client: Client) -> Result<Session> {
    let mut errors = FieldErrors::default();
    let email = errors.check(Email::parse(email));
    if password.is_empty() {
        errors.push("password", "error-password-required");
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let key_ip = client.ip.clone().unwrap_or_else(|| "unknown".into());
    let t = now();
    let (address, ip) = (email.as_str().to_string(), key_ip.clone());
    let (allowed, user) = p
        .blocking(move |p| {
            p.transaction(|conn| {
                let ip_ok = store::throttle::hit(conn, &throttle::SIGN_IN_PER_IP, &ip, t)?;
                let account_ok =
                    store::throttle::hit(conn, &throttle::SIGN_IN_PER_ACCOUNT, &address, t)?;
                Ok((
                    ip_ok && account_ok,
                    store::users::find_by_email(conn, &address)?,
                ))
            })
        })
        .await?;
    if !allowed {
        return Err(Error::TooMany("error-rate-limited"));
    }
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = passwords::verify(p, password.to_string(), stored).await?;
    let user = match user {
        Some(u) if password_ok && !u.disabled => u,
        _ => return Err(Error::Refused("error-signin-failed")),
    };
    let address = email.as_str().to_string();
    p.blocking(move |p| {
        p.transaction(|conn| {
            store::throttle::clear(conn, &throttle::SIGN_IN_PER_ACCOUNT, &address)?;
            store::throttle::forget(conn, &throttle::SIGN_IN_PER_IP, &key_ip, t)?;
            Ok(())
        })
    })
    .await?;
    if user.email_verified_at.is_none() {
        return Err(Error::Refused("error-signin-unverified"));
    }
    p.blocking(move |p| p.transaction(|conn| open_session(conn, &user, &client, t)))
        .await
}

/// Opens a session for `user` (every way of signing in ends here), ending
/// the one the browser had: a new id on every sign-in, so a planted
/// session cannot be carried over.
pub(super) fn open_session(
    conn: &mut DbConn,
    user: &User,
    client: &Client,
    t: NaiveDateTime,
) -> Result<Session> {
    let token = security::random_token();
    if let Some(old) = &client.old_session {
        store::sessions::delete(conn, old)?;
    }
    store::sessions::create(
        conn,
        &security::token_digest(&token),
        user.id,
        client.user_agent.as_deref(),
        client.ip.as_deref(),
        t,
    )?;
    Ok(Session {
        token,
        must_change_password: user.must_change_password,
    })
}

/// Ends the session with this digest.
pub fn sign_out(p: &Portal, session_digest: &str) -> Result<()> {
    p.transaction(|conn| Ok(store::sessions::delete(conn, session_digest)?))
}

/// Ends every session of `who`, on every device.
pub fn sign_out_everywhere(p: &Portal, who: &Person) -> Result<()> {
    p.transaction(|conn| {
        let n = store::sessions::delete_for_user(conn, who.id, None)?;
        crate::service::audit(
            conn,
            who,
            "user.signout_everywhere",
            "user",
            who.id,
            json!({ "sessions_ended": n }),
        )
    })
}

/// The person behind a live session: the account, its roles and how many
/// notifications are unread (the bell; a failure there is not worth failing
/// the page, so it counts as none).
pub struct SessionHolder {
    pub user: User,
    pub roles: Vec<RoleGrant>,
    pub unread: i64,
}

pub fn resume_session(p: &Portal, session_digest: &str) -> Result<Option<SessionHolder>> {
    p.read(|conn| {
        let Some((_, user)) = store::sessions::resume(conn, session_digest, now())? else {
            return Ok(None);
        };
        let roles = store::users::roles_of(conn, user.id)?;
        let unread = store::notifications::unread_count(conn, user.id).unwrap_or(0);
        Ok(Some(SessionHolder {
            user,
            roles,
            unread,
        }))
    })
}
