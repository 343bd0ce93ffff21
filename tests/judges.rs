//! Judges: invitations by e-mail, conflicts of interest by school and mail
//! domain (and declared), balanced automatic assignment, and judges who can
//! open only the entries assigned to them.

mod common;

use std::collections::HashMap;

use chrono::Utc;
use common::fixture::*;
use common::*;
use contest_portal::domain::judging::{RankMethod, Round, ScoreSheet, ScoreStatus};
use contest_portal::domain::profile::PersonKind;
use contest_portal::domain::role::Role;
use contest_portal::service;
use contest_portal::service::judging::ScoreForm;
use contest_portal::store;
use reqwest::StatusCode;

/// Teams of one student each (the captains at these addresses, named
/// "隊長0", "隊長1" …) called "祕密隊名0" …, each with an entry "作品0" …
/// in the contest's first track that passed the eligibility review.
async fn passed_entries(f: &Fixture<'_>, contest: &Contest, captains: &[&str]) -> Vec<i32> {
    let track = contest.tracks[0];
    let mut entries = Vec::new();
    for (i, email) in captains.iter().enumerate() {
        let captain = f
            .profiled(
                email,
                &format!("隊長{i}"),
                PersonKind::Student,
                SCHOOL,
                DEPARTMENT,
            )
            .await;
        let team = f.team(&[track], &format!("祕密隊名{i}"), &captain);
        entries.push(f.submitted_entry(&team, track, &format!("作品{i}")).await);
    }
    f.pass_all(contest, &entries);
    entries.iter().map(|e| e.id).collect()
}

/// A track whose counted publisher is 勞保局, the publisher of the
/// fixture entries' dataset 6262.
fn bli_track() -> TrackSpec {
    let mut t = track("就業組");
    t.counted_publishers = "勞動部勞工保險局".into();
    t
}

/// A listed school nobody in the fixtures is at, by its code.
fn another_school_code(app: &TestApp) -> String {
    store::schools::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|s| s.name != SCHOOL)
        .unwrap()
        .code
}

/// Puts `email` on the round's panel with at most 100 entries.
fn invite_judge(app: &TestApp, org: &service::Person, track_id: i32, round: Round, email: &str) {
    let invite = service::judging::Invite {
        email: email.to_string(),
        max_load: "100".into(),
    };
    service::judging::invite(&app.portal, org, track_id, round, &invite).unwrap();
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
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track_id = contest.tracks[0].id;
    let captains = [
        "cap0@ntu.edu.tw",
        "cap1@gmail.com",
        "cap2@nccu.edu.tw",
        "cap3@yahoo.com.tw",
    ];
    let entries = passed_entries(&f, &contest, &captains).await;
    f.default_rubric(contest.tracks[0], Round::Preliminary);
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let board = format!("/organise/tracks/{track_id}/judges");

    // Judges: one from NTU (conflicts with team 0 by mail domain), two others,
    // and one invited before having an account.
    let j1 = f
        .browser(&f.account("prof@csie.ntu.edu.tw", "臺大教授").await)
        .await;
    let j2 = f
        .browser(&f.account("judge2@itri.org.tw", "評審二").await)
        .await;
    f.account("judge3@gmail.com", "評審三").await;
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
    let student = f.browser(&f.account("s@ntu.edu.tw", "學生").await).await;
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
}

#[actix_web::test]
async fn judges_score_drafts_then_submit_and_the_rubric_locks() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[bli_track()]);
    let track = contest.tracks[0];
    let track_id = track.id;
    let entry = passed_entries(&f, &contest, &["cap@gmail.com"]).await[0];
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let judge = f.judge(track, "judge@itri.org.tw", "評審").await;
    let board = format!("/organise/tracks/{track_id}/judges");
    // Without a rubric the board says so and no entry is given out, so no
    // judge meets a sheet they cannot fill in.
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(html.contains("這一輪還沒有評分標準"), "{html}");
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/assign"),
            &[("k", "1"), ("round", "preliminary")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("請先儲存這一輪的評分標準"));
    assert!(assigned(&app, entry).is_empty());
    let judge = f.browser(&judge).await;
    let page = format!("/judge/entries/{entry}");
    let score = format!("{page}/score");
    assert_eq!(
        app.get_with(&judge, &page).await.status(),
        StatusCode::NOT_FOUND
    );

    // The default rubric: quantity 20, depth 20, two typed criteria of 30 (0–10).
    f.default_rubric(track, Round::Preliminary);
    f.assign(track, Round::Preliminary, 1);
    let html = app.get_with(&org, &board).await.text().await.unwrap();
    assert!(!html.contains("這一輪還沒有評分標準"));
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
    let other = f
        .browser(&f.account("other@itri.org.tw", "旁人").await)
        .await;
    let resp = app
        .post_with(
            &other,
            &score,
            &[("version", "0"), ("c3", "5"), ("action", "draft")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

/// A submitted preliminary score with this total, written straight to the
/// store: the ranking tests start from totals, and how a score sheet adds
/// up is `judges_score_drafts_then_submit_and_the_rubric_locks`'s matter.
/// The stored ranking is rewritten after it, as the scoring service does.
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
            notes: "{}",
            comment_shared: false,
            total: Some(total),
        },
        Utc::now().naive_utc(),
    )
    .unwrap();
    assert_eq!(r, store::scores::SaveOutcome::Saved);
    contest_portal::db::transaction(&mut app.conn(), |conn| {
        service::judging::refresh_entry(conn, entry)
    })
    .unwrap();
}

