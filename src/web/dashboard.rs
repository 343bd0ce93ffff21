//! The organisers' dashboard for one contest: registrations over time,
//! schools, cross-school and cross-department teams, entries, eligibility
//! outcomes and reasons, the datasets and publishers used, judging progress
//! and data requests — each table also as CSV.

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::web;
use chrono::NaiveDate;
use serde_json::{json, Value as Json};

use super::ctx::Ctx;
use super::error::{AppError, AppResult};
use super::names::contest_title;
use crate::db::DbConn;
use crate::i18n::{t, Lang};
use crate::store;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise/contests/{id}/dashboard", web::get().to(page))
        .route(
            "/organise/contests/{id}/dashboard.xlsx",
            web::get().to(workbook),
        )
        .route(
            "/organise/contests/{id}/dashboard/{table}.csv",
            web::get().to(csv),
        );
}

/// A table: its title id, column title ids, and rows of cells.
struct Table {
    id: &'static str,
    title: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

struct Dashboard {
    contest: store::contests::Contest,
    tables: Vec<Table>,
    /// (day, teams registered that day), for the chart.
    per_day: Vec<(NaiveDate, usize)>,
    teams: usize,
    cross_school: usize,
    cross_department: usize,
    entries: usize,
    submitted: usize,
}

fn share(n: usize, of: usize) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

fn load(conn: &mut DbConn, lang: Lang, contest_id: i32) -> Result<Dashboard, AppError> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(AppError::NotFound)?;
    let teams: Vec<store::teams::Team> = store::teams::of_contest(conn, contest_id)?
        .into_iter()
        .filter(|t| !t.withdrawn)
        .collect();
    let team_ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let members = store::teams::members(conn, &team_ids)?;

    // Registrations per Taipei day.
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for t in &teams {
        *per_day
            .entry((t.created_at + chrono::Duration::hours(8)).date())
            .or_default() += 1;
    }
    let mut cumulative = 0;
    let registrations: Vec<Vec<String>> = per_day
        .iter()
        .map(|(d, n)| {
            cumulative += n;
            vec![d.to_string(), n.to_string(), cumulative.to_string()]
        })
        .collect();

    // Schools (each team once per school), cross-school and cross-department.
    let mut students_of: HashMap<i32, Vec<&store::teams::Member>> = HashMap::new();
    for m in members.iter().filter(|m| m.role == store::teams::STUDENT) {
        students_of.entry(m.team_id).or_default().push(m);
    }
    let mut by_school: HashMap<String, HashSet<i32>> = HashMap::new();
    let (mut cross_school, mut cross_department) = (0, 0);
    for t in &teams {
        let students = students_of.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
        let schools: HashSet<String> = students
            .iter()
            .filter_map(|m| m.school_name.clone())
            .filter(|s| !s.trim().is_empty())
            .collect();
        let departments: HashSet<(String, String)> = students
            .iter()
            .filter_map(|m| Some((m.school_name.clone()?, m.department.clone()?)))
            .collect();
        if schools.len() > 1 {
            cross_school += 1;
        }
        if departments.len() > 1 {
            cross_department += 1;
        }
        for s in schools {
            by_school.entry(s).or_default().insert(t.id);
        }
    }
    let mut schools: Vec<(String, usize)> =
        by_school.into_iter().map(|(s, t)| (s, t.len())).collect();
    schools.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    // Entries, eligibility and datasets.
    let entries = store::entries::of_contest(conn, contest_id, None)?;
    let submitted: Vec<i32> = entries
        .iter()
        .filter(|e| e.submitted_at.is_some())
        .map(|e| e.id)
        .collect();
    let decisions = store::eligibility::current_many(conn, &submitted)?;
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for d in &decisions {
        *outcomes.entry(d.outcome.as_str().to_string()).or_default() += 1;
        for r in d.reason_list() {
            *reasons.entry(r).or_default() += 1;
        }
    }
    let undecided = submitted.len().saturating_sub(decisions.len());
    let codes = store::eligibility::reason_codes(conn)?;
    let reason_label = |code: &str| super::review::reason_label(lang, &codes, code);
    let declared = store::entries::datasets_of(conn, &submitted)?;
    let mut datasets: HashMap<(String, String), HashSet<i32>> = HashMap::new();
    let mut publishers: HashMap<String, HashSet<i32>> = HashMap::new();
    for d in &declared {
        datasets
            .entry((d.1.clone(), d.5.clone()))
            .or_default()
            .insert(d.0);
        publishers.entry(d.2.clone()).or_default().insert(d.0);
    }
    let mut datasets: Vec<((String, String), usize)> =
        datasets.into_iter().map(|(k, v)| (k, v.len())).collect();
    datasets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut publishers: Vec<(String, usize)> =
        publishers.into_iter().map(|(k, v)| (k, v.len())).collect();
    publishers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    // Judging progress: every judge's assigned and submitted, per round.
    let entry_ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
    let mut judging: BTreeMap<(String, i32), (usize, usize)> = BTreeMap::new();
    for round in store::rubrics::ROUNDS {
        let done: HashSet<(i32, i32)> = store::scores::of_entries(conn, &entry_ids, round)?
            .into_iter()
            .filter(|s| s.status == store::scores::SUBMITTED)
            .map(|s| (s.entry_id, s.user_id))
            .collect();
        for a in store::judges::assignments(conn, &entry_ids, round)? {
            let v = judging.entry((round.to_string(), a.user_id)).or_default();
            v.0 += 1;
            if done.contains(&(a.entry_id, a.user_id)) {
                v.1 += 1;
            }
        }
    }
    let judge_ids: Vec<i32> = judging.keys().map(|k| k.1).collect();
    let judge_names: HashMap<i32, String> =
        store::users::names(conn, &judge_ids)?.into_iter().collect();

