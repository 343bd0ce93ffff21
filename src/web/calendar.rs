//! The organisers' office calendar page: which years are imported and from
//! where, a file upload for a re-issued or new year, and a due-date check.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::web;
use chrono::NaiveDate;
use futures_util::StreamExt;
use serde_json::json;

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::{audit, now};
use crate::db;
use crate::i18n::{t, t_args, Lang};
use crate::integrations::calendar::{self, ImportError};
use crate::store;
use fluent_templates::fluent_bundle::FluentValue;

/// A year's calendar is a few kilobytes; anything much larger is not one.
const MAX_BYTES: usize = 512 * 1024;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise/calendar", web::get().to(page))
        .route("/organise/calendar", web::post().to(upload));
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CheckQuery {
    from: String,
    days: String,
}

async fn page(ctx: Ctx, q: web::Query<CheckQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    render(&ctx, StatusCode::OK, &q, FormErrors::default(), None).await
}

/// `detail`: what exactly was wrong with an uploaded file (line and column).
async fn render(
    ctx: &Ctx,
    status: StatusCode,
    q: &CheckQuery,
    mut errors: FormErrors,
    detail: Option<String>,
) -> AppResult {
    let default_days = ctx.state.config.request_due_days;
    let from = match q.from.trim() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            // Far-off years would only make the arithmetic overflow.
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Some(d),
            _ => {
                errors.push("from", "error-date");
                None
            }
        },
    };
    let days = match q.days.trim() {
        "" => default_days,
        raw => match raw.parse::<u32>().ok().filter(|d| (1..=120).contains(d)) {
            Some(d) => d,
            None => {
                errors.push("days", "error-calendar-days");
                default_days
            }
        },
    };
    let (imports, check) = ctx
        .state
        .db(move |conn| {
            let cal = store::calendar::load(conn)?;
            let check = from.map(|f| {
                let due = cal.add_working_days(f, days);
                json!({
                    "from": f.format("%Y-%m-%d").to_string(),
                    "start": cal.effective_start(f).format("%Y-%m-%d").to_string(),
                    "moved": cal.effective_start(f) != f,
                    "due": due.format("%Y-%m-%d").to_string(),
                    "gap": cal.first_gap(f, due).map(|d| d.format("%Y-%m-%d").to_string()),
                })
            });
            Ok((store::calendar::imports(conn)?, check))
        })
        .await?;
    ctx.render_status(
        status,
        "organise/calendar",
        json!({
            "imports": imports.iter().map(|i| json!({
                "year": i.year, "source": i.source, "days": i.days, "off_days": i.off_days,
                "at": crate::templates::format_taipei(&i.imported_at),
            })).collect::<Vec<_>>(),
            "check": check,
            "form": { "from": q.from, "days": if q.days.is_empty() { default_days.to_string() } else { q.days.clone() } },
            "errors": errors.to_json(),
            "detail": detail,
        }),
    )
}

async fn upload(ctx: Ctx, mut payload: Multipart) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let mut data = Vec::new();
    let mut name = String::new();
    let mut too_big = false;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest)?;
        let wanted = field.name() == Some("file");
        if wanted {
            name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("upload.csv")
                .chars()
                .take(200)
                .collect();
        }
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if !wanted {
                continue;
            }
            if data.len() + chunk.len() > MAX_BYTES {
                too_big = true;
                break;
            }
            data.extend_from_slice(&chunk);
        }
        if too_big {
            break;
        }
    }
    let mut errors = FormErrors::default();
    if too_big {
        errors.push("file", "error-calendar-too-big");
    } else if data.is_empty() {
        errors.push("file", "error-calendar-missing");
    }
    if !errors.is_empty() {
        return render(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &CheckQuery::default(),
            errors,
            None,
        )
        .await;
    }
    let days = match calendar::parse_whole_years(&data) {
        Ok(days) => days,
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.push("file", "error-calendar-file");
            return render(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &CheckQuery::default(),
                errors,
                Some(explain(ctx.lang, &e)),
            )
            .await;
        }
    };
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let at = now();
                let years = store::calendar::replace_years(
                    conn,
                    &days,
                    &format!("upload: {name}"),
                    Some(actor),
                    at,
                )?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "calendar.import",
                    "calendar",
                    years.first().map(|y| y.0).unwrap_or(0),
                    json!({ "file": name, "years": years }),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/organise/calendar",
        "success",
        "flash-calendar-imported",
    ))
}

/// What is wrong with an uploaded calendar, in the reader's language.
fn explain(lang: Lang, e: &ImportError) -> String {
    use crate::domain::calendar::CalendarError as C;
    match e {
        ImportError::Calendar(C::Encoding) => t(lang, "error-calendar-encoding"),
        ImportError::Calendar(C::MissingColumn(col)) => t_args(
            lang,
            "error-calendar-column",
            &[("column", FluentValue::from(col.to_string()))],
        ),
        ImportError::Calendar(C::Row { line, .. }) => t_args(
            lang,
            "error-calendar-row",
            &[("line", FluentValue::from(*line as f64))],
        ),
        ImportError::Calendar(C::Empty) => t(lang, "error-calendar-empty"),
        ImportError::Partial(year) => t_args(
            lang,
            "error-calendar-partial",
            &[("year", FluentValue::from(year.to_string()))],
        ),
        ImportError::Db(_) => t(lang, "error-calendar-file"),
    }
}
