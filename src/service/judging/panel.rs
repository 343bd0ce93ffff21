//! A track's panel in one round: the organisers' page, inviting judges by
//! e-mail, removing them, reminding those behind, and the round's settings.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::json;

use super::board::round_conflicts;
use super::{refresh, track, Board, Scope};
use crate::db::DbConn;
use crate::domain::account::Email;
use crate::domain::judging::{self, Conflict, Round, RoundSettings};
use crate::domain::role::Role;
use crate::domain::FieldErrors;
use crate::i18n::Lang;
use crate::service::gates::judging as gate;
use crate::service::{audit, mail, now, Error, Person, Portal, Result};
use crate::store::{
    self, entries::Entry, judges::AssignmentRow, judges::PanelJudge, PageRequest, Paged,
};

/// The organisers' page of a track's judging in one round, read a page at
/// a time: nothing here grows with the track but the conflicts it lists.
pub struct PanelPage {
    /// The track, contest, panel, settings and finalists (no entries).
    pub board: Board,
    /// The round's count of entries, judges' loads and conflicts.
    pub tally: Arc<RoundTally>,
    /// Every conflict between the panel and the round's entries, in (entry,
    /// judge) order.
    pub conflicts: Vec<ConflictLine>,
    /// The round has a rubric; without one, judges cannot score and
    /// entries are not assigned.
    pub has_rubric: bool,
    /// The page of the round's entries shown with their judges, with their
    /// team's name, 25 a page.
    pub shown: Paged<(Entry, String)>,
    /// The assignments of the shown entries, by entry then judge.
    pub assignments: Vec<AssignmentRow>,
}

/// A conflict on the judges page, with its entry's team and title.
pub struct ConflictLine {
    pub entry_id: i32,
    pub judge: i32,
    pub team: String,
    pub title: String,
    pub conflict: Conflict,
}

impl PanelPage {
    /// How many entries a judge is given in the round.
    pub fn load_of(&self, judge: i32) -> usize {
        self.tally.progress.given(judge)
    }

    /// For how many of their entries a judge submitted a score.
    pub fn submitted_by(&self, judge: i32) -> usize {
        self.tally.progress.submitted(judge)
    }
}

pub fn panel_page(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    page: Option<i64>,
) -> Result<PanelPage> {
    gate::organiser(who)?;
    let page = PageRequest::new(page, 25);
    p.read(|conn| {
        let tally = RoundTally::current(p, conn, track_id, round)?;
        let board = Board::head(conn, track_id, round, tally.panel.clone())?;
        let has_rubric = store::rubrics::find(conn, track_id, round)?.is_some();
        let (ids, total) = page_of_round(conn, &board, tally.judged, page)?;
        let shown = entries_named(conn, &ids)?;
        let assignments = store::judges::assignments(conn, &ids, round)?;
        let conflict_ids: Vec<i32> = tally.conflicts.keys().map(|(e, _)| *e).collect();
        let named: HashMap<i32, (String, String)> =
            store::entries::team_and_title(conn, &conflict_ids)?
                .into_iter()
                .map(|(id, team, title)| (id, (team, title)))
                .collect();
        let conflicts = tally
            .conflicts
            .iter()
            .filter_map(|(&(entry_id, judge), conflict)| {
                let (team, title) = named.get(&entry_id)?.clone();
                Some(ConflictLine {
                    entry_id,
                    judge,
                    team,
                    title,
                    conflict: conflict.clone(),
                })
            })
            .collect();
        Ok(PanelPage {
            board,
            tally,
            conflicts,
            has_rubric,
            shown: Paged {
                items: shown,
                total,
                page: page.page,
                per_page: page.per_page,
            },
            assignments,
        })
    })
}

/// What the organisers' pages of a round count over the whole round: its
/// panel, how many entries are judged in it, each judge's load and
/// submitted scores, and every conflict between the panel and the round's
/// teams. Read pages
/// take it from `Portal::rounds`, which keeps it per replica while nothing
/// it counts changes (triggers raise the dashboard's counter on every
/// write to it).
#[derive(Debug, PartialEq)]
pub struct RoundTally {
    /// The round's judges, with their accounts where they have one.
    pub panel: Vec<PanelJudge>,
    /// How many entries are judged in the round.
    pub judged: i64,
    pub progress: Progress,
    /// (entry, judge) → the conflict between them.
    pub conflicts: BTreeMap<(i32, i32), Conflict>,
}

