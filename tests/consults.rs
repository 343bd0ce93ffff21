//! The open-data consult before the deadline (issue 16): a team asks once
//! per entry while its window is open, reviewers answer from their queue,
//! the team is told, the review is untouched, and the eligibility summary
//! shows the pass rates of entries with and without an answered consult.

mod common;

use common::fixture::{track, Contest, Entry, Fixture, Someone, Team};
use common::*;
use contest_portal::domain::consult::PassRate;
use contest_portal::domain::role::Role;
use contest_portal::service;
use contest_portal::service::consults::AnswerForm;
use contest_portal::service::review::DecisionForm;
use contest_portal::store;
use reqwest::StatusCode;

const QUESTION: &str = "我們用行業類別欄位計算保費，這樣算是深度使用開放資料嗎？";

fn consult_url(e: &Entry) -> String {
    format!("{}/consult", e.url())
}

fn consults_of(app: &TestApp, entry_id: i32) -> usize {
    use contest_portal::db::schema::consults;
    use diesel::prelude::*;
    let mut conn = app.conn();
    let n: i64 = consults::table
        .filter(consults::entry_id.eq(entry_id))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    n as usize
}

fn consult_id(app: &TestApp, entry_id: i32) -> i32 {
    store::consults::of_entry(&mut app.conn(), entry_id)
        .unwrap()
        .expect("a consult")
        .id
}

/// A team of one student with a submitted entry in the contest's first track.
async fn team_with_entry(
    f: &Fixture<'_>,
    c: &Contest,
    email: &str,
    name: &str,
) -> (Someone, Team, Entry) {
    let s = f.student(email).await;
    let team = f.team(&c.tracks[..1], name, &s);
    let entry = f.submitted_entry(&team, c.tracks[0], name).await;
    (s, team, entry)
}

async fn html_of(app: &TestApp, browser: &reqwest::Client, path: &str) -> String {
    app.get_with(browser, path).await.text().await.unwrap()
}

async fn ask(app: &TestApp, browser: &reqwest::Client, e: &Entry, q: &str) -> reqwest::Response {
    app.post_with(browser, &consult_url(e), &[("question", q)])
        .await
}

