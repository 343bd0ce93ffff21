//! Which migrations a database has had, read without creating anything in it.

use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::{DbConn, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

/// Where a database's schema stands against the migrations this binary has.
#[derive(Debug, Default)]
pub struct MigrationState {
    /// The newest migration applied (`None`: none at all).
    pub last: Option<String>,
    /// Applied there but unknown to this binary: a newer portal wrote it.
    pub unknown: Vec<String>,
    /// Known to this binary and not yet applied.
    pub pending: Vec<String>,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

/// One count read by raw SQL.
#[derive(QueryableByName)]
pub(crate) struct Count {
    #[diesel(sql_type = BigInt)]
    pub(crate) n: i64,
}

fn known_versions(conn: &DbConn) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = match conn {
        DbConn::Sqlite(_) => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .iter()
                .map(|m| m.name().version().to_string())
                .collect()
        }
        DbConn::Postgres(_) => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .iter()
            .map(|m| m.name().version().to_string())
            .collect(),
    };
    Ok(names)
}

/// Reads which migrations a database has, without creating anything in it.
pub fn migration_state(conn: &mut DbConn) -> anyhow::Result<MigrationState> {
    let table_query = match conn {
        DbConn::Sqlite(_) => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' \
             AND name = '__diesel_schema_migrations'"
        }
        DbConn::Postgres(_) => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '__diesel_schema_migrations'"
        }
    };
    let has_table = diesel::sql_query(table_query).get_result::<Count>(conn)?.n > 0;
    let mut applied: Vec<String> = if has_table {
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
            .load::<Version>(conn)?
            .into_iter()
            .map(|v| v.version)
            .collect()
    } else {
        Vec::new()
    };
    applied.sort();
    let known = known_versions(conn)?;
    Ok(MigrationState {
        last: applied.last().cloned(),
        unknown: applied
            .iter()
            .filter(|v| !known.contains(v))
            .cloned()
            .collect(),
        pending: known
            .iter()
            .filter(|v| !applied.contains(v))
            .cloned()
            .collect(),
    })
}
