//! The dashboard as stored: counting a full-size contest takes about half a
//! second, so each contest's figures are kept per language in
//! `dashboard_snapshots`, tagged with the dashboard's change counter, which
//! triggers raise on every write to what the dashboard counts (on any
//! replica, by any use case or by hand). A snapshot whose tag is the
//! counter's value is the figures of now; otherwise the figures are counted
//! again (one count at a time per replica) and stored for every replica.

use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::db::DbConn;
use crate::i18n::{t, Lang};
use crate::service::{now, Error, Result};
use crate::store::{self, contests::Contest};

use super::figures::{load, Dashboard, Table, SHAPES};

/// A dashboard without its contest (read fresh), as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// The fingerprint of the labels it was written in (`labels`): a new
    /// binary with other wording counts again.
    labels: u64,
    /// Each table's id and rows, in the dashboard's order.
    tables: Vec<(String, Vec<Vec<String>>)>,
    per_day: Vec<(NaiveDate, usize)>,
    teams: usize,
    cross_school: usize,
    cross_department: usize,
    entries: usize,
    submitted: usize,
    funnel: [i64; 5],
}

impl Stored {
    fn of(d: &Dashboard, lang: Lang) -> Stored {
        Stored {
            labels: labels(lang),
            tables: d
                .tables
                .iter()
                .map(|tb| (tb.id.to_string(), tb.rows.clone()))
                .collect(),
            per_day: d.per_day.clone(),
            teams: d.teams,
            cross_school: d.cross_school,
            cross_department: d.cross_department,
            entries: d.entries,
            submitted: d.submitted,
            funnel: d.funnel,
        }
    }

    fn into_dashboard(self, contest: Contest) -> Dashboard {
        Dashboard {
            contest,
            tables: self
                .tables
                .into_iter()
                .map(|(id, rows)| Table::of(&id, rows))
                .collect(),
            per_day: self.per_day,
            teams: self.teams,
            cross_school: self.cross_school,
            cross_department: self.cross_department,
            entries: self.entries,
            submitted: self.submitted,
            funnel: self.funnel,
        }
    }
}

/// One count of a dashboard at a time in this replica: a crowd of readers
/// after a change waits for the first one's count instead of each counting
/// (and holding) the whole contest.
static COUNTING: Mutex<()> = Mutex::new(());

/// The dashboard of contest `contest_id` in `lang` as of now: the stored
/// snapshot when nothing it counts has changed since, else counted afresh
/// (`figures::load`) and stored. The dashboard's pages and the
/// advisory-group pack read it.
pub(crate) fn current(conn: &mut DbConn, lang: Lang, contest_id: i32) -> Result<Dashboard> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    if let Some(d) = stored(conn, &contest, lang)?.0 {
        return Ok(d);
    }
    let _turn = COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    // Another reader may have counted it while this one waited.
    let (found, generation) = stored(conn, &contest, lang)?;
    if let Some(d) = found {
        return Ok(d);
    }
    // The counter was read before counting: a change committed meanwhile
    // may be in the figures, but then the counter has moved past their tag
    // and the next reader counts again (never a tag newer than its figures).
    let d = load(conn, lang, contest_id)?;
    let figures = serde_json::to_string(&Stored::of(&d, lang))
        .map_err(|e| Error::Internal(anyhow::anyhow!("dashboard snapshot: {e}")))?;
    store::dashboard::store_snapshot(conn, contest_id, lang.code(), generation, &figures, now())?;
    Ok(d)
}

/// The stored dashboard if it is current, and the counter's value read.
fn stored(conn: &mut DbConn, contest: &Contest, lang: Lang) -> Result<(Option<Dashboard>, i64)> {
    let generation = store::dashboard::generation(conn)?;
    let Some(figures) = store::dashboard::snapshot(conn, contest.id, lang.code(), generation)?
    else {
        return Ok((None, generation));
    };
    // A snapshot this binary cannot read (an older shape) or written in
    // other wording is counted again.
    Ok((
        serde_json::from_str::<Stored>(&figures)
            .ok()
            .filter(|s| s.labels == labels(lang))
            .map(|s| s.into_dashboard(contest.clone())),
        generation,
    ))
}

/// A fingerprint of the wording the dashboard's cells take from `locales/`
/// in `lang` (table titles and columns, outcomes, rounds, request states,
/// themes), the same on every replica running this binary.
fn labels(lang: Lang) -> u64 {
    use std::hash::{Hash, Hasher};
    static SEEN: [OnceLock<u64>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    *SEEN[slot].get_or_init(|| {
        let mut ids: Vec<String> = [
            "dash-all-tracks",
            "dash-teams",
            "dash-cross-school",
            "dash-cross-department",
            "dash-undecided",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        for (_, title, columns) in SHAPES {
            ids.push(title.to_string());
            ids.extend(columns.iter().map(ToString::to_string));
        }
        ids.extend(super::challenges::MEASURES.iter().map(ToString::to_string));
        for o in ["pass", "fail", "revision"] {
            ids.push(format!("outcome-{o}"));
        }
        for r in store::rubrics::ROUNDS {
            ids.push(format!("round-{r}"));
        }
        for s in crate::domain::data_request::STATES {
            ids.push(format!("request-state-{}", s.as_str()));
        }
        for th in crate::domain::themes::Theme::ALL {
            ids.push(th.message_id().to_string());
        }
        let mut h = std::hash::DefaultHasher::new();
        for id in ids {
            t(lang, &id).hash(&mut h);
        }
        h.finish()
    })
}
