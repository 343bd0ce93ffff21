//! The stored list flags of teams: after any sequence of use cases made
//! through the services (registering, joining, advising, leaving, removal,
//! withdrawal, track changes, profile edits, proof uploads and checks, and
//! track rule edits), every team's stored flags equal the team rules
//! computed from scratch, and the organisers' list filters by them.

mod common;

use common::fixture::*;
use common::*;
use contest_portal::domain::profile::PersonKind;
use contest_portal::service::contests::TrackTarget;
use contest_portal::service::teams::{NewTeam, ProofVerdict, TeamFilter};
use contest_portal::service::{self, Person};
use contest_portal::store;
use diesel::RunQueryDsl;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const SCHOOLS: [&str; 3] = ["國立政治大學", "國立臺灣大學", "國立清華大學"];
const DEPARTMENTS: [&str; 2] = ["資訊管理學系", "統計學系"];

/// Every team of the contest has stored flags, and they are the ones
/// computed from its members, tracks and rules now.
fn assert_stored_is_computed(app: &TestApp, teams: &[i32], step: &str) {
    let mut conn = app.conn();
    let stored = store::team_flags::of_teams(&mut conn, teams).unwrap();
    let computed = service::teams::flags::computed(&mut conn, teams).unwrap();
    assert_eq!(stored.len(), teams.len(), "{step}: a team without flags");
    assert_eq!(stored, computed, "{step}");
}

/// The team a person is in now (as student or advisor), if any.
fn team_of(app: &TestApp, who: &Person, contest_id: i32) -> Option<(i32, bool)> {
    let mut conn = app.conn();
    store::teams::teams_of_user(&mut conn, who.id)
        .unwrap()
        .into_iter()
        .find(|(t, r)| {
            t.contest_id == contest_id && !t.withdrawn && r.as_str() != store::teams::FORMER_STUDENT
        })
        .map(|(t, _)| (t.id, t.captain_id == who.id))
}

fn tokens(app: &TestApp, team_id: i32) -> (String, String) {
    let t = store::teams::find(&mut app.conn(), team_id)
        .unwrap()
        .unwrap();
    (t.member_token, t.advisor_token)
}

