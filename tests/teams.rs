//! Contests and teams end to end: organisers set up a contest, students form
//! a cross-school team with invites, the server enforces rules and deadlines,
//! and organisers see, extend and export.

mod common;

use common::contest::*;
use common::*;
use contest_portal::domain::team::MemberRole;
use contest_portal::service::{self, Person};
use contest_portal::store;
use reqwest::StatusCode;

#[actix_web::test]
async fn organiser_sets_up_a_contest_from_the_pages() {
    let app = spawn_app().await;
    let org = organiser(&app, "org@mol.gov.tw").await;
    let r = app
        .post_with(
            &org,
            "/organise/contests/new",
            &[
                ("year", "2027"),
                ("title", "116年 勞動部資料創新應用競賽"),
                ("title_en", ""),
                ("description", "說明"),
                ("registration_opens", "2027-03-01T09:00"),
                ("registration_closes", "2027-02-01T09:00"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "closing before opening is refused"
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("這個日期早於前一個階段"));
    assert!(
        html.contains("value=\"116年 勞動部資料創新應用競賽\""),
        "input kept"
    );

    let r = app
        .post_with(
            &org,
            "/organise/contests/new",
            &[
                ("year", "2027"),
                ("title", "116年 勞動部資料創新應用競賽"),
                ("title_en", "MOL Open Data Contest 2027"),
                ("description", "說明"),
                ("registration_opens", "2027-03-01T09:00"),
                ("registration_closes", "2027-05-01T00:00"),
                ("submission_deadline", "2027-06-30T17:00"),
                ("finals_venue", "勞動部"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let contest_url = location(&r);
    let id: i32 = contest_url
        .trim_start_matches("/organise/contests/")
        .parse()
        .unwrap();
    // Stored in UTC: Taipei midnight is 16:00 the day before.
    {
        let mut conn = app.conn();
        let c = contest_portal::store::contests::find(&mut conn, id)
            .unwrap()
            .unwrap();
        assert_eq!(
            c.registration_closes_at.unwrap().to_string(),
            "2027-04-30 16:00:00"
        );
    }
    // A draft is invisible to the public.
    assert_eq!(
        app.get_with(&client(), "/contests/2027").await.status(),
        StatusCode::NOT_FOUND
    );

    let r = app
        .post_with(
            &org,
            &format!("/organise/contests/{id}/tracks/new"),
            &[
                ("name", "勞工保障及保險智慧服務組"),
                ("theme", "勞保智慧服務"),
                ("agency_unit_id", ""),
                ("recommended_datasets", "保險費負擔比例一覽表"),
                ("min_students", "2"),
                ("max_students", "8"),
                ("min_advisors", "1"),
                ("max_advisors", "2"),
                ("max_tracks_per_team", "2"),
                ("min_datasets", "1"),
                ("counted_publishers", "勞動部\n勞動部勞工保險局"),
                ("cross_school_allowed", "on"),
                ("proof_required", "on"),
                ("prizes", "第一名, 1, 60000\n佳作, 3, 5000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_with(
            &org,
            &format!("/organise/contests/{id}/tracks/new"),
            &[
                ("name", "壞組別"),
                ("min_students", "5"),
                ("max_students", "2"),
                ("min_advisors", "1"),
                ("max_advisors", "2"),
                ("max_tracks_per_team", "1"),
                ("min_datasets", "1"),
                ("counted_publishers", "勞動部"),
                ("prizes", "第一名, 很多"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("學生人數範圍不正確") || html.contains("每行需要名次"));

    let r = app
        .post_with(
            &org,
            &format!("/organise/contests/{id}/publish"),
            &[("published", "true")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&client(), "/contests/2027")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("116年 勞動部資料創新應用競賽"));
    assert!(html.contains("2027 / 116年"));
    assert!(html.contains("勞工保障及保險智慧服務組"));
    let en = client();
    en.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    let html = app.get_with(&en, "/").await.text().await.unwrap();
    assert!(
        html.contains("MOL Open Data Contest 2027"),
        "English title on the English home page"
    );
    let actions = app.audit_actions();
    for a in ["contest.create", "track.create", "contest.publish"] {
        assert!(actions.contains(&a.to_string()), "{a} audited");
    }
}

#[actix_web::test]
async fn students_form_a_cross_school_team_with_invites() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let captain = person(
        &app,
        "cap@nccu.edu.tw",
        "student",
        "國立政治大學",
        "勞工研究所",
    )
    .await;
    let team = register_team(&app, &captain, s.year, "勞保小幫手", &s.tracks).await;
    let html = app
        .get_with(&captain, &format!("/teams/{team}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("需要 1–1 位指導老師，目前 0 位"),
        "the unmet rule is explained"
    );
    assert!(!html.contains("badge-ok\">跨校"));

    let (member_link, advisor_link) = invites(&app, &captain, team).await;
    let mate = person(
        &app,
        "mate@ntu.edu.tw",
        "student",
        "國立臺灣大學",
        "資訊工程學系",
    )
    .await;
    let r = app.get_with(&mate, &member_link).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app.post_with(&mate, &member_link, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The advisor link is for faculty; the member link for students.
    let prof = person(
        &app,
        "prof@nccu.edu.tw",
        "faculty",
        "國立政治大學",
        "勞工研究所",
    )
    .await;
    let r = app.post_with(&prof, &member_link, &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("這是學生的邀請連結"));
    let r = app.post_with(&prof, &advisor_link, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let html = app
        .get_with(&captain, &format!("/teams/{team}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("跨校") && html.contains("跨系"));
    assert!(html.contains("需要 1–1 位指導老師，目前 1 位"));
    assert!(html.contains("符合規則"));

    // Joining needs a profile first.
    let bare = app.verified_user("bare@example.org", "Bare").await;
    let r = app.post_with(&bare, &member_link, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/profile?next="));

    // The track allows 3 students: a fourth is refused.
    let third = person(
        &app,
        "third@ntu.edu.tw",
        "student",
        "國立臺灣大學",
        "法律學系",
    )
    .await;
    assert_eq!(
        app.post_with(&third, &member_link, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let fourth = person(
        &app,
        "fourth@ntu.edu.tw",
        "student",
        "國立臺灣大學",
        "法律學系",
    )
    .await;
    let r = app.post_with(&fourth, &member_link, &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("學生人數已達組別上限"));

    // Regenerated links replace the old ones.
    assert_eq!(
        app.post_with(&captain, &format!("/teams/{team}/invites/regenerate"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_with(&fourth, &member_link).await.status(),
        StatusCode::NOT_FOUND
    );
    let mut conn = app.conn();
    let events = contest_portal::store::teams::events(&mut conn, team).unwrap();
    assert!(events.len() >= 5, "every change is in the team's history");
}

#[actix_web::test]
async fn a_student_is_in_one_team_per_contest() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let a = person(
        &app,
        "a@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &a, s.year, "第一隊", &s.tracks).await;
    // Registering again leads back to the existing team.
    let r = app
        .get_with(&a, &format!("/contests/{}/register", s.year))
        .await;
    assert_eq!(location(&r), format!("/teams/{team}"));
    let b = person(
        &app,
        "b@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let other = register_team(&app, &b, s.year, "第二隊", &s.tracks).await;
    let (link, _) = invites(&app, &b, other).await;
    let r = app.post_with(&a, &link, &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("每位學生每屆只能參加一個團隊"));
    // Duplicate names in one contest are refused, with the input kept.
    let c = person(
        &app,
        "c@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let id = s.tracks[0].to_string();
    let r = app
        .post_with(
            &c,
            &format!("/contests/{}/register", s.year),
            &[("name", "第一隊"), ("track", &id)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("value=\"第一隊\""));
    // Too many tracks for the track's limit.
    let s2 = open_contest(&app, 2030, vec![track("甲"), track("乙")]);
    let (t1, t2) = (s2.tracks[0].to_string(), s2.tracks[1].to_string());
    let r = app
        .post_with(
            &c,
            "/contests/2030/register",
            &[("name", "雙組"), ("track", &t1), ("track", &t2)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("選擇的組別太多"));
    // Faculty cannot register teams.
    let prof = person(
        &app,
        "prof2@nccu.edu.tw",
        "faculty",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let r = app
        .get_with(&prof, &format!("/contests/{}/register", s.year))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn closed_registration_locks_teams_until_an_extension() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let cap = person(
        &app,
        "lock@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &cap, s.year, "鎖定隊", &s.tracks).await;
    let (link, _) = invites(&app, &cap, team).await;
    close_registration(&app, s.contest_id);

    let r = app
        .post_with(
            &cap,
            &format!("/teams/{team}/rename"),
            &[("name", "新名字")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("報名已截止，團隊資料已無法修改"));
    let late = person(
        &app,
        "late@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let r = app.post_with(&late, &link, &[]).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "invites expire at registration close"
    );
    let r = app
        .get_with(&late, &format!("/contests/{}/register", s.year))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // An organiser extends the deadline for this one team, with a reason.
    let org = organiser(&app, "org2@mol.gov.tw").await;
    let until = (chrono::Utc::now() + chrono::Duration::days(2))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let until = until.format("%Y-%m-%dT%H:%M").to_string();
    let r = app
        .post_with(
            &org,
            &format!("/organise/teams/{team}/extension"),
            &[
                ("deadline", "registration"),
                ("until", &until),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let r = app
        .post_with(
            &org,
            &format!("/organise/teams/{team}/extension"),
            &[
                ("deadline", "registration"),
                ("until", &until),
                ("reason", "颱風停課"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_with(
            &cap,
            &format!("/teams/{team}/rename"),
            &[("name", "新名字")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the extended team can edit again"
    );
    assert!(app
        .audit_actions()
        .contains(&"team.extend_deadline".to_string()));

    // Other teams stay locked.
    let other_cap = person(
        &app,
        "other@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let _ = other_cap;
    let html = app
        .get_with(&org, &format!("/organise/teams/{team}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("颱風停課"));
}

#[actix_web::test]
async fn a_track_wide_extension_reopens_registration_for_that_track() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("甲組"), track("乙組")]);
    close_registration(&app, s.contest_id);
    let stu = person(
        &app,
        "track@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    assert_eq!(
        app.get_with(&stu, "/contests/2026/register").await.status(),
        StatusCode::FORBIDDEN
    );
    let org = organiser(&app, "org3@mol.gov.tw").await;
    let until = (chrono::Utc::now() + chrono::Duration::days(2))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let r = app
        .post_with(
            &org,
            &format!("/organise/tracks/{}/deadline", s.tracks[0]),
            &[
                ("deadline", "registration"),
                ("until", &until.format("%Y-%m-%dT%H:%M").to_string()),
                ("reason", "延長收件"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&stu, "/contests/2026/register")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("甲組") && !html.contains("乙組"),
        "only the extended track is open"
    );
    register_team(&app, &stu, 2026, "延長隊", &[s.tracks[0]]).await;
}

#[actix_web::test]
async fn captain_actions_and_access_control() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let cap = person(
        &app,
        "cap2@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &cap, s.year, "權限隊", &s.tracks).await;
    let (link, _) = invites(&app, &cap, team).await;
    let mate = person(
        &app,
        "mate2@nccu.edu.tw",
        "student",
        "國立政治大學",
        "統計學系",
    )
    .await;
    app.post_with(&mate, &link, &[]).await;
    let mate_id = app.user_id("mate2@nccu.edu.tw");

    // Another team's captain and strangers see nothing.
    let stranger = person(
        &app,
        "x@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let other_team = register_team(&app, &stranger, s.year, "別隊", &s.tracks).await;
    let captain_posts = [
        format!("/teams/{team}/rename"),
        format!("/teams/{team}/tracks"),
        format!("/teams/{team}/members/{mate_id}/remove"),
        format!("/teams/{team}/captain"),
        format!("/teams/{team}/withdraw"),
        format!("/teams/{team}/invites/regenerate"),
        format!("/teams/{team}/leave"),
    ];
    assert_eq!(
        app.get_with(&stranger, &format!("/teams/{team}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    for path in &captain_posts {
        let r = app
            .post_with(&stranger, path, &[("name", "x"), ("user_id", "1")])
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "stranger POST {path}");
    }
    // A member who is not captain gets 403 on captain actions.
    for path in &captain_posts[..6] {
        let r = app
            .post_with(&mate, path, &[("name", "x"), ("user_id", "1")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "member POST {path}");
    }
    // Participants get 403 on every organiser route.
    let organiser_paths = [
        "/organise".to_string(),
        "/organise/contests/new".to_string(),
        format!("/organise/contests/{}", s.contest_id),
        format!("/organise/contests/{}/teams", s.contest_id),
        format!("/organise/contests/{}/teams.csv", s.contest_id),
        format!("/organise/tracks/{}", s.tracks[0]),
        format!("/organise/teams/{team}"),
    ];
    for path in &organiser_paths {
        assert_eq!(
            app.get_with(&cap, path).await.status(),
            StatusCode::FORBIDDEN,
            "GET {path}"
        );
    }
    for path in [
        format!("/organise/contests/{}/publish", s.contest_id),
        format!("/organise/tracks/{}/deadline", s.tracks[0]),
        format!("/organise/teams/{team}/extension"),
        format!("/organise/teams/{team}/proofs/{mate_id}"),
        format!("/organise/teams/{team}/schools/{mate_id}"),
    ] {
        let r = app
            .post_with(
                &cap,
                &path,
                &[("published", "true"), ("status", "verified")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }

    // The captain hands over, then may leave; the new captain removes nobody by mistake.
    let r = app
        .post_with(
            &cap,
            &format!("/teams/{team}/captain"),
            &[("user_id", &mate_id.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.post_with(&cap, &format!("/teams/{team}/leave"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let html = app
        .get_with(&mate, &format!("/teams/{team}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("cap2@nccu.edu.tw"));
    let r = app
        .post_with(&mate, &format!("/teams/{team}/withdraw"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // After withdrawing, the student may form a new team.
    register_team(&app, &mate, s.year, "重新出發", &s.tracks).await;
    let _ = other_team;
}

#[actix_web::test]
async fn organiser_list_filters_and_excel_csv() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let a = person(
        &app,
        "csv1@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &a, s.year, "跨校隊", &s.tracks).await;
    let (link, _) = invites(&app, &a, team).await;
    let b = person(
        &app,
        "csv2@ntu.edu.tw",
        "student",
        "國立臺灣大學",
        "資訊管理學系",
    )
    .await;
    app.post_with(&b, &link, &[]).await;
    let c = person(
        &app,
        "csv3@nccu.edu.tw",
        "student",
        "Some Overseas College",
        "Economics",
    )
    .await;
    register_team(&app, &c, s.year, "單校隊", &s.tracks).await;

    let org = organiser(&app, "org4@mol.gov.tw").await;
    let url = format!("/organise/contests/{}/teams", s.contest_id);
    let html = app.get_with(&org, &url).await.text().await.unwrap();
    assert!(html.contains("跨校隊") && html.contains("單校隊"));
    assert!(html.contains("學校待確認"), "the typed school is flagged");
    let html = app
        .get_with(&org, &format!("{url}?cross_school=yes"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("跨校隊") && !html.contains("單校隊"));
    let html = app
        .get_with(&org, &format!("{url}?q=csv3"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("單校隊") && !html.contains(">跨校隊<"));

    let r = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/teams.csv", s.contest_id),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        &[0xEF, 0xBB, 0xBF],
        "UTF-8 byte-order mark for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("valid UTF-8");
    assert!(text.contains("跨校隊") && text.contains("單校隊"));
    assert!(text.contains("國立臺灣大學"));
    assert!(text.contains("\r\n"));
    let header = text.lines().next().unwrap();
    assert!(header.contains("隊名"));
}

#[actix_web::test]
async fn profiles_validate_flag_schools_and_take_proofs() {
    let app = spawn_app().await;
    let c = app.verified_user("prof@example.org", "Prof").await;
    let r = app
        .post_with(
            &c,
            "/profile",
            &[
                ("real_name", ""),
                ("kind", "student"),
                ("school_name", ""),
                ("department", ""),
                ("student_id", "bad id!"),
                ("year_of_study", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for m in [
        "請輸入真實姓名",
        "請輸入學校",
        "請輸入系所",
        "學號只能包含",
        "請輸入年級",
    ] {
        assert!(html.contains(m), "{m}");
    }
    // Upload before a profile exists is refused.
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4 test".to_vec()).file_name("proof.pdf");
    let token = app.csrf_for(&c).await;
    let r = c
        .post(app.url(&format!("/profile/proof?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("proof", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let c = person(
        &app,
        "flag@example.org",
        "student",
        "Some Overseas College",
        "Economics",
    )
    .await;
    let html = app.get_with(&c, "/profile").await.text().await.unwrap();
    assert!(html.contains("不在教育部名錄中"));
    let uid = app.user_id("flag@example.org");
    {
        let mut conn = app.conn();
        let p = contest_portal::store::profiles::find(&mut conn, uid)
            .unwrap()
            .unwrap();
        assert_eq!(p.school_code, None);
        assert!(p.school_flagged());
    }
    let listed = person(
        &app,
        "listed@example.org",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    {
        let mut conn = app.conn();
        let p = contest_portal::store::profiles::find(&mut conn, app.user_id("listed@example.org"))
            .unwrap()
            .unwrap();
        assert_eq!(p.school_code.as_deref(), Some("0001"));
    }

    let upload = |client: reqwest::Client, data: Vec<u8>| {
        let app_url = app.url("/profile/proof");
        async move {
            let html = client
                .get(app_url.replace("/profile/proof", "/profile"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let token = csrf_from(&html).unwrap();
            let part = reqwest::multipart::Part::bytes(data).file_name("card.pdf");
            client
                .post(format!("{app_url}?csrf_token={token}"))
                .multipart(reqwest::multipart::Form::new().part("proof", part))
                .send()
                .await
                .unwrap()
        }
    };
    let r = upload(listed.clone(), b"<html><script>alert(1)</script>".to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("只接受 PDF、PNG 與 JPEG"));
    let r = upload(
        listed.clone(),
        [b"%PDF-1.4\n".to_vec(), vec![b'x'; 6 * 1024 * 1024]].concat(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = upload(listed.clone(), b"%PDF-1.4\n% real enough\n%%EOF".to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file_id = {
        let mut conn = app.conn();
        let p = contest_portal::store::profiles::find(&mut conn, app.user_id("listed@example.org"))
            .unwrap()
            .unwrap();
        assert_eq!(
            p.proof_status,
            contest_portal::domain::profile::ProofStatus::Pending
        );
        p.proof_file_id.unwrap()
    };
    let r = app.get_with(&listed, &format!("/files/{file_id}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("content-type").unwrap(), "application/pdf");
    assert_eq!(
        app.get_with(&c, &format!("/files/{file_id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "other students cannot see it"
    );
    let org = organiser(&app, "org5@mol.gov.tw").await;
    assert_eq!(
        app.get_with(&org, &format!("/files/{file_id}"))
            .await
            .status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn home_shows_the_current_contest_with_a_countdown() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    assert!(
        html.contains("勞動部資料創新應用競賽"),
        "intro without contests"
    );
    open_contest(&app, 2026, vec![track("勞保組")]);
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("2026 / 115年"));
    assert!(html.contains("開放團隊報名中"));
    assert!(html.contains("距離報名截止還有"));
    assert!(html.contains("勞保組"));
    let (status, html) = app.get_html("/contests").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2026"));
    assert_eq!(
        app.get("/contests/1999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/contests/abc").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn demo_data_seeds_once() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().naive_utc();
    assert!(contest_portal::demo::seed(&app.portal, now).unwrap());
    assert!(
        !contest_portal::demo::seed(&app.portal, now).unwrap(),
        "a second run changes nothing"
    );
    let (_, html) = app.get_html("/contests/2025").await;
    assert!(html.contains("勞工保障及保險智慧服務組"));
    // The data-request board has something to show, one of them with a unit.
    let (_, html) = app.get_html("/requests").await;
    assert!(
        html.contains("各行業職災保險費率歷年變動") && html.contains("外籍移工人數按行業與縣市")
    );
    assert!(html.contains("回覆期限"), "{html}");
    let c = client();
    assert_eq!(
        app.sign_in(
            &c,
            "organiser@demo.contest.tw",
            contest_portal::demo::DEMO_PASSWORD
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let html = app
        .get_with(&c, "/organise/contests/1/teams")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("勞保小幫手") && html.contains("職安守門員") && html.contains("一人工作室")
    );
    assert!(html.contains("尚未符合規則"), "one demo team breaks a rule");
}

#[actix_web::test]
async fn review_fixes_hold() {
    let app = spawn_app().await;
    let mut extended = track("延長組");
    extended.max_tracks_per_team = 2;
    let mut closed = track("已截止組");
    closed.max_tracks_per_team = 2;
    let s = open_contest(&app, 2026, vec![extended, closed]);
    let cap = person(
        &app,
        "fix@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(
        &app,
        &cap,
        s.year,
        "=HYPERLINK(\"http://evil\")",
        &[s.tracks[0]],
    )
    .await;

    // Being a student cannot change while in a team.
    let r = app
        .post_with(
            &cap,
            "/profile",
            &[
                ("real_name", "X"),
                ("kind", "faculty"),
                ("school_name", "國立政治大學"),
                ("department", "資訊管理學系"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("學生／教師身分無法變更"));

    // Registration closes; only the first track is extended.
    close_registration(&app, s.contest_id);
    {
        let mut conn = app.conn();
        let until = chrono::Utc::now().naive_utc() + chrono::Duration::days(3);
        contest_portal::store::contests::set_track_deadline(
            &mut conn,
            s.tracks[0],
            contest_portal::domain::timeline::Deadline::Registration,
            Some(until),
            chrono::Utc::now().naive_utc(),
        )
        .unwrap();
    }
    let (a, b) = (s.tracks[0].to_string(), s.tracks[1].to_string());
    let r = app
        .post_with(
            &cap,
            &format!("/teams/{team}/tracks"),
            &[("track", &a), ("track", &b)],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a closed track cannot be added through an extended one"
    );

    // The CSV neutralises formulas typed by teams.
    let org = organiser(&app, "fixorg@mol.gov.tw").await;
    let bytes = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/teams.csv", s.contest_id),
        )
        .await
        .bytes()
        .await
        .unwrap();
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");

    // Withdrawing keeps the record of who was in the team.
    let r = app
        .post_with(&cap, &format!("/teams/{team}/withdraw"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&cap, &format!("/teams/{team}")).await.status(),
        StatusCode::OK,
        "former members still see it"
    );
    let bytes = app
        .get_with(
            &org,
            &format!(
                "/organise/contests/{}/teams.csv?withdrawn=yes",
                s.contest_id
            ),
        )
        .await
        .bytes()
        .await
        .unwrap();
    assert!(std::str::from_utf8(&bytes[3..])
        .unwrap()
        .contains("fix@nccu.edu.tw"));
}

#[actix_web::test]
async fn school_search_works_without_javascript() {
    let app = spawn_app().await;
    let c = app.verified_user("search@example.org", "Search").await;
    let html = app
        .get_with(&c, "/profile?school_q=%E6%94%BF%E6%B2%BB")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("國立政治大學"));
    assert!(html.contains("value=\"school:國立政治大學\""));
    let html = app
        .get_with(
            &c,
            "/profile?school=%E5%9C%8B%E7%AB%8B%E6%94%BF%E6%B2%BB%E5%A4%A7%E5%AD%B8",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("value=\"國立政治大學\""),
        "the picked school fills the field"
    );
    let html = app
        .get_with(&c, "/profile?school_q=zzzz")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("名錄中沒有符合的學校"));
}

#[actix_web::test]
async fn demo_data_never_takes_over_existing_accounts() {
    let app = spawn_app().await;
    app.verified_user("admin@demo.contest.tw", "Someone real")
        .await;
    let err = contest_portal::demo::seed(&app.portal, chrono::Utc::now().naive_utc()).unwrap_err();
    let mut conn = app.conn();
    assert!(err.to_string().contains("already exists"));
    let id = app.user_id("admin@demo.contest.tw");
    let roles = contest_portal::store::users::roles_of(&mut conn, id).unwrap();
    assert!(roles.iter().all(|g| g.role.as_str() != "admin"));
    assert!(
        contest_portal::store::contests::find_by_year(&mut conn, 2025)
            .unwrap()
            .is_none(),
        "nothing half-written"
    );
}

/// Eight students register the same team name at the same moment through
/// two replicas: one team, the others told on the form (409, what they
/// typed kept), nothing half-written, never a 5xx.
#[actix_web::test]
async fn simultaneous_registrations_of_one_name_make_one_team() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let mut students = Vec::new();
    for i in 0..8 {
        let email = format!("race{i}@nccu.edu.tw");
        let c = person(&app, &email, "student", "國立政治大學", "資訊管理學系").await;
        let token = app.csrf_for(&c).await;
        students.push((c, token));
    }
    let track_id = s.tracks[0].to_string();
    let posts = students.iter().enumerate().map(|(i, (c, token))| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        c.post(format!("{base}/contests/{}/register", s.year))
            .form(&[
                ("name", "同名隊"),
                ("track", track_id.as_str()),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    let mut statuses = Vec::new();
    for r in futures_util::future::join_all(posts).await {
        let r = r.expect("POST works");
        let status = r.status();
        if status == StatusCode::CONFLICT {
            let html = r.text().await.unwrap();
            assert!(html.contains("這屆競賽已經有團隊使用這個隊名"), "{html}");
            assert!(html.contains("value=\"同名隊\""), "what was typed is kept");
        }
        statuses.push(status);
    }
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    let mut conn = app.conn();
    let teams = store::teams::of_contest(&mut conn, s.contest_id).unwrap();
    assert_eq!(teams.len(), 1);
    let members = store::teams::members(&mut conn, &[teams[0].id]).unwrap();
    assert_eq!(members.len(), 1, "the captain only");
    let created = app
        .audit_actions()
        .into_iter()
        .filter(|a| a == "team.create")
        .count();
    assert_eq!(created, 1, "one registration audited");
}

/// Students joining at the same moment: four for the last seat get one
/// seat between them, and one student joining two teams at once is in one.
#[actix_web::test]
async fn simultaneous_joins_fill_a_seat_once_and_a_student_joins_one_team() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let cap = person(
        &app,
        "seatcap@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &cap, s.year, "最後一席", &s.tracks).await;
    let (link, _) = invites(&app, &cap, team).await;
    let mate = person(
        &app,
        "seatmate@nccu.edu.tw",
        "student",
        "國立政治大學",
        "統計學系",
    )
    .await;
    assert_eq!(
        app.post_with(&mate, &link, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let fire = |clients: Vec<(reqwest::Client, String, String)>| {
        let (app_base, replica) = (app.address.clone(), replica.clone());
        async move {
            let posts = clients.iter().enumerate().map(|(i, (c, token, link))| {
                let base = if i % 2 == 0 { &app_base } else { &replica };
                c.post(format!("{base}{link}"))
                    .form(&[("csrf_token", token.as_str())])
                    .send()
            });
            futures_util::future::join_all(posts)
                .await
                .into_iter()
                .map(|r| r.expect("POST works").status())
                .collect::<Vec<_>>()
        }
    };
    let mut late = Vec::new();
    for i in 0..4 {
        let c = person(
            &app,
            &format!("seat{i}@nccu.edu.tw"),
            "student",
            "國立政治大學",
            "法律學系",
        )
        .await;
        let token = app.csrf_for(&c).await;
        late.push((c, token, link.clone()));
    }
    let statuses = fire(late).await;
    one_went_through(&statuses, &[StatusCode::CONFLICT, StatusCode::FORBIDDEN]);
    let students = |team: i32| {
        store::teams::members(&mut app.conn(), &[team])
            .unwrap()
            .into_iter()
            .filter(|m| m.role == MemberRole::Student)
            .count()
    };
    assert_eq!(students(team), 3, "the track allows three");

    // One student, two teams, at once.
    let a = person(
        &app,
        "twoa@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let b = person(
        &app,
        "twob@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team_a = register_team(&app, &a, s.year, "甲隊", &s.tracks).await;
    let team_b = register_team(&app, &b, s.year, "乙隊", &s.tracks).await;
    let (link_a, _) = invites(&app, &a, team_a).await;
    let (link_b, _) = invites(&app, &b, team_b).await;
    let both = person(
        &app,
        "both@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let token = app.csrf_for(&both).await;
    let statuses = fire(vec![
        (both.clone(), token.clone(), link_a),
        (both.clone(), token, link_b),
    ])
    .await;
    one_went_through(&statuses, &[StatusCode::CONFLICT, StatusCode::FORBIDDEN]);
    assert_eq!(students(team_a) + students(team_b), 3, "in one team only");
}

/// Typed text with NUL, control, direction-override or zero-width
/// characters is refused on the same form (422) with a message, what was
/// typed is kept, and nothing is stored.
#[actix_web::test]
async fn control_characters_in_team_and_contest_text_are_refused_and_never_stored() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let stu = person(
        &app,
        "ctl@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let track_id = s.tracks[0].to_string();
    let register = format!("/contests/{}/register", s.year);
    for (name, message) in [
        ("\u{202E}隊小幫保勞", "隱藏的文字方向或零寬字元"),
        ("勞保\u{200B}小幫手", "隱藏的文字方向或零寬字元"),
        ("勞保\0小幫手", "控制字元"),
        ("勞保\u{1b}[31m小幫手", "控制字元"),
    ] {
        let r = app
            .post_with(&stu, &register, &[("name", name), ("track", &track_id)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{name:?}: {html}");
        assert!(html.contains("field-error"), "beside the name");
        assert!(html.contains("checked"), "the chosen track is kept");
    }
    assert!(store::teams::of_contest(&mut app.conn(), s.contest_id)
        .unwrap()
        .is_empty());

    // Renaming is held to the same rules, beside the name field.
    let team = register_team(&app, &stu, s.year, "正常隊名", &s.tracks).await;
    let r = app
        .post_with(
            &stu,
            &format!("/teams/{team}/rename"),
            &[("name", "新\u{202E}名")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("隱藏的文字方向或零寬字元"));
    let mut conn = app.conn();
    assert_eq!(
        store::teams::find(&mut conn, team).unwrap().unwrap().name,
        "正常隊名"
    );
    drop(conn);

    // The contest editor: a description with a NUL, a title with an override.
    let org = organiser(&app, "ctlorg@mol.gov.tw").await;
    for (field, bad) in [
        ("description", "說明\0第二段"),
        ("title", "\u{202E}競賽"),
        ("finals_venue", "勞動部\u{7}"),
    ] {
        let mut form = vec![
            ("year", "2031"),
            ("title", "120年 勞動部資料創新應用競賽"),
            ("description", "說明"),
            ("finals_venue", "勞動部"),
        ];
        for f in form.iter_mut() {
            if f.0 == field {
                f.1 = bad;
            }
        }
        let r = app.post_with(&org, "/organise/contests/new", &form).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let html = r.text().await.unwrap();
        assert!(html.contains("field-error"), "{field}: {html}");
        assert!(html.contains("value=\"2031\""), "the rest is kept");
    }
    assert!(store::contests::find_by_year(&mut app.conn(), 2031)
        .unwrap()
        .is_none());

    // A track's name, rules and prize lines.
    let track_form = |field: &'static str, bad: &'static str| {
        let mut form = vec![
            ("name", "新組別"),
            ("theme", "主題"),
            ("rules_text", "規則"),
            ("min_students", "1"),
            ("max_students", "3"),
            ("min_advisors", "1"),
            ("max_advisors", "1"),
            ("max_tracks_per_team", "1"),
            ("min_datasets", "1"),
            ("counted_publishers", "勞動部"),
            ("prizes", "第一名, 1, 1000"),
        ];
        for f in form.iter_mut() {
            if f.0 == field {
                f.1 = bad;
            }
        }
        form
    };
    for (field, bad) in [
        ("name", "新\u{200B}組別"),
        ("rules_text", "規則\0"),
        ("prizes", "\u{202E}第一名, 1, 1000"),
    ] {
        let r = app
            .post_with(
                &org,
                &format!("/organise/contests/{}/tracks/new", s.contest_id),
                &track_form(field, bad),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.text().await.unwrap().contains("field-error"), "{field}");
    }
    assert_eq!(
        store::contests::tracks_of(&mut app.conn(), s.contest_id)
            .unwrap()
            .len(),
        1
    );

    // An extension's reason.
    let r = app
        .post_with(
            &org,
            &format!("/organise/teams/{team}/extension"),
            &[
                ("deadline", "registration"),
                ("until", "2030-01-01T09:00"),
                ("reason", "颱風\0停課"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("控制字元"));
    assert!(html.contains("2030-01-01T09:00"), "the date typed is kept");
    assert!(store::teams::extensions(&mut app.conn(), &[team])
        .unwrap()
        .is_empty());

    // A search with a NUL is told on the page, not a 500.
    let r = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/teams?q=%E9%9A%8A%00", s.contest_id),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("控制字元"));
}

/// A refused change writes nothing: not the version it took, not a line of
/// history (before, a refusal inside the transaction committed them).
#[actix_web::test]
async fn a_refused_team_change_writes_nothing() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let a = person(
        &app,
        "refa@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let b = person(
        &app,
        "refb@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &a, s.year, "甲隊", &s.tracks).await;
    register_team(&app, &b, s.year, "乙隊", &s.tracks).await;
    let captain = Person {
        id: app.user_id("refa@nccu.edu.tw"),
        roles: Vec::new(),
        ip: None,
    };
    let before = |app: &TestApp| {
        let mut conn = app.conn();
        (
            store::teams::find(&mut conn, team)
                .unwrap()
                .unwrap()
                .version,
            store::teams::events(&mut conn, team).unwrap().len(),
        )
    };
    let was = before(&app);
    let e = service::teams::rename(&app.portal, &captain, team, "乙隊").unwrap_err();
    assert!(
        matches!(e, service::Error::Taken { field: "name", .. }),
        "{e:?}"
    );
    let e = service::teams::remove_member(&app.portal, &captain, team, captain.id).unwrap_err();
    assert!(matches!(e, service::Error::Invalid(_)), "{e:?}");
    let e = service::teams::set_tracks(&app.portal, &captain, team, &[]).unwrap_err();
    assert!(matches!(e, service::Error::Invalid(_)), "{e:?}");
    assert_eq!(before(&app), was, "nothing written");
    // A faculty member on the student link is refused, and the team unchanged.
    let prof = person(
        &app,
        "refprof@nccu.edu.tw",
        "faculty",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let (link, _) = invites(&app, &a, team).await;
    assert_eq!(
        app.post_with(&prof, &link, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(before(&app), was);
    // A second registration by the same student goes to the team.
    let e = service::teams::register(
        &app.portal,
        &captain,
        s.year,
        &service::teams::NewTeam {
            name: "丙隊".into(),
            tracks: s.tracks.clone(),
        },
    )
    .unwrap();
    assert!(matches!(e, service::teams::Joining::InTeam(t) if t == team));
}

/// A member's role or an extension's deadline the code does not know is an
/// error when read, never taken for a student or a registration deadline.
#[actix_web::test]
async fn unknown_stored_roles_and_deadlines_are_errors() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let cap = person(
        &app,
        "unknown@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &cap, s.year, "未知隊", &s.tracks).await;
    let mut conn = app.conn();
    let members = store::teams::members(&mut conn, &[team]).unwrap();
    assert_eq!(members[0].role, MemberRole::Student);
    exec(
        &mut conn,
        &format!("UPDATE team_members SET member_role = 'coach' WHERE team_id = {team}"),
    );
    assert!(store::teams::members(&mut conn, &[team]).is_err());
    exec(
        &mut conn,
        &format!("UPDATE team_members SET member_role = 'student' WHERE team_id = {team}"),
    );
    store::teams::add_extension(
        &mut conn,
        team,
        "finals",
        chrono::Utc::now().naive_utc(),
        "?",
        app.user_id("unknown@nccu.edu.tw"),
        chrono::Utc::now().naive_utc(),
    )
    .unwrap();
    assert!(store::teams::extensions(&mut conn, &[team]).is_err());
}
