//! One page of the impact ledger, with its filters.

use crate::db::DbConn;
use crate::domain::text::{self, Kind};
use crate::domain::FieldErrors;
use crate::service::gates::ledger::{self as gate, Scope};
use crate::service::{Error, Person, Portal, Result};
use crate::store::{self, PageRequest, Paged};

use super::snapshot::{LedgerFilter, LedgerLine};

/// Lines on one page.
pub const PER_PAGE: i64 = 50;

/// The filters as typed (the page's query string).
#[derive(Debug, Default, Clone)]
pub struct LedgerQuery {
    pub year: String,
    pub publisher: String,
    pub page: Option<i64>,
}

/// One page of the ledger and what its filters offer.
pub struct Ledger {
    pub lines: Paged<LedgerLine>,
    /// Whether every dataset is in view (organisers), or a unit's.
    pub everything: bool,
    /// The publishers that may be chosen: every publisher in the catalogue
    /// for organisers, the names of their units for a unit's reviewers.
    pub publishers: Vec<String>,
    /// Whether the catalogue holds any dataset of those publishers (a unit
    /// whose name no dataset names as its publisher sees nothing, and is
    /// told why).
    pub catalogued: bool,
    /// The contest years that may be chosen, newest first.
    pub years: Vec<i32>,
    /// The filters as applied.
    pub year: Option<i32>,
    pub publisher: Option<String>,
    /// What was wrong with the filters (those are then left out).
    pub errors: FieldErrors,
}

/// The filters as checked, and what the reader may read.
pub(super) struct Checked {
    pub filter: LedgerFilter,
    /// The publisher chosen, if any.
    pub publisher: Option<String>,
    pub scope: Scope,
    pub years: Vec<i32>,
    pub errors: FieldErrors,
}

/// Checks the filters against what `who` may read (anyone but organisers
/// and unit reviewers is refused, 403): a year that is not a contest's is
/// left out with a message, and so is a publisher with characters no text
/// may hold; a publisher outside a unit reviewer's own is refused (403).
pub(super) fn check(conn: &mut DbConn, who: &Person, q: &LedgerQuery) -> Result<Checked> {
    let scope = gate::readable(conn, who)?;
    let years = store::usage::contest_years(conn)?;
    let mut errors = FieldErrors::default();
    let year = match q.year.trim() {
        "" => None,
        raw => match raw.parse::<i32>().ok().filter(|y| years.contains(y)) {
            Some(y) => Some(y),
            None => {
                errors.push("year", "error-ledger-year");
                None
            }
        },
    };
    let publisher = q.publisher.trim();
    let publisher = if publisher.is_empty() {
        None
    } else if let Some(message) = text::refusal(publisher, Kind::Line) {
        errors.push("publisher", message);
        None
    } else if !scope.covers(publisher) {
        return Err(Error::Forbidden);
    } else {
        Some(publisher.to_string())
    };
    let publishers = match (&scope, &publisher) {
        (_, Some(p)) => Some(vec![p.clone()]),
        (Scope::All, None) => None,
        (Scope::Publishers(names), None) => Some(names.clone()),
    };
    Ok(Checked {
        filter: LedgerFilter { publishers, year },
        publisher,
        scope,
        years,
        errors,
    })
}

/// One page of the ledger for `who`, filtered by contest year and (for
/// organisers, or a reviewer of several units) publisher: a page of the
/// lines as counted (`snapshot`), with only that page's datasets read.
pub fn ledger(p: &Portal, who: &Person, q: &LedgerQuery) -> Result<Ledger> {
    p.read(|conn| {
        let c = check(conn, who, q)?;
        let page = PageRequest::new(q.page, PER_PAGE);
        let (items, total) = p.ledger.current(conn)?.page(
            conn,
            &c.filter,
            usize::try_from(page.offset()).unwrap_or(0),
            usize::try_from(page.per_page).unwrap_or(0),
        )?;
        let catalogue: Vec<String> = store::catalog::publishers(conn)?
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let publishers = match &c.scope {
            Scope::All => catalogue.clone(),
            Scope::Publishers(names) => names.clone(),
        };
        let catalogued = publishers.iter().any(|p| catalogue.contains(p));
        Ok(Ledger {
            lines: Paged {
                items,
                total,
                page: page.page,
                per_page: page.per_page,
            },
            everything: c.scope == Scope::All,
            publishers,
            catalogued,
            years: c.years,
            year: c.filter.year,
            publisher: c.publisher,
            errors: c.errors,
        })
    })
}
