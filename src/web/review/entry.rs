//! One entry's review page, deciding it ("save and next"), the second
//! reviewer's confirmation, and its proposal.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::reason_label;
use crate::domain::eligibility::FixPart;
use crate::domain::entry::DEPTHS;
use crate::i18n::{t, Lang};
use crate::service::review::{DecisionForm, Review};
use crate::service::{self, Error, Person};
use crate::store::eligibility::{DecisionRow, ReasonCode};
use crate::templates::format_taipei;
use crate::web::catalog::card::{card_view, declared_view};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::entries::{changes_view, check_views, pdf};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Reviewer;
use crate::web::names::track_name;

pub async fn page(ctx: Ctx, who: Reviewer, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let r = load(&ctx, who.0, id).await?;
    render(
        &ctx,
        &r,
        StatusCode::OK,
        FormErrors::default(),
        &DecisionForm::default(),
    )
}

async fn load(ctx: &Ctx, who: Person, id: i32) -> service::Result<Review> {
    ctx.state
        .run(move |p| service::review::page(p, &who, id))
        .await
}

/// How deeply a dataset is used (`DEPTHS`), in `lang`; also on a consult's page.
pub(crate) fn depth_label(lang: Lang, n: i32) -> String {
    DEPTHS
        .iter()
        .find(|(d, _)| *d == n)
        .map(|(_, id)| t(lang, id))
        .unwrap_or_default()
}

fn decision_view(lang: Lang, codes: &[ReasonCode], d: &DecisionRow, by: &Option<String>) -> Json {
    json!({
        "outcome_id": format!("outcome-{}", d.outcome.as_str()),
        "reasons": d.reason_list().iter().map(|c| reason_label(lang, codes, c)).collect::<Vec<_>>(),
        "message": d.message,
        "fix_parts": d.fix_list().iter().map(|p| t(lang, &format!("fix-part-{p}"))).collect::<Vec<_>>(),
        "due": d.revision_due_at.as_ref().map(format_taipei),
        "by": by, "at": format_taipei(&d.decided_at),
        "change_reason": d.change_reason,
        "confirmed": d.confirmed_at.as_ref().map(format_taipei),
        "current": d.is_current,
        "entry_version": d.entry_version,
    })
}

fn render(
    ctx: &Ctx,
    r: &Review,
    status: StatusCode,
    errors: FormErrors,
    f: &DecisionForm,
) -> AppResult {
    let lang = ctx.lang;
    let depth_label = |n: i32| depth_label(lang, n);
    let e = &r.entry;
    ctx.render_status(status, "review/entry", json!({
        "entry": {
            "id": e.id, "title": e.title, "abstract": e.abstract_, "problem": e.problem,
            "solution": e.solution, "target_users": e.target_users, "demo_url": e.demo_url,
            "repo_url": e.repo_url, "version": e.version, "has_proposal": e.proposal_file_id.is_some(),
            "url": format!("/teams/{}/entries/{}", r.team.id, r.track.id),
        },
        "team": { "name": r.team.name },
        "challenge": r.challenge.as_ref().map(|c| crate::web::entries::challenge::chosen(lang, c)),
        "track": { "id": r.track.id, "name": track_name(lang, &r.track), "second_review": r.track.second_review_for_fail },
        "contest": { "year": r.contest.year },
        "state_id": format!("review-state-{}", r.state.as_str()),
        "checks": check_views(lang, &r.checks),
        "datasets": r.content.datasets.iter().map(|d| {
            let cat = r.catalogue.iter().find(|c| c.source_id == d.dataset_id);
            json!({
                "id": d.dataset_id, "fields_used": d.fields_used, "usage": d.usage, "depth": depth_label(d.depth),
                "catalogue": cat.map(|c| json!({ "title": c.title, "publisher": c.publisher, "description": c.description, "fields": c.fields })),
                "card": r.cards.get(&d.dataset_id).map(|c| {
                    let mut v = card_view(lang, &d.dataset_id, c, cat);
                    v["declared"] = declared_view(c, &d.fields_used);
                    v
                }),
            })
        }).collect::<Vec<_>>(),
        "changes": r.changes.as_ref().map(|c| changes_view(lang, c)),
        "dataset_alerts": crate::web::catalog::watch::alerts_by_dataset(&r.alerts),
        "history": r.history.iter().map(|(d, by)| decision_view(lang, &r.codes, d, by)).collect::<Vec<_>>(),
        "codes": r.codes.iter().filter(|c| c.active).map(|c| json!({
            "code": c.code, "label": if lang == Lang::En { &c.label_en } else { &c.label_zh },
            "checked": f.reasons.contains(&c.code),
        })).collect::<Vec<_>>(),
        "fix_parts": FixPart::ALL.iter().map(|p| json!({
            "value": p.as_str(), "label": t(lang, &format!("fix-part-{}", p.as_str())),
            "checked": f.fix_parts.iter().any(|x| x == p.as_str()),
        })).collect::<Vec<_>>(),
        "form": {
            "outcome": f.outcome, "message": f.message, "due": f.due, "change_reason": f.change_reason,
        },
        "errors": errors.to_json(),
        "can_decide": r.can_decide,
        "needs_change_reason": r.needs_change_reason,
        "can_confirm": r.can_confirm,
        "current_id": r.current().map_or(0, |d| d.id),
    }))
}

fn form_of(pairs: &[(String, String)]) -> DecisionForm {
    let all = |k: &str| {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    let raw = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    DecisionForm {
        outcome: raw("outcome"),
        reasons: all("reason"),
        message: raw("message"),
        fix_parts: all("fix_part"),
        due: raw("due"),
        change_reason: raw("change_reason"),
        // The decision the reviewer saw: its id, 0 for none; absent when
        // the form does not say.
        seen: field(pairs, "current")
            .parse::<i32>()
            .ok()
            .map(|id| (id != 0).then_some(id)),
    }
}

pub async fn decide(
    ctx: Ctx,
    who: Reviewer,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let id = path.into_inner();
    let f = form_of(&form);
    let (person, typed) = (who.0.clone(), f.clone());
    let next = field(&form, "next") == "1";
    match ctx
        .state
        .run(move |p| service::review::decide(p, &person, id, typed))
        .await
    {
        Ok(d) => {
            // "Save and next": on to the next entry still waiting in this track.
            let target = match (next, d.next) {
                (true, Some(n)) => format!("/review/entries/{n}"),
                (true, None) => format!("/review/tracks/{}", d.track_id),
                (false, _) => format!("/review/entries/{id}"),
            };
            let flash = if next && d.next.is_none() {
                // Nothing left: say so, rather than return to the list silently.
                "flash-decision-queue-done"
            } else if d.awaiting_confirmation {
                "flash-decision-awaiting"
            } else {
                "flash-decision-saved"
            };
            Ok(redirect_with_flash(&ctx, &target, "success", flash))
        }
        Err(e @ (Error::Invalid(_) | Error::Stale(_))) => {
            let (status, errors) = on_form(e)?;
            let r = load(&ctx, who.0, id).await?;
            render(&ctx, &r, status, errors, &f)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm(ctx: Ctx, who: Reviewer, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    ctx.state
        .run(move |p| service::review::confirm_second(p, &who, id))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/review/entries/{id}"),
        "success",
        "flash-decision-confirmed",
    ))
}

pub async fn proposal(ctx: Ctx, who: Reviewer, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let file = ctx
        .state
        .run(move |p| service::review::proposal(p, &who, id))
        .await?;
    Ok(pdf(file.data, &format!("proposal-{id}.pdf")))
}
