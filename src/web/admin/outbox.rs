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
    ctx.render(
        "admin/outbox_mail",
        json!({
            "section": "outbox",
            "mail": mail_json(&mail),
            "body_parts": body_parts(&mail.body_text),
            "can_retry": is_admin && mail.failed_at.is_some(),
        }),
    )
}

/// A mail's text cut into plain runs and web addresses, so the page can
/// show each address as a link (only http and https).
fn body_parts(body: &str) -> Vec<serde_json::Value> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let (before, from) = rest.split_at(start);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '」' | '）'))
            .unwrap_or(from.len());
        // Punctuation closing a sentence is not part of the address.
        let url = from[..end].trim_end_matches(['.', ',', ')', '。', '，']);
        if !before.is_empty() {
            parts.push(json!({ "text": before }));
        }
        parts.push(json!({ "text": url, "href": url }));
        rest = &from[url.len()..];
    }
    if !rest.is_empty() {
        parts.push(json!({ "text": rest }));
    }
    parts
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

#[cfg(test)]
mod tests {
    use super::body_parts;

    #[test]
    fn web_addresses_in_a_mail_become_links_and_the_rest_stays_text() {
        let parts =
            body_parts("請開啟 https://portal.example/verify?token=ab12。\n或 http://x.tw/a, 謝謝");
        let hrefs: Vec<&str> = parts.iter().filter_map(|p| p["href"].as_str()).collect();
        assert_eq!(
            hrefs,
            ["https://portal.example/verify?token=ab12", "http://x.tw/a"]
        );
        let text: String = parts
            .iter()
            .map(|p| p["text"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(
            text,
            "請開啟 https://portal.example/verify?token=ab12。\n或 http://x.tw/a, 謝謝"
        );
        assert_eq!(body_parts("沒有連結").len(), 1);
        assert!(body_parts("javascript:alert(1)")[0]["href"].is_null());
    }
}
