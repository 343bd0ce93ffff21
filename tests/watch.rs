//! The watch on what entries depend on, over the bundled demo catalogue with its resources served locally: a sync that loses a declared dataset, and a change of columns that removes a declared field, tell each member of each team once and in their language; the review page and the team's entry page carry the stamp; organisers list the changes; the publishing unit sees what depends on its dataset, and nobody else does.

mod common;

use common::fixture::{self, track, Contest, Entry, Fixture, Someone};
use common::resources::{
    csv_of, demo_columns, first_csv_path, portal_for, serve_demo, ResourceServer,
};
use common::*;
use contest_portal::domain::catalog::Source;
use contest_portal::domain::data_request::{Action, ChangeForm};
use contest_portal::i18n::{t, Lang};
use contest_portal::service::catalog::cards::{refresh, Which};
use contest_portal::service::{self, catalog, Portal};
use contest_portal::store::{self, PageRequest};
use reqwest::StatusCode;

/// 職業災害保險適用行業別及費率表, published by 勞動部勞工保險局; fixture
/// entries declare it with the field 行業類別.
const DATASET: &str = "6262";
const DECLARED_FIELD: &str = "行業類別";
const KIND: &str = "dataset-watch";

/// The dataset watch's notifications of `who`, newest first.
fn told(app: &TestApp, who: &Someone) -> Vec<store::notifications::Notification> {
    store::notifications::list(&mut app.conn(), who.id(), PageRequest::new(None, 200))
        .unwrap()
        .items
        .into_iter()
        .filter(|n| n.kind == KIND)
        .collect()
}

/// The dataset watch's e-mails to `who`.
fn mailed(app: &TestApp, who: &Someone) -> Vec<store::outbox::Mail> {
    app.outbox_for(&who.email)
        .into_iter()
        .filter(|m| m.kind == KIND)
        .collect()
}

fn count(app: &TestApp, table: &str) -> i64 {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<N>(&mut app.conn())
        .unwrap()
        .n
}

/// Two teams building on the dataset: one with a submitted entry (a
/// captain who reads Chinese, a member who reads English and an advisor),
/// one with a draft (advised by the same advisor); and a withdrawn team
/// whose draft declares it too.
struct World {
    contest: Contest,
    captain: Someone,
    member: Someone,
    advisor: Someone,
    drafter: Someone,
    quitter: Someone,
    entry: Entry,
    draft: Entry,
}

async fn world(f: &Fixture<'_>) -> World {
    let contest = f.contest(2026, &[track("勞保組")]);
    let t0 = contest.tracks[0];
    let captain = f.student("captain@nccu.edu.tw").await;
    let member = f.student("member@nccu.edu.tw").await;
    service::accounts::set_language(&f.app.portal, &member.person, Lang::En).unwrap();
    let advisor = f
        .faculty_at("advisor@nccu.edu.tw", fixture::SCHOOL, fixture::DEPARTMENT)
        .await;
    let team = f.team(&contest.tracks, "勞保小幫手", &captain);
    f.join(&team, &member);
    f.advise(&team, &advisor);
    let entry = f.submitted_entry(&team, t0, "職災保費試算").await;

    let drafter = f.student("drafter@ntu.edu.tw").await;
    let other = f.team(&contest.tracks, "草稿隊", &drafter);
    // The advisor advises both teams: told once about both entries.
    f.advise(&other, &advisor);
    let draft = f.saved_entry(&other, t0, "").await;

    let quitter = f.student("quitter@ntu.edu.tw").await;
    let gone_team = f.team(&contest.tracks, "退出隊", &quitter);
    f.saved_entry(&gone_team, t0, "退出的作品").await;
    service::teams::withdraw(&f.app.portal, &quitter.person, gone_team.id).unwrap();
    World {
        contest,
        captain,
        member,
        advisor,
        drafter,
        quitter,
        entry,
        draft,
    }
}

/// An app with the demo catalogue's resources served locally, and a portal
/// that syncs and reads cards through that server.
async fn served() -> (TestApp, ResourceServer, Portal) {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    (app, server, portal)
}

/// A DataGov sync through the local server: every card is read the first
/// time, so the columns are known before anything changes. Nothing fails
/// but a dataset already known to be gone.
async fn sync(portal: &Portal) -> catalog::SyncSummary {
    let s = catalog::sync(portal, Source::DataGov, None, |_| {})
        .await
        .unwrap();
    assert!(
        s.errors
            .iter()
            .all(|e| e == &format!("{DATASET}: HTTP 404")),
        "{:?}",
        s.errors
    );
    s
}

