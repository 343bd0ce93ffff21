//! The dashboard's stored snapshot (issue 18): after any sequence of
//! changes, made through the use cases or straight in the database, the
//! dashboard an organiser is shown (page, CSVs, workbook) is the one
//! counted afresh (`service::dashboard::load`; the advisory-group pack
//! reads the same snapshot); a second look reads the snapshot instead of counting; a
//! draft saved by a team does not make the next look count again.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::fixture::*;
use common::*;
use contest_portal::db::DbConn;
use contest_portal::domain::judging::{CriterionKind, Round, ScoreSheet};
use contest_portal::domain::profile::PersonKind;
use contest_portal::domain::timeline::Deadline;
use contest_portal::i18n::Lang;
use contest_portal::service::catalog::TagChoice;
use contest_portal::service::dashboard::Dashboard;
use contest_portal::service::entries::Draft;
use contest_portal::service::judging::{Invite, ScoreForm};
use contest_portal::service::review::DecisionForm;
use contest_portal::service::{self, Person};
use contest_portal::store;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Everything a dashboard shows, comparable.
type Shown = (
    i32,
    Vec<(String, String, Vec<String>, Vec<Vec<String>>)>,
    Vec<(chrono::NaiveDate, usize)>,
    [usize; 5],
    [i64; 5],
);

fn shown(d: &Dashboard) -> Shown {
    (
        d.contest.id,
        d.tables
            .iter()
            .map(|t| {
                (
                    t.id.to_string(),
                    t.title.to_string(),
                    t.columns.iter().map(ToString::to_string).collect(),
                    t.rows.clone(),
                )
            })
            .collect(),
        d.per_day.clone(),
        [
            d.teams,
            d.cross_school,
            d.cross_department,
            d.entries,
            d.submitted,
        ],
        d.funnel,
    )
}

fn generation(conn: &mut DbConn) -> i64 {
    store::dashboard::generation(conn).unwrap()
}

/// The stored snapshots' tags, by (contest, language).
fn tags(conn: &mut DbConn) -> BTreeMap<(i32, String), i64> {
    use contest_portal::db::schema::dashboard_snapshots as ds;
    ds::table
        .select((ds::contest_id, ds::lang, ds::generation))
        .load::<(i32, String, i64)>(conn)
        .unwrap()
        .into_iter()
        .map(|(c, l, g)| ((c, l), g))
        .collect()
}

/// In both languages: what the organiser is shown (and each table's CSV
/// rows) is what a fresh count gives, and the snapshot is then current.
fn assert_shown_is_counted(app: &TestApp, org: &Person, contest_id: i32, step: &str) {
    for lang in Lang::ALL {
        let served = service::dashboard::dashboard(&app.portal, org, contest_id, lang).unwrap();
        let counted = service::dashboard::load(&mut app.conn(), lang, contest_id).unwrap();
        assert_eq!(shown(&served), shown(&counted), "{step} ({lang:?})");
        let mut conn = app.conn();
        let now = generation(&mut conn);
        assert_eq!(
            tags(&mut conn).get(&(contest_id, lang.code().to_string())),
            Some(&now),
            "{step}: the snapshot is current"
        );
        drop(conn);
        for t in &counted.tables {
            let rows = service::dashboard::table(&app.portal, org, contest_id, t.id, lang).unwrap();
            assert_eq!(rows[1..], t.rows[..], "{step}: {} CSV", t.id);
        }
    }
}

