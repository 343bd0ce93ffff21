//! The organisers' pages: a contest's challenges by state, and one
//! challenge's review page with its steps (ask for changes with a note,
//! publish, withdraw).

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::{picked_json, placed_json, raw, Form};
use crate::domain::challenge::ChallengeState;
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::contest_title;

#[derive(Deserialize)]
pub struct ListQuery {
    contest: Option<String>,
    state: Option<String>,
}

pub async fn list(ctx: Ctx, who: Organiser, q: web::Query<ListQuery>) -> AppResult {
    let q = q.into_inner();
    // A contest or state that is not one shows the default (not an error page).
    let contest = q.contest.as_deref().and_then(|s| s.trim().parse().ok());
    let state = q.state.as_deref().and_then(ChallengeState::parse);
    let l = ctx
        .state
        .run(move |p| service::challenges::review_list(p, &who, contest, state))
        .await?;
    let lang = ctx.lang;
    let current = l.contest.as_ref().map(|c| c.id);
    let base = current.map(|id| format!("/organise/challenges?contest={id}"));
    ctx.render(
        "challenges/review_list",
        json!({
            "contests": l.contests.iter().map(|c| json!({
                "id": c.id, "label": format!("{} {}", c.year, contest_title(lang, c)),
                "selected": Some(c.id) == current,
            })).collect::<Vec<_>>(),
            "contest": l.contest.as_ref().map(|c| json!({ "id": c.id, "year": c.year, "title": contest_title(lang, c) })),
            "filters": l.counts.iter().map(|(s, n)| json!({
                "href": format!("{}&state={}", base.clone().unwrap_or_default(), s.as_str()),
                "label_id": s.message_id(), "count": n, "current": state == Some(*s),
            })).collect::<Vec<_>>(),
            "all_href": base.unwrap_or_default(),
            "all_current": state.is_none(),
            "rows": l.rows.iter().map(|p| placed_json(lang, p)).collect::<Vec<_>>(),
        }),
    )
}

async fn render(
    ctx: &Ctx,
    who: Person,
    id: i32,
    status: StatusCode,
    note: String,
    errors: FormErrors,
) -> AppResult {
    let page = ctx
        .state
        .run(move |p| service::challenges::review_page(p, &who, id))
        .await?;
    let lang = ctx.lang;
    ctx.render_status(
        status,
        "challenges/review",
        json!({
            "challenge": placed_json(lang, &page.placed),
            "datasets": page.datasets.iter().map(|d| picked_json(lang, d)).collect::<Vec<_>>(),
            "drafted_by": page.drafted_by,
            "note": note,
            "errors": errors.to_json(),
        }),
    )
}

pub async fn page(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let none = FormErrors::default();
    render(&ctx, who.0, id, StatusCode::OK, String::new(), none).await
}

/// Which step an organiser takes.
#[derive(Clone, Copy)]
enum Act {
    Publish,
    Changes,
    Withdraw,
}

async fn act(ctx: Ctx, who: Organiser, id: i32, form: Form, a: Act) -> AppResult {
    let version = raw(&form, "version").trim().parse::<i32>().unwrap_or(-1);
    let note = raw(&form, "note");
    let (person, typed) = (who.0.clone(), note.clone());
    let outcome = ctx
        .state
        .run(move |p| match a {
            Act::Publish => service::challenges::publish(p, &person, id, version),
            Act::Changes => service::challenges::request_changes(p, &person, id, version, &typed),
            Act::Withdraw => service::challenges::withdraw(p, &person, id, version),
        })
        .await;
    match outcome {
        Ok(()) => {
            let flash = match a {
                Act::Publish => "flash-challenge-published",
                Act::Changes => "flash-challenge-changes-requested",
                Act::Withdraw => "flash-challenge-withdrawn",
            };
            let back = format!("/organise/challenges/{id}");
            Ok(redirect_with_flash(&ctx, &back, "success", flash))
        }
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who.0, id, status, note, errors).await
        }
    }
}

pub async fn publish(ctx: Ctx, who: Organiser, path: web::Path<i32>, form: Form) -> AppResult {
    act(ctx, who, path.into_inner(), form, Act::Publish).await
}

pub async fn changes(ctx: Ctx, who: Organiser, path: web::Path<i32>, form: Form) -> AppResult {
    act(ctx, who, path.into_inner(), form, Act::Changes).await
}

pub async fn withdraw(ctx: Ctx, who: Organiser, path: web::Path<i32>, form: Form) -> AppResult {
    act(ctx, who, path.into_inner(), form, Act::Withdraw).await
}
