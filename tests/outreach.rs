//! Outreach (issue 16, part 2): campaign links, visits counted once per
//! browser, a sign-up through a link followed through the campaign's funnel
//! up to eligibility, the flagged departments, the downloads, and who may
//! see any of it.

mod common;

use common::fixture::{track, Fixture};
use common::*;
use contest_portal::domain::profile::{PersonKind, ProfileInput};
use contest_portal::service;
use contest_portal::store;
use reqwest::StatusCode;

fn outreach_path(contest_id: i32) -> String {
    format!("/organise/contests/{contest_id}/outreach")
}

/// Makes a campaign through the page as `org`; its link's path (/c/…).
async fn campaign(
    app: &TestApp,
    org: &reqwest::Client,
    contest_id: i32,
    fields: &[(&str, &str)],
) -> String {
    let r = app.post_with(org, &outreach_path(contest_id), fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "campaign made");
    let name = fields.iter().find(|(k, _)| *k == "name").map(|f| f.1);
    let c = store::outreach::of_contest(&mut app.conn(), contest_id)
        .unwrap()
        .into_iter()
        .map(|(c, _)| c)
        .find(|c| Some(c.name.as_str()) == name)
        .expect("the campaign is stored");
    format!("/c/{}", c.code)
}

fn funnel(app: &TestApp, contest_id: i32, link: &str) -> store::outreach::Funnel {
    let code = link.trim_start_matches("/c/");
    let c = store::outreach::by_code(&mut app.conn(), code)
        .unwrap()
        .unwrap();
    let far = chrono::Utc::now().naive_utc() + chrono::Duration::days(1);
    let (funnels, _) = store::outreach::funnels(&mut app.conn(), contest_id, far).unwrap();
    funnels.get(&c.id).copied().unwrap_or_default()
}

#[actix_web::test]
async fn a_sign_up_through_a_campaign_link_is_followed_up_to_eligibility() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let organiser = f.organiser("org@mol.gov.tw").await;
    let org = f.browser(&organiser).await;
    let link = campaign(
        &app,
        &org,
        contest.id,
        &[
            ("name", "勞工關係學系海報"),
            ("department", "勞工關係學系"),
            ("channel", "poster"),
        ],
    )
    .await;
    let other = campaign(
        &app,
        &org,
        contest.id,
        &[("name", "臉書"), ("channel", "facebook")],
    )
    .await;
    assert!(app.audit_actions().iter().any(|a| a == "campaign.create"));

    // A browser follows the link twice: one visit, and on to the contest.
    let b = client();
    let r = app.get_with(&b, &link).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/contests/2026");
    assert_eq!(
        app.get_with(&b, &link).await.status(),
        StatusCode::SEE_OTHER
    );
    // A later campaign does not replace the first (first touch wins), but
    // its visit counts.
    app.get_with(&b, &other).await;
    assert_eq!(funnel(&app, contest.id, &link).visits, 1);
    assert_eq!(funnel(&app, contest.id, &other).visits, 1);
    // Another browser is another visit.
    app.get_with(&client(), &link).await;
    assert_eq!(funnel(&app, contest.id, &link).visits, 2);

    // A bad or unknown code goes home and counts nothing.
    for bad in ["/c/nope", "/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        let r = app.get_with(&client(), bad).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{bad}");
        assert_eq!(location(&r), "/", "{bad}");
    }

    // The browser signs up: the account records the first campaign.
    let email = "lr@nccu.edu.tw";
    assert_eq!(
        app.sign_up(&b, email, "勞關生").await.status(),
        StatusCode::OK
    );
    let id = app.user_id(email);
    let first = store::outreach::by_code(&mut app.conn(), link.trim_start_matches("/c/"))
        .unwrap()
        .unwrap();
    assert_eq!(
        store::outreach::campaign_of(&mut app.conn(), id).unwrap(),
        Some(first.id)
    );
    let token = app.mailed_link(email, "/verify?token=");
    assert_eq!(
        app.get_with(&b, &token).await.status(),
        StatusCode::SEE_OTHER
    );
    let student = f.someone(email);
    service::profiles::save(
        &app.portal,
        &student.person,
        ProfileInput {
            real_name: "勞關生".into(),
            kind: PersonKind::Student.as_str().into(),
            school_code: String::new(),
            school_name: "國立政治大學".into(),
            department: "勞工關係學系".into(),
            student_id: "110001234".into(),
            year_of_study: "3".into(),
            phone: String::new(),
        },
    )
    .unwrap();
    let want = |visits, signups, students, submitted, eligible| store::outreach::Funnel {
        visits,
        signups,
        students,
        submitted,
        eligible,
    };
    assert_eq!(funnel(&app, contest.id, &link), want(2, 1, 0, 0, 0));

    // Through the team, the entry and its review.
    let team = f.team(&contest.tracks, "勞關隊", &student);
    assert_eq!(funnel(&app, contest.id, &link), want(2, 1, 1, 0, 0));
    let entry = f
        .submitted_entry(&team, contest.tracks[0], "職災地圖")
        .await;
    assert_eq!(funnel(&app, contest.id, &link), want(2, 1, 1, 1, 0));
    f.pass_all(&contest, &[entry]);
    assert_eq!(funnel(&app, contest.id, &link), want(2, 1, 1, 1, 1));
    // The other campaign got a visit, nothing more.
    assert_eq!(funnel(&app, contest.id, &other), want(1, 0, 0, 0, 0));

    // The page and the downloads show the counts, and nobody's name.
    let html = app
        .get_with(&org, &outreach_path(contest.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("勞工關係學系海報") && html.contains(&link),
        "{html}"
    );
    assert!(!html.contains(email) && !html.contains("勞關生"));
    let csv = app
        .get_with(&org, &format!("{}.csv", outreach_path(contest.id)))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("造訪"), "{csv}");
    assert!(
        csv.contains(",poster,") && csv.contains(",2,1,1,1,1,"),
        "{csv}"
    );
    assert!(!csv.contains(email));
    let xlsx = app
        .get_with(&org, &format!("{}.xlsx", outreach_path(contest.id)))
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
}

