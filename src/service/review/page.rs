//! One entry's review page: its content and pre-check, each declared
//! dataset beside the catalogue, what changed since the last decision, the
//! history of decisions, and what the viewer may do; and its proposal.

use chrono::NaiveDateTime;

use super::{context, Context};
use crate::db::DbConn;
use crate::domain::eligibility::{decider, ReviewState};
use crate::domain::entry::{self, Change, Check, EntryContent};
use crate::service::catalog::cards::Card;
use crate::service::entries::{declared_cards, of_content};
use crate::service::gates::review as gate;
use crate::service::teams::facts_of;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::catalog::Dataset;
use crate::store::contests::{Contest, Track};
use crate::store::eligibility::{DecisionRow, ReasonCode};
use crate::store::entries::Entry;
use crate::store::files::StoredFile;
use crate::store::{self, teams::Team};

/// An entry as its reviewer sees it.
pub struct Review {
    pub entry: Entry,
    pub content: EntryContent,
    pub track: Track,
    pub contest: Contest,
    pub team: Team,
    /// The catalogue's record of each declared dataset it knows.
    pub catalogue: Vec<Dataset>,
    /// The fitness card of each declared dataset the catalogue knows, by its id.
    pub cards: std::collections::BTreeMap<String, Card>,
    /// Every decision, newest first, with who made it.
    pub history: Vec<(DecisionRow, Option<String>)>,
    pub codes: Vec<ReasonCode>,
    /// What changed between the version last decided on and the one resubmitted.
    pub changes: Option<Vec<Change>>,
    pub checks: Vec<Check>,
    pub state: ReviewState,
    /// The viewer may decide (or, an organiser, change the decision).
    pub can_decide: bool,
    /// Deciding now changes a decision that stands, which needs a reason.
    pub needs_change_reason: bool,
    /// The viewer may confirm a failure as the second reviewer.
    pub can_confirm: bool,
    /// Changes upstream of the declared datasets (the watch's stamp).
    pub alerts: Vec<crate::store::watch::EntryAlert>,
    /// The challenge (出題) the entry answers.
    pub challenge: Option<crate::service::entries::Chosen>,
}

impl Review {
    pub fn current(&self) -> Option<&DecisionRow> {
        self.history.iter().map(|(d, _)| d).find(|d| d.is_current)
    }
}

/// The review page of entry `entry_id`, once its track's review is open.
pub fn page(p: &Portal, who: &Person, entry_id: i32) -> Result<Review> {
    let at = now();
    p.read(|conn| {
        let c = reviewable(conn, who, entry_id, at)?;
        let content = store::entries::content(conn, &c.entry)?;
        let history = store::eligibility::history(conn, entry_id)?;
        let current = history.iter().map(|(d, _)| d).find(|d| d.is_current);
        let changes = match current {
            Some(d) if c.entry.submitted_version > d.entry_version => match (
                store::entries::snapshot(conn, entry_id, d.entry_version)?,
                store::entries::snapshot(conn, entry_id, c.entry.submitted_version)?,
            ) {
                (Some(before), Some(after)) => Some(entry::diff(&before, &after)),
                _ => None,
            },
            _ => None,
        };
        let state = ReviewState::of(
            current.map(|d| d.current()).as_ref(),
            c.entry.submitted_version,
            c.still_open,
            at,
        );
        let member = c.member_ids().contains(&who.id);
        let can_confirm = state == ReviewState::AwaitingConfirmation
            && current.is_some_and(|d| d.decided_by != Some(who.id))
            && !member;
        let track_count = store::teams::track_ids(conn, &[c.team.id])?.len();
        let (checks, _) = of_content(
            conn,
            &c.track,
            &facts_of(&c.members, track_count),
            &content,
            c.entry.proposal_file_id.is_some(),
        )?;
        let mut catalogue = Vec::new();
        for d in &content.datasets {
            if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
                catalogue.push(ds);
            }
        }
        let cards = declared_cards(conn, &content.datasets)?;
        let declared: Vec<&str> = content
            .datasets
            .iter()
            .map(|d| d.dataset_id.as_str())
            .collect();
        let challenge =
            crate::service::entries::chosen_challenge(conn, content.challenge_id, &declared)?;
        Ok(Review {
            challenge,
            alerts: crate::service::catalog::watch::alerts(conn, entry_id)?,
            cards,
            can_decide: !member && decider(state, who.organises()).is_ok(),
            needs_change_reason: !state.decidable(),
            can_confirm,
            state,
            codes: store::eligibility::reason_codes(conn)?,
            changes,
            checks,
            catalogue,
            content,
            history,
            entry: c.entry,
            track: c.track,
            contest: c.contest,
            team: c.team,
        })
    })
}

/// The proposal of entry `entry_id`, for its reviewers.
pub fn proposal(p: &Portal, who: &Person, entry_id: i32) -> Result<StoredFile> {
    p.read(|conn| {
        let c = reviewable(conn, who, entry_id, now())?;
        let file_id = c.entry.proposal_file_id.ok_or(Error::NotFound)?;
        store::files::find(conn, file_id)?.ok_or(Error::NotFound)
    })
}

/// Entry `entry_id` under review, if `who` may review it now.
fn reviewable(
    conn: &mut DbConn,
    who: &Person,
    entry_id: i32,
    at: NaiveDateTime,
) -> Result<Context> {
    gate::reviewer(who)?;
    let c = context(conn, entry_id, at)?;
    gate::may_review(who, &c.contest, &c.track, &c.entry, at)?;
    Ok(c)
}
