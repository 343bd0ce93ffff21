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
use crate::service::entries::{Draft, ProposalFile, Shown, Upload, PROPOSAL_MAX_BYTES};
use crate::service::{self, Error};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;

/// Dataset rows a form may carry (ds_id_0 … ds_id_59).
const MAX_ROWS: usize = 60;
/// The longest text field accepted beside the proposal file (an abstract of
/// 5,000 characters fits).
const MULTIPART_TEXT_MAX: usize = 32 * 1024;
/// Parts a multipart entry form may have (its fields and dataset rows).
const MULTIPART_PARTS_MAX: usize = 20 + 5 * MAX_ROWS + 50 * MAX_ROWS;

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
    // Fields ticked among those the catalogue lists (ds_pick_N, one a box).
    let mut picks: BTreeMap<usize, Vec<String>> = BTreeMap::new();
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
            "ds_pick" => picks.entry(n).or_default().push(v.clone()),
            _ => {}
        }
    }
    for (n, picked) in picks {
        if let Some(row) = rows.get_mut(&n) {
            let typed = std::mem::take(&mut row.fields_used);
            let mut all = picked;
            all.extend((!typed.trim().is_empty()).then_some(typed));
            row.fields_used = all.join("、");
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
        challenge_id: challenge_of(&get("challenge")),
    }
}

/// The challenge chosen on the form: none when left empty; a value that is
/// no id becomes 0, which no challenge has, so the service refuses it
/// beside the field.
fn challenge_of(raw: &str) -> Option<i32> {
    match raw.trim() {
        "" => None,
        v => Some(v.parse().ok().filter(|id: &i32| *id > 0).unwrap_or(0)),
    }
}

/// What the entry form's button asks for.
enum Action {
    Save,
    Submit,
    /// Save the draft, then search the catalogue (the picker without JavaScript).
    Search,
    /// Save the draft with this dataset added as a row.
    Add(String),
}

impl Action {
    fn of(value: &str) -> Action {
        match value {
            "submit" => Action::Submit,
            "search" => Action::Search,
            v => match v.strip_prefix("add:") {
                Some(id) => Action::Add(id.trim().to_string()),
                None => Action::Save,
            },
        }
    }
}

/// The entry form sent url-encoded (no file chosen, or no JavaScript-free
/// multipart).
pub async fn save(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    act(ctx, who, path.into_inner(), form.into_inner(), None).await
}

/// The entry form with its proposal file (multipart): the text and the file
/// are saved together, so an upload never reverts what was typed.
pub async fn save_multipart(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    payload: Multipart,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let u = read_upload(payload, team_id, track_id).await?;
    let chosen = u.too_big || !u.data.is_empty();
    let file = chosen.then_some(ProposalFile {
        data: u.data,
        too_big: u.too_big,
    });
    act(ctx, who, (team_id, track_id), u.fields, file).await
}

/// Saves (or submits) what was typed, then does what the button asked: a
/// search or an add saves the draft first and comes back to the same page.
/// A refusal shows the same form with everything typed kept.
async fn act(
    ctx: Ctx,
    who: SignedIn,
    (team_id, track_id): (i32, i32),
    form: Vec<(String, String)>,
    file: Option<ProposalFile>,
) -> AppResult {
    let action = Action::of(&field(&form, "action"));
    let dq = field(&form, "dq");
    let mut content = content_of(&form);
    if let Action::Add(id) = &action {
        if !content.datasets.iter().any(|d| &d.dataset_id == id) {
            content.datasets.push(DeclaredDataset {
                dataset_id: id.clone(),
                depth: 2,
                ..Default::default()
            });
        }
    }
    let with_file = file.is_some();
    let draft = Draft {
        team_id,
        track_id,
        content,
        based_on: field(&form, "version").parse().unwrap_or(-1),
        proposal: file,
    };
    let typed = (draft.content.clone(), draft.based_on);
    let submit = matches!(action, Action::Submit);
    let saved = if submit {
        service::entries::submit(&ctx.state, &who, draft).await
    } else {
        service::entries::save(&ctx.state, &who, draft).await
    };
    let base = format!("/teams/{team_id}/entries/{track_id}");
    let e = match saved {
        Ok(_) => {
            let (to, flash) = match &action {
                Action::Submit => (base, "flash-entry-submitted"),
                Action::Save if with_file => (base, "flash-entry-saved-proposal"),
                Action::Save => (base, "flash-entry-saved"),
                Action::Search => (
                    format!("{base}?dq={}#find-datasets", encode(&dq)),
                    "flash-entry-saved-search",
                ),
                Action::Add(id) => (
                    format!("{base}?dq={}#ds-{}", encode(&dq), encode(id)),
                    "flash-entry-saved-added",
                ),
            };
            return Ok(redirect_with_flash(&ctx, &to, "success", flash));
        }
        Err(e) => e,
    };
    // Someone saved meanwhile: show what they changed, keep this person's text.
    let changed_since = matches!(e, Error::Stale(_)).then_some(typed.1);
    let (mut status, mut errors) = on_form(e)?;
    if errors.get("proposal") == Some("error-proposal-too-big") {
        status = StatusCode::PAYLOAD_TOO_LARGE;
    }
    if with_file && !errors.has("proposal") {
        // A browser cannot keep a chosen file: say it was not saved.
        errors.merge(FormErrors::one("proposal", "error-proposal-not-saved"));
    }
    let searched = matches!(action, Action::Search | Action::Add(_));
    let shown = Shown {
        team_id,
        track_id,
        typed: Some(typed),
        changed_since,
        search: searched.then_some(dq),
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

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
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
    let mut parts = 0;
    while let Some(part) = payload.next().await {
        parts += 1;
        if parts > MULTIPART_PARTS_MAX {
            return Err(AppError::BadRequest);
        }
        let mut part = part.map_err(|_| AppError::BadRequest)?;
        let name = part.name().unwrap_or_default().to_string();
        let is_file = name == "proposal";
        let mut text = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if is_file {
                // Past the limit the rest of the file is read and dropped,
                // so the text fields after it still arrive.
                if u.too_big || u.data.len() + chunk.len() > PROPOSAL_MAX_BYTES {
                    u.too_big = true;
                    u.data.clear();
                } else {
                    u.data.extend_from_slice(&chunk);
                }
            } else if text.len() + chunk.len() <= MULTIPART_TEXT_MAX {
                text.extend_from_slice(&chunk);
            } else {
                return Err(AppError::BadRequest);
            }
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
