//! Business units (業務單位 and 所屬機關) that answer data requests.

use serde_json::json;

use super::admin;
use crate::domain::text::{self, Rule};
use crate::domain::FieldErrors;
use crate::service::changes::{self, Area};
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, units::Unit, units::UnitInput};

/// A unit as typed.
#[derive(Debug, Default, Clone)]
pub struct UnitForm {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
    pub active: bool,
}

/// A checked unit: a lower-case code, names with single spaces.
struct ValidUnit {
    code: String,
    name_zh: String,
    name_en: String,
}

fn check(f: &UnitForm) -> Result<ValidUnit> {
    let mut errors = FieldErrors::default();
    let code = text::code(&f.code).unwrap_or_else(|| {
        errors.push("code", "error-unit-code-invalid");
        String::new()
    });
    let name_zh = f.name_zh.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_en = f.name_en.split_whitespace().collect::<Vec<_>>().join(" ");
    errors.text("name_zh", &f.name_zh, Rule::name(1_000));
    errors.text("name_en", &f.name_en, Rule::name(1_000));
    if name_zh.is_empty() || name_zh.chars().count() > 100 {
        errors.push("name_zh", "error-unit-name-invalid");
    }
    if name_en.is_empty() || name_en.chars().count() > 100 {
        errors.push("name_en", "error-unit-name-invalid");
    }
    if !matches!(f.kind.as_str(), "department" | "agency") {
        errors.push("kind", "error-unit-kind-invalid");
    }
    errors
        .or(ValidUnit {
            code,
            name_zh,
            name_en,
        })
        .map_err(Error::Invalid)
}

fn input<'a>(v: &'a ValidUnit, f: &'a UnitForm) -> UnitInput<'a> {
    UnitInput {
        code: &v.code,
        name_zh: &v.name_zh,
        name_en: &v.name_en,
        kind: &f.kind,
        active: f.active,
    }
}

/// A unit code is unique: a taken one is said beside the code.
fn code_taken(e: diesel::result::Error) -> Error {
    if store::is_unique_violation(&e) {
        Error::Taken {
            field: "code",
            message: "error-unit-code-taken",
        }
    } else {
        e.into()
    }
}

/// The units, with how many reviewers act for each.
pub struct UnitList {
    pub units: Vec<Unit>,
    pub reviewers: Vec<(i32, i64)>,
}

pub fn units(p: &Portal, who: &Person) -> Result<UnitList> {
    admin(who)?;
    p.read(|conn| {
        Ok(UnitList {
            units: store::units::list(conn)?,
            reviewers: store::units::reviewer_counts(conn)?,
        })
    })
}

pub fn unit(p: &Portal, who: &Person, id: i32) -> Result<Unit> {
    admin(who)?;
    p.read(|conn| store::units::find(conn, id)?.ok_or(Error::NotFound))
}

pub fn create_unit(p: &Portal, who: &Person, f: UnitForm) -> Result<i32> {
    admin(who)?;
    let v = check(&f)?;
    p.transaction(|conn| {
        let unit = store::units::create(conn, &input(&v, &f), now()).map_err(code_taken)?;
        changes::mark(&[Area::Contests, Area::Requests]);
        audit(
            conn,
            who,
            "unit.create",
            "business_unit",
            unit.id,
            json!({ "code": unit.code }),
        )?;
        Ok(unit.id)
    })
}

pub fn update_unit(p: &Portal, who: &Person, id: i32, f: UnitForm) -> Result<()> {
    admin(who)?;
    let v = check(&f)?;
    p.transaction(|conn| {
        let before = store::units::find(conn, id)?.ok_or(Error::NotFound)?;
        store::units::update(conn, id, &input(&v, &f)).map_err(code_taken)?;
        changes::mark(&[Area::Contests, Area::Requests]);
        audit(
            conn,
            who,
            "unit.update",
            "business_unit",
            id,
            json!({ "before": { "code": before.code, "name_zh": before.name_zh, "name_en": before.name_en, "kind": before.kind, "active": before.active },
                    "after": { "code": v.code, "name_zh": v.name_zh, "name_en": v.name_en, "kind": f.kind, "active": f.active } }),
        )
    })
}
