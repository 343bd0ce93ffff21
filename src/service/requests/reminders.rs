//! Reminding business units of data requests coming due.

use chrono::NaiveDate;
use serde_json::json;

use crate::db;
use crate::domain::data_request as dr;
use crate::i18n::Lang;
use crate::service::{mail, now, Portal, Result};
use crate::store;

/// Reminds the unit's reviewers of requests due in 3 working days and due
/// today. Each reminder is claimed with a conditional update first, so two
/// replicas running this at the same moment send it once. Returns how many
/// requests were reminded about.
pub fn remind_due(p: &Portal, today: NaiveDate) -> Result<usize> {
    let mut conn = p.conn()?;
    let cal = store::calendar::load(&mut conn)?;
    let mut sent = 0;
    for r in store::requests::running(&mut conn)? {
        let (Some(due), Some(unit)) = (r.due_on, r.unit_id) else {
            continue;
        };
        let c = dr::clock(&cal, due, r.paused_on, today);
        let due_today = c.days_left == 0 && c.due_on == today;
        if !(due_today || c.days_left == 3) {
            continue;
        }
        let claimed = db::transaction(&mut conn, |conn| -> Result<bool> {
            if !store::requests::claim_reminder(conn, r.id, due_today, c.due_on)? {
                return Ok(false);
            }
            let at = now();
            let page = format!("/requests/{}", r.id);
            for (_, email, locale) in store::requests::unit_reviewers(conn, unit)? {
                mail::notify(
                    conn,
                    p,
                    &email,
                    Lang::from_code(&locale).unwrap_or_default(),
                    "request-reminder",
                    "emails/request_reminder",
                    if due_today {
                        "mail-request-due-today-subject"
                    } else {
                        "mail-request-due-soon-subject"
                    },
                    json!({
                        "title": r.title, "due": c.due_on.format("%Y-%m-%d").to_string(),
                        "days": c.days_left, "today": due_today,
                        "link": p.config.absolute_url(&page),
                    }),
                    &page,
                    at,
                )?;
            }
            Ok(true)
        })?;
        if claimed {
            sent += 1;
        }
    }
    Ok(sent)
}
