//! The portal's use cases, one function each: it opens its own transaction,
//! checks who may act, applies the domain's rules, writes through `store`,
//! queues notifications and the audit row, and returns a typed outcome or a
//! refusal that rolls the whole transaction back.
//!
//! Who calls: `web` handlers (on the blocking pool), background `jobs`, the
//! command line, the demo seed, `bench/` and tests. Services never call
//! `web`, and never call each other (each takes its own connection); shared
//! steps are plain functions over a `&mut DbConn`.

pub mod accounts;
pub mod admin;
pub mod calendar;
pub mod catalog;
pub mod changes;
pub mod consults;
pub mod contests;
pub mod dashboard;
pub mod entries;
pub mod finder;
pub mod gates;
pub mod home;
pub mod housekeeping;
pub mod judging;
pub mod ledger;
pub mod mail;
pub mod notifications;
pub mod observe;
pub mod open_data;
pub mod outreach;
pub mod pack;
pub mod profiles;
pub mod replica_cache;
pub mod requests;
pub mod review;
pub mod sharing;
pub mod teams;
// issue 20: challenges set by business units
pub mod challenges;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value as Json;
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::db::{self, DbConn, DbPool, PooledConn};
use crate::domain::role::Role;
use crate::domain::FieldErrors;
use crate::integrations::catalog::CatalogClient;
use crate::integrations::oidc::OidcClient;
use crate::store::users::RoleGrant;

/// Excel workbooks built at once in this process (the ledger, the
/// dashboard, the advisory-group pack, the outreach funnel): each holds its
/// rows and the zipped file until it is sent, so a crowd of them waits its
/// turn, two at a time.
pub(crate) static WORKBOOKS: Semaphore = Semaphore::const_new(2);

/// The judging rounds' tallies this replica keeps, by (track, round).
pub type RoundTallies =
    replica_cache::ReplicaCache<(i32, crate::domain::judging::Round), judging::RoundTally>;

/// What every use case may need: the database, the configuration, the mail
/// composer and the open-data catalogue's client. Cheap to clone.
#[derive(Clone)]
pub struct Portal {
    pub pool: DbPool,
    pub config: Arc<Config>,
    pub mail: Arc<mail::Composer>,
    pub catalog: Arc<CatalogClient>,
    /// University identity providers (OpenID Connect).
    pub oidc: Arc<OidcClient>,
    /// The public pages' change counters as this replica knows them.
    pub changes: Arc<changes::Generations>,
    /// The impact ledger's lines as this replica last counted them.
    pub ledger: Arc<ledger::Snapshot>,
    /// Each track and round's count of entries, judges' loads and
    /// conflicts, as this replica last counted them.
    pub rounds: Arc<RoundTallies>,
    /// Each contest's counts for the reviewers' and organisers' homes, as
    /// this replica last counted them.
    pub contest_counts: Arc<replica_cache::ReplicaCache<i32, home::ContestCounts>>,
    /// Where the entries of the eligibility review stand, counted per
    /// contest and tracks, as this replica last counted them.
    pub review_counts: Arc<replica_cache::ReplicaCache<(i32, Vec<i32>), review::StateCounts>>,
    /// The office calendar with its closures, as this replica last read it.
    pub calendar: Arc<replica_cache::ReplicaCache<(), crate::domain::calendar::Calendar>>,
    /// The eligibility pre-check of each entry listed to organisers and
    /// reviewers, as this replica last ran it.
    pub prechecks: Arc<replica_cache::ReplicaCache<i32, entries::Prechecked>>,
    /// Whether each entry looked at by the review queue's "pre-check
    /// failing" filter passed its pre-check, as this replica last ran it.
    pub precheck_outcomes: Arc<replica_cache::ReplicaCache<i32, entries::PrecheckOutcome>>,
    /// Per track, the entries the review queue's "pre-check failing"
    /// filter shows, as this replica last found them.
    pub precheck_failing: Arc<replica_cache::ReplicaCache<i32, review::FailingEntries>>,
    /// The current contest and its tracks, as this replica last read them.
    pub current_contest: Arc<contests::CurrentContest>,
}

