//! Eligibility review (資格審查): the reviewers' queue per track, one page per
//! entry with its datasets beside the catalogue, decisions with "save and
//! next", second-reviewer confirmation, reason codes, and the organisers'
//! summary with its CSV.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::names::{contest_title, track_name};
use super::{audit, now};
use crate::db::{self, DbConn};
use crate::domain::eligibility::{self, DecisionInput, Outcome};
use crate::domain::entry::{self as entry_rules, EntryContent, PrecheckContext, DEPTHS};
use crate::domain::role::Role;
use crate::domain::team;
use crate::domain::timeline::{effective_deadline, parse_taipei_local};
use crate::i18n::{t, Lang};
use crate::service::mail;
use crate::store::{self, contests::Track, eligibility::DecisionRow, entries::Entry};
use crate::templates::format_taipei;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/review", web::get().to(overview))
        .route("/review/tracks/{id}", web::get().to(queue))
        .route("/review/entries/{id}", web::get().to(entry_page))
        .route("/review/entries/{id}/decision", web::post().to(decide))
        .route("/review/entries/{id}/confirm", web::post().to(confirm))
        .route("/review/entries/{id}/proposal", web::get().to(proposal))
        .route(
            "/organise/contests/{id}/eligibility",
            web::get().to(summary),
        )
        .route(
            "/organise/contests/{id}/eligibility.csv",
            web::get().to(summary_csv),
        )
        .route("/organise/reasons", web::get().to(reasons_page))
        .route("/organise/reasons", web::post().to(add_reason))
        .route("/organise/reasons/{id}", web::post().to(toggle_reason));
}

fn require_reviewer(ctx: &Ctx) -> Result<i32, AppError> {
    Ok(ctx
        .require_any(&[Role::Reviewer, Role::Organiser, Role::Admin])?
        .id)
}

fn is_organiser(ctx: &Ctx) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.has(Role::Organiser) || u.has(Role::Admin))
}

/// The review of a track opens when its submission deadline has passed.
pub fn review_open(contest: &store::contests::Contest, track: &Track, at: NaiveDateTime) -> bool {
    effective_deadline(
        contest.submission_deadline_at,
        [track.submission_deadline_at],
    )
    .is_some_and(|d| at >= d)
}

