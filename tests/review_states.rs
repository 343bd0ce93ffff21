//! Where each entry stands in the eligibility review is decided in SQL for
//! the queue and the summary (`store::review`); after random sequences of
//! changes (decisions of every kind, confirmations, resubmissions, revisions
//! due or not, team and track extensions, withdrawals, answered consults,
//! the contest's deadline moved) it is always what the rule in Rust
//! (`ReviewState::of` over the team's deadline) says, entry by entry, and
//! the queue's counts and pages and the summary's numbers follow from it.

mod common;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime, Utc};
use common::fixture::*;
use common::*;
use contest_portal::db::schema::{contests, entries, tracks};
use contest_portal::db::DbConn;
use contest_portal::domain::consult::PassRate;
use contest_portal::domain::eligibility::{Decision, FixPart, Outcome, ReviewState};
use contest_portal::domain::entry::{submission_deadline, Status};
use contest_portal::service;
use contest_portal::store;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The review's entries of a track and where each stands at `at`, by the
/// rule in Rust, read entry by entry: (entry, state, consult answered).
fn by_the_rule(
    conn: &mut DbConn,
    contest_id: i32,
    track_id: i32,
    at: NaiveDateTime,
) -> Vec<(i32, ReviewState, bool)> {
    let contest = store::contests::find(conn, contest_id).unwrap().unwrap();
    let track = store::contests::find_track(conn, track_id)
        .unwrap()
        .unwrap();
    let mut out = Vec::new();
    for e in store::entries::of_contest(conn, contest_id, Some(track_id)).unwrap() {
        let team = store::teams::find(conn, e.team_id).unwrap().unwrap();
        if e.status != Status::Submitted || team.withdrawn {
            continue;
        }
        let own: Vec<NaiveDateTime> = store::teams::extensions(conn, &[team.id])
            .unwrap()
            .into_iter()
            .filter(|x| x.deadline == "submission")
            .map(|x| x.until_at)
            .collect();
        let deadline = submission_deadline(
            contest.submission_deadline_at,
            track.submission_deadline_at,
            own,
        );
        let still_open = deadline.is_some_and(|d| at < d);
        let current = store::eligibility::current(conn, e.id).unwrap();
        let state = ReviewState::of(
            current.as_ref().map(|d| d.current()).as_ref(),
            e.submitted_version,
            still_open,
            at,
        );
        let consulted = store::consults::of_entry(conn, e.id)
            .unwrap()
            .is_some_and(|c| c.answered());
        out.push((e.id, state, consulted));
    }
    out
}

