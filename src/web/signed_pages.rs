//! Signed-in people's public pages come from the render cache with each
//! person's header and CSRF token filled in per request, from sessions this
//! replica holds for at most `SESSION_HOLD`.
//!
//! A copy is kept per language, address and viewer: the person themselves
//! where the page shows their own things (a data request's page, the
//! board's "mine"), otherwise everyone with the same roles (and units) and
//! the same verified flag. The home page is never kept for a signed-in
//! person: its "my work" part follows entries, eligibility and scores, which
//! no change counter covers. A copy for a role is never
//! kept when the person's name or e-mail address is left in it once the
//! header is cut out. A held session is forgotten once this replica commits
//! any transaction or answers any POST, and after `SESSION_HOLD` whatever
//! happened: that bounds how late a sign-out, a role change or a new
//! notification made on another replica (or by a background job) shows here.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::HttpResponse;
use serde_json::json;

use super::ctx::{Ctx, CurrentUser};
use super::error::AppError;
use super::render_cache::Candidate;
use super::AppState;

/// How long this replica trusts a session it read from the database.
pub const SESSION_HOLD: Duration = Duration::from_secs(1);
/// At most this many sessions held; past it, all are forgotten at once.
const MAX_SESSIONS: usize = 20_000;

struct Held {
    user: CurrentUser,
    locale: String,
    /// This replica's transactions committed before the session was read.
    writes: u64,
    at: Instant,
}

/// The sessions this replica read lately, by token digest.
#[derive(Default)]
pub struct Sessions {
    held: Mutex<HashMap<String, Held>>,
}

impl Sessions {
    fn get(&self, digest: &str, writes: u64) -> Option<(CurrentUser, String)> {
        let held = self.held.lock().ok()?;
        let h = held.get(digest)?;
        (h.writes == writes && h.at.elapsed() < SESSION_HOLD)
            .then(|| (h.user.clone(), h.locale.clone()))
    }

    fn put(&self, digest: &str, user: &CurrentUser, locale: &str, writes: u64) {
        if let Ok(mut held) = self.held.lock() {
            if held.len() >= MAX_SESSIONS {
                held.clear();
            }
            let h = Held {
                user: user.clone(),
                locale: locale.to_string(),
                writes,
                at: Instant::now(),
            };
            held.insert(digest.to_string(), h);
        }
    }

    /// Forgets every session held (after a POST: it may have changed one).
    pub fn forget_all(&self) {
        if let Ok(mut held) = self.held.lock() {
            held.clear();
        }
    }
}

/// The person signed in with the session whose token digests to `digest`,
/// and their language: held on this replica when `public` (a GET of a page
/// the render cache keeps), otherwise read from the database.
pub async fn resume(
    state: &AppState,
    digest: &str,
    public: bool,
) -> Result<Option<(CurrentUser, String)>, AppError> {
    let sessions = state
        .render_cache
        .as_ref()
        .filter(|_| public)
        .map(|c| &c.sessions);
    // Read before the session: a transaction committed meanwhile makes the
    // session read now stale at once.
    let writes = state.portal.changes.writes();
    if let Some(found) = sessions.and_then(|s| s.get(digest, writes)) {
        return Ok(Some(found));
    }
    let d = digest.to_string();
    let found = state
        .run(move |p| crate::service::accounts::resume_session(p, &d))
        .await?;
    let Some(held) = found else {
        return Ok(None);
    };
    let u = held.user;
    let user = CurrentUser {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        verified: u.email_verified_at.is_some(),
        must_change_password: u.must_change_password,
        roles: held.roles,
        unread: held.unread,
    };
    if let Some(s) = sessions {
        s.put(digest, &user, &u.locale, writes);
    }
    Ok(Some((user, u.locale)))
}

/// A signed-in request the render cache may answer.
pub struct Signed {
    candidate: Candidate,
    /// Kept for this one person (the page shows their own things).
    own: bool,
}

/// Whether the page at `path` and `query` shows the viewer's own things.
fn shows_own(path: &str, query: &str) -> bool {
    path.starts_with("/requests/")
        || (path == "/requests"
            && url::form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == "mine"))
}

/// Whose copy of the page at `path` and `query` `u` is given.
fn viewer(u: &CurrentUser, path: &str, query: &str) -> (String, bool) {
    let mut roles: Vec<String> = u
        .roles
        .iter()
        .map(|g| format!("{}.{}", g.role.message_id(), g.unit_id.unwrap_or(0)))
        .collect();
    roles.sort_unstable();
    let roles = roles.join(",");
    if shows_own(path, query) {
        let name = &u.display_name;
        (
            format!("@person {} {} {roles} {name}", u.id, u.verified),
            true,
        )
    } else {
        (format!("@roles {} {roles}", u.verified), false)
    }
}

/// The candidate for `ctx`'s signed-in person's GET of `path` and `query`,
/// when the render cache keeps that page (`flash`: the request carries a
/// flash, which is never kept).
pub fn candidate(ctx: &Ctx, path: &str, query: &str, get: bool, flash: bool) -> Option<Signed> {
    let u = ctx.user.as_ref()?;
    let cache = ctx.state.render_cache.as_ref()?;
    if !get || flash || u.must_change_password || path == "/" {
        return None;
    }
    let (key, own) = viewer(u, path, query);
    let candidate = cache.candidate_for(&ctx.state.portal, path, query, ctx.lang, &key)?;
    Some(Signed { candidate, own })
}

/// The kept page for `s`, with `ctx`'s header and token in it.
pub fn answer(ctx: &Ctx, s: &Signed) -> Option<HttpResponse> {
    let cache = ctx.state.render_cache.as_ref()?;
    let header = match ctx
        .state
        .html
        .render("partials/site_header", &ctx.view(json!({})))
    {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "site header failed to render");
            return None;
        }
    };
    cache.answer_signed(&s.candidate, header.trim_end(), &ctx.csrf)
}

/// Keeps `resp`, rendered for `ctx`'s person, for `s` (see `answer`).
pub fn keep(ctx: &Ctx, s: Signed, resp: HttpResponse) -> HttpResponse {
    let Some(cache) = ctx.state.render_cache.as_ref() else {
        return resp;
    };
    let personal: Vec<String> = match (&ctx.user, s.own) {
        (Some(u), false) => [&u.display_name, &u.email]
            .into_iter()
            .flat_map(|v| [v.clone(), handlebars::html_escape(v)])
            .collect(),
        _ => Vec::new(),
    };
    let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
    cache.keep_signed(s.candidate, resp, &ctx.csrf, &personal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_ones_own_things_are_kept_per_person() {
        // The home page is never kept for a signed-in person (`candidate`).
        for own in [("/requests/12", ""), ("/requests", "q=x&mi%6Ee=1")] {
            assert!(shows_own(own.0, own.1), "{own:?}");
        }
        for shared in [
            ("/requests", "q=mine"),
            ("/contests/2026", ""),
            ("/catalog/1", ""),
        ] {
            assert!(!shows_own(shared.0, shared.1), "{shared:?}");
        }
    }
}
