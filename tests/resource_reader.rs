//! The resource reader against a local server serving crafted resources: good data in each format and encoding, and every kind of bad resource.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use contest_portal::domain::fitness::{Encoding, Format, Unreadable};
use contest_portal::integrations::resource::{client, sample, Limits, Problem};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const HUGE: usize = 50 * 1024 * 1024;

/// A tiny HTTP/1.1 server; `sent` counts the body bytes of `/huge.csv` written.
struct Server {
    base: String,
    sent: Arc<AtomicUsize>,
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let sent = Arc::new(AtomicUsize::new(0));
        let counter = sent.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(serve(socket, counter.clone()));
            }
        });
        Server { base, sent }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

async fn serve(mut socket: TcpStream, sent: Arc<AtomicUsize>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (status, content_type, body): (&str, &str, Vec<u8>) = match path.as_str() {
        "/big5.csv" => (
            "200 OK",
            "text/csv",
            encoding_rs::BIG5
                .encode("年度,行業別,人數\n113,製造業,120\n113,營建工程業,45\n")
                .0
                .into_owned(),
        ),
        "/bom.csv" => (
            "200 OK",
            "text/csv; charset=utf-8",
            "\u{feff}年度,縣市,失業率\n113,臺北市,3.4\n".as_bytes().to_vec(),
        ),
        "/data.json" => (
            "200 OK",
            "application/json",
            r#"[{"年度":"113","行業別":"製造業"},{"年度":"112","人數":7}]"#
                .as_bytes()
                .to_vec(),
        ),
        "/data.xml" => (
            "200 OK",
            "application/xml",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Data><Row><年度>113</年度><人數>5</人數></Row>\
             <Row><年度>112</年度><人數>6</人數></Row></Data>"
                .as_bytes()
                .to_vec(),
        ),
        "/data.zip" => (
            "200 OK",
            "application/octet-stream",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of an archive".to_vec(),
        ),
        "/report.pdf" => (
            "200 OK",
            "application/pdf",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
        ),
        "/ragged.csv" => (
            "200 OK",
            "text/csv",
            b"a,b,c\n1,2\n1,2,3,4\n\n5,6,7\n".to_vec(),
        ),
        "/error.csv" => (
            "200 OK",
            "text/csv",
            b"<!DOCTYPE html>\n<html><head><title>Error</title></head><body>System busy</body></html>"
                .to_vec(),
        ),
        "/never" => {
            // Accepts, reads the request, and never answers.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
        "/huge.csv" => {
            let header = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: {HUGE}\r\n\r\n"
            );
            if socket.write_all(header.as_bytes()).await.is_err() {
                return;
            }
            let mut chunk = String::from("年度,行業別,人數\n");
            while chunk.len() < 64 * 1024 {
                chunk.push_str("113,製造業,120\n");
            }
            let mut chunk = chunk.into_bytes();
            let mut left = HUGE;
            while left > 0 {
                chunk.truncate(left.min(chunk.len()));
                if socket.write_all(&chunk).await.is_err() {
                    return;
                }
                sent.fetch_add(chunk.len(), Ordering::SeqCst);
                left -= chunk.len();
            }
            return;
        }
        _ => ("404 Not Found", "text/html", b"<h1>Not Found</h1>".to_vec()),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = socket.write_all(header.as_bytes()).await;
    let _ = socket.write_all(&body).await;
    let _ = socket.shutdown().await;
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        ..Limits::default()
    }
}

async fn read(
    server: &Server,
    path: &str,
    declared: &str,
) -> Result<contest_portal::domain::fitness::Sample, Problem> {
    let limits = limits();
    sample(
        &client(&limits).unwrap(),
        &server.url(path),
        declared,
        &limits,
    )
    .await
}

#[tokio::test]
async fn a_big5_csv_gives_its_chinese_columns() {
    let server = Server::start().await;
    let s = read(&server, "/big5.csv", "CSV").await.unwrap();
    assert_eq!(s.encoding, Encoding::Big5);
    assert_eq!(s.format, Format::Csv);
    assert_eq!(s.columns, ["年度", "行業別", "人數"]);
    assert_eq!(
        s.rows,
        [["113", "製造業", "120"], ["113", "營建工程業", "45"]]
    );
}

#[tokio::test]
async fn a_utf8_bom_csv_loses_its_bom() {
    let server = Server::start().await;
    let s = read(&server, "/bom.csv", "CSV").await.unwrap();
    assert_eq!(s.encoding, Encoding::Utf8Bom);
    assert_eq!(s.columns, ["年度", "縣市", "失業率"]);
    assert_eq!(s.rows, [["113", "臺北市", "3.4"]]);
}

