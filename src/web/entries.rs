//! Entries (作品): the team's form with its declared datasets, the pre-check,
//! saving and submitting with every version kept, comparing versions, the
//! proposal PDF, advisors' endorsement, and the organisers' list.

use std::collections::{BTreeMap, HashMap};

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::names::{contest_title, track_name};
use super::organise::require_organiser;
use super::{audit, now};
use crate::db;
use crate::domain::catalog::valid_id;
use crate::domain::entry::{self, DeclaredDataset, EntryContent, PrecheckContext, DEPTHS};
use crate::domain::role::Role;
use crate::domain::team;
use crate::domain::timeline::effective_deadline;
use crate::i18n::{t, t_args, Lang};
use crate::service::teams::TeamBundle;
use crate::store::{self, contests::Track, entries::Entry};
use crate::templates::format_taipei;

/// Largest proposal accepted.
pub const PROPOSAL_MAX_BYTES: usize = 20 * 1024 * 1024;
/// Dataset ids looked up on data.gov.tw in one save, at most.
const MAX_LOOKUPS_PER_SAVE: usize = 5;
/// Empty dataset rows offered below the declared ones (no JavaScript needed).
const BLANK_ROWS: usize = 3;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/teams/{team}/entries/{track}", web::get().to(page))
        .route("/teams/{team}/entries/{track}", web::post().to(save))
        .route(
            "/teams/{team}/entries/{track}/proposal",
            web::get().to(proposal),
        )
        .route(
            "/teams/{team}/entries/{track}/proposal",
            web::post().to(upload_proposal),
        )
        .route(
            "/teams/{team}/entries/{track}/versions",
            web::get().to(compare),
        )
        .route(
            "/teams/{team}/entries/{track}/endorse",
            web::post().to(endorse),
        )
        .route(
            "/organise/contests/{id}/entries",
            web::get().to(organiser_list),
        )
        .route(
            "/organise/contests/{id}/entries.csv",
            web::get().to(organiser_csv),
        );
}

struct Loaded {
    bundle: TeamBundle,
    track: Track,
    entry: Option<Entry>,
    content: EntryContent,
    /// The eligibility decision the team may see.
    decision: Option<store::eligibility::DecisionRow>,
}

async fn load(ctx: &Ctx, team_id: i32, track_id: i32) -> Result<Loaded, AppError> {
    ctx.state
        .db(move |conn| {
            let bundle = TeamBundle::load(conn, team_id)?;
            if !bundle.track_ids.contains(&track_id) {
                return Err(AppError::NotFound);
            }
            let track = bundle
                .all_tracks
                .iter()
                .find(|t| t.id == track_id)
                .cloned()
                .ok_or(AppError::NotFound)?;
            let entry = store::entries::find(conn, team_id, track_id)?;
            let content = match &entry {
                Some(e) => store::entries::content(conn, e)?,
                None => EntryContent::default(),
            };
            let decision = match &entry {
                Some(e) => store::eligibility::current(conn, e.id)?.filter(|d| d.visible()),
                None => None,
            };
            Ok(Loaded {
                bundle,
                track,
                entry,
                content,
                decision,
            })
        })
        .await
}

