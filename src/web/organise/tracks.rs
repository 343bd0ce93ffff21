//! The track editor: theme, rules, prize table, and a track-wide deadline
//! extension.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{typed_extension, DeadlineForm};
use crate::i18n::Lang;
use crate::service::contests::{TrackDraft, TrackEdit, TrackTarget};
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;

fn draft_json(f: &TrackDraft) -> Json {
    json!({
        "name": f.name, "name_en": f.name_en, "theme": f.theme, "agency_unit_id": f.agency_unit_id,
        "recommended_datasets": f.recommended_datasets, "rules_text": f.rules_text,
        "min_students": f.min_students, "max_students": f.max_students,
        "min_advisors": f.min_advisors, "max_advisors": f.max_advisors,
        "max_tracks_per_team": f.max_tracks_per_team, "min_datasets": f.min_datasets,
        "counted_publishers": f.counted_publishers,
        "cross_school_allowed": f.cross_school_allowed.is_some(), "proof_required": f.proof_required.is_some(),
        "second_review_for_fail": f.second_review_for_fail.is_some(),
        "prizes": f.prizes,
    })
}

/// What a refused form shows again: the track as typed, or the extension as typed.
enum Typed {
    Nothing,
    Track(Box<TrackDraft>),
    Extension(DeadlineForm),
}

async fn load(ctx: &Ctx, who: Person, target: TrackTarget) -> service::Result<TrackEdit> {
    ctx.state
        .run(move |p| match target {
            TrackTarget::New { contest_id } => service::contests::new_track(p, &who, contest_id),
            TrackTarget::Existing(id) => service::contests::track(p, &who, id),
        })
        .await
}

async fn render(
    ctx: &Ctx,
    who: Person,
    target: TrackTarget,
    status: StatusCode,
    typed: Typed,
    errors: FormErrors,
) -> AppResult {
    let edit = load(ctx, who, target).await?;
    let saved = || match &edit.track {
        Some((t, prizes)) => TrackDraft::of(t, prizes),
        None => TrackDraft::defaults(),
    };
    let (form, extension) = match typed {
        Typed::Track(f) => (*f, typed_extension(None)),
        Typed::Extension(f) => (saved(), typed_extension(Some(&f))),
        Typed::Nothing => (saved(), typed_extension(None)),
    };
    let lang = ctx.lang;
    let c = &edit.contest;
    ctx.render_status(status, "organise/track_form", json!({
        "contest": { "id": c.id, "year": c.year, "title": c.title },
        "track": edit.track.as_ref().map(|(t, _)| json!({
            "id": t.id,
            "registration_closes": t.registration_closes_at.as_ref().map(format_taipei).unwrap_or_default(),
            "submission_deadline": t.submission_deadline_at.as_ref().map(format_taipei).unwrap_or_default(),
        })),
        "form": draft_json(&form),
        "extension": extension,
        "errors": errors.to_json(),
        "units": edit.units.iter().filter(|u| u.active).map(|u| json!({
            "id": u.id.to_string(),
            "name": if lang == Lang::En { &u.name_en } else { &u.name_zh },
            "selected": u.id.to_string() == form.agency_unit_id,
        })).collect::<Vec<_>>(),
    }))
}

pub async fn new_form(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let target = TrackTarget::New {
        contest_id: path.into_inner(),
    };
    render(
        &ctx,
        who.0,
        target,
        StatusCode::OK,
        Typed::Nothing,
        FormErrors::default(),
    )
    .await
}

pub async fn edit(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let target = TrackTarget::Existing(path.into_inner());
    render(
        &ctx,
        who.0,
        target,
        StatusCode::OK,
        Typed::Nothing,
        FormErrors::default(),
    )
    .await
}

async fn save(ctx: &Ctx, who: Person, target: TrackTarget, f: TrackDraft) -> AppResult {
    let (person, typed) = (who.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::contests::save_track(p, &person, target, &typed))
        .await
    {
        Ok(id) => {
            let back = match target {
                TrackTarget::New { contest_id } => format!("/organise/contests/{contest_id}"),
                TrackTarget::Existing(_) => format!("/organise/tracks/{id}"),
            };
            Ok(redirect_with_flash(
                ctx,
                &back,
                "success",
                "flash-track-saved",
            ))
        }
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(ctx, who, target, status, Typed::Track(Box::new(f)), errors).await
        }
    }
}

pub async fn create(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<TrackDraft>,
) -> AppResult {
    let target = TrackTarget::New {
        contest_id: path.into_inner(),
    };
    save(&ctx, who.0, target, form.into_inner()).await
}

pub async fn update(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<TrackDraft>,
) -> AppResult {
    let target = TrackTarget::Existing(path.into_inner());
    save(&ctx, who.0, target, form.into_inner()).await
}

pub async fn extend(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<DeadlineForm>,
) -> AppResult {
    let id = path.into_inner();
    let f = form.into_inner();
    let (person, typed) = (who.0.clone(), f.typed());
    match ctx
        .state
        .run(move |p| service::contests::extend_for_track(p, &person, id, &typed))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/tracks/{id}"),
            "success",
            "flash-deadline-extended",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let target = TrackTarget::Existing(id);
            render(&ctx, who.0, target, status, Typed::Extension(f), errors).await
        }
    }
}
