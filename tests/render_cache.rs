//! The render cache of anonymous public pages: a page is served from memory
//! (a change made behind the use cases' back, straight in the database, does
//! not show), every kind of change made through a use case shows on the next
//! anonymous view of the replica that made it and within a poll on another,
//! and signed-in people, flash messages and other languages never get
//! someone else's copy.

mod common;

use std::time::{Duration, Instant};

use common::fixture::*;
use common::*;
use contest_portal::domain::data_request::{Action, ChangeForm};
use contest_portal::service::catalog::TagChoice;
use contest_portal::service::{self, requests::Filing};
use contest_portal::store;
use reqwest::StatusCode;

async fn anon(address: &str, path: &str) -> String {
    let (status, html) = anonymous(address, path, "zh-TW").await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

/// Waits until `path` on `address` shows `text` to an anonymous visitor;
/// how long it took.
async fn shows_within(address: &str, path: &str, text: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if anon(address, path).await.contains(text) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "{path} on {address} did not show {text:?} within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A kept page lives until the end of its minute: a test that needs a page
/// to stay kept starts early enough in a minute.
async fn early_in_a_minute() {
    let second = chrono::Utc::now().timestamp().rem_euclid(60);
    if second > 45 {
        tokio::time::sleep(Duration::from_secs((61 - second) as u64)).await;
    }
}

/// The generation poller's first read, before which nothing is kept.
async fn warmed(address: &str, path: &str) -> String {
    tokio::time::sleep(Duration::from_millis(300)).await;
    anon(address, path).await
}

/// Changes a track's theme behind the use cases' back.
fn theme_in_database(app: &TestApp, track: i32, theme: &str) {
    exec(
        &mut app.conn(),
        &format!("UPDATE tracks SET theme = '{theme}' WHERE id = {track}"),
    );
}

fn track_page(t: Track) -> String {
    format!("/contests/{}/tracks/{}", t.year, t.id)
}

#[actix_web::test]
async fn a_track_edit_shows_at_once_here_and_within_a_poll_on_another_replica() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let page = track_page(t);
    early_in_a_minute().await;
    let first = warmed(&app.address, &page).await;
    warmed(&b, &page).await;
    // Served from memory on both replicas: byte for byte the page rendered,
    // and blind to a change that went round the use cases.
    theme_in_database(&app, t.id, "SNEAKY-THEME");
    let second = anon(&app.address, &page).await;
    assert_eq!(first, second, "the kept page is the rendered page");
    assert!(!anon(&b, &page).await.contains("SNEAKY-THEME"));
    // A signed-in person is never given the kept page.
    let organiser = f.organiser("cache-org@example.org").await;
    let signed_in = f.browser(&organiser).await;
    let html = signed_in
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("SNEAKY-THEME"), "rendered for the signed in");

    // The same change through the use case: this replica at once, the
    // other within its poll (200 ms).
    f.retheme(t, "勞動保險新主題");
    assert!(anon(&app.address, &page).await.contains("勞動保險新主題"));
    let took = shows_within(&b, &page, "勞動保險新主題", Duration::from_secs(3)).await;
    assert!(took < Duration::from_millis(1500), "{took:?}");

    // Kept again once rendered after the change: the rendered page, and
    // blind again to a change behind the use cases' back.
    let fresh = anon(&app.address, &page).await;
    theme_in_database(&app, t.id, "SNEAKY-AGAIN");
    assert_eq!(anon(&app.address, &page).await, fresh);
}

#[actix_web::test]
async fn a_contest_edit_shows_on_the_home_and_contest_pages() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let year = format!("/contests/{}", contest.year);
    early_in_a_minute().await;
    warmed(&app.address, "/").await;
    anon(&app.address, &year).await;
    anon(&app.address, "/contests").await;
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE contests SET title = 'SNEAKY' WHERE id = {}",
            contest.id
        ),
    );
    assert!(!anon(&app.address, "/").await.contains("SNEAKY"), "kept");
    f.close_registration(&contest);
    for path in ["/", year.as_str(), "/contests"] {
        assert!(anon(&app.address, path).await.contains("SNEAKY"), "{path}");
    }
}

