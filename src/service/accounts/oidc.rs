//! Signing in with a university account (OpenID Connect): starting at a
//! provider, coming back from it, and linking a university account to an
//! existing account once that account's password is given.
//!
//! Everything a sign-in carries between its start and its callback (state,
//! nonce, PKCE verifier) is in the database, so any replica may finish it,
//! and the callback uses it up: a replayed state is refused. The browser
//! also holds the state in a cookie, which the callback must present (a
//! sign-in started in someone else's browser cannot be finished in yours).

use chrono::NaiveDateTime;
use serde_json::json;
use subtle::ConstantTimeEq;

use super::passwords;
use super::signin::{open_session, Client, Session};
use super::signup::{attempt_from, new_participant};
use crate::config::OidcProvider;
use crate::db::DbConn;
use crate::domain::account::DisplayName;
use crate::domain::oidc::{self, Asserted, VerifiedFacts};
use crate::domain::profile::PersonKind;
use crate::domain::team::MemberRole;
use crate::domain::text::local_path;
use crate::domain::{throttle, FieldErrors};
use crate::i18n::Lang;
use crate::integrations::oidc::{Identity, Secrets};
use crate::security;
use crate::service::teams::TeamBundle;
use crate::service::{now, Error, Portal, Result};
use crate::store::{self, identities, users::User};

/// Refusals of this module, as the sign-in page says them.
pub const STATE_REFUSED: &str = "oidc-error-state";
pub const LINK_GONE: &str = "oidc-error-link-expired";

/// A sign-in sent on to a provider: where to send the browser, and the
/// state the browser keeps (in a cookie) until it comes back.
pub struct Started {
    pub url: String,
    pub state: String,
}

