//! Fitness cards where people see them, over the bundled demo catalogue with its resources served by a local server: the dataset page (columns, sample rows, flags, "read again now" with its CSRF check, its limit and no anonymous reads), the sync page's counts, the entry form's picker offering the real columns (with and without JavaScript), the pre-check's warnings, the reviewer's card beside the declared use, and column names that try to inject HTML or flip the text.

mod common;

use common::fixture::{track, Fixture, ABSTRACT, USE_A, USE_B};
use common::resources::{demo_columns, first_csv_path, serve_demo, Canned, ResourceServer};
use common::*;
use contest_portal::domain::catalog::SyncSource;
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::service::catalog::cards::{refresh, Refreshed, Which};
use contest_portal::service::entries::{Draft, ProposalFile, Shown};
use contest_portal::{service, store};
use reqwest::StatusCode;

/// A dataset whose first resource is a CSV (職業災害保險適用行業別及費率表).
const CSV_DATASET: &str = "6262";
/// The demo dataset whose only resource is a compressed file.
const ZIP_ONLY: &str = "26776";
/// A demo dataset with only DOC resources.
const DOC_ONLY: &str = "44744";
/// The columns 6262's resource has in these tests: not the ones the
/// catalogue lists (行業類別 …), so that the real columns can be told apart.
const REAL: [&str; 3] = ["年度", "行業別代碼", "費率"];

/// Reads the cards of every demo dataset from the local server.
async fn read_all(app: &TestApp) {
    let done = refresh(&app.portal, Which::All, |_| {}).await.unwrap();
    assert_eq!((done.read, done.failed), (28, 3), "{:?}", done.errors);
}

/// 6262's resource answers `canned` from now on, and its card is read again.
async fn serve_6262(app: &TestApp, server: &ResourceServer, canned: Canned) -> Refreshed {
    server.set(&first_csv_path(CSV_DATASET), canned);
    refresh(
        &app.portal,
        Which::Datasets(vec![CSV_DATASET.into()]),
        |_| {},
    )
    .await
    .unwrap()
}

