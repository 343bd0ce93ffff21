//! Reading a team's entry: its page (the form, the pre-check, the dataset
//! search, versions, endorsements and the team's eligibility result), the
//! comparison of two versions, and the proposal PDF.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::{declared_cards, load, of_content, TeamEntry};
use crate::domain::entry::{self, Change, Check, EntryContent};
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::catalog::cards::{cards_of, Card};
use crate::service::gates::entries as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::catalog::Dataset;
use crate::store::contests::{Contest, Track};
use crate::store::eligibility::{DecisionRow, ReasonCode};
use crate::store::entries::{Entry, VersionRow};
use crate::store::files::StoredFile;
use crate::store::teams::Team;
use crate::store::{self, PageRequest};

/// Which page of an entry to show, and how.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub team_id: i32,
    pub track_id: i32,
    /// Words searched for in the catalogue from the page.
    pub search: Option<String>,
    /// What was typed, shown in place of the stored entry (a refused save),
    /// with the version the form was loaded at.
    pub typed: Option<(EntryContent, i32)>,
    /// Show what others saved since this version (a stale save); the form
    /// is then based on the latest version.
    pub changed_since: Option<i32>,
}

/// A team's entry page.
pub struct Page {
    pub team: Team,
    pub contest: Contest,
    pub track: Track,
    pub entry: Option<Entry>,
    /// What the form shows: the stored entry, or what was typed.
    pub form: EntryContent,
    /// The version the form is based on.
    pub version: i32,
    pub checks: Vec<Check>,
    /// The catalogue's title and publisher of each declared dataset it knows.
    pub catalogue: super::precheck::Catalogue,
    /// The field choices of each declared dataset the catalogue knows: the
    /// real columns of its card, or the catalogue's field list before a
    /// first read (see [`field_choices`]).
    pub fields: BTreeMap<String, Vec<String>>,
    /// The fitness card of each declared dataset the catalogue knows.
    pub cards: BTreeMap<String, Card>,
    pub decision: Option<DecisionRow>,
    pub reason_codes: Vec<ReasonCode>,
    pub versions: Vec<VersionRow>,
    /// Advisors who endorsed the entry, and when.
    pub endorsements: Vec<(String, NaiveDateTime)>,
    /// The words searched for and what was found.
    pub search: Option<(String, Vec<Dataset>)>,
    /// What was wrong with the words searched for.
    pub errors: FieldErrors,
    /// What others saved since the version the person's form was based on.
    pub conflict: Option<Vec<Change>>,
    pub can_edit: bool,
    pub is_advisor: bool,
    pub open: bool,
    pub open_until: Option<NaiveDateTime>,
    /// The track's published result for this team: `Some(prize)` once
    /// published (`None` inside: not awarded).
    pub result: Option<Option<crate::store::contests::Prize>>,
    /// Changes upstream of the declared datasets (the watch's alerts).
    pub alerts: Vec<crate::store::watch::EntryAlert>,
    /// The challenges the form offers (published ones of the track).
    pub challenge_choices: Vec<crate::store::challenges::Challenge>,
    /// The challenge the stored entry answers.
    pub challenge: Option<super::Chosen>,
}

impl Page {
    /// Declared dataset ids the catalogue does not know.
    pub fn unknown_datasets(&self) -> Vec<String> {
        self.form
            .datasets
            .iter()
            .map(|d| d.dataset_id.clone())
            .filter(|id| !id.is_empty() && !self.catalogue.contains_key(id))
            .collect()
    }
}

