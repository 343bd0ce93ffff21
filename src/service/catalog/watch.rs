//! The watch on what entries depend on. When a sync finds a declared
//! dataset gone upstream, or a card's read finds its columns changed so
//! that a declared field disappeared, the change is recorded once with each
//! entry it touched, and every member of those teams is told once (in the
//! portal and by e-mail, in their own language) — inside the transaction
//! that marks the dataset gone or stores the read, so the change, its record
//! and the messages stand or fall together, and a second replica or a
//! second run seeing the same change records and sends nothing.
//!
//! Which entries count: every entry that declares the dataset now, drafts
//! included (the team is building on it), in any contest year; entries of
//! withdrawn teams do not (nobody builds on them any more), and former
//! students are not told.
//!
//! Also here: what an entry's pages show about it (`alerts`), the
//! organisers' list of changes (`changes`) and what depends on a dataset,
//! for its publisher's unit and the organisers (`dependents`).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde_json::{json, Value as Json};

use crate::db::DbConn;
use crate::domain::data_request::State as RequestState;
use crate::domain::watch::{self as rules, ChangeKind};
use crate::i18n::Lang;
use crate::service::gates::{datasets as gate, office};
use crate::service::{mail, Error, Person, Portal, Result};
use crate::store::contests::Contest;
use crate::store::watch::{ChangeRow, Dependent, EntryAlert, NewChange, Touched};
use crate::store::{self, catalog::Dataset, PageRequest, Paged};
use crate::templates::format_taipei;

/// The notification kind of a change to a dataset an entry declares.
pub const KIND: &str = "dataset-watch";

/// Dataset `d` was just marked gone at `at`: records the change against
/// every entry that declares it and tells their teams. In the transaction
/// that marked it. Returns how many entries it touched.
pub(super) fn after_gone(
    conn: &mut DbConn,
    p: &Portal,
    d: &Dataset,
    at: NaiveDateTime,
) -> Result<usize> {
    let touched: Vec<(Dependent, Vec<String>)> = store::watch::dependents(conn, d.id)?
        .into_iter()
        .map(|e| (e, Vec::new()))
        .collect();
    record(
        conn,
        p,
        d,
        ChangeKind::Gone,
        &rules::gone_key(at),
        (&[], &[]),
        touched,
        at,
    )
}

