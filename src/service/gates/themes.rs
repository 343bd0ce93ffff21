//! Issue 15, themes: who sees that a dataset is recommended for a track.
//! Tagging itself is the organisers' (`gates::office::organiser`).

use crate::service::Person;
use crate::store::themes::TrackChoice;

/// A recommendation is shown where its contest is: a published contest's to
/// anyone, a draft's to organisers only (as `gates::contests::may_see`).
pub fn sees_recommendation(who: Option<&Person>, t: &TrackChoice) -> bool {
    t.published || who.is_some_and(Person::organises)
}
