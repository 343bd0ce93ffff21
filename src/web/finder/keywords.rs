//! The organisers' keyword table: which department goes in which
//! discipline group, with the sample departments as the table groups them
//! and a box to try a department name.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::discipline_options;
use crate::domain::finder::Discipline;
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Organiser;

const PAGE: &str = "/organise/finder/keywords";

/// Back to the table, saying it changed.
fn saved(ctx: &Ctx) -> actix_web::HttpResponse {
    redirect_with_flash(ctx, PAGE, "success", "flash-finder-keywords-saved")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TryQuery {
    #[serde(rename = "try")]
    department: String,
}

pub async fn page(ctx: Ctx, who: Organiser, q: web::Query<TryQuery>) -> AppResult {
    let ok = (StatusCode::OK, FormErrors::default());
    render(&ctx, who.0, &q.department, ok, ("", "")).await
}

async fn render(
    ctx: &Ctx,
    who: Person,
    tried: &str,
    (status, errors): (StatusCode, FormErrors),
    (keyword, group): (&str, &str),
) -> AppResult {
    let typed = tried.to_string();
    let page = match ctx
        .state
        .run(move |p| service::finder::keywords(p, &who, &typed))
        .await
    {
        Ok(page) => page,
        Err(e) => {
            // A department to try with characters no text may hold.
            let (status, errors) = on_form(e)?;
            return ctx.render_status(
                status,
                "finder/keywords",
                json!({
                    "rows": [], "sample": [], "tried": null, "try": tried,
                    "discipline_options": discipline_options(None),
                    "keyword": "", "errors": errors.to_json(),
                }),
            );
        }
    };
    ctx.render_status(
        status,
        "finder/keywords",
        json!({
            "rows": page.rows.iter().map(|k| json!({
                "id": k.id, "keyword": k.keyword, "name_id": k.discipline.message_id(),
                "options": discipline_options(Some(k.discipline)),
            })).collect::<Vec<_>>(),
            "sample": Discipline::ALL.iter().map(|d| {
                let names = page.sample.get(d).cloned().unwrap_or_default();
                json!({ "name_id": d.message_id(), "count": names.len(), "departments": names })
            }).collect::<Vec<_>>(),
            "tried": page.tried.as_ref().map(|(name, d)| json!({ "name": name, "name_id": d.message_id() })),
            "try": tried,
            "discipline_options": discipline_options(Discipline::parse(group)),
            "keyword": keyword,
            "errors": errors.to_json(),
        }),
    )
}

pub async fn add(ctx: Ctx, who: Organiser, form: web::Form<Vec<(String, String)>>) -> AppResult {
    let (keyword, group) = (field(&form, "keyword"), field(&form, "discipline"));
    let (person, k, g) = (who.0.clone(), keyword.clone(), group.clone());
    match ctx
        .state
        .run(move |p| service::finder::add_keyword(p, &person, &k, &g))
        .await
    {
        Ok(()) => Ok(saved(&ctx)),
        Err(e) => {
            let refused = on_form(e)?;
            render(&ctx, who.0, "", refused, (&keyword, &group)).await
        }
    }
}

pub async fn change(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (id, group) = (path.into_inner(), field(&form, "discipline"));
    ctx.state
        .run(move |p| service::finder::set_keyword(p, &who, id, &group))
        .await?;
    Ok(saved(&ctx))
}

pub async fn delete(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    ctx.state
        .run(move |p| service::finder::delete_keyword(p, &who, id))
        .await?;
    Ok(saved(&ctx))
}
