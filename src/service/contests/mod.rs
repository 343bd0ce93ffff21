//! Contests: the public pages (home, archive, a contest, a track, a winner)
//! and the organisers' editor (editions with their Taipei-time timeline,
//! publishing, tracks with rules and prizes, track-wide deadline extensions).

mod editor;
mod public;
mod tracks;

pub use editor::{
    contest, contests, create, publish, update, ContestDraft, ContestEdit, Contests,
    TIMELINE_FIELDS,
};
pub(crate) use public::published_winners;
pub use public::{
    archive, contest_page, home, track_page, winner, Archive, ContestPage, CurrentContest, Home,
    TrackPage, Winner, WinnerPage,
};
pub use tracks::{
    extend_for_track, new_track, save_track, track, TrackDraft, TrackEdit, TrackTarget,
};

use chrono::NaiveDateTime;

use crate::domain::timeline::open_tracks;
use crate::store::contests::{Contest, Track};

/// The tracks of `c` open for registration at `at`.
pub(crate) fn open_now(c: &Contest, tracks: &[Track], at: NaiveDateTime) -> Vec<i32> {
    open_tracks(
        c.registration_opens_at,
        c.registration_closes_at,
        tracks.iter().map(|t| (t.id, t.registration_closes_at)),
        at,
    )
}
