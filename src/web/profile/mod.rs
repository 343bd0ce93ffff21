//! Participant profiles: real name, student or faculty, school from the
//! bundled list (or typed, then flagged), department and student details,
//! and the enrolment-proof upload and download.

mod page;
mod proof;

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use crate::domain::profile::{ProofStatus, PROOF_MAX_BYTES};
use crate::service::{self, profiles::ProfilePage};
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::forms::FormErrors;
use crate::web::guards::SignedIn;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/profile", web::get().to(page::page))
        .route("/profile", web::post().to(page::save))
        .route("/profile/schools", web::get().to(page::schools))
        .route("/profile/proof", web::post().to(proof::upload))
        .route("/files/{id}", web::get().to(proof::download));
}

/// The profile form as typed (or as saved, to start from).
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProfileForm {
    real_name: String,
    kind: String,
    school_name: String,
    department: String,
    student_id: String,
    year_of_study: String,
    phone: String,
    next: String,
    /// The button pressed: save (empty), `school-search`, or `school:<name>`
    /// (a school picked from the results); the last two keep what was typed
    /// and save nothing.
    action: String,
    /// Words to search the school list for.
    school_q: String,
}

impl ProfileForm {
    /// The saved profile, or an empty student's; `next` is where to go after saving.
    fn of(page: &ProfilePage, next: String) -> ProfileForm {
        match &page.saved {
            Some(p) => ProfileForm {
                real_name: p.real_name.clone(),
                kind: p.kind.clone(),
                school_name: p.school_name.clone(),
                department: p.department.clone(),
                student_id: p.student_id.clone(),
                year_of_study: p.year_of_study.map(|y| y.to_string()).unwrap_or_default(),
                phone: p.phone.clone(),
                next,
                ..Default::default()
            },
            // Not saved yet: start from what the university asserted.
            None => match &page.identity {
                Some(i) => ProfileForm {
                    real_name: i.real_name.clone(),
                    kind: if i.student || i.school_name.is_empty() {
                        "student"
                    } else {
                        "faculty"
                    }
                    .into(),
                    school_name: i.school_name.clone(),
                    department: i.department.clone(),
                    next,
                    ..Default::default()
                },
                None => ProfileForm {
                    kind: "student".into(),
                    next,
                    ..Default::default()
                },
            },
        }
    }

    fn to_json(&self) -> serde_json::Value {
        json!({
            "real_name": self.real_name, "kind": self.kind, "school_name": self.school_name,
            "department": self.department, "student_id": self.student_id,
            "year_of_study": self.year_of_study, "phone": self.phone, "next": self.next,
        })
    }
}

/// Renders the profile page: `form` is what was typed (the saved profile
/// when `None`), `errors` what was wrong with it.
async fn render(
    ctx: &Ctx,
    who: SignedIn,
    status: StatusCode,
    form: Option<ProfileForm>,
    errors: FormErrors,
    next: String,
) -> AppResult {
    let page = ctx
        .state
        .run(move |p| service::profiles::page(p, &who, None, None))
        .await?;
    let form = form.unwrap_or_else(|| ProfileForm::of(&page, next));
    render_page(ctx, status, &page, &form, errors)
}

/// A provider's name in the page's language (its id when no longer set up).
fn provider_name(ctx: &Ctx, id: &str) -> String {
    match ctx.state.config.oidc_provider(id) {
        Some(p) if ctx.lang == crate::i18n::Lang::En => p.name_en.clone(),
        Some(p) => p.name.clone(),
        None => id.to_string(),
    }
}

fn render_page(
    ctx: &Ctx,
    status: StatusCode,
    page: &ProfilePage,
    form: &ProfileForm,
    mut errors: FormErrors,
) -> AppResult {
    errors.merge(page.errors.clone());
    ctx.render_status(
        status,
        "profile/profile",
        json!({
            "form": form.to_json(),
            "errors": errors.to_json(),
            "schools": page.schools.iter().map(|s| &s.name).collect::<Vec<_>>(),
            "saved": page.saved.as_ref().map(|p| json!({
                "school_flagged": p.school_flagged(),
                "school_verified": p.school_verified,
                "department_verified": p.department_verified,
                "student_verified": p.student_verified,
                "verified_by": p.verified_by.as_deref().map(|id| provider_name(ctx, id)),
                "proof_status_id": format!("proof-{}", p.proof_status.as_str()),
                "proof_file_id": p.proof_file_id,
                "proof_rejected": p.proof_status == ProofStatus::Rejected,
            })),
            "proof_max_mb": PROOF_MAX_BYTES / 1024 / 1024,
            "school_search": page.search.as_ref().map(|s| json!({
                "q": s.q,
                "results": s.results.iter().map(|s| json!({
                    "name": s.name, "city": s.city,
                    "href": format!("/profile?school={}", url::form_urlencoded::byte_serialize(s.name.as_bytes()).collect::<String>()),
                })).collect::<Vec<_>>(),
            })),
        }),
    )
}
