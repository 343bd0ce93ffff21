//! Data requests: participants ask for data that is not released yet; the
//! organisers route each request to a business unit, which answers from
//! its own queue within N working days on the office calendar. Everyone
//! sees the public board; requesters' names are never shown there.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::{field, FormErrors};
use super::{audit, now};
use crate::db::{self, DbConn};
use crate::domain::calendar::Calendar;
use crate::domain::data_request::{self as dr, Action, Actor, State};
use crate::domain::role::Role;
use crate::i18n::{t, Lang};
use crate::service::mail;
use crate::store::{self, requests::Request, units::Unit, PageRequest};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/requests", web::get().to(board))
        .route("/requests/new", web::get().to(new_form))
        .route("/requests/new", web::post().to(file))
        .route("/requests/similar", web::get().to(similar))
        .route("/requests/{id}", web::get().to(show))
        .route("/requests/{id}/act", web::post().to(act))
        .route("/requests/{id}/follow", web::post().to(follow))
        .route("/requests/{id}/comments", web::post().to(comment))
        .route(
            "/requests/{id}/comments/{comment}/hide",
            web::post().to(hide_comment),
        )
        .route("/organise/requests", web::get().to(organiser_queue))
        .route("/organise/request-reasons", web::get().to(reasons_page))
        .route("/organise/request-reasons", web::post().to(save_reason))
        .route("/organise/requests/report", web::get().to(report))
        .route("/organise/requests/report.csv", web::get().to(report_csv))
        .route("/unit/requests", web::get().to(unit_queue))
        .route("/help/working-days", web::get().to(help));
}

const TITLE_MAX: usize = 120;
const TEXT_MAX: usize = 4000;
const MESSAGE_MAX: usize = 2000;

/// Today in Taiwan.
pub fn today() -> NaiveDate {
    (now() + chrono::Duration::hours(8)).date()
}

fn unit_name(lang: Lang, units: &[Unit], id: Option<i32>) -> Option<String> {
    let u = units.iter().find(|u| Some(u.id) == id)?;
    Some(if lang == Lang::En && !u.name_en.is_empty() {
        u.name_en.clone()
    } else {
        u.name_zh.clone()
    })
}

/// The units this user reviews for.
fn my_units(ctx: &Ctx) -> Vec<i32> {
    ctx.user
        .as_ref()
        .map(|u| {
            u.roles
                .iter()
                .filter(|g| g.role == Role::UnitReviewer)
                .filter_map(|g| g.unit_id)
                .collect()
        })
        .unwrap_or_default()
}

fn is_organiser(ctx: &Ctx) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.has(Role::Organiser) || u.has(Role::Admin))
}

fn state_of(r: &Request) -> State {
    State::parse(&r.state).unwrap_or(State::Submitted)
}

/// The clock of a request with a unit, for display.
fn clock_json(cal: &Calendar, r: &Request, today: NaiveDate) -> Json {
    let Some(due) = r.due_on else {
        return Json::Null;
    };
    let running = state_of(r).with_unit();
    let c = dr::clock(cal, due, r.paused_on, today);
    json!({
        "due": c.due_on.format("%Y-%m-%d").to_string(),
        "days_left": c.days_left,
        "overdue": running && c.overdue,
        "late_by": -c.days_left,
        "running": running,
        "paused": r.paused_on.is_some() && running,
        "fallback": cal.first_gap(r.routed_on.unwrap_or(due), c.due_on).is_some(),
    })
}

/// One request as the board and queues show it.
fn row_json(
    lang: Lang,
    cal: &Calendar,
    units: &[Unit],
    r: &Request,
    followers: i64,
    team: Option<&str>,
    today: NaiveDate,
) -> Json {
    json!({
        "id": r.id, "title": r.title, "state": format!("request-state-{}", r.state),
        "state_id": r.state,
        "unit": unit_name(lang, units, r.unit_id),
        "clock": clock_json(cal, r, today),
        "expected": r.expected_on.map(|d| d.format("%Y-%m-%d").to_string()),
        "approved_overdue": state_of(r) == State::Approved && r.expected_on.is_some_and(|d| d < today),
        "followers": followers,
        "team": team,
        "created": crate::templates::format_taipei(&r.created_at),
    })
}

// ---------------------------------------------------------------- board

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct BoardQuery {
    q: String,
    state: String,
    unit: String,
    mine: String,
    page: Option<i64>,
}

/// Team names for requests whose requester agreed to show them.
fn shown_teams(conn: &mut DbConn, rows: &[Request]) -> Result<HashMap<i32, String>, AppError> {
    let mut out = HashMap::new();
    for r in rows.iter().filter(|r| r.show_team) {
        if let Some(team) = r.team_id {
            if let Some(t) = store::teams::find(conn, team)? {
                out.insert(r.id, t.name);
            }
        }
    }
    Ok(out)
}

async fn board(ctx: Ctx, q: web::Query<BoardQuery>) -> AppResult {
    let lang = ctx.lang;
    let state = State::parse(&q.state).map(|s| s.as_str().to_string());
    let unit = q.unit.parse::<i32>().ok();
    let me = ctx.user.as_ref().map(|u| u.id);
    let mine = q.mine == "1" && me.is_some();
    let filter = store::requests::Filter {
        q: q.q.chars().take(100).collect(),
        state: state.clone(),
        unit_id: unit,
        requester_id: if mine { me } else { None },
        // A withdrawn request stays visible to its requester only.
        hide_states: if mine {
            vec![]
        } else {
            vec!["withdrawn".into()]
        },
        ..Default::default()
    };
    let page = PageRequest::new(q.page, 20);
    let (list, cal, units, counts, teams) = ctx
        .state
        .db(move |conn| {
            let list = store::requests::list(conn, &filter, page)?;
            let ids: Vec<i32> = list.items.iter().map(|r| r.id).collect();
            let counts: HashMap<i32, i64> = store::requests::follower_counts(conn, &ids)?
                .into_iter()
                .collect();
            let teams = shown_teams(conn, &list.items)?;
            Ok((
                list,
                store::calendar::load(conn)?,
                store::units::list(conn)?,
                counts,
                teams,
            ))
        })
        .await?;
    let today = today();
    let base: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("q", q.q.as_str()),
            ("state", q.state.as_str()),
            ("unit", q.unit.as_str()),
            ("mine", q.mine.as_str()),
        ])
        .finish();
    let pages = list.pages();
    ctx.render(
        "requests/board",
        json!({
            "filter": { "q": q.q, "mine": mine },
            "states": dr::STATES.iter().filter(|s| **s != State::Withdrawn || mine).map(|s| json!({
                "id": s.as_str(), "label": format!("request-state-{}", s.as_str()),
                "selected": state.as_deref() == Some(s.as_str()),
            })).collect::<Vec<_>>(),
            "units": units.iter().filter(|u| u.active).map(|u| json!({
                "id": u.id, "name": unit_name(lang, &units, Some(u.id)), "selected": unit == Some(u.id),
            })).collect::<Vec<_>>(),
            "rows": list.items.iter().map(|r| row_json(
                lang, &cal, &units, r, counts.get(&r.id).copied().unwrap_or(0),
                teams.get(&r.id).map(String::as_str), today,
            )).collect::<Vec<_>>(),
            "signed_in": me.is_some(),
            "pager": {
                "page": list.page, "pages": pages, "total": list.total,
                "prev": (list.page > 1).then(|| format!("/requests?{base}&page={}", list.page - 1)),
                "next": (list.page < pages).then(|| format!("/requests?{base}&page={}", list.page + 1)),
            },
        }),
    )
}

