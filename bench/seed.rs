//! Seeds a large contest for the load benchmark (see bench/README.md):
//! the demo contest and accounts, then 10,000 teams of 30,000 students,
//! 5,000 submitted entries with 3–8 datasets each in one track, 200 judges
//! with 15,000 submitted scores, 2,000 data requests (those answered as
//! released name a catalogue dataset), 50,000 catalogue datasets, 2,000
//! teammate-finder cards, 60,000 audit-log rows, and for the deadline spike
//! 500 draft entries in the other track (still open through a track-wide
//! extension) with a signed-in captain each. Bulk rows go in as multi-row
//! INSERTs inside one transaction.
//!
//!     cargo run --release --example bench-seed -- DATABASE_URL
//!     bench-seed --spike-check DATABASE_URL TRACK_ID ACKED_FILE
//!
//! Prints one JSON object: the ids and session cookies the load run needs,
//! and how long a ranking recompute of the seeded track takes.

use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use contest_portal::db::{self, DbConn};
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::finder;
use contest_portal::domain::judging::{CriterionKind, Round};
use contest_portal::domain::timeline::Deadline;
use contest_portal::{demo, security, store};

const STUDENTS: usize = 30_000;
const TEAMS: usize = 10_000;
const ENTRIES: usize = 5_000;
const JUDGES: usize = 200;
const JUDGES_PER_ENTRY: usize = 3;
const REQUESTS: usize = 2_000;
const DATASETS: usize = 50_000;
/// Teammate-finder cards, from students spread over the teams (3 of up to
/// 8 seats taken, so every card is listed).
const CARDS: usize = 2_000;
/// Audit-log rows of a contest year (team creation, submissions, decisions,
/// scores, request filings, and proof checks for the rest).
const AUDIT_ROWS: usize = 60_000;
/// Teams saving their draft entries at once in the deadline spike.
const SPIKE_TEAMS: usize = 500;
const BENCH_PASSWORD: &str = "bench-password-2025";

const PUBLISHERS: &[&str] = &[
    "勞動部",
    "勞動部勞工保險局",
    "勞動部職業安全衛生署",
    "勞動部勞動力發展署",
    "勞動部勞動基金運用局",
    "內政部",
    "衛生福利部",
    "經濟部",
    "交通部",
    "教育部",
    "財政部",
    "環境部",
    "農業部",
    "國家發展委員會",
    "行政院主計總處",
    "臺北市政府",
    "新北市政府",
    "臺中市政府",
    "臺南市政府",
    "高雄市政府",
];
const TOPICS: &[&str] = &[
    "勞工保險投保人數",
    "職業災害統計",
    "就業服務人數",
    "職業訓練結訓人數",
    "外籍工作者人數",
    "工資調查",
    "工時統計",
    "勞資爭議案件",
    "事業單位檢查結果",
    "退休金提繳",
    "失業給付核付",
    "育嬰留職停薪津貼",
    "身心障礙者就業",
    "青年就業方案",
    "最低工資",
    "產業別受僱人數",
];
const DEPARTMENTS: &[&str] = &[
    "資訊工程學系",
    "資訊管理學系",
    "統計學系",
    "經濟學系",
    "社會工作學系",
    "公共行政學系",
    "勞工關係學系",
    "電機工程學系",
    "工業工程與管理學系",
    "應用數學系",
];

#[derive(QueryableByName)]
struct Num {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct TeamVersion {
    #[diesel(sql_type = Integer)]
    team_id: i32,
    #[diesel(sql_type = Integer)]
    version: i32,
}

/// After the deadline spike: every save the server acknowledged (a line
/// "TEAM VERSION" in `acked`) must have its version stored for that team's
/// entry in `track`. Prints the counts as JSON.
fn spike_check(conn: &mut DbConn, track: i32, acked: &str) -> anyhow::Result<()> {
    let stored: std::collections::HashSet<(i32, i32)> = diesel::sql_query(format!(
        "SELECT e.team_id AS team_id, v.version AS version FROM entries e \
         JOIN entry_versions v ON v.entry_id = e.id WHERE e.track_id = {track}"
    ))
    .load::<TeamVersion>(conn)?
    .into_iter()
    .map(|r| (r.team_id, r.version))
    .collect();
    let text = std::fs::read_to_string(acked).with_context(|| format!("reading {acked}"))?;
    let mut acknowledged = 0;
    let mut lost = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut parts = line.split_whitespace().map(str::parse::<i32>);
        let (Some(Ok(team)), Some(Ok(version))) = (parts.next(), parts.next()) else {
            anyhow::bail!("bad line in {acked}: {line}");
        };
        acknowledged += 1;
        if !stored.contains(&(team, version)) {
            lost.push(team);
        }
    }
    println!(
        "{}",
        json!({ "acknowledged": acknowledged, "found": acknowledged - lost.len(), "lost": lost.len(), "lost_teams": lost })
    );
    Ok(())
}

fn scalar(conn: &mut DbConn, sql: &str) -> anyhow::Result<i64> {
    let rows: Vec<Num> = diesel::sql_query(sql).load(conn)?;
    Ok(rows.first().map(|r| r.n).unwrap_or(0))
}

