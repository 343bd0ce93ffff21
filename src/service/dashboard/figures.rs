//! Working out the dashboard's figures and tables, in the reader's language.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::domain::dashboard::{cumulative, per_day, ranked, share, TeamSchools};
use crate::domain::themes::Theme;
use crate::i18n::{t, Lang};
use crate::service::gates::office as gate;
use crate::service::{Error, Person, Portal, Result};
use crate::store::{self, contests::Contest};

/// A table: its id (in the CSV's address), title and column titles (Fluent
/// ids), and rows of cells.
pub struct Table {
    pub id: &'static str,
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The dashboard of one contest.
pub struct Dashboard {
    pub contest: Contest,
    pub tables: Vec<Table>,
    /// (day, teams registered that day), for the chart.
    pub per_day: Vec<(NaiveDate, usize)>,
    pub teams: usize,
    pub cross_school: usize,
    pub cross_department: usize,
    pub entries: usize,
    pub submitted: usize,
    /// Teams registered, entries submitted, eligible, finalists, winners.
    pub funnel: [i64; 5],
}

/// The dashboard of contest `contest_id`, its labels in `lang`.
pub fn dashboard(p: &Portal, who: &Person, contest_id: i32, lang: Lang) -> Result<Dashboard> {
    gate::organiser(who)?;
    p.read(|conn| load(conn, lang, contest_id))
}

/// The dashboard of contest `contest_id` inside the caller's read (the
/// advisory-group pack reads the same tables).
pub(crate) fn load(conn: &mut DbConn, lang: Lang, contest_id: i32) -> Result<Dashboard> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let teams: Vec<store::teams::Team> = store::teams::of_contest(conn, contest_id)?
        .into_iter()
        .filter(|t| !t.withdrawn)
        .collect();
    let team_ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let members = store::teams::members(conn, &team_ids)?;
    let per_day = per_day(teams.iter().map(|t| t.created_at));

    // Schools (each team once per school), cross-school and cross-department.
    let mut students_of: HashMap<i32, Vec<&store::teams::Member>> = HashMap::new();
    for m in members.iter().filter(|m| m.role == store::teams::STUDENT) {
        students_of.entry(m.team_id).or_default().push(m);
    }
    let mut by_school: HashMap<String, HashSet<i32>> = HashMap::new();
    let (mut cross_school, mut cross_department) = (0, 0);
    for t in &teams {
        let students = students_of.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
        let schools = TeamSchools::of(
            students
                .iter()
                .map(|m| (m.school_name.as_deref(), m.department.as_deref())),
        );
        cross_school += usize::from(schools.cross_school());
        cross_department += usize::from(schools.cross_department());
        for s in schools.schools {
            by_school.entry(s).or_default().insert(t.id);
        }
    }

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
    let mut datasets: HashMap<(String, String), HashSet<i32>> = HashMap::new();
    let mut publishers: HashMap<String, HashSet<i32>> = HashMap::new();
    // Per publisher the datasets used (by their id), per dataset its entries.
    let mut published: HashMap<String, HashSet<String>> = HashMap::new();
    let mut entries_of: HashMap<String, HashSet<i32>> = HashMap::new();
    for d in store::entries::datasets_of(conn, &submitted)? {
        published
            .entry(d.2.clone())
            .or_default()
            .insert(d.1.clone());
        entries_of.entry(d.1.clone()).or_default().insert(d.0);
        datasets.entry((d.1, d.5)).or_default().insert(d.0);
        publishers.entry(d.2).or_default().insert(d.0);
    }
    // High-application-value themes: the datasets used that carry each,
    // and the entries declaring them.
    let used: Vec<String> = entries_of.keys().cloned().collect();
    let rows = store::catalog::rows_of(conn, &used)?;
    let mut themes: BTreeMap<Theme, (HashSet<String>, HashSet<i32>)> = BTreeMap::new();
    for (row, theme) in
        store::themes::themes_of(conn, &rows.iter().map(|r| r.0).collect::<Vec<_>>())?
    {
        let Some((_, source)) = rows.iter().find(|r| r.0 == row) else {
            continue;
        };
        let t = themes.entry(theme).or_default();
        t.0.insert(source.clone());
        t.1.extend(entries_of.get(source).into_iter().flatten());
    }

    // Per track: teams still in it, and entries submitted.
    let tracks = store::contests::tracks_of(conn, contest_id)?;
    let team_tracks = store::teams::track_ids(conn, &team_ids)?;
    let per_track: Vec<(String, usize, usize)> = tracks
        .iter()
        .map(|tr| {
            let teams_in = team_tracks.iter().filter(|(_, k)| *k == tr.id).count();
            let sent = entries
                .iter()
                .filter(|e| e.track_id == tr.id && e.submitted_at.is_some())
                .count();
            (crate::i18n::track_name(lang, tr), teams_in, sent)
        })
        .collect();

