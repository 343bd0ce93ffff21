//! Filing a data request, with similar requests and datasets shown first.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::unit_name;
use crate::i18n::t;
use crate::service::requests::{Filing, Suggestions, FORMATS};
use crate::service::{self, Error};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;

fn filing_of(form: &[(String, String)]) -> Filing {
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
        challenge_id: field(form, "challenge"),
    }
}

pub async fn new_form(ctx: Ctx, who: SignedIn) -> AppResult {
    let f = Filing {
        format: "CSV".into(),
        ..Filing::default()
    };
    render(&ctx, who, StatusCode::OK, f, FormErrors::default(), None).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SimilarQuery {
    title: String,
}

/// Suggestions while typing a title (static/requests.js); the form's
/// "check" button gives the same without JavaScript.
pub async fn similar(ctx: Ctx, _who: SignedIn, q: web::Query<SimilarQuery>) -> AppResult {
    let lang = ctx.lang;
    let title = q.title.clone();
    let s = ctx
        .state
        .run(move |p| service::requests::similar(p, &title))
        .await?;
    let requests: Vec<Json> = s
        .requests
        .iter()
        .map(|(id, title, state)| {
            json!({ "id": id, "title": title, "state": t(lang, &format!("request-state-{}", state.as_str())) })
        })
        .collect();
    Ok(actix_web::HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .json(json!({
            "requests": requests, "datasets": datasets_json(&s),
            "heading": t(lang, "requests-similar-heading"),
            "none": t(lang, "requests-similar-none"),
        })))
}

fn datasets_json(s: &Suggestions) -> Vec<Json> {
    s.datasets
        .iter()
        .map(|(id, title, publisher)| json!({ "id": id, "title": title, "publisher": publisher }))
        .collect()
}

pub async fn file(ctx: Ctx, who: SignedIn, form: web::Form<Vec<(String, String)>>) -> AppResult {
    let f = filing_of(&form);
    // "Check" shows what already exists before filing (it needs only the title).
    if field(&form, "action") == "check" {
        let (kept, person) = (f.clone(), who.0.clone());
        return match ctx
            .state
            .run(move |p| service::requests::check(p, &f))
            .await
        {
            Ok(s) => {
                render(
                    &ctx,
                    SignedIn(person),
                    StatusCode::OK,
                    kept,
                    FormErrors::default(),
                    Some(s),
                )
                .await
            }
            Err(e) => {
                let (status, errors) = on_form(e)?;
                render(
                    &ctx,
                    SignedIn(person),
                    status,
                    kept,
                    errors,
                    Some(Suggestions::default()),
                )
                .await
            }
        };
    }
    let (kept, person) = (f.clone(), who.0.clone());
    match ctx
        .state
        .run(move |p| service::requests::file(p, &person, f))
        .await
    {
        Ok(id) => Ok(redirect_with_flash(
            &ctx,
            &format!("/requests/{id}"),
            "success",
            "flash-request-filed",
        )),
        Err(Error::TooMany(message)) => {
            render(
                &ctx,
                who,
                StatusCode::TOO_MANY_REQUESTS,
                kept,
                FormErrors::one("form", message),
                None,
            )
            .await
        }
        Err(e) => {
            let (status, errors) = on_form(e)?;
            // With a mistake, show what already exists too.
            let title = kept.title.clone();
            let s = ctx
                .state
                .run(move |p| service::requests::similar(p, &title))
                .await?;
            render(&ctx, who, status, kept, errors, Some(s)).await
        }
    }
}

async fn render(
    ctx: &Ctx,
    who: SignedIn,
    status: StatusCode,
    f: Filing,
    errors: FormErrors,
    suggested: Option<Suggestions>,
) -> AppResult {
    let lang = ctx.lang;
    let choices = ctx
        .state
        .run(move |p| service::requests::filing_choices(p, &who))
        .await?;
    let checked = suggested.is_some();
    let s = suggested.unwrap_or_default();
    ctx.render_status(
        status,
        "requests/new",
        json!({
            "form": {
                "title": f.title, "description": f.description, "fields": f.fields, "purpose": f.purpose,
                "needed_by": f.needed_by, "show_team": f.show_team,
            },
            "entries": choices.entries.iter().map(|(id, title, _, team)| json!({
                "id": id, "label": format!("{title}（{team}）"), "selected": f.entry_id == id.to_string(),
            })).collect::<Vec<_>>(),
            "units": choices.units.iter().filter(|u| u.active).map(|u| json!({
                "id": u.id, "name": unit_name(lang, &choices.units, Some(u.id)), "selected": f.suggested_unit == u.id.to_string(),
            })).collect::<Vec<_>>(),
            "challenges": choices.challenges.iter().map(|c| json!({
                "id": c.id, "title": crate::web::entries::challenge::title(lang, c),
                "selected": f.challenge_id.trim() == c.id.to_string(),
            })).collect::<Vec<_>>(),
            "formats": FORMATS.iter().map(|x| json!({ "id": x, "selected": f.format == *x })).collect::<Vec<_>>(),
            "checked": checked,
            "similar": s.requests.iter().map(|(id, title, state)| json!({
                "id": id, "title": title, "state": format!("request-state-{}", state.as_str()),
            })).collect::<Vec<_>>(),
            "datasets": datasets_json(&s),
            "errors": errors.to_json(),
        }),
    )
}
