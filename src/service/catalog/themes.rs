//! Issue 15, themes: organisers tag datasets with the national
//! high-application-value themes and recommend them for tracks — one
//! dataset on its page (`tag`), or many with a CSV (`import_tags`, all or
//! nothing) — and the pages show what is tagged. Also the start-up backfill
//! of the format flag the search filters by.

use std::collections::HashMap;

use serde_json::json;

use crate::db::DbConn;
use crate::domain::text::Rule;
use crate::domain::themes::{
    parse_tag_csv, takes_recommendations, FormatFlag, RowProblem, Theme, ThemeNames,
};
use crate::domain::FieldErrors;
use crate::i18n::{t, Lang};
use crate::service::changes::{self, Area};
use crate::service::gates::{office as gate, themes::sees_recommendation};
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store;
use crate::store::themes::TrackChoice;

/// What a dataset's page shows of its tags.
#[derive(Debug, Clone, Default)]
pub struct DatasetTags {
    pub themes: Vec<Theme>,
    /// The tracks that recommend it, those of drafts to organisers only.
    pub recommended_by: Vec<TrackChoice>,
    /// For organisers, the tagging form: the tracks it may be recommended
    /// for (those of contests not archived), each with whether it is.
    pub form: Option<Vec<(TrackChoice, bool)>>,
}

/// The tags of dataset `dataset_id` as `who` may see them (a step of the
/// dataset page, inside its read).
pub(super) fn tags_of(
    conn: &mut DbConn,
    who: Option<&Person>,
    dataset_id: i32,
) -> Result<DatasetTags> {
    let themes = store::themes::themes_of(conn, &[dataset_id])?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let recommended_by: Vec<TrackChoice> = store::themes::tracks_recommending(conn, dataset_id)?
        .into_iter()
        .filter(|t| sees_recommendation(who, t))
        .collect();
    let form = match who {
        Some(w) if gate::organiser(w).is_ok() => Some(
            open_tracks(conn)?
                .into_iter()
                .map(|t| {
                    let on = recommended_by.iter().any(|r| r.track_id == t.track_id);
                    (t, on)
                })
                .collect(),
        ),
        _ => None,
    };
    Ok(DatasetTags {
        themes,
        recommended_by,
        form,
    })
}

/// The themes of each of these datasets (for a page of search results).
pub(super) fn themes_by_dataset(
    conn: &mut DbConn,
    dataset_ids: &[i32],
) -> Result<HashMap<i32, Vec<Theme>>> {
    let mut out: HashMap<i32, Vec<Theme>> = HashMap::new();
    for (id, theme) in store::themes::themes_of(conn, dataset_ids)? {
        out.entry(id).or_default().push(theme);
    }
    Ok(out)
}

/// Tracks that take recommendations now: those of contests not archived.
fn open_tracks(conn: &mut DbConn) -> Result<Vec<TrackChoice>> {
    let at = now();
    Ok(store::themes::track_choices(conn)?
        .into_iter()
        .filter(|t| takes_recommendations(t.results_at, at))
        .collect())
}

/// The tagging form as submitted: theme codes and track ids, as sent.
#[derive(Debug, Clone, Default)]
pub struct TagChoice {
    pub themes: Vec<String>,
    pub tracks: Vec<String>,
}

/// An organiser sets a dataset's themes and the tracks (of contests not
/// archived) it is recommended for, exactly as ticked. A theme or track the
/// form never offered is refused, and nothing changes. Returns the
/// dataset's data.gov.tw id (as stored).
pub fn tag(p: &Portal, who: &Person, source_id: &str, choice: &TagChoice) -> Result<String> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let mut themes = Vec::new();
    for code in &choice.themes {
        match Theme::parse(code) {
            Some(t) if !themes.contains(&t) => themes.push(t),
            Some(_) => {}
            None => errors.push("themes", "error-tags-theme-code"),
        }
    }
    let mut tracks = Vec::new();
    for raw in &choice.tracks {
        match raw.trim().parse::<i32>() {
            Ok(id) if !tracks.contains(&id) => tracks.push(id),
            Ok(_) => {}
            Err(_) => errors.push("tracks", "error-tags-track-choice"),
        }
    }
    errors.or(())?;
    p.transaction(|conn| {
        let dataset = store::catalog::find_by_source_id(conn, source_id)?.ok_or(Error::NotFound)?;
        let open: Vec<i32> = open_tracks(conn)?.iter().map(|t| t.track_id).collect();
        if tracks.iter().any(|t| !open.contains(t)) {
            return Err(Error::field("tracks", "error-tags-track-choice"));
        }
        let at = now();
        store::themes::set_themes(conn, dataset.id, &themes, at)?;
        store::themes::set_recommendations(conn, dataset.id, &open, &tracks, at)?;
        changes::mark(&[Area::Catalog]);
        audit(
            conn,
            who,
            "catalog.tag",
            "dataset",
            &dataset.source_id,
            json!({
                "themes": themes.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                "tracks": tracks,
            }),
        )?;
        Ok(dataset.source_id)
    })
}

