//! The teammate finder (issue 16, part 1), over HTTP: a 勞動關係 student and
//! a 資訊工程 student find each other (complementary disciplines first),
//! exchange a request, see each other's e-mail only after acceptance and
//! form a cross-department team; cards leave the list when a team is full
//! or registration closes; organisers hide abusive cards and edit the
//! keyword table (audited); refusals are 403/404/409/422/429, never 500.

mod common;

use common::fixture::{track, Contest, Fixture, Someone};
use common::*;
use contest_portal::domain::finder::{self, CardInput, DEFAULT_KEYWORDS};
use contest_portal::domain::role::Role;
use contest_portal::domain::throttle::FINDER_CONTACTS_PER_ACCOUNT;
use contest_portal::service::{self, teams::TeamBundle};
use contest_portal::store::{self, PageRequest};
use reqwest::StatusCode;

const YEAR: i32 = 2026;
const FINDER: &str = "/contests/2026/finder";
const CONTACTS: &str = "/contests/2026/finder/contacts";

/// A contest whose one track takes teams of at most two students.
fn contest_of_pairs(f: &Fixture) -> Contest {
    let mut t = track("勞工保障智慧服務組");
    t.max_students = 2;
    f.contest(YEAR, &[t])
}

async fn page(app: &TestApp, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let r = app.get_with(c, path).await;
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// Posts a card from the card form, as a browser would.
async fn post_card(
    app: &TestApp,
    c: &reqwest::Client,
    discipline: &str,
    skills: &str,
    tracks: &[i32],
) -> reqwest::Response {
    let ids: Vec<String> = tracks.iter().map(i32::to_string).collect();
    let mut fields = vec![
        ("discipline", discipline),
        ("skills", skills),
        ("idea", "用勞保與職災開放資料做一個給勞工的給付試算服務"),
    ];
    for id in &ids {
        fields.push(("track", id));
    }
    app.post_with(c, &format!("{FINDER}/card"), &fields).await
}

/// A card saved through the service (for the people a test only needs on
/// the list).
fn card_of(f: &Fixture, who: &Someone, discipline: &str) -> i32 {
    let input = CardInput {
        discipline: discipline.into(),
        skills: "資料分析".into(),
        idea: "想找不同科系的夥伴".into(),
        tracks: Vec::new(),
    };
    service::finder::save_card(&f.app.portal, &who.person, YEAR, &input).unwrap();
    card_id(f.app, who)
}

fn card_id(app: &TestApp, who: &Someone) -> i32 {
    let c = store::contests::find_by_year(&mut app.conn(), YEAR)
        .unwrap()
        .unwrap();
    store::finder::of_user(&mut app.conn(), c.id, who.id())
        .unwrap()
        .expect("the card exists")
        .id
}

/// Where card `id` stands on a page (None: not there).
fn at(html: &str, id: i32) -> Option<usize> {
    html.find(&format!("id=\"card-{id}\""))
}

async fn ask(app: &TestApp, c: &reqwest::Client, card: i32, message: &str) -> reqwest::Response {
    app.post_with(
        c,
        &format!("/finder/cards/{card}/contact"),
        &[("message", message), ("year", "2026"), ("back", FINDER)],
    )
    .await
}

fn contact_id(app: &TestApp, card: i32, requester: &Someone) -> i32 {
    store::finder::contact_of(&mut app.conn(), card, requester.id())
        .unwrap()
        .expect("the request exists")
        .id
}

fn notified(app: &TestApp, who: &Someone) -> Vec<String> {
    store::notifications::list(&mut app.conn(), who.id(), PageRequest::new(None, 50))
        .unwrap()
        .items
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

#[actix_web::test]
async fn a_labour_relations_student_and_a_computing_student_form_a_cross_department_team() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = contest_of_pairs(&f);
    let track_id = contest.tracks[0].id;
    let labour = f
        .student_at("mei@ccu.edu.tw", "國立中正大學", "勞動關係學系")
        .await;
    let cs = f
        .student_at("wei@ntu.edu.tw", "國立臺灣大學", "資訊工程學系")
        .await;
    let letters = f
        .student_at("lit@nccu.edu.tw", "國立政治大學", "中國文學系")
        .await;
    let social = f
        .student_at("sw@ntu.edu.tw", "國立臺灣大學", "社會工作學系")
        .await;
    let (bl, bc) = (f.browser(&labour).await, f.browser(&cs).await);

    // The card form suggests each student's group from the department.
    let (status, html) = page(&app, &bl, &format!("{FINDER}/card")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<option value=\"labour_social\" selected>"),
        "{html}"
    );
    assert!(html.contains("勞動關係學系") && html.contains("國立中正大學"));
    let (_, html) = page(&app, &bc, &format!("{FINDER}/card")).await;
    assert!(html.contains("<option value=\"computing\" selected>"));

    // Oldest first: the computing student's card, then the others, so
    // that newest-first alone would put it last.
    let r = post_card(&app, &bc, "computing", "Python、資料視覺化", &[track_id]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), FINDER);
    let cs_card = card_id(&app, &cs);
    let letters_card = card_of(&f, &letters, "other");
    let social_card = card_of(&f, &social, "labour_social");
    let r = post_card(&app, &bl, "labour_social", "勞動法規、訪談", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let labour_card = card_id(&app, &labour);
    let team = f.team(&contest.tracks, "跨域勞資隊", &cs);

    // The labour student sees the computing card first, their own group last.
    let (status, html) = page(&app, &bl, FINDER).await;
    assert_eq!(status, StatusCode::OK);
    let (c, l, s) = (
        at(&html, cs_card).expect("computing card listed"),
        at(&html, letters_card).expect("other card listed"),
        at(&html, social_card).expect("same-group card listed"),
    );
    assert!(c < l && l < s, "complementary first: {c} {l} {s}");
    assert!(
        at(&html, labour_card).is_none(),
        "one's own card is not in the list"
    );
    assert!(html.contains("最互補"));
    // … and the reverse: the computing student sees both labour-side cards
    // before the other one.
    let (_, html) = page(&app, &bc, FINDER).await;
    let (lab, soc, lit) = (
        at(&html, labour_card).unwrap(),
        at(&html, social_card).unwrap(),
        at(&html, letters_card).unwrap(),
    );
    assert!(lab < lit && soc < lit, "{lab} {soc} {lit}");
    // No address anywhere before consent.
    assert!(!html.contains(&labour.email) && !html.contains(&social.email));

    // Filters, in the query: discipline, school, track.
    let (_, html) = page(&app, &bc, &format!("{FINDER}?discipline=labour_social")).await;
    assert!(at(&html, labour_card).is_some() && at(&html, social_card).is_some());
    assert!(at(&html, letters_card).is_none());
    let school: String = url::form_urlencoded::byte_serialize("國立中正大學".as_bytes()).collect();
    let (_, html) = page(&app, &bc, &format!("{FINDER}?school={school}")).await;
    assert!(at(&html, labour_card).is_some() && at(&html, social_card).is_none());
    let (_, html) = page(&app, &bl, &format!("{FINDER}?track={track_id}")).await;
    assert!(at(&html, cs_card).is_some(), "names the track");
    assert!(at(&html, letters_card).is_some(), "names no track: any");

    // The computing student asks; the labour student is told, in the
    // portal and by e-mail.
    let r = ask(
        &app,
        &bc,
        labour_card,
        "我們需要懂勞動法規的隊友，想聊聊嗎？",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), FINDER);
    assert!(notified(&app, &labour).contains(&"finder-contact".to_string()));
    let mail = &app.outbox_for(&labour.email)[0];
    assert_eq!(mail.subject, "有同學想和您組隊");
    assert!(mail.body_text.contains("我們需要懂勞動法規的隊友"));
    assert!(mail.body_text.contains(CONTACTS));
    assert!(
        !mail.body_text.contains(&cs.email),
        "no address before consent"
    );
    // Asking again is refused (409), and the list says it was asked.
    let r = ask(&app, &bc, labour_card, "再問一次").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (_, html) = page(&app, &bc, FINDER).await;
    assert!(html.contains("等待回覆"));

    // Neither sees the other's address while the request waits.
    let (_, html) = page(&app, &bl, CONTACTS).await;
    assert!(html.contains("我們需要懂勞動法規的隊友"));
    assert!(!html.contains(&cs.email));
    let (_, html) = page(&app, &bc, CONTACTS).await;
    assert!(!html.contains(&labour.email));

    // The requester reads English now: the answer reaches them in English.
    bc.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    let contact = contact_id(&app, labour_card, &cs);
    let r = app
        .post_with(&bl, &format!("/finder/contacts/{contact}/accept"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), CONTACTS);
    let mail = &app.outbox_for(&cs.email)[0];
    assert_eq!(mail.subject, "Your contact request was accepted");
    assert!(notified(&app, &cs).contains(&"finder-contact".to_string()));
    // Answered once.
    let r = app
        .post_with(&bl, &format!("/finder/contacts/{contact}/decline"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // Now both see each other's address, and the captain may invite.
    let (_, html) = page(&app, &bl, CONTACTS).await;
    assert!(html.contains(&format!("mailto:{}", cs.email)));
    assert!(
        !html.contains("/invites/email"),
        "no team, nothing to invite to"
    );
    let (_, html) = page(&app, &bc, CONTACTS).await;
    assert!(html.contains(&format!("mailto:{}", labour.email)));
    let invite = format!("action=\"/teams/{}/invites/email\"", team.id);
    assert!(html.contains(&invite), "{html}");

    // The invitation by e-mail, from that form; the labour student joins.
    let r = app
        .post_with(
            &bc,
            &format!("/teams/{}/invites/email", team.id),
            &[("email", labour.email.as_str()), ("role", "student")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let join = app.mailed_link(&labour.email, "/join/");
    let join = join
        .split_once("/join/")
        .map(|(_, t)| format!("/join/{t}"))
        .unwrap();
    let r = app.post_with(&bl, &join, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let b = TeamBundle::load(&mut app.conn(), team.id).unwrap();
    assert_eq!(b.facts().students.len(), 2);
    assert!(b.cross_department() && b.cross_school());
    let (_, html) = page(&app, &bl, &format!("/teams/{}", team.id)).await;
    assert!(html.contains("跨系"));

    // The team is full: both cards leave the list (nothing hid them), and
    // the owner is told why.
    let bs = f.browser(&social).await;
    let (_, html) = page(&app, &bs, FINDER).await;
    assert!(at(&html, labour_card).is_none() && at(&html, cs_card).is_none());
    assert!(at(&html, letters_card).is_some());
    let (_, html) = page(&app, &bl, FINDER).await;
    assert!(html.contains("您的團隊人數已滿"), "{html}");
    // Asking for a card that left the list is refused.
    let r = ask(&app, &bs, cs_card, "還有空位嗎？").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The finder's link is gone from the full team's page.
    let (_, html) = page(&app, &bc, &format!("/teams/{}", team.id)).await;
    assert!(!html.contains(FINDER));

    // A declined request shares nothing.
    let r = ask(&app, &bs, letters_card, "一起做社福資料？").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let bt = f.browser(&letters).await;
    let contact = contact_id(&app, letters_card, &social);
    let r = app
        .post_with(&bt, &format!("/finder/contacts/{contact}/decline"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.outbox_for(&social.email)[0].subject,
        "您的聯絡邀約已被婉拒"
    );
    let (_, html) = page(&app, &bs, CONTACTS).await;
    assert!(html.contains("已婉拒") && !html.contains(&letters.email));
}

#[actix_web::test]
async fn home_team_and_contest_pages_lead_a_student_without_a_full_team_to_the_finder() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = contest_of_pairs(&f);
    let alone = f.student("alone@nccu.edu.tw").await;
    let captain = f.student("cap@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, "兩人隊", &captain);
    let (ba, bc) = (f.browser(&alone).await, f.browser(&captain).await);
    for (c, path) in [
        (&ba, "/"),
        (&ba, "/teams"),
        (&ba, "/contests/2026"),
        (&bc, "/"),
        (&bc, &format!("/teams/{}", team.id)),
    ] {
        let (status, html) = page(&app, c, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            html.contains(&format!("href=\"{FINDER}\"")),
            "{path}: {html}"
        );
    }
    // A full team's captain is not sent looking.
    let mate = f.student("mate@nccu.edu.tw").await;
    f.join(&team, &mate);
    let (_, html) = page(&app, &bc, "/").await;
    assert!(!html.contains(&format!("href=\"{FINDER}\"")));
}

#[actix_web::test]
async fn who_may_read_the_finder_and_act_on_a_card() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = contest_of_pairs(&f);
    let owner = f
        .student_at("owner@ccu.edu.tw", "國立中正大學", "勞工關係學系")
        .await;
    let asker = f.student("asker@nccu.edu.tw").await;
    let other = f.student("other@nccu.edu.tw").await;
    let card = card_of(&f, &owner, "labour_social");
    let r = ask(&app, &f.browser(&asker).await, card, "你好").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let contact = contact_id(&app, card, &asker);

    // Anonymous: sign in first, for pages and forms alike.
    let anon = client();
    let r = app.get_with(&anon, FINDER).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/signin?next="));
    let r = ask(&app, &anon, card, "hi").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/signin"));

    // A judge may not read students' cards, nor ask.
    let judge = f.with_role("judge@mol.gov.tw", Role::Judge).await;
    let bj = f.browser(&judge).await;
    for path in [FINDER, CONTACTS, &format!("{FINDER}/card")] {
        assert_eq!(
            page(&app, &bj, path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        ask(&app, &bj, card, "hi").await.status(),
        StatusCode::FORBIDDEN
    );
    // Faculty: the finder is for students. No profile yet: the profile first.
    let teacher = f
        .faculty_at("prof@ccu.edu.tw", "國立中正大學", "勞工關係學系")
        .await;
    let (status, html) = page(&app, &f.browser(&teacher).await, FINDER).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("尋找隊友只開放給學生使用"));
    let newcomer = f.account("new@nccu.edu.tw", "新生").await;
    let r = app.get_with(&f.browser(&newcomer).await, FINDER).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/profile?next="));

    // Only the card's owner answers: another student is told there is no
    // such request, the requester that they may not.
    let bo = f.browser(&other).await;
    let accept = format!("/finder/contacts/{contact}/accept");
    assert_eq!(
        app.post_with(&bo, &accept, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let ba = f.browser(&asker).await;
    assert_eq!(
        app.post_with(&ba, &accept, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_with(&bo, "/finder/contacts/999999/accept", &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ask(&app, &bo, 999_999, "hi").await.status(),
        StatusCode::NOT_FOUND
    );
    // One's own card is not asked for.
    let bw = f.browser(&owner).await;
    assert_eq!(
        ask(&app, &bw, card, "me").await.status(),
        StatusCode::FORBIDDEN
    );
    // Organisers' pages are theirs.
    let hide = format!("/organise/finder/cards/{card}/hide");
    let fields = [("reason", "廣告"), ("year", "2026"), ("back", FINDER)];
    assert_eq!(
        app.post_with(&bo, &hide, &fields).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        page(&app, &bo, "/organise/finder/keywords").await.0,
        StatusCode::FORBIDDEN
    );
    // A draft contest does not exist for students.
    let draft = service::contests::create(
        &app.portal,
        &f.admin,
        &service::contests::ContestDraft {
            year: "2030".into(),
            title: "草稿".into(),
            ..Default::default()
        },
    );
    assert!(draft.is_ok());
    assert_eq!(
        page(&app, &bo, "/contests/2030/finder").await.0,
        StatusCode::NOT_FOUND
    );
    let _ = contest;
}

#[actix_web::test]
async fn organisers_hide_an_abusive_card_with_a_reason_its_owner_reads() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    contest_of_pairs(&f);
    let spammer = f.student("spam@nccu.edu.tw").await;
    let reader = f.student("reader@nccu.edu.tw").await;
    let card = card_of(&f, &spammer, "other");
    let organiser = f.organiser("org@mol.gov.tw").await;
    let bo = f.browser(&organiser).await;
    let (status, html) = page(&app, &bo, FINDER).await;
    assert_eq!(status, StatusCode::OK);
    assert!(at(&html, card).is_some(), "organisers read the list");
    assert!(html.contains(&format!("action=\"/organise/finder/cards/{card}/hide\"")));

    // A reason is required.
    let hide = format!("/organise/finder/cards/{card}/hide");
    let r = app
        .post_with(
            &bo,
            &hide,
            &[("reason", " "), ("year", "2026"), ("back", FINDER)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with(
            &bo,
            &hide,
            &[
                ("reason", "重複張貼廣告"),
                ("year", "2026"),
                ("back", FINDER),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app.audit_actions().contains(&"finder.hide".to_string()));

    let br = f.browser(&reader).await;
    let (_, html) = page(&app, &br, FINDER).await;
    assert!(at(&html, card).is_none(), "hidden from students");
    assert_eq!(
        ask(&app, &br, card, "hi").await.status(),
        StatusCode::NOT_FOUND
    );
    let bs = f.browser(&spammer).await;
    let (_, html) = page(&app, &bs, FINDER).await;
    assert!(html.contains("主辦單位隱藏了這張名片") && html.contains("重複張貼廣告"));
    let (_, html) = page(&app, &bo, FINDER).await;
    assert!(
        html.contains("重複張貼廣告"),
        "organisers see the hidden cards"
    );
    // Saving the card again does not undo the organisers' decision.
    let input = CardInput {
        discipline: "other".into(),
        skills: "行銷".into(),
        idea: "再貼一次".into(),
        tracks: Vec::new(),
    };
    service::finder::save_card(&app.portal, &spammer.person, YEAR, &input).unwrap();
    let (_, html) = page(&app, &br, FINDER).await;
    assert!(at(&html, card).is_none());

    let show = format!("/organise/finder/cards/{card}/show");
    let r = app.post_with(&bo, &show, &[("back", FINDER)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app.audit_actions().contains(&"finder.show".to_string()));
    let (_, html) = page(&app, &br, FINDER).await;
    assert!(at(&html, card).is_some());
}

#[actix_web::test]
async fn organisers_change_the_keyword_table_and_every_change_is_audited() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    contest_of_pairs(&f);
    // The table starts as the domain's.
    let stored: Vec<(String, finder::Discipline)> = store::finder::keywords(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|k| (k.keyword, k.discipline))
        .collect();
    assert_eq!(stored.len(), DEFAULT_KEYWORDS.len());
    for (k, d) in DEFAULT_KEYWORDS {
        assert!(stored.contains(&(finder::normalise(k), d)), "{k}");
    }

    let organiser = f.organiser("org@mol.gov.tw").await;
    let bo = f.browser(&organiser).await;
    let try_it = |name: &str| {
        format!(
            "/organise/finder/keywords?try={}",
            url::form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
        )
    };
    let (status, html) = page(&app, &bo, &try_it("勞工關係學系")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("勞工關係學系 → <strong>勞工關係／社會工作</strong>"),
        "{html}"
    );
    assert!(
        html.contains("資訊與圖書館學系"),
        "the sample departments are shown"
    );
    let (_, html) = page(&app, &bo, &try_it("公共行政學系")).await;
    assert!(html.contains("→ <strong>其他</strong>"));

    // Add: 公共行政 goes with law.
    let r = app
        .post_with(
            &bo,
            "/organise/finder/keywords",
            &[("keyword", "公共 行政"), ("discipline", "law")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &bo, &try_it("公共行政學系")).await;
    assert!(html.contains("→ <strong>法律</strong>"));
    // Twice: refused beside the field; control and invisible characters too.
    for (keyword, status) in [
        ("公共行政", StatusCode::CONFLICT),
        ("公共\u{202E}行政", StatusCode::UNPROCESSABLE_ENTITY),
        ("a\u{1}b", StatusCode::UNPROCESSABLE_ENTITY),
        ("", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let r = app
            .post_with(
                &bo,
                "/organise/finder/keywords",
                &[("keyword", keyword), ("discipline", "law")],
            )
            .await;
        assert_eq!(r.status(), status, "{keyword:?}");
    }
    let id = store::finder::keywords(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|k| k.keyword == "公共行政")
        .unwrap()
        .id;
    let r = app
        .post_with(
            &bo,
            &format!("/organise/finder/keywords/{id}"),
            &[("discipline", "econ_management")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &bo, &try_it("公共行政學系")).await;
    assert!(html.contains("→ <strong>經濟／管理</strong>"));
    // A student's suggestion follows the table.
    let student = f
        .student_at("pa@nccu.edu.tw", "國立政治大學", "公共行政學系")
        .await;
    let (_, html) = page(&app, &f.browser(&student).await, &format!("{FINDER}/card")).await;
    assert!(html.contains("<option value=\"econ_management\" selected>"));
    let r = app
        .post_with(&bo, &format!("/organise/finder/keywords/{id}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let actions = app.audit_actions();
    for a in [
        "finder.keyword.add",
        "finder.keyword.change",
        "finder.keyword.delete",
    ] {
        assert!(actions.contains(&a.to_string()), "{a}: {actions:?}");
    }
}

#[actix_web::test]
async fn typed_text_follows_the_text_rules_and_nothing_refused_is_stored() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    contest_of_pairs(&f);
    let student = f.student("typist@nccu.edu.tw").await;
    let b = f.browser(&student).await;
    for (skills, message) in [
        ("Python\u{0}", "error-text-control"),
        ("Py\u{202E}thon", "error-text-invisible"),
        ("", "error-required"),
    ] {
        let r = post_card(&app, &b, "computing", skills, &[]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{skills:?}");
        let html = r.text().await.unwrap();
        let expected = contest_portal::i18n::t(contest_portal::i18n::Lang::ZhTw, message);
        assert!(html.contains(&expected), "{skills:?}: {html}");
    }
    let r = post_card(&app, &b, "astrology", "Python", &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_card(&app, &b, "computing", "Python", &[999_999]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let c = store::contests::find_by_year(&mut app.conn(), YEAR)
        .unwrap()
        .unwrap();
    assert!(store::finder::of_user(&mut app.conn(), c.id, student.id())
        .unwrap()
        .is_none());

    let owner = f.student("owner@nccu.edu.tw").await;
    let card = card_of(&f, &owner, "law");
    for message in ["", "hi\u{1b}[31m", &"字".repeat(finder::MESSAGE_MAX + 1)] {
        let r = ask(&app, &b, card, message).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message:?}");
    }
    assert!(
        store::finder::contact_of(&mut app.conn(), card, student.id())
            .unwrap()
            .is_none()
    );
    // A school filter holding a control character is refused, not searched.
    let (status, _) = page(&app, &b, &format!("{FINDER}?school=%1B")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn the_same_request_sent_twice_at_once_is_stored_once() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let f = Fixture::new(&app);
    contest_of_pairs(&f);
    let owner = f.student("owner@nccu.edu.tw").await;
    let asker = f.student("asker@nccu.edu.tw").await;
    let card = card_of(&f, &owner, "law");
    let b = f.browser(&asker).await;
    open_pools(&b, &[&app.address, &replica], FINDER, 4).await;
    let token = app.csrf_for(&b).await;
    let path = format!("/finder/cards/{card}/contact");
    let posts = [app.address.clone(), replica.clone()].map(|base| {
        b.post(format!("{base}{path}"))
            .form(&[
                ("message", "想一起參賽"),
                ("year", "2026"),
                ("back", FINDER),
                ("csrf_token", token.as_str()),
            ])
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert!(store::finder::contact_of(&mut app.conn(), card, asker.id())
        .unwrap()
        .is_some());
    assert_eq!(
        app.outbox_for(&owner.email).len(),
        2,
        "the confirmation and one request"
    );
}

#[actix_web::test]
async fn contact_requests_are_rate_limited() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    contest_of_pairs(&f);
    let owner = f.student("owner@nccu.edu.tw").await;
    let asker = f.student("asker@nccu.edu.tw").await;
    let card = card_of(&f, &owner, "law");
    // The day's requests already sent.
    let now = chrono::Utc::now().naive_utc();
    for i in 0..FINDER_CONTACTS_PER_ACCOUNT.max {
        store::throttle::record(
            &mut app.conn(),
            &FINDER_CONTACTS_PER_ACCOUNT,
            &asker.id().to_string(),
            now - chrono::Duration::minutes(i),
        )
        .unwrap();
    }
    let r = ask(&app, &f.browser(&asker).await, card, "想一起參賽").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(store::finder::contact_of(&mut app.conn(), card, asker.id())
        .unwrap()
        .is_none());
}

#[actix_web::test]
async fn cards_leave_the_list_when_registration_closes() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = contest_of_pairs(&f);
    let owner = f.student("owner@nccu.edu.tw").await;
    let reader = f.student("reader@nccu.edu.tw").await;
    let card = card_of(&f, &owner, "law");
    let br = f.browser(&reader).await;
    assert!(at(&page(&app, &br, FINDER).await.1, card).is_some());
    f.close_registration(&contest);
    let (status, html) = page(&app, &br, FINDER).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("報名已截止，名片不再列出"));
    assert!(at(&html, card).is_none());
    let (_, html) = page(&app, &f.browser(&owner).await, FINDER).await;
    assert!(html.contains("已截止報名，名片不再列出"), "{html}");
    let r = post_card(&app, &br, "law", "法律", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        ask(&app, &br, card, "hi").await.status(),
        StatusCode::FORBIDDEN
    );
}
