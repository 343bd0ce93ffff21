//! A home for every role: each signed-in person sees their own work first
//! (a student's next step with its deadline, an advisor's entries awaiting
//! endorsement, a reviewer's queue per track, a judge's scored n of m, a
//! unit's requests, an organiser's desk), someone with several roles each
//! block; and the organiser's dashboard draws its charts with their tables.

mod common;

use common::fixture::*;
use common::*;
use contest_portal::domain::judging::Round;
use contest_portal::domain::role::Role;
use contest_portal::domain::timeline::Deadline;
use contest_portal::service::review::DecisionForm;
use contest_portal::store;
use contest_portal::templates::format_taipei;

async fn home_of(app: &TestApp, f: &Fixture<'_>, who: &Someone) -> String {
    let c = f.browser(who).await;
    let html = app.get_with(&c, "/").await.text().await.unwrap();
    // Their own work comes before the contest's hero.
    if let (Some(w), Some(h)) = (html.find("work-heading"), html.find("current-heading")) {
        assert!(w < h, "own work first");
    }
    html
}

#[actix_web::test]
async fn each_role_sees_its_own_work_first() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];

    // Students: profile → team → entry → submit, with the deadline.
    let newcomer = f.account("new@gmail.com", "新同學").await;
    let html = home_of(&app, &f, &newcomer).await;
    assert!(
        html.contains("填寫個人資料") && html.contains("href=\"/profile\""),
        "{html}"
    );
    assert!(!html.contains("主辦待辦"));
    let loner = f.student("loner@gmail.com").await;
    let html = home_of(&app, &f, &loner).await;
    assert!(html.contains("報名團隊或加入團隊"), "{html}");
    let captain = f.student("cap@gmail.com").await;
    let team = f.team(&[track], "首頁隊", &captain);
    let html = home_of(&app, &f, &captain).await;
    assert!(html.contains("開始撰寫作品"), "{html}");
    let entry = f.saved_entry(&team, track, "首頁作品").await;
    let html = home_of(&app, &f, &captain).await;
    assert!(
        html.contains("繳交作品") && html.contains(&entry.url()),
        "{html}"
    );
    let due = store::contests::find(&mut app.conn(), contest.id)
        .unwrap()
        .unwrap()
        .submission_deadline_at
        .unwrap();
    assert!(
        html.contains(&format!("期限：{}", format_taipei(&due))),
        "{html}"
    );

    // A team's own extension moves the deadline its step shows.
    f.extend_for_team(&team, Deadline::Submission, 400);
    let until = store::teams::extensions(&mut app.conn(), &[team.id]).unwrap()[0].until_at;
    let html = home_of(&app, &f, &captain).await;
    assert!(
        html.contains(&format!("期限：{}", format_taipei(&until))),
        "{html}"
    );

    // An advisor: the entry awaiting their endorsement.
    let advisor = f.faculty_at("prof@nccu.edu.tw", SCHOOL, DEPARTMENT).await;
    f.advise(&team, &advisor);
    let html = home_of(&app, &f, &advisor).await;
    assert!(
        html.contains("「首頁作品」（就業組）等待您的背書"),
        "{html}"
    );
    assert!(
        !html.contains("參賽下一步"),
        "an advisor is not told to join a team"
    );

    // A reviewer: the queue per track (one submitted, waiting).
    let other = f.student("other@gmail.com").await;
    let other_team = f.team(&[track], "另一隊", &other);
    let waiting = f.submitted_entry(&other_team, track, "等待審查").await;
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let html = home_of(&app, &f, &reviewer).await;
    assert!(html.contains("就業組：1 件等待審查"), "{html}");
    assert!(!html.contains("參賽下一步"));

    // Submitted: waiting for the review; then what the review decided.
    let html = home_of(&app, &f, &other).await;
    assert!(html.contains("作品已繳交，等待資格審查"), "{html}");
    let (reviser, failer) = (
        f.student("revise@gmail.com").await,
        f.student("fail@gmail.com").await,
    );
    let revised_team = f.team(&[track], "修改隊", &reviser);
    let revised = f.submitted_entry(&revised_team, track, "待修改").await;
    let failed_team = f.team(&[track], "未過隊", &failer);
    let failed = f.submitted_entry(&failed_team, track, "未通過").await;

    // A judge: scored 0 of 1.
    f.close_submissions(&contest);
    f.pass(&waiting);
    let html = home_of(&app, &f, &other).await;
    assert!(html.contains("已通過資格審查"), "{html}");
    f.decide(
        &revised,
        DecisionForm {
            outcome: "revision".into(),
            message: "請補充資料集".into(),
            fix_parts: vec!["datasets".into()],
            due: taipei(chrono::Utc::now().naive_utc() + chrono::Duration::hours(48)),
            ..DecisionForm::default()
        },
    );
    let due = store::eligibility::current(&mut app.conn(), revised.id)
        .unwrap()
        .unwrap()
        .revision_due_at
        .unwrap();
    let html = home_of(&app, &f, &reviser).await;
    assert!(
        html.contains("資格審查要求修改")
            && html.contains(&format!("期限：{}", format_taipei(&due))),
        "{html}"
    );
    f.fail(&failed, &["no-open-data"], "沒有使用開放資料");
    let html = home_of(&app, &f, &failer).await;
    assert!(html.contains("未通過資格審查"), "{html}");
    f.default_rubric(track, Round::Preliminary);
    let judge = f.judge(track, "judge@itri.org.tw", "評審").await;
    f.assign(track, Round::Preliminary, 1);
    let html = home_of(&app, &f, &judge).await;
    assert!(html.contains("就業組：已評 0 / 1 件"), "{html}");

    // A unit reviewer: one request waiting; the organiser: one to route.
    let unit = f.unit_reviewer("unit@mol.gov.tw", "mol-insurance").await;
    let routed = f.request(&other, "職災統計");
    f.route(routed, "mol-insurance");
    f.request(&other, "勞保費率");
    let html = home_of(&app, &f, &unit).await;
    assert!(html.contains("等待回覆：1 件"), "{html}");
    assert!(html.contains("已逾期：0 件"));
    let organiser = f.organiser("org@mol.gov.tw").await;
    let html = home_of(&app, &f, &organiser).await;
    assert!(html.contains("待分派的資料需求：1 件"), "{html}");
    assert!(html.contains("尚有未完成評分的評審：1 位"), "{html}");

    // Several roles: each block.
    let both = f.grant(&reviewer, Role::Judge, None);
    let html = home_of(&app, &f, &both).await;
    assert!(
        html.contains("資格審查待辦") && html.contains("評審進度"),
        "{html}"
    );

    // Signed out: no work, the public home.
    let html = app.get("/").await.text().await.unwrap();
    assert!(!html.contains("work-heading"));
}