/// The SQL's states are the rule's, entry by entry and counted; the
/// summary's numbers and the queue's counts and pages follow.
fn assert_states(f: &Fixture<'_>, contest_id: i32, track_id: i32, step: &str) -> Vec<ReviewState> {
    let mut conn = f.app.conn();
    let at = Utc::now().naive_utc();
    let expected = by_the_rule(&mut conn, contest_id, track_id, at);
    let contest = store::contests::find(&mut conn, contest_id)
        .unwrap()
        .unwrap();
    let track = store::contests::find_track(&mut conn, track_id)
        .unwrap()
        .unwrap();
    let tracks = [track];
    let scope = store::review::Scope {
        contest: &contest,
        tracks: &tracks,
        at,
    };
    let lines: Vec<(i32, ReviewState)> = store::review::lines(&mut conn, &scope, None, None)
        .unwrap()
        .into_iter()
        .map(|l| (l.id, l.state))
        .collect();
    let want: Vec<(i32, ReviewState)> = expected.iter().map(|(id, s, _)| (*id, *s)).collect();
    assert_eq!(lines, want, "{step}: states entry by entry");

    let mut counted: BTreeMap<(ReviewState, bool), i64> = BTreeMap::new();
    for c in store::review::counts(&mut conn, &scope).unwrap() {
        assert_eq!(
            c.failed_for.is_some(),
            c.state == ReviewState::Fail,
            "{step}: reasons of failures only"
        );
        *counted.entry((c.state, c.consulted)).or_default() += c.n;
    }
    let mut want_counts: BTreeMap<(ReviewState, bool), i64> = BTreeMap::new();
    for (_, state, consulted) in &expected {
        *want_counts.entry((*state, *consulted)).or_default() += 1;
    }
    assert_eq!(counted, want_counts, "{step}: counts");
    drop(conn);
    let seen: Vec<ReviewState> = expected.iter().map(|e| e.1).collect();

    // The summary (no revision falls due within the test's run).
    let s = service::review::summary(&f.app.portal, &f.admin, contest_id).unwrap();
    let ts = s.tracks.iter().find(|t| t.track.id == track_id).unwrap();
    assert_eq!(ts.total, expected.len(), "{step}: summary total");
    for state in ReviewState::ALL {
        let n = expected.iter().filter(|e| e.1 == state).count();
        assert_eq!(ts.count(state), n, "{step}: summary {state:?}");
    }
    let rate = |consulted: bool| {
        let mut r = PassRate::default();
        for e in expected.iter().filter(|e| e.2 == consulted) {
            r.add(e.1 == ReviewState::Pass);
        }
        r
    };
    assert_eq!(ts.with_consult, rate(true), "{step}: with consult");
    assert_eq!(ts.without_consult, rate(false), "{step}: without consult");
    assert_eq!(
        ts.passed.len(),
        ts.count(ReviewState::Pass),
        "{step}: the advancing list"
    );
    let lines = service::review::summary_with_lines(&f.app.portal, &f.admin, contest_id).unwrap();
    let lt = lines
        .tracks
        .iter()
        .find(|t| t.track.id == track_id)
        .unwrap();
    assert_eq!(
        lt.entries.iter().map(|l| l.state).collect::<Vec<_>>(),
        expected.iter().map(|e| e.1).collect::<Vec<_>>(),
        "{step}: the CSV's lines"
    );

    // The queue under each filter: its counts and its first page.
    if !contest
        .submission_deadline_at
        .is_some_and(|d| at >= d && tracks[0].submission_deadline_at.is_none_or(|t| at >= t))
    {
        return seen;
    }
    for filter in ["", "undecided", "pass", "fail", "revision"] {
        let q = service::review::queue(&f.app.portal, &f.admin, track_id, filter, None).unwrap();
        let rows = q.rows.expect("the review is open");
        let shown: Vec<i32> = expected
            .iter()
            .filter(|e| e.1.shown_under(filter, true))
            .map(|e| e.0)
            .collect();
        assert_eq!(q.total, expected.len(), "{step}: queue total");
        assert_eq!(rows.total as usize, shown.len(), "{step}: shown {filter:?}");
        assert_eq!(
            rows.items.iter().map(|r| r.entry.id).collect::<Vec<_>>(),
            shown.iter().take(50).copied().collect::<Vec<_>>(),
            "{step}: page of {filter:?}"
        );
        for r in &rows.items {
            let want = expected.iter().find(|e| e.0 == r.entry.id).unwrap().1;
            assert_eq!(r.state, want, "{step}: row state");
            let decided = store::eligibility::current(&mut f.app.conn(), r.entry.id).unwrap();
            assert_eq!(
                r.decision.as_ref().map(|d| d.id),
                decided.map(|d| d.id),
                "{step}: row decision"
            );
        }
    }
    seen
}

fn decision(rng: &mut StdRng, now: NaiveDateTime) -> Decision {
    let outcome = [Outcome::Pass, Outcome::Fail, Outcome::Revision][rng.gen_range(0..3)];
    let reasons: Vec<String> = ["no-open-data", "use-unclear", "team-ineligible"]
        .iter()
        .filter(|_| outcome != Outcome::Pass && rng.gen_bool(0.5))
        .map(|r| r.to_string())
        .collect();
    // Due well before or after the test's run, or never set.
    let revision_due_at = match (outcome, rng.gen_range(0..3)) {
        (Outcome::Revision, 0) => Some(now - Duration::hours(2)),
        (Outcome::Revision, 1) => Some(now + Duration::hours(2)),
        _ => None,
    };
    Decision {
        outcome,
        reasons,
        message: "說明".into(),
        fix_parts: if outcome == Outcome::Revision {
            vec![FixPart::parse("datasets").unwrap_or_else(|| panic!("a fix part"))]
        } else {
            Vec::new()
        },
        revision_due_at,
    }
}

