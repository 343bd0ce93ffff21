//! The organisers' track editor: a track's theme, rules and prize table,
//! and track-wide deadline extensions.

use serde::Deserialize;
use serde_json::json;

use super::editor::typed;
use crate::domain::catalog::DEFAULT_PUBLISHERS;
use crate::domain::team::{parse_prizes, PrizeLine, TrackRules};
use crate::domain::text::Kind;
use crate::domain::timeline::{check_extension, effective_deadline, Deadlines, ExtensionForm};
use crate::domain::FieldErrors;
use crate::service::changes::{self, Area};
use crate::service::gates::contests as gate;
use crate::service::teams::unique_means;
use crate::service::{audit, judging, now, Error, Person, Portal, Result};
use crate::store::contests::{lines, Contest, Prize, Track, TrackInput};
use crate::store::units::Unit;
use crate::store::{self};

pub const NAME_MAX: usize = 100;
pub const TEXT_MAX: usize = 10_000;

/// A track as its editor shows it: the contest, the owning agencies to
/// choose from, and the track itself once it exists.
pub struct TrackEdit {
    pub contest: Contest,
    pub units: Vec<Unit>,
    pub track: Option<(Track, Vec<Prize>)>,
}

/// The form for a new track of contest `contest_id`.
pub fn new_track(p: &Portal, who: &Person, contest_id: i32) -> Result<TrackEdit> {
    gate::organiser(who)?;
    p.read(|conn| {
        Ok(TrackEdit {
            contest: store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?,
            units: store::units::list(conn)?,
            track: None,
        })
    })
}

/// Track `id` in its editor.
pub fn track(p: &Portal, who: &Person, id: i32) -> Result<TrackEdit> {
    gate::organiser(who)?;
    p.read(|conn| {
        let t = store::contests::find_track(conn, id)?.ok_or(Error::NotFound)?;
        Ok(TrackEdit {
            contest: store::contests::find(conn, t.contest_id)?.ok_or(Error::NotFound)?,
            units: store::units::list(conn)?,
            track: Some((t, store::contests::prizes_of(conn, &[id])?)),
        })
    })
}

/// A track as typed on its form (check boxes are present when ticked).
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct TrackDraft {
    pub name: String,
    pub name_en: String,
    pub theme: String,
    pub agency_unit_id: String,
    pub recommended_datasets: String,
    pub rules_text: String,
    pub min_students: String,
    pub max_students: String,
    pub min_advisors: String,
    pub max_advisors: String,
    pub max_tracks_per_team: String,
    pub min_datasets: String,
    pub counted_publishers: String,
    pub cross_school_allowed: Option<String>,
    pub proof_required: Option<String>,
    pub second_review_for_fail: Option<String>,
    pub prizes: String,
}

impl TrackDraft {
    /// A new track's form: the default rules and prize table.
    pub fn defaults() -> TrackDraft {
        let r = TrackRules::default();
        TrackDraft {
            min_students: r.min_students.to_string(),
            max_students: r.max_students.to_string(),
            min_advisors: r.min_advisors.to_string(),
            max_advisors: r.max_advisors.to_string(),
            max_tracks_per_team: r.max_tracks_per_team.to_string(),
            min_datasets: "1".into(),
            counted_publishers: DEFAULT_PUBLISHERS.into(),
            cross_school_allowed: Some("on".into()),
            proof_required: Some("on".into()),
            prizes: "第一名, 1, 60000\n第二名, 1, 40000\n第三名, 1, 20000\n佳作, 3, 5000".into(),
            ..Default::default()
        }
    }

