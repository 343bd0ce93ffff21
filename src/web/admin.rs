//! The admin area: users and their roles, business units, the mail outbox and
//! the audit log. Every route checks the role on the server; every change
//! writes an audit row in the same transaction.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::ctx::{redirect, redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::{audit, now};
use crate::db;
use crate::domain::role::Role;
use crate::domain::FieldError;
use crate::i18n::{t, Lang};
use crate::store::{self, PageRequest};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/admin",
        web::get().to(|| async { redirect("/admin/users") }),
    )
    .route("/admin/users", web::get().to(users))
    .route("/admin/users/{id}", web::get().to(user))
    .route("/admin/users/{id}/roles", web::post().to(grant_role))
    .route(
        "/admin/users/{id}/roles/revoke",
        web::post().to(revoke_role),
    )
    .route("/admin/users/{id}/status", web::post().to(set_status))
    .route("/admin/units", web::get().to(units))
    .route("/admin/units", web::post().to(create_unit))
    .route("/admin/units/{id}", web::get().to(edit_unit_page))
    .route("/admin/units/{id}", web::post().to(update_unit))
    .route("/admin/outbox", web::get().to(outbox))
    .route("/admin/outbox/{id}", web::get().to(outbox_mail))
    .route("/admin/outbox/{id}/retry", web::post().to(outbox_retry))
    .route("/admin/audit", web::get().to(audit_log))
    .route("/admin/audit.csv", web::get().to(audit_csv));
}

const PER_PAGE: i64 = 25;

pub(super) fn pager(ctx: &Ctx, page: i64, pages: i64, total: i64) -> serde_json::Value {
    // Rebuild this page's query with another page number.
    let base: Vec<(String, String)> = url::form_urlencoded::parse(
        ctx.here
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
            .as_bytes(),
    )
    .filter(|(k, _)| k != "page")
    .map(|(k, v)| (k.into_owned(), v.into_owned()))
    .collect();
    let path = ctx.here.split('?').next().unwrap_or("/");
    let link = |p: i64| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &base {
            s.append_pair(k, v);
        }
        s.append_pair("page", &p.to_string());
        format!("{path}?{}", s.finish())
    };
    json!({
        "page": page,
        "pages": pages,
        "total": total,
        "prev": (page > 1).then(|| link(page - 1)),
        "next": (page < pages).then(|| link(page + 1)),
    })
}

fn unit_name(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::ZhTw => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

// ---------------------------------------------------------------- users

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UsersQuery {
    q: String,
    role: String,
    page: Option<i64>,
}

async fn users(ctx: Ctx, q: web::Query<UsersQuery>) -> AppResult {
    ctx.require(Role::Admin)?;
    let q = q.into_inner();
    let role = Role::parse(&q.role);
    let page = PageRequest::new(q.page, PER_PAGE);
    let search = q.q.clone();
    let list = ctx
        .state
        .db(move |conn| Ok(store::users::list(conn, Some(&search), role, page)?))
        .await?;
    let lang = ctx.lang;
    let rows: Vec<_> = list
        .items
        .iter()
        .map(|r| json!({
            "id": r.user.id,
            "email": r.user.email,
            "display_name": r.user.display_name,
            "verified": r.user.email_verified_at.is_some(),
            "disabled": r.user.disabled,
            "created_at": r.user.created_at,
            "roles": r.roles.iter().map(|g| json!({
                "name_id": g.role.message_id(),
                "unit": g.unit_name_zh.as_ref().map(|zh| unit_name(lang, zh, g.unit_name_en.as_deref().unwrap_or(zh))),
            })).collect::<Vec<_>>(),
        }))
        .collect();
    ctx.render("admin/users", json!({
        "section": "users",
        "filter": { "q": q.q, "role": q.role },
        "role_options": Role::ALL.iter().map(|r| json!({ "value": r.as_str(), "name_id": r.message_id(), "selected": Some(*r) == role })).collect::<Vec<_>>(),
        "rows": rows,
        "pager": pager(&ctx, list.page, list.pages(), list.total),
    }))
}

async fn user_page(
    ctx: &Ctx,
    user_id: i32,
    status: StatusCode,
    errors: FormErrors,
    grant: serde_json::Value,
) -> AppResult {
    let (user, roles, units) = ctx
        .state
        .db(move |conn| {
            let u = store::users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
            Ok((
                u,
                store::users::roles_of(conn, user_id)?,
                store::units::list(conn)?,
            ))
        })
        .await?;
    let lang = ctx.lang;
    let is_self = ctx.user.as_ref().map(|u| u.id) == Some(user.id);
    ctx.render_status(status, "admin/user", json!({
        "section": "users",
        "subject": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "verified": user.email_verified_at.is_some(),
            "disabled": user.disabled,
            "created_at": user.created_at,
            "is_self": is_self,
        },
        "roles": roles.iter().map(|g| json!({
            "value": g.role.as_str(),
            "name_id": g.role.message_id(),
            "unit": g.unit_name_zh.as_ref().map(|zh| unit_name(lang, zh, g.unit_name_en.as_deref().unwrap_or(zh))),
        })).collect::<Vec<_>>(),
        "role_options": Role::ALL.iter().map(|r| json!({ "value": r.as_str(), "name_id": r.message_id() })).collect::<Vec<_>>(),
        "unit_options": units.iter().filter(|u| u.active).map(|u| json!({ "id": u.id.to_string(), "name": unit_name(lang, &u.name_zh, &u.name_en) })).collect::<Vec<_>>(),
        "errors": errors.to_json(),
        "grant": grant,
    }))
}

