//! The eligibility pre-check (`domain::entry::precheck`) run over what the
//! database holds: one entry's content as typed or stored, or many stored
//! entries at once for the organisers' list and the reviewers' queue.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::db::DbConn;
use crate::domain::catalog::publisher_counts;
use crate::domain::entry::{
    self, Check, DatasetFitness, DeclaredDataset, EntryContent, PrecheckContext,
};
use crate::domain::team::{self, TeamFacts};
use crate::service::catalog::cards::{cards_of, Card};
use crate::service::teams::facts_of;
use crate::service::{Portal, Result};
use crate::store::{self, contests::Track, entries::Entry};

/// The catalogue's title and publisher of each declared dataset it knows.
pub type Catalogue = BTreeMap<String, (String, String)>;

/// What the fitness card of each declared dataset says, by its id.
pub type Fitness = BTreeMap<String, DatasetFitness>;

/// What the pre-check found for one entry, with its declared datasets counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Prechecked {
    /// The entry's version it was run on.
    pub version: i32,
    pub checks: Vec<Check>,
    /// Distinct datasets declared.
    pub distinct: usize,
    /// Distinct datasets from the publishers the track counts.
    pub counted: usize,
    /// Distinct datasets per publisher.
    pub by_publisher: BTreeMap<String, usize>,
}

impl Prechecked {
    pub fn passed(&self) -> bool {
        entry::all_passed(&self.checks)
    }
}

fn run(
    track: &Track,
    facts: &TeamFacts,
    content: &EntryContent,
    catalogue: &Catalogue,
    fitness: &Fitness,
    proposal_attached: bool,
    challenge_missing: Option<&[String]>,
) -> Vec<Check> {
    entry::precheck(
        content,
        &PrecheckContext {
            min_datasets: track.min_datasets,
            counted_publishers: &track.publishers(),
            catalogue,
            proposal_attached,
            team_rules_met: team::all_met(&team::check(&track.rules(), facts)),
            fitness,
            challenge_missing,
        },
    )
}

/// The fitness card of each declared dataset the catalogue knows, by its id.
pub(crate) fn declared_cards(
    conn: &mut DbConn,
    datasets: &[DeclaredDataset],
) -> Result<BTreeMap<String, Card>> {
    let mut known = Vec::new();
    for d in datasets {
        if known
            .iter()
            .any(|k: &store::catalog::Dataset| k.source_id == d.dataset_id)
        {
            continue;
        }
        if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
            known.push(ds);
        }
    }
    let mut cards = cards_of(conn, &known)?;
    Ok(known
        .into_iter()
        .filter_map(|d| cards.remove(&d.id).map(|c| (d.source_id, c)))
        .collect())
}

/// The pre-check of one entry's `content` (as typed, or as stored), and the
/// catalogue's record of each dataset it declares.
pub(crate) fn of_content(
    conn: &mut DbConn,
    track: &Track,
    facts: &TeamFacts,
    content: &EntryContent,
    proposal_attached: bool,
) -> Result<(Vec<Check>, Catalogue)> {
    // What was typed may hold empty rows of the form: they declare nothing.
    let filled;
    let content = if content.datasets.iter().any(DeclaredDataset::is_blank) {
        filled = EntryContent {
            datasets: content
                .datasets
                .iter()
                .filter(|d| !d.is_blank())
                .cloned()
                .collect(),
            ..content.clone()
        };
        &filled
    } else {
        content
    };
    let mut catalogue = Catalogue::new();
    for d in &content.datasets {
        if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
            catalogue.insert(d.dataset_id.clone(), (ds.title, ds.publisher));
        }
    }
    let fitness: Fitness = declared_cards(conn, &content.datasets)?
        .into_iter()
        .map(|(id, card)| (id, card.fitness()))
        .collect();
    let missing = super::challenge::missing(conn, content)?;
    let checks = run(
        track,
        facts,
        content,
        &catalogue,
        &fitness,
        proposal_attached,
        missing.as_deref(),
    );
    Ok((checks, catalogue))
}