#[actix_web::test]
async fn review_states_in_sql_are_the_rule_after_random_changes() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組"), track("社福組")]);
    let (track, other) = (contest.tracks[0], contest.tracks[1]);
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let mut teams = Vec::new();
    for i in 0..10 {
        let captain = f.student(&format!("cap{i}@gmail.com")).await;
        let team = f.team(&[track], &format!("隊伍{i}"), &captain);
        let entry = f.submitted_entry(&team, track, &format!("作品{i}")).await;
        teams.push((team, entry));
    }
    // The other track's entries, submitted or not, are never in this one's.
    for i in 0..3 {
        let captain = f.student(&format!("other{i}@gmail.com")).await;
        let team = f.team(&[other], &format!("別隊{i}"), &captain);
        if i == 0 {
            f.saved_entry(&team, other, "草稿").await;
        } else {
            f.submitted_entry(&team, other, &format!("別作品{i}")).await;
        }
    }
    // A draft of this track is not in its review either.
    let captain = f.student("drafter@gmail.com").await;
    let team = f.team(&[track], "草稿隊", &captain);
    f.saved_entry(&team, track, "草稿").await;
    f.close_submissions(&contest);
    let mut seen = assert_states(&f, contest.id, track.id, "start");

    let mut rng = StdRng::seed_from_u64(18);
    let now = Utc::now().naive_utc();
    for step in 0..120 {
        let (team, entry) = &teams[rng.gen_range(0..teams.len())];
        let mut conn = app.conn();
        let what = match rng.gen_range(0..10) {
            0..=2 => {
                let d = decision(&mut rng, now);
                let version = store::entries::find_by_id(&mut conn, entry.id)
                    .unwrap()
                    .unwrap()
                    .submitted_version;
                store::eligibility::record(
                    &mut conn,
                    entry.id,
                    &d,
                    version - i32::from(rng.gen_bool(0.2)),
                    // A second look is asked for failures only.
                    d.outcome == Outcome::Fail && rng.gen_bool(0.5),
                    reviewer.id(),
                    "",
                    now,
                )
                .unwrap();
                format!("decided {:?} due {:?}", d.outcome, d.revision_due_at)
            }
            3 => {
                if let Some(d) = store::eligibility::current(&mut conn, entry.id).unwrap() {
                    store::eligibility::confirm(&mut conn, d.id, f.admin.id, now).unwrap();
                }
                "confirmed".into()
            }
            4 => {
                diesel::update(entries::table.find(entry.id))
                    .set(entries::submitted_version.eq(entries::submitted_version + 1))
                    .execute(&mut conn)
                    .unwrap();
                "resubmitted".into()
            }
            5 => {
                let kind = ["submission", "registration"][rng.gen_range(0..2)];
                let until = now + Duration::hours(rng.gen_range(-3..2));
                store::teams::add_extension(
                    &mut conn, team.id, kind, until, "理由", f.admin.id, now,
                )
                .unwrap();
                format!("extended {kind}")
            }
            6 => {
                if rng.gen_bool(0.3) {
                    store::teams::withdraw(&mut conn, team.id).unwrap();
                }
                "withdrawn perhaps".into()
            }
            7 => {
                let asked = store::consults::of_entry(&mut conn, entry.id).unwrap();
                let id = match asked {
                    Some(c) => c.id,
                    None => store::consults::ask(
                        &mut conn,
                        &store::consults::NewConsult {
                            entry_id: entry.id,
                            asked_by: team.captain.id(),
                            question: "問題",
                            entry_version: 1,
                            at: now,
                        },
                    )
                    .unwrap(),
                };
                if rng.gen_bool(0.6) {
                    store::consults::answer(&mut conn, id, reviewer.id(), "答", &[], now).unwrap();
                }
                "consulted".into()
            }
            8 => {
                // The track's own deadline: later than now (every entry still
                // open), or none.
                let later = rng
                    .gen_bool(0.3)
                    .then(|| now + Duration::hours(rng.gen_range(1..4)));
                diesel::update(tracks::table.find(track.id))
                    .set(tracks::submission_deadline_at.eq(later))
                    .execute(&mut conn)
                    .unwrap();
                "track deadline".into()
            }
            _ => {
                // The contest's deadline: past (the review open), or none.
                let deadline = (!rng.gen_bool(0.15)).then(|| now - Duration::minutes(1));
                diesel::update(contests::table.find(contest.id))
                    .set(contests::submission_deadline_at.eq(deadline))
                    .execute(&mut conn)
                    .unwrap();
                "contest deadline".into()
            }
        };
        drop(conn);
        seen.extend(assert_states(
            &f,
            contest.id,
            track.id,
            &format!("step {step}: {what}"),
        ));
    }
    for state in ReviewState::ALL {
        assert!(
            seen.contains(&state),
            "the run never reached {state:?}: {seen:?}"
        );
    }
}