// ---------------------------------------------------------------- filing

#[derive(Default, Clone)]
struct Filing {
    title: String,
    description: String,
    fields: String,
    purpose: String,
    entry_id: String,
    suggested_unit: String,
    format: String,
    needed_by: String,
    show_team: bool,
}

impl Filing {
    fn from_form(form: &[(String, String)]) -> Filing {
        Filing {
            title: field(form, "title"),
            description: field(form, "description"),
            fields: field(form, "fields"),
            purpose: field(form, "purpose"),
            entry_id: field(form, "entry_id"),
            suggested_unit: field(form, "suggested_unit"),
            format: field(form, "format"),
            needed_by: field(form, "needed_by"),
            show_team: field(form, "show_team") == "1",
        }
    }
}

const FORMATS: [&str; 6] = ["CSV", "JSON", "XML", "XLSX", "API", "ODS"];

async fn new_form(ctx: Ctx) -> AppResult {
    ctx.user()?;
    render_new(
        &ctx,
        StatusCode::OK,
        Filing {
            format: "CSV".into(),
            ..Filing::default()
        },
        FormErrors::default(),
        None,
    )
    .await
}

/// Open requests and catalogue datasets whose titles look like this one.
fn suggestions(conn: &mut DbConn, title: &str) -> Result<(Vec<Json>, Vec<Json>), AppError> {
    let mut requests: Vec<(f64, Json)> = store::requests::open_titles(conn)?
        .into_iter()
        .filter_map(|(id, t, state)| {
            let s = dr::similarity(title, &t);
            (s >= dr::SIMILAR).then(|| {
                (
                    s,
                    json!({ "id": id, "title": t, "state": format!("request-state-{state}") }),
                )
            })
        })
        .collect();
    requests.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pieces: Vec<String> = dr::bigrams(title)
        .into_iter()
        .filter(|b| b.chars().count() == 2)
        .take(12)
        .collect();
    let mut datasets: Vec<(f64, Json)> = store::catalog::title_contains_any(conn, &pieces, 300)?
        .into_iter()
        .filter_map(|d| {
            let s = dr::similarity(title, &d.title);
            (s >= dr::SIMILAR).then(|| {
                (
                    s,
                    json!({ "id": d.source_id, "title": d.title, "publisher": d.publisher }),
                )
            })
        })
        .collect();
    datasets.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok((
        requests.into_iter().take(5).map(|(_, j)| j).collect(),
        datasets.into_iter().take(5).map(|(_, j)| j).collect(),
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SimilarQuery {
    title: String,
}

/// Suggestions while typing a title (static/requests.js); the form's
/// "check" button gives the same without JavaScript.
async fn similar(ctx: Ctx, q: web::Query<SimilarQuery>) -> AppResult {
    ctx.user()?;
    let lang = ctx.lang;
    let title: String = q.title.trim().chars().take(TITLE_MAX).collect();
    let (requests, datasets) = if title.chars().count() < 2 {
        (Vec::new(), Vec::new())
    } else {
        ctx.state.db(move |conn| suggestions(conn, &title)).await?
    };
    let requests: Vec<Json> = requests
        .into_iter()
        .map(|mut r| {
            let label = t(lang, r["state"].as_str().unwrap_or(""));
            r["state"] = json!(label);
            r
        })
        .collect();
    Ok(actix_web::HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .json(json!({
            "requests": requests, "datasets": datasets,
            "heading": t(lang, "requests-similar-heading"),
            "none": t(lang, "requests-similar-none"),
        })))
}

async fn render_new(
    ctx: &Ctx,
    status: StatusCode,
    f: Filing,
    errors: FormErrors,
    suggested: Option<(Vec<Json>, Vec<Json>)>,
) -> AppResult {
    let lang = ctx.lang;
    let me = ctx.user()?.id;
    let (units, entries) = ctx
        .state
        .db(move |conn| {
            Ok((
                store::units::list(conn)?,
                store::requests::entries_of_user(conn, me)?,
            ))
        })
        .await?;
    let checked = suggested.is_some();
    let (similar, datasets) = suggested.unwrap_or_default();
    ctx.render_status(
        status,
        "requests/new",
        json!({
            "form": {
                "title": f.title, "description": f.description, "fields": f.fields, "purpose": f.purpose,
                "needed_by": f.needed_by, "show_team": f.show_team,
            },
            "entries": entries.iter().map(|(id, title, _, team)| json!({
                "id": id, "label": format!("{title}（{team}）"), "selected": f.entry_id == id.to_string(),
            })).collect::<Vec<_>>(),
            "units": units.iter().filter(|u| u.active).map(|u| json!({
                "id": u.id, "name": unit_name(lang, &units, Some(u.id)), "selected": f.suggested_unit == u.id.to_string(),
            })).collect::<Vec<_>>(),
            "formats": FORMATS.iter().map(|x| json!({ "id": x, "selected": f.format == *x })).collect::<Vec<_>>(),
            "checked": checked,
            "similar": similar,
            "datasets": datasets,
            "errors": errors.to_json(),
        }),
    )
}

fn check_text(
    errors: &mut FormErrors,
    name: &'static str,
    value: &str,
    max: usize,
    required: bool,
) {
    if required && value.is_empty() {
        errors.push(name, "error-required");
    } else if value.chars().count() > max {
        errors.push(name, "error-too-long");
    }
}

async fn file(ctx: Ctx, form: web::Form<Vec<(String, String)>>) -> AppResult {
    let me = ctx.user()?.id;
    let f = Filing::from_form(&form);
    let mut errors = FormErrors::default();
    check_text(&mut errors, "title", &f.title, TITLE_MAX, true);
    check_text(&mut errors, "description", &f.description, TEXT_MAX, true);
    check_text(&mut errors, "fields", &f.fields, TEXT_MAX, false);
    check_text(&mut errors, "purpose", &f.purpose, TEXT_MAX, true);
    let needed_by = match f.needed_by.as_str() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) if d >= today() => Some(d),
            Ok(_) => {
                errors.push("needed_by", "error-date-past");
                None
            }
            Err(_) => {
                errors.push("needed_by", "error-date");
                None
            }
        },
    };
    if !FORMATS.contains(&f.format.as_str()) {
        errors.push("format", "error-request-format");
    }
    // "Check" shows what already exists before filing (it needs only the
    // title); so does any mistake.
    let checking = field(&form, "action") == "check";
    if checking {
        let mut title_only = FormErrors::default();
        check_text(&mut title_only, "title", &f.title, TITLE_MAX, true);
        errors = title_only;
    }
    if checking || !errors.is_empty() {
        let title = f.title.clone();
        let suggested = ctx.state.db(move |conn| suggestions(conn, &title)).await?;
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return render_new(&ctx, status, f, errors, Some(suggested)).await;
    }
    let ip = ctx.ip.clone();
    let kept = f.clone();
    let filed = ctx
        .state
        .db(move |conn| {
            db::transaction(
                conn,
                |conn| -> Result<Result<i32, &'static str>, AppError> {
                    if !store::throttle::hit(
                        conn,
                        &crate::domain::throttle::REQUEST_FILING_PER_ACCOUNT,
                        &me.to_string(),
                        now(),
                    )? {
                        return Ok(Err("error-request-rate"));
                    }
                    let entries = store::requests::entries_of_user(conn, me)?;
                    let entry = match f.entry_id.as_str() {
                        "" => None,
                        raw => Some(
                            entries
                                .iter()
                                .find(|e| e.0.to_string() == raw)
                                .ok_or(AppError::NotFound)?,
                        ),
                    };
                    let units = store::units::list(conn)?;
                    let suggested_unit = match f.suggested_unit.as_str() {
                        "" => None,
                        raw => Some(
                            units
                                .iter()
                                .find(|u| u.active && u.id.to_string() == raw)
                                .ok_or(AppError::NotFound)?
                                .id,
                        ),
                    };
                    let at = now();
                    let r = store::requests::create(
                        conn,
                        &store::requests::NewRequest {
                            requester_id: me,
                            team_id: entry.map(|e| e.2),
                            entry_id: entry.map(|e| e.0),
                            title: &f.title,
                            description: &f.description,
                            fields: &f.fields,
                            purpose: &f.purpose,
                            suggested_unit_id: suggested_unit,
                            preferred_format: &f.format,
                            needed_by,
                            show_team: f.show_team && entry.is_some(),
                        },
                        at,
                    )?;
                    store::requests::add_event(
                        conn,
                        r.id,
                        Some(me),
                        "file",
                        "",
                        "submitted",
                        "",
                        &json!({ "as": "requester" }),
                        at,
                    )?;
                    // The filer follows their own request.
                    store::requests::toggle_follow(conn, r.id, me, at)?;
                    audit(
                        conn,
                        me,
                        ip.as_deref(),
                        "request.file",
                        "data_request",
                        r.id,
                        json!({ "title": f.title }),
                    )?;
                    Ok(Ok(r.id))
                },
            )
        })
        .await?;
    match filed {
        Ok(id) => Ok(redirect_with_flash(
            &ctx,
            &format!("/requests/{id}"),
            "success",
            "flash-request-filed",
        )),
        Err(message) => {
            let mut errors = FormErrors::default();
            errors.push("form", message);
            render_new(&ctx, StatusCode::TOO_MANY_REQUESTS, kept, errors, None).await
        }
    }
}

