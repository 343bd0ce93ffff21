//! Gathering the pack's figures for a contest and the previous year's from
//! the functions behind the dashboard, the eligibility summary, the
//! data-requests report and the ledger; nothing is counted a second way.

mod challenges;

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::DbConn;
use crate::domain::dashboard::share;
use crate::domain::data_request::{shown_days, shown_share, STATES};
use crate::domain::pack::{calendar_year, change, previous_year, side_by_side, year_so_far};
use crate::i18n::{request_reason_label, t, t_args, Lang};
use crate::service::dashboard::{self, Dashboard};
use crate::service::gates::office as gate;
use crate::service::ledger::{LedgerFilter, Tally};
use crate::service::requests::{report_over, Report};
use crate::service::review::{summary_of, Summary};
use crate::service::{now, Error, Person, Portal, Result};
use crate::store;
use crate::store::contests::Contest;

/// The pack of one contest year.
pub struct Pack {
    pub contest: Contest,
    /// The contest of the greatest year below this one, if there is one.
    pub previous: Option<Contest>,
    /// The sections in the order they are shown (and sheets in the
    /// workbook); another part may append its own.
    pub sections: Vec<Section>,
}

/// One section of the pack: a heading, what to know before reading, and
/// its tables.
pub struct Section {
    pub id: &'static str,
    /// The Fluent id of its heading.
    pub title: &'static str,
    /// Sentences in the reader's language.
    pub notes: Vec<String>,
    pub tables: Vec<PackTable>,
}

/// A table of the pack: cells as shown (counts are plain digits, which
/// the workbook keeps as numbers).
pub struct PackTable {
    pub id: &'static str,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Drawn as a chart of this year (column 1) beside the previous year
    /// (column 2), each row a pair of bars.
    pub chart: bool,
    /// Where its figures come from.
    pub sources: Vec<Source>,
}

/// A download the figures of a table equal, named for the reader.
pub struct Source {
    pub label: String,
    pub href: String,
}

/// What one year's figures are read from.
struct Year {
    contest: Contest,
    dash: Dashboard,
    summary: Summary,
    /// The days data requests are counted over, and their report; none
    /// while the year has not begun.
    requests: Option<((NaiveDate, NaiveDate), Report)>,
    /// Datasets declared by submitted entries (the ledger's lines of the year).
    datasets_used: i64,
}

fn year_of(
    p: &Portal,
    conn: &mut DbConn,
    ledger: &Tally,
    lang: Lang,
    contest: Contest,
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<Year> {
    let dash = dashboard::current(conn, lang, contest.id)?;
    let summary = summary_of(p, conn, contest.id, at)?;
    let requests = match calendar_year(contest.year, today) {
        Some((from, to)) => Some(((from, to), report_over(p, conn, from, to, today)?)),
        None => None,
    };
    let filter = LedgerFilter {
        publishers: None,
        year: Some(contest.year),
    };
    let datasets_used = ledger.total(&filter);
    Ok(Year {
        contest,
        dash,
        summary,
        requests,
        datasets_used,
    })
}

/// The pack of contest `contest_id` beside the previous year's, for
/// organisers; data requests are counted up to `today`.
pub fn pack(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    lang: Lang,
    today: NaiveDate,
) -> Result<Pack> {
    gate::organiser(who)?;
    let at = now();
    p.read(|conn| {
        let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
        let all: Vec<(i32, i32)> = store::contests::list_all(conn)?
            .into_iter()
            .map(|c| (c.id, c.year))
            .collect();
        let previous = match previous_year(&all, contest.year) {
            Some(id) => store::contests::find(conn, id)?,
            None => None,
        };
        let ledger = p.ledger.current(conn)?;
        let now_year = year_of(p, conn, &ledger, lang, contest, today, at)?;
        let before = match previous {
            Some(c) => Some(year_of(p, conn, &ledger, lang, c, today, at)?),
            None => None,
        };
        let b = Builder {
            lang,
            now: &now_year,
            before: before.as_ref(),
            today,
        };
        let sections = vec![
            b.entries(),
            b.eligibility(),
            b.participation(),
            b.datasets(),
            b.requests(),
            b.winners(),
            b.challenges(),
            sharing_section(lang, &crate::service::sharing::pack_part(conn, contest_id)?),
        ];
        Ok(Pack {
            contest: now_year.contest.clone(),
            previous: before.map(|y| y.contest),
            sections,
        })
    })
}

/// Rows keyed by their first cell.
type Keyed = Vec<(String, Vec<String>)>;

/// Builds the sections from the two years' figures.
struct Builder<'a> {
    lang: Lang,
    now: &'a Year,
    before: Option<&'a Year>,
    today: NaiveDate,
}

