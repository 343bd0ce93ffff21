//! One request: its state, clock, timeline and thread, and the forms of the
//! actions the viewer may take.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{clock_json, unit_name};
use crate::domain::data_request::{Action, ChangeForm};
use crate::i18n::{t, Lang};
use crate::service::requests::Page;
use crate::service::{self, Person};
use crate::store::units::Unit;
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::{person_of, Organiser, SignedIn};

pub async fn show(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let page = load(&ctx, person_of(&ctx).ok(), path.into_inner()).await?;
    render(
        &ctx,
        StatusCode::OK,
        page,
        HashMap::new(),
        FormErrors::default(),
    )
}

async fn load(ctx: &Ctx, viewer: Option<Person>, id: i32) -> Result<Page, AppError> {
    Ok(ctx
        .state
        .run(move |p| service::requests::page(p, viewer.as_ref(), id))
        .await?)
}

/// Shows a refusal on the request's page, with what was typed.
async fn refused(
    ctx: &Ctx,
    who: Person,
    id: i32,
    e: service::Error,
    typed: HashMap<String, String>,
) -> AppResult {
    let (status, errors) = on_form(e)?;
    let page = load(ctx, Some(who), id).await?;
    render(ctx, status, page, typed, errors)
}

pub async fn act(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let id = path.into_inner();
    let action = Action::parse(&field(&form, "action")).ok_or(AppError::BadRequest)?;
    let change = ChangeForm {
        message: field(&form, "message"),
        unit_id: field(&form, "unit_id"),
        dataset_id: field(&form, "dataset_id"),
        duplicate_of: field(&form, "duplicate_of"),
        expected_on: field(&form, "expected_on"),
        reason: field(&form, "reason"),
    };
    let version = field(&form, "version").parse().unwrap_or(-1);
    match service::requests::act(&ctx.state, &who, id, action, change, version).await {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/requests/{id}"),
            "success",
            "flash-request-updated",
        )),
        Err(e) => refused(&ctx, who.0, id, e, form.iter().cloned().collect()).await,
    }
}

pub async fn follow(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let following = ctx
        .state
        .run(move |p| service::requests::follow(p, &who, id))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/requests/{id}"),
        "success",
        if following {
            "flash-request-followed"
        } else {
            "flash-request-unfollowed"
        },
    ))
}

pub async fn comment(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let id = path.into_inner();
    let body = field(&form, "body");
    let (person, text) = (who.0.clone(), body.clone());
    match ctx
        .state
        .run(move |p| service::requests::comment(p, &person, id, &text))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/requests/{id}#comments"),
            "success",
            "flash-comment-added",
        )),
        Err(e @ service::Error::Invalid(_)) => {
            refused(&ctx, who.0, id, e, [("body".to_string(), body)].into()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn hide_comment(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (id, comment_id) = path.into_inner();
    let hide = field(&form, "action") != "show";
    ctx.state
        .run(move |p| service::requests::hide_comment(p, &who, id, comment_id, hide))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/requests/{id}#comments"),
        "success",
        if hide {
            "flash-comment-hidden"
        } else {
            "flash-comment-shown"
        },
    ))
}

/// What the public sees instead of a person's name.
pub(crate) fn actor_label(lang: Lang, units: &[Unit], role: &str, unit: Option<i32>) -> String {
    let (role, unit) = match role.split_once(':') {
        Some((r, u)) => (r, u.parse().ok()),
        None => (role, unit),
    };
    match role {
        "requester" => t(lang, "request-actor-requester"),
        "unit" => unit_name(lang, units, unit).unwrap_or_else(|| t(lang, "request-actor-unit")),
        _ => t(lang, "request-actor-organiser"),
    }
}

