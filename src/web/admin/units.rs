//! Business units.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::service::admin::UnitForm;
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Admin;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UnitFields {
    code: String,
    name_zh: String,
    name_en: String,
    kind: String,
    active: Option<String>,
}

impl UnitFields {
    fn form(&self) -> UnitForm {
        UnitForm {
            code: self.code.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            kind: self.kind.clone(),
            active: self.active.is_some(),
        }
    }

    fn kept(&self) -> serde_json::Value {
        json!({ "code": self.code.trim(), "name_zh": self.name_zh.trim(), "name_en": self.name_en.trim(), "kind": self.kind, "active": self.active.is_some() })
    }
}

async fn units_page(
    ctx: &Ctx,
    who: Person,
    status: StatusCode,
    form: serde_json::Value,
    errors: FormErrors,
) -> AppResult {
    let list = ctx
        .state
        .run(move |p| service::admin::units(p, &who))
        .await?;
    let rows: Vec<_> = list
        .units
        .iter()
        .map(|u| json!({
            "id": u.id, "code": u.code, "name_zh": u.name_zh, "name_en": u.name_en,
            "kind_id": if u.kind == "agency" { "unit-kind-agency" } else { "unit-kind-department" },
            "active": u.active,
            "reviewers": list.reviewers.iter().find(|(id, _)| *id == u.id).map(|(_, n)| *n).unwrap_or(0),
        }))
        .collect();
    ctx.render_status(
        status,
        "admin/units",
        json!({ "section": "units", "rows": rows, "form": form, "errors": errors.to_json() }),
    )
}

pub async fn units(ctx: Ctx, who: Admin) -> AppResult {
    units_page(
        &ctx,
        who.0,
        StatusCode::OK,
        json!({ "code": "", "name_zh": "", "name_en": "", "kind": "department", "active": true }),
        FormErrors::default(),
    )
    .await
}

pub async fn create_unit(ctx: Ctx, who: Admin, form: web::Form<UnitFields>) -> AppResult {
    let f = form.into_inner();
    let (input, person) = (f.form(), who.0.clone());
    match ctx
        .state
        .run(move |p| service::admin::create_unit(p, &person, input))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            "/admin/units",
            "success",
            "flash-unit-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            units_page(&ctx, who.0, status, f.kept(), errors).await
        }
    }
}

fn edit_page(
    ctx: &Ctx,
    status: StatusCode,
    id: i32,
    form: serde_json::Value,
    errors: FormErrors,
) -> AppResult {
    ctx.render_status(
        status,
        "admin/unit_edit",
        json!({ "section": "units", "unit_id": id, "form": form, "errors": errors.to_json() }),
    )
}

pub async fn edit_unit_page(ctx: Ctx, who: Admin, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let unit = ctx
        .state
        .run(move |p| service::admin::unit(p, &who, id))
        .await?;
    edit_page(
        &ctx,
        StatusCode::OK,
        unit.id,
        json!({ "code": unit.code, "name_zh": unit.name_zh, "name_en": unit.name_en, "kind": unit.kind, "active": unit.active }),
        FormErrors::default(),
    )
}

pub async fn update_unit(
    ctx: Ctx,
    who: Admin,
    path: web::Path<i32>,
    form: web::Form<UnitFields>,
) -> AppResult {
    let id = path.into_inner();
    let f = form.into_inner();
    let input = f.form();
    match ctx
        .state
        .run(move |p| service::admin::update_unit(p, &who, id, input))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/admin/units",
            "success",
            "flash-unit-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            edit_page(&ctx, status, id, f.kept(), errors)
        }
    }
}