/// Members (students and advisors) and organisers may read; others get 404.
fn can_read(ctx: &Ctx, l: &Loaded) -> Result<(), AppError> {
    let u = ctx.user()?;
    if l.bundle.role_of(u.id).is_some() || u.has(Role::Organiser) || u.has(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// When the submission window closes for this team and track.
fn deadline(l: &Loaded) -> Option<NaiveDateTime> {
    let team_ext = l
        .bundle
        .extensions
        .iter()
        .filter(|e| e.deadline == "submission")
        .map(|e| Some(e.until_at));
    effective_deadline(
        l.bundle.contest.submission_deadline_at,
        std::iter::once(l.track.submission_deadline_at).chain(team_ext),
    )
}

fn window_open(l: &Loaded, at: NaiveDateTime) -> bool {
    let opened = l
        .bundle
        .contest
        .registration_opens_at
        .is_none_or(|o| o <= at);
    (!l.bundle.team.withdrawn && opened && deadline(l).is_none_or(|d| at < d))
        || revision_open(l, at).is_some()
}

/// The parts a requested revision lets the team change, while it is due.
fn revision_open(
    l: &Loaded,
    at: NaiveDateTime,
) -> Option<Vec<crate::domain::eligibility::FixPart>> {
    let d = l.decision.as_ref()?;
    let due = d.revision_due_at?;
    if d.outcome != "revision" || at >= due || l.bundle.team.withdrawn {
        return None;
    }
    Some(
        d.fix_list()
            .iter()
            .filter_map(|p| crate::domain::eligibility::FixPart::parse(p))
            .collect(),
    )
}

/// In a revision, only the parts asked for may change.
fn revision_allows(l: &Loaded, after: &EntryContent, at: NaiveDateTime) -> bool {
    let normal = deadline(l).is_none_or(|d| at < d);
    match revision_open(l, at) {
        Some(parts) if !normal => {
            crate::domain::eligibility::change_allowed(&l.content, after, &parts)
        }
        _ => true,
    }
}

/// A student of the team, while the window is open.
fn student_while_open(ctx: &Ctx, l: &Loaded) -> Result<i32, AppError> {
    let u = ctx.user()?;
    match l.bundle.role_of(u.id) {
        None => Err(AppError::NotFound),
        Some(store::teams::STUDENT) if window_open(l, now()) => Ok(u.id),
        Some(store::teams::STUDENT) => Err(AppError::Refused("error-submission-closed")),
        Some(_) => Err(AppError::Forbidden),
    }
}

async fn catalogue_for(
    ctx: &Ctx,
    content: &EntryContent,
) -> Result<BTreeMap<String, (String, String)>, AppError> {
    let ids: Vec<String> = content
        .datasets
        .iter()
        .map(|d| d.dataset_id.clone())
        .collect();
    ctx.state
        .db(move |conn| {
            let mut out = BTreeMap::new();
            for id in ids {
                if let Some(d) = store::catalog::find_by_source_id(conn, &id)? {
                    out.insert(id, (d.title, d.publisher));
                }
            }
            Ok(out)
        })
        .await
}

fn check_views(lang: Lang, checks: &[entry::Check]) -> Vec<Json> {
    checks
        .iter()
        .map(|c| json!({
            "passed": c.passed,
            "label": t(lang, c.label),
            "fix": t_args(lang, c.fix, &[("count", c.count.into()), ("min", c.min.into()), ("ids", c.datasets.join("、").into())]),
        }))
        .collect()
}

struct PageExtras {
    status: StatusCode,
    errors: FormErrors,
    conflict: Option<Vec<entry::Change>>,
    search: Option<String>,
}

async fn render(
    ctx: &Ctx,
    l: &Loaded,
    form: &EntryContent,
    version: i32,
    extras: PageExtras,
) -> AppResult {
    let lang = ctx.lang;
    let viewer = ctx.user()?.id;
    let catalogue = catalogue_for(ctx, form).await?;
    let facts = l.bundle.facts();
    let team_ok = team::all_met(&team::check(&l.track.rules(), &facts));
    let publishers = l.track.publishers();
    let checks = entry::precheck(
        form,
        &PrecheckContext {
            min_datasets: l.track.min_datasets,
            counted_publishers: &publishers,
            catalogue: &catalogue,
            proposal_attached: l
                .entry
                .as_ref()
                .is_some_and(|e| e.proposal_file_id.is_some()),
            team_rules_met: team_ok,
        },
    );
    let entry_id = l.entry.as_ref().map(|e| e.id);
    let (versions, endorsements, found) = {
        let search = extras.search.clone();
        ctx.state
            .db(move |conn| {
                let versions = match entry_id {
                    Some(id) => store::entries::versions(conn, id)?,
                    None => Vec::new(),
                };
                let endorsements = match entry_id {
                    Some(id) => store::entries::endorsements(conn, id)?,
                    None => Vec::new(),
                };
                let found = match search.filter(|s| !s.trim().is_empty()) {
                    Some(q) => {
                        store::catalog::search(
                            conn,
                            &store::catalog::Search {
                                q,
                                ..Default::default()
                            },
                            store::PageRequest::new(None, 10),
                        )?
                        .items
                    }
                    None => Vec::new(),
                };
                Ok((versions, endorsements, found))
            })
            .await?
    };
    let reason_labels: HashMap<String, String> = ctx
        .state
        .db(move |conn| Ok(store::eligibility::reason_codes(conn)?))
        .await?
        .into_iter()
        .map(|c| {
            (
                c.code,
                if lang == Lang::En {
                    c.label_en
                } else {
                    c.label_zh
                },
            )
        })
        .collect();
    let role = l.bundle.role_of(viewer);
    let open = window_open(l, now());
    let mut rows: Vec<Json> = form
        .datasets
        .iter()
        .map(|d| json!({
            "id": d.dataset_id, "fields": d.fields_used, "usage": d.usage, "depth": d.depth.to_string(),
            "title": catalogue.get(&d.dataset_id).map(|(t, _)| t.clone()),
        }))
        .collect();
    for _ in 0..BLANK_ROWS {
        rows.push(json!({ "id": "", "fields": "", "usage": "", "depth": "2", "title": null }));
    }
    let rows: Vec<Json> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r["n"] = json!(i);
            r["number"] = json!(i + 1);
            r
        })
        .collect();
    let base = format!("/teams/{}/entries/{}", l.bundle.team.id, l.track.id);
    ctx.render_status(extras.status, "entries/entry", json!({
        "base": base,
        "team": { "id": l.bundle.team.id, "name": l.bundle.team.name },
        "track": { "id": l.track.id, "name": track_name(lang, &l.track), "min_datasets": l.track.min_datasets },
        "contest": { "year": l.bundle.contest.year, "title": contest_title(lang, &l.bundle.contest) },
        "entry": l.entry.as_ref().map(|e| json!({
            "status_id": format!("entry-status-{}", e.status),
            "submitted": e.status == store::entries::SUBMITTED,
            "version": e.version,
            "has_proposal": e.proposal_file_id.is_some(),
            "updated_at": format_taipei(&e.updated_at),
        })),
        "form": {
            "title": form.title, "abstract": form.abstract_, "problem": form.problem, "solution": form.solution,
            "target_users": form.target_users, "demo_url": form.demo_url, "repo_url": form.repo_url, "version": version,
        },
        "rows": rows,
        "depths": DEPTHS.iter().map(|(n, id)| json!({ "value": n.to_string(), "label": t(lang, id) })).collect::<Vec<_>>(),
        "checks": check_views(lang, &checks),
        "all_passed": entry::all_passed(&checks),
        "can_edit": role == Some(store::teams::STUDENT) && open,
        "is_advisor": role == Some(store::teams::ADVISOR),
        "open": open,
        "deadline": match revision_open(l, now()) {
            Some(_) if deadline(l).is_some_and(|d| now() >= d) => l.decision.as_ref().and_then(|d| d.revision_due_at).map(|d| format_taipei(&d)),
            _ => deadline(l).map(|d| format_taipei(&d)),
        },
        "errors": extras.errors.to_json(),
        "conflict": extras.conflict.map(|changes| changes_view(lang, &changes)),
        "versions": versions.iter().map(|v| json!({
            "version": v.version, "author": v.author, "saved_at": format_taipei(&v.saved_at),
            "status_id": format!("entry-status-{}", v.status),
            "compare": (v.version > 1).then(|| format!("{base}/versions?a={}&b={}", v.version - 1, v.version)),
        })).collect::<Vec<_>>(),
        "endorsements": endorsements.iter().map(|(name, at)| json!({ "name": name, "at": format_taipei(at) })).collect::<Vec<_>>(),
        "search": extras.search.map(|q| json!({
            "q": q,
            "results": found.iter().map(|d| json!({ "id": d.source_id, "title": d.title, "publisher": d.publisher })).collect::<Vec<_>>(),
        })),
        "proposal_max_mb": PROPOSAL_MAX_BYTES / 1024 / 1024,
            "decision": l.decision.as_ref().map(|d| json!({
                "outcome": d.outcome,
                "outcome_id": format!("outcome-{}", d.outcome),
                "next_id": format!("next-step-{}", d.outcome),
                "message": d.message,
                "reasons": d.reason_list().iter().map(|c| reason_labels.get(c).cloned().unwrap_or_else(|| c.clone())).collect::<Vec<_>>(),
                "fix_parts": d.fix_list().iter().map(|p| t(lang, &format!("fix-part-{p}"))).collect::<Vec<_>>(),
                "due": d.revision_due_at.as_ref().map(format_taipei),
                "at": format_taipei(&d.decided_at),
            })),
    }))
}

