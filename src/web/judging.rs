//! Judging set-up pages: the rubric of each track and round, its open-data
//! quantity scale, and the lock that keeps it fixed while judges score.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::names::{contest_title, track_name};
use super::{audit, now};
use crate::db;
use crate::domain::judging::{validate_rubric, QuantityScale};
use crate::i18n::Lang;
use crate::store::{
    self,
    rubrics::{CriterionInput, SaveOutcome, ROUNDS},
};
use crate::templates::format_taipei;

/// At most this many criteria per rubric; two empty rows are offered for more.
const MAX_CRITERIA: usize = 12;
const MAX_NAME: usize = 100;
const MAX_DESCRIPTION: usize = 1000;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/organise/tracks/{id}/rubric/{round}",
        web::get().to(rubric_page),
    )
    .route(
        "/organise/tracks/{id}/rubric/{round}",
        web::post().to(save_rubric),
    )
    .route(
        "/organise/tracks/{id}/rubric/{round}/lock",
        web::post().to(lock_rubric),
    )
    .route(
        "/organise/tracks/{id}/rubric/{round}/unlock",
        web::post().to(unlock_rubric),
    );
}

fn round_of(raw: &str) -> Result<&'static str, AppError> {
    ROUNDS
        .iter()
        .copied()
        .find(|r| *r == raw)
        .ok_or(AppError::NotFound)
}

/// What the editor shows: the rows (saved, defaults or as typed), the scale,
/// the version the form was opened at, and errors.
struct Editor {
    rows: Vec<CriterionInput>,
    /// The rows as typed, when they could not be parsed as numbers.
    raw: Option<Vec<Json>>,
    scale: String,
    version: i32,
    errors: FormErrors,
    row_errors: Vec<Vec<&'static str>>,
    unlock_reason: String,
}

async fn render(
    ctx: &Ctx,
    status: StatusCode,
    track_id: i32,
    round: &'static str,
    editor: Option<Editor>,
) -> AppResult {
    let lang = ctx.lang;
    let (track, contest, stored) = ctx
        .state
        .db(move |conn| {
            let track = store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
            let contest =
                store::contests::find(conn, track.contest_id)?.ok_or(AppError::NotFound)?;
            let stored = store::rubrics::find(conn, track_id, round)?;
            let locker = match stored.as_ref().and_then(|(r, _)| r.locked_by) {
                Some(id) => store::users::find(conn, id)?.map(|u| u.display_name),
                None => None,
            };
            Ok((track, contest, stored.map(|s| (s, locker))))
        })
        .await?;
    let locked = stored.as_ref().and_then(|((r, _), _)| r.locked_at);
    let editor = editor.unwrap_or_else(|| match &stored {
        Some(((r, criteria), _)) => Editor {
            rows: criteria.iter().map(CriterionInput::from).collect(),
            raw: None,
            scale: r.quantity_scale.clone(),
            version: r.version,
            errors: FormErrors::default(),
            row_errors: Vec::new(),
            unlock_reason: String::new(),
        },
        None => Editor {
            rows: store::rubrics::default_criteria(),
            raw: None,
            scale: QuantityScale::default().describe(),
            version: 0,
            errors: FormErrors::default(),
            row_errors: Vec::new(),
            unlock_reason: String::new(),
        },
    });
    let mut rows: Vec<Json> = match &editor.raw {
        Some(raw) => raw.clone(),
        None => editor.rows.iter().map(row_json).collect(),
    };
    if locked.is_none() {
        while rows.len() < MAX_CRITERIA && rows.len() < editor.rows.len().max(2) + 2 {
            rows.push(json!({ "kind": "manual", "name_zh": "", "name_en": "", "description_zh": "", "description_en": "", "weight": "", "min_score": "0", "max_score": "10" }));
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row["number"] = json!(i + 1);
        row["builtin"] = json!(row["kind"] != "manual");
        row["kind_label"] = json!(format!(
            "rubric-kind-{}",
            row["kind"].as_str().unwrap_or("manual")
        ));
        let errs = editor.row_errors.get(i).cloned().unwrap_or_default();
        row["has_errors"] = json!(!errs.is_empty());
        row["errors"] = json!(errs);
        row["help"] = json!(format!(
            "rubric-kind-{}-help",
            row["kind"].as_str().unwrap_or("manual")
        ));
    }
    let total: f64 = editor.rows.iter().map(|c| c.weight).sum();
    let saved = stored.is_some();
    let locked_by = stored.as_ref().and_then(|(_, l)| l.clone());
    ctx.render_status(
        status,
        "organise/rubric",
        json!({
            "track": { "id": track.id, "name": track_name(lang, &track) },
            "contest": { "id": contest.id, "title": contest_title(lang, &contest) },
            "round": round,
            "rounds": ROUNDS.iter().map(|r| json!({ "id": r, "current": *r == round, "label": format!("round-{r}") })).collect::<Vec<_>>(),
            "rows": rows,
            "scale": editor.scale,
            "version": editor.version,
            "total": format_number(total),
            "saved": saved,
            "locked": locked.is_some(),
            "locked_at": locked.as_ref().map(format_taipei),
            "locked_by": locked_by,
            "errors": editor.errors.to_json(),
            "has_row_errors": editor.row_errors.iter().any(|e| !e.is_empty()),
            "unlock_reason": editor.unlock_reason,
            "en": lang == Lang::En,
        }),
    )
}

fn format_number(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round() as i64)
    } else {
        format!("{n:.2}")
    }
}

