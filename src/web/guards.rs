//! Who may call a handler, as types in its signature: a handler that takes
//! an `Organiser` never runs for anyone else (sign-in first when anonymous,
//! 403 when signed in without the role). Checks about one thing — this
//! entry, this request, this team — are the services' gates.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::{ready, Ready};

use super::ctx::Ctx;
use super::error::AppError;
use crate::domain::role::Role;
use crate::service::Person;

/// The person behind this request, as the services know them.
pub fn person_of(ctx: &Ctx) -> Result<Person, AppError> {
    let u = ctx.user()?;
    Ok(Person {
        id: u.id,
        roles: u.roles.clone(),
        ip: ctx.ip.clone(),
    })
}

fn extract(req: &HttpRequest, allowed: &[Role]) -> Result<Person, AppError> {
    let ctx = req
        .extensions()
        .get::<Ctx>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing")))?;
    let person = person_of(&ctx)?;
    if allowed.is_empty() || allowed.iter().any(|r| person.has(*r)) {
        Ok(person)
    } else {
        Err(AppError::Forbidden)
    }
}

macro_rules! guard {
    ($(#[$doc:meta])* $name:ident, [$($role:expr),*]) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Person);

        impl std::ops::Deref for $name {
            type Target = Person;

            fn deref(&self) -> &Person {
                &self.0
            }
        }

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<$name, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(extract(req, &[$($role),*]).map($name))
            }
        }
    };
}

guard!(
    /// Anyone signed in.
    SignedIn,
    []
);
guard!(
    /// Organisers, and administrators, who may do everything organisers do.
    Organiser,
    [Role::Organiser, Role::Admin]
);
guard!(
    /// Administrators only.
    Admin,
    [Role::Admin]
);
guard!(
    /// Eligibility reviewers, and the organisers and administrators above them.
    Reviewer,
    [Role::Reviewer, Role::Organiser, Role::Admin]
);
guard!(
    /// Staff of a business unit who answer its data requests.
    UnitReviewer,
    [Role::UnitReviewer]
);
guard!(
    /// Judges.
    Judge,
    [Role::Judge]
);
