//! issue 19, parts 3 and 4: `/metrics` (parsed as Prometheus parses it),
//! `/readyz`, and request ids on error pages and in the real binary's JSON
//! logs, which never carry a password, session cookie or CSRF token.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use contest_portal::server as app;
use contest_portal::service::observe;
use contest_portal::store;
use prometheus_parse::{Sample, Scrape, Value};
use reqwest::StatusCode;

const TOKEN: &str = "metrics-token-0123456789abcdef";

async fn scrape(client: &reqwest::Client, url: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut req = client.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("scrape");
    (r.status(), r.text().await.unwrap())
}

fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("Prometheus text format")
}

fn samples<'a>(s: &'a Scrape, metric: &str) -> Vec<&'a Sample> {
    s.samples.iter().filter(|x| x.metric == metric).collect()
}

fn value(s: &Sample) -> f64 {
    match &s.value {
        Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
        other => panic!("not a single value: {other:?}"),
    }
}

/// The request counter for one route template, method and status.
fn requests(s: &Scrape, route: &str, status: &str) -> f64 {
    samples(s, "portal_http_requests_total")
        .into_iter()
        .filter(|x| {
            x.labels.get("route") == Some(route)
                && x.labels.get("method") == Some("GET")
                && x.labels.get("status") == Some(status)
        })
        .map(value)
        .sum()
}

fn gauge(s: &Scrape, metric: &str) -> f64 {
    let found = samples(s, metric);
    assert_eq!(found.len(), 1, "one {metric} in the scrape");
    value(found[0])
}

