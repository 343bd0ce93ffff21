//! The administrators' desk: accounts and their roles, business units, the
//! mail outbox and the audit log. Every change writes an audit row in the
//! same transaction.

mod audit_log;
mod outbox;
mod units;
mod users;

pub use audit_log::{audit_export, audit_log, AuditFilter, AuditPage};
pub use outbox::{outbox, outbox_mail, retry_mail, MailState};
pub use units::{create_unit, unit, units, update_unit, UnitForm, UnitList};
pub use users::{grant_role, revoke_role, set_disabled, user, users, UserPage};

use crate::service::{Error, Person, Result};

/// Only administrators come here.
fn admin(who: &Person) -> Result<()> {
    if who.has(crate::domain::role::Role::Admin) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
