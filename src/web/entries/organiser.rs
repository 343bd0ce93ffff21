//! The organisers' list of a contest's entries, a page at a time, and its
//! CSV sent as it is read.

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::i18n::Lang;
use crate::service::entries::{EntryListHead, ListedEntry};
use crate::service::{self};
use crate::templates::format_taipei;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    track: String,
    page: Option<i64>,
}

pub async fn list(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ListQuery>,
) -> AppResult {
    let track = q.track.parse::<i32>().ok();
    let (contest_id, page) = (path.into_inner(), q.page);
    let l = ctx
        .state
        .run(move |p| service::entries::organiser_list(p, &who.0, contest_id, track, page))
        .await?;
    let lang = ctx.lang;
    let contest = &l.head.contest;
    let base = format!(
        "/organise/contests/{}/entries?track={}",
        contest.id, q.track
    );
    let pages = l.page.pages();
    let current = l.page.page;
    ctx.render("entries/organiser", json!({
        "contest": { "id": contest.id, "year": contest.year, "title": contest_title(lang, contest) },
        "track_options": l.head.tracks.iter().map(|t| json!({ "id": t.id.to_string(), "name": track_name(lang, t), "selected": Some(t.id) == track })).collect::<Vec<_>>(),
        "csv": format!("/organise/contests/{}/entries.csv?track={}", contest.id, q.track),
        "rows": l.page.items.iter().map(|r| json!({
            "team_id": r.entry.team_id, "track_id": r.entry.track_id, "team": r.team,
            "track": l.head.track(r.entry.track_id).map(|t| track_name(lang, t)).unwrap_or_default(),
            "title": r.entry.title, "status_id": format!("entry-status-{}", r.entry.status.as_str()),
            "datasets": r.precheck.distinct, "counted": r.precheck.counted, "precheck_passed": r.precheck.passed(),
            "version": r.entry.version, "updated_at": format_taipei(&r.entry.updated_at),
        })).collect::<Vec<_>>(),
        "pager": {
            "page": current, "pages": pages, "total": l.page.total,
            "prev": (current > 1).then(|| format!("{base}&page={}", current - 1)),
            "next": (current < pages).then(|| format!("{base}&page={}", current + 1)),
        },
    }))
}

/// The words of the CSV in the reader's language.
#[derive(Clone)]
struct CsvWords {
    lang: Lang,
    yes: String,
    no: String,
    /// Each entry status's name, by its stored value.
    statuses: Vec<(String, String)>,
    head: std::sync::Arc<EntryListHead>,
}

impl CsvWords {
    fn line(&self, r: &ListedEntry) -> Vec<String> {
        let status = r.entry.status.as_str();
        vec![
            r.team.clone(),
            self.head
                .track(r.entry.track_id)
                .map(|t| track_name(self.lang, t))
                .unwrap_or_default(),
            r.entry.title.clone(),
            self.statuses
                .iter()
                .find(|(s, _)| s == status)
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
            r.precheck.distinct.to_string(),
            r.precheck.counted.to_string(),
            if r.precheck.passed() {
                &self.yes
            } else {
                &self.no
            }
            .clone(),
            r.entry.version.to_string(),
            format_taipei(&r.entry.updated_at),
        ]
    }
}

/// CSV that Excel opens correctly (see `web::download`), sent a few
/// hundred entries at a time as they are read.
pub async fn csv(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ListQuery>,
) -> AppResult {
    let track = q.track.parse::<i32>().ok();
    let contest_id = path.into_inner();
    let person = who.0;
    let asker = person.clone();
    let head = ctx
        .state
        .run(move |p| service::entries::organiser_csv(p, &asker, contest_id))
        .await?;
    let t = |id: &str| ctx.t(id);
    let filename = format!("entries-{}.csv", head.contest.year);
    let words = CsvWords {
        lang: ctx.lang,
        yes: t("csv-yes"),
        no: t("csv-no"),
        statuses: [
            crate::domain::entry::Status::Draft,
            crate::domain::entry::Status::Submitted,
        ]
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                t(&format!("entry-status-{}", s.as_str())),
            )
        })
        .collect(),
        head: std::sync::Arc::new(head),
    };
    let heading = [
        "team-name",
        "team-tracks",
        "entry-title",
        "entry-status",
        "entry-datasets-count",
        "entry-datasets-counted",
        "entry-precheck",
        "entry-version",
        "entry-updated",
    ]
    .into_iter()
    .map(t)
    .collect::<Vec<_>>();
    let parts = download::keyed_parts(
        ctx.state.clone(),
        move |p, after| {
            service::entries::organiser_csv_part(p, &person, contest_id, track, after)
                .map(|part| (part.rows, part.next))
        },
        move |r| words.line(r),
    );
    download::csv_parts(heading, parts, &filename)
}
