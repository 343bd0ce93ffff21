//! Changing an entry: saving a draft or submitting (each a new version,
//! refused when someone saved since the form was loaded), uploading the
//! proposal PDF (a new version too), and advisors' endorsement.

use std::collections::HashMap;

use serde_json::json;

use super::{load, of_content, TeamEntry, PROPOSAL_MAX_BYTES};
use crate::db::DbConn;
use crate::domain::catalog::valid_id;
use crate::domain::entry::{certain_failures, EntryContent, Status};
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::changes::{self, Area};
use crate::service::gates::entries as gate;
use crate::service::{audit, catalog, judging, now, Error, Person, Portal, Result};
use crate::store::{self, entries::SaveRequest};

/// Dataset ids looked up on data.gov.tw in one save, at most.
const MAX_LOOKUPS_PER_SAVE: usize = 5;

/// An entry as typed into its form.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub team_id: i32,
    pub track_id: i32,
    pub content: EntryContent,
    /// The version the form was loaded at (0 for a new entry).
    pub based_on: i32,
    /// A proposal PDF chosen in the same form, saved with the text.
    pub proposal: Option<ProposalFile>,
}

/// A proposal PDF as uploaded (cut off at the limit).
#[derive(Debug, Clone, Default)]
pub struct ProposalFile {
    pub data: Vec<u8>,
    /// The file was larger than `PROPOSAL_MAX_BYTES`.
    pub too_big: bool,
}

impl ProposalFile {
    /// What is wrong with the file, if anything.
    fn problem(&self) -> Option<&'static str> {
        if self.too_big || self.data.len() > PROPOSAL_MAX_BYTES {
            Some("error-proposal-too-big")
        } else if self.data.is_empty() {
            Some("error-proposal-missing")
        } else if !self.data.starts_with(b"%PDF-") {
            Some("error-proposal-type")
        } else {
            None
        }
    }
}

/// The version a save made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub entry_id: i32,
    pub version: i32,
}

/// Saves a draft of the entry as a new version.
pub async fn save(p: &Portal, who: &Person, d: Draft) -> Result<Saved> {
    store_version(p, who, d, false).await
}

/// Submits the entry: a new version, submitted for the review (it may still
/// change while the window is open). Refused, writing nothing, while a check
/// the eligibility review would certainly fail on is unmet
/// (`submission_gate`).
pub async fn submit(p: &Portal, who: &Person, d: Draft) -> Result<Saved> {
    store_version(p, who, d, true).await
}

/// Saves a version: a student of the team, while the window is open (after
/// the deadline only what a revision asks for), with every declared dataset
/// known to the catalogue (ids it does not know are looked up on
/// data.gov.tw first), and a proposal chosen with it a PDF within the limit.
/// A version that is (or stays) submitted must pass `submission_gate`. If
/// anyone saved since the form was loaded, or at the same moment, nothing is
/// written (`Stale`).
async fn store_version(p: &Portal, who: &Person, d: Draft, submit: bool) -> Result<Saved> {
    // Who may save, and what is wrong with the form, before asking data.gov.tw.
    let content = {
        let (who, d) = (who.clone(), d.clone());
        p.blocking(move |p| p.read(|conn| Ok(check_draft(conn, &who, &d)?.1)))
            .await?
    };
    let mut ids: Vec<String> = content
        .datasets
        .iter()
        .map(|x| x.dataset_id.clone())
        .filter(|id| valid_id(id))
        .collect();
    ids.sort();
    ids.dedup();
    let rows = catalog::known_or_fetched(p, Some(who), &ids, MAX_LOOKUPS_PER_SAVE).await?;
    if ids.iter().any(|id| !rows.contains_key(id)) {
        return Err(Error::field("datasets", "error-dataset-unknown"));
    }
    let who = who.clone();
    p.blocking(move |p| {
        p.transaction(|conn| {
            let (l, mut content) = check_draft(conn, &who, &d)?;
            let at = now();
            if let Some(file) = &d.proposal {
                content.proposal_file_id = Some(store::files::insert(
                    conn,
                    who.id,
                    "proposal",
                    "application/pdf",
                    &format!("proposal-team{}-track{}.pdf", d.team_id, d.track_id),
                    &file.data,
                    at,
                )?);
            }
            let was_submitted = l
                .entry
                .as_ref()
                .is_some_and(|e| e.status == Status::Submitted);
            if submit || was_submitted {
                // A stale form says so first: the page then shows what changed.
                if d.based_on != l.version() {
                    return Err(Error::Stale("error-entry-stale"));
                }
                submission_gate(conn, &l, &content, submit)?;
            }
            let e = write_version(conn, &l, &content, d.based_on, &rows, who.id, submit)?;
            store::teams::record_event(
                conn,
                d.team_id,
                Some(who.id),
                if submit { "entry.submit" } else { "entry.save" },
                json!({ "track_id": d.track_id, "version": e.version }),
                at,
            )?;
            if submit {
                audit(
                    conn,
                    &who,
                    "entry.submit",
                    "entry",
                    e.entry_id,
                    json!({ "version": e.version }),
                )?;
            }
            Ok(e)
        })
    })
    .await
}