// ---------------------------------------------------------------- one request

/// Who the current user is to this request.
fn roles_on(ctx: &Ctx, r: &Request) -> Vec<Actor> {
    let mut out = Vec::new();
    if ctx.user.as_ref().is_some_and(|u| u.id == r.requester_id) {
        out.push(Actor::Requester);
    }
    if is_organiser(ctx) {
        out.push(Actor::Organiser);
    }
    if r.unit_id.is_some_and(|u| my_units(ctx).contains(&u)) {
        out.push(Actor::Unit);
    }
    out
}

/// A withdrawn request is its requester's and the organisers' business only.
fn may_see(ctx: &Ctx, r: &Request) -> bool {
    state_of(r) != State::Withdrawn
        || roles_on(ctx, r)
            .iter()
            .any(|a| matches!(a, Actor::Requester | Actor::Organiser))
}

struct Page {
    r: Request,
    cal: Calendar,
    units: Vec<Unit>,
    events: Vec<store::requests::Event>,
    comments: Vec<store::requests::Comment>,
    spans: Vec<store::requests::Span>,
    followers: i64,
    following: bool,
    team: Option<String>,
    reasons: Vec<store::requests::Reason>,
    dataset_title: Option<String>,
}

fn load_page(conn: &mut DbConn, id: i32, me: Option<i32>) -> Result<Page, AppError> {
    let r = store::requests::find(conn, id)?.ok_or(AppError::NotFound)?;
    let followers = store::requests::follower_counts(conn, &[id])?
        .first()
        .map(|c| c.1)
        .unwrap_or(0);
    let following = match me {
        Some(u) => store::requests::is_following(conn, id, u)?,
        None => false,
    };
    let team = shown_teams(conn, std::slice::from_ref(&r))?.remove(&id);
    let dataset_title = match &r.dataset_id {
        Some(d) => store::catalog::find_by_source_id(conn, d)?.map(|d| d.title),
        None => None,
    };
    Ok(Page {
        cal: store::calendar::load(conn)?,
        units: store::units::list(conn)?,
        events: store::requests::events(conn, id)?,
        comments: store::requests::comments(conn, id)?,
        spans: store::requests::spans(conn, id)?,
        reasons: store::requests::reasons(conn)?,
        followers,
        following,
        team,
        dataset_title,
        r,
    })
}

async fn show(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let me = ctx.user.as_ref().map(|u| u.id);
    let p = ctx.state.db(move |conn| load_page(conn, id, me)).await?;
    if !may_see(&ctx, &p.r) {
        return Err(AppError::NotFound);
    }
    render_show(
        &ctx,
        StatusCode::OK,
        p,
        HashMap::new(),
        FormErrors::default(),
    )
}

/// What the public sees instead of a person's name.
fn actor_label(lang: Lang, units: &[Unit], role: &str, unit: Option<i32>) -> String {
    let (role, unit) = match role.split_once(':') {
        Some((r, u)) => (r, u.parse().ok()),
        None => (role, unit),
    };
    match role {
        "requester" => t(lang, "request-actor-requester"),
        "unit" => unit_name(lang, units, unit).unwrap_or_else(|| t(lang, "request-actor-unit")),
        _ => t(lang, "request-actor-organiser"),
    }
}

