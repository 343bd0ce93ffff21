//! The organisers' contest dashboard, on the demo contest.

mod common;

use common::contest::*;
use common::*;
use contest_portal::store;
use reqwest::StatusCode;

/// An app with the demo contest (three teams: see demo.rs), and that contest.
async fn demo() -> (TestApp, store::contests::Contest) {
    let app = spawn_app().await;
    assert!(contest_portal::demo::seed(&app.portal, chrono::Utc::now().naive_utc()).unwrap());
    let contest = store::contests::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|c| c.year == contest_portal::demo::DEMO_YEAR)
        .unwrap();
    (app, contest)
}

#[actix_web::test]
async fn the_dashboard_counts_the_demo_contest_and_exports_each_table() {
    let (app, contest) = demo().await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let page = format!("/organise/contests/{}/dashboard", contest.id);
    let html = app.get_with(&org, &page).await.text().await.unwrap();
    // Three teams, one cross-school and one cross-department (see demo.rs).
    assert!(html.contains("<dt>報名團隊</dt><dd>3</dd>"), "{html}");
    assert!(
        html.contains("<dt>跨校團隊</dt><dd>1（33%）</dd>"),
        "{html}"
    );
    assert!(html.contains("國立臺灣大學") && html.contains("<svg"));
    assert!(html.contains("資料需求（全部）") && html.contains("業務單位評估中"));
    let csv = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/dashboard/schools.csv", contest.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with('\u{feff}') && csv.contains("學校,報名團隊"),
        "{csv}"
    );
    assert!(csv.contains("國立臺灣大學"));
    // The demo's two data requests: one waiting to be routed, one with a unit.
    let csv = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/dashboard/requests.csv", contest.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("待分派,1") && csv.contains("業務單位評估中,1") && csv.contains("已撤回,0"),
        "{csv}"
    );
    assert_eq!(
        app.get_with(
            &org,
            &format!("/organise/contests/{}/dashboard/nope.csv", contest.id)
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    // Every table in one Excel workbook.
    let resp = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/dashboard.xlsx", contest.id),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = resp.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"PK") && bytes.len() > 2000,
        "an xlsx (zip) file"
    );
    let student = app.verified_user("s@ntu.edu.tw", "學生").await;
    assert_eq!(
        app.get_with(&student, &page).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_with(&org, "/organise/contests/999999/dashboard")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// The dashboard's use cases without HTTP: organisers only, an unknown
/// contest or table is not found, and the workbook is an xlsx file.
#[actix_web::test]
async fn the_dashboard_is_the_organisers_and_knows_its_tables() {
    use contest_portal::i18n::Lang;
    use contest_portal::service::{self, Error};
    let (app, contest) = demo().await;
    organiser(&app, "dash@mol.gov.tw").await;
    app.verified_user("s@ntu.edu.tw", "學生").await;
    let org = person_of(&app, "dash@mol.gov.tw");
    let student = person_of(&app, "s@ntu.edu.tw");
    assert!(matches!(
        service::dashboard::dashboard(&app.portal, &student, contest.id, Lang::ZhTw),
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        service::dashboard::dashboard(&app.portal, &org, 999_999, Lang::ZhTw),
        Err(Error::NotFound)
    ));
    assert!(matches!(
        service::dashboard::table(&app.portal, &org, contest.id, "nope", Lang::En),
        Err(Error::NotFound)
    ));
    let d = service::dashboard::dashboard(&app.portal, &org, contest.id, Lang::En).unwrap();
    assert_eq!((d.teams, d.cross_school), (3, 1));
    assert_eq!(d.per_day.iter().map(|(_, n)| n).sum::<usize>(), 3);
    let rows =
        service::dashboard::table(&app.portal, &org, contest.id, "schools", Lang::En).unwrap();
    assert_eq!(rows[0], vec!["School", "Teams registered"], "{rows:?}");
    let book = service::dashboard::workbook(&app.portal, &org, contest.id, Lang::En)
        .await
        .unwrap();
    assert!(book.starts_with(b"PK"));
}

/// The grouped SQL counts what the per-team rule counts
/// (`domain::dashboard::TeamSchools` over every student of every team still
/// in the contest), after a team crosses schools and departments anew and
/// another withdraws.
#[actix_web::test]
async fn the_grouped_counts_agree_with_the_per_team_rule() {
    use contest_portal::domain::dashboard::{ranked, TeamSchools};
    use contest_portal::i18n::Lang;
    use contest_portal::service;
    use std::collections::{HashMap, HashSet};
    let (app, contest) = demo().await;
    organiser(&app, "dash@mol.gov.tw").await;
    let org = person_of(&app, "dash@mol.gov.tw");
    let check = || {
        let mut conn = app.conn();
        let teams: Vec<_> = store::teams::of_contest(&mut conn, contest.id)
            .unwrap()
            .into_iter()
            .filter(|t| !t.withdrawn)
            .collect();
        let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
        let members = store::teams::members(&mut conn, &ids).unwrap();
        let (mut cross_school, mut cross_department) = (0, 0);
        let mut by_school: HashMap<String, HashSet<i32>> = HashMap::new();
        for t in &teams {
            let s = TeamSchools::of(
                members
                    .iter()
                    .filter(|m| m.team_id == t.id && m.role == store::teams::STUDENT)
                    .map(|m| (m.school_name.as_deref(), m.department.as_deref())),
            );
            cross_school += usize::from(s.cross_school());
            cross_department += usize::from(s.cross_department());
            for school in s.schools {
                by_school.entry(school).or_default().insert(t.id);
            }
        }
        let d = service::dashboard::dashboard(&app.portal, &org, contest.id, Lang::En).unwrap();
        assert_eq!(
            (d.teams, d.cross_school, d.cross_department),
            (teams.len(), cross_school, cross_department)
        );
        let schools =
            service::dashboard::table(&app.portal, &org, contest.id, "schools", Lang::En).unwrap();
        let expected: Vec<Vec<String>> = ranked(by_school)
            .into_iter()
            .take(20)
            .map(|(s, n)| vec![s, n.to_string()])
            .collect();
        assert_eq!(schools[1..].to_vec(), expected);
        teams
    };
    let teams = check();
    assert!(teams.len() >= 2);
    // One team's students now at two schools and three departments; another withdrawn.
    {
        use contest_portal::db::schema::{profiles, teams as teams_table};
        use diesel::prelude::*;
        let mut conn = app.conn();
        let students: Vec<i32> = store::teams::members(&mut conn, &[teams[0].id])
            .unwrap()
            .into_iter()
            .filter(|m| m.role == store::teams::STUDENT)
            .map(|m| m.user_id)
            .collect();
        for (i, user) in students.iter().enumerate() {
            diesel::update(profiles::table.filter(profiles::user_id.eq(user)))
                .set((
                    profiles::school_name.eq(if i == 0 {
                        "國立政治大學"
                    } else {
                        "國立臺灣大學"
                    }),
                    profiles::department.eq(format!("系{i}")),
                ))
                .execute(&mut *conn)
                .unwrap();
        }
        diesel::update(teams_table::table.filter(teams_table::id.eq(teams[1].id)))
            .set(teams_table::withdrawn.eq(true))
            .execute(&mut *conn)
            .unwrap();
    }
    let after = check();
    assert_eq!(after.len(), teams.len() - 1);
}
