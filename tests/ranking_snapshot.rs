//! The stored ranking: after any sequence of changes made through the
//! services (scores submitted, drafts saved, eligibility decided either way,
//! finalists advanced, added and removed, finals scored, round settings and
//! the track's counted publishers changed), each round's stored ranking is
//! the one computed from scratch; two submissions at once leave it so too;
//! and the page reads it a page at a time.

mod common;

use std::collections::HashMap;

use common::fixture::*;
use common::*;
use contest_portal::db::DbConn;
use contest_portal::domain::judging::{CriterionKind, RankMethod, Round, ScoreSheet};
use contest_portal::domain::profile::PersonKind;
use contest_portal::service::contests::{TrackDraft, TrackTarget};
use contest_portal::service::judging::{FinalistsForm, Invite, ScoreForm, SettingsForm};
use contest_portal::service::review::DecisionForm;
use contest_portal::service::{self, Person};
use contest_portal::store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const ROUNDS: [Round; 2] = [Round::Preliminary, Round::Finals];

/// Two values' difference within what a JSON round trip of a float may
/// move it (the stored figures themselves are compared exactly).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

/// The stored ranking of the round equals `computed_ranking` (as the CSV
/// and the awards compute it) by every method: the same lines in the same
/// order with the same figures and explanations, the same unscored entries
/// in the same order, the same counts and flagged judges.
fn assert_stored_is_computed(conn: &mut DbConn, track_id: i32, round: Round, step: &str) {
    let head = store::ranking::round_of(conn, track_id, round)
        .unwrap()
        .unwrap_or_else(|| panic!("{step}: no stored ranking for {round}"));
    let stored = store::ranking::lines_of(conn, track_id, round).unwrap();
    for method in RankMethod::ALL {
        let r = service::judging::computed_ranking(conn, track_id, round, Some(method)).unwrap();
        let mut ranked: Vec<_> = stored.iter().filter(|l| l.rank(method).is_some()).collect();
        ranked.sort_by_key(|l| l.rank(method));
        assert_eq!(
            ranked.iter().map(|l| l.entry_id).collect::<Vec<_>>(),
            r.lines.iter().map(|l| l.entry.id).collect::<Vec<_>>(),
            "{step}: {round} order by {method:?}"
        );
        for (s, c) in ranked.iter().zip(&r.lines) {
            assert_eq!(s.rank(method), Some(c.rank as i32), "{step}");
            assert_eq!(s.reviews, c.stats.reviews as i32, "{step}");
            assert_eq!(
                (
                    s.mean,
                    s.median,
                    s.stdev,
                    s.min_total,
                    s.max_total,
                    s.normalised
                ),
                (
                    c.stats.mean,
                    c.stats.median,
                    c.stats.stdev,
                    c.stats.min,
                    c.stats.max,
                    c.stats.normalised
                ),
                "{step}: figures of entry {}",
                c.entry.id
            );
            assert_eq!(s.disagreement, c.stats.disagreement, "{step}");
            assert_eq!(s.quantity, c.quantity as i32, "{step}: quantity");
            let judges = s.judges();
            assert_eq!(judges.len(), c.reviews.len(), "{step}");
            for (a, b) in judges.iter().zip(&c.reviews) {
                assert!(
                    a.0 == b.0 && close(a.1, b.1) && close(a.2, b.2),
                    "{step}: {a:?} {b:?}"
                );
            }
        }
        let unscored: Vec<i32> = stored
            .iter()
            .filter(|l| l.rank(method).is_none())
            .map(|l| l.entry_id)
            .collect();
        assert_eq!(
            unscored,
            r.unscored.iter().map(|(e, _)| e.id).collect::<Vec<_>>(),
            "{step}: {round} unscored"
        );
        assert_eq!(head.ranked as usize, r.lines.len(), "{step}");
        assert_eq!(head.unscored as usize, r.unscored.len(), "{step}");
        assert_eq!(head.flagged_judges(), r.flagged_judges, "{step}");
    }
}

struct Setup {
    track: Track,
    entries: Vec<i32>,
    judges: Vec<Person>,
    admin: Person,
}

