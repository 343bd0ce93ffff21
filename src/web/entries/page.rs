//! A team's entry page, the comparison of two versions, and the proposal.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::{changes_view, check_views};
use crate::domain::entry::{field_names, Status, DEPTHS};
use crate::domain::text::visible;
use crate::i18n::t;
use crate::service::entries::{field_choices, Page, Shown, PROPOSAL_MAX_BYTES};
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::catalog::card;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::forms::FormErrors;
use crate::web::guards::SignedIn;
use crate::web::names::{contest_title, track_name};
use crate::web::review::reason_label;

/// Empty dataset rows offered below the declared ones (no JavaScript needed).
const BLANK_ROWS: usize = 3;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    dq: Option<String>,
}

pub async fn page(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    q: web::Query<PageQuery>,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let shown = Shown {
        team_id,
        track_id,
        search: q.into_inner().dq,
        ..Shown::default()
    };
    let page = load(&ctx, who.0, shown).await?;
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(&ctx, status, page, FormErrors::default())
}

pub(super) async fn load(ctx: &Ctx, who: Person, shown: Shown) -> service::Result<Page> {
    ctx.state
        .run(move |p| service::entries::page(p, &who, shown))
        .await
}

/// The entry page with the problems of a form (`errors`) beside its fields.
pub(super) fn render(ctx: &Ctx, status: StatusCode, p: Page, errors: FormErrors) -> AppResult {
    let lang = ctx.lang;
    let mut errors = errors;
    errors.merge(p.errors.clone());
    let form = &p.form;
    let mut rows: Vec<Json> = form
        .datasets
        .iter()
        .map(|d| {
            let known = p.fields.get(&d.dataset_id).cloned().unwrap_or_default();
            let (picked, other) = split_fields(&d.fields_used, &known);
            let (title, publisher) = p.catalogue.get(&d.dataset_id).cloned().unzip();
            let card = p.cards.get(&d.dataset_id);
            json!({
                "id": d.dataset_id, "fields": other, "usage": d.usage, "depth": d.depth.to_string(),
                "title": title, "publisher": publisher,
                "known": known.iter().map(|f| json!({ "name": f, "label": visible(f), "checked": picked.contains(f) })).collect::<Vec<_>>(),
                "real": card.is_some_and(|c| !c.columns.is_empty()),
                "flags": card.map(|c| card::flags(lang, c, None)).unwrap_or_default(),
            })
        })
        .collect();
    for _ in 0..BLANK_ROWS {
        rows.push(json!({ "id": "", "fields": "", "usage": "", "depth": "2", "title": null, "known": [], "real": false, "flags": [] }));
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r["n"] = json!(i);
        r["number"] = json!(i + 1);
    }
    let base = format!("/teams/{}/entries/{}", p.team.id, p.track.id);
    let team_page = format!("/teams/{}", p.team.id);
    let unmet = |certain: bool| -> Vec<Json> {
        check_views(lang, &p.checks)
            .into_iter()
            .zip(&p.checks)
            .filter(|(_, c)| !c.passed && c.certain == certain)
            .map(|(mut v, c)| {
                v["href"] = json!(match c.datasets.as_slice() {
                    // Fields a dataset lacks are fixed in its own row.
                    [one] if !c.fields.is_empty() => format!("#ds-{one}"),
                    _ => fix_href(c.label, &team_page, p.can_edit),
                });
                v
            })
            .collect()
    };
    let (blocking, advice) = (unmet(true), unmet(false));
    let submitted = p
        .entry
        .as_ref()
        .is_some_and(|e| e.status == Status::Submitted);
    ctx.render_status(status, "entries/entry", json!({
        "base": base,
        "team": { "id": p.team.id, "name": p.team.name },
        "track": { "id": p.track.id, "name": track_name(lang, &p.track), "min_datasets": p.track.min_datasets },
        "contest": { "year": p.contest.year, "title": contest_title(lang, &p.contest) },
        "entry": p.entry.as_ref().map(|e| json!({
            "status_id": format!("entry-status-{}", e.status.as_str()),
            "submitted": e.status == Status::Submitted,
            "submitted_ok": e.status == Status::Submitted && blocking.is_empty(),
            "version": e.version,
            "has_proposal": e.proposal_file_id.is_some(),
            "updated_at": format_taipei(&e.updated_at),
        })),
        "form": {
            "title": form.title, "abstract": form.abstract_, "problem": form.problem, "solution": form.solution,
            "target_users": form.target_users, "demo_url": form.demo_url, "repo_url": form.repo_url,
            "version": p.version,
        },
        "rows": rows,
        "challenges": super::challenge::choices(lang, &p.challenge_choices, form.challenge_id),
        "challenge": p.challenge.as_ref().map(|c| super::challenge::chosen(lang, c)),
        "depths": DEPTHS.iter().map(|(n, id)| json!({ "value": n.to_string(), "label": t(lang, id) })).collect::<Vec<_>>(),
        "checks": check_views(lang, &p.checks),
        "all_passed": crate::domain::entry::all_passed(&p.checks),
        "blocking": blocking,
        "advice": advice,
        "submitted": submitted,
        "can_edit": p.can_edit,
        "is_advisor": p.is_advisor,
        "open": p.open,
        "deadline": p.open_until.map(|d| format_taipei(&d)),
        "errors": errors.to_json(),
        "conflict": p.conflict.as_ref().map(|changes| changes_view(lang, changes)),
        "versions": p.versions.iter().map(|v| json!({
            "version": v.version, "author": v.author, "saved_at": format_taipei(&v.saved_at),
            "status_id": format!("entry-status-{}", v.status.as_str()),
            "compare": (v.version > 1).then(|| format!("{base}/versions?a={}&b={}", v.version - 1, v.version)),
        })).collect::<Vec<_>>(),
        "endorsements": p.endorsements.iter().map(|(name, at)| json!({ "name": name, "at": format_taipei(at) })).collect::<Vec<_>>(),
        "search": p.search.as_ref().map(|(q, found)| json!({
            "q": q,
            "results": found.iter().map(|d| json!({
                "id": d.source_id, "title": d.title, "publisher": d.publisher,
                "declared": form.datasets.iter().any(|x| x.dataset_id == d.source_id),
            })).collect::<Vec<_>>(),
        })),
        "proposal_max_mb": PROPOSAL_MAX_BYTES / 1024 / 1024,
        "watch_alerts": crate::web::catalog::watch::alert_views(&p.alerts),
        "result": p.result.as_ref().map(|prize| json!({
            "prize": prize.as_ref().map(|x| x.label(lang)),
            "amount": prize.as_ref().map(|x| crate::domain::team::format_amount(x.amount)),
            "winners": format!("/contests/{}/tracks/{}#winners-heading", p.contest.year, p.track.id),
        })),
        "decision": p.decision.as_ref().map(|d| json!({
            "outcome": d.outcome.as_str(),
            "outcome_id": format!("outcome-{}", d.outcome.as_str()),
            "next_id": format!("next-step-{}", d.outcome.as_str()),
            "message": d.message,
            "reasons": d.reason_list().iter().map(|c| reason_label(lang, &p.reason_codes, c)).collect::<Vec<_>>(),
            "fix_parts": d.fix_list().iter().map(|part| t(lang, &format!("fix-part-{part}"))).collect::<Vec<_>>(),
            "due": d.revision_due_at.as_ref().map(format_taipei),
            "at": format_taipei(&d.decided_at),
        })),
    }))
}

