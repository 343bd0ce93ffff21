//! The catalogue: the real sync client against a local fake of MOL's service
//! and data.gov.tw serving recorded responses and every error case, the CSV
//! export import, search in Chinese, the pages and the organisers' sync page.

mod common;

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use common::*;
use contest_portal::domain::catalog::{Source, SyncSource};
use contest_portal::integrations::catalog::{parse_export_csv, CatalogClient, CatalogConfig};
use contest_portal::service::{catalog, Portal};
use contest_portal::store;
use reqwest::StatusCode;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalog");
const ERROR_IDS: [&str; 7] = [
    "500500", "flaky1", "slow1", "badjson", "refused", "missing", "404404",
];

#[derive(Clone, Default)]
struct Fake {
    hits: Arc<Mutex<HashMap<String, u32>>>,
    /// Replacement titles, to play a dataset that changed upstream.
    retitled: Arc<Mutex<HashMap<String, String>>>,
    /// When set, the id list includes the error cases.
    with_errors: bool,
}

fn dataset_body(fake: &Fake, id: &str) -> HttpResponse {
    let n = {
        let mut hits = fake.hits.lock().unwrap();
        let n = hits.entry(id.to_string()).or_insert(0);
        *n += 1;
        *n
    };
    match id {
        "500500" => HttpResponse::InternalServerError().body("boom"),
        "flaky1" if n == 1 => HttpResponse::BadGateway().finish(),
        "flaky1" => HttpResponse::Ok().content_type("application/json").body(
            r#"{"success":true,"result":{"datasetId":"flaky1","title":"暫時失敗後成功的資料集","publisherOID":"|勞動部","notes":"x","distribution":[]}}"#,
        ),
        "badjson" => HttpResponse::Ok().content_type("application/json").body("{\"success\": tru"),
        "refused" => HttpResponse::Ok().content_type("application/json").body(r#"{"success":false,"message":"查無資料"}"#),
        "missing" => HttpResponse::Ok().content_type("application/json").body(r#"{"success":true,"result":{"datasetId":"missing","unknownField":1}}"#),
        "404404" => HttpResponse::NotFound().finish(),
        _ => match std::fs::read_to_string(format!("{FIXTURES}/datagov/{id}.json")) {
            Ok(mut body) => {
                if let Some(title) = fake.retitled.lock().unwrap().get(id) {
                    let mut v: serde_json::Value = serde_json::from_str(&body).unwrap();
                    v["result"]["title"] = serde_json::Value::String(title.clone());
                    body = v.to_string();
                }
                HttpResponse::Ok().content_type("application/json").body(body)
            }
            Err(_) => HttpResponse::NotFound().finish(),
        },
    }
}

async fn one(req: HttpRequest, fake: web::Data<Fake>) -> HttpResponse {
    let id = req.match_info().get("id").unwrap_or("").to_string();
    if id == "slow1" {
        actix_web::rt::time::sleep(Duration::from_secs(3)).await;
    }
    dataset_body(&fake, &id)
}

async fn list(req: HttpRequest, fake: web::Data<Fake>) -> HttpResponse {
    if req.query_string().contains("modified=") {
        return HttpResponse::Ok()
            .json(serde_json::json!({ "success": true, "result": ["6262", "40324"] }));
    }
    let mut ids: Vec<String> = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(format!("{FIXTURES}/mol-dataset-ids.json")).unwrap(),
    )
    .unwrap()["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    if fake.with_errors {
        ids.extend(ERROR_IDS.iter().map(|s| s.to_string()));
    }
    HttpResponse::Ok().json(serde_json::json!({ "success": true, "result": ids }))
}

/// Starts the fake open-data services; returns their base URL.
fn start_fake(fake: Fake) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let data = web::Data::new(fake);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/rest/dataset", web::get().to(list))
            .route("/rest/dataset/{id}", web::get().to(one))
            .route("/api/v2/rest/dataset/{id}", web::get().to(one))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    format!("http://127.0.0.1:{port}")
}

