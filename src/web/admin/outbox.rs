//! The mail outbox.

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::{pager, PER_PAGE};
use crate::domain::role::Role;
use crate::service::{self, admin::MailState};
use crate::store::{outbox::Mail, PageRequest};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::guards::{Admin, SignedIn};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OutboxQuery {
    state: String,
    to: String,
    page: Option<i64>,
}

const STATES: [&str; 3] = ["pending", "sent", "failed"];

pub async fn outbox(ctx: Ctx, who: SignedIn, q: web::Query<OutboxQuery>) -> AppResult {
    let q = q.into_inner();
    let state = match q.state.as_str() {
        "pending" => MailState::Pending,
        "sent" => MailState::Sent,
        "failed" => MailState::Failed,
        _ => MailState::All,
    };
    let page = PageRequest::new(q.page, PER_PAGE);
    let to = q.to.clone();
    let list = ctx
        .state
        .run(move |p| service::admin::outbox(p, &who, state, &to, page))
        .await?;
    ctx.render("admin/outbox", json!({
        "section": "outbox",
        "smtp_configured": ctx.state.config.smtp.is_some(),
        "filter": { "state": q.state, "to": q.to },
        "state_options": STATES.iter().map(|s| json!({ "value": s, "label_id": format!("outbox-state-{s}"), "selected": *s == q.state })).collect::<Vec<_>>(),
        "rows": list.items.iter().map(mail_json).collect::<Vec<_>>(),
        "pager": pager(&ctx, list.page, list.pages(), list.total),
    }))
}

fn mail_json(m: &Mail) -> serde_json::Value {
    let state = if m.sent_at.is_some() {
        "sent"
    } else if m.failed_at.is_some() {
        "failed"
    } else {
        "pending"
    };
    json!({
        "id": m.id, "to": m.to_addr, "subject": m.subject, "body": m.body_text, "kind": m.kind,
        "created_at": m.created_at, "attempts": m.attempts, "sent_at": m.sent_at, "last_error": m.last_error,
        "state_id": format!("outbox-state-{state}"), "failed": m.failed_at.is_some(),
    })
}

pub async fn outbox_mail(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let is_admin = who.has(Role::Admin);
    let mail = ctx
        .state
        .run(move |p| service::admin::outbox_mail(p, &who, id))
        .await?;
    ctx.render("admin/outbox_mail", json!({ "section": "outbox", "mail": mail_json(&mail), "can_retry": is_admin && mail.failed_at.is_some() }))
}

pub async fn outbox_retry(ctx: Ctx, who: Admin, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    ctx.state
        .run(move |p| service::admin::retry_mail(p, &who, id))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/admin/outbox/{id}"),
        "success",
        "flash-mail-requeued",
    ))
}
