//! Working out the dashboard's figures and tables, in the reader's language.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::domain::dashboard::{cumulative, per_day, rank_counts, share};
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

/// The title and column titles (Fluent ids) of table `id`, in the order
/// the dashboard shows its tables.
pub(super) const SHAPES: [(&str, &str, &[&str]); 13] = [
    (
        "tracks",
        "dash-tracks",
        &["dash-track", "dash-teams", "dash-funnel-submitted"],
    ),
    (
        "mix",
        "dash-mix",
        &["dash-measure", "dash-count", "dash-share-of-teams"],
    ),
    (
        "registrations",
        "dash-registrations",
        &["dash-day", "dash-teams-new", "dash-teams-total"],
    ),
    ("schools", "dash-schools", &["dash-school", "dash-teams"]),
    (
        "eligibility",
        "dash-eligibility",
        &["dash-outcome", "dash-entries"],
    ),
    ("reasons", "dash-reasons", &["dash-reason", "dash-entries"]),
    (
        "datasets",
        "dash-datasets",
        &["dash-dataset-id", "dash-dataset", "dash-entries"],
    ),
    (
        "publishers",
        "dash-publishers",
        &["dash-publisher", "dash-datasets-count", "dash-entries"],
    ),
    (
        "themes",
        "dash-themes",
        &["dash-theme", "dash-datasets-count", "dash-entries"],
    ),
    (
        "judging",
        "dash-judging",
        &[
            "dash-judge",
            "dash-round",
            "dash-assigned",
            "dash-submitted",
        ],
    ),
    (
        "winners",
        "dash-winners",
        &[
            "dash-track",
            "dash-award",
            "dash-team",
            "dash-schools-of-team",
        ],
    ),
    (
        "requests",
        "dash-requests",
        &["requests-state", "dash-count"],
    ),
    (
        super::challenges::ID,
        "dash-challenges",
        &["dash-measure", "dash-count"],
    ),
];

impl Table {
    /// Table `id` (one of `SHAPES`) with `rows`.
    pub(super) fn of(id: &str, rows: Vec<Vec<String>>) -> Table {
        let (id, title, columns) =
            SHAPES
                .iter()
                .find(|s| s.0 == id)
                .copied()
                .unwrap_or(("", "", &[]));
        Table {
            id,
            title,
            columns: columns.to_vec(),
            rows,
        }
    }
}

/// How many schools and datasets their tables show, the most first.
const TOP: i64 = 20;

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
    p.read(|conn| super::snapshot::current(conn, lang, contest_id))
}