#[tokio::test]
async fn a_json_array_gives_the_union_of_its_keys() {
    let server = Server::start().await;
    let s = read(&server, "/data.json", "JSON").await.unwrap();
    assert_eq!(s.format, Format::Json);
    assert_eq!(s.columns, ["年度", "行業別", "人數"]);
    assert_eq!(s.rows, [["113", "製造業", ""], ["112", "", "7"]]);
}

#[tokio::test]
async fn an_xml_file_gives_its_record_fields() {
    let server = Server::start().await;
    let s = read(&server, "/data.xml", "XML").await.unwrap();
    assert_eq!(s.format, Format::Xml);
    assert_eq!(s.columns, ["年度", "人數"]);
    assert_eq!(s.rows, [["113", "5"], ["112", "6"]]);
}

#[tokio::test]
async fn a_zip_is_refused_as_compressed_even_when_declared_csv() {
    let server = Server::start().await;
    let p = read(&server, "/data.zip", "CSV").await.unwrap_err();
    assert_eq!(p, Problem::Unreadable(Unreadable::Compressed));
    assert_eq!(p.message_id(), "error-resource-compressed");
}

#[tokio::test]
async fn a_pdf_is_refused_as_document_only() {
    let server = Server::start().await;
    let p = read(&server, "/report.pdf", "PDF").await.unwrap_err();
    assert_eq!(p, Problem::Unreadable(Unreadable::DocumentOnly));
}

#[tokio::test]
async fn a_404_is_reported_with_its_status() {
    let server = Server::start().await;
    let p = read(&server, "/gone.csv", "CSV").await.unwrap_err();
    assert_eq!(p, Problem::Status(404));
    assert_eq!(p.message_id(), "error-resource-status");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start().await;
    let started = Instant::now();
    let p = read(&server, "/never", "CSV").await.unwrap_err();
    assert_eq!(p, Problem::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_closed_port_is_a_network_problem() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/x.csv", listener.local_addr().unwrap());
    drop(listener);
    let limits = limits();
    let p = sample(&client(&limits).unwrap(), &url, "CSV", &limits)
        .await
        .unwrap_err();
    assert!(matches!(p, Problem::Network(_)), "{p:?}");
}

#[tokio::test]
async fn only_the_first_bytes_of_a_50_mb_file_are_read() {
    let server = Server::start().await;
    let started = Instant::now();
    let s = read(&server, "/huge.csv", "CSV").await.unwrap();
    assert_eq!(s.columns, ["年度", "行業別", "人數"]);
    assert_eq!(s.rows.len(), 5);
    assert!(started.elapsed() < Duration::from_secs(1));
    // The server stops when the reader hangs up; what it managed to write
    // before that is the sample plus what the sockets' buffers took.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = server.sent.load(Ordering::SeqCst);
    assert!(sent < HUGE / 5, "{sent} bytes of {HUGE} were sent");
}

#[tokio::test]
async fn a_csv_with_ragged_rows_is_read() {
    let server = Server::start().await;
    let s = read(&server, "/ragged.csv", "CSV").await.unwrap();
    assert_eq!(s.columns, ["a", "b", "c"]);
    assert_eq!(
        s.rows,
        vec![
            vec!["1", "2", ""],
            vec!["1", "2", "3", "4"],
            vec!["5", "6", "7"]
        ]
    );
}

#[tokio::test]
async fn an_html_error_page_served_as_csv_is_refused() {
    let server = Server::start().await;
    let p = read(&server, "/error.csv", "CSV").await.unwrap_err();
    assert_eq!(p, Problem::Unreadable(Unreadable::HtmlInsteadOfData));
    assert_eq!(p.message_id(), "error-resource-html");
}

#[tokio::test]
async fn a_sample_cut_inside_a_big5_character_keeps_its_whole_lines() {
    let server = Server::start().await;
    // 17 bytes of header, 15 of the first row, then "113,營" and half of "建".
    let limits = Limits {
        max_bytes: 39,
        ..limits()
    };
    let s = sample(
        &client(&limits).unwrap(),
        &server.url("/big5.csv"),
        "CSV",
        &limits,
    )
    .await
    .unwrap();
    assert_eq!(s.encoding, Encoding::Big5);
    assert_eq!(s.columns, ["年度", "行業別", "人數"]);
    assert_eq!(
        s.rows,
        [["113", "製造業", "120"]],
        "the cut line is dropped"
    );
}