    /// The saved track as its form shows it.
    pub fn of(t: &Track, prizes: &[Prize]) -> TrackDraft {
        TrackDraft {
            name: t.name.clone(),
            name_en: t.name_en.clone(),
            theme: t.theme.clone(),
            agency_unit_id: t.agency_unit_id.map(|i| i.to_string()).unwrap_or_default(),
            recommended_datasets: t.recommended_datasets.clone(),
            rules_text: t.rules_text.clone(),
            min_students: t.min_students.to_string(),
            max_students: t.max_students.to_string(),
            min_advisors: t.min_advisors.to_string(),
            max_advisors: t.max_advisors.to_string(),
            max_tracks_per_team: t.max_tracks_per_team.to_string(),
            min_datasets: t.min_datasets.to_string(),
            counted_publishers: t.counted_publishers.clone(),
            cross_school_allowed: t.cross_school_allowed.then(|| "on".into()),
            proof_required: t.proof_required.then(|| "on".into()),
            second_review_for_fail: t.second_review_for_fail.then(|| "on".into()),
            prizes: prizes
                .iter()
                .map(|p| match p.rank_label_en.as_str() {
                    "" => format!("{}, {}, {}", p.rank_label, p.winners, p.amount),
                    en => format!("{}, {}, {}, {en}", p.rank_label, p.winners, p.amount),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// What the organiser typed, checked: names and texts by the text rules,
    /// numbers in range, the team rules consistent, publishers given, and the
    /// prize table line by line. Returns the track and its prize lines.
    fn parse(&self) -> Result<(TrackInput, Vec<PrizeLine>), FieldErrors> {
        let mut errors = FieldErrors::default();
        typed(
            &mut errors,
            "name",
            &self.name,
            Kind::Name,
            NAME_MAX,
            true,
            "error-track-name",
        );
        typed(
            &mut errors,
            "name_en",
            &self.name_en,
            Kind::Name,
            NAME_MAX,
            false,
            "error-track-name",
        );
        for (field, value) in [
            ("theme", &self.theme),
            ("recommended_datasets", &self.recommended_datasets),
            ("rules_text", &self.rules_text),
            ("counted_publishers", &self.counted_publishers),
        ] {
            typed(
                &mut errors,
                field,
                value,
                Kind::Paragraph,
                TEXT_MAX,
                false,
                "error-text-too-long",
            );
        }
        let num = |raw: &str, field: &'static str, errors: &mut FieldErrors| -> i32 {
            match raw.trim().parse::<i32>() {
                Ok(n) if (0..=1000).contains(&n) => n,
                _ => {
                    errors.push(field, "error-number-invalid");
                    0
                }
            }
        };
        let rules = TrackRules {
            min_students: num(&self.min_students, "students", &mut errors),
            max_students: num(&self.max_students, "students", &mut errors),
            min_advisors: num(&self.min_advisors, "advisors", &mut errors),
            max_advisors: num(&self.max_advisors, "advisors", &mut errors),
            max_tracks_per_team: num(
                &self.max_tracks_per_team,
                "max_tracks_per_team",
                &mut errors,
            ),
            cross_school_allowed: self.cross_school_allowed.is_some(),
            proof_required: self.proof_required.is_some(),
        };
        let min_datasets = num(&self.min_datasets, "min_datasets", &mut errors);
        if min_datasets > 50 {
            errors.push("min_datasets", "error-number-invalid");
        }
        if errors.is_empty() {
            for e in rules.validate() {
                errors.add(e);
            }
        }
        if lines(&self.counted_publishers).is_empty() {
            errors.push("counted_publishers", "error-publishers-required");
        }
        let agency_unit_id = match self.agency_unit_id.trim() {
            "" => None,
            raw => match raw.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push("agency_unit_id", "error-unit-required");
                    None
                }
            },
        };
        let prizes = match parse_prizes(&self.prizes) {
            Ok(p) => p,
            Err(m) => {
                errors.push("prizes", m);
                Vec::new()
            }
        };
        let tidy_lines = |s: &str| lines(s).join("\n");
        errors.or((
            TrackInput {
                name: self.name.split_whitespace().collect::<Vec<_>>().join(" "),
                name_en: self.name_en.trim().to_string(),
                theme: self.theme.trim().to_string(),
                agency_unit_id,
                recommended_datasets: tidy_lines(&self.recommended_datasets),
                rules_text: self.rules_text.trim().to_string(),
                min_students: rules.min_students,
                max_students: rules.max_students,
                min_advisors: rules.min_advisors,
                max_advisors: rules.max_advisors,
                max_tracks_per_team: rules.max_tracks_per_team,
                min_datasets,
                counted_publishers: tidy_lines(&self.counted_publishers),
                cross_school_allowed: rules.cross_school_allowed,
                proof_required: rules.proof_required,
                second_review_for_fail: self.second_review_for_fail.is_some(),
            },
            prizes,
        ))
    }
}

/// Which track a save is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackTarget {
    /// A new track of this contest.
    New {
        contest_id: i32,
    },
    Existing(i32),
}

