//! Public contest pages: the home page with the current contest, a contest's
//! timeline and tracks, a track's theme, rules and prizes, and the archive.

use actix_web::web;
use chrono::NaiveDateTime;
use serde_json::{json, Value as Json};

use super::ctx::Ctx;
use super::error::{AppError, AppResult};
use super::names::{contest_title, track_name};
use super::now;
use crate::domain::role::Role;
use crate::domain::timeline::{countdown, registration_open, roc_year};
use crate::i18n::Lang;
use crate::store::{self, contests::Contest, contests::Track};
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
    let timeline = c.timeline();
    let next = timeline.next_milestone(at).map(|m| {
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
        "phase_id": timeline.phase_at(at).message_id(),
        "registration_open": registration_open(c.registration_opens_at, c.registration_closes_at, at),
        "next": next,
        "finals_venue": c.finals_venue,
        "timeline": timeline.milestones().iter().map(|m| json!({
            "label_id": format!("milestone-{}", m.key.replace('_', "-")),
            "at": format_taipei(&m.at),
            "past": m.at <= at,
        })).collect::<Vec<_>>(),
    })
}

pub fn track_view(
    lang: Lang,
    t: &Track,
    prizes: &[store::contests::Prize],
    units: &[store::units::Unit],
) -> Json {
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
        "prizes": prizes.iter().filter(|p| p.track_id == t.id).map(|p| json!({
            "rank": p.rank_label, "winners": p.winners, "amount": format_amount(p.amount),
        })).collect::<Vec<_>>(),
    })
}