/// A read of dataset `dataset_id`'s card found the columns `after` where
/// the read at `read_before` had found `before`: when a field some entry
/// declares disappeared, records the change against those entries and
/// tells their teams. In the transaction that stores the read. Returns how
/// many entries it touched.
pub(super) fn after_read(
    conn: &mut DbConn,
    p: &Portal,
    dataset_id: i32,
    (before, after): (&[String], &[String]),
    read_before: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> Result<usize> {
    // Nothing was there before, or every column still is: nothing lost.
    let Some(read_before) = read_before else {
        return Ok(0);
    };
    if before.iter().all(|c| after.contains(c)) {
        return Ok(0);
    }
    let touched: Vec<(Dependent, Vec<String>)> = store::watch::dependents(conn, dataset_id)?
        .into_iter()
        .filter_map(|e| {
            let lost = rules::lost_by(&e.fields_used, before, after);
            (!lost.is_empty()).then_some((e, lost))
        })
        .collect();
    if touched.is_empty() {
        return Ok(0);
    }
    let d = store::catalog::find_many(conn, &[dataset_id])?
        .pop()
        .ok_or(Error::NotFound)?;
    record(
        conn,
        p,
        &d,
        ChangeKind::Columns,
        &rules::columns_key(read_before, after),
        (before, after),
        touched,
        at,
    )
}

#[allow(clippy::too_many_arguments)]
fn record(
    conn: &mut DbConn,
    p: &Portal,
    d: &Dataset,
    kind: ChangeKind,
    key: &str,
    (before, after): (&[String], &[String]),
    touched: Vec<(Dependent, Vec<String>)>,
    at: NaiveDateTime,
) -> Result<usize> {
    if touched.is_empty() {
        return Ok(0);
    }
    let change = NewChange {
        dataset_id: d.id,
        kind,
        key,
        before,
        after,
        at,
    };
    // On record already: another replica or run saw it and told the teams.
    let Some(change_id) = store::watch::record_change(conn, &change)? else {
        return Ok(0);
    };
    for (e, lost) in &touched {
        store::watch::add_entry(conn, change_id, e.entry_id, lost)?;
    }
    tell(conn, p, d, kind, &touched, at)?;
    Ok(touched.len())
}

/// Tells every member (former students aside) of the teams of `touched`
/// once, however many of their entries the change touched: one message
/// naming each entry and what it lost.
fn tell(
    conn: &mut DbConn,
    p: &Portal,
    d: &Dataset,
    kind: ChangeKind,
    touched: &[(Dependent, Vec<String>)],
    at: NaiveDateTime,
) -> Result<()> {
    let mut team_ids: Vec<i32> = touched.iter().map(|(e, _)| e.team_id).collect();
    team_ids.sort_unstable();
    team_ids.dedup();
    // Each person once, with every touched entry of their teams.
    let mut people: BTreeMap<i32, (String, String, Vec<usize>)> = BTreeMap::new();
    for m in store::teams::members(conn, &team_ids)?
        .into_iter()
        .filter(|m| m.role != crate::domain::team::MemberRole::FormerStudent)
    {
        let person = people
            .entry(m.user_id)
            .or_insert_with(|| (m.email.clone(), m.display_name.clone(), Vec::new()));
        for (i, (e, _)) in touched.iter().enumerate() {
            if e.team_id == m.team_id && !person.2.contains(&i) {
                person.2.push(i);
            }
        }
    }
    let (subject, gone) = match kind {
        ChangeKind::Gone => ("mail-watch-gone-subject", true),
        ChangeKind::Columns => ("mail-watch-columns-subject", false),
    };
    for (email, name, mine) in people.values() {
        let paths: Vec<String> = mine
            .iter()
            .map(|&i| {
                format!(
                    "/teams/{}/entries/{}",
                    touched[i].0.team_id, touched[i].0.track_id
                )
            })
            .collect();
        let Some(first) = paths.first() else { continue };
        let entries: Vec<Json> = mine
            .iter()
            .map(|&i| {
                let (e, lost) = &touched[i];
                let title = if e.title.trim().is_empty() {
                    mail::message("entry-untitled")
                } else {
                    Json::String(e.title.clone())
                };
                // The year as text: a number would be written "2,026".
                json!({
                    "title": title, "track": mail::in_langs(&e.track, &e.track_en),
                    "year": e.year.to_string(), "fields": lost,
                })
            })
            .collect();
        mail::notify(
            conn,
            p,
            email,
            Lang::default(),
            KIND,
            "emails/dataset_watch",
            subject,
            json!({
                "name": name, "dataset": d.source_id, "title": d.title, "gone": gone,
                "date": format_taipei(&at), "entries": entries,
                "links": paths.iter().map(|x| p.config.absolute_url(x)).collect::<Vec<_>>(),
            }),
            first,
            at,
        )?;
    }
    Ok(())
}

/// What an entry's pages say about changes upstream of its datasets: each
/// recorded change that touched it, and any declared dataset the catalogue
/// marked gone that no record names (it was declared after it went).
pub fn alerts(conn: &mut DbConn, entry_id: i32) -> Result<Vec<EntryAlert>> {
    let mut out = store::watch::of_entry(conn, entry_id)?;
    for (dataset, title, at) in store::watch::gone_declared(conn, entry_id)? {
        let recorded = out
            .iter()
            .any(|a| a.dataset == dataset && a.kind == ChangeKind::Gone && a.at >= at);
        if !recorded {
            out.push(EntryAlert {
                dataset,
                title,
                kind: ChangeKind::Gone,
                lost_fields: Vec::new(),
                at,
            });
        }
    }
    Ok(out)
}

/// The organisers' list of recorded changes.
pub struct Changes {
    pub list: Paged<ChangeRow>,
    /// The entries each change on the page touched (of the chosen contest).
    pub touched: BTreeMap<i32, Vec<Touched>>,
    /// Every contest, for the filter, and the one chosen.
    pub contests: Vec<Contest>,
    pub contest: Option<i32>,
}

/// Changes upstream of declared datasets, newest first, 20 a page; with a
/// contest, those that touched its entries. Organisers only.
pub fn changes(
    p: &Portal,
    who: &Person,
    contest: Option<i32>,
    page: Option<i64>,
) -> Result<Changes> {
    office::organiser(who)?;
    p.read(|conn| {
        let contests = store::contests::list_all(conn)?;
        let contest = contest.filter(|c| contests.iter().any(|x| x.id == *c));
        let list = store::watch::list(conn, contest, PageRequest::new(page, 20))?;
        let ids: Vec<i32> = list.items.iter().map(|c| c.id).collect();
        Ok(Changes {
            touched: store::watch::touched(conn, &ids, contest)?,
            list,
            contests,
            contest,
        })
    })
}

/// What depends on a dataset, as its publisher's unit and the organisers
/// see it: the entries declaring it (contest year, track, team name, title,
/// status and the fields they use — nothing about the people) and the data
/// requests that released it or are for one of those entries.
pub struct Dependents {
    pub entries: Vec<Dependent>,
    pub requests: Vec<(i32, String, RequestState)>,
    /// The viewer may open the entries (organisers); a unit sees the list only.
    pub may_open_entries: bool,
}

/// What depends on `dataset`, for `who` if the gate lets them see it.
pub fn dependents_of(conn: &mut DbConn, who: &Person, dataset: &Dataset) -> Result<Dependents> {
    gate::may_see_dependents(conn, who, dataset)?;
    let entries = store::watch::dependents(conn, dataset.id)?;
    let ids: Vec<i32> = entries.iter().map(|e| e.entry_id).collect();
    Ok(Dependents {
        requests: store::watch::requests_for(conn, &dataset.source_id, &ids)?,
        entries,
        may_open_entries: who.organises(),
    })
}

/// The page of what depends on dataset `source_id`: 404 for a dataset the
/// catalogue does not have, 403 for anyone but the organisers and the
/// reviewers of the unit that publishes it.
pub fn dependents(p: &Portal, who: &Person, source_id: &str) -> Result<(Dataset, Dependents)> {
    p.read(|conn| {
        let d = store::catalog::find_by_source_id(conn, source_id)?.ok_or(Error::NotFound)?;
        let found = dependents_of(conn, who, &d)?;
        Ok((d, found))
    })
}