fn client_for(base: &str) -> CatalogClient {
    CatalogClient::new(CatalogConfig {
        mol_base: base.to_string(),
        datagov_base: base.to_string(),
        timeout: Duration::from_millis(700),
        retries: 2,
        concurrency: 4,
        backoff: Duration::from_millis(10),
    })
    .unwrap()
}

/// The app's portal, fetching from `base` with the test client's settings.
fn portal_for(app: &TestApp, base: &str) -> Portal {
    Portal {
        catalog: Arc::new(client_for(base)),
        ..app.portal.clone()
    }
}

fn count(app: &TestApp) -> i64 {
    store::catalog::count(&mut app.conn()).unwrap()
}

fn clear_catalog(app: &TestApp) {
    let mut conn = app.conn();
    exec(&mut conn, "DELETE FROM dataset_resources");
    exec(&mut conn, "DELETE FROM datasets");
}

#[actix_web::test]
async fn first_run_loads_the_bundled_snapshot() {
    let app = spawn_app().await;
    assert_eq!(count(&app), 31);
    let (status, html) = app.get_html("/catalog?q=%E6%8A%95%E4%BF%9D").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("職業災害保險適用行業別及費率表"),
        "「投保」 finds a dataset whose description contains it"
    );
}

#[actix_web::test]
async fn sync_from_mol_counts_fails_safely_and_is_idempotent() {
    let app = spawn_app().await;
    clear_catalog(&app);
    let fake = Fake {
        with_errors: true,
        ..Default::default()
    };
    let base = start_fake(fake.clone());
    let portal = portal_for(&app, &base);
    let s = catalog::sync(&portal, Source::Mol, None, |_| {})
        .await
        .unwrap();
    assert_eq!(
        s.new, 32,
        "31 recorded datasets and the one that recovered after a retry"
    );
    assert_eq!(s.failed, 6, "{:?}", s.errors);
    let errors = s.errors.join("\n");
    for id in ["500500", "slow1", "badjson", "refused", "missing", "404404"] {
        assert!(errors.contains(id), "{id} reported: {errors}");
    }
    assert!(errors.contains("查無資料"), "success:false says why");
    {
        let hits = fake.hits.lock().unwrap();
        assert_eq!(hits["500500"], 3, "5xx is retried");
        assert_eq!(hits["404404"], 1, "4xx is not retried");
        assert_eq!(hits["flaky1"], 2);
    }
    assert_eq!(count(&app), 32);
    let d = store::catalog::find_by_source_id(&mut app.conn(), "6262")
        .unwrap()
        .unwrap();
    assert_eq!(d.publisher, "勞動部勞工保險局");
    assert_eq!(
        d.modified_at.unwrap().to_string(),
        "2018-03-13 03:24:00",
        "Taipei time stored as UTC"
    );
    assert_eq!(
        store::catalog::resources(&mut app.conn(), d.id)
            .unwrap()
            .len(),
        3
    );

    // The same again changes nothing.
    let again = catalog::sync(&portal, Source::Mol, None, |_| {})
        .await
        .unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 32));

    // A title changed upstream is updated; every run is on record.
    fake.retitled
        .lock()
        .unwrap()
        .insert("40324".into(), "保險費負擔比例一覽表（新版）".into());
    let third = catalog::sync(&portal, Source::Mol, None, |_| {})
        .await
        .unwrap();
    assert_eq!((third.new, third.updated), (0, 1));
    let d = store::catalog::find_by_source_id(&mut app.conn(), "40324")
        .unwrap()
        .unwrap();
    assert_eq!(d.title, "保險費負擔比例一覽表（新版）");
    let runs = store::catalog::runs(&mut app.conn(), 10).unwrap();
    assert!(runs.iter().filter(|r| r.source == SyncSource::Mol).count() >= 3);
    assert!(runs.iter().all(|r| r.finished_at.is_some()));
}

#[actix_web::test]
async fn an_incremental_sync_asks_only_for_changes() {
    let app = spawn_app().await;
    let base = start_fake(Fake::default());
    let since = chrono::NaiveDate::from_ymd_opt(2025, 1, 1);
    let s = catalog::sync(&portal_for(&app, &base), Source::Mol, since, |_| {})
        .await
        .unwrap();
    assert_eq!(s.new + s.updated + s.unchanged, 2);
    let runs = store::catalog::runs(&mut app.conn(), 1).unwrap();
    assert_eq!(runs[0].since, "2025-01-01");
}

