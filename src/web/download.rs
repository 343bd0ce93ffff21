//! Files to download: CSV that opens correctly in Excel (a UTF-8 byte-order
//! mark, CRLF lines, formula-like cells made text).

use actix_web::http::header;
use actix_web::HttpResponse;

use super::error::{AppError, AppResult};

/// Excel runs a cell that starts with = + - @ as a formula; a leading
/// apostrophe makes it text.
pub fn cell(value: String) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value
    }
}

/// A CSV download of `rows` (the first is the heading) named `filename`.
pub fn csv(rows: Vec<Vec<String>>, filename: &str) -> AppResult {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in rows {
        w.write_record(row.into_iter().map(cell))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

/// An Excel workbook download of `body` named `filename`.
pub fn xlsx(body: Vec<u8>, filename: &str) -> AppResult {
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formula_like_cells_become_text() {
        assert_eq!(cell("=1+1".into()), "'=1+1");
        assert_eq!(cell("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(cell("職災預警隊".into()), "職災預警隊");
    }
}