/// The pre-check of a page of stored entries, as [`of_entries`] runs it,
/// kept per replica (`Portal::prechecks`) while the entry's version and
/// everything else it reads stay as they were (triggers raise the
/// dashboard's counter on every write to the rest).
pub(crate) fn kept(
    p: &Portal,
    conn: &mut DbConn,
    tracks: &[Track],
    entries: &[Entry],
) -> Result<Vec<Arc<Prechecked>>> {
    let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
    let version_of: HashMap<i32, i32> = entries.iter().map(|e| (e.id, e.version)).collect();
    p.prechecks.current_many(
        conn,
        &ids,
        |id, kept| version_of.get(id) == Some(&kept.version),
        |conn, missing| run_afresh(conn, tracks, missing),
    )
}

/// Whether an entry passed its pre-check, at a version: what is kept of
/// entries looked at only for that (`Portal::precheck_outcomes`).
pub struct PrecheckOutcome {
    pub version: i32,
    pub passed: bool,
}

/// Entries whose pre-check is run at once when it is not kept: their
/// declared datasets, members and cards are held meanwhile.
const PART: usize = 250;

/// Whether each of many entries, known by (id, version), passes its
/// pre-check, such as a whole track's for the queue's "pre-check failing"
/// filter: kept per replica as [`kept`] is, but only the outcome; only the
/// entries not kept are read and checked, a few hundred at a time.
pub(crate) fn passed_by_version(
    p: &Portal,
    conn: &mut DbConn,
    tracks: &[Track],
    versions: &[(i32, i32)],
) -> Result<Vec<bool>> {
    let ids: Vec<i32> = versions.iter().map(|(id, _)| *id).collect();
    let version_of: HashMap<i32, i32> = versions.iter().copied().collect();
    let outcomes =
        p.precheck_outcomes.current_many(
            conn,
            &ids,
            |id, kept| version_of.get(id) == Some(&kept.version),
            |conn, missing| {
                let mut out = Vec::with_capacity(missing.len());
                for part in missing.chunks(PART) {
                    out.extend(run_afresh(conn, tracks, part)?.into_iter().map(|c| {
                        PrecheckOutcome {
                            version: c.version,
                            passed: c.passed(),
                        }
                    }));
                }
                Ok(out)
            },
        )?;
    Ok(outcomes.iter().map(|o| o.passed).collect())
}

/// The pre-check of entries `ids`, one for each in their order, run on
/// the entries and `tracks` as read now: a kept value is tagged with the
/// counter read before this, so nothing it reads may be older than that.
/// An entry gone meanwhile gets an empty pre-check that matches no version.
fn run_afresh(conn: &mut DbConn, tracks: &[Track], ids: &[i32]) -> Result<Vec<Prechecked>> {
    let mut now_tracks = Vec::with_capacity(tracks.len());
    for t in tracks {
        now_tracks.extend(store::contests::find_track(conn, t.id)?);
    }
    let found = store::entries::find_many(conn, ids)?;
    let mut checked: HashMap<i32, Prechecked> = found
        .iter()
        .map(|e| e.id)
        .zip(of_entries(conn, &now_tracks, &found)?)
        .collect();
    Ok(ids
        .iter()
        .map(|id| {
            checked.remove(id).unwrap_or(Prechecked {
                version: -1,
                checks: Vec::new(),
                distinct: 0,
                counted: 0,
                by_publisher: BTreeMap::new(),
            })
        })
        .collect())
}

