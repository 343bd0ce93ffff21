//! The notification centre's pages: the list (unread first-class; the bell
//! in the header counts them), opening one, and the e-mail settings.

use actix_web::web;
use serde_json::json;

use crate::service::{self, mail};
use crate::store::PageRequest;
use crate::web::ctx::{redirect, redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::guards::SignedIn;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/notifications", web::get().to(list))
        .route("/notifications/read-all", web::post().to(read_all))
        .route("/notifications/settings", web::get().to(settings))
        .route("/notifications/settings", web::post().to(save_settings))
        .route("/notifications/{id}/open", web::post().to(open));
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    page: Option<i64>,
}

async fn list(ctx: Ctx, who: SignedIn, q: web::Query<ListQuery>) -> AppResult {
    let (page, lang) = (PageRequest::new(q.page, 20), ctx.lang);
    let list = ctx
        .state
        .run(move |p| service::notifications::list(p, &who, lang, page))
        .await?;
    let pages = list.pages();
    ctx.render(
        "notifications/list",
        json!({
            "rows": list.items.iter().map(|n| json!({
                "id": n.id, "title": n.title, "summary": n.summary, "unread": n.read_at.is_none(),
                "kind": format!("notify-kind-{}", n.kind),
                "at": crate::templates::format_taipei(&n.created_at),
            })).collect::<Vec<_>>(),
            "pager": {
                "page": list.page, "pages": pages, "total": list.total,
                "prev": (list.page > 1).then(|| format!("/notifications?page={}", list.page - 1)),
                "next": (list.page < pages).then(|| format!("/notifications?page={}", list.page + 1)),
            },
        }),
    )
}

/// Marks it read and goes to the page it is about.
async fn open(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let target = ctx
        .state
        .run(move |p| service::notifications::open(p, &who, id))
        .await?;
    Ok(redirect(&target))
}

async fn read_all(ctx: Ctx, who: SignedIn) -> AppResult {
    ctx.state
        .run(move |p| service::notifications::read_all(p, &who))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/notifications",
        "success",
        "flash-notifications-read",
    ))
}

async fn settings(ctx: Ctx, who: SignedIn) -> AppResult {
    let off = ctx
        .state
        .run(move |p| service::notifications::email_off(p, &who))
        .await?;
    ctx.render(
        "notifications/settings",
        json!({
            "kinds": mail::KINDS.iter().map(|k| json!({
                "id": k, "label": format!("notify-kind-{k}"), "help": format!("notify-kind-{k}-help"),
                "email": !off.iter().any(|o| o == k),
            })).collect::<Vec<_>>(),
        }),
    )
}

async fn save_settings(
    ctx: Ctx,
    who: SignedIn,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let on: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "email")
        .map(|(_, v)| v.clone())
        .collect();
    ctx.state
        .run(move |p| service::notifications::save_settings(p, &who, &on))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/notifications/settings",
        "success",
        "flash-notification-settings-saved",
    ))
}