#[actix_web::test]
async fn the_ranking_corrects_for_harsh_and_lenient_judges_and_explains_itself() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let track_id = track.id;
    let captains = [
        "cap0@gmail.com",
        "cap1@gmail.com",
        "cap2@gmail.com",
        "cap3@gmail.com",
    ];
    let e = passed_entries(&f, &contest, &captains).await;
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let a = f.judge(track, "harsh@itri.org.tw", "嚴格評審").await.id();
    let b = f.judge(track, "lenient@iii.org.tw", "寬鬆評審").await.id();
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
    let c = f.judge(track, "once@iii.org.tw", "只評一件").await.id();
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
    assert!(
        anon.lines().next().is_some_and(
            |h| h.contains("評審,隊名,作品名稱,") && h.ends_with(",運用深度評分,加權總分")
        ),
        "{anon}"
    );
    // In entry then judge order; judges numbered by id, teams by their place.
    let rows: Vec<String> = anon
        .lines()
        .skip(1)
        .map(|r| {
            let c: Vec<&str> = r.split(',').collect();
            format!("{},{},{},{}", c[0], c[1], c[2], c[c.len() - 1])
        })
        .collect();
    assert_eq!(
        rows,
        [
            "評審 1,#1,,40.0",
            "評審 2,#1,,70.0",
            "評審 3,#1,,50.0",
            "評審 1,#2,,50.0",
            "評審 2,#2,,80.0",
            "評審 1,#3,,60.0",
            "評審 2,#3,,90.0",
        ]
    );

    // Only organisers see any of it.
    let judge = f.browser(&f.account("j@itri.org.tw", "評審").await).await;
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
    let f = Fixture::new(&app);
    let mut t = bli_track();
    t.prizes = "第一名, 1, 60000\n佳作, 2, 10000".into();
    let contest = f.contest(2026, &[t]);
    let track = contest.tracks[0];
    let track_id = track.id;
    let prizes = store::contests::prizes_of(&mut app.conn(), &[track_id]).unwrap();
    let (first, merit) = (prizes[0].id.to_string(), prizes[1].id.to_string());
    let captains = ["cap0@gmail.com", "cap1@gmail.com", "cap2@gmail.com"];
    let e = passed_entries(&f, &contest, &captains).await;
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let j = f.judge(track, "j@itri.org.tw", "評審").await.id();
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
    let student = f.browser(&f.account("s@ntu.edu.tw", "學生").await).await;
    let resp = app
        .post_with(
            &student,
            &format!("/organise/tracks/{track_id}/results/publish"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    f.open_judging(&contest, "");
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/results/publish"),
            &[("action", "publish"), ("confirm", "yes")],
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
    assert!(
        html.contains("歷屆運用情形")
            && html.contains(&format!("#winner-{}\">第一名 · 作品1", e[1]))
    );
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
    let f = Fixture::new(&app);
    let mut t = bli_track();
    t.prizes = "第一名, 1, 60000".into();
    let contest = f.contest(2026, &[t]);
    let track = contest.tracks[0];
    let track_id = track.id;
    let captains = [
        "cap0@gmail.com",
        "cap1@gmail.com",
        "cap2@gmail.com",
        "cap3@gmail.com",
    ];
    let e = passed_entries(&f, &contest, &captains).await;
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let prelim = f.judge(track, "prelim@itri.org.tw", "初賽評審").await;
    let p = prelim.id();
    let prelim = f.browser(&prelim).await;
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
    let student = f.browser(&f.account("s@ntu.edu.tw", "學生").await).await;
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
    let fin = f.account("final@iii.org.tw", "決賽評審").await;
    let fin_id = fin.id();
    let fin = f.browser(&fin).await;
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
    f.default_rubric(track, Round::Finals);
    app.post_with(
        &org,
        &format!("/organise/tracks/{track_id}/assign"),
        &[("k", "1"), ("round", "finals")],
    )
    .await;
    let mut assigned_f: Vec<i32> = store::judges::of_judge(&mut app.conn(), fin_id)
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

    let page = format!("/judge/entries/{}?round=finals", e[1]);
    let html = app.get_with(&fin, &page).await.text().await.unwrap();
    assert!(
        html.contains("祕密隊名1") && html.contains("決賽"),
        "{html}"
    );
    // Another finals judge already scored it; that stays hidden until this one submits.
    let guest = f.account("guest@iii.org.tw", "客座評審").await;
    let guest = f.invite(track, Round::Finals, &guest);
    f.assign_one(track, Round::Finals, e[1], &guest);
    let g = guest.id();
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
        store::scores::find(&mut app.conn(), e[1], fin_id, Round::Preliminary)
            .unwrap()
            .is_none()
    );
    submitted_score_in(&app, Round::Finals, e[2], fin_id, 95.0);

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
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let track_id = track.id;
    let e = passed_entries(&f, &contest, &["cap0@gmail.com"]).await[0];
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let judge = f.judge(track, "j@itri.org.tw", "評審").await;
    f.default_rubric(track, Round::Preliminary);
    f.assign_one(track, Round::Preliminary, e, &judge);
    let j = judge.id();
    let judge = f.browser(&judge).await;
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
    let k = f.account("k@iii.org.tw", "另一評審").await.id();
    submitted_score_in(&app, Round::Preliminary, e, k, 77.0);
    submitted_score_in(&app, Round::Preliminary, e, j, 66.0);
    let html = app.get_with(&judge, &page).await.text().await.unwrap();
    assert!(
        !html.contains("其他評審的評分") && !html.contains("77.0"),
        "{html}"
    );
}

