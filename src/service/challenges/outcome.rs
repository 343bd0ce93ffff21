//! What came of a challenge (出題), for the unit that set it: the teams that
//! chose it, how far their entries went, the data requests naming it, the
//! eligible entries once reviewed, and the unit's registration for the
//! winners' sharing session; the unit told when its track's results are
//! published; and the figures the dashboard, the pack and the archive show.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::json;

use crate::db::DbConn;
use crate::domain::challenge::ChallengeState;
use crate::domain::challenge_outcome::{self as rules, Counts, RegistrationInput};
use crate::domain::sharing::session_over;
use crate::i18n::Lang;
use crate::service::gates::challenge_outcomes as gate;
use crate::service::{audit, mail, now, today, Error, Person, Portal, Result};
use crate::store::challenge_outcomes::{self as outcomes, Registration, Which};
use crate::store::challenges::Challenge;
use crate::store::contests::{Contest, Track};
use crate::store::sharing::Session;
use crate::store::units::Unit;
use crate::store::{self};

/// The notification kind of "your challenge's track has its results".
pub const KIND_RESULTS: &str = "challenge-results";

/// An eligible entry that answers the challenge.
#[derive(Debug, Clone)]
pub struct AnsweringEntry {
    pub team: String,
    pub title: String,
    /// Its public page, if it has one (a winner's page once results are
    /// published).
    pub link: Option<String>,
    /// It won a prize (results published).
    pub won: bool,
}

/// The unit's view of what came of one challenge.
pub struct Outcome {
    pub challenge: Challenge,
    pub contest: Contest,
    pub track: Track,
    pub unit: Option<Unit>,
    pub counts: Counts,
    /// Entries that passed the eligibility review (none before it).
    pub eligible: Vec<AnsweringEntry>,
    /// The contest's sharing sessions not yet held, which the unit may
    /// register for.
    pub sessions: Vec<Session>,
    /// The unit's registrations for this challenge.
    pub registrations: Vec<Registration>,
    /// The viewer may register (one of the unit's reviewers, the challenge
    /// published).
    pub may_register: bool,
}

fn challenge(conn: &mut DbConn, id: i32) -> Result<Challenge> {
    store::challenges::find(conn, id)?.ok_or(Error::NotFound)
}

/// What came of challenge `id`, for its unit's reviewers and organisers.
pub fn outcome(p: &Portal, who: &Person, id: i32) -> Result<Outcome> {
    p.read(|conn| {
        let c = challenge(conn, id)?;
        gate::may_see_outcome(who, &c)?;
        let contest = store::contests::find(conn, c.contest_id)?.ok_or(Error::NotFound)?;
        let track = store::contests::find_track(conn, c.track_id)?.ok_or(Error::NotFound)?;
        let counts = outcomes::counts(conn, Which::Ids(&[id]))?
            .remove(&id)
            .unwrap_or_default();
        let winners: Vec<i32> = outcomes::winners_of(conn, &[id])?
            .into_iter()
            .map(|w| w.1)
            .collect();
        let eligible = outcomes::eligible_entries(conn, &[id])?
            .into_iter()
            .map(|e| {
                let won = winners.contains(&e.entry_id);
                AnsweringEntry {
                    link: won.then(|| {
                        format!(
                            "/contests/{}/tracks/{}/winners/{}",
                            e.contest_year, e.track_id, e.entry_id
                        )
                    }),
                    won,
                    team: e.team,
                    title: e.title,
                }
            })
            .collect();
        let day = today();
        let sessions = store::sharing::sessions_of(conn, c.contest_id)?
            .into_iter()
            .filter(|s| !session_over(s.held_on, day))
            .collect();
        let registrations = outcomes::registrations(conn, &[], &[id])?;
        Ok(Outcome {
            unit: store::units::find(conn, c.unit_id)?,
            may_register: crate::service::gates::challenges::unit_owns(who, &c).is_ok()
                && c.state.is_public(),
            challenge: c,
            contest,
            track,
            counts,
            eligible,
            sessions,
            registrations,
        })
    })
}

