//! Entries: declaring datasets with their use, the pre-check, saving,
//! submitting and versions, conflicts between two editors, the proposal
//! upload, deadlines, access, and the organisers' list.

mod common;

use common::contest::*;
use common::*;
use reqwest::StatusCode;

const USE_A: &str = "依行業別費率計算各產業職災保費負擔並製作比較圖表";
const USE_B: &str = "結合保險費負擔比例試算勞工與雇主各自負擔的保費金額";

fn entry_track() -> contest_portal::store::contests::TrackInput {
    let mut t = track("勞保組");
    t.min_advisors = 0;
    t.min_datasets = 2;
    t.counted_publishers = "勞動部\n勞動部勞工保險局".into();
    t
}

struct Team {
    setup: Setup,
    team: i32,
    captain: reqwest::Client,
    url: String,
}

async fn team_with_entry(app: &TestApp) -> Team {
    let setup = open_contest(app, 2026, vec![entry_track()]);
    let captain = person(
        app,
        "entry@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    let team = register_team(app, &captain, setup.year, "作品隊", &setup.tracks).await;
    let url = format!("/teams/{team}/entries/{}", setup.tracks[0]);
    Team {
        setup,
        team,
        captain,
        url,
    }
}

fn entry_fields<'a>(
    version: &'a str,
    action: &'a str,
    title: &'a str,
    usage_b: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("action", action),
        ("title", title),
        (
            "abstract",
            "以勞保局開放資料協助勞工試算保費與職災給付，讓勞工了解自身保障。",
        ),
        ("ds_id_0", "6262"),
        ("ds_fields_0", "行業類別、職災費率％"),
        ("ds_usage_0", USE_A),
        ("ds_depth_0", "2"),
        ("ds_id_1", "40324"),
        ("ds_fields_1", "負擔比例"),
        ("ds_usage_1", usage_b),
        ("ds_depth_1", "3"),
    ]
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    url: &str,
    data: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    let html = app.get_with(c, url).await.text().await.unwrap();
    let token = csrf_from(&html).unwrap();
    let part = reqwest::multipart::Part::bytes(data).file_name(name.to_string());
    c.post(app.url(&format!("{url}/proposal?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("proposal", part))
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_team_declares_datasets_passes_the_precheck_submits_and_keeps_versions() {
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(html.contains("尚未開始") && html.contains("請申報作品使用的開放資料集"));

    // Tricky usage texts are caught by the pre-check, not refused: drafts may be rough.
    let r = app
        .post_with(
            &t.captain,
            &t.url,
            &entry_fields("0", "save", "勞保小幫手", USE_A),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(
        html.contains("以下資料集貼了相同文字"),
        "one text for two datasets"
    );
    assert!(html.contains("請上傳企劃書 PDF"));

    // A renamed HTML file is not a PDF.
    let r = upload(
        &app,
        &t.captain,
        &t.url,
        b"<html>not a pdf</html>".to_vec(),
        "proposal.pdf",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("只接受 PDF 檔"));
    let r = upload(
        &app,
        &t.captain,
        &t.url,
        b"%PDF-1.7\n% proposal\n%%EOF".to_vec(),
        "proposal.pdf",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = app
        .post_with(
            &t.captain,
            &t.url,
            &entry_fields("2", "submit", "勞保小幫手", USE_B),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(
        html.contains("已繳交") && html.contains("可送審"),
        "the pre-check is green"
    );
    // Still editable before the deadline: a new version, still submitted.
    let r = app
        .post_with(
            &t.captain,
            &t.url,
            &entry_fields("3", "save", "勞保小幫手 2.0", USE_B),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(html.contains("第 4 版") && html.contains("已繳交"));
    let r = app
        .get_with(&t.captain, &format!("{}/versions?a=3&b=4", t.url))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("勞保小幫手 2.0") && html.contains("作品名稱"));
    assert_eq!(
        app.get_with(&t.captain, &format!("{}/versions?a=2&b=99", t.url))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .get_with(&t.captain, &format!("{}/proposal", t.url))
        .await;
    assert_eq!(r.headers().get("content-type").unwrap(), "application/pdf");

    // A new proposal is a new version; the submitted one stays in the history.
    let r = upload(
        &app,
        &t.captain,
        &t.url,
        b"%PDF-1.7\n% second\n%%EOF".to_vec(),
        "v2.pdf",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app
        .get_with(&t.captain, &format!("{}/versions?a=4&b=5", t.url))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("企劃書"), "the proposal change is listed");

    // The dataset page counts the entry.
    let html = app.get_html("/catalog/6262").await.1;
    assert!(
        html.contains("<td data-label=\"使用作品\">1</td>"),
        "{html}"
    );
    assert!(app.audit_actions().contains(&"entry.submit".to_string()));
}

#[actix_web::test]
async fn a_stale_save_is_refused_and_keeps_the_users_text() {
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;
    let (link, _) = invites(&app, &t.captain, t.team).await;
    let mate = person(
        &app,
        "mate3@nccu.edu.tw",
        "student",
        "國立政治大學",
        "統計學系",
    )
    .await;
    app.post_with(&mate, &link, &[]).await;
    app.post_with(
        &t.captain,
        &t.url,
        &entry_fields("0", "save", "第一版", USE_B),
    )
    .await;
    // Both have version 1 open; the captain saves first.
    app.post_with(
        &t.captain,
        &t.url,
        &entry_fields("1", "save", "隊長的修改", USE_B),
    )
    .await;
    let r = app
        .post_with(
            &mate,
            &t.url,
            &entry_fields("1", "save", "隊員的修改", USE_B),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"隊員的修改\""), "no lost work");
    assert!(html.contains("隊長的修改"), "the other save is shown");
    assert!(
        html.contains("name=\"version\" value=\"2\""),
        "saving again is based on the latest version"
    );
    let mut conn = app.conn();
    let e = contest_portal::store::entries::find(&mut conn, t.team, t.setup.tracks[0])
        .unwrap()
        .unwrap();
    assert_eq!(e.title, "隊長的修改");
}

#[actix_web::test]
async fn access_deadlines_and_unknown_datasets() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let app = spawn_app_with(&[("CATALOG_DATAGOV_URL", &dead)]).await;
    let t = team_with_entry(&app).await;
    app.post_with(
        &t.captain,
        &t.url,
        &entry_fields("0", "save", "作品", USE_B),
    )
    .await;

    // Another team and strangers see nothing; anonymous visitors sign in first.
    let other = person(
        &app,
        "other@ntu.edu.tw",
        "student",
        "國立臺灣大學",
        "資訊管理學系",
    )
    .await;
    register_team(&app, &other, t.setup.year, "別隊", &t.setup.tracks).await;
    assert_eq!(
        app.get_with(&other, &t.url).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_with(&other, &t.url, &entry_fields("1", "save", "x", USE_B))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&other, &format!("{}/proposal", t.url))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&client(), &t.url).await.status(),
        StatusCode::SEE_OTHER
    );

    // An id that is neither local nor on data.gov.tw is refused with the input kept.
    let mut fields = entry_fields("1", "save", "作品", USE_B);
    fields[4] = ("ds_id_0", "99999999");
    let r = app.post_with(&t.captain, &t.url, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"99999999\""));

    // Advisors read and endorse, but do not edit.
    let (_, advisor_link) = invites(&app, &t.captain, t.team).await;
    let prof = person(
        &app,
        "adv@nccu.edu.tw",
        "faculty",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    app.post_with(&prof, &advisor_link, &[]).await;
    assert_eq!(app.get_with(&prof, &t.url).await.status(), StatusCode::OK);
    assert_eq!(
        app.post_with(&prof, &t.url, &entry_fields("1", "save", "x", USE_B))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_with(&prof, &format!("{}/endorse", t.url), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_with(&t.captain, &format!("{}/endorse", t.url), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // After the deadline the entry is read-only, until a team extension.
    {
        let mut conn = app.conn();
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
        common::exec(
            &mut conn,
            &format!(
                "UPDATE contests SET submission_deadline_at = '{}' WHERE id = {}",
                past.format("%Y-%m-%d %H:%M:%S"),
                t.setup.contest_id
            ),
        );
    }
    let r = app
        .post_with(
            &t.captain,
            &t.url,
            &entry_fields("1", "save", "太晚了", USE_B),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("作品繳交已截止"));
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(html.contains("可以查看，但已無法修改"));
    let r = upload(&app, &t.captain, &t.url, b"%PDF-1.7".to_vec(), "late.pdf").await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "no proposal after the deadline"
    );
    let org = organiser(&app, "entryorg@mol.gov.tw").await;
    let until = (chrono::Utc::now() + chrono::Duration::days(1))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let r = app
        .post_with(
            &org,
            &format!("/organise/teams/{}/extension", t.team),
            &[
                ("deadline", "submission"),
                ("until", &until.format("%Y-%m-%dT%H:%M").to_string()),
                ("reason", "系統問題"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.post_with(
            &t.captain,
            &t.url,
            &entry_fields("1", "save", "延長後", USE_B)
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );

    // Organisers list the entries and export them.
    let html = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/entries", t.setup.contest_id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("延長後"));
    let bytes = app
        .get_with(
            &org,
            &format!("/organise/contests/{}/entries.csv", t.setup.contest_id),
        )
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(std::str::from_utf8(&bytes[3..]).unwrap().contains("延長後"));
    assert_eq!(
        app.get_with(
            &t.captain,
            &format!("/organise/contests/{}/entries", t.setup.contest_id)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
}

/// Eight members' saves of the same version at the same moment, half
/// through each of two replicas: one new version is made, the others are
/// told someone came first (409) with their own text kept; never a 5xx.
/// Both for the very first save (the entry does not exist yet) and a later one.
#[actix_web::test]
async fn simultaneous_saves_of_one_version_make_one_new_version() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let t = team_with_entry(&app).await;
    let token = app.csrf_for(&t.captain).await;
    for (round, based_on) in ["0", "1"].into_iter().enumerate() {
        let titles: Vec<String> = (0..8).map(|i| format!("第{round}輪修改{i}")).collect();
        let posts = titles.iter().enumerate().map(|(i, title)| {
            let base = if i % 2 == 0 {
                app.address.clone()
            } else {
                replica.clone()
            };
            let mut fields = entry_fields(based_on, "save", title, USE_B);
            fields.push(("csrf_token", token.as_str()));
            let post = t
                .captain
                .post(format!("{base}{}", t.url))
                .form(&fields)
                .send();
            async move {
                let r = post.await.expect("POST works");
                let status = r.status();
                (status, r.text().await.unwrap_or_default())
            }
        });
        let answers = futures_util::future::join_all(posts).await;
        let statuses: Vec<StatusCode> = answers.iter().map(|a| a.0).collect();
        one_went_through(&statuses, &[StatusCode::CONFLICT]);
        for (i, (status, html)) in answers.iter().enumerate() {
            if *status == StatusCode::CONFLICT {
                assert!(
                    html.contains(&format!("value=\"{}\"", titles[i])),
                    "the loser's own text is kept"
                );
            }
        }
        let mut conn = app.conn();
        let e = contest_portal::store::entries::find(&mut conn, t.team, t.setup.tracks[0])
            .unwrap()
            .unwrap();
        assert_eq!(e.version, round as i32 + 1, "one new version");
        assert_eq!(
            contest_portal::store::entries::versions(&mut conn, e.id)
                .unwrap()
                .len(),
            round + 1
        );
    }
}

/// Uploads at the same moment on two replicas: each either makes a new
/// version or is told someone came first, and a refused upload leaves no
/// file behind (it used to stay, unreferenced).
#[actix_web::test]
async fn simultaneous_proposal_uploads_leave_no_orphan_files() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let t = team_with_entry(&app).await;
    app.post_with(
        &t.captain,
        &t.url,
        &entry_fields("0", "save", "作品", USE_B),
    )
    .await;
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    let token = csrf_from(&html).unwrap();
    let posts = (0..6).map(|i| {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            replica.clone()
        };
        let part = reqwest::multipart::Part::bytes(format!("%PDF-1.7\n% {i}\n").into_bytes())
            .file_name("p.pdf");
        t.captain
            .post(format!("{base}{}/proposal?csrf_token={token}", t.url))
            .multipart(reqwest::multipart::Form::new().part("proposal", part))
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let made = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert!(made >= 1, "{statuses:?}");
    let mut conn = app.conn();
    let e = contest_portal::store::entries::find(&mut conn, t.team, t.setup.tracks[0])
        .unwrap()
        .unwrap();
    assert_eq!(e.version, 1 + made as i32, "a version per upload made");
    let mut files = 0;
    for id in 1..=50 {
        if contest_portal::store::files::find(&mut conn, id)
            .unwrap()
            .is_some_and(|f| f.purpose == "proposal")
        {
            files += 1;
        }
    }
    assert_eq!(files, made, "no file without its version: {statuses:?}");
}

/// NUL, control characters and (in titles) direction overrides are refused
/// on the same form with a message, everything typed kept, nothing stored;
/// in a search on the page, and in a text field of the proposal upload too.
#[actix_web::test]
async fn control_characters_are_refused_on_the_entry_form_and_never_stored() {
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;
    for (field, bad, message) in [
        ("title", "勞保\u{202E}小幫手", "隱藏的文字方向"),
        ("title", "勞保\0小幫手", "控制字元"),
        ("ds_usage_1", "結合保險費\u{1b}[31m負擔比例", "控制字元"),
        ("ds_fields_0", "行業類別\u{7}", "控制字元"),
    ] {
        let mut fields = entry_fields("0", "save", "勞保小幫手", USE_B);
        for f in fields.iter_mut() {
            if f.0 == field {
                f.1 = bad;
            }
        }
        let r = app.post_with(&t.captain, &t.url, &fields).await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} {bad:?}"
        );
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{field}: the message is shown");
        assert!(html.contains(USE_A), "{field}: what was typed is kept");
    }
    let mut conn = app.conn();
    assert!(
        contest_portal::store::entries::find(&mut conn, t.team, t.setup.tracks[0])
            .unwrap()
            .is_none(),
        "nothing stored"
    );
    // A search with a NUL says so on the page; it is not a server error.
    let r = app
        .get_with(&t.captain, &format!("{}?dq=%E8%81%B7%00", t.url))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("控制字元"));
    // A text field posted with the proposal is checked like any other.
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    let token = csrf_from(&html).unwrap();
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.7\n".to_vec()).file_name("p.pdf");
    let r = t
        .captain
        .post(app.url(&format!("{}/proposal?csrf_token={token}", t.url)))
        .multipart(
            reqwest::multipart::Form::new()
                .text("note", "新版\0")
                .part("proposal", part),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("控制字元"));
    assert!(
        contest_portal::store::entries::find(&mut conn, t.team, t.setup.tracks[0])
            .unwrap()
            .is_none(),
        "no version for a refused upload"
    );
    assert!(contest_portal::store::files::find(&mut conn, 1)
        .unwrap()
        .is_none());
}

/// The rule without HTTP: a save based on a version someone else has saved
/// over is refused with `Stale`, and nothing of it is written (not even the
/// team's history line).
#[actix_web::test]
async fn a_stale_save_is_an_error_that_writes_nothing() {
    use contest_portal::domain::entry::EntryContent;
    use contest_portal::service::{self, entries::Draft, Error, Person};
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;
    let captain = Person {
        id: app.user_id("entry@nccu.edu.tw"),
        roles: Vec::new(),
        ip: None,
    };
    let draft = |based_on: i32| Draft {
        team_id: t.team,
        track_id: t.setup.tracks[0],
        content: EntryContent {
            title: "服務層".into(),
            ..Default::default()
        },
        based_on,
        proposal: None,
    };
    let saved = service::entries::save(&app.portal, &captain, draft(0))
        .await
        .unwrap();
    assert_eq!(saved.version, 1);
    let stale = service::entries::submit(&app.portal, &captain, draft(0)).await;
    assert!(
        matches!(stale, Err(Error::Stale("error-entry-stale"))),
        "{stale:?}"
    );
    let mut conn = app.conn();
    let e = contest_portal::store::entries::find(&mut conn, t.team, t.setup.tracks[0])
        .unwrap()
        .unwrap();
    assert_eq!((e.version, e.status.as_str()), (1, "draft"));
    let events = contest_portal::store::teams::events(&mut conn, t.team).unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|ev| ev.action.starts_with("entry."))
            .count(),
        1
    );
}

// issue 14: entries — nothing typed is lost; no failing entry is submitted.

/// The typed text of the entry form, changed by `title` and the usage of
/// the first dataset.
fn typed<'a>(
    action: &'a str,
    version: &'a str,
    title: &'a str,
    usage: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("action", action),
        ("title", title),
        (
            "abstract",
            "尚未儲存的摘要：以勞保局開放資料協助勞工試算保費與職災給付。",
        ),
        ("ds_id_0", "6262"),
        ("ds_pick_0", "行業類別"),
        ("ds_fields_0", "自訂欄位"),
        ("ds_usage_0", usage),
        ("ds_depth_0", "2"),
        ("dq", "負擔比例"),
    ]
}

fn entry_of(app: &TestApp, t: &Team) -> Option<contest_portal::store::entries::Entry> {
    contest_portal::store::entries::find(&mut app.conn(), t.team, t.setup.tracks[0]).unwrap()
}

/// Without JavaScript the dataset search and the add are buttons of the
/// entry form: each saves the draft first and comes back with the typed
/// text, the results and the added dataset (its title, publisher and the
/// catalogue's fields as boxes); the proposal is saved with the text, so
/// the corrected usage stays; a refused upload keeps the text and writes
/// nothing.
#[actix_web::test]
async fn typed_text_survives_a_dataset_search_an_add_and_an_upload() {
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;

    // Search: saves the draft, then shows the results with add buttons.
    let r = app
        .post_multipart(
            &t.captain,
            &t.url,
            &typed("search", "0", "未存的標題", USE_A),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = location(&r);
    assert!(
        to.starts_with(&format!("{}?dq=", t.url)) && to.ends_with("#find-datasets"),
        "{to}"
    );
    let html = app.get_with(&t.captain, &to).await.text().await.unwrap();
    assert!(html.contains("value=\"未存的標題\""), "the title is kept");
    assert!(html.contains("尚未儲存的摘要"), "the abstract is kept");
    assert!(html.contains(USE_A), "the usage is kept");
    assert!(
        html.contains("value=\"add:40324\""),
        "results can be added: {html}"
    );
    assert!(
        html.contains("value=\"行業類別\" checked") && html.contains("value=\"自訂欄位\""),
        "a ticked field stays ticked, a typed one typed"
    );
    assert_eq!(entry_of(&app, &t).unwrap().version, 1);

    // Add: the dataset becomes a row of the form, with its catalogue record.
    let mut fields = typed("add:40324", "1", "改過的標題", USE_A);
    fields.push(("ds_usage_1", ""));
    let r = app.post_multipart(&t.captain, &t.url, &fields, None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = location(&r);
    assert!(to.ends_with("#ds-40324"), "{to}");
    let html = app.get_with(&t.captain, &to).await.text().await.unwrap();
    assert!(html.contains("value=\"改過的標題\""));
    assert!(html.contains("id=\"ds-40324\"") && html.contains("name=\"ds_id_1\" type=\"text\" maxlength=\"40\" inputmode=\"numeric\" value=\"40324\""));
    assert!(
        html.contains("name=\"ds_pick_1\""),
        "the added dataset's fields are offered"
    );
    assert!(html.contains("提供機關：勞動部"), "its publisher is shown");

    // Upload with a corrected usage text: both are saved.
    let corrected = "改正後的用途：依行業別費率計算各產業職災保費並比較差異";
    let r = app
        .post_multipart(
            &t.captain,
            &t.url,
            &typed("save", "2", "改過的標題", corrected),
            Some(PROPOSAL_PDF),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(
        html.contains(corrected),
        "the corrected usage stays after the upload"
    );
    assert!(html.contains("下載企劃書"));
    let e = entry_of(&app, &t).unwrap();
    assert!(e.proposal_file_id.is_some());
    assert_eq!(e.version, 3);

    // A file that is not a PDF: refused, the text kept, nothing written.
    let r = app
        .post_multipart(
            &t.captain,
            &t.url,
            &typed("save", "3", "又改的標題", corrected),
            Some(b"<html>"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("只接受 PDF 檔") && html.contains("value=\"又改的標題\""));
    assert_eq!(entry_of(&app, &t).unwrap().version, 3);

    // A refused search (a control character) keeps the text too.
    let mut fields = typed("search", "3", "控制字元", corrected);
    fields.retain(|(k, _)| *k != "dq");
    fields.push(("dq", "費\u{1b}率"));
    let r = app.post_with(&t.captain, &t.url, &fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the draft is saved; the search says why not"
    );
    let html = app
        .get_with(&t.captain, &location(&r))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("value=\"控制字元\""));
}

/// Submitting is refused while a check the review would certainly fail on
/// is unmet: the same form comes back with what was typed, each unmet check
/// linked to where it is fixed, and nothing written. Advice does not block.
#[actix_web::test]
async fn a_submit_with_a_failing_precheck_is_refused_with_the_list() {
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;

    // No proposal, one dataset where the track needs two.
    let r = app
        .post_with(
            &t.captain,
            &t.url,
            &typed("submit", "0", "還不能繳交", USE_A),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("還不能繳交：請先完成"), "{html}");
    assert!(
        html.contains("value=\"還不能繳交\""),
        "the typed title is kept"
    );
    assert!(html.contains("<a href=\"#proposal\">請上傳企劃書 PDF。</a>"));
    assert!(html.contains("<a href=\"#find-datasets\">目前 1 個列入計算，至少需要 2 個"));
    assert!(!html.contains(">已繳交<"), "never shown as submitted");
    assert!(entry_of(&app, &t).is_none(), "nothing written");
    // The empty rows a browser sends with the form declare nothing: the
    // advice does not list blank identifiers.
    let mut with_blank_rows = typed("submit", "0", "還不能繳交", USE_A);
    with_blank_rows.extend([
        ("ds_id_1", ""),
        ("ds_fields_1", ""),
        ("ds_usage_1", ""),
        ("ds_depth_1", "2"),
        ("ds_id_2", ""),
        ("ds_fields_2", ""),
        ("ds_usage_2", ""),
        ("ds_depth_2", "2"),
    ]);
    let html = app
        .post_with(&t.captain, &t.url, &with_blank_rows)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("還不能繳交：請先完成"), "{html}");
    assert!(
        !html.contains("：、") && !html.contains("：。") && !html.contains("請移除重複的資料列"),
        "{html}"
    );

    // With the proposal but still one dataset: refused, the file said not saved.
    let r = app
        .post_multipart(
            &t.captain,
            &t.url,
            &typed("submit", "0", "還不能繳交", USE_A),
            Some(PROPOSAL_PDF),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("企劃書沒有儲存"),
        "a refused form says the chosen file was not saved"
    );
    assert!(
        entry_of(&app, &t).is_none(),
        "nothing written, not even the file"
    );
    assert!(
        (1..=10).all(|id| contest_portal::store::files::find(&mut app.conn(), id)
            .unwrap()
            .is_none()),
        "no file stored"
    );

    // Both datasets and the proposal: submitted, though one usage is thin
    // (advice, shown as a warning).
    let mut fields = entry_fields("0", "submit", "可以繳交", "用資料");
    fields.push(("dq", ""));
    let r = app
        .post_multipart(&t.captain, &t.url, &fields, Some(PROPOSAL_PDF))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&t.captain, &t.url).await.text().await.unwrap();
    assert!(html.contains("badge badge-ok\">已繳交"), "{html}");
    assert!(html.contains("建議（不影響繳交") && html.contains("每個資料集的使用方式都有具體說明"));
    assert!(html.contains("儲存修改（作品仍為已繳交）") && !html.contains("儲存（維持已繳交）"));

    // An empty title is refused as well (the review certainly fails it).
    let mut fields = entry_fields("1", "submit", "", USE_B);
    fields.push(("dq", ""));
    let r = app.post_with(&t.captain, &t.url, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("<a href=\"#title\">請填寫作品名稱、摘要，以及每個資料集的使用方式。</a>"));

    // A change that would leave the submitted entry failing is refused too.
    let r = app
        .post_with(
            &t.captain,
            &t.url,
            &typed("submit", "1", "少了一個資料集", USE_A),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"少了一個資料集\""));
    assert_eq!(entry_of(&app, &t).unwrap().version, 1);

    // In English: the buttons say what happens.
    let en = person(
        &app,
        "en@nccu.edu.tw",
        "student",
        "國立政治大學",
        "資訊管理學系",
    )
    .await;
    app.get_with(&en, "/lang?set=en&next=/").await;
    let team = register_team(&app, &en, t.setup.year, "English team", &t.setup.tracks).await;
    let url = format!("/teams/{team}/entries/{}", t.setup.tracks[0]);
    let html = app.get_with(&en, &url).await.text().await.unwrap();
    assert!(html.contains("Save draft") && html.contains("Save and submit"));
    let r = app
        .post_with(&en, &url, &typed("submit", "0", "Not yet", USE_A))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("cannot be submitted yet") && html.contains("href=\"#proposal\""));
}

/// The picker's search endpoint answers the team and organisers only; the
/// form's search and add buttons are the team students' only.
#[actix_web::test]
async fn the_dataset_picker_is_the_teams_only() {
    let app = spawn_app().await;
    let t = team_with_entry(&app).await;
    let search = format!("{}/datasets?dq=%E8%B2%BB%E7%8E%87", t.url);
    let r = app.get_with(&t.captain, &search).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    let found = body["results"].as_array().unwrap();
    let d = found
        .iter()
        .find(|d| d["id"] == "6262")
        .expect("6262 is found");
    assert!(d["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "行業類別"));
    let r = app
        .get_with(&t.captain, &format!("{}/datasets?dq=%E8%B2%BB%00", t.url))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let other = person(
        &app,
        "other@ntu.edu.tw",
        "student",
        "國立臺灣大學",
        "資訊管理學系",
    )
    .await;
    register_team(&app, &other, t.setup.year, "別隊", &t.setup.tracks).await;
    assert_eq!(
        app.get_with(&other, &search).await.status(),
        StatusCode::NOT_FOUND
    );
    for action in ["search", "add:6262"] {
        let r = app
            .post_multipart(&other, &t.url, &typed(action, "0", "冒名", USE_A), None)
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{action}");
    }
    assert!(entry_of(&app, &t).is_none(), "nothing written");
    assert_eq!(
        app.get_with(&client(), &search).await.status(),
        StatusCode::SEE_OTHER
    );
    let org = organiser(&app, "picker-org@mol.gov.tw").await;
    assert_eq!(app.get_with(&org, &search).await.status(), StatusCode::OK);
    let r = app
        .post_with(&org, &t.url, &typed("add:6262", "0", "主辦", USE_A))
        .await;
    assert!(r.status() == StatusCode::NOT_FOUND || r.status() == StatusCode::FORBIDDEN);
}
