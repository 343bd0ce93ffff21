//! What a published challenge (出題, issue 20) is used for and what came of
//! it: a team picks one on its entry form (published ones of its own track
//! only, the choice kept through saves, submissions and versions), the
//! pre-check advises on the challenge's recommended datasets, judges and
//! reviewers see it beside the entry, a data request names it, the unit
//! sees what answered it (after eligibility the eligible entries), is told
//! once when results are published, and registers for the winners' sharing
//! session (once: a second or simultaneous one is a 409); the dashboard,
//! the pack (and its workbook) and the archive count the same figures.
//! Other units get 404, other roles 403.

mod common;

use std::io::Read;

use chrono::{Duration, Utc};
use common::fixture::*;
use common::*;
use contest_portal::domain::judging::Round;
use contest_portal::domain::sharing::SessionForm;
use contest_portal::i18n::Lang;
use contest_portal::service::judging::FinalistsForm;
use contest_portal::service::{self, today};
use contest_portal::store;
use reqwest::StatusCode;

const UNIT: &str = "osha";
const OTHER_UNIT: &str = "bli";

/// A contest with two tracks; a unit's published challenge on the first
/// (recommending datasets 6262 and 40324), its draft on the first, and a
/// published one of another unit on the second; a team with a submitted
/// entry in the first track.
struct World {
    contest: Contest,
    track: Track,
    other_track: Track,
    unit: Someone,
    unit_browser: reqwest::Client,
    challenge: i32,
    draft: i32,
    elsewhere: i32,
    team: Team,
    captain: reqwest::Client,
    entry: Entry,
}

async fn world(app: &TestApp) -> World {
    let f = Fixture::new(app);
    let mut a = track("職安組");
    a.prizes = "第一名, 1, 60000, First prize".into();
    let contest = f.contest(2026, &[a, track("就業組")]);
    let (t, other_track) = (contest.tracks[0], contest.tracks[1]);
    let unit = f.unit_reviewer("osha@osha.gov.tw", UNIT).await;
    let other = f.unit_reviewer("bli@bli.gov.tw", OTHER_UNIT).await;
    let recommended = [f.dataset_id("6262"), f.dataset_id("40324")];
    let challenge = f.published_challenge(&unit, t.id, &recommended);
    let draft = f.draft_challenge(&unit, t.id, &[]);
    let elsewhere = f.published_challenge(&other, other_track.id, &[]);
    let captain = f.student("cap@nccu.edu.tw").await;
    let team = f.team(&[t], "職安隊", &captain);
    let entry = f.submitted_entry(&team, t, "勞安預警作品").await;
    World {
        unit_browser: f.browser(&unit).await,
        captain: f.browser(&captain).await,
        contest,
        track: t,
        other_track,
        unit,
        challenge,
        draft,
        elsewhere,
        team,
        entry,
    }
}

/// The entry form as the captain sends it, with `challenge`.
fn entry_form<'a>(version: &'a str, challenge: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("action", "save"),
        ("title", title),
        ("abstract", ABSTRACT),
        ("ds_id_0", "6262"),
        ("ds_fields_0", "行業類別"),
        ("ds_usage_0", USE_A),
        ("ds_depth_0", "2"),
        ("challenge", challenge),
    ]
}

fn stored_challenge(app: &TestApp, entry: i32) -> Option<i32> {
    store::entries::find_by_id(&mut app.conn(), entry)
        .unwrap()
        .unwrap()
        .challenge_id
}

/// A challenge offered in a form's list.
fn offered(id: i32) -> String {
    format!("data-challenge=\"{id}\"")
}

/// The filing form of a data request naming `challenge`.
fn request_fields(challenge: &str) -> Vec<(&str, &str)> {
    vec![
        ("title", "各縣市職災統計"),
        ("description", "請提供各縣市逐月職災件數。"),
        ("purpose", "回應職安署出題"),
        ("format", "CSV"),
        ("action", "file"),
        ("challenge", challenge),
    ]
}

fn outcome_url(id: i32) -> String {
    format!("/unit/challenges/{id}/outcome")
}