/// A track (counting 勞保局, the publisher of the fixture entries' dataset)
/// with `n` passed entries, `judges` judges on both panels, both rounds'
/// rubrics and three judges per entry assigned for the preliminary round.
async fn setup(f: &Fixture<'_>, n: usize, judges: usize) -> Setup {
    let mut spec = track("就業組");
    spec.counted_publishers = "勞動部勞工保險局".into();
    let contest = f.contest(2026, &[spec]);
    let track = contest.tracks[0];
    let mut entries = Vec::new();
    for i in 0..n {
        let captain = f
            .profiled(
                &format!("cap{i}@gmail.com"),
                &format!("隊長{i}"),
                PersonKind::Student,
                SCHOOL,
                DEPARTMENT,
            )
            .await;
        let team = f.team(&[track], &format!("隊伍{i}"), &captain);
        entries.push(f.submitted_entry(&team, track, &format!("作品{i}")).await);
    }
    f.pass_all(&contest, &entries);
    let mut people = Vec::new();
    for j in 0..judges {
        let who = f
            .account(&format!("judge{j}@itri.org.tw"), &format!("評審{j}"))
            .await;
        for round in ROUNDS {
            let invite = Invite {
                email: who.email.clone(),
                max_load: "100".into(),
            };
            service::judging::invite(&f.app.portal, &f.admin, track.id, round, &invite).unwrap();
        }
        people.push(f.someone(&who.email).person);
    }
    f.default_rubric(track, Round::Preliminary);
    f.default_rubric(track, Round::Finals);
    f.assign(track, Round::Preliminary, 3);
    Setup {
        track,
        entries: entries.iter().map(|e| e.id).collect(),
        judges: people,
        admin: f.admin.clone(),
    }
}

/// A complete sheet under the round's rubric, with random marks.
fn sheet(conn: &mut DbConn, track_id: i32, round: Round, rng: &mut StdRng) -> ScoreSheet {
    let (_, criteria) = store::rubrics::find(conn, track_id, round)
        .unwrap()
        .unwrap();
    let mut s = ScoreSheet::default();
    for c in criteria.iter().filter(|c| c.kind == CriterionKind::Manual) {
        s.criteria.insert(
            c.position.to_string(),
            rng.gen_range(c.min_score..=c.max_score).to_string(),
        );
    }
    s.depth
        .insert("6262".into(), rng.gen_range(1..=5).to_string());
    s
}

/// A judge's submission (or draft) of a complete random sheet.
fn score(
    app: &TestApp,
    s: &Setup,
    judge: &Person,
    entry: i32,
    round: Round,
    submit: bool,
    rng: &mut StdRng,
) -> service::Result<()> {
    let mut conn = app.conn();
    let version = store::scores::find(&mut conn, entry, judge.id, round)
        .unwrap()
        .map(|r| r.version)
        .unwrap_or(0);
    let form = ScoreForm {
        sheet: sheet(&mut conn, s.track.id, round, rng),
        version,
        submit,
    };
    drop(conn);
    service::judging::score(&app.portal, judge, entry, round, &form)
}

