//! The profile form: showing it (with the school search), and saving it.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::{render, render_page, ProfileForm};
use crate::domain::profile::ProfileInput;
use crate::i18n::t;
use crate::service::{self, profiles::ProfilePage};
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
    let form = ProfileForm::of(&page, next);
    with_search(&ctx, &page, form)
}

/// The form with the school search's results, or the school picked from
/// them filled in; what was wrong with the search beside it (422).
fn with_search(ctx: &Ctx, page: &ProfilePage, mut form: ProfileForm) -> AppResult {
    if let Some(school) = &page.picked {
        form.school_name = school.clone();
    }
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_page(ctx, status, page, &form, FormErrors::default())
}

pub async fn save(ctx: Ctx, who: SignedIn, form: web::Form<ProfileForm>) -> AppResult {
    let f = form.into_inner();
    if f.action == "school-search" || f.action.starts_with("school:") {
        return search(ctx, who, f).await;
    }
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

/// The school search and pick as buttons of the profile form (no
/// JavaScript): the same form comes back with everything typed, `next`
/// included, and the results or the picked school; nothing is saved.
async fn search(ctx: Ctx, who: SignedIn, f: ProfileForm) -> AppResult {
    let (q, school) = match f.action.strip_prefix("school:") {
        Some(name) => (None, Some(name.to_string())),
        None => (Some(f.school_q.clone()), None),
    };
    let page = ctx
        .state
        .run(move |p| service::profiles::page(p, &who, q.as_deref(), school.as_deref()))
        .await?;
    with_search(&ctx, &page, f)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SchoolsQuery {
    q: String,
}

/// The school search without reloading (static/profile.js): read-only.
pub async fn schools(ctx: Ctx, who: SignedIn, q: web::Query<SchoolsQuery>) -> AppResult {
    let q = q.into_inner().q;
    let lang = ctx.lang;
    let page = ctx
        .state
        .run(move |p| service::profiles::page(p, &who, Some(&q), None))
        .await?;
    let body = match (page.errors.get("school_q"), &page.search) {
        (Some(m), _) => json!({ "error": t(lang, m) }),
        (None, Some(s)) => json!({
            "results": s.results.iter().map(|r| json!({ "name": r.name, "city": r.city })).collect::<Vec<_>>(),
            "none": t(lang, "profile-school-no-results"),
        }),
        (None, None) => json!({ "results": [], "none": "" }),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(body))
}
