//! What came of a challenge (出題), for the unit that set it and the
//! organisers: its figures, the eligible entries answering it, and the
//! unit's registration for the winners' sharing session.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use crate::domain::challenge_outcome::{RegistrationInput, ATTENDEES_MAX, REGISTRATION_NOTE_MAX};
use crate::i18n::{unit_name, Lang};
use crate::service::challenges::Outcome;
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;
use crate::web::names::{contest_title, track_name};

/// The outcome view's address.
pub(crate) fn path(id: i32) -> String {
    format!("/unit/challenges/{id}/outcome")
}

pub async fn page(ctx: Ctx, who: SignedIn, id: web::Path<i32>) -> AppResult {
    let typed = RegistrationInput {
        attendees: "1".into(),
        ..RegistrationInput::default()
    };
    show(
        &ctx,
        who.0,
        id.into_inner(),
        StatusCode::OK,
        &typed,
        FormErrors::default(),
    )
    .await
}

pub async fn register(
    ctx: Ctx,
    who: SignedIn,
    id: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let id = id.into_inner();
    let typed = RegistrationInput {
        session_id: field(&form, "session"),
        attendees: field(&form, "attendees"),
        note: field(&form, "note"),
    };
    let (person, input) = (who.0.clone(), typed.clone());
    let done = ctx
        .state
        .run(move |p| service::challenges::register_for_sharing(p, &person, id, &input))
        .await;
    match done {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("{}#sharing-heading", path(id)),
            "success",
            "flash-outcome-registered",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            show(&ctx, who.0, id, status, &typed, errors).await
        }
    }
}

async fn show(
    ctx: &Ctx,
    who: Person,
    id: i32,
    status: StatusCode,
    typed: &RegistrationInput,
    errors: FormErrors,
) -> AppResult {
    // Organisers come from (and go back to) their review page.
    let organiser_view = who.organises();
    let back = if organiser_view {
        format!("/organise/challenges/{id}")
    } else {
        "/unit/challenges".to_string()
    };
    let o = ctx
        .state
        .run(move |p| service::challenges::outcome(p, &who, id))
        .await?;
    let lang = ctx.lang;
    let mut page = view(lang, &o, typed);
    page["back"] = back.into();
    page["organiser_view"] = organiser_view.into();
    page["errors"] = errors.to_json();
    ctx.render_status(status, "challenges/outcome", page)
}

fn view(lang: Lang, o: &Outcome, typed: &RegistrationInput) -> serde_json::Value {
    let c = &o.challenge;
    let counts = &o.counts;
    let registered: Vec<i32> = o.registrations.iter().map(|r| r.session_id).collect();
    let open: Vec<_> = o
        .sessions
        .iter()
        .filter(|s| !registered.contains(&s.id))
        .collect();
    json!({
        "challenge": {
            "id": c.id,
            "title": crate::web::entries::challenge::title(lang, c),
            "link": crate::web::entries::challenge::link(c),
            "state_id": c.state.message_id(),
            "published": c.state.is_public(),
        },
        "unit": o.unit.as_ref().map(|u| unit_name(lang, u)),
        "contest": { "year": o.contest.year, "title": contest_title(lang, &o.contest) },
        "track": { "id": o.track.id, "name": track_name(lang, &o.track) },
        "figures": [
            { "id": "outcome-teams", "n": counts.teams },
            { "id": "outcome-submitted", "n": counts.submitted },
            { "id": "outcome-eligible", "n": counts.eligible },
            { "id": "outcome-finalists", "n": counts.finalists },
            { "id": "outcome-requests", "n": counts.requests },
        ],
        "winners": { "known": counts.winners.is_some(), "n": counts.winners.unwrap_or(0) },
        "eligible": o.eligible.iter().map(|e| json!({
            "team": e.team, "title": e.title, "link": e.link, "won": e.won,
        })).collect::<Vec<_>>(),
        "sessions": open.iter().map(|s| json!({
            "id": s.id,
            "label": format!("{} {} {}", s.held_on, s.starts_at, s.place),
            "selected": typed.session_id.trim() == s.id.to_string(),
        })).collect::<Vec<_>>(),
        "has_sessions": !o.sessions.is_empty() || !o.registrations.is_empty(),
        "registrations": o.registrations.iter().map(|r| json!({
            "session": o.sessions.iter().find(|s| s.id == r.session_id)
                .map(|s| format!("{} {} {}", s.held_on, s.starts_at, s.place)),
            "attendees": r.attendees, "note": r.note, "by": r.registered_by,
            "at": format_taipei(&r.registered_at),
        })).collect::<Vec<_>>(),
        "may_register": o.may_register && !open.is_empty(),
        "form": { "attendees": typed.attendees, "note": typed.note },
        "attendees_max": ATTENDEES_MAX,
        "note_max": REGISTRATION_NOTE_MAX,
        "action": format!("{}/sharing", path(c.id)),
    })
}