#[actix_web::test]
async fn a_unit_sees_what_came_of_its_challenge_from_draft_to_results() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let w = world(&app).await;
    let p = &app.portal;

    // The team sees the published challenge of its track, not the draft nor
    // another track's, and picks it.
    let html = app
        .get_with(&w.captain, &w.entry.url())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(CHALLENGE_TITLE_ZH),
        "the published one is offered"
    );
    assert!(html.contains(&offered(w.challenge)));
    assert!(!html.contains(&offered(w.draft)), "no draft");
    assert!(!html.contains(&offered(w.elsewhere)), "no other track's");
    let v = w.entry.version.to_string();
    let id = w.challenge.to_string();
    let r = app
        .post_with(
            &w.captain,
            &w.entry.url(),
            &entry_form(&v, &id, "勞安預警作品"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored_challenge(&app, w.entry.id), Some(w.challenge));

    // The entry page shows the choice, and the pre-check advises (never
    // blocks) on the recommended dataset not declared, naming it.
    let html = app
        .get_with(&w.captain, &w.entry.url())
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("本作品回應的出題"), "{html}");
    assert!(html.contains(&format!("href=\"/challenges/{}\"", w.challenge)));
    assert!(
        html.contains("您選擇的出題推薦 40324"),
        "advice names 40324"
    );
    assert!(
        html.contains("已繳交"),
        "still submitted: advice does not block"
    );

    // The unit's outcome view before eligibility: one team, one entry
    // submitted, none eligible, no list yet.
    let html = app
        .get_with(&w.unit_browser, &outcome_url(w.challenge))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-figure=\"outcome-teams\">1<"), "{html}");
    assert!(html.contains("data-figure=\"outcome-submitted\">1<"));
    assert!(html.contains("data-figure=\"outcome-eligible\">0<"));
    assert!(
        !html.contains("勞安預警作品"),
        "no entry before eligibility"
    );

    // Eligibility passed: the reviewer sees the challenge beside the entry,
    // and the unit sees the entry (team and title).
    f.close_submissions(&w.contest);
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let reviewer = f.browser(&reviewer).await;
    let html = app
        .get_with(&reviewer, &format!("/review/entries/{}", w.entry.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(CHALLENGE_TITLE_ZH), "the reviewer sees it");
    f.pass(&w.entry);
    let html = app
        .get_with(&w.unit_browser, &outcome_url(w.challenge))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-figure=\"outcome-eligible\">1<"));
    assert!(html.contains("勞安預警作品") && html.contains("職安隊"));

    // The judge sees it beside the entry, in their own language, with the
    // short statement and the link.
    service::judging::finalists(p, &f.admin, w.track.id, FinalistsForm::Add(w.entry.id))
        .await
        .expect("a finalist");
    f.default_rubric(w.track, Round::Preliminary);
    let judge = f.judge(w.track, "judge@itri.org.tw", "評審").await;
    f.assign_one(w.track, Round::Preliminary, w.entry.id, &judge);
    let judge = f.browser(&judge).await;
    let page = format!("/judge/entries/{}", w.entry.id);
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(html.contains(CHALLENGE_TITLE_ZH) && html.contains("找出職業災害集中的行業"));
    assert!(html.contains(&format!("href=\"/challenges/{}\"", w.challenge)));
    app.get_with(&judge, "/lang?set=en&next=/").await;
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(html.contains(CHALLENGE_TITLE_EN), "in the judge's language");
    assert!(!html.contains(CHALLENGE_TITLE_ZH));

    // Results published: the unit's reviewers are told once, each in their
    // language, with a link to the outcome view.
    let english = f.unit_reviewer("osha-en@osha.gov.tw", UNIT).await;
    store::users::set_locale(&mut app.conn(), english.id(), "en").unwrap();
    f.open_judging(&w.contest, "");
    let prizes = store::contests::prizes_of(&mut app.conn(), &[w.track.id]).unwrap();
    service::judging::save_awards(
        p,
        &f.admin,
        w.track.id,
        &[(w.entry.id, prizes[0].id.to_string())],
    )
    .unwrap();
    service::judging::publish_results(p, &f.admin, w.track.id, true, true).unwrap();
    service::judging::publish_results(p, &f.admin, w.track.id, false, true).unwrap();
    service::judging::publish_results(p, &f.admin, w.track.id, true, true).unwrap();
    let told = |email: &str, subject: &str| {
        app.outbox_for(email)
            .iter()
            .filter(|m| m.subject == subject)
            .count()
    };
    assert_eq!(told(&w.unit.email, "您出題的組別已公布結果"), 1, "once");
    assert_eq!(
        told(
            &english.email,
            "Results are published for a track with your challenge"
        ),
        1
    );
    let notes = store::notifications::list(
        &mut app.conn(),
        w.unit.id(),
        store::PageRequest::new(None, 50),
    )
    .unwrap();
    assert!(notes
        .items
        .iter()
        .any(|n| n.link == outcome_url(w.challenge)));
    // The other unit (no challenge on this track) hears nothing.
    assert_eq!(told("bli@bli.gov.tw", "您出題的組別已公布結果"), 0);

    // Winners and the public page of the winning entry.
    let html = app
        .get_with(&w.unit_browser, &outcome_url(w.challenge))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-figure=\"outcome-finalists\">1<"));
    assert!(
        html.contains("data-figure=\"outcome-winners\">1<"),
        "{html}"
    );
    assert!(html.contains(&format!(
        "/contests/2026/tracks/{}/winners/{}",
        w.track.id, w.entry.id
    )));

    // The archive: the challenge, its unit and its winner by name.
    let html = app.get("/contests").await.text().await.unwrap();
    assert!(html.contains(CHALLENGE_TITLE_ZH), "{html}");
    assert!(html.contains("勞動部職業安全衛生署"));
    assert!(html.contains("職安隊 — 勞安預警作品"));
    assert!(
        !html.contains(&format!("/challenges/{}\"", w.draft)),
        "no draft"
    );
    let _ = w.other_track;
}

