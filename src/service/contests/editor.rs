//! The organisers' contest editor: the list of editions, one edition's
//! details and Taipei-time timeline, creating, saving and publishing.

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::json;

use crate::domain::text::{self, Kind};
use crate::domain::timeline::{taipei_input_value, Timeline};
use crate::domain::FieldErrors;
use crate::service::changes::{self, Area};
use crate::service::gates::contests as gate;
use crate::service::teams::unique_means;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, contests::Contest, contests::ContestInput, contests::Track};

pub use crate::domain::timeline::TIMELINE_FIELDS;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const VENUE_MAX: usize = 300;

/// Every edition, newest first.
pub struct Contests {
    pub contests: Vec<Contest>,
    pub at: NaiveDateTime,
}

pub fn contests(p: &Portal, who: &Person) -> Result<Contests> {
    gate::organiser(who)?;
    p.read(|conn| {
        Ok(Contests {
            contests: store::contests::list_all(conn)?,
            at: now(),
        })
    })
}

/// One edition as its editor shows it, with its tracks.
pub struct ContestEdit {
    pub contest: Contest,
    pub tracks: Vec<Track>,
    pub at: NaiveDateTime,
}

pub fn contest(p: &Portal, who: &Person, id: i32) -> Result<ContestEdit> {
    gate::organiser(who)?;
    p.read(|conn| {
        let contest = store::contests::find(conn, id)?.ok_or(Error::NotFound)?;
        Ok(ContestEdit {
            tracks: store::contests::tracks_of(conn, id)?,
            contest,
            at: now(),
        })
    })
}

/// An edition as typed on the contest form: dates are Taipei wall-clock
/// times as a datetime-local input sends them.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContestDraft {
    pub year: String,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub registration_opens: String,
    pub registration_closes: String,
    pub submission_deadline: String,
    pub review_starts: String,
    pub review_ends: String,
    pub judging_starts: String,
    pub judging_ends: String,
    pub finals: String,
    pub finals_venue: String,
    pub results: String,
}

impl ContestDraft {
    /// A new edition's form, for the year of `at`.
    pub fn new_for(at: NaiveDateTime) -> ContestDraft {
        ContestDraft {
            year: chrono::Datelike::year(&at).to_string(),
            ..Default::default()
        }
    }

    /// The saved edition as its form shows it.
    pub fn of(c: &Contest) -> ContestDraft {
        let v = |t: &Option<NaiveDateTime>| t.as_ref().map(taipei_input_value).unwrap_or_default();
        ContestDraft {
            year: c.year.to_string(),
            title: c.title.clone(),
            title_en: c.title_en.clone(),
            description: c.description.clone(),
            registration_opens: v(&c.registration_opens_at),
            registration_closes: v(&c.registration_closes_at),
            submission_deadline: v(&c.submission_deadline_at),
            review_starts: v(&c.review_starts_at),
            review_ends: v(&c.review_ends_at),
            judging_starts: v(&c.judging_starts_at),
            judging_ends: v(&c.judging_ends_at),
            finals: v(&c.finals_at),
            finals_venue: c.finals_venue.clone(),
            results: v(&c.results_at),
        }
    }

    /// The typed date of a timeline field (`TIMELINE_FIELDS`).
    pub fn date(&self, field: &str) -> &str {
        match field {
            "registration_opens" => &self.registration_opens,
            "registration_closes" => &self.registration_closes,
            "submission_deadline" => &self.submission_deadline,
            "review_starts" => &self.review_starts,
            "review_ends" => &self.review_ends,
            "judging_starts" => &self.judging_starts,
            "judging_ends" => &self.judging_ends,
            "finals" => &self.finals,
            "results" => &self.results,
            _ => "",
        }
    }

