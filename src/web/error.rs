//! Error policy for pages: handlers return `AppError`; the user sees a clean,
//! localised page for its status (rendered by the request middleware, which
//! knows the language), and internal causes go to the log only. A service's
//! refusal becomes a status here and nowhere else: not found 404, forbidden
//! and refused 403, wrong state and stale 409, invalid 422, too many 429.
//! Handlers that can show a refusal on their form do so first (see
//! `forms::on_form`); whatever is left arrives here.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Refused, with a sentence (a Fluent id) saying why, e.g. registration closed.
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("bad request")]
    BadRequest,
    /// What was sent cannot be accepted, with a sentence (a Fluent id).
    #[error("unprocessable: {0}")]
    Unprocessable(&'static str),
    #[error("too many requests: {0}")]
    TooMany(&'static str),
    #[error("payload too large")]
    TooLarge,
    #[error("sign-in required")]
    SignInRequired(String),
    #[error("CSRF check failed")]
    Csrf,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Marks a response whose body the middleware replaces with the error page,
/// optionally with a specific explanation (a Fluent id).
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage(pub StatusCode, pub Option<&'static str>);

impl From<crate::service::Error> for AppError {
    fn from(e: crate::service::Error) -> Self {
        use crate::service::Error as S;
        match e {
            S::NotFound => AppError::NotFound,
            S::Forbidden => AppError::Forbidden,
            S::Refused(id) => AppError::Refused(id),
            S::WrongState(id) | S::Stale(id) => AppError::Conflict(id),
            S::Taken { message, .. } => AppError::Conflict(message),
            // A refusal that no form shows: say the first reason.
            S::Invalid(errors) => {
                AppError::Unprocessable(errors.first().map_or("error-422-body", |e| e.message))
            }
            S::TooMany(id) => AppError::TooMany(id),
            S::Internal(cause) => AppError::Internal(cause),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Internal(anyhow::anyhow!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf | AppError::Refused(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        if let AppError::SignInRequired(next) = self {
            let target = format!(
                "/signin?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            );
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, target))
                .finish();
        }
        let status = self.status_code();
        let reason = match self {
            AppError::Refused(id)
            | AppError::Conflict(id)
            | AppError::Unprocessable(id)
            | AppError::TooMany(id) => Some(*id),
            _ => None,
        };
        let mut resp = HttpResponse::build(status).finish();
        resp.extensions_mut().insert(ErrorPage(status, reason));
        resp
    }
}

pub type AppResult<T = HttpResponse> = Result<T, AppError>;
