//! The reason codes reviewers choose from when an entry fails.

use serde_json::json;

use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::gates::review as gate;
use crate::service::{audit, Error, Person, Portal, Result};
use crate::store::{self, eligibility::ReasonCode};

/// Every reason code, inactive ones too (organisers).
pub fn reasons(p: &Portal, who: &Person) -> Result<Vec<ReasonCode>> {
    gate::organiser(who)?;
    p.read(|conn| Ok(store::eligibility::reason_codes(conn)?))
}

/// A new reason code as typed.
#[derive(Debug, Clone, Default)]
pub struct ReasonForm {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
}

/// Adds a reason code: a short code of lowercase letters, digits and
/// hyphens, and its label in both languages.
pub fn add_reason(p: &Portal, who: &Person, f: ReasonForm) -> Result<()> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let mut characters = |field: &'static str, value: &str, kind: Kind| {
        if let Some(m) = text::refusal(value, kind) {
            errors.push(field, m);
        }
    };
    characters("code", &f.code, Kind::Line);
    characters("label_zh", &f.label_zh, Kind::Name);
    characters("label_en", &f.label_en, Kind::Name);
    let code = f.code.trim().to_lowercase();
    if code.is_empty()
        || code.len() > 40
        || !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.push("code", "error-unit-code-invalid");
    }
    for (field, label) in [("label_zh", &f.label_zh), ("label_en", &f.label_en)] {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            errors.push(field, "error-unit-name-invalid");
        }
    }
    errors.or(())?;
    let (zh, en) = (f.label_zh.trim(), f.label_en.trim());
    p.transaction(|conn| {
        store::eligibility::add_reason_code(conn, &code, zh, en).map_err(
            |e| match Error::from(e) {
                Error::Stale(_) => Error::Taken {
                    field: "code",
                    message: "error-unit-code-taken",
                },
                other => other,
            },
        )?;
        audit(
            conn,
            who,
            "reason.create",
            "reason_code",
            &code,
            json!({ "zh": zh, "en": en }),
        )
    })
}

/// Switches reason code `id` on or off; decisions that gave it keep it.
pub fn set_reason_active(p: &Portal, who: &Person, id: i32, active: bool) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        if !store::eligibility::set_reason_active(conn, id, active)? {
            return Err(Error::NotFound);
        }
        audit(
            conn,
            who,
            "reason.toggle",
            "reason_code",
            id,
            json!({ "active": active }),
        )
    })
}
