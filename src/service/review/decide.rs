//! Deciding an entry (pass, fail with reasons, or a revision with what to
//! fix and by when), changing a decision that stands, and the second
//! reviewer's confirmation of a failure.

use serde_json::json;

use super::{context, notify_team, one_track};
use crate::domain::eligibility::{
    self, change_reason, parse_decision, visible_to_team, Decider, DecisionInput, ReviewState,
};
use crate::domain::timeline::parse_taipei_local;
use crate::domain::FieldErrors;
use crate::service::gates::review as gate;
use crate::service::{audit, judging, now, Error, Person, Portal, Result};
use crate::store::{self, eligibility::NewDecision};

/// The decision form as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    pub outcome: String,
    pub reasons: Vec<String>,
    pub message: String,
    pub fix_parts: Vec<String>,
    /// The revision's due time, as typed (Taipei time).
    pub due: String,
    pub change_reason: String,
    /// The decision the person saw when the form was loaded (`Some(None)`:
    /// none yet); `None` when the form did not say.
    pub seen: Option<Option<i32>>,
}

/// What a decision did, and where "save and next" goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub track_id: i32,
    /// The next entry of the track still waiting for a decision.
    pub next: Option<i32>,
    /// A failure waiting for a second reviewer before the team is told.
    pub awaiting_confirmation: bool,
}

/// Decides entry `entry_id`: a reviewer's decision on an entry waiting for
/// one, or an organiser's change of a decision that stands, with its reason.
/// The team is told (each member in their language) unless a failure waits
/// for a second reviewer. If someone decided since the form was loaded, or
/// at the same moment, nothing is written (`Stale`).
pub fn decide(p: &Portal, who: &Person, entry_id: i32, f: DecisionForm) -> Result<Decided> {
    gate::reviewer(who)?;
    p.transaction(|conn| {
        let at = now();
        let c = context(conn, entry_id, at)?;
        gate::may_review(who, &c.contest, &c.track, &c.entry, at)?;
        if c.team.withdrawn {
            return Err(Error::NotFound);
        }
        let current = store::eligibility::current(conn, entry_id)?;
        // The decision the person saw is no longer the current one.
        if f.seen
            .is_some_and(|seen| seen != current.as_ref().map(|d| d.id))
        {
            return Err(Error::Stale("error-decision-changed"));
        }
        let state = ReviewState::of(
            current.as_ref().map(|d| d.current()).as_ref(),
            c.entry.submitted_version,
            c.still_open,
            at,
        );
        let as_ = gate::deciding_as(who, &c.member_ids(), state)?;
        let mut errors = FieldErrors::default();
        let reason = match as_ {
            Decider::Organiser => errors.check(change_reason(&f.change_reason)),
            Decider::Reviewer => Some(String::new()),
        };
        let known: Vec<String> = store::eligibility::reason_codes(conn)?
            .into_iter()
            .filter(|c| c.active)
            .map(|c| c.code)
            .collect();
        let input = DecisionInput {
            outcome: f.outcome.clone(),
            reasons: f.reasons.clone(),
            message: f.message.clone(),
            fix_parts: f.fix_parts.clone(),
            revision_due_at: parse_taipei_local(&f.due),
        };
        let decision = match parse_decision(&input, &known, at) {
            Ok(d) => Some(d),
            Err(list) => {
                errors.merge(list.into());
                None
            }
        };
        let (Some(decision), Some(reason)) = (decision, reason) else {
            return Err(Error::Invalid(errors));
        };
        let needs_confirmation =
            !visible_to_team(decision.outcome, c.track.second_review_for_fail, false);
        // Recorded only in place of the decision read above; someone
        // deciding at the same moment makes this one stale.
        let recorded = store::eligibility::record_replacing(
            conn,
            current.as_ref().map(|d| d.id),
            &NewDecision {
                entry_id,
                decision: &decision,
                entry_version: c.entry.submitted_version,
                needs_confirmation,
                by: who.id,
                change_reason: &reason,
            },
            at,
        )
        .map_err(|e| match Error::from(e) {
            Error::Stale(_) => Error::Stale("error-decision-changed"),
            other => other,
        })?;
        let id = recorded.ok_or(Error::Stale("error-decision-changed"))?;
        // A pass puts the entry in its rounds' ranking; anything else takes it out.
        judging::refresh_entry(conn, entry_id)?;
        audit(
            conn,
            who,
            match as_ {
                Decider::Reviewer => "eligibility.decide",
                Decider::Organiser => "eligibility.change",
            },
            "entry",
            entry_id,
            json!({
                "decision_id": id, "outcome": decision.outcome.as_str(),
                "reasons": decision.reasons, "change_reason": reason,
            }),
        )?;
        if !needs_confirmation {
            notify_team(conn, p, &c.entry, decision.outcome, at)?;
        }
        // The next entry waiting for a first look (again), in id order.
        let waiting: Vec<ReviewState> = ReviewState::ALL
            .into_iter()
            .filter(|s| s.waiting())
            .collect();
        let scope = one_track(&c.contest, &c.track, at);
        let next = store::review::lines(conn, &scope, Some(&waiting), Some((0, 2)))?
            .into_iter()
            .find(|q| q.id != entry_id)
            .map(|q| q.id);
        Ok(Decided {
            track_id: c.track.id,
            next,
            awaiting_confirmation: needs_confirmation,
        })
    })
}

/// A second reviewer confirms a failure that waits for a second look; the
/// team is told then.
pub fn confirm_second(p: &Portal, who: &Person, entry_id: i32) -> Result<()> {
    gate::reviewer(who)?;
    p.transaction(|conn| {
        let at = now();
        let c = context(conn, entry_id, at)?;
        let current = store::eligibility::current(conn, entry_id)?.ok_or(Error::NotFound)?;
        // Only a failure that waits for a second look can be confirmed.
        let open = eligibility::review_open(
            c.contest.submission_deadline_at,
            c.track.submission_deadline_at,
            at,
        );
        if !current.needs_confirmation
            || current.confirmed_by.is_some()
            || c.team.withdrawn
            || !open
        {
            return Err(Error::NotFound);
        }
        gate::second_reviewer(who, &c.member_ids(), &current)?;
        if !store::eligibility::confirm(conn, current.id, who.id, at)? {
            return Err(Error::Stale("error-decision-changed"));
        }
        audit(
            conn,
            who,
            "eligibility.confirm",
            "entry",
            entry_id,
            json!({ "decision_id": current.id }),
        )?;
        notify_team(conn, p, &c.entry, current.outcome, at)
    })
}
