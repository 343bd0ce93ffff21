//! Form helpers: collecting field errors for re-rendering a form with the
//! user's input kept, and a form extractor whose failures become a 400 page.

/// The problems of a form, shown beside its fields (the domain's type).
pub use crate::domain::FieldErrors as FormErrors;

use actix_web::http::StatusCode;

use super::error::AppError;

/// How a form shows a service's refusal: the status, and the message beside
/// its field (`form` for the form as a whole), so the page is rendered again
/// with what was typed. Refusals that are not about the form — not found,
/// forbidden, our own failure — go on to the error page.
pub fn on_form(e: crate::service::Error) -> Result<(StatusCode, FormErrors), AppError> {
    use crate::service::Error as S;
    match e {
        S::Invalid(errors) => Ok((StatusCode::UNPROCESSABLE_ENTITY, errors)),
        S::WrongState(m) | S::Stale(m) => Ok((StatusCode::CONFLICT, FormErrors::one("form", m))),
        S::Taken { field, message } => Ok((StatusCode::CONFLICT, FormErrors::one(field, message))),
        S::Refused(m) => Ok((StatusCode::FORBIDDEN, FormErrors::one("form", m))),
        S::TooMany(m) => Ok((StatusCode::TOO_MANY_REQUESTS, FormErrors::one("form", m))),
        other => Err(other.into()),
    }
}

/// Settings for `web::Form`: a malformed body is a 400 page, not a plain-text error.
pub fn form_config() -> actix_web::web::FormConfig {
    actix_web::web::FormConfig::default()
        .limit(super::ctx::FORM_LIMIT)
        .error_handler(|err, _req| {
            tracing::debug!(error = %err, "unreadable form");
            super::error::AppError::BadRequest.into()
        })
}

pub fn query_config() -> actix_web::web::QueryConfig {
    actix_web::web::QueryConfig::default().error_handler(|err, _req| {
        tracing::debug!(error = %err, "unreadable query");
        super::error::AppError::BadRequest.into()
    })
}

pub fn path_config() -> actix_web::web::PathConfig {
    actix_web::web::PathConfig::default()
        .error_handler(|_err, _req| super::error::AppError::NotFound.into())
}

/// A submitted form field, trimmed; empty when missing.
pub fn field(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// The `page` number in a page's address (`/x?page=3`), 1 when absent or
/// not a positive number.
pub fn page_of(here: &str) -> usize {
    let query = here.split_once('?').map(|(_, q)| q).unwrap_or("");
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .filter(|p| *p > 0)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn page_numbers_come_from_the_address() {
        assert_eq!(page_of("/x"), 1);
        assert_eq!(page_of("/x?page=3"), 3);
        assert_eq!(page_of("/x?round=finals&page=12&method=mean"), 12);
        assert_eq!(page_of("/x?page=0"), 1);
        assert_eq!(page_of("/x?page=-2"), 1);
        assert_eq!(page_of("/x?page=abc"), 1);
        assert_eq!(page_of("/x?page=99999999999999999999999"), 1);
    }
}
