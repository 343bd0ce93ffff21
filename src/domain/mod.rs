//! Pure contest rules and the types that can only hold valid values. No I/O,
//! no database, no clock: time is always passed in.

pub mod account;
pub mod calendar;
pub mod catalog;
pub mod challenge;
pub mod challenge_outcome;
pub mod closure;
pub mod consult;
pub mod dashboard;
pub mod data_request;
pub mod eligibility;
pub mod entry;
pub mod finder;
pub mod fitness;
pub mod home;
pub mod judging;
pub mod ledger;
pub mod oidc;
pub mod open_data;
pub mod outreach;
pub mod pack;
pub mod profile;
pub mod role;
pub mod sharing;
pub mod team;
pub mod text;
pub mod themes;
pub mod throttle;
pub mod timeline;
pub mod watch;

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

/// Every problem found in one form, field → Fluent message id, the first
/// problem of each field kept, in the order found. A refusal carries this
/// back to the form, which shows each message beside its field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// One problem, for a refusal that concerns a single field.
    pub fn one(field: &'static str, message: &'static str) -> Self {
        FieldErrors(vec![FieldError::new(field, message)])
    }

    pub fn add(&mut self, e: FieldError) {
        if !self.has(e.field) {
            self.0.push(e);
        }
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

    /// Adds every problem of `other` (the first per field wins).
    pub fn merge(&mut self, other: FieldErrors) {
        for e in other.0 {
            self.add(e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The message id recorded for `field`.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message)
    }

    /// The first problem found.
    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `{ field: message id }`, for a template.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.0
                .iter()
                .map(|e| (e.field.to_string(), e.message.into()))
                .collect(),
        )
    }

    /// `Ok(value)` when nothing was found, else the problems.
    pub fn or<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl serde::Serialize for FieldErrors {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for e in &self.0 {
            m.serialize_entry(e.field, e.message)?;
        }
        m.end()
    }
}

impl From<Vec<FieldError>> for FieldErrors {
    fn from(list: Vec<FieldError>) -> Self {
        let mut e = FieldErrors::default();
        for x in list {
            e.add(x);
        }
        e
    }
}
