//! Form helpers: collecting field errors for re-rendering a form with the
//! user's input kept, and a form extractor whose failures become a 400 page.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::domain::FieldError;

/// Field → Fluent message id, in the order found.
#[derive(Debug, Default, Clone, Serialize)]
pub struct FormErrors(Map<String, Json>);

impl FormErrors {
    pub fn add(&mut self, e: FieldError) {
        self.0
            .entry(e.field.to_string())
            .or_insert(Json::String(e.message.to_string()));
    }

    pub fn push(&mut self, field: &'static str, message: &'static str) {
        self.add(FieldError::new(field, message));
    }

    /// Keeps the value, or records its error.
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(e);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn to_json(&self) -> Json {
        Json::Object(self.0.clone())
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
