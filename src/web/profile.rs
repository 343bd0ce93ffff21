//! Participant profiles: real name, student or faculty, school from the
//! bundled list (or typed, then flagged), department and student details,
//! and the enrolment-proof upload.

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;

use super::ctx::{redirect_with_flash, safe_next, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::now;
use crate::db;
use crate::domain::profile::{parse_profile, ProfileInput};
use crate::domain::role::Role;
use crate::store;

/// Largest enrolment proof accepted.
pub const PROOF_MAX_BYTES: usize = 5 * 1024 * 1024;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/profile", web::get().to(profile_page))
        .route("/profile", web::post().to(save_profile))
        .route("/profile/proof", web::post().to(upload_proof))
        .route("/files/{id}", web::get().to(download));
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: Option<String>,
    /// Search the school list (the form that works without JavaScript).
    school_q: Option<String>,
    /// A school picked from the search results, to fill in.
    school: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
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
}

impl ProfileForm {
    fn to_json(&self) -> serde_json::Value {
        json!({
            "real_name": self.real_name, "kind": self.kind, "school_name": self.school_name,
            "department": self.department, "student_id": self.student_id,
            "year_of_study": self.year_of_study, "phone": self.phone, "next": self.next,
        })
    }
}

async fn render_profile(
    ctx: &Ctx,
    status: StatusCode,
    form: Option<ProfileForm>,
    errors: FormErrors,
    next: String,
) -> AppResult {
    render_profile_with(ctx, status, form, errors, next, None).await
}

async fn render_profile_with(
    ctx: &Ctx,
    status: StatusCode,
    form: Option<ProfileForm>,
    errors: FormErrors,
    next: String,
    search: Option<(String, Vec<store::schools::School>)>,
) -> AppResult {
    let uid = ctx.user()?.id;
    let (row, schools) = ctx
        .state
        .db(move |conn| {
            Ok((
                store::profiles::find(conn, uid)?,
                store::schools::all(conn)?,
            ))
        })
        .await?;
    let form = form.unwrap_or_else(|| match &row {
        Some(p) => ProfileForm {
            real_name: p.real_name.clone(),
            kind: p.kind.clone(),
            school_name: p.school_name.clone(),
            department: p.department.clone(),
            student_id: p.student_id.clone(),
            year_of_study: p.year_of_study.map(|y| y.to_string()).unwrap_or_default(),
            phone: p.phone.clone(),
            next: next.clone(),
        },
        None => ProfileForm {
            kind: "student".into(),
            next: next.clone(),
            ..Default::default()
        },
    });
    ctx.render_status(
        status,
        "profile/profile",
        json!({
            "form": form.to_json(),
            "errors": errors.to_json(),
            "schools": schools.iter().map(|s| &s.name).collect::<Vec<_>>(),
            "saved": row.as_ref().map(|p| json!({
                "school_flagged": p.school_flagged(),
                "proof_status_id": format!("proof-{}", p.proof_status),
                "proof_file_id": p.proof_file_id,
                "proof_rejected": p.proof_status == store::profiles::PROOF_REJECTED,
            })),
            "proof_max_mb": PROOF_MAX_BYTES / 1024 / 1024,
        "school_search": search.as_ref().map(|(q, found)| json!({
            "q": q,
            "results": found.iter().map(|s| json!({
                "name": s.name, "city": s.city,
                "href": format!("/profile?school={}", url::form_urlencoded::byte_serialize(s.name.as_bytes()).collect::<String>()),
            })).collect::<Vec<_>>(),
        })),
        }),
    )
}

async fn profile_page(ctx: Ctx, q: web::Query<NextQuery>) -> AppResult {
    let uid = ctx.user()?.id;
    let q = q.into_inner();
    let next = q
        .next
        .as_deref()
        .map(|n| safe_next(Some(n)))
        .unwrap_or_default();
    let search = match q
        .school_q
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    {
        Some(term) => {
            let t = term.clone();
            let found = ctx
                .state
                .db(move |conn| Ok(store::schools::search(conn, &t, 30)?))
                .await?;
            Some((term, found))
        }
        None => None,
    };
    let form = match q.school {
        Some(school) => {
            let saved = ctx
                .state
                .db(move |conn| Ok(store::profiles::find(conn, uid)?))
                .await?;
            let mut f = match saved {
                Some(p) => ProfileForm {
                    real_name: p.real_name,
                    kind: p.kind,
                    school_name: String::new(),
                    department: p.department,
                    student_id: p.student_id,
                    year_of_study: p.year_of_study.map(|y| y.to_string()).unwrap_or_default(),
                    phone: p.phone,
                    next: next.clone(),
                },
                None => ProfileForm {
                    kind: "student".into(),
                    next: next.clone(),
                    ..Default::default()
                },
            };
            f.school_name = school.chars().take(100).collect();
            Some(f)
        }
        None => None,
    };
    render_profile_with(
        &ctx,
        StatusCode::OK,
        form,
        FormErrors::default(),
        next,
        search,
    )
    .await
}