    // Data requests by state (they are not tied to one contest).
    let counted: HashMap<String, i64> = store::requests::count_by_state(conn)?
        .into_iter()
        .map(|(s, n)| (s.as_str().to_string(), n))
        .collect();
    let requests: BTreeMap<String, i64> = crate::domain::data_request::STATES
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                counted.get(s.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();

    let teams_total = teams.len();
    let tables = vec![
        Table {
            id: "registrations",
            title: "dash-registrations",
            columns: vec!["dash-day", "dash-teams-new", "dash-teams-total"],
            rows: registrations,
        },
        Table {
            id: "schools",
            title: "dash-schools",
            columns: vec!["dash-school", "dash-teams"],
            rows: schools
                .iter()
                .take(20)
                .map(|(s, n)| vec![s.clone(), n.to_string()])
                .collect(),
        },
        Table {
            id: "eligibility",
            title: "dash-eligibility",
            columns: vec!["dash-outcome", "dash-entries"],
            rows: outcomes
                .iter()
                .map(|(o, n)| vec![t(lang, &format!("outcome-{o}")), n.to_string()])
                .chain(std::iter::once(vec![
                    t(lang, "dash-undecided"),
                    undecided.to_string(),
                ]))
                .collect(),
        },
        Table {
            id: "reasons",
            title: "dash-reasons",
            columns: vec!["dash-reason", "dash-entries"],
            rows: reasons
                .iter()
                .map(|(r, n)| vec![reason_label(r), n.to_string()])
                .collect(),
        },
        Table {
            id: "datasets",
            title: "dash-datasets",
            columns: vec!["dash-dataset-id", "dash-dataset", "dash-entries"],
            rows: datasets
                .iter()
                .take(20)
                .map(|((id, title), n)| vec![id.clone(), title.clone(), n.to_string()])
                .collect(),
        },
        Table {
            id: "publishers",
            title: "dash-publishers",
            columns: vec!["dash-publisher", "dash-entries"],
            rows: publishers
                .iter()
                .map(|(p, n)| vec![p.clone(), n.to_string()])
                .collect(),
        },
        Table {
            id: "judging",
            title: "dash-judging",
            columns: vec![
                "dash-judge",
                "dash-round",
                "dash-assigned",
                "dash-submitted",
            ],
            rows: judging
                .iter()
                .map(|((round, id), (assigned, done))| {
                    vec![
                        judge_names
                            .get(id)
                            .cloned()
                            .unwrap_or_else(|| format!("#{id}")),
                        t(lang, &format!("round-{round}")),
                        assigned.to_string(),
                        done.to_string(),
                    ]
                })
                .collect(),
        },
        Table {
            id: "requests",
            title: "dash-requests",
            columns: vec!["requests-state", "dash-count"],
            rows: requests
                .iter()
                .map(|(s, n)| vec![t(lang, &format!("request-state-{s}")), n.to_string()])
                .collect(),
        },
    ];
    Ok(Dashboard {
        contest,
        tables,
        per_day: per_day.into_iter().collect(),
        teams: teams_total,
        cross_school,
        cross_department,
        entries: entries.len(),
        submitted: submitted.len(),
    })
}

async fn page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let id = path.into_inner();
    let lang = ctx.lang;
    let d = ctx.state.db(move |conn| load(conn, lang, id)).await?;
    // Registrations chart: one bar per day, on a 320-wide drawing; bars
    // stay slim when there are only a few days (one day is not a block).
    let most = d.per_day.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let width = (320.0 / d.per_day.len().max(1) as f64).min(24.0);
    let bars: Vec<Json> = d
        .per_day
        .iter()
        .enumerate()
        .map(|(i, (day, n))| {
            let h = (*n as f64 / most * 100.0).round();
            json!({
                "x": (i as f64 * width).round(), "w": (width - 2.0).max(1.0).round(),
                "y": 110.0 - h, "h": h, "label": format!("{day}: {n}"),
            })
        })
        .collect();
    ctx.render(
        "organise/dashboard",
        json!({
            "contest": { "id": d.contest.id, "title": contest_title(lang, &d.contest) },
            "summary": {
                "teams": d.teams, "entries": d.entries, "submitted": d.submitted,
                "cross_school": d.cross_school, "cross_school_share": share(d.cross_school, d.teams),
                "cross_department": d.cross_department, "cross_department_share": share(d.cross_department, d.teams),
            },
            "chart": { "bars": bars, "first": d.per_day.first().map(|p| p.0.to_string()), "last": d.per_day.last().map(|p| p.0.to_string()) },
            "tables": d.tables.iter().map(|tb| json!({
                "id": tb.id, "title": tb.title, "columns": tb.columns, "rows": tb.rows,
                "csv": format!("/organise/contests/{}/dashboard/{}.csv", d.contest.id, tb.id),
            })).collect::<Vec<_>>(),
        }),
    )
}

