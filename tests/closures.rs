//! Office closures (停止上班): a closure for the portal's area is a day off
//! on the bundled official calendar, moves the due dates of open requests
//! (event, one notification to the unit, audit row) and moves them back
//! when removed; other areas, days already off, duplicates, bad input and
//! other roles change nothing.

mod common;

use chrono::{NaiveDate, Utc};
use common::contest::*;
use common::*;
use contest_portal::domain::role::Role;
use contest_portal::service;
use contest_portal::store;
use reqwest::StatusCode;

const PAGE: &str = "/organise/calendar/closures";
const REFERENCE: &str = "行政院人事行政總處 115年9月28日 停止上班公告";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn unit_id(app: &TestApp, code: &str) -> i32 {
    store::units::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.code == code)
        .unwrap()
        .id
}

async fn unit_reviewer(app: &TestApp, email: &str, unit: i32) -> reqwest::Client {
    let c = app.verified_user(email, "業務承辦").await;
    store::users::grant_role(
        &mut app.conn(),
        app.user_id(email),
        Role::UnitReviewer,
        Some(unit),
        None,
        Utc::now().naive_utc(),
    )
    .unwrap();
    c
}

fn request(app: &TestApp, id: i32) -> store::requests::Request {
    store::requests::find(&mut app.conn(), id).unwrap().unwrap()
}

async fn act(
    app: &TestApp,
    c: &reqwest::Client,
    id: i32,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let version = request(app, id).version.to_string();
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    app.post_with(c, &format!("/requests/{id}/act"), &all).await
}

