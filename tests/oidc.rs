//! Signing in with a university account (OpenID Connect), against fake
//! providers on 127.0.0.1 (tests/common/fake_oidc.rs): a student's account
//! made with a verified school, department and student status (no
//! enrolment proof needed), two providers at once, linking to an existing
//! account only after its password, every refusal said on the sign-in page
//! (never a 500), and a sign-in finished on another replica. Both databases
//! (`TEST_DATABASE_URL`).

#[path = "common/fake_oidc.rs"]
mod fake_oidc;

mod common;

use common::fixture::{track, Fixture};
use common::*;
use contest_portal::domain::role::Role;
use contest_portal::server as app;
use contest_portal::store;
use fake_oidc::{FakeProvider, FakeUser, Trick};
use reqwest::{Response, StatusCode};
use serde_json::json;

const NCCU: &str = "國立政治大學";

/// A student of 國立政治大學's 勞工研究所, as the university asserts.
fn chen() -> FakeUser {
    FakeUser::new("nccu-110263001", "chen@nccu.example.edu.tw", "陳小美")
        .with("school", json!(NCCU))
        .with("department", json!("勞工研究所"))
        .with("affiliation", json!(["member", "student"]))
}

fn provider(client: &str) -> FakeProvider {
    FakeProvider::start(0, client, &format!("{client}-secret")).expect("fake provider starts")
}

/// The portal's settings for these providers (id, provider).
fn settings(providers: &[(&str, &FakeProvider)]) -> Vec<(String, String)> {
    let ids: Vec<&str> = providers.iter().map(|(id, _)| *id).collect();
    let mut out = vec![("OIDC_PROVIDERS".to_string(), ids.join(","))];
    for (id, p) in providers {
        out.extend(p.settings(
            id,
            &format!("{}大學帳號", id.to_uppercase()),
            &format!("{} account", id.to_uppercase()),
        ));
    }
    out
}

async fn app_with(settings: &[(String, String)]) -> TestApp {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    spawn_app_with(&pairs).await
}