#[actix_web::test]
async fn a_broken_source_never_corrupts_what_is_stored() {
    let app = spawn_app().await;
    // Nothing listens here: every request fails.
    let dead = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let before = store::catalog::find_by_source_id(&mut app.conn(), "6262")
        .unwrap()
        .unwrap();
    let s = catalog::sync(&portal_for(&app, &dead), Source::DataGov, None, |_| {})
        .await
        .unwrap();
    assert_eq!(s.failed, 31);
    let after = store::catalog::find_by_source_id(&mut app.conn(), "6262")
        .unwrap()
        .unwrap();
    assert_eq!(before.title, after.title);
    assert_eq!(count(&app), 31);
    let s = catalog::sync(&portal_for(&app, &dead), Source::Mol, None, |_| {})
        .await
        .unwrap();
    assert_eq!(
        s.failed, 1,
        "the list itself failed: one error, nothing else touched"
    );
}

#[actix_web::test]
async fn the_export_csv_imports_with_aligned_resources() {
    let app = spawn_app().await;
    clear_catalog(&app);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(format!("{FIXTURES}/mol-datasets-legacy-2018.csv")).unwrap());
    let (records, errors) = parse_export_csv(&bytes, &["勞動部"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(records.len(), 31);
    let r = records.iter().find(|r| r.source_id == "6262").unwrap();
    assert_eq!(
        r.title, "職業災害保險適用行業別及費率表",
        "the BOM does not leak into the first column"
    );
    assert_eq!(r.resources.len(), 3);
    assert_eq!(r.resources[1].format, "JSON");
    assert!(
        r.resources[1].url.ends_with("-81Z"),
        "formats and URLs pair by position"
    );
    // 6644 lists 4 formats for 16 files: the formats repeat in order.
    let many = records.iter().find(|r| r.source_id == "6644").unwrap();
    assert!(many.resources.len() > 4);
    assert!(
        many.resources.iter().all(|r| !r.format.is_empty()),
        "every file has a format"
    );
    let (only_bli, _) = parse_export_csv(&bytes, &["勞動部勞工保險局"]);
    assert!(only_bli.len() < 31 && only_bli.iter().all(|r| r.publisher == "勞動部勞工保險局"));
    let s = catalog::import_records(&app.portal, records.clone(), errors.clone(), |_| {})
        .await
        .unwrap();
    assert_eq!(s.new, 31);
    let s = catalog::import_records(&app.portal, records, errors, |_| {})
        .await
        .unwrap();
    assert_eq!(s.unchanged, 31, "importing twice changes nothing");
    assert_eq!(
        app.audit_actions()
            .iter()
            .filter(|a| *a == "catalog.import")
            .count(),
        2,
        "each import is audited"
    );
    let (none, errors) = parse_export_csv(b"a,b\n1,2\n", &[]);
    assert!(none.is_empty() && !errors.is_empty());
}

#[actix_web::test]
async fn search_by_keyword_publisher_and_format_with_pages() {
    let app = spawn_app().await;
    let (_, html) = app
        .get_html("/catalog?q=%E8%81%B7%E6%A5%AD%E7%81%BD%E5%AE%B3")
        .await;
    assert!(html.contains("職業災害統計概況按全產業分(年度)"));
    assert!(
        html.contains("rel=\"next\""),
        "more than one page of 職業災害"
    );
    let (_, html) = app.get_html("/catalog?publisher=%E5%8B%9E%E5%8B%95%E9%83%A8%E5%8B%9E%E5%B7%A5%E4%BF%9D%E9%9A%AA%E5%B1%80").await;
    assert!(html.contains("保險費負擔比例一覽表"));
    assert!(!html.contains("重大職災統計"));
    let (_, html) = app.get_html("/catalog?q=%25%25").await;
    assert!(html.contains("沒有符合的資料集"), "wildcards are literal");
    let (status, html) = app.get_html("/catalog/6262").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("行業別費率％") && html.contains("apiservice.mol.gov.tw"));
    assert_eq!(
        app.get("/catalog/999999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/catalog/..%2F..%2Fetc").await.status(),
        StatusCode::NOT_FOUND
    );
}