#[actix_web::test]
async fn the_unit_queue_does_not_ask_units_to_import_a_calendar() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let unit = f.unit_reviewer("unit@mol.gov.tw", "mol-insurance").await;
    // No office calendar for the coming days: the queues say so.
    exec(&mut app.conn(), "DELETE FROM office_calendar");
    let c = f.browser(&unit).await;
    let html = app
        .get_with(&c, "/unit/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("您不需要做任何事"), "{html}");
    assert!(!html.contains("請匯入新年度的辦公日曆"), "{html}");
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let html = app
        .get_with(&org, "/organise/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("請匯入新年度的辦公日曆"),
        "organisers can: {html}"
    );
}

#[actix_web::test]
async fn the_dashboard_draws_accessible_charts_with_their_tables() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let a = f.student("a@gmail.com").await;
    let b = f
        .student_at("b@ntu.edu.tw", "國立臺灣大學", "經濟學系")
        .await;
    let team = f.team(&[track], "甲隊", &a);
    f.join(&team, &b);
    let c = f.student("c@gmail.com").await;
    let other = f.team(&[track], "乙隊", &c);
    let entry = f.submitted_entry(&team, track, "作品甲").await;
    f.saved_entry(&other, track, "作品乙").await;
    f.close_submissions(&contest);
    f.pass(&entry);
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let page = format!("/organise/contests/{}/dashboard", contest.id);
    let html = app.get_with(&org, &page).await.text().await.unwrap();
    for id in ["funnel", "registrations", "mix"] {
        let svg = html
            .split(&format!("aria-labelledby=\"{id}-title {id}-desc\""))
            .nth(1)
            .unwrap_or_else(|| panic!("chart {id}: {html}"));
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(svg.contains("viewBox=") && svg.contains("<desc"), "{id}");
        assert!(svg.contains("<text"), "{id} has text labels");
    }
    assert!(html.contains("role=\"img\""));
    // The funnel: 2 teams → 1 submitted → 1 eligible → 0 → 0, in the table too.
    assert!(
        html.contains("<th scope=\"row\">報名團隊</th><td>2 (100%)</td>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"row\">已繳交作品</th><td>1 (50%)</td>"));
    assert!(html.contains("<th scope=\"row\">資格審查通過</th><td>1 (50%)</td>"));
    assert!(html.contains("<th scope=\"row\">得獎作品</th><td>0 (0%)</td>"));
    // Cross-school: one team of two.
    assert!(
        html.contains("<th scope=\"row\">跨校團隊</th><td>1 / 2 (50%)</td>"),
        "{html}"
    );
    // Registrations: a running total line over the days.
    assert!(html.contains("<td>2 / 2</td>"), "{html}");
    // Students may not see it.
    let student = f.browser(&a).await;
    assert_eq!(
        app.get_with(&student, &page).await.status(),
        reqwest::StatusCode::FORBIDDEN
    );
}
