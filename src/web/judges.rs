//! Judges: organisers build a track's panel (by e-mail invitation), see and
//! dismiss detected conflicts of interest, and assign entries; judges see
//! the entries assigned to them and can declare a conflict.

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::i18n::{t, Lang};
use super::public::{contest_title, track_name};
use super::{audit, mail, now};
use crate::db::{self, DbConn};
use crate::domain::account::Email;
use crate::domain::judging::{self, Affiliation, ConflictReason};
use crate::domain::role::Role;
use crate::domain::team::SchoolKey;
use crate::store::{self, contests::Track, entries::Entry, judges::PanelJudge};

/// Judge panels and assignments are built for the preliminary round; the
/// finals panel follows with advancement.
const ROUND: &str = "preliminary";
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
        .route(
            "/organise/tracks/{id}/assignments",
            web::post().to(edit_assignment),
        )
        .route("/judge", web::get().to(dashboard))
        .route("/judge/entries/{id}", web::get().to(entry_page))
        .route(
            "/judge/entries/{id}/conflict",
            web::post().to(declare_conflict),
        );
}

/// Why a judge conflicts with an entry's team, and the dismissal note if set aside.
type Conflict = (Vec<&'static str>, Option<String>);

/// Everything about a track's judging that the pages need, loaded at once.
struct Board {
    track: Track,
    contest: store::contests::Contest,
    panel: Vec<PanelJudge>,
    /// Entries that passed the eligibility review, with their team's name.
    entries: Vec<(Entry, String)>,
    /// (entry, judge) → why they conflict, and the dismissal note if set aside.
    conflicts: BTreeMap<(i32, i32), Conflict>,
    assignments: Vec<store::judges::AssignmentRow>,
}

impl Board {
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

fn load_board(conn: &mut DbConn, track_id: i32) -> Result<Board, AppError> {
    let track = store::contests::find_track(conn, track_id)?.ok_or(AppError::NotFound)?;
    let contest = store::contests::find(conn, track.contest_id)?.ok_or(AppError::NotFound)?;
    let panel = store::judges::panel(conn, track_id, ROUND)?;
    let passed: HashSet<i32> = store::eligibility::passed_entry_ids(conn, track_id)?
        .into_iter()
        .collect();
    let entries: Vec<Entry> = store::entries::of_contest(conn, contest.id, Some(track_id))?
        .into_iter()
        .filter(|e| passed.contains(&e.id))
        .collect();
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let teams = store::teams::of_contest(conn, contest.id)?;
    let members = store::teams::members(conn, &team_ids)?;
    let judge_ids: Vec<i32> = panel.iter().filter_map(|j| j.user_id).collect();
    let profiles = store::profiles::find_many(conn, &judge_ids)?;
    let notes = store::judges::notes(conn, &team_ids)?;
    let entry_ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
    let assignments = store::judges::assignments(conn, &entry_ids, ROUND)?;
    let mut conflicts = BTreeMap::new();
    for j in &panel {
        let Some(uid) = j.user_id else { continue };
        let p = profiles.iter().find(|p| p.user_id == uid);
        let judge = affiliation(
            uid,
            &j.email,
            p.and_then(|p| p.school_code.as_deref()),
            p.map(|p| p.school_name.as_str()),
        );
        for e in &entries {
            let team: Vec<Affiliation> = members
                .iter()
                .filter(|m| m.team_id == e.team_id && m.role != store::teams::FORMER_STUDENT)
                .map(|m| {
                    affiliation(
                        -m.user_id,
                        &m.email,
                        m.school_code.as_deref(),
                        m.school_name.as_deref(),
                    )
                })
                .collect();
            let mut reasons: Vec<&'static str> = judging::conflicts(&judge, &team)
                .into_iter()
                .map(ConflictReason::as_str)
                .collect();
            let mine = |kind: &str| {
                notes
                    .iter()
                    .find(|n| n.user_id == uid && n.team_id == e.team_id && n.kind == kind)
            };
            if let Some(_declared) = mine(store::judges::DECLARED) {
                reasons.push("declared");
            }
            if reasons.is_empty() {
                continue;
            }
            let dismissed = if reasons.contains(&"declared") {
                None
            } else {
                mine(store::judges::DISMISSED).map(|n| n.note.clone())
            };
            conflicts.insert((e.id, uid), (reasons, dismissed));
        }
    }
    let entries = entries
        .into_iter()
        .map(|e| {
            let name = teams
                .iter()
                .find(|t| t.id == e.team_id)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            (e, name)
        })
        .collect();
    Ok(Board {
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
}

async fn board_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    render_board(&ctx, StatusCode::OK, path.into_inner(), Kept::default()).await
}

async fn render_board(ctx: &Ctx, status: StatusCode, track_id: i32, kept: Kept) -> AppResult {
    let lang = ctx.lang;
    let b = ctx.state.db(move |conn| load_board(conn, track_id)).await?;
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
            })
        })
        .collect();
    let conflicts: Vec<Json> = b
        .conflicts
        .iter()
        .map(|((entry_id, uid), (reasons, dismissed))| {
            let (e, team) = b
                .entries
                .iter()
                .find(|(e, _)| e.id == *entry_id)
                .expect("conflicts are of listed entries");
            json!({
                "entry_id": entry_id, "judge_id": uid, "judge": name_of(*uid), "team": team, "title": e.title,
                "reasons": reasons.iter().map(|r| t(lang, &format!("conflict-{r}"))).collect::<Vec<_>>(),
                "dismissed": dismissed, "declared": reasons.contains(&"declared"),
            })
        })
        .collect();
    let short: HashMap<i32, usize> = kept.short.iter().copied().collect();
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
        }),
    )
}

