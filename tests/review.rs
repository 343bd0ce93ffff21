//! Eligibility review: the queue opens at the deadline, decisions with
//! reasons, revision requests limited to what was asked, second-reviewer
//! confirmation, changed decisions kept, and the organisers' numbers.

mod common;

use std::collections::HashMap;

use chrono::{Duration, Utc};
use common::contest::*;
use common::*;
use contest_portal::domain::eligibility::Outcome;
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::role::Role;
use contest_portal::store;
use reqwest::StatusCode;

const USE_A: &str = "依行業別費率計算各產業職災保費負擔並製作比較圖表";
const USE_B: &str = "結合保險費負擔比例試算勞工與雇主各自負擔的保費金額";

fn review_track(second_review: bool) -> store::contests::TrackInput {
    let mut t = track("勞保組");
    t.min_advisors = 0;
    t.max_students = 3;
    t.counted_publishers = "勞動部勞工保險局".into();
    t.second_review_for_fail = second_review;
    t
}

async fn role_user(app: &TestApp, email: &str, role: Role) -> reqwest::Client {
    let c = app
        .verified_user(email, email.split('@').next().unwrap())
        .await;
    let mut conn = app.conn();
    store::users::grant_role(
        &mut conn,
        app.user_id(email),
        role,
        None,
        None,
        Utc::now().naive_utc(),
    )
    .unwrap();
    c
}

fn set_deadline(app: &TestApp, contest_id: i32, at: chrono::NaiveDateTime) {
    let mut conn = app.conn();
    exec(
        &mut conn,
        &format!(
            "UPDATE contests SET submission_deadline_at = '{}' WHERE id = {contest_id}",
            at.format("%Y-%m-%d %H:%M:%S")
        ),
    );
}

