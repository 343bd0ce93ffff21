//! Winners' sharing sessions (issue 17): the organiser's pages (sessions,
//! slots, invitations, reminders, agenda, action items), the team's
//! invitation with its answers, and the agenda business units read.

mod agenda;
mod invitation;
mod organise;

use actix_web::web;
use serde_json::{json, Value as Json};

use crate::i18n::Lang;
use crate::service::sharing::{slot_time, ActionLine, SessionView};
use crate::templates::format_taipei;

use agenda::{agenda, agendas};
use invitation::{ask, confirm, invitation};
use organise::{
    add_action, add_slot, create, edit, invite, list, mark_done, move_team, page, remind,
    remove_slot, send_agenda,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    let o = "/organise/contests/{id}/sharing";
    cfg.route(o, web::get().to(list))
        .route(o, web::post().to(create))
        .route(&format!("{o}/{{sid}}"), web::get().to(page))
        .route(&format!("{o}/{{sid}}"), web::post().to(edit))
        .route(&format!("{o}/{{sid}}/slots"), web::post().to(add_slot))
        .route(
            &format!("{o}/{{sid}}/slots/{{slot}}/remove"),
            web::post().to(remove_slot),
        )
        .route(&format!("{o}/{{sid}}/invitations"), web::post().to(invite))
        .route(
            &format!("{o}/{{sid}}/invitations/{{inv}}/move"),
            web::post().to(move_team),
        )
        .route(&format!("{o}/{{sid}}/remind"), web::post().to(remind))
        .route(&format!("{o}/{{sid}}/agenda"), web::post().to(send_agenda))
        .route(&format!("{o}/{{sid}}/actions"), web::post().to(add_action))
        .route(
            &format!("{o}/{{sid}}/actions/{{aid}}/done"),
            web::post().to(mark_done),
        )
        .route("/teams/{team}/sharing/{inv}", web::get().to(invitation))
        .route(
            "/teams/{team}/sharing/{inv}/confirm",
            web::post().to(confirm),
        )
        .route("/teams/{team}/sharing/{inv}/ask", web::post().to(ask))
        .route("/sharing", web::get().to(agendas))
        .route("/sharing/{sid}", web::get().to(agenda));
}

pub(super) type Form = web::Form<Vec<(String, String)>>;

/// A field as typed (not trimmed), for the form shown again.
pub(super) fn raw(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub(super) fn action_json(lang: Lang, a: &ActionLine) -> Json {
    json!({
        "id": a.action.id, "description": a.action.description,
        "unit": a.unit.as_ref().map(|u| crate::i18n::unit_name(lang, u)),
        "due_on": a.action.due_on.to_string(),
        "done": a.action.done_at.is_some(),
        "done_at": a.action.done_at.as_ref().map(format_taipei),
        "overdue": a.overdue, "year": a.year, "held_on": a.held_on.to_string(),
    })
}

/// A session with its slots (team, entries, state) and action items, as
/// every page and the pack show it.
pub fn session_json(lang: Lang, v: &SessionView) -> Json {
    let s = &v.session;
    json!({
        "id": s.id, "anchor": format!("sharing-session-{}", s.id),
        "held_on": s.held_on.to_string(), "starts_at": s.starts_at,
        "place": s.place, "note": s.note,
        "agenda_sent_at": s.agenda_sent_at.as_ref().map(format_taipei),
        "slots": v.slots.iter().map(|l| {
            let i = l.invitation.as_ref();
            json!({
                "id": l.slot.id, "time": slot_time(&l.slot), "label": l.slot.label,
                "team": l.team, "entries": l.entries.join("、"),
                "invitation_id": i.map(|i| i.id),
                "state_id": i.map(|i| i.state.message_id()),
                "confirmed": i.is_some_and(|i| i.state == crate::domain::sharing::InvitationState::Confirmed),
                "message": i.map(|i| i.message.clone()).unwrap_or_default(),
                "preferred": i.and_then(|i| i.preferred_slot_id).and_then(|id| v.slot(id)).map(slot_time),
                "reminded_at": i.and_then(|i| i.reminded_at.as_ref().map(format_taipei)),
            })
        }).collect::<Vec<_>>(),
        "actions": v.actions.iter().map(|a| action_json(lang, a)).collect::<Vec<_>>(),
    })
}
