//! Forgotten passwords (a link by e-mail, valid an hour, once) and changing
//! one's own password.

use serde_json::json;

use super::passwords;
use super::signup::token_problem;
use crate::domain::account::{Email, Password};
use crate::domain::{throttle, FieldErrors};
use crate::i18n::Lang;
use crate::security;
use crate::service::{audit, mail, now, Error, Person, Portal, Result};
use crate::store::{self, tokens::Purpose, tokens::TokenProblem};

/// E-mails a reset link to the account with this address, if there is one
/// (the page says the same either way). Limited per address of the request
/// (`TooMany`) and, silently, per account.
pub fn forgot_password(p: &Portal, email: &str, ip: Option<&str>, lang: Lang) -> Result<String> {
    let email = Email::parse(email).map_err(|e| Error::Invalid(vec![e].into()))?;
    let ip = ip.unwrap_or("unknown");
    p.transaction(|conn| {
        let t = now();
        if !store::throttle::attempt(conn, &throttle::RESET_PER_IP, ip, t)? {
            return Err(Error::TooMany("error-rate-limited"));
        }
        if !store::throttle::attempt(conn, &throttle::RESET_PER_ACCOUNT, email.as_str(), t)? {
            return Ok(());
        }
        let Some(user) = store::users::find_by_email(conn, email.as_str())? else {
            return Ok(());
        };
        if user.disabled {
            return Ok(());
        }
        let token = security::random_token();
        store::tokens::create(
            conn,
            user.id,
            Purpose::ResetPassword,
            &security::token_digest(&token),
            t,
        )?;
        let link = p
            .config
            .absolute_url(&format!("/password/reset?token={token}"));
        mail::queue(
            conn,
            p,
            &user.email,
            Lang::from_code(&user.locale).unwrap_or(lang),
            "reset-password",
            "emails/reset",
            "mail-reset-subject",
            json!({ "name": user.display_name, "link": link,
                    "minutes": Purpose::ResetPassword.lifetime().num_minutes() }),
            t,
        )?;
        Ok(())
    })?;
    Ok(email.as_str().to_string())
}

/// Whether a reset link can still be used (before showing its form).
pub fn check_reset_token(p: &Portal, token: &str) -> Result<()> {
    let digest = security::token_digest(token.trim());
    p.read(|conn| {
        store::tokens::peek(conn, Purpose::ResetPassword, &digest, now())?
            .map(|_| ())
            .map_err(|problem| Error::Refused(token_problem(problem)))
    })
}

/// Sets a new password with a reset link: the link is used up, the address
/// counts as confirmed, and every session ends. A link that cannot be used
/// is `Refused` with the reason; a weak password is `Invalid`.
pub async fn reset_password(
    p: &Portal,
    token: &str,
    password: &str,
    confirm: &str,
    ip: Option<&str>,
) -> Result<()> {
    let digest = security::token_digest(token.trim());
    let d = digest.clone();
    let user = p
        .blocking(move |p| {
            p.read(|conn| {
                let found = match store::tokens::peek(conn, Purpose::ResetPassword, &d, now())? {
                    Ok(uid) => store::users::find(conn, uid)?.ok_or(TokenProblem::Unknown),
                    Err(problem) => Err(problem),
                };
                found.map_err(|problem| Error::Refused(token_problem(problem)))
            })
        })
        .await?;
    let mut errors = FieldErrors::default();
    let email = Email::parse(&user.email).ok();
    let password = errors.check(Password::parse(password, email.as_ref()));
    if password.is_some() && password.as_ref().map(|p| p.expose()) != Some(confirm) {
        errors.push("password_confirm", "error-password-mismatch");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let new_hash = passwords::hash(p, password.expose().to_string()).await?;
    let ip = ip.map(str::to_string);
    p.blocking(move |p| {
        p.transaction(|conn| {
            let t = now();
            let user_id = store::tokens::consume(conn, Purpose::ResetPassword, &digest, t)?
                .map_err(|problem| Error::Refused(token_problem(problem)))?;
            store::users::set_password(conn, user_id, &new_hash, t)?;
            // Following the e-mailed link proves the address.
            store::users::mark_verified(conn, user_id, t)?;
            store::sessions::delete_for_user(conn, user_id, None)?;
            store::audit::record(
                conn,
                store::audit::Entry {
                    actor_id: Some(user_id),
                    action: "user.password_reset",
                    object_type: "user",
                    object_id: Some(user_id.to_string()),
                    details: json!({}),
                    ip: ip.as_deref(),
                },
                t,
            )?;
            Ok(())
        })
    })
    .await
}

/// The form of a password change.
#[derive(Debug, Default, Clone)]
pub struct PasswordChange {
    pub current: String,
    pub password: String,
    pub confirm: String,
}

/// Changes `who`'s password after checking the current one (wrong guesses
/// count like sign-in attempts); every other session ends and reset links
/// asked for earlier stop working.
pub async fn change_password(
    p: &Portal,
    who: &Person,
    f: PasswordChange,
    keep_session: Option<String>,
) -> Result<()> {
    let uid = who.id;
    let user = p
        .blocking(move |p| p.read(|conn| store::users::find(conn, uid)?.ok_or(Error::NotFound)))
        .await?;
    let mut errors = FieldErrors::default();
    if f.current.is_empty() {
        errors.push("current_password", "error-password-required");
    }
    let email = Email::parse(&user.email).ok();
    let password = errors.check(Password::parse(&f.password, email.as_ref()));
    if password.is_some() && f.password != f.confirm {
        errors.push("password_confirm", "error-password-mismatch");
    }
    if password.is_some() && f.password == f.current {
        errors.push("password", "error-password-unchanged");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let t = now();
    let key = user.email.clone();
    let recent = p
        .blocking(move |p| {
            p.read(|conn| {
                Ok(store::throttle::recent(
                    conn,
                    &throttle::SIGN_IN_PER_ACCOUNT,
                    &key,
                    t,
                )?)
            })
        })
        .await?;
    if !throttle::SIGN_IN_PER_ACCOUNT.allows(recent) {
        return Err(Error::TooMany("error-rate-limited"));
    }
    if !passwords::verify(p, f.current.clone(), Some(user.password_hash.clone())).await? {
        let key = user.email.clone();
        p.blocking(move |p| {
            p.transaction(|conn| {
                Ok(store::throttle::record(
                    conn,
                    &throttle::SIGN_IN_PER_ACCOUNT,
                    &key,
                    t,
                )?)
            })
        })
        .await?;
        return Err(Error::field(
            "current_password",
            "error-current-password-wrong",
        ));
    }
    let new_hash = passwords::hash(p, password.expose().to_string()).await?;
    let who = who.clone();
    p.blocking(move |p| {
        p.transaction(|conn| {
            store::users::set_password(conn, uid, &new_hash, t)?;
            // A reset link asked for earlier must not undo this change.
            store::tokens::void_for_user(conn, uid, Purpose::ResetPassword, t)?;
            let ended = store::sessions::delete_for_user(conn, uid, keep_session.as_deref())?;
            audit(
                conn,
                &who,
                "user.password_change",
                "user",
                uid,
                json!({ "other_sessions_ended": ended }),
            )
        })
    })
    .await
}