impl Builder<'_> {
    fn t(&self, id: &str) -> String {
        t(self.lang, id)
    }

    /// The rows of dashboard table `id` of a year.
    fn dash_rows<'y>(&self, y: &'y Year, id: &str) -> &'y [Vec<String>] {
        y.dash
            .tables
            .iter()
            .find(|tb| tb.id == id)
            .map(|tb| tb.rows.as_slice())
            .unwrap_or(&[])
    }

    /// Dashboard table `id` of a year as (label, the cells of `columns`).
    fn dash_keyed(&self, y: &Year, id: &str, columns: &[usize]) -> Keyed {
        self.dash_rows(y, id)
            .iter()
            .map(|r| {
                let cells = columns
                    .iter()
                    .map(|c| r.get(*c).cloned().unwrap_or_default())
                    .collect();
                (r.first().cloned().unwrap_or_default(), cells)
            })
            .collect()
    }

    /// A table's heading for the two years: this year, the previous year
    /// (or a note that there is none) and the change.
    fn year_columns(&self, label: &str) -> Vec<String> {
        let mut cols = vec![self.t(label), self.now.contest.year.to_string()];
        match self.before {
            Some(b) => {
                cols.push(b.contest.year.to_string());
                cols.push(self.t("pack-change"));
            }
            None => cols.push(self.t("pack-no-previous")),
        }
        cols
    }

    /// One figure per row for both years, joined by label, with the change.
    fn compare(
        &self,
        id: &'static str,
        title: &str,
        label: &str,
        now: Keyed,
        before: Option<Keyed>,
    ) -> PackTable {
        let before_rows = before.unwrap_or_default();
        let rows = side_by_side(&now, &before_rows)
            .into_iter()
            .map(|(label, a, b)| {
                let a = a
                    .and_then(|v| v.into_iter().next())
                    .unwrap_or_else(|| "—".into());
                let mut row = vec![label, a.clone()];
                if self.before.is_some() {
                    let b = b
                        .and_then(|v| v.into_iter().next())
                        .unwrap_or_else(|| "—".into());
                    row.push(b.clone());
                    row.push(change(&a, &b));
                } else {
                    row.push("—".into());
                }
                row
            })
            .collect();
        PackTable {
            id,
            title: self.t(title),
            columns: self.year_columns(label),
            rows,
            chart: true,
            sources: Vec::new(),
        }
    }

    /// Several figures per row (`measures`, Fluent ids) for both years,
    /// joined by label: each measure this year, then the previous year.
    fn compare_many(
        &self,
        id: &'static str,
        title: &str,
        label: &str,
        measures: &[&str],
        now: Keyed,
        before: Option<Keyed>,
    ) -> PackTable {
        let mut columns = vec![self.t(label)];
        for m in measures {
            columns.push(format!("{} {}", self.t(m), self.now.contest.year));
            match self.before {
                Some(b) => columns.push(format!("{} {}", self.t(m), b.contest.year)),
                None => columns.push(format!("{} ({})", self.t(m), self.t("pack-no-previous"))),
            }
        }
        let before_rows = before.unwrap_or_default();
        let rows = side_by_side(&now, &before_rows)
            .into_iter()
            .map(|(label, a, b)| {
                let mut row = vec![label];
                for i in 0..measures.len() {
                    let cell = |v: &Option<Vec<String>>| {
                        v.as_ref()
                            .and_then(|v| v.get(i).cloned())
                            .unwrap_or_else(|| "—".into())
                    };
                    row.push(cell(&a));
                    row.push(cell(&b));
                }
                row
            })
            .collect();
        PackTable {
            id,
            title: self.t(title),
            columns,
            rows,
            chart: false,
            sources: Vec::new(),
        }
    }

    /// The years in view: this one, then the previous one if there is one.
    fn years(&self) -> Vec<&Year> {
        std::iter::once(self.now).chain(self.before).collect()
    }

    fn dashboard_csv(&self, table: &str) -> Vec<Source> {
        self.years()
            .into_iter()
            .map(|y| Source {
                label: t_args(
                    self.lang,
                    "pack-source-dashboard",
                    &[("year", y.contest.year.to_string().into())],
                ),
                href: format!("/organise/contests/{}/dashboard/{table}.csv", y.contest.id),
            })
            .collect()
    }

    fn eligibility_csv(&self) -> Vec<Source> {
        self.years()
            .into_iter()
            .map(|y| Source {
                label: t_args(
                    self.lang,
                    "pack-source-eligibility",
                    &[("year", y.contest.year.to_string().into())],
                ),
                href: format!("/organise/contests/{}/eligibility.csv", y.contest.id),
            })
            .collect()
    }

    fn report_csv(&self) -> Vec<Source> {
        self.years()
            .into_iter()
            .filter_map(|y| {
                let ((from, to), _) = y.requests.as_ref()?;
                Some(Source {
                    label: t_args(
                        self.lang,
                        "pack-source-report",
                        &[
                            ("from", from.to_string().into()),
                            ("to", to.to_string().into()),
                        ],
                    ),
                    href: format!("/organise/requests/report.csv?from={from}&to={to}"),
                })
            })
            .collect()
    }

    fn ledger_csv(&self) -> Vec<Source> {
        self.years()
            .into_iter()
            .map(|y| Source {
                label: t_args(
                    self.lang,
                    "pack-source-ledger",
                    &[("year", y.contest.year.to_string().into())],
                ),
                href: format!("/ledger.csv?year={}", y.contest.year),
            })
            .collect()
    }

    // ------------------------------------------------------------ sections

    /// Teams and entries per track (the dashboard's tracks table).
    fn entries(&self) -> Section {
        let teams = |y: &Year| self.dash_keyed(y, "tracks", &[1]);
        let sent = |y: &Year| self.dash_keyed(y, "tracks", &[2]);
        let mut a = self.compare(
            "teams",
            "pack-teams-per-track",
            "dash-track",
            teams(self.now),
            self.before.map(teams),
        );
        a.sources = self.dashboard_csv("tracks");
        let mut b = self.compare(
            "entries",
            "pack-entries-per-track",
            "dash-track",
            sent(self.now),
            self.before.map(sent),
        );
        b.sources = self.dashboard_csv("tracks");
        Section {
            id: "entries",
            title: "pack-entries",
            notes: vec![self.t("pack-entries-note")],
            tables: vec![a, b],
        }
    }

    /// Eligibility: every track's outcomes added up, each track's, and the
    /// reasons of failures and revisions.
    fn eligibility(&self) -> Section {
        let totals = |y: &Year| -> Keyed {
            let s = y.summary.totals();
            [
                ("review-total", s.total.to_string()),
                ("outcome-pass", s.passed.to_string()),
                ("outcome-fail", s.failed.to_string()),
                ("outcome-revision", s.revision.to_string()),
                ("review-filter-undecided", s.undecided.to_string()),
                ("pack-pass-rate", share(s.passed, s.total)),
            ]
            .into_iter()
            .map(|(id, v)| (self.t(id), vec![v]))
            .collect()
        };
        let mut all = self.compare(
            "eligibility",
            "pack-eligibility-totals",
            "dash-measure",
            totals(self.now),
            self.before.map(totals),
        );
        all.sources = self.eligibility_csv();
        let mut by_track = PackTable {
            id: "eligibility-tracks",
            title: self.t("pack-eligibility-tracks"),
            columns: [
                "pack-year",
                "team-tracks",
                "review-total",
                "outcome-pass",
                "outcome-fail",
                "outcome-revision",
                "review-filter-undecided",
            ]
            .iter()
            .map(|id| self.t(id))
            .collect(),
            rows: Vec::new(),
            chart: false,
            sources: self.eligibility_csv(),
        };
        for y in self.years() {
            for ts in &y.summary.tracks {
                by_track.rows.push(vec![
                    y.contest.year.to_string(),
                    crate::i18n::track_name(self.lang, &ts.track),
                    ts.total.to_string(),
                    ts.count(crate::domain::eligibility::ReviewState::Pass)
                        .to_string(),
                    ts.failed().to_string(),
                    ts.count(crate::domain::eligibility::ReviewState::Revision)
                        .to_string(),
                    ts.undecided().to_string(),
                ]);
            }
        }
        let reasons = |y: &Year| self.dash_keyed(y, "reasons", &[1]);
        let mut why = self.compare(
            "reasons",
            "dash-reasons",
            "dash-reason",
            reasons(self.now),
            self.before.map(reasons),
        );
        why.chart = false;
        why.sources = self.dashboard_csv("reasons");
        Section {
            id: "eligibility",
            title: "pack-eligibility",
            notes: vec![self.t("pack-eligibility-note")],
            tables: vec![all, by_track, why],
        }
    }

    /// Cross-school and cross-department teams (the dashboard's mix).
    fn participation(&self) -> Section {
        let counts = |y: &Year| self.dash_keyed(y, "mix", &[1]);
        let mut a = self.compare(
            "mix",
            "pack-mix-counts",
            "dash-measure",
            counts(self.now),
            self.before.map(counts),
        );
        a.sources = self.dashboard_csv("mix");
        // Shares of the teams (the first row, all teams, is the whole).
        let shares = |y: &Year| -> Keyed {
            self.dash_keyed(y, "mix", &[2])
                .into_iter()
                .skip(1)
                .collect()
        };
        let mut b = self.compare(
            "mix-shares",
            "pack-mix-shares",
            "dash-measure",
            shares(self.now),
            self.before.map(shares),
        );
        b.sources = self.dashboard_csv("mix");
        Section {
            id: "participation",
            title: "pack-participation",
            notes: Vec::new(),
            tables: vec![a, b],
        }
    }

    /// Datasets used: how many (the ledger), by publisher and by theme
    /// (the dashboard).
    fn datasets(&self) -> Section {
        let used = |y: &Year| {
            vec![(
                self.t("pack-datasets-used"),
                vec![y.datasets_used.to_string()],
            )]
        };
        let mut count = self.compare(
            "datasets-used",
            "pack-datasets-used",
            "dash-measure",
            used(self.now),
            self.before.map(used),
        );
        count.chart = false;
        count.sources = self.ledger_csv();
        let measures = ["dash-datasets-count", "dash-entries"];
        let publishers = |y: &Year| self.dash_keyed(y, "publishers", &[1, 2]);
        let mut by_publisher = self.compare_many(
            "publishers",
            "dash-publishers",
            "dash-publisher",
            &measures,
            publishers(self.now),
            self.before.map(publishers),
        );
        by_publisher.sources = self.dashboard_csv("publishers");
        let themes = |y: &Year| self.dash_keyed(y, "themes", &[1, 2]);
        let mut by_theme = self.compare_many(
            "themes",
            "dash-themes",
            "dash-theme",
            &measures,
            themes(self.now),
            self.before.map(themes),
        );
        by_theme.sources = self.dashboard_csv("themes");
        Section {
            id: "datasets",
            title: "pack-datasets",
            notes: vec![self.t("pack-datasets-note")],
            tables: vec![count, by_publisher, by_theme],
        }
    }

    /// Data requests over each contest's calendar year (the report's figures).
    fn requests(&self) -> Section {
        let mut notes = Vec::new();
        for y in self.years() {
            notes.push(match &y.requests {
                Some(((from, to), _)) => t_args(
                    self.lang,
                    if year_so_far(y.contest.year, self.today) {
                        "pack-requests-period-so-far"
                    } else {
                        "pack-requests-period"
                    },
                    &[
                        ("year", y.contest.year.to_string().into()),
                        ("from", from.to_string().into()),
                        ("to", to.to_string().into()),
                    ],
                ),
                None => t_args(
                    self.lang,
                    "pack-requests-not-begun",
                    &[("year", y.contest.year.to_string().into())],
                ),
            });
        }
        let filed = |y: &Year| -> Keyed {
            let Some((_, r)) = &y.requests else {
                return Vec::new();
            };
            std::iter::once((
                self.t("report-filed-received"),
                vec![r.filed.received.to_string()],
            ))
            .chain(STATES.iter().map(|s| {
                (
                    self.t(&format!("request-state-{}", s.as_str())),
                    vec![r.filed.count(*s).to_string()],
                )
            }))
            .collect()
        };
        let mut a = self.compare(
            "requests-filed",
            "report-filed-title",
            "report-filed-state",
            filed(self.now),
            self.before.map(filed),
        );
        a.chart = false;
        a.sources = self.report_csv();
        let answered = |y: &Year| -> Keyed {
            let Some((_, r)) = &y.requests else {
                return Vec::new();
            };
            let s = &r.total;
            [
                ("pack-requests-routed", s.received.to_string()),
                ("report-answered", s.answered.to_string()),
                ("report-in-time", shown_share(s.in_time_share())),
                ("report-median", shown_days(s.median())),
                (
                    "report-p90",
                    s.p90().map(|d| d.to_string()).unwrap_or_default(),
                ),
                ("report-open", s.open.to_string()),
                ("report-overdue", s.overdue.to_string()),
            ]
            .into_iter()
            .map(|(id, v)| (self.t(id), vec![v]))
            .collect()
        };
        let mut b = self.compare(
            "requests-answered",
            "pack-requests-answered",
            "dash-measure",
            answered(self.now),
            self.before.map(answered),
        );
        b.chart = false;
        b.sources = self.report_csv();
        let refused = |y: &Year| -> Keyed {
            let Some((_, r)) = &y.requests else {
                return Vec::new();
            };
            r.filed
                .refused_by_reason
                .iter()
                .map(|(code, n)| {
                    (
                        request_reason_label(self.lang, &r.reasons, code),
                        vec![n.to_string()],
                    )
                })
                .collect()
        };
        let mut c = self.compare(
            "refused",
            "report-refused-title",
            "report-refused-reason",
            refused(self.now),
            self.before.map(refused),
        );
        c.chart = false;
        c.sources = self.report_csv();
        let mut released = PackTable {
            id: "released",
            title: self.t("report-released-title-heading"),
            columns: [
                "pack-year",
                "report-released-request",
                "report-released-title",
                "report-released-dataset",
            ]
            .iter()
            .map(|id| self.t(id))
            .collect(),
            rows: Vec::new(),
            chart: false,
            sources: self.report_csv(),
        };
        for y in self.years() {
            if let Some((_, r)) = &y.requests {
                for (id, title, dataset) in &r.filed.released {
                    released.rows.push(vec![
                        y.contest.year.to_string(),
                        id.to_string(),
                        title.clone(),
                        dataset.clone(),
                    ]);
                }
            }
        }
        Section {
            id: "requests",
            title: "pack-requests",
            notes,
            tables: vec![a, b, c, released],
        }
    }

    /// The winners of published results, both years (the dashboard's).
    fn winners(&self) -> Section {
        let mut table = PackTable {
            id: "winners",
            title: self.t("dash-winners"),
            columns: [
                "pack-year",
                "dash-track",
                "dash-award",
                "dash-team",
                "dash-schools-of-team",
            ]
            .iter()
            .map(|id| self.t(id))
            .collect(),
            rows: Vec::new(),
            chart: false,
            sources: self.dashboard_csv("winners"),
        };
        let mut notes = Vec::new();
        for y in self.years() {
            let rows = self.dash_rows(y, "winners");
            if rows.is_empty() {
                notes.push(t_args(
                    self.lang,
                    "pack-winners-none",
                    &[("year", y.contest.year.to_string().into())],
                ));
            }
            for r in rows {
                let mut row = vec![y.contest.year.to_string()];
                row.extend(r.iter().cloned());
                table.rows.push(row);
            }
        }
        Section {
            id: "winners",
            title: "pack-winners",
            notes,
            tables: vec![table],
        }
    }
}

