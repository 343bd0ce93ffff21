//! Acting on a request: routing it to a unit with its deadline, the unit's
//! answers, the requester's, closing, releasing; following and comments.

use chrono::NaiveDateTime;
use serde_json::{json, Value as Json};

use crate::db::DbConn;
use crate::domain::catalog::{DatasetRecord, Source};
use crate::domain::data_request::{self as dr, Action, Actor, Change, ChangeForm, State};
use crate::domain::text::Rule;
use crate::domain::FieldErrors;
use crate::i18n::Lang;
use crate::service::changes::{self, Area};
use crate::service::gates::requests as gate;
use crate::service::{audit, mail, now, taipei_date, today, Error, Person, Portal, Result};
use crate::store::{self, requests::Request};

/// Routes request `id` to business unit `unit_id`: its clock starts and it
/// falls due REQUEST_DUE_DAYS working days later on the office calendar.
/// `version` is the request as the organiser saw it; if anyone changed it
/// since (or routed it at the same moment), nothing is written (409).
pub fn route(
    p: &Portal,
    who: &Person,
    id: i32,
    unit_id: i32,
    version: i32,
    message: &str,
) -> Result<()> {
    let form = ChangeForm {
        message: message.to_string(),
        unit_id: unit_id.to_string(),
        ..ChangeForm::default()
    };
    let change = Change::parse(Action::Route, &form, today())?;
    p.transaction(|conn| apply(conn, p, who, id, &change, &form.message, version, None))
}

/// Takes `action` on request `id` with what the form says. A dataset id is
/// confirmed on data.gov.tw when the catalogue does not know it, and always
/// for a release; the confirmed record is stored with the change, and only
/// if the change is made.
pub async fn act(
    p: &Portal,
    who: &Person,
    id: i32,
    action: Action,
    form: ChangeForm,
    version: i32,
) -> Result<()> {
    let parsed = Change::parse(action, &form, today());
    // Who may act is said before what is wrong with the form.
    let (viewer, known) = {
        let (who, dataset) = (
            who.clone(),
            parsed
                .as_ref()
                .ok()
                .and_then(|c| c.dataset_id().map(String::from)),
        );
        p.blocking(move |p| {
            p.read(|conn| {
                let r = store::requests::find(conn, id)?.ok_or(Error::NotFound)?;
                gate::acting_as(&who, &r, action)?;
                let known = match dataset {
                    Some(d) => store::catalog::find_by_source_id(conn, &d)?.is_some(),
                    None => true,
                };
                Ok((who, known))
            })
        })
        .await?
    };
    let change = parsed?;
    let fetched = match change.dataset_id() {
        Some(d) if action == Action::Publish || !known => {
            match p.catalog.fetch(Source::DataGov, d).await {
                Ok(record) => Some(record),
                Err(e) => {
                    tracing::info!(dataset = %d, error = %e, "dataset id not confirmed");
                    return Err(Error::field("dataset_id", "error-request-dataset-unknown"));
                }
            }
        }
        _ => None,
    };
    p.blocking(move |p| {
        p.transaction(|conn| {
            apply(
                conn,
                p,
                &viewer,
                id,
                &change,
                &form.message,
                version,
                fetched.as_ref(),
            )
        })
    })
    .await
}