#[actix_web::test]
async fn the_stored_ranking_is_always_the_computed_one() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let s = setup(&f, 10, 5).await;
    let p = &app.portal;
    let track_id = s.track.id;
    // The passes stored the preliminary ranking; the finals round, without
    // finalists, is stored on its first read.
    assert_stored_is_computed(&mut app.conn(), track_id, Round::Preliminary, "passed");
    assert!(
        store::ranking::round_of(&mut app.conn(), track_id, Round::Finals)
            .unwrap()
            .is_none()
    );
    for round in ROUNDS {
        service::judging::ranking_page(p, &s.admin, track_id, round, None, (1, 1))
            .await
            .unwrap();
        assert_stored_is_computed(&mut app.conn(), track_id, round, "first read");
    }
    let mut rng = StdRng::seed_from_u64(18);
    let mut done: HashMap<&str, (usize, usize)> = HashMap::new();
    for step in 0..200 {
        let kind = match rng.gen_range(0..100) {
            0..=39 => "submit",
            40..=44 => "draft",
            45..=59 => "decide",
            60..=71 => "finalists",
            72..=81 => "finals score",
            82..=91 => "settings",
            _ => "publishers",
        };
        let entry = s.entries[rng.gen_range(0..s.entries.len())];
        let judge = &s.judges[rng.gen_range(0..s.judges.len())];
        let result: service::Result<()> = match kind {
            "submit" | "draft" => {
                // One of the judge's assigned entries, else any they may see.
                let assigned: Vec<i32> =
                    store::judges::assignments(&mut app.conn(), &s.entries, Round::Preliminary)
                        .unwrap()
                        .into_iter()
                        .filter(|a| a.user_id == judge.id)
                        .map(|a| a.entry_id)
                        .collect();
                let e = if assigned.is_empty() {
                    entry
                } else {
                    assigned[rng.gen_range(0..assigned.len())]
                };
                score(
                    &app,
                    &s,
                    judge,
                    e,
                    Round::Preliminary,
                    kind == "submit",
                    &mut rng,
                )
            }
            "decide" => {
                let pass = rng.gen_bool(0.6);
                let form = DecisionForm {
                    outcome: if pass { "pass" } else { "fail" }.into(),
                    reasons: if pass {
                        vec![]
                    } else {
                        vec!["no-open-data".into()]
                    },
                    message: if pass { "" } else { "未使用開放資料" }.into(),
                    change_reason: "評審會議決議改判".into(),
                    ..DecisionForm::default()
                };
                service::review::decide(p, &s.admin, entry, form).map(|_| ())
            }
            "finalists" => {
                let form = match rng.gen_range(0..3) {
                    0 => FinalistsForm::Advance(rng.gen_range(1..=4).to_string()),
                    1 => FinalistsForm::Add(entry),
                    _ => FinalistsForm::Remove(entry),
                };
                service::judging::finalists(p, &s.admin, track_id, form).await
            }
            "finals score" => {
                let finalists = store::finals::of_track(&mut app.conn(), track_id).unwrap();
                match finalists.first() {
                    None => Err(service::Error::NotFound),
                    Some(_) => {
                        let e = finalists[rng.gen_range(0..finalists.len())].0;
                        let _ = service::judging::edit_assignment(
                            p,
                            &s.admin,
                            track_id,
                            Round::Finals,
                            (e, judge.id),
                            true,
                        );
                        score(&app, &s, judge, e, Round::Finals, true, &mut rng)
                    }
                }
            }
            "settings" => {
                let round = ROUNDS[rng.gen_range(0..2)];
                let form = SettingsForm {
                    anonymous: true,
                    show_others: true,
                    rank_method: RankMethod::ALL[rng.gen_range(0..3)].as_str().into(),
                    disagreement: ["1", "5", "15", "40"][rng.gen_range(0..4)].into(),
                };
                service::judging::save_settings(p, &s.admin, track_id, round, &form)
            }
            _ => {
                let mut conn = app.conn();
                let t = store::contests::find_track(&mut conn, track_id)
                    .unwrap()
                    .unwrap();
                let prizes = store::contests::prizes_of(&mut conn, &[track_id]).unwrap();
                drop(conn);
                let mut draft = TrackDraft::of(&t, &prizes);
                draft.counted_publishers = if t.counted_publishers.contains("勞工保險局") {
                    "內政部".into()
                } else {
                    "勞動部勞工保險局".into()
                };
                service::contests::save_track(p, &s.admin, TrackTarget::Existing(track_id), &draft)
                    .map(|_| ())
            }
        };
        let tally = done.entry(kind).or_default();
        if result.is_ok() {
            tally.0 += 1;
        } else {
            tally.1 += 1;
        }
        for round in ROUNDS {
            assert_stored_is_computed(
                &mut app.conn(),
                track_id,
                round,
                &format!("step {step} ({kind}: {result:?})"),
            );
        }
    }
    // Every kind of change happened, most of them for real.
    for kind in [
        "submit",
        "draft",
        "decide",
        "finalists",
        "finals score",
        "settings",
        "publishers",
    ] {
        let (ok, refused) = done.get(kind).copied().unwrap_or_default();
        assert!(ok > 0, "{kind}: {ok} done, {refused} refused");
    }
    let prelim = store::ranking::round_of(&mut app.conn(), track_id, Round::Preliminary)
        .unwrap()
        .unwrap();
    assert!(prelim.ranked > 3, "{prelim:?}");
}

