//! The organisers' judges page of a track and round: the panel and its
//! progress, the round's settings, conflicts and assignments; inviting,
//! removing and reminding judges, and saving the settings.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{back, round_of, rounds_json};
use crate::domain::judging::{RankMethod, Round, DEFAULT_JUDGES_PER_ENTRY, DEFAULT_MAX_LOAD};
use crate::i18n::t;
use crate::service::judging::{Invite, SettingsForm};
use crate::service::{self, Person};
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

/// What a refused or answered form puts back on the page.
#[derive(Default)]
pub(super) struct PanelForms {
    pub errors: FormErrors,
    pub email: String,
    pub max_load: String,
    pub k: String,
    pub dismiss_note: String,
    /// Entries that got fewer judges than asked for: (entry, how many).
    pub short: Vec<(i32, usize)>,
    /// The round's settings as typed, when they were refused.
    pub settings: Option<SettingsForm>,
    /// The page of entries asked for.
    pub page: Option<i64>,
}

pub async fn page(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<PanelQuery>,
) -> AppResult {
    let round = round_of(&q.round)?;
    let kept = PanelForms {
        page: q.page,
        ..PanelForms::default()
    };
    render(&ctx, who.0, StatusCode::OK, path.into_inner(), round, kept).await
}

/// `?round=` and `?page=` of the judges page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PanelQuery {
    round: String,
    page: Option<i64>,
}

/// The page again after a form, with what it kept.
pub(super) async fn render(
    ctx: &Ctx,
    who: Person,
    status: StatusCode,
    track_id: i32,
    round: Round,
    kept: PanelForms,
) -> AppResult {
    let lang = ctx.lang;
    let wanted = kept.page;
    let page = ctx
        .state
        .run(move |p| service::judging::panel_page(p, &who, track_id, round, wanted))
        .await?;
    let b = &page.board;
    let names: HashMap<i32, String> = b
        .panel
        .iter()
        .filter_map(|j| j.user_id.map(|u| (u, b.judge_name(u))))
        .collect();
    let name_of = |u: i32| names.get(&u).cloned().unwrap_or_else(|| format!("#{u}"));
    let panel: Vec<Json> = b
        .panel
        .iter()
        .map(|j| {
            let load = j.user_id.map(|u| page.load_of(u)).unwrap_or(0);
            let done = j.user_id.map(|u| page.submitted_by(u)).unwrap_or(0);
            json!({
                "id": j.id, "email": j.email, "name": j.display_name, "max_load": j.max_load,
                "has_account": j.user_id.is_some(), "load": load, "done": done,
                "behind": j.user_id.is_some() && done < load,
            })
        })
        .collect();
    let conflicts: Vec<Json> = page
        .conflicts
        .iter()
        .map(|c| {
            json!({
                "entry_id": c.entry_id, "judge_id": c.judge, "judge": name_of(c.judge), "team": c.team, "title": c.title,
                "reasons": super::conflict_reasons(lang, &c.conflict),
                "dismissed": c.conflict.dismissed, "declared": c.conflict.declared,
            })
        })
        .collect();
    let short: HashMap<i32, usize> = kept.short.iter().copied().collect();
    let shown = &page.shown;
    let mut assigned_to: HashMap<i32, Vec<Json>> = shown
        .items
        .iter()
        .map(|(e, _)| (e.id, Vec::new()))
        .collect();
    for a in &page.assignments {
        if let Some(list) = assigned_to.get_mut(&a.entry_id) {
            list.push(json!({ "id": a.user_id, "name": name_of(a.user_id), "manual": a.manual }));
        }
    }
    let entries: Vec<Json> = shown
        .items
        .iter()
        .map(|(e, team)| {
            let assigned = assigned_to.remove(&e.id).unwrap_or_default();
            json!({
                "id": e.id, "title": e.title, "team": team, "count": assigned.len(), "assigned": assigned,
                "short": short.get(&e.id),
                "judges_href": super::entry_judges_href(b.track.id, e.id, round, Some(shown.page)),
            })
        })
        .collect();
    let base = format!("/organise/tracks/{}/judges?round={round}", b.track.id);
    let pages = shown.pages();
    let settings = kept.settings.unwrap_or_else(|| SettingsForm {
        anonymous: b.settings.anonymous,
        show_others: b.settings.show_others,
        rank_method: b.settings.rank_method.as_str().to_string(),
        disagreement: b.settings.disagreement.to_string(),
    });
    let or_default =
        |typed: String, default: String| if typed.is_empty() { default } else { typed };
    ctx.render_status(
        status,
        "organise/judges",
        json!({
            "track": { "id": b.track.id, "name": track_name(lang, &b.track) },
            "contest": { "id": b.contest.id, "title": contest_title(lang, &b.contest) },
            "panel": panel,
            "has_rubric": page.has_rubric,
            "conflicts": conflicts,
            "entries": entries,
            "pager": {
                "page": shown.page, "pages": pages, "total": shown.total,
                "prev": (shown.page > 1).then(|| format!("{base}&page={}", shown.page - 1)),
                "next": (shown.page < pages).then(|| format!("{base}&page={}", shown.page + 1)),
            },
            "errors": kept.errors.to_json(),
            "form": {
                "email": kept.email,
                "max_load": or_default(kept.max_load, DEFAULT_MAX_LOAD.to_string()),
                "k": or_default(kept.k, DEFAULT_JUDGES_PER_ENTRY.to_string()),
                "dismiss_note": kept.dismiss_note,
            },
            "has_short": !kept.short.is_empty(),
            "round": round,
            "round_label": format!("round-{round}"),
            "round_name": t(lang, &format!("round-{round}")),
            "query": round.query(),
            "finals": round == Round::Finals,
            "rounds": rounds_json(&format!("/organise/tracks/{}/judges", b.track.id), round),
            "settings": {
                "anonymous": settings.anonymous, "show_others": settings.show_others,
                "disagreement": settings.disagreement,
                "methods": RankMethod::ALL.iter().map(|m| json!({
                    "id": m, "label": format!("rank-method-{}", m.as_str()),
                    "selected": m.as_str() == settings.rank_method,
                })).collect::<Vec<_>>(),
            },
        }),
    )
}

