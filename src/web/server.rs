//! The HTTP server: opens the portal (database, migrations, first-run
//! administrator), wires state, middleware and routes, and starts the
//! background jobs. The binary and the integration tests start it; nothing
//! else outside `web` uses `web`. The binary stops it (`stop`) on SIGTERM.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};

use super::metrics::{self, Metrics};
use super::{forms, middleware, pages, request_id, AppState};
use crate::config::Config;
use crate::integrations::mailer::Mailer;
use crate::jobs::Workers;
use crate::service::accounts::FirstAdmin;
use crate::service::Portal;

/// A running application: the server future and where it listens.
pub struct Application {
    pub server: Server,
    pub port: u16,
    pub portal: Portal,
    pub first_admin: Option<FirstAdmin>,
    /// The background loops, told to stop by [`stop`].
    pub workers: Workers,
    /// How long [`stop`] lets requests and workers finish.
    pub grace: Duration,
    /// The port of `METRICS_ADDR`'s server, when there is one.
    pub metrics_port: Option<u16>,
}

/// What a stop did: how long it took and which background loops were still
/// busy when the grace period ended.
pub struct Stopped {
    pub took: Duration,
    pub busy_workers: Vec<&'static str>,
}

/// Stops a running server as a rolling restart needs: it stops accepting
/// connections at once (a load balancer sends new ones to other replicas),
/// lets requests in flight finish for up to the grace period, and tells the
/// background loops to finish or give back what they hold, in parallel.
pub async fn stop(
    server: ServerHandle,
    portal: &Portal,
    workers: &Workers,
    grace: Duration,
) -> Stopped {
    let began = std::time::Instant::now();
    let (_, busy_workers) = tokio::join!(server.stop(true), workers.stop(grace));
    workers.release_leases(portal).await;
    Stopped {
        took: began.elapsed(),
        busy_workers,
    }
}

/// Opens the database, migrates, makes sure there is an admin and binds the
/// listener (port 0 picks a free port, as the tests do).
pub fn build(mut config: Config) -> anyhow::Result<Application> {
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
    let port = listener.local_addr()?.port();
    // A base address taken from `BIND` with port 0 names the port picked:
    // links and the sign-in providers' redirect URL must reach this server.
    if config.bind.port() == 0 && config.base_url.port() == Some(0) {
        let _ = config.base_url.set_port(Some(port));
    }
    let portal = Portal::open(config)?;
    let first_admin = crate::service::accounts::ensure_first_admin(&portal)?;
    let config = portal.config.clone();
    let mailer = match &config.smtp {
        Some(smtp) => Some(Arc::new(Mailer::new(smtp, &config.mail_from)?)),
        None => None,
    };
    let run_jobs = config.run_jobs;
    let grace = Duration::from_secs(config.shutdown_grace_secs);
    let sync_hours = config.catalog_sync_hours;
    let calendar_url = config.calendar_url.clone();
    let state = web::Data::new(AppState {
        portal,
        html: Arc::new(crate::templates::html_registry()?),
        render_cache: config.render_cache.then(|| {
            super::render_cache::RenderCache::new(
                config.render_cache_bytes,
                config.render_cache_poll_ms,
            )
        }),
    });
    let metrics = web::Data::new(Metrics::new()?);
    let app_state = state.clone();
    let app_metrics = metrics.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(app_state.clone())
            .app_data(app_metrics.clone())
            .app_data(forms::form_config())
            .app_data(forms::query_config())
            .app_data(forms::path_config())
            .wrap(from_fn(middleware::middleware))
            // issue 19: counted, then given an id and a span (outermost).
            .wrap(from_fn(metrics::record))
            .wrap(from_fn(request_id::assign))
            .configure(|cfg| metrics::routes(cfg, &app_state.config))
            .configure(super::routes)
            .default_service(web::to(pages::not_found))
    })
    .listen(listener)?
    // The binary stops the server itself on SIGTERM and SIGINT (`stop`),
    // so that the background loops stop with it.
    .disable_signals()
    .shutdown_timeout(grace.as_secs())
    .run();
    let workers = Workers::new();
    let metrics_port = match config.metrics_addr {
        Some(addr) => {
            let (apart, port) = metrics::serve_apart(addr, state.clone(), metrics)?;
            actix_web::rt::spawn(apart);
            Some(port)
        }
        None => None,
    };
    if config.render_cache {
        crate::jobs::spawn_change_poll(
            &workers,
            state.portal.clone(),
            Duration::from_millis(config.render_cache_poll_ms),
        );
    }
    if run_jobs {
        crate::jobs::spawn(
            &workers,
            state.portal.clone(),
            mailer,
            Duration::from_secs(5),
        );
        crate::jobs::spawn_request_reminders(&workers, state.portal.clone());
        if let Some(url) = calendar_url {
            crate::jobs::spawn_calendar_check(&workers, state.portal.clone(), url);
        }
        if sync_hours > 0 {
            crate::jobs::spawn_catalog_sync(
                &workers,
                state.portal.clone(),
                Duration::from_secs(sync_hours as u64 * 3600),
            );
        }
    }
    Ok(Application {
        server,
        port,
        portal: state.portal.clone(),
        first_admin,
        workers,
        grace,
        metrics_port,
    })
}