/// The winners' sharing sessions of the contest (each slot's team and
/// whether it confirmed) and the action items still open from its and
/// earlier years' sessions (`service::sharing::pack_part`).
fn sharing_section(lang: Lang, part: &crate::service::sharing::SharingPart) -> Section {
    let tr = |id: &str| t(lang, id);
    let mut sessions = PackTable {
        id: "sharing",
        title: tr("sharing-sessions"),
        columns: columns(
            lang,
            &[
                "sharing-held-on",
                "sharing-place",
                "sharing-col-time",
                "sharing-col-team",
                "sharing-col-entries",
                "sharing-col-state",
            ],
        ),
        rows: Vec::new(),
        chart: false,
        sources: Vec::new(),
    };
    for v in &part.sessions {
        for line in &v.slots {
            sessions.rows.push(vec![
                v.session.held_on.to_string(),
                v.session.place.clone(),
                format!("{}–{}", line.slot.starts, line.slot.ends),
                line.team.clone().unwrap_or_else(|| tr("sharing-slot-free")),
                line.entries.join("; "),
                line.invitation
                    .as_ref()
                    .map(|i| tr(i.state.message_id()))
                    .unwrap_or_default(),
            ]);
        }
    }
    let mut actions = PackTable {
        id: "sharing-actions",
        title: tr("sharing-pack-open-actions"),
        columns: columns(
            lang,
            &[
                "sharing-action",
                "sharing-owner-unit",
                "sharing-due-on",
                "sharing-overdue",
                "sharing-col-from",
            ],
        ),
        rows: Vec::new(),
        chart: false,
        sources: Vec::new(),
    };
    for a in &part.open_actions {
        actions.rows.push(vec![
            a.action.description.clone(),
            a.unit
                .as_ref()
                .map(|u| crate::i18n::unit_name(lang, u).to_string())
                .unwrap_or_default(),
            a.action.due_on.to_string(),
            if a.overdue { tr("yes") } else { String::new() },
            t_args(
                lang,
                "sharing-from-session",
                &[
                    ("year", a.year.to_string().into()),
                    ("date", a.held_on.to_string().into()),
                ],
            ),
        ]);
    }
    let mut notes = Vec::new();
    if part.sessions.is_empty() {
        notes.push(tr("sharing-none"));
    }
    if part.open_actions.is_empty() {
        notes.push(tr("sharing-no-open-actions"));
    }
    Section {
        id: "sharing",
        title: "sharing-pack-heading",
        notes,
        tables: vec![sessions, actions],
    }
}

/// Column titles in `lang` from their Fluent ids.
fn columns(lang: Lang, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| t(lang, id)).collect()
}