async fn read_card(portal: &Portal) {
    refresh(portal, Which::Datasets(vec![DATASET.into()]), |_| {})
        .await
        .unwrap();
}

#[actix_web::test]
async fn a_sync_that_loses_a_declared_dataset_tells_each_member_once_in_their_language() {
    let (app, server, portal) = served().await;
    let f = Fixture::new(&app);
    let w = world(&f).await;
    sync(&portal).await;
    let everyone = [&w.captain, &w.member, &w.advisor, &w.drafter, &w.quitter];
    for who in everyone {
        assert!(told(&app, who).is_empty(), "a first read changes nothing");
    }

    server.remove_dataset(DATASET);
    let s = sync(&portal).await;
    assert_eq!(s.gone, 1);
    for who in [&w.captain, &w.member, &w.advisor, &w.drafter] {
        assert_eq!(told(&app, who).len(), 1, "{} is told once", who.email);
        assert_eq!(mailed(&app, who).len(), 1, "{} is mailed once", who.email);
    }
    assert!(
        told(&app, &w.quitter).is_empty() && mailed(&app, &w.quitter).is_empty(),
        "a withdrawn team is not told"
    );
    // Each in their own language, naming the dataset and the entry.
    let zh = &mailed(&app, &w.captain)[0];
    assert_eq!(zh.subject, t(Lang::ZhTw, "mail-watch-gone-subject"));
    assert!(zh.body_text.contains(DATASET) && zh.body_text.contains("職災保費試算"));
    assert!(zh.body_text.contains(&w.entry.url()), "{}", zh.body_text);
    let en = &mailed(&app, &w.member)[0];
    assert_eq!(en.subject, t(Lang::En, "mail-watch-gone-subject"));
    assert!(en
        .body_text
        .contains("is no longer in the open-data catalogue"));
    assert!(en.body_text.contains("2026 勞保組"), "{}", en.body_text);
    let both = &mailed(&app, &w.advisor)[0].body_text;
    assert!(
        both.contains(&w.entry.url()) && both.contains(&w.draft.url()),
        "{both}"
    );
    let n = &told(&app, &w.member)[0];
    assert_eq!(n.link, w.entry.url());
    assert_eq!(told(&app, &w.drafter)[0].link, w.draft.url());
    assert_eq!(count(&app, "dataset_changes"), 1);
    assert_eq!(
        count(&app, "dataset_change_entries"),
        2,
        "the submitted entry and the draft"
    );

    // A second sync finds nothing new and sends nothing.
    let again = sync(&portal).await;
    assert_eq!(again.gone, 0);
    for who in [&w.captain, &w.member, &w.advisor, &w.drafter] {
        assert_eq!(told(&app, who).len(), 1, "{}", who.email);
        assert_eq!(mailed(&app, who).len(), 1, "{}", who.email);
    }
    assert_eq!(count(&app, "dataset_changes"), 1);
}

#[actix_web::test]
async fn a_change_of_columns_tells_the_teams_whose_declared_field_went_and_no_one_else() {
    let (app, server, portal) = served().await;
    let f = Fixture::new(&app);
    let w = world(&f).await;
    read_card(&portal).await;
    let path = first_csv_path(DATASET);
    let columns = demo_columns(DATASET);

    // An undeclared column goes: nobody is told, nothing recorded.
    let without_serial: Vec<String> = columns.iter().filter(|c| *c != "序號").cloned().collect();
    server.replace(&path, "text/csv", csv_of(&without_serial).into_bytes());
    read_card(&portal).await;
    for who in [&w.captain, &w.member, &w.advisor, &w.drafter] {
        assert!(told(&app, who).is_empty(), "{}", who.email);
    }
    assert_eq!(count(&app, "dataset_changes"), 0);

    // The declared field goes: each member of each team told once.
    let without_declared: Vec<String> = without_serial
        .iter()
        .filter(|c| *c != DECLARED_FIELD)
        .cloned()
        .collect();
    server.replace(&path, "text/csv", csv_of(&without_declared).into_bytes());
    read_card(&portal).await;
    for who in [&w.captain, &w.member, &w.advisor, &w.drafter] {
        assert_eq!(told(&app, who).len(), 1, "{}", who.email);
        assert_eq!(mailed(&app, who).len(), 1, "{}", who.email);
    }
    assert!(told(&app, &w.quitter).is_empty());
    let en = &mailed(&app, &w.member)[0];
    assert_eq!(en.subject, t(Lang::En, "mail-watch-columns-subject"));
    assert!(en.body_text.contains(DECLARED_FIELD), "{}", en.body_text);
    let zh = &mailed(&app, &w.captain)[0];
    assert_eq!(zh.subject, t(Lang::ZhTw, "mail-watch-columns-subject"));
    assert!(
        zh.body_text.contains("消失的欄位： 行業類別"),
        "{}",
        zh.body_text
    );

    // Read again (the same columns), and by two readers at once after one
    // more change: still one record per change, one message per person.
    read_card(&portal).await;
    assert_eq!(told(&app, &w.captain).len(), 1);
    server.replace(&path, "text/csv", csv_of(&columns).into_bytes());
    read_card(&portal).await;
    assert_eq!(
        told(&app, &w.captain).len(),
        1,
        "a field coming back is news to no one"
    );
    server.replace(&path, "text/csv", csv_of(&without_declared).into_bytes());
    tokio::join!(read_card(&portal), read_card(&portal));
    assert_eq!(
        count(&app, "dataset_changes"),
        2,
        "vanished twice: two changes"
    );
    for who in [&w.captain, &w.member, &w.advisor, &w.drafter] {
        assert_eq!(told(&app, who).len(), 2, "{}", who.email);
        assert_eq!(mailed(&app, who).len(), 2, "{}", who.email);
    }
    assert_eq!(w.contest.tracks.len(), 1);
}

