//! Open data: published results and the public request board as CSV, JSON
//! and Atom hold exactly their documented fields, escape what was typed
//! correctly, and never carry anything the public pages do not show
//! (unpublished results, a draft contest, a withdrawn request, a hidden
//! comment, a requester's name or address).

mod common;

use std::collections::BTreeSet;

use common::fixture::*;
use common::*;
use contest_portal::domain::data_request::{Action, ChangeForm};
use contest_portal::domain::entry::EntryContent;
use contest_portal::domain::open_data::{Dataset, FieldType, REQUESTS, RESULTS};
use contest_portal::service::entries::{Draft, ProposalFile};
use contest_portal::service::{self, requests::Filing};
use contest_portal::store;
use reqwest::StatusCode;
use serde_json::Value as Json;

/// Typed text with what every format must escape: markup, an ampersand,
/// both quotes, commas and CJK (a line; names take no line breaks).
const NASTY_LINE: &str = "職災<b>預警</b> & \"雷達\", '勞保', 隊";
/// The same in a paragraph, with line breaks.
const NASTY_TEXT: &str =
    "以勞保局開放資料協助勞工試算保費與職災給付。\n第二行 <script>alert(1)</script> & \"引號\", 逗號\n第三行 '單引號'";
const UNPUBLISHED_TEAM: &str = "尚未公布隊伍甲";
const UNPUBLISHED_TITLE: &str = "尚未公布的作品乙";
const DRAFT_CONTEST_TEAM: &str = "草稿競賽隊伍丙";
const DRAFT_CONTEST_TITLE: &str = "草稿競賽的作品丁";
const REQUESTER_NAME: &str = "林秘密申請人";
const REQUESTER_EMAIL: &str = "lin.secret.requester@example.org";
const WITHDRAWN_TITLE: &str = "已撤回的需求標題戊";
const WITHDRAW_MESSAGE: &str = "撤回說明己：不需要了";
const HIDDEN_COMMENT: &str = "被隱藏的留言庚";
const REJECT_MESSAGE: &str = "資料含個人資料，無法開放";

/// Everything the open-data files must never hold.
fn private_strings() -> Vec<&'static str> {
    vec![
        UNPUBLISHED_TEAM,
        UNPUBLISHED_TITLE,
        DRAFT_CONTEST_TEAM,
        DRAFT_CONTEST_TITLE,
        REQUESTER_NAME,
        REQUESTER_EMAIL,
        "lin.secret.requester",
        WITHDRAWN_TITLE,
        WITHDRAW_MESSAGE,
        HIDDEN_COMMENT,
        "od-cap-a@gmail.com",
        "od-cap-a",
        "Real od-cap-a",
        "2025 資料創新應用競賽",
    ]
}

/// A submitted entry of `team` in `track` titled `title` with `abstract_`.
async fn submitted(
    f: &Fixture<'_>,
    team: &Team,
    track: Track,
    title: &str,
    abstract_: &str,
) -> Entry {
    let content = EntryContent {
        abstract_: abstract_.into(),
        ..content(title)
    };
    let draft = Draft {
        team_id: team.id,
        track_id: track.id,
        content,
        based_on: 0,
        proposal: Some(ProposalFile {
            data: b"%PDF-1.7 proposal".to_vec(),
            too_big: false,
        }),
    };
    let saved = service::entries::submit(&f.app.portal, &team.captain.person, draft)
        .await
        .expect("submitted");
    Entry {
        id: saved.entry_id,
        team: team.id,
        track,
        version: saved.version,
    }
}

fn prize_track(name: &str) -> TrackSpec {
    let mut t = track(name);
    t.prizes = "第一名, 1, 60000, First prize\n佳作, 1, 10000, Honourable mention".into();
    t
}

fn award(f: &Fixture<'_>, track: Track, entry: &Entry) {
    let prizes = store::contests::prizes_of(&mut f.app.conn(), &[track.id]).unwrap();
    service::judging::save_awards(
        &f.app.portal,
        &f.admin,
        track.id,
        &[(entry.id, prizes[0].id.to_string())],
    )
    .expect("awards saved");
}