#[actix_web::test]
async fn departments_without_sign_ups_by_the_chosen_date_are_flagged() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let link = campaign(
        &app,
        &org,
        contest.id,
        &[
            ("name", "社工系"),
            ("department", "社會工作學系"),
            ("channel", "mail-to-departments"),
        ],
    )
    .await;
    campaign(
        &app,
        &org,
        contest.id,
        &[("name", "海報"), ("channel", "poster")],
    )
    .await;
    let today = service::today();
    let page = |by: chrono::NaiveDate| {
        let (app, org) = (&app, &org);
        async move {
            app.get_with(org, &format!("{}?by={by}", outreach_path(contest.id)))
                .await
                .text()
                .await
                .unwrap()
        }
    };
    let flagged = |html: &str| html.contains("<strong>社會工作學系</strong>");
    // Made today: too new to judge by today; by tomorrow it is flagged, and
    // the channel's campaign never is.
    assert!(!flagged(&page(today).await));
    let html = page(today + chrono::Duration::days(1)).await;
    assert!(flagged(&html), "{html}");
    assert!(!html.contains("<strong></strong>"));
    // One sign-up through it, and it is not flagged any more.
    let b = client();
    app.get_with(&b, &link).await;
    assert_eq!(
        app.sign_up(&b, "sw@ntu.edu.tw", "社工生").await.status(),
        StatusCode::OK
    );
    assert!(!flagged(&page(today + chrono::Duration::days(1)).await));
    // A date that cannot be read is today, with the field's message.
    let html = app
        .get_with(&org, &format!("{}?by=soon", outreach_path(contest.id)))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("by-error"), "{html}");
}

#[actix_web::test]
async fn a_campaign_is_checked_as_typed_and_the_form_keeps_it() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let r = app
        .post_with(
            &org,
            &outreach_path(contest.id),
            &[
                ("name", "勞關\u{202E}系"),
                ("department", "勞工關係學系"),
                ("channel", "poster"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("name-error") && html.contains("value=\"勞工關係學系\""),
        "{html}"
    );
    let r = app
        .post_with(
            &org,
            &outreach_path(contest.id),
            &[
                ("name", "ok"),
                ("department", "系\0"),
                ("channel", "two words"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("department-error"), "{html}");
    let r = app
        .post_with(
            &org,
            &outreach_path(contest.id),
            &[
                ("name", "ok"),
                ("school_code", "nope"),
                ("channel", "poster"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("school_code-error"));
    assert!(store::outreach::of_contest(&mut app.conn(), contest.id)
        .unwrap()
        .is_empty());
    // Without the CSRF token: refused.
    let r = org
        .post(app.url(&outreach_path(contest.id)))
        .form(&[("name", "x"), ("channel", "poster")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
}

#[actix_web::test]
async fn only_organisers_see_outreach() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let student = f.browser(&f.student("s@nccu.edu.tw").await).await;
    let reviewer = f.browser(&f.reviewer("r@mol.gov.tw").await).await;
    let paths = [
        outreach_path(contest.id),
        format!("{}.csv", outreach_path(contest.id)),
        format!("{}.xlsx", outreach_path(contest.id)),
    ];
    for path in &paths {
        assert_eq!(
            app.get_with(&student, path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            app.get_with(&reviewer, path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let r = app.get_with(&client(), path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&r).starts_with("/signin"), "{path}");
    }
    let r = app
        .post_with(
            &student,
            &outreach_path(contest.id),
            &[("name", "x"), ("channel", "poster")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
