//! Public pages served from memory: each page kept per language, address
//! and viewer with the change counters and the minute it was rendered in,
//! and served again only while both still hold.
//!
//! Which pages, and which areas of the portal each shows, is `areas_of`. A
//! page is kept only for a request without a flash cookie, with status 200,
//! no cookie of its own and nothing of the visitor in it (the CSRF token,
//! the visitor cookie); the middleware adds the visitor's own cookie and the
//! security headers to every copy it serves. A signed-in person's copy is
//! kept without its header and token, which are filled in per request
//! (`signed_pages` says for whom a copy is kept). The counters are
//! raised by the use cases (`service::changes`) and read by every replica's
//! poller; a replica that has not read them lately neither serves nor keeps.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::http::header::{HeaderName, HeaderValue, CACHE_CONTROL};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::HttpResponse;

use crate::i18n::Lang;
use crate::service::changes::Area;
use crate::service::Portal;

const CONTESTS: &[Area] = &[Area::Contests];
const CONTESTS_CATALOG: &[Area] = &[Area::Contests, Area::Catalog];
const REQUESTS: &[Area] = &[Area::Requests, Area::Catalog];
const CATALOG: &[Area] = &[Area::Catalog];
const DATASET: &[Area] = &[Area::Contests, Area::Catalog, Area::Usage];
/// A page made of the settings alone: it holds until the end of its minute.
const SETTINGS: &[Area] = &[];

/// Longest address (path and query) kept; longer ones are rendered each time.
const MAX_ADDRESS: usize = 512;

/// The areas whose changes the public page at `path` shows, or `None` for a
/// page that is never kept.
pub fn areas_of(path: &str) -> Option<&'static [Area]> {
    let number = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    match parts.as_slice() {
        [""] | ["contests"] => Some(CONTESTS),
        ["contests", year] if number(year) => Some(CONTESTS),
        // A track's results and winners name the datasets the entries declare.
        ["contests", year, "tracks", id] if number(year) && number(id) => Some(CONTESTS_CATALOG),
        ["contests", year, "tracks", id, "winners", entry]
            if number(year) && number(id) && number(entry) =>
        {
            Some(CONTESTS_CATALOG)
        }
        // A published challenge (issue 20) names its track, unit and datasets.
        ["challenges", id] if number(id) => Some(CONTESTS_CATALOG),
        ["requests"] => Some(REQUESTS),
        ["requests", id] if number(id) => Some(REQUESTS),
        ["catalog"] => Some(CATALOG),
        // A dataset's page counts the entries using it and names its winners.
        ["catalog", id] if !id.is_empty() => Some(DATASET),
        ["open-data"] => Some(SETTINGS),
        _ => None,
    }
}

/// A request the cache may answer: where, in which language, and the
/// counters of the page's areas and the minute as they stand now.
pub struct Candidate {
    key: String,
    generations: Vec<i64>,
    minute: i64,
}

struct Entry {
    generations: Vec<i64>,
    minute: i64,
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl Entry {
    fn size(&self, key: &str) -> usize {
        self.body.len() + key.len() + 256
    }

    fn response(&self, body: Bytes) -> HttpResponse {
        let mut resp = HttpResponse::build(self.status);
        for (name, value) in &self.headers {
            resp.insert_header((name.clone(), value.clone()));
        }
        resp.body(body)
    }
}

/// Where the layout's site header (`partials/site_header`) begins and ends.
const HEADER_START: &str = "<header class=\"site-header\">";
const HEADER_END: &str = "</header>";
/// What stands for the header and for the CSRF token in a signed-in page
/// kept (a page already holding the marks' character is not kept).
const HEADER_MARK: &str = "\u{1}header\u{1}";
const CSRF_MARK: &str = "\u{1}csrf\u{1}";

struct Slot {
    entry: Arc<Entry>,
    used: u64,
}

#[derive(Default)]
struct Slots {
    map: HashMap<String, Slot>,
    bytes: usize,
    tick: u64,
}

/// The pages kept, at most `max_bytes` of them (least recently served go first).
pub struct RenderCache {
    slots: Mutex<Slots>,
    max_bytes: usize,
    /// Counters older than this (milliseconds, three polls) are not trusted:
    /// a replica whose poller stalls renders afresh instead.
    trust_ms: i64,
    /// Signed-in people's sessions, as their pages' headers need them.
    pub(super) sessions: super::signed_pages::Sessions,
}

impl RenderCache {
    pub fn new(max_bytes: usize, poll_ms: u64) -> RenderCache {
        RenderCache {
            slots: Mutex::new(Slots::default()),
            max_bytes,
            trust_ms: crate::service::changes::trust_ms(poll_ms),
            sessions: super::signed_pages::Sessions::default(),
        }
    }

