//! Database access for both backends: one connection type, the pool, SQLite
//! pragmas, embedded migrations, and the few helpers where the dialects differ.

pub mod migration_state;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection type for the whole application; the backend is chosen at
/// start-up from `DATABASE_URL`.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConn>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConn>>;

/// Where the data lives, parsed from `DATABASE_URL`. Unknown schemes are an
/// error, never a silently created file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(rest) = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
        {
            if rest.is_empty() {
                return Err(
                    "DATABASE_URL sqlite:// needs a file path, e.g. sqlite://data/portal.db".into(),
                );
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        Err(format!(
            "DATABASE_URL must start with sqlite:// or postgres:// (got {:?})",
            raw.split(':').next().unwrap_or("")
        ))
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, DatabaseUrl::Sqlite(_))
    }

    /// The URL with any password removed, for logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => match url::Url::parse(u) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    url.to_string()
                }
                Err(_) => "postgres://…".into(),
            },
        }
    }
}

#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

fn connection_string(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(p) => p.to_string_lossy().into_owned(),
        DatabaseUrl::Postgres(u) => u.clone(),
    }
}

/// Opens a single connection (used by the CLI, start-up and tests).
pub fn connect(url: &DatabaseUrl) -> anyhow::Result<DbConn> {
    if let DatabaseUrl::Sqlite(path) = url {
        ensure_parent_dir(path)?;
    }
    let mut conn = DbConn::establish(&connection_string(url))
        .map_err(|e| anyhow::anyhow!("cannot open database {}: {e}", url.redacted()))?;
    if let DbConn::Sqlite(c) = &mut conn {
        c.batch_execute(
            "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )?;
    }
    Ok(conn)
}

fn ensure_parent_dir(path: &Path) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| {
                anyhow::anyhow!("cannot create database directory {}: {e}", parent.display())
            })?;
        }
    }
    Ok(())
}

/// Builds the pool. SQLite gets WAL mode once here and its per-connection
/// pragmas on every checkout; PostgreSQL gets a larger pool.
pub fn build_pool(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<DbPool> {
    if let DatabaseUrl::Sqlite(_) = url {
        let mut conn = connect(url)?;
        if let DbConn::Sqlite(c) = &mut conn {
            c.batch_execute("PRAGMA journal_mode = WAL;")?;
        }
    }
    let manager = ConnectionManager::<DbConn>::new(connection_string(url));
    // Keep one idle connection rather than `max_size`: r2d2 otherwise
    // opens and replenishes every slot from background threads, which holds
    // needless connections per replica and keeps connecting while shutting down.
    let pool = Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)
        .map_err(|e| anyhow::anyhow!("cannot connect to database {}: {e}", url.redacted()))?;
    Ok(pool)
}

/// Refreshes the query planner's statistics of the tables whose statistics
/// are missing or out of date (SQLite's `PRAGMA optimize` over every table,
/// each sampled up to a limit it sets for itself, so the pooled connection
/// is left as it was); PostgreSQL's autovacuum does this itself.
pub fn refresh_statistics(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute("PRAGMA optimize = 0x10012;")?;
    }
    Ok(())
}

/// Runs pending migrations. On PostgreSQL an advisory lock keeps two replicas
/// that start together from migrating at the same time.
pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConn::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?
            .len(),
        DbConn::Postgres(c) => {
            c.batch_execute("SELECT pg_advisory_lock(727001)")?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len())
                .map_err(|e| anyhow::anyhow!("migration failed: {e}"));
            c.batch_execute("SELECT pg_advisory_unlock(727001)")?;
            result?
        }
    };
    Ok(applied)
}

/// Reverts every migration (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConn) -> anyhow::Result<()> {
    match conn {
        DbConn::Sqlite(c) => {
            c.revert_all_migrations(SQLITE_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("revert failed: {e}"))?;
        }
        DbConn::Postgres(c) => {
            c.revert_all_migrations(POSTGRES_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("revert failed: {e}"))?;
        }
    }
    Ok(())
}

/// Runs `f` in one transaction. SQLite transactions that will write start
/// with `BEGIN IMMEDIATE`, so two writers queue on the busy timeout instead of
/// failing at once when a read lock cannot be upgraded.
pub fn transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if let DbConn::Sqlite(c) = conn {
        if AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()
            .map_err(E::from)?
            .is_none()
        {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE").map_err(E::from)?;
            return match f(conn) {
                Ok(value) => {
                    <DbConn as Connection>::TransactionManager::commit_transaction(conn)
                        .map_err(E::from)?;
                    Ok(value)
                }
                Err(err) => {
                    let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
                    Err(err)
                }
            };
        }
    }
    conn.transaction(f)
}

/// Which backend a connection talks to, for the rare dialect fork.
pub fn is_postgres(conn: &DbConn) -> bool {
    matches!(conn, DbConn::Postgres(_))
}

/// Names of the application's tables and their columns, sorted, for the test
/// that both backends end with the same schema.
pub fn describe_schema(conn: &mut DbConn) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    use diesel::sql_types::Text;
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    #[derive(QueryableByName)]
    struct Col {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
    }
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    match conn {
        DbConn::Sqlite(c) => {
            let tables: Vec<Name> = diesel::sql_query(
                // The catalogue's FTS5 index and its shadow tables are
                // SQLite's counterpart of a PostgreSQL index, not tables.
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations' \
                 AND name NOT LIKE 'datasets_fts%' ORDER BY name",
            )
            .load(c)?;
            for t in tables {
                let cols: Vec<Name> =
                    diesel::sql_query(format!("SELECT name FROM pragma_table_info('{}')", t.name))
                        .load(c)?;
                let mut cols: Vec<String> = cols.into_iter().map(|c| c.name).collect();
                cols.sort();
                out.push((t.name, cols));
            }
        }
        DbConn::Postgres(c) => {
            let cols: Vec<Col> = diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name \
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name <> '__diesel_schema_migrations' ORDER BY table_name, column_name",
            )
            .load(c)?;
            for col in cols {
                match out.last_mut() {
                    Some((t, list)) if *t == col.table_name => list.push(col.column_name),
                    _ => out.push((col.table_name, vec![col.column_name])),
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_schemes_and_refuses_others() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/x.db"))
        );
        assert!(DatabaseUrl::parse("postgres://u@h/db")
            .unwrap()
            .redacted()
            .starts_with("postgres://"));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("data/x.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    /// `.cargo/config.toml` builds the bundled SQLite with the query planner
    /// stability guarantee: without it every kept statement with a `LIMIT ?`
    /// is parsed again each time it is bound (bench/README.md). Losing the
    /// flag would only cost speed, so it is checked here.
    #[test]
    fn sqlite_keeps_statements_prepared_whatever_is_bound() {
        #[derive(diesel::QueryableByName)]
        struct Used {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            used: i32,
        }
        let mut conn = diesel::sqlite::SqliteConnection::establish(":memory:").unwrap();
        let q: Used = diesel::sql_query("SELECT sqlite_compileoption_used('ENABLE_QPSG') AS used")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(q.used, 1, "SQLite built without SQLITE_ENABLE_QPSG");
    }

    #[test]
    fn redacts_passwords() {
        let u = DatabaseUrl::parse("postgres://me:secret@localhost/db").unwrap();
        assert!(!u.redacted().contains("secret"));
    }
}
