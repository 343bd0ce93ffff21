//! Pure contest rules and the types that can only hold valid values. No I/O,
//! no database, no clock: time is always passed in.

pub mod account;
pub mod calendar;
pub mod catalog;
pub mod data_request;
pub mod eligibility;
pub mod entry;
pub mod judging;
pub mod profile;
pub mod role;
pub mod team;
pub mod throttle;
pub mod timeline;

/// A problem with one form field. `message` is a Fluent message id, so the
/// web layer can show it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: &'static str,
}

impl FieldError {
    pub const fn new(field: &'static str, message: &'static str) -> Self {
        FieldError { field, message }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}
