//! Backup and restore of the SQLite database: a backup taken while 32
//! writers save holds every write acknowledged before it began, uploaded
//! files included; restore refuses truncated, corrupt and newer backups and
//! a non-empty database without --force; PostgreSQL gets the pg_dump advice.
//!
//! Backup and restore are SQLite's: these tests make a SQLite database even
//! when TEST_DATABASE_URL names PostgreSQL; the advice test uses that URL.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use contest_portal::db::{self, DatabaseUrl};
use contest_portal::store;

const WRITERS: usize = 32;

fn bin(database_url: &str, dir: &Path) -> Command {
    portal_command(database_url, dir)
}

fn run(c: &mut Command) -> Ran {
    run_command(c)
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

fn backup(url: &str, dir: &Path, file: &Path) -> Ran {
    run(bin(url, dir).arg("backup").arg(file))
}

fn restore(url: &str, dir: &Path, file: &Path, force: bool) -> Ran {
    let mut c = bin(url, dir);
    c.arg("restore").arg(file);
    if force {
        c.arg("--force");
    }
    run(&mut c)
}

fn keywords_in(url: &str) -> HashSet<String> {
    let mut conn = db::connect(&DatabaseUrl::parse(url).unwrap()).unwrap();
    store::finder::keywords(&mut conn)
        .unwrap()
        .into_iter()
        .map(|k| k.keyword)
        .collect()
}

/// A small portal database made by `migrate` and backed up, for the
/// refusal tests; returns the backup's path.
fn small_backup(dir: &Path) -> PathBuf {
    let url = sqlite_url(&dir.join("small.db"));
    assert!(run(bin(&url, dir).arg("migrate")).ok);
    let file = dir.join("small.backup");
    let r = backup(&url, dir, &file);
    assert!(r.ok, "{}", r.err);
    file
}

#[actix_web::test]
async fn backup_under_32_writers_restores_every_acknowledged_write() {
    let app = spawn_app_on(sqlite_database(), &[]).await;
    let dir = app.db.dir.path().to_path_buf();
    // An uploaded file: the portal keeps them in the database.
    let owner = app.user_id(&app.admin.email);
    let proof = b"%PDF-1.4 enrolment proof".repeat(1000);
    let now = chrono::Utc::now().naive_utc();
    let file_id = store::files::insert(
        &mut app.conn(),
        owner,
        "enrolment_proof",
        "application/pdf",
        "proof.pdf",
        &proof,
        now,
    )
    .unwrap();

    let organiser = app.admin_client().await;
    let token = app.csrf_for(&organiser).await;
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (client, token) = (organiser.clone(), token.clone());
        let (stop, acked) = (stop.clone(), acked.clone());
        let url = app.url("/organise/finder/keywords");
        writers.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let keyword = format!("backup{w}x{n}");
                let r = client
                    .post(&url)
                    .form(&[
                        ("keyword", keyword.as_str()),
                        ("discipline", "law"),
                        ("csrf_token", token.as_str()),
                    ])
                    .send()
                    .await
                    .expect("POST works");
                assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "{keyword}");
                acked.lock().unwrap().push((keyword, Instant::now()));
                n += 1;
            }
        }));
    }
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;

    let file = dir.join("portal.backup");
    let started = Instant::now();
    let ran = {
        let (url, dir, file) = (app.db.url.clone(), dir.clone(), file.clone());
        tokio::task::spawn_blocking(move || backup(&url, &dir, &file))
            .await
            .unwrap()
    };
    let finished = Instant::now();
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("a writer finished");
    }
    assert!(ran.ok, "backup failed: {}", ran.err);
    assert!(ran.out.contains("1 uploaded files"), "{}", ran.out);

    let acked = acked.lock().unwrap().clone();
    let before: Vec<&String> = acked
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(k, _)| k)
        .collect();
    let after = acked.iter().filter(|(_, at)| *at > finished).count();
    println!(
        "{} writes acknowledged before the backup began, {} during it, {after} after",
        before.len(),
        acked.len() - before.len() - after
    );
    assert!(before.len() >= WRITERS, "the writers were saving before it");
    assert!(after > 0, "the writers were still saving after it");

    let restored = dir.join("restored.db");
    let url = sqlite_url(&restored);
    let r = restore(&url, &dir, &file, false);
    assert!(r.ok, "restore failed: {}", r.err);
    assert!(r.out.contains("1 uploaded files"), "{}", r.out);
    assert!(r.out.contains("last migration 2"), "{}", r.out);
    let kept = keywords_in(&url);
    let lost: Vec<&&String> = before.iter().filter(|k| !kept.contains(**k)).collect();
    assert!(
        lost.is_empty(),
        "acknowledged before the backup, lost: {lost:?}"
    );
    let mut conn = db::connect(&DatabaseUrl::Sqlite(restored)).unwrap();
    let stored = store::files::find(&mut conn, file_id)
        .unwrap()
        .expect("the file is restored");
    assert_eq!(stored.data, proof);

    // The portal is still running on its database: even with --force, a
    // restore over it stops before changing anything.
    let r = restore(&app.db.url, &dir, &file, true);
    assert!(!r.ok && r.err.contains("in use"), "{}", r.err);
    assert!(app.get("/").await.status().is_success());
}

