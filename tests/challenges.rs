//! Challenges set by business units (出題, issue 20): a unit drafts one,
//! sends it for review, the organisers ask for changes, the unit edits and
//! sends it again, the organisers publish it (audited, the unit told), and
//! the track page lists it; bad input, stale forms, two organisers
//! publishing at once and everyone who may not touch a challenge.

mod common;

use std::time::{Duration, Instant};

use common::fixture::*;
use common::*;
use contest_portal::domain::challenge::{DATASETS_MAX, TITLE_MAX};
use contest_portal::domain::role::Role;
use contest_portal::service;
use contest_portal::store;
use reqwest::StatusCode;

const UNIT: &str = "mol-insurance";

/// A form as sent: name and value pairs.
type Fields = Vec<(String, String)>;

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let r = app.get_with(c, path).await;
    (r.status(), r.text().await.unwrap())
}

fn version(app: &TestApp, id: i32) -> i32 {
    store::challenges::find(&mut app.conn(), id)
        .unwrap()
        .expect("the challenge exists")
        .version
}

fn state(app: &TestApp, id: i32) -> &'static str {
    store::challenges::find(&mut app.conn(), id)
        .unwrap()
        .expect("the challenge exists")
        .state
        .as_str()
}

fn count_of_unit(app: &TestApp, unit: i32) -> usize {
    store::challenges::of_unit(&mut app.conn(), unit)
        .unwrap()
        .len()
}

