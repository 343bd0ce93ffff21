//! Profiles: what may be typed into one, the school search, and who may see
//! an enrolment proof. (Validation, flagged schools, proof uploads and the
//! locks while in a team are in tests/teams.rs.)

mod common;

use common::contest::*;
use common::*;
use contest_portal::service::{self, Error};
use contest_portal::store;
use reqwest::StatusCode;

fn profile_form<'a>(real_name: &'a str, department: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("real_name", real_name),
        ("kind", "student"),
        ("school_name", "國立政治大學"),
        ("department", department),
        ("student_id", "110001234"),
        ("year_of_study", "3"),
        ("phone", "02-1234 5678"),
        ("next", ""),
    ]
}

/// A direction override in a real name, or a NUL in a department, is
/// refused on the same form with the reason beside the field and what was
/// typed kept; nothing is stored (a NUL used to reach the database, where
/// PostgreSQL refused it with a 500).
#[actix_web::test]
async fn control_and_invisible_characters_never_reach_a_profile() {
    let app = spawn_app().await;
    let c = app.verified_user("chars@example.org", "Chars").await;
    let uid = app.user_id("chars@example.org");
    let r = app
        .post_with(
            &c,
            "/profile",
            &profile_form("王\u{202E}小明", "勞工研究所"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("隱藏的文字方向或零寬字元"), "{html}");
    assert!(html.contains("id=\"real_name\""));
    assert!(
        html.contains("value=\"勞工研究所\"") && html.contains("value=\"02-1234 5678\""),
        "what was typed is kept"
    );
    let r = app
        .post_with(&c, "/profile", &profile_form("王小明", "勞工\0研究所"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("看不見的控制字元"), "{html}");
    assert!(html.contains("value=\"王小明\""), "the name is kept");
    assert!(
        store::profiles::find(&mut app.conn(), uid)
            .unwrap()
            .is_none(),
        "nothing stored"
    );

    // A saved profile is not changed by a refused save.
    let r = app
        .post_with(&c, "/profile", &profile_form("王小明", "勞工研究所"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (name, department) in [
        ("王小明\u{200B}", "勞工研究所"),
        ("王小明", "勞工\u{1b}[31m"),
    ] {
        let r = app
            .post_with(&c, "/profile", &profile_form(name, department))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let saved = store::profiles::find(&mut app.conn(), uid)
        .unwrap()
        .unwrap();
    assert_eq!(
        (saved.real_name.as_str(), saved.department.as_str()),
        ("王小明", "勞工研究所")
    );

    // The service refuses the same, without HTTP.
    let who = person_of(&app, "chars@example.org");
    let input = contest_portal::domain::profile::ProfileInput {
        real_name: "\u{202E}gnp.exe".into(),
        kind: "student".into(),
        school_name: "國立政治大學".into(),
        department: "勞工\0研究所".into(),
        student_id: "110001234".into(),
        year_of_study: "3".into(),
        ..Default::default()
    };
    match service::profiles::save(&app.portal, &who, input) {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.get("real_name"), Some("error-text-invisible"));
            assert_eq!(e.get("department"), Some("error-text-control"));
        }
        other => panic!("{other:?}"),
    }

    // In English too.
    let en = app.verified_user("chars-en@example.org", "Chars").await;
    app.get_with(&en, "/lang?set=en&next=/").await;
    let r = app
        .post_with(&en, "/profile", &profile_form("王小明", "勞工\0研究所"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("invisible control characters"));
}

/// A NUL in the school search is said on the page (not a 500).
#[actix_web::test]
async fn a_school_search_with_control_characters_is_refused_on_the_page() {
    let app = spawn_app().await;
    let c = app.verified_user("nul@example.org", "Nul").await;
    let r = app.get_with(&c, "/profile?school_q=%E6%94%BF%00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("看不見的控制字元") && html.contains("school_q-error"));
    let r = app.get_with(&c, "/profile?school=%E5%9C%8B%00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .get_with(&c, "/profile?school_q=%E6%94%BF%E6%B2%BB")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("國立政治大學"));
}

/// An enrolment proof is its owner's and the organisers' to see; a
/// teammate, even the captain, is told it does not exist.
#[actix_web::test]
async fn only_the_owner_and_organisers_see_an_enrolment_proof() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("勞保組")]);
    let owner = person(
        &app,
        "owner@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let captain = person(
        &app,
        "cap@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(&app, &captain, s.year, "證明隊", &[s.tracks[0]]).await;
    let (member_link, _) = invites(&app, &captain, team).await;
    let r = app.post_with(&owner, &member_link, &[]).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the owner joins the team"
    );
    let token = app.csrf_for(&owner).await;
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF".to_vec()).file_name("p.pdf");
    let r = owner
        .post(app.url(&format!("/profile/proof?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("proof", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file = store::profiles::find(&mut app.conn(), app.user_id("owner@nccu.edu.tw"))
        .unwrap()
        .unwrap()
        .proof_file_id
        .unwrap();
    let path = format!("/files/{file}");
    assert_eq!(app.get_with(&owner, &path).await.status(), StatusCode::OK);
    assert_eq!(
        app.get_with(&captain, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    let org = organiser(&app, "proof-org@mol.gov.tw").await;
    assert_eq!(app.get_with(&org, &path).await.status(), StatusCode::OK);
    let anonymous = app.get(&path).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(&anonymous).starts_with("/signin"));
    assert_eq!(
        app.get_with(&org, "/files/999999").await.status(),
        StatusCode::NOT_FOUND
    );
    // The gate, without HTTP.
    let captain = person_of(&app, "cap@nccu.edu.tw");
    assert!(matches!(
        service::profiles::proof_file(&app.portal, &captain, file),
        Err(Error::NotFound)
    ));
    let owner = person_of(&app, "owner@nccu.edu.tw");
    let f = service::profiles::proof_file(&app.portal, &owner, file).unwrap();
    assert_eq!(f.content_type, "application/pdf");
}

// issue 14: entries (profile) — the school search keeps what was typed.

/// Without JavaScript the school search and each result are buttons of the
/// profile form: it comes back with every typed field and `next`, saves
/// nothing, and a picked school fills the field. The endpoint the script
/// uses answers with the same results.
#[actix_web::test]
async fn the_school_search_keeps_every_typed_field_and_next() {
    let app = spawn_app().await;
    let c = app.verified_user("keep@example.org", "Keep").await;
    let mut form = profile_form("陳大文", "勞工研究所");
    form.retain(|(k, _)| *k != "next" && *k != "school_name");
    form.extend([
        ("next", "/teams/new"),
        ("school_name", "政大"),
        ("school_q", "政治"),
        ("action", "school-search"),
    ]);
    let r = app.post_with(&c, "/profile", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("value=\"陳大文\"") && html.contains("value=\"勞工研究所\""),
        "{html}"
    );
    assert!(html.contains("value=\"/teams/new\""), "next is kept");
    assert!(html.contains("value=\"school:國立政治大學\""));
    assert!(
        store::profiles::find(&mut app.conn(), app.user_id("keep@example.org"))
            .unwrap()
            .is_none(),
        "a search saves nothing"
    );

    // Picking a result fills the school and keeps the rest.
    form.retain(|(k, _)| *k != "action");
    form.push(("action", "school:國立政治大學"));
    let r = app.post_with(&c, "/profile", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"國立政治大學\"") && html.contains("value=\"陳大文\""));
    assert!(html.contains("value=\"/teams/new\""));

    // A control character in the search is said on the same form.
    form.retain(|(k, _)| *k != "action" && *k != "school_q");
    form.extend([("action", "school-search"), ("school_q", "政\0")]);
    let r = app.post_with(&c, "/profile", &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"陳大文\""));

    // Saving goes on to next.
    form.retain(|(k, _)| *k != "action" && *k != "school_q" && *k != "school_name");
    form.extend([("action", "save"), ("school_name", "國立政治大學")]);
    let r = app.post_with(&c, "/profile", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/teams/new");

    let body: serde_json::Value = app
        .get_with(&c, "/profile/schools?q=%E6%94%BF%E6%B2%BB")
        .await
        .json()
        .await
        .unwrap();
    assert!(body["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "國立政治大學"));
    let r = app.get_with(&client(), "/profile/schools?q=x").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}