    /// What the organiser typed, checked: a year, a title, text without
    /// control characters (titles also without invisible ones), and the
    /// timeline in order.
    fn parse(&self) -> Result<ContestInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                errors.push("year", "error-contest-year");
                0
            }
        };
        typed(
            &mut errors,
            "title",
            &self.title,
            Kind::Name,
            TITLE_MAX,
            true,
            "error-contest-title",
        );
        typed(
            &mut errors,
            "title_en",
            &self.title_en,
            Kind::Name,
            TITLE_MAX,
            false,
            "error-contest-title",
        );
        typed(
            &mut errors,
            "description",
            &self.description,
            Kind::Paragraph,
            DESCRIPTION_MAX,
            false,
            "error-text-too-long",
        );
        typed(
            &mut errors,
            "finals_venue",
            &self.finals_venue,
            Kind::Line,
            VENUE_MAX,
            false,
            "error-text-too-long",
        );
        let timeline = Timeline::from_form(|f| self.date(f));
        let timeline = match timeline {
            Ok(t) => t,
            Err(e) => {
                errors.merge(e);
                Timeline::default()
            }
        };
        errors.or(ContestInput {
            year,
            title: self.title.trim().to_string(),
            title_en: self.title_en.trim().to_string(),
            description: self.description.trim().to_string(),
            registration_opens_at: timeline.registration_opens,
            registration_closes_at: timeline.registration_closes,
            submission_deadline_at: timeline.submission_deadline,
            review_starts_at: timeline.review_starts,
            review_ends_at: timeline.review_ends,
            judging_starts_at: timeline.judging_starts,
            judging_ends_at: timeline.judging_ends,
            finals_at: timeline.finals_at,
            finals_venue: self.finals_venue.trim().to_string(),
            results_at: timeline.results_at,
        })
    }
}

/// Checks one typed text: its characters by `kind` first (the text rules'
/// own message), then presence and length (`message`).
pub(super) fn typed(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    kind: Kind,
    max: usize,
    required: bool,
    message: &'static str,
) {
    let value = value.trim();
    if let Some(m) = text::refusal(value, kind) {
        errors.push(field, m);
    } else if (required && value.is_empty()) || value.chars().count() > max {
        errors.push(field, message);
    }
}

fn year_taken() -> Error {
    Error::Taken {
        field: "year",
        message: "error-contest-year-taken",
    }
}

/// Creates an edition (a draft); a year that has one already is refused
/// beside the year (409), also when two organisers create it at once.
pub fn create(p: &Portal, who: &Person, draft: &ContestDraft) -> Result<i32> {
    gate::organiser(who)?;
    let input = draft.parse()?;
    p.transaction(|conn| {
        if store::contests::find_by_year(conn, input.year)?.is_some() {
            return Err(year_taken());
        }
        let c = store::contests::create(conn, &input, now())
            .map_err(|e| unique_means(e, year_taken()))?;
        changes::mark(&[Area::Contests]);
        audit(
            conn,
            who,
            "contest.create",
            "contest",
            c.id,
            json!({ "year": c.year, "title": c.title }),
        )?;
        Ok(c.id)
    })
}

/// Saves an edition's details and timeline; audited with the timeline before.
pub fn update(p: &Portal, who: &Person, id: i32, draft: &ContestDraft) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let before = store::contests::find(conn, id)?.ok_or(Error::NotFound)?;
        let input = draft.parse()?;
        if store::contests::find_by_year(conn, input.year)?.is_some_and(|other| other.id != id) {
            return Err(year_taken());
        }
        store::contests::update(conn, id, &input, now())
            .map_err(|e| unique_means(e, year_taken()))?;
        changes::mark(&[Area::Contests]);
        audit(
            conn,
            who,
            "contest.update",
            "contest",
            id,
            json!({
                "year": input.year,
                "timeline_before": format!("{:?}", before.timeline()),
            }),
        )
    })
}

/// Publishes an edition, or returns it to draft; audited.
pub fn publish(p: &Portal, who: &Person, id: i32, published: bool) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        store::contests::find(conn, id)?.ok_or(Error::NotFound)?;
        store::contests::set_published(conn, id, published, now())?;
        changes::mark(&[Area::Contests]);
        audit(
            conn,
            who,
            if published {
                "contest.publish"
            } else {
                "contest.unpublish"
            },
            "contest",
            id,
            json!({}),
        )
    })
}