#[actix_web::test]
async fn the_entry_form_takes_only_a_published_challenge_of_its_track() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let v = w.entry.version.to_string();
    for (bad, message) in [
        (w.draft.to_string(), "該出題尚未發布"),
        (w.elsewhere.to_string(), "請選擇本作品所屬組別的出題"),
        ("abc".to_string(), "該出題尚未發布"),
        ("999999".to_string(), "該出題尚未發布"),
        ("-3".to_string(), "該出題尚未發布"),
    ] {
        let r = app
            .post_with(
                &w.captain,
                &w.entry.url(),
                &entry_form(&v, &bad, "改過的標題"),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{bad}: {html}");
        assert!(html.contains("改過的標題"), "what was typed is kept");
        assert_eq!(stored_challenge(&app, w.entry.id), None, "nothing saved");
    }

    // The choice survives a save, a proposal upload and is in each version.
    let id = w.challenge.to_string();
    let r = app
        .post_with(&w.captain, &w.entry.url(), &entry_form(&v, &id, "有出題"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let f = Fixture::new(&app);
    let after = Entry {
        version: w.entry.version + 1,
        ..w.entry.clone()
    };
    let after = f.upload_proposal(&w.team, &after);
    assert_eq!(stored_challenge(&app, w.entry.id), Some(w.challenge));
    let snapshot = store::entries::snapshot(&mut app.conn(), w.entry.id, after.version)
        .unwrap()
        .unwrap();
    assert_eq!(snapshot.challenge_id, Some(w.challenge));
    let html = app
        .get_with(
            &w.captain,
            &format!(
                "{}/versions?a={}&b={}",
                w.entry.url(),
                w.entry.version,
                after.version
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("回應的出題"), "the change is listed: {html}");
    // Choosing none clears it.
    let v = after.version.to_string();
    let r = app
        .post_with(&w.captain, &w.entry.url(), &entry_form(&v, "", "有出題"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored_challenge(&app, w.entry.id), None);
}

#[actix_web::test]
async fn only_the_units_reviewers_and_organisers_see_the_outcome() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let w = world(&app).await;
    let url = outcome_url(w.challenge);
    assert_eq!(
        app.get_with(&w.unit_browser, &url).await.status(),
        StatusCode::OK
    );
    let org = f.organiser("org@mol.gov.tw").await;
    let org = f.browser(&org).await;
    assert_eq!(app.get_with(&org, &url).await.status(), StatusCode::OK);
    let other = f.unit_reviewer("wda@wda.gov.tw", "wda").await;
    let other = f.browser(&other).await;
    assert_eq!(
        app.get_with(&other, &url).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&w.unit_browser, &outcome_url(w.elsewhere))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "another unit's challenge"
    );
    assert_eq!(
        app.get_with(&w.captain, &url).await.status(),
        StatusCode::FORBIDDEN
    );
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let reviewer = f.browser(&reviewer).await;
    assert_eq!(
        app.get_with(&reviewer, &url).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_with(&org, &outcome_url(999_999)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_ne!(app.get(&url).await.status(), StatusCode::OK, "signed out");
    // Registration: organisers 403, another unit 404.
    let form = [("session", "1"), ("attendees", "2"), ("note", "")];
    let sharing = format!("{url}/sharing");
    assert_eq!(
        app.post_with(&org, &sharing, &form).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_with(&other, &sharing, &form).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_with(&w.captain, &sharing, &form).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn the_unit_registers_once_for_the_sharing_session() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let w = world(&app).await;
    let url = outcome_url(w.challenge);
    let html = app
        .get_with(&w.unit_browser, &url)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("本屆競賽尚未安排可報名的分享會"));
    let held_on = (Utc::now().naive_utc() + Duration::hours(8) + Duration::days(30))
        .date()
        .to_string();
    let form = SessionForm {
        held_on,
        starts_at: "14:00".into(),
        place: "勞動部 301 會議室".into(),
        note: String::new(),
    };
    let sid = service::sharing::create_session(&app.portal, &f.admin, w.contest.id, &form).unwrap();
    let other_contest = f.contest(2027, &[track("次年組")]);
    let other_sid =
        service::sharing::create_session(&app.portal, &f.admin, other_contest.id, &form).unwrap();
    let sharing = format!("{url}/sharing");
    let s = sid.to_string();
    let o = other_sid.to_string();
    let long = "長".repeat(501);

    // Nasty input stays on the form, nothing stored.
    for (session, attendees, note, field_message) in [
        (s.as_str(), "0", "", "請填 1 至 20 的整數"),
        (s.as_str(), "21", "", "請填 1 至 20 的整數"),
        (s.as_str(), "1e9", "", "請填 1 至 20 的整數"),
        (s.as_str(), "99999999999999", "", "請填 1 至 20 的整數"),
        (s.as_str(), "２", "", "請填 1 至 20 的整數"),
        (s.as_str(), "2", "a\u{0}b", ""),
        (s.as_str(), "2", "\u{1b}[31m紅字", ""),
        (s.as_str(), "2", long.as_str(), ""),
        (o.as_str(), "2", "", "請選擇本屆競賽的分享會場次"),
        ("abc", "2", "", "請選擇本屆競賽的分享會場次"),
        ("", "2", "", "請選擇本屆競賽的分享會場次"),
    ] {
        let r = app
            .post_with(
                &w.unit_browser,
                &sharing,
                &[
                    ("session", session),
                    ("attendees", attendees),
                    ("note", note),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{session} {attendees} {note:?}"
        );
        let html = r.text().await.unwrap();
        assert!(html.contains(field_message));
        assert!(
            html.contains("id=\"sharing-registration\""),
            "the form again"
        );
    }
    assert!(
        store::challenge_outcomes::registrations(&mut app.conn(), &[sid, other_sid], &[])
            .unwrap()
            .is_empty()
    );

    // Two at once from two of the unit's reviewers: one 303, one 409.
    let second = f.unit_reviewer("osha2@osha.gov.tw", UNIT).await;
    let second = f.browser(&second).await;
    let fields = [
        ("session", s.as_str()),
        ("attendees", "3"),
        ("note", "兩位科長與一位承辦"),
    ];
    let (a, b) = tokio::join!(
        app.post_with(&w.unit_browser, &sharing, &fields),
        app.post_with(&second, &sharing, &fields)
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    // A second registration later: 409 with the message.
    let r = app.post_with(&w.unit_browser, &sharing, &fields).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("本單位已為此出題報名該場分享會"));
    let regs = store::challenge_outcomes::registrations(&mut app.conn(), &[sid], &[]).unwrap();
    assert_eq!(regs.len(), 1);
    assert_eq!(
        (regs[0].attendees, regs[0].note.as_str()),
        (3, "兩位科長與一位承辦")
    );
    assert!(app
        .audit_actions()
        .iter()
        .any(|a| a == "challenge.sharing.register"));

    // The unit sees its registration; the organisers see it on the session page.
    let html = app
        .get_with(&w.unit_browser, &url)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("3 人出席"), "{html}");
    let org = f.organiser("org@mol.gov.tw").await;
    let org = f.browser(&org).await;
    let html = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/sharing/{sid}", w.contest.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("已報名的業務單位") && html.contains("勞動部職業安全衛生署"));
    assert!(html.contains("兩位科長與一位承辦") && html.contains(CHALLENGE_TITLE_ZH));
}

#[actix_web::test]
async fn a_data_request_names_the_challenge_it_serves() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let w = world(&app).await;
    let html = app
        .get_with(&w.captain, "/requests/new")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&offered(w.challenge)), "published offered");
    assert!(!html.contains(&offered(w.draft)), "no draft");
    for bad in [w.draft.to_string(), "x".to_string(), "424242".to_string()] {
        let r = app
            .post_with(&w.captain, "/requests/new", &request_fields(&bad))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = r.text().await.unwrap();
        assert!(html.contains("請選擇仍在進行中競賽的已發布出題"));
        assert!(html.contains("各縣市職災統計"), "input kept");
    }
    let id = w.challenge.to_string();
    let r = app
        .post_with(&w.captain, "/requests/new", &request_fields(&id))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = location(&r);
    let request: i32 = page.rsplit('/').next().unwrap().parse().unwrap();
    let html = app.get_with(&w.captain, &page).await.text().await.unwrap();
    assert!(html.contains(CHALLENGE_TITLE_ZH), "on the request page");
    // Routed to a unit, it is in that unit's queue with the challenge.
    f.route(request, UNIT);
    let html = app
        .get_with(&w.unit_browser, "/unit/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("服務出題「{CHALLENGE_TITLE_ZH}」")),
        "{html}"
    );
    // The unit's outcome view counts it.
    let html = app
        .get_with(&w.unit_browser, &outcome_url(w.challenge))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-figure=\"outcome-requests\">1<"));
}

