//! `/metrics` in the Prometheus text format: this replica's requests by route
//! template and status with their latency, its database pool, and figures
//! read from the database at scrape time (the same from every replica).

use std::net::SocketAddr;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, App, HttpMessage, HttpRequest, HttpResponse, HttpServer};
use prometheus::{
    Encoder, Gauge, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};
use subtle::ConstantTimeEq;

use super::AppState;
use crate::service::observe;

/// This replica's collectors, registered in a registry of its own.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_in_use: IntGauge,
    pool_open: IntGauge,
    database_up: IntGauge,
    outbox_unsent: IntGauge,
    outbox_oldest: Gauge,
    requests_overdue: IntGauge,
    job_success: GaugeVec,
    /// Route labels by path, so that a path is matched against the route
    /// table once rather than on every request (`route_label`).
    labels: std::sync::RwLock<std::collections::HashMap<String, String>>,
}

/// Most paths whose label is kept; the memo starts afresh when it is full
/// (ids make the paths many; the route table's walk is all it saves).
const LABELS_KEPT: usize = 4096;

fn gauge(registry: &Registry, name: &str, help: &str) -> prometheus::Result<IntGauge> {
    let g = IntGauge::new(name, help)?;
    registry.register(Box::new(g.clone()))?;
    Ok(g)
}

impl Metrics {
    pub fn new() -> prometheus::Result<Metrics> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "portal_http_requests_total",
                "Requests answered by this replica, by route template, method and status.",
            ),
            &["route", "method", "status"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "portal_http_request_duration_seconds",
                "Time to answer a request, by route template and method.",
            ),
            &["route", "method"],
        )?;
        registry.register(Box::new(latency.clone()))?;
        let outbox_oldest = Gauge::new(
            "portal_outbox_oldest_unsent_seconds",
            "Age of the oldest mail not yet sent (0 when none waits).",
        )?;
        registry.register(Box::new(outbox_oldest.clone()))?;
        let job_success = GaugeVec::new(
            Opts::new(
                "portal_job_last_success_timestamp_seconds",
                "When each background job last finished a pass without error (Unix time), on any replica.",
            ),
            &["job"],
        )?;
        registry.register(Box::new(job_success.clone()))?;
        Ok(Metrics {
            pool_in_use: gauge(
                &registry,
                "portal_db_pool_connections_in_use",
                "This replica's database connections checked out of its pool.",
            )?,
            pool_open: gauge(
                &registry,
                "portal_db_pool_connections_open",
                "This replica's open database connections, in use or idle.",
            )?,
            database_up: gauge(
                &registry,
                "portal_database_up",
                "1 when the database answered this scrape's queries, else 0.",
            )?,
            outbox_unsent: gauge(
                &registry,
                "portal_outbox_unsent",
                "Mail in the outbox neither sent nor given up on.",
            )?,
            requests_overdue: gauge(
                &registry,
                "portal_data_requests_overdue",
                "Data requests with a business unit past their answer's due date.",
            )?,
            registry,
            requests,
            latency,
            outbox_oldest,
            job_success,
            labels: Default::default(),
        })
    }

    fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[route, method])
            .observe(seconds);
    }

    fn set_gauges(&self, gauges: Option<observe::Gauges>) {
        let Some(g) = gauges else {
            self.database_up.set(0);
            return;
        };
        self.database_up.set(1);
        self.outbox_unsent.set(g.outbox_unsent);
        self.outbox_oldest.set(g.oldest_unsent_secs);
        self.requests_overdue.set(g.requests_overdue);
        for (job, at) in g.jobs {
            self.job_success
                .with_label_values(&[job.as_str()])
                .set(at.and_utc().timestamp() as f64);
        }
    }
}