/// Starts signing in at `provider`, coming back to `next` (a page of this
/// portal; anything else means the home page). Refusals: `NotFound` (no
/// such provider), `TooMany`, `Refused(..)` when the provider cannot be
/// reached.
pub async fn start_oidc(
    p: &Portal,
    provider: &str,
    next: &str,
    ip: Option<&str>,
) -> Result<Started> {
    let provider = p
        .config
        .oidc_provider(provider)
        .ok_or(Error::NotFound)?
        .clone();
    attempt_from(p, &throttle::OIDC_START_PER_IP, ip).await?;
    let (state, nonce, verifier) = (
        security::random_token(),
        security::random_token(),
        security::random_token(),
    );
    let redirect = p.config.oidc_redirect_url(&provider.id);
    let url = p
        .oidc
        .authorization_url(
            &provider,
            &redirect,
            Secrets {
                state: &state,
                nonce: &nonce,
                pkce_verifier: &verifier,
            },
        )
        .await
        .map_err(|f| Error::Refused(f.message()))?;
    let next = if local_path(next) { next } else { "/" }.to_string();
    let digest = security::token_digest(&state);
    p.blocking(move |p| {
        p.transaction(|conn| {
            identities::start_login(
                conn,
                &identities::NewLogin {
                    state_hash: &digest,
                    provider: &provider.id,
                    nonce: &nonce,
                    pkce_verifier: &verifier,
                    next_path: &next,
                },
                now(),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(Started { url, state })
}

/// What a provider sent the browser back with, and the state the browser
/// kept.
#[derive(Debug, Default, Clone)]
pub struct Callback {
    pub state: String,
    pub code: Option<String>,
    /// The provider's `error` (the person said no, …).
    pub error: Option<String>,
    /// The state cookie this browser holds.
    pub browser_state: Option<String>,
}

/// How a sign-in through a provider ended.
pub enum Finished {
    /// Signed in; go on to `next`.
    SignedIn { session: Session, next: String },
    /// The e-mail has an account that is not linked yet: its password is
    /// needed once (`token` names the waiting link, for a cookie).
    LinkNeeded { token: String },
}

/// Finishes a sign-in at `provider`: the state must be this browser's and
/// unused, the ID token must pass every check, and then the person is
/// signed in — as the account linked to this university account, or as a
/// new participant (e-mail verified by the university) — unless the e-mail
/// belongs to an account not linked yet, which must first be proved with its
/// password (`LinkNeeded`). What the university asserted is kept, and marks
/// the profile's school, department and student status as verified.
/// Refusals: `NotFound` (no such provider), `Refused(..)` with the reason.
pub async fn finish_oidc(
    p: &Portal,
    provider: &str,
    cb: Callback,
    client: Client,
    lang: Lang,
) -> Result<Finished> {
    let provider = p
        .config
        .oidc_provider(provider)
        .ok_or(Error::NotFound)?
        .clone();
    let same_browser = cb.browser_state.as_deref().is_some_and(|b| {
        !cb.state.is_empty() && bool::from(b.as_bytes().ct_eq(cb.state.as_bytes()))
    });
    if !same_browser {
        return Err(Error::Refused(STATE_REFUSED));
    }
    let (digest, id) = (security::token_digest(&cb.state), provider.id.clone());
    let login = p
        .blocking(move |p| {
            p.transaction(|conn| Ok(identities::take_login(conn, &digest, &id, now())?))
        })
        .await?
        .ok_or(Error::Refused(STATE_REFUSED))?;
    if cb.error.is_some() {
        return Err(Error::Refused("oidc-error-denied"));
    }
    let code = cb
        .code
        .filter(|c| !c.is_empty())
        .ok_or(Error::Refused("oidc-error-invalid"))?;
    let identity = p
        .oidc
        .identify(
            &provider,
            &p.config.oidc_redirect_url(&provider.id),
            &code,
            Secrets {
                state: &cb.state,
                nonce: &login.nonce,
                pkce_verifier: &login.pkce_verifier,
            },
        )
        .await
        .map_err(|f| Error::Refused(f.message()))?;
    let asserted = oidc::read_claims(&identity.claims, &provider.claims).map_err(Error::Refused)?;
    p.blocking(move |p| {
        p.transaction(|conn| {
            arrive(
                conn,
                Arrival {
                    provider: &provider,
                    identity: &identity,
                    asserted: &asserted,
                    next: &login.next_path,
                    client: &client,
                    lang,
                },
            )
        })
    })
    .await
}

struct Arrival<'a> {
    provider: &'a OidcProvider,
    identity: &'a Identity,
    asserted: &'a Asserted,
    next: &'a str,
    client: &'a Client,
    lang: Lang,
}

/// Signs in the account of a verified identity, creating it if the e-mail
/// is new, or holds the identity until the existing account's password is
/// given.
fn arrive(conn: &mut DbConn, a: Arrival) -> Result<Finished> {
    let t = now();
    let facts = resolve(conn, a.asserted)?;
    let (provider, subject) = (a.provider.id.as_str(), a.identity.subject.as_str());
    let user = match identities::find(conn, provider, subject)? {
        Some(linked) => {
            let user = store::users::find(conn, linked.user_id)?
                .filter(|u| !u.disabled)
                .ok_or(Error::Refused("oidc-error-disabled"))?;
            identities::refresh(conn, linked.id, &facts.row(a.asserted), t)?;
            user
        }
        None => match store::users::find_by_email(conn, &a.asserted.email)? {
            Some(existing) => {
                let token = security::random_token();
                let asserted =
                    serde_json::to_string(a.asserted).map_err(|e| Error::Internal(e.into()))?;
                identities::hold_link(
                    conn,
                    &identities::NewLink {
                        token_hash: &security::token_digest(&token),
                        user_id: existing.id,
                        provider,
                        subject,
                        asserted: &asserted,
                        next_path: a.next,
                    },
                    t,
                )?;
                return Ok(Finished::LinkNeeded { token });
            }
            None => {
                let user = new_account(conn, a.asserted, a.lang, t)?;
                identities::link(conn, user.id, provider, subject, &facts.row(a.asserted), t)?;
                audit(conn, &user, "user.signup_oidc", provider, a.client, t)?;
                user
            }
        },
    };
    verify_profile(conn, user.id, provider, &facts, t)?;
    audit(conn, &user, "user.signin_oidc", provider, a.client, t)?;
    let session = open_session(conn, &user, a.client, t)?;
    Ok(Finished::SignedIn {
        session,
        next: a.next.to_string(),
    })
}

/// A new participant for a university account: the e-mail counts as
/// verified (the university asserted it), the name is the one it gave (or
/// the e-mail's local part), and there is no password (one can be set by
/// the reset link).
fn new_account(conn: &mut DbConn, a: &Asserted, lang: Lang, t: NaiveDateTime) -> Result<User> {
    let local = a.email.split('@').next().unwrap_or("student");
    let name = DisplayName::parse(&a.real_name)
        .or_else(|_| DisplayName::parse(local))
        .map_err(|_| Error::Refused(oidc::NO_EMAIL))?;
    // Not a hash: no password matches it.
    new_participant(
        conn,
        &a.email,
        &name,
        "!university-sign-in",
        Some(t),
        lang,
        t,
    )
}

/// The asserted school as the list knows it: an MOE code or an official
/// name from the list is that school; anything else is kept as named.
struct Resolved {
    facts: VerifiedFacts,
}

impl Resolved {
    fn row<'a>(&'a self, a: &'a Asserted) -> identities::Facts<'a> {
        identities::Facts {
            email: &a.email,
            real_name: &a.real_name,
            school_code: self.facts.school_code.as_deref(),
            school_name: &self.facts.school_name,
            department: &self.facts.department,
            student: self.facts.student,
        }
    }
}

fn resolve(conn: &mut DbConn, a: &Asserted) -> Result<Resolved> {
    let (school_code, school_name) = match a.school.as_deref() {
        None => (None, String::new()),
        Some(s) => {
            match store::schools::find(conn, s)?.or(store::schools::find_by_name(conn, s)?) {
                Some(listed) => (Some(listed.code), listed.name),
                None => (None, s.to_string()),
            }
        }
    };
    Ok(Resolved {
        facts: VerifiedFacts {
            school_code,
            school_name,
            department: a.department.clone().unwrap_or_default(),
            student: a.student,
        },
    })
}

/// Brings a saved profile in line with what the university asserted — its
/// school and department, where the profile may still change (not while a
/// team it is in has closed registration) — and marks what the assertions
/// bear out as verified. A profile not saved yet starts from them on the
/// profile page, and is marked when saved.
fn verify_profile(
    conn: &mut DbConn,
    user_id: i32,
    provider: &str,
    facts: &Resolved,
    t: NaiveDateTime,
) -> Result<()> {
    let Some(profile) = store::profiles::find(conn, user_id)? else {
        return Ok(());
    };
    let f = &facts.facts;
    let department = Some(f.department.as_str()).filter(|d| !d.is_empty());
    let differs = !f.school_name.is_empty()
        && (profile.school_name != f.school_name
            || profile.school_code != f.school_code
            || department.is_some_and(|d| d != profile.department));
    if differs && may_move(conn, user_id, t)? {
        store::profiles::set_school(
            conn,
            user_id,
            f.school_code.as_deref(),
            &f.school_name,
            department,
            t,
        )?;
    }
    mark_profile(conn, user_id, Some(provider), f, t)
}

/// Marks what of a saved profile `facts` bear out (and drops marks they no
/// longer do). Used after a university sign-in and after a profile is saved.
pub(crate) fn mark_profile(
    conn: &mut DbConn,
    user_id: i32,
    provider: Option<&str>,
    facts: &VerifiedFacts,
    t: NaiveDateTime,
) -> Result<()> {
    let Some(profile) = store::profiles::find(conn, user_id)? else {
        return Ok(());
    };
    let marks = oidc::marks(
        facts,
        profile.school_code.as_deref(),
        &profile.school_name,
        &profile.department,
        profile.kind == PersonKind::Student.as_str(),
    );
    store::profiles::set_verified(conn, user_id, marks, provider, t)?;
    // What was verified (and a school a sign-in moved) decides their teams'
    // list flags.
    crate::service::teams::flags::refresh_for_user(conn, user_id)
}

/// Whether the school and department of this person may change now: not
/// while a team they are in has closed its registration (as on the profile
/// page).
fn may_move(conn: &mut DbConn, user_id: i32, t: NaiveDateTime) -> Result<bool> {
    for (team, role) in store::teams::teams_of_user(conn, user_id)? {
        if team.withdrawn || role == MemberRole::FormerStudent {
            continue;
        }
        if !TeamBundle::load(conn, team.id)?.registration_open(t) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn audit(
    conn: &mut DbConn,
    user: &User,
    action: &str,
    provider: &str,
    client: &Client,
    t: NaiveDateTime,
) -> Result<()> {
    store::audit::record(
        conn,
        store::audit::Entry {
            actor_id: Some(user.id),
            action,
            object_type: "user",
            object_id: Some(user.id.to_string()),
            details: json!({ "email": user.email, "provider": provider }),
            ip: client.ip.as_deref(),
        },
        t,
    )?;
    Ok(())
}

/// A university account waiting to be linked, as its page shows it.
pub struct LinkPage {
    pub email: String,
    pub provider_name: String,
    pub provider_name_en: String,
}

/// The waiting link with this token. Refusal: `Refused(LINK_GONE)` when
/// there is none (used, expired, or never made).
pub fn pending_link(p: &Portal, token: &str) -> Result<LinkPage> {
    let digest = security::token_digest(token);
    let (link, user) = p.read(|conn| {
        let link =
            identities::pending_link(conn, &digest, now())?.ok_or(Error::Refused(LINK_GONE))?;
        let user = store::users::find(conn, link.user_id)?.ok_or(Error::Refused(LINK_GONE))?;
        Ok((link, user))
    })?;
    let provider = p
        .config
        .oidc_provider(&link.provider)
        .ok_or(Error::Refused(LINK_GONE))?;
    Ok(LinkPage {
        email: user.email,
        provider_name: provider.name.clone(),
        provider_name_en: provider.name_en.clone(),
    })
}

/// Links the waiting university account to its account once that
/// account's password is given, and signs in (returns the session and where
/// to go). Attempts count against the account as sign-ins do. Refusals:
/// `Refused(LINK_GONE)`, `TooMany`, `Invalid` (the password, beside its
/// field), `Stale` (linked by another request meanwhile).
pub async fn link_with_password(
    p: &Portal,
    token: &str,
    password: &str,
    client: Client,
) -> Result<(Session, String)> {
    if password.is_empty() {
        return Err(FieldErrors::one("password", "error-password-required").into());
    }
    let digest = security::token_digest(token);
    let key_ip = client.ip.clone().unwrap_or_else(|| "unknown".into());
    let t = now();
    let (link, user, allowed) = p
        .blocking(move |p| {
            p.transaction(|conn| {
                let link =
                    identities::pending_link(conn, &digest, t)?.ok_or(Error::Refused(LINK_GONE))?;
                let user =
                    store::users::find(conn, link.user_id)?.ok_or(Error::Refused(LINK_GONE))?;
                let ip_ok = store::throttle::hit(conn, &throttle::SIGN_IN_PER_IP, &key_ip, t)?;
                let account_ok =
                    store::throttle::hit(conn, &throttle::SIGN_IN_PER_ACCOUNT, &user.email, t)?;
                Ok((link, user, ip_ok && account_ok))
            })
        })
        .await?;
    if !allowed {
        return Err(Error::TooMany("error-rate-limited"));
    }
    let ok = passwords::verify(p, password.to_string(), Some(user.password_hash.clone())).await?;
    if !ok || user.disabled {
        return Err(FieldErrors::one("password", "oidc-link-wrong-password").into());
    }
    let asserted: Asserted =
        serde_json::from_str(&link.asserted).map_err(|e| Error::Internal(e.into()))?;
    p.blocking(move |p| {
        p.transaction(|conn| {
            if !identities::drop_link(conn, link.id)? {
                return Err(Error::Refused(LINK_GONE));
            }
            store::throttle::clear(conn, &throttle::SIGN_IN_PER_ACCOUNT, &user.email)?;
            let facts = resolve(conn, &asserted)?;
            identities::link(
                conn,
                user.id,
                &link.provider,
                &link.subject,
                &facts.row(&asserted),
                t,
            )?;
            // The password proved the account; the university, the address.
            store::users::mark_verified(conn, user.id, t)?;
            verify_profile(conn, user.id, &link.provider, &facts, t)?;
            audit(
                conn,
                &user,
                "user.identity_linked",
                &link.provider,
                &client,
                t,
            )?;
            audit(conn, &user, "user.signin_oidc", &link.provider, &client, t)?;
            let session = open_session(conn, &user, &client, t)?;
            Ok((session, link.next_path.clone()))
        })
    })
    .await
}
