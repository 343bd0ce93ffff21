//! The advisory-group pack, on two seeded contest years: every figure it
//! shows equals the matching cell of the dashboard's, the eligibility
//! summary's, the data-requests report's or the ledger's CSV, for this
//! year and the previous one; organisers only; the workbook opens.

mod common;

use std::io::Read;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::fixture::*;
use common::*;
use contest_portal::domain::dashboard::share;
use contest_portal::domain::data_request::{Action, ChangeForm};
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::role::Role;
use contest_portal::i18n::Lang;
use contest_portal::service::catalog::TagChoice;
use contest_portal::service::entries::{Draft, ProposalFile};
use contest_portal::service::judging::FinalistsForm;
use contest_portal::service::pack::{Pack, PackTable};
use contest_portal::service::review::DecisionForm;
use contest_portal::service::{self, Error, Person};
use contest_portal::store;
use reqwest::StatusCode;

fn today() -> NaiveDate {
    contest_portal::service::today()
}

/// A team of `captain` (and `others`) in `track` whose entry declares
/// `datasets`: submitted with a proposal, or saved as a draft.
async fn team_entry(
    f: &Fixture<'_>,
    track: Track,
    captain: &Someone,
    others: &[&Someone],
    name: &str,
    datasets: &[&str],
    submit: bool,
) -> Entry {
    let team = f.team(&[track], name, captain);
    for o in others {
        f.join(&team, o);
    }
    let draft = Draft {
        team_id: team.id,
        track_id: track.id,
        content: EntryContent {
            title: format!("{name}作品"),
            abstract_: ABSTRACT.into(),
            datasets: datasets
                .iter()
                .enumerate()
                .map(|(i, id)| DeclaredDataset {
                    dataset_id: id.to_string(),
                    fields_used: "行業類別".into(),
                    usage: if i == 0 { USE_A } else { USE_B }.into(),
                    depth: 2,
                })
                .collect(),
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
    }
    .expect("the entry is saved");
    Entry {
        id: saved.entry_id,
        team: team.id,
        track,
        version: saved.version,
    }
}

/// A fake data.gov.tw that confirms the two datasets released on request.
fn start_fake_catalogue() -> String {
    use actix_web::{web, App, HttpResponse, HttpServer};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(|| {
        App::new().route(
            "/api/v2/rest/dataset/{id}",
            web::get().to(|id: web::Path<String>| async move {
                let (title, publisher) = match id.as_str() {
                    "48203" => (
                        "災區受災勞工保險與就業保險被保險人保險費支應及傷病給付辦法",
                        "勞動部勞工保險局",
                    ),
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

fn prize_track(name: &str) -> TrackSpec {
    let mut t = track(name);
    t.prizes = "第一名, 1, 60000, First prize".into();
    t
}

/// A request filed by `requester`, routed to the BLI unless `route` is
/// false, then `action` by `who` (none: left as it is).
async fn request(
    f: &Fixture<'_>,
    requester: &Someone,
    title: &str,
    route: bool,
    then: Option<(&Person, Action, ChangeForm)>,
) -> i32 {
    let id = f.request(requester, title);
    if route {
        f.route(id, "bli");
    }
    if let Some((who, action, form)) = then {
        let version = store::requests::find(&mut f.app.conn(), id)
            .unwrap()
            .unwrap()
            .version;
        service::requests::act(&f.app.portal, who, id, action, form, version)
            .await
            .expect("the request is acted on");
    }
    id
}

fn form(message: &str, dataset: &str, reason: &str) -> ChangeForm {
    ChangeForm {
        message: message.into(),
        dataset_id: dataset.into(),
        reason: reason.into(),
        ..ChangeForm::default()
    }
}

struct Seeded {
    this: Contest,
    before: Contest,
    org: Someone,
}

/// The previous year: three teams in one track (one across two schools and
/// departments, whose entry wins, published; one failed; one draft), two
/// data requests answered (one released, one refused) and one left waiting,
/// all filed in March of that year. This year: four teams in two tracks
/// (one across two departments of one school), entries passed, failed,
/// asked to revise and undecided, no results; five data requests (released,
/// refused, routed, withdrawn, closed as already open).
async fn seed(app: &TestApp) -> Seeded {
    let f = Fixture::new(app);
    let year = today().year();
    let p = &app.portal;
    for (id, theme) in [("6262", "health"), ("40324", "social-assistance")] {
        let choice = TagChoice {
            themes: vec![theme.into()],
            tracks: Vec::new(),
        };
        service::catalog::tag(p, &f.admin, id, &choice).expect("tagged");
    }

    // The previous year.
    let before = f.contest(year - 1, &[prize_track("勞保組")]);
    let t = before.tracks[0];
    let a = f.student("a@nccu.edu.tw").await;
    let a2 = f
        .student_at("a2@ntu.edu.tw", "國立臺灣大學", "經濟學系")
        .await;
    let won = team_entry(&f, t, &a, &[&a2], "職災地圖", &["6262"], true).await;
    let b = f.student("b@nccu.edu.tw").await;
    let failed = team_entry(&f, t, &b, &[], "投保試算", &["6262"], true).await;
    let c = f.student("c@nccu.edu.tw").await;
    team_entry(&f, t, &c, &[], "只是草稿", &["6262"], false).await;
    f.close_submissions(&before);
    f.pass(&won);
    f.fail(&failed, &["use-unclear"], "說明不清楚");
    service::judging::finalists(p, &f.admin, t.id, FinalistsForm::Add(won.id))
        .await
        .expect("a finalist");
    f.open_judging(&before, "");
    let prizes = store::contests::prizes_of(&mut app.conn(), &[t.id]).unwrap();
    service::judging::save_awards(p, &f.admin, t.id, &[(won.id, prizes[0].id.to_string())])
        .expect("awards saved");
    service::judging::publish_results(p, &f.admin, t.id, true, true).expect("published");

    // This year.
    let this = f.contest(year, &[track("勞保組"), track("職安組")]);
    let (t1, t2) = (this.tracks[0], this.tracks[1]);
    let d = f.student("d@nccu.edu.tw").await;
    let d2 = f.student_at("d2@nccu.edu.tw", SCHOOL, "統計學系").await;
    let passed = team_entry(&f, t1, &d, &[&d2], "移工地圖", &["6262", "40324"], true).await;
    let e = f.student("e@nccu.edu.tw").await;
    let failed = team_entry(&f, t1, &e, &[], "薪資儀表板", &["6262"], true).await;
    let g = f.student("g@nccu.edu.tw").await;
    let revised = team_entry(&f, t2, &g, &[], "職安預警", &["6262"], true).await;
    let h = f.student("h@nccu.edu.tw").await;
    team_entry(&f, t2, &h, &[], "工時分析", &["6262"], true).await;
    f.close_submissions(&this);
    f.pass(&passed);
    f.fail(
        &failed,
        &["no-open-data", "incomplete-documents"],
        "文件不完整",
    );
    f.decide(
        &revised,
        DecisionForm {
            outcome: "revision".into(),
            message: "請補充第二個資料集".into(),
            fix_parts: vec!["datasets".into()],
            due: taipei(Utc::now().naive_utc() + Duration::hours(48)),
            ..DecisionForm::default()
        },
    );

    // Data requests.
    let bli = f.unit_reviewer("bli@bli.gov.tw", "bli").await;
    let asker = f.student("asker@ntu.edu.tw").await;
    let old_released = request(
        &f,
        &asker,
        "各業別投保人數",
        true,
        Some((&bli.person, Action::Publish, form("", "7885", ""))),
    )
    .await;
    let old_refused = request(
        &f,
        &asker,
        "個別事業單位名單",
        true,
        Some((&bli.person, Action::Reject, form("成本過高", "", "cost"))),
    )
    .await;
    let old_waiting = request(&f, &asker, "舊的需求", false, None).await;
    // Filed, routed and answered in March of the previous year.
    let (filed, started, due, ended) = (
        format!("{}-03-10 02:00:00", year - 1),
        format!("{}-03-10", year - 1),
        format!("{}-03-28", year - 1),
        format!("{}-03-13 02:00:00", year - 1),
    );
    let ids = format!("{old_released}, {old_refused}, {old_waiting}");
    let mut conn = app.conn();
    exec(
        &mut conn,
        &format!("UPDATE data_requests SET created_at = '{filed}' WHERE id IN ({ids})"),
    );
    exec(
        &mut conn,
        &format!(
            "UPDATE data_request_spans SET started_on = '{started}', due_on = '{due}', \
             ended_at = '{ended}' WHERE request_id IN ({ids})"
        ),
    );
    drop(conn);
    request(
        &f,
        &asker,
        "職災給付統計",
        true,
        Some((&bli.person, Action::Publish, form("", "48203", ""))),
    )
    .await;
    request(
        &f,
        &asker,
        "勞工個資",
        true,
        Some((&bli.person, Action::Reject, form("涉及個資", "", "privacy"))),
    )
    .await;
    request(&f, &asker, "還在評估的需求", true, None).await;
    request(
        &f,
        &asker,
        "不要了的需求",
        false,
        Some((&asker.person, Action::Withdraw, form("", "", ""))),
    )
    .await;
    request(
        &f,
        &asker,
        "已經有的資料",
        false,
        Some((
            &f.admin,
            Action::CloseAvailable,
            form("資料已在開放資料平臺上", "6262", ""),
        )),
    )
    .await;
    Seeded {
        this,
        before,
        org: f.organiser("org@mol.gov.tw").await,
    }
}

/// A downloaded CSV: its rows, the byte-order mark taken off.
struct Csv(Vec<Vec<String>>);

impl Csv {
    async fn get(app: &TestApp, who: &reqwest::Client, path: &str) -> Csv {
        let resp = app.get_with(who, path).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let text = resp.text().await.unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        Csv(r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect())
    }

    /// The rows after the one that starts with `heading`, up to a blank one.
    fn part(&self, heading: &str) -> Vec<Vec<String>> {
        self.0
            .iter()
            .skip_while(|r| r[0] != heading)
            .skip(1)
            .take_while(|r| !r[0].is_empty())
            .cloned()
            .collect()
    }

    /// Column `col` of the row labelled `label` in `rows`.
    fn cell(rows: &[Vec<String>], label: &str, col: usize) -> Option<String> {
        rows.iter()
            .find(|r| r[0] == label)
            .map(|r| r.get(col).cloned().unwrap_or_default())
    }
}

fn table<'a>(pack: &'a Pack, section: &str, id: &str) -> &'a PackTable {
    pack.sections
        .iter()
        .find(|s| s.id == section)
        .unwrap_or_else(|| panic!("a section {section}"))
        .tables
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("a table {id} in {section}"))
}

/// A comparison table's figures are column `col` of the rows of `now`
/// (this year) and `before` (the previous year) with the same label, "—"
/// where a year has no such row; every row of either is in the table.
fn same_as(t: &PackTable, now: &[Vec<String>], before: &[Vec<String>], col: usize) {
    for row in &t.rows {
        let dash = || "—".to_string();
        assert_eq!(
            row[1],
            Csv::cell(now, &row[0], col).unwrap_or_else(dash),
            "{} {}: this year",
            t.id,
            row[0]
        );
        assert_eq!(
            row[2],
            Csv::cell(before, &row[0], col).unwrap_or_else(dash),
            "{} {}: the previous year",
            t.id,
            row[0]
        );
    }
    for r in now.iter().chain(before) {
        assert!(
            t.rows.iter().any(|row| row[0] == r[0]),
            "{}: {} is in the pack",
            t.id,
            r[0]
        );
    }
}

/// The CSV addresses a table names, this year's first.
fn sources(t: &PackTable) -> (String, String) {
    assert_eq!(t.sources.len(), 2, "{}: both years' sources", t.id);
    (t.sources[0].href.clone(), t.sources[1].href.clone())
}

/// Both years' CSVs a table names.
async fn both(app: &TestApp, org: &reqwest::Client, t: &PackTable) -> (Csv, Csv) {
    let (a, b) = sources(t);
    (Csv::get(app, org, &a).await, Csv::get(app, org, &b).await)
}

#[actix_web::test]
async fn every_figure_of_the_pack_equals_its_csv_for_both_years() {
    let app = app().await;
    let s = seed(&app).await;
    let f = Fixture::new(&app);
    let org = f.browser(&s.org).await;
    let pack = service::pack::pack(&app.portal, &s.org.person, s.this.id, Lang::ZhTw, today())
        .expect("the pack");
    assert_eq!(pack.previous.as_ref().map(|c| c.id), Some(s.before.id));
    let ids: Vec<&str> = pack.sections.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "entries",
            "eligibility",
            "participation",
            "datasets",
            "requests",
            "winners",
            "challenges",
            "sharing"
        ]
    );

    // Teams and entries per track: the dashboard's tracks table.
    for (id, col) in [("teams", 1), ("entries", 2)] {
        let t = table(&pack, "entries", id);
        let (now, before) = both(&app, &org, t).await;
        same_as(t, &now.0[1..], &before.0[1..], col);
    }
    let teams = table(&pack, "entries", "teams");
    assert_eq!(teams.rows[0], ["勞保組", "2", "3", "−1"]);
    assert_eq!(teams.rows[1], ["職安組", "2", "—", ""]);
    assert_eq!(teams.rows[2], ["全部組別", "4", "3", "+1"]);
    assert_eq!(
        table(&pack, "entries", "entries").rows[2],
        ["全部組別", "4", "2", "+2"]
    );

    // Eligibility: the summary's "all tracks" line, each track's line, and
    // the dashboard's reasons.
    let t = table(&pack, "eligibility", "eligibility");
    let (now, before) = both(&app, &org, t).await;
    for (y, csv, col) in [(&s.this, &now, 1), (&s.before, &before, 2)] {
        let all = Csv::cell(&csv.0, "全部組別", 0).map(|_| ());
        assert!(all.is_some(), "{}: an all-tracks line", y.year);
        let line = csv.0.iter().find(|r| r[0] == "全部組別").unwrap();
        let figures: Vec<&str> = t.rows.iter().map(|r| r[col].as_str()).collect();
        let (total, pass): (usize, usize) = (line[1].parse().unwrap(), line[2].parse().unwrap());
        assert_eq!(
            figures,
            [
                line[1].as_str(),
                &line[2],
                &line[3],
                &line[4],
                &line[5],
                &share(pass, total)
            ],
            "{}",
            y.year
        );
        assert_eq!(line[6], format!("{pass}/{total}"));
    }
    assert_eq!(
        t.rows.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["4", "1", "1", "1", "1", "25%"]
    );
    assert_eq!(
        t.rows.iter().map(|r| r[2].as_str()).collect::<Vec<_>>(),
        ["2", "1", "1", "0", "0", "50%"]
    );
    let t = table(&pack, "eligibility", "eligibility-tracks");
    assert_eq!(t.rows.len(), 3, "two tracks this year, one the year before");
    for row in &t.rows {
        let csv = if row[0] == s.this.year.to_string() {
            &now
        } else {
            &before
        };
        let line = csv.0.iter().find(|r| r[0] == row[1]).unwrap();
        assert_eq!(row[2..], line[1..6], "{row:?}");
    }
    let t = table(&pack, "eligibility", "reasons");
    let (now, before) = both(&app, &org, t).await;
    same_as(t, &now.0[1..], &before.0[1..], 1);
    assert_eq!(
        t.rows.len(),
        3,
        "two reasons this year, one the year before"
    );

    // Cross-school and cross-department teams: the dashboard's mix.
    let t = table(&pack, "participation", "mix");
    let (now, before) = both(&app, &org, t).await;
    same_as(t, &now.0[1..], &before.0[1..], 1);
    let t = table(&pack, "participation", "mix-shares");
    same_as(t, &now.0[2..], &before.0[2..], 2);
    assert_eq!(t.rows[0], ["跨校團隊", "0%", "33%", "−33 pt"]);
    assert_eq!(t.rows[1], ["跨系團隊", "25%", "33%", "−8 pt"]);

    // Datasets: how many (the ledger's lines of the year), by publisher
    // and by theme (the dashboard's).
    let t = table(&pack, "datasets", "datasets-used");
    let (now, before) = both(&app, &org, t).await;
    assert_eq!(t.rows[0][1], (now.0.len() - 1).to_string());
    assert_eq!(t.rows[0][2], (before.0.len() - 1).to_string());
    assert_eq!(t.rows[0][1..3], ["2", "1"]);
    for id in ["publishers", "themes"] {
        let t = table(&pack, "datasets", id);
        let (now, before) = both(&app, &org, t).await;
        for row in &t.rows {
            for (i, col) in [1, 2].into_iter().enumerate() {
                let dash = || "—".to_string();
                assert_eq!(
                    row[1 + 2 * i],
                    Csv::cell(&now.0[1..], &row[0], col).unwrap_or_else(dash)
                );
                assert_eq!(
                    row[2 + 2 * i],
                    Csv::cell(&before.0[1..], &row[0], col).unwrap_or_else(dash)
                );
            }
        }
        assert!(!t.rows.is_empty(), "{id}");
    }
    let themes = table(&pack, "datasets", "themes");
    assert!(
        themes.rows.iter().any(|r| r[1..] == ["1", "1", "4", "2"]),
        "6262's theme: one dataset both years, four entries this year, two before: {:?}",
        themes.rows
    );

    // Data requests: the report over each contest's calendar year.
    let t = table(&pack, "requests", "requests-filed");
    let (a, b) = sources(t);
    let (from, to) = (NaiveDate::from_ymd_opt(s.this.year, 1, 1).unwrap(), today());
    assert_eq!(
        a,
        format!("/organise/requests/report.csv?from={from}&to={to}")
    );
    assert_eq!(
        b,
        format!(
            "/organise/requests/report.csv?from={}-01-01&to={}-12-31",
            s.before.year, s.before.year
        )
    );
    let (now, before) = both(&app, &org, t).await;
    let heading = "目前狀態";
    same_as(t, &now.part(heading), &before.part(heading), 1);
    assert_eq!(Csv::cell(&t.rows, "提出件數", 1).unwrap(), "5");
    assert_eq!(Csv::cell(&t.rows, "提出件數", 2).unwrap(), "3");
    assert_eq!(Csv::cell(&t.rows, "已撤回", 1).unwrap(), "1");
    let answered = table(&pack, "requests", "requests-answered");
    let all = |csv: &Csv| {
        let line = csv
            .0
            .iter()
            .find(|r| r[0] == "全部業務單位")
            .unwrap()
            .clone();
        // Routed, answered, in time, median, 90th percentile, open, overdue.
        vec![
            line[1].clone(),
            line[2].clone(),
            line[5].clone(),
            line[3].clone(),
            line[4].clone(),
            line[11].clone(),
            line[12].clone(),
        ]
    };
    let col = |c: usize| {
        answered
            .rows
            .iter()
            .map(|r| r[c].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(col(1), all(&now));
    assert_eq!(col(2), all(&before));
    assert_eq!(col(2)[..2], ["2", "2"], "both answered the year before");
    let t = table(&pack, "requests", "refused");
    same_as(t, &now.part("原因"), &before.part("原因"), 1);
    assert_eq!(t.rows.len(), 2, "privacy this year, cost the year before");
    let t = table(&pack, "requests", "released");
    let heading = "需求編號";
    let mut released = Vec::new();
    for (y, csv) in [(s.this.year, &now), (s.before.year, &before)] {
        for r in csv.part(heading) {
            let mut row = vec![y.to_string()];
            row.extend(r);
            released.push(row);
        }
    }
    assert_eq!(t.rows, released);
    assert_eq!(t.rows.len(), 2);
    assert!(t.rows.iter().any(|r| r[3] == "48203") && t.rows.iter().any(|r| r[3] == "7885"));

    // Winners: the dashboard's, published results only.
    let t = table(&pack, "winners", "winners");
    let (now, before) = both(&app, &org, t).await;
    assert_eq!(now.0.len(), 1, "no results published this year");
    let mut expected = Vec::new();
    for r in &before.0[1..] {
        let mut row = vec![s.before.year.to_string()];
        row.extend(r.iter().cloned());
        expected.push(row);
    }
    assert_eq!(t.rows, expected);
    assert_eq!(t.rows[0][1..4], ["勞保組", "第一名", "職災地圖"]);
    assert!(t.rows[0][4].contains("國立臺灣大學"), "{:?}", t.rows[0]);
    let notes = &pack
        .sections
        .iter()
        .find(|s| s.id == "winners")
        .unwrap()
        .notes;
    assert!(notes[0].contains(&s.this.year.to_string()), "{notes:?}");

    // The previous year's pack has no year before it: the column says so.
    let older =
        service::pack::pack(&app.portal, &s.org.person, s.before.id, Lang::ZhTw, today()).unwrap();
    assert!(older.previous.is_none());
    let t = table(&older, "entries", "teams");
    assert_eq!(t.columns[2], "無前一年度");
    assert!(t.rows.iter().all(|r| r[2] == "—"));
}

#[actix_web::test]
async fn the_pack_is_a_printable_page_and_a_workbook_for_organisers_only() {
    let app = app().await;
    let s = seed(&app).await;
    let f = Fixture::new(&app);
    let org = f.browser(&s.org).await;
    let page = format!("/organise/contests/{}/pack", s.this.id);
    let resp = app.get_with(&org, &page).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains(&format!("{} 年度開放資料諮詢會議資料", s.this.year)),
        "{html}"
    );
    assert!(
        html.contains("<svg role=\"img\"")
            && html.contains("<desc id=\"chart-entries-teams-desc\">")
    );
    assert!(html.contains("class=\"pack-section\"") && html.contains("得獎團隊"));
    // The report over the same days is linked (its address as HTML escapes it).
    let report = format!(
        "/organise/requests/report.csv?from={}-01-01&to={}",
        s.this.year,
        today()
    );
    let escaped = report.replace('&', "&amp;").replace('=', "&#x3D;");
    assert!(html.contains(&escaped), "{report}");
    // Linked from the dashboard and the contest's page.
    for from in ["dashboard", ""] {
        let path = format!("/organise/contests/{}/{from}", s.this.id);
        let html = app
            .get_with(&org, path.trim_end_matches('/'))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!("href=\"{page}\"")), "{path}");
    }
    // The print stylesheet leaves out the navigation and breaks pages.
    let css = app.get("/static/site.css").await.text().await.unwrap();
    assert!(css.contains(".pack-section { break-before: page;"));

    // The workbook: a sheet per section, figures as numbers.
    let resp = app.get_with(&org, &format!("{page}.xlsx")).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = resp.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    for name in ["報名與作品", "資格審查", "資料需求", "得獎團隊"] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{workbook}");
    }
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains("<v>4</v>"), "counts are numbers: {sheet}");

    // Organisers only; an unknown contest is not found.
    let student = f.browser(&f.someone("d@nccu.edu.tw")).await;
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let reviewer = f.browser(&reviewer).await;
    for who in [&student, &reviewer] {
        for path in [page.clone(), format!("{page}.xlsx")] {
            assert_eq!(
                app.get_with(who, &path).await.status(),
                StatusCode::FORBIDDEN
            );
        }
    }
    assert_eq!(
        app.get_with(&org, "/organise/contests/999999/pack")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&org, "/organise/contests/999999/pack.xlsx")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let judge = f.with_role("judge@itri.org.tw", Role::Judge).await;
    assert!(matches!(
        service::pack::pack(&app.portal, &judge.person, s.this.id, Lang::En, today()),
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        service::pack::workbook(&app.portal, &s.org.person, 999_999, Lang::En, today()).await,
        Err(Error::NotFound)
    ));
}
