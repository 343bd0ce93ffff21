//! Public contest pages: the home page with the current contest, a contest's
//! timeline and tracks, a track's theme, rules, prizes and winners, one
//! winner's page, and the archive.

use actix_web::web;
use chrono::NaiveDateTime;
use serde_json::{json, Value as Json};

use super::ctx::Ctx;
use super::error::AppResult;
use super::guards::person_of;
use super::names::{contest_title, track_name};
use crate::domain::role::Role;
use crate::domain::timeline::{countdown, registration_open, roc_year};
use crate::i18n::Lang;
use crate::service::contests::Winner;
use crate::service::{self, Person};
use crate::store::{self, contests::Contest, contests::Prize, contests::Track};
use crate::templates::format_taipei;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/contests", web::get().to(archive))
        .route("/contests/{year}", web::get().to(contest))
        .route("/contests/{year}/tracks/{id}", web::get().to(track))
        .route(
            "/contests/{year}/tracks/{id}/winners/{entry}",
            web::get().to(winner),
        );
}

/// Everything a page says about a contest: title, phase, countdown and timeline.
pub fn contest_view(lang: Lang, c: &Contest, at: NaiveDateTime) -> Json {
    contest_view_of(lang, c, &[], at)
}

/// A contest as it holds for `tracks` (all of its tracks, or the one a page
/// is about): deadlines moved by their extensions, and the results phase
/// with a link to each track's winners once published.
pub fn contest_view_of(lang: Lang, c: &Contest, tracks: &[Track], at: NaiveDateTime) -> Json {
    let timeline = c.timeline_for(tracks);
    let published: Vec<Json> = tracks
        .iter()
        .filter(|t| t.results_published_at.is_some())
        .map(|t| json!({ "id": t.id, "name": track_name(lang, t) }))
        .collect();
    // Once every track's results are out, no milestone is worth counting down to.
    let all_out = !tracks.is_empty() && published.len() == tracks.len();
    let next = timeline.next_milestone(at).filter(|_| !all_out).map(|m| {
        let (days, hours, minutes) = countdown(at, m.at);
        let label_id = format!("milestone-{}", m.key.replace('_', "-"));
        json!({ "label": crate::i18n::t(lang, &label_id), "label_id": label_id, "at": format_taipei(&m.at),
                "days": days, "hours": hours, "minutes": minutes })
    });
    json!({
        "id": c.id,
        "year": c.year,
        "roc_year": roc_year(c.year),
        "title": contest_title(lang, c),
        "description": c.description,
        "published": c.published,
        "phase_id": timeline.phase_with_results(at, !published.is_empty()).message_id(),
        "results": published,
        "registration_open": registration_open(timeline.registration_opens, timeline.registration_closes, at),
        "next": next,
        "finals_venue": c.finals_venue,
        "timeline": timeline.milestones().iter().map(|m| json!({
            "label_id": format!("milestone-{}", m.key.replace('_', "-")),
            "at": format_taipei(&m.at),
            "past": m.at <= at,
        })).collect::<Vec<_>>(),
    })
}

pub fn track_view(lang: Lang, t: &Track, prizes: &[Prize], units: &[store::units::Unit]) -> Json {
    let agency = t
        .agency_unit_id
        .and_then(|id| units.iter().find(|u| u.id == id))
        .map(|u| {
            if lang == Lang::En {
                u.name_en.clone()
            } else {
                u.name_zh.clone()
            }
        });
    json!({
        "id": t.id,
        "name": track_name(lang, t),
        "theme": t.theme,
        "agency": agency,
        "datasets": t.datasets(),
        "publishers": t.publishers(),
        "rules_text": t.rules_text,
        "min_students": t.min_students, "max_students": t.max_students,
        "min_advisors": t.min_advisors, "max_advisors": t.max_advisors,
        "max_tracks_per_team": t.max_tracks_per_team, "min_datasets": t.min_datasets,
        "cross_school_allowed": t.cross_school_allowed, "proof_required": t.proof_required,
        "registration_extended": t.registration_closes_at.as_ref().map(format_taipei),
        "submission_extended": t.submission_deadline_at.as_ref().map(format_taipei),
        "prizes": prizes.iter().filter(|p| p.track_id == t.id).map(|p| json!({
            "rank": p.label(lang), "winners": p.winners, "amount": crate::domain::team::format_amount(p.amount),
        })).collect::<Vec<_>>(),
    })
}

fn viewer(ctx: &Ctx) -> Option<Person> {
    person_of(ctx).ok()
}

async fn home(ctx: Ctx) -> AppResult {
    let who = viewer(&ctx);
    let home = ctx
        .state
        .run(move |p| service::contests::home(p, who.as_ref()))
        .await?;
    let lang = ctx.lang;
    let current = home.current.map(|(c, tracks)| {
        let mut v = contest_view_of(lang, &c, &tracks, home.at);
        v["tracks"] = json!(tracks
            .iter()
            .map(|t| json!({ "id": t.id, "name": track_name(lang, t) }))
            .collect::<Vec<_>>());
        v
    });
    let work = home.work.as_ref().map(|w| super::home::work_view(lang, w));
    let mut links = Vec::new();
    if let Some(u) = &ctx.user {
        let w = home.work.as_ref();
        if w.is_some_and(|w| w.student.is_some() || !w.advisor.is_empty()) {
            links.push(json!({ "href": "/teams", "label_id": "nav-my-teams" }));
        }
        links.push(json!({ "href": "/profile", "label_id": "nav-profile" }));
        if u.has(Role::Organiser) || u.has(Role::Admin) {
            links.push(json!({ "href": "/organise", "label_id": "nav-organise" }));
        }
        if u.has(Role::Admin) {
            links.push(json!({ "href": "/admin/users", "label_id": "nav-admin" }));
        }
    }
    ctx.render(
        "pages/home",
        json!({ "links": links, "current": current, "work": work }),
    )
}