fn row_json(c: &CriterionInput) -> Json {
    json!({
        "kind": c.kind,
        "name_zh": c.name_zh,
        "name_en": c.name_en,
        "description_zh": c.description_zh,
        "description_en": c.description_en,
        "weight": format_number(c.weight),
        "min_score": format_number(c.min_score),
        "max_score": format_number(c.max_score),
    })
}

async fn rubric_page(ctx: Ctx, path: web::Path<(i32, String)>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    render(&ctx, StatusCode::OK, track_id, round, None).await
}

fn parse_number(raw: &str) -> Option<f64> {
    let n: f64 = raw
        .trim()
        .trim_end_matches(['%', '％'])
        .trim()
        .parse()
        .ok()?;
    n.is_finite().then_some(n)
}

/// Reads the criteria rows from the form. Empty typed rows are dropped; the
/// two open-data rows are always kept.
pub fn parse_rows(
    pairs: &[(String, String)],
) -> (Vec<CriterionInput>, Vec<Json>, Vec<Vec<&'static str>>) {
    let all = |k: &str| {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    let kinds = all("kind");
    let cols = [
        all("name_zh"),
        all("name_en"),
        all("description_zh"),
        all("description_en"),
        all("weight"),
        all("min_score"),
        all("max_score"),
    ];
    let cell = |col: usize, i: usize| cols[col].get(i).copied().unwrap_or("").trim().to_string();
    let (mut rows, mut raw, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let mut seen = std::collections::HashSet::new();
    for (i, kind) in kinds.iter().enumerate().take(MAX_CRITERIA + 2) {
        let kind = match *kind {
            "quantity" | "depth" | "manual" => kind.to_string(),
            _ => continue,
        };
        let builtin = kind != "manual";
        if builtin && !seen.insert(kind.clone()) {
            continue;
        }
        let (name_zh, name_en, dzh, den) = (cell(0, i), cell(1, i), cell(2, i), cell(3, i));
        let (weight, min, max) = (cell(4, i), cell(5, i), cell(6, i));
        if !builtin
            && name_zh.is_empty()
            && name_en.is_empty()
            && weight.is_empty()
            && dzh.is_empty()
            && den.is_empty()
        {
            continue;
        }
        raw.push(json!({ "kind": kind, "name_zh": name_zh, "name_en": name_en, "description_zh": dzh, "description_en": den, "weight": weight, "min_score": min, "max_score": max }));
        let mut e = Vec::new();
        if name_zh.is_empty() || name_zh.chars().count() > MAX_NAME {
            e.push("error-criterion-name");
        }
        if name_en.chars().count() > MAX_NAME {
            e.push("error-criterion-name");
        }
        if dzh.chars().count() > MAX_DESCRIPTION || den.chars().count() > MAX_DESCRIPTION {
            e.push("error-criterion-description");
        }
        let weight_n = parse_number(&weight);
        if weight_n.is_none() {
            e.push("error-criterion-weight");
        }
        let (min_n, max_n) = if builtin {
            (Some(1.0), Some(5.0))
        } else {
            (parse_number(&min), parse_number(&max))
        };
        if min_n.is_none() || max_n.is_none() {
            e.push("error-criterion-range-number");
        }
        if let (Some(lo), Some(hi)) = (min_n, max_n) {
            if !builtin && (hi <= lo || lo < 0.0 || hi > 1000.0) {
                e.push("error-range");
            }
        }
        e.dedup();
        rows.push(CriterionInput {
            kind,
            name_zh,
            name_en,
            description_zh: dzh,
            description_en: den,
            weight: weight_n.unwrap_or(0.0),
            min_score: min_n.unwrap_or(0.0),
            max_score: max_n.unwrap_or(0.0),
        });
        errors.push(e);
    }
    (rows, raw, errors)
}

async fn save_rubric(
    ctx: Ctx,
    path: web::Path<(i32, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let pairs = form.into_inner();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let version: i32 = get("version").trim().parse().unwrap_or(-1);
    let scale_raw = get("quantity_scale");
    let (rows, raw, row_errors) = parse_rows(&pairs);
    let mut errors = FormErrors::default();
    let scale = errors.check(QuantityScale::parse(&scale_raw));
    if rows.is_empty() {
        errors.push("weights", "error-weights-sum");
    }
    for kind in ["quantity", "depth"] {
        if !rows.iter().any(|r| r.kind == kind) {
            errors.push("key", "error-criterion-builtin");
        }
    }
    let row_failed = row_errors.iter().any(|e| !e.is_empty());
    if !row_failed {
        for e in validate_rubric(&store::rubrics::to_domain(&rows)) {
            errors.add(e);
        }
    }
    let editor = |errors: FormErrors, row_errors: Vec<Vec<&'static str>>| Editor {
        rows: rows.clone(),
        raw: Some(raw.clone()),
        scale: scale_raw.clone(),
        version,
        errors,
        row_errors,
        unlock_reason: String::new(),
    };
    let (Some(scale), false, true) = (scale, row_failed, errors.is_empty()) else {
        return render(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
            round,
            Some(editor(errors, row_errors)),
        )
        .await;
    };
    let ip = ctx.ip.clone();
    let saved_rows = rows.clone();
    let outcome = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<SaveOutcome, AppError> {
                store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
                let at = now();
                let outcome =
                    store::rubrics::save(conn, track_id, round, version, &scale, &saved_rows, at)?;
                if let SaveOutcome::Saved(id) = outcome {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        "rubric.save",
                        "rubric",
                        id,
                        json!({ "track_id": track_id, "round": round, "scale": scale.describe(), "criteria": saved_rows }),
                    )?;
                }
                Ok(outcome)
            })
        })
        .await?;
    let message = match outcome {
        SaveOutcome::Saved(_) => {
            return Ok(redirect_with_flash(
                &ctx,
                &format!("/organise/tracks/{track_id}/rubric/{round}"),
                "success",
                "flash-rubric-saved",
            ))
        }
        SaveOutcome::Locked => "error-rubric-locked",
        SaveOutcome::Stale => "error-rubric-stale",
    };
    let mut errors = FormErrors::default();
    errors.push("form", message);
    // Keep what was typed, but on the version now stored so a second save
    // is a deliberate overwrite.
    let current = ctx
        .state
        .db(move |conn| Ok(store::rubrics::find(conn, track_id, round)?))
        .await?
        .map(|(r, _)| r.version)
        .unwrap_or(0);
    let mut e = editor(errors, Vec::new());
    e.version = current;
    render(&ctx, StatusCode::CONFLICT, track_id, round, Some(e)).await
}

