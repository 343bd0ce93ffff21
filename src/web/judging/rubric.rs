//! The rubric editor of each track and round, its quantity scale, and the
//! lock that keeps it fixed while judges score.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use crate::domain::judging::{format_number, Round, RubricForm, RubricRow, MAX_CRITERIA};
use crate::i18n::Lang;
use crate::service::judging::RubricPage;
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

/// The round in a rubric's address; no other is a page.
fn round_of(raw: &str) -> Result<Round, AppError> {
    Round::parse(raw).ok_or(AppError::NotFound)
}

/// What a refused form puts back on the editor.
#[derive(Default)]
struct RubricForms {
    errors: FormErrors,
    unlock_reason: String,
    /// The version to save over next, when not the one shown.
    version: Option<i32>,
}

async fn load(
    ctx: &Ctx,
    who: Person,
    track_id: i32,
    round: Round,
    typed: Option<RubricForm>,
) -> Result<RubricPage, AppError> {
    Ok(ctx
        .state
        .run(move |p| service::judging::rubric_page(p, &who, track_id, round, typed.as_ref()))
        .await?)
}

pub async fn page(ctx: Ctx, who: Organiser, path: web::Path<(i32, String)>) -> AppResult {
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let page = load(&ctx, who.0, track_id, round, None).await?;
    render(&ctx, StatusCode::OK, page, RubricForms::default())
}

fn render(ctx: &Ctx, status: StatusCode, page: RubricPage, kept: RubricForms) -> AppResult {
    let lang = ctx.lang;
    let locked = page.stored.as_ref().and_then(|(r, _)| r.locked_at);
    let mut rows: Vec<Json> = page
        .rows
        .iter()
        .map(|(row, errors)| {
            let mut j = json!(row);
            j["errors"] = json!(errors);
            j["has_errors"] = json!(!errors.is_empty());
            j
        })
        .collect();
    if locked.is_none() {
        // Empty rows to type more criteria into.
        let wanted = MAX_CRITERIA.min(rows.len().max(2) + 2);
        while rows.len() < wanted {
            let mut j = json!(RubricRow {
                kind: "manual".into(),
                min_score: "0".into(),
                max_score: "10".into(),
                ..RubricRow::default()
            });
            j["errors"] = json!([]);
            j["has_errors"] = json!(false);
            rows.push(j);
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        let kind = row["kind"].as_str().unwrap_or("manual").to_string();
        row["number"] = json!(i + 1);
        row["builtin"] = json!(kind != "manual");
        row["kind_label"] = json!(format!("rubric-kind-{kind}"));
        row["help"] = json!(format!("rubric-kind-{kind}-help"));
    }
    let (track_id, round) = (page.track.id, page.round);
    ctx.render_status(
        status,
        "organise/rubric",
        json!({
            "track": { "id": track_id, "name": track_name(lang, &page.track) },
            "contest": { "id": page.contest.id, "title": contest_title(lang, &page.contest) },
            "round": round,
            "rounds": Round::ALL.iter().map(|r| json!({ "id": r, "current": *r == round, "label": format!("round-{r}") })).collect::<Vec<_>>(),
            "rows": rows,
            "scale": page.scale,
            "version": kept.version.unwrap_or(page.version),
            "total": format_number(page.total_weight),
            "saved": page.stored.is_some(),
            "locked": locked.is_some(),
            "locked_at": locked.as_ref().map(format_taipei),
            "locked_by": page.locked_by,
            "errors": kept.errors.to_json(),
            "has_row_errors": page.rows.iter().any(|(_, e)| !e.is_empty()),
            "unlock_reason": kept.unlock_reason,
            "en": lang == Lang::En,
        }),
    )
}

/// The editor's rows as posted: each column a list of values, one per row.
fn rubric_form(pairs: &[(String, String)]) -> RubricForm {
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let [kinds, name_zh, name_en, description_zh, description_en, weight, min, max] = [
        "kind",
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "weight",
        "min_score",
        "max_score",
    ]
    .map(all);
    let cell = |col: &[String], i: usize| col.get(i).cloned().unwrap_or_default();
    let rows = (0..kinds.len())
        .map(|i| RubricRow {
            kind: cell(&kinds, i),
            name_zh: cell(&name_zh, i),
            name_en: cell(&name_en, i),
            description_zh: cell(&description_zh, i),
            description_en: cell(&description_en, i),
            weight: cell(&weight, i),
            min_score: cell(&min, i),
            max_score: cell(&max, i),
        })
        .collect();
    RubricForm {
        version: field(pairs, "version").parse().unwrap_or(-1),
        scale: field(pairs, "quantity_scale"),
        rows,
    }
}

pub async fn save(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let typed = rubric_form(&form);
    let (person, input) = (who.0.clone(), typed.clone());
    let Err(e) = ctx
        .state
        .run(move |p| service::judging::save_rubric(p, &person, track_id, round, &input))
        .await
    else {
        return Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/tracks/{track_id}/rubric/{round}"),
            "success",
            "flash-rubric-saved",
        ));
    };
    let (status, errors) = on_form(e)?;
    let page = load(&ctx, who.0, track_id, round, Some(typed)).await?;
    // Locked or saved since: keep what was typed, but on the version now
    // stored, so a second save is a deliberate overwrite.
    let version = (status == StatusCode::CONFLICT).then(|| page.stored_version());
    let kept = RubricForms {
        errors,
        version,
        ..RubricForms::default()
    };
    render(&ctx, status, page, kept)
}

pub async fn lock(ctx: Ctx, who: Organiser, path: web::Path<(i32, String)>) -> AppResult {
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let changed = ctx
        .state
        .run(move |p| service::judging::lock_rubric(p, &who, track_id, round))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/tracks/{track_id}/rubric/{round}"),
        if changed { "success" } else { "info" },
        if changed {
            "flash-rubric-locked"
        } else {
            "error-rubric-locked"
        },
    ))
}

pub async fn unlock(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let reason = field(&form, "reason");
    let (person, typed) = (who.0.clone(), reason.clone());
    let e = match ctx
        .state
        .run(move |p| service::judging::unlock_rubric(p, &person, track_id, round, &typed))
        .await
    {
        Ok(changed) => {
            return Ok(redirect_with_flash(
                &ctx,
                &format!("/organise/tracks/{track_id}/rubric/{round}"),
                "success",
                if changed {
                    "flash-rubric-unlocked"
                } else {
                    "flash-rubric-saved"
                },
            ))
        }
        Err(e) => e,
    };
    let (status, errors) = on_form(e)?;
    let page = load(&ctx, who.0, track_id, round, None).await?;
    let kept = RubricForms {
        errors,
        unlock_reason: reason,
        ..RubricForms::default()
    };
    render(&ctx, status, page, kept)
}