fn field(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

fn back(ctx: &Ctx, track_id: i32, message: &str) -> AppResult {
    Ok(redirect_with_flash(
        ctx,
        &format!("/organise/tracks/{track_id}/judges"),
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
                if !store::judges::add(conn, track_id, ROUND, &address, max_load, actor, at)? {
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
                mail::queue(
                    conn,
                    &state,
                    &address,
                    lang,
                    "judge-invitation",
                    "emails/judge_invitation",
                    "mail-judge-subject",
                    json!({ "track": track_name(lang, &track), "link": link, "has_account": account.is_some(), "email": address }),
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
                    json!({ "email": address, "round": ROUND, "max_load": max_load }),
                )?;
                Ok(true)
            })
        })
        .await?;
    if !added {
        let mut errors = FormErrors::default();
        errors.push("email", "error-judge-already");
        return render_board(&ctx, StatusCode::CONFLICT, track_id, kept(errors)).await;
    }
    back(&ctx, track_id, "flash-judge-invited")
}

async fn remove(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let (track_id, panel_id) = path.into_inner();
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let b = load_board(conn, track_id)?;
                let judge = b
                    .panel
                    .iter()
                    .find(|j| j.id == panel_id)
                    .ok_or(AppError::NotFound)?
                    .clone();
                store::judges::remove(conn, track_id, ROUND, panel_id)?;
                if let Some(uid) = judge.user_id {
                    for (e, _) in &b.entries {
                        store::judges::unassign(conn, e.id, uid, ROUND)?;
                    }
                }
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "judge.remove",
                    "track",
                    track_id,
                    json!({ "email": judge.email }),
                )
            })
        })
        .await?;
    back(&ctx, track_id, "flash-judge-removed")
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
    let note = field(&form, "note");
    if note.is_empty() || note.chars().count() > 500 {
        let mut errors = FormErrors::default();
        errors.push("dismiss_note", "error-dismiss-note");
        return render_board(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
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
                let b = load_board(conn, track_id)?;
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
    back(&ctx, track_id, "flash-conflict-dismissed")
}

async fn auto_assign(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let actor = super::organise::require_organiser(&ctx)?;
    let track_id = path.into_inner();
    let raw_k = field(&form, "k");
    let Some(k) = raw_k.parse::<usize>().ok().filter(|k| (1..=20).contains(k)) else {
        let mut errors = FormErrors::default();
        errors.push("k", "error-judges-per-entry");
        return render_board(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            track_id,
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
                let b = load_board(conn, track_id)?;
                let caps: BTreeMap<i32, usize> = b
                    .panel
                    .iter()
                    .filter_map(|j| j.user_id.map(|u| (u, j.max_load.max(0) as usize)))
                    .collect();
                let entry_ids: Vec<i32> = b.entries.iter().map(|(e, _)| e.id).collect();
                let result = judging::assign_with_caps(&entry_ids, &caps, &b.blocked(), k);
                store::judges::replace_automatic(conn, &entry_ids, ROUND, &result.pairs, now())?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "judge.assign",
                    "track",
                    track_id,
                    json!({ "k": k, "pairs": result.pairs.len(), "short": result.short }),
                )?;
                Ok(result.short)
            })
        })
        .await?;
    if short.is_empty() {
        return back(&ctx, track_id, "flash-assigned");
    }
    // Show at once which entries could not get k judges, and why.
    render_board(
        &ctx,
        StatusCode::OK,
        track_id,
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
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let b = load_board(conn, track_id)?;
                if !b.entries.iter().any(|(e, _)| e.id == entry_id)
                    || !b.panel.iter().any(|j| j.user_id == Some(judge_id))
                {
                    return Err(AppError::NotFound);
                }
                if adding {
                    if b.blocked().contains(&(entry_id, judge_id)) {
                        return Err(AppError::Refused("error-assign-conflicted"));
                    }
                    store::judges::assign_one(conn, entry_id, judge_id, ROUND, now())?;
                } else {
                    store::judges::unassign(conn, entry_id, judge_id, ROUND)?;
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
                    json!({ "judge_id": judge_id }),
                )
            })
        })
        .await?;
    back(&ctx, track_id, "flash-assignment-saved")
}

