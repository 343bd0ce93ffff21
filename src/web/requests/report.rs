//! The per-unit deadline report (page with chart, and CSV) and the reasons
//! units give for not releasing data.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use crate::domain::data_request::{shown_days as num, shown_share as pct, UnitStats, STATES};
use crate::i18n::{request_reason_label, t, Lang};
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
            "lines": r.lines.iter().map(|l| line_json(name(lang, &l.unit), &l.stats)).collect::<Vec<_>>(),
            "total": line_json(t(lang, "report-all-units"), &r.total),
            "filed": {
                "received": r.filed.received,
                "states": STATES.iter().map(|s| json!({
                    "label": t(lang, &format!("request-state-{}", s.as_str())), "count": r.filed.count(*s),
                })).collect::<Vec<_>>(),
                "reasons": r.filed.refused_by_reason.iter().map(|(code, n)| json!({
                    "label": request_reason_label(lang, &r.reasons, code), "count": n,
                })).collect::<Vec<_>>(),
                "released": r.filed.released.iter().map(|(id, title, dataset)| json!({
                    "id": id, "title": title, "dataset": dataset,
                })).collect::<Vec<_>>(),
            },
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
        rows.push(line(name(lang, &l.unit), &l.stats));
    }
    rows.push(line(t(lang, "report-all-units"), &r.total));
    // Then the requests filed in the period: where they stand now, the
    // reasons of refusals, and the datasets released because of a request.
    rows.push(vec![String::new()]);
    rows.extend(filed_rows(lang, &r));
    download::csv(rows, &format!("data-requests-{}-{}.csv", r.from, r.to))
}

fn line_json(unit: String, s: &UnitStats) -> Json {
    json!({
        "unit": unit, "received": s.received, "answered": s.answered,
        "median": num(s.median()), "p90": s.p90(),
        "in_time": pct(s.in_time_share()),
        "approved": s.approved, "published": s.published, "rejected": s.rejected,
        "handed_back": s.handed_back, "withdrawn": s.withdrawn,
        "open": s.open, "overdue": s.overdue,
    })
}

/// One line of the per-unit table: the unit (or "all units") and its figures.
fn line(unit: String, s: &UnitStats) -> Vec<String> {
    vec![
        unit,
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
    ]
}

/// The requests filed in the period as CSV rows: each state's count after
/// the number received, the refusals per reason, the datasets released.
fn filed_rows(lang: Lang, r: &Report) -> Vec<Vec<String>> {
    let f = &r.filed;
    let mut rows = vec![
        vec![t(lang, "report-filed-state"), t(lang, "report-count")],
        vec![t(lang, "report-filed-received"), f.received.to_string()],
    ];
    rows.extend(STATES.iter().map(|s| {
        vec![
            t(lang, &format!("request-state-{}", s.as_str())),
            f.count(*s).to_string(),
        ]
    }));
    rows.push(vec![String::new()]);
    rows.push(vec![
        t(lang, "report-refused-reason"),
        t(lang, "report-count"),
    ]);
    rows.extend(
        f.refused_by_reason
            .iter()
            .map(|(code, n)| vec![request_reason_label(lang, &r.reasons, code), n.to_string()]),
    );
    rows.push(vec![String::new()]);
    rows.push(vec![
        t(lang, "report-released-request"),
        t(lang, "report-released-title"),
        t(lang, "report-released-dataset"),
    ]);
    rows.extend(
        f.released
            .iter()
            .map(|(id, title, dataset)| vec![id.to_string(), title.clone(), dataset.clone()]),
    );
    rows
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