async fn save_profile(ctx: Ctx, form: web::Form<ProfileForm>) -> AppResult {
    let uid = ctx.user()?.id;
    let f = form.into_inner();
    // A name picked from the list (or typed exactly) is that school; anything
    // else is kept as typed and flagged for the organisers.
    let typed = f.school_name.clone();
    let resolved = ctx
        .state
        .db(move |conn| Ok(store::schools::find_by_name(conn, &typed)?))
        .await?;
    let input = ProfileInput {
        real_name: f.real_name.clone(),
        kind: f.kind.clone(),
        school_code: resolved
            .as_ref()
            .map(|s| s.code.clone())
            .unwrap_or_default(),
        school_name: f.school_name.clone(),
        department: f.department.clone(),
        student_id: f.student_id.clone(),
        year_of_study: f.year_of_study.clone(),
        phone: f.phone.clone(),
    };
    let name_of_code = resolved.map(|s| (s.code, s.name));
    let parsed = parse_profile(&input, |code| {
        name_of_code
            .as_ref()
            .filter(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
    });
    let profile = match parsed {
        Ok(p) => p,
        Err(errs) => {
            let mut errors = FormErrors::default();
            for e in errs {
                errors.add(e);
            }
            let next = f.next.clone();
            return render_profile(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(f),
                errors,
                next,
            )
            .await;
        }
    };
    let t = now();
    let locked = ctx
        .state
        .db(move |conn| {
            db::transaction(
                conn,
                |conn| -> Result<Option<crate::domain::FieldError>, AppError> {
                    if let Some(problem) = profile_lock(conn, uid, &profile, t)? {
                        return Ok(Some(problem));
                    }
                    store::profiles::save(conn, uid, &profile, t)?;
                    Ok(None)
                },
            )
        })
        .await?;
    if let Some(problem) = locked {
        let mut errors = FormErrors::default();
        errors.add(problem);
        let next = f.next.clone();
        return render_profile(&ctx, StatusCode::CONFLICT, Some(f), errors, next).await;
    }
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

/// What may not change while the person is in a team: being a student or a
/// faculty member (it decides their place in the team), and, once the
/// team's registration has closed, the school and department its rules were
/// checked with.
fn profile_lock(
    conn: &mut crate::db::DbConn,
    uid: i32,
    new: &crate::domain::profile::Profile,
    at: chrono::NaiveDateTime,
) -> Result<Option<crate::domain::FieldError>, AppError> {
    use crate::domain::FieldError;
    let Some(old) = store::profiles::find(conn, uid)? else {
        return Ok(None);
    };
    let active: Vec<_> = store::teams::teams_of_user(conn, uid)?
        .into_iter()
        .filter(|(t, role)| !t.withdrawn && role != store::teams::FORMER_STUDENT)
        .collect();
    if active.is_empty() {
        return Ok(None);
    }
    if old.kind != new.kind.as_str() {
        return Ok(Some(FieldError::new("kind", "error-profile-kind-locked")));
    }
    if old.school_name != new.school_name || old.department != new.department {
        for (team, _) in &active {
            let bundle = crate::service::teams::TeamBundle::load(conn, team.id)?;
            if !bundle.registration_open(at) {
                return Ok(Some(FieldError::new(
                    "school",
                    "error-profile-school-locked",
                )));
            }
        }
    }
    Ok(None)
}

/// What a file's first bytes say it is; only PDF, PNG and JPEG are accepted.
pub fn sniff(data: &[u8]) -> Option<(&'static str, &'static str)> {
    if data.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

async fn upload_proof(ctx: Ctx, mut payload: Multipart) -> AppResult {
    let uid = ctx.user()?.id;
    let mut data: Vec<u8> = Vec::new();
    let mut too_big = false;
    let mut found = false;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest)?;
        if field.name() != Some("proof") {
            while let Some(chunk) = field.next().await {
                chunk.map_err(|_| AppError::BadRequest)?;
            }
            continue;
        }
        found = true;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if data.len() + chunk.len() > PROOF_MAX_BYTES {
                too_big = true;
                break;
            }
            data.extend_from_slice(&chunk);
        }
        if too_big {
            break;
        }
    }
    let problem = if too_big {
        Some("error-proof-too-big")
    } else if !found || data.is_empty() {
        Some("error-proof-missing")
    } else if sniff(&data).is_none() {
        Some("error-proof-type")
    } else {
        None
    };
    if let Some(message) = problem {
        let mut errors = FormErrors::default();
        errors.push("proof", message);
        let status = if too_big {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return render_profile(&ctx, status, None, errors, String::new()).await;
    }
    let (content_type, ext) = sniff(&data).ok_or(AppError::BadRequest)?;
    let t = now();
    let saved = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                if store::profiles::find(conn, uid)?.is_none() {
                    return Ok(false);
                }
                let id = store::files::insert(
                    conn,
                    uid,
                    "enrolment-proof",
                    content_type,
                    &format!("enrolment-proof-{uid}.{ext}"),
                    &data,
                    t,
                )?;
                if let Some(old) = store::profiles::set_proof(conn, uid, id, t)? {
                    store::files::delete(conn, old)?;
                }
                Ok(true)
            })
        })
        .await?;
    if !saved {
        let mut errors = FormErrors::default();
        errors.push("proof", "error-profile-first");
        return render_profile(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            errors,
            String::new(),
        )
        .await;
    }
    Ok(redirect_with_flash(
        &ctx,
        "/profile",
        "success",
        "flash-proof-uploaded",
    ))
}

/// A stored file, for its owner and for organisers (404 for anyone else).
async fn download(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let user = ctx.user()?;
    let id = path.into_inner();
    let may_see_all = user.has(Role::Organiser) || user.has(Role::Admin);
    let uid = user.id;
    let file = ctx
        .state
        .db(move |conn| Ok(store::files::find(conn, id)?))
        .await?;
    let file = file
        .filter(|f| f.owner_id == uid || may_see_all)
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(file.data))
}

#[cfg(test)]
mod tests {
    #[test]
    fn files_are_recognised_by_content() {
        let kind = |data: &[u8]| super::sniff(data).map(|s| s.0);
        assert_eq!(kind(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert!(super::sniff(b"<html><script>").is_none());
        assert!(super::sniff(b"MZ\x90\x00").is_none());
        assert!(super::sniff(b"").is_none());
    }
}
