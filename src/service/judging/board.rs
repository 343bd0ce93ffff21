//! A track's judging in one round, loaded at once: the panel, the entries
//! judged in the round, the conflicts between them and the assignments.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::RoundTally;
use crate::db::DbConn;
use crate::domain::judging::{self, Affiliation, Conflict, ConflictIndex, Round};
use crate::service::{Error, Portal, Result};
use crate::store::contests::{Contest, Track};
use crate::store::entries::Entry;
use crate::store::finals::Settings;
use crate::store::judges::{AssignmentRow, PanelJudge};
use crate::store::{self, board::Sought, teams::FORMER_STUDENT};

/// Everything about a track's judging in one round that its pages need.
pub struct Board {
    pub round: Round,
    pub settings: Settings,
    /// The track's finalists (entry, preliminary rank), whichever round this is.
    pub finalists: Vec<(i32, Option<i32>)>,
    pub track: Track,
    pub contest: Contest,
    pub panel: Vec<PanelJudge>,
    /// Entries judged in the round, with their team's name: those that
    /// passed the eligibility review (in the finals: and were advanced).
    pub entries: Vec<(Entry, String)>,
    /// (entry, judge) → the conflict between them.
    pub conflicts: BTreeMap<(i32, i32), Conflict>,
    pub assignments: Vec<AssignmentRow>,
    /// Entry id → its place in `entries`.
    places: HashMap<i32, usize>,
    /// The (entry, judge) pairs of `assignments`.
    pairs: HashSet<(i32, i32)>,
    /// Judge → how many entries `assignments` gives them.
    loads: HashMap<i32, usize>,
}

/// How much of a board to load.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// The track, panel, settings and finalists only, no entries (the
    /// stored ranking's page).
    Head,
    /// Entries only, no conflicts or assignments (the ranking's).
    Entries,
    /// One judge's pages: these entries, and only this judge's conflicts.
    Judge { judge: i32, entries: &'a [i32] },
    /// One entry's judges (the organisers' page of it, and changes to who
    /// judges it): that entry, the whole panel's conflicts with its team.
    Entry(i32),
    /// The organisers' pages: every entry, the whole panel's conflicts.
    All,
}

impl Board {
    pub(crate) fn load(
        conn: &mut DbConn,
        track_id: i32,
        round: Round,
        scope: Scope,
    ) -> Result<Board> {
        let panel = store::judges::panel(conn, track_id, round)?;
        let mut b = Board::head(conn, track_id, round, panel)?;
        if let Scope::Head = scope {
            return Ok(b);
        }
        let one: [i32; 1];
        let only = match scope {
            Scope::Judge { entries, .. } => Some(entries),
            Scope::Entry(id) => {
                one = [id];
                Some(&one[..])
            }
            _ => None,
        };
        let candidates = match only {
            Some(ids) => store::entries::find_many(conn, ids)?,
            None => store::entries::of_contest(conn, b.contest.id, Some(track_id))?,
        };
        let team_ids = b.take_entries(conn, candidates, only)?;
        let judges: Vec<i32> = match scope {
            // The ranking needs neither conflicts nor assignments.
            Scope::Entries | Scope::Head => return Ok(b),
            Scope::Judge { judge, .. } => vec![judge],
            Scope::Entry(_) | Scope::All => b.panel.iter().filter_map(|j| j.user_id).collect(),
        };
        let entry_ids: Vec<i32> = b.entries.iter().map(|(e, _)| e.id).collect();
        b.set_assignments(store::judges::assignments(conn, &entry_ids, round)?);
        b.conflicts = conflicts(conn, &b, &team_ids, &judges)?;
        Ok(b)
    }