/// The signed-in home page is rendered for each person, but reads the
/// current contest and its tracks as kept under the contests counter: blind
/// to a change behind the use cases' back, it follows one made through them
/// on the replica that made it at once and on another within a poll.
#[actix_web::test]
async fn the_signed_in_home_follows_a_track_edit_here_and_on_another_replica() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let student = f.account("kept-home@example.org", "快取學生").await;
    let c = f.browser(&student).await;
    let home = |address: String| {
        let c = c.clone();
        async move {
            let r = c.get(format!("{address}/")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.text().await.unwrap()
        }
    };
    // Both replicas' pollers have read the counters once.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for address in [app.address.clone(), b.clone()] {
        let html = home(address.clone()).await;
        assert!(html.contains("勞保組"), "{address}");
        assert!(
            html.contains("快取學生"),
            "{address}: the person's own page"
        );
    }
    exec(
        &mut app.conn(),
        &format!("UPDATE tracks SET name = '偷改組' WHERE id = {}", t.id),
    );
    for address in [app.address.clone(), b.clone()] {
        let html = home(address.clone()).await;
        assert!(!html.contains("偷改組"), "{address}: kept");
        assert!(html.contains("勞保組"), "{address}: kept");
    }
    f.edit_track(t, |d| d.name = "就業組".into());
    assert!(
        home(app.address.clone()).await.contains("就業組"),
        "at once here"
    );
    let start = Instant::now();
    while !home(b.clone()).await.contains("就業組") {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the other replica's home did not follow the edit"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(start.elapsed() < Duration::from_millis(1500));
}

/// Demo data seeded straight in the store while a replica serves (the
/// `seed-demo` command) shows on its home within a poll, anonymous or signed
/// in: the seeding raises every public counter itself.
#[actix_web::test]
async fn demo_data_seeded_while_serving_shows_within_a_poll() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let someone = f.account("demo-watcher@example.org", "看示範的人").await;
    let c = f.browser(&someone).await;
    early_in_a_minute().await;
    let title = "勞工保障及保險智慧服務組";
    assert!(!warmed(&app.address, "/").await.contains(title));
    assert!(!app.page_as(&c, "/").await.1.contains(title));
    assert!(contest_portal::demo::seed(&app.portal, chrono::Utc::now().naive_utc()).unwrap());
    let took = shows_within(&app.address, "/", title, Duration::from_secs(3)).await;
    assert!(took < Duration::from_millis(1500), "{took:?}");
    let (status, html) = app.page_as(&c, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(title), "the signed-in home");
}

/// Results published and taken back: the track page and the dataset page
/// that counts the winner follow.
#[actix_web::test]
async fn results_published_and_unpublished_show_on_the_track_page() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let mut spec = track("就業組");
    spec.prizes = "第一名, 1, 60000, First prize".into();
    let contest = f.contest(2026, &[spec]);
    let t = contest.tracks[0];
    let captain = f.student("cache-cap@example.org").await;
    let team = f.team(&[t], "快取測試隊", &captain);
    let entry = f.submitted_entry(&team, t, "勞保快取得獎作品").await;
    f.pass_all(&contest, std::slice::from_ref(&entry));
    f.open_judging(&contest, "");
    let prizes = store::contests::prizes_of(&mut app.conn(), &[t.id]).unwrap();
    service::judging::save_awards(
        &app.portal,
        &f.admin,
        t.id,
        &[(entry.id, prizes[0].id.to_string())],
    )
    .unwrap();
    let page = track_page(t);
    let dataset = "/catalog/6262";
    early_in_a_minute().await;
    assert!(!warmed(&app.address, &page)
        .await
        .contains("勞保快取得獎作品"));
    assert!(!warmed(&b, &page).await.contains("勞保快取得獎作品"));
    assert!(!anon(&app.address, dataset)
        .await
        .contains("勞保快取得獎作品"));

    service::judging::publish_results(&app.portal, &f.admin, t.id, true, true).unwrap();
    assert!(anon(&app.address, &page).await.contains("勞保快取得獎作品"));
    assert!(anon(&app.address, dataset)
        .await
        .contains("勞保快取得獎作品"));
    shows_within(&b, &page, "勞保快取得獎作品", Duration::from_secs(3)).await;

    service::judging::publish_results(&app.portal, &f.admin, t.id, false, true).unwrap();
    assert!(!anon(&app.address, &page).await.contains("勞保快取得獎作品"));
    assert!(!anon(&app.address, dataset)
        .await
        .contains("勞保快取得獎作品"));
}

