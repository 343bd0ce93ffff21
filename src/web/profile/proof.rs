//! The enrolment proof: its upload, and downloading a stored file.

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;

use super::render;
use crate::domain::profile::PROOF_MAX_BYTES;
use crate::service;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::SignedIn;

/// The `proof` field's bytes; `None` when it is larger than a proof may be.
async fn read_proof(mut payload: Multipart) -> Result<Option<Vec<u8>>, AppError> {
    let mut data: Vec<u8> = Vec::new();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest)?;
        let wanted = field.name() == Some("proof");
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if !wanted {
                continue;
            }
            if data.len() + chunk.len() > PROOF_MAX_BYTES {
                return Ok(None);
            }
            data.extend_from_slice(&chunk);
        }
    }
    Ok(Some(data))
}

pub async fn upload(ctx: Ctx, who: SignedIn, payload: Multipart) -> AppResult {
    let Some(data) = read_proof(payload).await? else {
        return render(
            &ctx,
            who,
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
            FormErrors::one("proof", "error-proof-too-big"),
            String::new(),
        )
        .await;
    };
    let person = who.clone();
    match ctx
        .state
        .run(move |p| service::profiles::upload_proof(p, &person, data))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            "/profile",
            "success",
            "flash-proof-uploaded",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who, status, None, errors, String::new()).await
        }
    }
}

/// A stored file, for its owner and for organisers (404 for anyone else).
pub async fn download(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let file = ctx
        .state
        .run(move |p| service::profiles::proof_file(p, &who, id))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(file.data))
}
