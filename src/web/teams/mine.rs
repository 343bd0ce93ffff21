//! My teams, and the way to register one while the current contest is open.

use serde_json::json;

use crate::service;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::SignedIn;
use crate::web::names::contest_title;

pub async fn my_teams(ctx: Ctx, who: SignedIn) -> AppResult {
    let mine = ctx
        .state
        .run(move |p| service::teams::mine(p, &who))
        .await?;
    let lang = ctx.lang;
    ctx.render("teams/mine", json!({
        "rows": mine.rows.iter().map(|r| json!({
            "id": r.team.id, "name": r.team.name, "withdrawn": r.team.withdrawn,
            "role_id": r.role.message_id(),
            "contest": r.contest.as_ref().map(|c| format!("{} {}", c.year, contest_title(lang, c))),
        })).collect::<Vec<_>>(),
        "current": mine.current.as_ref().map(|(c, open)| json!({
            "year": c.year, "title": contest_title(lang, c), "open": open,
        })),
    }))
}
