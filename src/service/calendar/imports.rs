//! Importing the office calendar: each year in a file replaces that year's
//! days, and every import is on record (and in the audit log).

use serde_json::json;

use crate::db::{self, DbConn};
use crate::domain::calendar::{parse_whole_years, CalendarDay};
use crate::domain::text::Rule;
use crate::domain::FieldErrors;
use crate::integrations::calendar::{download, BUNDLED};
use crate::service::changes::{self, Area};
use crate::service::gates::office as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store;

/// What an import did: (year, days) per year replaced.
pub type Years = Vec<(i32, usize)>;

/// An organiser uploads a year's file (read into days by the caller, who
/// can say exactly what is wrong with a file that is not one). The file's
/// name is kept as where the year came from.
pub fn upload(p: &Portal, who: &Person, file_name: &str, days: Vec<CalendarDay>) -> Result<Years> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    errors.text("file", file_name, Rule::line(200));
    errors.or(())?;
    let name = file_name.trim();
    p.transaction(|conn| {
        store_years(
            conn,
            Some(who),
            &format!("upload: {name}"),
            &days,
            Some(name),
        )
    })
}

/// Imports days read from a file or URL named `source` (the command line).
pub fn import(p: &Portal, source: &str, days: Vec<CalendarDay>) -> Result<Years> {
    let source: String = source.chars().take(300).collect();
    p.transaction(|conn| store_years(conn, None, &source, &days, None))
}

/// Fetches the published calendar at `url` and imports it when it differs
/// from what is stored. Returns the years imported (none when unchanged).
pub async fn check_published(p: &Portal, url: &str) -> Result<Years> {
    let bytes = download(&p.catalog, url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot download {url}: {e}"))?;
    let days = parse_whole_years(&bytes).map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
    let source = url.to_string();
    p.blocking(move |p| {
        p.transaction(|conn| {
            if !store::calendar::load(conn)?.differs(&days) {
                return Ok(Vec::new());
            }
            store_years(conn, None, &source, &days, None)
        })
    })
    .await
}

/// The daily check of the published URL, in the replica holding the lease;
/// `None` when another replica holds it.
pub async fn scheduled_check(p: &Portal, holder: &str, url: &str) -> Result<Option<Years>> {
    let h = holder.to_string();
    let ours = p
        .blocking(move |p| {
            p.read(|conn| {
                Ok(store::leases::try_acquire(
                    conn,
                    "calendar-check",
                    &h,
                    now(),
                    chrono::Duration::hours(23),
                )?)
            })
        })
        .await?;
    if !ours {
        return Ok(None);
    }
    Ok(Some(check_published(p, url).await?))
}

/// Loads the bundled years that are not in the database yet (first run).
/// Returns how many years it loaded.
pub fn load_bundled_if_missing(conn: &mut DbConn) -> Result<usize> {
    let mut loaded = 0;
    for (year, bytes) in BUNDLED {
        if store::calendar::has_year(conn, year)? {
            continue;
        }
        let days = parse_whole_years(bytes).map_err(|e| anyhow::anyhow!("bundled {year}: {e}"))?;
        let r = db::transaction(conn, |conn| -> Result<bool> {
            if store::calendar::has_year(conn, year)? {
                return Ok(false);
            }
            store::calendar::replace_years(conn, &days, "bundled", None, now())?;
            Ok(true)
        });
        match r {
            Ok(true) => loaded += 1,
            Ok(false) => {}
            // Another replica starting at the same moment loaded it.
            Err(Error::Stale(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(loaded)
}

/// Replaces the years in `days` and writes the audit row (by the system
/// when nobody is signed in: the command line, the daily check); `file` is
/// the name of an uploaded file.
fn store_years(
    conn: &mut DbConn,
    who: Option<&Person>,
    source: &str,
    days: &[CalendarDay],
    file: Option<&str>,
) -> Result<Years> {
    let at = now();
    let years = store::calendar::replace_years(conn, days, source, who.map(|w| w.id), at)?;
    changes::mark(&[Area::Requests]);
    store::audit::record(
        conn,
        store::audit::Entry {
            actor_id: who.map(|w| w.id),
            action: "calendar.import",
            object_type: "calendar",
            object_id: Some(years.first().map(|y| y.0).unwrap_or(0).to_string()),
            details: match file {
                Some(name) => json!({ "file": name, "years": years }),
                None => json!({ "source": source, "years": years }),
            },
            ip: who.and_then(|w| w.ip.as_deref()),
        },
        at,
    )?;
    Ok(years)
}
