//! The contest's rules tested where they live, in the services, without HTTP:
//! each test arranges the contest with the fixture builder and asks the one
//! service function that holds the rule.

mod common;

use common::fixture::{track, Fixture, DEPARTMENT, SCHOOL};
use common::spawn_app;
use contest_portal::domain::judging::Round;
use contest_portal::domain::profile::PersonKind;
use contest_portal::service::entries::Draft;
use contest_portal::service::{self, Error};
use contest_portal::store;

#[actix_web::test]
async fn a_judge_who_declares_a_conflict_never_sees_the_entry_again() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let t = contest.tracks[0];
    let captain = f
        .profiled(
            "cap@nccu.edu.tw",
            "隊長",
            PersonKind::Student,
            SCHOOL,
            DEPARTMENT,
        )
        .await;
    let team = f.team(&[t], "勞保小幫手", &captain);
    let entry = f.submitted_entry(&team, t, "作品").await;
    f.pass_all(&contest, std::slice::from_ref(&entry));
    f.default_rubric(t, Round::Preliminary);
    let judge = f.judge(t, "judge@itri.org.tw", "評審").await;
    f.assign_one(t, Round::Preliminary, entry.id, &judge);
    let p = &app.portal;
    assert!(
        service::judging::scoring_page(p, &judge.person, entry.id, Round::Preliminary, None)
            .is_ok(),
        "an assigned judge sees the entry"
    );

    service::judging::declare_conflict(p, &judge.person, entry.id, Round::Preliminary, "指導過")
        .unwrap();

    let seen = service::judging::scoring_page(p, &judge.person, entry.id, Round::Preliminary, None);
    assert!(matches!(seen, Err(Error::NotFound)), "{:?}", seen.err());
    let listed = service::judging::dashboard(p, &judge.person).unwrap();
    assert!(listed.iter().all(|l| l.entry.id != entry.id));
    // The organiser cannot hand it back, in this round or the finals.
    let again = service::judging::edit_assignment(
        p,
        &f.admin,
        t.id,
        Round::Preliminary,
        (entry.id, judge.id()),
        true,
    );
    assert!(again.is_err(), "{again:?}");
    assert!(
        store::judges::assignments(&mut app.conn(), &[entry.id], Round::Preliminary)
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn a_routed_request_falls_due_after_working_days_and_a_second_routing_from_the_same_view_changes_nothing(
) {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let requester = f.account("citizen@gmail.com", "市民").await;
    let id = f.request(&requester, "各行業職災保險費率");
    let p = &app.portal;
    let seen = store::requests::find(&mut app.conn(), id).unwrap().unwrap();
    let unit = f.unit("bli");

    service::requests::route(p, &f.admin, id, unit, seen.version, "").unwrap();
    let again = service::requests::route(p, &f.admin, id, unit, seen.version, "");

    assert!(
        matches!(again, Err(Error::Stale(_) | Error::WrongState(_))),
        "{again:?}"
    );
    let spans = store::requests::spans(&mut app.conn(), id).unwrap();
    assert_eq!(spans.len(), 1, "one routing, one span");
    let routed = store::requests::find(&mut app.conn(), id).unwrap().unwrap();
    let due = routed.due_on.expect("a routed request has a due date");
    let started = spans[0].started_on;
    // Fourteen working days are at least eighteen calendar days (two
    // weekends and more), never fourteen.
    assert!(
        (due - started).num_days() >= 18,
        "{started} → {due}: 14 working days"
    );
}

#[actix_web::test]
async fn once_submissions_close_a_team_can_no_longer_change_its_entry_and_a_refusal_writes_nothing()
{
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let t = contest.tracks[0];
    let captain = f
        .profiled(
            "cap@nccu.edu.tw",
            "隊長",
            PersonKind::Student,
            SCHOOL,
            DEPARTMENT,
        )
        .await;
    let team = f.team(&[t], "勞保小幫手", &captain);
    let entry = f.saved_entry(&team, t, "初稿").await;
    f.close_submissions(&contest);

    let late = service::entries::save(
        &app.portal,
        &captain.person,
        Draft {
            team_id: team.id,
            track_id: t.id,
            content: common::fixture::content("改過的標題"),
            based_on: entry.version,
            proposal: None,
        },
    )
    .await;

    assert!(
        matches!(late, Err(Error::Refused(_) | Error::WrongState(_))),
        "{late:?}"
    );
    let stored = store::entries::find_by_id(&mut app.conn(), entry.id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.title, "初稿");
}

#[actix_web::test]
async fn a_student_of_another_team_cannot_act_for_a_team_they_are_not_in() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let t = contest.tracks[0];
    let captain = f
        .profiled(
            "cap@nccu.edu.tw",
            "隊長",
            PersonKind::Student,
            SCHOOL,
            DEPARTMENT,
        )
        .await;
    let other = f
        .profiled(
            "other@ntu.edu.tw",
            "別隊",
            PersonKind::Student,
            SCHOOL,
            DEPARTMENT,
        )
        .await;
    let team = f.team(&[t], "勞保小幫手", &captain);
    let _their_team = f.team(&[t], "別的隊", &other);
    let p = &app.portal;

    let page = service::teams::page(p, &other.person, team.id);
    assert!(
        matches!(page, Err(Error::NotFound | Error::Forbidden)),
        "{:?}",
        page.err()
    );
    let save = service::entries::save(
        p,
        &other.person,
        Draft {
            team_id: team.id,
            track_id: t.id,
            content: common::fixture::content("冒名"),
            based_on: 0,
            proposal: None,
        },
    )
    .await;
    assert!(
        matches!(save, Err(Error::NotFound | Error::Forbidden)),
        "{save:?}"
    );
    assert!(store::entries::find(&mut app.conn(), team.id, t.id)
        .unwrap()
        .is_none());
}

