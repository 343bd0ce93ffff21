//! University sign-in: the identities linked to accounts, sign-ins on their
//! way through a provider (state, nonce, PKCE verifier: one use each), and
//! identities waiting for their account's password before being linked.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{oidc_links, oidc_logins, user_identities};
use crate::db::DbConn;
use crate::domain::oidc::VerifiedFacts;

/// How long a sign-in may take at the provider.
pub const LOGIN_LIFETIME: Duration = Duration::minutes(10);
/// How long an identity waits for its account's password.
pub const LINK_LIFETIME: Duration = Duration::minutes(30);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_identities)]
pub struct Identity {
    pub id: i32,
    pub user_id: i32,
    pub provider: String,
    pub subject: String,
    pub email: String,
    pub real_name: String,
    pub school_code: Option<String>,
    pub school_name: String,
    pub department: String,
    pub student: bool,
    pub created_at: NaiveDateTime,
    pub signed_in_at: NaiveDateTime,
}

impl Identity {
    pub fn facts(&self) -> VerifiedFacts {
        VerifiedFacts {
            school_code: self.school_code.clone(),
            school_name: self.school_name.clone(),
            department: self.department.clone(),
            student: self.student,
        }
    }
}

/// What one sign-in asserted, with the school as the list knows it.
pub struct Facts<'a> {
    pub email: &'a str,
    pub real_name: &'a str,
    pub school_code: Option<&'a str>,
    pub school_name: &'a str,
    pub department: &'a str,
    pub student: bool,
}

impl Facts<'_> {
    /// The columns a sign-in at `now` writes.
    #[allow(clippy::type_complexity)]
    fn columns(
        &self,
        now: NaiveDateTime,
    ) -> (
        diesel::dsl::Eq<user_identities::email, &str>,
        diesel::dsl::Eq<user_identities::real_name, &str>,
        diesel::dsl::Eq<user_identities::school_code, Option<&str>>,
        diesel::dsl::Eq<user_identities::school_name, &str>,
        diesel::dsl::Eq<user_identities::department, &str>,
        diesel::dsl::Eq<user_identities::student, bool>,
        diesel::dsl::Eq<user_identities::signed_in_at, NaiveDateTime>,
    ) {
        (
            user_identities::email.eq(self.email),
            user_identities::real_name.eq(self.real_name),
            user_identities::school_code.eq(self.school_code),
            user_identities::school_name.eq(self.school_name),
            user_identities::department.eq(self.department),
            user_identities::student.eq(self.student),
            user_identities::signed_in_at.eq(now),
        )
    }
}

pub fn find(conn: &mut DbConn, provider: &str, subject: &str) -> QueryResult<Option<Identity>> {
    user_identities::table
        .filter(user_identities::provider.eq(provider))
        .filter(user_identities::subject.eq(subject))
        .select(Identity::as_select())
        .first(conn)
        .optional()
}

/// The identity an account signed in with last, if any.
pub fn latest_of(conn: &mut DbConn, user_id: i32) -> QueryResult<Option<Identity>> {
    user_identities::table
        .filter(user_identities::user_id.eq(user_id))
        .order((
            user_identities::signed_in_at.desc(),
            user_identities::id.desc(),
        ))
        .select(Identity::as_select())
        .first(conn)
        .optional()
}

pub fn of_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<Identity>> {
    user_identities::table
        .filter(user_identities::user_id.eq(user_id))
        .order(user_identities::id)
        .select(Identity::as_select())
        .load(conn)
}

/// Links an identity to an account. A second link of the same identity at
/// the same moment is a unique-key violation (a 409 for the loser).
pub fn link(
    conn: &mut DbConn,
    user_id: i32,
    provider: &str,
    subject: &str,
    facts: &Facts,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(user_identities::table)
        .values((
            user_identities::user_id.eq(user_id),
            user_identities::provider.eq(provider),
            user_identities::subject.eq(subject),
            user_identities::created_at.eq(now),
            facts.columns(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Keeps what the latest sign-in asserted.
pub fn refresh(conn: &mut DbConn, id: i32, facts: &Facts, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(user_identities::table.find(id))
        .set(facts.columns(now))
        .execute(conn)?;
    Ok(())
}

/// A sign-in on its way through a provider.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = oidc_logins)]
pub struct Login {
    pub id: i32,
    pub state_hash: String,
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next_path: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub struct NewLogin<'a> {
    pub state_hash: &'a str,
    pub provider: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub next_path: &'a str,
}

pub fn start_login(conn: &mut DbConn, l: &NewLogin, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(oidc_logins::table)
        .values((
            oidc_logins::state_hash.eq(l.state_hash),
            oidc_logins::provider.eq(l.provider),
            oidc_logins::nonce.eq(l.nonce),
            oidc_logins::pkce_verifier.eq(l.pkce_verifier),
            oidc_logins::next_path.eq(l.next_path),
            oidc_logins::created_at.eq(now),
            oidc_logins::expires_at.eq(now + LOGIN_LIFETIME),
        ))
        .execute(conn)?;
    Ok(())
}

/// Uses up the sign-in with this state: deleted whatever happens next, and
/// given back only when it is for this provider, not expired, and this
/// request was the one that deleted it (two callbacks with one state on two
/// replicas: one gets it).
pub fn take_login(
    conn: &mut DbConn,
    state_hash: &str,
    provider: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Login>> {
    let Some(login) = oidc_logins::table
        .filter(oidc_logins::state_hash.eq(state_hash))
        .select(Login::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let deleted = diesel::delete(oidc_logins::table.find(login.id)).execute(conn)?;
    Ok((deleted == 1 && login.provider == provider && login.expires_at > now).then_some(login))
}

/// An identity waiting for its account's password.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = oidc_links)]
pub struct PendingLink {
    pub id: i32,
    pub token_hash: String,
    pub user_id: i32,
    pub provider: String,
    pub subject: String,
    /// `domain::oidc::Asserted` as JSON.
    pub asserted: String,
    pub next_path: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub struct NewLink<'a> {
    pub token_hash: &'a str,
    pub user_id: i32,
    pub provider: &'a str,
    pub subject: &'a str,
    pub asserted: &'a str,
    pub next_path: &'a str,
}

pub fn hold_link(conn: &mut DbConn, l: &NewLink, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(oidc_links::table)
        .values((
            oidc_links::token_hash.eq(l.token_hash),
            oidc_links::user_id.eq(l.user_id),
            oidc_links::provider.eq(l.provider),
            oidc_links::subject.eq(l.subject),
            oidc_links::asserted.eq(l.asserted),
            oidc_links::next_path.eq(l.next_path),
            oidc_links::created_at.eq(now),
            oidc_links::expires_at.eq(now + LINK_LIFETIME),
        ))
        .execute(conn)?;
    Ok(())
}

/// The waiting link with this token, unless it has expired.
pub fn pending_link(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<PendingLink>> {
    oidc_links::table
        .filter(oidc_links::token_hash.eq(token_hash))
        .filter(oidc_links::expires_at.gt(now))
        .select(PendingLink::as_select())
        .first(conn)
        .optional()
}

/// Uses a waiting link up; false when another request did first.
pub fn drop_link(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
    Ok(diesel::delete(oidc_links::table.find(id)).execute(conn)? == 1)
}

/// Deletes sign-ins and waiting links that have expired.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let a =
        diesel::delete(oidc_logins::table.filter(oidc_logins::expires_at.le(now))).execute(conn)?;
    let b =
        diesel::delete(oidc_links::table.filter(oidc_links::expires_at.le(now))).execute(conn)?;
    Ok(a + b)
}
