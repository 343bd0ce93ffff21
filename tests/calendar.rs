//! The office calendar: bundled on first run, re-issued years replace the
//! old ones (from the daily check of the published URL and from the
//! command line), and `due-date` prints what the portal computes.

mod common;

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use actix_web::{web, App, HttpResponse, HttpServer};
use chrono::NaiveDate;
use common::*;
use contest_portal::integrations::catalog::{CatalogClient, CatalogConfig};
use contest_portal::service::{self, Portal};
use contest_portal::store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 2026 as re-issued: New Year's Eve becomes a day off.
fn reissued_2026() -> Vec<u8> {
    let text = std::fs::read_to_string("tests/fixtures/calendar/2026.csv").unwrap();
    assert!(text.contains("20261231,四,0,"));
    text.replace("20261231,四,0,", "20261231,四,2,調整放假")
        .into_bytes()
}

fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = web::Data::new(body);
    let server = HttpServer::new(move || {
        App::new().app_data(body.clone()).route(
            "/calendar.csv",
            web::get().to(|b: web::Data<Vec<u8>>| async move {
                HttpResponse::Ok()
                    .content_type("text/csv")
                    .body(b.get_ref().clone())
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    format!("http://127.0.0.1:{port}/calendar.csv")
}

#[actix_web::test]
async fn the_official_years_are_there_and_a_reissued_year_replaces_the_old_one() {
    let app = spawn_app().await;
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    // Bundled on first run: the Lunar New Year 2026 and a 2025 make-up Saturday.
    assert!(!cal.is_working_day(day("2026-02-17")));
    assert!(cal.is_working_day(day("2025-02-08")));
    assert!(cal.is_working_day(day("2026-12-31")));
    let before = store::calendar::imports(&mut app.conn()).unwrap().len();
    assert_eq!(before, 2);
    // Pages read the calendar as each replica keeps it (issue 18): the due
    // date before the reissue, read twice, then after it.
    let due = || {
        service::calendar::due_date(&app.portal, day("2026-12-30"), 1)
            .unwrap()
            .due
    };
    assert_eq!(due(), day("2026-12-31"));
    assert_eq!(due(), day("2026-12-31"), "a second look");

    let url = serve(reissued_2026());
    let client = CatalogClient::new(CatalogConfig {
        mol_base: url.clone(),
        datagov_base: url.clone(),
        timeout: Duration::from_secs(5),
        retries: 0,
        concurrency: 1,
        backoff: Duration::from_millis(10),
    })
    .unwrap();
    let portal = Portal {
        catalog: std::sync::Arc::new(client),
        ..app.portal.clone()
    };
    let years = service::calendar::check_published(&portal, &url)
        .await
        .unwrap();
    assert_eq!(years, vec![(2026, 365)]);
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert!(!cal.is_working_day(day("2026-12-31")));
    assert!(due() > day("2026-12-31"), "the reissued year on the pages");
    assert!(cal.is_working_day(day("2025-02-08")), "2025 untouched");
    // Unchanged on the next check: nothing imported again.
    let again = service::calendar::check_published(&portal, &url)
        .await
        .unwrap();
    assert!(again.is_empty());
    assert_eq!(store::calendar::imports(&mut app.conn()).unwrap().len(), 3);
    // Another replica starting up does not load the bundled year over it.
    service::calendar::load_bundled_if_missing(&mut app.conn()).unwrap();
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert!(!cal.is_working_day(day("2026-12-31")));
}

fn bin(dir: &std::path::Path) -> Command {
    let mut c = Command::new(common::portal_bin());
    for key in contest_portal::config::ENV_KEYS {
        c.env_remove(key);
    }
    c.env_remove("CONFIG_FILE");
    c.current_dir(dir);
    c.env("DATABASE_URL", "sqlite://cal.db");
    c
}

#[test]
fn the_command_line_imports_big5_and_prints_due_dates() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::env::current_dir()
        .unwrap()
        .join("tests/fixtures/calendar");
    let out = bin(dir.path())
        .args(["due-date", "--from", "2026-02-12", "--days", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("due date: 2026-02-23"), "{text}");
    let out = bin(dir.path())
        .args(["due-date", "--from", "2026-02-16"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("counted as routed on 2026-02-23") && text.contains("due date: 2026-03-16"),
        "{text}"
    );
    let out = bin(dir.path())
        .args(["due-date", "--from", "2026-12-28"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("warning: the calendar has no data for 2027-01-01"),
        "{text}"
    );

    let out = bin(dir.path())
        .arg("import-calendar")
        .arg(fixtures.join("2025.orig.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("office calendar 2025: 365 days"));
    let out = bin(dir.path())
        .arg("import-calendar")
        .arg(fixtures.join("SOURCES.md"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no column 西元日期") && !err.contains("panicked"),
        "{err}"
    );
    let out = bin(dir.path())
        .args(["due-date", "--from", "12/02/2026"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    data: Vec<u8>,
) -> reqwest::Response {
    app.upload_file(c, "/organise/calendar", name, data).await
}

#[actix_web::test]
async fn organisers_upload_a_year_and_check_due_dates_on_the_page() {
    let app = spawn_app().await;
    let org = common::contest::organiser(&app, "org@mol.gov.tw").await;
    let student = app.verified_user("s@ntu.edu.tw", "學生").await;
    assert_eq!(
        app.get_with(&student, "/organise/calendar").await.status(),
        reqwest::StatusCode::FORBIDDEN
    );

    // The page works out a due date: routed on 除夕 counts from 23 Feb.
    let html = app
        .get_with(&org, "/organise/calendar?from=2026-02-16&days=14")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("2026-02-16 不是工作天") && html.contains("期限：2026-03-16"),
        "{html}"
    );
    let resp = app
        .get_with(&org, "/organise/calendar?from=16/02/2026&days=abc")
        .await;
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("請輸入日期") && html.contains("請輸入 1 到 120"),
        "{html}"
    );

    // Not a calendar: refused, with the reason, and nothing changes.
    let before = store::calendar::imports(&mut app.conn()).unwrap().len();
    let resp = upload(&app, &org, "notes.csv", "a,b\n1,2\n".as_bytes().to_vec()).await;
    assert_eq!(resp.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("檔案缺少「西元日期」欄"));
    let resp = upload(&app, &org, "huge.csv", vec![b'x'; 600 * 1024]).await;
    assert_eq!(resp.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        store::calendar::imports(&mut app.conn()).unwrap().len(),
        before
    );

    // The re-issued 2026 file (UTF-8 here) replaces 2026.
    let resp = upload(&app, &org, "115年.csv", reissued_2026()).await;
    assert_eq!(resp.status(), reqwest::StatusCode::SEE_OTHER);
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert!(!cal.is_working_day(day("2026-12-31")));
    assert!(app.audit_actions().iter().any(|a| a == "calendar.import"));
    let html = app
        .get_with(&org, "/organise/calendar")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("upload: 115年.csv") && html.contains("365 天（放假 121 天）"),
        "{html}"
    );
    // The public help page states the rule.
    let html = app.get("/help/working-days").await.text().await.unwrap();
    assert!(
        html.contains("始日不計算") && html.contains("2026-03-12"),
        "{html}"
    );
}

/// The upload as a service: organisers only, a file name that no text may
/// hold is refused before anything is stored, and an import is audited
/// with who made it.
#[actix_web::test]
async fn uploads_are_the_organisers_and_refusals_store_nothing() {
    let app = spawn_app().await;
    common::contest::organiser(&app, "cal@mol.gov.tw").await;
    app.verified_user("s@ntu.edu.tw", "學生").await;
    let days = contest_portal::domain::calendar::parse_whole_years(&reissued_2026()).unwrap();
    let student = person_of(&app, "s@ntu.edu.tw");
    assert!(matches!(
        service::calendar::upload(&app.portal, &student, "115.csv", days.clone()),
        Err(service::Error::Forbidden)
    ));
    let org = person_of(&app, "cal@mol.gov.tw");
    match service::calendar::upload(&app.portal, &org, "115\0.csv", days.clone()) {
        Err(service::Error::Invalid(e)) => assert_eq!(e.get("file"), Some("error-text-control")),
        other => panic!("{other:?}"),
    }
    assert_eq!(store::calendar::imports(&mut app.conn()).unwrap().len(), 2);
    let years = service::calendar::upload(&app.portal, &org, "115.csv", days).unwrap();
    assert_eq!(years, vec![(2026, 365)]);
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert!(!cal.is_working_day(day("2026-12-31")));
    assert!(app.audit_actions().iter().any(|a| a == "calendar.import"));
    let check = service::calendar::due_date(&app.portal, day("2026-12-28"), 3).unwrap();
    assert_eq!(check.due, day("2027-01-01"));
    assert_eq!(check.gap, Some(day("2027-01-01")));
}
