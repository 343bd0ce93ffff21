//! How each business unit kept the deadline over a period, and the reasons
//! units give for not releasing data.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use crate::db::DbConn;
use crate::domain::data_request as dr;
use crate::domain::text::{self, Rule};
use crate::domain::FieldErrors;
use crate::service::gates::requests as gate;
use crate::service::{audit, taipei_date, Error, Person, Portal, Result};
use crate::store::{self, requests::Reason, units::Unit};

/// One unit's line of the report.
pub struct ReportLine {
    pub unit: Unit,
    pub stats: dr::UnitStats,
}

/// The report over the period asked for, and what was wrong with the dates
/// typed (the defaults are used instead: this calendar year so far).
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lines: Vec<ReportLine>,
    /// Every unit's figures added up (`dr::total`).
    pub total: dr::UnitStats,
    /// The requests filed in the period, where they stand now.
    pub filed: dr::Filed,
    /// The reasons units may give, to name those in `filed`.
    pub reasons: Vec<Reason>,
    pub errors: FieldErrors,
}

/// The per-unit report of the clock spans started from `from` to `to`.
pub fn report(p: &Portal, who: &Person, from: &str, to: &str, today: NaiveDate) -> Result<Report> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let mut date = |raw: &str, name: &'static str, default: NaiveDate| match raw.trim() {
        "" => default,
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.push(name, "error-date");
            default
        }),
    };
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let (mut from, mut to) = (date(from, "from", year_start), date(to, "to", today));
    if from > to {
        errors.push("to", "error-period-order");
        std::mem::swap(&mut from, &mut to);
    }
    let mut r = p.read(|conn| report_over(p, conn, from, to, today))?;
    r.errors = errors;
    Ok(r)
}

/// The report over `from` to `to` (both days counted), inside the
/// caller's read: the same figures wherever they are shown (the report's
/// page and CSV, the advisory-group pack).
pub(crate) fn report_over(
    p: &Portal,
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Report> {
    let cal = crate::service::calendar::kept(p, conn)?;
    let units = store::units::list(conn)?;
    let spans = store::requests::spans_started_between(conn, from, to)?;
    // Open spans of requests now waiting for the requester are paused.
    let open: Vec<i32> = spans
        .iter()
        .filter(|s| s.ended_at.is_none())
        .map(|s| s.request_id)
        .collect();
    let paused: HashMap<i32, NaiveDate> = store::requests::paused_on(conn, &open)?
        .into_iter()
        .collect();
    let facts: Vec<dr::SpanFact> = spans
        .into_iter()
        .filter_map(|s| {
            Some(dr::SpanFact {
                unit: s.unit_id?,
                started_on: s.started_on,
                due_on: s.due_on,
                paused_days: s.paused_days.max(0) as u32,
                ended_on: s.ended_at.map(taipei_date),
                paused_on: s
                    .ended_at
                    .is_none()
                    .then(|| paused.get(&s.request_id).copied())
                    .flatten(),
                outcome: s.outcome,
            })
        })
        .collect();
    let lines: Vec<ReportLine> = dr::unit_stats(&cal, &facts, today)
        .into_iter()
        .filter_map(|(unit, stats)| {
            let unit = units.iter().find(|u| u.id == unit)?.clone();
            Some(ReportLine { unit, stats })
        })
        .collect();
    let total = dr::total(lines.iter().map(|l| &l.stats));
    let filed = store::requests::filed_between(conn, from, to)?
        .into_iter()
        .map(|(id, title, state, reason, dataset_id)| dr::FiledFact {
            id,
            title,
            state,
            reason,
            dataset_id,
        })
        .collect::<Vec<_>>();
    Ok(Report {
        from,
        to,
        lines,
        total,
        filed: dr::filed(&filed),
        reasons: store::requests::reasons(conn)?,
        errors: FieldErrors::default(),
    })
}

/// The reasons a unit may give for not releasing (organisers).
pub fn reasons(p: &Portal, who: &Person) -> Result<Vec<Reason>> {
    gate::organiser(who)?;
    p.read(|conn| Ok(store::requests::reasons(conn)?))
}

/// A reason as typed: a new one (`id` None) needs a code.
#[derive(Debug, Default, Clone)]
pub struct ReasonForm {
    pub id: Option<i32>,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub active: bool,
}

/// Adds a reason, or relabels one and switches it on or off.
pub fn save_reason(p: &Portal, who: &Person, f: ReasonForm) -> Result<()> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let code = text::code(&f.code);
    errors.text("label_zh", &f.label_zh, Rule::name(100).required());
    errors.text("label_en", &f.label_en, Rule::name(100).required());
    if f.id.is_none() && code.is_none() {
        errors.push("code", "error-reason-code");
    }
    let code = code.unwrap_or_default();
    errors.or(())?;
    let (zh, en) = (f.label_zh.trim(), f.label_en.trim());
    p.transaction(|conn| {
        match f.id {
            None => {
                if !store::requests::add_reason(conn, &code, zh, en)? {
                    return Err(Error::Taken {
                        field: "code",
                        message: "error-reason-code-taken",
                    });
                }
            }
            Some(id) => {
                if !store::requests::update_reason(conn, id, zh, en, f.active)? {
                    return Err(Error::NotFound);
                }
            }
        }
        // The board names refusal reasons by these labels.
        crate::service::changes::mark(&[crate::service::changes::Area::Requests]);
        audit(
            conn,
            who,
            if f.id.is_none() {
                "request-reason.add"
            } else {
                "request-reason.update"
            },
            "request_reason",
            f.id.unwrap_or(0),
            json!({ "code": code, "label_zh": zh, "label_en": en, "active": f.active }),
        )
    })
}
