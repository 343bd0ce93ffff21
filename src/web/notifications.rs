//! The notification centre: everything the portal told a person, unread
//! first-class (the bell in the header counts them), and which kinds they
//! also want by e-mail.

use actix_web::web;
use serde_json::json;

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::now;
use crate::db;
use crate::service::mail;
use crate::store::{self, PageRequest};

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

async fn list(ctx: Ctx, q: web::Query<ListQuery>) -> AppResult {
    let me = ctx.user()?.id;
    let page = PageRequest::new(q.page, 20);
    let list = ctx
        .state
        .db(move |conn| Ok(store::notifications::list(conn, me, page)?))
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

/// Marks it read and goes to the page it is about (only pages of this portal).
async fn open(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let me = ctx.user()?.id;
    let id = path.into_inner();
    let link = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| {
                Ok(store::notifications::open(conn, me, id, now())?)
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    // Only this portal's own pages: "/x", never "//host" or "/\\host".
    let local = link.starts_with('/')
        && !link.contains('\\')
        && link.as_bytes().get(1).is_none_or(|b| *b != b'/');
    let target = if local {
        link
    } else {
        "/notifications".to_string()
    };
    Ok(actix_web::HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, target))
        .finish())
}

async fn read_all(ctx: Ctx) -> AppResult {
    let me = ctx.user()?.id;
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| {
                Ok(store::notifications::mark_all_read(conn, me, now())?)
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/notifications",
        "success",
        "flash-notifications-read",
    ))
}

async fn settings(ctx: Ctx) -> AppResult {
    let me = ctx.user()?.id;
    let off = ctx
        .state
        .db(move |conn| Ok(store::notifications::email_off(conn, me)?))
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

async fn save_settings(ctx: Ctx, form: web::Form<Vec<(String, String)>>) -> AppResult {
    let me = ctx.user()?.id;
    let on: Vec<String> = form
        .iter()
        .filter(|(k, v)| k == "email" && mail::KINDS.contains(&v.as_str()))
        .map(|(_, v)| v.clone())
        .collect();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                for k in mail::KINDS {
                    store::notifications::set_email(conn, me, k, on.iter().any(|o| o == k))?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/notifications/settings",
        "success",
        "flash-notification-settings-saved",
    ))
}