/// The page of the entry of team `s.team_id` in track `s.track_id`, for its
/// members and the organisers.
pub fn page(p: &Portal, who: &Person, s: Shown) -> Result<Page> {
    p.read(|conn| {
        let l = load(conn, s.team_id, s.track_id)?;
        gate::may_read(who, &l.bundle)?;
        let at = now();
        let (form, version) = match (s.typed, s.changed_since) {
            (Some((typed, _)), Some(_)) => (typed, l.version()),
            (Some((typed, based_on)), None) => (typed, based_on),
            (None, _) => (l.content.clone(), l.version()),
        };
        let conflict = match (s.changed_since, &l.entry) {
            (Some(since), Some(e)) => {
                let before = store::entries::snapshot(conn, e.id, since)?.unwrap_or_default();
                Some(entry::diff(&before, &l.content))
            }
            (Some(_), None) => Some(Vec::new()),
            (None, _) => None,
        };
        let proposal = l
            .entry
            .as_ref()
            .is_some_and(|e| e.proposal_file_id.is_some());
        let (checks, catalogue) = of_content(conn, &l.track, &l.bundle.facts(), &form, proposal)?;
        let (versions, endorsements) = match &l.entry {
            Some(e) => (
                store::entries::versions(conn, e.id)?,
                store::entries::endorsements(conn, e.id)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let mut errors = FieldErrors::default();
        let search = match s.search {
            Some(q) => Some(search(conn, q, &mut errors)?),
            None => None,
        };
        let cards = declared_cards(conn, &form.datasets)?;
        let mut fields = BTreeMap::new();
        for d in &form.datasets {
            if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
                let choices = field_choices(&ds, cards.get(&d.dataset_id));
                fields.insert(d.dataset_id.clone(), choices);
            }
        }
        let open = l.window.open(at);
        let result =
            crate::service::judging::result_of(conn, &l.track, l.entry.as_ref().map(|e| e.id))?;
        let alerts = match &l.entry {
            Some(e) => crate::service::catalog::watch::alerts(conn, e.id)?,
            None => Vec::new(),
        };
        let challenge_choices = super::challenge_choices(conn, l.track.id, l.content.challenge_id)?;
        let declared: Vec<&str> = l
            .content
            .datasets
            .iter()
            .map(|d| d.dataset_id.as_str())
            .collect();
        let challenge = super::chosen_challenge(conn, l.content.challenge_id, &declared)?;
        Ok(Page {
            challenge_choices,
            challenge,
            alerts,
            result,
            can_edit: gate::may_edit(who, &l.bundle, open),
            is_advisor: l.role_of(who.id) == Some(store::teams::ADVISOR),
            open,
            open_until: l.window.open_until(at),
            reason_codes: store::eligibility::reason_codes(conn)?,
            team: l.bundle.team,
            contest: l.bundle.contest,
            track: l.track,
            entry: l.entry,
            form,
            version,
            checks,
            catalogue,
            fields,
            cards,
            decision: l.decision,
            versions,
            endorsements,
            search,
            errors,
            conflict,
        })
    })
}

/// Searches the catalogue for the words `q` (at most 100 characters; what
/// may not be typed goes into `errors` under `dq`).
fn search(
    conn: &mut crate::db::DbConn,
    q: String,
    errors: &mut FieldErrors,
) -> Result<(String, Vec<Dataset>)> {
    let q: String = q.chars().take(100).collect();
    let found = if let Some(m) = text::refusal(&q, Kind::Line) {
        errors.push("dq", m);
        Vec::new()
    } else if q.trim().is_empty() {
        Vec::new()
    } else {
        store::catalog::search(
            conn,
            &store::catalog::Search {
                q: q.clone(),
                ..Default::default()
            },
            PageRequest::new(None, 10),
        )?
        .items
    };
    Ok((q, found))
}

/// The field names the catalogue lists for a dataset.
pub fn field_list(d: &Dataset) -> Vec<String> {
    d.fields
        .split('、')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// The fields a team may pick for dataset `d`: the real columns of its
/// card once read, otherwise the fields the catalogue lists.
pub fn field_choices(d: &Dataset, card: Option<&Card>) -> Vec<String> {
    match card {
        Some(c) if !c.columns.is_empty() => c.columns.clone(),
        _ => field_list(d),
    }
}

/// Datasets found for the entry page's picker.
pub struct Found {
    pub q: String,
    pub datasets: Vec<Dataset>,
    /// The fitness card of each dataset found, by dataset id.
    pub cards: std::collections::HashMap<i32, Card>,
}

/// The catalogue search of an entry's dataset picker (read-only), for those
/// who may read the entry.
pub fn find_datasets(
    p: &Portal,
    who: &Person,
    team_id: i32,
    track_id: i32,
    q: String,
) -> Result<Found> {
    p.read(|conn| {
        readable(conn, who, team_id, track_id)?;
        let mut errors = FieldErrors::default();
        let (q, datasets) = search(conn, q, &mut errors)?;
        let cards = cards_of(conn, &datasets)?;
        errors.or(Found { q, datasets, cards }).map_err(Error::from)
    })
}

/// Two versions of an entry side by side.
pub struct Comparison {
    pub team: Team,
    pub track: Track,
    pub changes: Vec<Change>,
}

/// What changed from version `a` to version `b` of an entry.
pub fn compare(
    p: &Portal,
    who: &Person,
    team_id: i32,
    track_id: i32,
    a: i32,
    b: i32,
) -> Result<Comparison> {
    p.read(|conn| {
        let l = readable(conn, who, team_id, track_id)?;
        let e = l.entry.as_ref().ok_or(Error::NotFound)?;
        let (Some(va), Some(vb)) = (
            store::entries::snapshot(conn, e.id, a)?,
            store::entries::snapshot(conn, e.id, b)?,
        ) else {
            return Err(Error::NotFound);
        };
        Ok(Comparison {
            changes: entry::diff(&va, &vb),
            team: l.bundle.team,
            track: l.track,
        })
    })
}

/// The proposal PDF of the entry's current version.
pub fn proposal(p: &Portal, who: &Person, team_id: i32, track_id: i32) -> Result<StoredFile> {
    p.read(|conn| {
        let l = readable(conn, who, team_id, track_id)?;
        let file_id = l
            .entry
            .as_ref()
            .and_then(|e| e.proposal_file_id)
            .ok_or(Error::NotFound)?;
        store::files::find(conn, file_id)?.ok_or(Error::NotFound)
    })
}

fn readable(
    conn: &mut crate::db::DbConn,
    who: &Person,
    team_id: i32,
    track_id: i32,
) -> Result<TeamEntry> {
    let l = load(conn, team_id, track_id)?;
    gate::may_read(who, &l.bundle)?;
    Ok(l)
}