fn empty_grant() -> serde_json::Value {
    json!({ "role": "", "unit_id": "" })
}

async fn user(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    ctx.require(Role::Admin)?;
    user_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        FormErrors::default(),
        empty_grant(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GrantForm {
    role: String,
    unit_id: String,
}

async fn grant_role(ctx: Ctx, path: web::Path<i32>, form: web::Form<GrantForm>) -> AppResult {
    let actor = ctx.require(Role::Admin)?.id;
    let user_id = path.into_inner();
    let kept = json!({ "role": form.role, "unit_id": form.unit_id.trim() });
    let mut errors = FormErrors::default();
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push("role", "error-role-invalid");
    }
    let unit_id: Option<i32> = match (role, form.unit_id.trim()) {
        (Some(r), "") if r.needs_unit() => {
            errors.push("unit_id", "error-unit-required");
            None
        }
        (Some(r), raw) if r.needs_unit() => match raw.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push("unit_id", "error-unit-required");
                None
            }
        },
        _ => None,
    };
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return user_page(
            &ctx,
            user_id,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            kept,
        )
        .await;
    };
    let ip = ctx.ip.clone();
    let t = now();
    let result = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<Result<bool, FieldError>, AppError> {
                store::users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
                if let Some(uid) = unit_id {
                    match store::units::find(conn, uid)? {
                        Some(u) if u.active => {}
                        _ => return Ok(Err(FieldError::new("unit_id", "error-unit-required"))),
                    }
                }
                let changed =
                    store::users::grant_role(conn, user_id, role, unit_id, Some(actor), t)?;
                if changed {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        "role.grant",
                        "user",
                        user_id.to_string(),
                        json!({ "role": role.as_str(), "unit_id": unit_id }),
                    )?;
                }
                Ok(Ok(changed))
            })
        })
        .await;
    let result = match result {
        // The same grant submitted twice at once: the other request won.
        Err(AppError::Internal(e))
            if e.downcast_ref::<diesel::result::Error>()
                .is_some_and(store::is_unique_violation) =>
        {
            Ok(false)
        }
        other => other?,
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("/admin/users/{user_id}"),
            "success",
            "flash-role-granted",
        )),
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add(e);
            user_page(
                &ctx,
                user_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                kept,
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    role: String,
}