/// Two judges submit at the same moment: both scores are in the stored
/// ranking, which is the computed one.
#[actix_web::test]
async fn two_submissions_at_once_leave_the_stored_ranking_right() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let s = setup(&f, 4, 3).await;
    let track_id = s.track.id;
    service::judging::ranking_page(
        &app.portal,
        &s.admin,
        track_id,
        Round::Preliminary,
        None,
        (1, 1),
    )
    .await
    .unwrap();
    let assignments =
        store::judges::assignments(&mut app.conn(), &s.entries, Round::Preliminary).unwrap();
    for turn in 0..3 {
        // Two different judges' sheets, released together.
        let pairs: Vec<(Person, i32)> = s
            .judges
            .iter()
            .filter_map(|j| {
                let mine: Vec<i32> = assignments
                    .iter()
                    .filter(|a| a.user_id == j.id)
                    .map(|a| a.entry_id)
                    .collect();
                mine.get(turn).map(|e| (j.clone(), *e))
            })
            .take(2)
            .collect();
        assert_eq!(pairs.len(), 2);
        let warm: Vec<_> = (0..4).map(|_| app.conn()).collect();
        drop(warm);
        let start = std::sync::Barrier::new(2);
        let results: Vec<service::Result<()>> = std::thread::scope(|scope| {
            let runs: Vec<_> = pairs
                .iter()
                .enumerate()
                .map(|(i, (judge, entry))| {
                    let (app, s, start) = (&app, &s, &start);
                    scope.spawn(move || {
                        let mut rng = StdRng::seed_from_u64(turn as u64 * 10 + i as u64);
                        start.wait();
                        score(app, s, judge, *entry, Round::Preliminary, true, &mut rng)
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for r in &results {
            assert!(r.is_ok(), "{r:?}");
        }
        let mut conn = app.conn();
        assert_stored_is_computed(&mut conn, track_id, Round::Preliminary, "at once");
        let reviews: i32 = store::ranking::lines_of(&mut conn, track_id, Round::Preliminary)
            .unwrap()
            .iter()
            .map(|l| l.reviews)
            .sum();
        assert_eq!(reviews as usize, 2 * (turn + 1), "both submissions counted");
    }
}

/// The page shows a page of the stored ranking (50 lines) with a pager, and
/// the unscored entries a page at a time with theirs; a page past the end
/// shows the last.
#[actix_web::test]
async fn the_ranking_page_reads_a_page_of_the_stored_ranking() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let s = setup(&f, 3, 3).await;
    let track_id = s.track.id;
    let mut rng = StdRng::seed_from_u64(7);
    let assignments =
        store::judges::assignments(&mut app.conn(), &s.entries, Round::Preliminary).unwrap();
    for a in assignments.iter().filter(|a| a.entry_id != s.entries[2]) {
        let judge = s.judges.iter().find(|j| j.id == a.user_id).unwrap();
        score(
            &app,
            &s,
            judge,
            a.entry_id,
            Round::Preliminary,
            true,
            &mut rng,
        )
        .unwrap();
    }
    let r = service::judging::ranking_page(
        &app.portal,
        &s.admin,
        track_id,
        Round::Preliminary,
        Some(RankMethod::Mean),
        (9, 9),
    )
    .await
    .unwrap();
    assert_eq!(
        (r.page, r.ranked, r.unscored_page, r.unscored_count),
        (1, 2, 1, 1)
    );
    assert_eq!(r.unscored[0].0.id, s.entries[2]);
    let computed = service::judging::computed_ranking(
        &mut app.conn(),
        track_id,
        Round::Preliminary,
        Some(RankMethod::Mean),
    )
    .unwrap();
    assert_eq!(
        r.lines
            .iter()
            .map(|l| (l.rank, l.entry.id, l.team.clone()))
            .collect::<Vec<_>>(),
        computed
            .lines
            .iter()
            .map(|l| (l.rank, l.entry.id, l.team.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(r.lines[0].reviews.len(), 3);
    let org = f.browser(&f.organiser("org@mol.gov.tw").await).await;
    let html = app
        .get_with(&org, &format!("/organise/tracks/{track_id}/ranking?page=5"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("作品0") && html.contains("作品1") && html.contains("作品2"));
    assert!(html.contains("共 1 件"), "the unscored count: {html}");
}
