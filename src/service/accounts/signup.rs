//! Creating an account and confirming its e-mail address.

use chrono::NaiveDateTime;
use serde_json::json;

use super::passwords;
use crate::db::DbConn;
use crate::domain::account::{DisplayName, Email, Password};
use crate::domain::role::Role;
use crate::domain::text::local_path;
use crate::domain::{throttle, FieldErrors};
use crate::i18n::Lang;
use crate::security;
use crate::service::{mail, now, outreach, Error, Portal, Result};
use crate::store::{self, tokens::Purpose, tokens::TokenProblem, users::User};

/// A sign-up form as typed.
#[derive(Debug, Default, Clone)]
pub struct SignUp {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub password_confirm: String,
}

/// Creates an account (a participant, not yet verified) and e-mails the
/// confirmation link in `lang`. An address that has an account already gets
/// the same answer on the page, and its owner an e-mail saying so (a few an
/// hour at most), so the page never tells who has an account.
pub async fn sign_up(p: &Portal, f: SignUp, ip: Option<&str>, lang: Lang) -> Result<()> {
    sign_up_then(p, f, None, ip, lang).await
}

/// `sign_up`, for someone on their way to `next` (a page of this portal,
/// such as a team's invitation): the confirmation link, and the sign-in
/// after it, lead there. Anything but a local path is dropped.
pub async fn sign_up_then(
    p: &Portal,
    f: SignUp,
    next: Option<&str>,
    ip: Option<&str>,
    lang: Lang,
) -> Result<()> {
    sign_up_via(p, f, next, None, ip, lang).await
}

