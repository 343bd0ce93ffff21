//! A business unit's pages: its challenges, the form to draft and edit one
//! (with a dataset picker that needs no JavaScript: "search" shows the form
//! again with what was found as checkboxes, everything typed kept), and
//! sending it for review.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{picked_json, placed_json, raw, Form};
use crate::domain::challenge::{ChallengeInput, DATASETS_MAX};
use crate::service::challenges::{ChallengeForm, Target};
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::UnitReviewer;
use crate::web::names::{contest_title, track_name};

pub async fn list(ctx: Ctx, who: UnitReviewer) -> AppResult {
    let l = ctx
        .state
        .run(move |p| service::challenges::unit_list(p, &who))
        .await?;
    let lang = ctx.lang;
    ctx.render(
        "challenges/unit_list",
        json!({
            "rows": l.rows.iter().map(|p| placed_json(lang, p)).collect::<Vec<_>>(),
            "may_draft": l.may_draft,
        }),
    )
}

/// What the form sends, parsed for the service (and kept as typed).
fn form_of(pairs: &[(String, String)]) -> ChallengeForm {
    let mut bad_dataset = false;
    let mut dataset_ids = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "dataset") {
        match v.trim().parse::<i32>() {
            Ok(id) => dataset_ids.push(id),
            Err(_) => bad_dataset = true,
        }
    }
    ChallengeForm {
        unit_id: raw(pairs, "unit_id").trim().parse().ok(),
        track_id: raw(pairs, "track_id"),
        input: ChallengeInput {
            title_zh: raw(pairs, "title_zh"),
            title_en: raw(pairs, "title_en"),
            statement_zh: raw(pairs, "statement_zh"),
            statement_en: raw(pairs, "statement_en"),
            intended_users: raw(pairs, "intended_users"),
            releasable_data: raw(pairs, "releasable_data"),
            contact_name: raw(pairs, "contact_name"),
            contact_email: raw(pairs, "contact_email"),
            prize: raw(pairs, "prize"),
            dataset_ids,
        },
        bad_dataset,
    }
}

/// What the form was filled in with: typed, or as stored.
struct Typed {
    form: ChallengeForm,
    version: String,
}

fn form_json(f: &ChallengeForm, version: &str) -> Json {
    let i = &f.input;
    json!({
        "title_zh": i.title_zh, "title_en": i.title_en,
        "statement_zh": i.statement_zh, "statement_en": i.statement_en,
        "intended_users": i.intended_users, "releasable_data": i.releasable_data,
        "contact_name": i.contact_name, "contact_email": i.contact_email,
        "prize": i.prize, "track_id": f.track_id.trim(),
        "unit_id": f.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        "version": version,
    })
}

async fn render(
    ctx: &Ctx,
    who: Person,
    target: Target,
    status: StatusCode,
    typed: Option<Typed>,
    q: Option<String>,
    errors: FormErrors,
) -> AppResult {
    let picked_ids = typed.as_ref().map(|t| t.form.input.dataset_ids.clone());
    let page = ctx
        .state
        .run(move |p| service::challenges::form_page(p, &who, target, picked_ids, q))
        .await?;
    let lang = ctx.lang;
    let typed = match typed {
        Some(t) => t,
        None => match &page.challenge {
            Some(c) => Typed {
                form: ChallengeForm {
                    unit_id: Some(c.challenge.unit_id),
                    track_id: c.challenge.track_id.to_string(),
                    input: c.challenge.input(Vec::new()),
                    bad_dataset: false,
                },
                version: c.challenge.version.to_string(),
            },
            None => Typed {
                form: ChallengeForm {
                    track_id: page
                        .tracks
                        .first()
                        .map(|(_, t)| t.id.to_string())
                        .unwrap_or_default(),
                    ..ChallengeForm::default()
                },
                version: String::new(),
            },
        },
    };
    let form = form_json(&typed.form, &typed.version);
    let can_edit = page
        .challenge
        .as_ref()
        .is_none_or(|c| c.challenge.state.unit_may_edit());
    let chosen_unit = typed.form.unit_id;
    let mut errors_json = errors.to_json();
    if let Some(m) = page.search_error {
        errors_json["dq"] = json!(m);
    }
    ctx.render_status(
        status,
        "challenges/form",
        json!({
            "title_id": if page.challenge.is_some() { "challenge-form-edit-title" } else { "challenge-form-new-title" },
            "challenge": page.challenge.as_ref().map(|c| placed_json(lang, c)),
            "action": match target {
                Target::New => "/unit/challenges/new".to_string(),
                Target::Existing(id) => format!("/unit/challenges/{id}"),
            },
            "form": form,
            "can_edit": can_edit,
            "units": page.units.iter().map(|u| json!({
                "id": u.id, "name": crate::i18n::unit_name(lang, u),
                "selected": chosen_unit == Some(u.id),
            })).collect::<Vec<_>>(),
            "many_units": page.units.len() > 1 && page.challenge.is_none(),
            "tracks": page.tracks.iter().map(|(c, t)| json!({
                "id": t.id,
                "label": format!("{} {} · {}", c.year, contest_title(lang, c), track_name(lang, t)),
                "selected": typed.form.track_id.trim() == t.id.to_string(),
            })).collect::<Vec<_>>(),
            "picked": page.picked.iter().map(|d| picked_json(lang, d)).collect::<Vec<_>>(),
            "unknown": page.unknown,
            "search": page.found.as_ref().map(|(q, found)| json!({
                "q": q,
                "results": found.iter().map(|d| json!({
                    "id": d.id, "source_id": d.source_id, "title": d.title, "publisher": d.publisher,
                })).collect::<Vec<_>>(),
            })),
            "max": DATASETS_MAX,
            "errors": errors_json,
        }),
    )
}