fn render_show(
    ctx: &Ctx,
    status: StatusCode,
    p: Page,
    typed: HashMap<String, String>,
    errors: FormErrors,
) -> AppResult {
    let lang = ctx.lang;
    let r = &p.r;
    let state = state_of(r);
    let roles = roles_on(ctx, r);
    let organiser = roles.contains(&Actor::Organiser);
    let today = today();
    // The actions this user may take now, each with the form it needs.
    let actions: Vec<&'static str> = dr::ACTIONS
        .iter()
        .filter(|a| {
            roles
                .iter()
                .any(|who| dr::transition(state, **a, *who).is_ok())
        })
        .map(|a| a.as_str())
        .collect();
    let has = |a: &str| actions.contains(&a);
    let timeline: Vec<Json> = p
        .events
        .iter()
        .map(|e| {
            let detail: Json = serde_json::from_str(&e.detail).unwrap_or(Json::Null);
            let unit = detail["unit_id"].as_i64().map(|u| u as i32);
            json!({
                "action": format!("request-action-{}", e.action),
                "at": crate::templates::format_taipei(&e.created_at),
                "who": actor_label(lang, &p.units, detail["as"].as_str().unwrap_or(""), unit),
                "message": e.message,
                "unit": matches!(e.action.as_str(), "route" | "hand-back").then(|| unit_name(lang, &p.units, unit)).flatten(),
                "due": detail["due_on"].as_str(),
                "dataset": detail["dataset_id"].as_str(),
                "reason": detail["reason"].as_str().and_then(|c| p.reasons.iter().find(|x| x.code == c)).map(|x| if lang == Lang::En { x.label_en.clone() } else { x.label_zh.clone() }),
                "expected": detail["expected_on"].as_str(),
                "duplicate_of": detail["duplicate_of"].as_i64(),
            })
        })
        .collect();
    let comments: Vec<Json> = p
        .comments
        .iter()
        .filter(|c| c.hidden_at.is_none() || organiser)
        .map(|c| {
            json!({
                "id": c.id, "body": c.body, "hidden": c.hidden_at.is_some(),
                "who": actor_label(lang, &p.units, &c.author_role, r.unit_id),
                "at": crate::templates::format_taipei(&c.created_at),
            })
        })
        .collect();
    let spans: Vec<Json> = p
        .spans
        .iter()
        .map(|s| {
            json!({
                "unit": unit_name(lang, &p.units, s.unit_id),
                "started": s.started_on.format("%Y-%m-%d").to_string(),
                "due": s.due_on.format("%Y-%m-%d").to_string(),
                "paused": s.paused_days,
                "outcome": s.outcome.as_ref().map(|o| format!("request-action-{o}")),
            })
        })
        .collect();
    let kept = |k: &str| typed.get(k).cloned().unwrap_or_default();
    let may_comment = !roles.is_empty() && state != State::Withdrawn;
    let due_days = ctx.state.config.request_due_days;
    ctx.render_status(
        status,
        "requests/show",
        json!({
            "r": {
                "id": r.id, "title": r.title, "description": r.description, "fields": r.fields,
                "purpose": r.purpose, "format": r.preferred_format,
                "needed_by": r.needed_by.map(|d| d.format("%Y-%m-%d").to_string()),
                "state": format!("request-state-{}", r.state), "state_id": r.state,
                "unit": unit_name(lang, &p.units, r.unit_id),
                "suggested_unit": unit_name(lang, &p.units, r.suggested_unit_id),
                "dataset_id": r.dataset_id, "dataset_title": p.dataset_title,
                "duplicate_of": r.duplicate_of,
                "expected": r.expected_on.map(|d| d.format("%Y-%m-%d").to_string()),
                "answered": r.answered_at.is_some(),
                "answered_days": r.answered_days, "answered_in_time": r.answered_in_time,
                "team": p.team, "version": r.version,
                "created": crate::templates::format_taipei(&r.created_at),
            },
            "clock": clock_json(&p.cal, r, today),
            "due_days": due_days,
            "timeline": timeline,
            "spans": spans,
            "comments": comments,
            "followers": p.followers,
            "following": p.following,
            "signed_in": ctx.user.is_some(),
            "organiser": organiser,
            "may_comment": may_comment,
            "act": {
                "any": !actions.is_empty(),
                "route": has("route"), "close": has("close-available"),
                "approve": has("approve"), "publish": has("publish"), "reject": has("reject"),
                "ask": has("ask-info"), "answer": has("answer"), "hand_back": has("hand-back"),
                "withdraw": has("withdraw"),
            },
            "units": p.units.iter().filter(|u| u.active).map(|u| json!({
                "id": u.id, "name": unit_name(lang, &p.units, Some(u.id)),
                "selected": kept("unit_id") == u.id.to_string() || (kept("unit_id").is_empty() && r.suggested_unit_id == Some(u.id)),
            })).collect::<Vec<_>>(),
            "reasons": p.reasons.iter().filter(|x| x.active).map(|x| json!({
                "code": x.code, "label": if lang == Lang::En { &x.label_en } else { &x.label_zh },
                "selected": kept("reason") == x.code,
            })).collect::<Vec<_>>(),
            "typed": {
                "action": kept("action"), "message": kept("message"), "dataset_id": kept("dataset_id"),
                "duplicate_of": kept("duplicate_of"), "expected_on": kept("expected_on"),
                "body": kept("body"),
            },
            "errors": errors.to_json(),
        }),
    )
}

/// A change refused on the form: status, field and message id.
type Refused = (StatusCode, &'static str, &'static str);

/// What an action needs besides the state change, checked before anything is written.
struct Wanted {
    action: Action,
    message: String,
    unit_id: Option<i32>,
    dataset_id: Option<String>,
    duplicate_of: Option<i32>,
    expected_on: Option<NaiveDate>,
    reason: Option<String>,
    version: i32,
}

fn parse_wanted(form: &[(String, String)], errors: &mut FormErrors) -> Result<Wanted, AppError> {
    let action = Action::parse(&field(form, "action")).ok_or(AppError::BadRequest)?;
    let message = field(form, "message");
    let needs_message = matches!(
        action,
        Action::CloseAvailable
            | Action::CloseDuplicate
            | Action::CloseOutOfScope
            | Action::Reject
            | Action::AskInfo
            | Action::Answer
            | Action::HandBack
    );
    check_text(errors, "message", &message, MESSAGE_MAX, needs_message);
    let mut w = Wanted {
        action,
        message,
        unit_id: None,
        dataset_id: None,
        duplicate_of: None,
        expected_on: None,
        reason: None,
        version: field(form, "version").parse().unwrap_or(-1),
    };
    match action {
        Action::Route => match field(form, "unit_id").parse::<i32>() {
            Ok(u) => w.unit_id = Some(u),
            Err(_) => errors.push("unit_id", "error-request-unit"),
        },
        Action::CloseAvailable | Action::Publish => {
            let id = field(form, "dataset_id");
            if crate::domain::catalog::valid_id(&id) {
                w.dataset_id = Some(id);
            } else {
                errors.push("dataset_id", "error-request-dataset-id");
            }
        }
        Action::CloseDuplicate => match field(form, "duplicate_of")
            .trim_start_matches('#')
            .parse::<i32>()
        {
            Ok(d) => w.duplicate_of = Some(d),
            Err(_) => errors.push("duplicate_of", "error-request-duplicate"),
        },
        Action::Approve => match NaiveDate::parse_from_str(&field(form, "expected_on"), "%Y-%m-%d")
        {
            Ok(d) if d >= today() => w.expected_on = Some(d),
            Ok(_) => errors.push("expected_on", "error-date-past"),
            Err(_) => errors.push("expected_on", "error-date"),
        },
        Action::Reject => match field(form, "reason").as_str() {
            "" => errors.push("reason", "error-request-reason"),
            code => w.reason = Some(code.to_string()),
        },
        _ => {}
    }
    Ok(w)
}

