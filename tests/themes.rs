//! Issue 15, themes: organisers tag datasets with the high-application-value
//! themes and recommend them for tracks (on a dataset's page, or many with a
//! CSV that is written whole or not at all), the track page lists them, and
//! the catalogue search filters by theme and format flag in SQL.

mod common;

use common::fixture::{track, Fixture};
use common::*;
use contest_portal::db::schema::{datasets, tracks};
use contest_portal::domain::themes::{FormatFlag, Theme};
use contest_portal::service::{self, Error};
use contest_portal::store;
use diesel::prelude::*;
use reqwest::StatusCode;

/// The themes of dataset `source_id`, by code.
fn themes_of(app: &TestApp, source_id: &str) -> Vec<&'static str> {
    let mut conn = app.conn();
    let d = store::catalog::find_by_source_id(&mut conn, source_id)
        .unwrap()
        .unwrap();
    store::themes::themes_of(&mut conn, &[d.id])
        .unwrap()
        .into_iter()
        .map(|(_, t)| t.as_str())
        .collect()
}

/// The titles recommended for `track_id`.
fn recommended(app: &TestApp, track_id: i32) -> Vec<String> {
    store::themes::recommended_for(&mut app.conn(), track_id)
        .unwrap()
        .into_iter()
        .map(|r| r.source_id)
        .collect()
}

/// The bulk tagging page.
const BULK: &str = "/organise/catalog/themes";

/// The contest's results came out yesterday: the contest is archived.
fn archive(app: &TestApp, contest_id: i32) {
    use contest_portal::db::schema::contests;
    diesel::update(contests::table.find(contest_id))
        .set(contests::results_at.eq(Some(
            chrono::Utc::now().naive_utc() - chrono::Duration::days(1),
        )))
        .execute(&mut app.conn())
        .unwrap();
}

/// The page at `path` as `c` sees it.
async fn html_of(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    app.get_with(c, path).await.text().await.unwrap()
}