#[actix_web::test]
async fn an_extension_that_would_contradict_the_timeline_is_refused_and_nothing_moves() {
    use chrono::{Duration, Utc};
    use contest_portal::domain::timeline::{Deadline, ExtensionForm};
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    // Registration closes in 10 days, entries are due in 20.
    let contest = f.contest(2026, &[track("就業組")]);
    let t = contest.tracks[0];
    let captain = f
        .profiled(
            "cap@nccu.edu.tw",
            "隊長",
            PersonKind::Student,
            SCHOOL,
            DEPARTMENT,
        )
        .await;
    let team = f.team(&[t], "勞保小幫手", &captain);
    let p = &app.portal;
    let form = |deadline: Deadline, days: i64| ExtensionForm {
        deadline: deadline.as_str().into(),
        until: common::fixture::taipei(Utc::now().naive_utc() + Duration::days(days)),
        reason: "颱風停課".into(),
    };
    let refusal = |r: service::Result<()>| match r {
        Err(Error::Invalid(e)) => e.get("until"),
        other => panic!("{other:?}"),
    };

    let past_submission = form(Deadline::Registration, 25);
    assert_eq!(
        refusal(service::contests::extend_for_track(
            p,
            &f.admin,
            t.id,
            &past_submission
        )),
        Some("error-extension-past-submission")
    );
    assert_eq!(
        refusal(service::teams::extend_for_team(
            p,
            &f.admin,
            team.id,
            &past_submission
        )),
        Some("error-extension-past-submission")
    );
    let earlier = form(Deadline::Submission, 5);
    assert_eq!(
        refusal(service::contests::extend_for_track(
            p, &f.admin, t.id, &earlier
        )),
        Some("error-extension-not-later")
    );
    let track_row = store::contests::find_track(&mut app.conn(), t.id)
        .unwrap()
        .unwrap();
    assert_eq!(track_row.registration_closes_at, None);
    assert_eq!(track_row.submission_deadline_at, None);
    assert!(store::teams::extensions(&mut app.conn(), &[team.id])
        .unwrap()
        .is_empty());

    // Moving the submission deadline first makes room for registration.
    f.extend_for_team(&team, Deadline::Submission, 30);
    f.extend_for_team(&team, Deadline::Registration, 25);
    f.extend_for_track(t, Deadline::Registration, 15);
}
