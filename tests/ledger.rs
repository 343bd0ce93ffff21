//! The dataset impact ledger and a dataset's use per contest year, on a
//! seeded scenario with exact figures: two contest years, finalists, a
//! published winner, a winner whose results are not published (which must
//! not count), a draft that must not count, a dataset released because of a
//! data request (used), one released and not used yet, and one closed as
//! already open (not released on request). Then who may read what: the
//! organisers everything, a unit's reviewers their unit's datasets, no one
//! else.

mod common;

use common::fixture::*;
use common::*;
use contest_portal::domain::data_request::{Action, ChangeForm};
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::role::Role;
use contest_portal::service::entries::{Draft, ProposalFile};
use contest_portal::service::judging::FinalistsForm;
use contest_portal::service::ledger::{LedgerFilter, LedgerLine, LedgerQuery};
use contest_portal::service::{self, Error, Person};
use contest_portal::store;
use reqwest::StatusCode;

const BLI: &str = "勞動部勞工保險局";
const OSHA: &str = "勞動部職業安全衛生署";
/// The title of the 2026 entry whose award is saved but not published.
const UNPUBLISHED: &str = "未公布的得獎作品";
/// The 2025 winner.
const WINNER: &str = "職災費率地圖";

/// Declarations: (dataset id, depth), each with its own use text.
fn declared(datasets: &[(&str, i32)]) -> Vec<DeclaredDataset> {
    datasets
        .iter()
        .enumerate()
        .map(|(i, (id, depth))| DeclaredDataset {
            dataset_id: id.to_string(),
            fields_used: "行業類別".into(),
            usage: if i == 0 { USE_A } else { USE_B }.into(),
            depth: *depth,
        })
        .collect()
}

/// A team of one new student in `track`, whose entry declares `datasets`:
/// submitted with a proposal, or saved as a draft.
async fn entry(
    f: &Fixture<'_>,
    track: Track,
    email: &str,
    title: &str,
    datasets: &[(&str, i32)],
    submit: bool,
) -> i32 {
    let captain = f.student(email).await;
    let team = f.team(&[track], &format!("{title}隊"), &captain);
    let draft = Draft {
        team_id: team.id,
        track_id: track.id,
        content: EntryContent {
            title: title.into(),
            abstract_: ABSTRACT.into(),
            datasets: declared(datasets),
            ..EntryContent::default()
        },
        based_on: 0,
        proposal: submit.then(|| ProposalFile {
            data: b"%PDF-1.7 proposal".to_vec(),
            too_big: false,
        }),
    };
    let p = &f.app.portal;
    let saved = if submit {
        service::entries::submit(p, &captain.person, draft).await
    } else {
        service::entries::save(p, &captain.person, draft).await
    };
    saved.expect("the entry is saved").entry_id
}

