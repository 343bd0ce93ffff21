//! Operator commands on a deployment as a whole (serving, backup, restore, checking the configuration), outside the web portal and its use cases.

pub mod backup;
pub mod check_config;
pub mod restore;
pub mod serve;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::db::migration_state::Count;
pub use crate::db::migration_state::{migration_state, MigrationState};
use crate::db::DbConn;

/// How many rows a table has.
fn count(conn: &mut DbConn, sql: &str) -> anyhow::Result<i64> {
    Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n)
}

/// What a portal database holds, in the operators' terms, for what a backup
/// or a restore says it carried.
#[derive(Debug)]
pub struct Contents {
    pub accounts: i64,
    pub contests: i64,
    pub teams: i64,
    pub entries: i64,
    pub data_requests: i64,
    pub files: i64,
    pub file_bytes: i64,
    pub last_migration: Option<String>,
}

impl Contents {
    pub fn read(conn: &mut DbConn) -> anyhow::Result<Contents> {
        Ok(Contents {
            accounts: count(conn, "SELECT COUNT(*) AS n FROM users")?,
            contests: count(conn, "SELECT COUNT(*) AS n FROM contests")?,
            teams: count(conn, "SELECT COUNT(*) AS n FROM teams")?,
            entries: count(conn, "SELECT COUNT(*) AS n FROM entries")?,
            data_requests: count(conn, "SELECT COUNT(*) AS n FROM data_requests")?,
            files: count(conn, "SELECT COUNT(*) AS n FROM files")?,
            file_bytes: count(
                conn,
                "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS n FROM files",
            )?,
            last_migration: migration_state(conn)?.last,
        })
    }
}

impl std::fmt::Display for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} accounts, {} contests, {} teams, {} entries, {} data requests, \
             {} uploaded files ({} bytes); last migration {}",
            self.accounts,
            self.contests,
            self.teams,
            self.entries,
            self.data_requests,
            self.files,
            self.file_bytes,
            self.last_migration.as_deref().unwrap_or("none")
        )
    }
}

/// Opens a SQLite file that must already exist (diesel would otherwise
/// create an empty one), waiting at most `busy_ms` for a lock.
fn open_sqlite(path: &std::path::Path, busy_ms: u32) -> anyhow::Result<DbConn> {
    anyhow::ensure!(path.is_file(), "no database file at {}", path.display());
    let name = path
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not a UTF-8 path", path.display()))?;
    let mut conn = diesel::SqliteConnection::establish(name)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {busy_ms};"))?;
    Ok(DbConn::Sqlite(conn))
}

/// A path as a SQL string literal.
fn sql_literal(path: &std::path::Path) -> anyhow::Result<String> {
    let s = path
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not a UTF-8 path", path.display()))?;
    Ok(format!("'{}'", s.replace('\'', "''")))
}

/// What to use instead of `backup` / `restore` on PostgreSQL, with the
/// exact commands (the URL stays in the environment, never on screen).
pub fn postgres_advice(
    command: &str,
    url: &crate::db::DatabaseUrl,
    file: &std::path::Path,
) -> String {
    let file = file.display();
    format!(
        "{command} works on SQLite only, and DATABASE_URL is PostgreSQL ({}).\n\
         Use PostgreSQL's own tools (uploaded files are in the database, so they are included):\n\
         \n  back up, while the portal runs:\n    pg_dump -Fc --file={file} \"$DATABASE_URL\"\n\
         \n  check the dump reads:\n    pg_restore --list {file} > /dev/null\n\
         \n  restore into a new, empty database (portal stopped), then bring its schema up to date:\n    \
         createdb -T template0 NEWDB\n    \
         pg_restore --no-owner --exit-on-error --dbname=\"$NEW_DATABASE_URL\" {file}\n    \
         DATABASE_URL=\"$NEW_DATABASE_URL\" contest-portal migrate\n\
         \n(README.md, \"Running it for real\", has the whole drill.)",
        url.redacted()
    )
}
