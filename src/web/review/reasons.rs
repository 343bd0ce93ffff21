//! The reason codes reviewers choose from (organisers).

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::service::review::ReasonForm;
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;

pub async fn page(ctx: Ctx, who: Organiser) -> AppResult {
    render(
        &ctx,
        who.0,
        StatusCode::OK,
        FormErrors::default(),
        &ReasonForm::default(),
    )
    .await
}

async fn render(
    ctx: &Ctx,
    who: Person,
    status: StatusCode,
    errors: FormErrors,
    f: &ReasonForm,
) -> AppResult {
    let codes = ctx
        .state
        .run(move |p| service::review::reasons(p, &who))
        .await?;
    ctx.render_status(
        status,
        "review/reasons",
        json!({
            "codes": codes, "errors": errors.to_json(),
            "form": { "code": f.code, "label_zh": f.label_zh, "label_en": f.label_en },
        }),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Form {
    code: String,
    label_zh: String,
    label_en: String,
    active: String,
}

pub async fn add(ctx: Ctx, who: Organiser, form: web::Form<Form>) -> AppResult {
    let form = form.into_inner();
    let f = ReasonForm {
        code: form.code,
        label_zh: form.label_zh,
        label_en: form.label_en,
    };
    let (person, typed) = (who.0.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::review::add_reason(p, &person, typed))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/organise/reasons",
            "success",
            "flash-reason-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who.0, status, errors, &f).await
        }
    }
}

pub async fn toggle(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Form>,
) -> AppResult {
    let (id, active) = (path.into_inner(), form.active == "true");
    ctx.state
        .run(move |p| service::review::set_reason_active(p, &who, id, active))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/organise/reasons",
        "success",
        "flash-reason-saved",
    ))
}