/// The search index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) follows
/// every insert, update and delete: no stale or missing hits.
#[actix_web::test]
async fn search_follows_changes_to_the_catalogue() {
    let app = spawn_app().await;
    let q = |w: &str| format!("/catalog?q={}", url_encode(w));
    let (_, html) = app.get_html(&q("負擔比例一覽")).await;
    assert!(
        html.contains("保險費負擔比例一覽表"),
        "a 6-character substring"
    );
    let mut conn = app.conn();
    exec(
        &mut conn,
        "UPDATE datasets SET title = '星雲勞動指標 Nebula', search_text = '星雲勞動指標 nebula' \
         WHERE title = '保險費負擔比例一覽表'",
    );
    public_pages_changed(&app);
    let (_, html) = app.get_html(&q("負擔比例一覽")).await;
    assert!(
        !html.contains("星雲勞動指標"),
        "the old words no longer match"
    );
    assert!(html.contains("沒有符合的資料集"));
    for word in ["星雲勞動", "NEBULA", "勞動指標 nebu"] {
        let (_, html) = app.get_html(&q(word)).await;
        assert!(html.contains("星雲勞動指標 Nebula"), "found by {word}");
    }
    exec(
        &mut conn,
        "DELETE FROM datasets WHERE title = '星雲勞動指標 Nebula'",
    );
    public_pages_changed(&app);
    let (_, html) = app.get_html(&q("星雲勞動")).await;
    assert!(html.contains("沒有符合的資料集"), "deleted rows are gone");
}

