//! Fitness cards over the bundled demo catalogue, its resources served by a local server: reading every card, a resource that misbehaves keeping the card it had, retries, the bounded download, and the sync that reads cards and marks datasets gone.

mod common;

use std::time::{Duration, Instant};

use common::resources::{demo_columns, first_csv_path, portal_for, serve_demo, Canned};
use common::*;
use contest_portal::domain::catalog::Source;
use contest_portal::service::catalog;
use contest_portal::service::catalog::cards::{refresh, Which};
use contest_portal::store;

/// A dataset whose first resource is a CSV (職業災害保險適用行業別及費率表).
const CSV_DATASET: &str = "6262";
/// The demo dataset whose only resource is a compressed file.
const ZIP_ONLY: &str = "26776";
/// A demo dataset with only DOC resources.
const DOC_ONLY: &str = "44744";

fn card(app: &TestApp, id: &str) -> store::cards::CardRow {
    let d = store::catalog::find_by_source_id(&mut app.conn(), id)
        .unwrap()
        .unwrap();
    store::cards::find(&mut app.conn(), d.id)
        .unwrap()
        .unwrap_or_else(|| panic!("{id} has a card"))
}

#[actix_web::test]
async fn every_demo_dataset_gets_its_real_columns_or_the_reason_why_not() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    let done = refresh(&portal, Which::All, |_| {}).await.unwrap();
    assert_eq!(
        (done.read, done.failed),
        (28, 3),
        "28 datasets with a CSV; one ZIP only and two DOC only: {:?}",
        done.errors
    );
    let c = card(&app, CSV_DATASET);
    assert_eq!(c.columns(), demo_columns(CSV_DATASET));
    assert_eq!(c.rows().len(), 5, "five sample rows of six");
    assert_eq!(c.rows()[0][0], "r1c1");
    assert_eq!(c.resource_format, "CSV");
    assert_eq!(c.link_status, Some(200));
    assert_eq!(c.problem, "");
    assert!(c.read_at.is_some());
    let big5 = (1..=31)
        .filter_map(|n| {
            let mut conn = app.conn();
            store::cards::find(&mut conn, n).unwrap()
        })
        .filter(|c| c.encoding == "Big5")
        .count();
    assert!(
        big5 >= 5,
        "every third CSV is Big5 and reads as Big5 ({big5})"
    );

    let zip = card(&app, ZIP_ONLY);
    assert_eq!(zip.problem, "error-resource-compressed");
    assert!(zip.columns().is_empty());
    assert_eq!(card(&app, DOC_ONLY).problem, "error-resource-document-only");

    // Reading again is idempotent: the same cards, none added.
    let again = refresh(&portal, Which::All, |_| {}).await.unwrap();
    assert_eq!((again.read, again.failed), (28, 3));
    assert_eq!(card(&app, CSV_DATASET).columns(), demo_columns(CSV_DATASET));
}

#[actix_web::test]
async fn a_resource_that_misbehaves_keeps_the_card_it_had_and_says_why() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    let path = first_csv_path(CSV_DATASET);
    let ids = || Which::Datasets(vec![CSV_DATASET.to_string()]);
    assert_eq!(refresh(&portal, ids(), |_| {}).await.unwrap().read, 1);
    let good = card(&app, CSV_DATASET);

    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip".to_vec();
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec();
    let html = "<!DOCTYPE html><html><body><h1>系統維護中</h1></body></html>"
        .as_bytes()
        .to_vec();
    let cases: Vec<(Canned, &str, Option<i32>)> = vec![
        (Canned::Status(404), "error-resource-status", Some(404)),
        (
            Canned::Body("text/csv", zip),
            "error-resource-compressed",
            Some(200),
        ),
        (
            Canned::Body("text/csv", pdf),
            "error-resource-document-only",
            Some(200),
        ),
        (
            Canned::Body("text/csv", html),
            "error-resource-html",
            Some(200),
        ),
        (
            Canned::Body("text/csv", Vec::new()),
            "error-resource-empty",
            Some(200),
        ),
        (Canned::Status(503), "error-resource-status", Some(503)),
    ];
    for (canned, problem, status) in cases {
        let what = format!("{canned:?}").chars().take(40).collect::<String>();
        server.set(&path, canned);
        let done = refresh(&portal, ids(), |_| {}).await.unwrap();
        assert_eq!((done.read, done.failed), (0, 1), "{what}");
        let c = card(&app, CSV_DATASET);
        assert_eq!(c.problem, problem, "{what}");
        assert_eq!(c.link_status, status, "{what}");
        assert_eq!(c.columns(), good.columns(), "{what}: the columns stay");
        assert_eq!(c.rows(), good.rows(), "{what}: the rows stay");
        assert_eq!(c.read_at, good.read_at, "{what}: still read when it was");
        assert!(c.checked_at >= good.checked_at);
    }
    assert_eq!(
        server.hits(&path),
        1 + 5 + 3,
        "one good read, five failures asked once, a 503 asked three times (two retries)"
    );

    // A server that never answers: the read gives up in time.
    server.set(&path, Canned::Hang);
    let started = Instant::now();
    refresh(&portal, ids(), |_| {}).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(card(&app, CSV_DATASET).problem, "error-resource-timeout");
    assert_eq!(card(&app, CSV_DATASET).link_status, None);

    // Back to normal: the card is read again and the problem is gone.
    server.reset(&path);
    refresh(&portal, ids(), |_| {}).await.unwrap();
    let c = card(&app, CSV_DATASET);
    assert_eq!(c.problem, "");
    assert_eq!(c.link_status, Some(200));
}