    /// The candidate for an anonymous GET of `path` and `query` in `lang`,
    /// or `None` when the page is never kept or the counters are not fresh.
    pub fn candidate(
        &self,
        portal: &Portal,
        path: &str,
        query: &str,
        lang: Lang,
    ) -> Option<Candidate> {
        self.candidate_for(portal, path, query, lang, "")
    }

    /// The candidate for a GET by the viewer `viewer` (empty for an
    /// anonymous visitor; otherwise it starts with `@`, so no address
    /// collides with it).
    pub(super) fn candidate_for(
        &self,
        portal: &Portal,
        path: &str,
        query: &str,
        lang: Lang,
        viewer: &str,
    ) -> Option<Candidate> {
        let areas = areas_of(path)?;
        if path.len() + query.len() > MAX_ADDRESS || !portal.changes.read_within(self.trust_ms) {
            return None;
        }
        let key = match viewer {
            "" => format!("{} {path}?{query}", lang.code()),
            v => format!("{} {v} {path}?{query}", lang.code()),
        };
        Some(Candidate {
            key,
            generations: areas.iter().map(|a| portal.changes.get(*a)).collect(),
            minute: chrono::Utc::now().timestamp().div_euclid(60),
        })
    }

    /// The kept page for `c`, if it was rendered in the same minute with the
    /// same counters; a page that no longer holds is dropped.
    pub fn answer(&self, c: &Candidate) -> Option<HttpResponse> {
        let entry = self.kept(c)?;
        Some(entry.response(entry.body.clone()))
    }

    /// The kept entry for `c`, if it still holds.
    fn kept(&self, c: &Candidate) -> Option<Arc<Entry>> {
        let entry = {
            let mut slots = self.slots.lock().ok()?;
            slots.tick += 1;
            let tick = slots.tick;
            let slot = slots.map.get_mut(&c.key)?;
            if slot.entry.minute != c.minute || slot.entry.generations != c.generations {
                if let Some(old) = slots.map.remove(&c.key) {
                    slots.bytes = slots.bytes.saturating_sub(old.entry.size(&c.key));
                }
                return None;
            }
            slot.used = tick;
            slot.entry.clone()
        };
        Some(entry)
    }

    /// The kept page for the signed-in `c`, with `header` in place of the
    /// header cut out of it and `csrf` in place of each token.
    pub(super) fn answer_signed(
        &self,
        c: &Candidate,
        header: &str,
        csrf: &str,
    ) -> Option<HttpResponse> {
        let entry = self.kept(c)?;
        let text = std::str::from_utf8(&entry.body).ok()?;
        let (before, after) = text.split_once(HEADER_MARK)?;
        let mut page = String::with_capacity(text.len() + header.len() + 256);
        page.push_str(&before.replace(CSRF_MARK, csrf));
        page.push_str(header);
        page.push_str(&after.replace(CSRF_MARK, csrf));
        Some(entry.response(Bytes::from(page)))
    }

    /// Keeps the signed-in `resp` for `c` with the site header (everything
    /// of the person's own in the layout) cut out and `csrf` marked, when
    /// it is a plain 200 and none of `personal` is left in it; returns it
    /// unchanged.
    pub(super) fn keep_signed(
        &self,
        c: Candidate,
        resp: HttpResponse,
        csrf: &str,
        personal: &[&str],
    ) -> HttpResponse {
        self.keep_with(c, resp, |text| {
            if csrf.is_empty() || text.contains('\u{1}') {
                return None;
            }
            let start = text.find(HEADER_START)?;
            let end = start + text[start..].find(HEADER_END)? + HEADER_END.len();
            let kept = format!(
                "{}{HEADER_MARK}{}",
                text[..start].replace(csrf, CSRF_MARK),
                text[end..].replace(csrf, CSRF_MARK)
            );
            let shown = personal.iter().any(|s| !s.is_empty() && kept.contains(s));
            (!shown).then(|| Bytes::from(kept))
        })
    }

