//! Reading and exporting the audit log.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;

use super::admin;
use crate::domain::text::{refusal, Kind};
use crate::domain::FieldErrors;
use crate::service::{audit, Error, Person, Portal, Result};
use crate::store::{self, audit::Row, PageRequest, Paged};

/// The filter as typed; dates are Taipei days, `to` included.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub action: String,
    pub actor: String,
    pub object_type: String,
    pub object_id: String,
    pub from: String,
    pub to: String,
}

impl AuditFilter {
    fn parse(&self, errors: &mut FieldErrors) -> store::audit::Filter {
        let day =
            |raw: &str, name: &'static str, errors: &mut FieldErrors| -> Option<NaiveDateTime> {
                match raw.trim() {
                    "" => None,
                    raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
                        Ok(d) if (1900..=2200).contains(&d.year()) => {
                            Some(d.and_time(NaiveTime::MIN) - chrono::Duration::hours(8))
                        }
                        _ => {
                            errors.push(name, "error-date");
                            None
                        }
                    },
                }
            };
        // A word with control characters is left out of the filter.
        let mut word =
            |field: &'static str, value: &str, max: usize| match refusal(value, Kind::Line) {
                Some(message) => {
                    errors.push(field, message);
                    String::new()
                }
                None => value.chars().take(max).collect::<String>(),
            };
        let (action, actor) = (
            word("action", &self.action, 100),
            word("actor", &self.actor, 100),
        );
        let (object_type, object_id) = (
            word("object_type", &self.object_type, 100),
            word("object_id", &self.object_id, 50),
        );
        store::audit::Filter {
            action: Some(action),
            actor_id: None,
            actor,
            object_type,
            object_id,
            from: day(&self.from, "from", errors),
            until: day(&self.to, "to", errors).map(|t| t + chrono::Duration::days(1)),
        }
    }
}

/// One page of the log, the actions and object types to filter by, and
/// what was wrong with the filter (then the log is shown unfiltered by it).
pub struct AuditPage {
    pub list: Paged<Row>,
    pub actions: Vec<String>,
    pub object_types: Vec<String>,
    pub errors: FieldErrors,
}

pub fn audit_log(
    p: &Portal,
    who: &Person,
    f: &AuditFilter,
    page: PageRequest,
) -> Result<AuditPage> {
    admin(who)?;
    let mut errors = FieldErrors::default();
    let filter = f.parse(&mut errors);
    p.read(|conn| {
        Ok(AuditPage {
            list: store::audit::list(conn, &filter, page)?,
            actions: store::audit::actions(conn)?,
            object_types: store::audit::object_types(conn)?,
            errors,
        })
    })
}

/// The filtered log, newest first, at most 50,000 rows. A mistyped filter is
/// refused rather than exporting the whole log; the export is itself audited.
pub fn audit_export(p: &Portal, who: &Person, f: &AuditFilter) -> Result<Vec<Row>> {
    admin(who)?;
    let mut errors = FieldErrors::default();
    let filter = f.parse(&mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    p.transaction(|conn| {
        let list = store::audit::list(
            conn,
            &filter,
            PageRequest {
                page: 1,
                per_page: 50_000,
            },
        )?;
        audit(
            conn,
            who,
            "audit.export",
            "audit_log",
            0,
            json!({ "rows": list.items.len() }),
        )?;
        Ok(list.items)
    })
}