fn changes_view(lang: Lang, changes: &[entry::Change]) -> Vec<Json> {
    changes
        .iter()
        .map(|c| json!({ "field": t(lang, &c.field), "dataset": c.dataset, "before": c.before, "after": c.after }))
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    dq: Option<String>,
}

async fn page(ctx: Ctx, path: web::Path<(i32, i32)>, q: web::Query<PageQuery>) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let l = load(&ctx, team_id, track_id).await?;
    can_read(&ctx, &l)?;
    let version = l.entry.as_ref().map(|e| e.version).unwrap_or(0);
    let content = l.content.clone();
    render(
        &ctx,
        &l,
        &content,
        version,
        PageExtras {
            status: StatusCode::OK,
            errors: FormErrors::default(),
            conflict: None,
            search: q.into_inner().dq.map(|s| s.chars().take(100).collect()),
        },
    )
    .await
}

/// The entry as typed: fields, and dataset rows ds_id_N / ds_fields_N / ds_usage_N / ds_depth_N.
fn parse_form(pairs: &[(String, String)]) -> (EntryContent, i32, bool) {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut rows: BTreeMap<usize, DeclaredDataset> = BTreeMap::new();
    for (k, v) in pairs {
        let Some((field, n)) = k.rsplit_once('_') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if n >= 60 {
            continue;
        }
        let row = rows.entry(n).or_insert_with(|| DeclaredDataset {
            depth: 2,
            ..Default::default()
        });
        match field {
            "ds_id" => row.dataset_id = v.clone(),
            "ds_fields" => row.fields_used = v.clone(),
            "ds_usage" => row.usage = v.clone(),
            "ds_depth" => row.depth = v.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    let content = EntryContent {
        title: get("title"),
        abstract_: get("abstract"),
        problem: get("problem"),
        solution: get("solution"),
        target_users: get("target_users"),
        demo_url: get("demo_url"),
        repo_url: get("repo_url"),
        datasets: rows.into_values().collect(),
        proposal_file_id: None,
    };
    (
        content,
        get("version").trim().parse().unwrap_or(-1),
        get("action") == "submit",
    )
}

async fn save(
    ctx: Ctx,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let l = load(&ctx, team_id, track_id).await?;
    let author = student_while_open(&ctx, &l)?;
    let (raw, based_on, submit) = parse_form(&form);
    let extras = |status, errors| PageExtras {
        status,
        errors,
        conflict: None,
        search: None,
    };
    let content = match raw.clone().checked() {
        // The proposal is not part of the form: it stays as it is.
        Ok(mut c) => {
            c.proposal_file_id = l.entry.as_ref().and_then(|e| e.proposal_file_id);
            c
        }
        Err(errs) => {
            let mut errors = FormErrors::default();
            for e in errs {
                errors.add(e);
            }
            return render(
                &ctx,
                &l,
                &raw,
                based_on,
                extras(StatusCode::UNPROCESSABLE_ENTITY, errors),
            )
            .await;
        }
    };
    if !revision_allows(&l, &content, now()) {
        let mut errors = FormErrors::default();
        errors.push("form", "error-revision-only");
        return render(
            &ctx,
            &l,
            &content,
            based_on,
            extras(StatusCode::UNPROCESSABLE_ENTITY, errors),
        )
        .await;
    }
    // Dataset ids not in the catalogue yet are looked up on data.gov.tw:
    // a few per save, at the same time, within one deadline.
    let ids: Vec<String> = {
        let mut v: Vec<String> = content
            .datasets
            .iter()
            .map(|d| d.dataset_id.clone())
            .filter(|id| valid_id(id))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let who = crate::web::guards::person_of(&ctx).ok();
    let rows: HashMap<String, i32> = crate::service::catalog::known_or_fetched(
        &ctx.state,
        who.as_ref(),
        &ids,
        MAX_LOOKUPS_PER_SAVE,
    )
    .await?;
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| !rows.contains_key(*id))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        let mut errors = FormErrors::default();
        errors.push("datasets", "error-dataset-unknown");
        let mut view_content = content.clone();
        view_content.title = content.title.clone();
        let mut response = render(
            &ctx,
            &l,
            &view_content,
            based_on,
            extras(StatusCode::UNPROCESSABLE_ENTITY, errors),
        )
        .await?;
        response.headers_mut().insert(
            header::HeaderName::from_static("x-unknown-datasets"),
            header::HeaderValue::from_str(&unknown.join(","))
                .unwrap_or(header::HeaderValue::from_static("")),
        );
        return Ok(response);
    }
    let (contest_id, c) = (l.bundle.contest.id, content.clone());
    let ip = ctx.ip.clone();
    let t = now();
    let result = ctx
        .state
        .db(move |conn| {
            db::transaction(
                conn,
                |conn| -> Result<Result<Entry, store::entries::Stale>, AppError> {
                    let r = store::entries::save(
                        conn,
                        &store::entries::SaveRequest {
                            team_id,
                            track_id,
                            contest_id,
                            based_on,
                            content: &c,
                            dataset_rows: &rows,
                            author,
                            submit,
                        },
                        t,
                    )?;
                    if let Ok(e) = &r {
                        store::teams::record_event(
                            conn,
                            team_id,
                            Some(author),
                            if submit { "entry.submit" } else { "entry.save" },
                            json!({ "track_id": track_id, "version": e.version }),
                            t,
                        )?;
                        if submit {
                            audit(
                                conn,
                                author,
                                ip.as_deref(),
                                "entry.submit",
                                "entry",
                                e.id,
                                json!({ "version": e.version }),
                            )?;
                        }
                    }
                    Ok(r)
                },
            )
        })
        .await;
    let result = match result {
        // Two first saves at the same moment: the other one created the entry.
        Err(AppError::Internal(e))
            if e.downcast_ref::<diesel::result::Error>()
                .is_some_and(store::is_unique_violation) =>
        {
            Err(store::entries::Stale { current: 1 })
        }
        other => other?,
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{team_id}/entries/{track_id}"),
            "success",
            if submit {
                "flash-entry-submitted"
            } else {
                "flash-entry-saved"
            },
        )),
        Err(stale) => {
            // Someone saved meanwhile: show what they changed, keep this user's text.
            let fresh = load(&ctx, team_id, track_id).await?;
            let entry_id = fresh.entry.as_ref().map(|e| e.id).unwrap_or(0);
            let base = ctx
                .state
                .db(move |conn| Ok(store::entries::snapshot(conn, entry_id, based_on)?))
                .await?
                .unwrap_or_default();
            let changes = entry::diff(&base, &fresh.content);
            let mut errors = FormErrors::default();
            errors.push("form", "error-entry-stale");
            render(
                &ctx,
                &fresh,
                &content,
                stale.current,
                PageExtras {
                    status: StatusCode::CONFLICT,
                    errors,
                    conflict: Some(changes),
                    search: None,
                },
            )
            .await
        }
    }
}