fn next_id(conn: &mut DbConn, table: &str) -> anyhow::Result<i64> {
    scalar(
        conn,
        &format!("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) AS n FROM {table}"),
    )
}

/// A quoted SQL string literal.
fn s(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

fn ts(t: NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

fn date(d: NaiveDate) -> String {
    format!("'{}'", d.format("%Y-%m-%d"))
}

fn b(v: bool) -> &'static str {
    if v {
        "TRUE"
    } else {
        "FALSE"
    }
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_else(|| "NULL".into())
}

/// Multi-row INSERTs, flushed every few hundred rows.
struct Bulk {
    head: String,
    rows: Vec<String>,
    count: usize,
}

impl Bulk {
    fn new(table: &str, cols: &str) -> Bulk {
        Bulk {
            head: format!("INSERT INTO {table} ({cols}) VALUES "),
            rows: Vec::new(),
            count: 0,
        }
    }

    fn push(&mut self, conn: &mut DbConn, row: String) -> anyhow::Result<()> {
        let _ = conn;
        self.rows.push(format!("({row})"));
        self.count += 1;
        Ok(())
    }

    /// Writes the rows, a few hundred per statement. Finish parents before
    /// their children: the foreign keys are checked row by row.
    fn finish(self, conn: &mut DbConn) -> anyhow::Result<usize> {
        for chunk in self.rows.chunks(250) {
            let sql = format!("{}{}", self.head, chunk.join(","));
            conn.batch_execute(&sql)
                .with_context(|| format!("{}…", &self.head))?;
        }
        Ok(self.count)
    }
}

fn user_id_by_email(conn: &mut DbConn, email: &str) -> anyhow::Result<i32> {
    Ok(store::users::find_by_email(conn, email)?
        .with_context(|| format!("{email} missing"))?
        .id)
}

fn session(conn: &mut DbConn, user_id: i32, now: NaiveDateTime) -> anyhow::Result<String> {
    let token = security::random_token();
    store::sessions::create(
        conn,
        &security::token_digest(&token),
        user_id,
        None,
        None,
        now,
    )?;
    Ok(token)
}

/// Median and fastest of five ranking recomputes, in ms, and the lines ranked.
fn time_ranking(conn: &mut DbConn, track: i32) -> anyhow::Result<(f64, f64, usize)> {
    let mut runs = Vec::new();
    let mut ranked = 0;
    for _ in 0..5 {
        let t = Instant::now();
        ranked =
            contest_portal::service::judging::recompute_ranking(conn, track, Round::Preliminary)?;
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    runs.sort_by(f64::total_cmp);
    Ok((runs[runs.len() / 2], runs[0], ranked))
}

/// How many published challenges the units set on the benchmark's track.
const CHALLENGES: usize = 60;
/// One entry in this many answers a challenge.
const ENTRIES_PER_ANSWER: usize = 5;

/// The units' challenges on `track`, published (each recommending three
/// datasets), with one entry in `ENTRIES_PER_ANSWER` of the track answering
/// one; gives the first challenge of the unit `unit_reviewer` acts for.
fn challenges(
    conn: &mut DbConn,
    contest: i32,
    track: i32,
    unit_reviewer: i32,
    now: NaiveDateTime,
) -> anyhow::Result<i32> {
    use contest_portal::domain::challenge::{ChallengeInput, ChallengeState as S};
    let own = store::users::roles_of(conn, unit_reviewer)?
        .iter()
        .find_map(|r| r.unit_id)
        .context("the unit reviewer's unit")?;
    let mut units: Vec<i32> = store::units::list(conn)?.iter().map(|u| u.id).collect();
    units.sort_by_key(|u| *u != own);
    let datasets: Vec<i64> =
        diesel::sql_query("SELECT CAST(id AS BIGINT) AS n FROM datasets ORDER BY id LIMIT 180")
            .load::<Num>(conn)?
            .into_iter()
            .map(|c| c.n)
            .collect();
    let mut ids = Vec::with_capacity(CHALLENGES);
    db::transaction(conn, |conn| -> anyhow::Result<()> {
        for k in 0..CHALLENGES {
            let input = ChallengeInput {
                title_zh: format!("職災高風險行業預警 {k}"),
                title_en: format!("Early warning for high-risk industries {k}"),
                statement_zh: "整合職災統計與勞保給付資料，找出需要優先檢查的行業與地區。".into(),
                statement_en: "Combine injury statistics and insurance benefits to find the industries and areas to inspect first.".into(),
                intended_users: "勞動檢查員、職安衛業務承辦人".into(),
                releasable_data: "各縣市職災通報件數（月）".into(),
                contact_name: "王 承辦".into(),
                contact_email: format!("challenge{k}@mol.gov.tw"),
                prize: "優勝團隊受邀至本部簡報".into(),
                dataset_ids: (0..3)
                    .filter_map(|p| datasets.get((k * 3 + p) % datasets.len().max(1)))
                    .map(|d| *d as i32)
                    .collect(),
            };
            let unit = units[k % units.len()];
            let id =
                store::challenges::insert(conn, contest, track, unit, unit_reviewer, &input, now)?;
            store::challenges::move_state(
                conn,
                id,
                1,
                S::Draft,
                S::Submitted,
                unit_reviewer,
                "",
                now,
            )?;
            store::challenges::move_state(
                conn,
                id,
                2,
                S::Submitted,
                S::Published,
                unit_reviewer,
                "",
                now,
            )?;
            ids.push(id);
        }
        let every = (ENTRIES_PER_ANSWER * CHALLENGES) as i64;
        for (k, id) in ids.iter().enumerate() {
            conn.batch_execute(&format!(
                "UPDATE entries SET challenge_id = {id} WHERE track_id = {track} AND id % {every} = {}",
                k * ENTRIES_PER_ANSWER
            ))?;
        }
        Ok(())
    })?;
    ids.first().copied().context("a challenge")
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--spike-check") {
        let (Some(raw), Some(track), Some(acked)) = (args.get(1), args.get(2), args.get(3)) else {
            anyhow::bail!("usage: bench-seed --spike-check DATABASE_URL TRACK_ID ACKED_FILE");
        };
        let url = db::DatabaseUrl::parse(raw).map_err(anyhow::Error::msg)?;
        return spike_check(&mut db::connect(&url)?, track.parse()?, acked);
    }
    // `--ranking-only URL TRACK`: time the recompute on a seeded database.
    let ranking_only = args.first().is_some_and(|a| a == "--ranking-only");
    let raw = args
        .get(usize::from(ranking_only))
        .cloned()
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .context(
            "usage: bench-seed DATABASE_URL | bench-seed --ranking-only DATABASE_URL TRACK_ID",
        )?;
    let url = db::DatabaseUrl::parse(&raw).map_err(anyhow::Error::msg)?;
    let mut conn = db::connect(&url)?;
    if ranking_only {
        let track: i32 = args.get(2).context("which track?")?.parse()?;
        let (median, min, ranked) = time_ranking(&mut conn, track)?;
        println!(
            "{}",
            json!({ "ranking_entries": ranked, "ranking_recompute_ms_median": median, "ranking_recompute_ms_min": min })
        );
        return Ok(());
    }
    db::run_migrations(&mut conn)?;
    // Thousands of accounts with a known password belong in a scratch
    // database only.
    if scalar(&mut conn, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users")? > 0 {
        anyhow::bail!("the database has accounts already; bench-seed only fills an empty database");
    }
    let now = Utc::now().naive_utc();
    let started = Instant::now();
    // The demo contest, its accounts and requests, made as the portal makes them.
    let config = contest_portal::config::Config::from_values(
        &[
            ("DATABASE_URL".to_string(), raw.clone()),
            (
                "SECRET_KEY".to_string(),
                "bench-seed-only-0123456789abcdef-0123".to_string(),
            ),
            ("POOL_SIZE".to_string(), "2".to_string()),
        ]
        .into_iter()
        .collect(),
    )
    .map_err(anyhow::Error::msg)?;
    let portal = contest_portal::service::Portal::open(config)?;
    if !demo::seed(&portal, now)? {
        anyhow::bail!("the database already has the demo contest; seed an empty database");
    }
    let contest = store::contests::find_by_year(&mut conn, demo::DEMO_YEAR)?.context("contest")?;
    let tracks = store::contests::tracks_of(&mut conn, contest.id)?;
    let (track, other) = (tracks[0].id, tracks[1].id);
    let reviewer = user_id_by_email(&mut conn, "reviewer@demo.contest.tw")?;
    let organiser = user_id_by_email(&mut conn, "organiser@demo.contest.tw")?;
    // The demo's reviewer for 勞動部勞工保險局, one of the seeded publishers.
    let unit_reviewer = user_id_by_email(&mut conn, "unit@demo.contest.tw")?;

    // The rubric the judges score against (locked, as after the first score).
    db::transaction(&mut conn, |conn| -> anyhow::Result<()> {
        store::rubrics::save(
            conn,
            track,
            Round::Preliminary,
            0,
            &contest_portal::domain::judging::QuantityScale::default(),
            &store::rubrics::default_criteria(),
            now,
        )?;
        Ok(())
    })?;
    let (_, criteria) =
        store::rubrics::find(&mut conn, track, Round::Preliminary)?.context("rubric")?;
    let manual: Vec<i32> = criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::Manual)
        .map(|c| c.id)
        .collect();

    let school_codes: Vec<(String, String)> = store::schools::all(&mut conn)?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    let units: Vec<i32> = store::units::list(&mut conn)?
        .iter()
        .map(|u| u.id)
        .collect();
    let hash = security::hash_password(BENCH_PASSWORD)?;
    let mut rng = StdRng::seed_from_u64(2025);

    let counts = db::transaction(&mut conn, |conn| -> anyhow::Result<serde_json::Value> {
        // Catalogue.
        let first_dataset = next_id(conn, "datasets")?;
        let mut ds = Bulk::new(
            "datasets",
            "id, source, source_id, title, publisher, publisher_oid, description, fields, formats, \
             update_frequency, license, published_at, modified_at, search_text, content_hash, \
             synced_at, created_at, updated_at",
        );
        for i in 0..DATASETS {
            let publisher = PUBLISHERS[i % PUBLISHERS.len()];
            let topic = TOPICS[(i / PUBLISHERS.len()) % TOPICS.len()];
            let year = 2010 + (i % 16);
            let source_id = format!("B{}", 900_000 + i);
            let title = format!("{publisher}{topic}（{year}年）第{i}號");
            let description = format!(
                "{publisher}提供之{topic}資料，按縣市、行業別與性別分列，{year}年起逐月更新。"
            );
            let fields = "年月、縣市、行業別、性別、人數";
            let search =
                format!("{title} {description} {fields} {publisher} {source_id}").to_lowercase();
            let published = now - Duration::days(30 + (i % 3000) as i64);
            ds.push(
                conn,
                format!(
                    "{}, 'datagov', {}, {}, {}, '', {}, {}, 'CSV;JSON', '每月', {}, {}, {}, {}, {}, {}, {}, {}",
                    first_dataset + i as i64,
                    s(&source_id),
                    s(&title),
                    s(publisher),
                    s(&description),
                    s(fields),
                    s("政府資料開放授權條款-第1版"),
                    ts(published),
                    ts(published + Duration::days(7)),
                    s(&search),
                    s(&format!("bench{i}")),
                    ts(now),
                    ts(now),
                    ts(now)
                ),
            )?;
        }
        let datasets = ds.finish(conn)?;

        // Students and their profiles.
        let first_user = next_id(conn, "users")?;
        let mut users = Bulk::new(
            "users",
            "id, email, display_name, password_hash, email_verified_at, locale, disabled, \
             must_change_password, created_at, updated_at",
        );
        let mut profiles = Bulk::new(
            "profiles",
            "user_id, real_name, kind, school_code, school_name, school_checked, department, \
             student_id, year_of_study, phone, proof_file_id, proof_status, proof_checked_by, \
             proof_checked_at, updated_at",
        );
        let mut schools_of = Vec::with_capacity(STUDENTS);
        for i in 0..STUDENTS {
            let id = first_user + i as i64;
            // Teammates mostly share a school; every fifth team crosses schools.
            let team = i / 3;
            let school = if team % 5 == 0 {
                &school_codes[(team + i) % school_codes.len()]
            } else {
                &school_codes[(team * 7) % school_codes.len()]
            };
            schools_of.push(school.0.clone());
            let joined = now - Duration::minutes((STUDENTS - i) as i64 * 3);
            users.push(
                conn,
                format!(
                    "{id}, {}, {}, {}, {}, 'zh-TW', FALSE, FALSE, {}, {}",
                    s(&format!("bench-student{i}@students.example.edu.tw")),
                    s(&format!("學生 {i}")),
                    s(&hash),
                    ts(joined),
                    ts(joined),
                    ts(joined)
                ),
            )?;
            profiles.push(
                conn,
                format!(
                    "{id}, {}, 'student', {}, {}, TRUE, {}, {}, {}, '0912345678', NULL, 'verified', NULL, NULL, {}",
                    s(&format!("學生{i}")),
                    s(&school.0),
                    s(&school.1),
                    s(DEPARTMENTS[(i * 13 / 7) % DEPARTMENTS.len()]),
                    s(&format!("B{:08}", i)),
                    1 + i % 4,
                    ts(joined)
                ),
            )?;
        }
        // Judges (no profile: no school, so no conflicts to sort out).
        let first_judge = first_user + STUDENTS as i64;
        let mut roles = Bulk::new(
            "user_roles",
            "user_id, role, unit_id, granted_by, created_at",
        );
        // Every student signed up, so each has the participant role.
        for i in 0..STUDENTS {
            let joined = now - Duration::minutes((STUDENTS - i) as i64 * 3);
            roles.push(
                conn,
                format!(
                    "{}, 'participant', NULL, NULL, {}",
                    first_user + i as i64,
                    ts(joined)
                ),
            )?;
        }
        let mut panel = Bulk::new(
            "judge_panel",
            "track_id, round, email, max_load, invited_by, invited_at",
        );
        for j in 0..JUDGES {
            let id = first_judge + j as i64;
            let email = format!("bench-judge{j}@judges.example.org");
            users.push(
                conn,
                format!(
                    "{id}, {}, {}, {}, {}, 'zh-TW', FALSE, FALSE, {}, {}",
                    s(&email),
                    s(&format!("評審 {j}")),
                    s(&hash),
                    ts(now),
                    ts(now),
                    ts(now)
                ),
            )?;
            roles.push(
                conn,
                format!("{id}, 'judge', NULL, {organiser}, {}", ts(now)),
            )?;
            panel.push(
                conn,
                format!(
                    "{track}, 'preliminary', {}, 100, {organiser}, {}",
                    s(&email),
                    ts(now)
                ),
            )?;
        }
        let user_count = users.finish(conn)?;
        profiles.finish(conn)?;
        roles.finish(conn)?;
        panel.finish(conn)?;

        // Teams of three students; the first ENTRIES teams are in the
        // measured track and have submitted an entry.
        let first_team = next_id(conn, "teams")?;
        let mut teams = Bulk::new(
            "teams",
            "id, contest_id, name, captain_id, withdrawn, member_token, advisor_token, version, \
             created_at, updated_at",
        );
        let mut team_tracks = Bulk::new("team_tracks", "team_id, track_id");
        let mut members = Bulk::new(
            "team_members",
            "team_id, contest_id, user_id, member_role, joined_at",
        );
        for t in 0..TEAMS {
            let id = first_team + t as i64;
            let captain = first_user + (t * 3) as i64;
            let created = now - Duration::minutes((TEAMS - t) as i64 * 9);
            teams.push(
                conn,
                format!(
                    "{id}, {}, {}, {captain}, FALSE, {}, {}, 1, {}, {}",
                    contest.id,
                    s(&format!("資料隊 {t}")),
                    s(&security::random_token()),
                    s(&security::random_token()),
                    ts(created),
                    ts(created)
                ),
            )?;
            let track_id = if t < ENTRIES { track } else { other };
            team_tracks.push(conn, format!("{id}, {track_id}"))?;
            for m in 0..3 {
                members.push(
                    conn,
                    format!(
                        "{id}, {}, {}, 'student', {}",
                        contest.id,
                        captain + m,
                        ts(created)
                    ),
                )?;
            }
        }
        let team_count = teams.finish(conn)?;
        team_tracks.finish(conn)?;
        members.finish(conn)?;

        // Entries, their datasets, the eligibility pass, assignments, scores.
        let first_entry = next_id(conn, "entries")?;
        let mut entries = Bulk::new(
            "entries",
            "id, team_id, track_id, contest_id, status, version, title, abstract, problem, \
             solution, target_users, demo_url, repo_url, proposal_file_id, submitted_at, \
             created_at, updated_at, submitted_version",
        );
        let mut declared = Bulk::new(
            "entry_datasets",
            "entry_id, dataset_id, position, fields_used, usage, depth",
        );
        let mut decisions = Bulk::new(
            "eligibility_decisions",
            "entry_id, outcome, reasons, message, fix_parts, revision_due_at, entry_version, \
             decided_by, decided_at, change_reason, confirmed_by, confirmed_at, \
             needs_confirmation, is_current",
        );
        let mut assignments = Bulk::new(
            "judge_assignments",
            "entry_id, user_id, round, manual, created_at",
        );
        let mut scores = Bulk::new(
            "scores",
            "entry_id, user_id, round, status, criteria, depth, comment, total, version, \
             updated_at, submitted_at",
        );
        for e in 0..ENTRIES {
            let id = first_entry + e as i64;
            let team = first_team + e as i64;
            let submitted = now - Duration::minutes((ENTRIES - e) as i64 * 5);
            entries.push(
                conn,
                format!(
                    "{id}, {team}, {track}, {}, 'submitted', 1, {}, {}, {}, {}, {}, '', '', NULL, {}, {}, {}, 1",
                    contest.id,
                    s(&format!("勞工保險智慧助理 {e}")),
                    s("以勞保與職災開放資料，協助勞工了解自身保障與申辦流程。"),
                    s("勞工不易掌握投保與給付資訊。"),
                    s("整合多個開放資料集，提供查詢與提醒服務。"),
                    s("一般勞工、人資人員"),
                    ts(submitted),
                    ts(submitted),
                    ts(submitted)
                ),
            )?;
            let n = rng.gen_range(3..=8);
            for p in 0..n {
                let dataset = first_dataset + ((e * 37 + p * 1009) % DATASETS) as i64;
                declared.push(
                    conn,
                    format!(
                        "{id}, {dataset}, {p}, '年月、縣市、人數', {}, {}",
                        s("彙整各縣市人數變化，作為服務推薦的依據。"),
                        rng.gen_range(1..=5)
                    ),
                )?;
            }
            decisions.push(
                conn,
                format!(
                    "{id}, 'pass', '[]', '', '[]', NULL, 1, {reviewer}, {}, '', NULL, NULL, FALSE, TRUE",
                    ts(submitted + Duration::hours(1))
                ),
            )?;
            for k in 0..JUDGES_PER_ENTRY {
                let judge = first_judge + ((e * JUDGES_PER_ENTRY + k) % JUDGES) as i64;
                assignments.push(
                    conn,
                    format!("{id}, {judge}, 'preliminary', FALSE, {}", ts(now)),
                )?;
                // Judges differ in how harsh they are, as in life.
                let bias = ((judge % 7) as f64 - 3.0) * 2.0;
                let total: f64 = (rng.gen_range(50.0..95.0) + bias).clamp(0.0, 100.0);
                let crit = manual
                    .iter()
                    .map(|c| format!("\"{c}\":\"{}\"", rng.gen_range(4..=10)))
                    .collect::<Vec<_>>()
                    .join(",");
                scores.push(
                    conn,
                    format!(
                        "{id}, {judge}, 'preliminary', 'submitted', {}, '{{}}', {}, {:.2}, 1, {}, {}",
                        s(&format!("{{{crit}}}")),
                        s("資料運用完整，建議補充使用情境。"),
                        total,
                        ts(now),
                        ts(now)
                    ),
                )?;
            }
        }
        let entry_count = entries.finish(conn)?;
        let declared_count = declared.finish(conn)?;
        decisions.finish(conn)?;
        assignments.finish(conn)?;
        let score_count = scores.finish(conn)?;

        // Data requests in every state, spread over units and the last year.
        let states = [
            "submitted",
            "routed",
            "routed",
            "info-requested",
            "approved",
            "published",
            "rejected",
            "available",
            "duplicate",
            "out-of-scope",
            "withdrawn",
        ];
        let first_request = next_id(conn, "data_requests")?;
        let mut requests = Bulk::new(
            "data_requests",
            "id, requester_id, team_id, entry_id, title, description, fields, purpose, \
             suggested_unit_id, preferred_format, needed_by, show_team, state, unit_id, routed_on, \
             due_on, paused_on, expected_on, dataset_id, duplicate_of, reason_code, answered_at, \
             answered_days, answered_in_time, reminded_before_on, reminded_due_on, version, \
             created_at, updated_at",
        );
        let mut spans = Bulk::new(
            "data_request_spans",
            "request_id, unit_id, started_on, due_on, paused_days, ended_at, outcome",
        );
        let mut events = Bulk::new(
            "data_request_events",
            "request_id, actor_id, action, from_state, to_state, message, detail, created_at",
        );
        let today = now.date();
        for r in 0..REQUESTS {
            let id = first_request + r as i64;
            let state = states[r % states.len()];
            let requester = first_user + ((r * 15) % STUDENTS) as i64;
            let team = first_team + ((r * 5) % TEAMS) as i64;
            let filed = now - Duration::hours((REQUESTS - r) as i64 * 4);
            let routed = !matches!(
                state,
                "submitted" | "available" | "duplicate" | "out-of-scope" | "withdrawn"
            );
            let unit = units[r % units.len()];
            let routed_on = filed.date() + Duration::days(1);
            let due_on = routed_on + Duration::days(20);
            let answered = matches!(state, "approved" | "published" | "rejected");
            let answered_days = rng.gen_range(3..=20);
            requests.push(
                conn,
                format!(
                    "{id}, {requester}, {team}, NULL, {}, {}, {}, {}, NULL, 'CSV', NULL, {}, {}, {}, {}, {}, NULL, {}, {}, NULL, {}, {}, {}, {}, NULL, NULL, 1, {}, {}",
                    s(&format!("{}按月統計資料 {r}", TOPICS[r % TOPICS.len()])),
                    s("希望取得各縣市、各行業別按月的統計，以支援作品的推薦功能。"),
                    s("年月、縣市、行業別、人數"),
                    s("用於競賽作品的資料分析與視覺化。"),
                    b(r % 3 == 0),
                    s(state),
                    opt(routed.then_some(unit), |u| u.to_string()),
                    opt(routed.then_some(routed_on), date),
                    opt(routed.then_some(due_on), date),
                    opt((state == "approved").then_some(today + Duration::days(60)), date),
                    // Released on request: a catalogue dataset (some of them
                    // declared by entries, most not), for the impact ledger.
                    opt(
                        (state == "published")
                            .then(|| format!("B{}", 900_000 + (r * 7919) % DATASETS)),
                        |id| s(&id)
                    ),
                    opt((state == "rejected").then_some("no-data"), s),
                    opt(answered.then_some(filed + Duration::days(answered_days)), ts),
                    opt(answered.then_some(answered_days), |d| d.to_string()),
                    opt(answered.then_some(answered_days <= 14), |v| b(v).to_string()),
                    ts(filed),
                    ts(filed)
                ),
            )?;
            events.push(
                conn,
                format!(
                    "{id}, {requester}, 'file', '', 'submitted', '', '{{}}', {}",
                    ts(filed)
                ),
            )?;
            if routed {
                spans.push(
                    conn,
                    format!(
                        "{id}, {unit}, {}, {}, 0, {}, {}",
                        date(routed_on),
                        date(due_on),
                        opt(
                            answered.then_some(filed + Duration::days(answered_days)),
                            ts
                        ),
                        opt(answered.then_some(state), s)
                    ),
                )?;
            }
        }
        let request_count = requests.finish(conn)?;
        spans.finish(conn)?;
        events.finish(conn)?;

        // Published results: the first entries win the track's prizes.
        let prizes = store::contests::prizes_of(conn, &[track])?;
        let mut awards = Bulk::new("awards", "track_id, entry_id, prize_id, created_at");
        let mut winner = 0i64;
        for p in &prizes {
            for _ in 0..p.winners {
                awards.push(
                    conn,
                    format!("{track}, {}, {}, {}", first_entry + winner, p.id, ts(now)),
                )?;
                winner += 1;
            }
        }
        awards.finish(conn)?;
        store::awards::set_published(conn, track, Some(now))?;

        // Teammate-finder cards, each student's group from their department.
        let first_card = next_id(conn, "finder_cards")?;
        let mut cards = Bulk::new(
            "finder_cards",
            "id, contest_id, user_id, discipline, skills, idea, hidden_reason, created_at, updated_at",
        );
        for c in 0..CARDS {
            let i = 1 + c * (STUDENTS / CARDS);
            let department = DEPARTMENTS[(i * 13 / 7) % DEPARTMENTS.len()];
            let group = finder::classify(department, finder::DEFAULT_KEYWORDS);
            let posted = now - Duration::minutes((CARDS - c) as i64 * 5);
            cards.push(
                conn,
                format!(
                    "{}, {}, {}, {}, {}, {}, '', {}, {}",
                    first_card + c as i64,
                    contest.id,
                    first_user + i as i64,
                    s(group.as_str()),
                    s(&format!("{} 的專長 {c}", TOPICS[c % TOPICS.len()])),
                    s("想找不同科系的隊友一起用勞動部開放資料做服務。"),
                    ts(posted),
                    ts(posted)
                ),
            )?;
        }
        let card_count = cards.finish(conn)?;

        Ok(json!({
            "users": user_count, "teams": team_count, "entries": entry_count,
            "entry_datasets": declared_count, "judges": JUDGES, "scores": score_count,
            "data_requests": request_count, "datasets": datasets,
            "first_user": first_user, "first_judge": first_judge, "first_request": first_request,
            "first_team": first_team, "finder_cards": card_count,
            "first_dataset": first_dataset, "first_entry": first_entry,
        }))
    })?;
    let num = |k: &str| counts[k].as_i64().unwrap_or(0);
    let (first_user, first_judge, first_team) =
        (num("first_user"), num("first_judge"), num("first_team"));
    let (first_dataset, first_entry, first_request) = (
        num("first_dataset"),
        num("first_entry"),
        num("first_request"),
    );

    // The contest's submission deadline has passed (so the eligibility
    // review is open on the measured track); the other track is still open
    // through a track-wide extension, for the deadline spike.
    let spike = db::transaction(
        &mut conn,
        |conn| -> anyhow::Result<Vec<serde_json::Value>> {
            conn.batch_execute(&format!(
                "UPDATE contests SET submission_deadline_at = {} WHERE id = {}",
                ts(now - Duration::days(1)),
                contest.id
            ))?;
            store::contests::set_track_deadline(
                conn,
                other,
                Deadline::Submission,
                Some(now + Duration::days(30)),
                now,
            )?;

            // The audit log of a contest year.
            let mut audit = Bulk::new(
                "audit_log",
                "actor_id, action, object_type, object_id, details, ip, created_at",
            );
            let row = |n: usize, actor: i64, action: &str, kind: &str, object: i64| {
                let at = now - Duration::seconds(((AUDIT_ROWS - n) as i64) * 170);
                format!(
                    "{actor}, {}, {}, {}, {}, '203.0.113.{}', {}",
                    s(action),
                    s(kind),
                    s(&object.to_string()),
                    s(&format!("{{\"n\":{n}}}")),
                    n % 250,
                    ts(at)
                )
            };
            let mut n = 0;
            for t in 0..TEAMS {
                let r = row(
                    n,
                    first_user + (t * 3) as i64,
                    "team.create",
                    "team",
                    first_team + t as i64,
                );
                audit.push(conn, r)?;
                n += 1;
            }
            for e in 0..ENTRIES {
                let entry = first_entry + e as i64;
                let r = row(
                    n,
                    first_user + (e * 3) as i64,
                    "entry.submit",
                    "entry",
                    entry,
                );
                audit.push(conn, r)?;
                let r = row(n + 1, reviewer as i64, "eligibility.decide", "entry", entry);
                audit.push(conn, r)?;
                n += 2;
                for k in 0..JUDGES_PER_ENTRY {
                    let judge = first_judge + ((e * JUDGES_PER_ENTRY + k) % JUDGES) as i64;
                    let r = row(n, judge, "score.submit", "entry", entry);
                    audit.push(conn, r)?;
                    n += 1;
                }
            }
            for r in 0..REQUESTS {
                let requester = first_user + ((r * 15) % STUDENTS) as i64;
                let line = row(
                    n,
                    requester,
                    "request.file",
                    "data_request",
                    first_request + r as i64,
                );
                audit.push(conn, line)?;
                n += 1;
            }
            let mut student = 0;
            while n < AUDIT_ROWS {
                let r = row(
                    n,
                    organiser as i64,
                    "profile.proof_check",
                    "user",
                    first_user + student,
                );
                audit.push(conn, r)?;
                student = (student + 1) % STUDENTS as i64;
                n += 1;
            }
            audit.finish(conn)?;

            // Deadline spike: draft entries (version 1, three datasets) of the
            // first teams of the other track, each captain signed in.
            let first_draft = next_id(conn, "entries")?;
            let mut drafts = Bulk::new(
                "entries",
                "id, team_id, track_id, contest_id, status, version, title, abstract, problem, \
             solution, target_users, demo_url, repo_url, proposal_file_id, submitted_at, \
             created_at, updated_at, submitted_version",
            );
            let mut declared = Bulk::new(
                "entry_datasets",
                "entry_id, dataset_id, position, fields_used, usage, depth",
            );
            let mut versions = Bulk::new(
                "entry_versions",
                "entry_id, version, author_id, status, snapshot, saved_at",
            );
            let mut spike = Vec::with_capacity(SPIKE_TEAMS);
            for k in 0..SPIKE_TEAMS {
                let t = ENTRIES + k;
                let (id, team) = (first_draft + k as i64, first_team + t as i64);
                let captain = first_user + (t * 3) as i64;
                let saved = now - Duration::hours(2);
                let datasets: Vec<DeclaredDataset> = (0..3)
                    .map(|p| DeclaredDataset {
                        dataset_id: format!("B{}", 900_000 + (k * 53 + p * 7001) % DATASETS),
                        fields_used: "年月、縣市、人數".into(),
                        usage: "彙整各縣市人數變化，作為服務推薦的依據。".into(),
                        depth: 2,
                    })
                    .collect();
                let content = EntryContent {
                    title: format!("職場安全預警地圖 {k}"),
                    abstract_: "以職災統計開放資料標示高風險地區與行業。".into(),
                    problem: "職災資訊分散。".into(),
                    solution: "整合職災統計，提供地圖與提醒。".into(),
                    target_users: "勞工、事業單位".into(),
                    datasets: datasets.clone(),
                    ..Default::default()
                };
                drafts.push(
                conn,
                format!(
                    "{id}, {team}, {other}, {}, 'draft', 1, {}, {}, {}, {}, {}, '', '', NULL, NULL, {}, {}, 0",
                    contest.id,
                    s(&content.title),
                    s(&content.abstract_),
                    s(&content.problem),
                    s(&content.solution),
                    s(&content.target_users),
                    ts(saved),
                    ts(saved)
                ),
            )?;
                for (p, d) in datasets.iter().enumerate() {
                    let row = first_dataset + ((k * 53 + p * 7001) % DATASETS) as i64;
                    declared.push(
                        conn,
                        format!(
                            "{id}, {row}, {}, {}, {}, {}",
                            p + 1,
                            s(&d.fields_used),
                            s(&d.usage),
                            d.depth
                        ),
                    )?;
                }
                versions.push(
                    conn,
                    format!(
                        "{id}, 1, {captain}, 'draft', {}, {}",
                        s(&serde_json::to_string(&content)?),
                        ts(saved)
                    ),
                )?;
                spike.push(json!({
                    "team": team,
                    "cookie": session(conn, captain as i32, now)?,
                    "datasets": datasets.iter().map(|d| d.dataset_id.clone()).collect::<Vec<_>>(),
                }));
            }
            drafts.finish(conn)?;
            declared.finish(conn)?;
            versions.finish(conn)?;
            Ok(spike)
        },
    )?;

    if db::is_postgres(&conn) {
        // Explicit ids above: move the sequences past them.
        for table in [
            "users",
            "user_roles",
            "judge_panel",
            "teams",
            "team_members",
            "entries",
            "entry_datasets",
            "eligibility_decisions",
            "judge_assignments",
            "scores",
            "datasets",
            "data_requests",
            "data_request_spans",
            "data_request_events",
            "awards",
            "finder_cards",
            "audit_log",
            "entry_versions",
        ] {
            conn.batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))?;
        }
        conn.batch_execute("ANALYZE")?;
    } else {
        conn.batch_execute("ANALYZE")?;
    }
    let challenge = challenges(&mut conn, contest.id, track, unit_reviewer, now)?;
    // The bulk datasets bypass the catalogue's format flags; fill them as
    // the portal's first start would, so the cold start below is a
    // steady-state start, not a one-off backfill of 50,000 datasets.
    contest_portal::service::catalog::backfill_format_flags(&mut conn)?;
    let seeded = started.elapsed();

    // The bulk rows bypass the services, so this also builds the track's
    // stored ranking the ranking page reads: recomputed and rewritten as
    // every change to its inputs does (the first run writes every line).
    let (median, min, ranked) = time_ranking(&mut conn, track)?;

    let admin = user_id_by_email(&mut conn, "admin@demo.contest.tw")?;
    let dataset = store::catalog::find_by_source_id(&mut conn, "B900000")?.context("dataset")?;
    // A school many teams name, for the team list's school search.
    let school = school_codes[7 % school_codes.len()].1.clone();
    let out = json!({
        "seeded": counts,
        "seed_seconds": seeded.as_secs_f64(),
        "contest_year": demo::DEMO_YEAR,
        "contest_id": store::contests::find_by_year(&mut conn, demo::DEMO_YEAR)?
            .context("contest")?
            .id,
        "track_id": track,
        "request_id": counts["first_request"],
        "team_id": counts["first_team"],
        "entry_id": counts["first_entry"],
        "ranking_entries": ranked,
        "ranking_recompute_ms_median": median,
        "ranking_recompute_ms_min": min,
        "spike_track_id": other,
        "dataset_id": dataset.source_id,
        "school_name": school,
        "team_cookie": session(&mut conn, first_user as i32, now)?,
        "student_cookie": session(&mut conn, first_user as i32 + 1, now)?,
        "judge_cookie": session(&mut conn, first_judge as i32, now)?,
        "reviewer_cookie": session(&mut conn, reviewer, now)?,
        "admin_cookie": session(&mut conn, admin, now)?,
        "spike": spike,
        "organiser_cookie": session(&mut conn, organiser, now)?,
        "unit_cookie": session(&mut conn, unit_reviewer, now)?,
        "challenge_id": challenge,
    });
    println!("{out}");
    Ok(())
}
