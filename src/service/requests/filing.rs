//! Filing a data request, and what the filer sees first: requests and
//! datasets with a similar title, the units to suggest, their own entries.

use chrono::NaiveDate;
use serde_json::json;

use crate::domain::challenge_outcome::nameable_on_request;
use crate::domain::data_request::{self as dr, State};
use crate::domain::text::Rule;
use crate::domain::FieldErrors;
use crate::service::changes::{self, Area};
use crate::service::{audit, now, today, Error, Person, Portal, Result};
use crate::store::{self, challenges::Challenge, units::Unit};

pub const TITLE_MAX: usize = 120;
pub const TEXT_MAX: usize = 4000;
/// The formats a requester may prefer.
pub const FORMATS: [&str; 6] = ["CSV", "JSON", "XML", "XLSX", "API", "ODS"];

/// A request as typed on the filing form.
#[derive(Debug, Default, Clone)]
pub struct Filing {
    pub title: String,
    pub description: String,
    pub fields: String,
    pub purpose: String,
    pub entry_id: String,
    pub suggested_unit: String,
    pub format: String,
    pub needed_by: String,
    pub show_team: bool,
    /// The challenge (出題) the request serves, by id ("" for none).
    pub challenge_id: String,
}

/// What the filing form offers: the active units and the filer's entries
/// (entry id, title, team id, team name).
pub struct FilingChoices {
    pub units: Vec<Unit>,
    pub entries: Vec<(i32, String, i32, String)>,
    /// Published challenges of open contests, which a request may name.
    pub challenges: Vec<Challenge>,
}

pub fn filing_choices(p: &Portal, who: &Person) -> Result<FilingChoices> {
    p.read(|conn| {
        Ok(FilingChoices {
            units: store::units::list(conn)?,
            entries: store::requests::entries_of_user(conn, who.id)?,
            challenges: store::challenge_outcomes::published_of_open_contests(conn, now())?,
        })
    })
}

/// The challenge a filing names: none, or a published challenge of an
/// open contest (`domain::challenge_outcome::nameable_on_request`);
/// anything else is refused beside the field.
fn named_challenge(conn: &mut crate::db::DbConn, raw: &str) -> Result<Option<i32>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let refused = || Error::field("challenge", "error-request-challenge");
    let id: i32 = raw.parse().map_err(|_| refused())?;
    let c = store::challenges::find(conn, id)?.ok_or_else(refused)?;
    let contest = store::contests::find(conn, c.contest_id)?.ok_or_else(refused)?;
    if nameable_on_request(c.state, contest.published, contest.results_at, now()) {
        Ok(Some(c.id))
    } else {
        Err(refused())
    }
}

/// Open requests (id, title, state) and catalogue datasets (id, title,
/// publisher) whose titles look like the one being typed, most alike first.
#[derive(Debug, Default, Clone)]
pub struct Suggestions {
    pub requests: Vec<(i32, String, State)>,
    pub datasets: Vec<(String, String, String)>,
}

pub fn similar(p: &Portal, title: &str) -> Result<Suggestions> {
    let title: String = title.trim().chars().take(TITLE_MAX).collect();
    if title.chars().count() < 2
        || crate::domain::text::refusal(&title, crate::domain::text::Kind::Line).is_some()
    {
        return Ok(Suggestions::default());
    }
    p.read(|conn| {
        let mut requests: Vec<(f64, (i32, String, State))> = store::requests::open_titles(conn)?
            .into_iter()
            .filter_map(|(id, t, state)| {
                let s = dr::similarity(&title, &t);
                (s >= dr::SIMILAR).then_some((s, (id, t, state)))
            })
            .collect();
        requests.sort_by(|a, b| b.0.total_cmp(&a.0));
        let pieces: Vec<String> = dr::bigrams(&title)
            .into_iter()
            .filter(|b| b.chars().count() == 2)
            .take(12)
            .collect();
        let mut datasets: Vec<(f64, (String, String, String))> =
            store::catalog::title_contains_any(conn, &pieces, 300)?
                .into_iter()
                .filter_map(|d| {
                    let s = dr::similarity(&title, &d.title);
                    (s >= dr::SIMILAR).then_some((s, (d.source_id, d.title, d.publisher)))
                })
                .collect();
        datasets.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(Suggestions {
            requests: requests.into_iter().take(5).map(|(_, r)| r).collect(),
            datasets: datasets.into_iter().take(5).map(|(_, d)| d).collect(),
        })
    })
}

/// What already exists like the request being typed ("check" on the form,
/// which needs only a title).
pub fn check(p: &Portal, f: &Filing) -> Result<Suggestions> {
    check_filing(f, true)?;
    similar(p, &f.title)
}

/// The checks of the filing form; `title_only` when the filer only asks
/// what already exists.
fn check_filing(f: &Filing, title_only: bool) -> Result<Option<NaiveDate>, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("title", &f.title, Rule::name(TITLE_MAX).required());
    if title_only {
        return errors.or(None);
    }
    errors.text(
        "description",
        &f.description,
        Rule::paragraph(TEXT_MAX).required(),
    );
    errors.text("fields", &f.fields, Rule::paragraph(TEXT_MAX));
    errors.text("purpose", &f.purpose, Rule::paragraph(TEXT_MAX).required());
    let needed_by = errors.date_from("needed_by", &f.needed_by, today());
    if !FORMATS.contains(&f.format.as_str()) {
        errors.push("format", "error-request-format");
    }
    errors.or(needed_by)
}

/// Files a request; the filer follows it. Returns its id.
pub fn file(p: &Portal, who: &Person, f: Filing) -> Result<i32> {
    let needed_by = check_filing(&f, false)?;
    p.transaction(|conn| {
        if !store::throttle::hit(
            conn,
            &crate::domain::throttle::REQUEST_FILING_PER_ACCOUNT,
            &who.id.to_string(),
            now(),
        )? {
            return Err(Error::TooMany("error-request-rate"));
        }
        let entries = store::requests::entries_of_user(conn, who.id)?;
        let entry = match f.entry_id.trim() {
            "" => None,
            raw => Some(
                entries
                    .iter()
                    .find(|e| e.0.to_string() == raw)
                    .ok_or(Error::NotFound)?,
            ),
        };
        let suggested_unit = match f.suggested_unit.trim() {
            "" => None,
            raw => Some(
                store::units::list(conn)?
                    .iter()
                    .find(|u| u.active && u.id.to_string() == raw)
                    .ok_or(Error::NotFound)?
                    .id,
            ),
        };
        let challenge_id = named_challenge(conn, &f.challenge_id)?;
        let at = now();
        let r = store::requests::create(
            conn,
            &store::requests::NewRequest {
                requester_id: who.id,
                team_id: entry.map(|e| e.2),
                entry_id: entry.map(|e| e.0),
                title: f.title.trim(),
                description: f.description.trim(),
                fields: f.fields.trim(),
                purpose: f.purpose.trim(),
                suggested_unit_id: suggested_unit,
                preferred_format: &f.format,
                needed_by,
                show_team: f.show_team && entry.is_some(),
                challenge_id,
            },
            at,
        )?;
        store::requests::add_event(
            conn,
            r.id,
            Some(who.id),
            "file",
            "",
            State::Submitted.as_str(),
            "",
            &json!({ "as": "requester" }),
            at,
        )?;
        store::requests::toggle_follow(conn, r.id, who.id, at)?;
        changes::mark(&[Area::Requests]);
        audit(
            conn,
            who,
            "request.file",
            "data_request",
            r.id,
            json!({ "title": r.title, "challenge": r.challenge_id }),
        )?;
        Ok(r.id)
    })
}