#[actix_web::test]
async fn a_temporary_failure_is_retried_and_a_huge_file_is_read_only_in_part() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    let path = first_csv_path(CSV_DATASET);
    server.set(&path, Canned::FailTimes(2));
    let done = refresh(&portal, Which::Datasets(vec![CSV_DATASET.into()]), |_| {})
        .await
        .unwrap();
    assert_eq!(done.read, 1, "{:?}", done.errors);
    assert_eq!(server.hits(&path), 3);

    server.set(&path, Canned::Huge);
    let started = Instant::now();
    let done = refresh(&portal, Which::Datasets(vec![CSV_DATASET.into()]), |_| {})
        .await
        .unwrap();
    assert_eq!(done.read, 1, "{:?}", done.errors);
    assert!(started.elapsed() < Duration::from_secs(5));
    let c = card(&app, CSV_DATASET);
    assert_eq!(c.columns(), ["year", "count"]);
    assert_eq!(c.rows().len(), 5);

    // Ragged rows are read as they come.
    server.replace(
        &path,
        "text/csv",
        "a,b,c\n1,2\n1,2,3,4\n5,6,7\n".as_bytes().to_vec(),
    );
    refresh(&portal, Which::Datasets(vec![CSV_DATASET.into()]), |_| {})
        .await
        .unwrap();
    let c = card(&app, CSV_DATASET);
    assert_eq!(c.columns(), ["a", "b", "c"]);
    assert_eq!(c.rows().len(), 3);
}

#[actix_web::test]
async fn due_cards_are_read_in_batches_and_not_twice_in_a_week() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    let due = |limit| Which::Due { days: 7, limit };
    let first = refresh(&portal, due(10), |_| {}).await.unwrap();
    assert_eq!(first.read + first.failed, 10);
    let rest = refresh(&portal, due(100), |_| {}).await.unwrap();
    assert_eq!(rest.read + rest.failed, 21, "the other 21, none twice");
    let none = refresh(&portal, due(100), |_| {}).await.unwrap();
    assert_eq!(none.read + none.failed, 0, "nothing is due a day later");
}

#[actix_web::test]
async fn a_sync_reads_the_cards_it_changed_and_marks_a_dataset_gone_once() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    let s = catalog::sync(&portal, Source::DataGov, None, |_| {})
        .await
        .unwrap();
    assert_eq!(s.failed, 0, "{:?}", s.errors);
    assert_eq!(
        s.cards.read + s.cards.failed,
        31,
        "every changed dataset's card is read"
    );
    assert_eq!(card(&app, CSV_DATASET).columns(), demo_columns(CSV_DATASET));

    server.remove_dataset(CSV_DATASET);
    let s = catalog::sync(&portal, Source::DataGov, None, |_| {})
        .await
        .unwrap();
    assert_eq!(s.gone, 1);
    assert_eq!(s.cards.read + s.cards.failed, 0, "nothing changed or due");
    let d = store::catalog::find_by_source_id(&mut app.conn(), CSV_DATASET)
        .unwrap()
        .unwrap();
    assert!(d.gone_at.is_some());
    let again = catalog::sync(&portal, Source::DataGov, None, |_| {})
        .await
        .unwrap();
    assert_eq!(again.gone, 0, "a dataset is marked gone once");
    let runs = store::catalog::runs(&mut app.conn(), 3).unwrap();
    assert_eq!(
        runs.iter().map(|r| r.gone_count).collect::<Vec<_>>(),
        [0, 1, 0]
    );
    assert_eq!(runs[2].cards_read, 28);
}

#[actix_web::test]
async fn naming_an_unknown_dataset_reads_nothing_else() {
    let app = spawn_app().await;
    let server = serve_demo(&app);
    let portal = portal_for(&app, &server.base);
    let done = refresh(
        &portal,
        Which::Datasets(vec!["999999".into(), CSV_DATASET.into()]),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!((done.read, done.failed), (1, 0), "only the one that exists");
    let cards = (1..=40)
        .filter(|n| store::cards::find(&mut app.conn(), *n).unwrap().is_some())
        .count();
    assert_eq!(cards, 1, "no other card was read");
}
