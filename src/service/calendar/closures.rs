//! Office closures (停止上班): organisers record the days the government
//! closed offices, and the due dates of open requests move with them.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use crate::db::DbConn;
use crate::domain::calendar::Calendar;
use crate::domain::closure::{self, Area, ClosureForm, NewClosure};
use crate::domain::data_request as dr;
use crate::i18n::Lang;
use crate::service::changes;
use crate::service::gates::office as gate;
use crate::service::{audit, mail, now, Error, Person, Portal, Result};
use crate::store::{self, calendar::Closure};

/// The closures page: every closure recorded, and what the form offers.
pub struct ClosuresPage {
    /// The latest date first.
    pub closures: Vec<ClosureLine>,
    /// The area whose closures apply (`CLOSURE_AREA`).
    pub area: Area,
    /// The years a closure may be recorded in (those the calendar has).
    pub years: Vec<i32>,
}

pub struct ClosureLine {
    pub closure: Closure,
    /// The official calendar has the day off anyway: the closure moves nothing.
    pub already_off: bool,
}

/// A request whose due date a closure moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub request_id: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What recording or removing a closure did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: i32,
    pub applied: bool,
    pub moved: Vec<Moved>,
}

/// The area closures apply for, as configured.
pub fn applied_area(p: &Portal) -> Area {
    closure::area(&p.config.closure_area).unwrap_or(closure::AREAS[0])
}

pub fn page(p: &Portal, who: &Person) -> Result<ClosuresPage> {
    gate::organiser(who)?;
    p.read(|conn| {
        let cal = store::calendar::load(conn)?;
        Ok(ClosuresPage {
            closures: store::calendar::closures(conn)?
                .into_iter()
                .map(|c| ClosureLine {
                    already_off: cal.is_official_day_off(c.on_date),
                    closure: c,
                })
                .collect(),
            area: applied_area(p),
            years: store::calendar::years(conn)?,
        })
    })
}

/// The closure `id`, for the page that confirms its removal.
pub fn find(p: &Portal, who: &Person, id: i32) -> Result<Closure> {
    gate::organiser(who)?;
    p.read(|conn| store::calendar::find_closure(conn, id)?.ok_or(Error::NotFound))
}

/// Records a closure. For the portal's area it is a day off from now on,
/// and in the same transaction the due dates of the open requests it falls
/// in move on (each with a timeline event and a notification to its unit);
/// for another area it is recorded and changes nothing. The same date and
/// area twice is refused (409), even two at the same moment.
pub fn record(p: &Portal, who: &Person, form: &ClosureForm) -> Result<Outcome> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let years = store::calendar::years(conn)?;
        let c = NewClosure::parse(form, &years)?;
        let applied = c.area == applied_area(p);
        let at = now();
        let before = store::calendar::load(conn)?;
        let id = store::calendar::add_closure(
            conn,
            c.date,
            c.area.zh,
            &c.reference,
            applied,
            who.id,
            at,
        )
        // Two at once: the unique key refuses the second the same way.
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => taken(),
            other => Error::from(other),
        })?
        .ok_or_else(taken)?;
        changes::mark(&[changes::Area::Requests]);
        let moved = if applied {
            let after = store::calendar::load(conn)?;
            let change = DueChange {
                closure_on: c.date,
                reference: &c.reference,
                removed: false,
            };
            move_due_dates(conn, p, who, &before, &after, &change, at)?
        } else {
            Vec::new()
        };
        audit(
            conn,
            who,
            "calendar.closure-add",
            "office_closure",
            id,
            json!({
                "date": c.date.to_string(), "area": c.area.zh, "reference": c.reference,
                "applied": applied, "moved": moved_json(&moved),
            }),
        )?;
        Ok(Outcome { id, applied, moved })
    })
}