/// The role the user acts in for this action on this request.
fn acting_as(ctx: &Ctx, r: &Request, action: Action) -> Result<Actor, AppError> {
    let state = state_of(r);
    let roles = roles_on(ctx, r);
    if let Some(a) = roles
        .iter()
        .find(|who| dr::transition(state, action, **who).is_ok())
    {
        return Ok(*a);
    }
    // A unit reviewer of another unit does not get to know the request is there.
    let unit_action = matches!(
        action,
        Action::Approve | Action::Reject | Action::AskInfo | Action::HandBack | Action::Publish
    );
    if unit_action
        && !my_units(ctx).is_empty()
        && !roles.contains(&Actor::Unit)
        && !roles.contains(&Actor::Organiser)
    {
        return Err(AppError::NotFound);
    }
    match roles
        .iter()
        .map(|who| dr::transition(state, action, *who))
        .find(|r| matches!(r, Err(dr::Refusal::WrongState)))
    {
        Some(_) => Err(AppError::Conflict("error-request-state")),
        None => Err(AppError::Forbidden),
    }
}

async fn act(ctx: Ctx, path: web::Path<i32>, form: web::Form<Vec<(String, String)>>) -> AppResult {
    let me = ctx.user()?.id;
    let id = path.into_inner();
    let mut errors = FormErrors::default();
    let w = parse_wanted(&form, &mut errors)?;
    let r = ctx
        .state
        .db(move |conn| store::requests::find(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    if !may_see(&ctx, &r) {
        return Err(AppError::NotFound);
    }
    let actor = acting_as(&ctx, &r, w.action)?;
    let typed: HashMap<String, String> = form.iter().cloned().collect();
    // A dataset id must be known: locally, or live from data.gov.tw. A
    // release is always confirmed live; the record is stored with the
    // transition (so entries can use it at once), and only if it succeeds.
    let mut fetched = None;
    if errors.is_empty() {
        if let Some(d) = w.dataset_id.clone() {
            let known = ctx
                .state
                .db({
                    let d = d.clone();
                    move |conn| Ok(store::catalog::find_by_source_id(conn, &d)?.is_some())
                })
                .await?;
            if w.action == Action::Publish || !known {
                match ctx
                    .state
                    .catalog
                    .fetch(crate::domain::catalog::Source::DataGov, &d)
                    .await
                {
                    Ok(record) => fetched = Some(record),
                    Err(e) => {
                        tracing::info!(dataset = %d, error = %e, "dataset id not confirmed");
                        errors.push("dataset_id", "error-request-dataset-unknown");
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        let p = ctx
            .state
            .db(move |conn| load_page(conn, id, Some(me)))
            .await?;
        return render_show(&ctx, StatusCode::UNPROCESSABLE_ENTITY, p, typed, errors);
    }
    let state = ctx.state.clone();
    let ip = ctx.ip.clone();
    let lang = ctx.lang;
    let outcome = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<Result<(), Refused>, AppError> {
                let mut r = store::requests::find(conn, id)?.ok_or(AppError::NotFound)?;
                if r.version != w.version {
                    return Ok(Err((StatusCode::CONFLICT, "form", "error-request-stale")));
                }
                let from = state_of(&r);
                let to = dr::transition(from, w.action, actor).map_err(|e| match e {
                    dr::Refusal::NotYours => AppError::Forbidden,
                    dr::Refusal::WrongState => AppError::Conflict("error-request-state"),
                })?;
                let cal = store::calendar::load(conn)?;
                let (at, day) = (now(), today());
                let mut detail = json!({ "as": match actor { Actor::Requester => "requester", Actor::Organiser => "organiser", Actor::Unit => "unit" } });
                if actor == Actor::Unit {
                    // Credited to the unit that acted, even after re-routing.
                    detail["unit_id"] = json!(r.unit_id);
                }
                match w.action {
                    Action::Route => {
                        let Some(unit) = store::units::find(conn, w.unit_id.unwrap_or(0))?
                            .filter(|u| u.active)
                        else {
                            return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, "unit_id", "error-request-unit")));
                        };
                        let start = cal.effective_start(day);
                        let due = cal.add_working_days(day, state.config.request_due_days);
                        r.unit_id = Some(unit.id);
                        r.routed_on = Some(start);
                        r.due_on = Some(due);
                        r.paused_on = None;
                        r.reminded_before_on = None;
                        r.reminded_due_on = None;
                        store::requests::start_span(conn, id, unit.id, start, due)?;
                        detail["unit_id"] = json!(unit.id);
                        detail["due_on"] = json!(due.format("%Y-%m-%d").to_string());
                    }
                    Action::CloseAvailable => {
                        r.dataset_id = w.dataset_id.clone();
                        detail["dataset_id"] = json!(w.dataset_id);
                    }
                    Action::CloseDuplicate => {
                        let other = w.duplicate_of.unwrap_or(0);
                        let ok = other != id
                            && store::requests::find(conn, other)?
                                .is_some_and(|o| o.state != "withdrawn");
                        if !ok {
                            return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, "duplicate_of", "error-request-duplicate")));
                        }
                        r.duplicate_of = Some(other);
                        detail["duplicate_of"] = json!(other);
                    }
                    Action::AskInfo => r.paused_on = Some(day),
                    Action::Answer => {
                        if let (Some(due), Some(paused)) = (r.due_on, r.paused_on) {
                            let new_due = dr::resume_due(&cal, due, paused, day);
                            let n = dr::paused_days(&cal, paused, day);
                            store::requests::extend_span(conn, id, new_due, n as i32)?;
                            r.due_on = Some(new_due);
                            detail["due_on"] = json!(new_due.format("%Y-%m-%d").to_string());
                            detail["paused_days"] = json!(n);
                        }
                        r.paused_on = None;
                    }
                    Action::HandBack => {
                        store::requests::end_span(conn, id, "hand-back", at)?;
                        detail["unit_id"] = json!(r.unit_id);
                        r.unit_id = None;
                        r.routed_on = None;
                        r.due_on = None;
                        r.paused_on = None;
                    }
                    Action::Approve => {
                        r.expected_on = w.expected_on;
                        detail["expected_on"] = json!(w.expected_on.map(|d| d.format("%Y-%m-%d").to_string()));
                    }
                    Action::Publish => {
                        r.dataset_id = w.dataset_id.clone();
                        detail["dataset_id"] = json!(w.dataset_id);
                    }
                    _ => {}
                }
                // A dataset confirmed live goes into the catalogue with the change.
                if let Some(record) = &fetched {
                    store::catalog::upsert(conn, record, at)?;
                }
                match w.action {
                    Action::Reject => {
                        let code = w.reason.clone().unwrap_or_default();
                        if !store::requests::reasons(conn)?.iter().any(|x| x.active && x.code == code) {
                            return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, "reason", "error-request-reason")));
                        }
                        r.reason_code = Some(code.clone());
                        detail["reason"] = json!(code);
                    }
                    Action::Withdraw if from.with_unit() => {
                        store::requests::end_span(conn, id, "withdraw", at)?;
                    }
                    _ => {}
                }
                // The unit's first answer is what the deadline measures; an
                // organiser entering a release closes the span without one.
                if w.action == Action::Publish && actor == Actor::Organiser && from.with_unit() {
                    store::requests::end_span(conn, id, "organiser-publish", at)?;
                } else if w.action.is_answer() && r.answered_at.is_none() {
                    if let (Some(routed), Some(due)) = (r.routed_on, r.due_on) {
                        let paused: i32 = store::requests::spans(conn, id)?
                            .last()
                            .map(|s| s.paused_days)
                            .unwrap_or(0);
                        let days = cal.working_days_between(routed, day) as i32 - paused;
                        r.answered_at = Some(at);
                        r.answered_days = Some(days.max(0));
                        r.answered_in_time = Some(day <= due);
                    }
                    store::requests::end_span(conn, id, w.action.as_str(), at)?;
                }
                r.state = to.as_str().to_string();
                r.updated_at = at;
                if !store::requests::save(conn, &r)? {
                    return Ok(Err((StatusCode::CONFLICT, "form", "error-request-stale")));
                }
                store::requests::add_event(conn, id, Some(me), w.action.as_str(), from.as_str(), to.as_str(), &w.message, &detail, at)?;
                notify(conn, &state, &r, w.action, me, lang, at)?;
                audit(conn, me, ip.as_deref(), &format!("request.{}", w.action.as_str()), "data_request", id, detail)?;
                Ok(Ok(()))
            })
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/requests/{id}"),
            "success",
            "flash-request-updated",
        )),
        Err((status, name, message)) => {
            let mut errors = FormErrors::default();
            errors.push(name, message);
            let p = ctx
                .state
                .db(move |conn| load_page(conn, id, Some(me)))
                .await?;
            render_show(&ctx, status, p, typed, errors)
        }
    }
}

