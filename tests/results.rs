//! Results reach the teams: publishing needs judging to have opened and a
//! confirmation, tells every team of the track once (winners their award and
//! prize, everyone the judges' mean per criterion and the comments shared
//! with them, never a judge's name), and the public pages, the home page and
//! the winning team's entry page then say so. Public pages show a track's
//! extended deadlines, formatted.

mod common;

use chrono::{Duration, Utc};
use common::fixture::*;
use common::*;
use contest_portal::domain::judging::{Round, ScoreStatus};
use contest_portal::domain::profile::PersonKind;
use contest_portal::domain::timeline::Deadline;
use contest_portal::service::{self, Error};
use contest_portal::store;
use reqwest::StatusCode;

/// The judge whose name no team may ever read.
const JUDGE_NAME: &str = "評審王大明";
const SHARED: &str = "資料運用很有創意，建議補上使用者測試。";
const PRIVATE: &str = "這隊的簡報有點亂，只給主辦看。";
const NOTE_SHARED: &str = "點子新穎，值得推廣";
const NOTE_PRIVATE: &str = "完成度不足，只給主辦看";

fn now() -> chrono::NaiveDateTime {
    Utc::now().naive_utc()
}

/// A submitted preliminary sheet; `notes`: comments per criterion as stored.
#[allow(clippy::too_many_arguments)]
fn score(
    app: &TestApp,
    entry: i32,
    judge: i32,
    c3: &str,
    c4: &str,
    comment: &str,
    shared: bool,
    notes: &str,
) {
    let criteria = format!(r#"{{"3":"{c3}","4":"{c4}"}}"#);
    let r = store::scores::save(
        &mut app.conn(),
        entry,
        judge,
        Round::Preliminary,
        0,
        &store::scores::ScoreInput {
            status: ScoreStatus::Submitted,
            criteria: &criteria,
            depth: r#"{"6262":"3"}"#,
            comment,
            notes,
            comment_shared: shared,
            total: Some(c3.parse::<f64>().unwrap() * 10.0),
        },
        now(),
    )
    .unwrap();
    assert_eq!(r, store::scores::SaveOutcome::Saved);
}

async fn publish_confirmed(app: &TestApp, org: &reqwest::Client, path: &str) -> reqwest::Response {
    app.post_with(org, path, &[("action", "publish"), ("confirm", "yes")])
        .await
}

fn results_mail(app: &TestApp, email: &str) -> Vec<String> {
    app.outbox_for(email)
        .into_iter()
        .filter(|m| m.kind == "results")
        .map(|m| m.body_text)
        .collect()
}

struct Published {
    contest: Contest,
    track: Track,
    captains: Vec<Someone>,
    teams: Vec<Team>,
    entries: Vec<Entry>,
    loner: Someone,
    org: reqwest::Client,
}

/// Three teams with passed entries (the first scored best) and a fourth
/// with none, two judges' scores, awards saved (first prize to team 0, a
/// merit to team 1); not yet published, judging not yet open.
async fn awarded(app: &TestApp) -> Published {
    let f = Fixture::new(app);
    let mut t = track("就業組");
    t.counted_publishers = "勞動部勞工保險局".into();
    t.prizes = "第一名, 1, 60000, First prize\n佳作, 1, 10000, Honourable mention".into();
    let contest = f.contest(2026, &[t]);
    let track = contest.tracks[0];
    let mut captains = Vec::new();
    let mut teams = Vec::new();
    let mut entries = Vec::new();
    for i in 0..3 {
        let c = f
            .profiled(
                &format!("cap{i}@gmail.com"),
                &format!("隊長{i}"),
                PersonKind::Student,
                SCHOOL,
                DEPARTMENT,
            )
            .await;
        let team = f.team(&[track], &format!("結果隊{i}"), &c);
        entries.push(f.submitted_entry(&team, track, &format!("作品{i}")).await);
        captains.push(c);
        teams.push(team);
    }
    let loner = f.student("loner@gmail.com").await;
    f.team(&[track], "沒作品隊", &loner);
    f.pass_all(&contest, &entries);
    f.default_rubric(track, Round::Preliminary);
    let j1 = f.judge(track, "judge1@itri.org.tw", JUDGE_NAME).await;
    let j2 = f.judge(track, "judge2@itri.org.tw", "評審二").await;
    let notes = format!(r#"{{"3":["{NOTE_SHARED}",true],"4":["{NOTE_PRIVATE}",false]}}"#);
    score(app, entries[0].id, j1.id(), "8", "6", SHARED, true, &notes);
    score(app, entries[0].id, j2.id(), "6", "4", "", false, "{}");
    score(app, entries[1].id, j1.id(), "5", "5", PRIVATE, false, "{}");
    score(app, entries[2].id, j1.id(), "3", "3", "", false, "{}");
    let prizes = store::contests::prizes_of(&mut app.conn(), &[track.id]).unwrap();
    service::judging::save_awards(
        &app.portal,
        &f.admin,
        track.id,
        &[
            (entries[0].id, prizes[0].id.to_string()),
            (entries[1].id, prizes[1].id.to_string()),
        ],
    )
    .unwrap();
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    Published {
        contest,
        track,
        captains,
        teams,
        entries,
        loner,
        org,
    }
}

#[actix_web::test]
async fn publishing_tells_every_team_of_the_track_once_without_judge_names() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let s = awarded(&app).await;
    let track_id = s.track.id;
    let awards = format!("/organise/tracks/{track_id}/awards");
    let publish = format!("/organise/tracks/{track_id}/results/publish");

    // Before judging opened: refused with the reason, nothing sent.
    let admin = Fixture::new(&app).admin;
    let r = service::judging::publish_results(&app.portal, &admin, track_id, true, true);
    assert!(
        matches!(r, Err(Error::Refused("error-publish-before-judging"))),
        "{r:?}"
    );
    let html = app.get_with(&s.org, &awards).await.text().await.unwrap();
    assert!(html.contains("評審尚未開始"), "the page says why");
    let resp = publish_confirmed(&app, &s.org, &publish).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(results_mail(&app, &s.captains[0].email).is_empty());

    // Judging open, the results date ahead: a warning; unconfirmed: refused.
    let later = taipei(now() + Duration::days(5));
    Fixture::new(&app).open_judging(&s.contest, &later);
    let html = app.get_with(&s.org, &awards).await.text().await.unwrap();
    assert!(
        html.contains("結果公布日是") && html.contains(&later.replace('T', " ")),
        "{html}"
    );
    let resp = app
        .post_with(&s.org, &publish, &[("action", "publish")])
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("請先勾選"));
    assert!(store::awards::published_at(&mut app.conn(), track_id)
        .unwrap()
        .is_none());

    // Two clicks at once, on two replicas: published, each member told once.
    let token = app.csrf_for(&s.org).await;
    let form = [
        ("action", "publish"),
        ("confirm", "yes"),
        ("csrf_token", token.as_str()),
    ];
    let (a, b) = futures_util::future::join(
        s.org.post(app.url(&publish)).form(&form).send(),
        s.org.post(format!("{replica}{publish}")).form(&form).send(),
    )
    .await;
    let statuses = [a.unwrap().status(), b.unwrap().status()];
    assert!(statuses.contains(&StatusCode::SEE_OTHER), "{statuses:?}");
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT));
    // Withdrawn and published again: still told once.
    app.post_with(&s.org, &publish, &[("action", "withdraw")])
        .await;
    let resp = publish_confirmed(&app, &s.org, &publish).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);

    let mails: Vec<Vec<String>> = s
        .captains
        .iter()
        .map(|c| results_mail(&app, &c.email))
        .collect();
    for (i, m) in mails.iter().enumerate() {
        assert_eq!(m.len(), 1, "captain {i} told once: {m:?}");
        assert!(
            !m[0].contains(JUDGE_NAME) && !m[0].contains("評審二"),
            "{}",
            m[0]
        );
        assert!(!m[0].contains(PRIVATE), "only shared comments: {}", m[0]);
        assert!(!m[0].contains(NOTE_PRIVATE), "only shared notes: {}", m[0]);
    }
    let winner = &mails[0][0];
    assert!(
        winner.contains("第一名") && winner.contains("60,000"),
        "{winner}"
    );
    assert!(
        winner.contains("創意與價值：平均 7.0 分"),
        "mean per criterion: {winner}"
    );
    assert!(winner.contains("可行性與完成度：平均 5.0 分"), "{winner}");
    assert!(winner.contains(SHARED), "{winner}");
    assert!(
        winner.contains(NOTE_SHARED),
        "the shared note on a criterion: {winner}"
    );
    assert!(mails[1][0].contains("佳作") && mails[1][0].contains("10,000"));
    assert!(mails[2][0].contains("這次未獲獎") && !mails[2][0].contains("第一名"));
    let loner = results_mail(&app, &s.loner.email);
    assert_eq!(loner.len(), 1);
    assert!(loner[0].contains("沒有在本組別繳交作品"));
    // In the portal too, once.
    let told = store::notifications::list(
        &mut app.conn(),
        s.captains[0].id(),
        store::PageRequest::new(None, 50),
    )
    .unwrap()
    .items
    .into_iter()
    .filter(|n| n.kind == "results")
    .count();
    assert_eq!(told, 1);

    // The winning team's entry page shows its result, not "to judging".
    let cap0 = Fixture::new(&app).browser(&s.captains[0]).await;
    let page = app
        .get_with(&cap0, &s.entries[0].url())
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("恭喜！本作品獲得第一名"), "{page}");
    assert!(!page.contains("您的作品將進入評審"));
    // The team's history records it.
    let team_page = app
        .get_with(&cap0, &format!("/teams/{}", s.teams[0].id))
        .await;
    assert_eq!(team_page.status(), StatusCode::OK);
    assert!(team_page.text().await.unwrap().contains("收到競賽結果通知"));
    // The captain's home says the result is out, and leads to the entry.
    let home = app.get_with(&cap0, "/").await.text().await.unwrap();
    assert!(
        home.contains("結果已公布：查看作品的結果") && home.contains(&s.entries[0].url()),
        "{home}"
    );
    assert!(!home.contains("等待資格審查"), "{home}");
    // Home and contest pages: the results phase and a link to the winners.
    let winners = format!("/contests/2026/tracks/{track_id}#winners-heading");
    for path in ["/", "/contests/2026"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("已公布結果"), "{path}: {html}");
        assert!(
            !html.contains("距離"),
            "{path}: no countdown once all results are out"
        );
        assert!(html.contains(&winners), "{path} links to the winners");
    }
    // The prize in English on the English pages.
    let en = client();
    en.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    let html = app
        .get_with(&en, &format!("/contests/2026/tracks/{track_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("First prize · 作品0"), "{html}");
}

#[actix_web::test]
async fn only_organisers_publish_and_a_judge_shares_a_comment_from_the_form() {
    let app = spawn_app().await;
    let s = awarded(&app).await;
    let f = Fixture::new(&app);
    let cap = f.browser(&s.captains[0]).await;
    let resp = app
        .post_with(
            &cap,
            &format!("/organise/tracks/{}/results/publish", s.track.id),
            &[("action", "publish"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    // A judge's sheet keeps the "share with the team" choice.
    let judge = f.judge(s.track, "judge3@itri.org.tw", "評審三").await;
    f.assign_one(s.track, Round::Preliminary, s.entries[2].id, &judge);
    let jc = f.browser(&judge).await;
    let page = format!("/judge/entries/{}", s.entries[2].id);
    let html = app.get_with(&jc, &page).await.text().await.unwrap();
    assert!(html.contains("name=\"comment_shared\""), "{html}");
    let resp = app
        .post_with(
            &jc,
            &format!("{page}/score"),
            &[
                ("c3", "7"),
                ("comment", "可以分享的評語"),
                ("comment_shared", "yes"),
                ("note3", "創意部分的評語"),
                ("share3", "yes"),
                ("version", "0"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(
        resp.status(),
        StatusCode::SEE_OTHER,
        "{}",
        resp.text().await.unwrap()
    );
    let row = store::scores::find(
        &mut app.conn(),
        s.entries[2].id,
        judge.id(),
        Round::Preliminary,
    )
    .unwrap()
    .unwrap();
    assert!(row.comment_shared && row.comment == "可以分享的評語");
    assert_eq!(
        row.sheet().notes.get("3"),
        Some(&("創意部分的評語".to_string(), true))
    );
}

#[actix_web::test]
async fn public_pages_show_a_tracks_extended_deadline_formatted() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組"), track("安全組")]);
    let extended = contest.tracks[0];
    f.extend_for_track(extended, Deadline::Registration, 15);
    let until = store::contests::find_track(&mut app.conn(), extended.id)
        .unwrap()
        .unwrap()
        .registration_closes_at
        .unwrap();
    let shown = contest_portal::templates::format_taipei(&until);
    let raw = contest_portal::domain::timeline::taipei_input_value(&until);
    let track_page = format!("/contests/2026/tracks/{}", extended.id);
    let html = app.get(&track_page).await.text().await.unwrap();
    assert!(
        html.contains(&format!("本組別報名延長至 {shown}")),
        "{html}"
    );
    assert!(!html.contains(&raw), "never the raw form value");
    // The countdown and the timeline count to the extended date.
    let timeline = html.split("timeline-heading").last().unwrap();
    assert!(timeline.contains(&shown), "{timeline}");
    let other = app
        .get(&format!("/contests/2026/tracks/{}", contest.tracks[1].id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !other.contains(&shown),
        "another track keeps the contest's date"
    );
    for path in ["/contests/2026", "/"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains(&shown), "{path}: {html}");
        assert!(!html.contains(&raw));
    }
    // The organiser's track form states it formatted as well.
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let html = app
        .get_with(&org, &format!("/organise/tracks/{}", extended.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("<dd>{shown}</dd>")), "{html}");
}
