//! The organisers' list of entries at a size where paging matters: counted
//! and paged in the database, and the CSV sent a part at a time with every
//! entry once, in order, across the parts' boundary.

mod common;

use std::collections::HashMap;

use chrono::Utc;
use common::fixture::{track, Fixture};
use common::*;
use contest_portal::domain::entry::EntryContent;
use contest_portal::service;
use contest_portal::store;
use reqwest::StatusCode;

/// Entries made straight in the database: team `i` (named `隊{i:04}`) saves
/// one draft titled `作品{i:04}`.
fn entries(app: &TestApp, contest_id: i32, track_id: i32, n: usize) {
    let mut conn = app.conn();
    let now = Utc::now().naive_utc();
    for i in 0..n {
        let email = format!("entrant{i}@list.example");
        let u = store::users::create(
            &mut conn,
            &store::users::NewUser {
                email: &email,
                display_name: &email,
                password_hash: "x",
                email_verified_at: Some(now),
                locale: "zh-TW",
                disabled: false,
                must_change_password: false,
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
        let team = store::teams::create(
            &mut conn,
            contest_id,
            &format!("隊{i:04}"),
            u.id,
            &[track_id],
            (&format!("m{i}"), &format!("a{i}")),
            now,
        )
        .unwrap();
        let content = EntryContent {
            title: format!("作品{i:04}"),
            ..EntryContent::default()
        };
        store::entries::save(
            &mut conn,
            &store::entries::SaveRequest {
                team_id: team.id,
                track_id,
                contest_id,
                based_on: 0,
                content: &content,
                dataset_rows: &HashMap::new(),
                author: u.id,
                submit: false,
            },
            now,
        )
        .unwrap()
        .unwrap();
    }
}

#[actix_web::test]
async fn the_list_pages_in_the_database_and_the_csv_has_every_entry_once() {
    let app = spawn_app().await;
    let fx = Fixture::new(&app);
    let c = fx.contest(2032, &[track("作品組"), track("空組")]);
    let n = 520;
    entries(&app, c.id, c.tracks[0].id, n);
    let list = |track: Option<i32>, page: Option<i64>| {
        service::entries::organiser_list(&app.portal, &fx.admin, c.id, track, page).unwrap()
    };
    let titles = |l: &service::entries::EntryList| -> Vec<String> {
        l.page.items.iter().map(|r| r.entry.title.clone()).collect()
    };
    let named =
        |r: std::ops::Range<usize>| -> Vec<String> { r.map(|i| format!("作品{i:04}")).collect() };

    // 50 a page, in the order they were made, the count from the database.
    let first = list(None, None);
    assert_eq!((first.page.total, first.page.pages()), (520, 11));
    assert_eq!(titles(&first), named(0..50));
    assert_eq!(first.page.items[7].team, "隊0007");
    assert_eq!(titles(&list(None, Some(2))), named(50..100));
    assert_eq!(titles(&list(None, Some(11))), named(500..520));
    assert!(list(None, Some(12)).page.items.is_empty());
    assert_eq!(list(Some(c.tracks[0].id), Some(3)).page.total, 520);
    assert_eq!(list(Some(c.tracks[1].id), None).page.total, 0);
    assert!(matches!(
        service::entries::organiser_list(&app.portal, &fx.admin, c.id + 1000, None, None),
        Err(service::Error::NotFound)
    ));

    // The page shows its entries and links to the next page with the filter.
    let org = fx.organiser("entrylistorg@mol.gov.tw").await;
    let browser = fx.browser(&org).await;
    let url = format!(
        "/organise/contests/{}/entries?track={}&page=2",
        c.id, c.tracks[0].id
    );
    let html = app.get_with(&browser, &url).await.text().await.unwrap();
    assert!(html.contains("作品0050") && html.contains("作品0099"));
    assert!(!html.contains("作品0049<") && !html.contains("作品0100<"));
    let next = format!(
        "/organise/contests/{}/entries?track={}&page=3",
        c.id, c.tracks[0].id
    );
    let unescaped = html.replace("&#x3D;", "=").replace("&amp;", "&");
    assert!(
        unescaped.contains(&next),
        "a link to page 3 keeping the track"
    );

    // The CSV: a heading and every entry once, in order, past the 100 a
    // part is read in.
    let r = app
        .get_with(
            &browser,
            &format!("/organise/contests/{}/entries.csv", c.id),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), n + 1);
    let csv_titles: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().to_string())
        .collect();
    assert_eq!(csv_titles, named(0..n));
    assert!(lines[1].starts_with("隊0000,"));

    // Not for students; an unknown contest is not found.
    let student = fx.account("entrylist-student@example.com", "學生").await;
    let sb = fx.browser(&student).await;
    assert_eq!(
        app.get_with(&sb, &format!("/organise/contests/{}/entries.csv", c.id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_with(
            &browser,
            &format!("/organise/contests/{}/entries.csv", c.id + 1000)
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}
