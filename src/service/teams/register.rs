//! Registering a team: a student with a profile, while a track of the
//! contest is open, once per contest; the name is unique in the contest.

use chrono::NaiveDateTime;
use serde_json::json;

use super::{distinct, history, unique_means, Joining};
use crate::db::DbConn;
use crate::domain::profile::PersonKind;
use crate::domain::team::{self, MemberRole, TeamName, TrackRules};
use crate::domain::timeline::open_tracks;
use crate::domain::FieldErrors;
use crate::security;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, contests::Contest, contests::Track};

/// What the registration form offers: the contest and its open tracks.
pub struct RegisterForm {
    pub contest: Contest,
    pub tracks: Vec<Track>,
}

/// A team as typed on the registration form.
#[derive(Debug, Clone, Default)]
pub struct NewTeam {
    pub name: String,
    pub tracks: Vec<i32>,
}

/// Whether `who` may register a team for the contest of `year` now, and the
/// form if so. A draft or unknown contest is not found; faculty and closed
/// registration are refused; a student already in a team is sent there.
pub fn registration(p: &Portal, who: &Person, year: i32) -> Result<Joining<RegisterForm>> {
    p.read(|conn| ready(conn, who, year, now()))
}

/// The checks before registering, in the order the student meets them.
fn ready(
    conn: &mut DbConn,
    who: &Person,
    year: i32,
    at: NaiveDateTime,
) -> Result<Joining<RegisterForm>> {
    let contest = store::contests::find_by_year(conn, year)?
        .filter(|c| c.published)
        .ok_or(Error::NotFound)?;
    if let Some(team) = store::teams::student_team(conn, contest.id, who.id)? {
        return Ok(Joining::InTeam(team.id));
    }
    let Some(profile) = store::profiles::find(conn, who.id)? else {
        return Ok(Joining::NeedsProfile);
    };
    team::may_register(person_kind(&profile.kind)?).map_err(Error::Refused)?;
    let tracks = store::contests::tracks_of(conn, contest.id)?;
    let open = open_tracks(
        contest.registration_opens_at,
        contest.registration_closes_at,
        tracks.iter().map(|t| (t.id, t.registration_closes_at)),
        at,
    );
    if open.is_empty() {
        return Err(Error::Refused("error-registration-closed"));
    }
    Ok(Joining::Ready(RegisterForm {
        contest,
        tracks: tracks
            .into_iter()
            .filter(|t| open.contains(&t.id))
            .collect(),
    }))
}

/// A profile's kind, as stored; a kind the code does not know is an error.
pub(super) fn person_kind(stored: &str) -> Result<PersonKind> {
    PersonKind::parse(stored)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("unknown person kind stored: {stored:?}")))
}

/// Registers `t` for the contest of `year` with `who` as its captain. A name
/// already used in the contest is refused beside the name (409), also when
/// another student registers it at the same moment; nothing is written then.
pub fn register(p: &Portal, who: &Person, year: i32, t: &NewTeam) -> Result<Joining<i32>> {
    p.transaction(|conn| {
        let at = now();
        let form = match ready(conn, who, year, at)? {
            Joining::Ready(form) => form,
            Joining::InTeam(id) => return Ok(Joining::InTeam(id)),
            Joining::NeedsProfile => return Ok(Joining::NeedsProfile),
        };
        let chosen = distinct(&t.tracks);
        let offered: Vec<(i32, TrackRules)> =
            form.tracks.iter().map(|t| (t.id, t.rules())).collect();
        let mut errors = FieldErrors::default();
        let name = errors.check(TeamName::parse(&t.name));
        if let Err(m) = team::track_choice(&chosen, &offered) {
            errors.push("tracks", m);
        }
        let Some(name) = name.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let contest_id = form.contest.id;
        let taken = Error::Taken {
            field: "name",
            message: "error-team-name-taken",
        };
        if store::teams::name_taken(conn, contest_id, name.as_str(), None)? {
            return Err(taken);
        }
        let (m, a) = (security::random_token(), security::random_token());
        let team = store::teams::insert(conn, contest_id, name.as_str(), who.id, (&m, &a), at)
            .map_err(|e| unique_means(e, taken))?;
        store::teams::set_tracks(conn, team.id, &chosen)?;
        // The same student registering twice at once: the seat is one.
        store::teams::add_member(conn, &team, who.id, MemberRole::Student, at)
            .map_err(|e| unique_means(e, Error::Stale("error-already-in-team")))?;
        super::flags::refresh(conn, &[team.id])?;
        history(
            conn,
            team.id,
            who.id,
            "team.create",
            json!({ "name": team.name, "tracks": chosen }),
            at,
        )?;
        audit(
            conn,
            who,
            "team.create",
            "team",
            team.id,
            json!({ "contest_id": contest_id, "name": team.name }),
        )?;
        Ok(Joining::Ready(team.id))
    })
}
