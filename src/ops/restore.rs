//! `contest-portal restore FILE`: puts a backup in place of the SQLite database, once it is shown whole, sound and not from a newer portal.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{migration_state, open_sqlite, postgres_advice, Contents};
use crate::config::Config;
use crate::db::{self, DatabaseUrl, DbConn};

/// What every SQLite file starts with.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Restores `file` into the configured database; `force` allows replacing
/// a database that holds anything.
pub fn run(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let target = match &config.database_url {
        DatabaseUrl::Sqlite(path) => path,
        pg @ DatabaseUrl::Postgres(_) => {
            anyhow::bail!("{}", postgres_advice("restore", pg, file))
        }
    };
    let replaced = held_by(target)?;
    if let (Some(held), false) = (&replaced, force) {
        anyhow::bail!(
            "{} is not empty ({held}); restore replaces a database only with --force \
             (stop the portal first, and keep a backup of what is there)",
            target.display()
        );
    }
    check_whole(file)?;
    let staging = sibling(target, ".restoring");
    let restored = stage(file, &staging).and_then(|report| {
        take_place(&staging, target)?;
        Ok(report)
    });
    let (contents, migrated) = match restored {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&staging);
            return Err(e);
        }
    };
    println!("restored {} into {}", file.display(), target.display());
    println!("  it holds {contents}");
    if !migrated.is_empty() {
        println!(
            "  the backup was from an older portal: {} migration(s) applied ({})",
            migrated.len(),
            migrated.join(", ")
        );
    }
    if let Some(held) = replaced {
        println!("  it replaced a database that held {held}");
    }
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// What the target holds, if anything (`None`: no file, or no tables).
fn held_by(target: &Path) -> anyhow::Result<Option<String>> {
    if !target.exists() || std::fs::metadata(target)?.len() == 0 {
        return Ok(None);
    }
    let mut conn = open_sqlite(target, 2_000)?;
    #[derive(QueryableByName)]
    struct Tables {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let tables = diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_master")
        .get_result::<Tables>(&mut conn)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", target.display()))?
        .n;
    if tables == 0 {
        return Ok(None);
    }
    Ok(Some(match Contents::read(&mut conn) {
        Ok(c) => c.to_string(),
        Err(_) => format!("{tables} tables, not all of them the portal's"),
    }))
}

/// Refuses a file that is not a SQLite database, or shorter than its own
/// header says (a copy cut short), before anything opens it.
pub(super) fn check_whole(file: &Path) -> anyhow::Result<()> {
    let name = file.display();
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {name}: {e}"))?;
    let len = bytes.len() as u64;
    anyhow::ensure!(
        len >= 100,
        "{name} is {len} bytes, too short to be a SQLite database: the backup is truncated or not a backup"
    );
    anyhow::ensure!(
        &bytes[..16] == MAGIC,
        "{name} is not a SQLite database (it does not start with the SQLite header): not a backup, or corrupt"
    );
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    anyhow::ensure!(
        page_size.is_power_of_two() && (512..=65_536).contains(&page_size),
        "{name} is corrupt: its header gives a page size of {page_size}"
    );
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let pages = u64::from(word(28));
    let pages_valid = word(24) == word(92) && pages > 0;
    anyhow::ensure!(
        len % page_size == 0 && (!pages_valid || len >= pages * page_size),
        "{name} is truncated: it has {len} bytes where its header says {} ({} pages of {page_size})",
        pages * page_size,
        pages
    );
    Ok(())
}

/// SQLite's own check of every page and index.
pub(super) fn integrity(conn: &mut DbConn) -> anyhow::Result<()> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let lines: Vec<String> = diesel::sql_query("PRAGMA integrity_check(20)")
        .load::<Line>(conn)
        .map_err(|e| anyhow::anyhow!("the backup is corrupt: {e}"))?
        .into_iter()
        .map(|l| l.integrity_check)
        .collect();
    anyhow::ensure!(
        lines == ["ok"],
        "the backup is corrupt; SQLite's integrity check says:\n  {}",
        lines.join("\n  ")
    );
    Ok(())
}

/// Copies the backup beside the target and makes the copy ready: sound,
/// a portal's, and migrated to this binary's schema.
fn stage(file: &Path, staging: &Path) -> anyhow::Result<(Contents, Vec<String>)> {
    let _ = std::fs::remove_file(staging);
    if let Some(parent) = staging.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(file, staging).map_err(|e| {
        anyhow::anyhow!(
            "cannot copy {} to {}: {e}",
            file.display(),
            staging.display()
        )
    })?;
    let mut conn = open_sqlite(staging, 1_000)?;
    integrity(&mut conn)?;
    let state =
        migration_state(&mut conn).map_err(|e| anyhow::anyhow!("the backup is corrupt: {e}"))?;
    anyhow::ensure!(
        state.last.is_some(),
        "{} is a SQLite database but not a contest-portal backup (no migrations recorded)",
        file.display()
    );
    anyhow::ensure!(
        state.unknown.is_empty(),
        "{} was made by a newer contest-portal (migration {} is unknown to this one); \
         restore it with that version or a later one",
        file.display(),
        state.unknown.join(", ")
    );
    let migrated = state.pending;
    if !migrated.is_empty() {
        db::run_migrations(&mut conn)?;
    }
    let contents = Contents::read(&mut conn)?;
    conn.batch_execute("PRAGMA journal_mode = DELETE;")?;
    Ok((contents, migrated))
}

/// Moves the staged copy onto the target. An existing target is first taken
/// out of WAL mode, which SQLite allows only when nothing else has it open:
/// a running portal makes the restore stop here, with nothing changed.
fn take_place(staging: &Path, target: &Path) -> anyhow::Result<()> {
    if target.exists() {
        #[derive(QueryableByName)]
        struct Mode {
            #[diesel(sql_type = Text)]
            journal_mode: String,
        }
        let in_use = || {
            anyhow::anyhow!(
                "{} is in use: stop the portal (every replica) before restoring",
                target.display()
            )
        };
        let mut conn = open_sqlite(target, 2_000)?;
        let mode = diesel::sql_query("PRAGMA journal_mode = DELETE")
            .get_result::<Mode>(&mut conn)
            .map_err(|_| in_use())?;
        anyhow::ensure!(mode.journal_mode.eq_ignore_ascii_case("delete"), in_use());
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(target, suffix));
    }
    std::fs::rename(staging, target)?;
    Ok(())
}
