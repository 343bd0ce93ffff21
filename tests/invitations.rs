//! Invitations for people without an account (issue 14): the invite page
//! says which team, track and captain; the invitation survives sign-up and
//! the e-mail confirmation and never leads off-site; the captain invites by
//! e-mail and is told when someone joins or leaves; notifications are
//! written in the reader's language of the moment.

mod common;

use common::fixture::{track, Fixture};
use common::*;
use contest_portal::domain::data_request::{Action, ChangeForm};
use contest_portal::domain::profile::ProfileInput;
use contest_portal::domain::team::MemberRole;
use contest_portal::i18n::Lang;
use contest_portal::service::{self, Error};
use contest_portal::store::{self, PageRequest};
use reqwest::StatusCode;

const TEAM: &str = "職災預警隊";

fn encoded(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn hidden_next(html: &str) -> Option<String> {
    let marker = "name=\"next\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// Signs up `email` from a page that leads on to `next`.
async fn sign_up_for(app: &TestApp, c: &reqwest::Client, email: &str, next: &str) -> StatusCode {
    let fields = [
        ("email", email),
        ("display_name", "張雅婷"),
        ("password", GOOD_PASSWORD),
        ("password_confirm", GOOD_PASSWORD),
        ("next", next),
    ];
    app.post_with(c, "/signup", &fields).await.status()
}

/// Signs `email` in from a page that leads on to `next`; where it went.
async fn sign_in_for(app: &TestApp, c: &reqwest::Client, email: &str, next: &str) -> String {
    let fields = [
        ("email", email),
        ("password", GOOD_PASSWORD),
        ("next", next),
    ];
    let r = app.post_with(c, "/signin", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
    location(&r)
}

fn student_profile(name: &str) -> ProfileInput {
    ProfileInput {
        real_name: name.into(),
        kind: "student".into(),
        school_code: String::new(),
        school_name: "國立臺灣大學".into(),
        department: "社會學系".into(),
        student_id: "B11305042".into(),
        year_of_study: "2".into(),
        phone: String::new(),
    }
}

/// The captain's notifications as they are stored (kind, title).
fn notified(app: &TestApp, user_id: i32) -> Vec<(String, String)> {
    store::notifications::list(&mut app.conn(), user_id, PageRequest::new(None, 50))
        .unwrap()
        .items
        .into_iter()
        .map(|n| (n.kind, n.title))
        .collect()
}

#[actix_web::test]
async fn an_invitee_without_an_account_signs_up_confirms_and_lands_on_the_join_page() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("職業安全組")]);
    let captain = f.student("captain@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, TEAM, &captain);
    let invite = team.member_link();

    // The invitation, before any account: team, track, captain, role, and
    // sign-up / sign-in links that carry it.
    let c = client();
    let r = app.get_with(&c, &invite).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("加入「{TEAM}」")), "{html}");
    assert!(html.contains("職業安全組"), "the track is named");
    assert!(html.contains("captain"), "the captain's name is shown");
    assert!(html.contains("團隊成員"), "the role is shown");
    let signup = format!("/signup?next={}", encoded(&invite));
    // (Handlebars writes "=" in attributes as "&#x3D;".)
    let href = |path: &str| format!("href=\"{}\"", path.replace('=', "&#x3D;"));
    assert!(html.contains(&href(&signup)), "{html}");
    assert!(html.contains(&href(&format!("/signin?next={}", encoded(&invite)))));
    assert!(
        !html.contains("action=\"/join/"),
        "no join button before signing in"
    );

    // Sign-up from there keeps the invitation in the form …
    let html = app.get_with(&c, &signup).await.text().await.unwrap();
    assert_eq!(hidden_next(&html).as_deref(), Some(invite.as_str()));
    assert!(html.contains("就會回到剛才的邀請"), "it says the way back");
    assert_eq!(
        sign_up_for(&app, &c, "newbie@ntu.edu.tw", &invite).await,
        StatusCode::OK
    );
    // … and in the confirmation link, which leads to signing in …
    let link = app.mailed_link("newbie@ntu.edu.tw", "/verify?token=");
    assert!(
        link.contains(&format!("next={}", encoded(&invite))),
        "{link}"
    );
    let r = app.get_with(&c, &link).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let signin = location(&r);
    assert_eq!(
        signin,
        format!(
            "/signin?next={}&email={}",
            encoded(&invite),
            encoded("newbie@ntu.edu.tw")
        )
    );
    let html = app.get_with(&c, &signin).await.text().await.unwrap();
    assert_eq!(hidden_next(&html).as_deref(), Some(invite.as_str()));
    // … and signing in lands on "join 職災預警隊".
    assert_eq!(
        sign_in_for(&app, &c, "newbie@ntu.edu.tw", &invite).await,
        invite
    );
    let html = app.get_with(&c, &invite).await.text().await.unwrap();
    assert!(html.contains(&format!("加入「{TEAM}」")));
    assert!(
        html.contains(&format!("action=\"{invite}\"")),
        "the join button"
    );

    // Joining asks for the profile first, coming back here; then it works.
    let r = app.post_with(&c, &invite, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/profile?next={}", encoded(&invite)));
    let newbie = person_of(&app, "newbie@ntu.edu.tw");
    service::profiles::save(&app.portal, &newbie, student_profile("張雅婷")).unwrap();
    let r = app.post_with(&c, &invite, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/teams/{}", team.id));
    let members = store::teams::members(&mut app.conn(), &[team.id]).unwrap();
    assert!(members.iter().any(|m| m.user_id == newbie.id));
}

#[actix_web::test]
async fn next_never_leads_off_site() {
    let app = spawn_app().await;
    for evil in [
        "https://evil.example/join/x",
        "//evil.example",
        "/\\evil.example",
    ] {
        let html = app
            .get_with(&client(), &format!("/signup?next={}", encoded(evil)))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(hidden_next(&html), None, "{evil} is not kept");
        let html = app
            .get_with(&client(), &format!("/signin?next={}", encoded(evil)))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("href=\"/signup\""), "{evil}");
        assert_eq!(hidden_next(&html).as_deref(), Some("/"));
    }
    // A hand-made sign-up with an off-site next: the mailed link has none.
    let c = client();
    assert_eq!(
        sign_up_for(&app, &c, "evil@ntu.edu.tw", "//evil.example/join/x").await,
        StatusCode::OK
    );
    let link = app.mailed_link("evil@ntu.edu.tw", "/verify?token=");
    assert!(!link.contains("next="), "{link}");
    // A confirmation link edited to lead off-site goes to the plain sign-in.
    let r = app
        .get_with(&c, &format!("{link}&next={}", encoded("//evil.example")))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/signin?email=evil%40ntu.edu.tw");
    assert_eq!(
        sign_in_for(&app, &c, "evil@ntu.edu.tw", "https://evil.example/").await,
        "/"
    );
}