/// A broad word stops counting at 1,000 and lists the newest first; a
/// narrow one is counted exactly; short words and literal wildcards work.
#[actix_web::test]
async fn broad_searches_are_capped_and_newest_first() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    let mut rows = Vec::new();
    for i in 0..1_050 {
        rows.push(format!(
            "('datagov', 'T{i}', '廣泛詞測試資料 {i}', '測試機關', '', '', '', 'CSV', '', '', NULL, NULL, \
             '廣泛詞測試資料 {i} 測試機關 t{i}', 'h{i}', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ));
    }
    for chunk in rows.chunks(200) {
        exec(
            &mut conn,
            &format!(
                "INSERT INTO datasets (source, source_id, title, publisher, publisher_oid, description, \
                 fields, formats, update_frequency, license, published_at, modified_at, search_text, \
                 content_hash, synced_at, created_at, updated_at) VALUES {}",
                chunk.join(",")
            ),
        );
    }
    let q = |w: &str| format!("/catalog?q={}", url_encode(w));
    let (_, html) = app.get_html(&q("廣泛詞測試")).await;
    assert!(html.contains("找到超過 1000 個資料集"), "capped count");
    let newest = html.find("廣泛詞測試資料 1049").expect("newest first");
    let older = html
        .find("廣泛詞測試資料 1048")
        .expect("then the one before");
    assert!(newest < older);
    assert!(
        !html.contains("廣泛詞測試資料 0<"),
        "the oldest is far down"
    );
    let (_, html) = app.get_html(&format!("{}&page=50", q("廣泛詞測試"))).await;
    assert!(
        html.contains("廣泛詞測試資料 69<"),
        "page 50 holds the 1,000th newest"
    );
    assert!(!html.contains("rel=\"next\""), "no pages past the cap");
    let (_, past) = app.get_html(&format!("{}&page=51", q("廣泛詞測試"))).await;
    assert!(
        past.contains("廣泛詞測試資料 69<") && !past.contains("廣泛詞測試資料 49<"),
        "page 51 is page 50"
    );
    let (_, html) = app.get_html(&q("測試資料 104")).await;
    assert!(
        html.contains("找到 11 個資料集"),
        "narrow: counted exactly (104, 1040–1049)"
    );
    let (_, html) = app.get_html(&q("t7")).await;
    assert!(
        html.contains("找到 111 個資料集") && html.contains("廣泛詞測試資料 799<"),
        "two characters (t7, t70–t79, t700–t799): no index, still found"
    );
    let (_, html) = app.get_html(&q("資料_1")).await;
    assert!(
        html.contains("沒有符合的資料集"),
        "_ is a literal underscore"
    );
    let en = client();
    en.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    let html = app
        .get_with(&en, &q("廣泛詞測試"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("More than 1000 datasets found"));
    assert!(
        html.contains("more than 1000 in all"),
        "the pager says so too"
    );
}

/// The publisher filter's counts are kept by triggers: they match the
/// catalogue through inserts, a change of publisher and deletes.
#[actix_web::test]
async fn publisher_counts_follow_the_catalogue() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    let count = |conn: &mut contest_portal::db::DbConn, name: &str| {
        store::catalog::publishers(conn)
            .unwrap()
            .into_iter()
            .find(|(p, _)| p == name)
            .map(|(_, n)| n)
    };
    let bli = "勞動部勞工保險局";
    let before = count(&mut conn, bli).expect("the snapshot has the bureau's datasets");
    assert!(before > 0);
    assert_eq!(count(&mut conn, "新設測試機關"), None);
    exec(
        &mut conn,
        "INSERT INTO datasets (source, source_id, title, publisher, publisher_oid, description, \
         fields, formats, update_frequency, license, published_at, modified_at, search_text, \
         content_hash, synced_at, created_at, updated_at) VALUES ('datagov', 'P1', '計數測試', \
         '新設測試機關', '', '', '', 'CSV', '', '', NULL, NULL, '計數測試', 'h', \
         '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    );
    assert_eq!(count(&mut conn, "新設測試機關"), Some(1));
    exec(
        &mut conn,
        &format!("UPDATE datasets SET publisher = '{bli}' WHERE source_id = 'P1'"),
    );
    assert_eq!(
        count(&mut conn, "新設測試機關"),
        None,
        "emptied publishers go"
    );
    assert_eq!(count(&mut conn, bli), Some(before + 1));
    let (_, html) = app.get_html("/catalog").await;
    assert!(
        html.contains(&format!("{bli} ({})", before + 1)),
        "the filter shows it"
    );
    exec(
        &mut conn,
        "UPDATE datasets SET title = '改名' WHERE source_id = 'P1'",
    );
    assert_eq!(
        count(&mut conn, bli),
        Some(before + 1),
        "other changes count nothing"
    );
    exec(&mut conn, "DELETE FROM datasets WHERE source_id = 'P1'");
    assert_eq!(count(&mut conn, bli), Some(before));
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[actix_web::test]
async fn an_unknown_id_is_fetched_live_for_signed_in_users() {
    let base = start_fake(Fake::default());
    let app = spawn_app_with(&[("CATALOG_DATAGOV_URL", &base), ("CATALOG_MOL_URL", &base)]).await;
    clear_catalog(&app);
    assert_eq!(
        app.get("/catalog/6262").await.status(),
        StatusCode::NOT_FOUND,
        "anonymous visitors do not trigger fetches"
    );
    assert_eq!(count(&app), 0);
    let c = app.verified_user("live@example.org", "Live").await;
    let r = app.get_with(&c, "/catalog/6262").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(count(&app), 1, "stored for next time");
    assert_eq!(
        app.get_with(&c, "/catalog/404404").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn organisers_see_runs_and_start_a_sync() {
    let base = start_fake(Fake::default());
    let app = spawn_app_with(&[("CATALOG_DATAGOV_URL", &base), ("CATALOG_MOL_URL", &base)]).await;
    let p = app.verified_user("notorg@example.org", "P").await;
    assert_eq!(
        app.get_with(&p, "/organise/catalog").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_with(&p, "/organise/catalog/sync", &[("source", "mol")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let org = contest::organiser(&app, "cat@mol.gov.tw").await;
    let html = app
        .get_with(&org, "/organise/catalog")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("目錄中共有 31 個資料集"));
    let r = app
        .post_with(
            &org,
            "/organise/catalog/sync",
            &[("source", "mol"), ("since", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut done = false;
    for _ in 0..50 {
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        let runs = store::catalog::runs(&mut app.conn(), 5).unwrap();
        if runs
            .iter()
            .any(|r| r.source == SyncSource::Mol && r.finished_at.is_some())
        {
            done = true;
            break;
        }
    }
    assert!(done, "the background sync finished");
    let html = app
        .get_with(&org, "/organise/catalog")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<td>31</td>") || html.contains("<td>0</td><td>31</td>"),
        "counts are shown"
    );
    assert!(app.audit_actions().contains(&"catalog.sync".to_string()));
    let r = app
        .post_with(&org, "/organise/catalog/sync", &[("source", "ftp")])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn the_same_dataset_from_two_sources_is_not_a_change() {
    let app = spawn_app().await;
    let base = start_fake(Fake::default());
    let portal = portal_for(&app, &base);
    // The snapshot came in as data.gov.tw records; MOL's service serves the same content.
    let s = catalog::sync(&portal, Source::Mol, None, |_| {})
        .await
        .unwrap();
    assert_eq!(
        (s.new, s.updated, s.unchanged),
        (0, 0, 31),
        "{:?}",
        s.errors
    );
    let s = catalog::sync(&portal, Source::DataGov, None, |_| {})
        .await
        .unwrap();
    assert_eq!((s.updated, s.unchanged), (0, 31));
}

/// A NUL or another control character in the search words or filters is
/// refused on the search page, with the words kept (it was a 500 on
/// PostgreSQL, which cannot compare text with NUL).
#[actix_web::test]
async fn control_characters_in_a_search_are_refused_on_the_page() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/catalog?q=%E6%8A%95%E4%BF%9D%00").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("看不見的控制字元"), "{html}");
    assert!(html.contains("id=\"q-error\""), "beside the field");
    assert!(html.contains("value=\"投保"), "the words are kept");
    let (status, html) = app.get_html("/catalog?q=%00").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("看不見的控制字元"));
    assert!(
        html.contains("職業災害保險適用行業別及費率表"),
        "the rest of the search still runs"
    );
    for q in ["publisher=%00", "format=CSV%1B", "q=a%0Ab"] {
        let (status, html) = app.get_html(&format!("/catalog?{q}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert!(html.contains("field-error"), "{q}");
    }
    let en = client();
    en.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    let r = app.get_with(&en, "/catalog?q=%00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("invisible control characters"));
}

/// One sync at a time, whoever starts it: while another replica holds the
/// lease, an organiser's sync is refused (said on the page) and leaves no
/// audit row or run behind, and the scheduled one waits its turn.
#[actix_web::test]
async fn a_sync_is_refused_while_another_runs() {
    let app = spawn_app().await;
    let page = contest::organiser(&app, "busy@mol.gov.tw").await;
    let org = person_of(&app, "busy@mol.gov.tw");
    let now = chrono::Utc::now().naive_utc();
    assert!(store::leases::try_acquire(
        &mut app.conn(),
        "catalog-sync",
        "another-replica",
        now,
        chrono::Duration::hours(1)
    )
    .unwrap());
    assert!(matches!(
        catalog::start_sync(&app.portal, &org, Source::Mol, None).await,
        Err(contest_portal::service::Error::Refused("flash-sync-busy"))
    ));
    let r = app
        .post_with(&page, "/organise/catalog/sync", &[("source", "mol")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/organise/catalog");
    let html = app
        .get_with(&page, "/organise/catalog")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("已有其他資料目錄同步正在進行"), "{html}");
    assert!(!app.audit_actions().contains(&"catalog.sync".to_string()));
    let runs = store::catalog::runs(&mut app.conn(), 10).unwrap();
    assert!(runs.iter().all(|r| r.source == SyncSource::Snapshot));
    assert!(
        catalog::scheduled_sync(&app.portal, "this-replica", chrono::Duration::hours(1))
            .await
            .unwrap()
            .is_none()
    );
    // A student may not start one at all.
    app.verified_user("s@ntu.edu.tw", "學生").await;
    assert!(matches!(
        catalog::start_sync(
            &app.portal,
            &person_of(&app, "s@ntu.edu.tw"),
            Source::Mol,
            None
        )
        .await,
        Err(contest_portal::service::Error::Forbidden)
    ));
}
