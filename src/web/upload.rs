//! A file sent with a multipart form, read up to a size limit.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::error::AppError;

/// The file of field `field`: its name (as sent, at most 200 characters)
/// and its bytes, or `None` for the bytes when it is larger than
/// `max_bytes` (reading stops there). Other fields are read past.
pub async fn read_file(
    mut payload: Multipart,
    field: &str,
    max_bytes: usize,
) -> Result<(String, Option<Vec<u8>>), AppError> {
    let mut data = Vec::new();
    let mut name = String::new();
    while let Some(part) = payload.next().await {
        let mut part = part.map_err(|_| AppError::BadRequest)?;
        let wanted = part.name() == Some(field);
        if wanted {
            name = part
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("upload.csv")
                .chars()
                .take(200)
                .collect();
        }
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if !wanted {
                continue;
            }
            if data.len() + chunk.len() > max_bytes {
                return Ok((name, None));
            }
            data.extend_from_slice(&chunk);
        }
    }
    Ok((name, Some(data)))
}