fn publish(f: &Fixture<'_>, track: Track) {
    service::judging::publish_results(&f.app.portal, &f.admin, track.id, true, true)
        .expect("results published");
}

fn version(app: &TestApp, id: i32) -> i32 {
    store::requests::find(&mut app.conn(), id)
        .unwrap()
        .unwrap()
        .version
}

async fn act(app: &TestApp, who: &Someone, id: i32, action: Action, form: ChangeForm) {
    service::requests::act(&app.portal, &who.person, id, action, form, version(app, id))
        .await
        .unwrap_or_else(|e| panic!("{action:?}: {e:?}"));
}

fn file(app: &TestApp, who: &Someone, title: &str, description: &str) -> i32 {
    let filing = Filing {
        title: title.into(),
        description: description.into(),
        fields: "行業代碼、費率".into(),
        purpose: "比較各產業的職災風險".into(),
        format: "CSV".into(),
        ..Filing::default()
    };
    service::requests::file(&app.portal, &who.person, filing).expect("filed")
}

struct World {
    /// Track A of 2026: results published, won by `NASTY_LINE`.
    published: Track,
    /// Track B of 2026: awards saved, not published.
    unpublished: Track,
    winner: Entry,
    /// The public requests: filed, routed (with a hidden comment), closed
    /// as available, rejected; and the withdrawn one.
    public_requests: Vec<i32>,
    withdrawn: i32,
}

async fn world(app: &TestApp) -> World {
    let f = Fixture::new(app);
    // 2026, published: track A's results out, track B's not.
    let contest = f.contest(2026, &[prize_track("就業組"), prize_track("職安組")]);
    let (a, b) = (contest.tracks[0], contest.tracks[1]);
    let cap_a = f
        .student_at("od-cap-a@gmail.com", "國立政治大學", "社會工作學系")
        .await;
    let cap_b = f.student("od-cap-b@gmail.com").await;
    let team_a = f.team(&[a], NASTY_LINE, &cap_a);
    let team_b = f.team(&[b], UNPUBLISHED_TEAM, &cap_b);
    let winner = submitted(&f, &team_a, a, NASTY_LINE, NASTY_TEXT).await;
    let hidden = submitted(&f, &team_b, b, UNPUBLISHED_TITLE, NASTY_TEXT).await;
    f.pass_all(&contest, &[winner.clone(), hidden.clone()]);
    f.open_judging(&contest, "");
    award(&f, a, &winner);
    award(&f, b, &hidden);
    publish(&f, a);

    // 2025: results published, then the contest taken back to a draft.
    let draft = f.contest(2025, &[prize_track("草稿組")]);
    let c = draft.tracks[0];
    let cap_c = f.student("od-cap-c@gmail.com").await;
    let team_c = f.team(&[c], DRAFT_CONTEST_TEAM, &cap_c);
    let entry_c = submitted(&f, &team_c, c, DRAFT_CONTEST_TITLE, NASTY_TEXT).await;
    f.pass_all(&draft, std::slice::from_ref(&entry_c));
    f.open_judging(&draft, "");
    award(&f, c, &entry_c);
    publish(&f, c);
    service::contests::publish(&app.portal, &f.admin, draft.id, false).expect("unpublished");

    // Requests, by a requester whose name and address must never show.
    let requester = f.account(REQUESTER_EMAIL, REQUESTER_NAME).await;
    let unit = f.unit_reviewer("od-unit@bli.gov.tw", "bli").await;
    let admin = f.someone(&app.admin.email);
    let filed = file(app, &requester, NASTY_LINE, NASTY_TEXT);
    let routed = file(
        app,
        &requester,
        "各行業職災保險費率",
        "各行業別的職災保險費率",
    );
    f.route(routed, "bli");
    service::requests::comment(&app.portal, &requester.person, routed, HIDDEN_COMMENT)
        .expect("commented");
    let comment = store::requests::comments(&mut app.conn(), routed).unwrap()[0].id;
    service::requests::hide_comment(&app.portal, &f.admin, routed, comment, true).expect("hidden");
    let available = file(app, &requester, "勞保投保薪資分級表", "各級投保薪資");
    act(
        app,
        &admin,
        available,
        Action::CloseAvailable,
        ChangeForm {
            dataset_id: "6262".into(),
            message: "已在開放資料平臺上".into(),
            ..ChangeForm::default()
        },
    )
    .await;
    let rejected = file(app, &requester, "個別勞工投保明細", "每位勞工的投保紀錄");
    f.route(rejected, "bli");
    act(
        app,
        &unit,
        rejected,
        Action::Reject,
        ChangeForm {
            reason: "privacy".into(),
            message: REJECT_MESSAGE.into(),
            ..ChangeForm::default()
        },
    )
    .await;
    let withdrawn = file(app, &requester, WITHDRAWN_TITLE, "不需要了的資料");
    act(
        app,
        &requester,
        withdrawn,
        Action::Withdraw,
        ChangeForm {
            message: WITHDRAW_MESSAGE.into(),
            ..ChangeForm::default()
        },
    )
    .await;
    World {
        published: a,
        unpublished: b,
        winner,
        public_requests: vec![filed, routed, available, rejected],
        withdrawn,
    }
}

