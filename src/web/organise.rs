//! Organiser pages for contest editions and their tracks: details, timeline,
//! rules, prizes, publishing, and track-wide deadline extensions.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::{audit, now};
use crate::db;
use crate::domain::role::Role;
use crate::domain::team::TrackRules;
use crate::domain::timeline::{parse_taipei_local, roc_year, taipei_input_value};
use crate::i18n::Lang;
use crate::store::{self, contests::ContestInput, contests::TrackInput};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise", web::get().to(contests))
        .route("/organise/contests/new", web::get().to(new_contest_page))
        .route("/organise/contests/new", web::post().to(create_contest))
        .route("/organise/contests/{id}", web::get().to(edit_contest_page))
        .route("/organise/contests/{id}", web::post().to(update_contest))
        .route("/organise/contests/{id}/publish", web::post().to(publish))
        .route(
            "/organise/contests/{id}/tracks/new",
            web::get().to(new_track_page),
        )
        .route(
            "/organise/contests/{id}/tracks/new",
            web::post().to(create_track),
        )
        .route("/organise/tracks/{id}", web::get().to(edit_track_page))
        .route("/organise/tracks/{id}", web::post().to(update_track))
        .route(
            "/organise/tracks/{id}/deadline",
            web::post().to(extend_track),
        );
}

/// Organisers run contests; administrators may too.
pub fn require_organiser(ctx: &Ctx) -> Result<i32, AppError> {
    Ok(ctx.require_any(&[Role::Organiser, Role::Admin])?.id)
}

use crate::domain::catalog::DEFAULT_PUBLISHERS;

// ---------------------------------------------------------------- contests

async fn contests(ctx: Ctx) -> AppResult {
    require_organiser(&ctx)?;
    let list = ctx
        .state
        .db(|conn| Ok(store::contests::list_all(conn)?))
        .await?;
    let t = now();
    let rows: Vec<Json> = list
        .iter()
        .map(|c| {
            json!({
                "id": c.id, "year": c.year, "roc_year": roc_year(c.year), "title": c.title,
                "published": c.published, "phase_id": c.timeline().phase_at(t).message_id(),
            })
        })
        .collect();
    ctx.render("organise/contests", json!({ "rows": rows }))
}

pub const TIMELINE_FIELDS: [&str; 9] = [
    "registration_opens",
    "registration_closes",
    "submission_deadline",
    "review_starts",
    "review_ends",
    "judging_starts",
    "judging_ends",
    "finals",
    "results",
];

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContestForm {
    year: String,
    title: String,
    title_en: String,
    description: String,
    registration_opens: String,
    registration_closes: String,
    submission_deadline: String,
    review_starts: String,
    review_ends: String,
    judging_starts: String,
    judging_ends: String,
    finals: String,
    finals_venue: String,
    results: String,
}

impl ContestForm {
    fn date(&self, key: &str) -> &str {
        match key {
            "registration_opens" => &self.registration_opens,
            "registration_closes" => &self.registration_closes,
            "submission_deadline" => &self.submission_deadline,
            "review_starts" => &self.review_starts,
            "review_ends" => &self.review_ends,
            "judging_starts" => &self.judging_starts,
            "judging_ends" => &self.judging_ends,
            "finals" => &self.finals,
            _ => &self.results,
        }
    }

