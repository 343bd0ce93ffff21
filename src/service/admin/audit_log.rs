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

/// Most rows one export holds.
pub const EXPORT_MAX: i64 = 50_000;

/// Rows read from the database at a time while exporting.
const EXPORT_PAGE: i64 = 1_000;

/// The filtered log, newest first, at most [`EXPORT_MAX`] rows, each given
/// to `emit` as it is read (a page of rows at a time, by row id, so the
/// export is never whole in memory). A mistyped filter is refused rather
/// than exporting the whole log; the export is itself audited, with the
/// number of rows it holds, before the first row is given.
pub fn audit_export(
    p: &Portal,
    who: &Person,
    f: &AuditFilter,
    emit: &mut dyn FnMut(Row) -> Result<()>,
) -> Result<()> {
    admin(who)?;
    let mut errors = FieldErrors::default();
    let filter = f.parse(&mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    // The rows there are when the export is recorded: its own row and any
    // newer are left out.
    let newest = p.transaction(|conn| {
        let newest = store::audit::newest_id(conn)?;
        let rows = store::audit::count_upto(conn, &filter, EXPORT_MAX)?;
        audit(
            conn,
            who,
            "audit.export",
            "audit_log",
            0,
            json!({ "rows": rows }),
        )?;
        Ok(newest)
    })?;
    let Some(newest) = newest else {
        return Ok(());
    };
    p.read(|conn| {
        let (mut before, mut left) = (newest + 1, EXPORT_MAX);
        while left > 0 {
            let page =
                store::audit::older_than(conn, &filter, Some(before), EXPORT_PAGE.min(left))?;
            let Some(last) = page.last().map(|r| r.id) else {
                break;
            };
            left -= page.len() as i64;
            before = last;
            for row in page {
                emit(row)?;
            }
        }
        Ok(())
    })
}