pub async fn new_form(ctx: Ctx, who: UnitReviewer) -> AppResult {
    let ok = StatusCode::OK;
    render(
        &ctx,
        who.0,
        Target::New,
        ok,
        None,
        None,
        FormErrors::default(),
    )
    .await
}

pub async fn edit(ctx: Ctx, who: UnitReviewer, path: web::Path<i32>) -> AppResult {
    let target = Target::Existing(path.into_inner());
    let ok = StatusCode::OK;
    render(&ctx, who.0, target, ok, None, None, FormErrors::default()).await
}

/// "Search" shows the form again with what was found; anything else saves.
fn searching(pairs: &[(String, String)]) -> Option<String> {
    (raw(pairs, "action") == "search").then(|| raw(pairs, "dq"))
}

pub async fn create(ctx: Ctx, who: UnitReviewer, form: Form) -> AppResult {
    let pairs = form.into_inner();
    let f = form_of(&pairs);
    let typed = |form| Typed {
        form,
        version: String::new(),
    };
    if let Some(q) = searching(&pairs) {
        let (status, none) = (StatusCode::OK, FormErrors::default());
        return render(
            &ctx,
            who.0,
            Target::New,
            status,
            Some(typed(f)),
            Some(q),
            none,
        )
        .await;
    }
    let (person, sent) = (who.0.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::challenges::create(p, &person, &sent))
        .await
    {
        Ok(id) => Ok(redirect_with_flash(
            &ctx,
            &format!("/unit/challenges/{id}"),
            "success",
            "flash-challenge-created",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(
                &ctx,
                who.0,
                Target::New,
                status,
                Some(typed(f)),
                None,
                errors,
            )
            .await
        }
    }
}

pub async fn save(ctx: Ctx, who: UnitReviewer, path: web::Path<i32>, form: Form) -> AppResult {
    let id = path.into_inner();
    let pairs = form.into_inner();
    let f = form_of(&pairs);
    let version = raw(&pairs, "version");
    let target = Target::Existing(id);
    let typed = |form| Typed {
        form,
        version: version.clone(),
    };
    if let Some(q) = searching(&pairs) {
        let (status, none) = (StatusCode::OK, FormErrors::default());
        return render(&ctx, who.0, target, status, Some(typed(f)), Some(q), none).await;
    }
    let Ok(v) = version.trim().parse::<i32>() else {
        let errors = FormErrors::one("form", "error-challenge-stale");
        let status = StatusCode::CONFLICT;
        return render(&ctx, who.0, target, status, Some(typed(f)), None, errors).await;
    };
    let (person, sent) = (who.0.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::challenges::save(p, &person, id, v, &sent))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/unit/challenges/{id}"),
            "success",
            "flash-challenge-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who.0, target, status, Some(typed(f)), None, errors).await
        }
    }
}

pub async fn submit(ctx: Ctx, who: UnitReviewer, path: web::Path<i32>, form: Form) -> AppResult {
    let id = path.into_inner();
    let version = raw(&form, "version").trim().parse::<i32>().unwrap_or(-1);
    let person = who.0.clone();
    match ctx
        .state
        .run(move |p| service::challenges::submit(p, &person, id, version))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/unit/challenges",
            "success",
            "flash-challenge-submitted",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let target = Target::Existing(id);
            render(&ctx, who.0, target, status, None, None, errors).await
        }
    }
}