    fn from_contest(c: &store::contests::Contest) -> ContestForm {
        let v = |t: &Option<chrono::NaiveDateTime>| {
            t.as_ref().map(taipei_input_value).unwrap_or_default()
        };
        ContestForm {
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

    fn to_json(&self) -> Json {
        json!({
            "year": self.year.trim(), "title": self.title, "title_en": self.title_en,
            "description": self.description, "finals_venue": self.finals_venue,
            "dates": TIMELINE_FIELDS.iter().map(|k| json!({ "key": k, "label_id": format!("milestone-{}", k.replace('_', "-")), "value": self.date(k) })).collect::<Vec<_>>(),
        })
    }

    fn validate(&self) -> Result<ContestInput, FormErrors> {
        let mut errors = FormErrors::default();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                errors.push("year", "error-contest-year");
                0
            }
        };
        let title = self.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 200 {
            errors.push("title", "error-contest-title");
        }
        if self.title_en.trim().chars().count() > 200 {
            errors.push("title_en", "error-contest-title");
        }
        if self.description.chars().count() > 10_000 || self.finals_venue.chars().count() > 300 {
            errors.push("description", "error-text-too-long");
        }
        let mut dates = Vec::new();
        for key in TIMELINE_FIELDS {
            let raw = self.date(key).trim();
            if raw.is_empty() {
                dates.push(None);
                continue;
            }
            match parse_taipei_local(raw) {
                Some(t) => dates.push(Some(t)),
                None => {
                    errors.add(crate::domain::FieldError::new(key, "error-date-invalid"));
                    dates.push(None);
                }
            }
        }
        let input = ContestInput {
            year,
            title,
            title_en: self.title_en.trim().to_string(),
            description: self.description.trim().to_string(),
            registration_opens_at: dates[0],
            registration_closes_at: dates[1],
            submission_deadline_at: dates[2],
            review_starts_at: dates[3],
            review_ends_at: dates[4],
            judging_starts_at: dates[5],
            judging_ends_at: dates[6],
            finals_at: dates[7],
            finals_venue: self.finals_venue.trim().to_string(),
            results_at: dates[8],
        };
        let timeline = crate::domain::timeline::Timeline {
            registration_opens: input.registration_opens_at,
            registration_closes: input.registration_closes_at,
            submission_deadline: input.submission_deadline_at,
            review_starts: input.review_starts_at,
            review_ends: input.review_ends_at,
            judging_starts: input.judging_starts_at,
            judging_ends: input.judging_ends_at,
            finals_at: input.finals_at,
            results_at: input.results_at,
        };
        for (_, later) in timeline.order_problems() {
            let field = TIMELINE_FIELDS
                .iter()
                .find(|k| **k == later)
                .copied()
                .unwrap_or("results");
            errors.add(crate::domain::FieldError::new(
                field,
                "error-timeline-order",
            ));
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

async fn new_contest_page(ctx: Ctx) -> AppResult {
    require_organiser(&ctx)?;
    let year = chrono::Datelike::year(&now());
    let form = ContestForm {
        year: year.to_string(),
        ..Default::default()
    };
    ctx.render(
        "organise/contest_form",
        json!({ "form": form.to_json(), "errors": {}, "contest": null }),
    )
}

async fn create_contest(ctx: Ctx, form: web::Form<ContestForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let f = form.into_inner();
    let input = match f.validate() {
        Ok(i) => i,
        Err(errors) => {
            return ctx.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "organise/contest_form",
                json!({ "form": f.to_json(), "errors": errors.to_json(), "contest": null }),
            )
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    let created = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<i32, AppError> {
                if store::contests::find_by_year(conn, input.year)?.is_some() {
                    return Ok(0);
                }
                let c = store::contests::create(conn, &input, t)?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "contest.create",
                    "contest",
                    c.id,
                    json!({ "year": c.year, "title": c.title }),
                )?;
                Ok(c.id)
            });
            r
        })
        .await?;
    if created == 0 {
        let mut errors = FormErrors::default();
        errors.push("year", "error-contest-year-taken");
        return ctx.render_status(
            StatusCode::CONFLICT,
            "organise/contest_form",
            json!({ "form": f.to_json(), "errors": errors.to_json(), "contest": null }),
        );
    }
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/contests/{created}"),
        "success",
        "flash-contest-saved",
    ))
}

async fn contest_page(
    ctx: &Ctx,
    id: i32,
    status: StatusCode,
    form: Option<ContestForm>,
    errors: FormErrors,
) -> AppResult {
    let (contest, tracks) = ctx
        .state
        .db(move |conn| {
            let c = store::contests::find(conn, id)?.ok_or(AppError::NotFound)?;
            let tracks = store::contests::tracks_of(conn, id)?;
            Ok((c, tracks))
        })
        .await?;
    let form = form.unwrap_or_else(|| ContestForm::from_contest(&contest));
    let t = now();
    ctx.render_status(status, "organise/contest_form", json!({
        "form": form.to_json(),
        "errors": errors.to_json(),
        "contest": {
            "id": contest.id, "year": contest.year, "roc_year": roc_year(contest.year), "published": contest.published,
            "phase_id": contest.timeline().phase_at(t).message_id(),
            "tracks": tracks.iter().map(|tr| json!({ "id": tr.id, "name": tr.name })).collect::<Vec<_>>(),
        },
    }))
}