/// The one place a request changes state, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
fn apply(
    conn: &mut DbConn,
    p: &Portal,
    who: &Person,
    id: i32,
    change: &Change,
    message: &str,
    version: i32,
    fetched: Option<&DatasetRecord>,
) -> Result<()> {
    let mut r = store::requests::find(conn, id)?.ok_or(Error::NotFound)?;
    let action = change.action();
    let actor = gate::acting_as(who, &r, action)?;
    if r.version != version {
        return Err(Error::Stale("error-request-stale"));
    }
    let from = r.state;
    let to = dr::transition(from, action, actor).map_err(|e| match e {
        dr::Refusal::NotYours => Error::Forbidden,
        dr::Refusal::WrongState => Error::WrongState("error-request-state"),
    })?;
    let cal = store::calendar::load(conn)?;
    let (at, day) = (now(), taipei_date(now()));
    let mut detail = json!({ "as": match actor { Actor::Requester => "requester", Actor::Organiser => "organiser", Actor::Unit => "unit" } });
    if actor == Actor::Unit {
        // Credited to the unit that acted, even after re-routing.
        detail["unit_id"] = json!(r.unit_id);
    }
    match change {
        Change::Route { unit_id } => {
            let unit = store::units::find(conn, *unit_id)?
                .filter(|u| u.active)
                .ok_or_else(|| Error::field("unit_id", "error-request-unit"))?;
            let d = dr::deadline(&cal, day, p.config.request_due_days);
            r.unit_id = Some(unit.id);
            r.routed_on = Some(d.starts_on);
            r.due_on = Some(d.due_on);
            r.paused_on = None;
            r.reminded_before_on = None;
            r.reminded_due_on = None;
            store::requests::start_span(conn, id, unit.id, d.starts_on, d.due_on)?;
            detail["unit_id"] = json!(unit.id);
            detail["due_on"] = json!(d.due_on.format("%Y-%m-%d").to_string());
        }
        Change::CloseAvailable { dataset_id } | Change::Publish { dataset_id } => {
            r.dataset_id = Some(dataset_id.clone());
            detail["dataset_id"] = json!(dataset_id);
        }
        Change::CloseDuplicate { of } => {
            let ok = *of != id
                && store::requests::find(conn, *of)?.is_some_and(|o| o.state != State::Withdrawn);
            if !ok {
                return Err(Error::field("duplicate_of", "error-request-duplicate"));
            }
            r.duplicate_of = Some(*of);
            detail["duplicate_of"] = json!(of);
        }
        Change::AskInfo => r.paused_on = Some(day),
        Change::Answer => {
            if let (Some(due), Some(paused)) = (r.due_on, r.paused_on) {
                let new_due = dr::resume_due(&cal, due, paused, day);
                let n = dr::paused_days(&cal, paused, day);
                store::requests::extend_span(conn, id, new_due, n as i32)?;
                r.due_on = Some(new_due);
                detail["due_on"] = json!(new_due.format("%Y-%m-%d").to_string());
                detail["paused_days"] = json!(n);
            }
            r.paused_on = None;
        }
        Change::HandBack => {
            store::requests::end_span(conn, id, "hand-back", at)?;
            detail["unit_id"] = json!(r.unit_id);
            r.unit_id = None;
            r.routed_on = None;
            r.due_on = None;
            r.paused_on = None;
        }
        Change::Approve { expected_on } => {
            r.expected_on = Some(*expected_on);
            detail["expected_on"] = json!(expected_on.format("%Y-%m-%d").to_string());
        }
        Change::Reject { reason } => {
            if !store::requests::reasons(conn)?
                .iter()
                .any(|x| x.active && &x.code == reason)
            {
                return Err(Error::field("reason", "error-request-reason"));
            }
            r.reason_code = Some(reason.clone());
            detail["reason"] = json!(reason);
        }
        Change::Withdraw if from.with_unit() => {
            store::requests::end_span(conn, id, "withdraw", at)?;
        }
        Change::CloseOutOfScope | Change::Withdraw => {}
    }
    // A dataset confirmed live goes into the catalogue with the change.
    if let Some(record) = fetched {
        crate::service::catalog::keep_record(conn, record, at)?;
    }
    // The unit's first answer is what the deadline measures; an organiser
    // entering a release closes the span without one.
    if action == Action::Publish && actor == Actor::Organiser && from.with_unit() {
        store::requests::end_span(conn, id, "organiser-publish", at)?;
    } else if action.is_answer() && r.answered_at.is_none() {
        if let (Some(routed), Some(due)) = (r.routed_on, r.due_on) {
            let paused: i32 = store::requests::spans(conn, id)?
                .last()
                .map(|s| s.paused_days)
                .unwrap_or(0);
            let timing = dr::answer_timing(&cal, routed, due, paused.max(0) as u32, day);
            r.answered_at = Some(at);
            r.answered_days = Some(timing.working_days as i32);
            r.answered_in_time = Some(timing.in_time);
        }
        store::requests::end_span(conn, id, action.as_str(), at)?;
    }
    r.state = to;
    r.updated_at = at;
    // Saved only if nobody saved it since it was read; otherwise everything
    // above (the span included) is rolled back with this refusal.
    if !store::requests::save(conn, &r)? {
        return Err(Error::Stale("error-request-stale"));
    }
    changes::mark(&[Area::Requests]);
    r.version += 1;
    store::requests::add_event(
        conn,
        id,
        Some(who.id),
        action.as_str(),
        from.as_str(),
        to.as_str(),
        message,
        &detail,
        at,
    )?;
    notify(conn, p, &r, action, message, who.id, at)?;
    audit(
        conn,
        who,
        &format!("request.{}", action.as_str()),
        "data_request",
        id,
        detail,
    )
}

