//! The notification centre: what the portal tells people shows under the
//! bell, opens the page it is about, and e-mail can be turned off per kind.

mod common;

use chrono::Utc;
use common::contest::*;
use common::*;
use contest_portal::domain::role::Role;
use contest_portal::store;
use reqwest::StatusCode;

#[actix_web::test]
async fn notifications_show_in_the_portal_and_email_can_be_turned_off() {
    let app = spawn_app().await;
    let student = app.verified_user("stu@ntu.edu.tw", "王小明").await;
    let other = app.verified_user("x@nccu.edu.tw", "旁人").await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let units = store::units::list(&mut app.conn()).unwrap();
    let unit = units.iter().find(|u| u.code == "bli").unwrap().id;
    let reviewer = app.verified_user("bli@mol.gov.tw", "勞保局").await;
    store::users::grant_role(
        &mut app.conn(),
        app.user_id("bli@mol.gov.tw"),
        Role::UnitReviewer,
        Some(unit),
        None,
        Utc::now().naive_utc(),
    )
    .unwrap();
    let resp = app
        .post_with(
            &student,
            "/requests/new",
            &[
                ("title", "外籍移工人數"),
                ("description", "按國籍與行業"),
                ("purpose", "分析"),
                ("format", "CSV"),
                ("action", "file"),
            ],
        )
        .await;
    let id: i32 = location(&resp)
        .trim_start_matches("/requests/")
        .parse()
        .unwrap();
    let route = |version: i32| {
        vec![
            ("version".to_string(), version.to_string()),
            ("action".to_string(), "route".to_string()),
            ("unit_id".to_string(), unit.to_string()),
        ]
    };
    let fields = route(0);
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        app.post_with(&org, &format!("/requests/{id}/act"), &fields)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // The requester sees it under the bell, with what happened.
    let html = app.get_with(&student, "/").await.text().await.unwrap();
    assert!(html.contains("通知（1 則未讀）"), "{html}");
    let list = app
        .get_with(&student, "/notifications")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("資料需求有新進度")
            && list.contains("外籍移工人數")
            && list.contains("業務單位評估中"),
        "{list}"
    );
    // The unit's reviewer too, pointing at their queue.
    let theirs = store::notifications::list(
        &mut app.conn(),
        app.user_id("bli@mol.gov.tw"),
        store::PageRequest::new(None, 10),
    )
    .unwrap();
    assert_eq!(theirs.items[0].link, "/unit/requests");
    assert!(app
        .get_with(&reviewer, "/")
        .await
        .text()
        .await
        .unwrap()
        .contains("1 則未讀"));

    // Opening it marks it read and goes to the request; nobody else can open it.
    let n = store::notifications::list(
        &mut app.conn(),
        app.user_id("stu@ntu.edu.tw"),
        store::PageRequest::new(None, 10),
    )
    .unwrap()
    .items[0]
        .id;
    let open = format!("/notifications/{n}/open");
    assert_eq!(
        app.post_with(&other, &open, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let resp = app.post_with(&student, &open, &[]).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), format!("/requests/{id}"));
    assert!(!app
        .get_with(&student, "/")
        .await
        .text()
        .await
        .unwrap()
        .contains("則未讀"));

    // E-mail off for request updates: the next change shows in the portal only.
    let mails = |app: &TestApp| {
        app.outbox_for("stu@ntu.edu.tw")
            .iter()
            .filter(|m| m.kind == "request-update")
            .count()
    };
    let before = mails(&app);
    let resp = app
        .post_with(
            &student,
            "/notifications/settings",
            &[
                ("email", "eligibility-result"),
                ("email", "judge-reminder"),
                ("email", "nonsense"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&student, "/notifications/settings")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("value=\"eligibility-result\" checked")
            && !html.contains("value=\"request-update\" checked")
    );
    let version = store::requests::find(&mut app.conn(), id)
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let resp = app
        .post_with(
            &reviewer,
            &format!("/requests/{id}/act"),
            &[
                ("version", &version),
                ("action", "ask-info"),
                ("message", "需要哪些年度？"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(mails(&app), before, "no e-mail");
    assert!(app
        .get_with(&student, "/")
        .await
        .text()
        .await
        .unwrap()
        .contains("1 則未讀"));
    // Mark all read.
    assert_eq!(
        app.post_with(&student, "/notifications/read-all", &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        store::notifications::unread_count(&mut app.conn(), app.user_id("stu@ntu.edu.tw")).unwrap(),
        0
    );
    // Signed out: the centre asks to sign in.
    assert_ne!(app.get("/notifications").await.status(), StatusCode::OK);
}
