//! The open-data consult before the deadline (issue 16): a team asks once
//! per entry while its submission window is open; eligibility reviewers see
//! the open consults and answer with a message and the reason codes the
//! entry risks; the team is told. A consult is never a decision: nothing
//! here writes to the review, and a reviewer who answered may still review
//! the entry. Reviewers never answer their own team's (as for reviews).

use chrono::NaiveDateTime;
use serde_json::json;

use crate::db::DbConn;
use crate::domain::consult;
use crate::domain::entry::EntryContent;
use crate::i18n::Lang;
use crate::service::entries::load;
use crate::service::gates::consults as gate;
use crate::service::{audit, mail, now, Error, Person, Portal, Result};
use crate::store::catalog::Dataset;
use crate::store::consults::{ConsultRow, NewConsult};
use crate::store::contests::{Contest, Track};
use crate::store::eligibility::ReasonCode;
use crate::store::entries::Entry;
use crate::store::teams::Team;
use crate::store::{self};

/// The consult page of a team's entry in one track.
pub struct TeamConsult {
    pub team: Team,
    pub contest: Contest,
    pub track: Track,
    pub entry: Option<Entry>,
    pub consult: Option<ConsultRow>,
    pub answered_by: Option<String>,
    pub codes: Vec<ReasonCode>,
    /// The viewer may ask now (a student, window open, an entry saved, none asked).
    pub can_ask: bool,
    /// The window is open for asking.
    pub open: bool,
    pub open_until: Option<NaiveDateTime>,
}

/// The consult of team `team_id`'s entry in track `track_id`, for its
/// members and organisers.
pub fn for_team(p: &Portal, who: &Person, team_id: i32, track_id: i32) -> Result<TeamConsult> {
    p.read(|conn| {
        let l = load(conn, team_id, track_id)?;
        gate::may_read(who, &l.bundle)?;
        let at = now();
        let open = consult::may_ask(&l.window, at);
        let consult = match &l.entry {
            Some(e) => store::consults::of_entry(conn, e.id)?,
            None => None,
        };
        let answered_by =
            store::consults::name_of(conn, consult.as_ref().and_then(|c| c.answered_by))?;
        Ok(TeamConsult {
            can_ask: l.entry.is_some()
                && consult.is_none()
                && gate::may_ask(who, &l.bundle, open).is_ok(),
            open,
            open_until: l.window.deadline,
            codes: store::eligibility::reason_codes(conn)?,
            answered_by,
            consult,
            entry: l.entry,
            team: l.bundle.team,
            contest: l.bundle.contest,
            track: l.track,
        })
    })
}

/// A student of the team asks for a consult on its entry in track
/// `track_id`, once per entry and only before its deadline. A second ask
/// (even at the same moment on another replica) is refused (409).
pub fn ask(p: &Portal, who: &Person, team_id: i32, track_id: i32, question: &str) -> Result<i32> {
    p.transaction(|conn| {
        let at = now();
        let l = load(conn, team_id, track_id)?;
        gate::may_ask(who, &l.bundle, consult::may_ask(&l.window, at))?;
        let question = consult::question(question)?;
        let entry = l.entry.ok_or(Error::WrongState("error-consult-no-entry"))?;
        if store::consults::of_entry(conn, entry.id)?.is_some() {
            return Err(Error::WrongState("error-consult-asked"));
        }
        let id = store::consults::ask(
            conn,
            &NewConsult {
                entry_id: entry.id,
                asked_by: who.id,
                question: &question,
                entry_version: entry.version,
                at,
            },
        )
        .map_err(|e| match Error::from(e) {
            Error::Stale(_) => Error::WrongState("error-consult-asked"),
            other => other,
        })?;
        audit(
            conn,
            who,
            "consult.ask",
            "entry",
            entry.id,
            json!({ "consult_id": id, "version": entry.version }),
        )?;
        Ok(id)
    })
}

/// One consult in the reviewers' queue.
pub struct QueueLine {
    pub consult: ConsultRow,
    pub entry: Entry,
    pub team: String,
    pub track: Track,
    pub year: i32,
}

/// The open consults (oldest first) and the last ones answered.
pub struct ConsultQueue {
    pub open: Vec<QueueLine>,
    pub answered: Vec<QueueLine>,
}

/// How many answered consults the queue lists.
const ANSWERED_SHOWN: i64 = 50;

/// The reviewers' queue of consults; a reviewer's own team's are left out.
pub fn queue(p: &Portal, who: &Person) -> Result<ConsultQueue> {
    gate::reviewer(who)?;
    p.read(|conn| {
        let open = store::consults::open(conn)?;
        let answered = store::consults::answered(conn, ANSWERED_SHOWN)?;
        Ok(ConsultQueue {
            open: lines(conn, who, open)?,
            answered: lines(conn, who, answered)?,
        })
    })
}

