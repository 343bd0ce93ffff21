//! Finding datasets: the public catalogue search and one dataset's page.

use std::collections::HashMap;

use crate::domain::catalog::valid_id;
use crate::domain::text::{self, Kind};
use crate::domain::themes::{FormatFlag, Theme};
use crate::domain::FieldErrors;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::catalog::{Dataset, ResourceRow, COUNT_CAP};
pub use crate::store::usage::{Winner, YearUsage};
use crate::store::{self, PageRequest, Paged};

/// What the search form asks for, as typed.
#[derive(Debug, Default, Clone)]
pub struct Search {
    pub q: String,
    pub publisher: String,
    pub format: String,
    /// A theme's code (issue 15).
    pub theme: String,
    /// A format flag's code (issue 15).
    pub flag: String,
    pub page: Option<i64>,
}

/// One page of results.
pub struct Found {
    pub list: Paged<Dataset>,
    /// Publishers with their dataset counts, for the filter.
    pub publishers: Vec<(String, i64)>,
    /// More than [`COUNT_CAP`] matched: the count says "more than", and the
    /// pages stop at the cap (narrowing the words is the way on).
    pub more: bool,
    pub pages: i64,
    /// What was wrong with the words or filters (those are then left out).
    pub errors: FieldErrors,
    /// The themes of the datasets listed, by dataset.
    pub themes: HashMap<i32, Vec<Theme>>,
}

/// Searches by keywords (any substring, Chinese too), publisher, format,
/// theme and format flag.
/// Characters that no text may hold are refused with a message on the page,
/// and the search runs without that part.
pub fn search(p: &Portal, s: &Search) -> Result<Found> {
    let mut errors = FieldErrors::default();
    let mut allowed = |field: &'static str, value: &str| match text::refusal(value, Kind::Line) {
        Some(message) => {
            errors.push(field, message);
            String::new()
        }
        None => value.to_string(),
    };
    let filter = store::catalog::Search {
        q: allowed("q", &s.q).chars().take(100).collect(),
        publisher: allowed("publisher", &s.publisher),
        format: allowed("format", &s.format),
        theme: code_of(&mut errors, "theme", &s.theme, Theme::parse),
        flag: code_of(&mut errors, "flag", &s.flag, FormatFlag::parse),
    };
    let page = PageRequest::new(s.page, 20);
    p.read(|conn| {
        let list = store::catalog::search(conn, &filter, page)?;
        let more = list.total > COUNT_CAP;
        let pages = if more {
            (COUNT_CAP + list.per_page - 1) / list.per_page
        } else {
            list.pages()
        };
        let ids: Vec<i32> = list.items.iter().map(|d| d.id).collect();
        Ok(Found {
            themes: super::themes::themes_by_dataset(conn, &ids)?,
            publishers: store::catalog::publishers(conn)?,
            list,
            more,
            pages,
            errors,
        })
    })
}

/// A filter's code: none when empty, else the known value or a problem
/// beside the field (the search then runs without it).
fn code_of<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let found = parse(raw);
    if found.is_none() {
        errors.push(field, "error-filter-unknown");
    }
    found
}

/// A dataset as its page shows it.
pub struct DatasetPage {
    pub dataset: Dataset,
    pub resources: Vec<ResourceRow>,
    /// Per published contest year, newest first: the submitted entries that
    /// declare it, and the finalists and winners among them once their
    /// track's results are published.
    pub usage: Vec<YearUsage>,
    /// Published winners that declare it, with their awards.
    pub winners: Vec<Winner>,
    /// Its themes and track recommendations (issue 15).
    pub tags: super::DatasetTags,
    /// What depends on it, for its publisher's unit and the organisers
    /// only (`watch::dependents_of`); `None` for anyone else.
    pub dependents: Option<super::watch::Dependents>,
    /// Its fitness card (columns, sample rows and flags).
    pub card: super::cards::Card,
}

/// The page of dataset `id` (its data.gov.tw id). A signed-in person may
/// look up a dataset that is not kept yet: it is fetched from data.gov.tw
/// once and kept. How it has been used is counted in the database (two
/// queries, however many entries declare it); nothing unpublished shows.
pub async fn dataset(p: &Portal, who: Option<&Person>, id: &str) -> Result<DatasetPage> {
    if !valid_id(id) {
        return Err(Error::NotFound);
    }
    let id = id.to_string();
    let viewer = who.cloned();
    let known = super::lookup::known_or_fetched_in(p, who, std::slice::from_ref(&id), 1).await?;
    if !known.contains_key(&id) {
        return Err(Error::NotFound);
    }
    let who = who.cloned();
    p.blocking(move |p| {
        p.read(|conn| {
            let dataset = store::catalog::find_by_source_id(conn, &id)?.ok_or(Error::NotFound)?;
            let dependents = match &who {
                Some(who) => match super::watch::dependents_of(conn, who, &dataset) {
                    Ok(d) => Some(d),
                    Err(Error::Forbidden) => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            Ok(DatasetPage {
                tags: super::themes::tags_of(conn, viewer.as_ref(), dataset.id)?,
                card: super::cards::card_of(&dataset, store::cards::find(conn, dataset.id)?, now()),
                resources: store::catalog::resources(conn, dataset.id)?,
                usage: store::usage::public_usage(conn, dataset.id)?,
                winners: store::usage::public_winners(conn, dataset.id)?,
                dependents,
                dataset,
            })
        })
    })
    .await
}