impl RoundTally {
    /// The round's tally as of now, kept or counted afresh.
    pub(crate) fn current(
        p: &Portal,
        conn: &mut DbConn,
        track_id: i32,
        round: Round,
    ) -> Result<Arc<RoundTally>> {
        p.rounds.current(conn, (track_id, round), |c| {
            RoundTally::count(c, track_id, round)
        })
    }

    /// Counts it afresh (the panel read here, after the counter).
    pub fn count(conn: &mut DbConn, track_id: i32, round: Round) -> Result<RoundTally> {
        let panel = store::judges::panel(conn, track_id, round)?;
        Ok(RoundTally {
            judged: store::board::count(conn, track_id, round)?,
            progress: Progress::count(conn, track_id, round)?,
            conflicts: round_conflicts(conn, track_id, round, &panel)?,
            panel,
        })
    }
}

/// Per judge: how many of the round's entries they are given, and for how
/// many of those they submitted a score (grouped in the database).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Progress {
    given: HashMap<i32, usize>,
    submitted: HashMap<i32, usize>,
}

impl Progress {
    /// Counts it afresh.
    pub(crate) fn count(conn: &mut DbConn, track_id: i32, round: Round) -> Result<Progress> {
        let mut out = Progress::default();
        for (judge, given, done) in store::board::progress(conn, track_id, round)? {
            out.given.insert(judge, given as usize);
            out.submitted.insert(judge, done as usize);
        }
        Ok(out)
    }

    /// How many of the round's entries a judge is given.
    pub fn given(&self, judge: i32) -> usize {
        self.given.get(&judge).copied().unwrap_or(0)
    }

    /// For how many of their entries a judge submitted a score.
    pub fn submitted(&self, judge: i32) -> usize {
        self.submitted.get(&judge).copied().unwrap_or(0)
    }
}

/// The ids of one page of the round's entries (in id order; in the finals,
/// in the finalists' order), and how many there are in all.
fn page_of_round(
    conn: &mut DbConn,
    b: &Board,
    judged: i64,
    page: PageRequest,
) -> Result<(Vec<i32>, i64)> {
    let (track_id, round) = (b.track.id, b.round);
    if round == Round::Finals {
        // A few finalists: ordered as the finalists are, then paged.
        let mut ids: Vec<i32> = store::board::entry_ids(conn, track_id, round, None)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let position = |id: i32| b.finalists.iter().position(|(f, _)| *f == id);
        ids.sort_by_key(|id| position(*id));
        let total = ids.len() as i64;
        let shown = ids
            .into_iter()
            .skip(page.offset() as usize)
            .take(page.per_page as usize)
            .collect();
        return Ok((shown, total));
    }
    let ids = store::board::entry_ids(conn, track_id, round, Some((page.offset(), page.per_page)))?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok((ids, judged))
}

/// These entries in this order, each with its team's name.
fn entries_named(conn: &mut DbConn, ids: &[i32]) -> Result<Vec<(Entry, String)>> {
    let mut found: HashMap<i32, Entry> = store::entries::find_many(conn, ids)?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let team_ids: Vec<i32> = found.values().map(|e| e.team_id).collect();
    let names: HashMap<i32, String> = store::teams::names(conn, &team_ids)?.into_iter().collect();
    Ok(ids
        .iter()
        .filter_map(|id| found.remove(id))
        .map(|e| {
            let name = names.get(&e.team_id).cloned().unwrap_or_default();
            (e, name)
        })
        .collect())
}

/// An invitation as typed.
#[derive(Debug, Clone, Default)]
pub struct Invite {
    pub email: String,
    pub max_load: String,
}