fn render(
    ctx: &Ctx,
    status: StatusCode,
    p: Page,
    typed: HashMap<String, String>,
    errors: FormErrors,
) -> AppResult {
    let lang = ctx.lang;
    let r = &p.request;
    let today = service::today();
    let reason_label = |code: &str| {
        p.reasons.iter().find(|x| x.code == code).map(|x| {
            if lang == Lang::En {
                x.label_en.clone()
            } else {
                x.label_zh.clone()
            }
        })
    };
    let timeline: Vec<Json> = p
        .events
        .iter()
        .map(|e| {
            let detail: Json = serde_json::from_str(&e.detail).unwrap_or(Json::Null);
            let unit = detail["unit_id"].as_i64().map(|u| u as i32);
            json!({
                "id": e.id,
                "action": format!("request-action-{}", e.action),
                "at": format_taipei(&e.created_at),
                "who": actor_label(lang, &p.units, detail["as"].as_str().unwrap_or(""), unit),
                "message": e.message,
                "unit": matches!(e.action.as_str(), "route" | "hand-back").then(|| unit_name(lang, &p.units, unit)).flatten(),
                "due": detail["due_on"].as_str(),
                "dataset": detail["dataset_id"].as_str(),
                "reason": detail["reason"].as_str().and_then(reason_label),
                "expected": detail["expected_on"].as_str(),
                "duplicate_of": detail["duplicate_of"].as_i64(),
                "closure": detail["closure_on"].as_str().map(|on| json!({
                    "on": on, "from": detail["moved_from"], "to": detail["moved_to"],
                    "reference": detail["closure_reference"], "removed": e.action == "closure-removed",
                })),
            })
        })
        .collect();
    let comments: Vec<Json> = p
        .comments
        .iter()
        .filter(|c| c.hidden_at.is_none() || p.sees_hidden_comments())
        .map(|c| {
            json!({
                "id": c.id, "body": c.body, "hidden": c.hidden_at.is_some(),
                "who": actor_label(lang, &p.units, &c.author_role, r.unit_id),
                "at": format_taipei(&c.created_at),
            })
        })
        .collect();
    let spans: Vec<Json> = p
        .spans
        .iter()
        .map(|s| {
            json!({
                "unit": unit_name(lang, &p.units, s.unit_id),
                "started": s.started_on.format("%Y-%m-%d").to_string(),
                "due": s.due_on.format("%Y-%m-%d").to_string(),
                "paused": s.paused_days,
                "outcome": s.outcome.as_ref().map(|o| format!("request-action-{o}")),
            })
        })
        .collect();
    let kept = |k: &str| typed.get(k).cloned().unwrap_or_default();
    ctx.render_status(
        status,
        "requests/show",
        json!({
            "r": {
                "id": r.id, "title": r.title, "description": r.description, "fields": r.fields,
                "purpose": r.purpose, "format": r.preferred_format,
                "needed_by": r.needed_by.map(|d| d.format("%Y-%m-%d").to_string()),
                "state": format!("request-state-{}", r.state.as_str()), "state_id": r.state.as_str(),
                "unit": unit_name(lang, &p.units, r.unit_id),
                "suggested_unit": unit_name(lang, &p.units, r.suggested_unit_id),
                "dataset_id": r.dataset_id, "dataset_title": p.dataset_title,
                "duplicate_of": r.duplicate_of,
                "expected": r.expected_on.map(|d| d.format("%Y-%m-%d").to_string()),
                "expected_late": matches!((r.expected_on, r.needed_by), (Some(e), Some(n)) if e > n),
                "answered": r.answered_at.is_some(),
                "answered_days": r.answered_days, "answered_in_time": r.answered_in_time,
                "team": p.team, "version": r.version,
                "challenge": p.challenge.as_ref().map(|c| json!({
                    "title": crate::web::entries::challenge::title(lang, c),
                    "link": crate::web::entries::challenge::link(c),
                })),
                "created": format_taipei(&r.created_at),
            },
            "clock": clock_json(&p.calendar, r, today),
            "due_days": ctx.state.config.request_due_days,
            "timeline": timeline,
            "spans": spans,
            "comments": comments,
            "followers": p.followers,
            "following": p.following,
            "signed_in": ctx.user.is_some(),
            "organiser": p.sees_hidden_comments(),
            "may_comment": p.may_comment(),
            "act": {
                "any": !p.actions.is_empty(),
                "route": p.may(Action::Route), "close": p.may(Action::CloseAvailable),
                "approve": p.may(Action::Approve), "publish": p.may(Action::Publish),
                "reject": p.may(Action::Reject), "ask": p.may(Action::AskInfo),
                "answer": p.may(Action::Answer), "hand_back": p.may(Action::HandBack),
                "withdraw": p.may(Action::Withdraw),
            },
            "units": p.units.iter().filter(|u| u.active).map(|u| json!({
                "id": u.id, "name": unit_name(lang, &p.units, Some(u.id)),
                "selected": kept("unit_id") == u.id.to_string() || (kept("unit_id").is_empty() && r.suggested_unit_id == Some(u.id)),
            })).collect::<Vec<_>>(),
            "reasons": p.reasons.iter().filter(|x| x.active).map(|x| json!({
                "code": x.code, "label": if lang == Lang::En { &x.label_en } else { &x.label_zh },
                "selected": kept("reason") == x.code,
            })).collect::<Vec<_>>(),
            "typed": {
                "action": kept("action"), "message": kept("message"), "dataset_id": kept("dataset_id"),
                "duplicate_of": kept("duplicate_of"), "expected_on": kept("expected_on"),
                "body": kept("body"),
            },
            "errors": errors.to_json(),
        }),
    )
}