/// A method label from a short, fixed list, so odd methods cannot grow the
/// number of series.
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// A route template as a label: each parameter as `:name` (`/teams/{id}` is
/// `/teams/:id`, `/static/{file:.*}` is `/static/:file`), so no label holds
/// braces or a pattern; `unmatched` for addresses no route knows.
///
/// Matching a path walks the whole route table (for a late route it cost
/// more than serving a kept page), so the label is kept with the request
/// (the request id's span and the metrics both ask) and, by path, in the
/// app's [`Metrics`].
pub fn route_label(req: &ServiceRequest) -> String {
    if let Some(RouteLabel(label)) = req.extensions().get::<RouteLabel>() {
        return label.clone();
    }
    let metrics = req.app_data::<web::Data<Metrics>>();
    let kept = metrics.and_then(|m| {
        m.labels
            .read()
            .ok()
            .and_then(|labels| labels.get(req.path()).cloned())
    });
    let label = kept.unwrap_or_else(|| {
        let label = match req.match_pattern() {
            Some(pattern) => label_of(&pattern),
            None => "unmatched".to_string(),
        };
        if let Some(mut labels) = metrics.and_then(|m| m.labels.write().ok()) {
            if labels.len() >= LABELS_KEPT {
                labels.clear();
            }
            labels.insert(req.path().to_string(), label.clone());
        }
        label
    });
    req.extensions_mut().insert(RouteLabel(label.clone()));
    label
}

/// A request's route label, once worked out.
#[derive(Clone)]
struct RouteLabel(String);

fn label_of(pattern: &str) -> String {
    let mut label = String::with_capacity(pattern.len());
    let mut depth = 0;
    let mut naming = false;
    for c in pattern.chars() {
        match (c, depth) {
            ('{', 0) => {
                depth = 1;
                naming = true;
                label.push(':');
            }
            ('{', _) => depth += 1,
            ('}', _) => {
                depth -= 1;
                naming = naming && depth > 0;
            }
            (':', _) if depth > 0 => naming = false,
            (c, 0) => label.push(c),
            (c, _) if naming => label.push(c),
            _ => {}
        }
    }
    label
}

/// Counts every request under its route's label (`route_label`), never the
/// path with its ids.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let route = route_label(&req);
    let method = method_label(req.method());
    let started = Instant::now();
    let res = next.call(req).await;
    if let Some(m) = metrics {
        let status = match &res {
            Ok(r) => r.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        m.observe(&route, method, status, started.elapsed().as_secs_f64());
    }
    res
}

/// Whether the request carries `Authorization: Bearer <METRICS_TOKEN>`, or
/// no token is asked for (only on the separate metrics address).
fn authorised(req: &HttpRequest, token: Option<&str>) -> bool {
    let Some(token) = token else { return true };
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| bool::from(given.trim().as_bytes().ct_eq(token.as_bytes())))
}

/// The scrape: a wrong or missing token is answered as an unknown address.
async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> HttpResponse {
    if !authorised(&req, state.config.metrics_token.as_deref()) {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("not found");
    }
    let pool = state.portal.pool.state();
    metrics.pool_open.set(i64::from(pool.connections));
    metrics.pool_in_use.set(i64::from(
        pool.connections.saturating_sub(pool.idle_connections),
    ));
    let gauges = state
        .run(|p| observe::gauges(p, crate::service::now()))
        .await;
    if let Err(e) = &gauges {
        tracing::warn!(error = %e, "metrics: database figures unavailable");
    }
    metrics.set_gauges(gauges.ok());
    let mut body = Vec::new();
    match TextEncoder::new().encode(&metrics.registry.gather(), &mut body) {
        Ok(()) => HttpResponse::Ok()
            .content_type(prometheus::TEXT_FORMAT)
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "metrics: encoding failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// `/metrics` on the portal's own address, only when a token guards it and
/// no separate metrics address is set.
pub fn routes(cfg: &mut web::ServiceConfig, config: &crate::config::Config) {
    if config.metrics_token.is_some() && config.metrics_addr.is_none() {
        cfg.route("/metrics", web::get().to(scrape));
    }
}

/// A server on `METRICS_ADDR` that answers `/metrics` and nothing else.
/// Returns it (to spawn) and the port it listens on.
pub fn serve_apart(
    addr: SocketAddr,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> anyhow::Result<(Server, u16)> {
    let listener = std::net::TcpListener::bind(addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on METRICS_ADDR {addr}: {e}"))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(metrics.clone())
            .route("/metrics", web::get().to(scrape))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    Ok((server, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_label_names_parameters_without_patterns() {
        assert_eq!(label_of("/"), "/");
        assert_eq!(label_of("/teams/{id}/members/{m}"), "/teams/:id/members/:m");
        assert_eq!(label_of("/static/{file:.*}"), "/static/:file");
        assert_eq!(label_of("/y/{year:[0-9]{4}}/x"), "/y/:year/x");
    }
}
