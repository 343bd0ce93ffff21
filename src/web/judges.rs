//! Judges: organisers build a track's panel (by e-mail invitation), see and
//! dismiss detected conflicts of interest, and assign entries; judges see
//! the entries assigned to them and can declare a conflict.

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::{field, FormErrors};
use super::names::{contest_title, track_name};
use super::{audit, now};
use crate::db::{self, DbConn};
use crate::domain::account::Email;
use crate::domain::judging::{self, Affiliation};
use crate::domain::role::Role;
use crate::domain::team::SchoolKey;
use crate::i18n::{t, Lang};
use crate::service::mail;
use crate::store::{self, contests::Track, entries::Entry, judges::PanelJudge};

/// The round named in a query or form: preliminary unless it says finals;
/// anything else is not a page.
fn round_of(raw: &str) -> Result<&'static str, AppError> {
    match raw {
        "" | "preliminary" => Ok("preliminary"),
        "finals" => Ok("finals"),
        _ => Err(AppError::NotFound),
    }
}

/// What to append to a page's address to stay in the round.
fn round_query(round: &str) -> &'static str {
    if round == "finals" {
        "?round=finals"
    } else {
        ""
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RoundQuery {
    round: String,
}
const DEFAULT_K: usize = 3;
const DEFAULT_MAX_LOAD: i32 = 15;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise/tracks/{id}/judges", web::get().to(board_page))
        .route("/organise/tracks/{id}/judges", web::post().to(invite))
        .route(
            "/organise/tracks/{id}/judges/{panel_id}/remove",
            web::post().to(remove),
        )
        .route(
            "/organise/tracks/{id}/conflicts/dismiss",
            web::post().to(dismiss_conflict),
        )
        .route("/organise/tracks/{id}/assign", web::post().to(auto_assign))
        .route("/organise/tracks/{id}/remind", web::post().to(remind))
        .route(
            "/organise/tracks/{id}/assignments",
            web::post().to(edit_assignment),
        )
        .route("/organise/tracks/{id}/ranking", web::get().to(ranking_page))
        .route(
            "/organise/tracks/{id}/ranking.csv",
            web::get().to(ranking_csv),
        )
        .route(
            "/organise/tracks/{id}/scores.csv",
            web::get().to(scores_csv),
        )
        .route("/organise/tracks/{id}/finalists", web::post().to(finalists))
        .route(
            "/organise/tracks/{id}/settings",
            web::post().to(save_settings),
        )
        .route("/organise/tracks/{id}/awards", web::get().to(awards_page))
        .route("/organise/tracks/{id}/awards", web::post().to(save_awards))
        .route(
            "/organise/tracks/{id}/results/publish",
            web::post().to(publish_results),
        )
        .route("/judge", web::get().to(dashboard))
        .route("/judge/entries/{id}", web::get().to(entry_page))
        .route("/judge/entries/{id}/score", web::post().to(save_score))
        .route("/judge/entries/{id}/proposal", web::get().to(proposal))
        .route(
            "/judge/entries/{id}/conflict",
            web::post().to(declare_conflict),
        );
}

