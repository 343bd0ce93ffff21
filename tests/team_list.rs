//! The organisers' team list at a size where paging matters: filtered,
//! counted and paged in the database, the rules' flags right across page
//! boundaries, and the export streamed a part at a time.

mod common;

use chrono::Utc;
use common::fixture::{track, Fixture};
use common::*;
use contest_portal::domain::profile::{PersonKind, Profile};
use contest_portal::domain::team::MemberRole;
use contest_portal::service::{self, teams::TeamFilter};
use contest_portal::store;
use reqwest::StatusCode;

/// Teams made straight in the database (the sign-up of a thousand students
/// would take minutes): team `i` is named `隊{i:04}` with a captain at
/// 學校甲; every odd team also has a student at 學校乙 (cross-school, which
/// the track's rules forbid); team 3 has withdrawn.
fn teams(app: &TestApp, contest_id: i32, track_id: i32, n: usize) -> Vec<i32> {
    let mut conn = app.conn();
    let now = Utc::now().naive_utc();
    let student = |conn: &mut _, email: &str, school: &str| {
        let u = store::users::create(
            conn,
            &store::users::NewUser {
                email,
                display_name: email,
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
        let profile = Profile {
            real_name: format!("Real {email}"),
            kind: PersonKind::Student,
            school_code: None,
            school_name: school.into(),
            department: "資訊管理學系".into(),
            student_id: "110001234".into(),
            year_of_study: Some(3),
            phone: String::new(),
        };
        store::profiles::save(conn, u.id, &profile, now).unwrap();
        u.id
    };
    let mut ids = Vec::new();
    for i in 0..n {
        let captain = student(&mut conn, &format!("cap{i}@list.example"), "學校甲");
        let team = store::teams::create(
            &mut conn,
            contest_id,
            &format!("隊{i:04}"),
            captain,
            &[track_id],
            (&format!("m{i}"), &format!("a{i}")),
            now,
        )
        .unwrap();
        if i % 2 == 1 {
            let mate = student(&mut conn, &format!("mate{i}@list.example"), "學校乙");
            store::teams::add_member(&mut conn, &team, mate, MemberRole::Student, now).unwrap();
        }
        if i == 3 {
            store::teams::withdraw(&mut conn, team.id).unwrap();
        }
        ids.push(team.id);
    }
    // Made straight in the store: their list flags, as a use case would.
    service::teams::flags::refresh(&mut conn, &ids).unwrap();
    ids
}

fn filter(q: &[(&str, &str)]) -> TeamFilter {
    let mut f = TeamFilter::default();
    for (k, v) in q {
        let v = v.to_string();
        match *k {
            "q" => f.q = v,
            "school" => f.school = v,
            "cross_school" => f.cross_school = v,
            "rules" => f.rules = v,
            "withdrawn" => f.withdrawn = v,
            "track" => f.track = v,
            "page" => f.page = v.parse().ok(),
            other => panic!("no filter {other}"),
        }
    }
    f
}

#[actix_web::test]
async fn pages_counts_and_flags_are_right_on_every_page() {
    let app = spawn_app().await;
    let fx = Fixture::new(&app);
    let mut spec = track("單校組");
    spec.cross_school_allowed = false;
    let c = fx.contest(2031, &[spec]);
    let ids = teams(&app, c.id, c.tracks[0].id, 80);
    let list = |q: &[(&str, &str)]| {
        service::teams::organiser_list(&app.portal, &fx.admin, c.id, filter(q)).unwrap()
    };
    let names = |l: &service::teams::TeamList| -> Vec<String> {
        l.page.items.iter().map(|r| r.team.name.clone()).collect()
    };
    let active: Vec<usize> = (0..80).filter(|i| *i != 3).collect();
    let named = |is: &[usize]| -> Vec<String> { is.iter().map(|i| format!("隊{i:04}")).collect() };

    // No filter: 79 teams not withdrawn, in registration order, 25 a page.
    let first = list(&[]);
    assert_eq!((first.page.total, first.head.total_teams), (79, 79));
    assert_eq!(names(&first), named(&active[..25]));
    assert_eq!(names(&list(&[("page", "2")])), named(&active[25..50]));
    let last = list(&[("page", "4")]);
    assert_eq!(names(&last), named(&active[75..]));
    assert!(list(&[("page", "9")]).page.items.is_empty());
    // Members come with their team, and only theirs.
    let t1 = &first.page.items[1];
    assert_eq!(t1.team.id, ids[1]);
    assert_eq!(t1.members.len(), 2);
    assert!(t1.members.iter().all(|m| m.team_id == ids[1]));

    // A flag the members decide, across page boundaries: 40 odd teams are
    // cross-school and so break the single-school rule.
    let odd: Vec<usize> = (0..80).filter(|i| i % 2 == 1 && *i != 3).collect();
    let even: Vec<usize> = (0..80).filter(|i| i % 2 == 0).collect();
    let cross = list(&[("cross_school", "yes")]);
    assert_eq!(cross.page.total, odd.len() as i64);
    assert_eq!(names(&cross), named(&odd[..25]));
    let cross2 = list(&[("cross_school", "yes"), ("page", "2")]);
    assert_eq!(names(&cross2), named(&odd[25..]));
    assert!(cross2
        .page
        .items
        .iter()
        .all(|r| r.cross_school && !r.rules_met));
    let broken = list(&[("rules", "no"), ("page", "2")]);
    assert_eq!((broken.page.total, names(&broken)), (39, named(&odd[25..])));
    let met = list(&[("rules", "yes"), ("page", "2")]);
    assert_eq!((met.page.total, names(&met)), (40, named(&even[25..])));
    assert!(met
        .page
        .items
        .iter()
        .all(|r| r.rules_met && !r.cross_school));
    // Withdrawn teams on request, the flags still applied (a withdrawn
    // team's students are former students, so team 3 is no longer
    // cross-school).
    let all_cross = list(&[("cross_school", "yes"), ("withdrawn", "yes")]);
    assert_eq!(all_cross.page.total, 39);
    let withdrawn = list(&[("withdrawn", "yes")]);
    assert_eq!(withdrawn.page.total, 80);
    assert_eq!(names(&withdrawn)[3], "隊0003");
    assert_eq!(all_cross.head.total_teams, 79);

    // Words in names, addresses and schools, without regard to case and spaces.
    let one = list(&[("q", "隊 0042")]);
    assert_eq!(names(&one), vec!["隊0042".to_string()]);
    let by_mail = list(&[("q", "MATE41@LIST")]);
    assert_eq!(names(&by_mail), vec!["隊0041".to_string()]);
    let by_school = list(&[("school", "學校 乙"), ("page", "2")]);
    assert_eq!(
        (by_school.page.total, names(&by_school)),
        (39, named(&odd[25..]))
    );
    let narrowed = list(&[("school", "學校乙"), ("q", "隊007"), ("rules", "no")]);
    assert_eq!(names(&narrowed), named(&[71, 73, 75, 77, 79]));
    // Wildcards are letters like any other.
    assert_eq!(list(&[("q", "%")]).page.total, 0);
    assert_eq!(list(&[("q", "隊_0")]).page.total, 0);
    assert_eq!(list(&[("track", "999999")]).page.total, 0);
    assert_eq!(
        list(&[("track", &c.tracks[0].id.to_string())]).page.total,
        79
    );

    // The page links keep the filter.
    let org = fx.organiser("listorg@mol.gov.tw").await;
    let browser = fx.browser(&org).await;
    let html = app
        .get_with(
            &browser,
            &format!("/organise/contests/{}/teams?cross_school=yes&page=2", c.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("隊0079") && !html.contains("隊0049<"));
    let prev = html
        .split(r#"" rel="prev""#)
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .unwrap();
    assert!(
        prev.contains("cross_school") && prev.contains("yes") && prev.contains("page"),
        "{prev}"
    );
}

#[actix_web::test]
async fn the_export_streams_every_team_the_filter_lets_through() {
    let app = spawn_app().await;
    let fx = Fixture::new(&app);
    let c = fx.contest(2032, &[track("匯出組")]);
    // More teams than the export reads at a time (500), so parts join.
    let ids = teams(&app, c.id, c.tracks[0].id, 1_050);
    let org = fx.organiser("csvorg@mol.gov.tw").await;
    let browser = fx.browser(&org).await;
    let cid = c.id;
    let csv = |q: &'static str| {
        let (app, browser) = (&app, &browser);
        async move {
            let r = app
                .get_with(browser, &format!("/organise/contests/{cid}/teams.csv{q}"))
                .await;
            assert_eq!(r.status(), StatusCode::OK);
            let bytes = r.bytes().await.unwrap();
            assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
            String::from_utf8(bytes[3..].to_vec()).unwrap()
        }
    };
    let ids_in = |text: &str| -> Vec<i32> {
        text.split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| l.split(',').next().unwrap().parse().unwrap())
            .collect()
    };
    let all = csv("").await;
    assert!(
        all.lines().next().unwrap().contains("隊名"),
        "the heading first"
    );
    let want: Vec<i32> = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(ids_in(&all), want, "every active team once, in order");
    assert_eq!(all.matches("\r\n").count(), want.len() + 1);
    let cross = csv("?cross_school=yes&withdrawn=yes").await;
    let odd: Vec<i32> = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1 && *i != 3)
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(
        ids_in(&cross),
        odd,
        "team 3 withdrew: its students are former students"
    );
    assert!(cross.contains("mate1049@list.example"));
}
