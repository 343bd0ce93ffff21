//! A team's entry (作品) in one track: its page with the pre-check and the
//! dataset search, saving and submitting versions (a stale save rolls back
//! and says so), the proposal PDF, comparing versions, advisors'
//! endorsement, and the organisers' list of a contest's entries.

mod challenge;
mod organiser;
mod page;
mod precheck;
mod save;

pub use challenge::Chosen;
pub(crate) use challenge::{choices as challenge_choices, chosen as chosen_challenge};
pub use organiser::{
    organiser_csv, organiser_csv_part, organiser_list, EntryChunk, EntryList, EntryListHead,
    ListedEntry,
};
pub use page::{
    compare, field_choices, field_list, find_datasets, page, proposal, Comparison, Found, Page,
    Shown,
};
pub(crate) use precheck::{
    declared_cards, kept as kept_prechecks, of_content, of_entries,
    passed_by_version as prechecks_passed_by_version,
};
pub use precheck::{PrecheckOutcome, Prechecked};
pub use save::{endorse, save, submit, upload_proposal, Draft, ProposalFile, Saved, Upload};

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::domain::entry::{submission_deadline, EntryContent, Window};
use crate::service::teams::TeamBundle;
use crate::service::{Error, Result};
use crate::store::{self, contests::Track, eligibility::DecisionRow, entries::Entry};

/// The largest proposal accepted.
pub const PROPOSAL_MAX_BYTES: usize = 20 * 1024 * 1024;

/// A team's entry in one track with everything its rules need, read in the
/// caller's transaction (also by `service::consults`).
pub(crate) struct TeamEntry {
    pub(crate) bundle: TeamBundle,
    pub(crate) track: Track,
    pub(crate) entry: Option<Entry>,
    content: EntryContent,
    /// The eligibility decision the team may see.
    decision: Option<DecisionRow>,
    pub(crate) window: Window,
}

impl TeamEntry {
    fn version(&self) -> i32 {
        self.entry.as_ref().map_or(0, |e| e.version)
    }

    fn role_of(&self, user_id: i32) -> Option<&str> {
        self.bundle.role_of(user_id)
    }
}

/// The entry of team `team_id` in track `track_id` (not found when the team
/// did not enter that track).
pub(crate) fn load(conn: &mut DbConn, team_id: i32, track_id: i32) -> Result<TeamEntry> {
    let bundle = TeamBundle::load(conn, team_id)?;
    if !bundle.track_ids.contains(&track_id) {
        return Err(Error::NotFound);
    }
    let track = bundle
        .all_tracks
        .iter()
        .find(|t| t.id == track_id)
        .cloned()
        .ok_or(Error::NotFound)?;
    let entry = store::entries::find(conn, team_id, track_id)?;
    let (content, decision) = match &entry {
        Some(e) => (
            store::entries::content(conn, e)?,
            store::eligibility::current(conn, e.id)?.filter(|d| d.visible()),
        ),
        None => (EntryContent::default(), None),
    };
    let window = window_of(&bundle, &track, decision.as_ref());
    Ok(TeamEntry {
        bundle,
        track,
        entry,
        content,
        decision,
        window,
    })
}

/// The submission window of a team in a track.
fn window_of(bundle: &TeamBundle, track: &Track, decision: Option<&DecisionRow>) -> Window {
    Window {
        opens: bundle.contest.registration_opens_at,
        deadline: team_deadline(
            bundle.contest.submission_deadline_at,
            track,
            &bundle.extensions,
            bundle.team.id,
        ),
        withdrawn: bundle.team.withdrawn,
        revision: decision.and_then(DecisionRow::revision),
    }
}

/// The submission deadline of team `team_id` in `track`, with its own
/// extensions among `extensions`.
pub(crate) fn team_deadline(
    contest_deadline: Option<NaiveDateTime>,
    track: &Track,
    extensions: &[store::teams::Extension],
    team_id: i32,
) -> Option<NaiveDateTime> {
    submission_deadline(
        contest_deadline,
        track.submission_deadline_at,
        extensions
            .iter()
            .filter(|x| x.team_id == team_id && x.deadline == "submission")
            .map(|x| x.until_at),
    )
}
