//! HTTP: the request context, error pages, and one module per area with its
//! handlers. No SQL and no HTML strings live here.

pub mod accounts;
pub mod admin;
pub mod calendar;
pub mod catalog;
pub mod challenges;
pub mod charts;
pub mod closures;
pub mod consults;
pub mod ctx;
pub mod dashboard;
pub mod download;
pub mod entries;
pub mod error;
pub mod finder;
pub mod forms;
pub mod guards;
pub mod home;
pub mod judging;
pub mod ledger;
pub mod metrics;
pub mod middleware;
pub mod names;
pub mod notifications;
pub mod open_data;
pub mod organise;
pub mod outreach;
pub mod pack;
pub mod pages;
pub mod profile;
pub mod public;
pub mod render_cache;
pub mod request_id;
pub mod requests;
pub mod review;
pub mod server;
pub mod sharing;
pub mod signed_pages;
pub mod teams;
pub mod upload;

use std::sync::Arc;

use actix_web::web;
use handlebars::Handlebars;

use crate::service::{self, Portal};

/// Shared by every request: what the use cases need, and the page templates.
pub struct AppState {
    pub portal: Portal,
    pub html: Arc<Handlebars<'static>>,
    /// Anonymous public pages kept in memory (`None` when `RENDER_CACHE` is off).
    pub render_cache: Option<render_cache::RenderCache>,
}

impl std::ops::Deref for AppState {
    type Target = Portal;

    fn deref(&self) -> &Portal {
        &self.portal
    }
}

impl AppState {
    /// Runs one use case on the blocking thread pool, so a handler can match
    /// on its refusals (e.g. show `Invalid` on the form).
    pub async fn run<T, F>(&self, f: F) -> service::Result<T>
    where
        F: FnOnce(&Portal) -> service::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.portal.blocking(f).await
    }
}

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    pages::routes(cfg);
    public::routes(cfg);
    profile::routes(cfg);
    teams::routes(cfg);
    finder::routes(cfg);
    catalog::routes(cfg);
    entries::routes(cfg);
    review::routes(cfg);
    consults::routes(cfg);
    judging::routes(cfg);
    requests::routes(cfg);
    calendar::routes(cfg);
    closures::routes(cfg);
    notifications::routes(cfg);
    dashboard::routes(cfg);
    ledger::routes(cfg);
    accounts::routes(cfg);
    admin::routes(cfg);
    organise::routes(cfg);
    outreach::routes(cfg);
    open_data::routes(cfg);
    sharing::routes(cfg);
    pack::routes(cfg);
    challenges::routes(cfg);
}