impl Portal {
    pub fn new(pool: DbPool, config: Config) -> anyhow::Result<Portal> {
        let catalog = Arc::new(CatalogClient::new(config.catalog.clone())?);
        let mail = Arc::new(mail::Composer::new(&config)?);
        Ok(Portal {
            pool,
            config: Arc::new(config),
            mail,
            catalog,
            oidc: Arc::new(OidcClient::new()?),
            changes: Arc::new(changes::Generations::default()),
            ledger: Arc::new(ledger::Snapshot::default()),
            rounds: Arc::default(),
            contest_counts: Arc::default(),
            review_counts: Arc::default(),
            calendar: Arc::default(),
            prechecks: Arc::default(),
            precheck_outcomes: Arc::default(),
            precheck_failing: Arc::default(),
            current_contest: Arc::default(),
        })
    }

    /// Opens the database named by the configuration, brings its schema up
    /// to date and loads the reference data the portal ships with (schools,
    /// the catalogue snapshot, the office calendar) where it is missing.
    pub fn open(config: Config) -> anyhow::Result<Portal> {
        let pool = db::build_pool(&config.database_url, config.pool_size)?;
        {
            let mut conn = pool.get()?;
            db::run_migrations(&mut conn)?;
            crate::store::schools::load_bundled(&mut conn)?;
            catalog::load_snapshot_if_empty(&mut conn)?;
            catalog::backfill_format_flags(&mut conn)?;
            calendar::load_bundled_if_missing(&mut conn)?;
            teams::flags::backfill(&mut conn)?;
        }
        Portal::new(pool, config)
    }

    /// A pooled connection, for work that needs no transaction (reading a page).
    pub fn conn(&self) -> Result<PooledConn> {
        self.pool
            .get()
            .map_err(|e| Error::Internal(anyhow::anyhow!("database pool: {e}")))
    }

    /// Runs `f` in one transaction on a pooled connection: committed when it
    /// returns `Ok`, rolled back on any `Err`, refusals included. The public
    /// pages' areas `f` marked (`changes::mark`) have their counters raised
    /// as its last writes, and this replica knows them once it commits.
    pub fn transaction<T>(&self, f: impl FnOnce(&mut DbConn) -> Result<T>) -> Result<T> {
        let mut conn = self.conn()?;
        changes::begin();
        let mut frame_open = true;
        let outcome: Result<(T, Vec<(String, i64)>)> = db::transaction(&mut conn, |conn| {
            let value = f(conn)?;
            let areas = changes::end();
            frame_open = false;
            Ok((value, changes::raise(conn, &areas)?))
        });
        if frame_open {
            changes::end();
        }
        let (value, raised) = outcome?;
        changes::committed(self, &raised);
        Ok(value)
    }

    /// Runs blocking work (the database) on the blocking thread pool, for a
    /// use case that also waits on the outside world.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Portal) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let portal = self.clone();
        // The caller's span (a request's id) goes along to the blocking thread.
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| f(&portal)))
            .await
            .map_err(|e| Error::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Runs blocking work `f` like [`Portal::blocking`], once one of the
    /// `turns` is free: heavy work (a whole track, a whole ledger) runs a
    /// few at a time, the rest waiting, so a crowd of requests cannot each
    /// hold it in memory. The turn is held by the work itself, so it is not
    /// given back when the request is abandoned while the work still runs.
    pub async fn blocking_in_turn<T, F>(&self, turns: &'static Semaphore, f: F) -> Result<T>
    where
        F: FnOnce(&Portal) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let turn = turns
            .acquire()
            .await
            .map_err(|e| Error::Internal(anyhow::anyhow!("heavy-work queue closed: {e}")))?;
        self.blocking(move |p| {
            let _turn = turn;
            f(p)
        })
        .await
    }

    /// Runs `f` on a pooled connection without a transaction (reads).
    pub fn read<T>(&self, f: impl FnOnce(&mut DbConn) -> Result<T>) -> Result<T> {
        let mut conn = self.conn()?;
        f(&mut conn)
    }
}

