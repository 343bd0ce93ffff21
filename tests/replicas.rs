//! Two app replicas on one database: sessions, CSRF tokens and rate limits
//! hold across them.

mod common;

use common::*;
use reqwest::StatusCode;

#[actix_web::test]
async fn a_session_and_its_csrf_token_work_on_either_replica() {
    let a = spawn_app().await;
    let b_address = spawn_replica(&a).await;
    let c = a.verified_user("both@example.org", "Both").await;
    let r = c.get(format!("{b_address}/account")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "signed in on A, recognised by B"
    );
    let token = csrf_from(&r.text().await.unwrap()).unwrap();
    // A form rendered by B is accepted by A.
    let r = c
        .post(a.url("/account/sessions/end-all"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(format!("{b_address}/account")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "signing out on A ends the session on B"
    );
}

#[actix_web::test]
async fn rate_limits_count_attempts_on_every_replica() {
    let a = spawn_app().await;
    let b_address = spawn_replica(&a).await;
    a.verified_user("limited@example.org", "Limited").await;
    let c = client();
    for i in 0..5 {
        let base = if i % 2 == 0 {
            a.address.clone()
        } else {
            b_address.clone()
        };
        let page = c
            .get(format!("{base}/signin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = csrf_from(&page).unwrap();
        let r = c
            .post(format!("{base}/signin"))
            .form(&[
                ("email", "limited@example.org"),
                ("password", "wrong guess here"),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let page = c
        .get(format!("{b_address}/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&page).unwrap();
    let r = c
        .post(format!("{b_address}/signin"))
        .form(&[
            ("email", "limited@example.org"),
            ("password", GOOD_PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}
