//! Judges: invitations by e-mail, conflicts of interest by school and mail
//! domain (and declared), balanced automatic assignment, and judges who can
//! open only the entries assigned to them.

mod common;

use std::collections::HashMap;

use chrono::Utc;
use common::contest::*;
use common::*;
use contest_portal::domain::eligibility::{Decision, Outcome};
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::judging::{RankMethod, Round, ScoreSheet, ScoreStatus};
use contest_portal::domain::role::Role;
use contest_portal::service::judging::{Invite, ScoreForm};
use contest_portal::service::{self, Person};
use contest_portal::store;
use reqwest::StatusCode;

/// A team whose captain has this address, with an entry that passed.
fn passed_entry(app: &TestApp, s: &Setup, i: usize, email: &str) -> i32 {
    let now = Utc::now().naive_utc();
    let mut conn = app.conn();
    let u = store::users::create(
        &mut conn,
        &store::users::NewUser {
            email,
            display_name: &format!("隊長{i}"),
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
        &format!("祕密隊名{i}"),
        u.id,
        &s.tracks,
        (&format!("m{i}"), &format!("a{i}")),
        now,
    )
    .unwrap();
    let dataset = store::catalog::find_by_source_id(&mut conn, "6262")
        .unwrap()
        .unwrap();
    let content = EntryContent {
        title: format!("作品{i}"),
        abstract_: "以勞保局開放資料協助勞工試算保費與職災給付，讓勞工了解自身保障。".into(),
        datasets: vec![DeclaredDataset {
            dataset_id: "6262".into(),
            fields_used: "行業類別".into(),
            usage: "依行業別費率計算各產業職災保費負擔並製作比較圖表".into(),
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
    let decision = Decision {
        outcome: Outcome::Pass,
        reasons: vec![],
        message: String::new(),
        fix_parts: vec![],
        revision_due_at: None,
    };
    store::eligibility::record(&mut conn, e.id, &decision, 1, false, u.id, "", now).unwrap();
    e.id
}

fn assigned(app: &TestApp, entry_id: i32) -> Vec<i32> {
    store::judges::assignments(&mut app.conn(), &[entry_id], Round::Preliminary)
        .unwrap()
        .into_iter()
        .map(|a| a.user_id)
        .collect()
}

#[actix_web::test]
async fn judges_see_only_their_unconflicted_entries() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("就業組")]);
    let track_id = s.tracks[0];
    let entries: Vec<i32> = [
        "cap0@ntu.edu.tw",
        "cap1@gmail.com",
        "cap2@nccu.edu.tw",
        "cap3@yahoo.com.tw",
    ]
    .iter()
    .enumerate()
    .map(|(i, e)| passed_entry(&app, &s, i, e))
    .collect();
    let org = organiser(&app, "org@mol.gov.tw").await;
    let board = format!("/organise/tracks/{track_id}/judges");

    // Judges: one from NTU (conflicts with team 0 by mail domain), two others,
    // and one invited before having an account.
    let j1 = app.verified_user("prof@csie.ntu.edu.tw", "臺大教授").await;
    let j2 = app.verified_user("judge2@itri.org.tw", "評審二").await;
    let j3 = app.verified_user("judge3@gmail.com", "評審三").await;
    for email in [
        "prof@csie.ntu.edu.tw",
        "judge2@itri.org.tw",
        "Judge3@Gmail.com",
        "later@example.com",
    ] {
        let resp = app
            .post_with(&org, &board, &[("email", email), ("max_load", "4")])
            .await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{email}");
    }
    assert!(app.outbox_for("later@example.com")[0]
        .body_text
        .contains("/signup"));
    assert!(app.audit_actions().iter().any(|a| a == "judge.invite"));

    // Bad input stays on the form; a duplicate is refused.
    let resp = app
        .post_with(&org, &board, &[("email", "不是信箱"), ("max_load", "abc")])
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("不是信箱") && html.contains("1 到 500 的整數"));
    let resp = app
        .post_with(
            &org,
            &board,
            &[("email", "judge2@itri.org.tw"), ("max_load", "4")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);

    // Wrong roles: students cannot see the board or judge pages.
    let student = app.verified_user("s@ntu.edu.tw", "學生").await;
    assert_eq!(
        app.get_with(&student, &board).await.status(),
        StatusCode::FORBIDDEN
    );
    let resp = app
        .post_with(
            &student,
            &format!("/organise/tracks/{track_id}/assign"),
            &[("k", "2")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    // The detected conflict is shown.
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(html.contains("同機構電子郵件網域"), "{html}");
    assert!(html.contains("已邀請，尚未建立帳號"));

    // Assign two judges per entry: never the conflicted pair, loads balanced.
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/assign"),
            &[("k", "2")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let prof = app.user_id("prof@csie.ntu.edu.tw");
    let mut load: HashMap<i32, usize> = HashMap::new();
    for e in &entries {
        let js = assigned(&app, *e);
        assert_eq!(js.len(), 2, "entry {e}");
        for j in js {
            *load.entry(j).or_default() += 1;
        }
    }
    assert!(!assigned(&app, entries[0]).contains(&prof));
    let (lo, hi) = (load.values().min().unwrap(), load.values().max().unwrap());
    assert!(hi - lo <= 1, "{load:?}");

    // The conflicted judge cannot open team 0's entry, nor be assigned by hand.
    assert_eq!(
        app.get_with(&j1, &format!("/judge/entries/{}", entries[0]))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let prof_s = prof.to_string();
    let e0 = entries[0].to_string();
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/assignments"),
            &[("entry_id", &e0), ("judge_id", &prof_s), ("action", "add")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(!assigned(&app, entries[0]).contains(&prof));

    // A judge sees their entries without team names; others' entries are 404.
    let j2_id = app.user_id("judge2@itri.org.tw");
    let mine: Vec<i32> = entries
        .iter()
        .copied()
        .filter(|e| assigned(&app, *e).contains(&j2_id))
        .collect();
    let not_mine = entries.iter().copied().find(|e| !mine.contains(e)).unwrap();
    let html = app.get_with(&j2, "/judge").await.text().await.unwrap();
    for e in &mine {
        assert!(html.contains(&format!("/judge/entries/{e}")));
    }
    let page = app
        .get_with(&j2, &format!("/judge/entries/{}", mine[0]))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("依行業別費率計算"));
    assert!(
        !page.contains("祕密隊名") && !page.contains("隊長"),
        "team hidden"
    );
    assert_eq!(
        app.get_with(&j2, &format!("/judge/entries/{not_mine}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&student, &format!("/judge/entries/{}", mine[0]))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Declaring a conflict takes the entry off the judge's list for good.
    let resp = app
        .post_with(
            &j2,
            &format!("/judge/entries/{}/conflict", mine[0]),
            &[("note", "指導過此隊")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(!assigned(&app, mine[0]).contains(&j2_id));
    assert_eq!(
        app.get_with(&j2, &format!("/judge/entries/{}", mine[0]))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(html.contains("評審自行申報"));

    // Dismissing a detected conflict needs a reason; then the judge may be assigned.
    let dismiss = format!("/organise/tracks/{track_id}/conflicts/dismiss");
    let resp = app
        .post_with(
            &org,
            &dismiss,
            &[("entry_id", &e0), ("judge_id", &prof_s), ("note", "")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post_with(
            &org,
            &dismiss,
            &[
                ("entry_id", &e0),
                ("judge_id", &prof_s),
                ("note", "教授已於去年退休，現任職其他機構"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/assignments"),
            &[("entry_id", &e0), ("judge_id", &prof_s), ("action", "add")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(assigned(&app, entries[0]).contains(&prof));
    assert_eq!(
        app.get_with(&j1, &format!("/judge/entries/{}", entries[0]))
            .await
            .status(),
        StatusCode::OK
    );
    let actions = app.audit_actions();
    for a in [
        "judge.assign",
        "conflict.declare",
        "conflict.dismiss",
        "judge.assign-one",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a}");
    }

    // The invitee who signs up later is on the panel with their account.
    let _later = app.verified_user("later@example.com", "後來的評審").await;
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(html.contains("後來的評審"));
    assert!(!html.contains("已邀請，尚未建立帳號"));
    assert!(
        store::users::holds(
            &mut app.conn(),
            app.user_id("later@example.com"),
            Role::Judge
        )
        .unwrap(),
        "the judge role comes with the verified account"
    );
    let nav = app.get_with(&j2, "/").await.text().await.unwrap();
    assert!(nav.contains("href=\"/judge\""));
    drop(j3);
}

#[actix_web::test]
async fn judges_score_drafts_then_submit_and_the_rubric_locks() {
    let app = spawn_app().await;
    let mut t = track("就業組");
    t.counted_publishers = "勞動部勞工保險局".into();
    let s = open_contest(&app, 2026, vec![t]);
    let track_id = s.tracks[0];
    let entry = passed_entry(&app, &s, 0, "cap@gmail.com");
    let org = organiser(&app, "org@mol.gov.tw").await;
    let judge = app.verified_user("judge@itri.org.tw", "評審").await;
    let board = format!("/organise/tracks/{track_id}/judges");
    app.post_with(
        &org,
        &board,
        &[("email", "judge@itri.org.tw"), ("max_load", "5")],
    )
    .await;
    app.post_with(
        &org,
        &format!("/organise/tracks/{track_id}/assign"),
        &[("k", "1")],
    )
    .await;
    let page = format!("/judge/entries/{entry}");
    let score = format!("{page}/score");
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(html.contains("尚未設定本組別的評分標準"), "{html}");

    // The default rubric: quantity 20, depth 20, two typed criteria of 30 (0–10).
    {
        let mut conn = app.conn();
        let r = store::rubrics::save(
            &mut conn,
            track_id,
            Round::Preliminary,
            0,
            &Default::default(),
            &store::rubrics::default_criteria(),
            Utc::now().naive_utc(),
        )
        .unwrap();
        assert!(matches!(r, store::rubrics::SaveOutcome::Saved(_)));
    }
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(
        html.contains("創意與價值") && html.contains("自動計算：1 個資料集 → 本項目 40%"),
        "{html}"
    );

    // A draft may be partial; saving it locks the rubric.
    let resp = app
        .post_with(
            &judge,
            &score,
            &[("version", "0"), ("c3", "8"), ("action", "draft")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (rubric, _) = store::rubrics::find(&mut app.conn(), track_id, Round::Preliminary)
        .unwrap()
        .unwrap();
    assert!(rubric.locked_at.is_some(), "scoring started");
    // Organisers see who is behind and can remind them.
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(html.contains("badge-warn\">進度落後<"));
    let remind = format!("/organise/tracks/{track_id}/remind");
    assert_eq!(
        app.post_with(&org, &remind, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let reminders = |app: &TestApp| {
        app.outbox_for("judge@itri.org.tw")
            .iter()
            .filter(|m| m.kind == "judge-reminder")
            .count()
    };
    assert_eq!(reminders(&app), 1);
    // A form opened before that draft is stale.
    let resp = app
        .post_with(
            &judge,
            &score,
            &[("version", "0"), ("c3", "9"), ("action", "draft")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);

    // Submitting needs every score, within range; the input is kept.
    let resp = app
        .post_with(
            &judge,
            &score,
            &[
                ("version", "1"),
                ("c3", "11"),
                ("c4", ""),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("請填寫顯示範圍內的數字") && html.contains("送出前請填寫分數"));
    assert!(html.contains("送出前請評定每個資料集") && html.contains("value=\"11\""));

    let resp = app
        .post_with(
            &judge,
            &score,
            &[
                ("version", "1"),
                ("c3", "8"),
                ("c4", "6"),
                ("d6262", "4"),
                ("comment", "資料運用紮實👍"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let saved = store::scores::find(
        &mut app.conn(),
        entry,
        app.user_id("judge@itri.org.tw"),
        Round::Preliminary,
    )
    .unwrap()
    .unwrap();
    // 20 × 40 % + 20 × (4−1)/4 + 30 × 8/10 + 30 × 6/10 = 8 + 15 + 24 + 18.
    assert_eq!(saved.status, ScoreStatus::Submitted);
    assert!(
        (saved.total.unwrap() - 65.0).abs() < 1e-9,
        "{:?}",
        saved.total
    );
    assert_eq!(
        store::scores::history_count(&mut app.conn(), saved.id).unwrap(),
        2
    );

    // Submitted is final.
    let resp = app
        .post_with(
            &judge,
            &score,
            &[("version", "2"), ("c3", "1"), ("action", "draft")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let html = app.get_with(&judge, "/judge").await.text().await.unwrap();
    assert!(html.contains("已送出 1 / 1 件"));
    assert!(app.audit_actions().iter().any(|a| a == "score.submit"));
    // Nobody is behind any more: no further reminder.
    app.post_with(&org, &remind, &[]).await;
    assert_eq!(reminders(&app), 1);
    assert!(!app
        .get_with(&org, &board)
        .await
        .text()
        .await
        .unwrap()
        .contains("badge-warn\">進度落後<"));

    // Someone not assigned cannot score it.
    let other = app.verified_user("other@itri.org.tw", "旁人").await;
    let resp = app
        .post_with(
            &other,
            &score,
            &[("version", "0"), ("c3", "5"), ("action", "draft")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

fn submitted_score(app: &TestApp, entry: i32, judge: i32, total: f64) {
    submitted_score_in(app, Round::Preliminary, entry, judge, total)
}

fn submitted_score_in(app: &TestApp, round: Round, entry: i32, judge: i32, total: f64) {
    let r = store::scores::save(
        &mut app.conn(),
        entry,
        judge,
        round,
        0,
        &store::scores::ScoreInput {
            status: ScoreStatus::Submitted,
            criteria: r#"{"3":"5"}"#,
            depth: r#"{"6262":"3"}"#,
            comment: "",
            total: Some(total),
        },
        Utc::now().naive_utc(),
    )
    .unwrap();
    assert_eq!(r, store::scores::SaveOutcome::Saved);
}

#[actix_web::test]
async fn the_ranking_corrects_for_harsh_and_lenient_judges_and_explains_itself() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("就業組")]);
    let track_id = s.tracks[0];
    let e: Vec<i32> = (0..4)
        .map(|i| passed_entry(&app, &s, i, &format!("cap{i}@gmail.com")))
        .collect();
    let org = organiser(&app, "org@mol.gov.tw").await;
    let _a = app.verified_user("harsh@itri.org.tw", "嚴格評審").await;
    let _b = app.verified_user("lenient@iii.org.tw", "寬鬆評審").await;
    let (a, b) = (
        app.user_id("harsh@itri.org.tw"),
        app.user_id("lenient@iii.org.tw"),
    );
    for email in ["harsh@itri.org.tw", "lenient@iii.org.tw"] {
        store::judges::add(
            &mut app.conn(),
            track_id,
            Round::Preliminary,
            email,
            5,
            a,
            Utc::now().naive_utc(),
        )
        .unwrap();
    }
    // The harsh judge gives 40/50/60, the lenient one 70/80/90 to the same
    // three entries; entry 3 gets no score.
    for (i, (ta, tb)) in [(40.0, 70.0), (50.0, 80.0), (60.0, 90.0)]
        .iter()
        .enumerate()
    {
        submitted_score(&app, e[i], a, *ta);
        submitted_score(&app, e[i], b, *tb);
    }
    let page = format!("/organise/tracks/{track_id}/ranking");
    let html = app.get_with(&org, &page).await.text().await.unwrap();
    let pos = |t: &str| html.find(t).unwrap_or_else(|| panic!("{t} in {html}"));
    assert!(
        pos("作品2") < pos("作品1") && pos("作品1") < pos("作品0"),
        "normalised order"
    );
    assert!(html.contains("尚無評分的合格作品") && html.contains("作品3"));
    // Line by line: both judges' totals for the best entry normalise to the same value.
    assert!(
        html.contains("嚴格評審: 60.0 → 85.9") && html.contains("寬鬆評審: 90.0 → 85.9"),
        "{html}"
    );
    assert!(!html.contains("未標準化的評審"));
    // A judge with a single score is left unnormalised, and the page says so.
    let _c = app.verified_user("once@iii.org.tw", "只評一件").await;
    let c = app.user_id("once@iii.org.tw");
    store::judges::add(
        &mut app.conn(),
        track_id,
        Round::Preliminary,
        "once@iii.org.tw",
        5,
        a,
        Utc::now().naive_utc(),
    )
    .unwrap();
    submitted_score(&app, e[0], c, 50.0);
    let html = app.get_with(&org, &page).await.text().await.unwrap();
    assert!(
        html.contains("未標準化的評審") && html.contains("只評一件: 50.0 → 50.0"),
        "{html}"
    );
    let html = app
        .get_with(&org, &format!("{page}?method=median"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("中位數：各評審加權總分的中位數"));

    let csv = app
        .get_with(&org, &format!("/organise/tracks/{track_id}/ranking.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("1,祕密隊名2,作品2,2,75.0"), "{csv}");
    let all = app
        .get_with(&org, &format!("/organise/tracks/{track_id}/scores.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(all.contains("嚴格評審") && all.contains("祕密隊名0"));
    let anon = app
        .get_with(
            &org,
            &format!("/organise/tracks/{track_id}/scores.csv?anonymous=1"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !anon.contains("嚴格評審") && !anon.contains("祕密隊名") && !anon.contains("作品0"),
        "{anon}"
    );
    assert_eq!(anon.lines().count(), 8, "header and seven scores");

    // Only organisers see any of it.
    let judge = app.verified_user("j@itri.org.tw", "評審").await;
    for path in [
        page.clone(),
        format!("/organise/tracks/{track_id}/scores.csv"),
    ] {
        assert_eq!(
            app.get_with(&judge, &path).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

#[actix_web::test]
async fn awards_stay_private_until_published() {
    let app = spawn_app().await;
    let mut t = track("就業組");
    t.counted_publishers = "勞動部勞工保險局".into();
    let s = open_contest(&app, 2026, vec![t]);
    let track_id = s.tracks[0];
    store::contests::replace_prizes(
        &mut app.conn(),
        track_id,
        &[("第一名".into(), 1, 60000), ("佳作".into(), 2, 10000)],
    )
    .unwrap();
    let prizes = store::contests::prizes_of(&mut app.conn(), &[track_id]).unwrap();
    let (first, merit) = (prizes[0].id.to_string(), prizes[1].id.to_string());
    let e: Vec<i32> = (0..3)
        .map(|i| passed_entry(&app, &s, i, &format!("cap{i}@gmail.com")))
        .collect();
    let org = organiser(&app, "org@mol.gov.tw").await;
    let _j = app.verified_user("j@itri.org.tw", "評審").await;
    let j = app.user_id("j@itri.org.tw");
    store::judges::add(
        &mut app.conn(),
        track_id,
        Round::Preliminary,
        "j@itri.org.tw",
        5,
        j,
        Utc::now().naive_utc(),
    )
    .unwrap();
    for (i, total) in [70.0, 90.0, 80.0].iter().enumerate() {
        submitted_score(&app, e[i], j, *total);
    }
    let public = format!("/contests/2026/tracks/{track_id}");
    let awards = format!("/organise/tracks/{track_id}/awards");
    let html = app.get_with(&org, &awards).await.text().await.unwrap();
    let pos = |t: &str| html.find(t).unwrap();
    assert!(
        pos("作品1") < pos("作品2") && pos("作品2") < pos("作品0"),
        "by rank"
    );

    // More winners than the prize table allows: refused, choices kept.
    let (k0, k1, k2) = (
        format!("prize_{}", e[0]),
        format!("prize_{}", e[1]),
        format!("prize_{}", e[2]),
    );
    let resp = app
        .post_with(&org, &awards, &[(&k1, &first), (&k2, &first), (&k0, "")])
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("超過獎項表的名額"));
    assert!(store::awards::of_track(&mut app.conn(), track_id)
        .unwrap()
        .is_empty());
    let resp = app
        .post_with(&org, &awards, &[(&k1, &first), (&k2, &merit), (&k0, "")])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);

    // Saved but not published: nothing public.
    let sheet = format!("{public}/winners/{}", e[1]);
    assert_eq!(app.get(&sheet).await.status(), StatusCode::NOT_FOUND);
    let html = app.get(&public).await.text().await.unwrap();
    assert!(!html.contains("得獎作品") && !html.contains("祕密隊名1"));
    let student = app.verified_user("s@ntu.edu.tw", "學生").await;
    let resp = app
        .post_with(
            &student,
            &format!("/organise/tracks/{track_id}/results/publish"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/results/publish"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = app.get(&public).await.text().await.unwrap();
    assert!(
        html.contains("得獎作品") && html.contains("第一名 · 作品1") && html.contains("祕密隊名1")
    );
    assert!(html.contains("佳作 · 作品2") && !html.contains("祕密隊名0"));
    // One printable page per winner; none for an entry that won nothing.
    let html = app.get(&sheet).await.text().await.unwrap();
    assert!(
        html.contains("<h1>第一名 · 作品1</h1>") && html.contains("祕密隊名1"),
        "{html}"
    );
    let track_page = app.get(&public).await.text().await.unwrap();
    assert!(
        track_page.contains(&format!("href=\"{sheet}\"")),
        "linked from the track page"
    );
    let none = format!("{public}/winners/{}", e[0]);
    assert_eq!(app.get(&none).await.status(), StatusCode::NOT_FOUND);
    assert!(html.contains("href=\"/catalog/6262\""));
    let html = app.get("/catalog/6262").await.text().await.unwrap();
    assert!(html.contains("得獎作品運用") && html.contains(&format!("#winner-{}", e[1])));
    // Published awards cannot change until withdrawn.
    let resp = app.post_with(&org, &awards, &[(&k0, &merit)]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.post_with(
        &org,
        &format!("/organise/tracks/{track_id}/results/publish"),
        &[("action", "withdraw")],
    )
    .await;
    assert!(!app
        .get(&public)
        .await
        .text()
        .await
        .unwrap()
        .contains("祕密隊名1"));
    assert_eq!(app.get(&sheet).await.status(), StatusCode::NOT_FOUND);
    let actions = app.audit_actions();
    for a in ["awards.save", "results.publish", "results.withdraw"] {
        assert!(actions.iter().any(|x| x == a), "{a}");
    }
}

#[actix_web::test]
async fn the_top_entries_go_to_a_finals_round_with_its_own_panel_and_decide_the_awards() {
    let app = spawn_app().await;
    let mut t = track("就業組");
    t.counted_publishers = "勞動部勞工保險局".into();
    let s = open_contest(&app, 2026, vec![t]);
    let track_id = s.tracks[0];
    store::contests::replace_prizes(&mut app.conn(), track_id, &[("第一名".into(), 1, 60000)])
        .unwrap();
    let e: Vec<i32> = (0..4)
        .map(|i| passed_entry(&app, &s, i, &format!("cap{i}@gmail.com")))
        .collect();
    let org = organiser(&app, "org@mol.gov.tw").await;
    let prelim = app.verified_user("prelim@itri.org.tw", "初賽評審").await;
    let p = app.user_id("prelim@itri.org.tw");
    app.post_with(
        &org,
        &format!("/organise/tracks/{track_id}/judges"),
        &[("email", "prelim@itri.org.tw"), ("max_load", "9")],
    )
    .await;
    // Preliminary order: 作品1 (90), 作品2 (80), 作品0 (70), 作品3 (60).
    for (i, total) in [70.0, 90.0, 80.0, 60.0].iter().enumerate() {
        submitted_score(&app, e[i], p, *total);
    }
    let ranking = format!("/organise/tracks/{track_id}/ranking");
    let finalists = format!("/organise/tracks/{track_id}/finalists");

    // Bad N stays on the page; the top 2 advance.
    let resp = app
        .post_with(&org, &finalists, &[("action", "advance"), ("n", "兩")])
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("請輸入 1 到 500 之間的整數") && html.contains("value=\"兩\""));
    let student = app.verified_user("s@ntu.edu.tw", "學生").await;
    let resp = app
        .post_with(&student, &finalists, &[("action", "advance"), ("n", "2")])
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_with(&org, &finalists, &[("action", "advance"), ("n", "2")])
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let advanced = store::finals::of_track(&mut app.conn(), track_id).unwrap();
    assert_eq!(advanced, vec![(e[1], Some(1)), (e[2], Some(2))]);
    // 作品0 added by hand, then taken out again.
    let add = [("action", "add"), ("entry_id", &*e[0].to_string())];
    assert_eq!(
        app.post_with(&org, &finalists, &add).await.status(),
        StatusCode::SEE_OTHER
    );
    let remove = [("action", "remove"), ("entry_id", &*e[0].to_string())];
    assert_eq!(
        app.post_with(&org, &finalists, &remove).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        store::finals::of_track(&mut app.conn(), track_id)
            .unwrap()
            .len(),
        2
    );
    let html = app.get_with(&org, &ranking).await.text().await.unwrap();
    assert!(html.contains("目前決賽作品：2 件"), "{html}");

    // The finals panel is separate, and finals are not anonymous by default.
    let fin = app.verified_user("final@iii.org.tw", "決賽評審").await;
    let f = app.user_id("final@iii.org.tw");
    let board = format!("/organise/tracks/{track_id}/judges?round=finals");
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(html.contains("作品1") && html.contains("作品2") && !html.contains("作品0"));
    assert!(html.contains("name=\"round\" value=\"finals\""));
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/judges"),
            &[
                ("email", "final@iii.org.tw"),
                ("max_load", "5"),
                ("round", "finals"),
            ],
        )
        .await;
    assert_eq!(resp.headers()["location"], board.as_str());
    assert!(
        store::judges::panel(&mut app.conn(), track_id, Round::Preliminary)
            .unwrap()
            .iter()
            .all(|j| j.email != "final@iii.org.tw")
    );
    app.post_with(
        &org,
        &format!("/organise/tracks/{track_id}/assign"),
        &[("k", "1"), ("round", "finals")],
    )
    .await;
    let mut assigned_f: Vec<i32> = store::judges::of_judge(&mut app.conn(), f)
        .unwrap()
        .into_iter()
        .map(|a| a.entry_id)
        .collect();
    assigned_f.sort();
    assert_eq!(assigned_f, vec![e[1], e[2]]);
    assert_eq!(
        app.get_with(
            &org,
            &format!("/organise/tracks/{track_id}/judges?round=semi")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    // The finals judge sees team names, only in the finals, only their entries.
    let html = app.get_with(&fin, "/judge").await.text().await.unwrap();
    assert!(
        html.contains("祕密隊名1") && html.contains("決賽"),
        "{html}"
    );
    // (Handlebars escapes "=" in attributes.)
    assert!(html.contains(&format!("/judge/entries/{}?round&#x3D;finals", e[1])));
    for path in [
        format!("/judge/entries/{}", e[1]),
        format!("/judge/entries/{}?round=finals", e[0]),
    ] {
        assert_eq!(
            app.get_with(&fin, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The preliminary judge still sees no team names.
    let html = app.get_with(&prelim, "/judge").await.text().await.unwrap();
    assert!(!html.contains("祕密隊名"), "{html}");

    store::rubrics::save(
        &mut app.conn(),
        track_id,
        Round::Finals,
        0,
        &Default::default(),
        &store::rubrics::default_criteria(),
        Utc::now().naive_utc(),
    )
    .unwrap();
    let page = format!("/judge/entries/{}?round=finals", e[1]);
    let html = app.get_with(&fin, &page).await.text().await.unwrap();
    assert!(
        html.contains("祕密隊名1") && html.contains("決賽"),
        "{html}"
    );
    // Another finals judge already scored it; that stays hidden until this one submits.
    let _g = app.verified_user("guest@iii.org.tw", "客座評審").await;
    let g = app.user_id("guest@iii.org.tw");
    store::judges::add(
        &mut app.conn(),
        track_id,
        Round::Finals,
        "guest@iii.org.tw",
        5,
        g,
        Utc::now().naive_utc(),
    )
    .unwrap();
    store::judges::assign_one(
        &mut app.conn(),
        e[1],
        g,
        Round::Finals,
        Utc::now().naive_utc(),
    )
    .unwrap();
    submitted_score_in(&app, Round::Finals, e[1], g, 55.0);
    assert!(!html.contains("其他評審的評分"));
    let resp = app
        .post_with(
            &fin,
            &format!("/judge/entries/{}/score", e[1]),
            &[
                ("version", "0"),
                ("round", "finals"),
                ("c3", "9"),
                ("c4", "9"),
                ("d6262", "5"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()["location"], page.as_str());
    let html = app.get_with(&fin, &page).await.text().await.unwrap();
    assert!(
        html.contains("其他評審的評分") && html.contains("55.0"),
        "{html}"
    );
    assert!(
        store::scores::find(&mut app.conn(), e[1], f, Round::Preliminary)
            .unwrap()
            .is_none()
    );
    submitted_score_in(&app, Round::Finals, e[2], f, 95.0);

    // Once finals scoring started, the finalists cannot be re-picked or removed.
    let resp = app
        .post_with(&org, &finalists, &[("action", "advance"), ("n", "3")])
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let remove = [("action", "remove"), ("entry_id", &*e[1].to_string())];
    assert_eq!(
        app.post_with(&org, &finalists, &remove).await.status(),
        StatusCode::CONFLICT
    );

    // Awards follow the finals ranking: 作品2 (95) before 作品1.
    let html = app
        .get_with(&org, &format!("/organise/tracks/{track_id}/awards"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("依決賽排名"), "{html}");
    assert!(html.find("作品2").unwrap() < html.find("作品1").unwrap());
    assert!(!html.contains("作品3"), "not a finalist");
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/awards"),
            &[(
                &*format!("prize_{}", e[3]),
                &*store::contests::prizes_of(&mut app.conn(), &[track_id]).unwrap()[0]
                    .id
                    .to_string(),
            )],
        )
        .await;
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "only finalists can win"
    );
    let actions = app.audit_actions();
    assert!(actions.iter().any(|a| a == "finals.advance"));
}

#[actix_web::test]
async fn each_round_sets_anonymity_peer_scores_and_ranking_method() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("就業組")]);
    let track_id = s.tracks[0];
    let e = passed_entry(&app, &s, 0, "cap0@gmail.com");
    let org = organiser(&app, "org@mol.gov.tw").await;
    let judge = app.verified_user("j@itri.org.tw", "評審").await;
    let j = app.user_id("j@itri.org.tw");
    app.post_with(
        &org,
        &format!("/organise/tracks/{track_id}/judges"),
        &[("email", "j@itri.org.tw"), ("max_load", "5")],
    )
    .await;
    store::judges::assign_one(
        &mut app.conn(),
        e,
        j,
        Round::Preliminary,
        Utc::now().naive_utc(),
    )
    .unwrap();
    let settings = format!("/organise/tracks/{track_id}/settings");
    let page = format!("/judge/entries/{e}");
    assert!(!app
        .get_with(&judge, &page)
        .await
        .text()
        .await
        .unwrap()
        .contains("祕密隊名0"));

    // Bad input is refused on the same page with what was typed.
    let resp = app
        .post_with(
            &org,
            &settings,
            &[
                ("rank_method", "median"),
                ("disagreement", "一百五"),
                ("show_others", "1"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("請輸入 1 到 100 之間的數字") && html.contains("value=\"一百五\""));
    let resp = app
        .post_with(
            &judge,
            &settings,
            &[("rank_method", "median"), ("disagreement", "10")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    // Not anonymous, no peer scores, median ranking, threshold 10.
    let resp = app
        .post_with(
            &org,
            &settings,
            &[("rank_method", "median"), ("disagreement", "10")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let stored = store::finals::settings(&mut app.conn(), track_id, Round::Preliminary).unwrap();
    assert_eq!(
        stored,
        store::finals::Settings {
            anonymous: false,
            show_others: false,
            rank_method: RankMethod::Median,
            disagreement: 10.0
        }
    );
    assert!(app.audit_actions().iter().any(|a| a == "judging.settings"));
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(html.contains("祕密隊名0"), "{html}");
    let html = app.get_with(&judge, "/judge").await.text().await.unwrap();
    assert!(html.contains("祕密隊名0"), "{html}");

    // The ranking uses the stored method unless another is asked for.
    let ranking = format!("/organise/tracks/{track_id}/ranking");
    let html = app.get_with(&org, &ranking).await.text().await.unwrap();
    assert!(html.contains("中位數：各評審加權總分的中位數"), "{html}");
    let html = app
        .get_with(&org, &format!("{ranking}?method=mean"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("中位數：各評審加權總分的中位數"));

    // Without peer scores, a judge who submitted still sees only their own.
    let _k = app.verified_user("k@iii.org.tw", "另一評審").await;
    let k = app.user_id("k@iii.org.tw");
    submitted_score_in(&app, Round::Preliminary, e, k, 77.0);
    submitted_score_in(&app, Round::Preliminary, e, j, 66.0);
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(
        !html.contains("其他評審的評分") && !html.contains("77.0"),
        "{html}"
    );
}

/// Someone as the services see them, with the roles they hold now.
fn person(app: &TestApp, email: &str) -> Person {
    let id = app.user_id(email);
    Person {
        id,
        roles: store::users::roles_of(&mut app.conn(), id).unwrap(),
        ip: None,
    }
}

/// A track with an entry that passed (its captain's address given), one
/// judge invited and assigned to it, and the default rubric; returns the
/// track, the entry and the judge's client.
async fn scored_setup(app: &TestApp, captain: &str) -> (i32, i32, reqwest::Client) {
    let mut t = track("就業組");
    t.counted_publishers = "勞動部勞工保險局".into();
    let s = open_contest(app, 2026, vec![t]);
    let track_id = s.tracks[0];
    let entry = passed_entry(app, &s, 0, captain);
    let org = organiser(app, "org@mol.gov.tw").await;
    let judge = app.verified_user("judge@itri.org.tw", "評審").await;
    let board = format!("/organise/tracks/{track_id}/judges");
    let resp = app
        .post_with(
            &org,
            &board,
            &[("email", "judge@itri.org.tw"), ("max_load", "5")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/assign"),
            &[("k", "1")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    store::rubrics::save(
        &mut app.conn(),
        track_id,
        Round::Preliminary,
        0,
        &Default::default(),
        &store::rubrics::default_criteria(),
        Utc::now().naive_utc(),
    )
    .unwrap();
    (track_id, entry, judge)
}

/// Sixteen first submissions of the same score sheet at once, half of them
/// to a second replica: one score is stored, one is told 303, the others
/// 409 with the stale-score message on the scoring page; never a 500.
#[actix_web::test]
async fn simultaneous_first_submissions_store_one_score() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let (_, entry, judge) = scored_setup(&app, "cap@gmail.com").await;
    let token = app.csrf_for(&judge).await;
    // Both replicas' pools opened up first (pages read at once), so the
    // submissions reach the database together.
    let pages = (0..16).map(|i| {
        let base = if i % 2 == 0 { &app.address } else { &replica };
        judge.get(format!("{base}/judge/entries/{entry}")).send()
    });
    for r in futures_util::future::join_all(pages).await {
        assert_eq!(r.expect("GET works").status(), StatusCode::OK);
    }
    let posts = (0..16).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        judge
            .post(format!("{base}/judge/entries/{entry}/score"))
            .form(&[
                ("version", "0"),
                ("c3", "8"),
                ("c4", "6"),
                ("d6262", "4"),
                ("comment", "資料運用紮實"),
                ("action", "submit"),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    let mut answers = Vec::new();
    for r in futures_util::future::join_all(posts).await {
        let r = r.expect("POST works");
        answers.push((r.status(), r.text().await.unwrap()));
    }
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.0).collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "{statuses:?}"
    );
    for (status, html) in &answers {
        if *status == StatusCode::SEE_OTHER {
            continue;
        }
        assert_eq!(*status, StatusCode::CONFLICT, "{statuses:?}");
        assert!(
            html.contains("已在其他視窗儲存過此評分") || html.contains("此評分已送出"),
            "the scoring page says why: {html}"
        );
        assert!(html.contains("value=\"8\""), "what was typed is kept");
    }
    let stored = store::scores::of_entries(&mut app.conn(), &[entry], Round::Preliminary).unwrap();
    assert_eq!(stored.len(), 1, "one score");
    assert_eq!(stored[0].status, ScoreStatus::Submitted);
    assert_eq!(
        store::scores::history_count(&mut app.conn(), stored[0].id).unwrap(),
        1,
        "saved once"
    );
    let submits = app
        .audit_actions()
        .into_iter()
        .filter(|a| a == "score.submit")
        .count();
    assert_eq!(submits, 1);
}

/// A NUL byte or a control character in anything a judge or an organiser
/// types into judging (a comment, a conflict note, a dismissal, a rubric, an
/// unlock reason) is refused on the same form with a message, what was
/// typed is kept, and nothing is stored.
#[actix_web::test]
async fn control_characters_in_judging_forms_are_refused_and_never_stored() {
    let app = spawn_app().await;
    let (track_id, entry, judge) = scored_setup(&app, "cap@ntu.edu.tw").await;
    let org = client();
    app.sign_in(&org, "org@mol.gov.tw", GOOD_PASSWORD).await;
    let j = app.user_id("judge@itri.org.tw");

    // The score's comment.
    let resp = app
        .post_with(
            &judge,
            &format!("/judge/entries/{entry}/score"),
            &[
                ("version", "0"),
                ("c3", "8"),
                ("comment", "好作品\0"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("控制字元") && html.contains("value=\"8\""),
        "{html}"
    );
    assert!(
        store::scores::find(&mut app.conn(), entry, j, Round::Preliminary)
            .unwrap()
            .is_none()
    );
    let (rubric, _) = store::rubrics::find(&mut app.conn(), track_id, Round::Preliminary)
        .unwrap()
        .unwrap();
    assert!(rubric.locked_at.is_none(), "a refused score locks nothing");

    // A declared conflict's note.
    let resp = app
        .post_with(
            &judge,
            &format!("/judge/entries/{entry}/conflict"),
            &[("note", "指導過\u{1b}[31m")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("控制字元") && html.contains("指導過"),
        "{html}"
    );
    assert!(assigned(&app, entry).contains(&j), "still assigned");

    // The organisers' reason for dismissing a detected conflict.
    let _prof = app.verified_user("prof@csie.ntu.edu.tw", "臺大教授").await;
    let board = format!("/organise/tracks/{track_id}/judges");
    app.post_with(
        &org,
        &board,
        &[("email", "prof@csie.ntu.edu.tw"), ("max_load", "5")],
    )
    .await;
    let prof = app.user_id("prof@csie.ntu.edu.tw").to_string();
    let e = entry.to_string();
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/conflicts/dismiss"),
            &[("entry_id", &e), ("judge_id", &prof), ("note", "已退休\0")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("控制字元") && html.contains("已退休"),
        "{html}"
    );
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/assignments"),
            &[("entry_id", &e), ("judge_id", &prof), ("action", "add")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "still in conflict");

    // A criterion's name and guidance in the rubric editor.
    let url = format!("/organise/tracks/{track_id}/rubric/finals");
    let resp = app
        .post_with(
            &org,
            &url,
            &[
                ("version", "0"),
                ("quantity_scale", "1:40, 2:70, 3:100"),
                ("kind", "quantity"),
                ("name_zh", "數量"),
                ("weight", "20"),
                ("kind", "depth"),
                ("name_zh", "深度"),
                ("weight", "20"),
                ("kind", "manual"),
                ("name_zh", "創意\0價值"),
                ("weight", "60"),
                ("min_score", "0"),
                ("max_score", "10"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("控制字元") && html.contains("價值"), "{html}");
    assert!(
        store::rubrics::find(&mut app.conn(), track_id, Round::Finals)
            .unwrap()
            .is_none()
    );

    // The reason for unlocking a rubric.
    let url = format!("/organise/tracks/{track_id}/rubric/preliminary");
    app.post_with(&org, &format!("{url}/lock"), &[]).await;
    let resp = app
        .post_with(
            &org,
            &format!("{url}/unlock"),
            &[("reason", "評審會議\u{7}決議")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("控制字元") && html.contains("評審會議"),
        "{html}"
    );
    let (rubric, _) = store::rubrics::find(&mut app.conn(), track_id, Round::Preliminary)
        .unwrap()
        .unwrap();
    assert!(rubric.locked_at.is_some(), "still locked");
}

/// The gate without HTTP: a judge in conflict with a team never sees its
/// entry — not on their list, not its page, its proposal or its score
/// sheet — even when assigned behind the organisers' back, and neither the
/// automatic assignment nor an organiser by hand gives it to them.
#[actix_web::test]
async fn a_conflicted_judge_never_sees_an_entry_even_when_assigned() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("就業組")]);
    let track_id = s.tracks[0];
    let conflicted = passed_entry(&app, &s, 0, "cap0@ntu.edu.tw");
    let fine = passed_entry(&app, &s, 1, "cap1@gmail.com");
    let _org = organiser(&app, "org@mol.gov.tw").await;
    let _prof = app.verified_user("prof@csie.ntu.edu.tw", "臺大教授").await;
    let (p, org) = (&app.portal, person(&app, "org@mol.gov.tw"));
    let round = Round::Preliminary;
    let invite = Invite {
        email: "prof@csie.ntu.edu.tw".into(),
        max_load: "5".into(),
    };
    service::judging::invite(p, &org, track_id, round, &invite).unwrap();
    let prof = person(&app, "prof@csie.ntu.edu.tw");
    let short = service::judging::auto_assign(p, &org, track_id, round, "1").unwrap();
    assert_eq!(short, vec![(conflicted, 0)]);
    assert!(assigned(&app, conflicted).is_empty());
    assert_eq!(assigned(&app, fine), vec![prof.id]);
    assert!(matches!(
        service::judging::edit_assignment(p, &org, track_id, round, (conflicted, prof.id), true),
        Err(service::Error::Refused("error-assign-conflicted"))
    ));

    store::judges::assign_one(
        &mut app.conn(),
        conflicted,
        prof.id,
        round,
        Utc::now().naive_utc(),
    )
    .unwrap();
    let list: Vec<i32> = service::judging::dashboard(p, &prof)
        .unwrap()
        .iter()
        .map(|l| l.entry.id)
        .collect();
    assert_eq!(list, vec![fine]);
    assert!(service::judging::scoring_page(p, &prof, fine, round, None).is_ok());
    let not_found = |r: service::Result<()>| matches!(r, Err(service::Error::NotFound));
    assert!(not_found(
        service::judging::scoring_page(p, &prof, conflicted, round, None).map(|_| ())
    ));
    assert!(not_found(
        service::judging::proposal(p, &prof, conflicted, round).map(|_| ())
    ));
    assert!(not_found(service::judging::score(
        p,
        &prof,
        conflicted,
        round,
        &ScoreForm::default()
    )));
    assert!(not_found(service::judging::declare_conflict(
        p, &prof, conflicted, round, ""
    )));
    // Set aside with a reason, the conflict no longer stands.
    service::judging::dismiss_conflict(p, &org, track_id, round, (conflicted, prof.id), "已離職")
        .unwrap();
    assert!(service::judging::scoring_page(p, &prof, conflicted, round, None).is_ok());
}

/// The same race without HTTP, lined up tighter: sixteen first saves of one
/// sheet released at once give one score, and every other save is told the
/// sheet changed under it (never a unique-key failure).
#[actix_web::test]
async fn first_saves_released_at_once_keep_one_score() {
    let app = spawn_app().await;
    let (_, entry, _judge) = scored_setup(&app, "cap@gmail.com").await;
    let judge = person(&app, "judge@itri.org.tw");
    let form = ScoreForm {
        sheet: ScoreSheet {
            criteria: [("3".to_string(), "8".to_string())].into(),
            ..ScoreSheet::default()
        },
        version: 0,
        submit: false,
    };
    // Every pooled connection open first, so the saves start together.
    let warm: Vec<_> = (0..4).map(|_| app.conn()).collect();
    drop(warm);
    let start = std::sync::Barrier::new(16);
    let results: Vec<service::Result<()>> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..16)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    service::judging::score(&app.portal, &judge, entry, Round::Preliminary, &form)
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    for r in &results {
        assert!(
            matches!(r, Ok(()) | Err(service::Error::Stale("error-score-stale"))),
            "{r:?}"
        );
    }
    let stored = store::scores::of_entries(&mut app.conn(), &[entry], Round::Preliminary).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].version, 1, "saved once");
}