async fn upload_proposal(
    ctx: Ctx,
    path: web::Path<(i32, i32)>,
    mut payload: Multipart,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let l = load(&ctx, team_id, track_id).await?;
    let uid = student_while_open(&ctx, &l)?;
    let normal = deadline(&l).is_none_or(|d| now() < d);
    if !normal
        && !revision_open(&l, now())
            .is_some_and(|p| p.contains(&crate::domain::eligibility::FixPart::Proposal))
    {
        return Err(AppError::Refused("error-revision-only"));
    }
    let mut data = Vec::new();
    let mut too_big = false;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest)?;
        let wanted = field.name() == Some("proposal");
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if !wanted {
                continue;
            }
            if data.len() + chunk.len() > PROPOSAL_MAX_BYTES {
                too_big = true;
                break;
            }
            data.extend_from_slice(&chunk);
        }
        if too_big {
            break;
        }
    }
    let problem = if too_big {
        Some("error-proposal-too-big")
    } else if data.is_empty() {
        Some("error-proposal-missing")
    } else if !data.starts_with(b"%PDF-") {
        Some("error-proposal-type")
    } else {
        None
    };
    let version = l.entry.as_ref().map(|e| e.version).unwrap_or(0);
    if let Some(message) = problem {
        let mut errors = FormErrors::default();
        errors.push("proposal", message);
        let status = if too_big {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let content = l.content.clone();
        return render(
            &ctx,
            &l,
            &content,
            version,
            PageExtras {
                status,
                errors,
                conflict: None,
                search: None,
            },
        )
        .await;
    }
    let contest_id = l.bundle.contest.id;
    let t = now();
    let stored = ctx
        .state
        .db(move |conn| {
            db::transaction(
                conn,
                |conn| -> Result<Result<(), store::entries::Stale>, AppError> {
                    let file = store::files::insert(
                        conn,
                        uid,
                        "proposal",
                        "application/pdf",
                        &format!("proposal-team{team_id}-track{track_id}.pdf"),
                        &data,
                        t,
                    )?;
                    // A new proposal is a new version; earlier versions keep theirs.
                    let (based_on, mut content) =
                        match store::entries::find(conn, team_id, track_id)? {
                            Some(e) => (e.version, store::entries::content(conn, &e)?),
                            None => (0, EntryContent::default()),
                        };
                    content.proposal_file_id = Some(file);
                    let rows: HashMap<String, i32> = {
                        let mut m = HashMap::new();
                        for d in &content.datasets {
                            if let Some(ds) =
                                store::catalog::find_by_source_id(conn, &d.dataset_id)?
                            {
                                m.insert(d.dataset_id.clone(), ds.id);
                            }
                        }
                        m
                    };
                    let saved = store::entries::save(
                        conn,
                        &store::entries::SaveRequest {
                            team_id,
                            track_id,
                            contest_id,
                            based_on,
                            content: &content,
                            dataset_rows: &rows,
                            author: uid,
                            submit: false,
                        },
                        t,
                    )?;
                    if saved.is_ok() {
                        store::teams::record_event(
                            conn,
                            team_id,
                            Some(uid),
                            "entry.proposal",
                            json!({ "track_id": track_id }),
                            t,
                        )?;
                    }
                    Ok(saved.map(|_| ()))
                },
            )
        })
        .await;
    match stored {
        Ok(Ok(())) => {}
        Ok(Err(_)) => return Err(AppError::Conflict("error-entry-stale")),
        Err(AppError::Internal(e))
            if e.downcast_ref::<diesel::result::Error>()
                .is_some_and(store::is_unique_violation) =>
        {
            return Err(AppError::Conflict("error-entry-stale"))
        }
        Err(e) => return Err(e),
    }
    Ok(redirect_with_flash(
        &ctx,
        &format!("/teams/{team_id}/entries/{track_id}"),
        "success",
        "flash-proposal-uploaded",
    ))
}

