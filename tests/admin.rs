//! The admin area: roles, unit reviewers, business units, users list,
//! outbox and audit log.

mod common;

use common::*;
use contest_portal::store;
use reqwest::StatusCode;

#[actix_web::test]
async fn admin_grants_and_revokes_roles_with_audit() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    app.verified_user("judge@example.org", "Judge Lin").await;
    let id = app.user_id("judge@example.org");
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles"),
            &[("role", "judge"), ("unit_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&admin, &format!("/admin/users/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("評審"));

    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles/revoke"),
            &[("role", "judge")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut conn = app.conn();
    let roles = contest_portal::store::users::roles_of(&mut conn, id).unwrap();
    assert!(roles.iter().all(|g| g.role.as_str() != "judge"));
    let actions = app.audit_actions();
    assert!(actions.contains(&"role.grant".to_string()));
    assert!(actions.contains(&"role.revoke".to_string()));
    let html = app
        .get_with(&admin, "/admin/audit?action=role.grant")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("role.grant"));
    assert!(html.contains(&app.admin.email));
}

#[actix_web::test]
async fn unit_reviewers_must_be_bound_to_a_unit() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    app.verified_user("bli@mol.gov.tw", "BLI staff").await;
    let id = app.user_id("bli@mol.gov.tw");
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles"),
            &[("role", "unit_reviewer"), ("unit_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("必須綁定一個啟用中的業務單位"));
    assert!(
        html.contains("value=\"unit_reviewer\" selected"),
        "the chosen role is kept"
    );
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles"),
            &[("role", "unit_reviewer"), ("unit_id", "99999")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles"),
            &[("role", "superuser"), ("unit_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let bli = {
        let mut conn = app.conn();
        contest_portal::store::units::list(&mut conn)
            .unwrap()
            .into_iter()
            .find(|u| u.code == "bli")
            .unwrap()
    };
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles"),
            &[("role", "unit_reviewer"), ("unit_id", &bli.id.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&admin, &format!("/admin/users/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("勞動部勞工保險局"));
    let html = app
        .get_with(&admin, "/admin/units")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("勞動部勞動力發展署"),
        "seeded units are listed"
    );
}

#[actix_web::test]
async fn the_last_admin_cannot_be_removed_or_disable_themselves() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let id = app.user_id(&app.admin.email);
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles/revoke"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("唯一的系統管理員"));
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/status"),
            &[("disabled", "true")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.get_with(&admin, "/admin/users").await.status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn disabling_an_account_signs_it_out() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let user = app.verified_user("gone@example.org", "Gone").await;
    let id = app.user_id("gone@example.org");
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/status"),
            &[("disabled", "true")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&user, "/account").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.sign_in(&client(), "gone@example.org", GOOD_PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/status"),
            &[("disabled", "true-ish")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    app.post_with(
        &admin,
        &format!("/admin/users/{id}/status"),
        &[("disabled", "false")],
    )
    .await;
    assert_eq!(
        app.sign_in(&client(), "gone@example.org", GOOD_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(app.audit_actions().contains(&"user.disable".to_string()));
}

#[actix_web::test]
async fn business_units_are_managed_with_validation() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let r = app
        .post_with(
            &admin,
            "/admin/units",
            &[
                ("code", "Bad Code!"),
                ("name_zh", ""),
                ("name_en", "Unit"),
                ("kind", "club"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("請使用 1 到 40 個小寫英文字母"));
    assert!(html.contains("value=\"Bad Code!\""), "input kept");

    let r = app
        .post_with(
            &admin,
            "/admin/units",
            &[
                ("code", "test-unit"),
                ("name_zh", "測試單位"),
                ("name_en", "Test Unit"),
                ("kind", "agency"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_with(
            &admin,
            "/admin/units",
            &[
                ("code", "test-unit"),
                ("name_zh", "重複"),
                ("name_en", "Duplicate"),
                ("kind", "agency"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("這個代碼已經被其他單位使用"));

    let unit = {
        let mut conn = app.conn();
        contest_portal::store::units::list(&mut conn)
            .unwrap()
            .into_iter()
            .find(|u| u.code == "test-unit")
            .unwrap()
    };
    let r = app
        .post_with(
            &admin,
            &format!("/admin/units/{}", unit.id),
            &[
                ("code", "bli"),
                ("name_zh", "x"),
                ("name_en", "x"),
                ("kind", "agency"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "cannot take another unit's code"
    );
    let r = app
        .post_with(
            &admin,
            &format!("/admin/units/{}", unit.id),
            &[
                ("code", "test-unit"),
                ("name_zh", "測試單位二"),
                ("name_en", "Test Unit 2"),
                ("kind", "department"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut conn = app.conn();
    let after = contest_portal::store::units::find(&mut conn, unit.id)
        .unwrap()
        .unwrap();
    assert_eq!(after.name_zh, "測試單位二");
    assert!(!after.active, "unchecked box means inactive");
    let actions = app.audit_actions();
    assert!(
        actions.contains(&"unit.create".to_string())
            && actions.contains(&"unit.update".to_string())
    );
}

#[actix_web::test]
async fn users_list_searches_and_paginates() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    {
        let mut conn = app.conn();
        let now = chrono::Utc::now().naive_utc();
        for i in 0..30 {
            let email = format!("student{i:02}@example.edu.tw");
            contest_portal::store::users::create(
                &mut conn,
                &contest_portal::store::users::NewUser {
                    email: &email,
                    display_name: &format!("學生{i:02}"),
                    password_hash: "x",
                    email_verified_at: None,
                    locale: "zh-TW",
                    disabled: false,
                    must_change_password: false,
                    created_at: now,
                    updated_at: now,
                },
            )
            .unwrap();
        }
    }
    let html = app
        .get_with(&admin, "/admin/users")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("第 1 頁，共 2 頁（合計 31 筆）"));
    assert!(html.contains("rel=\"next\""));
    let html = app
        .get_with(&admin, "/admin/users?page=2")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("第 2 頁"));
    let html = app
        .get_with(&admin, "/admin/users?q=%E5%AD%B8%E7%94%9F07")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("student07@example.edu.tw"));
    assert!(!html.contains("student08@example.edu.tw"));
    let html = app
        .get_with(&admin, "/admin/users?q=100%25")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("沒有符合條件的使用者"),
        "wildcards are taken literally"
    );
    let html = app
        .get_with(&admin, "/admin/users?role=admin")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&app.admin.email));
    assert!(!html.contains("student01@"));
}

#[actix_web::test]
async fn outbox_shows_mail_when_no_smtp_is_configured() {
    let app = spawn_app().await;
    app.sign_up(&client(), "reader@example.org", "Reader").await;
    let admin = app.admin_client().await;
    let html = app
        .get_with(&admin, "/admin/outbox?state=pending")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("尚未設定 SMTP"));
    assert!(html.contains("reader@example.org"));
    let id = app.outbox_for("reader@example.org")[0].id;
    let html = app
        .get_with(&admin, &format!("/admin/outbox/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("verify?token"),
        "the admin can pass the link on"
    );
}

#[actix_web::test]
async fn a_disabled_second_admin_does_not_count() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    app.verified_user("second@mol.gov.tw", "Second admin").await;
    let second = app.user_id("second@mol.gov.tw");
    let me = app.user_id(&app.admin.email);
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{second}/roles"),
            &[("role", "admin"), ("unit_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{second}/status"),
            &[("disabled", "true")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{me}/roles/revoke"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "the only enabled admin stays admin"
    );
    // Removing the role from the disabled one is fine.
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{second}/roles/revoke"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn the_audit_log_filters_by_actor_object_and_period_and_exports() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let judge = app.verified_user("judge@example.org", "Judge Lin").await;
    let id = app.user_id("judge@example.org");
    app.post_with(
        &admin,
        &format!("/admin/users/{id}/roles"),
        &[("role", "judge"), ("unit_id", "")],
    )
    .await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let html = app
        .get_with(
            &admin,
            &format!(
                "/admin/audit?actor=ADMIN&object_type=user&object_id={id}&from={today}&to={today}"
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("role.grant") && html.contains("稽核紀錄（1 筆）"),
        "{html}"
    );
    // Another day, or another object: nothing.
    for q in [
        "from=2020-01-01&to=2020-01-02",
        "object_id=999999",
        "actor=nobody@",
    ] {
        let html = app
            .get_with(&admin, &format!("/admin/audit?{q}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("沒有符合條件的稽核紀錄"), "{q}");
    }
    let resp = app.get_with(&admin, "/admin/audit?from=yesterday").await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("value=\"yesterday\""));
    // The export has the same rows, and is itself audited.
    let csv = app
        .get_with(
            &admin,
            &format!("/admin/audit.csv?action=role.grant&object_id={id}"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with('\u{feff}') && csv.contains("role.grant"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(app.audit_actions().iter().any(|a| a == "audit.export"));
    // A mistyped period never exports the whole log.
    assert_eq!(
        app.get_with(&admin, "/admin/audit.csv?from=yesterday")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get_with(&judge, "/admin/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );
}

/// Hostile text in the admin's forms is refused on the form, with what was
/// typed kept, and never stored; a filter with a NUL is not a 500.
#[actix_web::test]
async fn control_characters_never_reach_units_or_the_audit_filter() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    for (field, bad) in [("name_zh", "勞保\0局"), ("name_en", "\u{202E}Bureau")] {
        let mut form = vec![
            ("code", "bad-unit"),
            ("name_zh", "勞保局"),
            ("name_en", "Bureau"),
            ("kind", "agency"),
            ("active", "on"),
        ];
        for f in form.iter_mut() {
            if f.0 == field {
                f.1 = bad;
            }
        }
        let r = app.post_with(&admin, "/admin/units", &form).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let html = r.text().await.unwrap();
        assert!(html.contains("value=\"bad-unit\""), "the code is kept");
    }
    let units = contest_portal::store::units::list(&mut app.conn()).unwrap();
    assert!(units.iter().all(|u| u.code != "bad-unit"), "nothing stored");
    let r = app.get_with(&admin, "/admin/audit?actor=%00x").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.get_with(&admin, "/admin/audit.csv?actor=%00x").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// The same role granted eight times at once through two replicas: one
/// grant, one audit row, and every click answered without a server error.
#[actix_web::test]
async fn simultaneous_identical_grants_leave_one_role() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let admin = app.admin_client().await;
    app.verified_user("judge@example.org", "Judge Lin").await;
    let id = app.user_id("judge@example.org");
    let token = app.csrf_for(&admin).await;
    open_pools(
        &admin,
        &[&app.address, &replica],
        &format!("/admin/users/{id}"),
        8,
    )
    .await;
    let posts = (0..8).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        admin
            .post(format!("{base}/admin/users/{id}/roles"))
            .form(&[
                ("role", "judge"),
                ("unit_id", ""),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    for r in futures_util::future::join_all(posts).await {
        let status = r.expect("POST works").status();
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let roles = contest_portal::store::users::roles_of(&mut app.conn(), id).unwrap();
    assert_eq!(
        roles.iter().filter(|g| g.role.as_str() == "judge").count(),
        1
    );
    let grants = app
        .audit_actions()
        .into_iter()
        .filter(|a| a == "role.grant")
        .count();
    assert_eq!(grants, 1);
}

/// A long audit log is exported whole and streamed (more rows than one
/// database page, more bytes than one chunk): every row once, newest
/// first, the export's own row left out and its count recorded; the page
/// of the log pages in SQL with the right rows at each boundary, and its
/// action list holds every action once, in order.
#[actix_web::test]
async fn a_long_audit_log_is_streamed_whole_and_paged_at_the_right_rows() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    const ROWS: usize = 2_345;
    {
        // One transaction: row by row on PostgreSQL outlasts the server's
        // keep-alive, and the signed-in client's idle connection would be
        // closed under it.
        use diesel::Connection;
        let mut pooled = app.conn();
        let conn: &mut contest_portal::db::DbConn = &mut pooled;
        let now = chrono::Utc::now().naive_utc();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for n in 1..=ROWS {
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: None,
                        action: if n % 2 == 0 { "z.even" } else { "a.odd" },
                        object_type: "bench",
                        object_id: Some(n.to_string()),
                        details: serde_json::json!({ "note": "x".repeat(60), "n": n }),
                        ip: None,
                    },
                    now,
                )?;
            }
            Ok(())
        })
        .unwrap();
    }
    let csv = app
        .get_with(&admin, "/admin/audit.csv?object_type=bench")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("audit-log.csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.len() > 200_000, "more than one chunk: {}", csv.len());
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), ROWS + 1, "the heading and every row once");
    let ids: Vec<usize> = lines[1..]
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            cells[4].parse().unwrap()
        })
        .collect();
    assert_eq!(ids, (1..=ROWS).rev().collect::<Vec<_>>(), "newest first");
    // The whole log: every row there was before the export (the first
    // export's row included), never this export's own.
    let before = {
        let mut conn = app.conn();
        store::audit::list(
            &mut conn,
            &Default::default(),
            store::PageRequest::new(None, 1),
        )
        .unwrap()
        .total as usize
    };
    let all = app
        .get_with(&admin, "/admin/audit.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        all.split("\r\n").filter(|l| !l.is_empty()).count(),
        before + 1
    );
    let recorded = {
        let mut conn = app.conn();
        let f = store::audit::Filter {
            action: Some("audit.export".into()),
            ..Default::default()
        };
        store::audit::list(&mut conn, &f, store::PageRequest::new(None, 5))
            .unwrap()
            .items
    };
    assert_eq!(recorded.len(), 2);
    assert!(
        recorded[0].details.contains(&format!("\"rows\":{before}")),
        "{:?}",
        recorded[0]
    );
    assert!(
        recorded[1].details.contains(&format!("\"rows\":{ROWS}")),
        "{:?}",
        recorded[1]
    );

    // Pages of 50: page 2 starts at the 51st newest, the last page ends
    // at the oldest, one past the end is empty.
    let page = |n: usize| {
        let app = &app;
        let admin = &admin;
        async move {
            app.get_with(
                admin,
                &format!("/admin/audit?object_type=bench&action=z.even&page={n}"),
            )
            .await
            .text()
            .await
            .unwrap()
        }
    };
    let evens: Vec<usize> = (1..=ROWS).rev().filter(|n| n % 2 == 0).collect();
    let p2 = page(2).await;
    let cell = |n: usize| format!("bench {n}</td>");
    assert!(
        p2.contains(&cell(evens[50])) && !p2.contains(&cell(evens[49])),
        "{p2}"
    );
    assert!(p2.contains(&cell(evens[99])) && !p2.contains(&cell(evens[100])));
    let last = evens.len().div_ceil(50);
    let pl = page(last).await;
    assert!(pl.contains(&cell(2)), "the oldest on the last page");
    assert!(!page(last + 1).await.contains(&cell(2)));
    // Every action once, in order, bench ones among them.
    let html = app
        .get_with(&admin, "/admin/audit")
        .await
        .text()
        .await
        .unwrap();
    let (a, z) = (
        html.find("value=\"a.odd\"").expect("a.odd offered"),
        html.find("value=\"z.even\"").expect("z.even offered"),
    );
    assert!(a < z);
    assert_eq!(html.matches("value=\"z.even\"").count(), 1);
}