/// `sign_up_then`, from a browser that came through an outreach campaign's
/// link (`campaign`: the code it remembers): a new account records the
/// campaign, for its funnel. An unknown code is ignored.
pub async fn sign_up_via(
    p: &Portal,
    f: SignUp,
    next: Option<&str>,
    campaign: Option<&str>,
    ip: Option<&str>,
    lang: Lang,
) -> Result<()> {
    let campaign = campaign.map(str::to_string);
    let next = next.filter(|n| local_path(n)).map(str::to_string);
    let mut errors = FieldErrors::default();
    let email = errors.check(Email::parse(&f.email));
    let name = errors.check(DisplayName::parse(&f.display_name));
    let password = errors.check(Password::parse(&f.password, email.as_ref()));
    if password.is_some() && f.password != f.password_confirm {
        errors.push("password_confirm", "error-password-mismatch");
    }
    let (Some(email), Some(name), Some(password), true) =
        (email, name, password, errors.is_empty())
    else {
        return Err(Error::Invalid(errors));
    };
    let ip = ip.map(str::to_string);
    attempt_from(p, &throttle::SIGN_UP_PER_IP, ip.as_deref()).await?;
    let password_hash = passwords::hash(p, password.expose().to_string()).await?;
    let created = p
        .blocking(move |p| {
            p.transaction(|conn| {
                let to = Destination {
                    lang,
                    next: next.as_deref(),
                };
                let user_id = create(conn, p, &email, &name, &password_hash, to, ip.as_deref())?;
                if let (Some(id), Some(code)) = (user_id, campaign.as_deref()) {
                    outreach::remember_signup(conn, id, code)?;
                }
                Ok(())
            })
        })
        .await;
    match created {
        // Two sign-ups with one address at the same moment: the loser gets
        // the same answer, and the database keeps one account.
        Ok(()) | Err(Error::Stale(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Where a new account's mail takes its owner: in which language, and to
/// which page after signing in.
#[derive(Clone, Copy)]
struct Destination<'a> {
    lang: Lang,
    next: Option<&'a str>,
}

impl Destination<'_> {
    /// `path`, with `next` carried along when there is one.
    fn link(&self, p: &Portal, path: &str) -> String {
        let sep = if path.contains('?') { '&' } else { '?' };
        p.config.absolute_url(&match self.next {
            Some(n) => format!("{path}{sep}next={}", encoded(n)),
            None => path.to_string(),
        })
    }
}

/// Counts an attempt from the address `ip` against `limit`; `TooMany` once
/// past it.
pub(super) async fn attempt_from(
    p: &Portal,
    limit: &'static throttle::Limit,
    ip: Option<&str>,
) -> Result<()> {
    let key = ip.unwrap_or("unknown").to_string();
    let allowed = p
        .blocking(move |p| {
            p.transaction(|conn| Ok(store::throttle::attempt(conn, limit, &key, now())?))
        })
        .await?;
    if allowed {
        Ok(())
    } else {
        Err(Error::TooMany("error-rate-limited"))
    }
}

fn encoded(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn create(
    conn: &mut DbConn,
    p: &Portal,
    email: &Email,
    name: &DisplayName,
    password_hash: &str,
    to: Destination,
    ip: Option<&str>,
) -> Result<Option<i32>> {
    let (t, lang) = (now(), to.lang);
    if let Some(existing) = store::users::find_by_email(conn, email.as_str())? {
        if !store::throttle::attempt(conn, &throttle::ACCOUNT_EXISTS_MAIL, email.as_str(), t)? {
            return Ok(None);
        }
        mail::queue(
            conn,
            p,
            email.as_str(),
            Lang::from_code(&existing.locale).unwrap_or(lang),
            "account-exists",
            "emails/account_exists",
            "mail-account-exists-subject",
            json!({ "signin_url": to.link(p, "/signin"),
                    "reset_url": p.config.absolute_url("/password/forgot") }),
            t,
        )?;
        return Ok(None);
    }
    let user = new_participant(conn, email.as_str(), name, password_hash, None, lang, t)?;
    send_verification(conn, p, &user, to, t)?;
    store::audit::record(
        conn,
        store::audit::Entry {
            actor_id: Some(user.id),
            action: "user.signup",
            object_type: "user",
            object_id: Some(user.id.to_string()),
            details: json!({ "email": user.email }),
            ip,
        },
        t,
    )?;
    Ok(Some(user.id))
}

/// A new account holding the participant role (`verified_at`: when its
/// e-mail counts as confirmed, if it already does).
pub(super) fn new_participant(
    conn: &mut DbConn,
    email: &str,
    name: &DisplayName,
    password_hash: &str,
    verified_at: Option<NaiveDateTime>,
    lang: Lang,
    t: NaiveDateTime,
) -> Result<User> {
    let user = store::users::create(
        conn,
        &store::users::NewUser {
            email,
            display_name: name.as_str(),
            password_hash,
            email_verified_at: verified_at,
            locale: lang.code(),
            disabled: false,
            must_change_password: false,
            created_at: t,
            updated_at: t,
        },
    )?;
    store::users::grant_role(conn, user.id, Role::Participant, None, None, t)?;
    Ok(user)
}

fn send_verification(
    conn: &mut DbConn,
    p: &Portal,
    user: &User,
    to: Destination,
    t: NaiveDateTime,
) -> Result<()> {
    let token = security::random_token();
    store::tokens::create(
        conn,
        user.id,
        Purpose::VerifyEmail,
        &security::token_digest(&token),
        t,
    )?;
    let link = to.link(p, &format!("/verify?token={token}"));
    mail::queue(
        conn,
        p,
        &user.email,
        to.lang,
        "verify-email",
        "emails/verify",
        "mail-verify-subject",
        // No name: whoever signs up chooses it, and it would go to an
        // address that may not be theirs.
        json!({ "link": link, "hours": Purpose::VerifyEmail.lifetime().num_hours() }),
        t,
    )?;
    Ok(())
}

/// The Fluent id that explains a token that cannot be used.
pub fn token_problem(p: TokenProblem) -> &'static str {
    match p {
        TokenProblem::Unknown => "error-token-unknown",
        TokenProblem::Expired => "error-token-expired",
        TokenProblem::AlreadyUsed => "error-token-used",
    }
}

/// Confirms the address of the account the e-mailed `token` was sent for.
/// A judge invited before having an account gets the role now. A token
/// that cannot be used is `Refused` with the reason.
pub fn verify_email(p: &Portal, token: &str) -> Result<String> {
    let digest = security::token_digest(token.trim());
    p.transaction(|conn| {
        let t = now();
        let user_id = store::tokens::consume(conn, Purpose::VerifyEmail, &digest, t)?
            .map_err(|problem| Error::Refused(token_problem(problem)))?;
        store::users::mark_verified(conn, user_id, t)?;
        if store::judges::invited(conn, user_id)? {
            store::users::grant_role(conn, user_id, Role::Judge, None, None, t)?;
        }
        let user = store::users::find(conn, user_id)?.ok_or(Error::NotFound)?;
        Ok(user.email)
    })
}

/// Sends the confirmation link again to an unconfirmed account (a few times
/// an hour at most); says nothing about whether the account exists.
pub fn resend_verification(p: &Portal, email: &str, lang: Lang) -> Result<String> {
    let email = Email::parse(email).map_err(|e| Error::Invalid(vec![e].into()))?;
    p.transaction(|conn| {
        let t = now();
        let Some(user) = store::users::find_by_email(conn, email.as_str())? else {
            return Ok(());
        };
        if user.email_verified_at.is_some() || user.disabled {
            return Ok(());
        }
        if !store::throttle::attempt(conn, &throttle::VERIFY_RESEND_PER_ACCOUNT, &user.email, t)? {
            return Ok(());
        }
        let user_lang = Lang::from_code(&user.locale).unwrap_or(lang);
        let to = Destination {
            lang: user_lang,
            next: None,
        };
        send_verification(conn, p, &user, to, t)
    })?;
    Ok(email.as_str().to_string())
}
