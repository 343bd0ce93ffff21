//! Demo data: a published contest whose registration is open now, one
//! account for each role, and teams that show the rules at work (one
//! cross-school, one cross-department, one breaking a rule).

use chrono::{Duration, NaiveDateTime, Timelike};
use serde_json::json;

use crate::db::{self, DbConn};
use crate::domain::profile::{PersonKind, Profile};
use crate::domain::role::Role;
use crate::domain::team::MemberRole;
use crate::security;
use crate::service::{requests, Person, Portal};
use crate::store::{self, contests::ContestInput, contests::TrackInput};

pub const DEMO_YEAR: i32 = 2025;
pub const DEMO_PASSWORD: &str = "demo-password-2025";

/// One demo account, for the printed table.
pub struct DemoAccount {
    pub email: &'static str,
    pub role: &'static str,
}

pub const ACCOUNTS: &[(&str, &str, Option<Role>)] = &[
    (
        "organiser@demo.contest.tw",
        "資訊處 承辦人",
        Some(Role::Organiser),
    ),
    (
        "reviewer@demo.contest.tw",
        "資格審查 委員",
        Some(Role::Reviewer),
    ),
    ("judge@demo.contest.tw", "評審 委員", Some(Role::Judge)),
    (
        "unit@demo.contest.tw",
        "勞保局 承辦人",
        Some(Role::UnitReviewer),
    ),
    ("admin@demo.contest.tw", "系統 管理員", Some(Role::Admin)),
    ("advisor1@demo.contest.tw", "林 老師", Some(Role::Advisor)),
    ("advisor2@demo.contest.tw", "陳 老師", Some(Role::Advisor)),
    ("student1@demo.contest.tw", "王 小明", None),
    ("student2@demo.contest.tw", "李 小華", None),
    ("student3@demo.contest.tw", "張 雅婷", None),
    ("student4@demo.contest.tw", "黃 柏翰", None),
    ("student5@demo.contest.tw", "吳 家豪", None),
    ("student6@demo.contest.tw", "蔡 宜君", None),
];