/// Tells the requester and followers about a change (not the person who
/// made it), and the unit's reviewers when the request reaches them; each in
/// their own language. A question to the requester goes with the news.
fn notify(
    conn: &mut DbConn,
    p: &Portal,
    r: &Request,
    action: Action,
    message: &str,
    actor: i32,
    at: NaiveDateTime,
) -> Result<()> {
    let link = p.config.absolute_url(&format!("/requests/{}", r.id));
    let mut people: Vec<(i32, String, String)> = store::requests::follower_addresses(conn, r.id)?;
    if let Some(u) = store::users::find(conn, r.requester_id)? {
        if !people.iter().any(|x| x.0 == u.id) {
            people.push((u.id, u.email, u.locale));
        }
    }
    let send = |conn: &mut DbConn,
                people: Vec<(i32, String, String)>,
                page: &str,
                kind: &str,
                template: &str,
                subject: &str,
                data: &dyn Fn(Lang) -> Json|
     -> Result<()> {
        for (uid, email, locale) in people {
            if uid == actor {
                continue;
            }
            let lang = Lang::from_code(&locale).unwrap_or_default();
            mail::notify(
                conn,
                p,
                &email,
                lang,
                kind,
                template,
                subject,
                data(lang),
                page,
                at,
            )?;
        }
        Ok(())
    };
    if let (Some(unit), true) = (r.unit_id, matches!(action, Action::Route | Action::Answer)) {
        let reviewers = store::requests::unit_reviewers(conn, unit)?;
        let due = r.due_on.map(|d| d.format("%Y-%m-%d").to_string());
        let queue = p.config.absolute_url("/unit/requests");
        send(
            conn,
            reviewers,
            "/unit/requests",
            "request-routed",
            "emails/request_unit",
            "mail-request-unit-subject",
            &|_| json!({ "title": r.title, "due": due, "link": queue, "answered": action == Action::Answer }),
        )?;
    }
    let page = format!("/requests/{}", r.id);
    send(
        conn,
        people,
        &page,
        "request-update",
        "emails/request_update",
        "mail-request-update-subject",
        &|_| {
            json!({
                "title": r.title, "link": link,
                "state": mail::message(format!("request-state-{}", r.state.as_str())),
                "question": (action == Action::AskInfo && !message.trim().is_empty()).then(|| message.trim()),
            })
        },
    )
}

/// Follows or unfollows a request; returns whether `who` follows it now.
pub fn follow(p: &Portal, who: &Person, id: i32) -> Result<bool> {
    p.transaction(|conn| {
        let r = store::requests::find(conn, id)?.ok_or(Error::NotFound)?;
        gate::may_see(Some(who), &r)?;
        changes::mark(&[Area::Requests]);
        Ok(store::requests::toggle_follow(conn, id, who.id, now())?)
    })
}

/// Adds a comment to the thread of request `id`.
pub fn comment(p: &Portal, who: &Person, id: i32, body: &str) -> Result<()> {
    p.transaction(|conn| {
        let r = store::requests::find(conn, id)?.ok_or(Error::NotFound)?;
        let voice = gate::comment_voice(who, &r)?;
        let mut errors = FieldErrors::default();
        errors.text("body", body, Rule::paragraph(dr::MESSAGE_MAX).required());
        errors.or(())?;
        store::requests::add_comment(conn, id, who.id, &voice, body.trim(), now())?;
        changes::mark(&[Area::Requests]);
        Ok(())
    })
}

/// Hides a comment from the public thread, or shows it again (organisers).
pub fn hide_comment(p: &Portal, who: &Person, id: i32, comment_id: i32, hide: bool) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let at = hide.then(now);
        if !store::requests::set_hidden(conn, id, comment_id, hide.then_some(who.id), at)? {
            return Err(Error::NotFound);
        }
        changes::mark(&[Area::Requests]);
        audit(
            conn,
            who,
            if hide {
                "request.comment-hide"
            } else {
                "request.comment-show"
            },
            "data_request",
            id,
            json!({ "comment_id": comment_id }),
        )
    })
}
