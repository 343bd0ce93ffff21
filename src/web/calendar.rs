//! The organisers' office calendar page: which years are imported and from
//! where, a file upload for a re-issued or new year, and a due-date check.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::web;
use fluent_templates::fluent_bundle::FluentValue;
use serde_json::json;

use super::ctx::{redirect_with_flash, Ctx};
use super::error::AppResult;
use super::forms::{on_form, FormErrors};
use super::guards::Organiser;
use crate::domain::calendar::{parse_whole_years, CalendarError};
use crate::i18n::{t, t_args, Lang};
use crate::service::{self, calendar::CheckQuery};

/// A year's calendar is a few kilobytes; anything much larger is not one.
const MAX_BYTES: usize = 512 * 1024;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise/calendar", web::get().to(page))
        .route("/organise/calendar", web::post().to(upload));
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CheckForm {
    from: String,
    days: String,
}

async fn page(ctx: Ctx, who: Organiser, q: web::Query<CheckForm>) -> AppResult {
    let q = q.into_inner();
    let check = CheckQuery {
        from: q.from,
        days: q.days,
    };
    render(
        &ctx,
        who,
        StatusCode::OK,
        check,
        FormErrors::default(),
        None,
    )
    .await
}

/// `detail`: what exactly was wrong with an uploaded file (line and column).
async fn render(
    ctx: &Ctx,
    who: Organiser,
    status: StatusCode,
    q: CheckQuery,
    errors: FormErrors,
    detail: Option<String>,
) -> AppResult {
    let typed = q.clone();
    let c = ctx
        .state
        .run(move |p| service::calendar::page(p, &who, &q))
        .await?;
    let mut shown = c.errors;
    shown.merge(errors);
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    // The closures the counting skipped between the start and the due date.
    let skipped = |k: &crate::domain::calendar::DueCheck| {
        c.closures
            .iter()
            .filter(|d| k.start < **d && **d <= k.due)
            .map(|d| date(*d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    ctx.render_status(
        status,
        "organise/calendar",
        json!({
            "imports": c.imports.iter().map(|i| json!({
                "year": i.year, "source": i.source, "days": i.days, "off_days": i.off_days,
                "at": crate::templates::format_taipei(&i.imported_at),
            })).collect::<Vec<_>>(),
            "check": c.check.map(|k| json!({
                "from": date(k.from), "start": date(k.start), "moved": k.moved(),
                "due": date(k.due), "gap": k.gap.map(date), "closures": skipped(&k),
            })),
            "closures": c.closures.iter().map(|d| date(*d)).collect::<Vec<_>>(),
            "form": {
                "from": typed.from,
                "days": if typed.days.is_empty() { c.days.to_string() } else { typed.days },
            },
            "errors": shown.to_json(),
            "detail": detail,
        }),
    )
}

async fn upload(ctx: Ctx, who: Organiser, payload: Multipart) -> AppResult {
    let (name, data) = super::upload::read_file(payload, "file", MAX_BYTES).await?;
    let refused = |message: &'static str, detail: Option<String>| {
        render(
            &ctx,
            who.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            CheckQuery::default(),
            FormErrors::one("file", message),
            detail,
        )
    };
    let data = match data {
        None => return refused("error-calendar-too-big", None).await,
        Some(d) if d.is_empty() => return refused("error-calendar-missing", None).await,
        Some(d) => d,
    };
    let days = match parse_whole_years(&data) {
        Ok(days) => days,
        Err(e) => return refused("error-calendar-file", Some(explain(ctx.lang, &e))).await,
    };
    let person = who.clone();
    match ctx
        .state
        .run(move |p| service::calendar::upload(p, &person, &name, days))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            "/organise/calendar",
            "success",
            "flash-calendar-imported",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who, status, CheckQuery::default(), errors, None).await
        }
    }
}

/// What is wrong with an uploaded calendar, in the reader's language.
fn explain(lang: Lang, e: &CalendarError) -> String {
    match e {
        CalendarError::Encoding => t(lang, "error-calendar-encoding"),
        CalendarError::MissingColumn(col) => t_args(
            lang,
            "error-calendar-column",
            &[("column", FluentValue::from(col.to_string()))],
        ),
        CalendarError::Row { line, .. } => t_args(
            lang,
            "error-calendar-row",
            &[("line", FluentValue::from(*line as f64))],
        ),
        CalendarError::Empty => t(lang, "error-calendar-empty"),
        CalendarError::Partial(year) => t_args(
            lang,
            "error-calendar-partial",
            &[("year", FluentValue::from(year.to_string()))],
        ),
    }
}