fn hour(t: NaiveDateTime) -> NaiveDateTime {
    t.with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// Creates the demo data unless a contest for the demo year exists.
/// Returns false when it was already there.
pub fn seed(portal: &Portal, now: NaiveDateTime) -> anyhow::Result<bool> {
    let conn = &mut portal.conn()?;
    if store::contests::find_by_year(conn, DEMO_YEAR)?.is_some() {
        return Ok(false);
    }
    // Never hand demo roles (admin among them) to someone's real account.
    for (email, _, _) in ACCOUNTS {
        if store::users::find_by_email(conn, email)?.is_some() {
            anyhow::bail!("an account {email} already exists; demo data is only added where the demo accounts are new");
        }
    }
    store::schools::load_bundled(conn)?;
    crate::service::catalog::load_snapshot_if_empty(conn)?;
    crate::service::calendar::load_bundled_if_missing(conn)?;
    let hash = security::hash_password(DEMO_PASSWORD)?;
    db::transaction(conn, |conn| -> anyhow::Result<()> {
        let base = hour(now);
        let d = |days: i64| Some(base + Duration::days(days));
        let contest = store::contests::create(conn, &ContestInput {
            year: DEMO_YEAR,
            title: "勞動部資料創新應用競賽".into(),
            title_en: "Ministry of Labor Open Data Innovation Contest".into(),
            description: "勞動部於大專校院資訊應用服務創新競賽中設立「資料創新應用」組別，邀請跨系、跨校的學生團隊運用政府開放資料，打造勞工保障、保險與職場安全的智慧服務。作品依使用開放資料集的數量與程度評分。".into(),
            registration_opens_at: d(-14),
            registration_closes_at: d(21),
            submission_deadline_at: d(45),
            review_starts_at: d(46),
            review_ends_at: d(60),
            judging_starts_at: d(62),
            judging_ends_at: d(80),
            finals_at: d(95),
            finals_venue: "勞動部 1 樓大禮堂（臺北市大同區延平北路二段 83 號）".into(),
            results_at: d(100),
        }, now)?;
        store::contests::set_published(conn, contest.id, true, now)?;
        let units = store::units::list(conn)?;
        let unit = |code: &str| units.iter().find(|u| u.code == code).map(|u| u.id);
        let publishers = crate::domain::catalog::DEFAULT_PUBLISHERS.to_string();
        let insurance = store::contests::create_track(conn, contest.id, &TrackInput {
            name: "勞工保障及保險智慧服務組".into(),
            name_en: "Labour Protection and Insurance Smart Services".into(),
            theme: "運用勞工保險、職業災害保險與勞動統計開放資料，設計協助勞工了解自身保障、簡化申辦流程或預警風險的智慧服務。".into(),
            agency_unit_id: unit("bli"),
            recommended_datasets: "職業災害保險適用行業別及費率表\n保險費負擔比例一覽表\n職業災害勞工保護專款每月經營概況\n勞動部勞動統計刊物".into(),
            rules_text: "作品須說明每個開放資料集的使用欄位與方式。".into(),
            min_students: 2,
            max_students: 8,
            min_advisors: 1,
            max_advisors: 2,
            max_tracks_per_team: 2,
            min_datasets: 2,
            counted_publishers: publishers.clone(),
            cross_school_allowed: true,
            proof_required: true,
            second_review_for_fail: false,
        }, now)?;
        store::contests::replace_prizes(
            conn,
            insurance.id,
            &prize_lines(&[
                ("第一名", "First prize", 1, 60000),
                ("第二名", "Second prize", 1, 40000),
                ("第三名", "Third prize", 1, 20000),
                ("佳作", "Honourable mention", 3, 5000),
            ]),
        )?;
        let safety = store::contests::create_track(conn, contest.id, &TrackInput {
            name: "職場安全與健康創新應用組".into(),
            name_en: "Workplace Safety and Health Innovation".into(),
            theme: "運用職業災害統計與職業安全衛生開放資料，提出預防職災、協助職災勞工重返職場的創新應用。".into(),
            agency_unit_id: unit("osha"),
            recommended_datasets: "職業災害統計概況按全產業分(年度)\n重大職災統計\n職災勞工個案服務各縣市聯絡窗口資訊".into(),
            rules_text: String::new(),
            min_students: 1,
            max_students: 6,
            min_advisors: 1,
            max_advisors: 2,
            max_tracks_per_team: 2,
            min_datasets: 1,
            counted_publishers: publishers,
            cross_school_allowed: true,
            proof_required: true,
            second_review_for_fail: false,
        }, now)?;
        store::contests::replace_prizes(
            conn,
            safety.id,
            &prize_lines(&[
                ("第一名", "First prize", 1, 50000),
                ("佳作", "Honourable mention", 2, 5000),
            ]),
        )?;

        let mut ids = Vec::new();
        for (email, name, role) in ACCOUNTS {
            let user = store::users::create(
                conn,
                &store::users::NewUser {
                    email,
                    display_name: name,
                    password_hash: &hash,
                    email_verified_at: Some(now),
                    locale: "zh-TW",
                    disabled: false,
                    must_change_password: false,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            store::users::grant_role(conn, user.id, Role::Participant, None, None, now)?;
            if let Some(r) = role {
                let unit_id = if *r == Role::UnitReviewer {
                    unit("bli")
                } else {
                    None
                };
                store::users::grant_role(conn, user.id, *r, unit_id, None, now)?;
            }
            ids.push(user.id);
        }
        let id = |email: &str| {
            ids[ACCOUNTS
                .iter()
                .position(|(e, _, _)| *e == email)
                .expect("demo account")]
        };
        let people: &[(&str, PersonKind, &str, &str, &str, bool)] = &[
            (
                "advisor1@demo.contest.tw",
                PersonKind::Faculty,
                "0001",
                "林 老師",
                "勞工研究所",
                false,
            ),
            (
                "advisor2@demo.contest.tw",
                PersonKind::Faculty,
                "1002",
                "陳 老師",
                "資訊管理學系",
                false,
            ),
            (
                "student1@demo.contest.tw",
                PersonKind::Student,
                "0001",
                "王 小明",
                "勞工研究所",
                true,
            ),
            (
                "student2@demo.contest.tw",
                PersonKind::Student,
                "0003",
                "李 小華",
                "資訊管理學系",
                true,
            ),
            (
                "student3@demo.contest.tw",
                PersonKind::Student,
                "1002",
                "張 雅婷",
                "資訊管理學系",
                true,
            ),
            (
                "student4@demo.contest.tw",
                PersonKind::Student,
                "1002",
                "黃 柏翰",
                "統計資訊學系",
                true,
            ),
            (
                "student5@demo.contest.tw",
                PersonKind::Student,
                "1003",
                "吳 家豪",
                "社會工作學系",
                false,
            ),
        ];
        for (i, (email, kind, code, real_name, dep, proof)) in people.iter().enumerate() {
            let school = store::schools::find(conn, code)?
                .map(|s| s.name)
                .unwrap_or_default();
            let uid = id(email);
            store::profiles::save(
                conn,
                uid,
                &Profile {
                    real_name: real_name.to_string(),
                    kind: *kind,
                    school_code: Some(code.to_string()),
                    school_name: school,
                    department: dep.to_string(),
                    student_id: if *kind == PersonKind::Student {
                        format!("11{:07}", 300 + i)
                    } else {
                        String::new()
                    },
                    year_of_study: (*kind == PersonKind::Student).then_some(3),
                    phone: String::new(),
                },
                now,
            )?;
            if *proof {
                let pdf =
                    format!("%PDF-1.4\n% demo enrolment certificate for {real_name}\n%%EOF\n");
                let file = store::files::insert(
                    conn,
                    uid,
                    "enrolment-proof",
                    "application/pdf",
                    &format!("enrolment-proof-{uid}.pdf"),
                    pdf.as_bytes(),
                    now,
                )?;
                store::profiles::set_proof(conn, uid, file, now)?;
                store::profiles::check_proof(
                    conn,
                    uid,
                    store::profiles::PROOF_VERIFIED,
                    id("organiser@demo.contest.tw"),
                    now,
                )?;
            }
        }
        // Name, students (captain first), advisors, tracks.
        type DemoTeam<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [i32]);
        let teams: &[DemoTeam] = &[
            (
                "勞保小幫手",
                &["student1@demo.contest.tw", "student2@demo.contest.tw"],
                &["advisor1@demo.contest.tw"],
                &[insurance.id],
            ),
            (
                "職安守門員",
                &["student3@demo.contest.tw", "student4@demo.contest.tw"],
                &["advisor2@demo.contest.tw"],
                &[safety.id, insurance.id],
            ),
            (
                "一人工作室",
                &["student5@demo.contest.tw"],
                &[],
                &[insurance.id],
            ),
        ];
        for (name, students, advisors, tracks) in teams {
            let captain = id(students[0]);
            let team = store::teams::create(
                conn,
                contest.id,
                name,
                captain,
                tracks,
                (&security::random_token(), &security::random_token()),
                now,
            )?;
            store::teams::record_event(
                conn,
                team.id,
                Some(captain),
                "team.create",
                json!({ "name": name }),
                now,
            )?;
            for s in &students[1..] {
                store::teams::add_member(conn, &team, id(s), MemberRole::Student, now)?;
                store::teams::record_event(
                    conn,
                    team.id,
                    Some(id(s)),
                    "team.join",
                    json!({}),
                    now,
                )?;
            }
            for a in *advisors {
                store::teams::add_member(conn, &team, id(a), MemberRole::Advisor, now)?;
                store::teams::record_event(
                    conn,
                    team.id,
                    Some(id(a)),
                    "team.advisor_join",
                    json!({}),
                    now,
                )?;
            }
        }
        store::audit::record(
            conn,
            store::audit::Entry {
                actor_id: None,
                action: "demo.seed",
                object_type: "contest",
                object_id: Some(contest.id.to_string()),
                details: json!({ "year": DEMO_YEAR }),
                ip: None,
            },
            now,
        )?;
        // Made straight in the store, so no use case marked what changed:
        // every replica already serving drops what it kept of the public pages.
        let areas = crate::service::changes::Area::ALL.map(|a| a.as_str());
        store::public_changes::raise(conn, &areas)?;
        Ok(())
    })?;
    // The teams above were made straight in the store: their list flags.
    crate::service::teams::flags::backfill(conn)?;
    requests(portal, conn)?;
    finder_cards(portal, conn)?;
    Ok(true)
}

/// Two cards in the teammate finder, posted as their students would: the
/// social-work student of the one-person team looks for a programmer, a
/// statistics student offers data analysis.
fn finder_cards(portal: &Portal, conn: &mut DbConn) -> anyhow::Result<()> {
    use crate::domain::finder::CardInput;
    for (email, discipline, skills, idea) in [
        (
            "student5@demo.contest.tw",
            "labour_social",
            "社工實務、勞工訪談、勞保給付規定",
            "「一人工作室」想做協助職災勞工申請給付的服務，需要會寫網頁或 App 的隊友。",
        ),
        (
            "student4@demo.contest.tw",
            "stats_math",
            "R、統計建模、資料視覺化",
            "可以協助分析勞動統計與職災資料，想認識懂勞動法規的同學。",
        ),
    ] {
        let u = store::users::find_by_email(conn, email)?
            .ok_or_else(|| anyhow::anyhow!("demo account {email} is missing"))?;
        let who = Person {
            id: u.id,
            roles: store::users::roles_of(conn, u.id)?,
            ip: None,
        };
        let card = CardInput {
            discipline: discipline.into(),
            skills: skills.into(),
            idea: idea.into(),
            tracks: Vec::new(),
        };
        crate::service::finder::save_card(portal, &who, DEMO_YEAR, &card)?;
    }
    Ok(())
}

/// Two data requests, filed and routed as their people would: one waiting
/// to be routed, one with the insurance bureau and its clock running on the
/// office calendar.
fn requests(portal: &Portal, conn: &mut DbConn) -> anyhow::Result<()> {
    let person = |conn: &mut DbConn, email: &str| -> anyhow::Result<Person> {
        let u = store::users::find_by_email(conn, email)?
            .ok_or_else(|| anyhow::anyhow!("demo account {email} is missing"))?;
        Ok(Person {
            id: u.id,
            roles: store::users::roles_of(conn, u.id)?,
            ip: None,
        })
    };
    let organiser = person(conn, "organiser@demo.contest.tw")?;
    let bli = store::units::list(conn)?
        .into_iter()
        .find(|u| u.code == "bli")
        .map(|u| u.id);
    for (filer, title, routed) in [
        (
            "student1@demo.contest.tw",
            "各行業職災保險費率歷年變動",
            false,
        ),
        ("student2@demo.contest.tw", "外籍移工人數按行業與縣市", true),
    ] {
        let filing = requests::Filing {
            title: title.into(),
            description: "希望取得近十年的資料，按年度與行業分類。".into(),
            fields: "年度、行業代碼、數值".into(),
            purpose: "作品需要比較各行業的趨勢並製作互動圖表。".into(),
            suggested_unit: bli.map(|u| u.to_string()).unwrap_or_default(),
            format: "CSV".into(),
            ..requests::Filing::default()
        };
        let id = requests::file(portal, &person(conn, filer)?, filing)?;
        if let (true, Some(unit)) = (routed, bli) {
            requests::route(portal, &organiser, id, unit, 0, "")?;
        }
    }
    Ok(())
}

/// The table of demo sign-ins printed after seeding.
pub fn credentials() -> String {
    let mut out = String::from("Demo accounts (password for all: ");
    out.push_str(DEMO_PASSWORD);
    out.push_str(")\n");
    for (email, name, role) in ACCOUNTS {
        let role = role.map(|r| r.as_str()).unwrap_or("participant");
        out.push_str(&format!("  {email:<28} {role:<14} {name}\n"));
    }
    out.push_str("  student6@demo.contest.tw has no team yet: sign in as them and join one with an invite link.\n");
    out.push_str(&format!(
        "  student4 and student5 have cards in the teammate finder: /contests/{DEMO_YEAR}/finder\n"
    ));
    out
}

/// The demo's prize tables: (place, place in English, winners, NT$).
fn prize_lines(rows: &[(&str, &str, i32, i32)]) -> Vec<crate::domain::team::PrizeLine> {
    rows.iter()
        .map(
            |(label, en, winners, amount)| crate::domain::team::PrizeLine {
                label: label.to_string(),
                label_en: en.to_string(),
                winners: *winners,
                amount: *amount,
            },
        )
        .collect()
}
