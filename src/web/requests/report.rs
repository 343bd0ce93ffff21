//! The per-unit deadline report (page with chart, and CSV) and the reasons
//! units give for not releasing data.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use crate::i18n::{t, Lang};
use crate::service::requests::{ReasonForm, Report};
use crate::service::{self, Person};
use crate::store::units::Unit;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Organiser;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    from: String,
    to: String,
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_default()
}

fn name(lang: Lang, u: &Unit) -> String {
    super::unit_name(lang, std::slice::from_ref(u), Some(u.id)).unwrap_or_default()
}

async fn load(ctx: &Ctx, who: Person, q: &ReportQuery) -> service::Result<Report> {
    let (from, to) = (q.from.clone(), q.to.clone());
    ctx.state
        .run(move |p| service::requests::report(p, &who, &from, &to, service::today()))
        .await
}

pub async fn report(ctx: Ctx, who: Organiser, q: web::Query<ReportQuery>) -> AppResult {
    let lang = ctx.lang;
    let r = load(&ctx, who.0, &q).await?;
    let days = ctx.state.config.request_due_days;
    // The chart: one bar per unit for the median and a thinner one for the
    // 90th percentile, on a scale that always shows the deadline.
    let longest = r
        .lines
        .iter()
        .filter_map(|l| l.stats.p90())
        .max()
        .unwrap_or(0)
        .max(days) as f64;
    // A 320-unit-wide drawing (it shrinks to a phone's width): the unit's
    // name on one line, its bars below, starting at the left edge.
    let scale = |d: f64| (d / longest * 250.0).round();
    let bars: Vec<Json> = r
        .lines
        .iter()
        .filter(|l| l.stats.answered > 0)
        .enumerate()
        .map(|(row, l)| {
            let y = 8 + row * 60;
            json!({
                "unit": name(lang, &l.unit), "y": y, "label_y": y + 14, "bar_y": y + 20, "value_y": y + 31, "p90_y": y + 36,
                "value_x": scale(l.stats.median().unwrap_or(0.0)) + 6.0,
                "median": num(l.stats.median()), "median_w": scale(l.stats.median().unwrap_or(0.0)),
                "p90": l.stats.p90(), "p90_w": scale(f64::from(l.stats.p90().unwrap_or(0))),
            })
        })
        .collect();
    let height = 16 + bars.len() * 60;
    ctx.render_status(
        if r.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        "requests/report",
        json!({
            "from": r.from.format("%Y-%m-%d").to_string(),
            "to": r.to.format("%Y-%m-%d").to_string(),
            "days": days,
            "lines": r.lines.iter().map(|l| json!({
                "unit": name(lang, &l.unit), "received": l.stats.received, "answered": l.stats.answered,
                "median": num(l.stats.median()), "p90": l.stats.p90(),
                "in_time": pct(l.stats.in_time_share()),
                "approved": l.stats.approved, "published": l.stats.published, "rejected": l.stats.rejected,
                "handed_back": l.stats.handed_back, "withdrawn": l.stats.withdrawn,
                "open": l.stats.open, "overdue": l.stats.overdue,
            })).collect::<Vec<_>>(),
            "chart": {
                "bars": bars, "height": height, "deadline_x": scale(f64::from(days)),
            },
            "errors": r.errors.to_json(),
        }),
    )
}

pub async fn report_csv(ctx: Ctx, who: Organiser, q: web::Query<ReportQuery>) -> AppResult {
    let lang = ctx.lang;
    let r = load(&ctx, who.0, &q).await?;
    let mut rows = vec![[
        "requests-unit",
        "report-received",
        "report-answered",
        "report-median",
        "report-p90",
        "report-in-time",
        "request-state-approved",
        "request-state-published",
        "request-state-rejected",
        "report-handed-back",
        "request-state-withdrawn",
        "report-open",
        "report-overdue",
    ]
    .iter()
    .map(|id| t(lang, id))
    .collect::<Vec<_>>()];
    for l in &r.lines {
        let s = &l.stats;
        rows.push(vec![
            name(lang, &l.unit),
            s.received.to_string(),
            s.answered.to_string(),
            num(s.median()),
            s.p90().map(|d| d.to_string()).unwrap_or_default(),
            pct(s.in_time_share()),
            s.approved.to_string(),
            s.published.to_string(),
            s.rejected.to_string(),
            s.handed_back.to_string(),
            s.withdrawn.to_string(),
            s.open.to_string(),
            s.overdue.to_string(),
        ]);
    }
    download::csv(rows, &format!("data-requests-{}-{}.csv", r.from, r.to))
}

pub async fn reasons_page(ctx: Ctx, who: Organiser) -> AppResult {
    render_reasons(
        &ctx,
        who.0,
        StatusCode::OK,
        FormErrors::default(),
        HashMap::new(),
    )
    .await
}

async fn render_reasons(
    ctx: &Ctx,
    who: Person,
    status: StatusCode,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> AppResult {
    let reasons = ctx
        .state
        .run(move |p| service::requests::reasons(p, &who))
        .await?;
    let kept = |k: &str| typed.get(k).cloned().unwrap_or_default();
    ctx.render_status(
        status,
        "requests/reasons",
        json!({
            "reasons": reasons.iter().map(|r| json!({
                "id": r.id, "code": r.code, "label_zh": r.label_zh, "label_en": r.label_en, "active": r.active,
            })).collect::<Vec<_>>(),
            "form": { "code": kept("code"), "label_zh": kept("label_zh"), "label_en": kept("label_en") },
            "errors": errors.to_json(),
        }),
    )
}

pub async fn save_reason(
    ctx: Ctx,
    who: Organiser,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let adding = field(&form, "action") == "add";
    let f = ReasonForm {
        id: if adding {
            None
        } else {
            Some(field(&form, "id").parse().unwrap_or(0))
        },
        code: field(&form, "code"),
        label_zh: field(&form, "label_zh"),
        label_en: field(&form, "label_en"),
        active: field(&form, "active") == "1",
    };
    let person = who.0.clone();
    match ctx
        .state
        .run(move |p| service::requests::save_reason(p, &person, f))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/organise/request-reasons",
            "success",
            "flash-reasons-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render_reasons(&ctx, who.0, status, errors, form.iter().cloned().collect()).await
        }
    }
}
