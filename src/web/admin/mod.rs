//! The admin area's pages: accounts and roles, business units, the mail
//! outbox, the audit log. Only administrators (the outbox: organisers too).

mod audit;
mod outbox;
mod units;
mod users;

use actix_web::web;
use serde_json::json;

use crate::i18n::Lang;
use crate::web::ctx::{redirect, Ctx};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/admin",
        web::get().to(|| async { redirect("/admin/users") }),
    )
    .route("/admin/users", web::get().to(users::users))
    .route("/admin/users/{id}", web::get().to(users::user))
    .route("/admin/users/{id}/roles", web::post().to(users::grant_role))
    .route(
        "/admin/users/{id}/roles/revoke",
        web::post().to(users::revoke_role),
    )
    .route(
        "/admin/users/{id}/status",
        web::post().to(users::set_status),
    )
    .route("/admin/units", web::get().to(units::units))
    .route("/admin/units", web::post().to(units::create_unit))
    .route("/admin/units/{id}", web::get().to(units::edit_unit_page))
    .route("/admin/units/{id}", web::post().to(units::update_unit))
    .route("/admin/outbox", web::get().to(outbox::outbox))
    .route("/admin/outbox/{id}", web::get().to(outbox::outbox_mail))
    .route(
        "/admin/outbox/{id}/retry",
        web::post().to(outbox::outbox_retry),
    )
    .route("/admin/audit", web::get().to(audit::audit_log))
    .route("/admin/audit.csv", web::get().to(audit::audit_csv));
}

const PER_PAGE: i64 = 25;

/// Links to the previous and next page of this very list (its filters kept).
pub(crate) fn pager(ctx: &Ctx, page: i64, pages: i64, total: i64) -> serde_json::Value {
    let base: Vec<(String, String)> = url::form_urlencoded::parse(
        ctx.here
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
            .as_bytes(),
    )
    .filter(|(k, _)| k != "page")
    .map(|(k, v)| (k.into_owned(), v.into_owned()))
    .collect();
    let path = ctx.here.split('?').next().unwrap_or("/");
    let link = |p: i64| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &base {
            s.append_pair(k, v);
        }
        s.append_pair("page", &p.to_string());
        format!("{path}?{}", s.finish())
    };
    json!({
        "page": page,
        "pages": pages,
        "total": total,
        "prev": (page > 1).then(|| link(page - 1)),
        "next": (page < pages).then(|| link(page + 1)),
    })
}

fn unit_name(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::ZhTw => zh.to_string(),
        Lang::En => en.to_string(),
    }
}
