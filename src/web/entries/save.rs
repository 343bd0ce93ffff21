//! Saving and submitting an entry, uploading its proposal, and advisors'
//! endorsement. A refused form comes back with what was typed; a save
//! refused because someone saved meanwhile shows their changes (409).

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::web;
use futures_util::StreamExt;

use super::page::{load, render};
use crate::domain::entry::{DeclaredDataset, EntryContent};
use crate::service::entries::{Draft, Shown, Upload, PROPOSAL_MAX_BYTES};
use crate::service::{self, Error};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form};
use crate::web::guards::SignedIn;

/// Dataset rows a form may carry (ds_id_0 … ds_id_59).
const MAX_ROWS: usize = 60;
/// The longest text field accepted beside the proposal file.
const MULTIPART_TEXT_MAX: usize = 4096;

/// The entry as typed: fields, and dataset rows ds_id_N / ds_fields_N /
/// ds_usage_N / ds_depth_N. Text is kept as typed; the service tidies it.
fn content_of(pairs: &[(String, String)]) -> EntryContent {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut rows: BTreeMap<usize, DeclaredDataset> = BTreeMap::new();
    for (k, v) in pairs {
        let Some((name, n)) = k.rsplit_once('_') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if n >= MAX_ROWS {
            continue;
        }
        let row = rows.entry(n).or_insert_with(|| DeclaredDataset {
            depth: 2,
            ..Default::default()
        });
        match name {
            "ds_id" => row.dataset_id = v.clone(),
            "ds_fields" => row.fields_used = v.clone(),
            "ds_usage" => row.usage = v.clone(),
            "ds_depth" => row.depth = v.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    EntryContent {
        title: get("title"),
        abstract_: get("abstract"),
        problem: get("problem"),
        solution: get("solution"),
        target_users: get("target_users"),
        demo_url: get("demo_url"),
        repo_url: get("repo_url"),
        datasets: rows.into_values().collect(),
        proposal_file_id: None,
    }
}

pub async fn save(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let submit = field(&form, "action") == "submit";
    let draft = Draft {
        team_id,
        track_id,
        content: content_of(&form),
        based_on: field(&form, "version").parse().unwrap_or(-1),
    };
    let typed = (draft.content.clone(), draft.based_on);
    let saved = if submit {
        service::entries::submit(&ctx.state, &who, draft).await
    } else {
        service::entries::save(&ctx.state, &who, draft).await
    };
    let e = match saved {
        Ok(_) => {
            return Ok(redirect_with_flash(
                &ctx,
                &format!("/teams/{team_id}/entries/{track_id}"),
                "success",
                if submit {
                    "flash-entry-submitted"
                } else {
                    "flash-entry-saved"
                },
            ))
        }
        Err(e) => e,
    };
    // Someone saved meanwhile: show what they changed, keep this person's text.
    let changed_since = matches!(e, Error::Stale(_)).then_some(typed.1);
    let (status, errors) = on_form(e)?;
    let shown = Shown {
        team_id,
        track_id,
        typed: Some(typed),
        changed_since,
        search: None,
    };
    let page = load(&ctx, who.0, shown).await?;
    let unknown = errors.get("datasets") == Some("error-dataset-unknown");
    let unknown = unknown.then(|| page.unknown_datasets().join(","));
    let mut response = render(&ctx, status, page, errors)?;
    if let Some(ids) = unknown {
        if let Ok(value) = header::HeaderValue::from_str(&ids) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static("x-unknown-datasets"), value);
        }
    }
    Ok(response)
}

/// Reads the proposal upload: the file (cut off past the limit) and any
/// text fields posted with it.
async fn read_upload(
    mut payload: Multipart,
    team_id: i32,
    track_id: i32,
) -> Result<Upload, AppError> {
    let mut u = Upload {
        team_id,
        track_id,
        ..Upload::default()
    };
    while let Some(part) = payload.next().await {
        let mut part = part.map_err(|_| AppError::BadRequest)?;
        let name = part.name().unwrap_or_default().to_string();
        let is_file = name == "proposal";
        let mut text = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if is_file {
                if u.data.len() + chunk.len() > PROPOSAL_MAX_BYTES {
                    u.too_big = true;
                    break;
                }
                u.data.extend_from_slice(&chunk);
            } else if text.len() + chunk.len() <= MULTIPART_TEXT_MAX {
                text.extend_from_slice(&chunk);
            }
        }
        if u.too_big {
            break;
        }
        if !is_file {
            // A text field must be text, as in any other form.
            let value = String::from_utf8(text).map_err(|_| AppError::BadRequest)?;
            u.fields.push((name, value));
        }
    }
    Ok(u)
}

pub async fn upload_proposal(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    payload: Multipart,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let upload = read_upload(payload, team_id, track_id).await?;
    let person = who.0.clone();
    match ctx
        .state
        .run(move |p| service::entries::upload_proposal(p, &person, upload))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{team_id}/entries/{track_id}"),
            "success",
            "flash-proposal-uploaded",
        )),
        Err(e) => {
            let (mut status, errors) = on_form(e)?;
            if errors.get("proposal") == Some("error-proposal-too-big") {
                status = StatusCode::PAYLOAD_TOO_LARGE;
            }
            let shown = Shown {
                team_id,
                track_id,
                ..Shown::default()
            };
            let page = load(&ctx, who.0, shown).await?;
            render(&ctx, status, page, errors)
        }
    }
}

pub async fn endorse(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    ctx.state
        .run(move |p| service::entries::endorse(p, &who, team_id, track_id))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/teams/{team_id}/entries/{track_id}"),
        "success",
        "flash-entry-endorsed",
    ))
}
