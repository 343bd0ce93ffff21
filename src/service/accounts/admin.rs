//! Making an administrator: from the command line, or the first one, created
//! on first start when there is none.

use serde_json::json;

use crate::db::DbConn;
use crate::domain::account::{DisplayName, Email};
use crate::domain::role::Role;
use crate::service::{now, Error, Portal, Result};
use crate::{security, store};

/// The administrator created on first run, to be shown once on the console.
pub struct FirstAdmin {
    pub email: String,
    pub password: String,
}

/// Makes `email` an administrator with the password whose hash is given:
/// creates the account (verified; with `one_time`, the password must be
/// changed at the first sign-in) or updates the existing one, signing it out
/// everywhere. Audited as `action`. Returns whether the account was created.
fn make_admin_in(
    conn: &mut DbConn,
    email: &Email,
    name: &str,
    password_hash: &str,
    one_time: bool,
    action: &str,
) -> Result<bool> {
    let at = now();
    let (user, created) = match store::users::find_by_email(conn, email.as_str())? {
        Some(u) => {
            store::users::set_password(conn, u.id, password_hash, at)?;
            (u, false)
        }
        None => (
            store::users::create(
                conn,
                &store::users::NewUser {
                    email: email.as_str(),
                    display_name: name,
                    password_hash,
                    email_verified_at: Some(at),
                    locale: "zh-TW",
                    disabled: false,
                    must_change_password: one_time,
                    created_at: at,
                    updated_at: at,
                },
            )?,
            true,
        ),
    };
    store::users::mark_verified(conn, user.id, at)?;
    store::users::grant_role(conn, user.id, Role::Admin, None, None, at)?;
    store::sessions::delete_for_user(conn, user.id, None)?;
    store::audit::record(
        conn,
        store::audit::Entry {
            actor_id: None,
            action,
            object_type: "user",
            object_id: Some(user.id.to_string()),
            details: json!({ "email": user.email, "created": created }),
            ip: None,
        },
        at,
    )?;
    Ok(created)
}

/// Creates an administrator, or makes an existing account one (the
/// `create-admin` command). Returns whether the account was created.
pub fn make_admin(
    p: &Portal,
    email: &Email,
    name: &DisplayName,
    password_hash: &str,
    one_time: bool,
) -> Result<bool> {
    p.transaction(|conn| {
        make_admin_in(
            conn,
            email,
            name.as_str(),
            password_hash,
            one_time,
            "user.create_admin_cli",
        )
    })
}

/// On a database without an administrator, creates one (ADMIN_EMAIL) with a
/// random one-time password, to be shown once. Two replicas starting at once
/// on an empty database cannot both create one: the e-mail is unique.
pub fn ensure_first_admin(p: &Portal) -> Result<Option<FirstAdmin>> {
    if p.read(|conn| Ok(store::users::admin_exists(conn)?))? {
        return Ok(None);
    }
    let email = Email::parse(&p.config.admin_email)
        .map_err(|_| Error::Internal(anyhow::anyhow!("ADMIN_EMAIL is invalid")))?;
    let password = security::random_password();
    let hash = security::hash_password(&password)?;
    let created = p.transaction(|conn| {
        if store::users::admin_exists(conn)? {
            return Ok(false);
        }
        make_admin_in(
            conn,
            &email,
            "Administrator",
            &hash,
            true,
            "user.bootstrap_admin",
        )?;
        Ok(true)
    });
    match created {
        Ok(true) => Ok(Some(FirstAdmin {
            email: email.as_str().to_string(),
            password,
        })),
        Ok(false) | Err(Error::Stale(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