/// The dashboard's challenges table as rows of (label, count).
fn dashboard_rows(app: &TestApp, org: &Someone, contest: i32) -> Vec<Vec<String>> {
    service::dashboard::table(&app.portal, &org.person, contest, "challenges", Lang::ZhTw)
        .unwrap()
        .into_iter()
        .skip(1)
        .collect()
}

#[actix_web::test]
async fn the_dashboard_and_the_pack_count_the_same() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let w = world(&app).await;
    let p = &app.portal;
    let v = w.entry.version.to_string();
    let id = w.challenge.to_string();
    let r = app
        .post_with(
            &w.captain,
            &w.entry.url(),
            &entry_form(&v, &id, "勞安預警作品"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A second team answers it with a draft only.
    let c2 = f.student("cap2@nccu.edu.tw").await;
    let t2 = f.team(&[w.track], "草稿隊", &c2);
    f.saved_entry(&t2, w.track, "草稿").await;
    let c2b = f.browser(&c2).await;
    let url2 = format!("/teams/{}/entries/{}", t2.id, w.track.id);
    let r = app
        .post_with(&c2b, &url2, &entry_form("1", &id, "草稿"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    f.close_submissions(&w.contest);
    f.pass(&w.entry);
    service::judging::finalists(p, &f.admin, w.track.id, FinalistsForm::Add(w.entry.id))
        .await
        .unwrap();
    f.open_judging(&w.contest, "");
    let prizes = store::contests::prizes_of(&mut app.conn(), &[w.track.id]).unwrap();
    service::judging::save_awards(
        p,
        &f.admin,
        w.track.id,
        &[(w.entry.id, prizes[0].id.to_string())],
    )
    .unwrap();
    service::judging::publish_results(p, &f.admin, w.track.id, true, true).unwrap();

    let org = f.organiser("org@mol.gov.tw").await;
    let rows = dashboard_rows(&app, &org, w.contest.id);
    let counts: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    // Published: 2 (this unit's and the other unit's); answering 2; submitted,
    // eligible, finalist, winner 1 each.
    assert_eq!(counts, ["2", "2", "1", "1", "1", "1"], "{rows:?}");
    let ob = f.browser(&org).await;
    let csv = app
        .get_with(
            &ob,
            &format!(
                "/organise/contests/{}/dashboard/challenges.csv",
                w.contest.id
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("已發布出題,2"), "{csv}");

    // The pack's section equals the dashboard, figure by figure.
    let pack = service::pack::pack(p, &org.person, w.contest.id, Lang::ZhTw, today()).unwrap();
    let section = pack
        .sections
        .iter()
        .find(|s| s.id == "challenges")
        .expect("a challenges section");
    let table = &section.tables[0];
    for row in &rows {
        let line = table
            .rows
            .iter()
            .find(|r| r[0] == row[0])
            .unwrap_or_else(|| panic!("{} in the pack", row[0]));
        assert_eq!(line[1], row[1], "{}", row[0]);
    }
    // And its workbook has the sheet with the numbers.
    let resp = app
        .get_with(
            &ob,
            &format!("/organise/contests/{}/pack.xlsx", w.contest.id),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let bytes = resp.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    assert!(workbook.contains("name=\"業務單位出題\""), "{workbook}");
    let n = pack
        .sections
        .iter()
        .position(|s| s.id == "challenges")
        .unwrap()
        + 1;
    let mut sheet = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains("<v>2</v>") && sheet.contains("<v>1</v>"),
        "{sheet}"
    );
    // Organisers only.
    let judge = f.reviewer("rev@mol.gov.tw").await;
    assert!(
        service::dashboard::table(p, &judge.person, w.contest.id, "challenges", Lang::ZhTw)
            .is_err()
    );
}