/// A fake data.gov.tw that confirms the two datasets released on request,
/// as the bundled catalogue has them.
fn start_fake_catalogue() -> String {
    use actix_web::{web, App, HttpResponse, HttpServer};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(|| {
        App::new().route(
            "/api/v2/rest/dataset/{id}",
            web::get().to(|id: web::Path<String>| async move {
                let (title, publisher) = match id.as_str() {
                    "48203" => ("災區受災勞工保險與就業保險被保險人保險費支應及傷病給付辦法", BLI),
                    "7885" => ("勞動部勞動統計刊物", "勞動部"),
                    _ => return HttpResponse::NotFound().finish(),
                };
                HttpResponse::Ok().content_type("application/json").body(format!(
                    r#"{{"success":true,"result":{{"datasetId":"{id}","title":"{title}","publisherOID":"|{publisher}","notes":"","distribution":[]}}}}"#
                ))
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    format!("http://127.0.0.1:{port}")
}

/// The portal, its data.gov.tw a local fake.
async fn app() -> TestApp {
    let fake = start_fake_catalogue();
    spawn_app_with(&[("CATALOG_DATAGOV_URL", &fake)]).await
}

/// Passes `entries`, advances the first `finalists` of them to the finals
/// and gives the first prize to the first entry (results not published).
async fn judged(f: &Fixture<'_>, contest: &Contest, entries: &[i32], finalists: usize) {
    let track = contest.tracks[0];
    let p = &f.app.portal;
    f.close_submissions(contest);
    for e in entries {
        let entry = Entry {
            id: *e,
            team: 0,
            track,
            version: 0,
        };
        f.pass(&entry);
    }
    for e in &entries[..finalists] {
        service::judging::finalists(p, &f.admin, track.id, FinalistsForm::Add(*e))
            .await
            .expect("a finalist advanced");
    }
    f.open_judging(contest, "");
    let prizes = store::contests::prizes_of(&mut f.app.conn(), &[track.id]).unwrap();
    service::judging::save_awards(
        p,
        &f.admin,
        track.id,
        &[(entries[0], prizes[0].id.to_string())],
    )
    .expect("awards saved");
}

/// A data request routed to `unit` and answered by `who` as `action`
/// with `dataset`; the request's id.
async fn answered(
    f: &Fixture<'_>,
    requester: &Someone,
    unit: &str,
    who: &Person,
    action: Action,
    dataset: &str,
) -> i32 {
    let id = f.request(requester, &format!("需要資料集 {dataset}"));
    if action == Action::Publish {
        f.route(id, unit);
    }
    let version = store::requests::find(&mut f.app.conn(), id)
        .unwrap()
        .unwrap()
        .version;
    let form = ChangeForm {
        dataset_id: dataset.into(),
        message: "資料已在開放資料平臺上".into(),
        ..ChangeForm::default()
    };
    service::requests::act(&f.app.portal, who, id, action, form, version)
        .await
        .expect("the request is answered");
    id
}

struct Scenario {
    org: Someone,
    bli: Someone,
    osha: Someone,
    planning: Someone,
    student: Someone,
    judge: Someone,
    winner: i32,
    /// The request that released 48203 (used in 2026), and 7885 (unused).
    released_used: i32,
    released_unused: i32,
}

fn prize_track(name: &str) -> TrackSpec {
    let mut t = track(name);
    t.prizes = "第一名, 1, 60000, First prize".into();
    t
}

/// 2025: three submitted entries declaring 6262 (depths 4, 2, 3), the first
/// also 40324 and the third 41512 (a 職安署 dataset); the first two are
/// finalists and the first won, published; a draft declaring 6262 does not
/// count. 2026: two submitted entries declaring 6262 (depths 1 and 2), the
/// second also 48203 (released on request); the first is a finalist whose
/// first prize is saved but not published. Data requests: 48203 and 7885
/// released, 41512 closed as already open.
async fn scenario(app: &TestApp) -> Scenario {
    let f = Fixture::new(app);
    let y2025 = f.contest(2025, &[prize_track("勞保組")]);
    let t = y2025.tracks[0];
    let winner = entry(
        &f,
        t,
        "a@nccu.edu.tw",
        WINNER,
        &[("6262", 4), ("40324", 2)],
        true,
    )
    .await;
    let second = entry(&f, t, "b@nccu.edu.tw", "投保試算", &[("6262", 2)], true).await;
    let third = entry(
        &f,
        t,
        "c@nccu.edu.tw",
        "職安儀表板",
        &[("6262", 3), ("41512", 1)],
        true,
    )
    .await;
    entry(&f, t, "d@nccu.edu.tw", "只是草稿", &[("6262", 4)], false).await;
    judged(&f, &y2025, &[winner, second, third], 2).await;
    service::judging::publish_results(&app.portal, &f.admin, t.id, true, true)
        .expect("results published");

    let y2026 = f.contest(2026, &[prize_track("勞保組")]);
    let t = y2026.tracks[0];
    let first = entry(&f, t, "e@nccu.edu.tw", UNPUBLISHED, &[("6262", 1)], true).await;
    let other = entry(
        &f,
        t,
        "g@nccu.edu.tw",
        "災區保費",
        &[("6262", 2), ("48203", 3)],
        true,
    )
    .await;
    judged(&f, &y2026, &[first, other], 1).await;

    let bli = f.unit_reviewer("bli@bli.gov.tw", "bli").await;
    let osha = f.unit_reviewer("osha@osha.gov.tw", "osha").await;
    let planning = f.unit_reviewer("plan@mol.gov.tw", "mol-planning").await;
    let requester = f.student("asker@ntu.edu.tw").await;
    let released_used =
        answered(&f, &requester, "bli", &bli.person, Action::Publish, "48203").await;
    let released_unused = answered(
        &f,
        &requester,
        "mol-planning",
        &f.admin,
        Action::Publish,
        "7885",
    )
    .await;
    answered(
        &f,
        &requester,
        "",
        &f.admin,
        Action::CloseAvailable,
        "41512",
    )
    .await;
    Scenario {
        org: f.organiser("org@mol.gov.tw").await,
        bli,
        osha,
        planning,
        judge: f.with_role("judge@itri.org.tw", Role::Judge).await,
        student: requester,
        winner,
        released_used,
        released_unused,
    }
}

/// (year, dataset id, entries, mean depth, finalists, winners, request).
type Line = (Option<i32>, String, i64, String, i64, i64, Option<i32>);

fn line(l: &LedgerLine) -> Line {
    use contest_portal::domain::ledger::{mean_depth, shown_depth};
    let c = &l.counts;
    (
        c.year,
        l.dataset.source_id.clone(),
        c.entries,
        shown_depth(mean_depth(c.depth_sum, c.entries)),
        c.finalists,
        c.winners,
        c.request_id,
    )
}

fn expect(year: Option<i32>, id: &str, n: [i64; 3], depth: &str, request: Option<i32>) -> Line {
    (year, id.into(), n[0], depth.into(), n[1], n[2], request)
}

fn ledger(app: &TestApp, who: &Someone, year: &str, publisher: &str) -> service::Result<Vec<Line>> {
    let q = LedgerQuery {
        year: year.into(),
        publisher: publisher.into(),
        page: None,
    };
    service::ledger::ledger(&app.portal, &who.person, &q)
        .map(|l| l.lines.items.iter().map(line).collect())
}

/// The page's HTML with the white space between tags taken out.
fn squashed(html: &str) -> String {
    html.lines().map(str::trim).collect()
}

#[actix_web::test]
async fn the_ledger_counts_each_dataset_per_contest_year() {
    let app = app().await;
    let s = scenario(&app).await;
    let (used, unused) = (Some(s.released_used), Some(s.released_unused));
    let all = vec![
        expect(Some(2026), "6262", [2, 0, 0], "1.5", None),
        expect(Some(2026), "48203", [1, 0, 0], "3.0", used),
        expect(Some(2025), "6262", [3, 2, 1], "3.0", None),
        expect(Some(2025), "40324", [1, 1, 1], "2.0", None),
        expect(Some(2025), "41512", [1, 0, 0], "1.0", None),
        expect(None, "7885", [0, 0, 0], "", unused),
    ];
    assert_eq!(ledger(&app, &s.org, "", "").unwrap(), all);
    assert_eq!(
        ledger(&app, &s.org, "2025", "").unwrap(),
        all[2..5].to_vec(),
        "a year leaves out the datasets not used yet"
    );
    assert_eq!(ledger(&app, &s.org, "", BLI).unwrap(), all[..4].to_vec());
    // A page of the lines as counted: the second page of two lines, and the
    // count of all; past the last page, none but still the count.
    let filter = LedgerFilter::default();
    let mut conn = app.conn();
    let tally = app.portal.ledger.current(&mut conn).unwrap();
    let (page, total) = tally.page(&mut conn, &filter, 2, 2).unwrap();
    assert_eq!(
        page.iter().map(line).collect::<Vec<_>>(),
        all[2..4].to_vec()
    );
    assert_eq!(total, 6);
    assert_eq!(tally.page(&mut conn, &filter, 16, 2).unwrap(), (vec![], 6));
    let bli = LedgerFilter {
        publishers: Some(vec![BLI.into()]),
        year: Some(2026),
    };
    let mut lines = Vec::new();
    tally
        .each_line(&mut conn, &bli, |l| {
            lines.push(line(&l));
            Ok::<(), service::Error>(())
        })
        .unwrap();
    assert_eq!((lines, tally.total(&bli)), (all[..2].to_vec(), 2));
    let none = LedgerFilter {
        publishers: Some(vec![]),
        year: None,
    };
    assert_eq!(tally.total(&none), 0);
    drop(conn);

    // A unit's reviewers: their unit's datasets only.
    assert_eq!(ledger(&app, &s.bli, "", "").unwrap(), all[..4].to_vec());
    assert_eq!(ledger(&app, &s.osha, "", "").unwrap(), vec![all[4].clone()]);
    assert_eq!(ledger(&app, &s.planning, "", "").unwrap(), vec![]);
    // … and not another unit's, by asking for it.
    assert!(matches!(
        ledger(&app, &s.bli, "", OSHA),
        Err(Error::Forbidden)
    ));
    for who in [&s.student, &s.judge] {
        assert!(matches!(ledger(&app, who, "", ""), Err(Error::Forbidden)));
    }
    // A year that is not a contest's is said so and left out.
    let q = LedgerQuery {
        year: "1999".into(),
        ..LedgerQuery::default()
    };
    let l = service::ledger::ledger(&app.portal, &s.org.person, &q).unwrap();
    assert_eq!(l.errors.get("year"), Some("error-ledger-year"));
    assert_eq!(l.lines.total, 6);
}

#[actix_web::test]
async fn the_ledger_page_and_downloads_follow_who_reads_them() {
    let app = app().await;
    let s = scenario(&app).await;
    let f = Fixture::new(&app);
    let org = f.browser(&s.org).await;
    let html = squashed(&app.get_with(&org, "/ledger").await.text().await.unwrap());
    assert!(html.contains("資料集影響紀錄（共 6 列）"), "{html}");
    assert!(
        html.contains(
            "<td data-label=\"競賽年度\">2025 / 114年</td><td data-label=\"使用作品數\">3</td>\
             <td data-label=\"平均運用深度\">3.0</td><td data-label=\"決賽作品數\">2</td>\
             <td data-label=\"得獎作品數\">1</td><td data-label=\"因資料需求釋出\">否</td>"
        ),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<a href=\"/requests/{0}\">是（需求 #{0}）</a>",
        s.released_used
    )));
    assert!(html.contains("尚無作品使用") && html.contains("勞動部勞動統計刊物"));
    assert!(html.contains("<label for=\"publisher\">") && html.contains("<label for=\"year\">"));
    let html = app
        .get_with(&org, "/ledger?year=2026")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("共 2 列") && !html.contains("勞動部勞動統計刊物"));
    let r = app.get_with(&org, "/ledger?year=abc").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("請從清單中選擇競賽年度"));

    // CSV (Excel-ready) and the workbook, with the page's filters.
    let r = app.get_with(&org, "/ledger.csv?year=2025").await;
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    assert_eq!(
        csv,
        "\u{feff}競賽年度,資料集編號,資料集,提供機關,使用作品數,平均運用深度,決賽作品數,得獎作品數,因資料需求釋出,資料需求編號\r\n\
         2025,6262,職業災害保險適用行業別及費率表,勞動部勞工保險局,3,3.0,2,1,否,\r\n\
         2025,40324,保險費負擔比例一覽表,勞動部勞工保險局,1,2.0,1,1,否,\r\n\
         2025,41512,職業災害統計概況按全產業分(年度),勞動部職業安全衛生署,1,1.0,0,0,否,\r\n"
    );
    let csv = app
        .get_with(&org, "/ledger.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!(
        ",7885,勞動部勞動統計刊物,勞動部,0,,0,0,是,{}\r\n",
        s.released_unused
    )));
    let r = app
        .get_with(&org, "/ledger.xlsx?publisher=%E5%8B%9E%E5%8B%95%E9%83%A8")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let book = service::ledger::workbook(
        &app.portal,
        &s.org.person,
        &LedgerQuery::default(),
        contest_portal::i18n::Lang::En,
    )
    .await
    .unwrap();
    assert!(book.starts_with(b"PK") && book.len() > 2000);

    // The unit's reviewer: only the unit's datasets, no publisher filter,
    // and the same in the downloads; another unit's datasets are refused.
    let bli = f.browser(&s.bli).await;
    let html = app.get_with(&bli, "/ledger").await.text().await.unwrap();
    assert!(html.contains("共 4 列") && html.contains(BLI), "{html}");
    assert!(!html.contains("職業災害統計概況按全產業分") && !html.contains("勞動部勞動統計刊物"));
    assert!(!html.contains("<label for=\"publisher\">"));
    let csv = app
        .get_with(&bli, "/ledger.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(!csv.contains(OSHA));
    let osha = url::form_urlencoded::byte_serialize(OSHA.as_bytes()).collect::<String>();
    for path in ["/ledger", "/ledger.csv", "/ledger.xlsx"] {
        let r = app
            .get_with(&bli, &format!("{path}?publisher={osha}"))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let osha = f.browser(&s.osha).await;
    let csv = app
        .get_with(&osha, "/ledger.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(",41512,") && !csv.contains(BLI));
    let planning = f.browser(&s.planning).await;
    let html = app
        .get_with(&planning, "/ledger")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("目錄中沒有以貴單位名稱為提供機關的資料集"),
        "{html}"
    );

    // Everyone else: sign in first, or 403.
    let r = app.get("/ledger").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/signin?next="));
    assert_eq!(app.get("/ledger.csv").await.status(), StatusCode::SEE_OTHER);
    for who in [&s.student, &s.judge] {
        let c = f.browser(who).await;
        for path in ["/ledger", "/ledger.csv", "/ledger.xlsx"] {
            assert_eq!(
                app.get_with(&c, path).await.status(),
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
    }

    // Linked from the organisers' office and the unit reviewer's home.
    let html = app.get_with(&org, "/organise").await.text().await.unwrap();
    assert!(html.contains("href=\"/ledger\""));
    let html = app.get_with(&bli, "/").await.text().await.unwrap();
    assert!(html.contains("href=\"/ledger\""));
    let html = app.get_with(&org, "/ledger").await.text().await.unwrap();
    assert!(html.contains("各欄位的意義") && html.contains("評審的 1–5 分深度評分"));
}

#[actix_web::test]
async fn a_datasets_page_shows_its_public_use_per_contest_year() {
    let app = app().await;
    let s = scenario(&app).await;
    let (status, html) = app.get_html("/catalog/6262").await;
    assert_eq!(status, StatusCode::OK);
    let html = squashed(&html);
    assert!(
        html.contains(
            "<th scope=\"row\">2026 / 115年</th><td data-label=\"使用作品\">2</td>\
             <td data-label=\"決賽作品\">0</td><td data-label=\"得獎作品\">0</td>"
        ),
        "the unpublished finalist and winner do not count: {html}"
    );
    assert!(
        html.contains(&format!(
            "<th scope=\"row\">2025 / 114年</th><td data-label=\"使用作品\">3</td>\
             <td data-label=\"決賽作品\">2</td><td data-label=\"得獎作品\">1\
             <ul class=\"plain\"><li><a href=\"/contests/2025/tracks/{}#winner-{}\">第一名 · {WINNER}</a></li></ul></td>",
            track_of(&app, s.winner),
            s.winner
        )),
        "{html}"
    );
    assert!(!html.contains(UNPUBLISHED) && !html.contains("只是草稿"));
    // In English, the prize's English name.
    let c = client();
    let r = c
        .get(app.url("/catalog/6262"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("First prize · {WINNER}")), "{html}");
    assert!(html.contains("Use in each contest"));
    // A dataset no submitted entry uses says so.
    let (_, html) = app.get_html("/catalog/6619").await;
    assert!(html.contains("尚無已繳交的作品使用此資料集"));
    let (_, html) = app.get_html("/catalog/48203").await;
    assert!(squashed(&html).contains("<td data-label=\"使用作品\">1</td>"));
}

fn track_of(app: &TestApp, entry: i32) -> i32 {
    store::entries::find_by_id(&mut app.conn(), entry)
        .unwrap()
        .unwrap()
        .track_id
}

/// Every line an organiser is shown, all pages.
fn shown_to(app: &TestApp, org: &Person) -> Vec<Line> {
    let mut lines = Vec::new();
    for page in 1.. {
        let q = LedgerQuery {
            page: Some(page),
            ..LedgerQuery::default()
        };
        let l = service::ledger::ledger(&app.portal, org, &q).unwrap();
        lines.extend(l.lines.items.iter().map(line));
        if page >= l.lines.pages() {
            return lines;
        }
    }
    lines
}

/// Every line counted afresh (a replica that has never counted).
fn counted(app: &TestApp) -> Vec<Line> {
    let mut conn = app.conn();
    let fresh = service::ledger::Snapshot::default();
    let tally = fresh.current(&mut conn).unwrap();
    let mut lines = Vec::new();
    tally
        .each_line(&mut conn, &LedgerFilter::default(), |l| {
            lines.push(line(&l));
            Ok::<(), Error>(())
        })
        .unwrap();
    lines
}

/// Issue 18: each replica keeps the ledger's lines as it last counted them.
/// After any sequence of changes (through the use cases, or by hand in the
/// database) the lines an organiser is shown are those counted afresh; a
/// look with nothing changed reads the lines kept.
#[actix_web::test]
async fn the_ledger_shown_is_always_the_one_counted() {
    use contest_portal::db::schema::{
        awards, data_requests, datasets, entries, entry_datasets, finalists, tracks,
    };
    use diesel::prelude::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    let app = app().await;
    let s = scenario(&app).await;
    let f = Fixture::new(&app);
    let org = s.org.person.clone();
    assert_eq!(shown_to(&app, &org), counted(&app), "the scenario");
    {
        let mut conn = app.conn();
        let a = app.portal.ledger.current(&mut conn).unwrap();
        let b = app.portal.ledger.current(&mut conn).unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&a, &b),
            "nothing changed: read, not counted"
        );
    }
    // A second replica, which keeps its own lines, serves the CSV.
    let replica = spawn_replica(&app).await;
    let browser = f.browser(&s.org).await;
    let csv_there = || async {
        let r = browser
            .get(format!("{replica}/ledger.csv"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        csv_lines(&r.text().await.unwrap())
    };
    assert_eq!(csv_there().await, counted(&app), "the other replica");
    let y2027 = f.contest(2027, &[prize_track("勞保組")]);
    let datasets_of = |conn: &mut contest_portal::db::DbConn| -> Vec<i32> {
        datasets::table
            .filter(datasets::source_id.eq_any(["6262", "40324", "41512", "48203", "7885"]))
            .select(datasets::id)
            .load(conn)
            .unwrap()
    };
    let mut rng = StdRng::seed_from_u64(18);
    let mut ran = std::collections::BTreeSet::new();
    for step in 0..40 {
        let kind = [
            "new entry",
            "new draft",
            "depth by hand",
            "declared by hand",
            "publisher by hand",
            "request by hand",
            "results by hand",
            "unsubmitted by hand",
            "finalist by hand",
            "award by hand",
        ][rng.gen_range(0..10)];
        let mut conn = app.conn();
        let declared: Vec<(i32, i32)> = entry_datasets::table
            .select((entry_datasets::entry_id, entry_datasets::dataset_id))
            .load(&mut conn)
            .unwrap();
        let (declarer, dataset) = declared[rng.gen_range(0..declared.len())];
        let rows = datasets_of(&mut conn);
        match kind {
            "new entry" | "new draft" => {
                let first = ["6262", "40324", "41512"][rng.gen_range(0..3)];
                entry(
                    &f,
                    y2027.tracks[0],
                    &format!("n{step}@nccu.edu.tw"),
                    &format!("新作品{step}"),
                    &[
                        (first, rng.gen_range(1..=4)),
                        ("7885", rng.gen_range(1..=4)),
                    ],
                    kind == "new entry",
                )
                .await;
            }
            "depth by hand" => {
                // A submitted entry's declaration, to another depth.
                let (declarer, dataset, depth): (i32, i32, i32) = entry_datasets::table
                    .inner_join(entries::table.on(entries::id.eq(entry_datasets::entry_id)))
                    .filter(entries::submitted_at.is_not_null())
                    .order(entry_datasets::id)
                    .select((
                        entry_datasets::entry_id,
                        entry_datasets::dataset_id,
                        entry_datasets::depth,
                    ))
                    .first(&mut conn)
                    .unwrap();
                diesel::update(
                    entry_datasets::table
                        .filter(entry_datasets::entry_id.eq(declarer))
                        .filter(entry_datasets::dataset_id.eq(dataset)),
                )
                .set(entry_datasets::depth.eq(depth % 4 + 1))
                .execute(&mut conn)
                .unwrap();
            }
            "declared by hand" => {
                let row = rows[rng.gen_range(0..rows.len())];
                diesel::delete(
                    entry_datasets::table
                        .filter(entry_datasets::entry_id.eq(declarer))
                        .filter(entry_datasets::dataset_id.eq(dataset)),
                )
                .execute(&mut conn)
                .unwrap();
                diesel::insert_into(entry_datasets::table)
                    .values((
                        entry_datasets::entry_id.eq(declarer),
                        entry_datasets::dataset_id.eq(row),
                        entry_datasets::position.eq(9),
                        entry_datasets::fields_used.eq("行業類別"),
                        entry_datasets::usage.eq(USE_A),
                        entry_datasets::depth.eq(2),
                    ))
                    .execute(&mut conn)
                    .unwrap();
            }
            "publisher by hand" => {
                let row = rows[rng.gen_range(0..rows.len())];
                diesel::update(datasets::table.filter(datasets::id.eq(row)))
                    .set(datasets::publisher.eq([BLI, OSHA, "勞動部"][rng.gen_range(0..3)]))
                    .execute(&mut conn)
                    .unwrap();
            }
            "request by hand" => {
                // The released request now names another dataset.
                let now: Option<String> = data_requests::table
                    .filter(data_requests::id.eq(s.released_unused))
                    .select(data_requests::dataset_id)
                    .first(&mut conn)
                    .unwrap();
                let other = ["7885", "41512", "40324"]
                    .into_iter()
                    .filter(|d| now.as_deref() != Some(*d))
                    .nth(rng.gen_range(0..2))
                    .unwrap();
                diesel::update(
                    data_requests::table.filter(data_requests::id.eq(s.released_unused)),
                )
                .set(data_requests::dataset_id.eq(other))
                .execute(&mut conn)
                .unwrap();
            }
            "results by hand" => {
                let at = rng.gen_bool(0.5).then(|| chrono::Utc::now().naive_utc());
                let track = track_of(&app, declarer);
                diesel::update(tracks::table.filter(tracks::id.eq(track)))
                    .set(tracks::results_published_at.eq(at))
                    .execute(&mut conn)
                    .unwrap();
            }
            "unsubmitted by hand" => {
                let at = rng.gen_bool(0.5).then(|| chrono::Utc::now().naive_utc());
                diesel::update(entries::table.filter(entries::id.eq(declarer)))
                    .set(entries::submitted_at.eq(at))
                    .execute(&mut conn)
                    .unwrap();
            }
            "finalist by hand" => {
                diesel::delete(finalists::table.filter(finalists::entry_id.eq(declarer)))
                    .execute(&mut conn)
                    .unwrap();
            }
            _ => {
                diesel::delete(awards::table.filter(awards::entry_id.eq(declarer)))
                    .execute(&mut conn)
                    .unwrap();
            }
        }
        drop(conn);
        ran.insert(kind);
        let fresh = counted(&app);
        assert_eq!(shown_to(&app, &org), fresh, "step {step}: {kind}");
        // A unit's view too, which filters the kept lines by publisher.
        assert_eq!(
            ledger(&app, &s.bli, "", "").unwrap(),
            of_publisher(&app, fresh.clone(), BLI),
            "step {step}: {kind}, 勞保局's lines"
        );
        assert_eq!(
            csv_there().await,
            fresh,
            "step {step}: {kind}, the other replica"
        );
    }
    assert_eq!(ran.len(), 10, "every kind of change ran: {ran:?}");
}

/// The lines of a ledger CSV (Chinese headings), as the page's lines.
fn csv_lines(csv: &str) -> Vec<Line> {
    let int = |c: &str| c.parse::<i64>().unwrap();
    csv.lines()
        .skip(1)
        .map(|row| {
            let c: Vec<&str> = row.split(',').collect();
            (
                c[0].parse().ok(),
                c[1].to_string(),
                int(c[4]),
                c[5].to_string(),
                int(c[6]),
                int(c[7]),
                c[9].parse().ok(),
            )
        })
        .collect()
}

/// The lines of datasets `publisher` publishes now, in order.
fn of_publisher(app: &TestApp, lines: Vec<Line>, publisher: &str) -> Vec<Line> {
    use contest_portal::db::schema::datasets;
    use diesel::prelude::*;
    let ids: Vec<String> = datasets::table
        .filter(datasets::publisher.eq(publisher))
        .select(datasets::source_id)
        .load(&mut app.conn())
        .unwrap();
    lines.into_iter().filter(|l| ids.contains(&l.1)).collect()
}