#[actix_web::test]
async fn reviewers_and_the_team_see_the_stamp_and_organisers_the_list() {
    let (app, server, portal) = served().await;
    let f = Fixture::new(&app);
    let w = world(&f).await;
    let later = f.contest(2027, &[track("職安組")]);
    read_card(&portal).await;
    let path = first_csv_path(DATASET);
    let left: Vec<String> = demo_columns(DATASET)
        .into_iter()
        .filter(|c| c != DECLARED_FIELD)
        .collect();
    server.replace(&path, "text/csv", csv_of(&left).into_bytes());
    read_card(&portal).await;
    server.remove_dataset(DATASET);
    sync(&portal).await;

    // The reviewer's page: both changes beside the declared use.
    f.close_submissions(&w.contest);
    let reviewer = f.reviewer("reviewer@mol.gov.tw").await;
    let rc = f.browser(&reviewer).await;
    let r = app
        .get_with(&rc, &format!("/review/entries/{}", w.entry.id))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("class=\"dataset-alerts\""), "{html}");
    assert!(html.contains("在上游變更：已下架"), "{html}");
    assert!(html.contains("宣告的欄位已消失"));
    assert!(html.contains("<span class=\"badge\">行業類別</span>"));

    // The team's own entry page says the same.
    let cc = f.browser(&w.captain).await;
    let html = app
        .get_with(&cc, &w.entry.url())
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("class=\"dataset-alerts\""));
    assert!(html.contains("在上游變更：已下架"));

    // Organisers list the changes, newest first, by contest.
    let admin = app.admin_client().await;
    let html = app
        .get_with(&admin, "/organise/dataset-changes")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("已從目錄下架") && html.contains("宣告的欄位消失"));
    assert!(html.contains("勞保小幫手") && html.contains("草稿隊"));
    assert!(
        !html.contains("退出隊"),
        "a withdrawn team is not on the watch"
    );
    assert!(html.contains(&w.entry.url()));
    let html = app
        .get_with(
            &admin,
            &format!("/organise/dataset-changes?contest={}", later.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&t(Lang::ZhTw, "watch-changes-none")));
    let r = app
        .get_with(
            &admin,
            &format!("/organise/dataset-changes?contest={}&page=1", w.contest.id),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("勞保小幫手"));
    // Paged in SQL: one change a page.
    let mut conn = app.conn();
    let first = store::watch::list(&mut conn, None, PageRequest::new(Some(1), 1)).unwrap();
    let second = store::watch::list(&mut conn, None, PageRequest::new(Some(2), 1)).unwrap();
    assert_eq!(
        (first.total, first.items.len(), second.items.len()),
        (2, 1, 1)
    );
    assert_eq!(first.items[0].kind.as_str(), "gone", "newest first");
    assert_eq!(second.items[0].kind.as_str(), "columns");
    drop(conn);

    // Only organisers.
    for c in [&rc, &cc] {
        let r = app.get_with(c, "/organise/dataset-changes").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}