/// The pre-check of many stored entries at once, exactly as each team sees
/// it; `tracks` holds the track of every entry.
pub(crate) fn of_entries(
    conn: &mut DbConn,
    tracks: &[Track],
    entries: &[Entry],
) -> Result<Vec<Prechecked>> {
    let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
    let declared = store::entries::datasets_of(conn, &ids)?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let members = store::teams::members(conn, &team_ids)?;
    let team_tracks = store::teams::track_ids(conn, &team_ids)?;
    // The fields each entry declares of each dataset, and the datasets' cards.
    let field_names = store::cards::field_names(conn, &ids)?;
    let mut dataset_ids: Vec<i32> = field_names.iter().map(|d| d.1).collect();
    dataset_ids.sort_unstable();
    dataset_ids.dedup();
    let datasets = store::catalog::find_many(conn, &dataset_ids)?;
    let cards = cards_of(conn, &datasets)?;
    let source_of: HashMap<i32, &str> = datasets
        .iter()
        .map(|d| (d.id, d.source_id.as_str()))
        .collect();
    let fitness: Fitness = datasets
        .iter()
        .filter_map(|d| cards.get(&d.id).map(|c| (d.source_id.clone(), c.fitness())))
        .collect();
    let mut fields: HashMap<(i32, &str), Vec<&str>> = HashMap::new();
    for (entry_id, dataset_id, used) in &field_names {
        if let Some(source) = source_of.get(dataset_id) {
            fields.entry((*entry_id, source)).or_default().push(used);
        }
    }
    let mut declared_by: HashMap<i32, Vec<&store::entries::DeclaredRow>> = HashMap::new();
    for d in &declared {
        declared_by.entry(d.0).or_default().push(d);
    }
    let mut members_by: HashMap<i32, Vec<store::teams::Member>> = HashMap::new();
    for m in members {
        members_by.entry(m.team_id).or_default().push(m);
    }
    let mut tracks_by: HashMap<i32, usize> = HashMap::new();
    for (t, _) in &team_tracks {
        *tracks_by.entry(*t).or_default() += 1;
    }
    let recommended = super::challenge::recommended_by_challenge(conn, entries)?;
    Ok(entries
        .iter()
        .map(|e| {
            let mine: Vec<_> = declared_by.get(&e.id).cloned().unwrap_or_default();
            let catalogue: Catalogue = mine
                .iter()
                .map(|d| (d.1.clone(), (d.5.clone(), d.2.clone())))
                .collect();
            let content = EntryContent {
                title: e.title.clone(),
                abstract_: e.abstract_.clone(),
                datasets: mine
                    .iter()
                    .map(|d| DeclaredDataset {
                        dataset_id: d.1.clone(),
                        fields_used: fields
                            .get(&(e.id, d.1.as_str()))
                            .map(|f| f.join("、"))
                            .unwrap_or_default(),
                        usage: d.3.clone(),
                        depth: d.4,
                    })
                    .collect(),
                proposal_file_id: e.proposal_file_id,
                challenge_id: e.challenge_id,
                ..Default::default()
            };
            let missing = e.challenge_id.map(|c| {
                super::challenge::missing_of(
                    recommended.get(&c).map(Vec::as_slice).unwrap_or(&[]),
                    &content,
                )
            });
            let facts = facts_of(
                members_by.get(&e.team_id).map(Vec::as_slice).unwrap_or(&[]),
                tracks_by.get(&e.team_id).copied().unwrap_or(0),
            );
            let track = tracks.iter().find(|t| t.id == e.track_id);
            let checks = match track {
                Some(t) => run(
                    t,
                    &facts,
                    &content,
                    &catalogue,
                    &fitness,
                    e.proposal_file_id.is_some(),
                    missing.as_deref(),
                ),
                None => Vec::new(),
            };
            let publishers: Vec<&str> = track.map(|t| t.publishers()).unwrap_or_default();
            let mut by_publisher = BTreeMap::new();
            let mut seen: Vec<&str> = Vec::new();
            let mut counted = 0;
            for d in &mine {
                if !seen.contains(&d.1.as_str()) {
                    seen.push(&d.1);
                    *by_publisher.entry(d.2.clone()).or_insert(0) += 1;
                    if publisher_counts(&d.2, &publishers) {
                        counted += 1;
                    }
                }
            }
            Prechecked {
                version: e.version,
                checks,
                distinct: seen.len(),
                counted,
                by_publisher,
            }
        })
        .collect())
}
