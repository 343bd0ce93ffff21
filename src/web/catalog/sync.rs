//! The organisers' sync page: the runs with their counts and errors, and
//! "sync now", which runs in the background.

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::domain::catalog::Source;
use crate::service::{self, Error};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::guards::Organiser;

pub async fn runs(ctx: Ctx, who: Organiser) -> AppResult {
    let r = ctx
        .state
        .run(move |p| service::catalog::runs(p, &who))
        .await?;
    ctx.render("organise/catalog", json!({
        "total": r.total,
        "mol_base": ctx.state.config.catalog.mol_base,
        "datagov_base": ctx.state.config.catalog.datagov_base,
        "rows": r.runs.iter().map(|r| json!({
            "id": r.id, "source": r.source.as_str(), "since": r.since,
            "started_at": format_taipei(&r.started_at),
            "finished_at": r.finished_at.as_ref().map(format_taipei),
            "new": r.new_count, "updated": r.updated_count, "unchanged": r.unchanged_count, "failed": r.failed_count,
            "cards_read": r.cards_read, "cards_failed": r.cards_failed, "gone": r.gone_count,
            "errors": serde_json::from_str::<Vec<String>>(&r.errors).unwrap_or_default(),
        })).collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SyncForm {
    source: String,
    since: String,
}

/// Starts a sync in the background; its run appears on the page as it goes.
pub async fn start_sync(ctx: Ctx, who: Organiser, form: web::Form<SyncForm>) -> AppResult {
    let source = match form.source.as_str() {
        "mol" => Source::Mol,
        "datagov" => Source::DataGov,
        _ => return Err(AppError::BadRequest),
    };
    let since = match form.since.trim() {
        "" => None,
        raw => Some(
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| AppError::Refused("error-date-invalid"))?,
        ),
    };
    match service::catalog::start_sync(&ctx.state, &who, source, since).await {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/organise/catalog",
            "success",
            "flash-sync-started",
        )),
        Err(Error::Refused(message @ "flash-sync-busy")) => Ok(redirect_with_flash(
            &ctx,
            "/organise/catalog",
            "info",
            message,
        )),
        Err(e) => Err(e.into()),
    }
}