/// Where the person fixes a failed pre-check: the field on this page (an
/// anchor; the dataset search when the form can be changed), or the team
/// page for the team's rules.
fn fix_href(label: &str, team_page: &str, can_edit: bool) -> String {
    match label {
        "check-proposal" if can_edit => "#proposal".into(),
        "check-proposal" => "#proposal-heading".into(),
        "check-description" | "check-required-texts" => "#title".into(),
        "check-team-rules" => team_page.into(),
        "check-datasets-count" if can_edit => "#find-datasets".into(),
        _ => "#datasets".into(),
    }
}

/// The fields of `used` offered for the dataset (`known`, shown as ticked
/// boxes) and the rest as typed.
fn split_fields(used: &str, known: &[String]) -> (Vec<String>, String) {
    let (picked, other): (Vec<String>, Vec<String>) = field_names(used)
        .into_iter()
        .partition(|f| known.contains(f));
    (picked, other.join("、"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DatasetsQuery {
    dq: String,
}

/// The dataset picker's search without reloading (static/entries.js):
/// read-only, for those who may read the entry; each result with the fields
/// the catalogue lists for it.
pub async fn datasets(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    q: web::Query<DatasetsQuery>,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let q = q.into_inner().dq;
    let lang = ctx.lang;
    let found = ctx
        .state
        .run(move |p| service::entries::find_datasets(p, &who, team_id, track_id, q))
        .await;
    let (status, body) = match found {
        Ok(f) => (
            StatusCode::OK,
            json!({
                "q": f.q,
                "none": t(lang, "catalog-none"),
                "results": f.datasets.iter().map(|d| {
                    let card = f.cards.get(&d.id);
                    let fields = field_choices(d, card);
                    json!({
                        "id": d.source_id, "title": d.title, "publisher": d.publisher,
                        "labels": fields.iter().map(|c| visible(c)).collect::<Vec<_>>(),
                        "fields": fields,
                        "real": card.is_some_and(|c| !c.columns.is_empty()),
                        "flags": card.map(|c| card::flags(lang, c, Some(d))).unwrap_or_default(),
                    })
                }).collect::<Vec<_>>(),
            }),
        ),
        Err(service::Error::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "error": errors.get("dq").map(|m| t(lang, m)) }),
        ),
        Err(e) => return Err(e.into()),
    };
    Ok(HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(body))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompareQuery {
    a: i32,
    b: i32,
}

pub async fn compare(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    q: web::Query<CompareQuery>,
) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let (a, b) = (q.a, q.b);
    let c = ctx
        .state
        .run(move |p| service::entries::compare(p, &who, team_id, track_id, a, b))
        .await?;
    let lang = ctx.lang;
    ctx.render(
        "entries/compare",
        json!({
            "base": format!("/teams/{team_id}/entries/{track_id}"),
            "team": { "name": c.team.name },
            "track": { "name": track_name(lang, &c.track) },
            "a": a, "b": b,
            "changes": changes_view(lang, &c.changes),
        }),
    )
}

pub async fn proposal(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, track_id) = path.into_inner();
    let file = ctx
        .state
        .run(move |p| service::entries::proposal(p, &who, team_id, track_id))
        .await?;
    Ok(pdf(file.data, &file.filename))
}

/// A PDF download.
pub(crate) fn pdf(data: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(data)
}