async fn archive(ctx: Ctx) -> AppResult {
    let a = ctx.state.run(service::contests::archive).await?;
    let rows: Vec<Json> = a
        .contests
        .iter()
        .map(|c| {
            let mut row = contest_view(ctx.lang, c, a.at);
            row["challenges"] =
                archived_challenges(ctx.lang, a.challenges.get(&c.id).map(Vec::as_slice));
            row
        })
        .collect();
    ctx.render("contests/archive", json!({ "rows": rows }))
}

/// A contest's past challenges on the archive: title, unit, and once
/// results are published what answered them.
fn archived_challenges(
    lang: crate::i18n::Lang,
    list: Option<&[service::challenges::ArchivedChallenge]>,
) -> Json {
    json!(list.map(|l| l.iter().map(|a| json!({
        "title": a.challenge.title(lang.code()),
        "link": format!("/challenges/{}", a.challenge.id),
        "unit": a.unit.as_ref().map(|u| crate::i18n::unit_name(lang, u)),
        "answered": a.answered.map(|(submitted, finalists)| json!({ "entries": submitted, "finalists": finalists })),
        "winners": a.winners.iter().map(|(team, title)| json!({ "team": team, "title": title })).collect::<Vec<_>>(),
    })).collect::<Vec<_>>()).unwrap_or_default())
}

async fn contest(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let (who, year) = (viewer(&ctx), path.into_inner());
    let page = ctx
        .state
        .run(move |p| service::contests::contest_page(p, who.as_ref(), year))
        .await?;
    let lang = ctx.lang;
    let mut view = contest_view_of(lang, &page.contest, &page.tracks, page.at);
    view["registration_open"] = json!(page.registration_open);
    ctx.render("contests/contest", json!({
        "contest": view,
        "tracks": page.tracks.iter().map(|t| track_view(lang, t, &page.prizes, &page.units)).collect::<Vec<_>>(),
    }))
}

fn winner_json(lang: Lang, w: &Winner) -> Json {
    json!({
        "prize": w.prize.as_ref().map(|p| p.label(lang)),
        "amount": w.prize.as_ref().map(|p| crate::domain::team::format_amount(p.amount)),
        "team": w.team, "schools": w.schools, "title": w.title, "abstract": w.abstract_,
        "demo_url": w.demo_url, "entry_id": w.entry_id,
        "datasets": w.datasets.iter().map(|(id, title, publisher)| json!({ "id": id, "title": title, "publisher": publisher })).collect::<Vec<_>>(),
    })
}

async fn track(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let (year, track_id) = path.into_inner();
    let who = viewer(&ctx);
    let page = ctx
        .state
        .run(move |p| service::contests::track_page(p, who.as_ref(), year, track_id))
        .await?;
    let lang = ctx.lang;
    let tracks = std::slice::from_ref(&page.track);
    let mut view = contest_view_of(lang, &page.contest, tracks, page.at);
    view["registration_open"] = json!(page.registration_open);
    let mut track_view = track_view(lang, &page.track, &page.prizes, &page.units);
    // A typed line naming a dataset that is linked above is not repeated.
    if let Some(lines) = track_view["datasets"].as_array_mut() {
        lines.retain(|l| {
            !page
                .recommended
                .iter()
                .any(|d| l.as_str() == Some(&d.title))
        });
    }
    ctx.render(
        "contests/track",
        json!({
            "contest": view,
            "track": track_view,
            "winners": page.winners.iter().map(|w| winner_json(lang, w)).collect::<Vec<_>>(),
            "recommended": page.recommended.iter().map(|d| json!({
                "url": format!("/catalog/{}", d.source_id), "title": d.title, "publisher": d.publisher,
            })).collect::<Vec<_>>(),
            // issue 20: the track's published challenges
            "challenges": page.challenges.iter().map(|l| json!({
                "id": l.challenge.id, "title": l.challenge.title(lang.code()),
                "unit": crate::i18n::unit_name(lang, &l.unit), "prize": l.challenge.prize,
                "datasets": l.datasets.iter().map(|d| json!({
                    "url": format!("/catalog/{}", d.source_id), "title": d.title, "publisher": d.publisher,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }),
    )
}

/// One winner on one page, for printing in the ministry's briefing; 404
/// until the track's results are published.
async fn winner(ctx: Ctx, path: web::Path<(i32, i32, i32)>) -> AppResult {
    let (year, track_id, entry_id) = path.into_inner();
    let who = viewer(&ctx);
    let page = ctx
        .state
        .run(move |p| service::contests::winner(p, who.as_ref(), year, track_id, entry_id))
        .await?;
    let lang = ctx.lang;
    ctx.render(
        "contests/winner",
        json!({
            "contest": contest_view(lang, &page.contest, page.at),
            "track": { "id": page.track.id, "name": track_name(lang, &page.track) },
            "winner": winner_json(lang, &page.winner),
        }),
    )
}