/// Mails the requester and followers about a change (not the person who made
/// it), and the unit's reviewers when the request reaches them.
fn notify(
    conn: &mut DbConn,
    state: &super::AppState,
    r: &Request,
    action: Action,
    actor: i32,
    _lang: Lang,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let link = state.config.absolute_url(&format!("/requests/{}", r.id));
    let mut people: Vec<(i32, String, String)> = store::requests::follower_addresses(conn, r.id)?;
    if let Some(u) = store::users::find(conn, r.requester_id)? {
        if !people.iter().any(|p| p.0 == u.id) {
            people.push((u.id, u.email, u.locale));
        }
    }
    let send = |conn: &mut DbConn,
                people: Vec<(i32, String, String)>,
                page: &str,
                kind: &str,
                template: &str,
                subject: &str,
                data: &dyn Fn(Lang) -> Json|
     -> Result<(), AppError> {
        for (uid, email, locale) in people {
            if uid == actor {
                continue;
            }
            let lang = Lang::from_code(&locale).unwrap_or_default();
            mail::notify(
                conn,
                state,
                &email,
                lang,
                kind,
                template,
                subject,
                data(lang),
                page,
                at,
            )
            .map_err(AppError::Internal)?;
        }
        Ok(())
    };
    if let (Some(unit), true) = (r.unit_id, matches!(action, Action::Route | Action::Answer)) {
        let reviewers = store::requests::unit_reviewers(conn, unit)?;
        let due = r.due_on.map(|d| d.format("%Y-%m-%d").to_string());
        let queue = state.config.absolute_url("/unit/requests");
        send(
            conn,
            reviewers,
            "/unit/requests",
            "request-routed",
            "emails/request_unit",
            "mail-request-unit-subject",
            &|_| json!({ "title": r.title, "due": due, "link": queue, "answered": action == Action::Answer }),
        )?;
    }
    let page = format!("/requests/{}", r.id);
    send(
        conn,
        people,
        &page,
        "request-update",
        "emails/request_update",
        "mail-request-update-subject",
        &|lang| json!({ "title": r.title, "state": t(lang, &format!("request-state-{}", r.state)), "link": link }),
    )?;
    Ok(())
}

async fn follow(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let me = ctx.user()?.id;
    let id = path.into_inner();
    let r = ctx
        .state
        .db(move |conn| store::requests::find(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    if !may_see(&ctx, &r) {
        return Err(AppError::NotFound);
    }
    let now_following = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| {
                Ok(store::requests::toggle_follow(conn, id, me, now())?)
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/requests/{id}"),
        "success",
        if now_following {
            "flash-request-followed"
        } else {
            "flash-request-unfollowed"
        },
    ))
}

async fn comment(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let me = ctx.user()?.id;
    let id = path.into_inner();
    let body = field(&form, "body");
    let r = ctx
        .state
        .db(move |conn| store::requests::find(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    if !may_see(&ctx, &r) {
        return Err(AppError::NotFound);
    }
    let roles = roles_on(&ctx, &r);
    // The thread is between the requester, the organisers and the unit.
    let role = if roles.contains(&Actor::Requester) {
        "requester".to_string()
    } else if roles.contains(&Actor::Unit) {
        // Which unit spoke stays true after re-routing.
        format!("unit:{}", r.unit_id.unwrap_or(0))
    } else if roles.contains(&Actor::Organiser) {
        "organiser".to_string()
    } else {
        return Err(AppError::Forbidden);
    };
    if state_of(&r) == State::Withdrawn {
        return Err(AppError::Conflict("error-request-state"));
    }
    let mut errors = FormErrors::default();
    check_text(&mut errors, "body", &body, MESSAGE_MAX, true);
    if !errors.is_empty() {
        let p = ctx
            .state
            .db(move |conn| load_page(conn, id, Some(me)))
            .await?;
        let typed = [("body".to_string(), body)].into_iter().collect();
        return render_show(&ctx, StatusCode::UNPROCESSABLE_ENTITY, p, typed, errors);
    }
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| {
                store::requests::add_comment(conn, id, me, &role, &body, now())?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/requests/{id}#comments"),
        "success",
        "flash-comment-added",
    ))
}

async fn hide_comment(
    ctx: Ctx,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (id, comment_id) = path.into_inner();
    let hide = field(&form, "action") != "show";
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let at = hide.then(now);
                if !store::requests::set_hidden(conn, id, comment_id, hide.then_some(actor), at)? {
                    return Err(AppError::NotFound);
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    if hide {
                        "request.comment-hide"
                    } else {
                        "request.comment-show"
                    },
                    "data_request",
                    id,
                    json!({ "comment_id": comment_id }),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/requests/{id}#comments"),
        "success",
        if hide {
            "flash-comment-hidden"
        } else {
            "flash-comment-shown"
        },
    ))
}

// ---------------------------------------------------------------- queues

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    unit: String,
}

