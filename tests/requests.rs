//! Data requests: filing, the public board, routing to a business unit, the
//! unit's answers on the office calendar, the paused clock, hand-back and
//! re-routing, publishing against a (local fake) catalogue API, comments,
//! followers and reminders that go out once.

mod common;

use std::net::TcpListener;

use actix_web::{web, App, HttpResponse, HttpServer};
use chrono::{NaiveDate, Utc};
use common::contest::*;
use common::*;
use contest_portal::domain::role::Role;
use contest_portal::store;
use reqwest::StatusCode;

/// A fake data.gov.tw that knows one dataset, 900001.
fn start_fake_catalogue() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(|| {
        App::new().route(
            "/api/v2/rest/dataset/{id}",
            web::get().to(|id: web::Path<String>| async move {
                if id.as_str() == "900001" {
                    HttpResponse::Ok().content_type("application/json").body(
                        r#"{"success":true,"result":{"datasetId":"900001","title":"各行業職業災害保險費率","publisherOID":"|勞動部勞工保險局","notes":"依行業別之職災保險費率","distribution":[]}}"#,
                    )
                } else {
                    HttpResponse::NotFound().finish()
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    format!("http://127.0.0.1:{port}")
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

fn today() -> NaiveDate {
    contest_portal::service::today()
}

/// Files a request through the form; returns its id.
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

#[actix_web::test]
async fn a_request_goes_from_filing_to_release_on_the_official_calendar() {
    let fake = start_fake_catalogue();
    let app = spawn_app_with(&[("CATALOG_DATAGOV_URL", &fake)]).await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let planning = unit_id(&app, "mol-planning");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let other_unit = unit_reviewer(&app, "plan@mol.gov.tw", planning).await;
    let follower = app.verified_user("fan@nccu.edu.tw", "追蹤者").await;

    // Bad input stays on the form with what was typed; nothing is filed.
    let long = "長".repeat(121);
    let resp = app
        .post_with(
            &student,
            "/requests/new",
            &[
                ("title", &long),
                ("description", ""),
                ("purpose", "研究"),
                ("format", "DOC"),
                ("needed_by", "2020-01-01"),
                ("action", "file"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("內容太長了")
            && html.contains("此欄必填")
            && html.contains("日期不能早於今天")
    );
    assert!(html.contains(&long[..30]), "input kept");
    assert_eq!(
        store::requests::list(
            &mut app.conn(),
            &Default::default(),
            store::PageRequest::new(None, 10)
        )
        .unwrap()
        .total,
        0
    );
    // "Check" suggests the catalogue dataset that already looks like it.
    let resp = app
        .post_with(
            &student,
            "/requests/new",
            &[
                ("title", "重大職業災害死亡人數按行業"),
                ("action", "check"),
                ("format", "CSV"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("可能已經有的資料") && html.contains("href=\"/catalog/43255\""),
        "{html}"
    );

    let id = file(&app, &student, "各行業職災保險費率").await;
    // Someone about to ask for the same is shown the open request.
    let html = app
        .post_with(
            &follower,
            "/requests/new",
            &[("title", "各行業職業災害保險費率"), ("action", "check")],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("href=\"/requests/{id}\"")), "{html}");
    // The public board shows it, never the requester's name or address.
    let board = app.get("/requests").await.text().await.unwrap();
    assert!(board.contains("各行業職災保險費率") && board.contains("待分派"));
    let page = app
        .get(&format!("/requests/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("王小明") && !page.contains("stu@ntu.edu.tw"));
    assert!(page.contains("申請人"));
    // The same suggestions while typing (static/requests.js), for signed-in users.
    let json: serde_json::Value = app
        .get_with(&follower, "/requests/similar?title=%E5%90%84%E8%A1%8C%E6%A5%AD%E8%81%B7%E6%A5%AD%E7%81%BD%E5%AE%B3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["requests"][0]["id"], id, "{json}");
    assert_eq!(json["requests"][0]["state"], "待分派");
    assert_ne!(
        app.get("/requests/similar?title=x").await.status(),
        StatusCode::OK
    );
    // Someone else follows it.
    let resp = app
        .post_with(&follower, &format!("/requests/{id}/follow"), &[])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(app
        .get(&format!("/requests/{id}"))
        .await
        .text()
        .await
        .unwrap()
        .contains("2 人追蹤"));

    // Only organisers route; the unit is told and the due date is the
    // 14th working day on the office calendar.
    let uid = insurance.to_string();
    assert_eq!(
        act(
            &app,
            &student,
            id,
            &[("action", "route"), ("unit_id", &uid)]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(&app, &org, id, &[("action", "route"), ("unit_id", &uid)])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let r = request(&app, id);
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    assert_eq!(r.state.as_str(), "routed");
    assert_eq!(r.due_on, Some(cal.add_working_days(today(), 14)));
    assert_eq!(
        cal.working_days_between(r.routed_on.unwrap(), r.due_on.unwrap()),
        14
    );
    assert!(app
        .outbox_for("bli@mol.gov.tw")
        .iter()
        .any(|m| m.kind == "request-routed"));
    assert!(app
        .outbox_for("stu@ntu.edu.tw")
        .iter()
        .any(|m| m.kind == "request-update"));
    // Routing twice is refused with nothing changed.
    assert_eq!(
        act(&app, &org, id, &[("action", "route"), ("unit_id", &uid)])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(request(&app, id).version, r.version);

    // Another unit's reviewer neither sees it in their queue nor can act on it.
    assert_eq!(
        app.get_with(&other_unit, &format!("/unit/requests?unit={insurance}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let queue = app
        .get_with(&other_unit, "/unit/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(!queue.contains("各行業職災保險費率"));
    let resp = act(
        &app,
        &other_unit,
        id,
        &[("action", "approve"), ("expected_on", "2099-01-01")],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = act(
        &app,
        &other_unit,
        id,
        &[("action", "publish"), ("dataset_id", "900001")],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let queue = app
        .get_with(&unit, "/unit/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(queue.contains("各行業職災保險費率"));
    assert_eq!(
        app.get_with(&student, "/unit/requests").await.status(),
        StatusCode::FORBIDDEN
    );

    // The unit asks for more; the clock pauses until the requester answers.
    let resp = act(&app, &unit, id, &[("action", "ask-info"), ("message", "")]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        act(
            &app,
            &unit,
            id,
            &[("action", "ask-info"), ("message", "請說明需要哪些年度")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(request(&app, id).paused_on, Some(today()));
    assert_eq!(
        act(&app, &org, id, &[("action", "answer"), ("message", "x")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(
            &app,
            &student,
            id,
            &[("action", "answer"), ("message", "2015 年以後")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let r = request(&app, id);
    assert_eq!((r.state.as_str(), r.paused_on), ("routed", None));

    // Approve with an expected date, then release: an unknown id is refused
    // with nothing changed; the real one is imported into the catalogue.
    assert_eq!(
        act(
            &app,
            &unit,
            id,
            &[("action", "approve"), ("expected_on", "2020-01-01")]
        )
        .await
        .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        act(
            &app,
            &unit,
            id,
            &[("action", "approve"), ("expected_on", "2099-06-30")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let r = request(&app, id);
    assert_eq!(r.answered_in_time, Some(true));
    assert_eq!(r.answered_days, Some(0));
    let resp = act(
        &app,
        &unit,
        id,
        &[("action", "publish"), ("dataset_id", "123456")],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("找不到這個資料集識別碼"));
    assert_eq!(request(&app, id).state.as_str(), "approved");
    // A stale form is refused and the dataset is not imported on its account.
    let resp = app
        .post_with(
            &unit,
            &format!("/requests/{id}/act"),
            &[
                ("version", "0"),
                ("action", "publish"),
                ("dataset_id", "900001"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert!(
        resp.text().await.unwrap().contains("value=\"900001\""),
        "input kept"
    );
    assert!(store::catalog::find_by_source_id(&mut app.conn(), "900001")
        .unwrap()
        .is_none());
    assert_eq!(
        act(
            &app,
            &unit,
            id,
            &[("action", "publish"), ("dataset_id", "900001")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let r = request(&app, id);
    assert_eq!(
        (r.state.as_str(), r.dataset_id.as_deref()),
        ("published", Some("900001"))
    );
    assert!(store::catalog::find_by_source_id(&mut app.conn(), "900001")
        .unwrap()
        .is_some());
    assert!(
        app.outbox_for("fan@nccu.edu.tw")
            .iter()
            .filter(|m| m.kind == "request-update")
            .count()
            >= 4
    );
    // Answered: too late to withdraw.
    assert_eq!(
        act(&app, &student, id, &[("action", "withdraw")])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let page = app
        .get(&format!("/requests/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("0 個工作天 ✓"),
        "answered the same day, in time"
    );
    for step in [
        "轉交業務單位",
        "請申請人補充",
        "回覆補充資料",
        "同意開放",
        "已上架開放",
        "勞動部勞動保險司",
    ] {
        assert!(page.contains(step), "{step} on the timeline");
    }
    let actions = app.audit_actions();
    for a in [
        "request.file",
        "request.route",
        "request.ask-info",
        "request.answer",
        "request.approve",
        "request.publish",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a}");
    }
}

#[actix_web::test]
async fn organisers_close_requests_and_units_hand_them_back() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let other = app.verified_user("x@nccu.edu.tw", "旁人").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let a = file(&app, &student, "外籍移工人數").await;
    let b = file(&app, &student, "外籍移工人數按國籍").await;

    // Duplicate: must point at another live request.
    let resp = act(
        &app,
        &org,
        b,
        &[
            ("action", "close-duplicate"),
            ("duplicate_of", &b.to_string()),
            ("message", "重複"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(request(&app, b).state.as_str(), "submitted");
    let resp = act(
        &app,
        &org,
        b,
        &[
            ("action", "close-duplicate"),
            ("duplicate_of", &a.to_string()),
            ("message", "請追蹤 #1"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(request(&app, b).duplicate_of, Some(a));
    // Already available: the dataset must be known (6262 is in the bundled catalogue).
    let c = file(&app, &student, "勞保投保資料").await;
    let resp = act(
        &app,
        &org,
        c,
        &[
            ("action", "close-available"),
            ("dataset_id", "6262"),
            ("message", "已開放"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(request(&app, c).state.as_str(), "available");

    // Routing to a unit that does not exist is explained on the form.
    let resp = act(
        &app,
        &org,
        a,
        &[
            ("action", "route"),
            ("unit_id", "999999"),
            ("message", "轉給你"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("請選擇業務單位"));
    assert_eq!(request(&app, a).state.as_str(), "submitted");
    // Routed, handed back, routed again: two spans kept.
    let uid = insurance.to_string();
    act(&app, &org, a, &[("action", "route"), ("unit_id", &uid)]).await;
    assert_eq!(
        act(
            &app,
            &unit,
            a,
            &[("action", "hand-back"), ("message", "非本司業務")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let r = request(&app, a);
    assert_eq!(
        (r.state.as_str(), r.unit_id, r.due_on),
        ("submitted", None, None)
    );
    act(&app, &org, a, &[("action", "route"), ("unit_id", &uid)]).await;
    let spans = store::requests::spans(&mut app.conn(), a).unwrap();
    assert_eq!(spans.len(), 2);
    assert_eq!(spans[0].outcome.as_deref(), Some("hand-back"));
    assert!(spans[1].ended_at.is_none());

    // Comments: the requester, organisers and the unit; others may not.
    let comments = format!("/requests/{a}/comments");
    assert_eq!(
        app.post_with(&other, &comments, &[("body", "我也要")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_with(&student, &comments, &[("body", "")])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post_with(
            &student,
            &comments,
            &[("body", "<script>alert(1)</script>請協助")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let page = app
        .get(&format!("/requests/{a}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("&lt;script&gt;") && !page.contains("<script>alert"));
    let cid = store::requests::comments(&mut app.conn(), a).unwrap()[0].id;
    let hide = format!("/requests/{a}/comments/{cid}/hide");
    assert_eq!(
        app.post_with(&unit, &hide, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_with(&org, &hide, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(!app
        .get(&format!("/requests/{a}"))
        .await
        .text()
        .await
        .unwrap()
        .contains("請協助"));
    assert!(app
        .audit_actions()
        .iter()
        .any(|x| x == "request.comment-hide"));

    // The requester withdraws while it is not answered; then only they see it.
    assert_eq!(
        act(&app, &other, a, &[("action", "withdraw")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(&app, &student, a, &[("action", "withdraw")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get(&format!("/requests/{a}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&unit, &format!("/requests/{a}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_with(&student, &comments, &[("body", "還在嗎")])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.get_with(&student, &format!("/requests/{a}"))
            .await
            .status(),
        StatusCode::OK
    );
    assert!(!app
        .get("/requests")
        .await
        .text()
        .await
        .unwrap()
        .contains("外籍移工人數</a>"));
    // A stale form is refused.
    let resp = app
        .post_with(
            &org,
            &format!("/requests/{c}/act"),
            &[("version", "0"), ("action", "route"), ("unit_id", &uid)],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
}

#[actix_web::test]
async fn reminders_go_out_once_even_with_two_instances() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let _unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let id = file(&app, &student, "職災統計").await;
    act(
        &app,
        &org,
        id,
        &[("action", "route"), ("unit_id", &insurance.to_string())],
    )
    .await;
    let due = request(&app, id).due_on.unwrap();
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    // Three working days before the due date, and on it.
    let mut three_before = due;
    while cal.working_days_between(three_before, due) < 3 {
        three_before -= chrono::Duration::days(1);
    }
    let reminders = |app: &TestApp| {
        app.outbox_for("bli@mol.gov.tw")
            .iter()
            .filter(|m| m.kind == "request-reminder")
            .count()
    };
    for day in [three_before, due] {
        let (s1, s2) = (app.portal.clone(), app.portal.clone());
        let t1 = std::thread::spawn(move || {
            contest_portal::service::requests::remind_due(&s1, day).unwrap()
        });
        let t2 = std::thread::spawn(move || {
            contest_portal::service::requests::remind_due(&s2, day).unwrap()
        });
        assert_eq!(t1.join().unwrap() + t2.join().unwrap(), 1, "{day}");
    }
    assert_eq!(reminders(&app), 2);
    // Run again on the same days: nothing more.
    for day in [three_before, due] {
        assert_eq!(
            contest_portal::service::requests::remind_due(&app.portal, day).unwrap(),
            0
        );
    }
    assert_eq!(reminders(&app), 2);
    // The organisers' overdue list has it the day after.
    let html = app
        .get_with(&org, "/organise/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("職災統計"));
}

#[actix_web::test]
async fn the_unit_report_shows_answer_times_and_reasons_are_configurable() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let uid = insurance.to_string();
    let ids = [
        file(&app, &student, "甲資料").await,
        file(&app, &student, "乙資料").await,
        file(&app, &student, "丙資料").await,
    ];
    for id in ids {
        act(&app, &org, id, &[("action", "route"), ("unit_id", &uid)]).await;
    }
    act(
        &app,
        &unit,
        ids[0],
        &[("action", "approve"), ("expected_on", "2099-01-01")],
    )
    .await;

    // Reasons: an organiser switches one off and adds another.
    let reasons = store::requests::reasons(&mut app.conn()).unwrap();
    let cost = reasons.iter().find(|r| r.code == "cost").unwrap();
    assert_eq!(
        app.post_with(
            &unit,
            "/organise/request-reasons",
            &[
                ("action", "add"),
                ("code", "x"),
                ("label_zh", "x"),
                ("label_en", "x")
            ]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let resp = app
        .post_with(
            &org,
            "/organise/request-reasons",
            &[
                ("action", "add"),
                ("code", "Bad Code"),
                ("label_zh", "資安疑慮"),
                ("label_en", ""),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("value=\"資安疑慮\""));
    let resp = app
        .post_with(
            &org,
            "/organise/request-reasons",
            &[
                ("action", "add"),
                ("code", "security"),
                ("label_zh", "資安疑慮"),
                ("label_en", "Security concern"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let resp = app
        .post_with(
            &org,
            "/organise/request-reasons",
            &[
                ("action", "add"),
                ("code", "security"),
                ("label_zh", "重複"),
                ("label_en", "Again"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    app.post_with(
        &org,
        "/organise/request-reasons",
        &[
            ("action", "save"),
            ("id", &cost.id.to_string()),
            ("label_zh", &cost.label_zh),
            ("label_en", &cost.label_en),
        ],
    )
    .await;
    let resp = act(
        &app,
        &unit,
        ids[1],
        &[
            ("action", "reject"),
            ("reason", "cost"),
            ("message", "太貴"),
        ],
    )
    .await;
    assert_eq!(
        resp.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "switched off"
    );
    assert_eq!(request(&app, ids[1]).state.as_str(), "routed");
    let resp = act(
        &app,
        &unit,
        ids[1],
        &[
            ("action", "reject"),
            ("reason", "security"),
            ("message", "涉及系統安全"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&format!("/requests/{}", ids[1]))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("資安疑慮") && page.contains("涉及系統安全"));

    // The third is made long overdue: routed a month ago.
    let old = today() - chrono::Duration::days(40);
    let cal = store::calendar::load(&mut app.conn()).unwrap();
    let due = cal.add_working_days(old, 14);
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE data_request_spans SET started_on = '{old}', due_on = '{due}' WHERE request_id = {}",
            ids[2]
        ),
    );
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE data_requests SET routed_on = '{old}', due_on = '{due}' WHERE id = {}",
            ids[2]
        ),
    );
    let from = (today() - chrono::Duration::days(60))
        .format("%Y-%m-%d")
        .to_string();
    // A request routed on a Saturday starts its clock on Monday: the period
    // runs a week past today so that such spans are in it whatever the day.
    let to = (today() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let report = format!("/organise/requests/report?from={from}&to={to}");
    assert_eq!(
        app.get_with(&unit, &report).await.status(),
        StatusCode::FORBIDDEN
    );
    let html = app.get_with(&org, &report).await.text().await.unwrap();
    assert!(
        html.contains("勞動部勞動保險司") && html.contains("逾期 1"),
        "{html}"
    );
    assert!(html.contains("<svg") && html.contains("<title id=\"chart-title\">"));
    let csv = app
        .get_with(
            &org,
            &format!("/organise/requests/report.csv?from={from}&to={to}"),
        )
        .await
        .text()
        .await
        .unwrap();
    // Received 3, answered 2 (both the same day: 0 working days), 100 % in time.
    assert!(
        csv.contains("勞動部勞動保險司,3,2,0.0,0,100%,1,0,1,0,0,1,1"),
        "{csv}"
    );
    let overdue = app
        .get_with(&org, "/organise/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        overdue.contains("丙資料") && overdue.contains("已逾期"),
        "{overdue}"
    );
    // A period the wrong way round is explained.
    let resp = app
        .get_with(
            &org,
            &format!("/organise/requests/report?from={to}&to={from}"),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Sixteen organisers' clicks on "route to the Department of Labor
/// Insurance" at the same moment, half through each of two replicas: one
/// routing happens, the rest are told someone came first, and the unit's
/// report counts one request received, not one per click.
#[actix_web::test]
async fn simultaneous_routings_leave_one_clock_span_and_a_true_report() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let id = file(&app, &student, "職災統計").await;
    let version = request(&app, id).version.to_string();
    let token = app.csrf_for(&org).await;
    let unit = insurance.to_string();
    open_pools(
        &org,
        &[&app.address, &replica],
        &format!("/requests/{id}"),
        16,
    )
    .await;
    let posts = (0..16).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        org.post(format!("{base}/requests/{id}/act"))
            .form(&[
                ("action", "route"),
                ("unit_id", unit.as_str()),
                ("version", version.as_str()),
                ("message", ""),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert_eq!(
        store::requests::spans(&mut app.conn(), id).unwrap().len(),
        1
    );
    let r = request(&app, id);
    assert_eq!((r.state.as_str(), r.unit_id), ("routed", Some(insurance)));
    let routes = store::requests::events(&mut app.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "route")
        .count();
    assert_eq!(routes, 1, "one routing in the timeline");

    // A span counts from the day its clock starts (after a weekend, the
    // Monday): the period runs a week past today.
    let to = (today() + chrono::Duration::days(7)).format("%Y-%m-%d");
    let csv = app
        .get_with(&org, &format!("/organise/requests/report.csv?to={to}"))
        .await
        .text()
        .await
        .unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("勞動部勞動保險司"))
        .unwrap_or_else(|| panic!("the unit has a line: {csv}"));
    assert_eq!(line.split(',').nth(1), Some("1"), "received once: {line}");
}

/// A NUL byte or a control character in a search or a form is refused on
/// the page with a message, what was typed is kept, and nothing is stored.
#[actix_web::test]
async fn control_characters_are_refused_on_the_form_and_never_stored() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let (status, html) = app.get_html("/requests?q=%E8%81%B7%00%E7%81%BD").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("控制字元"), "{html}");
    // Invalid UTF-8 is not a search at all.
    assert_eq!(
        app.get("/requests?q=%FF%FE").await.status(),
        StatusCode::BAD_REQUEST
    );
    for (field, bad) in [
        ("title", "職災\0統計"),
        ("title", "\u{202E}statistics"),
        ("description", "各行業\u{1b}[31m費率"),
        ("purpose", "比較\u{0}"),
    ] {
        let mut form = vec![
            ("title", "職災統計"),
            ("description", "各行業別的職災保險費率，含歷年變動"),
            ("fields", ""),
            ("purpose", "比較各產業的職災風險並製作互動圖表"),
            ("format", "CSV"),
            ("action", "file"),
        ];
        for f in form.iter_mut() {
            if f.0 == field {
                f.1 = bad;
            }
        }
        let resp = app.post_with(&student, "/requests/new", &form).await;
        assert_eq!(
            resp.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} {bad:?}"
        );
        let html = resp.text().await.unwrap();
        assert!(html.contains("field-error"), "{field}: {html}");
        assert!(html.contains("各行業"), "the rest of the form is kept");
    }
    let filed = store::requests::list(
        &mut app.conn(),
        &Default::default(),
        store::PageRequest::new(None, 10),
    )
    .unwrap();
    assert_eq!(filed.total, 0, "nothing half-written");
    // A comment with a NUL is refused on the page too.
    let id = file(&app, &student, "職災統計").await;
    let resp = app
        .post_with(
            &student,
            &format!("/requests/{id}/comments"),
            &[("body", "請問\0何時")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(store::requests::comments(&mut app.conn(), id)
        .unwrap()
        .is_empty());
}

/// A long queue section shows its first rows with a link to the whole
/// section, which pages on its own; an unknown section is not a page.
#[actix_web::test]
async fn a_long_queue_section_opens_alone_a_page_at_a_time() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let insurance = unit_id(&app, "mol-insurance");
    let unit = unit_reviewer(&app, "bli@mol.gov.tw", insurance).await;
    let requester = app.user_id("stu@ntu.edu.tw");
    {
        let mut conn = app.conn();
        for i in 0..25 {
            let title = format!("待分派第{i:02}件");
            store::requests::create(
                &mut conn,
                &store::requests::NewRequest {
                    requester_id: requester,
                    team_id: None,
                    entry_id: None,
                    title: &title,
                    description: "各行業別的職災保險費率",
                    fields: "行業代碼、費率",
                    purpose: "比較各產業的職災風險",
                    suggested_unit_id: None,
                    preferred_format: "CSV",
                    needed_by: None,
                    show_team: false,
                    challenge_id: None,
                },
                Utc::now().naive_utc(),
            )
            .unwrap();
        }
    }
    let titles = |html: &str| html.matches("待分派第").count();
    let (status, heads) = app.page_as(&org, "/organise/requests").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(titles(&heads), 20, "the first 20 of the section");
    assert!(heads.contains("顯示這一類的全部 25 件"), "{heads}");
    let alone = "/organise/requests?section=requests-to-triage";
    assert!(heads.contains("/organise/requests?section&#x3D;requests-to-triage"));
    let (_, html) = app.page_as(&org, alone).await;
    assert_eq!(titles(&html), 25, "every request of the section");
    assert!(html.contains("回到所有分類") && html.contains("第 1 頁，共 1 頁"));
    assert!(!html.contains("逾期未回覆"), "only the section asked for");
    for (who, path, status) in [
        (
            &org,
            "/organise/requests?section=nope",
            StatusCode::NOT_FOUND,
        ),
        (&student, alone, StatusCode::FORBIDDEN),
        (&unit, alone, StatusCode::FORBIDDEN),
        (
            &unit,
            "/unit/requests?section=requests-to-answer&page=2",
            StatusCode::OK,
        ),
        (
            &unit,
            "/unit/requests?section=requests-to-triage",
            StatusCode::NOT_FOUND,
        ),
    ] {
        assert_eq!(app.get_with(who, path).await.status(), status, "{path}");
    }
    // In English too.
    app.use_english(&org).await;
    let (_, en) = app.page_as(&org, "/organise/requests").await;
    assert!(en.contains("Show all 25 in this section"), "{en}");
    let (_, en) = app.page_as(&org, alone).await;
    assert!(en.contains("Back to every section"), "{en}");
}