    /// The track, contest, settings and finalists of the round, with its
    /// `panel` as the caller read it (no entries): `Scope::Head`.
    pub(crate) fn head(
        conn: &mut DbConn,
        track_id: i32,
        round: Round,
        panel: Vec<PanelJudge>,
    ) -> Result<Board> {
        let track = store::contests::find_track(conn, track_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
        Ok(Board {
            round,
            settings: store::finals::settings(conn, track_id, round)?,
            finalists: store::finals::of_track(conn, track_id)?,
            track,
            contest,
            panel,
            entries: Vec::new(),
            conflicts: BTreeMap::new(),
            assignments: Vec::new(),
            places: HashMap::new(),
            pairs: HashSet::new(),
            loads: HashMap::new(),
        })
    }

    /// One judge's board of their `assigned` entries (read, with those
    /// assignments, by the caller), as `load` gives for `Scope::Judge`
    /// but with the panel and the judge's conflicts taken from the round's
    /// kept tally: the judge's read pages. Its assignments are the judge's
    /// own.
    pub(crate) fn of_judge(
        p: &Portal,
        conn: &mut DbConn,
        (track_id, round): (i32, Round),
        judge: i32,
        entries: Vec<Entry>,
        assigned: Vec<AssignmentRow>,
    ) -> Result<Board> {
        let tally = RoundTally::current(p, conn, track_id, round)?;
        let mut b = Board::head(conn, track_id, round, tally.panel.clone())?;
        let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
        b.take_entries(conn, entries, Some(&ids))?;
        b.set_assignments(
            assigned
                .into_iter()
                .filter(|a| a.user_id == judge && a.round == round)
                .collect(),
        );
        b.conflicts = tally
            .conflicts
            .iter()
            .filter(|((entry, j), _)| *j == judge && b.places.contains_key(entry))
            .map(|(pair, c)| (*pair, c.clone()))
            .collect();
        Ok(b)
    }

    /// Keeps those of `candidates` judged in the round (passed the review,
    /// in the finals also advanced; `only` limits the review's lookup),
    /// with their teams' names, and returns the teams.
    fn take_entries(
        &mut self,
        conn: &mut DbConn,
        candidates: Vec<Entry>,
        only: Option<&[i32]>,
    ) -> Result<Vec<i32>> {
        let finalist_ids: HashSet<i32> = self.finalists.iter().map(|(f, _)| *f).collect();
        let round = self.round;
        let passed: HashSet<i32> = store::eligibility::passed_among(conn, self.track.id, only)?
            .into_iter()
            .filter(|id| round != Round::Finals || finalist_ids.contains(id))
            .collect();
        let track_id = self.track.id;
        let mut entries: Vec<Entry> = candidates
            .into_iter()
            .filter(|e| e.track_id == track_id && passed.contains(&e.id))
            .collect();
        if round == Round::Finals {
            let position = |id: i32| self.finalists.iter().position(|(f, _)| *f == id);
            entries.sort_by_key(|e| position(e.id));
        }
        let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
        let names: HashMap<i32, String> =
            store::teams::names(conn, &team_ids)?.into_iter().collect();
        self.entries = entries
            .into_iter()
            .map(|e| {
                let name = names.get(&e.team_id).cloned().unwrap_or_default();
                (e, name)
            })
            .collect();
        self.places = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (e, _))| (e.id, i))
            .collect();
        Ok(team_ids)
    }

    fn set_assignments(&mut self, assignments: Vec<AssignmentRow>) {
        for a in &assignments {
            self.pairs.insert((a.entry_id, a.user_id));
            *self.loads.entry(a.user_id).or_default() += 1;
        }
        self.assignments = assignments;
    }

    pub fn entry(&self, id: i32) -> Option<&(Entry, String)> {
        self.places.get(&id).and_then(|i| self.entries.get(*i))
    }

    /// On the round's panel, with a verified account.
    pub fn on_panel(&self, user_id: i32) -> bool {
        self.panel.iter().any(|j| j.user_id == Some(user_id))
    }

    pub fn assigned(&self, entry_id: i32, judge: i32) -> bool {
        self.pairs.contains(&(entry_id, judge))
    }

    /// How many entries a judge is given in the round.
    pub fn load_of(&self, judge: i32) -> usize {
        self.loads.get(&judge).copied().unwrap_or(0)
    }

    /// A judge's name as organisers see it: their name, else their address.
    pub fn judge_name(&self, user_id: i32) -> String {
        self.panel
            .iter()
            .find(|j| j.user_id == Some(user_id))
            .map(|j| j.display_name.clone().unwrap_or_else(|| j.email.clone()))
            .unwrap_or_else(|| format!("#{user_id}"))
    }

    pub fn is_finalist(&self, entry_id: i32) -> bool {
        self.finalists.iter().any(|(e, _)| *e == entry_id)
    }
}

