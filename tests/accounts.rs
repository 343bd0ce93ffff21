//! Accounts end to end: sign-up, verification, sign-in and out, reset,
//! password change, sessions, throttling and validation in both languages.

mod common;

use common::*;
use reqwest::StatusCode;

#[actix_web::test]
async fn sign_up_verify_sign_in_and_out() {
    let app = spawn_app().await;
    let c = client();
    let r = app.sign_up(&c, "Mei.Chen@NTU.edu.tw", "陳小美").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("mei.chen@ntu.edu.tw"),
        "confirmation page names the address"
    );

    // Not verified yet: the right password is not enough.
    let r = app.sign_in(&c, "mei.chen@ntu.edu.tw", GOOD_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("/verify/resend"));

    let link = app.mailed_link("mei.chen@ntu.edu.tw", "/verify?token=");
    let r = app.get_with(&c, &link).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The sign-in form comes back with the confirmed address filled in.
    assert_eq!(location(&r), "/signin?email=mei.chen%40ntu.edu.tw");
    let html = app.get_with(&c, &location(&r)).await.text().await.unwrap();
    assert!(html.contains(r#"value="mei.chen@ntu.edu.tw""#), "{html}");

    let r = app.sign_in(&c, "MEI.CHEN@ntu.edu.tw ", GOOD_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let (status, html) = app.get_html("/account").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the shared client is not signed in"
    );
    let _ = html;
    let html = app.get_with(&c, "/account").await.text().await.unwrap();
    assert!(html.contains("陳小美"));
    assert!(html.contains("參賽者"), "new accounts are participants");

    let token = app.csrf_for(&c).await;
    let r = c
        .post(app.url("/signout"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.get_with(&c, "/account").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/signin?next="));
}

#[actix_web::test]
async fn verification_link_works_once() {
    let app = spawn_app().await;
    let c = client();
    app.sign_up(&c, "once@example.org", "Once").await;
    let link = app.mailed_link("once@example.org", "/verify?token=");
    assert_eq!(
        app.get_with(&c, &link).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = app.get_with(&c, &link).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("這個連結已經使用過了"));
    let r = app.get_with(&c, "/verify?token=made-up").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn wrong_password_and_unknown_account_look_the_same() {
    let app = spawn_app().await;
    app.verified_user("known@example.org", "Known").await;
    let c = client();
    let wrong = app
        .sign_in(&c, "known@example.org", "not the password at all")
        .await;
    let unknown = app
        .sign_in(&c, "nobody@example.org", "not the password at all")
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let a = wrong.text().await.unwrap();
    let b = unknown.text().await.unwrap();
    assert!(a.contains("電子郵件或密碼不正確"));
    assert!(b.contains("電子郵件或密碼不正確"));
    // The typed address is kept in the form.
    assert!(b.contains("value=\"nobody@example.org\""));
}

#[actix_web::test]
async fn duplicate_sign_up_reveals_nothing_and_tells_the_owner() {
    let app = spawn_app().await;
    app.verified_user("taken@example.org", "First").await;
    for _ in 0..5 {
        let r = app.sign_up(&client(), "taken@example.org", "Second").await;
        assert_eq!(r.status(), StatusCode::OK, "same answer as a new sign-up");
    }
    let mails = app.outbox_for("taken@example.org");
    let warnings = mails.iter().filter(|m| m.kind == "account-exists").count();
    assert_eq!(warnings, 3, "the owner is told, but cannot be flooded");
    let mut conn = app.conn();
    let u = contest_portal::store::users::find_by_email(&mut conn, "taken@example.org")
        .unwrap()
        .unwrap();
    assert_eq!(u.display_name, "First", "the existing account is untouched");
}

#[actix_web::test]
async fn sign_in_is_rate_limited_per_account() {
    let app = spawn_app().await;
    app.verified_user("target@example.org", "Target").await;
    let c = client();
    for _ in 0..5 {
        let r = app
            .sign_in(&c, "target@example.org", "wrong password guess")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = app.sign_in(&c, "target@example.org", GOOD_PASSWORD).await;
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(r.text().await.unwrap().contains("嘗試次數過多"));
    // Other accounts are not affected.
    app.verified_user("bystander@example.org", "Bystander")
        .await;
}

#[actix_web::test]
async fn sign_in_renews_the_session_id() {
    let app = spawn_app().await;
    let c = app.verified_user("renew@example.org", "Renew").await;
    let first = app.conn();
    drop(first);
    let count = |app: &TestApp| {
        let mut conn = app.conn();
        let id = app.user_id("renew@example.org");
        contest_portal::store::sessions::count_for_user(
            &mut conn,
            id,
            chrono::Utc::now().naive_utc(),
        )
        .unwrap()
    };
    assert_eq!(count(&app), 1);
    // Signing in again from the same browser replaces the session.
    let r = app.sign_in(&c, "renew@example.org", GOOD_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&app), 1);
}

#[actix_web::test]
async fn password_reset_flow() {
    let app = spawn_app().await;
    let old = app.verified_user("reset@example.org", "Reset").await;
    let c = client();
    let r = app
        .post_with(&c, "/password/forgot", &[("email", "reset@example.org")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let unknown = app
        .post_with(&c, "/password/forgot", &[("email", "ghost@example.org")])
        .await;
    assert_eq!(
        unknown.status(),
        StatusCode::OK,
        "unknown addresses get the same answer"
    );
    assert!(app.outbox_for("ghost@example.org").is_empty());

    let link = app.mailed_link("reset@example.org", "/password/reset?token=");
    let r = app.get_with(&c, &link).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let token = link.split("token=").nth(1).unwrap();
    assert!(html.contains(token));

    // Mismatched confirmation keeps the user on the form.
    let r = app
        .post_with(
            &c,
            "/password/reset",
            &[
                ("token", token),
                ("password", "brand new secret 1"),
                ("password_confirm", "different"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with(
            &c,
            "/password/reset",
            &[
                ("token", token),
                ("password", "brand new secret 1"),
                ("password_confirm", "brand new secret 1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The token is single-use and old sessions are gone.
    let r = app
        .post_with(
            &c,
            "/password/reset",
            &[
                ("token", token),
                ("password", "another secret 22"),
                ("password_confirm", "another secret 22"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get_with(&old, "/account").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.sign_in(&client(), "reset@example.org", GOOD_PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in(&client(), "reset@example.org", "brand new secret 1")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(app
        .audit_actions()
        .contains(&"user.password_reset".to_string()));
}

#[actix_web::test]
async fn expired_reset_token_is_refused() {
    let app = spawn_app().await;
    app.verified_user("late@example.org", "Late").await;
    let c = client();
    app.post_with(&c, "/password/forgot", &[("email", "late@example.org")])
        .await;
    let link = app.mailed_link("late@example.org", "/password/reset?token=");
    {
        let mut conn = app.conn();
        exec(
            &mut conn,
            "UPDATE email_tokens SET expires_at = created_at WHERE purpose = 'reset'",
        );
    }
    let r = app.get_with(&c, &link).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("這個連結已經過期"));
    let token = link.split("token=").nth(1).unwrap();
    let r = app
        .post_with(
            &c,
            "/password/reset",
            &[
                ("token", token),
                ("password", "brand new secret 1"),
                ("password_confirm", "brand new secret 1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn change_password_ends_other_sessions() {
    let app = spawn_app().await;
    let laptop = app.verified_user("two@example.org", "Two").await;
    let phone = client();
    assert_eq!(
        app.sign_in(&phone, "two@example.org", GOOD_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    let r = app
        .post_with(
            &laptop,
            "/account/password",
            &[
                ("current_password", "wrong one here"),
                ("password", "fresh secret 123"),
                ("password_confirm", "fresh secret 123"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("目前的密碼不正確"));

    let r = app
        .post_with(
            &laptop,
            "/account/password",
            &[
                ("current_password", GOOD_PASSWORD),
                ("password", "fresh secret 123"),
                ("password_confirm", "fresh secret 123"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&laptop, "/account").await.status(),
        StatusCode::OK,
        "this device stays signed in"
    );
    assert_eq!(
        app.get_with(&phone, "/account").await.status(),
        StatusCode::SEE_OTHER,
        "the other device is signed out"
    );
    assert!(app
        .audit_actions()
        .contains(&"user.password_change".to_string()));
}

#[actix_web::test]
async fn sign_out_everywhere() {
    let app = spawn_app().await;
    let a = app.verified_user("all@example.org", "All").await;
    let b = client();
    app.sign_in(&b, "all@example.org", GOOD_PASSWORD).await;
    let r = app.post_with(&a, "/account/sessions/end-all", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&a, "/account").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_with(&b, "/account").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn sign_up_validation_keeps_input_in_both_languages() {
    let app = spawn_app().await;
    let c = client();
    let r = app
        .post_with(
            &c,
            "/signup",
            &[
                ("email", "not-an-email"),
                ("display_name", "<b>王大明</b>"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("請輸入有效的電子郵件"));
    assert!(html.contains("密碼至少需要 10 個字元"));
    assert!(html.contains("value=\"not-an-email\""));
    assert!(
        html.contains("&lt;b&gt;王大明&lt;"),
        "input is kept, escaped"
    );
    assert!(!html.contains("<b>王大明"));

    let en = client();
    en.get(app.url("/lang?set=en&next=/signup"))
        .send()
        .await
        .unwrap();
    let r = app
        .post_with(
            &en,
            "/signup",
            &[
                ("email", ""),
                ("display_name", ""),
                ("password", "1234567890"),
                ("password_confirm", "1234567890"),
            ],
        )
        .await;
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Enter your e-mail address."));
    assert!(html.contains("Enter the name to show on the portal."));
    assert!(html.contains("This password is too common"));

    // Huge and odd input is refused without a half-written account.
    let huge = "字".repeat(5_000);
    let r = app
        .post_with(
            &c,
            "/signup",
            &[
                ("email", &huge),
                ("display_name", &huge),
                ("password", &huge),
                ("password_confirm", &huge),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("顯示名稱最多 80 個字"));
    assert!(html.contains("密碼最多 200 個字元"));
    // Past the form size limit the answer is a localised 413 page.
    let too_big = "x".repeat(3_000_000);
    let r = app.post_with(&c, "/signup", &[("email", &too_big)]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("資料量太大"));
    let r = app
        .post_with(
            &c,
            "/signup",
            &[
                ("email", "match@example.org"),
                ("display_name", "Match"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut conn = app.conn();
    assert!(
        contest_portal::store::users::find_by_email(&mut conn, "match@example.org")
            .unwrap()
            .is_none()
    );
}

#[actix_web::test]
async fn missing_fields_are_a_form_error_not_a_crash() {
    let app = spawn_app().await;
    let c = client();
    let r = app.post_with(&c, "/signin", &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with(
            &c,
            "/signup",
            &[
                ("email", "a@b.tw"),
                ("display_name", "x"),
                ("unexpected", "field"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn display_names_are_escaped_everywhere() {
    let app = spawn_app().await;
    let c = app
        .verified_user("xss@example.org", "<script>alert(1)</script>")
        .await;
    let html = app.get_with(&c, "/").await.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[actix_web::test]
async fn first_admin_must_choose_a_new_password() {
    let app = spawn_app().await;
    let c = client();
    let r = app.sign_in(&c, &app.admin.email, &app.admin.password).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account/password");
    // Until then every other page leads back to the password form.
    for path in ["/admin/users", "/", "/account"] {
        let r = app.get_with(&c, path).await;
        assert_eq!(location(&r), "/account/password", "{path}");
    }
    let r = app.post_with(&c, "/account/sessions/end-all", &[]).await;
    assert_eq!(location(&r), "/account/password");
    assert_eq!(
        app.get_with(&c, "/account/password").await.status(),
        StatusCode::OK
    );
    let r = app
        .post_with(
            &c,
            "/account/password",
            &[
                ("current_password", &app.admin.password),
                ("password", "admin chose this 1"),
                ("password_confirm", "admin chose this 1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let again = client();
    let r = app
        .sign_in(&again, &app.admin.email, "admin chose this 1")
        .await;
    assert_eq!(location(&r), "/");
}

#[actix_web::test]
async fn concurrent_sign_ups_with_one_address_make_one_account() {
    let app = spawn_app().await;
    let mut handles = Vec::new();
    for i in 0..4 {
        let c = client();
        let token = app.csrf_for(&c).await;
        let url = app.url("/signup");
        handles.push(actix_web::rt::spawn(async move {
            let name = format!("Racer {i}");
            c.post(url)
                .form(&[
                    ("email", "race@example.org"),
                    ("display_name", name.as_str()),
                    ("password", GOOD_PASSWORD),
                    ("password_confirm", GOOD_PASSWORD),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for h in handles {
        let s = h.await.unwrap();
        assert_eq!(s, StatusCode::OK);
    }
    let mut conn = app.conn();
    let n: i64 = {
        use contest_portal::db::schema::users;
        use diesel::prelude::*;
        users::table
            .filter(users::email.eq("race@example.org"))
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(n, 1);
}

#[actix_web::test]
async fn reset_mails_per_account_are_limited_silently() {
    let app = spawn_app().await;
    app.verified_user("many@example.org", "Many").await;
    let c = client();
    for _ in 0..5 {
        let r = app
            .post_with(&c, "/password/forgot", &[("email", "many@example.org")])
            .await;
        assert_eq!(r.status(), StatusCode::OK, "the answer never changes");
    }
    let resets = app
        .outbox_for("many@example.org")
        .into_iter()
        .filter(|m| m.kind == "reset-password")
        .count();
    assert_eq!(resets, 3, "at most three reset mails an hour");
}

/// A name that would flip the text after it, or hide characters, is refused
/// on the sign-up form with what was typed kept; no account is made.
#[actix_web::test]
async fn display_names_cannot_hide_or_reorder_text() {
    let app = spawn_app().await;
    for bad in ["\u{202E}nimda", "王\u{200B}小明", "王\0小明"] {
        let r = app.sign_up(&client(), "new@example.org", bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("value=\"new@example.org\""),
            "the e-mail is kept"
        );
    }
    let user =
        contest_portal::store::users::find_by_email(&mut app.conn(), "new@example.org").unwrap();
    assert!(user.is_none());
}
