//! Times refreshing 1,000 fitness cards from a local server and reports the process's peak memory.
//!
//!     cargo run --release --example bench-cards -- DATABASE_URL [CARDS]
//!
//! DATABASE_URL names an empty scratch database (a SQLite file, or a
//! PostgreSQL database the benchmark may fill). The server answers every
//! resource with the same 2 MB CSV (Big5 for every third dataset), so each
//! card shows what the byte limit saves; one dataset in twenty answers 404
//! and one in fifty never answers within the time limit, as on the real
//! catalogue. Prints one JSON line.

use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use anyhow::Context;
use chrono::Utc;
use contest_portal::db;
use contest_portal::domain::catalog::{DatasetRecord, Resource, Source};
use contest_portal::service::catalog::cards::{refresh, Which};
use contest_portal::store;
use serde_json::json;

fn csv(big5: bool) -> Vec<u8> {
    let mut text = String::from("年度,縣市別,行業別,性別,人數,平均薪資\n");
    let mut n = 0u64;
    while text.len() < 2 * 1024 * 1024 {
        n += 1;
        text.push_str(&format!(
            "113,臺北市,製造業,女,{n},{}\n",
            40_000 + n % 9_000
        ));
    }
    if big5 {
        encoding_rs::BIG5.encode(&text).0.into_owned()
    } else {
        text.into_bytes()
    }
}

async fn resource(req: HttpRequest, bodies: web::Data<(Vec<u8>, Vec<u8>)>) -> HttpResponse {
    let n: u32 = req
        .match_info()
        .get("n")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if n % 20 == 7 {
        return HttpResponse::NotFound().finish();
    }
    if n % 50 == 11 {
        actix_web::rt::time::sleep(Duration::from_secs(30)).await;
    }
    let body = if n % 3 == 0 { &bodies.1 } else { &bodies.0 };
    HttpResponse::Ok()
        .content_type("text/csv")
        .body(body.clone())
}

fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raw = args
        .first()
        .cloned()
        .context("usage: bench-cards DATABASE_URL [CARDS]")?;
    let cards: usize = args.get(1).map(|n| n.parse()).transpose()?.unwrap_or(1_000);
    let url = db::DatabaseUrl::parse(&raw).map_err(anyhow::Error::msg)?;
    let mut conn = db::connect(&url)?;
    db::run_migrations(&mut conn)?;

    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let bodies = web::Data::new((csv(false), csv(true)));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(bodies.clone())
            .route("/r/{n}.csv", web::get().to(resource))
    })
    .workers(2)
    .listen(listener)?
    .run();
    let handle = server.handle();
    let server_thread = std::thread::spawn(move || actix_web::rt::System::new().block_on(server));

    let now = Utc::now().naive_utc();
    db::transaction(&mut conn, |conn| -> anyhow::Result<()> {
        for n in 0..cards {
            let record = DatasetRecord {
                source: Source::DataGov,
                source_id: format!("{}", 900_000 + n),
                title: format!("效能測試資料集 {n}"),
                publisher: "勞動部".into(),
                publisher_oid: String::new(),
                description: String::new(),
                fields: vec!["年度".into(), "人數".into()],
                update_frequency: "每年".into(),
                license: String::new(),
                published_at: None,
                modified_at: None,
                resources: vec![Resource {
                    format: "CSV".into(),
                    url: format!("{base}/r/{n}.csv"),
                    description: String::new(),
                    fields: String::new(),
                }],
            };
            store::catalog::upsert(conn, &record.checked()?, now)?;
        }
        Ok(())
    })?;

    let config = contest_portal::config::Config::from_values(
        &[
            ("DATABASE_URL".to_string(), raw.clone()),
            (
                "SECRET_KEY".to_string(),
                "bench-cards-only-0123456789abcdef-0123".to_string(),
            ),
            ("POOL_SIZE".to_string(), "4".to_string()),
            ("RESOURCE_TIMEOUT_SECS".to_string(), "2".to_string()),
        ]
        .into_iter()
        .collect(),
    )
    .map_err(anyhow::Error::msg)?;
    let pool = db::build_pool(&config.database_url, config.pool_size)?;
    let mut portal = contest_portal::service::Portal::new(pool, config)?;
    // No retries: the benchmark times reads, not backoff pauses.
    let mut catalog = portal.catalog.cfg.clone();
    catalog.retries = 0;
    portal.catalog = std::sync::Arc::new(
        contest_portal::integrations::catalog::CatalogClient::new(catalog)?,
    );
    let before = peak_mib();
    let started = Instant::now();
    let done = actix_web::rt::System::new().block_on(refresh(&portal, Which::All, |_| {}))?;
    let elapsed = started.elapsed();
    actix_web::rt::System::new().block_on(handle.stop(false));
    let _ = server_thread.join();
    println!(
        "{}",
        json!({
            "database": if url.is_sqlite() { "sqlite" } else { "postgres" },
            "cards": cards,
            "read": done.read,
            "failed": done.failed,
            "seconds": (elapsed.as_secs_f64() * 100.0).round() / 100.0,
            "cards_per_second": ((done.read + done.failed) as f64 / elapsed.as_secs_f64()).round(),
            "peak_mib_before": before,
            "peak_mib": peak_mib(),
        })
    );
    Ok(())
}