/// GETs `path` anonymously: the status, headers and body.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let r = app.get(path).await;
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.text().await.unwrap())
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// A CSV file: its heading and rows (the BOM checked and left out).
fn parse_csv(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = body
        .strip_prefix('\u{feff}')
        .expect("a CSV starts with a byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let heading = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (heading, rows)
}

fn fits(v: &Json, kind: FieldType, nullable: bool) -> bool {
    match v {
        Json::Null => nullable,
        Json::Number(n) => kind == FieldType::Integer && n.is_i64(),
        Json::Bool(_) => kind == FieldType::Boolean,
        Json::Array(items) => kind == FieldType::List && items.iter().all(Json::is_string),
        Json::String(s) => match kind {
            FieldType::Text => true,
            FieldType::Date => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
            FieldType::DateTime => chrono::DateTime::parse_from_rfc3339(s)
                .is_ok_and(|t| t.offset().local_minus_utc() == 8 * 3600),
            _ => false,
        },
        Json::Object(_) => false,
    }
}

/// The JSON file's records, each checked against the documented fields:
/// exactly their keys, each value of its type.
fn checked_records<R>(body: &str, d: &Dataset<R>) -> Vec<Json> {
    let v: Json = serde_json::from_str(body).expect("valid JSON");
    assert_eq!(v["dataset"], d.name);
    assert_eq!(v["licence"]["url"], "https://data.gov.tw/license");
    assert_eq!(v["licence"]["name"], "政府資料開放授權條款－第1版");
    assert!(v["attribution"]
        .as_str()
        .is_some_and(|a| a.contains("政府資料開放授權條款")));
    assert!(chrono::DateTime::parse_from_rfc3339(v["generated_at"].as_str().unwrap()).is_ok());
    let documented: Vec<&str> = d.fields.iter().map(|f| f.name).collect();
    let listed: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed, documented,
        "the envelope lists the documented fields"
    );
    let records = v["records"].as_array().expect("records").clone();
    assert_eq!(v["count"], records.len());
    let keys: BTreeSet<&str> = documented.iter().copied().collect();
    for r in &records {
        let got: BTreeSet<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(got, keys, "a record has exactly the documented keys");
        for f in d.fields {
            assert!(
                fits(&r[f.name], f.kind, f.nullable),
                "{}.{} = {} is not a {:?}",
                d.name,
                f.name,
                r[f.name],
                f.kind
            );
        }
    }
    records
}

