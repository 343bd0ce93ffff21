//! The organiser's pages of a sharing session: the list of sessions, one
//! session with its slots, invitations, reminders, agenda and action items.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{raw, session_json, Form};
use crate::domain::sharing::{ActionForm, SessionForm, SlotForm};
use crate::service::sharing::{slot_time, SessionPage};
use crate::service::{self, Person, Portal};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

// The organiser's list of sessions.

fn session_fields(form: &[(String, String)]) -> SessionForm {
    SessionForm {
        held_on: raw(form, "held_on"),
        starts_at: raw(form, "starts_at"),
        place: raw(form, "place"),
        note: raw(form, "note"),
    }
}

fn session_form_json(f: &SessionForm) -> Json {
    json!({ "held_on": f.held_on, "starts_at": f.starts_at, "place": f.place, "note": f.note })
}

async fn render_list(
    ctx: &Ctx,
    who: Person,
    id: i32,
    status: StatusCode,
    typed: &SessionForm,
    errors: FormErrors,
) -> AppResult {
    let lang = ctx.lang;
    let page = ctx
        .state
        .run(move |p| service::sharing::sessions(p, &who, id))
        .await?;
    ctx.render_status(
        status,
        "organise/sharing",
        json!({
            "contest": { "id": page.contest.id, "year": page.contest.year, "title": contest_title(lang, &page.contest) },
            "winners": page.winners,
            "sessions": page.sessions.iter().map(|v| {
                let mut j = session_json(lang, v);
                j["teams"] = json!(v.invitations().count());
                j["confirmed"] = json!(v.invitations().filter(|(_, i)| i.state == crate::domain::sharing::InvitationState::Confirmed).count());
                j
            }).collect::<Vec<_>>(),
            "form": session_form_json(typed),
            "errors": errors.to_json(),
        }),
    )
}

pub async fn list(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let empty = SessionForm::default();
    render_list(
        &ctx,
        who.0,
        id,
        StatusCode::OK,
        &empty,
        FormErrors::default(),
    )
    .await
}

pub async fn create(ctx: Ctx, who: Organiser, path: web::Path<i32>, form: Form) -> AppResult {
    let id = path.into_inner();
    let f = session_fields(&form);
    let (person, typed) = (who.0.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::sharing::create_session(p, &person, id, &typed))
        .await
    {
        Ok(sid) => Ok(redirect_with_flash(
            &ctx,
            &service::sharing::session_path(id, sid),
            "success",
            "flash-sharing-scheduled",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render_list(&ctx, who.0, id, status, &f, errors).await
        }
    }
}

// One session.

/// What was typed into the session page's forms, kept when one is refused.
#[derive(Default)]
struct Typed {
    session: Option<SessionForm>,
    slot: SlotForm,
    team: String,
    slot_choice: String,
    action: ActionForm,
}

async fn render_page(
    ctx: &Ctx,
    who: Person,
    (id, sid): (i32, i32),
    status: StatusCode,
    typed: Typed,
    errors: FormErrors,
) -> AppResult {
    let page: SessionPage = ctx
        .state
        .run(move |p| service::sharing::session(p, &who, id, sid))
        .await?;
    let lang = ctx.lang;
    let s = &page.view.session;
    let session_form = typed.session.unwrap_or_else(|| SessionForm {
        held_on: s.held_on.to_string(),
        starts_at: s.starts_at.clone(),
        place: s.place.clone(),
        note: s.note.clone(),
    });
    let free: Vec<_> = page.view.free_slots().into_iter().cloned().collect();
    let unconfirmed = page
        .view
        .invitations()
        .filter(|(_, i)| i.state == crate::domain::sharing::InvitationState::Invited)
        .count();
    let mut session = session_json(lang, &page.view);
    if let Some(slots) = session["slots"].as_array_mut() {
        for slot in slots.iter_mut() {
            slot["moves"] = json!(free
                .iter()
                .map(|f| json!({ "id": f.id, "time": slot_time(f), "label": f.label }))
                .collect::<Vec<_>>());
        }
    }
    ctx.render_status(
        status,
        "organise/sharing_session",
        json!({
            "contest": { "id": page.contest.id, "year": page.contest.year, "title": contest_title(lang, &page.contest) },
            "session": session,
            "unit_registrations": page.registrations.iter().map(|r| json!({
                "unit": if lang == crate::i18n::Lang::En && !r.unit_en.trim().is_empty() { &r.unit_en } else { &r.unit_zh },
                "challenge": if lang == crate::i18n::Lang::En { &r.title_en } else { &r.title_zh },
                "outcome": format!("/unit/challenges/{}/outcome", r.challenge_id),
                "attendees": r.attendees, "note": r.note, "by": r.registered_by,
                "at": crate::templates::format_taipei(&r.registered_at),
            })).collect::<Vec<_>>(),
            "base": service::sharing::session_path(id, sid),
            "form": session_form_json(&session_form),
            "slot_form": { "starts": typed.slot.starts, "ends": typed.slot.ends, "label": typed.slot.label },
            "free_slots": free.iter().map(|f| json!({
                "id": f.id, "time": slot_time(f), "label": f.label,
                "selected": typed.slot_choice.trim() == f.id.to_string(),
            })).collect::<Vec<_>>(),
            "to_invite": page.to_invite.iter().map(|w| json!({
                "id": w.team_id, "name": w.name,
                "entries": w.entries.iter().map(|e| json!({
                    "title": e.title, "track": track_name(lang, &e.track),
                    "prize": e.prize.as_ref().map(|p| p.label(lang).to_string()),
                })).collect::<Vec<_>>(),
                "selected": typed.team.trim() == w.team_id.to_string(),
            })).collect::<Vec<_>>(),
            "winners": page.winners.len(),
            "unconfirmed": unconfirmed,
            "invited": page.view.invitations().count(),
            "agenda_current": page.agenda_current,
            "units": page.units.iter().map(|u| json!({
                "id": u.id, "name": crate::i18n::unit_name(lang, u),
                "selected": typed.action.owner_unit.trim() == u.id.to_string(),
            })).collect::<Vec<_>>(),
            "action_form": { "description": typed.action.description, "due_on": typed.action.due_on },
            "actions_open": page.actions_open,
            "over": page.over,
            "errors": errors.to_json(),
        }),
    )
}

pub async fn page(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32)>) -> AppResult {
    let ids = path.into_inner();
    render_page(
        &ctx,
        who.0,
        ids,
        StatusCode::OK,
        Typed::default(),
        FormErrors::default(),
    )
    .await
}

