//! The keyword table that puts a department in a discipline group, which
//! organisers view and change (each change audited), with the Ministry of
//! Education's sample departments grouped as the table groups them now.

use std::collections::BTreeMap;

use serde_json::json;

use crate::domain::finder::{self, Discipline};
use crate::domain::text::{self, Kind};
use crate::service::gates::finder as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, finder::KeywordRow};

#[derive(Debug)]
pub struct KeywordsPage {
    pub rows: Vec<KeywordRow>,
    /// The sample's departments in each group, under the table as it is.
    pub sample: BTreeMap<Discipline, Vec<String>>,
    /// A department typed to try, and its group.
    pub tried: Option<(String, Discipline)>,
}

/// The table, the sample grouped by it, and the group of `try_department`
/// (when one was typed).
pub fn keywords(p: &Portal, who: &Person, try_department: &str) -> Result<KeywordsPage> {
    gate::organiser(who)?;
    if let Some(m) = text::refusal(try_department, Kind::Name) {
        return Err(Error::field("try", m));
    }
    let rows = p.read(|conn| Ok(store::finder::keywords(conn)?))?;
    let group =
        |d: &str| finder::classify(d, rows.iter().map(|k| (k.keyword.as_str(), k.discipline)));
    let mut sample: BTreeMap<Discipline, Vec<String>> = BTreeMap::new();
    for d in store::schools::sample_departments() {
        sample.entry(group(&d)).or_default().push(d);
    }
    let typed = try_department.trim();
    let tried = (!typed.is_empty()).then(|| (typed.to_string(), group(typed)));
    Ok(KeywordsPage {
        rows,
        sample,
        tried,
    })
}

/// Adds a keyword; one the table has is refused beside the field (409).
pub fn add_keyword(p: &Portal, who: &Person, keyword: &str, discipline: &str) -> Result<()> {
    gate::organiser(who)?;
    let keyword = finder::parse_keyword(keyword);
    let discipline = finder::parse_discipline(discipline);
    let (keyword, discipline) = match (keyword, discipline) {
        (Ok(k), Ok(d)) => (k, d),
        (k, d) => {
            let mut e = k.err().unwrap_or_default();
            e.merge(d.err().unwrap_or_default());
            return Err(Error::Invalid(e));
        }
    };
    let taken = || Error::Taken {
        field: "keyword",
        message: "error-finder-keyword-taken",
    };
    p.transaction(|conn| {
        if store::finder::keywords(conn)?
            .iter()
            .any(|k| k.keyword == keyword)
        {
            return Err(taken());
        }
        let id =
            store::finder::add_keyword(conn, &keyword, discipline, who.id, now()).map_err(|e| {
                if store::is_unique_violation(&e) {
                    taken()
                } else {
                    e.into()
                }
            })?;
        audit(
            conn,
            who,
            "finder.keyword.add",
            "discipline_keyword",
            id,
            json!({ "keyword": keyword, "group": discipline.as_str() }),
        )
    })
}

/// Moves keyword `id` to another group.
pub fn set_keyword(p: &Portal, who: &Person, id: i32, discipline: &str) -> Result<()> {
    gate::organiser(who)?;
    let discipline = finder::parse_discipline(discipline)?;
    p.transaction(|conn| {
        let before = store::finder::find_keyword(conn, id)?.ok_or(Error::NotFound)?;
        store::finder::set_keyword(conn, id, discipline, who.id, now())?;
        audit(
            conn,
            who,
            "finder.keyword.change",
            "discipline_keyword",
            id,
            json!({
                "keyword": before.keyword,
                "from": before.discipline.as_str(), "to": discipline.as_str(),
            }),
        )
    })
}

/// Removes keyword `id` (departments it grouped fall to another keyword,
/// or to 其他).
pub fn delete_keyword(p: &Portal, who: &Person, id: i32) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let before = store::finder::find_keyword(conn, id)?.ok_or(Error::NotFound)?;
        if !store::finder::delete_keyword(conn, id)? {
            return Err(Error::NotFound);
        }
        audit(
            conn,
            who,
            "finder.keyword.delete",
            "discipline_keyword",
            id,
            json!({ "keyword": before.keyword, "group": before.discipline.as_str() }),
        )
    })
}
