//! Registering a team for a contest: its name and tracks.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::{chosen_tracks, ready_or_elsewhere};
use crate::domain::timeline::roc_year;
use crate::service::teams::{Joining, NewTeam, RegisterForm};
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;
use crate::web::names::{contest_title, track_name};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterQuery {
    track: Option<i32>,
}

async fn registration(ctx: &Ctx, who: Person, year: i32) -> service::Result<Joining<RegisterForm>> {
    ctx.state
        .run(move |p| service::teams::registration(p, &who, year))
        .await
}

pub async fn form(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    q: web::Query<RegisterQuery>,
) -> AppResult {
    let found = registration(&ctx, who.0, path.into_inner()).await?;
    let chosen: Vec<i32> = q.track.into_iter().collect();
    ready_or_elsewhere(&ctx, found, "flash-already-in-team", |f| {
        render(&ctx, StatusCode::OK, &f, "", &chosen, FormErrors::default())
    })
}

pub async fn register(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let year = path.into_inner();
    let t = NewTeam {
        name: field(&form, "name"),
        tracks: chosen_tracks(&form)?,
    };
    let (person, typed) = (who.0.clone(), t.clone());
    let result = ctx
        .state
        .run(move |p| service::teams::register(p, &person, year, &typed))
        .await;
    match result {
        Ok(done) => ready_or_elsewhere(&ctx, done, "flash-already-in-team", |id| {
            Ok(redirect_with_flash(
                &ctx,
                &format!("/teams/{id}"),
                "success",
                "flash-team-created",
            ))
        }),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let found = registration(&ctx, who.0, year).await?;
            ready_or_elsewhere(&ctx, found, "flash-already-in-team", |f| {
                render(&ctx, status, &f, &t.name, &t.tracks, errors)
            })
        }
    }
}

fn render(
    ctx: &Ctx,
    status: StatusCode,
    f: &RegisterForm,
    name: &str,
    chosen: &[i32],
    errors: FormErrors,
) -> AppResult {
    ctx.render_status(
        status,
        "teams/register",
        json!({
            "contest": { "year": f.contest.year, "roc_year": roc_year(f.contest.year), "title": contest_title(ctx.lang, &f.contest) },
            "form": { "name": name },
            "tracks": f.tracks.iter().map(|t| json!({
                "id": t.id, "name": track_name(ctx.lang, t), "checked": chosen.contains(&t.id),
                "max_tracks": t.max_tracks_per_team,
            })).collect::<Vec<_>>(),
            "errors": errors.to_json(),
        }),
    )
}