async fn file(app: &TestApp, c: &reqwest::Client, title: &str) -> i32 {
    let resp = app
        .post_with(
            c,
            "/requests/new",
            &[
                ("title", title),
                ("description", "各行業別的職災保險費率，含歷年變動"),
                ("fields", "行業代碼、費率、適用年度"),
                ("purpose", "比較各產業的職災風險並製作互動圖表"),
                ("format", "CSV"),
                ("action", "file"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    location(&resp)
        .trim_start_matches("/requests/")
        .parse()
        .unwrap()
}

/// Makes request `id` (routed today) routed on `routed` instead, due 14
/// working days later on the calendar as it stands, as the clock would have
/// made it that day. Returns the due date.
fn routed_on(app: &TestApp, id: i32, routed: &str) -> NaiveDate {
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    let due = cal.add_working_days(day(routed), 14);
    exec(
        &mut app.conn(),
        &format!("UPDATE data_request_spans SET started_on = '{routed}', due_on = '{due}' WHERE request_id = {id}"),
    );
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE data_requests SET routed_on = '{routed}', due_on = '{due}' WHERE id = {id}"
        ),
    );
    due
}

fn span_due(app: &TestApp, id: i32) -> NaiveDate {
    store::requests::spans(&mut app.conn(), id)
        .unwrap()
        .last()
        .unwrap()
        .due_on
}

fn closures(app: &TestApp) -> Vec<store::calendar::Closure> {
    store::calendar::closures(&mut app.conn()).unwrap()
}

/// The notifications of `kind` that `email` has.
fn notified(app: &TestApp, email: &str, kind: &str) -> usize {
    store::notifications::list(
        &mut app.conn(),
        app.user_id(email),
        store::PageRequest::new(None, 200),
    )
    .unwrap()
    .items
    .iter()
    .filter(|n| n.kind == kind)
    .count()
}

async fn record(
    app: &TestApp,
    c: &reqwest::Client,
    date: &str,
    area: &str,
    reference: &str,
) -> reqwest::Response {
    app.post_with(
        c,
        PAGE,
        &[("date", date), ("area", area), ("reference", reference)],
    )
    .await
}

/// The "done when", on the bundled official calendar.
#[actix_web::test]
async fn a_closure_moves_an_open_request_one_working_day_and_its_removal_moves_it_back() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let uid = insurance.to_string();
    let open = file(&app, &student, "職災保險費率").await;
    let answered = file(&app, &student, "勞保投保人數").await;
    for id in [open, answered] {
        let r = act(&app, &org, id, &[("action", "route"), ("unit_id", &uid)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    // The second is answered: its history stays as it was.
    let r = act(
        &app,
        &unit,
        answered,
        &[("action", "approve"), ("expected_on", "2099-01-01")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(routed_on(&app, open, "2026-09-21"), day("2026-10-14"));
    assert_eq!(routed_on(&app, answered, "2026-09-21"), day("2026-10-14"));
    let routed_mails = notified(&app, "bli@mol.gov.tw", "request-due-moved");
    assert_eq!(routed_mails, 0);

    // Typhoon day on Tuesday 29 September 2026, in Taipei.
    let resp = record(&app, &org, "2026-09-29", "臺北市", REFERENCE).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), PAGE);
    let r = request(&app, open);
    assert_eq!(r.due_on, Some(day("2026-10-15")));
    assert_eq!(r.state.as_str(), "routed");
    assert_eq!(span_due(&app, open), day("2026-10-15"));
    assert_eq!(request(&app, answered).due_on, Some(day("2026-10-14")));
    assert_eq!(span_due(&app, answered), day("2026-10-14"));
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert!(!cal.is_working_day(day("2026-09-29")));
    // One notification to the unit, about the open request only.
    assert_eq!(notified(&app, "bli@mol.gov.tw", "request-due-moved"), 1);
    let mails: Vec<_> = app
        .outbox_for("bli@mol.gov.tw")
        .into_iter()
        .filter(|m| m.kind == "request-due-moved")
        .collect();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].body_text.contains("職災保險費率")
            && mails[0].body_text.contains("2026-10-15")
            && mails[0].body_text.contains(REFERENCE),
        "{}",
        mails[0].body_text
    );
    assert_eq!(notified(&app, "stu@ntu.edu.tw", "request-due-moved"), 0);
    // On the public timeline, in the reader's language.
    let events = store::requests::events(&mut app.conn(), open).unwrap();
    assert_eq!(events.iter().filter(|e| e.action == "closure").count(), 1);
    assert!(store::requests::events(&mut app.conn(), answered)
        .unwrap()
        .iter()
        .all(|e| e.action != "closure"));
    let (status, html) = app.get_html(&format!("/requests/{open}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("因 2026-09-29 停止上班") && html.contains("由 2026-10-14 順延至 2026-10-15"),
        "{html}"
    );
    let en = app
        .client
        .get(app.url(&format!("/requests/{open}")))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        en.contains("Due date moved from 2026-10-14 to 2026-10-15"),
        "{en}"
    );
    assert!(app
        .audit_actions()
        .contains(&"calendar.closure-add".to_string()));
    // The calendar page counts it among the days off, and its check skips it.
    let page = app
        .get_with(&org, "/organise/calendar?from=2026-09-21&days=14")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<time datetime=\"2026-09-29\">") && page.contains("期限：2026-10-15"),
        "{page}"
    );
    assert!(page.contains("/organise/calendar/closures"));
    let list = app.get_with(&org, PAGE).await.text().await.unwrap();
    assert!(
        list.contains("已採計") && list.contains(REFERENCE),
        "{list}"
    );

    // The published calendar is the same file: no difference, and a
    // re-import of the year keeps the closure.
    let bundled = std::fs::read("assets/calendar/2026.csv").unwrap();
    let days = contest_portal::domain::calendar::parse_whole_years(&bundled).unwrap();
    assert!(!cal.differs(&days));
    service::calendar::import(&app.portal, "re-issued 2026", days).unwrap();
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert!(
        !cal.is_working_day(day("2026-09-29")),
        "survives a re-import"
    );

    // Removed by mistake: a reason is needed, then it moves back.
    let id = closures(&app)[0].id;
    let confirm = format!("{PAGE}/{id}/remove");
    let resp = app.get_with(&org, &confirm).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("刪除原因") && html.contains("2026-09-29"),
        "{html}"
    );
    let resp = app.post_with(&org, &confirm, &[("reason", " ")]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(closures(&app).len(), 1, "nothing removed without a reason");
    let resp = app
        .post_with(&org, &confirm, &[("reason", "日期登錄錯誤")])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(closures(&app).is_empty());
    assert_eq!(request(&app, open).due_on, Some(day("2026-10-14")));
    assert_eq!(span_due(&app, open), day("2026-10-14"));
    assert_eq!(request(&app, answered).due_on, Some(day("2026-10-14")));
    assert_eq!(notified(&app, "bli@mol.gov.tw", "request-due-moved"), 2);
    let events = store::requests::events(&mut app.conn(), open).unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "closure-removed")
            .count(),
        1
    );
    let (_, html) = app.get_html(&format!("/requests/{open}")).await;
    assert!(html.contains("由 2026-10-15 改回 2026-10-14"), "{html}");
    assert!(app
        .audit_actions()
        .contains(&"calendar.closure-remove".to_string()));
    assert!(store::calendar::load(&mut app.conn())
        .unwrap()
        .is_working_day(day("2026-09-29")));
    // Removing it again: it is gone.
    assert_eq!(
        app.post_with(&org, &confirm, &[("reason", "再刪一次")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn other_areas_days_off_duplicates_bad_input_and_other_roles_change_nothing() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let id = file(&app, &student, "職災保險費率").await;
    act(
        &app,
        &org,
        id,
        &[("action", "route"), ("unit_id", &insurance.to_string())],
    )
    .await;
    routed_on(&app, id, "2026-09-21");
    let unchanged = |app: &TestApp| {
        assert_eq!(request(app, id).due_on, Some(day("2026-10-14")));
        assert_eq!(notified(app, "bli@mol.gov.tw", "request-due-moved"), 0);
    };

    // The form offers the 22 areas, the configured one chosen.
    let html = app.get_with(&org, PAGE).await.text().await.unwrap();
    assert_eq!(html.matches("<option ").count(), 22);
    assert!(
        html.contains("<option value=\"臺北市\" selected>"),
        "{html}"
    );

    // New Taipei closed, Taipei did not: recorded, not applied, said so.
    let resp = record(&app, &org, "2026-09-29", "新北市", "新北市政府公告").await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    unchanged(&app);
    assert!(store::calendar::load(&mut app.conn())
        .unwrap()
        .is_working_day(day("2026-09-29")));
    let html = app.get_with(&org, PAGE).await.text().await.unwrap();
    assert!(
        html.contains("未採計") && html.contains("這個縣市不是臺北市，此紀錄不影響任何期限"),
        "{html}"
    );

    // Sunday 27 September: recorded, a day off anyway.
    let resp = record(&app, &org, "2026-09-27", "臺北市", REFERENCE).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    unchanged(&app);
    assert_eq!(closures(&app).len(), 2);
    let html = app.get_with(&org, PAGE).await.text().await.unwrap();
    assert!(html.contains("當天原本就放假"), "{html}");

    // The same day and area again: 409, said beside the date, nothing new.
    let resp = record(&app, &org, "2026-09-27", "臺北市", "再登錄一次").await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("已經登錄過了") && html.contains("再登錄一次"),
        "{html}"
    );
    assert_eq!(closures(&app).len(), 2);

    // Bad input: on the same form, what was typed kept, nothing written.
    let audits = app.audit_actions().len();
    for (date, area, reference, says) in [
        ("2026-09-29", "臺北市", "", "必填"),
        ("2026-09-29", "臺北市", "颱風\0停班", "控制字元"),
        ("2026-09-29", "臺北市", "\u{202E}告公班停", "文字方向"),
        ("2027-09-29", "臺北市", "明年的公告", "辦公日曆沒有這一年"),
        ("not-a-date", "臺北市", "日期錯誤的公告", "請輸入日期"),
        ("2026-09-29", "東京都", "東京公告", "請選擇縣市"),
    ] {
        let resp = record(&app, &org, date, area, reference).await;
        assert_eq!(
            resp.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{date} {area} {reference:?}"
        );
        let html = resp.text().await.unwrap();
        assert!(html.contains(says), "{says}: {html}");
        assert!(html.contains("field-error"));
        if !reference.contains('\0') && !reference.contains('\u{202E}') {
            assert!(html.contains(&format!("value=\"{date}\"")), "{html}");
            assert!(html.contains(reference), "kept: {reference}");
        }
    }
    assert_eq!(closures(&app).len(), 2, "nothing written");
    assert_eq!(app.audit_actions().len(), audits);
    unchanged(&app);

    // Only organisers.
    for c in [&student, &unit] {
        assert_eq!(app.get_with(c, PAGE).await.status(), StatusCode::FORBIDDEN);
        let resp = record(&app, c, "2026-09-29", "臺北市", REFERENCE).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        let removal = format!("{PAGE}/{}/remove", closures(&app)[0].id);
        assert_eq!(
            app.post_with(c, &removal, &[("reason", "誤植")])
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(closures(&app).len(), 2);
    let anonymous = app.get(PAGE).await;
    assert_ne!(anonymous.status(), StatusCode::OK);
    unchanged(&app);
}

/// Two organisers record the same closure at the same moment, on two
/// replicas: one row, the other told so (409).
#[actix_web::test]
async fn the_same_closure_recorded_at_once_on_two_replicas_is_one_row() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let first = organiser(&app, "org1@mol.gov.tw").await;
    let second = organiser(&app, "org2@mol.gov.tw").await;
    let tokens = [app.csrf_for(&first).await, app.csrf_for(&second).await];
    open_pools(&first, &[&app.address, &replica], PAGE, 8).await;
    open_pools(&second, &[&app.address, &replica], PAGE, 8).await;
    let posts = (0..8).map(|i| {
        let (base, c, token) = if i % 2 == 0 {
            (&app.address, &first, &tokens[0])
        } else {
            (&replica, &second, &tokens[1])
        };
        c.post(format!("{base}{PAGE}"))
            .form(&[
                ("date", "2026-10-20"),
                ("area", "臺北市"),
                ("reference", REFERENCE),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert_eq!(closures(&app).len(), 1);
    let adds = app
        .audit_actions()
        .iter()
        .filter(|a| *a == "calendar.closure-add")
        .count();
    assert_eq!(adds, 1);
}

/// The unit report counts a closure as a day off in the time to answer,
/// though the answered request's dates stay as they were.
#[actix_web::test]
async fn the_unit_report_counts_a_closure_as_a_day_off() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let id = file(&app, &student, "職災保險費率").await;
    act(
        &app,
        &org,
        id,
        &[("action", "route"), ("unit_id", &insurance.to_string())],
    )
    .await;
    act(
        &app,
        &unit,
        id,
        &[("action", "approve"), ("expected_on", "2099-01-01")],
    )
    .await;
    routed_on(&app, id, "2026-09-21");
    // Answered on Thursday 1 October (Taipei): 22–24, 29, 30 Sep, 1 Oct.
    exec(
        &mut app.conn(),
        &format!("UPDATE data_request_spans SET ended_at = '2026-10-01 02:00:00' WHERE request_id = {id}"),
    );
    let report = "/organise/requests/report.csv?from=2026-09-01&to=2026-09-30";
    let line = |csv: String| {
        csv.lines()
            .find(|l| l.starts_with("勞動部勞動保險司"))
            .unwrap_or_else(|| panic!("{csv}"))
            .to_string()
    };
    let before = line(app.get_with(&org, report).await.text().await.unwrap());
    assert!(
        before.starts_with("勞動部勞動保險司,1,1,6.0,6,"),
        "{before}"
    );
    let resp = record(&app, &org, "2026-09-29", "臺北市", REFERENCE).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let after = line(app.get_with(&org, report).await.text().await.unwrap());
    assert!(after.starts_with("勞動部勞動保險司,1,1,5.0,5,"), "{after}");
    assert_eq!(span_due(&app, id), day("2026-10-14"), "answered: not moved");
    assert_eq!(notified(&app, "bli@mol.gov.tw", "request-due-moved"), 0);
}