/// Issue 18: each replica keeps the review's counts until something they
/// count is written or the clock reaches the next moment an entry changes
/// where it stands with nothing written: here a team's extension running
/// out, then a revision falling due.
#[actix_web::test]
async fn kept_review_counts_run_out_when_an_extension_or_a_revision_does() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let track = contest.tracks[0];
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let captain = f.student("cap@gmail.com").await;
    let team = f.team(&[track], "隊伍", &captain);
    let entry = f.submitted_entry(&team, track, "作品").await;
    f.close_submissions(&contest);
    let shown = |want: ReviewState, step: &str| {
        let q = service::review::queue(&app.portal, &f.admin, track.id, "", None).unwrap();
        let rows = q.rows.expect("the review is open");
        assert_eq!(rows.items[0].state, want, "{step}: the queue's row");
        let s = service::review::summary(&app.portal, &f.admin, contest.id).unwrap();
        assert_eq!(s.tracks[0].count(want), 1, "{step}: the summary");
    };
    shown(ReviewState::Undecided, "closed");
    let now = Utc::now().naive_utc();
    store::teams::add_extension(
        &mut app.conn(),
        team.id,
        "submission",
        now + Duration::milliseconds(1500),
        "理由",
        f.admin.id,
        now,
    )
    .unwrap();
    shown(ReviewState::StillOpen, "extended");
    shown(ReviewState::StillOpen, "extended, a second look");
    std::thread::sleep(std::time::Duration::from_millis(1700));
    shown(ReviewState::Undecided, "the extension ran out");

    let now = Utc::now().naive_utc();
    let d = Decision {
        outcome: Outcome::Revision,
        reasons: Vec::new(),
        message: "說明".into(),
        fix_parts: vec![FixPart::Datasets],
        revision_due_at: Some(now + Duration::milliseconds(1500)),
    };
    store::eligibility::record(
        &mut app.conn(),
        entry.id,
        &d,
        1,
        false,
        reviewer.id(),
        "",
        now,
    )
    .unwrap();
    shown(ReviewState::Revision, "sent back");
    std::thread::sleep(std::time::Duration::from_millis(1700));
    shown(ReviewState::RevisionExpired, "the revision fell due");

    // The contest's deadline moved just ahead (by hand): every entry is
    // open again until it passes; the summary reads the kept counts.
    let counted = |want: ReviewState, step: &str| {
        let s = service::review::summary(&app.portal, &f.admin, contest.id).unwrap();
        assert_eq!(s.tracks[0].count(want), 1, "{step}: the summary");
    };
    let soon = Utc::now().naive_utc() + Duration::milliseconds(1500);
    diesel::update(contests::table.find(contest.id))
        .set(contests::submission_deadline_at.eq(Some(soon)))
        .execute(&mut app.conn())
        .unwrap();
    counted(ReviewState::StillOpen, "the deadline ahead");
    counted(ReviewState::StillOpen, "the deadline ahead, a second look");
    std::thread::sleep(std::time::Duration::from_millis(1700));
    counted(ReviewState::RevisionExpired, "the deadline passed");
}