/// The challenge form's fields, complete and good, for `track`.
fn fields(track: i32, datasets: &[i32]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [
        ("track_id", track.to_string()),
        ("title_zh", "職災熱點地圖".into()),
        ("title_en", "Workplace injury hotspots".into()),
        ("statement_zh", "找出職業災害集中的行業與地區。".into()),
        (
            "statement_en",
            "Find where workplace injuries cluster.".into(),
        ),
        ("intended_users", "勞動檢查員".into()),
        ("releasable_data", "各縣市職災統計".into()),
        ("contact_name", "王小明".into()),
        ("contact_email", "wang@mol.gov.tw".into()),
        ("prize", "受邀至本部簡報".into()),
        ("action", "save".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for d in datasets {
        v.push(("dataset".into(), d.to_string()));
    }
    v
}

fn with(mut f: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    f.retain(|(k, _)| k != key);
    f.push((key.into(), value.into()));
    f
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    f: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_with(c, path, &pairs).await
}

fn track_page(t: Track) -> String {
    format!("/contests/{}/tracks/{}", t.year, t.id)
}

#[actix_web::test]
async fn a_challenge_goes_from_draft_through_changes_to_published_and_withdrawn() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let unit = f.unit_reviewer("unit@bli.gov.tw", UNIT).await;
    let organiser = f.organiser("org@mol.gov.tw").await;
    let uc = f.browser(&unit).await;
    let oc = f.browser(&organiser).await;
    let d1 = f.dataset_id("6262");
    let d2 = f.dataset_id("40324");

    let (s, html) = get(&app, &uc, "/unit/challenges").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("/unit/challenges/new"), "the new button");
    assert!(html.contains("href=\"/unit/challenges\""), "the nav link");

    // The picker searches without JavaScript: the form comes back with the
    // datasets found as checkboxes and everything typed kept.
    let title = store::catalog::find_by_source_id(&mut app.conn(), "40324")
        .unwrap()
        .unwrap()
        .title;
    let word: String = title.chars().take(100).collect();
    let searching = with(with(fields(t.id, &[d1]), "action", "search"), "dq", &word);
    let r = post(&app, &uc, "/unit/challenges/new", &searching).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("Workplace injury hotspots"), "typed kept");
    assert!(html.contains(&format!("name=\"dataset\" value=\"{d1}\" checked")));
    assert!(html.contains(&format!("name=\"dataset\" value=\"{d2}\">")));
    assert!(
        html.contains("fitness-card-compact"),
        "the picked one's card"
    );
    assert_eq!(count_of_unit(&app, f.unit(UNIT)), 0, "nothing saved");

    let r = post(&app, &uc, "/unit/challenges/new", &fields(t.id, &[d1, d2])).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(state(&app, id), "draft");
    let (s, html) = get(&app, &uc, &format!("/unit/challenges/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("職災熱點地圖") && html.contains("/catalog/6262#card"));

    // A draft is nobody else's business.
    assert_eq!(
        anonymous(&app.address, &format!("/challenges/{id}"), "zh-TW")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert!(!anonymous(&app.address, &track_page(t), "zh-TW")
        .await
        .1
        .contains("職災熱點地圖"));

    let v = version(&app, id).to_string();
    let r = post(
        &app,
        &uc,
        &format!("/unit/challenges/{id}/submit"),
        &[("version".into(), v)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(state(&app, id), "submitted");
    let told = app.outbox_for(&organiser.email);
    assert!(
        told.iter()
            .any(|m| m.kind == "challenge-review" && m.body_text.contains("職災熱點地圖")),
        "organisers told"
    );

    // A submitted challenge cannot be changed by the unit.
    let v = version(&app, id).to_string();
    let r = post(
        &app,
        &uc,
        &format!("/unit/challenges/{id}"),
        &with(fields(t.id, &[d1]), "version", &v),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let (s, html) = get(
        &app,
        &oc,
        &format!("/organise/challenges?contest={}", contest.id),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("/organise/challenges/{id}")));
    let (s, html) = get(
        &app,
        &oc,
        &format!(
            "/organise/challenges?contest={}&state=published",
            contest.id
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !html.contains(&format!("/organise/challenges/{id}\"")),
        "filtered by state"
    );
    let (s, html) = get(&app, &oc, &format!("/organise/challenges/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Workplace injury hotspots") && html.contains("/catalog/40324"));

    // Changes need a note.
    let v = version(&app, id).to_string();
    let path = format!("/organise/challenges/{id}/changes");
    let r = post(
        &app,
        &oc,
        &path,
        &[("version".into(), v.clone()), ("note".into(), "  ".into())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(state(&app, id), "submitted");
    let note = "請補充英文說明的資料來源";
    let r = post(
        &app,
        &oc,
        &path,
        &[("version".into(), v), ("note".into(), note.into())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(state(&app, id), "changes_requested");
    let told = app.outbox_for(&unit.email);
    assert!(
        told.iter()
            .any(|m| m.kind == "challenge-review" && m.body_text.contains(note)),
        "unit told with the note"
    );

    let (_, html) = get(&app, &uc, &format!("/unit/challenges/{id}")).await;
    assert!(html.contains(note), "the unit sees the note");
    let v = version(&app, id).to_string();
    let edited = with(
        with(fields(t.id, &[d2]), "version", &v),
        "statement_en",
        "Find where workplace injuries cluster (source: BLI open data).",
    );
    let r = post(&app, &uc, &format!("/unit/challenges/{id}"), &edited).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        store::challenges::dataset_ids(&mut app.conn(), id).unwrap(),
        vec![d2]
    );
    let v = version(&app, id).to_string();
    let r = post(
        &app,
        &uc,
        &format!("/unit/challenges/{id}/submit"),
        &[("version".into(), v)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let v = version(&app, id).to_string();
    let r = post(
        &app,
        &oc,
        &format!("/organise/challenges/{id}/publish"),
        &[("version".into(), v)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(state(&app, id), "published");
    assert!(
        app.outbox_for(&unit.email)
            .iter()
            .any(|m| m.subject.contains("已公開")),
        "unit told it is published"
    );

    // Public now: its page and the track's, in each language.
    let (s, html) = anonymous(&app.address, &format!("/challenges/{id}"), "zh-TW").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("職災熱點地圖") && html.contains("/catalog/40324"));
    let (_, html) = anonymous(&app.address, &format!("/challenges/{id}"), "en").await;
    assert!(html.contains("Workplace injury hotspots"));
    let (_, html) = anonymous(&app.address, &track_page(t), "zh-TW").await;
    assert!(html.contains("職災熱點地圖") && html.contains(&format!("/challenges/{id}")));
    assert!(html.contains("/catalog/40324"), "its datasets linked");
    let (_, html) = anonymous(&app.address, &track_page(t), "en").await;
    assert!(html.contains("Workplace injury hotspots"));
    let (_, html) = get(&app, &uc, "/unit/challenges").await;
    assert!(html.contains(&format!("/unit/challenges/{id}/outcome")));

    let v = version(&app, id).to_string();
    let r = post(
        &app,
        &oc,
        &format!("/organise/challenges/{id}/withdraw"),
        &[("version".into(), v)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous(&app.address, &format!("/challenges/{id}"), "zh-TW")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert!(!anonymous(&app.address, &track_page(t), "zh-TW")
        .await
        .1
        .contains("職災熱點地圖"));

    let actions = app.audit_actions();
    for a in [
        "challenge.create",
        "challenge.submit",
        "challenge.request-changes",
        "challenge.publish",
        "challenge.withdraw",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited: {actions:?}");
    }
}

#[actix_web::test]
async fn bad_input_is_refused_beside_its_field_with_the_form_kept() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let unit = f.unit_reviewer("unit@bli.gov.tw", UNIT).await;
    let uc = f.browser(&unit).await;
    let d1 = f.dataset_id("6262");
    let unit_id = f.unit(UNIT);
    let huge = "長".repeat(TITLE_MAX + 1);
    let too_many: Vec<i32> = (1..=(DATASETS_MAX as i32 + 1)).collect();
    let empty: Vec<(String, String)> = vec![("action".into(), "save".into())];
    let cases: Vec<(&str, Fields, &str)> = vec![
        ("empty", empty, ""),
        (
            "huge title",
            with(fields(t.id, &[d1]), "title_zh", &huge),
            &huge[..30],
        ),
        (
            "NUL",
            with(fields(t.id, &[d1]), "statement_zh", "資料\u{0}說明"),
            "Workplace",
        ),
        (
            "control",
            with(fields(t.id, &[d1]), "contact_name", "王\u{7}小明"),
            "Workplace",
        ),
        (
            "bidi",
            with(fields(t.id, &[d1]), "title_en", "evil\u{202e}txt.exe"),
            "職災熱點地圖",
        ),
        (
            "bad e-mail",
            with(fields(t.id, &[d1]), "contact_email", "not-an-address"),
            "not-an-address",
        ),
        ("too many datasets", fields(t.id, &too_many), "職災熱點地圖"),
        ("unknown dataset", fields(t.id, &[999_999]), "999999"),
        (
            "not a number",
            with(fields(t.id, &[]), "dataset", "abc"),
            "職災熱點地圖",
        ),
        (
            "no such track",
            with(fields(t.id, &[d1]), "track_id", "999999"),
            "職災熱點地圖",
        ),
    ];
    for (what, form, kept) in cases {
        let r = post(&app, &uc, "/unit/challenges/new", &form).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("field-error"),
            "{what}: said beside its field"
        );
        assert!(html.contains(kept), "{what}: typed kept");
        assert_eq!(count_of_unit(&app, unit_id), 0, "{what}: nothing stored");
    }

    // A stale form: someone saved after this one was loaded.
    let r = post(&app, &uc, "/unit/challenges/new", &fields(t.id, &[d1])).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = store::challenges::of_unit(&mut app.conn(), unit_id).unwrap()[0].id;
    let loaded = version(&app, id).to_string();
    let first = with(
        with(fields(t.id, &[d1]), "version", &loaded),
        "prize",
        "第一版",
    );
    let r = post(&app, &uc, &format!("/unit/challenges/{id}"), &first).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let late = with(
        with(fields(t.id, &[d1]), "version", &loaded),
        "prize",
        "晚到的修改",
    );
    let r = post(&app, &uc, &format!("/unit/challenges/{id}"), &late).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("晚到的修改"), "typed kept");
    let stored = store::challenges::find(&mut app.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.prize, "第一版");
    // A bad version is stale too, and a bad search word is said beside the box.
    let r = post(
        &app,
        &uc,
        &format!("/unit/challenges/{id}"),
        &with(fields(t.id, &[d1]), "version", "x"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let search = with(
        with(fields(t.id, &[d1]), "action", "search"),
        "dq",
        "a\u{0}b",
    );
    let r = post(&app, &uc, "/unit/challenges/new", &search).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("field-error"));
    // Submitting a stale version is refused, nothing moves.
    let r = post(
        &app,
        &uc,
        &format!("/unit/challenges/{id}/submit"),
        &[("version".into(), loaded)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(state(&app, id), "draft");
}

#[actix_web::test]
async fn two_organisers_publishing_at_once_get_one_success_and_one_409() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let unit = f.unit_reviewer("unit@bli.gov.tw", UNIT).await;
    let id = f.draft_challenge(&unit, contest.tracks[0].id, &[f.dataset_id("6262")]);
    service::challenges::submit(&app.portal, &unit.person, id, version(&app, id)).unwrap();
    let one = f.organiser("one@mol.gov.tw").await;
    let two = f.organiser("two@mol.gov.tw").await;
    let (c1, c2) = (f.browser(&one).await, f.browser(&two).await);
    let (t1, t2) = (app.csrf_for(&c1).await, app.csrf_for(&c2).await);
    let v = version(&app, id).to_string();
    let path = format!("/organise/challenges/{id}/publish");
    let send = |c: &reqwest::Client, address: &str, token: &str| {
        c.post(format!("{address}{path}"))
            .form(&[("version", v.as_str()), ("csrf_token", token)])
            .send()
    };
    let (r1, r2) = tokio::join!(send(&c1, &app.address, &t1), send(&c2, &b, &t2));
    let statuses = [r1.unwrap().status(), r2.unwrap().status()];
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert_eq!(state(&app, id), "published");
    let published = app
        .audit_actions()
        .iter()
        .filter(|a| *a == "challenge.publish")
        .count();
    assert_eq!(published, 1);
    // Publishing again is a 409 too, not a 500.
    let now_at = version(&app, id).to_string();
    let r = app
        .post_with(&c1, &path, &[("version", now_at.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[actix_web::test]
async fn only_the_unit_writes_and_only_organisers_review() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let unit = f.unit_reviewer("unit@bli.gov.tw", UNIT).await;
    let other = f.unit_reviewer("other@mol.gov.tw", "mol-it").await;
    let organiser = f.organiser("org@mol.gov.tw").await;
    let student = f.student("student@nccu.edu.tw").await;
    let judge = f.with_role("judge@mol.gov.tw", Role::Judge).await;
    let d1 = f.dataset_id("6262");
    let id = f.draft_challenge(&unit, t.id, &[d1]);
    let v = version(&app, id).to_string();
    let edit = with(fields(t.id, &[d1]), "version", &v);
    let own = format!("/unit/challenges/{id}");
    let submit = format!("/unit/challenges/{id}/submit");
    let review = format!("/organise/challenges/{id}");
    let publish = format!("/organise/challenges/{id}/publish");
    let vf = vec![("version".to_string(), v.clone())];

    // Participants and judges: 403 on the unit's and the organisers' pages.
    for who in [&student, &judge] {
        let c = f.browser(who).await;
        for path in [
            "/unit/challenges",
            "/unit/challenges/new",
            own.as_str(),
            "/organise/challenges",
            review.as_str(),
        ] {
            assert_eq!(
                get(&app, &c, path).await.0,
                StatusCode::FORBIDDEN,
                "{} {path}",
                who.email
            );
        }
        assert_eq!(
            post(&app, &c, "/unit/challenges/new", &fields(t.id, &[d1]))
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post(&app, &c, &own, &edit).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post(&app, &c, &publish, &vf).await.status(),
            StatusCode::FORBIDDEN
        );
        // A draft is not public to them either.
        assert_eq!(
            get(&app, &c, &format!("/challenges/{id}")).await.0,
            StatusCode::NOT_FOUND
        );
    }
    // Anonymous: sent to sign in.
    assert_eq!(
        app.get("/unit/challenges").await.status(),
        StatusCode::SEE_OTHER
    );

    // Another unit: the challenge does not exist for it.
    let oc = f.browser(&other).await;
    assert_eq!(get(&app, &oc, &own).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        post(&app, &oc, &own, &edit).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post(&app, &oc, &submit, &vf).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(!get(&app, &oc, "/unit/challenges").await.1.contains(&own));
    // A unit reviewer does not review.
    let uc = f.browser(&unit).await;
    assert_eq!(get(&app, &uc, &review).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        post(&app, &uc, &publish, &vf).await.status(),
        StatusCode::FORBIDDEN
    );

    // Organisers neither draft nor edit a unit's text, and publish only
    // what was sent for review.
    let org = f.browser(&organiser).await;
    assert_eq!(get(&app, &org, &own).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        post(&app, &org, &own, &edit).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&app, &org, "/unit/challenges/new", &fields(t.id, &[d1]))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(matches!(
        service::challenges::save(
            &app.portal,
            &organiser.person,
            id,
            version(&app, id),
            &service::challenges::ChallengeForm::default()
        ),
        Err(service::Error::Forbidden)
    ));
    assert_eq!(
        post(&app, &org, &publish, &vf).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(get(&app, &org, &review).await.0, StatusCode::OK);
    assert_eq!(state(&app, id), "draft");
    let stored = store::challenges::find(&mut app.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.title_zh, CHALLENGE_TITLE_ZH,
        "nobody else changed it"
    );
    // A draft stays off the public page, and so does the organisers' 404 for nonsense.
    assert_eq!(
        anonymous(&app.address, &format!("/challenges/{id}"), "zh-TW")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &org, "/organise/challenges/999999").await.0,
        StatusCode::NOT_FOUND
    );
}

/// A kept page lives until the end of its minute: a test that needs a page
/// to stay kept starts early enough in a minute.
async fn early_in_a_minute() {
    let second = chrono::Utc::now().timestamp().rem_euclid(60);
    if second > 45 {
        tokio::time::sleep(Duration::from_secs((61 - second) as u64)).await;
    }
}

async fn shows_within(address: &str, path: &str, text: &str, limit: Duration) {
    let start = Instant::now();
    loop {
        if anonymous(address, path, "zh-TW").await.1.contains(text) {
            return;
        }
        assert!(
            start.elapsed() < limit,
            "{path} on {address} did not show {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The track page and the challenge's page come from the render cache:
/// publishing and withdrawing show at once here and within a poll on
/// another replica, while a change behind the use cases' back does not.
#[actix_web::test]
async fn the_kept_track_page_follows_publishing_and_withdrawing() {
    let app = spawn_app().await;
    let b = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let t = contest.tracks[0];
    let unit = f.unit_reviewer("unit@bli.gov.tw", UNIT).await;
    let id = f.draft_challenge(&unit, t.id, &[f.dataset_id("6262")]);
    service::challenges::submit(&app.portal, &unit.person, id, version(&app, id)).unwrap();
    let page = track_page(t);
    early_in_a_minute().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let first = anonymous(&app.address, &page, "zh-TW").await.1;
    anonymous(&b, &page, "zh-TW").await;
    assert!(!first.contains(CHALLENGE_TITLE_ZH));
    // Kept: a change behind the use cases' back does not show.
    exec(
        &mut app.conn(),
        &format!(
            "UPDATE tracks SET theme = 'SNEAKY-THEME' WHERE id = {}",
            t.id
        ),
    );
    assert_eq!(anonymous(&app.address, &page, "zh-TW").await.1, first);

    service::challenges::publish(&app.portal, &f.admin, id, version(&app, id)).unwrap();
    let html = anonymous(&app.address, &page, "zh-TW").await.1;
    assert!(html.contains(CHALLENGE_TITLE_ZH), "shown at once here");
    shows_within(&b, &page, CHALLENGE_TITLE_ZH, Duration::from_secs(3)).await;
    let public = format!("/challenges/{id}");
    assert_eq!(
        anonymous(&app.address, &public, "zh-TW").await.0,
        StatusCode::OK
    );
    assert_eq!(anonymous(&b, &public, "zh-TW").await.0, StatusCode::OK);

    service::challenges::withdraw(&app.portal, &f.admin, id, version(&app, id)).unwrap();
    assert!(!anonymous(&app.address, &page, "zh-TW")
        .await
        .1
        .contains(CHALLENGE_TITLE_ZH));
    assert_eq!(
        anonymous(&app.address, &public, "zh-TW").await.0,
        StatusCode::NOT_FOUND
    );
    let start = Instant::now();
    while anonymous(&b, &public, "zh-TW").await.0 != StatusCode::NOT_FOUND {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the replica follows the withdrawal"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The fixture's helpers for the other half of issue 20 (a published
/// challenge through the services).
#[actix_web::test]
async fn the_fixture_publishes_a_challenge_through_the_services() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let unit = f.unit_reviewer("unit@bli.gov.tw", UNIT).await;
    let d = f.dataset_id("6262");
    let id = f.published_challenge(&unit, contest.tracks[0].id, &[d]);
    assert_eq!(state(&app, id), "published");
    assert_eq!(
        store::challenges::dataset_ids(&mut app.conn(), id).unwrap(),
        vec![d]
    );
    let listed = service::challenges::of_track(&app.portal, contest.tracks[0].id).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].datasets[0].source_id, "6262");
}