async fn lock_rubric(ctx: Ctx, path: web::Path<(i32, String)>) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let ip = ctx.ip.clone();
    let changed = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                let (r, _) =
                    store::rubrics::find(conn, track_id, round)?.ok_or(AppError::NotFound)?;
                let changed = store::rubrics::set_lock(conn, r.id, Some(actor), now())?;
                if changed {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        "rubric.lock",
                        "rubric",
                        r.id,
                        json!({ "track_id": track_id, "round": round }),
                    )?;
                }
                Ok(changed)
            })
        })
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

async fn unlock_rubric(
    ctx: Ctx,
    path: web::Path<(i32, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (track_id, round) = path.into_inner();
    let round = round_of(&round)?;
    let reason = form
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    if reason.is_empty() || reason.chars().count() > 500 {
        let mut errors = FormErrors::default();
        errors.push("reason", "error-unlock-reason");
        let stored = {
            let r = ctx
                .state
                .db(move |conn| Ok(store::rubrics::find(conn, track_id, round)?))
                .await?;
            r.ok_or(AppError::NotFound)?
        };
        let editor = Editor {
            rows: stored.1.iter().map(CriterionInput::from).collect(),
            raw: None,
            scale: stored.0.quantity_scale.clone(),
            version: stored.0.version,
            errors,
            row_errors: Vec::new(),
            unlock_reason: reason,
        };
        return render(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
            round,
            Some(editor),
        )
        .await;
    }
    let ip = ctx.ip.clone();
    let changed = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                let (r, _) =
                    store::rubrics::find(conn, track_id, round)?.ok_or(AppError::NotFound)?;
                let changed = store::rubrics::set_lock(conn, r.id, None, now())?;
                if changed {
                    audit(
                        conn,
                        actor,
                        ip.as_deref(),
                        "rubric.unlock",
                        "rubric",
                        r.id,
                        json!({ "track_id": track_id, "round": round, "reason": reason }),
                    )?;
                }
                Ok(changed)
            })
        })
        .await?;
    Ok(redirect_with_flash(
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
