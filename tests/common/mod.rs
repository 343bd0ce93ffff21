//! Shared test helpers: `spawn_app` starts the real server on port 0 with its
//! own database (a SQLite file in a temp dir, or a fresh PostgreSQL database
//! when TEST_DATABASE_URL is set, dropped afterwards) and returns a client
//! that keeps cookies and reads CSRF tokens from forms, as a browser would.
#![allow(dead_code)]

pub mod fixture;
pub mod resources;
pub mod smtp;

use std::collections::HashMap;

use contest_portal::config::Config;
use contest_portal::db::{self, DbConn};
use contest_portal::server as app;
use contest_portal::service::accounts::FirstAdmin;
use contest_portal::service::Portal;
use contest_portal::store;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use reqwest::redirect::Policy;
use reqwest::{Response, StatusCode};

pub const SECRET: &str = "test-secret-key-0123456789abcdef-0123456789";
pub const GOOD_PASSWORD: &str = "labour data 2026!";
pub const ADMIN_PASSWORD: &str = "information department 2026";

/// A PostgreSQL database made for one test and dropped with it.
pub struct PgDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl PgDatabase {
    pub fn create(admin_url: &str) -> PgDatabase {
        let token: String = contest_portal::security::random_token()
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(16)
            .collect();
        let name = format!("cp_test_{token}");
        let mut conn = diesel::PgConnection::establish(admin_url)
            .expect("TEST_DATABASE_URL must be reachable");
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create test database");
        let mut url = url::Url::parse(admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&format!("/{name}"));
        PgDatabase {
            admin_url: admin_url.to_string(),
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = conn.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A database for one test: its URL, and what must live as long as it.
pub struct TestDatabase {
    pub url: String,
    pub dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// The local test server needs no TLS; without it libpq never touches
/// OpenSSL, whose exit-time clean-up can otherwise race with pool threads
/// still closing connections when a test binary exits.
pub fn without_tls(url: &str) -> String {
    let mut u = url::Url::parse(url).expect("TEST_DATABASE_URL is a URL");
    if !u.query_pairs().any(|(k, _)| k == "sslmode") {
        u.query_pairs_mut().append_pair("sslmode", "disable");
    }
    u.to_string()
}

pub fn test_database() -> TestDatabase {
    let dir = tempfile::tempdir().expect("temp dir");
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(admin) => {
            let pg = PgDatabase::create(&without_tls(&admin));
            TestDatabase {
                url: pg.url.clone(),
                dir,
                _pg: Some(pg),
            }
        }
        None => sqlite_database_in(dir),
    }
}

/// A SQLite database even when TEST_DATABASE_URL names PostgreSQL, for the
/// tests of what only SQLite has (backup and restore of its file).
pub fn sqlite_database() -> TestDatabase {
    sqlite_database_in(tempfile::tempdir().expect("temp dir"))
}

fn sqlite_database_in(dir: tempfile::TempDir) -> TestDatabase {
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    TestDatabase {
        url,
        dir,
        _pg: None,
    }
}

pub fn is_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL")
        .map(|s| !s.is_empty())
        .unwrap_or(false)
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub portal: Portal,
    pub admin: FirstAdmin,
    pub db: TestDatabase,
}

pub fn config_for(db: &TestDatabase, extra: &[(&str, &str)]) -> Config {
    let mut values: HashMap<String, String> = [
        ("DATABASE_URL", db.url.as_str()),
        ("DATA_DIR", db.dir.path().to_str().unwrap()),
        ("BIND", "127.0.0.1:0"),
        ("SECRET_KEY", SECRET),
        ("RUN_JOBS", "false"),
        ("POOL_SIZE", "4"),
        // Recorded datasets name resources on the internet: a sync in a
        // test reads no cards unless the test asks for it.
        ("CARD_READS_IN_SYNC", "false"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        values.insert(k.to_string(), v.to_string());
    }
    Config::from_values(&values).expect("test configuration is valid")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    spawn_app_on(test_database(), extra).await
}

/// The `contest-portal` binary the tests run: this build's, or the one
/// `CONTEST_PORTAL_BIN` names (worktrees sharing one target directory
/// overwrite each other's).
pub fn portal_bin() -> String {
    std::env::var("CONTEST_PORTAL_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_contest-portal").to_string())
}

/// The `contest-portal` binary with only the settings a test gives it: this
/// database, the temp directory as `DATA_DIR` and working directory, the
/// test secret. `CONTEST_PORTAL_BIN` names another build of the binary to
/// run (worktrees sharing one target directory overwrite each other's).
pub fn portal_command(database_url: &str, dir: &std::path::Path) -> std::process::Command {
    let mut c = std::process::Command::new(portal_bin());
    for key in contest_portal::config::ENV_KEYS {
        c.env_remove(key);
    }
    c.env_remove("CONFIG_FILE")
        .env("DATABASE_URL", database_url)
        .env("DATA_DIR", dir)
        .env("SECRET_KEY", SECRET)
        .current_dir(dir);
    c
}

/// What a run of the binary printed, and whether it succeeded.
pub struct Ran {
    pub ok: bool,
    pub out: String,
    pub err: String,
}

pub fn run_command(c: &mut std::process::Command) -> Ran {
    let o = c.output().expect("the binary runs");
    Ran {
        ok: o.status.success(),
        out: String::from_utf8_lossy(&o.stdout).into_owned(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// The server on a database the test chose.
pub async fn spawn_app_on(db: TestDatabase, extra: &[(&str, &str)]) -> TestApp {
    let config = config_for(&db, extra);
    let application = app::build(config).expect("app builds");
    let address = format!("http://127.0.0.1:{}", application.port);
    let portal = application.portal.clone();
    let admin = application
        .first_admin
        .expect("a fresh database gets a first admin");
    actix_web::rt::spawn(application.server);
    TestApp {
        address,
        client: client(),
        portal,
        admin,
        db,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests
/// look at them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub fn csrf_from(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

pub fn location(resp: &Response) -> String {
    resp.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET works")
    }

    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.expect("GET works")
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let s = r.status();
        (s, r.text().await.unwrap())
    }

    /// A page as `client` sees it: its status and text.
    pub async fn page_as(&self, client: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = self.get_with(client, path).await;
        let s = r.status();
        (s, r.text().await.unwrap())
    }

    /// Switches `client` to English, as the language link does.
    pub async fn use_english(&self, client: &reqwest::Client) {
        let r = self.get_with(client, "/lang?set=en&next=/").await;
        assert!(r.status().is_success() || r.status().is_redirection());
    }

    /// A CSRF token for `client`, read from a form as a browser would see it.
    pub async fn csrf_for(&self, client: &reqwest::Client) -> String {
        for path in [
            "/signup",
            "/account",
            "/account/password",
            "/password/forgot",
        ] {
            let r = self.get_with(client, path).await;
            if r.status() == StatusCode::OK {
                if let Some(t) = csrf_from(&r.text().await.unwrap()) {
                    return t;
                }
            }
        }
        panic!("no page with a CSRF token found");
    }

    pub async fn post_with(
        &self,
        client: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let token = self.csrf_for(client).await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .expect("POST works")
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.post_with(&self.client, path, fields).await
    }

    pub fn conn(&self) -> db::PooledConn {
        self.portal.pool.get().expect("pool connection")
    }

    pub fn outbox_for(&self, email: &str) -> Vec<store::outbox::Mail> {
        let mut conn = self.conn();
        store::outbox::list(
            &mut conn,
            store::outbox::State::All,
            Some(email),
            store::PageRequest::new(None, 200),
        )
        .unwrap()
        .items
    }

    /// The path of the newest link to `prefix` e-mailed to `email`.
    pub fn mailed_link(&self, email: &str, prefix: &str) -> String {
        let mails = self.outbox_for(email);
        for mail in mails {
            if let Some(pos) = mail.body_text.find(prefix) {
                let rest = &mail.body_text[pos..];
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                return rest[..end].to_string();
            }
        }
        panic!("no mail to {email} with a {prefix} link");
    }

    pub async fn sign_up(&self, client: &reqwest::Client, email: &str, name: &str) -> Response {
        self.post_with(
            client,
            "/signup",
            &[
                ("email", email),
                ("display_name", name),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, client: &reqwest::Client, email: &str, password: &str) -> Response {
        self.post_with(
            client,
            "/signin",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }

    /// Signs up, verifies by the mailed link and signs in; returns the client.
    pub async fn verified_user(&self, email: &str, name: &str) -> reqwest::Client {
        let c = client();
        assert_eq!(self.sign_up(&c, email, name).await.status(), StatusCode::OK);
        let link = self.mailed_link(email, "/verify?token=");
        assert_eq!(
            self.get_with(&c, &link).await.status(),
            StatusCode::SEE_OTHER
        );
        let r = self.sign_in(&c, email, GOOD_PASSWORD).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email} works"
        );
        c
    }

    /// Signs the first administrator in, choosing `ADMIN_PASSWORD` in place of
    /// the one-time password the first time (the portal insists on that).
    pub async fn admin_client(&self) -> reqwest::Client {
        let c = client();
        let r = self.sign_in(&c, &self.admin.email, ADMIN_PASSWORD).await;
        if r.status() == StatusCode::SEE_OTHER {
            return c;
        }
        let r = self
            .sign_in(&c, &self.admin.email, &self.admin.password)
            .await;
        assert_eq!(location(&r), "/account/password");
        let r = self
            .post_with(
                &c,
                "/account/password",
                &[
                    ("current_password", &self.admin.password),
                    ("password", ADMIN_PASSWORD),
                    ("password_confirm", ADMIN_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        c
    }

    pub fn user_id(&self, email: &str) -> i32 {
        let mut conn = self.conn();
        store::users::find_by_email(&mut conn, email)
            .unwrap()
            .expect("user exists")
            .id
    }

    pub fn audit_actions(&self) -> Vec<String> {
        let mut conn = self.conn();
        store::audit::list(
            &mut conn,
            &Default::default(),
            store::PageRequest::new(None, 200),
        )
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.action)
        .collect()
    }
}

/// Runs raw SQL on a test database connection (for making tokens expire
/// etc.); returns how many rows it touched.
pub fn exec(conn: &mut DbConn, sql: &str) -> usize {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql).execute(conn).expect("SQL runs")
}

/// Sets a text column of the row whose `key` is `id` from `a` to `b`, or
/// from anything else to `a` (a change made behind the use cases' back).
pub fn flip(
    conn: &mut DbConn,
    table: &str,
    column: &str,
    (a, b): (&str, &str),
    key: &str,
    id: i32,
) {
    exec(
        conn,
        &format!(
            "UPDATE {table} SET {column} = CASE WHEN {column} = '{a}' THEN '{b}' ELSE '{a}' END \
             WHERE {key} = {id}"
        ),
    );
}

/// Tells the public pages' render cache that a helper changed the database
/// behind the use cases' back (as the use cases do when they commit).
pub fn public_pages_changed(app: &TestApp) {
    exec(
        &mut app.conn(),
        "UPDATE public_changes SET generation = generation + 1",
    );
    contest_portal::service::changes::refresh(&app.portal).expect("counters read");
}

/// A second app process on the same database and secret, as a second replica
/// behind a load balancer would be. Returns its address.
pub async fn spawn_replica(of: &TestApp) -> String {
    let config = config_for(&of.db, &[]);
    let application = app::build(config).expect("replica builds");
    assert!(
        application.first_admin.is_none(),
        "the replica finds the existing admin"
    );
    let address = format!("http://127.0.0.1:{}", application.port);
    actix_web::rt::spawn(application.server);
    address
}

/// Contest helpers for the contest and team tests.
pub mod contest {
    use super::*;
    use chrono::{Duration, Utc};
    use contest_portal::store::contests::{ContestInput, TrackInput};

    pub struct Setup {
        pub contest_id: i32,
        pub year: i32,
        pub tracks: Vec<i32>,
    }

    pub fn track(name: &str) -> TrackInput {
        TrackInput {
            name: name.into(),
            name_en: String::new(),
            theme: "主題".into(),
            agency_unit_id: None,
            recommended_datasets: String::new(),
            rules_text: String::new(),
            min_students: 1,
            max_students: 3,
            min_advisors: 1,
            max_advisors: 1,
            max_tracks_per_team: 1,
            min_datasets: 1,
            counted_publishers: "勞動部".into(),
            cross_school_allowed: true,
            proof_required: false,
            second_review_for_fail: false,
        }
    }

    /// A published contest with registration open now and the given tracks.
    pub fn open_contest(app: &TestApp, year: i32, tracks: Vec<TrackInput>) -> Setup {
        let mut conn = app.conn();
        let now = Utc::now().naive_utc();
        let c = store::contests::create(
            &mut conn,
            &ContestInput {
                year,
                title: format!("{year} 資料創新應用競賽"),
                title_en: String::new(),
                description: String::new(),
                registration_opens_at: Some(now - Duration::days(1)),
                registration_closes_at: Some(now + Duration::days(10)),
                submission_deadline_at: Some(now + Duration::days(20)),
                review_starts_at: None,
                review_ends_at: None,
                judging_starts_at: None,
                judging_ends_at: None,
                finals_at: None,
                finals_venue: String::new(),
                results_at: None,
            },
            now,
        )
        .unwrap();
        store::contests::set_published(&mut conn, c.id, true, now).unwrap();
        let ids = tracks
            .iter()
            .map(|t| {
                store::contests::create_track(&mut conn, c.id, t, now)
                    .unwrap()
                    .id
            })
            .collect();
        public_pages_changed(app);
        Setup {
            contest_id: c.id,
            year,
            tracks: ids,
        }
    }

    /// Moves the contest's registration deadline (e.g. into the past).
    pub fn close_registration(app: &TestApp, contest_id: i32) {
        let mut conn = app.conn();
        let past = (Utc::now() - Duration::minutes(1)).naive_utc();
        let c = store::contests::find(&mut conn, contest_id)
            .unwrap()
            .unwrap();
        let mut input = ContestInput {
            year: c.year,
            title: c.title,
            title_en: c.title_en,
            description: c.description,
            registration_opens_at: c.registration_opens_at,
            registration_closes_at: Some(past),
            submission_deadline_at: c.submission_deadline_at,
            review_starts_at: c.review_starts_at,
            review_ends_at: c.review_ends_at,
            judging_starts_at: c.judging_starts_at,
            judging_ends_at: c.judging_ends_at,
            finals_at: c.finals_at,
            finals_venue: c.finals_venue,
            results_at: c.results_at,
        };
        input.registration_opens_at = Some(past - Duration::days(5));
        store::contests::update(&mut conn, contest_id, &input, past).unwrap();
        public_pages_changed(app);
    }

    /// A verified user with a saved profile; returns their client.
    pub async fn person(
        app: &TestApp,
        email: &str,
        kind: &str,
        school: &str,
        department: &str,
    ) -> reqwest::Client {
        let c = app
            .verified_user(email, email.split('@').next().unwrap())
            .await;
        let r = app
            .post_with(
                &c,
                "/profile",
                &[
                    ("real_name", &format!("Real {email}")),
                    ("kind", kind),
                    ("school_name", school),
                    ("department", department),
                    ("student_id", "110001234"),
                    ("year_of_study", "3"),
                    ("phone", ""),
                    ("next", ""),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "profile of {email} saved"
        );
        c
    }

    pub async fn organiser(app: &TestApp, email: &str) -> reqwest::Client {
        let c = app.verified_user(email, "Organiser").await;
        let mut conn = app.conn();
        let id = app.user_id(email);
        store::users::grant_role(
            &mut conn,
            id,
            contest_portal::domain::role::Role::Organiser,
            None,
            None,
            Utc::now().naive_utc(),
        )
        .unwrap();
        c
    }

    /// Registers a team through the form; returns its id.
    pub async fn register_team(
        app: &TestApp,
        c: &reqwest::Client,
        year: i32,
        name: &str,
        tracks: &[i32],
    ) -> i32 {
        let ids: Vec<String> = tracks.iter().map(|t| t.to_string()).collect();
        let mut fields: Vec<(&str, &str)> = vec![("name", name)];
        for id in &ids {
            fields.push(("track", id));
        }
        let r = app
            .post_with(c, &format!("/contests/{year}/register"), &fields)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "team {name} registered");
        location(&r)
            .trim_start_matches("/teams/")
            .parse()
            .expect("redirected to the team page")
    }

    /// The invite links shown on a team page (member, advisor) as paths.
    pub async fn invites(app: &TestApp, c: &reqwest::Client, team_id: i32) -> (String, String) {
        let html = app
            .get_with(c, &format!("/teams/{team_id}"))
            .await
            .text()
            .await
            .unwrap();
        let links: Vec<String> = html
            .match_indices("/join/")
            .map(|(i, _)| {
                let rest = &html[i..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect();
        assert!(links.len() >= 2, "team page shows two invite links");
        (links[0].clone(), links[1].clone())
    }
}

/// Opens the database connections of every replica at `addresses` first,
/// by reading `path` there `n` times at once as `c`: a pool keeps one idle
/// connection, and requests that must wait for new ones would arrive one
/// after another instead of together, hiding a race.
pub async fn open_pools(c: &reqwest::Client, addresses: &[&str], path: &str, n: usize) {
    let pages = (0..n).map(|i| {
        let base = addresses[i % addresses.len()];
        c.get(format!("{base}{path}")).send()
    });
    for r in futures_util::future::join_all(pages).await {
        assert!(
            r.expect("GET works").status().is_success(),
            "{path} is readable"
        );
    }
}

/// The person behind an account, as the services know them (for calling a
/// service without HTTP).
pub fn person_of(app: &TestApp, email: &str) -> contest_portal::service::Person {
    let id = app.user_id(email);
    contest_portal::service::Person {
        id,
        roles: store::users::roles_of(&mut app.conn(), id).unwrap(),
        ip: None,
    }
}

/// Of the same request fired at once, exactly one went through (a 303) and
/// every other was refused with one of `refusals` — never a 5xx.
pub fn one_went_through(statuses: &[StatusCode], refusals: &[StatusCode]) {
    let through = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(through, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || refusals.contains(s)),
        "{statuses:?}"
    );
}

// issue 14: entries

/// A proposal PDF as a browser uploads it.
pub const PROPOSAL_PDF: &[u8] = b"%PDF-1.7\n% proposal\n%%EOF";

impl TestApp {
    /// Posts a form as multipart, as the entry form with its file input is
    /// sent: the text `fields` and, when given, a `proposal` file (an empty
    /// file part, as a browser sends when none is chosen, otherwise).
    pub async fn post_multipart(
        &self,
        client: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
        proposal: Option<&[u8]>,
    ) -> Response {
        let token = self.csrf_for(client).await;
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let part = reqwest::multipart::Part::bytes(proposal.unwrap_or_default().to_vec())
            .file_name(if proposal.is_some() {
                "proposal.pdf"
            } else {
                ""
            })
            .mime_str("application/pdf")
            .unwrap();
        let sep = if path.contains('?') { '&' } else { '?' };
        client
            .post(self.url(&format!("{path}{sep}csrf_token={token}")))
            .multipart(form.part("proposal", part))
            .send()
            .await
            .expect("POST works")
    }
}

// issue 15: themes

impl TestApp {
    /// Posts `data` as the file `name` of the field `file`, as a browser
    /// sends a one-file upload form (the CSRF token in the address).
    pub async fn upload_file(
        &self,
        client: &reqwest::Client,
        path: &str,
        name: &str,
        data: Vec<u8>,
    ) -> Response {
        let token = self.csrf_for(client).await;
        let part = reqwest::multipart::Part::bytes(data).file_name(name.to_string());
        client
            .post(self.url(&format!("{path}?csrf_token={token}")))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("POST works")
    }
}

/// A visitor with no cookies at all (a client of its own, redirects not
/// followed), in `lang`: the status and the page.
pub async fn anonymous(address: &str, path: &str, lang: &str) -> (reqwest::StatusCode, String) {
    let r = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
        .get(format!("{address}{path}"))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}