/// After a form on the judges page: back to it with `flash`, or the same
/// page with the refusal and what was typed.
pub(super) async fn answered(
    ctx: &Ctx,
    who: Person,
    (track_id, round): (i32, Round),
    result: service::Result<()>,
    flash: &str,
    kept: PanelForms,
) -> AppResult {
    match result {
        Ok(()) => back(ctx, track_id, round, flash),
        Err(e) => refused(ctx, who, track_id, round, e, kept).await,
    }
}

/// Shows a refusal on the judges page, keeping what was typed.
pub(super) async fn refused(
    ctx: &Ctx,
    who: Person,
    track_id: i32,
    round: Round,
    e: service::Error,
    kept: PanelForms,
) -> AppResult {
    let (status, errors) = on_form(e)?;
    render(
        ctx,
        who,
        status,
        track_id,
        round,
        PanelForms { errors, ..kept },
    )
    .await
}

pub async fn invite(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let input = Invite {
        email: field(&form, "email"),
        max_load: field(&form, "max_load"),
    };
    let (person, typed) = (who.0.clone(), input.clone());
    let result = ctx
        .state
        .run(move |p| service::judging::invite(p, &person, track_id, round, &typed))
        .await;
    let kept = PanelForms {
        email: input.email,
        max_load: input.max_load,
        ..PanelForms::default()
    };
    let flash = "flash-judge-invited";
    answered(&ctx, who.0, (track_id, round), result, flash, kept).await
}

pub async fn remove(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (track_id, panel_id) = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    ctx.state
        .run(move |p| service::judging::remove_judge(p, &who, track_id, round, panel_id))
        .await?;
    back(&ctx, track_id, round, "flash-judge-removed")
}

/// Mails every judge who has assigned entries still to submit.
pub async fn remind(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    ctx.state
        .run(move |p| service::judging::remind(p, &who, track_id, round))
        .await?;
    back(&ctx, track_id, round, "flash-judges-reminded")
}

/// How a round is judged: anonymity, judges seeing each other's scores,
/// ranking method and the disagreement threshold.
pub async fn save_settings(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let wanted = SettingsForm {
        anonymous: field(&form, "anonymous") == "1",
        show_others: field(&form, "show_others") == "1",
        rank_method: field(&form, "rank_method"),
        disagreement: field(&form, "disagreement"),
    };
    let (person, typed) = (who.0.clone(), wanted.clone());
    let result = ctx
        .state
        .run(move |p| service::judging::save_settings(p, &person, track_id, round, &typed))
        .await;
    let kept = PanelForms {
        settings: Some(wanted),
        ..PanelForms::default()
    };
    let flash = "flash-judging-settings-saved";
    answered(&ctx, who.0, (track_id, round), result, flash, kept).await
}
