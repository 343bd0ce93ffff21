//! Files to download: CSV that opens correctly in Excel (a UTF-8 byte-order
//! mark, CRLF lines, formula-like cells made text), whole or streamed.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use tokio::sync::{mpsc, Semaphore};

use super::error::{AppError, AppResult};
use crate::service::{self, Portal};

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
    let body = csv_bytes(rows)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

/// Streamed downloads made at once; each holds a database connection and a
/// blocking thread while its reader takes the rows, so a crowd waits its turn.
static STREAMS: Semaphore = Semaphore::const_new(4);

/// How long a streamed download waits for its reader to take the next bytes.
const STALL: std::time::Duration = std::time::Duration::from_secs(60);

/// Bytes of CSV gathered before they are handed to the response.
const CHUNK: usize = 64 * 1024;

/// A CSV download named `filename` (the same bytes as [`csv`] of the rows
/// `produce` gives its sink, the heading first), streamed as it
/// is made: `produce` runs on the blocking pool and the response takes its
/// rows 64 KiB at a time, so the file is never whole in memory. A refusal
/// before the first 64 KiB (the gate, a wrong filter) is the answer's
/// status; a failure after it cuts the download short (and is logged), as
/// the status is sent by then.
pub async fn csv_stream<F>(
    portal: &Portal,
    filename: &str,
    produce: F,
) -> Result<HttpResponse, service::Error>
where
    F: FnOnce(&Portal, &mut dyn FnMut(Vec<String>) -> service::Result<()>) -> service::Result<()>
        + Send
        + 'static,
{
    let turn = STREAMS
        .acquire()
        .await
        .map_err(|e| service::Error::Internal(anyhow::anyhow!("download queue closed: {e}")))?;
    let (tx, mut rx) = mpsc::channel::<service::Result<Bytes>>(2);
    let portal = portal.clone();
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let internal = |e: csv::Error| service::Error::Internal(e.into());
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Chunks {
                buf: vec![0xEF, 0xBB, 0xBF],
                tx: tx.clone(),
            });
        // A producer that panics ends the download as an error, never as a
        // file that looks whole.
        let produced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            produce(&portal, &mut |row| {
                w.write_record(row.into_iter().map(cell)).map_err(internal)
            })
        }))
        .unwrap_or_else(|_| {
            Err(service::Error::Internal(anyhow::anyhow!(
                "the download's rows stopped with a panic"
            )))
        });
        let outcome = produced.and_then(|()| {
            w.into_inner()
                .map(|chunks| Bytes::from(chunks.buf))
                .map_err(|e| service::Error::Internal(anyhow::anyhow!("csv: {e}")))
        });
        // When the reader has left, nobody is told.
        let _ = send(&tx, outcome);
    });
    let first = match rx.recv().await {
        Some(first) => first?,
        None => {
            return Err(service::Error::Internal(anyhow::anyhow!(
                "the download stopped before its first rows"
            )))
        }
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        let piece = rx.recv().await?.map_err(|e| {
            tracing::error!("download cut short: {e}");
            std::io::Error::other(e.to_string())
        });
        Some((piece, rx))
    });
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }),
        rest,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(body))
}

/// Hands `piece` to the response; a reader that stops taking bytes for
/// [`STALL`] lets go of the download's connection, thread and turn.
fn send(
    tx: &mpsc::Sender<service::Result<Bytes>>,
    mut piece: service::Result<Bytes>,
) -> std::io::Result<()> {
    let since = std::time::Instant::now();
    loop {
        match tx.try_send(piece) {
            Ok(()) => return Ok(()),
            Err(mpsc::error::TrySendError::Full(back)) if since.elapsed() < STALL => {
                piece = back;
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(_) => return Err(std::io::Error::other("the reader left the download")),
        }
    }
}

/// Bytes of a streamed download on their way: handed to the response each
/// time [`CHUNK`] of them are gathered (the last ones when the rows end).
struct Chunks {
    buf: Vec<u8>,
    tx: mpsc::Sender<service::Result<Bytes>>,
}

impl std::io::Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 8192));
            send(&self.tx, Ok(Bytes::from(full)))?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `rows` as CSV: a UTF-8 byte-order mark, CRLF lines, formula-like cells
/// made text.
pub fn csv_bytes(rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    csv_into(vec![0xEF, 0xBB, 0xBF], rows)
}

/// A CSV download sent as it is read: the heading (`heading`, with the
/// byte-order mark) at once, then each part `parts` yields as CSV lines,
/// so a long list is never held whole. A part that fails ends the
/// download short (logged; the file is then visibly cut off).
pub fn csv_parts<S>(heading: Vec<String>, parts: S, filename: &str) -> AppResult
where
    S: futures_util::Stream<Item = Result<Vec<Vec<String>>, AppError>> + 'static,
{
    use futures_util::StreamExt;
    let first = csv_bytes(vec![heading])?;
    let rest = parts.map(|part| {
        part.and_then(|rows| csv_into(Vec::new(), rows))
            .map(web::Bytes::from)
            .map_err(|e| {
                tracing::error!(error = %e, "CSV download cut short");
                e
            })
    });
    let body = futures_util::stream::once(async move { Ok(web::Bytes::from(first)) }).chain(rest);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(body))
}

/// The parts of a list read by key for [`csv_parts`]: `fetch(portal,
/// after)` reads the items after key `after` (0 first) and the key the
/// next part starts after (`None` when it was the last); `line` makes each
/// item a CSV line. Each part is its own short read on the blocking pool.
pub fn keyed_parts<T, F, L>(
    state: web::Data<super::AppState>,
    fetch: F,
    line: L,
) -> impl futures_util::Stream<Item = Result<Vec<Vec<String>>, AppError>> + 'static
where
    T: Send + 'static,
    F: Fn(&Portal, i32) -> service::Result<(Vec<T>, Option<i32>)> + Clone + Send + 'static,
    L: Fn(&T) -> Vec<String> + Clone + 'static,
{
    futures_util::stream::unfold(Some(0), move |after| {
        let (state, fetch, line) = (state.clone(), fetch.clone(), line.clone());
        async move {
            let after = after?;
            Some(match state.run(move |p| fetch(p, after)).await {
                Ok((items, next)) => (Ok(items.iter().map(line).collect()), next),
                Err(e) => (Err(AppError::from(e)), None),
            })
        }
    })
}

/// `rows` as CSV lines after `start`.
fn csv_into(start: Vec<u8>, rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(start);
    for row in rows {
        w.write_record(row.into_iter().map(cell))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))
}

/// A public open-data file: anyone may fetch it from anywhere (CORS), caches
/// may keep it five minutes, and a client that has this content (its
/// `ETag`, a digest of `content`: the body, or the body without the moment
/// it was made) is told so with a 304 and no body.
pub fn public_file(
    req: &actix_web::HttpRequest,
    body: Vec<u8>,
    content: &[u8],
    content_type: &str,
    filename: Option<&str>,
) -> HttpResponse {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(content);
    let etag = format!("\"{}\"", hex::encode(&digest[..16]));
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut r = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    r.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if fresh {
        return r.finish();
    }
    if let Some(name) = filename {
        r.insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ));
    }
    r.content_type(content_type).body(body)
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
