//! The eligibility pre-check the organisers' entries list and the
//! reviewers' queue show is kept per replica (`Portal::prechecks`, tagged
//! with the dashboard's change counter and each entry's version); after
//! random sequences of every kind of change it reads, it is always the one
//! run afresh (the entries CSV runs it afresh).

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;
use common::fixture::*;
use common::*;
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::team::MemberRole;
use contest_portal::service;
use contest_portal::service::entries::{Draft, Prechecked};
use contest_portal::store;
use contest_portal::store::cards::Read;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[actix_web::test]
async fn the_precheck_listed_is_always_the_one_run_afresh() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組"), track("職安組")]);
    let (main, other) = (contest.tracks[0], contest.tracks[1]);
    let p = &app.portal;
    let unit = f.unit_reviewer("osha@osha.gov.tw", "osha").await;
    let declared = ["6262", "40324", "7885"];
    let dataset_ids: Vec<i32> = declared.iter().map(|d| f.dataset_id(d)).collect();
    let challenge = f.published_challenge(&unit, main.id, &dataset_ids[..1]);
    let mut teams = Vec::new();
    let mut entries = Vec::new();
    for i in 0..6 {
        let captain = f.student(&format!("cap{i}@gmail.com")).await;
        let team = f.team(&[main], &format!("隊{i}"), &captain);
        let entry = if i % 2 == 0 {
            f.submitted_entry(&team, main, &format!("作品{i}")).await
        } else {
            f.saved_entry(&team, main, &format!("作品{i}")).await
        };
        teams.push(team);
        entries.push(entry);
    }
    let extra = f.student("joiner@gmail.com").await;

    // Each entry's pre-check as the list and the queue show it (kept), and
    // as the CSV runs it afresh.
    let shown = |step: &str| -> BTreeMap<i32, Arc<Prechecked>> {
        let list = service::entries::organiser_list(p, &f.admin, contest.id, None, None).unwrap();
        let kept: BTreeMap<i32, Arc<Prechecked>> = list
            .page
            .items
            .iter()
            .map(|l| (l.entry.id, l.precheck.clone()))
            .collect();
        let fresh: BTreeMap<i32, Arc<Prechecked>> =
            service::entries::organiser_csv_part(p, &f.admin, contest.id, None, 0)
                .unwrap()
                .rows
                .into_iter()
                .map(|l| (l.entry.id, l.precheck))
                .collect();
        assert_eq!(kept, fresh, "{step}: the list");
        kept
    };
    let a = shown("first look");
    let b = shown("second look");
    assert!(
        a.iter().all(|(id, v)| Arc::ptr_eq(v, &b[id])),
        "nothing changed: read, not run again"
    );
    assert_eq!(a.len(), 6);

    let mut rng = StdRng::seed_from_u64(18);
    const KINDS: usize = 12;
    let mut moved = [0usize; KINDS];
    for step in 0..(KINDS * 4) {
        let kind = step % KINDS;
        let i = rng.gen_range(0..entries.len());
        let (team, entry) = (&teams[i], &entries[i]);
        let dataset = dataset_ids[rng.gen_range(0..dataset_ids.len())];
        let mut conn = app.conn();
        let before = store::dashboard::generation(&mut conn).unwrap();
        let version_before = store::entries::find_by_id(&mut conn, entry.id)
            .unwrap()
            .unwrap()
            .version;
        match kind {
            // The team saves its entry: other datasets, a thin or a full
            // description, the challenge answered or not.
            0 => {
                drop(conn);
                let n = rng.gen_range(1..=declared.len());
                let thin = rng.gen_bool(0.3);
                let content = EntryContent {
                    title: format!("作品{i}-{step}"),
                    abstract_: if thin { "短".into() } else { ABSTRACT.into() },
                    datasets: declared[..n]
                        .iter()
                        .map(|d| DeclaredDataset {
                            dataset_id: d.to_string(),
                            fields_used: "行業類別".into(),
                            usage: format!("{USE_A}（{d}）"),
                            depth: 2,
                        })
                        .collect(),
                    challenge_id: rng.gen_bool(0.5).then_some(challenge),
                    ..EntryContent::default()
                };
                let draft = Draft {
                    team_id: team.id,
                    track_id: main.id,
                    content,
                    based_on: version_before,
                    proposal: None,
                };
                service::entries::save(p, &team.captain.person, draft)
                    .await
                    .unwrap();
                conn = app.conn();
            }
            // A declared dataset's publisher moves in or out of those counted.
            1 => flip(
                &mut conn,
                "datasets",
                "publisher",
                ("勞動部", "某民間單位"),
                "id",
                dataset,
            ),
            // Its resources become archives only, or not.
            2 => flip(
                &mut conn,
                "datasets",
                "formats",
                ("CSV", "ZIP"),
                "id",
                dataset,
            ),
            // It leaves the catalogue, or comes back.
            3 => {
                exec(
                    &mut conn,
                    &format!(
                        "UPDATE datasets SET gone_at = CASE WHEN gone_at IS NULL \
                     THEN CURRENT_TIMESTAMP ELSE NULL END WHERE id = {dataset}"
                    ),
                );
            }
            // Its card reads columns with or without the declared field.
            4 => {
                let columns: Vec<String> = if rng.gen_bool(0.5) {
                    vec!["行業類別".into(), "人數".into()]
                } else {
                    vec!["年度".into()]
                };
                let read = Read {
                    url: "http://127.0.0.1:9/data.csv",
                    format: "CSV",
                    encoding: "UTF-8",
                    columns: &columns,
                    rows: &[],
                    status: Some(200),
                };
                let at = Utc::now().naive_utc();
                store::cards::save_read(&mut conn, dataset, &read, at).unwrap();
            }
            // Its link found broken, or read again.
            5 => flip(
                &mut conn,
                "dataset_cards",
                "problem",
                ("error-resource-status", ""),
                "dataset_id",
                dataset,
            ),
            // A member's enrolment proof approved or withdrawn.
            6 => {
                exec(
                    &mut conn,
                    &format!(
                        "UPDATE profiles SET student_verified = NOT student_verified \
                     WHERE user_id = {}",
                        team.captain.id()
                    ),
                );
            }
            // A member's school moves.
            7 => flip(
                &mut conn,
                "profiles",
                "school_name",
                (SCHOOL, "國立清華大學"),
                "user_id",
                team.captain.id(),
            ),
            // The team enters a second track, or leaves it.
            8 => {
                let ids: Vec<i32> = store::teams::track_ids(&mut conn, &[team.id])
                    .unwrap()
                    .iter()
                    .map(|(_, t)| *t)
                    .collect();
                let to = if ids.len() > 1 {
                    vec![main.id]
                } else {
                    vec![main.id, other.id]
                };
                store::teams::set_tracks(&mut conn, team.id, &to).unwrap();
            }
            // The track asks for more datasets, or fewer.
            9 => {
                exec(
                    &mut conn,
                    &format!(
                    "UPDATE tracks SET min_datasets = CASE WHEN min_datasets = 1 THEN 3 ELSE 1 END \
                     WHERE id = {}",
                    main.id
                ),
                );
            }
            // The challenge recommends another dataset, or stops.
            10 => {
                let n = exec(
                    &mut conn,
                    &format!(
                        "DELETE FROM challenge_datasets WHERE challenge_id = {challenge} \
                     AND dataset_id = {}",
                        dataset_ids[2]
                    ),
                );
                if n == 0 {
                    exec(
                        &mut conn,
                        &format!(
                            "INSERT INTO challenge_datasets (challenge_id, dataset_id, position) \
                         VALUES ({challenge}, {}, 9)",
                            dataset_ids[2]
                        ),
                    );
                }
            }
            // Someone joins the team, or leaves it.
            _ => {
                let n = exec(
                    &mut conn,
                    &format!("DELETE FROM team_members WHERE user_id = {}", extra.id()),
                );
                if n == 0 {
                    let stored = store::teams::find(&mut conn, team.id).unwrap().unwrap();
                    let now = Utc::now().naive_utc();
                    store::teams::add_member(
                        &mut conn,
                        &stored,
                        extra.id(),
                        MemberRole::Student,
                        now,
                    )
                    .unwrap();
                }
            }
        }
        let version_after = store::entries::find_by_id(&mut conn, entry.id)
            .unwrap()
            .unwrap()
            .version;
        if store::dashboard::generation(&mut conn).unwrap() != before
            || version_after != version_before
        {
            moved[kind] += 1;
        }
        drop(conn);
        shown(&format!("step {step} (kind {kind})"));
    }
    // Every kind of change told the kept pre-checks (the counter or the
    // entry's version moved) at least once, else the test could not tell.
    for (kind, n) in moved.iter().enumerate() {
        assert!(*n > 0, "change kind {kind} never moved the counter");
    }
}