/// A team with one submitted entry (with its proposal) through the real
/// pages; returns (team, entry url, captain).
async fn submitted_entry(
    app: &TestApp,
    s: &Setup,
    email: &str,
    name: &str,
) -> (i32, String, reqwest::Client) {
    let cap = person(app, email, "student", "國立政治大學", "資訊管理學系").await;
    let team = register_team(app, &cap, s.year, name, &s.tracks).await;
    let url = format!("/teams/{team}/entries/{}", s.tracks[0]);
    let r = app
        .post_multipart(
            &cap,
            &url,
            &[
                ("version", "0"),
                ("action", "submit"),
                ("title", name),
                (
                    "abstract",
                    "以勞保局開放資料協助勞工試算保費與職災給付，讓勞工了解自身保障。",
                ),
                ("ds_id_0", "6262"),
                ("ds_fields_0", "行業類別"),
                ("ds_usage_0", USE_A),
                ("ds_depth_0", "2"),
            ],
            Some(PROPOSAL_PDF),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    (team, url, cap)
}

fn entry_id(app: &TestApp, team: i32, track: i32) -> i32 {
    store::entries::find(&mut app.conn(), team, track)
        .unwrap()
        .unwrap()
        .id
}

fn due_in(hours: i64) -> String {
    (Utc::now() + Duration::hours(hours))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[actix_web::test]
async fn the_queue_opens_at_the_deadline_and_only_for_reviewers() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let (team, _, cap) = submitted_entry(&app, &s, "q@nccu.edu.tw", "準時隊").await;
    let reviewer = role_user(&app, "rev@mol.gov.tw", Role::Reviewer).await;
    let queue = format!("/review/tracks/{}", s.tracks[0]);
    let html = app.get_with(&reviewer, &queue).await.text().await.unwrap();
    assert!(html.contains("作品繳交截止"), "closed before the deadline");
    let html = app
        .get_with(&reviewer, "/review")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(" 起開放"), "the overview says when: {html}");
    let id = entry_id(&app, team, s.tracks[0]);
    assert_eq!(
        app.get_with(&reviewer, &format!("/review/entries/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let html = app.get_with(&reviewer, &queue).await.text().await.unwrap();
    assert!(html.contains("準時隊") && html.contains("待審"));
    let html = app
        .get_with(&reviewer, &format!("/review/entries/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(USE_A), "the declared use");
    assert!(
        html.contains("提供投保單位查詢其單位適用之職災費率"),
        "beside the catalogue's description"
    );

    // Participants, including the team itself, cannot review.
    for path in [
        queue.clone(),
        format!("/review/entries/{id}"),
        "/review".into(),
    ] {
        assert_eq!(
            app.get_with(&cap, &path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let r = app
        .post_with(
            &cap,
            &format!("/review/entries/{id}/decision"),
            &[("outcome", "pass")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(store::eligibility::current(&mut app.conn(), id)
        .unwrap()
        .is_none());
}

#[actix_web::test]
async fn decisions_reach_the_team_and_changes_keep_history() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let (team, url, cap) = submitted_entry(&app, &s, "d@nccu.edu.tw", "決定隊").await;
    let (other_team, other_url, _) = submitted_entry(&app, &s, "o@nccu.edu.tw", "別隊").await;
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let reviewer = role_user(&app, "rev2@mol.gov.tw", Role::Reviewer).await;
    let id = entry_id(&app, team, s.tracks[0]);
    let other_id = entry_id(&app, other_team, s.tracks[0]);

    // A failure needs reasons and a message; the input is kept.
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{id}/decision"),
            &[("outcome", "fail"), ("message", "說明不足")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("不通過時請至少選擇一個原因"));
    // Save and next goes on to the other waiting entry.
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "fail"),
                ("reason", "use-unclear"),
                ("message", "請說明資料如何使用"),
                ("next", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/review/entries/{other_id}"));
    let html = app.get_with(&cap, &url).await.text().await.unwrap();
    assert!(
        html.contains("不通過")
            && html.contains("開放資料運用說明不清楚")
            && html.contains("請說明資料如何使用")
    );
    let mail = app
        .outbox_for("d@nccu.edu.tw")
        .into_iter()
        .find(|m| m.kind == "eligibility-result")
        .expect("the team is e-mailed");
    assert!(mail.body_text.contains("不通過"));
    // The other team sees nothing of it.
    let other_html = app.get_with(&client(), &other_url).await;
    assert_eq!(other_html.status(), StatusCode::SEE_OTHER);

    // Save and next on the last waiting entry says the queue is done.
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{other_id}/decision"),
            &[("outcome", "pass"), ("next", "1")],
        )
        .await;
    assert_eq!(location(&r), format!("/review/tracks/{}", s.tracks[0]));
    let html = app
        .get_with(&reviewer, &location(&r))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("這個組別已沒有等待審查的作品了"), "{html}");

    // A reviewer cannot overturn it; an organiser can, with a reason.
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{id}/decision"),
            &[("outcome", "pass")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let org = organiser(&app, "org6@mol.gov.tw").await;
    let r = app
        .post_with(
            &org,
            &format!("/review/entries/{id}/decision"),
            &[("outcome", "pass")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a change needs its reason"
    );
    let r = app
        .post_with(
            &org,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "pass"),
                ("change_reason", "重新審視後說明已足夠"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let history = store::eligibility::history(&mut app.conn(), id).unwrap();
    assert_eq!(history.len(), 2, "the first decision is kept");
    assert_eq!(history[0].0.outcome, Outcome::Pass);
    assert!(history[0].0.is_current && !history[1].0.is_current);
    let actions = app.audit_actions();
    assert!(
        actions.contains(&"eligibility.decide".to_string())
            && actions.contains(&"eligibility.change".to_string())
    );
}

#[actix_web::test]
async fn a_revision_allows_only_what_was_asked_until_it_is_due() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let (team, url, cap) = submitted_entry(&app, &s, "r@nccu.edu.tw", "修正隊").await;
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let reviewer = role_user(&app, "rev3@mol.gov.tw", Role::Reviewer).await;
    let id = entry_id(&app, team, s.tracks[0]);
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "revision"),
                ("message", "請補充第二個資料集"),
                ("fix_part", "datasets"),
                ("due", &due_in(48)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&cap, &url).await.text().await.unwrap();
    assert!(html.contains("要求修正") && html.contains("資料集申報"));

    let base = [
        ("version", "1"),
        ("action", "submit"),
        (
            "abstract",
            "以勞保局開放資料協助勞工試算保費與職災給付，讓勞工了解自身保障。",
        ),
        ("ds_id_0", "6262"),
        ("ds_fields_0", "行業類別"),
        ("ds_usage_0", USE_A),
        ("ds_depth_0", "2"),
        ("ds_id_1", "40324"),
        ("ds_fields_1", "負擔比例"),
        ("ds_usage_1", USE_B),
        ("ds_depth_1", "3"),
    ];
    let mut renamed = base.to_vec();
    renamed.push(("title", "偷改名字"));
    let r = app.post_with(&cap, &url, &renamed).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("只能修改要求修正的部分"));
    let mut fixed = base.to_vec();
    fixed.push(("title", "修正隊"));
    let r = app.post_with(&cap, &url, &fixed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "datasets may change");

    // Back in the queue, with what changed.
    let html = app
        .get_with(
            &reviewer,
            &format!("/review/tracks/{}?filter=undecided", s.tracks[0]),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("修正後重新繳交"));
    let html = app
        .get_with(&reviewer, &format!("/review/entries/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("要求修正後的變更") && html.contains("40324"));

    // After the due time, nothing changes any more.
    {
        let mut conn = app.conn();
        exec(
            &mut conn,
            &format!(
                "UPDATE eligibility_decisions SET revision_due_at = '{}' WHERE entry_id = {id}",
                (Utc::now() - Duration::minutes(1))
                    .naive_utc()
                    .format("%Y-%m-%d %H:%M:%S")
            ),
        );
    }
    let mut late = fixed.clone();
    late[0] = ("version", "2");
    let r = app.post_with(&cap, &url, &late).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_failure_waits_for_a_second_reviewer_when_the_track_asks() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(true)]);
    let (team, url, cap) = submitted_entry(&app, &s, "s@nccu.edu.tw", "雙審隊").await;
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let first = role_user(&app, "first@mol.gov.tw", Role::Reviewer).await;
    let second = role_user(&app, "second@mol.gov.tw", Role::Reviewer).await;
    let id = entry_id(&app, team, s.tracks[0]);
    let r = app
        .post_with(
            &first,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "fail"),
                ("reason", "too-few-datasets"),
                ("message", "資料集不足"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&cap, &url).await.text().await.unwrap();
    assert!(!html.contains("資料集不足"), "the team is not told yet");
    assert!(app
        .outbox_for("s@nccu.edu.tw")
        .iter()
        .all(|m| m.kind != "eligibility-result"));
    assert_eq!(
        app.post_with(&first, &format!("/review/entries/{id}/confirm"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "not one's own"
    );
    assert_eq!(
        app.post_with(&second, &format!("/review/entries/{id}/confirm"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let html = app.get_with(&cap, &url).await.text().await.unwrap();
    assert!(html.contains("資料集不足"));
    assert!(app
        .outbox_for("s@nccu.edu.tw")
        .iter()
        .any(|m| m.kind == "eligibility-result"));
}

#[actix_web::test]
async fn the_summary_counts_19_of_35() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let now = Utc::now().naive_utc();
    // 35 submitted entries, made directly in the store to keep the test fast.
    let dataset = store::catalog::find_by_source_id(&mut app.conn(), "6262")
        .unwrap()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..35 {
        let mut conn = app.conn();
        let email = format!("t{i}@example.edu.tw");
        let u = store::users::create(
            &mut conn,
            &store::users::NewUser {
                email: &email,
                display_name: &format!("學生{i}"),
                password_hash: "x",
                email_verified_at: Some(now),
                locale: "zh-TW",
                disabled: false,
                must_change_password: false,
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
        let team = store::teams::create(
            &mut conn,
            s.contest_id,
            &format!("第{i}隊"),
            u.id,
            &s.tracks,
            (&format!("m{i}"), &format!("a{i}")),
            now,
        )
        .unwrap();
        let content = EntryContent {
            title: format!("作品{i}"),
            abstract_: "以勞保局開放資料協助勞工試算保費與職災給付，讓勞工了解自身保障。".into(),
            datasets: vec![DeclaredDataset {
                dataset_id: "6262".into(),
                fields_used: "行業類別".into(),
                usage: USE_A.into(),
                depth: 2,
            }],
            ..Default::default()
        };
        let rows: HashMap<String, i32> = [("6262".to_string(), dataset.id)].into_iter().collect();
        let e = store::entries::save(
            &mut conn,
            &store::entries::SaveRequest {
                team_id: team.id,
                track_id: s.tracks[0],
                contest_id: s.contest_id,
                based_on: 0,
                content: &content,
                dataset_rows: &rows,
                author: u.id,
                submit: true,
            },
            now,
        )
        .unwrap()
        .unwrap();
        ids.push(e.id);
    }
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let reviewer = role_user(&app, "rev5@mol.gov.tw", Role::Reviewer).await;
    for (n, id) in ids.iter().enumerate() {
        let fields: Vec<(&str, &str)> = if n < 19 {
            vec![("outcome", "pass")]
        } else if n < 30 {
            vec![
                ("outcome", "fail"),
                ("reason", "use-unclear"),
                ("message", "說明不清楚"),
            ]
        } else {
            vec![
                ("outcome", "fail"),
                ("reason", "no-open-data"),
                ("reason", "incomplete-documents"),
                ("message", "文件不完整"),
            ]
        };
        let r = app
            .post_with(
                &reviewer,
                &format!("/review/entries/{id}/decision"),
                &fields,
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let org = organiser(&app, "org7@mol.gov.tw").await;
    let html = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/eligibility", s.contest_id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("35 件中 19 件通過（54%）"),
        "{}",
        html.split("<main").nth(1).unwrap_or("")
    );
    assert!(html.contains("開放資料運用說明不清楚: 11"));
    assert!(html.contains("未使用開放資料: 5"));
    assert!(html.contains("第0隊 — 作品0"), "the advancing list");
    // The first ten advancing entries are named; the rest are a link away.
    assert!(html.contains("第9隊 — 作品9"), "the tenth advancing entry");
    assert!(!html.contains("第10隊 — 作品10"), "only ten are named");
    assert!(
        html.contains("另有 9 件作品進入評審"),
        "how many more advance"
    );
    let all = format!("/review/tracks/{}?filter=pass", s.tracks[0]);
    assert!(html.contains(&all), "the link to every advancing entry");
    let (status, queue) = app.page_as(&org, &all).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        queue.contains("作品18") && !queue.contains("作品19<"),
        "the queue lists every passed entry"
    );
    let bytes = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/eligibility.csv", s.contest_id),
        )
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("19/35"), "{text}");
    assert!(
        text.contains("第34隊") && text.contains("作品34,不通過,文件不完整; 未使用開放資料"),
        "one line per entry with its reasons: {text}"
    );
    assert_eq!(
        app.get_with(
            &reviewer,
            &format!("/organise/contests/{}/eligibility", s.contest_id)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn organisers_manage_reason_codes() {
    let app = spawn_app().await;
    let org = organiser(&app, "org8@mol.gov.tw").await;
    let r = app
        .post_with(
            &org,
            "/organise/reasons",
            &[("code", "Bad Code"), ("label_zh", ""), ("label_en", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with(
            &org,
            "/organise/reasons",
            &[
                ("code", "late-submission"),
                ("label_zh", "逾期繳交"),
                ("label_en", "Submitted late"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_with(
            &org,
            "/organise/reasons",
            &[
                ("code", "late-submission"),
                ("label_zh", "重複"),
                ("label_en", "Dup"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let codes = store::eligibility::reason_codes(&mut app.conn()).unwrap();
    assert_eq!(codes.len(), 7);
    let id = codes
        .iter()
        .find(|c| c.code == "late-submission")
        .unwrap()
        .id;
    assert_eq!(
        app.post_with(
            &org,
            &format!("/organise/reasons/{id}"),
            &[("active", "false")]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let p = app.verified_user("p9@example.org", "P").await;
    assert_eq!(
        app.get_with(&p, "/organise/reasons").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn review_fixes_hold() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let (team, url, cap) = submitted_entry(&app, &s, "f1@nccu.edu.tw", "甲隊").await;
    let (other_team, _, other_cap) = submitted_entry(&app, &s, "f2@nccu.edu.tw", "乙隊").await;
    // A proposal for the reviewers to read.
    let html = app.get_with(&cap, &url).await.text().await.unwrap();
    let token = csrf_from(&html).unwrap();
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.7 proposal".to_vec()).file_name("p.pdf");
    let r = cap
        .post(app.url(&format!("{url}/proposal?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("proposal", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The other team got a week more.
    {
        let mut conn = app.conn();
        store::teams::add_extension(
            &mut conn,
            other_team,
            "submission",
            Utc::now().naive_utc() + Duration::days(7),
            "生病",
            app.user_id(&app.admin.email),
            Utc::now().naive_utc(),
        )
        .unwrap();
    }
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let reviewer = role_user(&app, "rv@mol.gov.tw", Role::Reviewer).await;
    let id = entry_id(&app, team, s.tracks[0]);
    let other_id = entry_id(&app, other_team, s.tracks[0]);

    let r = app
        .get_with(&reviewer, &format!("/review/entries/{id}/proposal"))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "reviewers read the proposal");
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{other_id}/decision"),
            &[("outcome", "pass")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the extended team can still change its entry"
    );
    let html = app
        .get_with(&reviewer, &format!("/review/tracks/{}", s.tracks[0]))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("團隊延長期限中"));

    // A pass needs no confirmation, so there is nothing to confirm.
    app.post_with(
        &reviewer,
        &format!("/review/entries/{id}/decision"),
        &[("outcome", "pass")],
    )
    .await;
    let second = role_user(&app, "rv2@mol.gov.tw", Role::Reviewer).await;
    assert_eq!(
        app.post_with(&second, &format!("/review/entries/{id}/confirm"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Another team's captain sees nothing of this decision.
    assert_eq!(
        app.get_with(&other_cap, &url).await.status(),
        StatusCode::NOT_FOUND
    );
    // A reviewer who is in the team may not decide on it.
    {
        let mut conn = app.conn();
        store::users::grant_role(
            &mut conn,
            app.user_id("f1@nccu.edu.tw"),
            Role::Reviewer,
            None,
            None,
            Utc::now().naive_utc(),
        )
        .unwrap();
    }
    let r = app
        .post_with(
            &cap,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "fail"),
                ("reason", "use-unclear"),
                ("message", "x"),
                ("change_reason", "y"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Two reviewers at once: the later one, based on no decision, is refused.
    let r = app
        .post_with(
            &second,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "fail"),
                ("reason", "use-unclear"),
                ("message", "x"),
                ("current", "0"),
            ],
        )
        .await;
    assert!(
        r.status() == StatusCode::CONFLICT || r.status() == StatusCode::FORBIDDEN,
        "{}",
        r.status()
    );
    assert_eq!(
        store::eligibility::history(&mut app.conn(), id)
            .unwrap()
            .len(),
        1
    );
}

/// Reviewers deciding the same entry at the same moment, through two
/// replicas: one decision is recorded and the team told once; the others
/// are told someone came first (409), never a 5xx.
#[actix_web::test]
async fn simultaneous_decisions_leave_one_decision() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let (team, _, _) = submitted_entry(&app, &s, "race@nccu.edu.tw", "同時隊").await;
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let id = entry_id(&app, team, s.tracks[0]);
    let first = role_user(&app, "race1@mol.gov.tw", Role::Reviewer).await;
    let second = role_user(&app, "race2@mol.gov.tw", Role::Reviewer).await;
    let tokens = [app.csrf_for(&first).await, app.csrf_for(&second).await];
    let clients = [&first, &second];
    let posts = (0..8).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        let who = (i / 2) % 2;
        let fields: Vec<(&str, &str)> = if i % 3 == 0 {
            vec![("outcome", "pass")]
        } else {
            vec![
                ("outcome", "fail"),
                ("reason", "use-unclear"),
                ("message", "請說明資料如何使用"),
            ]
        };
        let mut fields = fields;
        fields.extend([("current", "0"), ("csrf_token", tokens[who].as_str())]);
        clients[who]
            .post(format!("{base}/review/entries/{id}/decision"))
            .form(&fields)
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert_eq!(
        store::eligibility::history(&mut app.conn(), id)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.outbox_for("race@nccu.edu.tw")
            .iter()
            .filter(|m| m.kind == "eligibility-result")
            .count(),
        1,
        "the team is told once"
    );
}

/// Control characters in what reviewers and organisers type are refused on
/// the same form, with what was typed kept, and nothing is recorded.
#[actix_web::test]
async fn control_characters_in_decisions_and_reasons_are_refused() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![review_track(false)]);
    let (team, _, _) = submitted_entry(&app, &s, "c@nccu.edu.tw", "字元隊").await;
    set_deadline(
        &app,
        s.contest_id,
        Utc::now().naive_utc() - Duration::seconds(1),
    );
    let id = entry_id(&app, team, s.tracks[0]);
    let reviewer = role_user(&app, "crev@mol.gov.tw", Role::Reviewer).await;
    let r = app
        .post_with(
            &reviewer,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "revision"),
                ("message", "請補充\0第二個資料集"),
                ("fix_part", "datasets"),
                ("due", &due_in(48)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("控制字元") && html.contains("第二個資料集"));
    assert!(store::eligibility::history(&mut app.conn(), id)
        .unwrap()
        .is_empty());
    // An organiser's reason for a change is checked the same way.
    app.post_with(
        &reviewer,
        &format!("/review/entries/{id}/decision"),
        &[("outcome", "pass")],
    )
    .await;
    let org = organiser(&app, "corg@mol.gov.tw").await;
    let r = app
        .post_with(
            &org,
            &format!("/review/entries/{id}/decision"),
            &[
                ("outcome", "fail"),
                ("reason", "use-unclear"),
                ("message", "重新審視"),
                ("change_reason", "複審\u{1b}[2J結果"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("控制字元"));
    assert_eq!(
        store::eligibility::history(&mut app.conn(), id)
            .unwrap()
            .len(),
        1
    );
    // Reason labels are names: no direction overrides.
    let r = app
        .post_with(
            &org,
            "/organise/reasons",
            &[
                ("code", "late"),
                ("label_zh", "逾期\u{202E}繳交"),
                ("label_en", "Late"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("隱藏的文字方向"));
    assert_eq!(
        store::eligibility::reason_codes(&mut app.conn())
            .unwrap()
            .len(),
        6
    );
}