async fn revoke_role(ctx: Ctx, path: web::Path<i32>, form: web::Form<RevokeForm>) -> AppResult {
    let actor = ctx.require(Role::Admin)?.id;
    let user_id = path.into_inner();
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest)?;
    let ip = ctx.ip.clone();
    let outcome = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<Result<(), FieldError>, AppError> {
                store::users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
                // Someone must still be able to run the portal afterwards.
                if role == Role::Admin
                    && store::users::holds(conn, user_id, Role::Admin)?
                    && store::users::count_enabled_with_role(conn, Role::Admin, Some(user_id))? == 0
                {
                    return Ok(Err(FieldError::new("role", "error-last-admin")));
                }
                if store::users::revoke_role(conn, user_id, role)? {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        "role.revoke",
                        "user",
                        user_id.to_string(),
                        json!({ "role": role.as_str() }),
                    )?;
                }
                Ok(Ok(()))
            })
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/admin/users/{user_id}"),
            "success",
            "flash-role-revoked",
        )),
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add(e);
            user_page(&ctx, user_id, StatusCode::CONFLICT, errors, empty_grant()).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    disabled: String,
}

async fn set_status(ctx: Ctx, path: web::Path<i32>, form: web::Form<StatusForm>) -> AppResult {
    let actor = ctx.require(Role::Admin)?.id;
    let user_id = path.into_inner();
    let disabled = match form.disabled.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    if user_id == actor && disabled {
        let mut errors = FormErrors::default();
        errors.push("status", "error-cannot-disable-self");
        return user_page(&ctx, user_id, StatusCode::CONFLICT, errors, empty_grant()).await;
    }
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
                store::users::set_disabled(conn, user_id, disabled, t)?;
                if disabled {
                    store::sessions::delete_for_user(conn, user_id, None)?;
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    if disabled {
                        "user.disable"
                    } else {
                        "user.enable"
                    },
                    "user",
                    user_id.to_string(),
                    json!({}),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/admin/users/{user_id}"),
        "success",
        if disabled {
            "flash-user-disabled"
        } else {
            "flash-user-enabled"
        },
    ))
}

// ---------------------------------------------------------------- business units

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UnitForm {
    code: String,
    name_zh: String,
    name_en: String,
    kind: String,
    active: Option<String>,
}

struct ValidUnit {
    code: String,
    name_zh: String,
    name_en: String,
    kind: String,
    active: bool,
}

fn validate_unit(f: &UnitForm) -> Result<ValidUnit, FormErrors> {
    let mut errors = FormErrors::default();
    let code = f.code.trim().to_lowercase();
    let code_ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !code_ok {
        errors.push("code", "error-unit-code-invalid");
    }
    let name_zh = f.name_zh.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_en = f.name_en.split_whitespace().collect::<Vec<_>>().join(" ");
    if name_zh.is_empty() || name_zh.chars().count() > 100 {
        errors.push("name_zh", "error-unit-name-invalid");
    }
    if name_en.is_empty() || name_en.chars().count() > 100 {
        errors.push("name_en", "error-unit-name-invalid");
    }
    if !matches!(f.kind.as_str(), "department" | "agency") {
        errors.push("kind", "error-unit-kind-invalid");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidUnit {
        code,
        name_zh,
        name_en,
        kind: f.kind.clone(),
        active: f.active.is_some(),
    })
}

async fn units_page(
    ctx: &Ctx,
    status: StatusCode,
    form: serde_json::Value,
    errors: FormErrors,
) -> AppResult {
    let (units, counts) = ctx
        .state
        .db(|conn| {
            Ok((
                store::units::list(conn)?,
                store::units::reviewer_counts(conn)?,
            ))
        })
        .await?;
    let rows: Vec<_> = units
        .iter()
        .map(|u| json!({
            "id": u.id, "code": u.code, "name_zh": u.name_zh, "name_en": u.name_en,
            "kind_id": if u.kind == "agency" { "unit-kind-agency" } else { "unit-kind-department" },
            "active": u.active,
            "reviewers": counts.iter().find(|(id, _)| *id == u.id).map(|(_, n)| *n).unwrap_or(0),
        }))
        .collect();
    ctx.render_status(
        status,
        "admin/units",
        json!({ "section": "units", "rows": rows, "form": form, "errors": errors.to_json() }),
    )
}