fn filing(title: &str) -> Filing {
    Filing {
        title: title.into(),
        description: "各行業別的職災保險費率，含歷年變動".into(),
        fields: "行業代碼、費率、適用年度".into(),
        purpose: "比較各產業的職災風險並製作互動圖表".into(),
        format: "CSV".into(),
        ..Filing::default()
    }
}

/// A request filed, acted on and commented: the board and its page follow,
/// here at once and on the other replica within a poll.
#[actix_web::test]
async fn a_request_filed_acted_on_and_commented_shows_on_the_board() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let requester = f.account("cache-req@example.org", "申請人").await;
    let first = f.request(&requester, "第一筆快取申請");
    let page = format!("/requests/{first}");
    early_in_a_minute().await;
    assert!(warmed(&app.address, "/requests")
        .await
        .contains("第一筆快取申請"));
    warmed(&b, "/requests").await;
    anon(&app.address, &page).await;
    anon(&b, &page).await;
    exec(
        &mut app.conn(),
        &format!("UPDATE data_requests SET title = 'SNEAKY' WHERE id = {first}"),
    );
    assert!(
        !anon(&app.address, "/requests").await.contains("SNEAKY"),
        "kept"
    );
    assert!(!anon(&b, &page).await.contains("SNEAKY"), "kept");

    // Filed.
    service::requests::file(&app.portal, &requester.person, filing("第二筆快取申請")).unwrap();
    assert!(anon(&app.address, "/requests")
        .await
        .contains("第二筆快取申請"));
    shows_within(&b, "/requests", "第二筆快取申請", Duration::from_secs(3)).await;

    // Acted on: routed to a unit.
    let routed_before = anon(&app.address, &page).await;
    f.route(first, "bli");
    let routed = anon(&app.address, &page).await;
    assert_ne!(routed, routed_before, "the routing shows");
    assert!(routed.contains("SNEAKY"), "rendered again after the change");
    shows_within(&b, &page, "SNEAKY", Duration::from_secs(3)).await;

    // Commented.
    service::requests::comment(&app.portal, &requester.person, first, "快取留言一則").unwrap();
    assert!(anon(&app.address, &page).await.contains("快取留言一則"));
    shows_within(&b, &page, "快取留言一則", Duration::from_secs(3)).await;

    // Withdrawn: gone from the board.
    let version = store::requests::find(&mut app.conn(), first)
        .unwrap()
        .unwrap()
        .version;
    service::requests::act(
        &app.portal,
        &requester.person,
        first,
        Action::Withdraw,
        ChangeForm::default(),
        version,
    )
    .await
    .unwrap();
    assert!(!anon(&app.address, "/requests").await.contains("SNEAKY"));
}

/// A dataset changed by a sync (an import of records) or by its tags.
#[actix_web::test]
async fn a_dataset_changed_by_sync_or_tags_shows_on_its_page() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let page = "/catalog/6262";
    early_in_a_minute().await;
    let before = warmed(&app.address, page).await;
    warmed(&b, page).await;
    anon(&app.address, "/catalog?q=%E5%BF%AB%E5%8F%96").await;
    exec(
        &mut app.conn(),
        "UPDATE datasets SET description = 'SNEAKY' WHERE source_id = '6262'",
    );
    assert_eq!(anon(&app.address, page).await, before, "kept");

    let mut records = contest_portal::integrations::catalog::bundled_snapshot();
    let r = records.iter_mut().find(|r| r.source_id == "6262").unwrap();
    r.title = "快取同步後的新標題".into();
    let s = service::catalog::import_records(&app.portal, vec![r.clone()], Vec::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(s.updated, 1);
    assert!(anon(&app.address, page)
        .await
        .contains("快取同步後的新標題"));
    assert!(anon(&app.address, "/catalog?q=%E5%BF%AB%E5%8F%96")
        .await
        .contains("快取同步後的新標題"));
    shows_within(&b, page, "快取同步後的新標題", Duration::from_secs(3)).await;

    let choice = TagChoice {
        themes: vec!["health".into()],
        tracks: Vec::new(),
    };
    service::catalog::tag(&app.portal, &f.admin, "6262", &choice).unwrap();
    let (_, en) = anonymous(&app.address, page, "en").await;
    assert!(en.contains("Health and medical care"), "{en}");
    shows_within(&b, page, "健康醫療", Duration::from_secs(3)).await;
}