/// The unit registers for a sharing session of the challenge's contest
/// (one of its reviewers; the challenge published; a session not yet
/// held): how many will come and a note. Once per challenge and session:
/// a second registration, or two at once, is refused (409) and nothing is
/// written. Audited.
pub fn register_for_sharing(
    p: &Portal,
    who: &Person,
    id: i32,
    input: &RegistrationInput,
) -> Result<i32> {
    p.transaction(|conn| {
        let c = challenge(conn, id)?;
        crate::service::gates::challenges::unit_owns(who, &c)?;
        if !c.state.is_public() {
            return Err(Error::WrongState(
                "error-sharing-registration-not-published",
            ));
        }
        let r = input.checked()?;
        let session = store::sharing::find_session(conn, r.session_id)?
            .filter(|s| s.contest_id == c.contest_id)
            .ok_or_else(|| Error::field("session", "error-sharing-registration-session"))?;
        if session_over(session.held_on, today()) {
            return Err(Error::field("session", "error-sharing-registration-over"));
        }
        let taken = || Error::Taken {
            field: "session",
            message: "error-sharing-registered-already",
        };
        if outcomes::registrations(conn, &[], &[id])?
            .iter()
            .any(|x| x.session_id == session.id)
        {
            return Err(taken());
        }
        let at = now();
        let reg = outcomes::register(conn, id, session.id, r.attendees, &r.note, who.id, at)
            .map_err(|e| match Error::from(e) {
                // Two of the unit's reviewers at the same moment: one wins.
                Error::Stale(_) => taken(),
                other => other,
            })?;
        audit(
            conn,
            who,
            "challenge.sharing.register",
            "challenge",
            id,
            json!({ "session": session.id, "attendees": r.attendees }),
        )?;
        Ok(reg)
    })
}

/// The units' registrations for a contest's sharing session, for its
/// organisers' page (read inside the caller's read).
pub(crate) fn registrations_for(conn: &mut DbConn, session_id: i32) -> Result<Vec<Registration>> {
    Ok(outcomes::registrations(conn, &[session_id], &[])?)
}

/// Tells the reviewers of each unit with a published challenge on the
/// track that its results are published, each in their own language, with
/// a link to the challenge's outcome view; each challenge once, however
/// often results are published again. Call inside the transaction that
/// publishes. Returns how many challenges were told about.
pub(crate) fn tell_units(
    conn: &mut DbConn,
    p: &Portal,
    track: &Track,
    at: NaiveDateTime,
) -> Result<usize> {
    let contest = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
    let mut told = 0;
    for c in store::challenges::published_of_track(conn, track.id)? {
        if !rules::to_notify(c.state, c.results_notified_at)
            || !store::challenges::mark_results_notified(conn, c.id, at)?
        {
            continue;
        }
        told += 1;
        let path = format!("/unit/challenges/{}/outcome", c.id);
        let data = json!({
            "challenge": mail::in_langs(&c.title_zh, &c.title_en),
            "track": mail::track_name(track),
            "contest": mail::in_langs(&contest.title, &contest.title_en),
            "link": p.config.absolute_url(&path),
        });
        for (_, email, locale) in store::requests::unit_reviewers(conn, c.unit_id)? {
            let lang = Lang::from_code(&locale).unwrap_or_default();
            mail::notify(
                conn,
                p,
                &email,
                lang,
                KIND_RESULTS,
                "emails/challenge_results",
                "mail-challenge-results-subject",
                data.clone(),
                &path,
                at,
            )?;
        }
    }
    Ok(told)
}

/// A contest's challenge figures, as the dashboard and the pack show them:
/// challenges published, then the entries answering one by how far they
/// went (answering, submitted, eligible, finalists, winners of published
/// results). Grouped SQL.
pub(crate) fn contest_figures(conn: &mut DbConn, contest_id: i32) -> Result<[i64; 6]> {
    let published = outcomes::published_count(conn, contest_id)?;
    let [a, s, e, f, w] = outcomes::contest_totals(conn, contest_id)?;
    Ok([published, a, s, e, f, w])
}

/// A past challenge as the contest archive shows it.
#[derive(Debug, Clone)]
pub struct ArchivedChallenge {
    pub challenge: Challenge,
    pub unit: Option<Unit>,
    /// Once its track's results are published: entries submitted, finalists.
    pub answered: Option<(i64, i64)>,
    /// Its winners by team and entry title (results published).
    pub winners: Vec<(String, String)>,
}

/// The published challenges of these contests with what answered them,
/// by contest id (read inside the caller's read).
pub(crate) fn archived(
    conn: &mut DbConn,
    contest_ids: &[i32],
) -> Result<HashMap<i32, Vec<ArchivedChallenge>>> {
    let list = outcomes::of_contests(conn, contest_ids, &[ChallengeState::Published])?;
    let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
    let counted = outcomes::counts(conn, Which::Ids(&ids))?;
    let mut winners: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for (c, _, team, title) in outcomes::winners_of(conn, &ids)? {
        if let Some(c) = c {
            winners.entry(c).or_default().push((team, title));
        }
    }
    let units = store::units::list(conn)?;
    let mut out: HashMap<i32, Vec<ArchivedChallenge>> = HashMap::new();
    for c in list {
        let counts = counted.get(&c.id).copied().unwrap_or_default();
        out.entry(c.contest_id)
            .or_default()
            .push(ArchivedChallenge {
                unit: units.iter().find(|u| u.id == c.unit_id).cloned(),
                answered: counts.winners.map(|_| (counts.submitted, counts.finalists)),
                winners: winners.remove(&c.id).unwrap_or_default(),
                challenge: c,
            });
    }
    Ok(out)
}
