//! Advancing entries from the preliminary ranking to the finals: the top N,
//! or one in or out by hand — fixed once finals scoring starts.

use std::collections::HashSet;

use serde_json::json;

use super::{heavy, invalid, ranking};
use crate::domain::judging::{self, FinalistsChange, Round};
use crate::service::changes::{self, Area};
use crate::service::gates::judging as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store;

/// A change to the finalists as the ranking page posts it.
#[derive(Debug, Clone)]
pub enum FinalistsForm {
    /// The top N, as typed.
    Advance(String),
    Add(i32),
    Remove(i32),
}

/// Changes a track's finalists. Once any finalist has a finals score the
/// top N are not re-picked and a scored finalist stays (409); an entry taken
/// out loses its finals assignments.
pub async fn finalists(p: &Portal, who: &Person, track_id: i32, form: FinalistsForm) -> Result<()> {
    gate::organiser(who)?;
    let change = match form {
        FinalistsForm::Advance(raw) => {
            FinalistsChange::Advance(judging::top_n(&raw).map_err(invalid)?)
        }
        FinalistsForm::Add(id) => FinalistsChange::Add(id),
        FinalistsForm::Remove(id) => FinalistsChange::Remove(id),
    };
    let who = who.clone();
    heavy(p, move |p| {
        p.transaction(|conn| {
            let r = ranking::load(conn, track_id, Round::Preliminary, None)?;
            let current: Vec<i32> = r.board.finalists.iter().map(|(e, _)| *e).collect();
            let scored: HashSet<i32> = store::scores::of_entries(conn, &current, Round::Finals)?
                .into_iter()
                .map(|s| s.entry_id)
                .collect();
            judging::finalists_may_change(change, &scored).map_err(Error::WrongState)?;
            let at = now();
            let detail = match change {
                FinalistsChange::Advance(n) => {
                    let order: Vec<i32> = r.lines.iter().map(|l| l.entry.id).collect();
                    let chosen = judging::advance(&order, n).map_err(Error::WrongState)?;
                    store::finals::replace(conn, track_id, &chosen, who.id, at)?;
                    json!({ "top": n, "entries": chosen.iter().map(|c| c.0).collect::<Vec<_>>() })
                }
                FinalistsChange::Add(id) => {
                    if r.board.entry(id).is_none() {
                        return Err(Error::NotFound);
                    }
                    let rank = r
                        .lines
                        .iter()
                        .find(|l| l.entry.id == id)
                        .map(|l| l.rank as i32);
                    store::finals::add(conn, track_id, id, rank, who.id, at)?;
                    json!({ "add": id })
                }
                FinalistsChange::Remove(id) => {
                    if !store::finals::remove(conn, track_id, id)? {
                        return Err(Error::NotFound);
                    }
                    for a in store::judges::assignments(conn, &[id], Round::Finals)? {
                        store::judges::unassign(conn, id, a.user_id, Round::Finals)?;
                    }
                    json!({ "remove": id })
                }
            };
            changes::mark(&[Area::Contests]);
            // The finals round ranks the finalists.
            ranking::refresh(conn, track_id, Round::Finals)?;
            audit(conn, &who, "finals.advance", "track", track_id, detail)
        })
    })
    .await
}