async fn render_queue(
    ctx: &Ctx,
    title: &'static str,
    sections: Vec<(&'static str, store::requests::Filter)>,
    unit_switch: Vec<(i32, bool)>,
) -> AppResult {
    let lang = ctx.lang;
    let (lists, cal, units) = ctx
        .state
        .db(move |conn| {
            let mut lists = Vec::new();
            for (heading, f) in sections {
                let list = store::requests::list(conn, &f, PageRequest::new(Some(1), 100))?;
                lists.push((heading, list));
            }
            Ok((
                lists,
                store::calendar::load(conn)?,
                store::units::list(conn)?,
            ))
        })
        .await?;
    let today = today();
    let gap = cal.first_gap(today, today + chrono::Duration::days(60));
    ctx.render(
        "requests/queue",
        json!({
            "title": title,
            "sections": lists.iter().map(|(heading, list)| json!({
                "heading": heading, "total": list.total, "more": list.total > list.items.len() as i64,
                "rows": list.items.iter().map(|r| row_json(lang, &cal, &units, r, 0, None, today)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "units": unit_switch.iter().map(|(id, current)| json!({
                "id": id, "name": unit_name(lang, &units, Some(*id)), "current": current,
            })).collect::<Vec<_>>(),
            "calendar_gap": gap.map(|d| d.format("%Y-%m-%d").to_string()),
            "organiser": is_organiser(ctx),
        }),
    )
}

async fn organiser_queue(ctx: Ctx) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let f = |states: &[&str]| store::requests::Filter {
        only_states: states.iter().map(|s| s.to_string()).collect(),
        by_due: true,
        ..Default::default()
    };
    render_queue(
        &ctx,
        "requests-organiser-title",
        vec![
            ("requests-to-triage", f(&["submitted"])),
            (
                "requests-overdue",
                store::requests::Filter {
                    overdue_on: Some(today()),
                    by_due: true,
                    ..Default::default()
                },
            ),
            ("requests-with-units", f(&["routed", "info-requested"])),
            ("requests-approved", f(&["approved"])),
        ],
        Vec::new(),
    )
    .await
}

async fn unit_queue(ctx: Ctx, q: web::Query<QueueQuery>) -> AppResult {
    ctx.user()?;
    let mine = my_units(&ctx);
    if mine.is_empty() {
        return Err(AppError::Forbidden);
    }
    let unit = match q.unit.as_str() {
        "" => mine[0],
        raw => raw
            .parse::<i32>()
            .ok()
            .filter(|u| mine.contains(u))
            .ok_or(AppError::NotFound)?,
    };
    let f = |states: &[&str]| store::requests::Filter {
        unit_id: Some(unit),
        only_states: states.iter().map(|s| s.to_string()).collect(),
        by_due: true,
        ..Default::default()
    };
    render_queue(
        &ctx,
        "requests-unit-title",
        vec![
            ("requests-to-answer", f(&["routed"])),
            ("requests-waiting-requester", f(&["info-requested"])),
            ("requests-approved", f(&["approved"])),
        ],
        mine.iter().map(|u| (*u, *u == unit)).collect(),
    )
    .await
}

async fn help(ctx: Ctx) -> AppResult {
    let days = ctx.state.config.request_due_days;
    let example = ctx
        .state
        .db(move |conn| {
            let cal = store::calendar::load(conn)?;
            let from = NaiveDate::from_ymd_opt(2026, 2, 12).unwrap_or_default();
            Ok(cal.add_working_days(from, days))
        })
        .await?;
    ctx.render(
        "requests/help",
        json!({ "days": days, "example_due": example.format("%Y-%m-%d").to_string() }),
    )
}

// ---------------------------------------------------------------- reminders

/// Reminds the unit's reviewers of requests due in 3 working days and due
/// today. Each reminder is claimed with a conditional update first, so two
/// replicas running this at the same moment send it once. Returns how many
/// requests were reminded about.
pub fn remind_due(state: &super::AppState, today: NaiveDate) -> anyhow::Result<usize> {
    let mut conn = state.pool.get()?;
    let cal = store::calendar::load(&mut conn)?;
    let mut sent = 0;
    for r in store::requests::running(&mut conn)? {
        let (Some(due), Some(unit)) = (r.due_on, r.unit_id) else {
            continue;
        };
        let c = dr::clock(&cal, due, r.paused_on, today);
        let due_today = c.days_left == 0 && c.due_on == today;
        if !(due_today || c.days_left == 3) {
            continue;
        }
        let claimed = db::transaction(&mut conn, |conn| -> anyhow::Result<bool> {
            if !store::requests::claim_reminder(conn, r.id, due_today, c.due_on)? {
                return Ok(false);
            }
            let at = now();
            for (_, email, locale) in store::requests::unit_reviewers(conn, unit)? {
                let lang = Lang::from_code(&locale).unwrap_or_default();
                mail::notify(
                    conn,
                    state,
                    &email,
                    lang,
                    "request-reminder",
                    "emails/request_reminder",
                    if due_today {
                        "mail-request-due-today-subject"
                    } else {
                        "mail-request-due-soon-subject"
                    },
                    json!({
                        "title": r.title, "due": c.due_on.format("%Y-%m-%d").to_string(),
                        "days": c.days_left, "today": due_today,
                        "link": state.config.absolute_url(&format!("/requests/{}", r.id)),
                    }),
                    &format!("/requests/{}", r.id),
                    at,
                )?;
            }
            Ok(true)
        })?;
        if claimed {
            sent += 1;
        }
    }
    Ok(sent)
}

// ---------------------------------------------------------------- reports

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    from: String,
    to: String,
}

/// One line of the per-unit report, formatted.
struct ReportLine {
    unit: String,
    stats: dr::UnitStats,
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_default()
}

/// The period asked for (default: this calendar year so far), and the lines.
async fn load_report(
    ctx: &Ctx,
    q: &ReportQuery,
) -> Result<(NaiveDate, NaiveDate, Vec<ReportLine>, FormErrors), AppError> {
    use chrono::Datelike;
    let today = today();
    let mut errors = FormErrors::default();
    let mut date = |raw: &str, name: &'static str, default: NaiveDate| match raw {
        "" => default,
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.push(name, "error-date");
            default
        }),
    };
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let (mut from, mut to) = (date(&q.from, "from", year_start), date(&q.to, "to", today));
    if from > to {
        errors.push("to", "error-period-order");
        std::mem::swap(&mut from, &mut to);
    }
    let lang = ctx.lang;
    let lines = ctx
        .state
        .db(move |conn| {
            let cal = store::calendar::load(conn)?;
            let units = store::units::list(conn)?;
            let spans = store::requests::spans_started_between(conn, from, to)?;
            // Open spans of requests now waiting for the requester are paused.
            let open: Vec<i32> = spans
                .iter()
                .filter(|s| s.ended_at.is_none())
                .map(|s| s.request_id)
                .collect();
            let paused: HashMap<i32, NaiveDate> = store::requests::find_many(conn, &open)?
                .into_iter()
                .filter_map(|r| Some((r.id, r.paused_on?)))
                .collect();
            let facts: Vec<dr::SpanFact> = spans
                .into_iter()
                .filter_map(|s| {
                    Some(dr::SpanFact {
                        unit: s.unit_id?,
                        started_on: s.started_on,
                        due_on: s.due_on,
                        paused_days: s.paused_days.max(0) as u32,
                        ended_on: s.ended_at.map(|t| (t + chrono::Duration::hours(8)).date()),
                        paused_on: s
                            .ended_at
                            .is_none()
                            .then(|| paused.get(&s.request_id).copied())
                            .flatten(),
                        outcome: s.outcome,
                    })
                })
                .collect();
            Ok(dr::unit_stats(&cal, &facts, today)
                .into_iter()
                .map(|(unit, stats)| ReportLine {
                    unit: unit_name(lang, &units, Some(unit)).unwrap_or_default(),
                    stats,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok((from, to, lines, errors))
}

async fn report(ctx: Ctx, q: web::Query<ReportQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let (from, to, lines, errors) = load_report(&ctx, &q).await?;
    let days = ctx.state.config.request_due_days;
    // The chart: one bar per unit for the median and a thinner one for the
    // 90th percentile, on a scale that always shows the deadline.
    let longest = lines
        .iter()
        .filter_map(|l| l.stats.p90())
        .max()
        .unwrap_or(0)
        .max(days) as f64;
    // A 320-unit-wide drawing (it shrinks to a phone's width): the unit's
    // name on one line, its bars below, starting at the left edge.
    let scale = |d: f64| (d / longest * 250.0).round();
    let bars: Vec<Json> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.stats.answered > 0)
        .enumerate()
        .map(|(row, (_, l))| {
            let y = 8 + row * 60;
            json!({
                "unit": l.unit, "y": y, "label_y": y + 14, "bar_y": y + 20, "value_y": y + 31, "p90_y": y + 36,
                "value_x": scale(l.stats.median().unwrap_or(0.0)) + 6.0,
                "median": num(l.stats.median()), "median_w": scale(l.stats.median().unwrap_or(0.0)),
                "p90": l.stats.p90(), "p90_w": scale(f64::from(l.stats.p90().unwrap_or(0))),
            })
        })
        .collect();
    let height = 16 + bars.len() * 60;
    ctx.render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        "requests/report",
        json!({
            "from": from.format("%Y-%m-%d").to_string(),
            "to": to.format("%Y-%m-%d").to_string(),
            "days": days,
            "lines": lines.iter().map(|l| json!({
                "unit": l.unit, "received": l.stats.received, "answered": l.stats.answered,
                "median": num(l.stats.median()), "p90": l.stats.p90(),
                "in_time": pct(l.stats.in_time_share()),
                "approved": l.stats.approved, "published": l.stats.published, "rejected": l.stats.rejected,
                "handed_back": l.stats.handed_back, "withdrawn": l.stats.withdrawn,
                "open": l.stats.open, "overdue": l.stats.overdue,
            })).collect::<Vec<_>>(),
            "chart": {
                "bars": bars, "height": height, "deadline_x": scale(f64::from(days)),
            },
            "errors": errors.to_json(),
        }),
    )
}

async fn report_csv(ctx: Ctx, q: web::Query<ReportQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let lang = ctx.lang;
    let (from, to, lines, _) = load_report(&ctx, &q).await?;
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
    for l in &lines {
        let s = &l.stats;
        rows.push(vec![
            l.unit.clone(),
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
    super::judges::csv_response(rows, &format!("data-requests-{from}-{to}.csv"))
}

// ---------------------------------------------------------------- reasons

async fn reasons_page(ctx: Ctx) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    render_reasons(&ctx, StatusCode::OK, FormErrors::default(), HashMap::new()).await
}

async fn render_reasons(
    ctx: &Ctx,
    status: StatusCode,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> AppResult {
    let reasons = ctx
        .state
        .db(|conn| Ok(store::requests::reasons(conn)?))
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

async fn save_reason(ctx: Ctx, form: web::Form<Vec<(String, String)>>) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (zh, en) = (field(&form, "label_zh"), field(&form, "label_en"));
    let adding = field(&form, "action") == "add";
    let code = field(&form, "code").to_lowercase();
    let mut errors = FormErrors::default();
    check_text(&mut errors, "label_zh", &zh, 100, true);
    check_text(&mut errors, "label_en", &en, 100, true);
    if adding
        && (code.is_empty()
            || code.len() > 40
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        errors.push("code", "error-reason-code");
    }
    let typed: HashMap<String, String> = form.iter().cloned().collect();
    if !errors.is_empty() {
        return render_reasons(&ctx, StatusCode::UNPROCESSABLE_ENTITY, errors, typed).await;
    }
    let id = field(&form, "id").parse::<i32>().ok();
    let active = field(&form, "active") == "1";
    let ip = ctx.ip.clone();
    let ok = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                let done = if adding {
                    store::requests::add_reason(conn, &code, &zh, &en)?
                } else {
                    let id = id.ok_or(AppError::NotFound)?;
                    if !store::requests::update_reason(conn, id, &zh, &en, active)? {
                        return Err(AppError::NotFound);
                    }
                    true
                };
                if done {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        if adding {
                            "request-reason.add"
                        } else {
                            "request-reason.update"
                        },
                        "request_reason",
                        id.unwrap_or(0),
                        json!({ "code": code, "label_zh": zh, "label_en": en, "active": active }),
                    )?;
                }
                Ok(done)
            })
        })
        .await?;
    if !ok {
        let mut errors = FormErrors::default();
        errors.push("code", "error-reason-code-taken");
        return render_reasons(&ctx, StatusCode::CONFLICT, errors, typed).await;
    }
    Ok(redirect_with_flash(
        &ctx,
        "/organise/request-reasons",
        "success",
        "flash-reasons-saved",
    ))
}