/// Removes a closure recorded by mistake, saying why: the due dates it
/// moved move back the same way, with their events and notifications.
pub fn remove(p: &Portal, who: &Person, id: i32, reason: &str) -> Result<Outcome> {
    gate::organiser(who)?;
    let reason = closure::removal_reason(reason)?;
    p.transaction(|conn| {
        let c = store::calendar::find_closure(conn, id)?.ok_or(Error::NotFound)?;
        let at = now();
        let before = store::calendar::load(conn)?;
        if !store::calendar::delete_closure(conn, id)? {
            return Err(Error::Stale("error-closure-gone"));
        }
        changes::mark(&[changes::Area::Requests]);
        let moved = if c.applied {
            let after = store::calendar::load(conn)?;
            let change = DueChange {
                closure_on: c.on_date,
                reference: &c.reference,
                removed: true,
            };
            move_due_dates(conn, p, who, &before, &after, &change, at)?
        } else {
            Vec::new()
        };
        audit(
            conn,
            who,
            "calendar.closure-remove",
            "office_closure",
            id,
            json!({
                "date": c.on_date.to_string(), "area": c.area, "reference": c.reference,
                "applied": c.applied, "reason": reason, "moved": moved_json(&moved),
            }),
        )?;
        Ok(Outcome {
            id,
            applied: c.applied,
            moved,
        })
    })
}

fn taken() -> Error {
    Error::Taken {
        field: "date",
        message: "error-closure-taken",
    }
}

fn moved_json(moved: &[Moved]) -> serde_json::Value {
    json!(moved
        .iter()
        .map(|m| json!({ "request": m.request_id, "from": m.from.to_string(), "to": m.to.to_string() }))
        .collect::<Vec<_>>())
}

/// The closure that changed the calendar.
struct DueChange<'a> {
    closure_on: NaiveDate,
    reference: &'a str,
    /// Removed by mistake (the dates move back) rather than recorded.
    removed: bool,
}

/// Counts the due date of every request whose clock runs or is paused
/// again on the calendar `after` (`dr::recount_due`, the rule routing uses);
/// each one that moves gets its new date on the request and its open span,
/// a timeline event, and one notification to each of its unit's reviewers.
/// Answered and closed requests keep their history.
fn move_due_dates(
    conn: &mut DbConn,
    p: &Portal,
    who: &Person,
    before: &Calendar,
    after: &Calendar,
    change: &DueChange,
    at: NaiveDateTime,
) -> Result<Vec<Moved>> {
    let mut moved = Vec::new();
    for r in store::requests::with_clock(conn)? {
        let (Some(started), Some(due), Some(unit)) = (r.routed_on, r.due_on, r.unit_id) else {
            continue;
        };
        let to = dr::recount_due(before, after, started, due);
        if to == due {
            continue;
        }
        store::requests::extend_span(conn, r.id, to, 0)?;
        let mut next = r.clone();
        next.due_on = Some(to);
        next.updated_at = at;
        // Changed since it was read (an answer at the same moment): all of
        // this is rolled back and the organiser tries again.
        if !store::requests::save(conn, &next)? {
            return Err(Error::Stale("error-request-stale"));
        }
        let (from_s, to_s, on_s) = (
            due.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
            change.closure_on.format("%Y-%m-%d").to_string(),
        );
        let action = if change.removed {
            "closure-removed"
        } else {
            "closure"
        };
        store::requests::add_event(
            conn,
            r.id,
            Some(who.id),
            action,
            r.state.as_str(),
            r.state.as_str(),
            "",
            &json!({
                "as": "organiser", "moved_from": from_s, "moved_to": to_s,
                "closure_on": on_s, "closure_reference": change.reference,
            }),
            at,
        )?;
        let page = format!("/requests/{}", r.id);
        let link = p.config.absolute_url(&page);
        for (_, email, locale) in store::requests::unit_reviewers(conn, unit)? {
            mail::notify(
                conn,
                p,
                &email,
                Lang::from_code(&locale).unwrap_or_default(),
                "request-due-moved",
                "emails/request_due_moved",
                "mail-request-due-moved-subject",
                json!({
                    "title": r.title, "from": from_s, "to": to_s, "closure_on": on_s,
                    "reference": change.reference, "removed": change.removed, "link": link,
                }),
                &page,
                at,
            )?;
        }
        moved.push(Moved {
            request_id: r.id,
            from: due,
            to,
        });
    }
    Ok(moved)
}