/// The conflicts between `judges` and the board's teams, by (entry, judge):
/// the domain's rule over the teams' members (schools and mail domains
/// indexed once), the judges' profiles and the stored notes.
fn conflicts(
    conn: &mut DbConn,
    b: &Board,
    team_ids: &[i32],
    judges: &[i32],
) -> Result<BTreeMap<(i32, i32), Conflict>> {
    let members = store::teams::members(conn, team_ids)?;
    let profiles = store::profiles::find_many(conn, judges)?;
    let notes = store::judges::notes(conn, team_ids)?;
    let affiliations: Vec<(i32, Affiliation)> = members
        .iter()
        .filter(|m| m.role != FORMER_STUDENT)
        .map(|m| {
            let a = Affiliation::of(
                -m.user_id,
                &m.email,
                m.school_code.as_deref(),
                m.school_name.as_deref(),
            );
            (m.team_id, a)
        })
        .collect();
    let index = ConflictIndex::new(affiliations.iter().map(|(t, a)| (*t, a)));
    let panel: Vec<(i32, Affiliation)> = b
        .panel
        .iter()
        .filter_map(|j| {
            let uid = j.user_id.filter(|id| judges.contains(id))?;
            let p = profiles.iter().find(|p| p.user_id == uid);
            let a = Affiliation::of(
                uid,
                &j.email,
                p.and_then(|p| p.school_code.as_deref()),
                p.map(|p| p.school_name.as_str()),
            );
            Some((uid, a))
        })
        .collect();
    let notes: Vec<judging::Note> = notes
        .iter()
        .map(|n| (n.user_id, n.team_id, n.kind, n.note.as_str()))
        .collect();
    let mut entries_of_team: HashMap<i32, Vec<i32>> = HashMap::new();
    for (e, _) in &b.entries {
        entries_of_team.entry(e.team_id).or_default().push(e.id);
    }
    let mut out = BTreeMap::new();
    for ((team, judge), c) in judging::panel_conflicts(&index, &panel, &notes) {
        for entry in entries_of_team.get(&team).into_iter().flatten() {
            out.insert((*entry, judge), c.clone());
        }
    }
    Ok(out)
}

/// Every conflict between the round's panel (its judges with an account)
/// and the teams of the entries judged in the round, by (entry, judge): the
/// rule of [`conflicts`] over only the members who may share a school or a
/// mail domain with a judge (`store::board::candidates`) and the judges'
/// notes (kept where they name a team of the round), a few rows rather than
/// every member of the track.
pub(crate) fn round_conflicts(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    panel: &[PanelJudge],
) -> Result<BTreeMap<(i32, i32), Conflict>> {
    let judges: Vec<i32> = panel.iter().filter_map(|j| j.user_id).collect();
    if judges.is_empty() {
        return Ok(BTreeMap::new());
    }
    let profiles = store::profiles::find_many(conn, &judges)?;
    let mut sought = Sought::default();
    let mut affiliations: Vec<(i32, Affiliation)> = Vec::new();
    for j in panel {
        let Some(uid) = j.user_id else { continue };
        let p = profiles.iter().find(|p| p.user_id == uid);
        let code = p.and_then(|p| p.school_code.as_deref());
        let name = p.map(|p| p.school_name.as_str());
        match code.filter(|c| !c.is_empty()) {
            Some(c) => sought.codes.push(c.to_string()),
            None if !name.unwrap_or("").trim().is_empty() => sought.typed = true,
            None => {}
        }
        if let Some(d) = judging::institution_domain(&j.email) {
            sought.domains.push(d);
        }
        affiliations.push((uid, Affiliation::of(uid, &j.email, code, name)));
    }
    sought.codes.sort();
    sought.codes.dedup();
    sought.domains.sort();
    sought.domains.dedup();
    let members = store::board::candidates(conn, track_id, round, &sought)?;
    let members: Vec<(i32, Affiliation)> = members
        .iter()
        .map(|m| {
            let a = Affiliation::of(
                -m.user_id,
                &m.email,
                m.school_code.as_deref(),
                m.school_name.as_deref(),
            );
            (m.team_id, a)
        })
        .collect();
    let index = ConflictIndex::new(members.iter().map(|(t, a)| (*t, a)));
    let notes = store::board::notes(conn, &judges)?;
    let notes: Vec<judging::Note> = notes
        .iter()
        .map(|n| (n.user_id, n.team_id, n.kind, n.note.as_str()))
        .collect();
    let by_team = judging::panel_conflicts(&index, &affiliations, &notes);
    let mut teams: Vec<i32> = by_team.keys().map(|(team, _)| *team).collect();
    teams.dedup();
    let mut entries_of_team: HashMap<i32, Vec<i32>> = HashMap::new();
    for (entry, team) in store::board::entries_of_teams(conn, track_id, round, &teams)? {
        entries_of_team.entry(team).or_default().push(entry);
    }
    let mut out = BTreeMap::new();
    for ((team, judge), c) in by_team {
        for entry in entries_of_team.get(&team).into_iter().flatten() {
            out.insert((*entry, judge), c.clone());
        }
    }
    Ok(out)
}