/// The bulk tagging page: the themes and the tracks a CSV may name.
pub struct TagPage {
    pub tracks: Vec<TrackChoice>,
    /// A few dataset ids of the catalogue, for the example file.
    pub sample_ids: Vec<String>,
}

pub fn tag_page(p: &Portal, who: &Person) -> Result<TagPage> {
    gate::organiser(who)?;
    p.read(|conn| {
        Ok(TagPage {
            tracks: open_tracks(conn)?,
            sample_ids: store::themes::first_source_ids(conn, 3)?,
        })
    })
}

/// What a tagging CSV did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows: usize,
    pub themes_added: usize,
    pub recommendations_added: usize,
}

/// Why a tagging CSV wrote nothing: the refusal, and when it is about
/// rows, every bad row with its line and reason, in file order.
#[derive(Debug)]
pub struct Rejected {
    pub error: Error,
    pub rows: Vec<RowProblem>,
}

impl From<Error> for Rejected {
    fn from(error: Error) -> Self {
        Rejected {
            error,
            rows: Vec::new(),
        }
    }
}

/// A theme's code or its name in any language, for reading a CSV.
fn theme_names() -> ThemeNames {
    ThemeNames::new(|theme| {
        Lang::ALL
            .iter()
            .map(|lang| t(*lang, theme.message_id()))
            .collect()
    })
}

/// An organiser uploads a tagging CSV (columns: dataset id, themes, optional
/// track id). Every row is checked — against the domain's rules, the
/// catalogue and the open tracks — and only when none is wrong are the
/// themes added and the recommendations made, in one transaction. Tags are
/// only added: a CSV never removes one (the dataset page does).
pub fn import_tags(
    p: &Portal,
    who: &Person,
    file_name: &str,
    bytes: &[u8],
) -> std::result::Result<ImportSummary, Rejected> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    errors.text("file", file_name, Rule::line(200));
    errors.or(()).map_err(Error::from)?;
    let (rows, mut problems) =
        parse_tag_csv(bytes, &theme_names()).map_err(|e| Error::field("file", e.message_id()))?;
    let name = file_name.trim();
    let mut bad_rows = Vec::new();
    let done = p.transaction(|conn| {
        let wanted: Vec<String> = rows.iter().map(|r| r.dataset_id.clone()).collect();
        let ids = store::themes::ids_of(conn, &wanted)?;
        let all = store::themes::track_choices(conn)?;
        let at = now();
        for r in &rows {
            if !ids.contains_key(&r.dataset_id) {
                problems.push(RowProblem::new(
                    r.line,
                    "error-tags-dataset-unknown",
                    &r.dataset_id,
                ));
            } else if let Some(track) = r.track_id {
                match all.iter().find(|t| t.track_id == track) {
                    None => problems.push(RowProblem::new(
                        r.line,
                        "error-tags-track-unknown",
                        track.to_string(),
                    )),
                    Some(t) if !takes_recommendations(t.results_at, at) => problems.push(
                        RowProblem::new(r.line, "error-tags-track-closed", track.to_string()),
                    ),
                    Some(_) => {}
                }
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            bad_rows = std::mem::take(&mut problems);
            return Err(Error::field("file", "error-tags-rows"));
        }
        let mut summary = ImportSummary {
            rows: rows.len(),
            ..ImportSummary::default()
        };
        for r in &rows {
            let id = ids[&r.dataset_id];
            summary.themes_added += store::themes::add_themes(conn, id, &r.themes, at)?;
            if let Some(track) = r.track_id {
                if store::themes::recommend(conn, track, id, at)? {
                    summary.recommendations_added += 1;
                }
            }
        }
        changes::mark(&[Area::Catalog]);
        audit(
            conn,
            who,
            "catalog.tag-import",
            "dataset_tags",
            name,
            json!({
                "file": name,
                "rows": summary.rows,
                "themes_added": summary.themes_added,
                "recommendations_added": summary.recommendations_added,
            }),
        )?;
        Ok(summary)
    });
    done.map_err(|error| Rejected {
        error,
        rows: bad_rows,
    })
}

/// Computes the format flag of every dataset that has none yet (rows from
/// before the flag existed), from its stored resources with the domain's
/// own function, so it matches what `store::catalog::upsert` writes for a
/// fresh sync. Runs at start-up (`Portal::open`); once done it costs one
/// indexed query. Replicas starting together compute the same values, so
/// they may overlap harmlessly. Returns how many datasets it filled in.
pub fn backfill_format_flags(conn: &mut DbConn) -> Result<usize> {
    let mut done = 0;
    loop {
        let ids = store::themes::without_format_flag(conn, 500)?;
        if ids.is_empty() {
            return Ok(done);
        }
        let formats = store::themes::resource_formats(conn, &ids)?;
        let mut by_flag: HashMap<FormatFlag, Vec<i32>> = HashMap::new();
        for id in &ids {
            let list: Vec<&str> = formats
                .get(id)
                .map(|f| f.iter().map(String::as_str).collect())
                .unwrap_or_default();
            by_flag
                .entry(FormatFlag::of_resources(&list))
                .or_default()
                .push(*id);
        }
        for (flag, ids) in by_flag {
            done += store::themes::set_format_flag(conn, &ids, flag)?;
        }
    }
}