async fn proposal(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let l = load(&ctx, team_id, track_id).await?;
    can_read(&ctx, &l)?;
    let file_id = l
        .entry
        .as_ref()
        .and_then(|e| e.proposal_file_id)
        .ok_or(AppError::NotFound)?;
    let file = ctx
        .state
        .db(move |conn| Ok(store::files::find(conn, file_id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(file.data))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompareQuery {
    a: i32,
    b: i32,
}

async fn compare(ctx: Ctx, path: web::Path<(i32, i32)>, q: web::Query<CompareQuery>) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let l = load(&ctx, team_id, track_id).await?;
    can_read(&ctx, &l)?;
    let entry_id = l.entry.as_ref().map(|e| e.id).ok_or(AppError::NotFound)?;
    let (a, b) = (q.a, q.b);
    let (va, vb) = ctx
        .state
        .db(move |conn| {
            Ok((
                store::entries::snapshot(conn, entry_id, a)?,
                store::entries::snapshot(conn, entry_id, b)?,
            ))
        })
        .await?;
    let (Some(va), Some(vb)) = (va, vb) else {
        return Err(AppError::NotFound);
    };
    let lang = ctx.lang;
    ctx.render(
        "entries/compare",
        json!({
            "base": format!("/teams/{team_id}/entries/{track_id}"),
            "team": { "name": l.bundle.team.name },
            "track": { "name": track_name(lang, &l.track) },
            "a": a, "b": b,
            "changes": changes_view(lang, &entry::diff(&va, &vb)),
        }),
    )
}

async fn endorse(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let l = load(&ctx, team_id, track_id).await?;
    let u = ctx.user()?;
    match l.bundle.role_of(u.id) {
        None => return Err(AppError::NotFound),
        Some(store::teams::ADVISOR) => {}
        Some(_) => return Err(AppError::Forbidden),
    }
    let entry_id = l
        .entry
        .as_ref()
        .map(|e| e.id)
        .ok_or(AppError::Refused("error-endorse-nothing"))?;
    let uid = u.id;
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::entries::endorse(conn, entry_id, uid, t)?;
                store::teams::record_event(
                    conn,
                    team_id,
                    Some(uid),
                    "entry.endorse",
                    json!({ "track_id": track_id }),
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/teams/{team_id}/entries/{track_id}"),
        "success",
        "flash-entry-endorsed",
    ))
}

// ---------------------------------------------------------------- organisers

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    track: String,
}