#[actix_web::test]
async fn asked_answered_told_and_counted_in_the_summary() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let c = f.contest(2026, &[track("勞保組")]);
    let (sa, _, a) = team_with_entry(&f, &c, "a@nccu.edu.tw", "甲隊").await;
    let (sb, _, b) = team_with_entry(&f, &c, "b@nccu.edu.tw", "乙隊").await;
    let (_, _, cc) = team_with_entry(&f, &c, "c@nccu.edu.tw", "丙隊").await;
    let (_, _, d) = team_with_entry(&f, &c, "d@nccu.edu.tw", "丁隊").await;
    let (_, _, e) = team_with_entry(&f, &c, "e@nccu.edu.tw", "戊隊").await;
    let reviewer = f.reviewer("rev@mol.gov.tw").await;

    // The entry page leads to the consult, whose form asks once.
    let browser_a = f.browser(&sa).await;
    let html = html_of(&app, &browser_a, &a.url()).await;
    assert!(html.contains(&consult_url(&a)));
    let r = app.get_with(&browser_a, &consult_url(&a)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("<label for=\"question\">"));
    assert!(html.contains("name=\"csrf_token\""));
    let r = ask(&app, &browser_a, &a, QUESTION).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), consult_url(&a));
    let html = html_of(&app, &browser_a, &consult_url(&a)).await;
    assert!(html.contains(QUESTION));
    assert!(html.contains("尚未回覆"));
    assert!(!html.contains("name=\"question\""), "asked once: no form");
    let browser_b = f.browser(&sb).await;
    let r = ask(&app, &browser_b, &b, "資料集欄位是否足夠？").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The reviewer's queue lists both, oldest first; the page shows the
    // question and the entry's declared use.
    let rc = f.browser(&reviewer).await;
    let html = html_of(&app, &rc, "/review/consults").await;
    let (ia, ib) = (consult_id(&app, a.id), consult_id(&app, b.id));
    let (pa, pb) = (
        html.find(&format!("/review/consults/{ia}\""))
            .expect("a listed"),
        html.find(&format!("/review/consults/{ib}\""))
            .expect("b listed"),
    );
    assert!(pa < pb);
    let r = app.get_with(&rc, &format!("/review/consults/{ia}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains(QUESTION));
    assert!(html.contains(common::fixture::USE_A));
    assert!(html.contains("value=\"use-unclear\""));

    // An answer with an unknown reason or a control character is refused,
    // and what was typed stays on the form.
    let path = format!("/review/consults/{ia}");
    let r = app
        .post_with(
            &rc,
            &path,
            &[("message", "請說明\u{7}欄位"), ("reason", "use-unclear")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("控制字元"));
    assert!(html.contains("value=\"use-unclear\" checked"));
    let r = app
        .post_with(&rc, &path, &[("message", "好"), ("reason", "made-up")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let answer = "請在使用說明中寫出每個欄位如何進入計算，目前看不出深度。";
    let r = app
        .post_with(
            &rc,
            &path,
            &[("message", answer), ("reason", "use-unclear")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Answered once: a second answer is a 409.
    let r = app
        .post_with(&rc, &path, &[("message", "再補充"), ("reason", "")])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Team B reads English: its e-mail is written in English.
    service::accounts::set_language(&app.portal, &sb.person, contest_portal::i18n::Lang::En)
        .unwrap();
    service::consults::answer(
        &app.portal,
        &reviewer.person,
        ib,
        &AnswerForm {
            message: "欄位足夠。".into(),
            reasons: vec![],
        },
    )
    .unwrap();

    // The team is told, in the portal and by e-mail, in its language.
    let mail = app
        .outbox_for(&sa.email)
        .into_iter()
        .find(|m| m.subject == "開放資料諮詢已回覆")
        .expect("the answer mailed");
    assert!(mail.body_text.contains(answer), "{}", mail.body_text);
    assert!(
        mail.body_text.contains("開放資料運用說明不清楚"),
        "{}",
        mail.body_text
    );
    assert!(
        mail.body_text.contains(&consult_url(&a)),
        "{}",
        mail.body_text
    );
    let notes =
        store::notifications::list(&mut app.conn(), sa.id(), store::PageRequest::new(None, 20))
            .unwrap()
            .items;
    assert!(notes
        .iter()
        .any(|n| n.kind == "consult-answer" && n.link == consult_url(&a)));
    let html = html_of(&app, &browser_a, &consult_url(&a)).await;
    assert!(html.contains(answer));
    assert!(html.contains("開放資料運用說明不清楚"));

    // A consult is never a decision: no review state changed.
    assert!(store::eligibility::current(&mut app.conn(), a.id)
        .unwrap()
        .is_none());

    // After the deadline: the reviewer who answered may still review it.
    f.close_submissions(&c);
    service::review::decide(
        &app.portal,
        &reviewer.person,
        a.id,
        DecisionForm {
            outcome: "pass".into(),
            ..DecisionForm::default()
        },
    )
    .unwrap();
    f.fail(&b, &["use-unclear"], "使用說明不清楚");
    f.pass(&cc);
    f.fail(&d, &["no-open-data"], "未使用開放資料");
    f.fail(&e, &["no-open-data"], "未使用開放資料");

    // With an answered consult 1 of 2 passed; without, 1 of 3.
    let s = service::review::summary(&app.portal, &f.admin, c.id).unwrap();
    let t = &s.tracks[0];
    assert_eq!(
        t.with_consult,
        PassRate {
            passed: 1,
            entries: 2
        }
    );
    assert_eq!(
        t.without_consult,
        PassRate {
            passed: 1,
            entries: 3
        }
    );
    let admin = app.admin_client().await;
    let html = html_of(
        &app,
        &admin,
        &format!("/organise/contests/{}/eligibility", c.id),
    )
    .await;
    assert!(
        html.contains("曾獲諮詢回覆的作品：2 件中 1 件通過（50%）"),
        "{html}"
    );
    assert!(
        html.contains("未獲諮詢回覆的作品：3 件中 1 件通過（33%）"),
        "{html}"
    );
}

#[actix_web::test]
async fn a_second_ask_is_a_409_and_leaves_one_row() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let c = f.contest(2026, &[track("勞保組")]);
    let (s, _, e) = team_with_entry(&f, &c, "a@nccu.edu.tw", "甲隊").await;
    let b = f.browser(&s).await;
    assert_eq!(
        ask(&app, &b, &e, QUESTION).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = ask(&app, &b, &e, "再問一次").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("只能提出一次"));
    assert_eq!(consults_of(&app, e.id), 1);
}

#[actix_web::test]
async fn two_asks_at_once_on_two_replicas_leave_one_row() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let c = f.contest(2026, &[track("勞保組")]);
    let (s, _, e) = team_with_entry(&f, &c, "a@nccu.edu.tw", "甲隊").await;
    let b = f.browser(&s).await;
    let token = app.csrf_for(&b).await;
    let path = consult_url(&e);
    open_pools(&b, &[&app.address, &replica], &path, 8).await;
    let posts = (0..8).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        b.post(format!("{base}{path}"))
            .form(&[("question", QUESTION), ("csrf_token", token.as_str())])
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert_eq!(consults_of(&app, e.id), 1);
}

#[actix_web::test]
async fn asking_after_the_window_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let c = f.contest(2026, &[track("勞保組")]);
    let (s, _, e) = team_with_entry(&f, &c, "a@nccu.edu.tw", "甲隊").await;
    f.close_submissions(&c);
    let b = f.browser(&s).await;
    let html = html_of(&app, &b, &consult_url(&e)).await;
    assert!(html.contains("繳交期限已過，無法再提出諮詢。"));
    assert!(!html.contains("name=\"question\""));
    let r = ask(&app, &b, &e, QUESTION).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("繳交期限已過，無法再提出諮詢。"));
    assert_eq!(consults_of(&app, e.id), 0);
}

#[actix_web::test]
async fn a_question_with_control_characters_is_refused_and_kept() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let c = f.contest(2026, &[track("勞保組")]);
    let (s, _, e) = team_with_entry(&f, &c, "a@nccu.edu.tw", "甲隊").await;
    let b = f.browser(&s).await;
    let r = ask(&app, &b, &e, "欄位\u{0}可以嗎").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("控制字元"));
    assert!(html.contains("欄位"), "typed text kept");
    let r = ask(&app, &b, &e, "   ").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the CSRF token nothing is asked.
    let r = b
        .post(app.url(&consult_url(&e)))
        .form(&[("question", QUESTION)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(consults_of(&app, e.id), 0);
}

#[actix_web::test]
async fn who_may_ask_see_and_answer() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let c = f.contest(2026, &[track("勞保組")]);
    let (s, team, e) = team_with_entry(&f, &c, "a@nccu.edu.tw", "甲隊").await;
    let b = f.browser(&s).await;
    assert_eq!(
        ask(&app, &b, &e, QUESTION).await.status(),
        StatusCode::SEE_OTHER
    );
    let id = consult_id(&app, e.id);
    let review_path = format!("/review/consults/{id}");

    // Another team's student: not found, to read or to ask.
    let other = f.student("other@ntu.edu.tw").await;
    let ob = f.browser(&other).await;
    assert_eq!(
        app.get_with(&ob, &consult_url(&e)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ask(&app, &ob, &e, QUESTION).await.status(),
        StatusCode::NOT_FOUND
    );

    // Judges and unit reviewers: forbidden on the queue and the answer form.
    let judge = f.judge(c.tracks[0], "judge@itri.org.tw", "評審").await;
    let unit = f.unit_reviewer("unit@bli.gov.tw", "mol-insurance").await;
    for who in [&judge, &unit] {
        let wb = f.browser(who).await;
        for path in ["/review/consults", review_path.as_str()] {
            assert_eq!(
                app.get_with(&wb, path).await.status(),
                StatusCode::FORBIDDEN,
                "{} {path}",
                who.email
            );
        }
        let r = app
            .post_with(&wb, &review_path, &[("message", "越權回覆")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }

    // Anonymous: to sign in first.
    for path in [
        "/review/consults",
        review_path.as_str(),
        consult_url(&e).as_str(),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&r).starts_with("/signin?next="), "{path}");
    }

    // A reviewer in the team neither sees it in the queue nor answers it.
    let insider = f.student("insider@nccu.edu.tw").await;
    f.join(&team, &insider);
    let insider = f.grant(&insider, Role::Reviewer, None);
    let ib = f.browser(&insider).await;
    let html = html_of(&app, &ib, "/review/consults").await;
    assert!(!html.contains(&review_path));
    let r = app
        .post_with(&ib, &review_path, &[("message", "自己回覆")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!store::consults::of_entry(&mut app.conn(), e.id)
        .unwrap()
        .unwrap()
        .answered());
}
