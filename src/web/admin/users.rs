//! Accounts and their roles.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::{pager, unit_name, PER_PAGE};
use crate::domain::role::Role;
use crate::service::{self, Person};
use crate::store::PageRequest;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Admin;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UsersQuery {
    q: String,
    role: String,
    page: Option<i64>,
}

pub async fn users(ctx: Ctx, who: Admin, q: web::Query<UsersQuery>) -> AppResult {
    let q = q.into_inner();
    let role = Role::parse(&q.role);
    let page = PageRequest::new(q.page, PER_PAGE);
    let search = q.q.clone();
    let list = ctx
        .state
        .run(move |p| service::admin::users(p, &who, &search, role, page))
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
    who: Person,
    user_id: i32,
    status: StatusCode,
    errors: FormErrors,
    grant: serde_json::Value,
) -> AppResult {
    let is_self = who.id == user_id;
    let page = ctx
        .state
        .run(move |p| service::admin::user(p, &who, user_id))
        .await?;
    let lang = ctx.lang;
    let user = &page.user;
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
        "roles": page.roles.iter().map(|g| json!({
            "value": g.role.as_str(),
            "name_id": g.role.message_id(),
            "unit": g.unit_name_zh.as_ref().map(|zh| unit_name(lang, zh, g.unit_name_en.as_deref().unwrap_or(zh))),
        })).collect::<Vec<_>>(),
        "role_options": Role::ALL.iter().map(|r| json!({ "value": r.as_str(), "name_id": r.message_id() })).collect::<Vec<_>>(),
        "unit_options": page.units.iter().filter(|u| u.active).map(|u| json!({ "id": u.id.to_string(), "name": unit_name(lang, &u.name_zh, &u.name_en) })).collect::<Vec<_>>(),
        "errors": errors.to_json(),
        "grant": grant,
    }))
}

fn empty_grant() -> serde_json::Value {
    json!({ "role": "", "unit_id": "" })
}

pub async fn user(ctx: Ctx, who: Admin, path: web::Path<i32>) -> AppResult {
    user_page(
        &ctx,
        who.0,
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

pub async fn grant_role(
    ctx: Ctx,
    who: Admin,
    path: web::Path<i32>,
    form: web::Form<GrantForm>,
) -> AppResult {
    let user_id = path.into_inner();
    let kept = json!({ "role": form.role, "unit_id": form.unit_id.trim() });
    let Some(role) = Role::parse(&form.role) else {
        let errors = FormErrors::one("role", "error-role-invalid");
        return user_page(
            &ctx,
            who.0,
            user_id,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            kept,
        )
        .await;
    };
    // A unit that is not a number is no unit.
    let unit_id = match form.unit_id.trim() {
        "" => None,
        raw => Some(raw.parse::<i32>().unwrap_or(0)),
    };
    let person = who.0.clone();
    match ctx
        .state
        .run(move |p| service::admin::grant_role(p, &person, user_id, role, unit_id))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/admin/users/{user_id}"),
            "success",
            "flash-role-granted",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            user_page(&ctx, who.0, user_id, status, errors, kept).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    role: String,
}

pub async fn revoke_role(
    ctx: Ctx,
    who: Admin,
    path: web::Path<i32>,
    form: web::Form<RevokeForm>,
) -> AppResult {
    let user_id = path.into_inner();
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest)?;
    let person = who.0.clone();
    match ctx
        .state
        .run(move |p| service::admin::revoke_role(p, &person, user_id, role))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/admin/users/{user_id}"),
            "success",
            "flash-role-revoked",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            user_page(&ctx, who.0, user_id, status, errors, empty_grant()).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    disabled: String,
}

pub async fn set_status(
    ctx: Ctx,
    who: Admin,
    path: web::Path<i32>,
    form: web::Form<StatusForm>,
) -> AppResult {
    let user_id = path.into_inner();
    let disabled = match form.disabled.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    let person = who.0.clone();
    match ctx
        .state
        .run(move |p| service::admin::set_disabled(p, &person, user_id, disabled))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/admin/users/{user_id}"),
            "success",
            if disabled {
                "flash-user-disabled"
            } else {
                "flash-user-enabled"
            },
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            user_page(&ctx, who.0, user_id, status, errors, empty_grant()).await
        }
    }
}
