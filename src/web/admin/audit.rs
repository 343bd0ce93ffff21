//! The audit log and its CSV export.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::pager;
use crate::i18n::t;
use crate::service::{self, admin::AuditFilter};
use crate::store::PageRequest;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::{AppError, AppResult};
use crate::web::guards::Admin;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    action: String,
    actor: String,
    object_type: String,
    object_id: String,
    from: String,
    to: String,
    page: Option<i64>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            action: self.action.clone(),
            actor: self.actor.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

pub async fn audit_log(ctx: Ctx, who: Admin, q: web::Query<AuditQuery>) -> AppResult {
    let q = q.into_inner();
    let page = PageRequest::new(q.page, 50);
    let filter = q.filter();
    let a = ctx
        .state
        .run(move |p| service::admin::audit_log(p, &who, &filter, page))
        .await?;
    let export: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("action", &q.action),
            ("actor", &q.actor),
            ("object_type", &q.object_type),
            ("object_id", &q.object_id),
            ("from", &q.from),
            ("to", &q.to),
        ])
        .finish();
    ctx.render_status(
        if a.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        "admin/audit",
        json!({
            "section": "audit",
            "filter": { "action": q.action, "actor": q.actor, "object_id": q.object_id, "from": q.from, "to": q.to },
            "action_options": a.actions.iter().map(|x| json!({ "value": x, "selected": *x == q.action })).collect::<Vec<_>>(),
            "type_options": a.object_types.iter().map(|x| json!({ "value": x, "selected": *x == q.object_type })).collect::<Vec<_>>(),
            "rows": a.list.items,
            "pager": pager(&ctx, a.list.page, a.list.pages(), a.list.total),
            "export": format!("/admin/audit.csv?{export}"),
            "errors": a.errors.to_json(),
        }),
    )
}

/// The filtered audit log as CSV (at most 50,000 rows, newest first),
/// streamed as it is read.
pub async fn audit_csv(ctx: Ctx, who: Admin, q: web::Query<AuditQuery>) -> AppResult {
    let lang = ctx.lang;
    let filter = q.filter();
    let heading: Vec<String> = [
        "audit-when",
        "audit-actor",
        "audit-action",
        "audit-object",
        "audit-object-id",
        "audit-details",
        "audit-ip",
    ]
    .iter()
    .map(|id| t(lang, id))
    .collect();
    let answer = download::csv_stream(&ctx.state, "audit-log.csv", move |p, sink| {
        sink(heading)?;
        service::admin::audit_export(p, &who, &filter, &mut |r| {
            sink(vec![
                crate::templates::format_taipei(&r.created_at),
                r.actor_email.unwrap_or_default(),
                r.action,
                r.object_type,
                r.object_id.unwrap_or_default(),
                r.details,
                r.ip.unwrap_or_default(),
            ])
        })
    })
    .await;
    match answer {
        Ok(response) => Ok(response),
        // Never fall back to the whole log for a mistyped period.
        Err(service::Error::Invalid(_)) => Err(AppError::BadRequest),
        Err(e) => Err(e.into()),
    }
}