/// The Atom feed parsed: (feed-level element names, entries as
/// (id, title, updated, link, summary)).
fn parse_atom(xml: &str) -> (Vec<String>, Vec<[String; 5]>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut feed_children = Vec::new();
    let mut entries = Vec::new();
    let mut entry: [String; 5] = Default::default();
    let mut root_ns = String::new();
    let slot = |name: &str| match name {
        "id" => Some(0),
        "title" => Some(1),
        "updated" => Some(2),
        "summary" => Some(4),
        _ => None,
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    root_ns = e
                        .try_get_attribute("xmlns")
                        .unwrap()
                        .map(|a| a.unescape_value().unwrap().into_owned())
                        .unwrap_or_default();
                }
                if path.len() == 1 {
                    feed_children.push(name.clone());
                }
                path.push(name);
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.len() == 1 {
                    feed_children.push(name.clone());
                }
                if path.len() == 2 && path[1] == "entry" && name == "link" {
                    entry[3] = e
                        .try_get_attribute("href")
                        .unwrap()
                        .unwrap()
                        .unescape_value()
                        .unwrap()
                        .into_owned();
                }
            }
            Event::Text(t) if path.len() == 3 && path[1] == "entry" => {
                if let Some(i) = slot(&path[2]) {
                    entry[i].push_str(&t.unescape().unwrap());
                }
            }
            Event::End(_) => {
                if path.len() == 2 && path[1] == "entry" {
                    entries.push(std::mem::take(&mut entry));
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root_ns, "http://www.w3.org/2005/Atom");
    (feed_children, entries)
}

const ENDPOINTS: [&str; 7] = [
    "/open-data",
    "/open-data/results.csv",
    "/open-data/results.json",
    "/open-data/requests.csv",
    "/open-data/requests.json",
    "/open-data/requests.atom",
    "/open-data/requests.atom?lang=en",
];