    // Winners of the tracks whose results are published.
    let track_ids: Vec<i32> = tracks.iter().map(|t| t.id).collect();
    let prizes = store::contests::prizes_of(conn, &track_ids)?;
    let mut winners = Vec::new();
    for w in crate::service::contests::published_winners(conn, &tracks, &prizes)? {
        let Some(tr) = tracks.iter().find(|t| t.id == w.track_id) else {
            continue;
        };
        winners.push(vec![
            crate::i18n::track_name(lang, tr),
            w.prize
                .as_ref()
                .map(|p| p.label(lang).to_string())
                .unwrap_or_default(),
            w.team,
            w.schools.join("; "),
        ]);
    }

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
    let counted = store::requests::count_by_state(conn)?;

    let count = |n: usize| n.to_string();
    let tables = vec![
        Table {
            id: "tracks",
            title: "dash-tracks",
            columns: vec!["dash-track", "dash-teams", "dash-funnel-submitted"],
            rows: per_track
                .iter()
                .map(|(name, teams_in, sent)| vec![name.clone(), count(*teams_in), count(*sent)])
                .chain(std::iter::once(vec![
                    t(lang, "dash-all-tracks"),
                    count(teams.len()),
                    count(submitted.len()),
                ]))
                .collect(),
        },
        Table {
            id: "mix",
            title: "dash-mix",
            columns: vec!["dash-measure", "dash-count", "dash-share-of-teams"],
            rows: [
                ("dash-teams", teams.len()),
                ("dash-cross-school", cross_school),
                ("dash-cross-department", cross_department),
            ]
            .iter()
            .map(|(id, n)| vec![t(lang, id), count(*n), share(*n, teams.len())])
            .collect(),
        },
        Table {
            id: "registrations",
            title: "dash-registrations",
            columns: vec!["dash-day", "dash-teams-new", "dash-teams-total"],
            rows: cumulative(&per_day)
                .into_iter()
                .map(|(d, n, total)| vec![d.to_string(), count(n), count(total)])
                .collect(),
        },
        Table {
            id: "schools",
            title: "dash-schools",
            columns: vec!["dash-school", "dash-teams"],
            rows: ranked(by_school)
                .into_iter()
                .take(20)
                .map(|(s, n)| vec![s, count(n)])
                .collect(),
        },
        Table {
            id: "eligibility",
            title: "dash-eligibility",
            columns: vec!["dash-outcome", "dash-entries"],
            rows: outcomes
                .iter()
                .map(|(o, n)| vec![t(lang, &format!("outcome-{o}")), count(*n)])
                .chain(std::iter::once(vec![
                    t(lang, "dash-undecided"),
                    count(undecided),
                ]))
                .collect(),
        },
        Table {
            id: "reasons",
            title: "dash-reasons",
            columns: vec!["dash-reason", "dash-entries"],
            rows: reasons
                .iter()
                .map(|(r, n)| vec![crate::i18n::reason_label(lang, &codes, r), count(*n)])
                .collect(),
        },
        Table {
            id: "datasets",
            title: "dash-datasets",
            columns: vec!["dash-dataset-id", "dash-dataset", "dash-entries"],
            rows: ranked(datasets)
                .into_iter()
                .take(20)
                .map(|((id, title), n)| vec![id, title, count(n)])
                .collect(),
        },
        Table {
            id: "publishers",
            title: "dash-publishers",
            columns: vec!["dash-publisher", "dash-datasets-count", "dash-entries"],
            rows: ranked(publishers)
                .into_iter()
                .map(|(p, n)| {
                    let sets = published.get(&p).map_or(0, HashSet::len);
                    vec![p, count(sets), count(n)]
                })
                .collect(),
        },
        Table {
            id: "themes",
            title: "dash-themes",
            columns: vec!["dash-theme", "dash-datasets-count", "dash-entries"],
            rows: themes
                .iter()
                .map(|(theme, (sets, declaring))| {
                    vec![
                        t(lang, theme.message_id()),
                        count(sets.len()),
                        count(declaring.len()),
                    ]
                })
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
                        count(*assigned),
                        count(*done),
                    ]
                })
                .collect(),
        },
        Table {
            id: "winners",
            title: "dash-winners",
            columns: vec![
                "dash-track",
                "dash-award",
                "dash-team",
                "dash-schools-of-team",
            ],
            rows: winners,
        },
        Table {
            id: "requests",
            title: "dash-requests",
            columns: vec!["requests-state", "dash-count"],
            rows: crate::domain::data_request::STATES
                .iter()
                .map(|s| {
                    let n = counted.iter().find(|(c, _)| c == s).map_or(0, |c| c.1);
                    (s.as_str(), n)
                })
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .map(|(s, n)| vec![t(lang, &format!("request-state-{s}")), n.to_string()])
                .collect(),
        },
    ];
    Ok(Dashboard {
        contest,
        tables,
        per_day,
        teams: teams.len(),
        cross_school,
        cross_department,
        entries: entries.len(),
        submitted: submitted.len(),
        funnel: store::funnel::of_contest(conn, contest_id)?,
    })
}
