//! Outreach (issue 16, part 2): the organisers' campaign page with each
//! campaign's funnel and the flagged departments, its CSV and workbook, the
//! form that makes a campaign, and the campaign link `/c/{code}` that counts
//! a visit, remembers the campaign in the browser and leads to the contest.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use crate::domain::outreach::CampaignForm;
use crate::service::{self, Person};
use crate::web::ctx::{cookie, redirect, redirect_with_flash, Ctx};
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::contest_title;

/// The campaign a browser came through (its code; the first one stays).
pub const CAMPAIGN_COOKIE: &str = "cp_campaign";
/// A random token per browser, so that a visit is counted once.
pub const VISITOR_COOKIE: &str = "cp_visitor";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/c/{code}", web::get().to(follow))
        .route("/organise/contests/{id}/outreach", web::get().to(page))
        .route("/organise/contests/{id}/outreach", web::post().to(create))
        .route("/organise/contests/{id}/outreach.csv", web::get().to(csv))
        .route(
            "/organise/contests/{id}/outreach.xlsx",
            web::get().to(workbook),
        );
}

/// The campaign a browser remembers, for sign-up.
pub fn remembered(req: &HttpRequest) -> Option<String> {
    req.cookie(CAMPAIGN_COOKIE).map(|c| c.value().to_string())
}

/// A campaign's link: counts the visit once per browser, remembers the
/// campaign unless the browser came through another first, and goes on to
/// the contest's page. A code that is not a campaign's goes home, quietly.
pub async fn follow(ctx: Ctx, req: HttpRequest, path: web::Path<String>) -> AppResult {
    let code = path.into_inner();
    let known = req.cookie(VISITOR_COOKIE).map(|c| c.value().to_string());
    let visitor = known.clone().unwrap_or_else(crate::security::random_token);
    let token = visitor.clone();
    let landing = ctx
        .state
        .run(move |p| service::outreach::visit(p, &code, &token))
        .await?;
    let Some(landing) = landing else {
        return Ok(redirect("/"));
    };
    let to = match landing.contest_year {
        Some(year) => format!("/contests/{year}"),
        None => "/".to_string(),
    };
    let mut resp = HttpResponse::SeeOther();
    resp.insert_header((header::LOCATION, to));
    if known.is_none() {
        resp.cookie(cookie(
            &ctx.state,
            VISITOR_COOKIE,
            visitor,
            Some(CookieDuration::days(365)),
        ));
    }
    if remembered(&req).is_none() {
        resp.cookie(cookie(
            &ctx.state,
            CAMPAIGN_COOKIE,
            landing.code,
            Some(CookieDuration::days(90)),
        ));
    }
    Ok(resp.finish())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ByQuery {
    by: String,
}

/// The chosen date (YYYY-MM-DD), today in Taiwan when none; a date that
/// cannot be read is today, with the field's message.
fn by_date(raw: &str) -> (NaiveDate, bool) {
    let raw = raw.trim();
    if raw.is_empty() {
        return (service::today(), true);
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => (d, true),
        Err(_) => (service::today(), false),
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CampaignFields {
    name: String,
    school_code: String,
    department: String,
    channel: String,
}

impl CampaignFields {
    fn typed(&self) -> CampaignForm {
        CampaignForm {
            name: self.name.clone(),
            school_code: self.school_code.clone(),
            department: self.department.clone(),
            channel: self.channel.clone(),
        }
    }
}

async fn render(
    ctx: &Ctx,
    who: Person,
    id: i32,
    by_raw: &str,
    status: StatusCode,
    typed: CampaignFields,
    mut errors: FormErrors,
) -> AppResult {
    let (by, readable) = by_date(by_raw);
    if !readable {
        errors.push("by", "error-date");
    }
    let lang = ctx.lang;
    let o = ctx
        .state
        .run(move |p| service::outreach::outreach(p, &who, id, by))
        .await?;
    let by_q = format!("?by={by}");
    let flagged: Vec<_> = o
        .rows
        .iter()
        .filter(|r| r.flagged)
        .map(|r| json!({ "name": r.name, "department": r.department, "school": r.school }))
        .collect();
    ctx.render_status(
        status,
        "organise/outreach",
        json!({
            "contest": { "id": o.contest.id, "title": contest_title(lang, &o.contest) },
            "by": by.to_string(),
            "csv": format!("/organise/contests/{id}/outreach.csv{by_q}"),
            "xlsx": format!("/organise/contests/{id}/outreach.xlsx{by_q}"),
            "flagged": flagged,
            "campaigns": o.rows.iter().map(|r| json!({
                "name": r.name, "school": r.school, "department": r.department,
                "channel": r.channel, "created": r.created_on.to_string(),
                "link": ctx.state.config.absolute_url(&format!("/c/{}", r.code)),
                "visits": r.funnel.visits, "signups": r.funnel.signups,
                "students": r.funnel.students, "submitted": r.funnel.submitted,
                "eligible": r.funnel.eligible, "flagged": r.flagged,
            })).collect::<Vec<_>>(),
            "schools": o.schools.iter().map(|s| json!({
                "code": s.code, "name": s.name, "selected": s.code == typed.school_code.trim(),
            })).collect::<Vec<_>>(),
            "form": { "name": typed.name, "department": typed.department, "channel": typed.channel },
            "errors": errors.to_json(),
        }),
    )
}

pub async fn page(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ByQuery>,
) -> AppResult {
    let status = StatusCode::OK;
    let (id, by) = (path.into_inner(), q.into_inner().by);
    let typed = CampaignFields::default();
    render(&ctx, who.0, id, &by, status, typed, FormErrors::default()).await
}

pub async fn create(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<CampaignFields>,
) -> AppResult {
    let id = path.into_inner();
    let fields = form.into_inner();
    let (person, typed) = (who.0.clone(), fields.typed());
    match ctx
        .state
        .run(move |p| service::outreach::create(p, &person, id, &typed))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/contests/{id}/outreach"),
            "success",
            "flash-outreach-created",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who.0, id, "", status, fields, errors).await
        }
    }
}

/// The contest and the chosen date of a download's address.
fn download_of(path: web::Path<i32>, q: &ByQuery) -> (i32, NaiveDate) {
    (path.into_inner(), by_date(&q.by).0)
}

pub async fn csv(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ByQuery>,
) -> AppResult {
    let ((id, by), lang) = (download_of(path, &q), ctx.lang);
    let rows = ctx
        .state
        .run(move |p| service::outreach::table(p, &who, id, by, lang))
        .await?;
    download::csv(rows, &format!("contest-{id}-outreach.csv"))
}

pub async fn workbook(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ByQuery>,
) -> AppResult {
    let ((id, by), lang) = (download_of(path, &q), ctx.lang);
    let body = service::outreach::workbook(&ctx.state, &who, id, by, lang).await?;
    download::xlsx(body, &format!("contest-{id}-outreach.xlsx"))
}