/// 60000 → "60,000".
pub fn format_amount(n: i32) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A published contest, or 404 — drafts are visible only to organisers.
async fn visible_contest(ctx: &Ctx, year: i32) -> Result<Contest, AppError> {
    let c = ctx
        .state
        .db(move |conn| Ok(store::contests::find_by_year(conn, year)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let organiser = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.has(Role::Organiser) || u.has(Role::Admin));
    if c.published || organiser {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

async fn home(ctx: Ctx) -> AppResult {
    let found = ctx
        .state
        .db(|conn| {
            let Some(c) = store::contests::current(conn)? else {
                return Ok(None);
            };
            let tracks = store::contests::tracks_of(conn, c.id)?;
            Ok(Some((c, tracks)))
        })
        .await?;
    let at = now();
    let lang = ctx.lang;
    let current = found.map(|(c, tracks)| {
        let mut v = contest_view(lang, &c, at);
        v["tracks"] = json!(tracks
            .iter()
            .map(|t| json!({ "id": t.id, "name": track_name(lang, t) }))
            .collect::<Vec<_>>());
        v
    });
    let mut links = Vec::new();
    if let Some(u) = &ctx.user {
        links.push(json!({ "href": "/teams", "label_id": "nav-my-teams" }));
        links.push(json!({ "href": "/profile", "label_id": "nav-profile" }));
        if u.has(Role::Organiser) || u.has(Role::Admin) {
            links.push(json!({ "href": "/organise", "label_id": "nav-organise" }));
        }
        if u.has(Role::Admin) {
            links.push(json!({ "href": "/admin/users", "label_id": "nav-admin" }));
        }
    }
    ctx.render("pages/home", json!({ "links": links, "current": current }))
}

async fn archive(ctx: Ctx) -> AppResult {
    let list = ctx
        .state
        .db(|conn| Ok(store::contests::list_published(conn)?))
        .await?;
    let at = now();
    let rows: Vec<Json> = list.iter().map(|c| contest_view(ctx.lang, c, at)).collect();
    ctx.render("contests/archive", json!({ "rows": rows }))
}

async fn contest(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let c = visible_contest(&ctx, path.into_inner()).await?;
    let id = c.id;
    let (tracks, prizes, units) = ctx
        .state
        .db(move |conn| {
            let tracks = store::contests::tracks_of(conn, id)?;
            let ids: Vec<i32> = tracks.iter().map(|t| t.id).collect();
            Ok((
                tracks,
                store::contests::prizes_of(conn, &ids)?,
                store::units::list(conn)?,
            ))
        })
        .await?;
    let lang = ctx.lang;
    let mut view = contest_view(lang, &c, now());
    view["registration_open"] = json!(!super::teams::open_tracks(&c, &tracks, now()).is_empty());
    ctx.render("contests/contest", json!({
        "contest": view,
        "tracks": tracks.iter().map(|t| track_view(lang, t, &prizes, &units)).collect::<Vec<_>>(),
    }))
}

async fn track(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let (year, track_id) = path.into_inner();
    let c = visible_contest(&ctx, year).await?;
    let contest_id = c.id;
    let lang = ctx.lang;
    let (t, prizes, units, winners) = ctx
        .state
        .db(move |conn| {
            let t = store::contests::find_track(conn, track_id)?
                .filter(|t| t.contest_id == contest_id)
                .ok_or(AppError::NotFound)?;
            let prizes = store::contests::prizes_of(conn, &[track_id])?;
            let winners = winners_of(conn, track_id, &prizes)?;
            Ok((t, prizes, store::units::list(conn)?, winners))
        })
        .await?;
    let mut view = contest_view(lang, &c, now());
    view["registration_open"] =
        json!(super::teams::open_tracks(&c, std::slice::from_ref(&t), now()).contains(&t.id));
    ctx.render(
        "contests/track",
        json!({
            "contest": view,
            "track": track_view(lang, &t, &prizes, &units),
            "winners": winners,
        }),
    )
}

/// One winner on one page, for printing in the ministry's briefing; 404
/// until the track's results are published.
async fn winner(ctx: Ctx, path: web::Path<(i32, i32, i32)>) -> AppResult {
    let (year, track_id, entry_id) = path.into_inner();
    let c = visible_contest(&ctx, year).await?;
    let contest_id = c.id;
    let lang = ctx.lang;
    let (t, winner) = ctx
        .state
        .db(move |conn| {
            let t = store::contests::find_track(conn, track_id)?
                .filter(|t| t.contest_id == contest_id)
                .ok_or(AppError::NotFound)?;
            let prizes = store::contests::prizes_of(conn, &[track_id])?;
            let winner = winners_of(conn, track_id, &prizes)?
                .into_iter()
                .find(|w| w["entry_id"] == entry_id)
                .ok_or(AppError::NotFound)?;
            Ok((t, winner))
        })
        .await?;
    ctx.render(
        "contests/winner",
        json!({
            "contest": contest_view(lang, &c, now()),
            "track": { "id": t.id, "name": track_name(lang, &t) },
            "winner": winner,
        }),
    )
}

/// "School department" of a team's current members, each once, in order.
pub(super) fn school_lines(members: &[store::teams::Member]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in members
        .iter()
        .filter(|m| m.role != store::teams::FORMER_STUDENT)
    {
        let s = [
            m.school_name.clone().unwrap_or_default(),
            m.department.clone().unwrap_or_default(),
        ]
        .join(" ")
        .trim()
        .to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// A track's published winners, in prize-table order; empty before publishing.
fn winners_of(
    conn: &mut crate::db::DbConn,
    track_id: i32,
    prizes: &[store::contests::Prize],
) -> Result<Vec<Json>, AppError> {
    if store::awards::published_at(conn, track_id)?.is_none() {
        return Ok(Vec::new());
    }
    let mut awards = store::awards::of_track(conn, track_id)?;
    let position = |p: i32| prizes.iter().position(|x| x.id == p).unwrap_or(usize::MAX);
    awards.sort_by_key(|(e, p)| (position(*p), *e));
    let entry_ids: Vec<i32> = awards.iter().map(|(e, _)| *e).collect();
    // Every winner's entry, team, members and datasets in one query each.
    let datasets = store::entries::datasets_of(conn, &entry_ids)?;
    let entries = store::entries::find_many(conn, &entry_ids)?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let names: std::collections::HashMap<i32, String> =
        store::teams::names(conn, &team_ids)?.into_iter().collect();
    let members = store::teams::members(conn, &team_ids)?;
    let mut out = Vec::new();
    for (entry_id, prize_id) in awards {
        let Some(e) = entries.iter().find(|e| e.id == entry_id) else {
            continue;
        };
        let Some(team_name) = names.get(&e.team_id) else {
            continue;
        };
        let mine: Vec<_> = members
            .iter()
            .filter(|m| m.team_id == e.team_id)
            .cloned()
            .collect();
        let schools = school_lines(&mine);
        let prize = prizes.iter().find(|p| p.id == prize_id);
        out.push(json!({
            "prize": prize.map(|p| p.rank_label.clone()),
            "amount": prize.map(|p| format_amount(p.amount)),
            "team": team_name, "schools": schools, "title": e.title, "abstract": e.abstract_,
            "demo_url": e.demo_url, "entry_id": e.id,
            "datasets": datasets.iter().filter(|d| d.0 == entry_id).map(|d| json!({ "id": d.1, "title": d.5, "publisher": d.2 })).collect::<Vec<_>>(),
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_have_thousands_separators() {
        assert_eq!(super::format_amount(60000), "60,000");
        assert_eq!(super::format_amount(1234567), "1,234,567");
        assert_eq!(super::format_amount(500), "500");
        assert_eq!(super::format_amount(0), "0");
    }
}