/// What the scoring tests start from.
struct Scored {
    track: Track,
    entry: i32,
    organiser: Someone,
    judge: Someone,
}

/// A track with an entry that passed (its captain's address given), an
/// organiser, one judge invited and assigned to it, and the default rubric.
async fn scored_setup(f: &Fixture<'_>, captain: &str) -> Scored {
    let contest = f.contest(2026, &[bli_track()]);
    let track = contest.tracks[0];
    let entry = passed_entries(f, &contest, &[captain]).await[0];
    let organiser = f.organiser("org@mol.gov.tw").await;
    let judge = f.judge(track, "judge@itri.org.tw", "評審").await;
    f.default_rubric(track, Round::Preliminary);
    f.assign(track, Round::Preliminary, 1);
    Scored {
        track,
        entry,
        organiser,
        judge,
    }
}

/// Sixteen first submissions of the same score sheet at once, half of them
/// to a second replica: one score is stored, one is told 303, the others
/// 409 with the stale-score message on the scoring page; never a 500.
#[actix_web::test]
async fn simultaneous_first_submissions_store_one_score() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    let Scored { entry, judge, .. } = scored_setup(&f, "cap@gmail.com").await;
    let judge = f.browser(&judge).await;
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
    let f = Fixture::new(&app);
    let scored = scored_setup(&f, "cap@ntu.edu.tw").await;
    let (track_id, entry) = (scored.track.id, scored.entry);
    let org = f.browser(&scored.organiser).await;
    let j = scored.judge.id();
    let judge = f.browser(&scored.judge).await;

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
    let prof = f
        .judge(scored.track, "prof@csie.ntu.edu.tw", "臺大教授")
        .await;
    let prof = prof.id().to_string();
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
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let track_id = track.id;
    let entries = passed_entries(&f, &contest, &["cap0@ntu.edu.tw", "cap1@gmail.com"]).await;
    let (conflicted, fine) = (entries[0], entries[1]);
    let org = f.organiser("org@mol.gov.tw").await.person;
    let p = &app.portal;
    let round = Round::Preliminary;
    let prof = f
        .judge(track, "prof@csie.ntu.edu.tw", "臺大教授")
        .await
        .person;
    f.default_rubric(track, round);
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
    let f = Fixture::new(&app);
    let Scored { entry, judge, .. } = scored_setup(&f, "cap@gmail.com").await;
    let judge = judge.person;
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