fn lines(conn: &mut DbConn, who: &Person, rows: Vec<ConsultRow>) -> Result<Vec<QueueLine>> {
    let mut out = Vec::new();
    for c in rows {
        let Some(entry) = store::entries::find_by_id(conn, c.entry_id)? else {
            continue;
        };
        let members = store::teams::members(conn, &[entry.team_id])?;
        let ids: Vec<i32> = members.iter().map(|m| m.user_id).collect();
        let (Some(team), Some(track), Some(contest)) = (
            store::teams::find(conn, entry.team_id)?,
            store::contests::find_track(conn, entry.track_id)?,
            store::contests::find(conn, entry.contest_id)?,
        ) else {
            continue;
        };
        if gate::answerer(who, &ids).is_err() || team.withdrawn {
            continue;
        }
        out.push(QueueLine {
            consult: c,
            entry,
            team: team.name,
            track,
            year: contest.year,
        });
    }
    Ok(out)
}

/// A consult as a reviewer reads it: the question, and the entry's
/// declared datasets and use (as saved now) beside the catalogue.
pub struct ForReviewer {
    pub consult: ConsultRow,
    pub entry: Entry,
    pub content: EntryContent,
    pub catalogue: Vec<Dataset>,
    pub team: Team,
    pub track: Track,
    pub contest: Contest,
    pub codes: Vec<ReasonCode>,
    pub answered_by: Option<String>,
}

/// Consult `id` with its entry, team, track and contest, and the team's members.
fn context(conn: &mut DbConn, id: i32) -> Result<(ConsultRow, Entry, Team, Vec<i32>)> {
    let c = store::consults::find(conn, id)?.ok_or(Error::NotFound)?;
    let entry = store::entries::find_by_id(conn, c.entry_id)?.ok_or(Error::NotFound)?;
    let team = store::teams::find(conn, entry.team_id)?.ok_or(Error::NotFound)?;
    if team.withdrawn {
        return Err(Error::NotFound);
    }
    let members = store::teams::members(conn, &[team.id])?
        .iter()
        .map(|m| m.user_id)
        .collect();
    Ok((c, entry, team, members))
}

/// Consult `id` for a reviewer who may answer it.
pub fn for_reviewer(p: &Portal, who: &Person, id: i32) -> Result<ForReviewer> {
    gate::reviewer(who)?;
    p.read(|conn| {
        let (consult, entry, team, members) = context(conn, id)?;
        gate::answerer(who, &members)?;
        let track = store::contests::find_track(conn, entry.track_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, entry.contest_id)?.ok_or(Error::NotFound)?;
        let content = store::entries::content(conn, &entry)?;
        let mut catalogue = Vec::new();
        for d in &content.datasets {
            if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
                catalogue.push(ds);
            }
        }
        Ok(ForReviewer {
            answered_by: store::consults::name_of(conn, consult.answered_by)?,
            codes: store::eligibility::reason_codes(conn)?,
            consult,
            entry,
            content,
            catalogue,
            team,
            track,
            contest,
        })
    })
}

/// The answer as typed.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    pub message: String,
    pub reasons: Vec<String>,
}

/// A reviewer answers consult `id` (once; someone answering first makes
/// this one stale) and the team is told, each member in their language.
/// The entry's review is not touched.
pub fn answer(p: &Portal, who: &Person, id: i32, f: &AnswerForm) -> Result<()> {
    gate::reviewer(who)?;
    p.transaction(|conn| {
        let at = now();
        let (c, entry, _team, members) = context(conn, id)?;
        gate::answerer(who, &members)?;
        if c.answered() {
            return Err(Error::Stale("error-consult-answered"));
        }
        let codes = store::eligibility::reason_codes(conn)?;
        let known: Vec<String> = codes
            .iter()
            .filter(|c| c.active)
            .map(|c| c.code.clone())
            .collect();
        let a = consult::answer(&f.message, &f.reasons, &known)?;
        if !store::consults::answer(conn, id, who.id, &a.message, &a.reasons, at)? {
            return Err(Error::Stale("error-consult-answered"));
        }
        audit(
            conn,
            who,
            "consult.answer",
            "entry",
            entry.id,
            json!({ "consult_id": id, "reasons": a.reasons }),
        )?;
        notify_team(conn, p, &entry, &a, &codes, at)
    })
}

/// Tells the team's members (former students left out) that their consult
/// was answered, in the caller's transaction.
fn notify_team(
    conn: &mut DbConn,
    p: &Portal,
    entry: &Entry,
    a: &consult::Answer,
    codes: &[ReasonCode],
    at: NaiveDateTime,
) -> Result<()> {
    let path = format!(
        "/teams/{}/entries/{}/consult",
        entry.team_id, entry.track_id
    );
    let link = p.config.absolute_url(&path);
    let reasons: Vec<_> = a
        .reasons
        .iter()
        .map(|r| match codes.iter().find(|c| &c.code == r) {
            Some(c) => mail::in_langs(&c.label_zh, &c.label_en),
            None => json!(r),
        })
        .collect();
    for m in store::teams::members(conn, &[entry.team_id])?
        .iter()
        .filter(|m| m.role != store::teams::FORMER_STUDENT)
    {
        let locale = store::users::find(conn, m.user_id)?
            .map(|u| u.locale)
            .unwrap_or_default();
        mail::notify(
            conn,
            p,
            &m.email,
            Lang::from_code(&locale).unwrap_or_default(),
            "consult-answer",
            "emails/consult",
            "mail-consult-subject",
            json!({
                "name": m.display_name, "title": entry.title, "link": link,
                "message": a.message, "reasons": reasons,
            }),
            &path,
            at,
        )?;
    }
    Ok(())
}