struct OrganiserRow {
    entry: Entry,
    team: String,
    track: String,
    datasets: usize,
    counted: usize,
    precheck_passed: bool,
}

async fn organiser_rows(
    ctx: &Ctx,
    contest_id: i32,
    track: Option<i32>,
) -> Result<(store::contests::Contest, Vec<Track>, Vec<OrganiserRow>), AppError> {
    let lang = ctx.lang;
    ctx.state
        .db(move |conn| {
            let contest = store::contests::find(conn, contest_id)?.ok_or(AppError::NotFound)?;
            let tracks = store::contests::tracks_of(conn, contest_id)?;
            let entries = store::entries::of_contest(conn, contest_id, track)?;
            let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
            let declared = store::entries::datasets_of(conn, &ids)?;
            let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
            let teams = store::teams::of_contest(conn, contest_id)?;
            let members = store::teams::members(conn, &team_ids)?;
            let team_tracks = store::teams::track_ids(conn, &team_ids)?;
            let rows = entries
                .into_iter()
                .map(|e| {
                    let tr = tracks.iter().find(|t| t.id == e.track_id);
                    let publishers: Vec<&str> = tr.map(|t| t.publishers()).unwrap_or_default();
                    let mine: Vec<_> = declared.iter().filter(|d| d.0 == e.id).collect();
                    let mut distinct: Vec<&str> = mine.iter().map(|d| d.1.as_str()).collect();
                    distinct.sort();
                    distinct.dedup();
                    let catalogue: BTreeMap<String, (String, String)> = mine
                        .iter()
                        .map(|d| (d.1.clone(), (d.5.clone(), d.2.clone())))
                        .collect();
                    let content = EntryContent {
                        title: e.title.clone(),
                        abstract_: e.abstract_.clone(),
                        datasets: mine
                            .iter()
                            .map(|d| DeclaredDataset {
                                dataset_id: d.1.clone(),
                                fields_used: String::new(),
                                usage: d.3.clone(),
                                depth: d.4,
                            })
                            .collect(),
                        ..Default::default()
                    };
                    let team_members: Vec<_> = members
                        .iter()
                        .filter(|m| m.team_id == e.team_id)
                        .cloned()
                        .collect();
                    let track_count = team_tracks
                        .iter()
                        .filter(|(tid, _)| *tid == e.team_id)
                        .count();
                    let facts = crate::service::teams::facts_of(&team_members, track_count);
                    let rules_ok =
                        tr.is_some_and(|t| team::all_met(&team::check(&t.rules(), &facts)));
                    let checks = entry::precheck(
                        &content,
                        &PrecheckContext {
                            min_datasets: tr.map(|t| t.min_datasets).unwrap_or(1),
                            counted_publishers: &publishers,
                            catalogue: &catalogue,
                            proposal_attached: e.proposal_file_id.is_some(),
                            team_rules_met: rules_ok,
                        },
                    );
                    let counted = distinct
                        .iter()
                        .filter(|id| {
                            catalogue.get(**id).is_some_and(|(_, p)| {
                                crate::domain::catalog::publisher_counts(p, &publishers)
                            })
                        })
                        .count();
                    OrganiserRow {
                        team: teams
                            .iter()
                            .find(|t| t.id == e.team_id)
                            .map(|t| t.name.clone())
                            .unwrap_or_default(),
                        track: tr.map(|t| track_name(lang, t)).unwrap_or_default(),
                        datasets: distinct.len(),
                        counted,
                        precheck_passed: entry::all_passed(&checks),
                        entry: e,
                    }
                })
                .collect();
            Ok((contest, tracks, rows))
        })
        .await
}