#[actix_web::test]
async fn the_captain_is_told_when_someone_joins_or_leaves() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("職業安全組")]);
    let captain = f.student("captain@nccu.edu.tw").await;
    let member = f.student("member@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, TEAM, &captain);
    f.join(&team, &member);
    service::teams::leave(&app.portal, &member.person, team.id).unwrap();

    let told = notified(&app, captain.id());
    assert_eq!(
        told,
        vec![
            ("team-member".to_string(), "有成員離開您的團隊".to_string()),
            (
                "team-member".to_string(),
                "有新成員加入您的團隊".to_string()
            ),
        ]
    );
    let mails = app.outbox_for("captain@nccu.edu.tw");
    assert!(mails.iter().any(|m| m.subject == "有新成員加入您的團隊"
        && m.body_text
            .contains("member 已以「團隊成員」身分加入團隊「職災預警隊」")
        && m.body_text.contains(&format!("/teams/{}", team.id))));
    assert!(mails
        .iter()
        .any(|m| m.body_text.contains("member 已離開團隊「職災預警隊」")));
    // The member who acted is not told about themselves.
    assert!(notified(&app, member.id())
        .iter()
        .all(|(k, _)| k != "team-member"));
    // The kind can be turned off for e-mail like any other.
    let page = app
        .get_with(&f.browser(&captain).await, "/notifications/settings")
        .await;
    assert!(page.text().await.unwrap().contains("value=\"team-member\""));
}

#[actix_web::test]
async fn a_notification_made_in_chinese_is_read_in_english_after_switching() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("職業安全組")]);
    let captain = f.student("captain@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, TEAM, &captain);
    f.join(&team, &f.student("member@nccu.edu.tw").await);
    // A row from before notifications kept their data: shown as stored.
    exec(
        &mut app.conn(),
        &format!(
            "INSERT INTO notifications (user_id, kind, title, summary, link, created_at) \
             VALUES ({}, 'request-update', '舊的通知', '舊的摘要', '/requests', '2026-01-02 03:04:05')",
            captain.id()
        ),
    );

    let browser = f.browser(&captain).await;
    let html = app
        .get_with(&browser, "/notifications")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("有新成員加入您的團隊"), "{html}");
    assert!(html.contains("舊的通知"));
    let r = app
        .get_with(&browser, "/lang?set=en&next=/notifications")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&browser, "/notifications")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Someone joined your team"), "{html}");
    assert!(html.contains("member joined the team “職災預警隊” as team member."));
    assert!(!html.contains("有新成員加入您的團隊"));
    assert!(html.contains("舊的通知"), "an old row still shows");

    // The e-mail goes in the language the captain reads in now.
    f.join(&team, &f.student("second@nccu.edu.tw").await);
    let mail = &app.outbox_for("captain@nccu.edu.tw")[0];
    assert_eq!(mail.subject, "Someone joined your team");
    assert!(mail.body_text.contains("second joined the team"));
}

