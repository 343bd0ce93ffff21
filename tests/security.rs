//! CSRF, Origin check, security headers, role checks on every admin route,
//! and error pages that leak nothing.

mod common;

use common::*;
use reqwest::StatusCode;

#[actix_web::test]
async fn posts_without_or_with_a_wrong_csrf_token_are_refused() {
    let app = spawn_app().await;
    let c = client();
    let fields = [
        ("email", "a@example.org"),
        ("password", "whatever it is"),
        ("next", "/"),
    ];
    let r = c
        .post(app.url("/signin"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("表單已經過期"));

    let mut with_wrong = fields.to_vec();
    with_wrong.push(("csrf_token", "forged"));
    let r = c
        .post(app.url("/signin"))
        .form(&with_wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Another visitor's token does not work either.
    let other = client();
    let their_token = app.csrf_for(&other).await;
    let _ = app.csrf_for(&c).await;
    let mut theirs = fields.to_vec();
    theirs.push(("csrf_token", their_token.as_str()));
    let r = c
        .post(app.url("/signin"))
        .form(&theirs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A token in a header (for scripts) is accepted like the form field.
    let token = app.csrf_for(&c).await;
    let r = c
        .post(app.url("/signin"))
        .header("x-csrf-token", token)
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "reached the handler: wrong password"
    );
}

#[actix_web::test]
async fn signed_in_token_is_bound_to_the_session() {
    let app = spawn_app().await;
    let c = app.verified_user("bound@example.org", "Bound").await;
    let anon = client();
    let anon_token = app.csrf_for(&anon).await;
    let r = c
        .post(app.url("/account/sessions/end-all"))
        .form(&[("csrf_token", anon_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get_with(&c, "/account").await.status(),
        StatusCode::OK,
        "nothing happened"
    );
}

#[actix_web::test]
async fn cross_origin_posts_are_refused() {
    let app = spawn_app().await;
    let c = client();
    let token = app.csrf_for(&c).await;
    let r = c
        .post(app.url("/signin"))
        .header("origin", "https://evil.example")
        .form(&[
            ("email", "a@example.org"),
            ("password", "x"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(app.url("/signin"))
        .header("origin", app.address.clone())
        .form(&[
            ("email", "a@example.org"),
            ("password", "wrong password x"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "same origin passes the check"
    );
}

#[actix_web::test]
async fn security_headers_and_cookie_flags() {
    let app = spawn_app().await;
    let r = app.get("/").await;
    let h = r.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
    let cookie = h.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    let c = client();
    let r = app.sign_in(&c, &app.admin.email, &app.admin.password).await;
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("cp_session="))
        .unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    assert!(!session.contains("Secure"), "plain http in tests");
}

#[actix_web::test]
async fn secure_cookies_when_base_url_is_https() {
    let app = spawn_app_with(&[("BASE_URL", "https://contest.example.gov.tw")]).await;
    let r = app.get("/").await;
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"));
    assert!(r.headers().get("strict-transport-security").is_some());
}

const ADMIN_GETS: &[&str] = &[
    "/admin/users",
    "/admin/users/1",
    "/admin/units",
    "/admin/units/1",
    "/admin/audit",
];
const ADMIN_POSTS: &[&str] = &[
    "/admin/users/1/roles",
    "/admin/users/1/roles/revoke",
    "/admin/users/1/status",
    "/admin/units",
    "/admin/units/1",
    "/admin/outbox/1/retry",
];

#[actix_web::test]
async fn admin_routes_refuse_everyone_but_admins() {
    let app = spawn_app().await;
    // Anonymous visitors are sent to sign in.
    for path in ADMIN_GETS
        .iter()
        .chain(["/admin/outbox", "/account"].iter())
    {
        let r = app.get_with(&client(), path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&r).starts_with("/signin?next="), "{path}");
    }
    // A participant gets 403 on every admin page and action, and nothing changes.
    let p = app.verified_user("student@example.edu.tw", "Student").await;
    for path in ADMIN_GETS
        .iter()
        .chain(["/admin/outbox", "/admin/outbox/1"].iter())
    {
        let r = app.get_with(&p, path).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "GET {path}");
        assert!(r.text().await.unwrap().contains("您沒有這個頁面的權限"));
    }
    for path in ADMIN_POSTS {
        let r = app
            .post_with(
                &p,
                path,
                &[
                    ("role", "admin"),
                    ("disabled", "true"),
                    ("code", "x"),
                    ("name_zh", "x"),
                    ("name_en", "x"),
                    ("kind", "agency"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    let mut conn = app.conn();
    let roles =
        contest_portal::store::users::roles_of(&mut conn, app.user_id("student@example.edu.tw"))
            .unwrap();
    assert_eq!(
        roles.len(),
        1,
        "the participant did not grant themselves anything"
    );
}

#[actix_web::test]
async fn organisers_read_the_outbox_but_not_the_rest() {
    let app = spawn_app().await;
    let org = app.verified_user("org@mol.gov.tw", "Organiser").await;
    let admin = app.admin_client().await;
    let id = app.user_id("org@mol.gov.tw").to_string();
    let r = app
        .post_with(
            &admin,
            &format!("/admin/users/{id}/roles"),
            &[("role", "organiser"), ("unit_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&org, "/admin/outbox").await.status(),
        StatusCode::OK
    );
    let mail_id = app.outbox_for("org@mol.gov.tw")[0].id;
    assert_eq!(
        app.get_with(&org, &format!("/admin/outbox/{mail_id}"))
            .await
            .status(),
        StatusCode::OK
    );
    for path in ADMIN_GETS {
        assert_eq!(
            app.get_with(&org, path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let r = app
        .post_with(&org, &format!("/admin/outbox/{mail_id}/retry"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn unknown_pages_and_bad_ids_get_localised_error_pages() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("找不到這個頁面"));
    let admin = app.admin_client().await;
    for path in [
        "/admin/users/999999",
        "/admin/users/not-a-number",
        "/admin/units/424242",
        "/admin/outbox/777",
    ] {
        let r = app.get_with(&admin, path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = app.get_with(&admin, "/admin/users?page=abc").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let en = client();
    let r = en
        .get(app.url("/missing"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("Page not found"));
}

#[actix_web::test]
async fn open_redirects_are_not_possible() {
    let app = spawn_app().await;
    app.verified_user("redirect@example.org", "R").await;
    let c = client();
    let token = app.csrf_for(&c).await;
    let r = c
        .post(app.url("/signin"))
        .form(&[
            ("email", "redirect@example.org"),
            ("password", GOOD_PASSWORD),
            ("next", "//evil.example/x"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/");
    let r = c
        .get(app.url("/lang?set=en&next=https://evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/");
}

#[actix_web::test]
async fn health_checks() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "ready");
    let r = app.get("/static/site.css").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r
        .headers()
        .get("cache-control")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("max-age"));
    assert_eq!(
        app.get("/static/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
}

/// Monitors and link checkers ask with HEAD: every page answers it as it
/// answers GET, without a body.
#[actix_web::test]
async fn head_is_answered_wherever_get_is() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/healthz",
        "/requests",
        "/catalog",
        "/signin",
        "/help/working-days",
        "/static/site.css",
        "/no-such-page",
        "/organise/requests",
    ] {
        let get = app.get(path).await.status();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get, "{path}");
        assert!(head.bytes().await.unwrap().is_empty(), "{path}: no body");
    }
}
