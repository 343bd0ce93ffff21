//! The list of cards for a contest, and the organisers' hide / show.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{board_path, contest_json, discipline_options, ready, track_names};
use crate::domain::finder::{Discipline, Fit};
use crate::service::finder::{Board, BoardQuery, ListedCard};
use crate::service::{self, Person};
use crate::web::admin::pager;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::{Organiser, SignedIn};
use crate::web::names::track_name;

/// What a refused form on the list leaves typed: which card's form, and
/// its text.
#[derive(Debug, Clone, Default)]
pub(super) struct CardForms {
    pub ask_card: Option<i32>,
    pub message: String,
    pub hide_card: Option<i32>,
    pub reason: String,
}

pub async fn show(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    q: web::Query<BoardQuery>,
) -> AppResult {
    // The filters are read again from the address (`render`); reading
    // them here answers a malformed query with a 400.
    let _ = q.into_inner();
    let here = ctx.here.clone();
    let ok = (StatusCode::OK, FormErrors::default());
    render(
        &ctx,
        who.0,
        (path.into_inner(), &here),
        ok,
        CardForms::default(),
    )
    .await
}

/// The list's filters, read back from the list's address a form came from.
pub(super) fn query_of(back: &str) -> BoardQuery {
    let query = back.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str(query).unwrap_or_default()
}

/// Where a form on the list returns to: the list it was sent from, or the
/// contest's list.
pub(super) fn back_to(back: &str, year: i32) -> String {
    let list = board_path(year);
    if crate::domain::text::local_path(back) && back.starts_with(&list) {
        back.to_string()
    } else {
        list
    }
}

fn fit_id(f: Fit) -> &'static str {
    match f {
        Fit::Strong => "finder-fit-strong",
        Fit::Complementary => "finder-fit-complementary",
        Fit::Different | Fit::Same => "",
    }
}

fn card_json(ctx: &Ctx, b: &Board, c: &ListedCard, kept: &CardForms) -> Json {
    let l = &c.listed;
    let id = l.card.id;
    json!({
        "id": id,
        "name": l.display_name, "school": l.school_name, "department": l.department,
        "discipline_id": l.card.discipline.message_id(),
        "skills": l.card.skills, "idea": l.card.idea,
        "tracks": track_names(ctx, &b.contest, &c.tracks),
        "fit_id": c.fit.map(fit_id).filter(|s| !s.is_empty()),
        "asked_id": c.asked.map(|s| s.message_id()),
        "can_ask": !b.organiser && c.asked.is_none(),
        "hidden_reason": l.card.hidden_reason,
        "message": if kept.ask_card == Some(id) { kept.message.clone() } else { String::new() },
        "ask_error": kept.ask_card == Some(id),
        "reason": if kept.hide_card == Some(id) { kept.reason.clone() } else { String::new() },
        "hide_error": kept.hide_card == Some(id),
    })
}

/// The list of `year` with the filters of `list` (the list's address:
/// this request's, or the one a refused form came from).
pub(super) async fn render(
    ctx: &Ctx,
    who: Person,
    (year, list): (i32, &str),
    (status, errors): (StatusCode, FormErrors),
    kept: CardForms,
) -> AppResult {
    let list = back_to(list, year);
    let q = query_of(&list);
    let found = ctx
        .state
        .run(move |p| service::finder::board(p, &who, year, &q))
        .await?;
    ready(ctx, found, |b| {
        let lang = ctx.lang;
        let f = &b.filter;
        let school = f.school.clone().unwrap_or_default();
        let cards: Vec<Json> = b
            .cards
            .items
            .iter()
            .map(|c| card_json(ctx, &b, c, &kept))
            .collect();
        let hidden: Vec<Json> = b
            .hidden
            .iter()
            .map(|c| card_json(ctx, &b, c, &kept))
            .collect();
        let mine = b.mine.as_ref().map(|m| {
            json!({
                "status_id": m.status.message_id(),
                "listed": m.status == crate::domain::finder::CardStatus::Listed,
                "hidden_reason": m.card.hidden_reason,
                "discipline_id": m.card.discipline.message_id(),
                "skills": m.card.skills,
            })
        });
        let mut schools: Vec<Json> = b
            .schools
            .iter()
            .map(|s| json!({ "name": s, "selected": *s == school }))
            .collect();
        if !school.is_empty() && !b.schools.contains(&school) {
            schools.push(json!({ "name": school, "selected": true }));
        }
        ctx.render_status(
            status,
            "finder/board",
            json!({
                "contest": contest_json(ctx, &b.contest),
                "organiser": b.organiser,
                "reader_id": b.reader.map(Discipline::message_id),
                "mine": mine,
                "waiting": b.waiting,
                "cards": cards,
                "hidden": hidden,
                "total": b.cards.total,
                "filter": { "school": school },
                "discipline_options": discipline_options(f.discipline),
                "school_options": schools,
                "track_options": b.contest.tracks.iter().map(|t| json!({
                    "id": t.id, "name": track_name(lang, t), "selected": Some(t.id) == f.track,
                })).collect::<Vec<_>>(),
                "pager": pager(&Ctx { here: list.clone(), ..ctx.clone() }, b.cards.page, b.cards.pages(), b.cards.total),
                "back": list,
                "errors": errors.to_json(),
            }),
        )
    })
}

/// An organiser hides a card, with a reason its owner reads.
pub async fn hide(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let card = path.into_inner();
    let (reason, back) = (field(&form, "reason"), field(&form, "back"));
    let year: i32 = field(&form, "year")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let (person, typed) = (who.0.clone(), reason.clone());
    match ctx
        .state
        .run(move |p| service::finder::hide_card(p, &person, card, &typed))
        .await
    {
        Ok(year) => Ok(redirect_with_flash(
            &ctx,
            &back_to(&back, year),
            "success",
            "flash-finder-hidden",
        )),
        Err(e) => {
            let refused = on_form(e)?;
            let kept = CardForms {
                hide_card: Some(card),
                reason,
                ..CardForms::default()
            };
            render(&ctx, who.0, (year, &back), refused, kept).await
        }
    }
}

/// An organiser shows a hidden card again.
pub async fn unhide(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let card = path.into_inner();
    let back = field(&form, "back");
    let year = ctx
        .state
        .run(move |p| service::finder::show_card(p, &who, card))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &back_to(&back, year),
        "success",
        "flash-finder-shown",
    ))
}