/// Why a judge conflicts with an entry's team, and the dismissal note if set aside.
type Conflict = (Vec<&'static str>, Option<String>);

/// Everything about a track's judging that the pages need, loaded at once.
struct Board {
    round: &'static str,
    settings: store::finals::Settings,
    /// The track's finalists (entry, preliminary rank), whichever round this is.
    finalists: Vec<(i32, Option<i32>)>,
    track: Track,
    contest: store::contests::Contest,
    panel: Vec<PanelJudge>,
    /// Entries that passed the eligibility review (in the finals: and were
    /// advanced), with their team's name.
    entries: Vec<(Entry, String)>,
    /// (entry, judge) → why they conflict, and the dismissal note if set aside.
    conflicts: BTreeMap<(i32, i32), Conflict>,
    assignments: Vec<store::judges::AssignmentRow>,
}

impl Board {
    /// On the panel, the entry eligible, and no conflict in the way.
    fn may_judge(&self, judge: i32, entry_id: i32) -> bool {
        self.panel.iter().any(|j| j.user_id == Some(judge))
            && self.entries.iter().any(|(e, _)| e.id == entry_id)
            && !self.blocked().contains(&(entry_id, judge))
    }

    /// Pairs a judge may not be given: detected and not dismissed, or declared.
    fn blocked(&self) -> HashSet<(i32, i32)> {
        self.conflicts
            .iter()
            .filter(|(_, (_, dismissed))| dismissed.is_none())
            .map(|(k, _)| *k)
            .collect()
    }
}

fn affiliation(user_id: i32, email: &str, code: Option<&str>, name: Option<&str>) -> Affiliation {
    let name = name.unwrap_or("").trim();
    let school = if code.is_none_or(str::is_empty) && name.is_empty() {
        // No school given: matches nobody.
        SchoolKey::Typed(format!("\u{0}{user_id}"))
    } else {
        SchoolKey::new(code, name)
    };
    Affiliation {
        school,
        email: email.to_string(),
    }
}

fn load_board(conn: &mut DbConn, track_id: i32, round: &'static str) -> Result<Board, AppError> {
    load_board_of(conn, track_id, round, None, ConflictsOf::All)
}

/// Whose conflicts of interest a board works out.
#[derive(Clone, Copy, PartialEq)]
enum ConflictsOf {
    /// Nobody's (the ranking shows none), and no assignments either.
    Nobody,
    /// One judge's: their own pages.
    Judge(i32),
    /// The whole panel's: the organisers' pages.
    All,
}

/// The board limited to some entries (a judge's own, one being scored):
/// what they need without loading the whole track.
fn load_board_of(
    conn: &mut DbConn,
    track_id: i32,
    round: &'static str,
    only: Option<&[i32]>,
    conflicts_of: ConflictsOf,
) -> Result<Board, AppError> {
    let track = store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
    let contest = store::contests::find(conn, track.contest_id)?.ok_or(AppError::NotFound)?;
    let panel = store::judges::panel(conn, track_id, round)?;
    let settings = store::finals::settings(conn, track_id, round)?;
    let finalists = store::finals::of_track(conn, track_id)?;
    let finalist_ids: HashSet<i32> = finalists.iter().map(|(f, _)| *f).collect();
    let passed: HashSet<i32> = store::eligibility::passed_among(conn, track_id, only)?
        .into_iter()
        .filter(|id| round != "finals" || finalist_ids.contains(id))
        .collect();
    let candidates = match only {
        Some(ids) => store::entries::find_many(conn, ids)?,
        None => store::entries::of_contest(conn, contest.id, Some(track_id))?,
    };
    let mut entries: Vec<Entry> = candidates
        .into_iter()
        .filter(|e| e.track_id == track_id && passed.contains(&e.id))
        .collect();
    if round == "finals" {
        let position = |id: i32| finalists.iter().position(|(f, _)| *f == id);
        entries.sort_by_key(|e| position(e.id));
    }
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let teams = store::teams::names(conn, &team_ids)?;
    // The ranking needs neither conflicts nor assignments: skip their queries.
    let judge_ids: Vec<i32> = panel
        .iter()
        .filter_map(|j| j.user_id)
        .filter(|id| match conflicts_of {
            ConflictsOf::Judge(me) => *id == me,
            _ => true,
        })
        .collect();
    let (members, profiles, notes, assignments) = if conflicts_of != ConflictsOf::Nobody {
        let entry_ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
        (
            store::teams::members(conn, &team_ids)?,
            store::profiles::find_many(conn, &judge_ids)?,
            store::judges::notes(conn, &team_ids)?,
            store::judges::assignments(conn, &entry_ids, round)?,
        )
    } else {
        Default::default()
    };
    // The teams sharing a school or an institutional mail domain, indexed
    // once for the whole board.
    let affiliations: Vec<(i32, Affiliation)> = members
        .iter()
        .filter(|m| m.role != store::teams::FORMER_STUDENT)
        .map(|m| {
            let a = affiliation(
                -m.user_id,
                &m.email,
                m.school_code.as_deref(),
                m.school_name.as_deref(),
            );
            (m.team_id, a)
        })
        .collect();
    let index = judging::ConflictIndex::new(affiliations.iter().map(|(t, a)| (*t, a)));
    let mut entries_of_team: HashMap<i32, Vec<i32>> = HashMap::new();
    for e in &entries {
        entries_of_team.entry(e.team_id).or_default().push(e.id);
    }
    let mut notes_of: HashMap<(i32, i32, &str), &store::judges::ConflictNote> = HashMap::new();
    for n in &notes {
        notes_of
            .entry((n.user_id, n.team_id, n.kind.as_str()))
            .or_insert(n);
    }
    let mut conflicts = BTreeMap::new();
    for j in &panel {
        let Some(uid) = j.user_id.filter(|id| judge_ids.contains(id)) else {
            continue;
        };
        let p = profiles.iter().find(|p| p.user_id == uid);
        let judge = affiliation(
            uid,
            &j.email,
            p.and_then(|p| p.school_code.as_deref()),
            p.map(|p| p.school_name.as_str()),
        );
        let detected = index.conflicts_of(&judge);
        let declared: HashSet<i32> = notes
            .iter()
            .filter(|n| n.user_id == uid && n.kind == store::judges::DECLARED)
            .map(|n| n.team_id)
            .collect();
        let mut teams_in_question: Vec<i32> = detected.keys().chain(&declared).copied().collect();
        teams_in_question.sort_unstable();
        teams_in_question.dedup();
        for team_id in teams_in_question {
            let mut reasons: Vec<&'static str> = detected
                .get(&team_id)
                .into_iter()
                .flatten()
                .map(|r| r.as_str())
                .collect();
            let dismissed = if declared.contains(&team_id) {
                reasons.push("declared");
                None
            } else {
                notes_of
                    .get(&(uid, team_id, store::judges::DISMISSED))
                    .map(|n| n.note.clone())
            };
            for entry_id in entries_of_team.get(&team_id).into_iter().flatten() {
                conflicts.insert((*entry_id, uid), (reasons.clone(), dismissed.clone()));
            }
        }
    }
    let team_names: HashMap<i32, &str> = teams.iter().map(|(id, n)| (*id, n.as_str())).collect();
    let entries = entries
        .into_iter()
        .map(|e| {
            let name = team_names
                .get(&e.team_id)
                .map(|n| n.to_string())
                .unwrap_or_default();
            (e, name)
        })
        .collect();
    Ok(Board {
        round,
        settings,
        finalists,
        track,
        contest,
        panel,
        entries,
        conflicts,
        assignments,
    })
}

// ---------------------------------------------------------------- organisers

#[derive(Default)]
struct Kept {
    errors: FormErrors,
    email: String,
    max_load: String,
    k: String,
    dismiss_note: String,
    short: Vec<(i32, usize)>,
    /// The round settings as typed, when they were refused.
    settings: Option<(store::finals::Settings, String)>,
}

async fn board_page(ctx: Ctx, path: web::Path<i32>, q: web::Query<RoundQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let round = round_of(&q.round)?;
    render_board(
        &ctx,
        StatusCode::OK,
        path.into_inner(),
        round,
        Kept::default(),
    )
    .await
}

async fn render_board(
    ctx: &Ctx,
    status: StatusCode,
    track_id: i32,
    round: &'static str,
    kept: Kept,
) -> AppResult {
    let lang = ctx.lang;
    let (b, submitted) = ctx
        .state
        .db(move |conn| {
            let b = load_board(conn, track_id, round)?;
            let submitted = submitted_counts(conn, &b)?;
            Ok((b, submitted))
        })
        .await?;
    let name_of = |uid: i32| {
        b.panel
            .iter()
            .find(|j| j.user_id == Some(uid))
            .map(|j| j.display_name.clone().unwrap_or_else(|| j.email.clone()))
            .unwrap_or_default()
    };
    let load = |uid: i32| b.assignments.iter().filter(|a| a.user_id == uid).count();
    let blocked = b.blocked();
    let panel: Vec<Json> = b
        .panel
        .iter()
        .map(|j| {
            json!({
                "id": j.id, "email": j.email, "name": j.display_name, "max_load": j.max_load,
                "has_account": j.user_id.is_some(),
                "load": j.user_id.map(load).unwrap_or(0),
                "done": j.user_id.and_then(|u| submitted.get(&u).copied()).unwrap_or(0),
                "behind": j.user_id.is_some_and(|u| submitted.get(&u).copied().unwrap_or(0) < load(u)),
            })
        })
        .collect();
    let conflicts: Vec<Json> = b
        .conflicts
        .iter()
        .filter_map(|((entry_id, uid), (reasons, dismissed))| {
            let (e, team) = b.entries.iter().find(|(e, _)| e.id == *entry_id)?;
            Some(json!({
                "entry_id": entry_id, "judge_id": uid, "judge": name_of(*uid), "team": team, "title": e.title,
                "reasons": reasons.iter().map(|r| t(lang, &format!("conflict-{r}"))).collect::<Vec<_>>(),
                "dismissed": dismissed, "declared": reasons.contains(&"declared"),
            }))
        })
        .collect();
    let short: HashMap<i32, usize> = kept.short.iter().copied().collect();
    let (settings, disagreement) = kept
        .settings
        .clone()
        .unwrap_or_else(|| (b.settings.clone(), b.settings.disagreement.to_string()));
    let entries: Vec<Json> = b
        .entries
        .iter()
        .map(|(e, team)| {
            let assigned: Vec<Json> = b
                .assignments
                .iter()
                .filter(|a| a.entry_id == e.id)
                .map(|a| json!({ "id": a.user_id, "name": name_of(a.user_id), "manual": a.manual }))
                .collect();
            let available: Vec<Json> = b
                .panel
                .iter()
                .filter_map(|j| j.user_id.map(|u| (u, j)))
                .filter(|(u, _)| {
                    !blocked.contains(&(e.id, *u))
                        && !b.assignments.iter().any(|a| a.entry_id == e.id && a.user_id == *u)
                })
                .map(|(u, j)| json!({ "id": u, "name": j.display_name.clone().unwrap_or_else(|| j.email.clone()) }))
                .collect();
            json!({
                "id": e.id, "title": e.title, "team": team, "assigned": assigned, "count": assigned.len(),
                "available": available, "short": short.get(&e.id),
            })
        })
        .collect();
    ctx.render_status(
        status,
        "organise/judges",
        json!({
            "track": { "id": b.track.id, "name": track_name(lang, &b.track) },
            "contest": { "id": b.contest.id, "title": contest_title(lang, &b.contest) },
            "panel": panel,
            "conflicts": conflicts,
            "entries": entries,
            "errors": kept.errors.to_json(),
            "form": {
                "email": kept.email,
                "max_load": if kept.max_load.is_empty() { DEFAULT_MAX_LOAD.to_string() } else { kept.max_load },
                "k": if kept.k.is_empty() { DEFAULT_K.to_string() } else { kept.k },
                "dismiss_note": kept.dismiss_note,
            },
            "has_short": !kept.short.is_empty(),
            "round": b.round,
            "round_label": format!("round-{}", b.round),
            "round_name": t(lang, &format!("round-{}", b.round)),
            "query": round_query(b.round),
            "finals": b.round == "finals",
            "rounds": rounds_json(&format!("/organise/tracks/{}/judges", b.track.id), b.round),
            "settings": {
                "anonymous": settings.anonymous, "show_others": settings.show_others,
                "disagreement": disagreement,
                "methods": METHODS.iter().map(|m| json!({
                    "id": m, "label": format!("rank-method-{m}"), "selected": *m == settings.rank_method,
                })).collect::<Vec<_>>(),
            },
        }),
    )
}

/// Judge → number of submitted scores among this track's assigned entries.
fn submitted_counts(conn: &mut DbConn, b: &Board) -> Result<HashMap<i32, usize>, AppError> {
    let entry_ids: Vec<i32> = b.entries.iter().map(|(e, _)| e.id).collect();
    let mut out = HashMap::new();
    for s in store::scores::of_entries(conn, &entry_ids, b.round)? {
        let assigned = b
            .assignments
            .iter()
            .any(|a| a.entry_id == s.entry_id && a.user_id == s.user_id);
        if assigned && s.status == store::scores::SUBMITTED {
            *out.entry(s.user_id).or_insert(0) += 1;
        }
    }
    Ok(out)
}

/// Mails every judge who has assigned entries still to submit.
async fn remind(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let state = ctx.state.clone();
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let b = load_board(conn, track_id, round)?;
                let submitted = submitted_counts(conn, &b)?;
                let at = now();
                let mut reminded = Vec::new();
                for j in &b.panel {
                    let Some(uid) = j.user_id else { continue };
                    let total = b.assignments.iter().filter(|a| a.user_id == uid).count();
                    let done = submitted.get(&uid).copied().unwrap_or(0);
                    if done >= total {
                        continue;
                    }
                    let lang = store::users::find(conn, uid)?
                        .and_then(|u| Lang::from_code(&u.locale))
                        .unwrap_or_default();
                    mail::notify(
                        conn,
                        &state,
                        &j.email,
                        lang,
                        "judge-reminder",
                        "emails/judge_reminder",
                        "mail-judge-reminder-subject",
                        json!({ "track": track_name(lang, &b.track), "done": done, "total": total, "link": state.config.absolute_url("/judge") }),
                        "/judge",
                        at,
                    )
                    .map_err(AppError::Internal)?;
                    reminded.push(j.email.clone());
                }
                audit(conn, actor, ip.as_deref(), "judge.remind", "track", track_id, json!({ "round": round, "to": reminded }))
            })
        })
        .await?;
    back(&ctx, track_id, round, "flash-judges-reminded")
}