/// Runs one of the organiser's changes to session `sid`, then goes back to
/// its page saying `done`, or shows the page again with why not and what
/// was typed.
async fn change<T, F>(
    ctx: &Ctx,
    who: Person,
    ids: (i32, i32),
    typed: Typed,
    done: &str,
    f: F,
) -> AppResult
where
    F: FnOnce(&Portal, &Person) -> service::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let person = who.clone();
    match ctx.state.run(move |p| f(p, &person)).await {
        Ok(_) => Ok(redirect_with_flash(
            ctx,
            &service::sharing::session_path(ids.0, ids.1),
            "success",
            done,
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render_page(ctx, who, ids, status, typed, errors).await
        }
    }
}

pub async fn edit(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32)>, form: Form) -> AppResult {
    let (id, sid) = path.into_inner();
    let f = session_fields(&form);
    let typed = Typed {
        session: Some(f.clone()),
        ..Typed::default()
    };
    change(
        &ctx,
        who.0,
        (id, sid),
        typed,
        "flash-sharing-saved",
        move |p, w| service::sharing::update_session(p, w, id, sid, &f),
    )
    .await
}

pub async fn add_slot(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    form: Form,
) -> AppResult {
    let (id, sid) = path.into_inner();
    let f = SlotForm {
        starts: raw(&form, "slot_starts"),
        ends: raw(&form, "slot_ends"),
        label: raw(&form, "slot_label"),
    };
    let typed = Typed {
        slot: f.clone(),
        ..Typed::default()
    };
    change(
        &ctx,
        who.0,
        (id, sid),
        typed,
        "flash-sharing-slot-added",
        move |p, w| service::sharing::add_slot(p, w, id, sid, &f),
    )
    .await
}

pub async fn remove_slot(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32, i32)>) -> AppResult {
    let (id, sid, slot) = path.into_inner();
    change(
        &ctx,
        who.0,
        (id, sid),
        Typed::default(),
        "flash-sharing-slot-removed",
        move |p, w| service::sharing::remove_slot(p, w, id, sid, slot),
    )
    .await
}

pub async fn invite(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    form: Form,
) -> AppResult {
    let (id, sid) = path.into_inner();
    let (team, slot) = (raw(&form, "team"), raw(&form, "slot"));
    let typed = Typed {
        team: team.clone(),
        slot_choice: slot.clone(),
        ..Typed::default()
    };
    change(
        &ctx,
        who.0,
        (id, sid),
        typed,
        "flash-sharing-invited",
        move |p, w| service::sharing::invite(p, w, id, sid, &team, &slot),
    )
    .await
}

pub async fn move_team(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32, i32)>,
    form: Form,
) -> AppResult {
    let (id, sid, inv) = path.into_inner();
    let slot = raw(&form, "slot");
    change(
        &ctx,
        who.0,
        (id, sid),
        Typed::default(),
        "flash-sharing-moved",
        move |p, w| service::sharing::move_team(p, w, id, sid, inv, &slot),
    )
    .await
}

pub async fn remind(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32)>) -> AppResult {
    let (id, sid) = path.into_inner();
    change(
        &ctx,
        who.0,
        (id, sid),
        Typed::default(),
        "flash-sharing-reminded",
        move |p, w| service::sharing::remind(p, w, id, sid),
    )
    .await
}

pub async fn send_agenda(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32)>) -> AppResult {
    let (id, sid) = path.into_inner();
    change(
        &ctx,
        who.0,
        (id, sid),
        Typed::default(),
        "flash-sharing-agenda-sent",
        move |p, w| service::sharing::send_agenda(p, w, id, sid),
    )
    .await
}

pub async fn add_action(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    form: Form,
) -> AppResult {
    let (id, sid) = path.into_inner();
    let f = ActionForm {
        description: raw(&form, "description"),
        owner_unit: raw(&form, "owner_unit"),
        due_on: raw(&form, "due_on"),
    };
    let typed = Typed {
        action: f.clone(),
        ..Typed::default()
    };
    change(
        &ctx,
        who.0,
        (id, sid),
        typed,
        "flash-sharing-action-added",
        move |p, w| service::sharing::add_action(p, w, id, sid, &f),
    )
    .await
}

pub async fn mark_done(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32, i32)>) -> AppResult {
    let (id, sid, aid) = path.into_inner();
    change(
        &ctx,
        who.0,
        (id, sid),
        Typed::default(),
        "flash-sharing-action-done",
        move |p, w| service::sharing::mark_done(p, w, id, sid, aid),
    )
    .await
}