/// The button on the sign-in page, the provider, and back: the response to
/// the callback, and the callback's address.
async fn through(app: &TestApp, browser: &reqwest::Client, id: &str) -> (Response, String) {
    let r = app
        .get_with(browser, &format!("/signin/oidc/{id}?next=/profile"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the start sends on");
    let at_provider = location(&r);
    assert!(
        at_provider.contains("code_challenge_method=S256"),
        "{at_provider}"
    );
    assert!(at_provider.contains("nonce="), "{at_provider}");
    let r = browser.get(&at_provider).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FOUND, "the provider sends back");
    let callback = location(&r);
    assert!(
        callback.starts_with(&app.url(&format!("/signin/oidc/{id}/callback?"))),
        "{callback}"
    );
    let r = browser.get(&callback).send().await.unwrap();
    (r, callback)
}

async fn html(r: Response) -> (StatusCode, String) {
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// Whose account this browser is signed in to (None: nobody's).
async fn signed_in_as(app: &TestApp, browser: &reqwest::Client) -> Option<String> {
    let r = app.get_with(browser, "/account").await;
    if r.status() != StatusCode::OK {
        return None;
    }
    let page = r.text().await.unwrap();
    ["chen@", "lin@", "wu@", "kao@"]
        .iter()
        .find(|p| page.contains(*p))
        .map(|p| p.to_string())
}

fn state_of(callback: &str) -> String {
    url::Url::parse(callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

/// A student signs in with the university's button: the account is made
/// (e-mail verified, a participant), the profile starts from what the
/// university asserted and, once saved, its school, department and student
/// status are verified — so a track that needs enrolment proofs needs none
/// from them — and the cross-school detection counts the verified school.
/// The next sign-in finds the same account.
#[actix_web::test]
async fn a_student_signs_in_and_needs_no_enrolment_proof() {
    let uni = provider("portal-nccu");
    uni.sign_in_as(chen());
    let app = app_with(&settings(&[("uni", &uni)])).await;
    let (status, page) = app.get_html("/signin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/signin/oidc/uni\""), "{page}");
    assert!(page.contains("以UNI大學帳號登入"), "{page}");
    assert!(
        page.contains("以電子郵件與密碼登入"),
        "password sign-in stays"
    );

    let browser = client();
    let (r, _) = through(&app, &browser, "uni").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        "/profile",
        "back to where the student was going"
    );
    assert_eq!(signed_in_as(&app, &browser).await.as_deref(), Some("chen@"));
    let uid = app.user_id("chen@nccu.example.edu.tw");
    let mut conn = app.conn();
    let user = store::users::find(&mut conn, uid).unwrap().unwrap();
    assert!(
        user.email_verified_at.is_some(),
        "the university verified it"
    );
    assert_eq!(user.display_name, "陳小美");
    let roles = store::users::roles_of(&mut conn, uid).unwrap();
    assert!(roles.iter().any(|g| g.role == Role::Participant));
    let actions = app.audit_actions();
    assert!(
        actions.contains(&"user.signup_oidc".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"user.signin_oidc".to_string()),
        "{actions:?}"
    );

    // The profile starts from the university's word.
    let (_, page) = html(app.get_with(&browser, "/profile").await).await;
    assert!(page.contains(&format!("value=\"{NCCU}\"")), "{page}");
    assert!(page.contains("value=\"勞工研究所\""));
    assert!(page.contains("value=\"陳小美\""));
    let r = app
        .post_with(
            &browser,
            "/profile",
            &[
                ("real_name", "陳小美"),
                ("kind", "student"),
                ("school_name", NCCU),
                ("department", "勞工研究所"),
                ("student_id", "110263001"),
                ("year_of_study", "2"),
                ("phone", ""),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let profile = store::profiles::find(&mut conn, uid).unwrap().unwrap();
    assert_eq!(profile.school_code.as_deref(), Some("0001"));
    assert!(profile.school_verified && profile.department_verified && profile.student_verified);
    assert_eq!(profile.verified_by.as_deref(), Some("uni"));
    assert!(profile.proof_ok() && !profile.school_flagged());
    let (_, page) = html(app.get_with(&browser, "/profile").await).await;
    assert!(page.contains("id=\"proof-not-needed\""), "{page}");
    assert!(page.contains("已由UNI大學帳號驗證"));

    // A track that needs proofs: the rule is met without an upload, and a
    // teammate from another school makes the team cross-school.
    let f = Fixture::new(&app);
    let mut spec = track("勞保組");
    spec.proof_required = true;
    let contest = f.contest(2026, &[spec]);
    let chen = f.someone("chen@nccu.example.edu.tw");
    let team = f.team(&contest.tracks, "跨校勞動隊", &chen);
    let mate = f
        .student_at("wu@ntu.example.edu.tw", "國立臺灣大學", "資訊工程學系")
        .await;
    f.join(&team, &mate);
    let page = contest_portal::service::teams::page(&app.portal, &chen.person, team.id).unwrap();
    let proof_rule = page
        .bundle
        .rule_checks()
        .into_iter()
        .flat_map(|(_, checks)| checks)
        .find(|c| c.message == "rule-proof")
        .unwrap();
    assert!(!proof_rule.met, "the teammate has no proof yet");
    assert_eq!(proof_rule.count, 1, "only the teammate's is missing");
    assert!(page.bundle.cross_school() && page.bundle.cross_department());

    // Signing in again: the same account, no second one.
    let again = client();
    let (r, _) = through(&app, &again, "uni").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed_in_as(&app, &again).await.as_deref(), Some("chen@"));
    assert_eq!(store::identities::of_user(&mut conn, uid).unwrap().len(), 1);
}

/// Two universities at once: both buttons, a sign-in started at each
/// before either comes back, one provider naming its school by setting and
/// giving the department only through user info.
#[actix_web::test]
async fn two_providers_at_the_same_time() {
    let uni = provider("portal-nccu");
    let tech = provider("portal-ntu");
    uni.sign_in_as(chen());
    tech.sign_in_as(
        FakeUser::new("ntu-b10902001", "kao@ntu.example.edu.tw", "高大同")
            .with("department", json!("資訊工程學系"))
            .with("affiliation", json!(true)),
    );
    tech.userinfo_only(&["department"]);
    let mut s = settings(&[("uni", &uni), ("tech", &tech)]);
    s.retain(|(k, _)| k != "OIDC_TECH_SCHOOL_CLAIM");
    s.push(("OIDC_TECH_SCHOOL".into(), "0003".into()));
    let app = app_with(&s).await;
    let (_, page) = app.get_html("/signin").await;
    assert!(
        page.contains("href=\"/signin/oidc/uni\"") && page.contains("href=\"/signin/oidc/tech\"")
    );
    let en = client();
    let r = app.get_with(&en, "/lang?set=en&next=/signin").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = html(app.get_with(&en, "/signin").await).await;
    assert!(page.contains("Sign in with TECH account"), "{page}");

    // Both started, then both come back, the later-started first.
    let (a, b) = (client(), client());
    let start = |c: &reqwest::Client, id: &'static str| {
        let c = c.clone();
        let url = app.url(&format!("/signin/oidc/{id}"));
        async move { location(&c.get(url).send().await.unwrap()) }
    };
    let to_uni = start(&a, "uni").await;
    let to_tech = start(&b, "tech").await;
    for (c, to) in [(&b, to_tech), (&a, to_uni)] {
        let back = location(&c.get(&to).send().await.unwrap());
        let r = c.get(&back).send().await.unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap()
        );
    }
    assert_eq!(signed_in_as(&app, &a).await.as_deref(), Some("chen@"));
    assert_eq!(signed_in_as(&app, &b).await.as_deref(), Some("kao@"));
    let mut conn = app.conn();
    let kao = store::identities::latest_of(&mut conn, app.user_id("kao@ntu.example.edu.tw"))
        .unwrap()
        .unwrap();
    assert_eq!(kao.provider, "tech");
    assert_eq!(kao.school_code.as_deref(), Some("0003"));
    assert_eq!(kao.school_name, "國立臺灣大學");
    assert_eq!(kao.department, "資訊工程學系", "from user info");
    assert!(kao.student);
}

/// An address that already has an account is never taken over on the
/// university's word: the sign-in waits for that account's password (a
/// wrong one is refused and links nothing), then links and signs in; the
/// next university sign-in needs no password.
#[actix_web::test]
async fn an_existing_account_is_linked_only_after_its_password() {
    let uni = provider("portal-nccu");
    uni.sign_in_as(
        FakeUser::new("nccu-lin", "lin@nccu.example.edu.tw", "林同學")
            .with("school", json!("0001"))
            .with("department", json!("勞工研究所"))
            .with("affiliation", json!("student")),
    );
    let app = app_with(&settings(&[("uni", &uni)])).await;
    let f = Fixture::new(&app);
    let lin = f
        .student_at("lin@nccu.example.edu.tw", "政大", "勞工研究所")
        .await;
    let profile = store::profiles::find(&mut app.conn(), lin.id())
        .unwrap()
        .unwrap();
    assert!(profile.school_flagged(), "a typed school waits for a check");

    let browser = client();
    let (r, _) = through(&app, &browser, "uni").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/signin/link");
    assert_eq!(
        signed_in_as(&app, &browser).await,
        None,
        "not signed in yet"
    );
    assert!(store::identities::of_user(&mut app.conn(), lin.id())
        .unwrap()
        .is_empty());
    let (status, page) = html(app.get_with(&browser, "/signin/link").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("lin@nccu.example.edu.tw") && page.contains("連結學校帳號"));

    let token = csrf_from(&page).unwrap();
    let r = browser
        .post(app.url("/signin/link"))
        .form(&[("password", "not the password"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    let (status, page) = html(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("這不是此帳號的密碼"), "{page}");
    assert!(store::identities::of_user(&mut app.conn(), lin.id())
        .unwrap()
        .is_empty());
    assert_eq!(signed_in_as(&app, &browser).await, None);

    let r = browser
        .post(app.url("/signin/link"))
        .form(&[("password", GOOD_PASSWORD), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/profile");
    assert_eq!(signed_in_as(&app, &browser).await.as_deref(), Some("lin@"));
    assert!(app
        .audit_actions()
        .contains(&"user.identity_linked".to_string()));
    // The typed school becomes the listed one the university named.
    let profile = store::profiles::find(&mut app.conn(), lin.id())
        .unwrap()
        .unwrap();
    assert_eq!(
        (profile.school_code.as_deref(), profile.school_name.as_str()),
        (Some("0001"), NCCU)
    );
    assert!(profile.school_verified && profile.department_verified && profile.student_verified);
    assert!(!profile.school_flagged());
    // The waiting link is used up.
    let (status, page) = html(app.get_with(&browser, "/signin/link").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("連結等候太久或已使用過"), "{page}");

    let later = client();
    let (r, _) = through(&app, &later, "uni").await;
    assert_eq!(location(&r), "/profile", "no password this time");
    assert_eq!(signed_in_as(&app, &later).await.as_deref(), Some("lin@"));

    // A disabled account stays closed to its university account too.
    contest_portal::service::admin::set_disabled(&app.portal, &f.admin, lin.id(), true).unwrap();
    let (r, _) = through(&app, &client(), "uni").await;
    let (status, page) = html(r).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("此帳號已停用"), "{page}");
}

/// Every refusal comes back to the sign-in page with its reason, never a
/// 500, and signs no one in: an ID token for another audience, an expired
/// one, one whose signature does not match its claims, one carrying an
/// earlier sign-in's nonce, a state replayed or from another browser, the
/// person saying no, and a provider that cannot be reached.
#[actix_web::test]
async fn refusals_are_said_on_the_sign_in_page() {
    let uni = provider("portal-nccu");
    uni.sign_in_as(chen());
    let mut s = settings(&[("uni", &uni)]);
    s[0].1.push_str(",down");
    s.extend([
        (
            "OIDC_DOWN_ISSUER".to_string(),
            "http://127.0.0.1:1".to_string(),
        ),
        ("OIDC_DOWN_CLIENT_ID".to_string(), "x".to_string()),
        ("OIDC_DOWN_NAME".to_string(), "停機大學".to_string()),
    ]);
    let app = app_with(&s).await;

    for (trick, says) in [
        (Trick::WrongAudience, "學校的回應是給其他服務的"),
        (Trick::Expired, "學校的回應已逾時"),
        (Trick::BadSignature, "學校的回應並非由學校簽署"),
    ] {
        uni.trick(trick);
        let browser = client();
        let (r, _) = through(&app, &browser, "uni").await;
        let (status, page) = html(r).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{trick:?}");
        assert!(page.contains(says), "{trick:?}: {page}");
        assert!(
            page.contains("href=\"/signin/oidc/uni\""),
            "the buttons are there to retry"
        );
        assert_eq!(signed_in_as(&app, &browser).await, None, "{trick:?}");
    }
    let mut conn = app.conn();
    assert!(
        store::users::find_by_email(&mut conn, "chen@nccu.example.edu.tw")
            .unwrap()
            .is_none()
    );
    assert!(
        store::users::find_by_email(&mut conn, "someone.else@uni.example.edu.tw")
            .unwrap()
            .is_none()
    );

    // An honest sign-in; then its callback replayed with the state cookie.
    uni.trick(Trick::Honest);
    let browser = client();
    let (r, callback) = through(&app, &browser, "uni").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let issued = uni.tokens_issued();
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = replay
        .get(&callback)
        .header("cookie", format!("cp_oidc_state={}", state_of(&callback)))
        .send()
        .await
        .unwrap();
    let (status, page) = html(r).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("這次登入已使用過"), "{page}");
    assert_eq!(uni.tokens_issued(), issued, "the code was not even tried");

    // A state from another browser (no cookie, or another one's).
    let victim = client();
    let r = victim
        .get(app.url("/signin/oidc/uni"))
        .send()
        .await
        .unwrap();
    let at_provider = location(&r);
    let back = location(&victim.get(&at_provider).send().await.unwrap());
    let (status, page) = html(client().get(&back).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("這次登入已使用過"));

    // The provider gives the nonce of the first sign-in it saw.
    uni.trick(Trick::ReplayNonce);
    let browser = client();
    let (r, _) = through(&app, &browser, "uni").await;
    let (status, page) = html(r).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("學校的回應屬於另一次登入"), "{page}");
    assert_eq!(signed_in_as(&app, &browser).await, None);

    // The person says no at the provider.
    uni.trick(Trick::Honest);
    let browser = client();
    let r = app.get_with(&browser, "/signin/oidc/uni").await;
    let state = url::Url::parse(&location(&r))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let (status, page) = html(
        app.get_with(
            &browser,
            &format!("/signin/oidc/uni/callback?error=access_denied&state={state}"),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("學校沒有確認這次登入"), "{page}");

    // A provider that does not answer, and one that does not exist.
    let (status, page) = html(app.get_with(&client(), "/signin/oidc/down").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("目前無法連上學校的登入服務"), "{page}");
    let (status, _) = app.get_html("/signin/oidc/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = app
        .get_html("/signin/oidc/uni/callback?code=x&state=forged")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("這次登入已使用過"));
}

/// Nothing of a sign-in lives in one process: started on one replica, it
/// finishes on another (behind one public address), and is then used up
/// for both.
#[actix_web::test]
async fn a_sign_in_started_on_one_replica_finishes_on_another() {
    let uni = provider("portal-nccu");
    uni.sign_in_as(chen());
    let s = settings(&[("uni", &uni)]);
    let app = app_with(&s).await;
    let mut pairs: Vec<(&str, &str)> = s.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("BASE_URL", &app.address));
    let replica = app::build(config_for(&app.db, &pairs)).expect("replica builds");
    let replica_address = format!("http://127.0.0.1:{}", replica.port);
    actix_web::rt::spawn(replica.server);

    let browser = client();
    let r = app.get_with(&browser, "/signin/oidc/uni").await;
    let back = location(&browser.get(location(&r)).send().await.unwrap());
    let on_replica = back.replace(&app.address, &replica_address);
    assert_ne!(on_replica, back);
    let cookie = format!("cp_oidc_state={}", state_of(&back));
    // The browser's cookie (for 127.0.0.1, whatever the port) goes along.
    let r = browser.get(&on_replica).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let r = client()
        .get(&back)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let (status, page) = html(r).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("這次登入已使用過"));
}
