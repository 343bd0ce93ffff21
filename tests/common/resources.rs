//! A local server for the bundled demo catalogue's resources: each CSV, JSON and XML resource answers with rows under its catalogue fields (every third CSV in Big5), and a test can make any resource misbehave.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use contest_portal::integrations::catalog::{bundled_snapshot, CatalogClient, CatalogConfig};
use contest_portal::integrations::resource::Limits;
use contest_portal::service::Portal;

use super::{exec, TestApp};

/// Where the demo catalogue's resources live on the internet.
pub const UPSTREAM: &str = "https://apiservice.mol.gov.tw";

/// What a resource answers instead of its data.
#[derive(Debug, Clone)]
pub enum Canned {
    /// This status and an empty body.
    Status(u16),
    /// This body with this content type.
    Body(&'static str, Vec<u8>),
    /// Headers, then nothing for a minute.
    Hang,
    /// A 50 MB CSV (only its first bytes should ever be read).
    Huge,
    /// A 503 this many times, then the data.
    FailTimes(usize),
}

#[derive(Clone, Default)]
struct State {
    /// Path → body and content type of each resource, as the catalogue lists them.
    normal: Arc<HashMap<String, (&'static str, Vec<u8>)>>,
    canned: Arc<Mutex<HashMap<String, Canned>>>,
    /// data.gov.tw id → its metadata, with resource URLs on this server.
    metadata: Arc<Mutex<HashMap<String, String>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

pub struct ResourceServer {
    pub base: String,
    state: State,
}

impl ResourceServer {
    /// Makes the resource at `path` (as on the internet, e.g.
    /// `/OdService/download/A17000000J-020018-LpJ`) answer `canned`.
    pub fn set(&self, path: &str, canned: Canned) {
        self.state
            .canned
            .lock()
            .unwrap()
            .insert(path.to_string(), canned);
    }

    /// The resource at `path` answers its data again.
    pub fn reset(&self, path: &str) {
        self.state.canned.lock().unwrap().remove(path);
    }

    /// Serves `body` as the data of the resource at `path`.
    pub fn replace(&self, path: &str, content_type: &'static str, body: Vec<u8>) {
        self.set(path, Canned::Body(content_type, body));
    }

    /// The catalogue answers 404 for dataset `id`'s metadata from now on.
    pub fn remove_dataset(&self, id: &str) {
        self.state.metadata.lock().unwrap().remove(id);
    }

    pub fn hits(&self, path: &str) -> usize {
        self.state
            .hits
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

/// The path (on the resource server) of the first CSV resource of demo dataset `id`.
pub fn first_csv_path(id: &str) -> String {
    let record = bundled_snapshot()
        .into_iter()
        .find(|r| r.source_id == id)
        .expect("a demo dataset");
    let url = record
        .resources
        .iter()
        .find(|r| r.format.eq_ignore_ascii_case("csv"))
        .expect("a CSV resource")
        .url
        .clone();
    url.trim_start_matches(UPSTREAM).to_string()
}

/// The columns the server gives demo dataset `id`'s resources: its catalogue fields.
pub fn demo_columns(id: &str) -> Vec<String> {
    let record = bundled_snapshot()
        .into_iter()
        .find(|r| r.source_id == id)
        .expect("a demo dataset");
    record.fields
}

/// A CSV of `columns` with six rows (one more than a card keeps).
pub fn csv_of(columns: &[String]) -> String {
    let mut out = columns.join(",");
    out.push('\n');
    for row in 1..=6 {
        let cells: Vec<String> = (1..=columns.len()).map(|c| format!("r{row}c{c}")).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn body_for(format: &str, columns: &[String], big5: bool) -> Option<(&'static str, Vec<u8>)> {
    match format.to_ascii_uppercase().as_str() {
        "CSV" => {
            let text = csv_of(columns);
            Some(if big5 {
                ("text/csv", encoding_rs::BIG5.encode(&text).0.into_owned())
            } else {
                ("text/csv; charset=utf-8", text.into_bytes())
            })
        }
        "JSON" => {
            let rows: Vec<serde_json::Value> = (1..=6)
                .map(|row| {
                    serde_json::Value::Object(
                        columns
                            .iter()
                            .enumerate()
                            .map(|(c, name)| (name.clone(), format!("r{row}c{}", c + 1).into()))
                            .collect(),
                    )
                })
                .collect();
            Some(("application/json", serde_json::to_vec(&rows).unwrap()))
        }
        _ => None,
    }
}

async fn answer(req: HttpRequest, state: web::Data<State>) -> HttpResponse {
    let path = req.path().to_string();
    if let Some(id) = path.strip_prefix("/api/v2/rest/dataset/") {
        return match state.metadata.lock().unwrap().get(id) {
            Some(json) => HttpResponse::Ok()
                .content_type("application/json")
                .body(json.clone()),
            None => HttpResponse::NotFound().finish(),
        };
    }
    *state.hits.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
    let canned = state.canned.lock().unwrap().get(&path).cloned();
    let data = || match state.normal.get(&path) {
        Some((ct, body)) => HttpResponse::Ok().content_type(*ct).body(body.clone()),
        None => HttpResponse::NotFound().finish(),
    };
    match canned {
        None => data(),
        Some(Canned::Status(s)) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(s).unwrap()).finish()
        }
        Some(Canned::Body(ct, body)) => HttpResponse::Ok().content_type(ct).body(body),
        Some(Canned::Hang) => {
            actix_web::rt::time::sleep(Duration::from_secs(60)).await;
            data()
        }
        Some(Canned::Huge) => {
            let mut body = b"year,count\n".to_vec();
            while body.len() < 50 * 1024 * 1024 {
                body.extend_from_slice(b"2024,1234567890\n");
            }
            HttpResponse::Ok().content_type("text/csv").body(body)
        }
        Some(Canned::FailTimes(n)) => {
            let mut canned = state.canned.lock().unwrap();
            if n <= 1 {
                canned.remove(&path);
            } else {
                canned.insert(path.clone(), Canned::FailTimes(n - 1));
            }
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}

/// Starts the server and points the app's demo catalogue at it.
pub fn serve_demo(app: &TestApp) -> ResourceServer {
    let mut normal = HashMap::new();
    let mut csv = 0;
    for record in bundled_snapshot() {
        for r in &record.resources {
            let columns: Vec<String> = if r.fields.trim().is_empty() {
                record.fields.clone()
            } else {
                r.fields
                    .split('、')
                    .map(|f| f.trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect()
            };
            let big5 = r.format.eq_ignore_ascii_case("csv") && {
                csv += 1;
                csv % 3 == 0
            };
            if let Some(body) = body_for(&r.format, &columns, big5) {
                normal.insert(r.url.trim_start_matches(UPSTREAM).to_string(), body);
            }
        }
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let raw: Vec<serde_json::Value> = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/catalog/mol-snapshot.json"
    )))
    .unwrap();
    let metadata = raw
        .iter()
        .map(|v| {
            let id = v["datasetId"].as_str().unwrap().to_string();
            let json = serde_json::to_string(&serde_json::json!({ "success": true, "result": v }))
                .unwrap()
                .replace(UPSTREAM, &base);
            (id, json)
        })
        .collect();
    let state = State {
        normal: Arc::new(normal),
        metadata: Arc::new(Mutex::new(metadata)),
        ..Default::default()
    };
    let data = web::Data::new(state.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .default_service(web::to(answer))
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    exec(
        &mut app.conn(),
        &format!("UPDATE dataset_resources SET url = REPLACE(url, '{UPSTREAM}', '{base}')"),
    );
    ResourceServer { base, state }
}

/// The app's portal with quick limits and retries, reading cards during
/// syncs, and fetching dataset metadata from `base`.
pub fn portal_for(app: &TestApp, base: &str) -> Portal {
    let mut config = (*app.portal.config).clone();
    config.resources = Limits {
        max_bytes: 64 * 1024,
        timeout: Duration::from_millis(800),
        connect_timeout: Duration::from_millis(500),
    };
    config.read_cards_in_sync = true;
    Portal {
        config: Arc::new(config),
        catalog: Arc::new(
            CatalogClient::new(CatalogConfig {
                mol_base: base.to_string(),
                datagov_base: base.to_string(),
                timeout: Duration::from_millis(800),
                retries: 2,
                concurrency: 4,
                backoff: Duration::from_millis(10),
            })
            .unwrap(),
        ),
        ..app.portal.clone()
    }
}