#[actix_web::test]
async fn the_units_question_reaches_the_requester_in_their_language() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let requester = f.student("req@nccu.edu.tw").await;
    let unit = f.unit_reviewer("bli@mol.gov.tw", "bli").await;
    let id = f.request(&requester, "各行業職災保險費率");
    f.route(id, "bli");
    let version = store::requests::find(&mut app.conn(), id)
        .unwrap()
        .unwrap()
        .version;
    let form = ChangeForm {
        message: "請問需要哪幾個年度的資料？".into(),
        ..ChangeForm::default()
    };
    service::requests::act(
        &app.portal,
        &unit.person,
        id,
        Action::AskInfo,
        form,
        version,
    )
    .await
    .unwrap();

    let page = PageRequest::new(None, 20);
    let zh =
        service::notifications::list(&app.portal, &requester.person, Lang::ZhTw, page).unwrap();
    let n = &zh.items[0];
    assert_eq!(n.title, "資料需求有新進度");
    assert!(n.summary.contains("等待申請人補充"), "{}", n.summary);
    assert!(
        n.summary.contains("請問需要哪幾個年度的資料？"),
        "{}",
        n.summary
    );
    assert!(!n.summary.ends_with('：'), "{}", n.summary);
    let en = service::notifications::list(&app.portal, &requester.person, Lang::En, page).unwrap();
    let n = &en.items[0];
    assert_eq!(n.title, "News on a data request");
    assert!(
        n.summary.contains("is now: Waiting for the requester."),
        "{}",
        n.summary
    );
    assert!(n.summary.contains("請問需要哪幾個年度的資料？"));
    let mail = &app.outbox_for("req@nccu.edu.tw")[0];
    assert!(mail
        .body_text
        .contains("業務單位請您補充：「請問需要哪幾個年度的資料？」"));
}

#[actix_web::test]
async fn the_captain_invites_by_email_and_nobody_else_may() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("職業安全組")]);
    let captain = f.student("captain@nccu.edu.tw").await;
    let member = f.student("member@nccu.edu.tw").await;
    let outsider = f.student("outsider@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, TEAM, &captain);
    f.join(&team, &member);
    let path = format!("/teams/{}/invites/email", team.id);

    let c = f.browser(&captain).await;
    let r = app
        .post_with(
            &c,
            &path,
            &[("email", "not an address"), ("role", "student")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("value=\"not an address\""),
        "the address is kept"
    );
    assert!(html.contains("id=\"invite_email-error\""));
    // Someone already in the team is not invited again; nothing is sent.
    let r = app
        .post_with(
            &c,
            &path,
            &[("email", "MEMBER@nccu.edu.tw"), ("role", "student")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("已經是本隊成員"));
    assert!(app
        .outbox_for("member@nccu.edu.tw")
        .iter()
        .all(|m| m.kind != "team-invitation"));

    let r = app
        .post_with(
            &c,
            &path,
            &[("email", "prof@ntu.edu.tw"), ("role", "advisor")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mail = &app.outbox_for("prof@ntu.edu.tw")[0];
    assert!(
        mail.body_text.contains(&team.advisor_link()),
        "{}",
        mail.body_text
    );
    assert!(mail
        .body_text
        .contains("captain 邀請您以「指導老師」身分加入團隊「職災預警隊」"));
    assert!(mail.body_text.contains("職業安全組"));
    let events = store::teams::events(&mut app.conn(), team.id).unwrap();
    assert!(events.iter().any(|e| e.action == "team.invite_email"));

    // A member who is not the captain may not; someone outside is told
    // there is no such team; the anonymous are asked to sign in.
    let m = f.browser(&member).await;
    let r = app.post_with(&m, &path, &[("email", "x@ntu.edu.tw")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let o = f.browser(&outsider).await;
    let r = app.post_with(&o, &path, &[("email", "x@ntu.edu.tw")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .post_with(&client(), &path, &[("email", "x@ntu.edu.tw")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/signin"), "{}", location(&r));
    assert!(app.outbox_for("x@ntu.edu.tw").is_empty());
    // The page offers the form to the captain only.
    let own = app
        .get_with(&m, &format!("/teams/{}", team.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(!own.contains(&path));

    // At most 20 a team an hour.
    for i in 0..19 {
        let to = format!("s{i}@ntu.edu.tw");
        service::teams::invite_by_email(
            &app.portal,
            &captain.person,
            team.id,
            &to,
            MemberRole::Student,
            Lang::ZhTw,
        )
        .unwrap();
    }
    let refused = service::teams::invite_by_email(
        &app.portal,
        &captain.person,
        team.id,
        "late@ntu.edu.tw",
        MemberRole::Student,
        Lang::ZhTw,
    );
    assert!(matches!(refused, Err(Error::TooMany(_))), "{refused:?}");
    assert!(app.outbox_for("late@ntu.edu.tw").is_empty());
}
