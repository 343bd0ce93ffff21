//! Organiser pages for contest editions and their tracks (details,
//! timeline, rules, prizes, publishing, track-wide deadline extensions), and
//! for a contest's teams (the filtered list and its CSV, one team with its
//! checks and its own deadline extensions).

mod contests;
mod teams;
mod tracks;

use actix_web::web;
use serde::Deserialize;

use crate::domain::timeline::ExtensionForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise", web::get().to(contests::list))
        .route("/organise/contests/new", web::get().to(contests::new_form))
        .route("/organise/contests/new", web::post().to(contests::create))
        .route("/organise/contests/{id}", web::get().to(contests::edit))
        .route("/organise/contests/{id}", web::post().to(contests::update))
        .route(
            "/organise/contests/{id}/publish",
            web::post().to(contests::publish),
        )
        .route(
            "/organise/contests/{id}/tracks/new",
            web::get().to(tracks::new_form),
        )
        .route(
            "/organise/contests/{id}/tracks/new",
            web::post().to(tracks::create),
        )
        .route("/organise/tracks/{id}", web::get().to(tracks::edit))
        .route("/organise/tracks/{id}", web::post().to(tracks::update))
        .route(
            "/organise/tracks/{id}/deadline",
            web::post().to(tracks::extend),
        )
        .route("/organise/contests/{id}/teams", web::get().to(teams::list))
        .route(
            "/organise/contests/{id}/teams.csv",
            web::get().to(teams::export),
        )
        .route("/organise/teams/{id}", web::get().to(teams::show))
        .route(
            "/organise/teams/{id}/extension",
            web::post().to(teams::extend),
        )
        .route(
            "/organise/teams/{id}/proofs/{uid}",
            web::post().to(teams::check_proof),
        )
        .route(
            "/organise/teams/{id}/schools/{uid}",
            web::post().to(teams::check_school),
        );
}

/// The deadline-extension form (track-wide or for one team).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DeadlineForm {
    pub deadline: String,
    pub until: String,
    pub reason: String,
}

impl DeadlineForm {
    pub fn typed(&self) -> ExtensionForm {
        ExtensionForm {
            deadline: self.deadline.clone(),
            until: self.until.clone(),
            reason: self.reason.clone(),
        }
    }
}

/// The extension form's values: empty, or what was typed before a refusal.
fn typed_extension(f: Option<&DeadlineForm>) -> serde_json::Value {
    let f = f.cloned().unwrap_or_default();
    serde_json::json!({ "deadline": f.deadline, "until": f.until, "reason": f.reason })
}
