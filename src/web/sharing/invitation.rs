//! A team's invitation to a sharing session, confirmed or answered with a
//! request for another slot.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use super::{raw, Form};
use crate::domain::sharing::AskForm;
use crate::service::sharing::{slot_time, InvitationPage};
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::SignedIn;
use crate::web::names::contest_title;

// The team's invitation.

async fn render_invitation(
    ctx: &Ctx,
    who: Person,
    (team, inv): (i32, i32),
    status: StatusCode,
    typed: &AskForm,
    errors: FormErrors,
) -> AppResult {
    let page: InvitationPage = ctx
        .state
        .run(move |p| service::sharing::invitation(p, &who, team, inv))
        .await?;
    let lang = ctx.lang;
    let t = &page.invitation;
    ctx.render_status(
        status,
        "teams/sharing",
        json!({
            "team": { "id": page.team.id, "name": page.team.name },
            "contest": { "year": page.contest.year, "title": contest_title(lang, &page.contest) },
            "session": {
                "held_on": t.session.held_on.to_string(), "starts_at": t.session.starts_at,
                "place": t.session.place, "note": t.session.note,
            },
            "slot": { "time": slot_time(&t.slot), "label": t.slot.label },
            "invitation": {
                "id": t.invitation.id,
                "state_id": t.invitation.state.message_id(),
                "confirmed": t.invitation.state == crate::domain::sharing::InvitationState::Confirmed,
                "asked": t.invitation.state == crate::domain::sharing::InvitationState::AskedAnotherSlot,
                "message": t.invitation.message,
                "preferred": page.preferred.as_ref().map(slot_time),
            },
            "free": page.free.iter().map(|s| json!({
                "id": s.id, "time": slot_time(s), "label": s.label,
                "selected": typed.preferred_slot.trim() == s.id.to_string(),
            })).collect::<Vec<_>>(),
            "can_answer": page.can_answer,
            "over": page.over,
            "form": { "message": typed.message },
            "errors": errors.to_json(),
        }),
    )
}

pub async fn invitation(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>) -> AppResult {
    let ids = path.into_inner();
    let empty = AskForm::default();
    render_invitation(
        &ctx,
        who.0,
        ids,
        StatusCode::OK,
        &empty,
        FormErrors::default(),
    )
    .await
}

async fn answered(
    ctx: &Ctx,
    who: Person,
    (team, inv): (i32, i32),
    typed: AskForm,
    done: &str,
    r: service::Result<()>,
) -> AppResult {
    match r {
        Ok(()) => Ok(redirect_with_flash(
            ctx,
            &service::sharing::invitation_path(team, inv),
            "success",
            done,
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render_invitation(ctx, who, (team, inv), status, &typed, errors).await
        }
    }
}

pub async fn confirm(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>) -> AppResult {
    let (team, inv) = path.into_inner();
    let person = who.0.clone();
    let r = ctx
        .state
        .run(move |p| service::sharing::confirm(p, &person, team, inv))
        .await;
    let done = "flash-sharing-confirmed";
    answered(&ctx, who.0, (team, inv), AskForm::default(), done, r).await
}

pub async fn ask(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>, form: Form) -> AppResult {
    let (team, inv) = path.into_inner();
    let f = AskForm {
        preferred_slot: raw(&form, "preferred_slot"),
        message: raw(&form, "message"),
    };
    let (person, typed) = (who.0.clone(), f.clone());
    let r = ctx
        .state
        .run(move |p| service::sharing::ask_another_slot(p, &person, team, inv, &typed))
        .await;
    answered(&ctx, who.0, (team, inv), f, "flash-sharing-asked", r).await
}