/// Puts an address on the round's panel and mails the invitation (to sign
/// up, when there is no account yet). An address already there is refused
/// beside the field (409).
pub fn invite(p: &Portal, who: &Person, track_id: i32, round: Round, input: &Invite) -> Result<()> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let email = errors.check(Email::parse(&input.email));
    let max_load = errors.check(judging::max_load(&input.max_load));
    let (Some(email), Some(max_load)) = (email, max_load) else {
        return Err(errors.into());
    };
    let address = email.as_str();
    p.transaction(|conn| {
        let track = track(conn, track_id)?;
        let at = now();
        if !store::judges::add(conn, track_id, round, address, max_load, who.id, at)? {
            return Err(Error::Taken {
                field: "email",
                message: "error-judge-already",
            });
        }
        let account = store::users::find_by_email(conn, address)?;
        let lang = account
            .as_ref()
            .and_then(|u| Lang::from_code(&u.locale))
            .unwrap_or_default();
        if let Some(u) = &account {
            store::users::grant_role(conn, u.id, Role::Judge, None, Some(who.id), at)?;
        }
        let link = p.config.absolute_url(if account.is_some() {
            "/judge"
        } else {
            "/signup"
        });
        mail::notify(
            conn,
            p,
            address,
            lang,
            "judge-invitation",
            "emails/judge_invitation",
            "mail-judge-subject",
            json!({ "track": mail::track_name(&track), "link": link, "has_account": account.is_some(), "email": address }),
            "/judge",
            at,
        )?;
        audit(
            conn,
            who,
            "judge.invite",
            "track",
            track_id,
            json!({ "email": address, "round": round, "max_load": max_load }),
        )
    })
}

/// Takes a judge off the round's panel, with their assignments in it.
pub fn remove_judge(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    panel_id: i32,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::Entries)?;
        let judge = b
            .panel
            .iter()
            .find(|j| j.id == panel_id)
            .ok_or(Error::NotFound)?;
        store::judges::remove(conn, track_id, round, panel_id)?;
        if let Some(uid) = judge.user_id {
            for (e, _) in &b.entries {
                store::judges::unassign(conn, e.id, uid, round)?;
            }
        }
        audit(
            conn,
            who,
            "judge.remove",
            "track",
            track_id,
            json!({ "email": judge.email, "round": round }),
        )
    })
}

/// Mails every judge who has assigned entries still to submit; returns
/// their addresses.
pub fn remind(p: &Portal, who: &Person, track_id: i32, round: Round) -> Result<Vec<String>> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::Head)?;
        let progress = Progress::count(conn, track_id, round)?;
        let at = now();
        let mut reminded = Vec::new();
        for j in &b.panel {
            let Some(uid) = j.user_id else { continue };
            let (total, done) = (progress.given(uid), progress.submitted(uid));
            if done >= total {
                continue;
            }
            let lang = store::users::find(conn, uid)?
                .and_then(|u| Lang::from_code(&u.locale))
                .unwrap_or_default();
            mail::notify(
                conn,
                p,
                &j.email,
                lang,
                "judge-reminder",
                "emails/judge_reminder",
                "mail-judge-reminder-subject",
                json!({ "track": mail::track_name(&b.track), "done": done, "total": total, "link": p.config.absolute_url("/judge") }),
                "/judge",
                at,
            )?;
            reminded.push(j.email.clone());
        }
        audit(
            conn,
            who,
            "judge.remind",
            "track",
            track_id,
            json!({ "round": round, "to": reminded }),
        )?;
        Ok(reminded)
    })
}

/// A round's settings as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsForm {
    pub anonymous: bool,
    pub show_others: bool,
    pub rank_method: String,
    pub disagreement: String,
}

/// How a round is judged: anonymity, judges seeing each other's scores,
/// the ranking method and the disagreement threshold.
pub fn save_settings(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    form: &SettingsForm,
) -> Result<()> {
    gate::organiser(who)?;
    let wanted = RoundSettings::parse(
        form.anonymous,
        form.show_others,
        &form.rank_method,
        &form.disagreement,
    )?;
    p.transaction(|conn| {
        track(conn, track_id)?;
        let before = store::finals::settings(conn, track_id, round)?;
        store::finals::save_settings(conn, track_id, round, &wanted, now())?;
        // The threshold marks the stored lines whose judges disagree (each
        // method's order is stored already).
        if before.disagreement != wanted.disagreement {
            refresh(conn, track_id, round)?;
        }
        let json_of = |s: &RoundSettings| {
            json!({ "anonymous": s.anonymous, "show_others": s.show_others, "rank_method": s.rank_method, "disagreement": s.disagreement })
        };
        audit(
            conn,
            who,
            "judging.settings",
            "track",
            track_id,
            json!({ "round": round, "before": json_of(&before), "after": json_of(&wanted) }),
        )
    })
}