async fn edit_contest_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    require_organiser(&ctx)?;
    contest_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        None,
        FormErrors::default(),
    )
    .await
}

async fn update_contest(ctx: Ctx, path: web::Path<i32>, form: web::Form<ContestForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let input = match f.validate() {
        Ok(i) => i,
        Err(errors) => {
            return contest_page(&ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some(f), errors).await
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    let ok = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                let before = store::contests::find(conn, id)?.ok_or(AppError::NotFound)?;
                if let Some(other) = store::contests::find_by_year(conn, input.year)? {
                    if other.id != id {
                        return Ok(false);
                    }
                }
                store::contests::update(conn, id, &input, t)?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "contest.update",
                    "contest",
                    id,
                    json!({
                        "year": input.year,
                        "timeline_before": format!("{:?}", before.timeline()),
                    }),
                )?;
                Ok(true)
            })
        })
        .await?;
    if !ok {
        let mut errors = FormErrors::default();
        errors.push("year", "error-contest-year-taken");
        return contest_page(&ctx, id, StatusCode::CONFLICT, Some(f), errors).await;
    }
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/contests/{id}"),
        "success",
        "flash-contest-saved",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    published: String,
}

async fn publish(ctx: Ctx, path: web::Path<i32>, form: web::Form<PublishForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let id = path.into_inner();
    let published = match form.published.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::contests::find(conn, id)?.ok_or(AppError::NotFound)?;
                store::contests::set_published(conn, id, published, t)?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
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
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/contests/{id}"),
        "success",
        if published {
            "flash-contest-published"
        } else {
            "flash-contest-unpublished"
        },
    ))
}

// ---------------------------------------------------------------- tracks

/// One prize line: place, number of winners, prize money (NT$).
type PrizeRow = (String, i32, i32);

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TrackForm {
    name: String,
    name_en: String,
    theme: String,
    agency_unit_id: String,
    recommended_datasets: String,
    rules_text: String,
    min_students: String,
    max_students: String,
    min_advisors: String,
    max_advisors: String,
    max_tracks_per_team: String,
    min_datasets: String,
    counted_publishers: String,
    cross_school_allowed: Option<String>,
    proof_required: Option<String>,
    second_review_for_fail: Option<String>,
    prizes: String,
}