/// The queue's "pre-check failing" filter (kept per track) lists, a page at
/// a time, just the entries that fail their pre-check run afresh, each where
/// it stands, before and after a change that makes them fail, a decision,
/// and the change undone.
#[actix_web::test]
async fn the_failing_filter_lists_the_entries_whose_precheck_fails() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let main = contest.tracks[0];
    let p = &app.portal;
    let mut entries = Vec::new();
    for i in 0..4 {
        let captain = f.student(&format!("cap{i}@gmail.com")).await;
        let team = f.team(&[main], &format!("隊{i}"), &captain);
        entries.push(f.submitted_entry(&team, main, &format!("作品{i}")).await);
    }
    f.close_submissions(&contest);
    let failing = |step: &str| -> Vec<i32> {
        let q = service::review::queue(p, &f.admin, main.id, "precheck-failing", None).unwrap();
        let rows = q.rows.expect("the review is open");
        let listed: Vec<i32> = rows.items.iter().map(|r| r.entry.id).collect();
        assert_eq!(rows.total as usize, listed.len(), "{step}: one page");
        // Where each stands, as the unfiltered queue reads it afresh.
        let all = service::review::queue(p, &f.admin, main.id, "all", None).unwrap();
        for r in &rows.items {
            let now = all
                .rows
                .as_ref()
                .unwrap()
                .items
                .iter()
                .find(|a| a.entry.id == r.entry.id);
            assert_eq!(
                Some(r.state),
                now.map(|a| a.state),
                "{step}: entry {}",
                r.entry.id
            );
        }
        let fresh: Vec<i32> =
            service::entries::organiser_csv_part(p, &f.admin, contest.id, None, 0)
                .unwrap()
                .rows
                .iter()
                .filter(|l| !l.precheck.passed())
                .map(|l| l.entry.id)
                .collect();
        assert_eq!(listed, fresh, "{step}: the failing filter");
        listed
    };
    let before = failing("as submitted");
    // The dataset the entries declare leaves the catalogue: each of them
    // is now warned about it.
    let gone = f.dataset_id("6262");
    let mut conn = app.conn();
    store::cards::mark_gone(&mut conn, gone, Utc::now().naive_utc()).unwrap();
    drop(conn);
    let after = failing("its dataset gone");
    assert_eq!(after.len(), entries.len(), "every entry declares it");
    // A decision moves an entry the filter lists (kept with where it stood).
    f.pass(&entries[0]);
    assert_eq!(failing("one passed"), after);
    store::cards::mark_back(&mut app.conn(), gone).unwrap();
    assert_eq!(failing("its dataset back"), before);
    // The kept list holds no entry versions: a new version of a submitted
    // entry moves the counter by itself (migration 2026-12-06-000100).
    let mut conn = app.conn();
    let counter = store::dashboard::generation(&mut conn).unwrap();
    let sql = format!(
        "UPDATE entries SET version = version + 1 WHERE id = {}",
        entries[1].id
    );
    assert_eq!(exec(&mut conn, &sql), 1);
    assert_ne!(
        store::dashboard::generation(&mut conn).unwrap(),
        counter,
        "a submitted entry's new version moves the counter"
    );
}