fn back(ctx: &Ctx, track_id: i32, round: &str, message: &str) -> AppResult {
    Ok(redirect_with_flash(
        ctx,
        &format!("/organise/tracks/{track_id}/judges{}", round_query(round)),
        "success",
        message,
    ))
}

async fn invite(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let raw_email = field(&form, "email");
    let raw_load = field(&form, "max_load");
    let mut errors = FormErrors::default();
    let email = errors.check(Email::parse(&raw_email));
    let max_load = raw_load
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=500).contains(n));
    if max_load.is_none() {
        errors.push("max_load", "error-max-load");
    }
    let kept = |errors| Kept {
        errors,
        email: raw_email.clone(),
        max_load: raw_load.clone(),
        ..Kept::default()
    };
    let (Some(email), Some(max_load)) = (email, max_load) else {
        return render_board(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
            round,
            kept(errors),
        )
        .await;
    };
    let state = ctx.state.clone();
    let ip = ctx.ip.clone();
    let address = email.as_str().to_string();
    let added = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                let track =
                    store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
                let at = now();
                if !store::judges::add(conn, track_id, round, &address, max_load, actor, at)? {
                    return Ok(false);
                }
                let account = store::users::find_by_email(conn, &address)?;
                let lang = account
                    .as_ref()
                    .and_then(|u| Lang::from_code(&u.locale))
                    .unwrap_or_default();
                if let Some(u) = &account {
                    store::users::grant_role(conn, u.id, Role::Judge, None, Some(actor), at)?;
                }
                let link = if account.is_some() {
                    state.config.absolute_url("/judge")
                } else {
                    state.config.absolute_url("/signup")
                };
                mail::notify(
                    conn,
                    &state,
                    &address,
                    lang,
                    "judge-invitation",
                    "emails/judge_invitation",
                    "mail-judge-subject",
                    json!({ "track": track_name(lang, &track), "link": link, "has_account": account.is_some(), "email": address }),
                    "/judge",
                    at,
                )
                .map_err(AppError::Internal)?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "judge.invite",
                    "track",
                    track_id,
                    json!({ "email": address, "round": round, "max_load": max_load }),
                )?;
                Ok(true)
            })
        })
        .await?;
    if !added {
        let mut errors = FormErrors::default();
        errors.push("email", "error-judge-already");
        return render_board(&ctx, StatusCode::CONFLICT, track_id, round, kept(errors)).await;
    }
    back(&ctx, track_id, round, "flash-judge-invited")
}

async fn remove(
    ctx: Ctx,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (track_id, panel_id) = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let b = load_board(conn, track_id, round)?;
                let judge = b
                    .panel
                    .iter()
                    .find(|j| j.id == panel_id)
                    .ok_or(AppError::NotFound)?
                    .clone();
                store::judges::remove(conn, track_id, round, panel_id)?;
                if let Some(uid) = judge.user_id {
                    for (e, _) in &b.entries {
                        store::judges::unassign(conn, e.id, uid, round)?;
                    }
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "judge.remove",
                    "track",
                    track_id,
                    json!({ "email": judge.email, "round": round }),
                )
            })
        })
        .await?;
    back(&ctx, track_id, round, "flash-judge-removed")
}

async fn dismiss_conflict(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let entry_id: i32 = field(&form, "entry_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let judge_id: i32 = field(&form, "judge_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let round = round_of(&field(&form, "round"))?;
    let note = field(&form, "note");
    if note.is_empty() || note.chars().count() > 500 {
        let mut errors = FormErrors::default();
        errors.push("dismiss_note", "error-dismiss-note");
        return render_board(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
            round,
            Kept {
                errors,
                dismiss_note: note,
                ..Kept::default()
            },
        )
        .await;
    }
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let b = load_board(conn, track_id, round)?;
                let (reasons, _) = b
                    .conflicts
                    .get(&(entry_id, judge_id))
                    .ok_or(AppError::NotFound)?;
                if reasons.contains(&"declared") {
                    // What a judge declared is theirs to know; it stays.
                    return Err(AppError::Refused("error-conflict-declared"));
                }
                let team_id = b
                    .entries
                    .iter()
                    .find(|(e, _)| e.id == entry_id)
                    .map(|(e, _)| e.team_id)
                    .ok_or(AppError::NotFound)?;
                store::judges::add_note(
                    conn,
                    judge_id,
                    team_id,
                    store::judges::DISMISSED,
                    &note,
                    actor,
                    now(),
                )?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "conflict.dismiss",
                    "team",
                    team_id,
                    json!({ "judge_id": judge_id, "reasons": reasons, "note": note }),
                )
            })
        })
        .await?;
    back(&ctx, track_id, round, "flash-conflict-dismissed")
}

/// How a round is judged: anonymity, judges seeing each other's scores,
/// ranking method and the disagreement threshold.
async fn save_settings(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let raw_threshold = field(&form, "disagreement");
    let method = field(&form, "rank_method");
    let mut wanted = store::finals::Settings {
        anonymous: field(&form, "anonymous") == "1",
        show_others: field(&form, "show_others") == "1",
        rank_method: method.clone(),
        disagreement: 0.0,
    };
    let mut errors = FormErrors::default();
    if !METHODS.contains(&method.as_str()) {
        errors.push("rank_method", "error-rank-method");
    }
    match raw_threshold
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (1.0..=100.0).contains(v))
    {
        Some(v) => wanted.disagreement = v,
        None => errors.push("disagreement", "error-disagreement"),
    }
    if !errors.is_empty() {
        return render_board(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
            round,
            Kept {
                errors,
                settings: Some((wanted, raw_threshold)),
                ..Kept::default()
            },
        )
        .await;
    }
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
                let before = store::finals::settings(conn, track_id, round)?;
                store::finals::save_settings(conn, track_id, round, &wanted, now())?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "judging.settings",
                    "track",
                    track_id,
                    json!({
                        "round": round,
                        "before": { "anonymous": before.anonymous, "show_others": before.show_others, "rank_method": before.rank_method, "disagreement": before.disagreement },
                        "after": { "anonymous": wanted.anonymous, "show_others": wanted.show_others, "rank_method": wanted.rank_method, "disagreement": wanted.disagreement },
                    }),
                )
            })
        })
        .await?;
    back(&ctx, track_id, round, "flash-judging-settings-saved")
}

async fn auto_assign(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let raw_k = field(&form, "k");
    let Some(k) = raw_k.parse::<usize>().ok().filter(|k| (1..=20).contains(k)) else {
        let mut errors = FormErrors::default();
        errors.push("k", "error-judges-per-entry");
        return render_board(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
            round,
            Kept {
                errors,
                k: raw_k,
                ..Kept::default()
            },
        )
        .await;
    };
    let ip = ctx.ip.clone();
    let short = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<Vec<(i32, usize)>, AppError> {
                let b = load_board(conn, track_id, round)?;
                let caps: BTreeMap<i32, usize> = b
                    .panel
                    .iter()
                    .filter_map(|j| j.user_id.map(|u| (u, j.max_load.max(0) as usize)))
                    .collect();
                let entry_ids: Vec<i32> = b.entries.iter().map(|(e, _)| e.id).collect();
                let result = judging::assign_with_caps(&entry_ids, &caps, &b.blocked(), k);
                store::judges::replace_automatic(conn, &entry_ids, round, &result.pairs, now())?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "judge.assign",
                    "track",
                    track_id,
                    json!({ "round": round, "k": k, "pairs": result.pairs.len(), "short": result.short }),
                )?;
                Ok(result.short)
            })
        })
        .await?;
    if short.is_empty() {
        return back(&ctx, track_id, round, "flash-assigned");
    }
    // Show at once which entries could not get k judges, and why.
    render_board(
        &ctx,
        StatusCode::OK,
        track_id,
        round,
        Kept {
            short,
            k: raw_k,
            ..Kept::default()
        },
    )
    .await
}

