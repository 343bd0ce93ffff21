//! Every request gets an id (a trusted proxy's `X-Request-Id`, else a new
//! one) that is on each of its log lines, in its response's `X-Request-Id`
//! header and on its error page, so a support desk can find a reported error.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use rand::Rng;
use tracing::Instrument;

use super::AppState;

/// The request's id, kept in its extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Sixteen upper-case hex digits: short enough to read out on the phone.
fn generate() -> String {
    format!("{:016X}", rand::thread_rng().gen::<u64>())
}

/// An incoming id is kept only if it is short and plain (letters, digits,
/// `-`, `_`, `.`), since it goes into logs, a header and a page.
fn acceptable(raw: &str) -> bool {
    (1..=64).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The id of a request `assign` has seen (empty before that).
pub fn of(req: &impl HttpMessage) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

/// Gives the request its id, runs it inside a span carrying the id, its
/// method and route template (never the path or query, which may hold a
/// token), and names the id in the response.
pub async fn assign(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let trust_proxy = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.config.trust_proxy);
    let id = trust_proxy
        .then(|| req.headers().get(&HEADER).and_then(|v| v.to_str().ok()))
        .flatten()
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(generate);
    req.extensions_mut().insert(RequestId(id.clone()));
    let route = super::metrics::route_label(&req);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        route = %route,
    );
    let started = Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    span.in_scope(|| {
        tracing::debug!(
            status = res.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "request answered"
        )
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, value);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_incoming_ids_are_kept() {
        assert!(acceptable("7F3A9C01D2E4B5A6"));
        assert!(acceptable("req-1.2_3"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("<script>"));
        assert!(!acceptable(&"x".repeat(65)));
        let id = generate();
        assert_eq!(id.len(), 16);
        assert!(acceptable(&id));
    }
}