/// zh-TW and English are kept apart; a flash message is never kept nor
/// served from a kept page; a kept page holds no visitor's token and sets
/// only the visitor's own cookie.
#[actix_web::test]
async fn languages_flash_and_cookies_are_kept_apart() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    f.contest(2026, &[track("勞保組")]);
    early_in_a_minute().await;
    warmed(&app.address, "/").await;
    for _ in 0..2 {
        let (_, zh) = anonymous(&app.address, "/", "zh-TW").await;
        let (_, en) = anonymous(&app.address, "/", "en").await;
        assert!(zh.contains("<html lang=\"zh-TW\""), "{zh}");
        assert!(en.contains("<html lang=\"en\""), "{en}");
    }
    // A language chosen by cookie is kept apart from one negotiated.
    let c = client();
    let r = c.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url("/"))
        .header("accept-language", "zh-TW")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\""));

    // A flash is shown to the one who has it, and to no one after.
    let flashed = reqwest::Client::new()
        .get(app.url("/"))
        .header("cookie", "cp_flash=info:flash-must-change-password")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(flashed.contains("class=\"flash flash-info\""), "{flashed}");
    assert!(!anon(&app.address, "/").await.contains("flash-info"));

    // Nothing of a visitor in a kept page; each new visitor gets a cookie
    // of their own, a returning one none.
    let html = anon(&app.address, "/").await;
    assert!(csrf_from(&html).is_none());
    let mut seen = Vec::new();
    for _ in 0..2 {
        let r = reqwest::Client::new()
            .get(app.url("/"))
            .send()
            .await
            .unwrap();
        let cookies: Vec<String> = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert_eq!(cookies.len(), 1, "{cookies:?}");
        assert!(cookies[0].starts_with("cp_anon="));
        assert_eq!(
            r.headers().get("cache-control").unwrap(),
            "no-store",
            "the security headers come with a kept page"
        );
        seen.push(cookies[0].clone());
    }
    assert_ne!(seen[0], seen[1], "no visitor gets another's cookie");
    let returning = client();
    returning.get(app.url("/")).send().await.unwrap();
    let r = returning.get(app.url("/")).send().await.unwrap();
    assert!(r.headers().get("set-cookie").is_none());
}

/// A signed-in person sees their own name and bell, never the page kept
/// for anonymous visitors, also on the board and a dataset's page.
#[actix_web::test]
async fn a_signed_in_person_never_gets_a_kept_page() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    f.contest(2026, &[track("勞保組")]);
    let someone = f.account("cache-person@example.org", "快取讀者").await;
    let c = f.browser(&someone).await;
    early_in_a_minute().await;
    for path in ["/", "/requests", "/catalog/6262", "/contests"] {
        let kept = warmed(&app.address, path).await;
        assert!(!kept.contains("快取讀者"));
        let html = c
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("快取讀者"), "{path}: the person's own page");
        assert!(
            csrf_from(&html).is_some(),
            "{path}: with their sign-out form"
        );
        assert_ne!(html, kept);
    }
}

/// `RENDER_CACHE=off`: every page is rendered, so a change straight in the
/// database shows at once.
#[actix_web::test]
async fn the_cache_can_be_turned_off() {
    let app = spawn_app_with(&[("RENDER_CACHE", "off")]).await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let page = track_page(contest.tracks[0]);
    warmed(&app.address, &page).await;
    theme_in_database(&app, contest.tracks[0].id, "SNEAKY-THEME");
    assert!(anon(&app.address, &page).await.contains("SNEAKY-THEME"));
}