#[actix_web::test]
async fn the_publishing_unit_sees_what_depends_on_its_dataset_and_no_one_else_does() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let w = world(&f).await;
    // A request for the entry, one closed as open data already (this
    // dataset), and one about something else.
    let for_entry = service::requests::file(
        &app.portal,
        &w.captain.person,
        service::requests::Filing {
            title: "投保薪資分級資料".into(),
            description: "各行業別投保薪資分級人數".into(),
            fields: "行業、級距、人數".into(),
            purpose: "比較各行業投保薪資分布".into(),
            entry_id: w.entry.id.to_string(),
            format: "CSV".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let available = f.request(&w.drafter, "職災保險費率表");
    let version = store::requests::find(&mut app.conn(), available)
        .unwrap()
        .unwrap()
        .version;
    service::requests::act(
        &app.portal,
        &f.admin,
        available,
        Action::CloseAvailable,
        ChangeForm {
            dataset_id: DATASET.into(),
            message: "已開放".into(),
            ..ChangeForm::default()
        },
        version,
    )
    .await
    .unwrap();
    let unrelated = f.request(&w.drafter, "失業給付統計");

    let bli = f.unit_reviewer("bli@bli.gov.tw", "bli").await;
    let osha = f.unit_reviewer("osha@osha.gov.tw", "osha").await;
    let page = format!("/catalog/{DATASET}");
    let own = format!("/catalog/{DATASET}/dependents");

    for who in [&bli] {
        let c = f.browser(who).await;
        for path in [&page, &own] {
            let r = app.get_with(&c, path).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let html = r.text().await.unwrap();
            assert!(html.contains("id=\"dependents-heading\""), "{path}");
            assert!(html.contains("勞保小幫手") && html.contains("職災保費試算"));
            assert!(html.contains("草稿隊"), "drafts count");
            assert!(!html.contains("退出隊"), "a withdrawn team does not");
            assert!(html.contains(DECLARED_FIELD));
            assert!(html.contains(&format!("/requests/{for_entry}")));
            assert!(html.contains(&format!("/requests/{available}")));
            assert!(!html.contains(&format!("/requests/{unrelated}\"")));
            // Nothing about the people, and not the entry itself.
            assert!(!html.contains("captain@nccu.edu.tw") && !html.contains("Real "));
            assert!(!html.contains(&w.entry.url()));
        }
    }
    // Organisers see the same.
    let admin = app.admin_client().await;
    let html = app.get_with(&admin, &own).await.text().await.unwrap();
    assert!(html.contains("勞保小幫手"));
    assert!(
        html.contains(&w.entry.url()),
        "organisers may open the entries"
    );

    // Another unit's reviewer, a student and the public: not the list.
    let oc = f.browser(&osha).await;
    let sc = f.browser(&w.captain).await;
    for c in [&oc, &sc] {
        let r = app.get_with(c, &page).await;
        assert_eq!(r.status(), StatusCode::OK, "the dataset page is public");
        let html = r.text().await.unwrap();
        assert!(!html.contains("dependents-heading"));
        assert!(!html.contains("草稿隊"));
        assert_eq!(app.get_with(c, &own).await.status(), StatusCode::FORBIDDEN);
    }
    let (status, html) = app.get_html(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("dependents-heading"));
    assert_eq!(
        app.get(&own).await.status(),
        StatusCode::SEE_OTHER,
        "sign in first"
    );
    assert_eq!(
        app.get_with(&admin, "/catalog/999999999/dependents")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn the_same_change_recorded_twice_is_one_and_the_transaction_goes_on() {
    use contest_portal::db;
    use contest_portal::domain::watch::{gone_key, ChangeKind};
    use contest_portal::store::watch::{record_change, NewChange};
    let app = spawn_app().await;
    let mut conn = app.conn();
    let d = store::catalog::find_by_source_id(&mut conn, DATASET)
        .unwrap()
        .unwrap();
    let at = chrono::Utc::now().naive_utc();
    let key = gone_key(at);
    let change = NewChange {
        dataset_id: d.id,
        kind: ChangeKind::Gone,
        key: &key,
        before: &[],
        after: &[],
        at,
    };
    let first = db::transaction(&mut conn, |c| record_change(c, &change)).unwrap();
    assert!(first.is_some());
    // Inside a transaction that goes on to write: the duplicate is refused
    // in its own savepoint, and the rest of the transaction stands.
    let (second, still) = db::transaction(&mut conn, |c| {
        let second = record_change(c, &change)?;
        let still = store::catalog::find_by_source_id(c, DATASET)?.is_some();
        Ok::<_, diesel::result::Error>((second, still))
    })
    .unwrap();
    assert_eq!(second, None);
    assert!(still);
    drop(conn);
    assert_eq!(count(&app, "dataset_changes"), 1);
}