// ---------------------------------------------------------------- judges

/// The entry if this judge is assigned to it and not in conflict; else 404.
fn judged_entry(conn: &mut DbConn, judge: i32, entry_id: i32) -> Result<(Entry, Board), AppError> {
    let entry = store::entries::find_by_id(conn, entry_id)?.ok_or(AppError::NotFound)?;
    if !store::judges::is_assigned_in(conn, judge, entry_id, ROUND)? {
        return Err(AppError::NotFound);
    }
    let b = load_board(conn, entry.track_id)?;
    if b.blocked().contains(&(entry_id, judge))
        || !b.panel.iter().any(|j| j.user_id == Some(judge))
        || !b.entries.iter().any(|(e, _)| e.id == entry_id)
    {
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
            let mut boards: HashMap<i32, Board> = HashMap::new();
            for a in assigned {
                let Some(entry) = store::entries::find_by_id(conn, a.entry_id)? else {
                    continue;
                };
                if let std::collections::hash_map::Entry::Vacant(v) = boards.entry(entry.track_id) {
                    v.insert(load_board(conn, entry.track_id)?);
                }
                let b = &boards[&entry.track_id];
                if b.blocked().contains(&(entry.id, me))
                    || !b.panel.iter().any(|j| j.user_id == Some(me))
                    || !b.entries.iter().any(|(e, _)| e.id == entry.id)
                {
                    continue;
                }
                out.push(json!({
                    "id": entry.id, "title": entry.title,
                    "track": track_name(lang, &b.track), "contest": contest_title(lang, &b.contest),
                }));
            }
            Ok(out)
        })
        .await?;
    ctx.render("judging/dashboard", json!({ "entries": rows }))
}

async fn entry_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let me = ctx.user()?.id;
    let entry_id = path.into_inner();
    let lang = ctx.lang;
    let (entry, b, datasets) = ctx
        .state
        .db(move |conn| {
            let (entry, b) = judged_entry(conn, me, entry_id)?;
            let datasets = store::entries::datasets_of(conn, &[entry_id])?;
            Ok((entry, b, datasets))
        })
        .await?;
    let datasets: Vec<Json> = datasets
        .iter()
        .map(|(_, id, publisher, usage, depth, title)| {
            json!({ "id": id, "publisher": publisher, "usage": usage, "depth": t(lang, &format!("depth-{depth}")), "title": title })
        })
        .collect();
    // Team identity stays hidden from judges.
    ctx.render(
        "judging/entry",
        json!({
            "entry": {
                "id": entry.id, "title": entry.title, "abstract": entry.abstract_, "problem": entry.problem,
                "solution": entry.solution, "target_users": entry.target_users, "demo_url": entry.demo_url,
            },
            "track": track_name(lang, &b.track),
            "datasets": datasets,
        }),
    )
}

async fn declare_conflict(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let me = ctx.user()?.id;
    let entry_id = path.into_inner();
    let note: String = field(&form, "note").chars().take(500).collect();
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let (entry, _) = judged_entry(conn, me, entry_id)?;
                store::judges::add_note(
                    conn,
                    me,
                    entry.team_id,
                    store::judges::DECLARED,
                    &note,
                    me,
                    now(),
                )?;
                store::judges::unassign(conn, entry_id, me, ROUND)?;
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
