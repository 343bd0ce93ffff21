//! SQL for each aggregate. Every function takes `&mut DbConn` so callers can
//! compose several inside one `db::transaction`.

pub mod audit;
pub mod awards;
pub mod board;
pub mod calendar;
pub mod cards;
pub mod catalog;
pub mod challenge_outcomes;
pub mod challenges;
pub mod consults;
pub mod contests;
pub mod dashboard;
pub mod eligibility;
pub mod entries;
pub mod files;
pub mod finals;
pub mod finder;
pub mod funnel;
pub mod identities;
pub mod job_runs;
pub mod judges;
pub mod leases;
pub mod notifications;
pub mod outbox;
pub mod outreach;
pub mod profiles;
pub mod public_changes;
pub mod ranking;
pub mod requests;
pub mod review;
pub mod rubrics;
pub mod schools;
pub mod scores;
pub mod sessions;
pub mod sharing;
pub mod team_flags;
pub mod teams;
pub mod themes;
pub mod throttle;
pub mod tokens;
pub mod units;
pub mod usage;
pub mod users;
pub mod watch;

use serde::Serialize;

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Stores one of the domain's enums in a text column by its name: written
/// with `as_str`, read back with `parse`. A stored name the code does not
/// know is an error when read, never quietly some default.
macro_rules! text_column {
    ($proxy:ident, $ty:ty) => {
        #[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(foreign_derive, sql_type = diesel::sql_types::Text)]
        #[allow(dead_code)]
        struct $proxy($ty);

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $ty
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let name = String::from_sql(bytes)?;
                <$ty>::parse(&name)
                    .ok_or_else(|| format!("unknown {} stored: {name:?}", stringify!($ty)).into())
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $ty
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }
    };
}
pub(crate) use text_column;

/// One page of a list, with what a pager needs.
#[derive(Debug, Clone, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Paged<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// A 1-based page request, clamped to sane bounds.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub fn new(page: Option<i64>, per_page: i64) -> Self {
        PageRequest {
            page: page.unwrap_or(1).clamp(1, 100_000),
            per_page: per_page.clamp(1, 200),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// A LIKE pattern that matches `needle` anywhere, with wildcards escaped (use
/// with `.escape('\\')`).
pub fn contains_pattern(needle: &str) -> String {
    let mut p = String::from("%");
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Whether the database answers a query.
pub fn ping(conn: &mut crate::db::DbConn) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

/// True when the error is a unique-constraint violation (e.g. a duplicate e-mail).
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
