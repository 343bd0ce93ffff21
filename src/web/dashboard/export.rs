//! The dashboard's downloads: a table as CSV, every table as a workbook.

use actix_web::web;

use crate::service;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;

pub async fn csv(ctx: Ctx, who: Organiser, path: web::Path<(i32, String)>) -> AppResult {
    let (id, table) = path.into_inner();
    let lang = ctx.lang;
    let name = format!("contest-{id}-{table}.csv");
    let rows = ctx
        .state
        .run(move |p| service::dashboard::table(p, &who, id, &table, lang))
        .await?;
    download::csv(rows, &name)
}

pub async fn workbook(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let body = service::dashboard::workbook(&ctx.state, &who, id, ctx.lang).await?;
    download::xlsx(body, &format!("contest-{id}-dashboard.xlsx"))
}