pub(super) fn reason_label(
    lang: Lang,
    codes: &[store::eligibility::ReasonCode],
    code: &str,
) -> String {
    codes
        .iter()
        .find(|c| c.code == code)
        .map(|c| {
            if lang == Lang::En {
                c.label_en.clone()
            } else {
                c.label_zh.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// A team with its own, later submission deadline can still change its entry.
fn still_open(
    contest: &store::contests::Contest,
    track: &Track,
    extensions: &[store::teams::Extension],
    team_id: i32,
    at: NaiveDateTime,
) -> bool {
    let own = extensions
        .iter()
        .filter(|x| x.team_id == team_id && x.deadline == "submission")
        .map(|x| Some(x.until_at));
    effective_deadline(
        contest.submission_deadline_at,
        std::iter::once(track.submission_deadline_at).chain(own),
    )
    .is_some_and(|d| at < d)
}

/// Where a decision stands, as the queue shows it.
fn state_of(
    d: Option<&DecisionRow>,
    entry: &Entry,
    still_open: bool,
    at: NaiveDateTime,
) -> &'static str {
    if still_open {
        return "still-open";
    }
    match d {
        None => "undecided",
        Some(d) if entry.submitted_version > d.entry_version => "resubmitted",
        Some(d) if d.needs_confirmation && d.confirmed_by.is_none() => "awaiting-confirmation",
        Some(d) if d.outcome == "revision" && d.revision_due_at.is_some_and(|due| at >= due) => {
            "revision-expired"
        }
        Some(d) => match d.outcome.as_str() {
            "pass" => "pass",
            "fail" => "fail",
            _ => "revision",
        },
    }
}

/// States in which a reviewer (not only an organiser) may decide.
fn decidable(state: &str) -> bool {
    matches!(state, "undecided" | "resubmitted" | "revision-expired")
}

struct QueueRow {
    entry: Entry,
    team: String,
    state: &'static str,
    precheck_passed: bool,
    by_publisher: BTreeMap<String, usize>,
}

/// Whether an entry's pre-check passes, and its distinct datasets per publisher.
type PrecheckSummary = (bool, BTreeMap<String, usize>);

/// The pre-check exactly as the team sees it, for many entries at once.
fn precheck_rows(
    conn: &mut DbConn,
    track: &Track,
    entries: &[Entry],
) -> Result<Vec<PrecheckSummary>, AppError> {
    let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
    let declared = store::entries::datasets_of(conn, &ids)?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let members = store::teams::members(conn, &team_ids)?;
    let team_tracks = store::teams::track_ids(conn, &team_ids)?;
    let publishers = track.publishers();
    Ok(entries
        .iter()
        .map(|e| {
            let mine: Vec<_> = declared.iter().filter(|d| d.0 == e.id).collect();
            let catalogue: BTreeMap<String, (String, String)> = mine
                .iter()
                .map(|d| (d.1.clone(), (d.5.clone(), d.2.clone())))
                .collect();
            let content = EntryContent {
                title: e.title.clone(),
                abstract_: e.abstract_.clone(),
                datasets: mine
                    .iter()
                    .map(|d| entry_rules::DeclaredDataset {
                        dataset_id: d.1.clone(),
                        fields_used: String::new(),
                        usage: d.3.clone(),
                        depth: d.4,
                    })
                    .collect(),
                proposal_file_id: e.proposal_file_id,
                ..Default::default()
            };
            let team_members: Vec<_> = members
                .iter()
                .filter(|m| m.team_id == e.team_id)
                .cloned()
                .collect();
            let facts = crate::service::teams::facts_of(
                &team_members,
                team_tracks.iter().filter(|(t, _)| *t == e.team_id).count(),
            );
            let checks = entry_rules::precheck(
                &content,
                &PrecheckContext {
                    min_datasets: track.min_datasets,
                    counted_publishers: &publishers,
                    catalogue: &catalogue,
                    proposal_attached: e.proposal_file_id.is_some(),
                    team_rules_met: team::all_met(&team::check(&track.rules(), &facts)),
                },
            );
            let mut by_publisher = BTreeMap::new();
            let mut seen = Vec::new();
            for d in &mine {
                if !seen.contains(&d.1) {
                    seen.push(d.1.clone());
                    *by_publisher.entry(d.2.clone()).or_insert(0) += 1;
                }
            }
            (entry_rules::all_passed(&checks), by_publisher)
        })
        .collect())
}

async fn queue_rows(
    ctx: &Ctx,
    track_id: i32,
) -> Result<(store::contests::Contest, Track, Vec<QueueRow>), AppError> {
    ctx.state
        .db(move |conn| {
            let track = store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
            let contest =
                store::contests::find(conn, track.contest_id)?.ok_or(AppError::NotFound)?;
            let entries: Vec<Entry> = store::entries::of_contest(conn, contest.id, Some(track_id))?
                .into_iter()
                .filter(|e| e.status == store::entries::SUBMITTED)
                .collect();
            let teams = store::teams::of_contest(conn, contest.id)?;
            let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
            let decisions = store::eligibility::current_many(conn, &ids)?;
            let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
            let extensions = store::teams::extensions(conn, &team_ids)?;
            let at = now();
            let checks = precheck_rows(conn, &track, &entries)?;
            let rows = entries
                .into_iter()
                .zip(checks)
                .filter(|(e, _)| teams.iter().any(|t| t.id == e.team_id && !t.withdrawn))
                .map(|(e, (precheck_passed, by_publisher))| QueueRow {
                    team: teams
                        .iter()
                        .find(|t| t.id == e.team_id)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                    state: state_of(
                        decisions.iter().find(|d| d.entry_id == e.id),
                        &e,
                        still_open(&contest, &track, &extensions, e.team_id, at),
                        at,
                    ),
                    precheck_passed,
                    by_publisher,
                    entry: e,
                })
                .collect();
            Ok((contest, track, rows))
        })
        .await
}

async fn overview(ctx: Ctx) -> AppResult {
    require_reviewer(&ctx)?;
    let lang = ctx.lang;
    let t_now = now();
    let contests = ctx
        .state
        .db(|conn| {
            let mut out = Vec::new();
            for c in store::contests::list_all(conn)? {
                let tracks = store::contests::tracks_of(conn, c.id)?;
                out.push((c, tracks));
            }
            Ok(out)
        })
        .await?;
    ctx.render("review/overview", json!({
        "contests": contests.iter().map(|(c, tracks)| json!({
            "year": c.year, "title": contest_title(lang, c),
            "tracks": tracks.iter().map(|tr| json!({ "id": tr.id, "name": track_name(lang, tr), "open": review_open(c, tr, t_now) })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    filter: String,
}

fn matches_filter(filter: &str, r: &QueueRow) -> bool {
    match filter {
        "undecided" => decidable(r.state),
        "pass" => r.state == "pass",
        "fail" => matches!(r.state, "fail" | "awaiting-confirmation"),
        "revision" => r.state == "revision",
        "precheck-failing" => !r.precheck_passed,
        _ => true,
    }
}

async fn queue(ctx: Ctx, path: web::Path<i32>, q: web::Query<QueueQuery>) -> AppResult {
    require_reviewer(&ctx)?;
    let (contest, track, rows) = queue_rows(&ctx, path.into_inner()).await?;
    let lang = ctx.lang;
    if !review_open(&contest, &track, now()) {
        return ctx.render("review/closed", json!({
            "track": { "name": track_name(lang, &track) },
            "deadline": effective_deadline(contest.submission_deadline_at, [track.submission_deadline_at]).map(|d| format_taipei(&d)),
        }));
    }
    let filter = q.into_inner().filter;
    let filters = ["undecided", "pass", "fail", "revision", "precheck-failing"];
    ctx.render("review/queue", json!({
        "track": { "id": track.id, "name": track_name(lang, &track) },
        "contest": { "year": contest.year, "title": contest_title(lang, &contest) },
        "filters": filters.iter().map(|f| json!({ "value": f, "label_id": format!("review-filter-{f}"), "current": *f == filter })).collect::<Vec<_>>(),
        "total": rows.len(),
        "rows": rows.iter().filter(|r| matches_filter(&filter, r)).map(|r| json!({
            "id": r.entry.id, "team": r.team, "title": r.entry.title,
            "state_id": format!("review-state-{}", r.state),
            "decided": !decidable(r.state),
            "precheck_passed": r.precheck_passed,
            "publishers": r.by_publisher.iter().map(|(p, n)| json!({ "name": p, "count": n })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
}

struct Review {
    entry: Entry,
    content: EntryContent,
    track: Track,
    contest: store::contests::Contest,
    team: store::teams::Team,
    catalogue: Vec<store::catalog::Dataset>,
    history: Vec<(DecisionRow, Option<String>)>,
    codes: Vec<store::eligibility::ReasonCode>,
    reviewed_content: Option<(EntryContent, EntryContent)>,
    precheck_passed_and_checks: Vec<entry_rules::Check>,
    member_ids: Vec<i32>,
    still_open: bool,
}

async fn load_review(ctx: &Ctx, entry_id: i32) -> Result<Review, AppError> {
    ctx.state
        .db(move |conn| {
            let entry = store::entries::find_by_id(conn, entry_id)?.ok_or(AppError::NotFound)?;
            let content = store::entries::content(conn, &entry)?;
            let track =
                store::contests::find_track(conn, entry.track_id)?.ok_or(AppError::NotFound)?;
            let contest =
                store::contests::find(conn, entry.contest_id)?.ok_or(AppError::NotFound)?;
            let team = store::teams::find(conn, entry.team_id)?.ok_or(AppError::NotFound)?;
            let mut catalogue = Vec::new();
            for d in &content.datasets {
                if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
                    catalogue.push(ds);
                }
            }
            let history = store::eligibility::history(conn, entry_id)?;
            let codes = store::eligibility::reason_codes(conn)?;
            // What changed between the version last decided on and the one resubmitted.
            let reviewed_content = match history.iter().find(|(d, _)| d.is_current) {
                Some((d, _)) if entry.submitted_version > d.entry_version => {
                    match (
                        store::entries::snapshot(conn, entry_id, d.entry_version)?,
                        store::entries::snapshot(conn, entry_id, entry.submitted_version)?,
                    ) {
                        (Some(before), Some(after)) => Some((before, after)),
                        _ => None,
                    }
                }
                _ => None,
            };
            let member_ids: Vec<i32> = store::teams::members(conn, &[team.id])?
                .iter()
                .map(|m| m.user_id)
                .collect();
            let extensions = store::teams::extensions(conn, &[team.id])?;
            let still_open = still_open(&contest, &track, &extensions, team.id, now());
            let checks = {
                let members = store::teams::members(conn, &[team.id])?;
                let track_count = store::teams::track_ids(conn, &[team.id])?.len();
                let facts = crate::service::teams::facts_of(&members, track_count);
                let publishers = track.publishers();
                let cat: BTreeMap<String, (String, String)> = catalogue
                    .iter()
                    .map(|d| (d.source_id.clone(), (d.title.clone(), d.publisher.clone())))
                    .collect();
                entry_rules::precheck(
                    &content,
                    &PrecheckContext {
                        min_datasets: track.min_datasets,
                        counted_publishers: &publishers,
                        catalogue: &cat,
                        proposal_attached: entry.proposal_file_id.is_some(),
                        team_rules_met: team::all_met(&team::check(&track.rules(), &facts)),
                    },
                )
            };
            Ok(Review {
                entry,
                content,
                track,
                contest,
                team,
                catalogue,
                history,
                codes,
                reviewed_content,
                precheck_passed_and_checks: checks,
                member_ids,
                still_open,
            })
        })
        .await
}

fn decision_view(
    lang: Lang,
    codes: &[store::eligibility::ReasonCode],
    d: &DecisionRow,
    by: &Option<String>,
) -> Json {
    json!({
        "outcome_id": format!("outcome-{}", d.outcome),
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

async fn render_review(
    ctx: &Ctx,
    r: &Review,
    status: StatusCode,
    errors: FormErrors,
    form: Json,
) -> AppResult {
    let lang = ctx.lang;
    let viewer = ctx.user()?.id;
    let current = r.history.iter().find(|(d, _)| d.is_current);
    let state = state_of(current.map(|(d, _)| d), &r.entry, r.still_open, now());
    let organiser = is_organiser(ctx);
    // A reviewer decides new and resubmitted entries; changing a decision is
    // for organisers, with a reason.
    let needs_change_reason = !decidable(state);
    let can_decide = state != "still-open"
        && (!needs_change_reason || organiser)
        && !r.member_ids.contains(&viewer);
    let can_confirm = state == "awaiting-confirmation"
        && current.is_some_and(|(d, _)| d.decided_by != Some(viewer))
        && !r.member_ids.contains(&viewer);
    let depth_label = |n: i32| {
        DEPTHS
            .iter()
            .find(|(d, _)| *d == n)
            .map(|(_, id)| t(lang, id))
            .unwrap_or_default()
    };
    ctx.render_status(status, "review/entry", json!({
        "entry": {
            "id": r.entry.id, "title": r.entry.title, "abstract": r.entry.abstract_, "problem": r.entry.problem,
            "solution": r.entry.solution, "target_users": r.entry.target_users, "demo_url": r.entry.demo_url,
            "repo_url": r.entry.repo_url, "version": r.entry.version, "has_proposal": r.entry.proposal_file_id.is_some(),
            "url": format!("/teams/{}/entries/{}", r.team.id, r.track.id),
        },
        "team": { "name": r.team.name },
        "track": { "id": r.track.id, "name": track_name(lang, &r.track), "second_review": r.track.second_review_for_fail },
        "contest": { "year": r.contest.year },
        "state_id": format!("review-state-{state}"),
        "checks": r.precheck_passed_and_checks.iter().map(|c| json!({
            "passed": c.passed, "label": t(lang, c.label),
            "fix": crate::i18n::t_args(lang, c.fix, &[("count", c.count.into()), ("min", c.min.into()), ("ids", c.datasets.join("、").into())]),
        })).collect::<Vec<_>>(),
        "datasets": r.content.datasets.iter().map(|d| {
            let cat = r.catalogue.iter().find(|c| c.source_id == d.dataset_id);
            json!({
                "id": d.dataset_id, "fields_used": d.fields_used, "usage": d.usage, "depth": depth_label(d.depth),
                "catalogue": cat.map(|c| json!({ "title": c.title, "publisher": c.publisher, "description": c.description, "fields": c.fields })),
            })
        }).collect::<Vec<_>>(),
        "changes": r.reviewed_content.as_ref().map(|(before, after)| entry_rules::diff(before, after).iter().map(|c| json!({
            "field": t(lang, &c.field), "dataset": c.dataset, "before": c.before, "after": c.after,
        })).collect::<Vec<_>>()),
        "history": r.history.iter().map(|(d, by)| decision_view(lang, &r.codes, d, by)).collect::<Vec<_>>(),
        "codes": r.codes.iter().filter(|c| c.active).map(|c| json!({
            "code": c.code, "label": if lang == Lang::En { &c.label_en } else { &c.label_zh },
            "checked": form["reasons"].as_array().is_some_and(|a| a.iter().any(|v| v.as_str() == Some(&c.code))),
        })).collect::<Vec<_>>(),
        "fix_parts": eligibility::FixPart::ALL.iter().map(|p| json!({
            "value": p.as_str(), "label": t(lang, &format!("fix-part-{}", p.as_str())),
            "checked": form["fix_parts"].as_array().is_some_and(|a| a.iter().any(|v| v.as_str() == Some(p.as_str()))),
        })).collect::<Vec<_>>(),
        "form": form,
        "errors": errors.to_json(),
        "can_decide": can_decide,
        "needs_change_reason": needs_change_reason,
        "can_confirm": can_confirm,
        "current_id": current.map(|(d, _)| d.id).unwrap_or(0),
    }))
}

async fn entry_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    require_reviewer(&ctx)?;
    let r = load_review(&ctx, path.into_inner()).await?;
    if !review_open(&r.contest, &r.track, now()) || r.entry.status != store::entries::SUBMITTED {
        return Err(AppError::NotFound);
    }
    render_review(&ctx, &r, StatusCode::OK, FormErrors::default(), json!({ "outcome": "", "message": "", "reasons": [], "fix_parts": [], "due": "", "change_reason": "" })).await
}

/// Sends the team its result (each member in their language), in the caller's transaction.
fn notify_team(
    conn: &mut DbConn,
    state: &super::AppState,
    entry: &Entry,
    outcome: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let members = store::teams::members(conn, &[entry.team_id])?;
    let path = format!("/teams/{}/entries/{}", entry.team_id, entry.track_id);
    let link = state.config.absolute_url(&path);
    for m in members
        .iter()
        .filter(|m| m.role != store::teams::FORMER_STUDENT)
    {
        let locale = store::users::find(conn, m.user_id)?
            .map(|u| u.locale)
            .unwrap_or_default();
        let lang = Lang::from_code(&locale).unwrap_or_default();
        mail::notify(conn, state, &m.email, lang, "eligibility-result", "emails/eligibility", "mail-eligibility-subject",
            json!({ "name": m.display_name, "title": entry.title, "outcome": t(lang, &format!("outcome-{outcome}")), "link": link }), &path, now)
            .map_err(AppError::Internal)?;
    }
    store::teams::record_event(
        conn,
        entry.team_id,
        None,
        "entry.eligibility",
        json!({ "outcome": outcome }),
        now,
    )?;
    Ok(())
}

async fn decide(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = require_reviewer(&ctx)?;
    let entry_id = path.into_inner();
    let r = load_review(&ctx, entry_id).await?;
    if !review_open(&r.contest, &r.track, now())
        || r.entry.status != store::entries::SUBMITTED
        || r.team.withdrawn
    {
        return Err(AppError::NotFound);
    }
    if r.member_ids.contains(&actor) {
        return Err(AppError::Refused("error-review-own-team"));
    }
    if r.still_open {
        return Err(AppError::Refused("error-review-still-open"));
    }
    let pairs = form.into_inner();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let all = |k: &str| {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    let input = DecisionInput {
        outcome: get("outcome"),
        reasons: all("reason"),
        message: get("message"),
        fix_parts: all("fix_part"),
        revision_due_at: parse_taipei_local(&get("due")),
    };
    let kept = json!({ "outcome": input.outcome, "message": input.message, "reasons": input.reasons, "fix_parts": input.fix_parts, "due": get("due"), "change_reason": get("change_reason") });
    let current = r
        .history
        .iter()
        .find(|(d, _)| d.is_current)
        .map(|(d, _)| d.clone());
    let state = state_of(current.as_ref(), &r.entry, r.still_open, now());
    let changing = !decidable(state);
    // The decision the reviewer saw (from the form), else the one loaded now.
    let expected_current = match get("current").trim().parse::<i32>() {
        Ok(0) => None,
        Ok(id) => Some(id),
        Err(_) => current.as_ref().map(|d| d.id),
    };
    let change_reason = get("change_reason").trim().to_string();
    let mut errors = FormErrors::default();
    if changing && !is_organiser(&ctx) {
        return Err(AppError::Refused("error-decision-change-organisers"));
    }
    if changing && change_reason.is_empty() {
        errors.push("change_reason", "error-change-reason-required");
    }
    let known: Vec<String> = r
        .codes
        .iter()
        .filter(|c| c.active)
        .map(|c| c.code.clone())
        .collect();
    let decision = match eligibility::parse_decision(&input, &known, now()) {
        Ok(d) if errors.is_empty() => d,
        Ok(_) => {
            return render_review(&ctx, &r, StatusCode::UNPROCESSABLE_ENTITY, errors, kept).await
        }
        Err(errs) => {
            for e in errs {
                errors.add(e);
            }
            return render_review(&ctx, &r, StatusCode::UNPROCESSABLE_ENTITY, errors, kept).await;
        }
    };
    let needs_confirmation = decision.outcome == Outcome::Fail && r.track.second_review_for_fail;
    let visible = !needs_confirmation;
    let (entry, entry_version, state_data) = (
        r.entry.clone(),
        r.entry.submitted_version,
        ctx.state.clone(),
    );
    let ip = ctx.ip.clone();
    let t_now = now();
    let outcome = decision.outcome;
    let saved = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                // Someone else decided meanwhile: do not silently replace it.
                if store::eligibility::current(conn, entry.id)?.map(|d| d.id) != expected_current {
                    return Err(AppError::Conflict("error-decision-changed"));
                }
                let id = store::eligibility::record(conn, entry.id, &decision, entry_version, needs_confirmation, actor, &change_reason, t_now)?;
                audit(conn, actor, ip.as_deref(), if changing { "eligibility.change" } else { "eligibility.decide" }, "entry", entry.id,
                    json!({ "decision_id": id, "outcome": decision.outcome.as_str(), "reasons": decision.reasons, "change_reason": change_reason }))?;
                if visible {
                    notify_team(conn, &state_data, &entry, decision.outcome.as_str(), t_now)?;
                }
                Ok(())
            })
        })
        .await;
    match saved {
        Ok(()) => {}
        Err(AppError::Internal(e))
            if e.downcast_ref::<diesel::result::Error>()
                .is_some_and(store::is_unique_violation) =>
        {
            return Err(AppError::Conflict("error-decision-changed"))
        }
        Err(e) => return Err(e),
    }
    // "Save and next": on to the next entry still waiting in this track.
    let (_, _, rows) = queue_rows(&ctx, r.track.id).await?;
    let next = rows
        .iter()
        .find(|q| q.entry.id != entry_id && matches!(q.state, "undecided" | "resubmitted"));
    let target = match next {
        Some(q) if get("next") == "1" => format!("/review/entries/{}", q.entry.id),
        _ if get("next") == "1" => format!("/review/tracks/{}", r.track.id),
        _ => format!("/review/entries/{entry_id}"),
    };
    let flash = if outcome == Outcome::Fail && !visible {
        "flash-decision-awaiting"
    } else {
        "flash-decision-saved"
    };
    Ok(redirect_with_flash(&ctx, &target, "success", flash))
}

/// The entry's proposal, for reviewers.
async fn proposal(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    require_reviewer(&ctx)?;
    let r = load_review(&ctx, path.into_inner()).await?;
    if !review_open(&r.contest, &r.track, now()) || r.entry.status != store::entries::SUBMITTED {
        return Err(AppError::NotFound);
    }
    let file_id = r.entry.proposal_file_id.ok_or(AppError::NotFound)?;
    let file = ctx
        .state
        .db(move |conn| Ok(store::files::find(conn, file_id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"proposal-{}.pdf\"", r.entry.id),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(file.data))
}

async fn confirm(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let actor = require_reviewer(&ctx)?;
    let entry_id = path.into_inner();
    let r = load_review(&ctx, entry_id).await?;
    let current = r
        .history
        .iter()
        .find(|(d, _)| d.is_current)
        .map(|(d, _)| d.clone())
        .ok_or(AppError::NotFound)?;
    // Only a failure that waits for a second look can be confirmed.
    if !current.needs_confirmation
        || current.confirmed_by.is_some()
        || r.team.withdrawn
        || !review_open(&r.contest, &r.track, now())
    {
        return Err(AppError::NotFound);
    }
    if current.decided_by == Some(actor) {
        return Err(AppError::Refused("error-confirm-own"));
    }
    if r.member_ids.contains(&actor) {
        return Err(AppError::Refused("error-review-own-team"));
    }
    let (entry, state_data, ip, t_now) =
        (r.entry.clone(), ctx.state.clone(), ctx.ip.clone(), now());
    let ok = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                if !store::eligibility::confirm(conn, current.id, actor, t_now)? {
                    return Ok(false);
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "eligibility.confirm",
                    "entry",
                    entry.id,
                    json!({ "decision_id": current.id }),
                )?;
                notify_team(conn, &state_data, &entry, &current.outcome, t_now)?;
                Ok(true)
            })
        })
        .await?;
    if !ok {
        return Err(AppError::Conflict("error-team-changed"));
    }
    Ok(redirect_with_flash(
        &ctx,
        &format!("/review/entries/{entry_id}"),
        "success",
        "flash-decision-confirmed",
    ))
}

// ---------------------------------------------------------------- organisers

struct TrackSummary {
    track: Track,
    counts: BTreeMap<&'static str, usize>,
    reasons: BTreeMap<String, usize>,
    passed: Vec<(String, String)>,
    total: usize,
    /// Every entry: team, title, state, reason codes.
    entries: Vec<(String, String, &'static str, Vec<String>)>,
}

async fn summaries(
    ctx: &Ctx,
    contest_id: i32,
) -> Result<
    (
        store::contests::Contest,
        Vec<TrackSummary>,
        Vec<store::eligibility::ReasonCode>,
    ),
    AppError,
> {
    super::organise::require_organiser(ctx)?;
    let contest = ctx
        .state
        .db(move |conn| store::contests::find(conn, contest_id)?.ok_or(AppError::NotFound))
        .await?;
    let tracks = ctx
        .state
        .db(move |conn| Ok(store::contests::tracks_of(conn, contest_id)?))
        .await?;
    let codes = ctx
        .state
        .db(|conn| Ok(store::eligibility::reason_codes(conn)?))
        .await?;
    let mut out = Vec::new();
    for track in tracks {
        let (_, _, rows) = queue_rows(ctx, track.id).await?;
        let ids: Vec<i32> = rows.iter().map(|r| r.entry.id).collect();
        let decisions = ctx
            .state
            .db(move |conn| Ok(store::eligibility::current_many(conn, &ids)?))
            .await?;
        let mut counts = BTreeMap::new();
        let mut reasons = BTreeMap::new();
        let mut passed = Vec::new();
        let mut entries = Vec::new();
        for r in &rows {
            let decided = decisions.iter().find(|d| d.entry_id == r.entry.id);
            entries.push((
                r.team.clone(),
                r.entry.title.clone(),
                r.state,
                decided.map(|d| d.reason_list()).unwrap_or_default(),
            ));
            *counts.entry(r.state).or_insert(0) += 1;
            if let Some(d) = decisions.iter().find(|d| d.entry_id == r.entry.id) {
                if r.state == "fail" {
                    for code in d.reason_list() {
                        *reasons.entry(code).or_insert(0) += 1;
                    }
                }
            }
            if r.state == "pass" {
                passed.push((r.team.clone(), r.entry.title.clone()));
            }
        }
        out.push(TrackSummary {
            total: rows.len(),
            track,
            counts,
            reasons,
            passed,
            entries,
        });
    }
    Ok((contest, out, codes))
}

async fn summary(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let (contest, list, codes) = summaries(&ctx, path.into_inner()).await?;
    let lang = ctx.lang;
    ctx.render("review/summary", json!({
        "contest": { "id": contest.id, "year": contest.year, "title": contest_title(lang, &contest) },
        "tracks": list.iter().map(|s| {
            let pass = *s.counts.get("pass").unwrap_or(&0);
            json!({
                "name": track_name(lang, &s.track), "id": s.track.id, "total": s.total, "pass": pass,
                "fail": s.counts.get("fail").unwrap_or(&0), "revision": s.counts.get("revision").unwrap_or(&0),
                "undecided": s.counts.get("undecided").unwrap_or(&0) + s.counts.get("resubmitted").unwrap_or(&0),
                "awaiting": s.counts.get("awaiting-confirmation").unwrap_or(&0),
                "rate": if s.total == 0 { "—".to_string() } else { format!("{:.0}%", pass as f64 * 100.0 / s.total as f64) },
                "reasons": s.reasons.iter().map(|(c, n)| json!({ "label": reason_label(lang, &codes, c), "count": n })).collect::<Vec<_>>(),
                "passed": s.passed.iter().map(|(team, title)| json!({ "team": team, "title": title })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    }))
}

async fn summary_csv(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let (contest, list, codes) = summaries(&ctx, path.into_inner()).await?;
    let lang = ctx.lang;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        t(lang, "team-tracks"),
        t(lang, "review-total"),
        t(lang, "outcome-pass"),
        t(lang, "outcome-fail"),
        t(lang, "outcome-revision"),
        t(lang, "review-filter-undecided"),
        t(lang, "review-pass-rate"),
        t(lang, "review-reasons"),
    ];
    w.write_record(&header)
        .map_err(|e| AppError::Internal(e.into()))?;
    for s in &list {
        let pass = *s.counts.get("pass").unwrap_or(&0);
        w.write_record([
            track_name(lang, &s.track),
            s.total.to_string(),
            pass.to_string(),
            (s.counts.get("fail").unwrap_or(&0)
                + s.counts.get("awaiting-confirmation").unwrap_or(&0))
            .to_string(),
            s.counts.get("revision").unwrap_or(&0).to_string(),
            (s.counts.get("undecided").unwrap_or(&0) + s.counts.get("resubmitted").unwrap_or(&0))
                .to_string(),
            if s.total == 0 {
                String::new()
            } else {
                format!("{}/{}", pass, s.total)
            },
            s.reasons
                .iter()
                .map(|(c, n)| format!("{} {}", reason_label(lang, &codes, c), n))
                .collect::<Vec<_>>()
                .join("; "),
        ])
        .map_err(|e| AppError::Internal(e.into()))?;
    }
    // Then one line per entry: the advancing list and every outcome with its reasons.
    w.write_record([""])
        .map_err(|e| AppError::Internal(e.into()))?;
    w.write_record([
        t(lang, "team-tracks"),
        t(lang, "team-name"),
        t(lang, "entry-title"),
        t(lang, "review-state"),
        t(lang, "review-reasons"),
    ])
    .map_err(|e| AppError::Internal(e.into()))?;
    for s in &list {
        for (team, title, state, reasons) in &s.entries {
            w.write_record([
                track_name(lang, &s.track),
                super::download::cell(team.clone()),
                super::download::cell(title.clone()),
                t(lang, &format!("review-state-{state}")),
                reasons
                    .iter()
                    .map(|c| reason_label(lang, &codes, c))
                    .collect::<Vec<_>>()
                    .join("; "),
            ])
            .map_err(|e| AppError::Internal(e.into()))?;
        }
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
            format!("attachment; filename=\"eligibility-{}.csv\"", contest.year),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

async fn reasons_page(ctx: Ctx) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    render_reasons(
        &ctx,
        StatusCode::OK,
        FormErrors::default(),
        json!({ "code": "", "label_zh": "", "label_en": "" }),
    )
    .await
}

async fn render_reasons(
    ctx: &Ctx,
    status: StatusCode,
    errors: FormErrors,
    form: Json,
) -> AppResult {
    let codes = ctx
        .state
        .db(|conn| Ok(store::eligibility::reason_codes(conn)?))
        .await?;
    ctx.render_status(
        status,
        "review/reasons",
        json!({ "codes": codes, "errors": errors.to_json(), "form": form }),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReasonForm {
    code: String,
    label_zh: String,
    label_en: String,
    active: String,
}

async fn add_reason(ctx: Ctx, form: web::Form<ReasonForm>) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let f = form.into_inner();
    let code = f.code.trim().to_lowercase();
    let (zh, en) = (f.label_zh.trim().to_string(), f.label_en.trim().to_string());
    let mut errors = FormErrors::default();
    if code.is_empty()
        || code.len() > 40
        || !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.push("code", "error-unit-code-invalid");
    }
    if zh.is_empty() || zh.chars().count() > 100 {
        errors.push("label_zh", "error-unit-name-invalid");
    }
    if en.is_empty() || en.chars().count() > 100 {
        errors.push("label_en", "error-unit-name-invalid");
    }
    let kept = json!({ "code": f.code, "label_zh": f.label_zh, "label_en": f.label_en });
    if !errors.is_empty() {
        return render_reasons(&ctx, StatusCode::UNPROCESSABLE_ENTITY, errors, kept).await;
    }
    let ip = ctx.ip.clone();
    let added = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<(), diesel::result::Error> {
                store::eligibility::add_reason_code(conn, &code, &zh, &en)?;
                crate::store::audit::record(
                    conn,
                    crate::store::audit::Entry {
                        actor_id: Some(actor),
                        action: "reason.create",
                        object_type: "reason_code",
                        object_id: Some(code.clone()),
                        details: json!({ "zh": zh, "en": en }),
                        ip: ip.as_deref(),
                    },
                    now(),
                )?;
                Ok(())
            });
            match r {
                Ok(()) => Ok(true),
                Err(e) if store::is_unique_violation(&e) => Ok(false),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    if !added {
        let mut errors = FormErrors::default();
        errors.push("code", "error-unit-code-taken");
        return render_reasons(&ctx, StatusCode::CONFLICT, errors, kept).await;
    }
    Ok(redirect_with_flash(
        &ctx,
        "/organise/reasons",
        "success",
        "flash-reason-saved",
    ))
}

async fn toggle_reason(ctx: Ctx, path: web::Path<i32>, form: web::Form<ReasonForm>) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let id = path.into_inner();
    let active = form.active == "true";
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                if !store::eligibility::set_reason_active(conn, id, active)? {
                    return Err(AppError::NotFound);
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "reason.toggle",
                    "reason_code",
                    id,
                    json!({ "active": active }),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/organise/reasons",
        "success",
        "flash-reason-saved",
    ))
}