#[actix_web::test]
async fn open_data_holds_the_documented_fields_and_nothing_unpublished() {
    let app = spawn_app().await;
    let w = world(&app).await;

    // Nothing private anywhere, in any file.
    for path in ENDPOINTS {
        let (status, _, body) = fetch(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for s in private_strings() {
            assert!(!body.contains(s), "{path} holds {s:?}");
        }
        assert!(
            !body.contains(&format!("/requests/{}", w.withdrawn)),
            "{path}"
        );
    }

    // Results: the heading is the documented fields; the winner's typed text
    // comes back exactly, commas, quotes, markup, line breaks and all.
    let (_, h, body) = fetch(&app, "/open-data/results.csv").await;
    assert_eq!(header(&h, "content-type"), "text/csv; charset=utf-8");
    assert!(header(&h, "content-disposition").starts_with("attachment; filename="));
    assert_eq!(header(&h, "access-control-allow-origin"), "*");
    assert!(body.contains("\r\n"), "CRLF lines");
    let (heading, rows) = parse_csv(&body);
    assert_eq!(heading, RESULTS.header());
    assert_eq!(rows.len(), 1, "one published winner: {rows:?}");
    let col = |name: &str| heading.iter().position(|h| h == name).unwrap();
    let row = &rows[0];
    assert_eq!(row[col("team_name")], NASTY_LINE);
    assert_eq!(row[col("entry_title")], NASTY_LINE);
    assert_eq!(row[col("abstract")], NASTY_TEXT);
    assert_eq!(row[col("contest_year")], "2026");
    assert_eq!(row[col("award")], "第一名");
    assert_eq!(row[col("award_en")], "First prize");
    assert_eq!(row[col("prize_amount")], "60000");
    assert_eq!(row[col("dataset_ids")], "6262");
    assert_eq!(row[col("schools_departments")], "國立政治大學 社會工作學系");
    assert_eq!(row[col("track_id")], w.published.id.to_string());
    assert_eq!(row[col("entry_id")], w.winner.id.to_string());
    assert_eq!(row[col("demo_url")], "", "no demo: empty");

    let (_, h, body) = fetch(&app, "/open-data/results.json").await;
    assert_eq!(
        header(&h, "content-type"),
        "application/json; charset=utf-8"
    );
    let records = checked_records(&body, &RESULTS);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["team_name"], NASTY_LINE);
    assert_eq!(records[0]["abstract"], NASTY_TEXT);
    assert_eq!(records[0]["dataset_ids"], serde_json::json!(["6262"]));
    assert_eq!(records[0]["demo_url"], Json::Null);
    assert!(records[0]["url"].as_str().unwrap().ends_with(&format!(
        "/contests/2026/tracks/{}/winners/{}",
        w.published.id, w.winner.id
    )));

    // A year: that year's only; the draft contest's year has none; a bad one is refused.
    let (_, _, body) = fetch(&app, "/open-data/results.json?year=2026").await;
    assert_eq!(checked_records(&body, &RESULTS).len(), 1);
    let (_, h, body) = fetch(&app, "/open-data/results.csv?year=2025").await;
    assert!(header(&h, "content-disposition").contains("contest-results-2025.csv"));
    assert_eq!(parse_csv(&body).1.len(), 0);
    let (status, _, _) = fetch(&app, "/open-data/results.json?year=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Requests: the board's four, never the withdrawn one.
    let (_, h, body) = fetch(&app, "/open-data/requests.csv").await;
    assert!(header(&h, "content-disposition").contains("data-requests.csv"));
    let (heading, rows) = parse_csv(&body);
    assert_eq!(heading, REQUESTS.header());
    let col = |name: &str| heading.iter().position(|h| h == name).unwrap();
    let ids: BTreeSet<String> = rows.iter().map(|r| r[col("request_id")].clone()).collect();
    let public: BTreeSet<String> = w.public_requests.iter().map(i32::to_string).collect();
    assert_eq!(ids, public);
    let nasty = rows
        .iter()
        .find(|r| r[col("title")] == NASTY_LINE)
        .expect("the typed title, exactly");
    assert_eq!(nasty[col("description")], NASTY_TEXT);
    assert_eq!(nasty[col("state")], "submitted");

    let (_, _, body) = fetch(&app, "/open-data/requests.json").await;
    let records = checked_records(&body, &REQUESTS);
    assert_eq!(records.len(), 4);
    let by_state = |s: &str| {
        records
            .iter()
            .find(|r| r["state"] == s)
            .unwrap_or_else(|| panic!("a {s} request"))
    };
    assert_eq!(by_state("submitted")["description"], NASTY_TEXT);
    assert_eq!(by_state("routed")["unit"], "勞動部勞工保險局");
    assert!(by_state("routed")["due_on"].is_string());
    assert!(by_state("routed")["routed_on"].is_string());
    assert_eq!(by_state("available")["dataset_id"], "6262");
    let rejected = by_state("rejected");
    assert_eq!(rejected["reason_code"], "privacy");
    assert_eq!(rejected["reason"], "涉及個人資料或隱私");
    assert!(rejected["answered_at"].is_string());
    assert!(rejected["answered_working_days"].is_i64());
    assert_eq!(rejected["answered_in_time"], true);
    assert_eq!(by_state("submitted")["team_name"], Json::Null);

    // The Atom feed: valid, each entry with a lasting id and a link to the
    // request's timeline; the typed title unescaped back exactly.
    let (_, h, xml) = fetch(&app, "/open-data/requests.atom").await;
    assert_eq!(
        header(&h, "content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let (children, entries) = parse_atom(&xml);
    for required in ["id", "title", "updated", "author", "link"] {
        assert!(
            children.iter().any(|c| c == required),
            "feed {required}: {children:?}"
        );
    }
    assert!(!entries.is_empty());
    let entry_ids: BTreeSet<&String> = entries.iter().map(|e| &e[0]).collect();
    assert_eq!(entry_ids.len(), entries.len(), "entry ids are unique");
    for [id, title, updated, link, _] in &entries {
        assert!(id.contains("/requests/") && id.contains("#event-"), "{id}");
        assert!(!title.is_empty());
        assert!(
            chrono::DateTime::parse_from_rfc3339(updated).is_ok(),
            "{updated}"
        );
        assert!(link.contains("/requests/"), "{link}");
    }
    let filed = entries
        .iter()
        .find(|e| e[1].contains(NASTY_LINE))
        .expect("the filing of the typed title");
    assert!(filed[1].starts_with(&format!("#{} ", w.public_requests[0])));
    assert!(entries.iter().any(|e| e[4].contains(REJECT_MESSAGE)));
    // Its link leads to that line of the request's public page.
    let path = filed[3]
        .split_once("/requests/")
        .map(|(_, p)| format!("/requests/{p}"))
        .unwrap();
    let (page_path, anchor) = path.split_once('#').unwrap();
    let (status, _, page) = fetch(&app, page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("id=\"{anchor}\"")), "{anchor}");
    let (_, _, en) = fetch(&app, "/open-data/requests.atom?lang=en").await;
    let (_, en_entries) = parse_atom(&en);
    assert!(en_entries.iter().any(|e| e[1].contains("File")), "{en}");
    let (status, _, _) = fetch(&app, "/open-data/requests.atom?lang=xx").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Publishing track B's results makes its winner appear.
    let f = Fixture::new(&app);
    publish(&f, w.unpublished);
    let (_, _, body) = fetch(&app, "/open-data/results.json").await;
    let records = checked_records(&body, &RESULTS);
    assert_eq!(records.len(), 2);
    assert!(records.iter().any(|r| r["team_name"] == UNPUBLISHED_TEAM));
    let (_, _, csv) = fetch(&app, "/open-data/results.csv").await;
    assert!(csv.contains(UNPUBLISHED_TITLE));
    // Withdrawing them takes them out again.
    service::judging::publish_results(&app.portal, &f.admin, w.unpublished.id, false, true)
        .expect("withdrawn");
    let (_, _, body) = fetch(&app, "/open-data/results.json").await;
    assert!(!body.contains(UNPUBLISHED_TEAM));
}

#[actix_web::test]
async fn the_files_are_cacheable_and_the_documentation_lists_every_field() {
    let app = spawn_app().await;

    // Empty files are still valid, with their heading.
    let (_, _, body) = fetch(&app, "/open-data/requests.csv").await;
    assert_eq!(parse_csv(&body).0, REQUESTS.header());
    let (_, _, body) = fetch(&app, "/open-data/results.json").await;
    assert!(checked_records(&body, &RESULTS).is_empty());
    let (_, entries) = parse_atom(&fetch(&app, "/open-data/requests.atom").await.2);
    assert!(entries.is_empty());

    // An unchanged file keeps its tag (the JSON's generated time aside), and
    // a client that has it is told so.
    for path in [
        "/open-data/results.json",
        "/open-data/requests.csv",
        "/open-data/requests.atom",
    ] {
        let (_, h1, _) = fetch(&app, path).await;
        let (_, h2, _) = fetch(&app, path).await;
        let tag = header(&h1, "etag").to_string();
        assert!(!tag.is_empty(), "{path}");
        assert_eq!(tag, header(&h2, "etag"), "{path}");
        assert!(header(&h1, "cache-control").contains("public"), "{path}");
        // A first visit (no cookie yet) sets none: a shared cache keeps it.
        let fresh = client().get(app.url(path)).send().await.unwrap();
        assert!(
            fresh.headers().get("set-cookie").is_none(),
            "{path}: a file a shared cache keeps sets no visitor's cookie"
        );
        let page = client().get(app.url("/open-data")).send().await.unwrap();
        assert!(page.headers().get("set-cookie").is_some(), "pages still do");
        let r = client()
            .get(app.url(path))
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert!(r.text().await.unwrap().is_empty());
    }

    // The documentation, in both languages: every field, its type, the
    // licence with its link, and the attribution.
    for (lang, licence, type_word) in [
        ("zh-TW", "政府資料開放授權條款－第1版", "整數"),
        ("en", "Open Government Data License, version 1.0", "integer"),
    ] {
        let c = client();
        c.get(app.url(&format!("/lang?set={lang}&next=/")))
            .send()
            .await
            .unwrap();
        let html = app.get_with(&c, "/open-data").await.text().await.unwrap();
        for f in RESULTS.fields {
            assert!(
                html.contains(&format!("<code>{}</code>", f.name)),
                "{lang}: {}",
                f.name
            );
        }
        for f in REQUESTS.fields {
            assert!(
                html.contains(&format!("<code>{}</code>", f.name)),
                "{lang}: {}",
                f.name
            );
        }
        assert!(html.contains(licence), "{lang}");
        assert!(
            html.contains("href=\"https://data.gov.tw/license\""),
            "{lang}"
        );
        assert!(html.contains(type_word), "{lang}");
        assert!(
            !html.contains(">od-"),
            "{lang}: a message id left untranslated"
        );
    }

    // Linked from the footer of every page and from the board.
    let (_, _, home) = fetch(&app, "/").await;
    assert!(home.contains("href=\"/open-data\""));
    let (_, _, board) = fetch(&app, "/requests").await;
    assert!(board.contains("href=\"/open-data#od-requests-heading\""));
}