impl TrackForm {
    fn defaults() -> TrackForm {
        let r = TrackRules::default();
        TrackForm {
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

    fn from_track(t: &store::contests::Track, prizes: &[store::contests::Prize]) -> TrackForm {
        TrackForm {
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
                .map(|p| format!("{}, {}, {}", p.rank_label, p.winners, p.amount))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn to_json(&self) -> Json {
        json!({
            "name": self.name, "name_en": self.name_en, "theme": self.theme, "agency_unit_id": self.agency_unit_id,
            "recommended_datasets": self.recommended_datasets, "rules_text": self.rules_text,
            "min_students": self.min_students, "max_students": self.max_students,
            "min_advisors": self.min_advisors, "max_advisors": self.max_advisors,
            "max_tracks_per_team": self.max_tracks_per_team, "min_datasets": self.min_datasets,
            "counted_publishers": self.counted_publishers,
            "cross_school_allowed": self.cross_school_allowed.is_some(), "proof_required": self.proof_required.is_some(),
            "second_review_for_fail": self.second_review_for_fail.is_some(),
            "prizes": self.prizes,
        })
    }

    fn validate(&self) -> Result<(TrackInput, Vec<PrizeRow>), FormErrors> {
        let mut errors = FormErrors::default();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 100 {
            errors.push("name", "error-track-name");
        }
        if self.name_en.trim().chars().count() > 100 {
            errors.push("name_en", "error-track-name");
        }
        for text in [
            &self.theme,
            &self.recommended_datasets,
            &self.rules_text,
            &self.counted_publishers,
        ] {
            if text.chars().count() > 10_000 {
                errors.push("theme", "error-text-too-long");
            }
        }
        let num = |raw: &str, field: &'static str, errors: &mut FormErrors| -> i32 {
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
        if store::contests::lines(&self.counted_publishers).is_empty() {
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
        let mut prizes = Vec::new();
        for line in store::contests::lines(&self.prizes) {
            let parts: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
            match parts.as_slice() {
                [label, winners, amount] if !label.is_empty() && label.chars().count() <= 40 => {
                    match (
                        winners.parse::<i32>(),
                        amount.replace(['_', ' '], "").parse::<i32>(),
                    ) {
                        (Ok(w), Ok(a))
                            if (1..=100).contains(&w) && (0..=100_000_000).contains(&a) =>
                        {
                            prizes.push((label.to_string(), w, a))
                        }
                        _ => errors.push("prizes", "error-prizes-invalid"),
                    }
                }
                _ => errors.push("prizes", "error-prizes-invalid"),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let tidy_lines = |s: &str| store::contests::lines(s).join("\n");
        Ok((
            TrackInput {
                name,
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

async fn track_page(
    ctx: &Ctx,
    status: StatusCode,
    contest_id: i32,
    track: Option<&store::contests::Track>,
    form: &TrackForm,
    errors: FormErrors,
) -> AppResult {
    let (contest, units) = ctx
        .state
        .db(move |conn| {
            Ok((
                store::contests::find(conn, contest_id)?.ok_or(AppError::NotFound)?,
                store::units::list(conn)?,
            ))
        })
        .await?;
    let lang = ctx.lang;
    let selected = form.agency_unit_id.clone();
    ctx.render_status(status, "organise/track_form", json!({
        "contest": { "id": contest.id, "year": contest.year, "title": contest.title },
        "track": track.map(|t| json!({
            "id": t.id,
            "registration_closes": t.registration_closes_at.as_ref().map(taipei_input_value).unwrap_or_default(),
            "submission_deadline": t.submission_deadline_at.as_ref().map(taipei_input_value).unwrap_or_default(),
        })),
        "form": form.to_json(),
        "errors": errors.to_json(),
        "units": units.iter().filter(|u| u.active).map(|u| json!({
            "id": u.id.to_string(),
            "name": if lang == Lang::En { &u.name_en } else { &u.name_zh },
            "selected": u.id.to_string() == selected,
        })).collect::<Vec<_>>(),
    }))
}

async fn new_track_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    require_organiser(&ctx)?;
    track_page(
        &ctx,
        StatusCode::OK,
        path.into_inner(),
        None,
        &TrackForm::defaults(),
        FormErrors::default(),
    )
    .await
}

async fn create_track(ctx: Ctx, path: web::Path<i32>, form: web::Form<TrackForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let contest_id = path.into_inner();
    let f = form.into_inner();
    let (input, prizes) = match f.validate() {
        Ok(v) => v,
        Err(errors) => {
            return track_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                contest_id,
                None,
                &f,
                errors,
            )
            .await
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    let result = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<i32, diesel::result::Error> {
                let track = store::contests::create_track(conn, contest_id, &input, t)?;
                store::contests::replace_prizes(conn, track.id, &prizes)?;
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(actor),
                        action: "track.create",
                        object_type: "track",
                        object_id: Some(track.id.to_string()),
                        details: json!({ "contest_id": contest_id, "name": track.name }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(track.id)
            });
            match r {
                Ok(id) => Ok(Some(id)),
                Err(e) if store::is_unique_violation(&e) => Ok(None),
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                    _,
                )) => Err(AppError::NotFound),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match result {
        Some(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/contests/{contest_id}"),
            "success",
            "flash-track-saved",
        )),
        None => {
            let mut errors = FormErrors::default();
            errors.push("name", "error-track-name-taken");
            track_page(&ctx, StatusCode::CONFLICT, contest_id, None, &f, errors).await
        }
    }
}

async fn edit_track_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    require_organiser(&ctx)?;
    let id = path.into_inner();
    let (track, prizes) = ctx
        .state
        .db(move |conn| {
            let t = store::contests::find_track(conn, id)?.ok_or(AppError::NotFound)?;
            Ok((t, store::contests::prizes_of(conn, &[id])?))
        })
        .await?;
    let form = TrackForm::from_track(&track, &prizes);
    track_page(
        &ctx,
        StatusCode::OK,
        track.contest_id,
        Some(&track),
        &form,
        FormErrors::default(),
    )
    .await
}

async fn update_track(ctx: Ctx, path: web::Path<i32>, form: web::Form<TrackForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let track = ctx
        .state
        .db(move |conn| store::contests::find_track(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    let (input, prizes) = match f.validate() {
        Ok(v) => v,
        Err(errors) => {
            return track_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                track.contest_id,
                Some(&track),
                &f,
                errors,
            )
            .await
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    let saved = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<(), diesel::result::Error> {
                store::contests::update_track(conn, id, &input, t)?;
                store::contests::replace_prizes(conn, id, &prizes)?;
                store::audit::record(conn, store::audit::Entry {
                    actor_id: Some(actor), action: "track.update", object_type: "track", object_id: Some(id.to_string()),
                    details: json!({ "name": input.name, "min_students": input.min_students, "max_students": input.max_students,
                                     "min_advisors": input.min_advisors, "max_advisors": input.max_advisors,
                                     "max_tracks_per_team": input.max_tracks_per_team, "min_datasets": input.min_datasets,
                                     "cross_school_allowed": input.cross_school_allowed, "proof_required": input.proof_required }),
                    ip: ip.as_deref(),
                }, t)?;
                Ok(())
            });
            match r {
                Ok(()) => Ok(true),
                Err(e) if store::is_unique_violation(&e) => Ok(false),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    if !saved {
        let mut errors = FormErrors::default();
        errors.push("name", "error-track-name-taken");
        return track_page(
            &ctx,
            StatusCode::CONFLICT,
            track.contest_id,
            Some(&track),
            &f,
            errors,
        )
        .await;
    }
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/tracks/{id}"),
        "success",
        "flash-track-saved",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeadlineForm {
    pub deadline: String,
    pub until: String,
    pub reason: String,
}

/// Checks an extension form: which deadline, until when, and why.
pub fn parse_extension(
    f: &DeadlineForm,
) -> Result<(&'static str, chrono::NaiveDateTime, String), FormErrors> {
    let mut errors = FormErrors::default();
    let deadline = match f.deadline.as_str() {
        "registration" => "registration",
        "submission" => "submission",
        _ => {
            errors.push("deadline", "error-deadline-kind");
            ""
        }
    };
    let until = parse_taipei_local(&f.until);
    if until.is_none() {
        errors.push("until", "error-date-invalid");
    }
    let reason = f.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 {
        errors.push("reason", "error-reason-required");
    }
    match (until, errors.is_empty()) {
        (Some(u), true) => Ok((deadline, u, reason)),
        _ => Err(errors),
    }
}

async fn extend_track(ctx: Ctx, path: web::Path<i32>, form: web::Form<DeadlineForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let id = path.into_inner();
    let track = ctx
        .state
        .db(move |conn| store::contests::find_track(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    let (deadline, until, reason) = match parse_extension(&form) {
        Ok(v) => v,
        Err(errors) => {
            let prizes_id = id;
            let prizes = ctx
                .state
                .db(move |conn| Ok(store::contests::prizes_of(conn, &[prizes_id])?))
                .await?;
            let f = TrackForm::from_track(&track, &prizes);
            return track_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                track.contest_id,
                Some(&track),
                &f,
                errors,
            )
            .await;
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::contests::set_track_deadline(conn, id, deadline, Some(until), t)?;
                audit(
                    conn,
                    actor,
                    ip.as_deref(),
                    "track.extend_deadline",
                    "track",
                    id,
                    json!({ "deadline": deadline, "until": until, "reason": reason }),
                )
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/tracks/{id}"),
        "success",
        "flash-deadline-extended",
    ))
}