/// The gate and the form's rules: the loaded entry and the content to save.
fn check_draft(conn: &mut DbConn, who: &Person, d: &Draft) -> Result<(TeamEntry, EntryContent)> {
    let l = load(conn, d.team_id, d.track_id)?;
    let at = now();
    gate::student_while_open(who, &l.bundle, l.window.open(at))?;
    if d.proposal.is_some() && !l.window.allows_proposal(at) {
        return Err(Error::Refused("error-revision-only"));
    }
    let checked = d.content.clone().checked();
    let mut errors = match &checked {
        Ok(_) => FieldErrors::default(),
        Err(e) => FieldErrors::from(e.clone()),
    };
    if let Some(m) = d.proposal.as_ref().and_then(ProposalFile::problem) {
        errors.push("proposal", m);
    }
    // A published challenge of the entry's own track, or none.
    if let Some(m) = super::challenge::check_choice(
        conn,
        l.track.id,
        l.content.challenge_id,
        d.content.challenge_id,
    )? {
        errors.push("challenge", m);
    }
    errors.or(())?;
    let mut content = checked.map_err(FieldErrors::from)?;
    // The stored proposal stays unless a new one comes with the form.
    content.proposal_file_id = l.entry.as_ref().and_then(|e| e.proposal_file_id);
    if !l.window.allows(&l.content, &content, at) {
        return Err(Error::field("form", "error-revision-only"));
    }
    Ok((l, content))
}

/// The submission gate: a version that is submitted (`submit`) or stays
/// submitted must pass every pre-check the eligibility review would
/// certainly fail on (`Check::certain`: enough counted datasets, a proposal,
/// a title, an abstract and each dataset's use, the team's rules); advice
/// does not block. The page lists what is unmet.
fn submission_gate(
    conn: &mut DbConn,
    l: &TeamEntry,
    content: &EntryContent,
    submit: bool,
) -> Result<()> {
    let proposal = content.proposal_file_id.is_some();
    let (checks, _) = of_content(conn, &l.track, &l.bundle.facts(), content, proposal)?;
    if certain_failures(&checks).is_empty() {
        Ok(())
    } else if submit {
        Err(Error::field("submit", "error-submit-blocked"))
    } else {
        Err(Error::field("submit", "error-submitted-blocked"))
    }
}