/// Serves 6262 with the columns `REAL` and reads it again.
async fn serve_real_columns(app: &TestApp, server: &ResourceServer) {
    let csv = "年度,行業別代碼,費率\n2024,01,0.12\n2024,02,0.34\n";
    let done = serve_6262(app, server, Canned::Body("text/csv", csv.into())).await;
    assert_eq!(done.read, 1, "{:?}", done.errors);
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (StatusCode, String) {
    let r = app.get_with(client, path).await;
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// What the entry form's picker finds for `q` (its JSON endpoint).
async fn picker(app: &TestApp, s: &Setup, q: &str) -> Vec<serde_json::Value> {
    let r = s
        .browser
        .get(app.url(&format!("{}/datasets", s.url)))
        .query(&[("dq", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    body["results"].as_array().unwrap().clone()
}

fn result<'a>(found: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    found
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} is found"))
}

async fn english(app: &TestApp) -> reqwest::Client {
    let en = client();
    app.get_with(&en, "/lang?set=en&next=/").await;
    en
}

#[actix_web::test]
async fn the_dataset_page_shows_columns_sample_rows_and_flags() {
    let app = spawn_app().await;
    let anyone = client();
    let (status, html) = page(&app, &anyone, "/catalog/6262").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("資料適用性卡片"), "the card is there");
    assert!(
        html.contains("尚未讀取這個資料集的資源"),
        "before a first read, the card says so"
    );
    assert!(
        !html.contains("/catalog/6262/card"),
        "no read-again button for anonymous visitors"
    );

    let server = serve_demo(&app);
    read_all(&app).await;
    let (_, html) = page(&app, &anyone, "/catalog/6262").await;
    for column in demo_columns(CSV_DATASET) {
        assert!(html.contains(&format!("<bdi>{column}</bdi>")), "{column}");
    }
    assert!(
        html.contains("table-wrap card-sample"),
        "the rows scroll inside their wrapper"
    );
    assert!(
        html.contains("r1c1") && html.contains("r5c1"),
        "five sample rows"
    );
    assert!(!html.contains("r6c1"), "and no more");
    assert!(html.contains("讀自 CSV 資源"), "the format is named");
    assert!(html.contains("機器可讀"));
    assert!(!html.contains("僅有壓縮檔") && !html.contains("連結失效"));

    let (_, html) = page(&app, &anyone, &format!("/catalog/{ZIP_ONLY}")).await;
    assert!(
        html.contains("僅有壓縮檔") && html.contains("部會會被扣分"),
        "{html}"
    );
    assert!(
        html.contains("壓縮檔（ZIP、RAR 或 7z）"),
        "why it could not be read"
    );
    let (_, html) = page(&app, &anyone, &format!("/catalog/{DOC_ONLY}")).await;
    assert!(html.contains("僅有文件"));
    let en = english(&app).await;
    let (_, html) = page(&app, &en, &format!("/catalog/{ZIP_ONLY}")).await;
    assert!(
        html.contains("Compressed file only") && html.contains("the ministry is penalised"),
        "in English too"
    );

    // A broken link: the last status and when, the columns read before stay.
    serve_6262(&app, &server, Canned::Status(404)).await;
    let (_, html) = page(&app, &anyone, "/catalog/6262").await;
    assert!(
        html.contains("連結失效") && html.contains("HTTP 狀態碼 404"),
        "{html}"
    );
    assert!(html.contains("r1c1"), "the rows read before stay");
    let (_, html) = page(&app, &en, "/catalog/6262").await;
    assert!(html.contains("Link broken") && html.contains("HTTP status 404"));

    // Stale against its stated frequency, and gone from the catalogue.
    exec(
        &mut app.conn(),
        "UPDATE datasets SET update_frequency = '每月', modified_at = '2020-01-01 00:00:00', gone_at = synced_at WHERE source_id = '6262'",
    );
    public_pages_changed(&app);
    let (_, html) = page(&app, &anyone, "/catalog/6262").await;
    assert!(
        html.contains("未依頻率更新") && html.contains("每月"),
        "{html}"
    );
    assert!(html.contains("已從資料目錄移除"));
    let (_, html) = page(&app, &en, "/catalog/6262").await;
    assert!(html.contains("Not updated as stated") && html.contains("Gone from the catalogue"));
}

#[actix_web::test]
async fn reading_again_is_for_signed_in_people_with_a_token_a_few_times_an_hour() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let path = first_csv_path(CSV_DATASET);
    let read_again = "/catalog/6262/card";

    let anonymous = client();
    let r = app.post_with(&anonymous, read_again, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/signin"), "{}", location(&r));
    assert_eq!(server.hits(&path), 0, "nothing read for anonymous visitors");

    let f = Fixture::new(&app);
    let student = f.student("reader@nccu.edu.tw").await;
    let browser = f.browser(&student).await;
    let (_, html) = page(&app, &browser, "/catalog/6262").await;
    assert!(
        html.contains("action=\"/catalog/6262/card\""),
        "the button is there"
    );
    let r = browser
        .post(app.url(read_again))
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a forged token is refused"
    );
    let r = browser.post(app.url(read_again)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "so is none");
    assert_eq!(server.hits(&path), 0);

    let r = app.post_with(&browser, read_again, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/catalog/6262#card");
    assert_eq!(server.hits(&path), 1);
    let (_, html) = page(&app, &browser, "/catalog/6262").await;
    assert!(
        html.contains("已重新讀取這個資料集的資源"),
        "the flash says so"
    );
    assert!(html.contains("r1c1"), "the card is read");

    let r = app.post_with(&browser, "/catalog/99999999/card", &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A failed read says so, and keeps what was read.
    server.set(&path, Canned::Status(410));
    let r = app.post_with(&browser, read_again, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &browser, "/catalog/6262").await;
    assert!(html.contains("這次讀取失敗") && html.contains("r1c1"));
    server.reset(&path);

    // The limit: 20 an hour, then the page says to wait (429).
    let mut statuses = Vec::new();
    for _ in 0..18 {
        statuses.push(app.post_with(&browser, read_again, &[]).await.status());
    }
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    let hits = server.hits(&path);
    let r = app.post_with(&browser, read_again, &[]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = r.text().await.unwrap();
    assert!(html.contains("一小時內重新讀取的次數已達上限"), "{html}");
    assert!(html.contains("資料適用性卡片"), "on the dataset's page");
    assert_eq!(server.hits(&path), hits, "nothing read over the limit");
}

#[actix_web::test]
async fn the_sync_page_counts_cards_read_not_read_and_datasets_gone() {
    let app = spawn_app().await;
    {
        let mut conn = app.conn();
        let now = chrono::Utc::now().naive_utc();
        let run = store::catalog::start_run(&mut conn, SyncSource::DataGov, "", None, now).unwrap();
        store::catalog::finish_run(&mut conn, run, (1, 2, 3, 0), &[], now).unwrap();
        store::catalog::record_cards(&mut conn, run, 28, 3, 1).unwrap();
    }
    let f = Fixture::new(&app);
    let organiser = f.organiser("cards-org@mol.gov.tw").await;
    let (status, html) = page(&app, &f.browser(&organiser).await, "/organise/catalog").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("已讀取卡片") && html.contains("已移除的資料集"));
    assert!(html.contains("<td>28</td><td>3</td><td>1</td>"), "{html}");
}

/// A team in an open track with a draft declaring 6262 (its catalogue
/// field 行業類別 ticked) and 26776, the ZIP-only dataset.
struct Setup {
    team_id: i32,
    track_id: i32,
    captain: service::Person,
    browser: reqwest::Client,
    url: String,
}

async fn team_with_draft(app: &TestApp) -> Setup {
    let f = Fixture::new(app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let captain = f.student("cards@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, "卡片隊", &captain);
    let track_id = contest.tracks[0].id;
    let content = EntryContent {
        title: "卡片作品".into(),
        abstract_: ABSTRACT.into(),
        datasets: vec![
            DeclaredDataset {
                dataset_id: CSV_DATASET.into(),
                fields_used: "行業類別".into(),
                usage: USE_A.into(),
                depth: 2,
            },
            DeclaredDataset {
                dataset_id: ZIP_ONLY.into(),
                fields_used: String::new(),
                usage: USE_B.into(),
                depth: 2,
            },
        ],
        ..EntryContent::default()
    };
    service::entries::save(
        &app.portal,
        &captain.person,
        Draft {
            team_id: team.id,
            track_id,
            content,
            based_on: 0,
            proposal: None,
        },
    )
    .await
    .unwrap();
    Setup {
        team_id: team.id,
        track_id,
        browser: f.browser(&captain).await,
        captain: captain.person,
        url: format!("/teams/{}/entries/{track_id}", team.id),
    }
}

#[actix_web::test]
async fn the_picker_offers_the_real_columns_and_keeps_what_was_ticked() {
    let app = spawn_app().await;
    let s = team_with_draft(&app).await;

    // Before a first read: the catalogue's fields.
    let (_, html) = page(&app, &s.browser, &s.url).await;
    assert!(html.contains("資料集的欄位（勾選作品使用的欄位）"));
    assert!(html.contains("name=\"ds_pick_0\" value=\"行業類別\" checked"));

    let server = serve_demo(&app);
    read_all(&app).await;
    serve_real_columns(&app, &server).await;

    // The JSON endpoint of the picker.
    let found = picker(&app, &s, "費率").await;
    let d = result(&found, CSV_DATASET);
    assert_eq!(d["fields"], serde_json::json!(REAL), "its real columns");
    assert_eq!(d["real"], true);
    assert_eq!(d["flags"], serde_json::json!([]));
    let found = picker(&app, &s, "職業重建補助").await;
    let zip = result(&found, ZIP_ONLY);
    assert_eq!(zip["flags"][0]["kind"], "compressed");
    assert_eq!(zip["flags"][0]["label"], "僅有壓縮檔");
    assert_eq!(
        zip["real"], false,
        "no columns read: the catalogue's fields"
    );
    assert_eq!(zip["fields"], serde_json::json!(demo_columns(ZIP_ONLY)));
    let found = picker(&app, &s, "保險費負擔").await;
    assert_eq!(
        result(&found, "40324")["fields"],
        serde_json::json!(demo_columns("40324"))
    );

    // The page: the real columns as boxes; the ticked catalogue field, not
    // among them, is kept as typed; the ZIP-only dataset is flagged.
    let (_, html) = page(&app, &s.browser, &s.url).await;
    assert!(html.contains("資料集的實際欄位（勾選作品使用的欄位）"));
    for c in REAL {
        assert!(
            html.contains(&format!("name=\"ds_pick_0\" value=\"{c}\"")),
            "{c}"
        );
    }
    assert!(
        html.contains("id=\"ds_fields_0\" name=\"ds_fields_0\" type=\"text\" maxlength=\"500\" value=\"行業類別\""),
        "nothing ticked is lost"
    );
    assert!(html.contains("<span class=\"badge badge-warn\">僅有壓縮檔</span>"));

    // Without JavaScript: an add saves the draft and offers the added
    // dataset's real columns; a ticked real column stays ticked.
    let r = app
        .post_multipart(
            &s.browser,
            &s.url,
            &[
                ("version", "1"),
                ("action", "add:40324"),
                ("title", "卡片作品"),
                ("abstract", ABSTRACT),
                ("ds_id_0", CSV_DATASET),
                ("ds_pick_0", "費率"),
                ("ds_fields_0", "行業類別"),
                ("ds_usage_0", USE_A),
                ("ds_depth_0", "2"),
                ("ds_id_1", ZIP_ONLY),
                ("ds_usage_1", USE_B),
                ("ds_depth_1", "2"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &s.browser, &location(&r)).await;
    assert!(html.contains("name=\"ds_pick_0\" value=\"費率\" checked"));
    assert!(html.contains("value=\"行業類別\""), "the typed field stays");
    for c in demo_columns("40324") {
        assert!(
            html.contains(&format!("name=\"ds_pick_2\" value=\"{c}\"")),
            "{c}"
        );
    }
}

#[actix_web::test]
async fn the_precheck_warns_on_undeclared_fields_and_the_zip_only_dataset() {
    let app = spawn_app().await;
    let s = team_with_draft(&app).await;
    let shown = || Shown {
        team_id: s.team_id,
        track_id: s.track_id,
        ..Shown::default()
    };
    let before = service::entries::page(&app.portal, &s.captain, shown()).unwrap();
    let labels = |checks: &[contest_portal::domain::entry::Check]| -> Vec<&'static str> {
        checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.label)
            .collect()
    };
    assert!(
        !labels(&before.checks).contains(&"check-fields-in-columns"),
        "no card read, no warning about fields"
    );
    assert!(labels(&before.checks).contains(&"check-datasets-not-compressed"));

    let server = serve_demo(&app);
    read_all(&app).await;
    serve_real_columns(&app, &server).await;
    let after = service::entries::page(&app.portal, &s.captain, shown()).unwrap();
    let fields = after
        .checks
        .iter()
        .find(|c| c.label == "check-fields-in-columns")
        .expect("a warning about 6262's fields");
    assert_eq!(fields.datasets, [CSV_DATASET]);
    assert_eq!(fields.fields, ["行業類別"]);
    assert!(!fields.certain, "advice, not a certain failure");
    let zip = after
        .checks
        .iter()
        .find(|c| c.label == "check-datasets-not-compressed")
        .unwrap();
    assert_eq!(zip.datasets, [ZIP_ONLY]);
    assert!(!zip.certain);

    let (_, html) = page(&app, &s.browser, &s.url).await;
    assert!(
        html.contains("資料集 6262 沒有這些欄位：行業類別"),
        "{html}"
    );
    assert!(html.contains("資料集 26776 只以壓縮檔"));

    // Warnings never block: the entry is submitted with its proposal.
    let stored = store::entries::find(&mut app.conn(), s.team_id, s.track_id)
        .unwrap()
        .unwrap();
    let content = store::entries::content(&mut app.conn(), &stored).unwrap();
    let submitted = service::entries::submit(
        &app.portal,
        &s.captain,
        Draft {
            team_id: s.team_id,
            track_id: s.track_id,
            content,
            based_on: stored.version,
            proposal: Some(ProposalFile {
                data: b"%PDF-1.7 proposal".to_vec(),
                too_big: false,
            }),
        },
    )
    .await;
    assert!(submitted.is_ok(), "{:?}", submitted.err());

    // A link found broken and a dataset gone are warned about too.
    serve_6262(&app, &server, Canned::Status(404)).await;
    exec(
        &mut app.conn(),
        "UPDATE datasets SET gone_at = synced_at WHERE source_id = '26776'",
    );
    let later = service::entries::page(&app.portal, &s.captain, shown()).unwrap();
    let about = |label: &str| {
        later
            .checks
            .iter()
            .find(|c| c.label == label)
            .map(|c| c.datasets.clone())
            .unwrap_or_default()
    };
    assert_eq!(about("check-dataset-links"), [CSV_DATASET]);
    assert_eq!(about("check-datasets-listed"), [ZIP_ONLY]);
}

#[actix_web::test]
async fn reviewers_see_the_card_beside_the_declared_use() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let captain = f.student("review-cards@nccu.edu.tw").await;
    let team = f.team(&contest.tracks, "審查卡片隊", &captain);
    let entry = f
        .submitted_entry(&team, contest.tracks[0], "審查卡片作品")
        .await;
    f.close_submissions(&contest);
    let reviewer = f.reviewer("cards-reviewer@mol.gov.tw").await;
    let browser = f.browser(&reviewer).await;
    let url = format!("/review/entries/{}", entry.id);

    let (status, html) = page(&app, &browser, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("資料適用性卡片") && html.contains("尚未讀取這個資料集的資源"));

    let server = serve_demo(&app);
    read_all(&app).await;
    let (_, html) = page(&app, &browser, &url).await;
    assert!(
        html.contains("<li class=\"declared\"><bdi>行業類別</bdi> <span class=\"badge badge-ok\">已宣告</span></li>"),
        "the declared field is marked among the real columns: {html}"
    );
    assert!(!html.contains("宣告了但資料集沒有的欄位"));

    serve_real_columns(&app, &server).await;
    let (_, html) = page(&app, &browser, &url).await;
    assert!(html.contains("宣告了但資料集沒有的欄位"));
    assert!(
        html.contains("<bdi>行業類別</bdi>"),
        "the missing field is named"
    );
    for c in REAL {
        assert!(html.contains(&format!("<li><bdi>{c}</bdi></li>")), "{c}");
    }
    assert!(
        html.contains("資料集 6262 沒有這些欄位：行業類別"),
        "and the pre-check says so"
    );
}

#[actix_web::test]
async fn column_names_cannot_inject_html_or_flip_the_text() {
    let app = spawn_app().await;
    let s = team_with_draft(&app).await;
    let server = serve_demo(&app);
    let csv = "年度,<script>alert(1)</script>,\u{202E}gnp.exe,\"a\"\"b\"\n\
               2024,<img src=x onerror=alert(2)>,\u{2067}x,1\n";
    let done = serve_6262(&app, &server, Canned::Body("text/csv", csv.into())).await;
    assert_eq!(done.read, 1, "{:?}", done.errors);
    let (_, dataset_page) = page(&app, &client(), "/catalog/6262").await;
    let (_, entry_page) = page(&app, &s.browser, &s.url).await;
    for (name, html) in [("dataset page", &dataset_page), ("entry page", &entry_page)] {
        assert!(!html.contains("<script>alert(1)"), "{name}");
        assert!(!html.contains("<img src"), "{name}");
        assert!(html.contains("&lt;script&gt;alert(1)"), "{name}: {html}");
        assert!(
            html.contains("<bdi>⟨U+202E⟩gnp.exe</bdi>"),
            "{name}: shown instead"
        );
    }
    assert!(
        dataset_page.contains("<bdi>⟨U+2067⟩x</bdi>"),
        "in a sample row too"
    );
    assert!(
        !dataset_page.contains('\u{202E}') && !dataset_page.contains('\u{2067}'),
        "no live direction override on the dataset page"
    );
    assert_eq!(
        entry_page.matches('\u{202E}').count(),
        entry_page.matches("value=\"\u{202E}gnp.exe\"").count(),
        "on the entry page only inside the box's value, which is not shown"
    );
    let found = picker(&app, &s, "費率").await;
    let d = result(&found, CSV_DATASET);
    assert_eq!(
        d["labels"][2], "⟨U+202E⟩gnp.exe",
        "the picker's labels show it too"
    );
    assert_eq!(
        d["fields"][2], "\u{202E}gnp.exe",
        "the value stays what the file says"
    );
}