/// A complete sheet under the round's rubric, with random marks.
fn sheet(conn: &mut DbConn, track_id: i32, rng: &mut StdRng) -> ScoreSheet {
    let (_, criteria) = store::rubrics::find(conn, track_id, Round::Preliminary)
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

const SCHOOLS: [&str; 3] = ["國立政治大學", "國立臺灣大學", "國立成功大學"];
const DEPARTMENTS: [&str; 2] = ["資訊管理學系", "社會工作學系"];

#[actix_web::test]
async fn the_dashboard_shown_is_always_the_one_counted() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let p = &app.portal;
    let contest = f.contest(2026, &[track("就業組"), track("社福組")]);
    let (t1, t2) = (contest.tracks[0], contest.tracks[1]);
    let org = f.organiser("org@mol.gov.tw").await.person;
    assert_shown_is_counted(&app, &org, contest.id, "empty");

    // Teams across schools and departments, entries submitted, passed.
    let mut students = Vec::new();
    for i in 0..9 {
        students.push(
            f.profiled(
                &format!("s{i}@gmail.com"),
                &format!("學生{i}"),
                PersonKind::Student,
                SCHOOLS[i % 3],
                DEPARTMENTS[i % 2],
            )
            .await,
        );
    }
    let mut entries = Vec::new();
    // The second track's teams and their captains (they may withdraw).
    let mut second: Vec<(i32, Person)> = Vec::new();
    for i in 0..3 {
        let team = f.team(&[t1], &format!("隊伍{i}"), &students[i * 3]);
        f.join(&team, &students[i * 3 + 1]);
        entries.push(f.submitted_entry(&team, t1, &format!("作品{i}")).await);
    }
    assert_shown_is_counted(&app, &org, contest.id, "teams and entries");
    f.pass_all(&contest, &entries);
    let mut judges = Vec::new();
    for j in 0..3 {
        let who = f
            .account(&format!("judge{j}@itri.org.tw"), &format!("評審{j}"))
            .await;
        let invite = Invite {
            email: who.email.clone(),
            max_load: "100".into(),
        };
        service::judging::invite(p, &f.admin, t1.id, Round::Preliminary, &invite).unwrap();
        judges.push(f.someone(&who.email).person);
    }
    f.default_rubric(t1, Round::Preliminary);
    f.assign(t1, Round::Preliminary, 2);
    // The second track stays open for registration and entries.
    f.extend_for_track(t2, Deadline::Submission, 30);
    f.extend_for_track(t2, Deadline::Registration, 29);
    assert_shown_is_counted(&app, &org, contest.id, "judging set up");

    let mut rng = StdRng::seed_from_u64(18);
    let mut done: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for step in 0..60 {
        let kind = [
            "score",
            "draft score",
            "decide",
            "new team",
            "draft entry",
            "request",
            "route",
            "theme",
            "school by hand",
            "name by hand",
            "dataset by hand",
            "withdraw",
        ][rng.gen_range(0..12)];
        let entry = entries[rng.gen_range(0..entries.len())].id;
        let judge = &judges[rng.gen_range(0..judges.len())];
        let student = &students[rng.gen_range(0..students.len())];
        let result: service::Result<()> = match kind {
            "score" | "draft score" => {
                let mut conn = app.conn();
                let version = store::scores::find(&mut conn, entry, judge.id, Round::Preliminary)
                    .unwrap()
                    .map(|r| r.version)
                    .unwrap_or(0);
                let form = ScoreForm {
                    sheet: sheet(&mut conn, t1.id, &mut rng),
                    version,
                    submit: kind == "score",
                };
                drop(conn);
                service::judging::score(p, judge, entry, Round::Preliminary, &form)
            }
            "decide" => {
                let pass = rng.gen_bool(0.5);
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
                service::review::decide(p, &f.admin, entry, form).map(|_| ())
            }
            "new team" => {
                let captain = f
                    .profiled(
                        &format!("c{step}@gmail.com"),
                        &format!("隊長{step}"),
                        PersonKind::Student,
                        SCHOOLS[rng.gen_range(0..3)],
                        DEPARTMENTS[rng.gen_range(0..2)],
                    )
                    .await;
                let team = f.team(&[t2], &format!("新隊{step}"), &captain);
                second.push((team.id, captain.person.clone()));
                if rng.gen_bool(0.5) {
                    entries.push(f.submitted_entry(&team, t2, &format!("新作{step}")).await);
                }
                Ok(())
            }
            "draft entry" => {
                let captain = f
                    .profiled(
                        &format!("d{step}@gmail.com"),
                        &format!("草稿{step}"),
                        PersonKind::Student,
                        SCHOOLS[0],
                        DEPARTMENTS[0],
                    )
                    .await;
                let team = f.team(&[t2], &format!("草稿隊{step}"), &captain);
                f.saved_entry(&team, t2, &format!("草稿{step}")).await;
                Ok(())
            }
            "request" => {
                f.request(student, &format!("職災費率{step}"));
                Ok(())
            }
            "route" => {
                let waiting: Vec<i32> = {
                    use contest_portal::db::schema::data_requests as dr;
                    dr::table
                        .filter(dr::unit_id.is_null())
                        .select(dr::id)
                        .load(&mut app.conn())
                        .unwrap()
                };
                match waiting.first() {
                    Some(id) => {
                        f.route(*id, "bli");
                        Ok(())
                    }
                    None => Err(service::Error::NotFound),
                }
            }
            "theme" => {
                let choice = TagChoice {
                    themes: vec![["health", "energy", "climate"][rng.gen_range(0..3)].into()],
                    tracks: Vec::new(),
                };
                service::catalog::tag(p, &f.admin, "6262", &choice).map(|_| ())
            }
            "school by hand" => {
                use contest_portal::db::schema::profiles as pr;
                diesel::update(pr::table.filter(pr::user_id.eq(student.person.id)))
                    .set(pr::school_name.eq(SCHOOLS[rng.gen_range(0..3)]))
                    .execute(&mut app.conn())
                    .unwrap();
                Ok(())
            }
            "name by hand" => {
                use contest_portal::db::schema::users as us;
                diesel::update(us::table.filter(us::id.eq(judge.id)))
                    .set(us::display_name.eq(format!("評審改名{step}")))
                    .execute(&mut app.conn())
                    .unwrap();
                Ok(())
            }
            "dataset by hand" => {
                use contest_portal::db::schema::datasets as ds;
                diesel::update(ds::table.filter(ds::source_id.eq("6262")))
                    .set(ds::title.eq(format!("勞工保險投保薪資{step}")))
                    .execute(&mut app.conn())
                    .unwrap();
                Ok(())
            }
            _ => match second.pop() {
                Some((id, captain)) => service::teams::withdraw(p, &captain, id),
                None => Err(service::Error::NotFound),
            },
        };
        let tally = done.entry(kind).or_default();
        if result.is_ok() {
            tally.0 += 1;
        } else {
            tally.1 += 1;
        }
        assert_shown_is_counted(&app, &org, contest.id, &format!("step {step}: {kind}"));
    }
    // Every kind of change ran at least once.
    for (kind, (ok, _)) in &done {
        assert!(
            *ok > 0 || ["withdraw", "route"].contains(kind),
            "{kind} never ran: {done:?}"
        );
    }
}