#[test]
fn a_truncated_backup_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_backup(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let target = sqlite_url(&dir.path().join("target.db"));
    for keep in [bytes.len() / 2, bytes.len() - 100, 50, 0] {
        let cut = dir.path().join(format!("cut-{keep}.backup"));
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        let r = restore(&target, dir.path(), &cut, false);
        assert!(!r.ok, "a backup cut to {keep} bytes was restored");
        assert!(r.err.contains("truncated"), "{keep}: {}", r.err);
        assert!(!r.err.contains("panicked"), "{}", r.err);
        assert!(!dir.path().join("target.db").exists(), "nothing is written");
    }
}

#[test]
fn a_corrupt_backup_or_another_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_backup(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let target = sqlite_url(&dir.path().join("target.db"));
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    // Every page after the first (the schema) overwritten with noise.
    let mut corrupt = bytes.clone();
    for (i, b) in corrupt.iter_mut().enumerate().skip(page) {
        *b = (i * 7919 % 251) as u8;
    }
    let bad = dir.path().join("corrupt.backup");
    std::fs::write(&bad, &corrupt).unwrap();
    let r = restore(&target, dir.path(), &bad, false);
    assert!(!r.ok && r.err.contains("corrupt"), "{}", r.err);
    assert!(!dir.path().join("target.db").exists());

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, ".repeat(100)).unwrap();
    let r = restore(&target, dir.path(), &text, false);
    assert!(
        !r.ok && r.err.contains("not a SQLite database"),
        "{}",
        r.err
    );
}

#[test]
fn a_backup_from_a_newer_portal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("newer.db"));
    assert!(run(bin(&url, dir.path()).arg("migrate")).ok);
    let mut conn = db::connect(&DatabaseUrl::parse(&url).unwrap()).unwrap();
    exec(
        &mut conn,
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000100')",
    );
    drop(conn);
    let file = dir.path().join("newer.backup");
    assert!(backup(&url, dir.path(), &file).ok);
    let r = restore(
        &sqlite_url(&dir.path().join("t.db")),
        dir.path(),
        &file,
        false,
    );
    assert!(!r.ok && r.err.contains("newer contest-portal"), "{}", r.err);
    assert!(r.err.contains("29991231000100"), "{}", r.err);
}

#[test]
fn a_database_that_is_not_empty_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_backup(dir.path());
    let target = dir.path().join("busy.db");
    let url = sqlite_url(&target);
    assert!(run(bin(&url, dir.path()).arg("migrate")).ok);
    let mut conn = db::connect(&DatabaseUrl::Sqlite(target.clone())).unwrap();
    exec(
        &mut conn,
        "INSERT INTO discipline_keywords (keyword, discipline, updated_at) \
         VALUES ('onlyhere', 'law', '2026-01-01 00:00:00')",
    );
    drop(conn);
    let r = restore(&url, dir.path(), &file, false);
    assert!(!r.ok && r.err.contains("--force"), "{}", r.err);
    assert!(keywords_in(&url).contains("onlyhere"), "left as it was");

    let r = restore(&url, dir.path(), &file, true);
    assert!(r.ok, "{}", r.err);
    assert!(r.out.contains("replaced a database"), "{}", r.out);
    assert!(
        !keywords_in(&url).contains("onlyhere"),
        "replaced by the backup"
    );
    // A backup never overwrites a file either.
    let r = backup(&url, dir.path(), &file);
    assert!(!r.ok && r.err.contains("already exists"), "{}", r.err);
}

#[test]
fn postgresql_gets_the_pg_dump_and_pg_restore_commands() {
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(u) => u,
        None => "postgres://portal:s3cret-pw@127.0.0.1:5432/portal".to_string(),
    };
    let file = dir.path().join("portal.dump");
    for r in [
        backup(&url, dir.path(), &file),
        restore(&url, dir.path(), &file, false),
    ] {
        assert!(!r.ok, "{}", r.out);
        let shown = format!("pg_dump -Fc --file={} \"$DATABASE_URL\"", file.display());
        assert!(r.err.contains(&shown), "{}", r.err);
        assert!(r.err.contains("pg_restore --no-owner"), "{}", r.err);
        assert!(r.err.contains("contest-portal migrate"), "{}", r.err);
        assert!(
            !r.err.contains("s3cret-pw"),
            "no password on screen: {}",
            r.err
        );
        assert!(!file.exists());
    }
}