#[actix_web::test]
async fn stored_flags_follow_every_use_case() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let mut one = track("單校組");
    one.cross_school_allowed = false;
    one.max_tracks_per_team = 2;
    let mut two = track("證明組");
    two.proof_required = true;
    two.min_students = 2;
    two.max_tracks_per_team = 2;
    let mut specs = [one, two];
    let c = f.contest(2032, &specs);
    let mut students = Vec::new();
    for i in 0..8 {
        let s = SCHOOLS[i % 2];
        let d = DEPARTMENTS[i % 2];
        students.push(
            f.student_at(&format!("flag{i}@example.edu.tw"), s, d)
                .await
                .person,
        );
    }
    let mut advisors = Vec::new();
    for i in 0..2 {
        let s = SCHOOLS[i + 1];
        advisors.push(
            f.faculty_at(&format!("prof{i}@example.edu.tw"), s, "資訊管理學系")
                .await
                .person,
        );
    }
    let admin = f.admin.clone();
    let p = &app.portal;
    let mut rng = StdRng::seed_from_u64(18);
    let mut teams: Vec<i32> = Vec::new();
    let mut named = 0;
    let mut done = std::collections::BTreeMap::<&str, usize>::new();
    for step in 0..70 {
        let who = students.choose(&mut rng).unwrap().clone();
        let mine = team_of(&app, &who, c.id);
        let other = teams.choose(&mut rng).copied();
        let tracks: Vec<i32> = match rng.gen_range(0..3) {
            0 => vec![c.tracks[0].id],
            1 => vec![c.tracks[1].id],
            _ => vec![c.tracks[0].id, c.tracks[1].id],
        };
        let (what, outcome) = match (rng.gen_range(0..11), mine) {
            (0, None) => {
                named += 1;
                let new = NewTeam {
                    name: format!("旗隊{named}"),
                    tracks,
                };
                let r = service::teams::register(p, &who, c.year, &new);
                if let Ok(service::teams::Joining::Ready(id)) = &r {
                    teams.push(*id);
                }
                ("register", r.map(|_| ()))
            }
            (1, None) | (0, Some(_)) => match other {
                Some(t) => (
                    "join",
                    service::teams::join(p, &who, &tokens(&app, t).0).map(|_| ()),
                ),
                None => continue,
            },
            (2, _) => match other {
                Some(t) => {
                    let a = advisors.choose(&mut rng).unwrap();
                    (
                        "advise",
                        service::teams::join(p, a, &tokens(&app, t).1).map(|_| ()),
                    )
                }
                None => continue,
            },
            (3, Some((t, false))) => ("leave", service::teams::leave(p, &who, t)),
            (3, Some((t, true))) => {
                let mut conn = app.conn();
                let members = store::teams::members(&mut conn, &[t]).unwrap();
                drop(conn);
                match members.iter().find(|m| m.user_id != who.id) {
                    Some(m) => (
                        "remove",
                        service::teams::remove_member(p, &who, t, m.user_id),
                    ),
                    None => continue,
                }
            }
            (4, Some((t, true))) if rng.gen_ratio(1, 3) => {
                ("withdraw", service::teams::withdraw(p, &who, t))
            }
            (5, Some((t, true))) => ("tracks", service::teams::set_tracks(p, &who, t, &tracks)),
            (6, _) => {
                let s = SCHOOLS.choose(&mut rng).unwrap();
                let d = DEPARTMENTS.choose(&mut rng).unwrap();
                let input = profile_input("改名", PersonKind::Student, s, d);
                ("profile", service::profiles::save(p, &who, input))
            }
            (7, _) => (
                "proof",
                service::profiles::upload_proof(p, &who, b"%PDF-1.7 proof".to_vec()).map(|_| ()),
            ),
            (8, Some((t, _))) => {
                let verdict = if rng.gen_bool(0.5) {
                    ProofVerdict::Verified
                } else {
                    ProofVerdict::Rejected
                };
                (
                    "proof check",
                    service::teams::review_proof(p, &admin, t, who.id, verdict),
                )
            }
            (9, _) => {
                let i = rng.gen_range(0..2);
                let spec = &mut specs[i];
                match rng.gen_range(0..3) {
                    0 => spec.cross_school_allowed = !spec.cross_school_allowed,
                    1 => spec.proof_required = !spec.proof_required,
                    _ => spec.min_students = rng.gen_range(1..=3),
                }
                (
                    "track rules",
                    service::contests::save_track(
                        p,
                        &admin,
                        TrackTarget::Existing(c.tracks[i].id),
                        &spec.draft(),
                    )
                    .map(|_| ()),
                )
            }
            (10, Some(_)) => {
                let a = advisors.choose(&mut rng).unwrap();
                let s = SCHOOLS.choose(&mut rng).unwrap();
                let input = profile_input("老師", PersonKind::Faculty, s, "統計學系");
                ("advisor profile", service::profiles::save(p, a, input))
            }
            _ => continue,
        };
        if outcome.is_ok() {
            *done.entry(what).or_default() += 1;
        }
        assert_stored_is_computed(&app, &teams, &format!("step {step} ({what}: {outcome:?})"));
    }
    // Enough of the use cases went through for the comparison to mean
    // something.
    for what in [
        "register",
        "join",
        "profile",
        "proof",
        "proof check",
        "track rules",
    ] {
        assert!(
            done.get(what).copied().unwrap_or(0) > 0,
            "no {what} went through: {done:?}"
        );
    }

    // The list filters by the stored flags, as the rule says.
    let mut conn = app.conn();
    let computed = service::teams::flags::computed(&mut conn, &teams).unwrap();
    drop(conn);
    for (key, flag) in [
        (
            "cross_school",
            (|f: &store::team_flags::Flags| f.cross_school) as fn(&_) -> bool,
        ),
        ("cross_department", |f| f.cross_department),
        ("rules", |f| f.rules_met),
        ("proof", |f| f.proof_missing),
    ] {
        for value in ["yes", "no"] {
            let mut filter = TeamFilter {
                withdrawn: "yes".into(),
                ..TeamFilter::default()
            };
            match key {
                "cross_school" => filter.cross_school = value.into(),
                "cross_department" => filter.cross_department = value.into(),
                "rules" => filter.rules = value.into(),
                _ => filter.proof = value.into(),
            }
            let list = service::teams::organiser_list(p, &admin, c.id, filter).unwrap();
            let listed: Vec<i32> = list.page.items.iter().map(|r| r.team.id).collect();
            let expected: Vec<i32> = computed
                .iter()
                .filter(|f| flag(f) == (value == "yes"))
                .map(|f| f.team_id)
                .take(25)
                .collect();
            assert_eq!(listed, expected, "{key}={value}");
        }
    }

    // Teams whose flags were never stored (made before the upgrade) get
    // them at start-up, several rows a statement.
    let mut conn = app.conn();
    diesel::delete(contest_portal::db::schema::team_flags::table)
        .execute(&mut conn)
        .unwrap();
    let filled = service::teams::flags::backfill(&mut conn).unwrap();
    drop(conn);
    assert_eq!(filled, teams.len(), "every team filled");
    assert_stored_is_computed(&app, &teams, "start-up backfill");
}