    /// Keeps `resp` for `c` when it may be shown to every anonymous visitor
    /// (status 200, no cookie, no caching rule of its own, none of `secrets`
    /// in it), and returns it unchanged.
    pub fn keep(&self, c: Candidate, resp: HttpResponse, secrets: &[&str]) -> HttpResponse {
        self.keep_with(c, resp, |text| {
            if secrets.iter().any(|s| !s.is_empty() && text.contains(s)) {
                tracing::warn!("a public page carries a visitor's token: not cached");
                return None;
            }
            Some(Bytes::copy_from_slice(text.as_bytes()))
        })
    }

    /// Keeps what `kept` makes of `resp`'s text for `c` (nothing when it
    /// gives `None`), if `resp` is a plain 200 with no cookie and no
    /// caching rule of its own; returns `resp` unchanged.
    fn keep_with(
        &self,
        c: Candidate,
        resp: HttpResponse,
        kept: impl FnOnce(&str) -> Option<Bytes>,
    ) -> HttpResponse {
        if resp.status() != StatusCode::OK
            || resp.cookies().next().is_some()
            || resp.headers().contains_key(CACHE_CONTROL)
        {
            return resp;
        }
        let headers: Vec<(HeaderName, HeaderValue)> = resp
            .headers()
            .iter()
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();
        let status = resp.status();
        let (head, body) = resp.into_parts();
        let body = match body.try_into_bytes() {
            Ok(bytes) => bytes,
            Err(body) => return head.set_body(body),
        };
        if let Some(kept) = std::str::from_utf8(&body).ok().and_then(kept) {
            self.insert(
                c.key,
                Entry {
                    generations: c.generations,
                    minute: c.minute,
                    status,
                    headers,
                    body: kept,
                },
            );
        }
        head.set_body(BoxBody::new(body))
    }

    fn insert(&self, key: String, entry: Entry) {
        let size = entry.size(&key);
        if size > self.max_bytes / 8 {
            return;
        }
        let Ok(mut slots) = self.slots.lock() else {
            return;
        };
        slots.tick += 1;
        let used = slots.tick;
        slots.bytes += size;
        let slot = Slot {
            entry: Arc::new(entry),
            used,
        };
        if let Some(old) = slots.map.insert(key.clone(), slot) {
            slots.bytes = slots.bytes.saturating_sub(old.entry.size(&key));
        }
        if slots.bytes > self.max_bytes {
            // Down to three quarters, least recently served first.
            let mut by_use: Vec<(u64, String)> =
                slots.map.iter().map(|(k, s)| (s.used, k.clone())).collect();
            by_use.sort_unstable();
            for (_, k) in by_use {
                if slots.bytes <= self.max_bytes / 4 * 3 {
                    break;
                }
                if let Some(old) = slots.map.remove(&k) {
                    slots.bytes = slots.bytes.saturating_sub(old.entry.size(&k));
                }
            }
        }
    }

    /// How many pages are kept (for tests and logs).
    pub fn len(&self) -> usize {
        self.slots.lock().map(|s| s.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_kept() {
        assert_eq!(areas_of("/"), Some(CONTESTS));
        assert_eq!(areas_of("/contests/2026"), Some(CONTESTS));
        assert_eq!(areas_of("/contests/2026/tracks/3"), Some(CONTESTS_CATALOG));
        assert_eq!(areas_of("/requests/12"), Some(REQUESTS));
        assert_eq!(areas_of("/catalog/12345"), Some(DATASET));
        assert_eq!(areas_of("/catalog"), Some(CATALOG));
        assert_eq!(areas_of("/open-data"), Some(SETTINGS));
        assert_eq!(areas_of("/challenges/7"), Some(CONTESTS_CATALOG));
        for never in [
            "/requests/new",
            "/requests/1/follow",
            "/catalog/1/dependents",
            "/contests/x",
            "/contests/2026/",
            "/teams",
            "/organise/catalog/themes",
            "/notifications",
            "/open-data/results.csv",
            "",
        ] {
            assert_eq!(areas_of(never), None, "{never}");
        }
    }
}