/// The organisers' board reads a page of the round's entries and finds
/// conflicts over only the members who may share something with a judge:
/// the conflicts it lists (by school code, by a typed school written
/// differently, by institutional mail domain, declared, dismissed) are
/// exactly those the automatic assignment keeps apart over the whole track,
/// and its loads and submitted counts are the round's.
#[actix_web::test]
async fn the_board_pages_entries_and_finds_every_conflict() {
    use contest_portal::db::schema::profiles;
    use contest_portal::domain::judging::NoteKind;
    use diesel::prelude::*;

    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let round = Round::Preliminary;
    let p = &app.portal;
    let org = f.organiser("org@mol.gov.tw").await.person;
    // A listed school nobody else here is at (a typed name on the list is
    // stored with its code).
    let code = another_school_code(&app);
    let set_code = |email: &str| {
        diesel::update(profiles::table.find(app.user_id(email)))
            .set(profiles::school_code.eq(Some(code.clone())))
            .execute(&mut app.conn())
            .unwrap();
    };
    let mut captains: Vec<String> = (0..31).map(|i| format!("cap{i}@gmail.com")).collect();
    captains[5] = "cap5@csie.ntu.edu.tw".into();
    let mut entries = Vec::new();
    let mut teams = Vec::new();
    for (i, email) in captains.iter().enumerate() {
        let school = if i == 3 {
            "海角七號研究學院"
        } else {
            SCHOOL
        };
        let captain = f
            .profiled(
                email,
                &format!("隊長{i}"),
                PersonKind::Student,
                school,
                DEPARTMENT,
            )
            .await;
        let team = f.team(&[track], &format!("隊{i}"), &captain);
        entries.push(f.submitted_entry(&team, track, &format!("作品{i}")).await);
        teams.push(team);
    }
    set_code(&captains[7]);
    f.pass_all(&contest, &entries);
    // A withdrawn team's entry is not judged.
    store::teams::withdraw(&mut app.conn(), teams[30].id).unwrap();
    let e: Vec<i32> = entries.iter().map(|e| e.id).collect();

    // Judges: a school code, the same typed school written with a space,
    // an institutional domain, and a public one who declares a conflict.
    let by_code = f
        .profiled("a@itri.org.tw", "甲", PersonKind::Faculty, "工研院", "資訊")
        .await;
    set_code("a@itri.org.tw");
    let by_name = f
        .profiled(
            "b@iii.org.tw",
            "乙",
            PersonKind::Faculty,
            "海角七號 研究學院",
            "資訊",
        )
        .await;
    let by_domain = f.account("c@ee.ntu.edu.tw", "丙").await;
    let declares = f.account("d@gmail.com", "丁").await;
    for who in [&by_code, &by_name, &by_domain, &declares] {
        invite_judge(&app, &org, track.id, round, &who.email);
    }
    let now = Utc::now().naive_utc();
    let note = |judge: i32, team: i32, kind: NoteKind| {
        store::judges::add_note(&mut app.conn(), judge, team, kind, "說明", org.id, now).unwrap();
    };
    note(declares.id(), teams[9].id, NoteKind::Declared);
    note(by_name.id(), teams[3].id, NoteKind::Dismissed);
    f.default_rubric(track, round);

    let page = service::judging::panel_page(p, &org, track.id, round, None).unwrap();
    let listed: Vec<(i32, i32, Vec<&str>, bool)> = page
        .conflicts
        .iter()
        .map(|c| {
            let reasons = c.conflict.reasons();
            (c.entry_id, c.judge, reasons, c.conflict.blocks())
        })
        .collect();
    let mut want = vec![
        (e[3], by_name.id(), vec!["same-school"], false),
        (e[5], by_domain.id(), vec!["same-domain"], true),
        (e[7], by_code.id(), vec!["same-school"], true),
        (e[9], declares.id(), vec!["declared"], true),
    ];
    want.sort();
    assert_eq!(listed, want);
    assert_eq!(page.conflicts[0].title, "作品3");
    assert_eq!((page.shown.total, page.shown.items.len()), (30, 25));
    assert_eq!(page.shown.items[0].0.id, e[0]);
    assert_eq!(page.shown.items[0].1, "隊0");
    let last = service::judging::panel_page(p, &org, track.id, round, Some(2)).unwrap();
    let ids: Vec<i32> = last.shown.items.iter().map(|(x, _)| x.id).collect();
    assert_eq!(ids, e[25..30].to_vec());

    // Every judge on every entry the whole-track assignment allows: what it
    // leaves out is what the board says is conflicted.
    service::judging::auto_assign(p, &org, track.id, round, "4").unwrap();
    let judges = [by_code.id(), by_name.id(), by_domain.id(), declares.id()];
    let mut apart = std::collections::HashSet::new();
    for entry in &e[..30] {
        let given = assigned(&app, *entry);
        for j in judges.iter().filter(|j| !given.contains(j)) {
            apart.insert((*entry, *j));
        }
    }
    submitted_score(&app, e[0], by_code.id(), 70.0);
    submitted_score(&app, e[1], by_code.id(), 60.0);
    let page = service::judging::panel_page(p, &org, track.id, round, None).unwrap();
    let blocked: std::collections::HashSet<(i32, i32)> = page
        .conflicts
        .iter()
        .filter(|c| c.conflict.blocks())
        .map(|c| (c.entry_id, c.judge))
        .collect();
    assert_eq!(blocked, apart);
    for j in judges {
        let load = store::judges::of_judge(&mut app.conn(), j).unwrap().len();
        assert_eq!(page.load_of(j), load, "judge {j}");
    }
    assert_eq!(page.submitted_by(by_code.id()), 2);
    let given = |entry: i32, judge: i32| {
        page.assignments
            .iter()
            .any(|a| a.entry_id == entry && a.user_id == judge)
    };
    assert!(given(e[0], by_code.id()));
    assert!(!given(e[7], by_code.id()));

    // Each entry's own page, loaded alone, finds the same conflicts and
    // offers nobody: every judge who may have the entry has it.
    for entry in &e[..30] {
        let one = service::judging::entry_judges(p, &org, track.id, round, *entry).unwrap();
        let found: std::collections::HashSet<(i32, i32)> = one
            .board
            .conflicts
            .iter()
            .filter(|(_, c)| c.blocks())
            .map(|(pair, _)| *pair)
            .collect();
        let want = apart.iter().filter(|(x, _)| x == entry).copied().collect();
        assert_eq!(found, want, "entry {entry}");
        assert!(one.available().is_empty(), "entry {entry}");
    }
    assert!(matches!(
        service::judging::entry_judges(p, &org, track.id, round, e[30]),
        Err(service::Error::NotFound)
    ));
}