async fn edit_assignment(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let entry_id: i32 = field(&form, "entry_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let judge_id: i32 = field(&form, "judge_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let adding = field(&form, "action") != "remove";
    let round = round_of(&field(&form, "round"))?;
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let b = load_board(conn, track_id, round)?;
                if !b.entries.iter().any(|(e, _)| e.id == entry_id)
                    || !b.panel.iter().any(|j| j.user_id == Some(judge_id))
                {
                    return Err(AppError::NotFound);
                }
                if adding {
                    if b.blocked().contains(&(entry_id, judge_id)) {
                        return Err(AppError::Refused("error-assign-conflicted"));
                    }
                    store::judges::assign_one(conn, entry_id, judge_id, round, now())?;
                } else {
                    store::judges::unassign(conn, entry_id, judge_id, round)?;
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    if adding {
                        "judge.assign-one"
                    } else {
                        "judge.unassign"
                    },
                    "entry",
                    entry_id,
                    json!({ "judge_id": judge_id, "round": round }),
                )
            })
        })
        .await?;
    back(&ctx, track_id, round, "flash-assignment-saved")
}

// ---------------------------------------------------------------- judges

/// The entry if this judge is assigned to it and not in conflict; else 404.
fn judged_entry(
    conn: &mut DbConn,
    judge: i32,
    entry_id: i32,
    round: &'static str,
) -> Result<(Entry, Board), AppError> {
    let entry = store::entries::find_by_id(conn, entry_id)?.ok_or(AppError::NotFound)?;
    if !store::judges::is_assigned_in(conn, judge, entry_id, round)? {
        return Err(AppError::NotFound);
    }
    let b = load_board_of(
        conn,
        entry.track_id,
        round,
        Some(&[entry_id]),
        ConflictsOf::Judge(judge),
    )?;
    if !b.may_judge(judge, entry_id) {
        return Err(AppError::NotFound);
    }
    Ok((entry, b))
}

