//! Awards by the deciding round's ranking, and publishing the results.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::fmt1;
use crate::domain::team::format_amount;
use crate::i18n::t;
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

pub async fn page(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    render(
        &ctx,
        &who,
        StatusCode::OK,
        path.into_inner(),
        None,
        FormErrors::default(),
    )
    .await
}

async fn render(
    ctx: &Ctx,
    who: &Person,
    status: StatusCode,
    track_id: i32,
    typed: Option<HashMap<i32, String>>,
    errors: FormErrors,
) -> AppResult {
    let lang = ctx.lang;
    let a = service::judging::awards_page(&ctx.state, who, track_id).await?;
    let (r, b) = (&a.ranking, &a.ranking.board);
    let chosen = |entry: i32| -> String {
        match &typed {
            Some(t) => t.get(&entry).cloned().unwrap_or_default(),
            None => a
                .given
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
                "prizes": a.prizes.iter().map(|p| json!({
                    "id": p.id, "label": p.label(lang), "amount": format_amount(p.amount),
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
            "method_name": t(lang, &format!("rank-method-{}", r.method.as_str())),
            "has_prizes": !a.prizes.is_empty(),
            "published": a.published.as_ref().map(format_taipei),
            "refused": a.refused,
            "early": a.early.as_ref().map(format_taipei),
            "errors": errors.to_json(),
        }),
    )
}

pub async fn save(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let wanted: Vec<(i32, String)> = form
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("prize_")?.parse().ok()?;
            Some((id, v.trim().to_string()))
        })
        .collect();
    let (person, chosen) = (who.0.clone(), wanted.clone());
    match ctx
        .state
        .run(move |p| service::judging::save_awards(p, &person, track_id, &chosen))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/tracks/{track_id}/awards"),
            "success",
            "flash-awards-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let typed = wanted.into_iter().collect();
            render(&ctx, &who, status, track_id, Some(typed), errors).await
        }
    }
}

pub async fn publish(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let publish = field(&form, "action") != "withdraw";
    let confirmed = field(&form, "confirm") == "yes";
    let person = who.0.clone();
    if let Err(e) = ctx
        .state
        .run(move |p| service::judging::publish_results(p, &person, track_id, publish, confirmed))
        .await
    {
        let (status, errors) = on_form(e)?;
        return render(&ctx, &who, status, track_id, None, errors).await;
    }
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