#[actix_web::test]
async fn metrics_need_the_token_and_count_requests_by_route_template() {
    let app = spawn_app_with(&[("METRICS_TOKEN", TOKEN)]).await;
    let url = app.url("/metrics");
    let c = client();
    assert_eq!(scrape(&c, &url, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        scrape(&c, &url, Some("metrics-token-wrong-0123456789"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    assert_eq!(app.get("/static/site.css").await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/no/such/page/4711").await.status(),
        StatusCode::NOT_FOUND
    );
    // Someone signs up: a verification mail waits in the outbox.
    let signup = app
        .sign_up(&client(), "metrics@example.edu.tw", "Metrics")
        .await;
    assert_eq!(signup.status(), StatusCode::OK);
    observe::job_succeeded(&app.portal, "housekeeping").unwrap();

    let (status, text) = scrape(&c, &url, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK);
    let first = parse(&text);
    let css = requests(&first, "/static/:file", "200");
    assert!(
        css >= 1.0,
        "static file counted under its template:\n{text}"
    );
    assert!(requests(&first, "unmatched", "404") >= 1.0);
    assert!(
        !text.contains("site.css") && !text.contains("4711"),
        "no raw path is a label"
    );
    let latency = samples(&first, "portal_http_request_duration_seconds");
    assert!(
        latency
            .iter()
            .any(|x| x.labels.get("route") == Some("/static/:file")
                && matches!(&x.value, Value::Histogram(b) if b.iter().any(|h| h.count >= 1.0))),
        "a latency histogram per route"
    );
    assert_eq!(gauge(&first, "portal_database_up"), 1.0);
    assert!(gauge(&first, "portal_outbox_unsent") >= 1.0);
    assert!(gauge(&first, "portal_outbox_oldest_unsent_seconds") >= 0.0);
    assert_eq!(gauge(&first, "portal_data_requests_overdue"), 0.0);
    assert!(gauge(&first, "portal_db_pool_connections_open") >= 1.0);
    assert!(gauge(&first, "portal_db_pool_connections_in_use") >= 0.0);
    let jobs = samples(&first, "portal_job_last_success_timestamp_seconds");
    let housekeeping = jobs
        .iter()
        .find(|x| x.labels.get("job") == Some("housekeeping"))
        .expect("housekeeping's last success");
    let now = chrono::Utc::now().timestamp() as f64;
    assert!((now - value(housekeeping)).abs() < 120.0);

    // The counters move with requests.
    for _ in 0..3 {
        app.get("/static/site.css").await;
    }
    let second = parse(&scrape(&c, &url, Some(TOKEN)).await.1);
    assert_eq!(requests(&second, "/static/:file", "200"), css + 3.0);
}

#[actix_web::test]
async fn no_metrics_without_a_token_or_an_address() {
    let app = spawn_app().await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn metrics_on_their_own_address_only() {
    let db = test_database();
    let config = config_for(&db, &[("METRICS_ADDR", "127.0.0.1:0")]);
    let application = app::build(config).expect("app builds");
    let main = format!("http://127.0.0.1:{}", application.port);
    let apart = format!(
        "http://127.0.0.1:{}/metrics",
        application.metrics_port.expect("a metrics port")
    );
    actix_web::rt::spawn(application.server);
    let c = client();
    assert_eq!(
        c.get(format!("{main}/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    c.get(format!("{main}/healthz")).send().await.unwrap();
    let (status, text) = scrape(&c, &apart, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(requests(&parse(&text), "/healthz", "200") >= 1.0);
}

#[actix_web::test]
async fn readyz_names_missing_migrations() {
    let app = spawn_app().await;
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::OK);
    // The database forgets the newest migration: this build is ahead of it.
    exec(
        &mut app.conn(),
        "DELETE FROM __diesel_schema_migrations WHERE version = \
         (SELECT MAX(version) FROM __diesel_schema_migrations)",
    );
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        r.text().await.unwrap(),
        "not ready: migrations: 1 not applied"
    );
}

#[actix_web::test]
async fn readyz_wants_a_recent_outbox_pass_where_mail_is_delivered() {
    // Nothing listens on port 9; with no mail waiting the worker never dials.
    let app = spawn_app_with(&[
        ("RUN_JOBS", "true"),
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", "9"),
        ("SMTP_SECURITY", "none"),
        ("CATALOG_SYNC_HOURS", "0"),
    ])
    .await;
    let mut ready = false;
    for _ in 0..50 {
        if app.get("/readyz").await.status() == StatusCode::OK {
            ready = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(ready, "ready once the outbox worker has passed");
    let stale =
        contest_portal::service::now() - observe::outbox_recent() - chrono::Duration::minutes(1);
    store::job_runs::succeeded(&mut app.conn(), observe::OUTBOX_JOB, stale).unwrap();
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r
        .text()
        .await
        .unwrap()
        .starts_with("not ready: outbox: last pass"));
}

#[actix_web::test]
async fn readyz_says_when_the_database_does_not_answer() {
    if !is_postgres() {
        // An open SQLite file cannot be taken away from a running replica.
        return;
    }
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    let name = url::Url::parse(&app.db.url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_string();
    let admin = without_tls(&std::env::var("TEST_DATABASE_URL").unwrap());
    let mut conn = <diesel::PgConnection as diesel::Connection>::establish(&admin).unwrap();
    let sql = |conn: &mut diesel::PgConnection, q: &str| {
        diesel::RunQueryDsl::execute(diesel::sql_query(q), conn).unwrap();
    };
    sql(
        &mut conn,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
    );
    sql(
        &mut conn,
        &format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
    );
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        r.text().await.unwrap(),
        "not ready: database: does not answer"
    );
    sql(
        &mut conn,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
    );
}

#[actix_web::test]
async fn an_error_page_quotes_the_request_id_of_its_response() {
    let app = spawn_app().await;
    let r = app.get("/no/such/page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    let body = r.text().await.unwrap();
    assert!(body.contains(&id), "the page quotes {id}");
    assert!(body.contains("請提供此編號"), "in the default language");
    // Without TRUST_PROXY an incoming id is not taken.
    let r = app
        .client
        .get(app.url("/no/such/page"))
        .header("x-request-id", "from-the-client")
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_ne!(r.headers()["x-request-id"], "from-the-client");
    assert!(r.text().await.unwrap().contains("please quote"));
}

/// The real binary, its standard output and error captured line by line.
struct Running {
    child: Child,
    output: Arc<Mutex<Vec<String>>>,
    base: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_binary(db: &TestDatabase) -> Running {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(common::portal_bin())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("DATA_DIR", db.dir.path())
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("BASE_URL", format!("{base}/"))
        .env("SECRET_KEY", SECRET)
        .env("RUN_JOBS", "false")
        .env("TRUST_PROXY", "true")
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "debug")
        .current_dir(db.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let output = Arc::new(Mutex::new(Vec::new()));
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    for stream in [
        Box::new(stdout) as Box<dyn std::io::Read + Send>,
        Box::new(stderr),
    ] {
        let out = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                out.lock().unwrap().push(line);
            }
        });
    }
    Running {
        child,
        output,
        base,
    }
}

#[actix_web::test]
async fn json_logs_carry_the_request_id_and_no_secrets() {
    let db = test_database();
    let running = start_binary(&db);
    let c = client();
    let mut up = false;
    for _ in 0..100 {
        if let Ok(r) = c.get(format!("{}/healthz", running.base)).send().await {
            up = r.status() == StatusCode::OK;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the binary answers");

    // A trusted proxy's request id is kept, answered and quoted.
    let r = c
        .get(format!("{}/no/such/page", running.base))
        .header("x-request-id", "support-desk-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["x-request-id"], "support-desk-4711");
    assert!(r.text().await.unwrap().contains("support-desk-4711"));

    // Sign up, verify and sign in with a known password.
    let password = "a-known-password-for-logs 19";
    let email = "logs@example.edu.tw";
    let page = c
        .get(format!("{}/signup", running.base))
        .send()
        .await
        .unwrap();
    let csrf = csrf_from(&page.text().await.unwrap()).expect("a CSRF token");
    let r = c
        .post(format!("{}/signup", running.base))
        .form(&[
            ("email", email),
            ("display_name", "Logs"),
            ("password", password),
            ("password_confirm", password),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let mut conn =
        contest_portal::db::connect(&contest_portal::db::DatabaseUrl::parse(&db.url).unwrap())
            .unwrap();
    let mail = store::outbox::list(
        &mut conn,
        store::outbox::State::All,
        Some(email),
        store::PageRequest::new(None, 10),
    )
    .unwrap()
    .items;
    let body = &mail[0].body_text;
    let at = body.find("/verify?token=").expect("a verification link");
    let link = body[at..].split_whitespace().next().unwrap().to_string();
    let verify_token = link.trim_start_matches("/verify?token=").to_string();
    let r = c
        .get(format!("{}{link}", running.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = c
        .get(format!("{}/signin", running.base))
        .send()
        .await
        .unwrap();
    let csrf = csrf_from(&page.text().await.unwrap()).expect("a CSRF token");
    let r = c
        .post(format!("{}/signin", running.base))
        .form(&[
            ("email", email),
            ("password", password),
            ("next", "/"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "signed in");
    let session = r
        .cookies()
        .find(|k| k.name() == "cp_session")
        .expect("a session cookie")
        .value()
        .to_string();
    let home = c.get(format!("{}/", running.base)).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let home_csrf = csrf_from(&home.text().await.unwrap());

    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let lines = running.output.lock().unwrap().clone();
    let json: Vec<serde_json::Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert!(json.len() >= 5, "JSON log lines:\n{}", lines.join("\n"));
    assert!(
        json.iter()
            .any(|v| v["span"]["request_id"] == "support-desk-4711"
                && v["span"]["route"] == "unmatched"),
        "the request's lines carry its id:\n{}",
        lines.join("\n")
    );
    assert!(
        json.iter()
            .any(|v| v["span"]["route"] == "/signin" && v["span"]["method"] == "POST"),
        "the sign-in is logged under its route"
    );
    let all = lines.join("\n");
    for (what, secret) in [
        ("password", password.to_string()),
        ("password, form-encoded", password.replace(' ', "+")),
        ("session cookie", session),
        ("CSRF token", csrf),
        ("verification token", verify_token),
    ]
    .into_iter()
    .chain(home_csrf.map(|t| ("home CSRF token", t)))
    {
        assert!(secret.len() >= 8);
        assert!(!all.contains(&secret), "the {what} is in the log");
    }
}