/// Who is acting: the account, the roles it holds, and where the request came
/// from (kept in the audit row).
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i32,
    pub roles: Vec<RoleGrant>,
    pub ip: Option<String>,
}

impl Person {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }

    /// Organisers and administrators run contests.
    pub fn organises(&self) -> bool {
        self.has(Role::Organiser) || self.has(Role::Admin)
    }

    /// The business units this person answers data requests for.
    pub fn units(&self) -> Vec<i32> {
        self.roles
            .iter()
            .filter(|g| g.role == Role::UnitReviewer)
            .filter_map(|g| g.unit_id)
            .collect()
    }
}

/// Why a use case did not happen. Every variant but `Internal` is a refusal
/// the person can understand; `web` maps each to one status in one place.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing does not exist, or this person may not know that it does (404).
    #[error("not found")]
    NotFound,
    /// This person may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// A rule says no for now, with the sentence (a Fluent id) saying why,
    /// e.g. registration has closed (403).
    #[error("refused: {0}")]
    Refused(&'static str),
    /// The thing is not in a state where this can be done (409).
    #[error("wrong state: {0}")]
    WrongState(&'static str),
    /// Someone changed the thing since the form was loaded, or did the same
    /// at the same moment and came first (409).
    #[error("stale: {0}")]
    Stale(&'static str),
    /// A name, code or year that must be unique is already used (409),
    /// shown beside its field.
    #[error("taken: {field}: {message}")]
    Taken {
        field: &'static str,
        message: &'static str,
    },
    /// What was typed is not acceptable; each field says why (422).
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// Too many attempts; try again later (429).
    #[error("too many attempts: {0}")]
    TooMany(&'static str),
    /// Our fault: logged, never shown (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A refusal about one field of the form.
    pub fn field(field: &'static str, message: &'static str) -> Error {
        Error::Invalid(FieldErrors::one(field, message))
    }
}

impl From<FieldErrors> for Error {
    fn from(e: FieldErrors) -> Self {
        Error::Invalid(e)
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        match &e {
            // Two replicas doing the same thing at once: one wins, the other
            // is told so (409), never a 500.
            D::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
            | D::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Error::Stale("error-conflict-retry")
            }
            // PostgreSQL cannot store NUL in text. Input is checked before it
            // gets here; this is the net under that check.
            // PostgreSQL broke a lock cycle between two writers (the rounds
            // of a ranking, say): this one may try again.
            D::DatabaseError(_, info) if info.message().contains("deadlock detected") => {
                Error::Stale("error-conflict-retry")
            }
            D::DatabaseError(_, info) if info.message().contains("0x00") => {
                Error::field("form", "error-text-control")
            }
            _ => Error::Internal(e.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Error::Internal(anyhow::anyhow!("database pool: {e}"))
    }
}

/// The current time in UTC, read once per use case and passed to the domain.
pub fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Today's date in Taiwan, the day the office calendar counts from.
pub fn today() -> NaiveDate {
    taipei_date(now())
}

/// The date in Taiwan at the UTC time `at`.
pub fn taipei_date(at: NaiveDateTime) -> NaiveDate {
    (at + chrono::Duration::hours(8)).date()
}

/// Writes the audit row of a privileged action, in the caller's transaction.
pub fn audit(
    conn: &mut DbConn,
    who: &Person,
    action: &str,
    object_type: &str,
    object_id: impl ToString,
    details: Json,
) -> Result<()> {
    crate::store::audit::record(
        conn,
        crate::store::audit::Entry {
            actor_id: Some(who.id),
            action,
            object_type,
            object_id: Some(object_id.to_string()),
            details,
            ip: who.ip.as_deref(),
        },
        now(),
    )?;
    Ok(())
}
