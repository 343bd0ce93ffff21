//! Signed-in people's public pages from the render cache: a kept copy is
//! served (blind to a change made behind the use cases' back) with each
//! person's own header, bell and token, every kind of change through a use
//! case shows at once, a sign-out or role change shows at once on the
//! replica that made it and within the session hold on another, and
//! languages and flash messages are kept apart.

mod common;

use std::time::{Duration, Instant};

use common::fixture::*;
use common::*;
use contest_portal::domain::role::Role;
use contest_portal::service::catalog::TagChoice;
use contest_portal::service::{self, requests::Filing};
use reqwest::StatusCode;

/// The session token a fresh sign-in of `email` gets.
async fn session_of(app: &TestApp, email: &str) -> String {
    let r = app.sign_in(&client(), email, GOOD_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
    let token = r
        .cookies()
        .find(|c| c.name() == "cp_session")
        .map(|c| c.value().to_string());
    token.expect("a session cookie")
}

/// `path` on `address` as the holder of `session` (and `more` cookies).
async fn as_holder(address: &str, path: &str, session: &str, more: &str) -> String {
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{address}{path}"))
        .header("cookie", format!("cp_session={session}{more}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

async fn page(address: &str, path: &str, session: &str) -> String {
    as_holder(address, path, session, "").await
}

/// Waits until `path` on `address` shows (or, with `shown` false, stops
/// showing) `text` to the holder of `session`; how long it took.
async fn until(address: &str, path: &str, session: &str, text: &str, shown: bool) -> Duration {
    let start = Instant::now();
    while page(address, path, session).await.contains(text) != shown {
        assert!(start.elapsed() < Duration::from_secs(3), "{path}: {text:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

/// Kept pages live until the end of their minute; the change poller's
/// first read comes before anything is kept.
async fn settled() {
    let second = chrono::Utc::now().timestamp().rem_euclid(60);
    if second > 45 {
        tokio::time::sleep(Duration::from_secs((61 - second) as u64)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Every CSRF token in `html`.
fn tokens(html: &str) -> Vec<&str> {
    html.split("name=\"csrf_token\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[actix_web::test]
async fn a_kept_signed_in_page_follows_every_kind_of_change() {
    // Counters trusted for 30 s: a loaded test machine's late poll does not
    // make this replica render afresh in the middle of the test.
    let app = spawn_app_with(&[("RENDER_CACHE_POLL_MS", "10000")]).await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let track_page = format!("/contests/{}/tracks/{}", t.year, t.id);
    let year = format!("/contests/{}", t.year);
    let reader = f.account("signed-reader@example.org", "快取甲").await;
    let s = session_of(&app, &reader.email).await;
    settled().await;
    let a = &app.address;
    for path in [
        track_page.as_str(),
        &year,
        "/requests",
        "/catalog/6262",
        "/",
    ] {
        let first = page(a, path, &s).await;
        assert!(first.contains("快取甲"), "{path}: the person's own header");
    }
    // Served from memory: blind to changes behind the use cases' back
    // (viewed again first: a signed-in view of a dataset may keep it, a
    // catalogue change the track page follows).
    page(a, &track_page, &s).await;
    page(a, "/catalog/6262", &s).await;
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE tracks SET theme = 'SNEAKY-THEME' WHERE id = {}",
            t.id
        ),
    );
    exec(
        &mut app.conn(),
        "UPDATE datasets SET description = 'SNEAKY-DATA' WHERE source_id = '6262'",
    );
    assert!(!page(a, &track_page, &s).await.contains("SNEAKY-THEME"));
    assert!(!page(a, "/catalog/6262", &s).await.contains("SNEAKY-DATA"));

    // A track edited, a contest changed, a request filed, a dataset tagged:
    // each shows on the next view.
    f.retheme(t, "簽入者看得到的新主題");
    assert!(page(a, &track_page, &s)
        .await
        .contains("簽入者看得到的新主題"));
    page(a, &year, &s).await;
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE contests SET title = 'SNEAKY-CONTEST' WHERE id = {}",
            contest.id
        ),
    );
    assert!(!page(a, &year, &s).await.contains("SNEAKY-CONTEST"), "kept");
    f.close_registration(&contest);
    assert!(page(a, &year, &s).await.contains("SNEAKY-CONTEST"));
    let filing = Filing {
        title: "簽入後看見的申請".into(),
        description: "各行業別的職災保險費率，含歷年變動".into(),
        fields: "行業代碼、費率、適用年度".into(),
        purpose: "比較各產業的職災風險並製作互動圖表".into(),
        format: "CSV".into(),
        ..Filing::default()
    };
    service::requests::file(&app.portal, &reader.person, filing).unwrap();
    assert!(page(a, "/requests", &s).await.contains("簽入後看見的申請"));
    let choice = TagChoice {
        themes: vec!["health".into()],
        tracks: Vec::new(),
    };
    service::catalog::tag(&app.portal, &f.admin, "6262", &choice).unwrap();
    let dataset = page(a, "/catalog/6262", &s).await;
    assert!(dataset.contains("健康醫療") && dataset.contains("SNEAKY-DATA"));
    // The home page's own part is the person's.
    assert!(page(a, "/", &s).await.contains("快取甲"));
}

#[actix_web::test]
async fn two_people_never_see_each_others_name_bell_or_token() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let one = f.account("signed-one@example.org", "讀者一號").await;
    let two = f.account("signed-two@example.org", "讀者二號").await;
    exec(
        &mut app.conn(),
        &format!(
            "INSERT INTO notifications (user_id, kind, title, summary, link, created_at) \
             VALUES ({}, 'info', '給一號', '一則', '/', '2026-11-01 00:00:00')",
            one.id()
        ),
    );
    let (s1, s2) = (
        session_of(&app, &one.email).await,
        session_of(&app, &two.email).await,
    );
    let track_page = format!("/contests/{}/tracks/{}", t.year, t.id);
    settled().await;
    for path in [
        "/contests",
        "/contests/2026",
        track_page.as_str(),
        "/requests",
        "/catalog/6262",
        "/catalog?q=%E5%8B%9E",
        "/open-data",
        "/",
    ] {
        for round in 0..2 {
            // Each in turn, twice: the second round comes from memory.
            let p1 = page(&app.address, path, &s1).await;
            let p2 = page(&app.address, path, &s2).await;
            for (mine, theirs, html) in
                [("讀者一號", "讀者二號", &p1), ("讀者二號", "讀者一號", &p2)]
            {
                assert!(html.contains(mine), "{path} {round}: own name");
                assert!(!html.contains(theirs), "{path} {round}: another's name");
            }
            assert!(p1.contains("1 則未讀"), "{path}: one's bell");
            assert!(!p2.contains("則未讀"), "{path}: two's bell");
            let (t1, t2) = (tokens(&p1), tokens(&p2));
            assert!(!t1.is_empty() && !t2.is_empty(), "{path}: sign-out forms");
            assert!(t1.iter().all(|t| *t == t1[0]), "{path}: one token");
            assert!(t2.iter().all(|t| *t == t2[0]), "{path}: one token");
            assert_ne!(t1[0], t2[0], "{path}: each their own token");
        }
    }
}

#[actix_web::test]
async fn a_sign_out_or_role_change_shows_here_at_once_and_elsewhere_within_the_hold() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    f.contest(2026, &[track("勞保組")]);
    let person = f.account("signed-role@example.org", "角色讀者").await;
    let s = session_of(&app, &person.email).await;
    settled().await;
    for address in [app.address.as_str(), &b] {
        for _ in 0..2 {
            let html = page(address, "/contests", &s).await;
            assert!(html.contains("角色讀者") && !html.contains("href=\"/organise\""));
        }
    }
    // Granted on this replica: at once here, within the hold on the other.
    f.grant(&person, Role::Organiser, None);
    assert!(page(&app.address, "/contests", &s)
        .await
        .contains("href=\"/organise\""));
    let took = until(&b, "/contests", &s, "href=\"/organise\"", true).await;
    assert!(took < Duration::from_millis(1500), "{took:?}");

    // Signed out here: at once here, within the hold on the other.
    let c = client();
    let signed_in = c
        .get(app.url("/contests"))
        .header("cookie", format!("cp_session={s}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_from(&signed_in).unwrap();
    let r = c
        .post(app.url("/signout"))
        .header("cookie", format!("cp_session={s}"))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!page(&app.address, "/contests", &s)
        .await
        .contains("角色讀者"));
    let took = until(&b, "/contests", &s, "角色讀者", false).await;
    assert!(took < Duration::from_millis(1500), "{took:?}");
}

#[actix_web::test]
async fn languages_and_flash_messages_are_kept_apart_for_the_signed_in() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    f.contest(2026, &[track("勞保組")]);
    let person = f.account("signed-lang@example.org", "語言讀者").await;
    let s = session_of(&app, &person.email).await;
    settled().await;
    for _ in 0..2 {
        let zh = page(&app.address, "/contests", &s).await;
        let en = as_holder(&app.address, "/contests", &s, "; cp_lang=en").await;
        assert!(zh.contains("<html lang=\"zh-TW\"") && zh.contains("已登入：語言讀者"));
        assert!(en.contains("<html lang=\"en\"") && en.contains("Signed in as 語言讀者"));
    }
    // A flash is shown to the one who has it, and never kept.
    let flash = "; cp_flash=info:flash-must-change-password";
    let flashed = as_holder(&app.address, "/contests", &s, flash).await;
    assert!(flashed.contains("class=\"flash flash-info\""), "{flashed}");
    for _ in 0..2 {
        let html = page(&app.address, "/contests", &s).await;
        assert!(!html.contains("flash-info"));
    }
}