#[actix_web::test]
async fn a_second_look_reads_the_snapshot_and_a_draft_leaves_it_current() {
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("就業組")]);
    let t1 = contest.tracks[0];
    let org = f.organiser("org@mol.gov.tw").await.person;
    let captain = f.student("cap@gmail.com").await;
    let team = f.team(&[t1], "隊伍", &captain);
    let entry = f.saved_entry(&team, t1, "作品").await;
    assert_shown_is_counted(&app, &org, contest.id, "first look");
    // The snapshot is what the second look shows: overwrite what it holds
    // and the page shows that, until something counted changes.
    {
        use contest_portal::db::schema::dashboard_snapshots as ds;
        let mut conn = app.conn();
        let figures: String = ds::table
            .filter(ds::contest_id.eq(contest.id))
            .filter(ds::lang.eq("zh-TW"))
            .select(ds::figures)
            .first(&mut conn)
            .unwrap();
        assert!(figures.contains("\"teams\":1"), "{figures}");
        diesel::update(ds::table.filter(ds::contest_id.eq(contest.id)))
            .set(ds::figures.eq(figures.replace("\"teams\":1", "\"teams\":77")))
            .execute(&mut conn)
            .unwrap();
    }
    let d = service::dashboard::dashboard(&app.portal, &org, contest.id, Lang::ZhTw).unwrap();
    assert_eq!(d.teams, 77, "read from the snapshot");
    // A draft saved again changes no figure and leaves the snapshot current.
    let before = generation(&mut app.conn());
    let again = Draft {
        team_id: team.id,
        track_id: t1.id,
        content: content("作品改"),
        based_on: entry.version,
        proposal: None,
    };
    service::entries::save(&app.portal, &captain.person, again)
        .await
        .unwrap();
    assert_eq!(generation(&mut app.conn()), before, "a draft moves nothing");
    // A profile's school does: the next look counts again.
    let input = profile_input(
        "Real cap",
        PersonKind::Student,
        "國立臺灣大學",
        "社會工作學系",
    );
    service::profiles::save(&app.portal, &captain.person, input).unwrap();
    assert!(generation(&mut app.conn()) > before);
    assert_shown_is_counted(&app, &org, contest.id, "after the profile");
}

/// The files of a workbook but its creation time.
fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        out.insert(name, text);
    }
    out
}

#[actix_web::test]
async fn the_workbook_from_the_snapshot_is_the_one_counted() {
    let app = spawn_app().await;
    assert!(contest_portal::demo::seed(&app.portal, chrono::Utc::now().naive_utc()).unwrap());
    let contest = store::contests::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|c| c.year == contest_portal::demo::DEMO_YEAR)
        .unwrap();
    let f = Fixture::new(&app);
    let org = f.organiser("org@mol.gov.tw").await.person;
    for lang in Lang::ALL {
        // Counted (no snapshot yet), then read from the snapshot.
        {
            use contest_portal::db::schema::dashboard_snapshots as ds;
            diesel::delete(ds::table).execute(&mut app.conn()).unwrap();
        }
        let counted = service::dashboard::workbook(&app.portal, &org, contest.id, lang)
            .await
            .unwrap();
        assert_eq!(tags(&mut app.conn()).len(), 1);
        let stored = service::dashboard::workbook(&app.portal, &org, contest.id, lang)
            .await
            .unwrap();
        assert_eq!(parts(&counted), parts(&stored), "{lang:?}");
    }
    // Only organisers.
    let student = f.student("s@gmail.com").await.person;
    assert!(matches!(
        service::dashboard::workbook(&app.portal, &student, contest.id, Lang::ZhTw).await,
        Err(service::Error::Forbidden)
    ));
}