async fn dashboard(ctx: Ctx) -> AppResult {
    let me = ctx.user()?.id;
    let lang = ctx.lang;
    let rows = ctx
        .state
        .db(move |conn| {
            let mut out = Vec::new();
            let assigned = store::judges::of_judge(conn, me)?;
            let scores = store::scores::of_judge(conn, me)?;
            let ids: Vec<i32> = assigned.iter().map(|a| a.entry_id).collect();
            let entries: HashMap<i32, Entry> = store::entries::find_many(conn, &ids)?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
            // One board per track and round, limited to this judge's entries.
            let mut wanted: BTreeMap<(i32, &'static str), Vec<i32>> = BTreeMap::new();
            for a in &assigned {
                let (Some(entry), Ok(round)) = (entries.get(&a.entry_id), round_of(&a.round)) else {
                    continue;
                };
                wanted.entry((entry.track_id, round)).or_default().push(entry.id);
            }
            let mut boards: HashMap<(i32, &'static str), Board> = HashMap::new();
            for ((track_id, round), ids) in &wanted {
                boards.insert((*track_id, round), load_board_of(conn, *track_id, round, Some(ids), ConflictsOf::Judge(me))?);
            }
            for a in assigned {
                let Some(entry) = entries.get(&a.entry_id).cloned() else {
                    continue;
                };
                let Ok(round) = round_of(&a.round) else { continue };
                let Some(b) = boards.get(&(entry.track_id, round)) else { continue };
                if !b.may_judge(me, entry.id) {
                    continue;
                }
                let status = scores
                    .iter()
                    .find(|s| s.entry_id == entry.id && s.round == a.round)
                    .map(|s| s.status.as_str())
                    .unwrap_or("none");
                let team = (!b.settings.anonymous)
                    .then(|| b.entries.iter().find(|(e, _)| e.id == entry.id).map(|(_, t)| t.clone()))
                    .flatten();
                let due = if round == "finals" { b.contest.finals_at } else { b.contest.judging_ends_at };
                out.push(json!({
                    "id": entry.id, "title": entry.title, "status": format!("score-status-{status}"),
                    "done": status == store::scores::SUBMITTED, "team": team,
                    "round": format!("round-{round}"), "query": round_query(round),
                    "due": due.as_ref().map(crate::templates::format_taipei),
                    "track": track_name(lang, &b.track), "contest": contest_title(lang, &b.contest),
                }));
            }
            Ok(out)
        })
        .await?;
    let done = rows.iter().filter(|r| r["done"] == true).count();
    ctx.render(
        "judging/dashboard",
        json!({ "entries": rows, "done": done, "total": rows.len() }),
    )
}

/// What the scoring page needs: the entry, its datasets, the rubric and the
/// judge's saved score.
struct Scoring {
    entry: Entry,
    track: Track,
    datasets: Vec<store::entries::DeclaredRow>,
    rubric: Option<(store::rubrics::Rubric, Vec<store::rubrics::CriterionRow>)>,
    score: Option<store::scores::ScoreRow>,
    /// Distinct declared datasets whose publisher counts for the track.
    eligible_datasets: u32,
    round: &'static str,
    /// Team name and its members' schools, unless the round is anonymous.
    team: Option<(String, Vec<String>)>,
    /// Other judges' submitted (total, comment): only once this judge has
    /// submitted, and only where the round lets judges see them.
    others: Vec<(f64, String)>,
}

/// Distinct declared datasets (of one entry) whose publisher counts for the track.
fn eligible_count(track: &Track, datasets: &[store::entries::DeclaredRow]) -> u32 {
    eligible_among(track, datasets.iter().map(|d| (d.1.as_str(), d.2.as_str())))
}

/// The same count over (dataset id, publisher) pairs.
fn eligible_among<'a>(track: &Track, datasets: impl Iterator<Item = (&'a str, &'a str)>) -> u32 {
    let publishers = track.publishers();
    let eligible: HashSet<&str> = datasets
        .filter(|(_, publisher)| {
            publishers.is_empty()
                || crate::domain::catalog::publisher_counts(publisher, &publishers)
        })
        .map(|(id, _)| id)
        .collect();
    eligible.len() as u32
}

fn load_scoring(
    conn: &mut DbConn,
    judge: i32,
    entry_id: i32,
    round: &'static str,
) -> Result<Scoring, AppError> {
    let (entry, b) = judged_entry(conn, judge, entry_id, round)?;
    let datasets = store::entries::datasets_of(conn, &[entry_id])?;
    let rubric = store::rubrics::find(conn, entry.track_id, round)?;
    let score = store::scores::find(conn, entry_id, judge, round)?;
    let eligible_datasets = eligible_count(&b.track, &datasets);
    let team = if b.settings.anonymous {
        None
    } else {
        let name = b
            .entries
            .iter()
            .find(|(e, _)| e.id == entry_id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        let members = store::teams::members(conn, &[entry.team_id])?;
        Some((name, super::public::school_lines(&members)))
    };
    let mine_submitted = score
        .as_ref()
        .is_some_and(|s| s.status == store::scores::SUBMITTED);
    let others = if mine_submitted && b.settings.show_others {
        store::scores::of_entries(conn, &[entry_id], round)?
            .into_iter()
            .filter(|s| s.user_id != judge && s.status == store::scores::SUBMITTED)
            .filter_map(|s| Some((s.total?, s.comment)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Scoring {
        entry,
        track: b.track,
        datasets,
        rubric,
        score,
        eligible_datasets,
        round,
        team,
        others,
    })
}

/// The scoring form as typed or as saved: criterion position → text, dataset id → rating.
#[derive(Default, Clone)]
struct ScoreForm {
    criteria: BTreeMap<String, String>,
    depth: BTreeMap<String, String>,
    comment: String,
    version: i32,
    errors: BTreeMap<String, &'static str>,
    message: Option<&'static str>,
}

impl ScoreForm {
    fn from_saved(s: &store::scores::ScoreRow) -> ScoreForm {
        ScoreForm {
            criteria: serde_json::from_str(&s.criteria).unwrap_or_default(),
            depth: serde_json::from_str(&s.depth).unwrap_or_default(),
            comment: s.comment.clone(),
            version: s.version,
            ..ScoreForm::default()
        }
    }
}

async fn entry_page(ctx: Ctx, path: web::Path<i32>, q: web::Query<RoundQuery>) -> AppResult {
    let me = ctx.user()?.id;
    let entry_id = path.into_inner();
    let round = round_of(&q.round)?;
    let sc = ctx
        .state
        .db(move |conn| load_scoring(conn, me, entry_id, round))
        .await?;
    let form = sc
        .score
        .as_ref()
        .map(ScoreForm::from_saved)
        .unwrap_or_default();
    render_scoring(&ctx, StatusCode::OK, sc, form)
}

fn render_scoring(ctx: &Ctx, status: StatusCode, sc: Scoring, form: ScoreForm) -> AppResult {
    let lang = ctx.lang;
    let en = lang == Lang::En;
    let pick = |zh: &str, en_text: &str| {
        if en && !en_text.trim().is_empty() {
            en_text.to_string()
        } else {
            zh.to_string()
        }
    };
    let submitted = sc
        .score
        .as_ref()
        .is_some_and(|s| s.status == store::scores::SUBMITTED);
    let datasets: Vec<Json> = sc
        .datasets
        .iter()
        .map(|(_, id, publisher, usage, depth, title)| {
            let key = format!("d{id}");
            json!({
                "id": id, "key": key, "publisher": publisher, "usage": usage, "title": title,
                "depth": t(lang, &format!("depth-{depth}")),
                "rating": form.depth.get(id).cloned().unwrap_or_default(),
                "error": form.errors.get(&key),
            })
        })
        .collect();
    let scale = sc
        .rubric
        .as_ref()
        .and_then(|(r, _)| judging::QuantityScale::parse(&r.quantity_scale).ok())
        .unwrap_or_default();
    let criteria: Vec<Json> = sc
        .rubric
        .as_ref()
        .map(|(_, cs)| {
            cs.iter()
                .map(|c| {
                    let key = format!("c{}", c.position);
                    json!({
                        "key": key, "kind": c.kind, "name": pick(&c.name_zh, &c.name_en),
                        "guidance": pick(&c.description_zh, &c.description_en),
                        "weight": c.weight, "min": c.min_score, "max": c.max_score,
                        "value": form.criteria.get(&c.position.to_string()).cloned().unwrap_or_default(),
                        "error": form.errors.get(&key),
                        "quantity_percent": (scale.fraction(sc.eligible_datasets) * 100.0).round(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    ctx.render_status(
        status,
        "judging/entry",
        json!({
            "entry": {
                "id": sc.entry.id, "title": sc.entry.title, "abstract": sc.entry.abstract_, "problem": sc.entry.problem,
                "solution": sc.entry.solution, "target_users": sc.entry.target_users, "demo_url": sc.entry.demo_url,
            },
            "track": track_name(lang, &sc.track),
            "round": sc.round,
            "round_label": format!("round-{}", sc.round),
            "query": round_query(sc.round),
            "team": sc.team.as_ref().map(|(name, schools)| json!({ "name": name, "schools": schools })),
            "has_proposal": sc.entry.proposal_file_id.is_some(),
            "others": sc.others.iter().enumerate().map(|(i, (total, comment))| json!({
                "n": i + 1, "total": fmt1(*total), "comment": comment,
            })).collect::<Vec<_>>(),
            "datasets": datasets,
            "eligible_datasets": sc.eligible_datasets,
            "has_rubric": sc.rubric.is_some(),
            "criteria": criteria,
            "form": { "comment": form.comment, "version": form.version, "message": form.message },
            "submitted": submitted,
            "total": sc.score.as_ref().and_then(|s| s.total).map(|t| format!("{t:.1}")),
            "status": sc.score.as_ref().map(|s| format!("score-status-{}", s.status)),
        }),
    )
}

async fn save_score(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let me = ctx.user()?.id;
    let entry_id = path.into_inner();
    let submit = field(&form, "action") == "submit";
    let round = round_of(&field(&form, "round"))?;
    let sc = ctx
        .state
        .db(move |conn| load_scoring(conn, me, entry_id, round))
        .await?;
    let Some((rubric, criteria)) = sc.rubric.clone() else {
        return Err(AppError::Refused("error-rubric-missing"));
    };
    let mut f = ScoreForm {
        comment: field(&form, "comment").chars().take(5000).collect(),
        version: field(&form, "version").parse().unwrap_or(-1),
        ..ScoreForm::default()
    };
    let mut review = judging::Review::default();
    let mut complete = true;
    for c in criteria.iter().filter(|c| c.kind == "manual") {
        let key = format!("c{}", c.position);
        let raw = field(&form, &key);
        f.criteria.insert(c.position.to_string(), raw.clone());
        if raw.is_empty() {
            complete = false;
            if submit {
                f.errors.insert(key, "error-score-required");
            }
            continue;
        }
        match raw.parse::<f64>().ok().filter(|v| v.is_finite()) {
            Some(v) if v >= c.min_score && v <= c.max_score => {
                review.scores.insert(format!("c{}", c.position), v);
            }
            _ => {
                f.errors.insert(key, "error-score-range");
            }
        }
    }
    let has_depth = criteria.iter().any(|c| c.kind == "depth");
    let mut seen = HashSet::new();
    for (_, id, ..) in &sc.datasets {
        if !seen.insert(id.clone()) || !has_depth {
            continue;
        }
        let key = format!("d{id}");
        let raw = field(&form, &key);
        f.depth.insert(id.clone(), raw.clone());
        match raw.as_str() {
            "" => {
                complete = false;
                if submit {
                    f.errors.insert(key, "error-depth-required");
                }
            }
            r => match r.parse::<u8>().ok().filter(|v| (1..=5).contains(v)) {
                Some(v) => review.depth_ratings.push(v),
                None => {
                    f.errors.insert(key, "error-depth-range");
                }
            },
        }
    }
    if !f.errors.is_empty() {
        f.message = Some("error-score-form");
        return render_scoring(&ctx, StatusCode::UNPROCESSABLE_ENTITY, sc, f);
    }
    let scale = judging::QuantityScale::parse(&rubric.quantity_scale).unwrap_or_default();
    let inputs: Vec<store::rubrics::CriterionInput> = criteria
        .iter()
        .map(store::rubrics::CriterionInput::from)
        .collect();
    // The domain keys manual criteria by position ("c1", "c2", …).
    let domain = store::rubrics::to_domain(&inputs);
    let total =
        complete.then(|| judging::weighted_total(&domain, &scale, sc.eligible_datasets, &review));
    let status = if submit {
        store::scores::SUBMITTED
    } else {
        store::scores::DRAFT
    };
    let criteria_json = serde_json::to_string(&f.criteria).unwrap_or_default();
    let depth_json = serde_json::to_string(&f.depth).unwrap_or_default();
    let (comment, version) = (f.comment.clone(), f.version);
    let ip = ctx.ip.clone();
    let rubric_id = rubric.id;
    let outcome = ctx
        .state
        .db(move |conn| {
            db::transaction(
                conn,
                |conn| -> Result<store::scores::SaveOutcome, AppError> {
                    // Re-check inside the transaction: still assigned, not conflicted.
                    judged_entry(conn, me, entry_id, round)?;
                    let at = now();
                    let outcome = store::scores::save(
                        conn,
                        entry_id,
                        me,
                        round,
                        version,
                        &store::scores::ScoreInput {
                            status,
                            criteria: &criteria_json,
                            depth: &depth_json,
                            comment: &comment,
                            total,
                        },
                        at,
                    )?;
                    if outcome == store::scores::SaveOutcome::Saved {
                        // Scoring has started: the rubric is fixed from now on.
                        if store::rubrics::set_lock(conn, rubric_id, Some(me), at)? {
                            audit(
                                conn,
                                me,
                                ip.as_deref(),
                                "rubric.lock",
                                "rubric",
                                rubric_id,
                                json!({ "by": "first score" }),
                            )?;
                        }
                        if submit {
                            audit(
                                conn,
                                me,
                                ip.as_deref(),
                                "score.submit",
                                "entry",
                                entry_id,
                                json!({ "round": round, "total": total }),
                            )?;
                        }
                    }
                    Ok(outcome)
                },
            )
        })
        .await?;
    let message = match outcome {
        store::scores::SaveOutcome::Saved => {
            return Ok(redirect_with_flash(
                &ctx,
                &format!("/judge/entries/{entry_id}{}", round_query(round)),
                "success",
                if submit {
                    "flash-score-submitted"
                } else {
                    "flash-score-saved"
                },
            ))
        }
        store::scores::SaveOutcome::Final => "error-score-final",
        store::scores::SaveOutcome::Stale => "error-score-stale",
    };
    let sc = ctx
        .state
        .db(move |conn| load_scoring(conn, me, entry_id, round))
        .await?;
    f.message = Some(message);
    f.version = sc.score.as_ref().map(|s| s.version).unwrap_or(0);
    render_scoring(&ctx, StatusCode::CONFLICT, sc, f)
}

/// The proposal PDF of an entry the judge may score, under a neutral file
/// name so that nothing in the download names the team.
async fn proposal(ctx: Ctx, path: web::Path<i32>, q: web::Query<RoundQuery>) -> AppResult {
    let me = ctx.user()?.id;
    let entry_id = path.into_inner();
    let round = round_of(&q.round)?;
    let file = ctx
        .state
        .db(move |conn| {
            let (entry, _) = judged_entry(conn, me, entry_id, round)?;
            let id = entry.proposal_file_id.ok_or(AppError::NotFound)?;
            store::files::find(conn, id)?.ok_or(AppError::NotFound)
        })
        .await?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"entry-{entry_id}.pdf\""),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(file.data))
}

async fn declare_conflict(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let me = ctx.user()?.id;
    let entry_id = path.into_inner();
    let note: String = field(&form, "note").chars().take(500).collect();
    let round = round_of(&field(&form, "round"))?;
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let (entry, _) = judged_entry(conn, me, entry_id, round)?;
                store::judges::add_note(
                    conn,
                    me,
                    entry.team_id,
                    store::judges::DECLARED,
                    &note,
                    me,
                    now(),
                )?;
                // A conflict holds for every round.
                for r in store::rubrics::ROUNDS {
                    store::judges::unassign(conn, entry_id, me, r)?;
                }
                audit(
                    conn,
                    me,
                    ip.as_deref(),
                    "conflict.declare",
                    "entry",
                    entry_id,
                    json!({ "note": note }),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/judge",
        "success",
        "flash-conflict-declared",
    ))
}

// ---------------------------------------------------------------- ranking

/// Ranking lines per page (the CSV has them all).
const RANKING_PER_PAGE: usize = 100;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RankingQuery {
    /// Empty: the method stored for the round.
    method: String,
    anonymous: String,
    round: String,
}

const METHODS: [&str; 3] = ["normalised", "mean", "median"];

fn method_of(raw: &str) -> (judging::RankMethod, &'static str) {
    match raw {
        "mean" => (judging::RankMethod::Mean, "mean"),
        "median" => (judging::RankMethod::Median, "median"),
        _ => (judging::RankMethod::Normalised, "normalised"),
    }
}

/// The round whose ranking decides the awards: the finals once anyone was
/// advanced, else the preliminary round.
fn deciding_round(conn: &mut DbConn, track_id: i32) -> Result<&'static str, AppError> {
    Ok(if store::finals::of_track(conn, track_id)?.is_empty() {
        "preliminary"
    } else {
        "finals"
    })
}

/// One ranked line, with everything that explains it.
struct Ranked {
    rank: usize,
    entry: Entry,
    team: String,
    stats: judging::EntryStats,
    quantity: u32,
    /// (judge, raw total, normalised total)
    reviews: Vec<(i32, f64, f64)>,
}

struct Ranking {
    board: Board,
    method: &'static str,
    lines: Vec<Ranked>,
    unscored: Vec<(Entry, String)>,
    flagged_judges: Vec<i32>,
    criteria: Vec<store::rubrics::CriterionRow>,
}

/// Recomputes a track's ranking for a round the way the organiser's ranking
/// page does, and returns how many entries were ranked (for bench/).
pub fn recompute_ranking(conn: &mut DbConn, track_id: i32, round: &str) -> anyhow::Result<usize> {
    let round = if round == "finals" {
        "finals"
    } else {
        "preliminary"
    };
    let ranking = load_ranking(conn, track_id, round, "")
        .map_err(|e| anyhow::anyhow!("ranking of track {track_id}: {e:?}"))?;
    Ok(ranking.lines.len())
}

/// The ranking of a round, by `method` or else the round's stored method.
fn load_ranking(
    conn: &mut DbConn,
    track_id: i32,
    round: &'static str,
    method: &str,
) -> Result<Ranking, AppError> {
    let board = load_board_of(conn, track_id, round, None, ConflictsOf::Nobody)?;
    let (method, method_id) = method_of(if method.is_empty() {
        &board.settings.rank_method
    } else {
        method
    });
    let entry_ids: Vec<i32> = board.entries.iter().map(|(e, _)| e.id).collect();
    let criteria = store::rubrics::find(conn, track_id, round)?
        .map(|(_, c)| c)
        .unwrap_or_default();
    let declared = store::entries::publishers_of(conn, &entry_ids)?;
    let raw: Vec<judging::Score> = store::scores::submitted_totals(conn, &entry_ids, round)?
        .into_iter()
        .map(|(entry, judge, total)| judging::Score {
            entry,
            judge,
            total,
        })
        .collect();
    let (normalised, flagged_judges) = judging::normalise(&raw);
    let stats = judging::entry_stats(&raw, board.settings.disagreement);
    // Everything below is looked up by entry: thousands of entries must not
    // turn into millions of scans.
    let mut declared_by: HashMap<i32, Vec<(&str, &str)>> = HashMap::new();
    for (entry, source_id, publisher) in &declared {
        declared_by
            .entry(*entry)
            .or_default()
            .push((source_id.as_str(), publisher.as_str()));
    }
    let quantities: HashMap<i32, u32> = declared_by
        .iter()
        .map(|(e, rows)| (*e, eligible_among(&board.track, rows.iter().copied())))
        .collect();
    let quantity = |e: i32| quantities.get(&e).copied().unwrap_or(0);
    let mut reviews_by: HashMap<i32, Vec<(i32, f64, f64)>> = HashMap::new();
    for (r, n) in raw.iter().zip(&normalised) {
        reviews_by
            .entry(r.entry)
            .or_default()
            .push((r.judge, r.total, n.total));
    }
    let stats_by: HashMap<i32, &judging::EntryStats> = stats.iter().map(|s| (s.entry, s)).collect();
    let entry_by: HashMap<i32, &(Entry, String)> =
        board.entries.iter().map(|pair| (pair.0.id, pair)).collect();
    let ties: Vec<judging::TieBreak> = board
        .entries
        .iter()
        .map(|(e, _)| judging::TieBreak {
            entry: e.id,
            quantity: f64::from(quantity(e.id)),
            submitted: e
                .submitted_at
                .map(|t| t.and_utc().timestamp())
                .unwrap_or(i64::MAX),
        })
        .collect();
    let order = judging::rank(&stats, method, &ties);
    let lines = order
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let (entry, team) = (*entry_by.get(id)?).clone();
            let stats = (*stats_by.get(id)?).clone();
            let reviews = reviews_by.get(id).cloned().unwrap_or_default();
            Some(Ranked {
                rank: i + 1,
                quantity: quantity(*id),
                entry,
                team,
                stats,
                reviews,
            })
        })
        .collect();
    let ranked: HashSet<i32> = order.iter().copied().collect();
    let unscored = board
        .entries
        .iter()
        .filter(|(e, _)| !ranked.contains(&e.id))
        .cloned()
        .collect();
    Ok(Ranking {
        board,
        method: method_id,
        lines,
        unscored,
        flagged_judges,
        criteria,
    })
}

fn judge_name(b: &Board, uid: i32) -> String {
    b.panel
        .iter()
        .find(|j| j.user_id == Some(uid))
        .map(|j| j.display_name.clone().unwrap_or_else(|| j.email.clone()))
        .unwrap_or_else(|| format!("#{uid}"))
}

fn fmt1(v: f64) -> String {
    format!("{v:.1}")
}

async fn ranking_page(ctx: Ctx, path: web::Path<i32>, q: web::Query<RankingQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let round = round_of(&q.round)?;
    render_ranking(
        &ctx,
        StatusCode::OK,
        track_id,
        round,
        q.into_inner().method,
        FormErrors::default(),
        String::new(),
    )
    .await
}

async fn render_ranking(
    ctx: &Ctx,
    status: StatusCode,
    track_id: i32,
    round: &'static str,
    method: String,
    errors: FormErrors,
    typed_n: String,
) -> AppResult {
    let lang = ctx.lang;
    let (r, finals_started, prize_places) = ctx
        .state
        .db_heavy(move |conn| {
            let r = load_ranking(conn, track_id, round, &method)?;
            let finalist_ids: Vec<i32> = r.board.finalists.iter().map(|(e, _)| *e).collect();
            let started = !store::scores::of_entries(conn, &finalist_ids, "finals")?.is_empty();
            let places: i32 = store::contests::prizes_of(conn, &[track_id])?
                .iter()
                .map(|p| p.winners.max(0))
                .sum();
            Ok((r, started, places))
        })
        .await?;
    let b = &r.board;
    let finalist = |id: i32| b.finalists.iter().any(|(e, _)| *e == id);
    // A page of the ranking at a time: thousands of lines are for the CSV.
    let total = r.lines.len();
    let pages = total.div_ceil(RANKING_PER_PAGE).max(1);
    let page = super::forms::page_of(&ctx.here).clamp(1, pages);
    let names: HashMap<i32, String> = b
        .panel
        .iter()
        .filter_map(|j| Some((j.user_id?, judge_name(b, j.user_id?))))
        .collect();
    let name_of = |j: i32| names.get(&j).cloned().unwrap_or_else(|| format!("#{j}"));
    let lines: Vec<Json> = r
        .lines
        .iter()
        .skip((page - 1) * RANKING_PER_PAGE)
        .take(RANKING_PER_PAGE)
        .map(|l| {
            json!({
                "entry_id": l.entry.id, "finalist": finalist(l.entry.id),
                "rank": l.rank, "title": l.entry.title, "team": l.team, "reviews": l.stats.reviews,
                "mean": fmt1(l.stats.mean), "median": fmt1(l.stats.median), "normalised": fmt1(l.stats.normalised),
                "stdev": fmt1(l.stats.stdev), "min": fmt1(l.stats.min), "max": fmt1(l.stats.max),
                "disagreement": l.stats.disagreement, "quantity": l.quantity,
                "submitted": l.entry.submitted_at.as_ref().map(crate::templates::format_taipei),
                "judges": l.reviews.iter().map(|(j, raw, norm)| json!({
                    "name": name_of(*j), "raw_total": fmt1(*raw), "normalised": fmt1(*norm),
                    "flagged": r.flagged_judges.contains(j),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let methods: Vec<Json> = METHODS
        .iter()
        .map(|m| {
            json!({
                "id": m, "label": format!("rank-method-{m}"), "current": *m == r.method,
                "stored": *m == b.settings.rank_method,
                "href": format!("/organise/tracks/{track_id}/ranking?round={round}&method={m}"),
            })
        })
        .collect();
    let default_n = if prize_places > 0 { prize_places } else { 5 };
    ctx.render_status(
        status,
        "organise/ranking",
        json!({
            "track": { "id": b.track.id, "name": track_name(lang, &b.track) },
            "contest": { "id": b.contest.id, "title": contest_title(lang, &b.contest) },
            "round": round,
            "round_label": format!("round-{round}"),
            "query": round_query(round),
            "preliminary": round == "preliminary",
            "csv": {
                "ranking": format!("/organise/tracks/{track_id}/ranking.csv?round={round}&method={}", r.method),
                "scores": format!("/organise/tracks/{track_id}/scores.csv?round={round}"),
                "scores_anonymous": format!("/organise/tracks/{track_id}/scores.csv?round={round}&anonymous=1"),
            },
            "rounds": rounds_json(&format!("/organise/tracks/{track_id}/ranking"), round),
            "method": r.method,
            "methods": methods,
            "explain": format!("rank-explain-{}", r.method),
            "lines": lines,
            "pager": (pages > 1).then(|| {
                // Links to the ranking itself, also when this page answers
                // a refused finalists form.
                let link = |p: usize| format!("/organise/tracks/{track_id}/ranking?round={round}&method={}&page={p}", r.method);
                json!({
                    "page": page, "pages": pages, "total": total,
                    "prev": (page > 1).then(|| link(page - 1)),
                    "next": (page < pages).then(|| link(page + 1)),
                })
            }),
            "unscored": r.unscored.iter().map(|(e, team)| json!({
                "entry_id": e.id, "title": e.title, "team": team, "finalist": finalist(e.id),
            })).collect::<Vec<_>>(),
            "flagged": r.flagged_judges.iter().map(|j| judge_name(b, *j)).collect::<Vec<_>>(),
            "threshold": b.settings.disagreement,
            "finalists": b.finalists.len(),
            "finals_started": finals_started,
            "errors": errors.to_json(),
            "n": if typed_n.is_empty() { default_n.to_string() } else { typed_n },
        }),
    )
}

/// Tabs for the two rounds of a page, the current one marked.
fn rounds_json(base: &str, current: &str) -> Vec<Json> {
    store::rubrics::ROUNDS
        .iter()
        .map(|r| {
            json!({
                "label": format!("round-{r}"), "current": *r == current,
                "href": format!("{base}{}", round_query(r)),
            })
        })
        .collect()
}

/// Advances the top N of the preliminary ranking to the finals, or one
/// entry in or out by hand.
async fn finalists(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let action = field(&form, "action");
    let raw_n = field(&form, "n");
    let entry_id = field(&form, "entry_id").parse::<i32>().ok();
    let ip = ctx.ip.clone();
    let n = match action.as_str() {
        "advance" => match raw_n
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=500).contains(n))
        {
            Some(n) => Some(n),
            None => {
                let mut errors = FormErrors::default();
                errors.push("n", "error-finalists-n");
                return render_ranking(
                    &ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    track_id,
                    "preliminary",
                    String::new(),
                    errors,
                    raw_n,
                )
                .await;
            }
        },
        "add" | "remove" => None,
        _ => return Err(AppError::BadRequest),
    };
    let outcome = ctx
        .state
        .db_heavy(move |conn| {
            db::transaction(conn, |conn| -> Result<Result<(), &'static str>, AppError> {
                let r = load_ranking(conn, track_id, "preliminary", "")?;
                let current: Vec<i32> = r.board.finalists.iter().map(|(e, _)| *e).collect();
                let scored: HashSet<i32> = store::scores::of_entries(conn, &current, "finals")?
                    .into_iter()
                    .map(|s| s.entry_id)
                    .collect();
                let rank_of = |id: i32| {
                    r.lines
                        .iter()
                        .find(|l| l.entry.id == id)
                        .map(|l| l.rank as i32)
                };
                let at = now();
                let detail = match (n, action.as_str(), entry_id) {
                    (Some(n), ..) => {
                        if !scored.is_empty() {
                            return Ok(Err("error-finals-started"));
                        }
                        let chosen: Vec<(i32, Option<i32>)> = r
                            .lines
                            .iter()
                            .take(n)
                            .map(|l| (l.entry.id, Some(l.rank as i32)))
                            .collect();
                        if chosen.is_empty() {
                            return Ok(Err("error-finalists-none"));
                        }
                        store::finals::replace(conn, track_id, &chosen, actor, at)?;
                        json!({ "top": n, "entries": chosen.iter().map(|c| c.0).collect::<Vec<_>>() })
                    }
                    (None, "add", Some(id)) => {
                        if !r.board.entries.iter().any(|(e, _)| e.id == id) {
                            return Err(AppError::NotFound);
                        }
                        store::finals::add(conn, track_id, id, rank_of(id), actor, at)?;
                        json!({ "add": id })
                    }
                    (None, "remove", Some(id)) => {
                        if scored.contains(&id) {
                            return Ok(Err("error-finals-started"));
                        }
                        if !store::finals::remove(conn, track_id, id)? {
                            return Err(AppError::NotFound);
                        }
                        for r in store::judges::assignments(conn, &[id], "finals")? {
                            store::judges::unassign(conn, id, r.user_id, "finals")?;
                        }
                        json!({ "remove": id })
                    }
                    _ => return Err(AppError::NotFound),
                };
                audit(conn, actor, ip.as_deref(), "finals.advance", "track", track_id, detail)?;
                Ok(Ok(()))
            })
        })
        .await?;
    // Back to the page of the ranking the organiser was on.
    let back_to = match field(&form, "page").parse::<usize>() {
        Ok(p) if p > 1 => format!("/organise/tracks/{track_id}/ranking?page={p}"),
        _ => format!("/organise/tracks/{track_id}/ranking"),
    };
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &back_to,
            "success",
            "flash-finalists-saved",
        )),
        Err(message) => {
            let mut errors = FormErrors::default();
            errors.push("n", message);
            render_ranking(
                &ctx,
                StatusCode::CONFLICT,
                track_id,
                "preliminary",
                String::new(),
                errors,
                raw_n,
            )
            .await
        }
    }
}

async fn ranking_csv(ctx: Ctx, path: web::Path<i32>, q: web::Query<RankingQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let round = round_of(&q.round)?;
    let method = q.method.clone();
    let lang = ctx.lang;
    let r = ctx
        .state
        .db_heavy(move |conn| load_ranking(conn, track_id, round, &method))
        .await?;
    let method_id = r.method;
    let mut rows = vec![[
        "rank-col-rank",
        "team-name",
        "entry-title",
        "rank-col-reviews",
        "rank-col-mean",
        "rank-col-median",
        "rank-col-normalised",
        "rank-col-stdev",
        "rank-col-min",
        "rank-col-max",
        "rank-col-quantity",
        "rank-col-disagreement",
    ]
    .iter()
    .map(|id| t(lang, id))
    .collect::<Vec<_>>()];
    for l in &r.lines {
        rows.push(vec![
            l.rank.to_string(),
            l.team.clone(),
            l.entry.title.clone(),
            l.stats.reviews.to_string(),
            fmt1(l.stats.mean),
            fmt1(l.stats.median),
            fmt1(l.stats.normalised),
            fmt1(l.stats.stdev),
            fmt1(l.stats.min),
            fmt1(l.stats.max),
            l.quantity.to_string(),
            if l.stats.disagreement {
                t(lang, "yes")
            } else {
                String::new()
            },
        ]);
    }
    super::download::csv(rows, &format!("ranking-{track_id}-{round}-{method_id}.csv"))
}

async fn scores_csv(ctx: Ctx, path: web::Path<i32>, q: web::Query<RankingQuery>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let anonymous = q.anonymous == "1";
    let round = round_of(&q.round)?;
    let lang = ctx.lang;
    let (r, scores) = ctx
        .state
        .db_heavy(move |conn| {
            let r = load_ranking(conn, track_id, round, "")?;
            let ids: Vec<i32> = r.board.entries.iter().map(|(e, _)| e.id).collect();
            let scores: Vec<store::scores::ScoreRow> =
                store::scores::of_entries(conn, &ids, round)?
                    .into_iter()
                    .filter(|s| s.status == store::scores::SUBMITTED && s.total.is_some())
                    .collect();
            Ok((r, scores))
        })
        .await?;
    let b = &r.board;
    let en = lang == Lang::En;
    // Lookups by id: a track has thousands of entries and scores.
    let entry_at: HashMap<i32, (usize, &(Entry, String))> = b
        .entries
        .iter()
        .enumerate()
        .map(|(i, pair)| (pair.0.id, (i, pair)))
        .collect();
    let mut header = vec![
        t(lang, "rank-col-judge"),
        t(lang, "team-name"),
        t(lang, "entry-title"),
    ];
    for c in &r.criteria {
        header.push(if en && !c.name_en.is_empty() {
            c.name_en.clone()
        } else {
            c.name_zh.clone()
        });
    }
    header.push(t(lang, "rank-col-depth-ratings"));
    header.push(t(lang, "rank-col-total"));
    let mut rows = vec![header];
    // Stable pseudonyms: judges and teams numbered in id order.
    let mut judge_ids: Vec<i32> = scores.iter().map(|s| s.user_id).collect();
    judge_ids.sort();
    judge_ids.dedup();
    for s in &scores {
        let Some((position, (entry, team))) = entry_at.get(&s.entry_id).copied() else {
            continue;
        };
        let values: BTreeMap<String, String> =
            serde_json::from_str(&s.criteria).unwrap_or_default();
        let depth: BTreeMap<String, String> = serde_json::from_str(&s.depth).unwrap_or_default();
        let (judge, team) = if anonymous {
            let n = judge_ids.binary_search(&s.user_id).unwrap_or(0) + 1;
            let e = position + 1;
            (
                format!("{} {n}", t(lang, "rank-col-judge")),
                format!("#{e}"),
            )
        } else {
            (judge_name(b, s.user_id), team.clone())
        };
        let mut row = vec![
            judge,
            team,
            if anonymous {
                String::new()
            } else {
                entry.title.clone()
            },
        ];
        for c in &r.criteria {
            row.push(match c.kind.as_str() {
                "manual" => values
                    .get(&c.position.to_string())
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            });
        }
        row.push(depth.values().cloned().collect::<Vec<_>>().join(" "));
        row.push(s.total.map(fmt1).unwrap_or_default());
        rows.push(row);
    }
    super::download::csv(
        rows,
        &format!(
            "scores-{track_id}-{round}{}.csv",
            if anonymous { "-anonymous" } else { "" }
        ),
    )
}

// ---------------------------------------------------------------- awards

async fn awards_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    render_awards(
        &ctx,
        StatusCode::OK,
        path.into_inner(),
        None,
        FormErrors::default(),
    )
    .await
}

async fn render_awards(
    ctx: &Ctx,
    status: StatusCode,
    track_id: i32,
    typed: Option<HashMap<i32, String>>,
    errors: FormErrors,
) -> AppResult {
    let lang = ctx.lang;
    let (r, prizes, given, published) = ctx
        .state
        .db_heavy(move |conn| {
            let round = deciding_round(conn, track_id)?;
            let r = load_ranking(conn, track_id, round, "")?;
            let prizes = store::contests::prizes_of(conn, &[track_id])?;
            let given = store::awards::of_track(conn, track_id)?;
            let published = store::awards::published_at(conn, track_id)?;
            Ok((r, prizes, given, published))
        })
        .await?;
    let b = &r.board;
    let chosen = |entry: i32| -> String {
        match &typed {
            Some(t) => t.get(&entry).cloned().unwrap_or_default(),
            None => given
                .iter()
                .find(|(e, _)| *e == entry)
                .map(|(_, p)| p.to_string())
                .unwrap_or_default(),
        }
    };
    let lines: Vec<Json> = r
        .lines
        .iter()
        .map(|l| {
            let current = chosen(l.entry.id);
            json!({
                "entry_id": l.entry.id, "rank": l.rank, "title": l.entry.title, "team": l.team,
                "normalised": fmt1(l.stats.normalised),
                "prizes": prizes.iter().map(|p| json!({
                    "id": p.id, "label": p.rank_label, "amount": super::public::format_amount(p.amount),
                    "selected": current == p.id.to_string(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.render_status(
        status,
        "organise/awards",
        json!({
            "track": { "id": b.track.id, "name": track_name(lang, &b.track) },
            "contest": { "id": b.contest.id, "title": contest_title(lang, &b.contest), "year": b.contest.year },
            "lines": lines,
            "round_name": t(lang, &format!("round-{}", b.round)),
            "method_name": t(lang, &format!("rank-method-{}", r.method)),
            "has_prizes": !prizes.is_empty(),
            "published": published.as_ref().map(crate::templates::format_taipei),
            "errors": errors.to_json(),
        }),
    )
}

async fn save_awards(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let typed: HashMap<i32, String> = form
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("prize_")?.parse().ok()?;
            Some((id, v.trim().to_string()))
        })
        .collect();
    let ip = ctx.ip.clone();
    let wanted = typed.clone();
    let result = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<Result<(), &'static str>, AppError> {
                if store::awards::published_at(conn, track_id)?.is_some() {
                    return Ok(Err("error-awards-published"));
                }
                let round = deciding_round(conn, track_id)?;
                let b = load_board(conn, track_id, round)?;
                let prizes = store::contests::prizes_of(conn, &[track_id])?;
                let mut given = Vec::new();
                for (entry, prize) in &wanted {
                    if prize.is_empty() {
                        continue;
                    }
                    let p = prize
                        .parse::<i32>()
                        .ok()
                        .and_then(|id| prizes.iter().find(|p| p.id == id))
                        .ok_or(AppError::NotFound)?;
                    if !b.entries.iter().any(|(e, _)| e.id == *entry) {
                        return Err(AppError::NotFound);
                    }
                    given.push((*entry, p.id));
                }
                for p in &prizes {
                    if given.iter().filter(|(_, id)| *id == p.id).count()
                        > p.winners.max(0) as usize
                    {
                        return Ok(Err("error-awards-too-many"));
                    }
                }
                given.sort();
                store::awards::replace(conn, track_id, &given, now())?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "awards.save",
                    "track",
                    track_id,
                    json!({ "awards": given }),
                )?;
                Ok(Ok(()))
            })
        })
        .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/tracks/{track_id}/awards"),
            "success",
            "flash-awards-saved",
        )),
        Err(message) => {
            let mut errors = FormErrors::default();
            errors.push("form", message);
            render_awards(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                track_id,
                Some(typed),
                errors,
            )
            .await
        }
    }
}

async fn publish_results(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let publish = field(&form, "action") != "withdraw";
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
                if publish && store::awards::of_track(conn, track_id)?.is_empty() {
                    return Err(AppError::Refused("error-awards-none"));
                }
                store::awards::set_published(conn, track_id, publish.then(now))?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    if publish {
                        "results.publish"
                    } else {
                        "results.withdraw"
                    },
                    "track",
                    track_id,
                    json!({}),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/tracks/{track_id}/awards"),
        "success",
        if publish {
            "flash-results-published"
        } else {
            "flash-results-withdrawn"
        },
    ))
}
