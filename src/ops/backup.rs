//! `contest-portal backup FILE`: a consistent copy of the SQLite database, uploaded files included, taken while the portal runs.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;

use super::{open_sqlite, postgres_advice, sql_literal, Contents};
use crate::config::Config;
use crate::db::DatabaseUrl;

/// Writes the backup next to its final name first, so that a copy cut short
/// never stands under the name of a backup.
fn partial_name(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    file.with_file_name(name)
}

/// Takes the backup and says what it holds.
pub fn run(config: &Config, file: &Path) -> anyhow::Result<()> {
    let source = match &config.database_url {
        DatabaseUrl::Sqlite(path) => path,
        pg @ DatabaseUrl::Postgres(_) => anyhow::bail!("{}", postgres_advice("backup", pg, file)),
    };
    anyhow::ensure!(
        !file.exists(),
        "{} already exists; a backup never overwrites a file, choose a new name",
        file.display()
    );
    let partial = partial_name(file);
    let _ = std::fs::remove_file(&partial);
    let written = copy_into(source, &partial).and_then(|()| {
        let contents = verify(&partial)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, file)?;
        Ok(contents)
    });
    let contents = match written {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let bytes = std::fs::metadata(file)?.len();
    println!(
        "backup of {} written to {} ({bytes} bytes)",
        config.database_url.redacted(),
        file.display()
    );
    println!("  it holds {contents}");
    println!(
        "  restore it with: contest-portal restore {}",
        file.display()
    );
    Ok(())
}

/// `VACUUM INTO` reads the database in one read transaction: a snapshot of
/// every committed write, while writers carry on (WAL mode).
fn copy_into(source: &Path, target: &Path) -> anyhow::Result<()> {
    let mut conn = open_sqlite(source, 60_000)?;
    conn.batch_execute(&format!("VACUUM INTO {}", sql_literal(target)?))
        .map_err(|e| anyhow::anyhow!("cannot copy {}: {e}", source.display()))
}

/// Reads the copy back: it must pass SQLite's integrity check.
fn verify(copy: &Path) -> anyhow::Result<Contents> {
    let mut conn = open_sqlite(copy, 1_000)?;
    super::restore::integrity(&mut conn)?;
    Contents::read(&mut conn)
}