/// Writes `content` as the version after `based_on`; someone else's save
/// since (or at the same moment) makes it `Stale`.
fn write_version(
    conn: &mut DbConn,
    l: &TeamEntry,
    content: &EntryContent,
    based_on: i32,
    dataset_rows: &HashMap<String, i32>,
    author: i32,
    submit: bool,
) -> Result<Saved> {
    let saved = store::entries::save(
        conn,
        &SaveRequest {
            team_id: l.bundle.team.id,
            track_id: l.track.id,
            contest_id: l.bundle.contest.id,
            based_on,
            content,
            dataset_rows,
            author,
            submit,
        },
        now(),
    );
    // A submitted entry counts in its datasets' public use.
    if submit || l.entry.as_ref().is_some_and(|e| e.submitted_at.is_some()) {
        changes::mark(&[Area::Usage]);
    }
    // The archive names what answered each challenge.
    if content.challenge_id != l.content.challenge_id {
        changes::mark(&[Area::Contests]);
    }
    match saved.map_err(Error::from) {
        Ok(Ok(e)) => {
            // A judged entry's declared datasets count in its ranking
            // (rare: only a revision changes a passed entry).
            judging::refresh_entry(conn, e.id)?;
            Ok(Saved {
                entry_id: e.id,
                version: e.version,
            })
        }
        // Someone saved since; or two first saves at the same moment, and
        // the other one created the entry.
        Ok(Err(_)) | Err(Error::Stale(_)) => Err(Error::Stale("error-entry-stale")),
        Err(e) => Err(e),
    }
}

/// A proposal as uploaded: the file (cut off at the limit) and the form's
/// other fields.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    pub team_id: i32,
    pub track_id: i32,
    pub data: Vec<u8>,
    /// The file was larger than `PROPOSAL_MAX_BYTES`.
    pub too_big: bool,
    /// The text fields posted with the file.
    pub fields: Vec<(String, String)>,
}

/// Uploads the proposal PDF: a new version of the entry (earlier versions
/// keep theirs). A student of the team, while the window is open; after the
/// deadline only when a revision asks for the proposal.
pub fn upload_proposal(p: &Portal, who: &Person, u: Upload) -> Result<Saved> {
    p.transaction(|conn| {
        let l = load(conn, u.team_id, u.track_id)?;
        let at = now();
        gate::student_while_open(who, &l.bundle, l.window.open(at))?;
        if !l.window.allows_proposal(at) {
            return Err(Error::Refused("error-revision-only"));
        }
        let mut errors = FieldErrors::default();
        for (_, value) in &u.fields {
            if let Some(m) = text::refusal(value, Kind::Line) {
                errors.push("proposal", m);
            }
        }
        let file = ProposalFile {
            data: u.data,
            too_big: u.too_big,
        };
        if let Some(m) = file.problem() {
            errors.push("proposal", m);
        }
        errors.or(())?;
        let file = store::files::insert(
            conn,
            who.id,
            "proposal",
            "application/pdf",
            &format!("proposal-team{}-track{}.pdf", u.team_id, u.track_id),
            &file.data,
            at,
        )?;
        let mut content = l.content.clone();
        content.proposal_file_id = Some(file);
        let rows = dataset_rows(conn, &content)?;
        // Based on the version just read: a save at the same moment makes
        // this one stale, and the file goes with it.
        let saved = write_version(conn, &l, &content, l.version(), &rows, who.id, false)?;
        store::teams::record_event(
            conn,
            u.team_id,
            Some(who.id),
            "entry.proposal",
            json!({ "track_id": u.track_id }),
            at,
        )?;
        Ok(saved)
    })
}

/// Catalogue row ids of the datasets an entry declares.
fn dataset_rows(conn: &mut DbConn, content: &EntryContent) -> Result<HashMap<String, i32>> {
    let mut rows = HashMap::new();
    for d in &content.datasets {
        if let Some(ds) = store::catalog::find_by_source_id(conn, &d.dataset_id)? {
            rows.insert(d.dataset_id.clone(), ds.id);
        }
    }
    Ok(rows)
}

/// An advisor of the team confirms its entry.
pub fn endorse(p: &Portal, who: &Person, team_id: i32, track_id: i32) -> Result<()> {
    p.transaction(|conn| {
        let l = load(conn, team_id, track_id)?;
        gate::advisor(who, &l.bundle)?;
        let entry = l
            .entry
            .as_ref()
            .ok_or(Error::Refused("error-endorse-nothing"))?;
        let at = now();
        store::entries::endorse(conn, entry.id, who.id, at)?;
        store::teams::record_event(
            conn,
            team_id,
            Some(who.id),
            "entry.endorse",
            json!({ "track_id": track_id }),
            at,
        )?;
        Ok(())
    })
}