#[actix_web::test]
async fn an_entry_page_offers_only_the_judges_who_may_have_it() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track_id = contest.tracks[0].id;
    // An entry submitted but not reviewed is not judged.
    let captain = f
        .profiled(
            "late@gmail.com",
            "未審隊長",
            PersonKind::Student,
            SCHOOL,
            DEPARTMENT,
        )
        .await;
    let team = f.team(&[contest.tracks[0]], "未審隊", &captain);
    let unreviewed = f
        .submitted_entry(&team, contest.tracks[0], "未審作品")
        .await
        .id;
    let entries = passed_entries(&f, &contest, &["cap0@ntu.edu.tw", "cap1@gmail.com"]).await;
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let board = format!("/organise/tracks/{track_id}/judges");
    let j2 = f
        .browser(&f.account("judge2@itri.org.tw", "評審二").await)
        .await;
    f.account("prof@csie.ntu.edu.tw", "臺大教授").await;
    for email in [
        "prof@csie.ntu.edu.tw",
        "judge2@itri.org.tw",
        "later@example.com",
    ] {
        let resp = app
            .post_with(&org, &board, &[("email", email), ("max_load", "4")])
            .await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{email}");
    }
    let (e0, e1) = (entries[0], entries[1]);
    let (prof, judge2) = (
        app.user_id("prof@csie.ntu.edu.tw"),
        app.user_id("judge2@itri.org.tw"),
    );
    let page_of = |e: i32| format!("{board}/entries/{e}?round=preliminary");
    let choice = |judge: i32| format!("<option value=\"{judge}\">");
    // A link as the page writes it (handlebars escapes `&` and `=`).
    let link = |href: &str| {
        format!(
            "href=\"{}\"",
            href.replace('&', "&amp;").replace('=', "&#x3D;")
        )
    };

    // Before the round has a rubric nobody is offered; the way to it is.
    let (status, html) = app.page_as(&org, &page_of(e0)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("先設定評分標準"), "{html}");
    assert!(!html.contains(&choice(judge2)));
    f.default_rubric(contest.tracks[0], Round::Preliminary);

    // The board links each entry to its page instead of listing the panel
    // under every entry.
    let (_, html) = app.page_as(&org, &board).await;
    assert!(html.contains(&link(&page_of(e0))), "{html}");
    assert!(!html.contains(&choice(judge2)));

    // Team 0 shares NTU's mail domain with the professor: not offered, but
    // listed with the reason. The invitee without an account is not offered.
    let (status, html) = app.page_as(&org, &page_of(e0)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("作品0") && html.contains("祕密隊名0"));
    assert!(html.contains("臺大教授") && html.contains("同機構電子郵件網域"));
    assert!(html.contains(&format!(
        "{}評審二（已分配 0 件，上限 4 件）</option>",
        choice(judge2)
    )));
    assert!(!html.contains(&choice(prof)));
    assert_eq!(html.matches("<option value=").count(), 1, "{html}");
    // Team 1 has no conflict: both judges with an account are offered.
    let (_, html) = app.page_as(&org, &page_of(e1)).await;
    assert!(html.contains(&choice(prof)) && html.contains(&choice(judge2)));
    assert!(html.contains("沒有評審與這一隊有利益衝突"));

    // Adding from the entry's page comes back to it (and to the board's page
    // it came from); the judge is listed and no longer offered.
    let assignments = format!("/organise/tracks/{track_id}/assignments");
    let (e0s, j2s) = (e0.to_string(), judge2.to_string());
    let add_j2 = [
        ("entry_id", e0s.as_str()),
        ("judge_id", j2s.as_str()),
        ("action", "add"),
        ("back", "entry"),
        ("page", "2"),
    ];
    let resp = app.post_with(&org, &assignments, &add_j2).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let back = location(&resp);
    assert_eq!(back, format!("{}&page=2", page_of(e0)));
    assert_eq!(assigned(&app, e0), vec![judge2]);
    let (_, html) = app.page_as(&org, &back).await;
    assert!(html.contains("評審二") && html.contains("手動加入"));
    assert!(!html.contains(&choice(judge2)));
    assert!(html.contains("沒有可以再加入的評審"));
    assert!(html.contains(&link(&format!("{board}?round=preliminary&page=2"))));
    // The judge's load shows on the other entry.
    let (_, html) = app.page_as(&org, &page_of(e1)).await;
    assert!(html.contains("評審二（已分配 1 件，上限 4 件）"));

    // Removing from the entry's page comes back to it; from the board, to
    // the board.
    let remove = |back: &'static str| {
        [
            ("entry_id", e0s.as_str()),
            ("judge_id", j2s.as_str()),
            ("action", "remove"),
            ("back", back),
        ]
    };
    let resp = app.post_with(&org, &assignments, &remove("entry")).await;
    assert_eq!(location(&resp), page_of(e0));
    assert!(assigned(&app, e0).is_empty());
    app.post_with(&org, &assignments, &add_j2).await;
    let resp = app.post_with(&org, &assignments, &remove("")).await;
    assert_eq!(location(&resp), format!("{board}?round=preliminary"));
    assert!(assigned(&app, e0).is_empty());

    // A refused addition (the conflicted professor, posted by hand) is shown
    // on the entry's own page, which stays usable.
    let prof_s = prof.to_string();
    let resp = app
        .post_with(
            &org,
            &assignments,
            &[
                ("entry_id", e0s.as_str()),
                ("judge_id", &prof_s),
                ("action", "add"),
                ("back", "entry"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("此評審與該團隊有利益衝突") && html.contains("作品0"),
        "{html}"
    );
    assert!(html.contains(&choice(judge2)));
    assert!(assigned(&app, e0).is_empty());

    // Once the conflict is set aside, the professor is offered, the reason shown.
    let resp = app
        .post_with(
            &org,
            &format!("/organise/tracks/{track_id}/conflicts/dismiss"),
            &[
                ("entry_id", e0s.as_str()),
                ("judge_id", &prof_s),
                ("note", "已退休，與該校無關"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page_as(&org, &page_of(e0)).await;
    assert!(html.contains(&choice(prof)) && html.contains("已退休，與該校無關"));

    // The same judge added at once through two replicas: given once, every
    // other answer the entry's page (303 or 409), never a 500.
    let replica = spawn_replica(&app).await;
    let token = app.csrf_for(&org).await;
    let posts = (0..8).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        org.post(format!("{base}{assignments}"))
            .form(&[
                ("entry_id", e0s.as_str()),
                ("judge_id", &prof_s),
                ("action", "add"),
                ("back", "entry"),
                ("round", "preliminary"),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    for r in futures_util::future::join_all(posts).await {
        let r = r.expect("POST works");
        let status = r.status();
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{status}"
        );
        if status == StatusCode::CONFLICT {
            assert!(r
                .text()
                .await
                .unwrap()
                .contains("有人在同一時間做了相同的操作"));
        }
    }
    assert_eq!(assigned(&app, e0), vec![prof]);

    // Wrong roles are refused; an entry not judged in this round or
    // track, or an unknown round, is not a page.
    let student = f.browser(&f.account("s@ntu.edu.tw", "學生").await).await;
    for who in [&student, &j2] {
        assert_eq!(
            app.get_with(who, &page_of(e0)).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let other = f.contest(2027, &[track("創新組")]).tracks[0].id;
    for path in [
        format!("/organise/tracks/{other}/judges/entries/{e0}"),
        page_of(unreviewed),
        page_of(999_999),
        format!("{board}/entries/{e0}?round=semi"),
        format!("{board}/entries/{e0}?round=finals"),
    ] {
        assert_eq!(
            app.get_with(&org, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // In English.
    app.use_english(&org).await;
    let (_, html) = app.page_as(&org, &page_of(e0)).await;
    assert!(html.contains("Judges for this entry"));
    assert!(
        html.contains("評審二 (0 of at most 4 entries)</option>"),
        "{html}"
    );
    assert!(html.contains("Back to judges and assignment"));
}

/// Issue 18: each replica keeps a round's tally (its count of entries, every
/// judge's load and submitted scores, the panel's conflicts) and a contest's
/// counts for the staff's homes (entries undecided, judges behind). After any
/// sequence of changes (through the use cases, or by hand in the database)
/// what the board, an entry's page and the home show is counted afresh;
/// a look with nothing changed reads the tally kept.
#[actix_web::test]
async fn the_round_tally_shown_is_always_the_one_counted() {
    use contest_portal::db::schema::{eligibility_decisions, profiles, scores, teams, users};
    use contest_portal::domain::judging::NoteKind;
    use contest_portal::service::home::ContestCounts;
    use contest_portal::service::judging::RoundTally;
    use diesel::prelude::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let round = Round::Preliminary;
    let p = &app.portal;
    let org = f.organiser("org@mol.gov.tw").await.person;
    let code = another_school_code(&app);
    let mut entry_ids = Vec::new();
    let mut team_ids = Vec::new();
    let mut members = Vec::new();
    let mut all = Vec::new();
    for i in 0..12 {
        let email = format!("cap{i}@gmail.com");
        let captain = f
            .profiled(
                &email,
                &format!("隊長{i}"),
                PersonKind::Student,
                SCHOOL,
                DEPARTMENT,
            )
            .await;
        let team = f.team(&[track], &format!("隊{i}"), &captain);
        let entry = f.submitted_entry(&team, track, &format!("作品{i}")).await;
        entry_ids.push(entry.id);
        team_ids.push(team.id);
        members.push(captain.id());
        all.push(entry);
    }
    f.pass_all(&contest, &all);
    let mut judges = Vec::new();
    for (i, email) in [
        "j0@itri.org.tw",
        "j1@ee.ntu.edu.tw",
        "j2@gmail.com",
        "j3@nccu.edu.tw",
    ]
    .iter()
    .enumerate()
    {
        let j = f.account(email, &format!("評審{i}")).await;
        invite_judge(&app, &org, track.id, round, &j.email);
        judges.push(j.id());
    }
    f.default_rubric(track, round);
    service::judging::auto_assign(p, &org, track.id, round, "2").unwrap();
    let judges_now = std::cell::RefCell::new(judges.clone());

    let shown = |entry: i32| {
        let board = service::judging::panel_page(p, &org, track.id, round, None).unwrap();
        let fresh = RoundTally::count(&mut app.conn(), track.id, round).unwrap();
        assert_eq!(*board.tally, fresh, "the board");
        match service::judging::entry_judges(p, &org, track.id, round, entry) {
            Ok(one) => assert_eq!(*one.tally, fresh, "entry {entry}'s page"),
            Err(service::Error::NotFound) => {}
            Err(e) => panic!("entry {entry}'s page: {e:?}"),
        }
        // The home's counts over the contest are kept the same way.
        let mut conn = app.conn();
        let home = ContestCounts::current(p, &mut conn, contest.id).unwrap();
        let fresh = ContestCounts::count(&mut conn, contest.id).unwrap();
        assert_eq!(*home, fresh, "the home's counts");
        drop(conn);
        // Each judge's dashboard (its panel and conflicts kept) lists just
        // the entries the gate, reading everything afresh, lets them see.
        for &judge in judges_now.borrow().iter() {
            let who = service::Person {
                id: judge,
                roles: Vec::new(),
                ip: None,
            };
            let listed: Vec<i32> = service::judging::dashboard(p, &who)
                .unwrap()
                .iter()
                .map(|l| l.entry.id)
                .collect();
            let mut conn = app.conn();
            let seen: Vec<i32> = store::judges::of_judge(&mut conn, judge)
                .unwrap()
                .iter()
                .filter(|a| a.round == round)
                .map(|a| a.entry_id)
                .filter(|&e| {
                    service::gates::judging::judge_may_see(&mut conn, judge, e, round).is_ok()
                })
                .collect();
            assert_eq!(listed, seen, "judge {judge}'s dashboard");
        }
        board.tally
    };
    let a = shown(entry_ids[0]);
    let b = shown(entry_ids[1]);
    assert!(
        std::sync::Arc::ptr_eq(&a, &b),
        "nothing changed: read, not counted"
    );
    assert_eq!(a.judged, 12);

    let mut rng = StdRng::seed_from_u64(18);
    let mut kinds_seen = [0usize; 12];
    for step in 0..48 {
        let kind = step % 12;
        let entry = entry_ids[rng.gen_range(0..entry_ids.len())];
        let team = team_ids[rng.gen_range(0..team_ids.len())];
        let judge = judges[rng.gen_range(0..judges.len())];
        let member = members[rng.gen_range(0..members.len())];
        let mut conn = app.conn();
        let before = store::dashboard::generation(&mut conn).unwrap();
        match kind {
            // Assignments, through the use case (some steps may find
            // nothing to change; the counter is then left alone).
            0 => {
                let _ = service::judging::auto_assign(p, &org, track.id, round, "3");
            }
            // A score submitted, or one flipped between draft and submitted.
            1 => {
                let pairs = store::judges::assignments(&mut conn, &entry_ids, round).unwrap();
                let a = &pairs[rng.gen_range(0..pairs.len())];
                let found: Option<i32> = scores::table
                    .filter(scores::entry_id.eq(a.entry_id))
                    .filter(scores::user_id.eq(a.user_id))
                    .select(scores::id)
                    .first(&mut conn)
                    .optional()
                    .unwrap();
                match found {
                    None => submitted_score(&app, a.entry_id, a.user_id, 70.0),
                    Some(id) => flip(
                        &mut conn,
                        "scores",
                        "status",
                        ("submitted", "draft"),
                        "id",
                        id,
                    ),
                }
            }
            // The current decision flipped.
            2 => {
                let id: i32 = eligibility_decisions::table
                    .filter(eligibility_decisions::entry_id.eq(entry))
                    .filter(eligibility_decisions::is_current.eq(true))
                    .select(eligibility_decisions::id)
                    .first(&mut conn)
                    .unwrap();
                flip(
                    &mut conn,
                    "eligibility_decisions",
                    "outcome",
                    ("pass", "fail"),
                    "id",
                    id,
                );
            }
            // A team withdrawn or back.
            3 => {
                diesel::update(teams::table.find(team))
                    .set(teams::withdrawn.eq(diesel::dsl::not(teams::withdrawn)))
                    .execute(&mut conn)
                    .unwrap();
            }
            // An entry's status flipped.
            4 => flip(
                &mut conn,
                "entries",
                "status",
                ("submitted", "draft"),
                "id",
                entry,
            ),
            // A judge joins the panel, or one leaves it.
            5 => {
                let panel = store::judges::panel(&mut conn, track.id, round).unwrap();
                drop(conn);
                if panel.len() > 3 && rng.gen_bool(0.5) {
                    let gone = &panel[rng.gen_range(0..panel.len())];
                    service::judging::remove_judge(p, &org, track.id, round, gone.id).unwrap();
                } else {
                    let j = f.account(&format!("new{step}@nchu.edu.tw"), "新評審").await;
                    invite_judge(&app, &org, track.id, round, &j.email);
                    judges.push(j.id());
                    judges_now.borrow_mut().push(j.id());
                }
                conn = app.conn();
            }
            // A judge declares a conflict with a team.
            6 => {
                let now = Utc::now().naive_utc();
                store::judges::add_note(
                    &mut conn,
                    judge,
                    team,
                    NoteKind::Declared,
                    "說明",
                    org.id,
                    now,
                )
                .unwrap();
            }
            // A judge's address moves to a member's domain or away from it.
            7 => {
                let to = if rng.gen_bool(0.5) {
                    format!("judge{step}@csie.ntu.edu.tw")
                } else {
                    format!("judge{step}@gmail.com")
                };
                diesel::update(users::table.find(judge))
                    .set(users::email.eq(&to))
                    .execute(&mut conn)
                    .unwrap();
            }
            // A judge's account disabled or enabled again.
            8 => {
                diesel::update(users::table.find(judge))
                    .set(users::disabled.eq(diesel::dsl::not(users::disabled)))
                    .execute(&mut conn)
                    .unwrap();
            }
            // A member's or a judge's school code set or cleared.
            9 => {
                let who = if rng.gen_bool(0.5) { member } else { judge };
                let to = if rng.gen_bool(0.5) {
                    Some(code.clone())
                } else {
                    None
                };
                diesel::update(profiles::table.find(who))
                    .set(profiles::school_code.eq(to))
                    .execute(&mut conn)
                    .unwrap();
            }
            // A member's address moves into an institution's domain.
            10 => {
                diesel::update(users::table.find(member))
                    .set(users::email.eq(format!("m{step}@ee.ntu.edu.tw")))
                    .execute(&mut conn)
                    .unwrap();
            }
            // A judge's address verified again, or not yet.
            _ => {
                let verified: Option<chrono::NaiveDateTime> = users::table
                    .find(judge)
                    .select(users::email_verified_at)
                    .first(&mut conn)
                    .unwrap();
                let to = match verified {
                    Some(_) => None,
                    None => Some(Utc::now().naive_utc()),
                };
                diesel::update(users::table.find(judge))
                    .set(users::email_verified_at.eq(to))
                    .execute(&mut conn)
                    .unwrap();
            }
        }
        if store::dashboard::generation(&mut conn).unwrap() != before {
            kinds_seen[kind] += 1;
        }
        drop(conn);
        shown(entry);
    }
    // Every kind of change moved the counter at least once (else its
    // trigger is missing and the test above could not tell).
    for (kind, seen) in kinds_seen.iter().enumerate() {
        assert!(*seen > 0, "change {kind} never moved the counter");
    }
}
