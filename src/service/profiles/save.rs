//! The profile page and saving it.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::domain::profile::{parse_profile, refused_characters, Profile, ProfileInput};
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::accounts::mark_profile;
use crate::service::teams::TeamBundle;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::{self, profiles::ProfileRow, schools::School};

/// Longest school name a picked school fills in.
pub const SCHOOL_NAME_MAX: usize = 100;

/// A search of the school list (the form that works without JavaScript).
pub struct SchoolSearch {
    pub q: String,
    pub results: Vec<School>,
}

/// The profile page: what is saved, the school list, and a search or a
/// pick from it.
pub struct ProfilePage {
    pub saved: Option<ProfileRow>,
    pub schools: Vec<School>,
    pub search: Option<SchoolSearch>,
    /// A school picked from the search results, to fill in.
    pub picked: Option<String>,
    /// What was wrong with the search words or the pick.
    pub errors: FieldErrors,
    /// The university account this person signed in with last: a profile
    /// not saved yet starts from what it asserted.
    pub identity: Option<store::identities::Identity>,
}

/// `school_q`: words to search the school list for; `school`: a school
/// picked from its results. Characters no text may hold are refused with a
/// message on the page.
pub fn page(
    p: &Portal,
    who: &Person,
    school_q: Option<&str>,
    school: Option<&str>,
) -> Result<ProfilePage> {
    let mut errors = FieldErrors::default();
    let mut allowed = |field: &'static str, value: Option<&str>| {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        match text::refusal(value, Kind::Line) {
            Some(message) => {
                errors.push(field, message);
                None
            }
            None => Some(value.to_string()),
        }
    };
    let q = allowed("school_q", school_q);
    let picked = allowed("school", school).map(|s| s.chars().take(SCHOOL_NAME_MAX).collect());
    p.read(|conn| {
        let search = match q {
            Some(q) => Some(SchoolSearch {
                results: store::schools::search(conn, &q, 30)?,
                q,
            }),
            None => None,
        };
        Ok(ProfilePage {
            saved: store::profiles::find(conn, who.id)?,
            schools: store::schools::all(conn)?,
            search,
            picked,
            errors,
            identity: store::identities::latest_of(conn, who.id)?,
        })
    })
}

/// Saves the profile as typed. A school picked from the list (or typed
/// exactly) is that school; anything else is kept as typed and flagged for
/// the organisers. What a university sign-in asserted marks the school,
/// department and student status it bears out as verified (a change by
/// hand drops the mark).
pub fn save(p: &Portal, who: &Person, input: ProfileInput) -> Result<()> {
    let refused = refused_characters(&input);
    if !refused.is_empty() {
        return Err(FieldErrors::from(refused).into());
    }
    p.transaction(|conn| {
        let resolved = store::schools::find_by_name(conn, &input.school_name)?;
        let input = ProfileInput {
            school_code: resolved
                .as_ref()
                .map(|s| s.code.clone())
                .unwrap_or_default(),
            ..input
        };
        let profile = parse_profile(&input, |code| {
            resolved
                .as_ref()
                .filter(|s| s.code == code)
                .map(|s| s.name.clone())
        })
        .map_err(FieldErrors::from)?;
        let at = now();
        unlocked(conn, who.id, &profile, at)?;
        store::profiles::save(conn, who.id, &profile, at)?;
        if let Some(identity) = store::identities::latest_of(conn, who.id)? {
            mark_profile(
                conn,
                who.id,
                Some(&identity.provider),
                &identity.facts(),
                at,
            )?;
        }
        // The school, department and proof decide their teams' list flags.
        crate::service::teams::flags::refresh_for_user(conn, who.id)
    })
}

/// What may not change while the person is in a team: being a student or a
/// faculty member (it decides their place in the team), and, once the
/// team's registration has closed, the school and department its rules were
/// checked with.
fn unlocked(conn: &mut DbConn, uid: i32, new: &Profile, at: NaiveDateTime) -> Result<()> {
    let Some(old) = store::profiles::find(conn, uid)? else {
        return Ok(());
    };
    let active: Vec<_> = store::teams::teams_of_user(conn, uid)?
        .into_iter()
        .filter(|(t, role)| !t.withdrawn && role != store::teams::FORMER_STUDENT)
        .collect();
    if active.is_empty() {
        return Ok(());
    }
    if old.kind != new.kind.as_str() {
        return Err(Error::WrongState("error-profile-kind-locked"));
    }
    if old.school_name != new.school_name || old.department != new.department {
        for (team, _) in &active {
            if !TeamBundle::load(conn, team.id)?.registration_open(at) {
                return Err(Error::WrongState("error-profile-school-locked"));
            }
        }
    }
    Ok(())
}