/// The dashboard of contest `contest_id` counted afresh inside the caller's
/// read (the dashboard's pages and the advisory-group pack read its stored
/// snapshot, `snapshot::current`, which counts with this).
pub fn load(conn: &mut DbConn, lang: Lang, contest_id: i32) -> Result<Dashboard> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let per_day = per_day(store::dashboard::registered_at(conn, contest_id)?);
    let teams: usize = per_day.iter().map(|(_, n)| n).sum();

    // Schools (each team once per school), cross-school and cross-department.
    let (cross_school, cross_department) = store::dashboard::crossing(conn, contest_id)?;
    let (cross_school, cross_department) = (cross_school as usize, cross_department as usize);
    let by_school = store::dashboard::schools(conn, contest_id, TOP)?;

    // Entries, eligibility and datasets.
    let entries_per_track = store::dashboard::entries_per_track(conn, contest_id)?;
    let entries: usize = entries_per_track.iter().map(|e| e.1 as usize).sum();
    let submitted: usize = entries_per_track.iter().map(|e| e.2 as usize).sum();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut decided = 0;
    for (outcome, listed, n) in store::dashboard::outcomes(conn, contest_id)? {
        let n = n as usize;
        decided += n;
        *outcomes.entry(outcome).or_default() += n;
        for r in serde_json::from_str::<Vec<String>>(&listed).unwrap_or_default() {
            *reasons.entry(r).or_default() += n;
        }
    }
    let undecided = submitted.saturating_sub(decided);
    let codes = store::eligibility::reason_codes(conn)?;
    let datasets = store::dashboard::datasets(conn, contest_id, TOP)?;
    let publishers = store::dashboard::publishers(conn, contest_id)?;
    // High-application-value themes: the datasets used that carry each,
    // and the entries declaring them (a theme the code does not know is left out).
    let themes: BTreeMap<Theme, (i64, i64)> = store::dashboard::themes(conn, contest_id)?
        .into_iter()
        .filter_map(|(code, sets, declaring)| Some((Theme::parse(&code)?, (sets, declaring))))
        .collect();

    // Per track: teams still in it, and entries submitted.
    let tracks = store::contests::tracks_of(conn, contest_id)?;
    let teams_in: HashMap<i32, i64> = store::dashboard::teams_per_track(conn, contest_id)?
        .into_iter()
        .collect();
    let sent: HashMap<i32, i64> = entries_per_track
        .iter()
        .map(|(track, _, sent)| (*track, *sent))
        .collect();
    let per_track: Vec<(String, usize, usize)> = tracks
        .iter()
        .map(|tr| {
            (
                crate::i18n::track_name(lang, tr),
                teams_in.get(&tr.id).copied().unwrap_or(0) as usize,
                sent.get(&tr.id).copied().unwrap_or(0) as usize,
            )
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
    let rounds: Vec<String> = store::rubrics::ROUNDS
        .iter()
        .map(ToString::to_string)
        .collect();
    let judging: BTreeMap<(String, i32), (usize, usize)> =
        store::dashboard::judging(conn, contest_id)?
            .into_iter()
            .filter(|(round, ..)| rounds.contains(round))
            .map(|(round, judge, assigned, done)| {
                ((round, judge), (assigned as usize, done as usize))
            })
            .collect();
    let judge_ids: Vec<i32> = judging.keys().map(|k| k.1).collect();
    let judge_names: HashMap<i32, String> =
        store::users::names(conn, &judge_ids)?.into_iter().collect();

    // Data requests by state (they are not tied to one contest).
    let counted = store::requests::count_by_state(conn)?;

    let count = |n: usize| n.to_string();
    let mut tables = vec![
        Table::of(
            "tracks",
            per_track
                .iter()
                .map(|(name, teams_in, sent)| vec![name.clone(), count(*teams_in), count(*sent)])
                .chain(std::iter::once(vec![
                    t(lang, "dash-all-tracks"),
                    count(teams),
                    count(submitted),
                ]))
                .collect(),
        ),
        Table::of(
            "mix",
            [
                ("dash-teams", teams),
                ("dash-cross-school", cross_school),
                ("dash-cross-department", cross_department),
            ]
            .iter()
            .map(|(id, n)| vec![t(lang, id), count(*n), share(*n, teams)])
            .collect(),
        ),
        Table::of(
            "registrations",
            cumulative(&per_day)
                .into_iter()
                .map(|(d, n, total)| vec![d.to_string(), count(n), count(total)])
                .collect(),
        ),
        Table::of(
            "schools",
            rank_counts(by_school)
                .into_iter()
                .map(|(s, n)| vec![s, n.to_string()])
                .collect(),
        ),
        Table::of(
            "eligibility",
            outcomes
                .iter()
                .map(|(o, n)| vec![t(lang, &format!("outcome-{o}")), count(*n)])
                .chain(std::iter::once(vec![
                    t(lang, "dash-undecided"),
                    count(undecided),
                ]))
                .collect(),
        ),
        Table::of(
            "reasons",
            reasons
                .iter()
                .map(|(r, n)| vec![crate::i18n::reason_label(lang, &codes, r), count(*n)])
                .collect(),
        ),
        Table::of(
            "datasets",
            rank_counts(
                datasets
                    .into_iter()
                    .map(|(id, title, n)| ((id, title), n))
                    .collect(),
            )
            .into_iter()
            .map(|((id, title), n)| vec![id, title, n.to_string()])
            .collect(),
        ),
        Table::of("publishers", {
            let sets: HashMap<String, i64> = publishers
                .iter()
                .map(|(p, sets, _)| (p.clone(), *sets))
                .collect();
            rank_counts(publishers.into_iter().map(|(p, _, n)| (p, n)).collect())
                .into_iter()
                .map(|(p, n)| {
                    let used = sets.get(&p).copied().unwrap_or(0);
                    vec![p, used.to_string(), n.to_string()]
                })
                .collect()
        }),
        Table::of(
            "themes",
            themes
                .iter()
                .map(|(theme, (sets, declaring))| {
                    vec![
                        t(lang, theme.message_id()),
                        sets.to_string(),
                        declaring.to_string(),
                    ]
                })
                .collect(),
        ),
        Table::of(
            "judging",
            judging
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
        ),
        Table::of("winners", winners),
        Table::of(
            "requests",
            crate::domain::data_request::STATES
                .iter()
                .map(|s| {
                    let n = counted.iter().find(|(c, _)| c == s).map_or(0, |c| c.1);
                    (s.as_str(), n)
                })
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .map(|(s, n)| vec![t(lang, &format!("request-state-{s}")), n.to_string()])
                .collect(),
        ),
    ];
    tables.push(super::challenges::table(conn, lang, contest_id)?);
    Ok(Dashboard {
        contest,
        tables,
        per_day,
        teams,
        cross_school,
        cross_department,
        entries,
        submitted,
        funnel: store::funnel::of_contest(conn, contest_id)?,
    })
}