async fn units(ctx: Ctx) -> AppResult {
    ctx.require(Role::Admin)?;
    units_page(
        &ctx,
        StatusCode::OK,
        json!({ "code": "", "name_zh": "", "name_en": "", "kind": "department", "active": true }),
        FormErrors::default(),
    )
    .await
}

fn unit_form_json(f: &UnitForm) -> serde_json::Value {
    json!({ "code": f.code.trim(), "name_zh": f.name_zh.trim(), "name_en": f.name_en.trim(), "kind": f.kind, "active": f.active.is_some() })
}

async fn create_unit(ctx: Ctx, form: web::Form<UnitForm>) -> AppResult {
    let actor = ctx.require(Role::Admin)?.id;
    let f = form.into_inner();
    let valid = match validate_unit(&f) {
        Ok(v) => v,
        Err(errors) => {
            return units_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                unit_form_json(&f),
                errors,
            )
            .await
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    let created = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<i32, diesel::result::Error> {
                let unit = store::units::create(
                    conn,
                    &store::units::UnitInput {
                        code: &valid.code,
                        name_zh: &valid.name_zh,
                        name_en: &valid.name_en,
                        kind: &valid.kind,
                        active: valid.active,
                    },
                    t,
                )?;
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(actor),
                        action: "unit.create",
                        object_type: "business_unit",
                        object_id: Some(unit.id.to_string()),
                        details: json!({ "code": unit.code }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(unit.id)
            });
            match r {
                Ok(id) => Ok(Some(id)),
                Err(e) if store::is_unique_violation(&e) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match created {
        Some(_) => Ok(redirect_with_flash(
            &ctx,
            "/admin/units",
            "success",
            "flash-unit-saved",
        )),
        None => {
            let mut errors = FormErrors::default();
            errors.push("code", "error-unit-code-taken");
            units_page(&ctx, StatusCode::CONFLICT, unit_form_json(&f), errors).await
        }
    }
}

async fn edit_unit_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    ctx.require(Role::Admin)?;
    let id = path.into_inner();
    let unit = ctx
        .state
        .db(move |conn| store::units::find(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    ctx.render("admin/unit_edit", json!({
        "section": "units",
        "unit_id": unit.id,
        "form": { "code": unit.code, "name_zh": unit.name_zh, "name_en": unit.name_en, "kind": unit.kind, "active": unit.active },
        "errors": {},
    }))
}

async fn update_unit(ctx: Ctx, path: web::Path<i32>, form: web::Form<UnitForm>) -> AppResult {
    let actor = ctx.require(Role::Admin)?.id;
    let id = path.into_inner();
    let f = form.into_inner();
    let render_errors = |status, errors: FormErrors| {
        ctx.render_status(status, "admin/unit_edit", json!({ "section": "units", "unit_id": id, "form": unit_form_json(&f), "errors": errors.to_json() }))
    };
    let valid = match validate_unit(&f) {
        Ok(v) => v,
        Err(errors) => return render_errors(StatusCode::UNPROCESSABLE_ENTITY, errors),
    };
    let ip = ctx.ip.clone();
    let t = now();
    let outcome = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<bool, diesel::result::Error> {
                let before = match store::units::find(conn, id)? {
                    Some(u) => u,
                    None => return Ok(false),
                };
                store::units::update(conn, id, &store::units::UnitInput {
                    code: &valid.code, name_zh: &valid.name_zh, name_en: &valid.name_en, kind: &valid.kind, active: valid.active,
                })?;
                store::audit::record(conn, store::audit::Entry {
                    actor_id: Some(actor), action: "unit.update", object_type: "business_unit", object_id: Some(id.to_string()),
                    details: json!({ "before": { "code": before.code, "name_zh": before.name_zh, "name_en": before.name_en, "kind": before.kind, "active": before.active },
                                     "after": { "code": valid.code, "name_zh": valid.name_zh, "name_en": valid.name_en, "kind": valid.kind, "active": valid.active } }),
                    ip: ip.as_deref(),
                }, t)?;
                Ok(true)
            });
            match r {
                Ok(true) => Ok(Some(true)),
                Ok(false) => Err(AppError::NotFound),
                Err(e) if store::is_unique_violation(&e) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match outcome {
        Some(_) => Ok(redirect_with_flash(
            &ctx,
            "/admin/units",
            "success",
            "flash-unit-saved",
        )),
        None => {
            let mut errors = FormErrors::default();
            errors.push("code", "error-unit-code-taken");
            render_errors(StatusCode::CONFLICT, errors)
        }
    }
}

// ---------------------------------------------------------------- outbox

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OutboxQuery {
    state: String,
    to: String,
    page: Option<i64>,
}

const STATES: [&str; 3] = ["pending", "sent", "failed"];

async fn outbox(ctx: Ctx, q: web::Query<OutboxQuery>) -> AppResult {
    ctx.require_any(&[Role::Admin, Role::Organiser])?;
    let q = q.into_inner();
    let state = match q.state.as_str() {
        "pending" => store::outbox::State::Pending,
        "sent" => store::outbox::State::Sent,
        "failed" => store::outbox::State::Failed,
        _ => store::outbox::State::All,
    };
    let page = PageRequest::new(q.page, PER_PAGE);
    let to = q.to.clone();
    let list = ctx
        .state
        .db(move |conn| Ok(store::outbox::list(conn, state, Some(&to), page)?))
        .await?;
    let smtp = ctx.state.config.smtp.is_some();
    ctx.render("admin/outbox", json!({
        "section": "outbox",
        "smtp_configured": smtp,
        "filter": { "state": q.state, "to": q.to },
        "state_options": STATES.iter().map(|s| json!({ "value": s, "label_id": format!("outbox-state-{s}"), "selected": *s == q.state })).collect::<Vec<_>>(),
        "rows": list.items.iter().map(mail_json).collect::<Vec<_>>(),
        "pager": pager(&ctx, list.page, list.pages(), list.total),
    }))
}

fn mail_json(m: &store::outbox::Mail) -> serde_json::Value {
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

async fn outbox_mail(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let viewer = ctx.require_any(&[Role::Admin, Role::Organiser])?;
    let is_admin = viewer.has(Role::Admin);
    let actor = viewer.id;
    let id = path.into_inner();
    let ip = ctx.ip.clone();
    let mut mail = ctx
        .state
        .db(move |conn| {
            let mail = store::outbox::find(conn, id)?.ok_or(AppError::NotFound)?;
            // Mail bodies hold personal data and links: every reading is recorded.
            audit(
                conn,
                actor,
                ip.as_deref(),
                "mail.view",
                "mail",
                id.to_string(),
                json!({ "to": mail.to_addr }),
            )?;
            Ok(mail)
        })
        .await?;
    if !is_admin && mail.kind != "verify-email" {
        // Organisers may pass on confirmation links, but a password-reset
        // link would let them take over the account.
        mail.body_text = mask_tokens(&mail.body_text);
    }
    ctx.render("admin/outbox_mail", json!({ "section": "outbox", "mail": mail_json(&mail), "can_retry": is_admin && mail.failed_at.is_some() }))
}

/// Replaces the value of every `token=` in a text with "…".
fn mask_tokens(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(pos) = rest.find("token=") {
        out.push_str(&rest[..pos + "token=".len()]);
        rest = &rest[pos + "token=".len()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '&')
            .unwrap_or(rest.len());
        out.push('…');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

async fn outbox_retry(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let actor = ctx.require(Role::Admin)?.id;
    let id = path.into_inner();
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::outbox::find(conn, id)?.ok_or(AppError::NotFound)?;
                if store::outbox::retry_now(conn, id, t)? {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        "mail.retry",
                        "mail",
                        id.to_string(),
                        json!({}),
                    )?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/admin/outbox/{id}"),
        "success",
        "flash-mail-requeued",
    ))
}

// ---------------------------------------------------------------- audit log

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

/// The filter a query asks for; dates are Taipei days, `to` included.
fn audit_filter(q: &AuditQuery, errors: &mut FormErrors) -> store::audit::Filter {
    let day = |raw: &str, name: &'static str, errors: &mut FormErrors| match raw.trim() {
        "" => None,
        raw => match chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => {
                Some(d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(8))
            }
            _ => {
                errors.push(name, "error-date");
                None
            }
        },
    };
    store::audit::Filter {
        action: Some(q.action.clone()),
        actor_id: None,
        actor: q.actor.chars().take(100).collect(),
        object_type: q.object_type.clone(),
        object_id: q.object_id.chars().take(50).collect(),
        from: day(&q.from, "from", errors),
        until: day(&q.to, "to", errors).map(|t| t + chrono::Duration::days(1)),
    }
}

async fn audit_log(ctx: Ctx, q: web::Query<AuditQuery>) -> AppResult {
    ctx.require(Role::Admin)?;
    let q = q.into_inner();
    let page = PageRequest::new(q.page, 50);
    let mut errors = FormErrors::default();
    let filter = audit_filter(&q, &mut errors);
    let (list, actions, types) = ctx
        .state
        .db(move |conn| {
            Ok((
                store::audit::list(conn, &filter, page)?,
                store::audit::actions(conn)?,
                store::audit::object_types(conn)?,
            ))
        })
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
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        "admin/audit",
        json!({
            "section": "audit",
            "filter": { "action": q.action, "actor": q.actor, "object_id": q.object_id, "from": q.from, "to": q.to },
            "action_options": actions.iter().map(|a| json!({ "value": a, "selected": *a == q.action })).collect::<Vec<_>>(),
            "type_options": types.iter().map(|a| json!({ "value": a, "selected": *a == q.object_type })).collect::<Vec<_>>(),
            "rows": list.items,
            "pager": pager(&ctx, list.page, list.pages(), list.total),
            "export": format!("/admin/audit.csv?{export}"),
            "errors": errors.to_json(),
        }),
    )
}

/// The filtered audit log as CSV (at most 50,000 rows, newest first).
async fn audit_csv(ctx: Ctx, q: web::Query<AuditQuery>) -> AppResult {
    ctx.require(Role::Admin)?;
    let lang = ctx.lang;
    let mut errors = FormErrors::default();
    let filter = audit_filter(&q, &mut errors);
    if !errors.is_empty() {
        // Never fall back to the whole log for a mistyped period.
        return Err(AppError::BadRequest);
    }
    let actor = ctx.user()?.id;
    let ip = ctx.ip.clone();
    let list = ctx
        .state
        .db(move |conn| {
            let list = store::audit::list(
                conn,
                &filter,
                PageRequest {
                    page: 1,
                    per_page: 50_000,
                },
            )?;
            // Exporting the log is itself a privileged act.
            audit(
                conn,
                actor,
                ip.as_deref(),
                "audit.export",
                "audit_log",
                0,
                json!({ "rows": list.items.len() }),
            )?;
            Ok(list)
        })
        .await?;
    let mut rows = vec![[
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
    .collect::<Vec<_>>()];
    for r in list.items {
        rows.push(vec![
            crate::templates::format_taipei(&r.created_at),
            r.actor_email.unwrap_or_default(),
            r.action,
            r.object_type,
            r.object_id.unwrap_or_default(),
            r.details,
            r.ip.unwrap_or_default(),
        ]);
    }
    super::download::csv(rows, "audit-log.csv")
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_masked() {
        assert_eq!(
            super::mask_tokens("open https://x/password/reset?token=abc-123_x\nthanks"),
            "open https://x/password/reset?token=…\nthanks"
        );
        assert_eq!(super::mask_tokens("no links"), "no links");
    }
}
