//! The profile form: showing it (with the school search), and saving it.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;

use super::{render, render_page, ProfileForm};
use crate::domain::profile::ProfileInput;
use crate::service;
use crate::web::ctx::{redirect_with_flash, safe_next, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::SignedIn;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    next: Option<String>,
    /// Search the school list (the form that works without JavaScript).
    school_q: Option<String>,
    /// A school picked from the search results, to fill in.
    school: Option<String>,
}

pub async fn page(ctx: Ctx, who: SignedIn, q: web::Query<PageQuery>) -> AppResult {
    let q = q.into_inner();
    let next = q
        .next
        .as_deref()
        .map(|n| safe_next(Some(n)))
        .unwrap_or_default();
    let page = ctx
        .state
        .run(move |p| service::profiles::page(p, &who, q.school_q.as_deref(), q.school.as_deref()))
        .await?;
    let mut form = ProfileForm::of(&page, next);
    if let Some(school) = &page.picked {
        form.school_name = school.clone();
    }
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_page(&ctx, status, &page, &form, FormErrors::default())
}

pub async fn save(ctx: Ctx, who: SignedIn, form: web::Form<ProfileForm>) -> AppResult {
    let f = form.into_inner();
    let input = ProfileInput {
        real_name: f.real_name.clone(),
        kind: f.kind.clone(),
        school_code: String::new(),
        school_name: f.school_name.clone(),
        department: f.department.clone(),
        student_id: f.student_id.clone(),
        year_of_study: f.year_of_study.clone(),
        phone: f.phone.clone(),
    };
    let person = who.clone();
    match ctx
        .state
        .run(move |p| service::profiles::save(p, &person, input))
        .await
    {
        Ok(()) => {
            let target = if f.next.is_empty() {
                "/profile".to_string()
            } else {
                safe_next(Some(&f.next))
            };
            Ok(redirect_with_flash(
                &ctx,
                &target,
                "success",
                "flash-profile-saved",
            ))
        }
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let next = f.next.clone();
            render(&ctx, who, status, Some(f), errors, next).await
        }
    }
}