async fn csv(ctx: Ctx, path: web::Path<(i32, String)>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let (id, table) = path.into_inner();
    let lang = ctx.lang;
    let d = ctx.state.db(move |conn| load(conn, lang, id)).await?;
    let tb = d
        .tables
        .into_iter()
        .find(|tb| tb.id == table)
        .ok_or(AppError::NotFound)?;
    let mut rows = vec![tb.columns.iter().map(|c| t(lang, c)).collect::<Vec<_>>()];
    rows.extend(tb.rows);
    super::download::csv(rows, &format!("contest-{id}-{}.csv", tb.id))
}

/// Every table of the dashboard in one Excel workbook, a sheet each, for
/// the advisory-group report.
async fn workbook(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    super::organise::require_organiser(&ctx)?;
    let id = path.into_inner();
    let lang = ctx.lang;
    let d = ctx.state.db(move |conn| load(conn, lang, id)).await?;
    let body =
        xlsx(lang, &d.tables).map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"contest-{id}-dashboard.xlsx\""),
        ))
        .body(body))
}

fn xlsx(lang: Lang, tables: &[Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for tb in tables {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\ .
        let name: String = t(lang, tb.title)
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(name)?;
        for (c, col) in tb.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, t(lang, col), &bold)?;
            sheet.set_column_width(c as u16, 18)?;
        }
        for (r, row) in tb.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                // Counts as numbers, so Excel can sum and chart them.
                let count = !cell.is_empty()
                    && cell.len() < 16
                    && cell.bytes().all(|b| b.is_ascii_digit())
                    && (!cell.starts_with('0') || cell == "0");
                match cell.parse::<f64>() {
                    Ok(n) if count => {
                        sheet.write_number(r, c, n)?;
                    }
                    _ => {
                        sheet.write_string(r, c, cell)?;
                    }
                }
            }
        }
    }
    book.save_to_buffer()
}