async fn organiser_list(ctx: Ctx, path: web::Path<i32>, q: web::Query<ListQuery>) -> AppResult {
    require_organiser(&ctx)?;
    let track = q.track.parse::<i32>().ok();
    let (contest, tracks, rows) = organiser_rows(&ctx, path.into_inner(), track).await?;
    let lang = ctx.lang;
    ctx.render("entries/organiser", json!({
        "contest": { "id": contest.id, "year": contest.year, "title": contest_title(lang, &contest) },
        "track_options": tracks.iter().map(|t| json!({ "id": t.id.to_string(), "name": track_name(lang, t), "selected": Some(t.id) == track })).collect::<Vec<_>>(),
        "csv": format!("/organise/contests/{}/entries.csv?track={}", contest.id, q.track),
        "rows": rows.iter().map(|r| json!({
            "team_id": r.entry.team_id, "track_id": r.entry.track_id, "team": r.team, "track": r.track,
            "title": r.entry.title, "status_id": format!("entry-status-{}", r.entry.status),
            "datasets": r.datasets, "counted": r.counted, "precheck_passed": r.precheck_passed,
            "version": r.entry.version, "updated_at": format_taipei(&r.entry.updated_at),
        })).collect::<Vec<_>>(),
    }))
}

async fn organiser_csv(ctx: Ctx, path: web::Path<i32>, q: web::Query<ListQuery>) -> AppResult {
    require_organiser(&ctx)?;
    let track = q.track.parse::<i32>().ok();
    let (contest, _, rows) = organiser_rows(&ctx, path.into_inner(), track).await?;
    let tr = |id: &str| ctx.t(id);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record([
        tr("team-name"),
        tr("team-tracks"),
        tr("entry-title"),
        tr("entry-status"),
        tr("entry-datasets-count"),
        tr("entry-datasets-counted"),
        tr("entry-precheck"),
        tr("entry-version"),
        tr("entry-updated"),
    ])
    .map_err(|e| AppError::Internal(e.into()))?;
    for r in &rows {
        w.write_record([
            super::download::cell(r.team.clone()),
            r.track.clone(),
            super::download::cell(r.entry.title.clone()),
            tr(&format!("entry-status-{}", r.entry.status)),
            r.datasets.to_string(),
            r.counted.to_string(),
            if r.precheck_passed {
                tr("csv-yes")
            } else {
                tr("csv-no")
            },
            r.entry.version.to_string(),
            format_taipei(&r.entry.updated_at),
        ])
        .map_err(|e| AppError::Internal(e.into()))?;
    }
    let mut body = vec![0xEF, 0xBB, 0xBF];
    body.extend(
        w.into_inner()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"entries-{}.csv\"", contest.year),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}
