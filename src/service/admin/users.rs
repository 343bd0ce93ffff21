//! Accounts, their roles, and switching an account off.

use serde_json::json;

use super::admin;
use crate::domain::role::Role;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, units::Unit, users::RoleGrant, users::User, users::UserListRow};
use crate::store::{PageRequest, Paged};

pub fn users(
    p: &Portal,
    who: &Person,
    search: &str,
    role: Option<Role>,
    page: PageRequest,
) -> Result<Paged<UserListRow>> {
    admin(who)?;
    p.read(|conn| Ok(store::users::list(conn, Some(search), role, page)?))
}

/// One account with its roles, and the units a unit reviewer could act for.
pub struct UserPage {
    pub user: User,
    pub roles: Vec<RoleGrant>,
    pub units: Vec<Unit>,
}

pub fn user(p: &Portal, who: &Person, user_id: i32) -> Result<UserPage> {
    admin(who)?;
    p.read(|conn| {
        Ok(UserPage {
            user: store::users::find(conn, user_id)?.ok_or(Error::NotFound)?,
            roles: store::users::roles_of(conn, user_id)?,
            units: store::units::list(conn)?,
        })
    })
}

/// Grants `role` (for a unit reviewer: acting for `unit_id`, an active
/// unit). Granting what the account holds already changes nothing.
pub fn grant_role(
    p: &Portal,
    who: &Person,
    user_id: i32,
    role: Role,
    unit_id: Option<i32>,
) -> Result<()> {
    admin(who)?;
    if role.needs_unit() && unit_id.is_none() {
        return Err(Error::field("unit_id", "error-unit-required"));
    }
    let unit_id = unit_id.filter(|_| role.needs_unit());
    let granted = p.transaction(|conn| {
        store::users::find(conn, user_id)?.ok_or(Error::NotFound)?;
        if let Some(uid) = unit_id {
            if !store::units::find(conn, uid)?.is_some_and(|u| u.active) {
                return Err(Error::field("unit_id", "error-unit-required"));
            }
        }
        if store::users::grant_role(conn, user_id, role, unit_id, Some(who.id), now())? {
            audit(
                conn,
                who,
                "role.grant",
                "user",
                user_id,
                json!({ "role": role.as_str(), "unit_id": unit_id }),
            )?;
        }
        Ok(())
    });
    match granted {
        // The same grant submitted twice at once: the other request did it.
        Err(Error::Stale(_)) => Ok(()),
        other => other,
    }
}

/// Takes `role` away; someone must still be able to run the portal after.
pub fn revoke_role(p: &Portal, who: &Person, user_id: i32, role: Role) -> Result<()> {
    admin(who)?;
    p.transaction(|conn| {
        store::users::find(conn, user_id)?.ok_or(Error::NotFound)?;
        if role == Role::Admin
            && store::users::holds(conn, user_id, Role::Admin)?
            && store::users::count_enabled_with_role(conn, Role::Admin, Some(user_id))? == 0
        {
            return Err(Error::WrongState("error-last-admin"));
        }
        if store::users::revoke_role(conn, user_id, role)? {
            audit(
                conn,
                who,
                "role.revoke",
                "user",
                user_id,
                json!({ "role": role.as_str() }),
            )?;
        }
        Ok(())
    })
}

/// Switches an account off (its sessions end) or on again; nobody switches
/// themselves off.
pub fn set_disabled(p: &Portal, who: &Person, user_id: i32, disabled: bool) -> Result<()> {
    admin(who)?;
    if user_id == who.id && disabled {
        return Err(Error::WrongState("error-cannot-disable-self"));
    }
    p.transaction(|conn| {
        store::users::find(conn, user_id)?.ok_or(Error::NotFound)?;
        store::users::set_disabled(conn, user_id, disabled, now())?;
        if disabled {
            store::sessions::delete_for_user(conn, user_id, None)?;
        }
        audit(
            conn,
            who,
            if disabled {
                "user.disable"
            } else {
                "user.enable"
            },
            "user",
            user_id,
            json!({}),
        )
    })
}
