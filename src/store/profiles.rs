//! Participant profiles, enrolment proofs and the organiser's checks of them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::profiles;
use crate::db::DbConn;
use crate::domain::oidc::Marks;
use crate::domain::profile::{enrolment_shown, Profile, ProofStatus};

super::text_column!(ProofStatusColumn, ProofStatus);

/// Enrolment proof states by name, for callers that hold them as text.
pub const PROOF_NONE: &str = ProofStatus::None.as_str();
pub const PROOF_PENDING: &str = ProofStatus::Pending.as_str();
pub const PROOF_VERIFIED: &str = ProofStatus::Verified.as_str();
pub const PROOF_REJECTED: &str = ProofStatus::Rejected.as_str();

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = profiles)]
pub struct ProfileRow {
    pub user_id: i32,
    pub real_name: String,
    pub kind: String,
    pub school_code: Option<String>,
    pub school_name: String,
    pub school_checked: bool,
    pub department: String,
    pub student_id: String,
    pub year_of_study: Option<i32>,
    pub phone: String,
    pub proof_file_id: Option<i32>,
    pub proof_status: ProofStatus,
    pub proof_checked_by: Option<i32>,
    pub proof_checked_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    /// Verified by a university sign-in (`verified_by`, a provider id).
    pub school_verified: bool,
    pub department_verified: bool,
    pub student_verified: bool,
    pub verified_by: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
}

impl ProfileRow {
    /// Enrolment shown: a proof uploaded and not rejected, or student
    /// status verified by a university sign-in.
    pub fn proof_ok(&self) -> bool {
        enrolment_shown(self.proof_status, self.student_verified)
    }

    /// A typed school no organiser has confirmed and no university sign-in
    /// verified.
    pub fn school_flagged(&self) -> bool {
        self.school_code.is_none() && !self.school_checked && !self.school_verified
    }
}

pub fn find(conn: &mut DbConn, user_id: i32) -> QueryResult<Option<ProfileRow>> {
    profiles::table
        .find(user_id)
        .select(ProfileRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConn, user_ids: &[i32]) -> QueryResult<Vec<ProfileRow>> {
    profiles::table
        .filter(profiles::user_id.eq_any(user_ids))
        .select(ProfileRow::as_select())
        .load(conn)
}

/// Saves the profile; a changed typed school needs checking again.
pub fn save(conn: &mut DbConn, user_id: i32, p: &Profile, now: NaiveDateTime) -> QueryResult<()> {
    let existing = find(conn, user_id)?;
    let school_checked = match &existing {
        Some(e) => e.school_checked && e.school_name == p.school_name,
        None => false,
    };
    // A proof was checked against the old school: a new school needs a new look.
    if let Some(e) = &existing {
        if e.school_name != p.school_name && e.proof_status == ProofStatus::Verified {
            diesel::update(profiles::table.find(user_id))
                .set(profiles::proof_status.eq(ProofStatus::Pending))
                .execute(conn)?;
        }
    }
    let values = (
        profiles::real_name.eq(&p.real_name),
        profiles::kind.eq(p.kind.as_str()),
        profiles::school_code.eq(&p.school_code),
        profiles::school_name.eq(&p.school_name),
        profiles::school_checked.eq(school_checked),
        profiles::department.eq(&p.department),
        profiles::student_id.eq(&p.student_id),
        profiles::year_of_study.eq(p.year_of_study),
        profiles::phone.eq(&p.phone),
        profiles::updated_at.eq(now),
    );
    if existing.is_some() {
        diesel::update(profiles::table.find(user_id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(profiles::table)
            .values((
                profiles::user_id.eq(user_id),
                profiles::proof_status.eq(ProofStatus::None),
                values,
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Attaches a newly uploaded proof; returns the file it replaces.
pub fn set_proof(
    conn: &mut DbConn,
    user_id: i32,
    file_id: i32,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let old = find(conn, user_id)?.and_then(|p| p.proof_file_id);
    diesel::update(profiles::table.find(user_id))
        .set((
            profiles::proof_file_id.eq(Some(file_id)),
            profiles::proof_status.eq(ProofStatus::Pending),
            profiles::proof_checked_by.eq(None::<i32>),
            profiles::proof_checked_at.eq(None::<NaiveDateTime>),
            profiles::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(old)
}

pub fn check_proof(
    conn: &mut DbConn,
    user_id: i32,
    status: &str,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        profiles::table
            .find(user_id)
            .filter(profiles::proof_file_id.is_not_null()),
    )
    .set((
        profiles::proof_status.eq(status),
        profiles::proof_checked_by.eq(Some(by)),
        profiles::proof_checked_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn mark_school_checked(conn: &mut DbConn, user_id: i32) -> QueryResult<bool> {
    let n = diesel::update(profiles::table.find(user_id))
        .set(profiles::school_checked.eq(true))
        .execute(conn)?;
    Ok(n == 1)
}

/// Records what a university sign-in verified in a profile (all three marks
/// set as given: a mark the facts no longer bear out is dropped).
pub fn set_verified(
    conn: &mut DbConn,
    user_id: i32,
    marks: Marks,
    provider: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(profiles::table.find(user_id))
        .set((
            profiles::school_verified.eq(marks.school),
            profiles::department_verified.eq(marks.department),
            profiles::student_verified.eq(marks.student),
            profiles::verified_by.eq(provider.filter(|_| marks.any())),
            profiles::verified_at.eq(marks.any().then_some(now)),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Puts a university's school and department into a profile (the sign-in
/// verified them); a school change sends a checked proof back to pending,
/// as a change by hand does.
pub fn set_school(
    conn: &mut DbConn,
    user_id: i32,
    school_code: Option<&str>,
    school_name: &str,
    department: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(existing) = find(conn, user_id)? else {
        return Ok(());
    };
    if existing.school_name != school_name && existing.proof_status == ProofStatus::Verified {
        diesel::update(profiles::table.find(user_id))
            .set(profiles::proof_status.eq(ProofStatus::Pending))
            .execute(conn)?;
    }
    diesel::update(profiles::table.find(user_id))
        .set((
            profiles::school_code.eq(school_code),
            profiles::school_name.eq(school_name),
            profiles::department.eq(department.unwrap_or(&existing.department)),
            profiles::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