fn name_taken() -> Error {
    Error::Taken {
        field: "name",
        message: "error-track-name-taken",
    }
}

/// Saves a track with its prize table; returns its id. A name another track
/// of the contest has is refused beside the name (409); audited.
pub fn save_track(
    p: &Portal,
    who: &Person,
    target: TrackTarget,
    draft: &TrackDraft,
) -> Result<i32> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let (contest_id, existing) = match target {
            TrackTarget::New { contest_id } => {
                store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
                (contest_id, None)
            }
            TrackTarget::Existing(id) => {
                let t = store::contests::find_track(conn, id)?.ok_or(Error::NotFound)?;
                (t.contest_id, Some(id))
            }
        };
        let (input, prizes) = draft.parse()?;
        if store::contests::track_name_taken(conn, contest_id, &input.name, existing)? {
            return Err(name_taken());
        }
        let at = now();
        let (id, action, details) = match existing {
            None => {
                let t = store::contests::create_track(conn, contest_id, &input, at)
                    .map_err(|e| unique_means(e, name_taken()))?;
                (
                    t.id,
                    "track.create",
                    json!({ "contest_id": contest_id, "name": t.name }),
                )
            }
            Some(id) => {
                let before = store::contests::find_track(conn, id)?.ok_or(Error::NotFound)?;
                store::contests::update_track(conn, id, &input, at)
                    .map_err(|e| unique_means(e, name_taken()))?;
                // The counted publishers decide each ranked entry's quantity.
                if before.counted_publishers != input.counted_publishers {
                    judging::refresh_track(conn, id)?;
                }
                // Its team rules and proof requirement decide its teams' flags.
                crate::service::teams::flags::refresh_for_track(conn, id)?;
                (
                    id,
                    "track.update",
                    json!({ "name": input.name, "min_students": input.min_students, "max_students": input.max_students,
                            "min_advisors": input.min_advisors, "max_advisors": input.max_advisors,
                            "max_tracks_per_team": input.max_tracks_per_team, "min_datasets": input.min_datasets,
                            "cross_school_allowed": input.cross_school_allowed, "proof_required": input.proof_required }),
                )
            }
        };
        store::contests::replace_prizes(conn, id, &prizes)?;
        changes::mark(&[Area::Contests]);
        audit(conn, who, action, "track", id, details)?;
        Ok(id)
    })
}

/// Extends a deadline for every team of track `id`, with the reason in the
/// audit log.
pub fn extend_for_track(p: &Portal, who: &Person, id: i32, form: &ExtensionForm) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let track = store::contests::find_track(conn, id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
        let e = form.parse()?;
        let t = contest.timeline();
        let current = Deadlines {
            registration: effective_deadline(t.registration_closes, [track.registration_closes_at]),
            submission: effective_deadline(t.submission_deadline, [track.submission_deadline_at]),
        };
        check_extension(&e, current, &t)?;
        store::contests::set_track_deadline(conn, id, e.deadline, Some(e.until), now())?;
        changes::mark(&[Area::Contests]);
        audit(
            conn,
            who,
            "track.extend_deadline",
            "track",
            id,
            json!({ "deadline": e.deadline, "until": e.until, "reason": e.reason }),
        )
    })
}