async fn in_english(app: &TestApp, c: &reqwest::Client) {
    let r = app.get_with(c, "/lang?set=en&next=/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn an_organiser_tags_a_dataset_on_its_page_and_the_track_lists_it() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組"), track("職安組")]);
    let (t1, t2) = (contest.tracks[0].id, contest.tracks[1].id);
    diesel::update(tracks::table.find(t1))
        .set(tracks::recommended_datasets.eq("保險費負擔比例一覽表\n某縣市自行公開的資料"))
        .execute(&mut app.conn())
        .unwrap();
    let org = f.organiser("tagger@mol.gov.tw").await;
    let page = f.browser(&org).await;

    // The form is the organiser's only.
    let html = html_of(&app, &page, "/catalog/40324").await;
    assert!(html.contains("action=\"/catalog/40324/tags\""), "{html}");
    assert!(html.contains("name=\"theme\" value=\"social-assistance\""));
    assert!(html.contains(&format!("name=\"track\" value=\"{t1}\"")));
    let (_, public) = app.get_html("/catalog/40324").await;
    assert!(!public.contains("/catalog/40324/tags"));
    assert!(
        !public.contains("tags-heading"),
        "nothing to show yet, no section"
    );

    let r = app
        .post_with(
            &page,
            "/catalog/40324/tags",
            &[
                ("theme", "health"),
                ("theme", "social-assistance"),
                ("track", &t1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/catalog/40324#tags");
    assert_eq!(themes_of(&app, "40324"), ["health", "social-assistance"]);
    assert_eq!(recommended(&app, t1), ["40324"]);
    assert!(app.audit_actions().contains(&"catalog.tag".to_string()));

    // Everyone sees the badges and where it is recommended.
    let (_, public) = app.get_html("/catalog/40324").await;
    assert!(public.contains("badge-theme\">健康醫療") && public.contains("社會救助"));
    assert!(public.contains(&format!("/contests/2026/tracks/{t1}")));
    // The track page links it, and keeps the typed line that is not in the catalogue.
    let (_, track_page) = app.get_html(&format!("/contests/2026/tracks/{t1}")).await;
    assert!(track_page.contains("<a href=\"/catalog/40324\">保險費負擔比例一覽表</a>"));
    assert!(track_page.contains("某縣市自行公開的資料"));
    assert_eq!(
        track_page.matches("保險費負擔比例一覽表").count(),
        1,
        "the typed line naming a linked dataset is not repeated"
    );
    let (_, other) = app.get_html(&format!("/contests/2026/tracks/{t2}")).await;
    assert!(!other.contains("/catalog/40324"));

    // Saving again sets exactly what is ticked.
    let r = app
        .post_with(
            &page,
            "/catalog/40324/tags",
            &[("theme", "energy"), ("track", &t2.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(themes_of(&app, "40324"), ["energy"]);
    assert!(recommended(&app, t1).is_empty());
    assert_eq!(recommended(&app, t2), ["40324"]);

    // A theme or track the form never offered changes nothing.
    for bad in [
        vec![("theme", "weather")],
        vec![("theme", "health"), ("track", "999999")],
        vec![("theme", "health"), ("track", "abc")],
        vec![("theme", "health\u{0}")],
    ] {
        let r = app.post_with(&page, "/catalog/40324/tags", &bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert_eq!(themes_of(&app, "40324"), ["energy"], "{bad:?}");
    }
    let r = app
        .post_with(&page, "/catalog/999999/tags", &[("theme", "health")])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // An archived contest's tracks are no longer offered, and their
    // recommendations stay as they were when the dataset is saved.
    archive(&app, contest.id);
    let html = html_of(&app, &page, "/catalog/40324").await;
    assert!(!html.contains(&format!("name=\"track\" value=\"{t2}\"")));
    let r = app
        .post_with(&page, "/catalog/40324/tags", &[("theme", "health")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(recommended(&app, t2), ["40324"]);
    let r = app
        .post_with(&page, "/catalog/40324/tags", &[("track", &t1.to_string())])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn only_organisers_tag_and_every_form_needs_its_token() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let student = f.student("s@nccu.edu.tw").await;
    let reviewer = f.reviewer("r@mol.gov.tw").await;
    for who in [&student, &reviewer] {
        let c = f.browser(who).await;
        for path in [
            "/organise/catalog/themes",
            "/organise/catalog/themes/example.csv",
        ] {
            let r = app.get_with(&c, path).await;
            assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "{} GET {path}",
                who.email
            );
        }
        let r = app
            .post_with(&c, "/catalog/6262/tags", &[("theme", "health")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", who.email);
        let r = app
            .upload_file(&c, BULK, "t.csv", b"6262,health\n".to_vec())
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", who.email);
        let html = html_of(&app, &c, "/catalog/6262").await;
        assert!(
            !html.contains("/catalog/6262/tags"),
            "no form for {}",
            who.email
        );
        // The services refuse them too.
        let p = &app.portal;
        let tagged = service::catalog::tag(
            p,
            &who.person,
            "6262",
            &service::catalog::TagChoice {
                themes: vec!["health".into()],
                tracks: vec![],
            },
        );
        assert!(matches!(tagged, Err(Error::Forbidden)), "{tagged:?}");
        let imported = service::catalog::import_tags(p, &who.person, "t.csv", b"6262,health\n");
        assert!(
            matches!(imported, Err(ref r) if matches!(r.error, Error::Forbidden)),
            "{imported:?}"
        );
    }
    assert!(themes_of(&app, "6262").is_empty());
    // Anonymous visitors are sent to sign in.
    for path in [
        "/organise/catalog/themes",
        "/organise/catalog/themes/example.csv",
    ] {
        let r = app.get_with(&client(), path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&r).starts_with("/signin?next="), "{path}");
    }
    // Without the CSRF token an organiser's form is refused, and nothing changes.
    let org = f.organiser("o@mol.gov.tw").await;
    let c = f.browser(&org).await;
    let _ = app.csrf_for(&c).await;
    let r = c
        .post(app.url("/catalog/6262/tags"))
        .form(&[("theme", "health")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let part = reqwest::multipart::Part::bytes(b"6262,health\n".to_vec()).file_name("t.csv");
    let r = c
        .post(app.url("/organise/catalog/themes"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(themes_of(&app, "6262").is_empty());
}

#[actix_web::test]
async fn a_csv_tags_every_row_or_nothing_and_says_which_rows_are_wrong() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let old = f.contest(2024, &[track("舊組別")]);
    let t = contest.tracks[0].id;
    let archived = old.tracks[0].id;
    archive(&app, old.id);
    let org = f.organiser("bulk@mol.gov.tw").await;
    let c = f.browser(&org).await;

    let html = html_of(&app, &c, "/organise/catalog/themes").await;
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("csrf_token="));
    assert!(
        html.contains(&format!("<td>{t}</td>")),
        "open tracks are listed"
    );
    assert!(
        !html.contains(&format!("<td>{archived}</td>")),
        "archived ones are not"
    );
    assert!(html.contains("<code>social-assistance</code>"));
    let sync = html_of(&app, &c, "/organise/catalog").await;
    assert!(
        sync.contains("href=\"/organise/catalog/themes\""),
        "linked from the sync page"
    );

    // Every wrong row is listed with its line and reason; nothing is written.
    let bad = format!(
        "資料集代號,主題,組別代號\n\
         6262,健康醫療,{t}\n\
         6262,天氣\n\
         999999,climate\n\
         40324,climate,987654\n\
         40324,energy,{archived}\n\
         7885,health\u{0}\n\
         6262,social-assistance,{t}\n\
         ,health\n"
    );
    let r = app.upload_file(&c, BULK, "bad.csv", bad.into_bytes()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for (line, reason) in [
        (3, "不認得主題「天氣」"),
        (4, "資料目錄中沒有資料集「999999」"),
        (5, "沒有代號為 987654 的組別"),
        (6, "已公布結果，不再接受推薦"),
        (7, "看不見的控制字元"),
        (8, "已出現在第 2 行"),
        (9, "缺少資料集代號"),
    ] {
        assert!(
            html.contains(&format!("<tr><td>{line}</td><td>")) && html.contains(reason),
            "line {line}: {reason}\n{html}"
        );
    }
    assert!(!html.contains("<tr><td>2</td>"), "line 2 is fine");
    assert!(html.contains("name=\"file\""), "the form is still there");
    assert!(themes_of(&app, "6262").is_empty(), "nothing written");
    assert!(recommended(&app, t).is_empty());

    // In English, the reasons are English.
    let other = f.organiser("bulk-en@mol.gov.tw").await;
    let en = f.browser(&other).await;
    in_english(&app, &en).await;
    let r = app
        .upload_file(&en, BULK, "bad.csv", b"6262,weather\n".to_vec())
        .await;
    let html = r.text().await.unwrap();
    assert!(html.contains("Unknown theme “weather”"), "{html}");

    // Files that are no tagging CSV at all.
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", Vec::new(), "請選擇要上傳的 CSV 檔案"),
        (
            "heading.csv",
            "\u{feff}dataset id,themes,track id\r\n".into(),
            "檔案中沒有任何資料列",
        ),
        (
            "big5.csv",
            b"6262,\xb0\xb7\xb1\x64\xc2\xe5\xc0\xf8\n".to_vec(),
            "不是 UTF-8 編碼",
        ),
        ("huge.csv", vec![b'1'; 1536 * 1024], "檔案太大"),
    ];
    for (name, data, reason) in cases {
        let r = app.upload_file(&c, BULK, name, data).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let html = r.text().await.unwrap();
        assert!(html.contains(reason), "{name}: {html}");
        assert!(
            html.contains("name=\"file\""),
            "{name}: the page stays usable"
        );
    }
    assert!(themes_of(&app, "6262").is_empty());

    // A good file: UTF-8 with a BOM, CRLF, names in either language and codes.
    let good = format!(
        "\u{feff}dataset id,themes,track id\r\n6262,健康醫療、Social assistance,{t}\r\n40324,transport;能源管理\r\n\r\n7885,,{t}\r\n"
    );
    let r = app
        .upload_file(&c, BULK, "good.csv", good.into_bytes())
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let done = location(&r);
    assert_eq!(done, "/organise/catalog/themes?rows=3&themes=4&tracks=2");
    let html = app.get_with(&c, &done).await.text().await.unwrap();
    assert!(
        html.contains("已處理 3 列：新增 4 個主題標記、2 個組別推薦"),
        "{html}"
    );
    assert_eq!(themes_of(&app, "6262"), ["health", "social-assistance"]);
    assert_eq!(themes_of(&app, "40324"), ["transport", "energy"]);
    let mut recs = recommended(&app, t);
    recs.sort();
    assert_eq!(recs, ["6262", "7885"]);
    assert!(app
        .audit_actions()
        .contains(&"catalog.tag-import".to_string()));
    // The same file again adds nothing; a CSV never removes a tag.
    let r = app
        .upload_file(&c, BULK, "good.csv", b"6262,climate\n".to_vec())
        .await;
    assert_eq!(
        location(&r),
        "/organise/catalog/themes?rows=1&themes=1&tracks=0"
    );
    assert_eq!(
        themes_of(&app, "6262"),
        ["climate", "health", "social-assistance"]
    );
}

/// The example file, in either language, uploads as it is.
#[actix_web::test]
async fn the_example_csv_is_a_valid_upload_in_both_languages() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let org = f.organiser("ex@mol.gov.tw").await;
    for lang in ["zh-TW", "en"] {
        let c = f.browser(&org).await;
        if lang == "en" {
            in_english(&app, &c).await;
        }
        let r = app
            .get_with(&c, "/organise/catalog/themes/example.csv")
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let bytes = r.bytes().await.unwrap().to_vec();
        assert!(bytes.starts_with(b"\xef\xbb\xbf"), "a BOM for Excel");
        let text = String::from_utf8(bytes.clone()).unwrap();
        if lang == "en" {
            assert!(text.contains("dataset id,themes,track id"), "{text}");
            assert!(text.contains("Health and medical care"), "{text}");
        } else {
            assert!(text.contains("資料集代號,主題,組別代號"), "{text}");
            assert!(text.contains("健康醫療、社會救助"), "{text}");
        }
        assert!(text.contains(&contest.tracks[0].id.to_string()));
        let r = app.upload_file(&c, BULK, "example.csv", bytes).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{lang}");
        assert!(location(&r).contains("rows=3"), "{lang}: {}", location(&r));
    }
}

/// The stored flag is the domain's (`fitness::flags`), written by every
/// upsert and filled in at start-up for rows that have none; the search
/// filters by it and by theme, with and without keywords.
#[actix_web::test]
async fn search_filters_by_theme_and_format_flag() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    let flags = |conn: &mut contest_portal::db::DbConn| -> Vec<(i32, Option<String>)> {
        datasets::table
            .order(datasets::id)
            .select((datasets::id, datasets::format_flag))
            .load(conn)
            .unwrap()
    };
    let expected = |conn: &mut contest_portal::db::DbConn, id: i32| -> FormatFlag {
        let formats: Vec<String> = store::catalog::resources(conn, id)
            .unwrap()
            .into_iter()
            .map(|r| r.format)
            .collect();
        let list: Vec<&str> = formats.iter().map(String::as_str).collect();
        FormatFlag::of_resources(&list)
    };
    let stored = flags(&mut conn);
    assert_eq!(stored.len(), 31);
    for (id, flag) in &stored {
        assert_eq!(
            flag.as_deref(),
            Some(expected(&mut conn, *id).as_str()),
            "upsert wrote the domain's flag for {id}"
        );
    }
    // Rows from before the flag existed are filled in the same way.
    exec(&mut conn, "UPDATE datasets SET format_flag = NULL");
    assert_eq!(
        service::catalog::backfill_format_flags(&mut conn).unwrap(),
        31
    );
    assert_eq!(flags(&mut conn), stored);
    assert_eq!(
        service::catalog::backfill_format_flags(&mut conn).unwrap(),
        0
    );

    let count_of = |f: FormatFlag| {
        stored
            .iter()
            .filter(|(_, s)| s.as_deref() == Some(f.as_str()))
            .count()
    };
    assert_eq!(
        count_of(FormatFlag::DocumentOnly),
        2,
        "44744 and 44745 are DOC only"
    );
    let (status, html) = app.get_html("/catalog?flag=document-only").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("找到 2 個資料集"), "{html}");
    assert!(html.contains("職災勞工個案服務各縣市聯絡窗口資訊"));
    let machine = count_of(FormatFlag::MachineReadable);
    let (_, html) = app.get_html("/catalog?flag=machine-readable").await;
    assert!(html.contains(&format!("找到 {machine} 個資料集")), "{html}");
    assert!(html.contains("<option value=\"machine-readable\" selected>"));

    // A ZIP-only dataset (inserted as an older version would have, no flag)
    // is found once the start-up backfill has run.
    exec(
        &mut conn,
        "INSERT INTO datasets (source, source_id, title, publisher, publisher_oid, description, \
         fields, formats, update_frequency, license, published_at, modified_at, search_text, \
         content_hash, synced_at, created_at, updated_at) VALUES ('datagov', 'Z1', '壓縮檔職災資料', \
         '勞動部', '', '', '', 'ZIP', '', '', NULL, NULL, '壓縮檔職災資料 勞動部 z1', 'h', \
         '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    );
    let z1 = store::catalog::find_by_source_id(&mut conn, "Z1")
        .unwrap()
        .unwrap();
    exec(
        &mut conn,
        &format!(
            "INSERT INTO dataset_resources (dataset_id, position, format, url, description, fields) \
             VALUES ({}, 1, 'ZIP', 'https://example.org/a.zip', '', '')",
            z1.id
        ),
    );
    let (_, html) = app.get_html("/catalog?flag=compressed-only").await;
    assert!(!html.contains("壓縮檔職災資料"));
    assert_eq!(
        service::catalog::backfill_format_flags(&mut conn).unwrap(),
        1
    );
    public_pages_changed(&app);
    let (_, html) = app.get_html("/catalog?flag=compressed-only").await;
    assert!(html.contains("壓縮檔職災資料"), "{html}");
    // With keywords (the trigram index's path) the filters hold too.
    let (_, html) = app
        .get_html("/catalog?q=%E5%8B%9E%E5%8B%95%E9%83%A8&flag=compressed-only")
        .await;
    assert!(
        // The demo catalogue's 26776 lists only a 「壓縮檔」 (compressed file) too.
        html.contains("壓縮檔職災資料") && html.contains("找到 2 個資料集"),
        "{html}"
    );

    // Themes: tagged datasets only, shown as badges in the results.
    let id = |s: &str| {
        store::catalog::find_by_source_id(&mut app.conn(), s)
            .unwrap()
            .unwrap()
            .id
    };
    let now = chrono::Utc::now().naive_utc();
    store::themes::set_themes(
        &mut conn,
        id("6262"),
        &[Theme::Health, Theme::Disaster],
        now,
    )
    .unwrap();
    store::themes::set_themes(&mut conn, id("44744"), &[Theme::Health], now).unwrap();
    store::themes::set_themes(&mut conn, z1.id, &[Theme::Disaster], now).unwrap();
    let (_, html) = app.get_html("/catalog?theme=health").await;
    assert!(html.contains("找到 2 個資料集"), "{html}");
    assert!(html.contains("職業災害保險適用行業別及費率表") && html.contains("職災勞工個案服務"));
    assert!(
        html.contains("badge-theme\">災害防救"),
        "every theme of a result is shown"
    );
    let (_, html) = app
        .get_html("/catalog?theme=health&flag=document-only")
        .await;
    assert!(html.contains("找到 1 個資料集") && html.contains("職災勞工個案服務"));
    let (_, html) = app
        .get_html("/catalog?q=%E5%8B%9E%E5%8B%95%E9%83%A8&theme=disaster")
        .await;
    assert!(html.contains("找到 2 個資料集"), "6262 and Z1: {html}");
    let (_, html) = app
        .get_html("/catalog?theme=disaster&publisher=%E5%8B%9E%E5%8B%95%E9%83%A8")
        .await;
    assert!(html.contains("找到 1 個資料集") && html.contains("壓縮檔職災資料"));
    // The pager keeps the filters.
    exec(
        &mut conn,
        "INSERT INTO dataset_themes (dataset_id, theme, tagged_at) SELECT id, 'energy', \
         '2026-01-01 00:00:00' FROM datasets",
    );
    public_pages_changed(&app);
    let (_, html) = app.get_html("/catalog?theme=energy").await;
    assert!(html.contains("找到 32 個資料集"), "{html}");
    assert!(
        html.contains("theme&#x3D;energy&amp;flag&#x3D;&amp;page&#x3D;2"),
        "{html}"
    );

    // Unknown codes are said beside the field; the rest of the search runs.
    let (status, html) = app.get_html("/catalog?theme=weather&flag=csv").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"theme-error\"") && html.contains("id=\"flag-error\""));
    assert!(html.contains("找到 32 個資料集"), "{html}");
    let (status, _) = app.get_html("/catalog?theme=%00").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let en = client();
    in_english(&app, &en).await;
    let html = html_of(&app, &en, "/catalog?theme=health").await;
    assert!(html.contains("Health and medical care"));
    assert!(html.contains("Documents only"));
}

/// A sync writes the flag as the domain reads the formats: a dataset whose
/// only resource becomes a PDF is "document only" after the next import.
#[actix_web::test]
async fn an_import_updates_the_flag_with_the_formats() {
    let app = spawn_app().await;
    let mut records = contest_portal::integrations::catalog::bundled_snapshot();
    let r = records.iter_mut().find(|r| r.source_id == "6262").unwrap();
    r.resources.truncate(1);
    r.resources[0].format = "PDF".into();
    let s = service::catalog::import_records(&app.portal, records, Vec::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(s.updated, 1);
    let flag: Option<String> = datasets::table
        .filter(datasets::source_id.eq("6262"))
        .select(datasets::format_flag)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(flag.as_deref(), Some("document-only"));
}
