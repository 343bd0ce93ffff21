//! Rolling restarts drop nothing: replicas of the real binary behind a
//! round-robin proxy that fails over, 32 captains saving their entries, and
//! each replica in turn told to stop (SIGTERM) and started again. Every
//! acknowledged save is stored, nothing answers 5xx, a stopped replica exits
//! 0, and every outbox message reaches the (fake) SMTP server exactly once.
//! Two replicas on PostgreSQL (TEST_DATABASE_URL); on SQLite, which serves
//! one replica, the one replica is restarted under the same load.

mod common;

use std::collections::{HashMap, HashSet};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::fixture::{self, track, Entry, Fixture};
use common::smtp::{fake_smtp_taking, FakeSmtp};
use common::*;
use contest_portal::db::schema::{entry_versions, job_leases, mail_outbox};
use contest_portal::{security, store};
use diesel::prelude::*;
use reqwest::redirect::Policy;

const WRITERS: usize = 32;
/// Messages put in the outbox before the replicas start, besides the
/// sign-up confirmations.
const MAILS: usize = 150;

/// One replica: the binary on a fixed port, started again on the same port.
struct Replica {
    port: u16,
    env: Vec<(String, String)>,
    dir: PathBuf,
    child: Option<Child>,
    runs: usize,
}

impl Replica {
    fn new(app: &TestApp, smtp: &FakeSmtp, n: usize) -> Replica {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let env = [
            ("DATABASE_URL", app.db.url.clone()),
            ("DATA_DIR", app.db.dir.path().display().to_string()),
            ("BIND", format!("127.0.0.1:{port}")),
            ("SECRET_KEY", SECRET.to_string()),
            ("RUN_JOBS", "true".into()),
            ("POOL_SIZE", "6".into()),
            ("CARD_READS_IN_SYNC", "false".into()),
            ("SMTP_HOST", "127.0.0.1".into()),
            ("SMTP_PORT", smtp.port.to_string()),
            ("SMTP_SECURITY", "none".into()),
            ("MAIL_FROM", "Contest Portal <no-reply@portal.local>".into()),
            ("SHUTDOWN_GRACE_SECONDS", "15".into()),
            ("RUST_LOG", "info".into()),
            ("NO_COLOR", "1".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let dir = app.db.dir.path().join(format!("replica-{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        Replica {
            port,
            env,
            dir,
            child: None,
            runs: 0,
        }
    }

    fn log(&self) -> PathBuf {
        self.dir.join(format!("run-{}.log", self.runs))
    }

    async fn start(&mut self) {
        self.runs += 1;
        let log = std::fs::File::create(self.log()).unwrap();
        let child = Command::new(common::portal_bin())
            .arg("serve")
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("the portal binary starts");
        self.child = Some(child);
        let health = format!("http://127.0.0.1:{}/healthz", self.port);
        let c = reqwest::Client::new();
        let began = Instant::now();
        loop {
            if let Ok(r) = c.get(&health).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                began.elapsed() < Duration::from_secs(30),
                "replica on {} never became healthy:\n{}",
                self.port,
                tail(&self.log())
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().expect("the replica runs").id()
    }

    /// Sends SIGTERM and waits for the process to end; returns how long
    /// it took. Fails unless it exits 0 and says what it did.
    async fn terminate(&mut self) -> Duration {
        let mut child = self.child.take().expect("the replica runs");
        let began = Instant::now();
        // SAFETY: kill(2) on the pid of a child this test started.
        let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(sent, 0, "SIGTERM delivered");
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if began.elapsed() > Duration::from_secs(40) {
                let _ = child.kill();
                panic!(
                    "replica on {} still running 40 s after SIGTERM:\n{}",
                    self.port,
                    tail(&self.log())
                );
            }
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        };
        let log = std::fs::read_to_string(self.log()).unwrap_or_default();
        assert!(
            status.success(),
            "a replica told to stop exits 0 (got {status}):\n{}",
            tail(&self.log())
        );
        assert!(
            log.contains("SIGTERM") && log.contains("stopped: requests in flight finished"),
            "the replica logs what it did at shutdown:\n{}",
            tail(&self.log())
        );
        began.elapsed()
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// How many job leases the replica process `pid` holds (holders are named
/// "PID-random").
fn leases_of(app: &TestApp, pid: u32) -> i64 {
    job_leases::table
        .filter(job_leases::holder.like(format!("{pid}-%")))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// A round-robin TCP proxy in front of `ports`, as a load balancer: each
/// connection goes to the next replica that accepts it. Returns its port.
fn proxy(ports: Vec<u16>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let next = AtomicUsize::new(0);
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let first = next.fetch_add(1, Ordering::Relaxed);
            let backend = (0..ports.len()).find_map(|k| {
                TcpStream::connect(("127.0.0.1", ports[(first + k) % ports.len()])).ok()
            });
            if let Some(backend) = backend {
                pipe(client, backend);
            }
        }
    });
    port
}

fn pipe(client: TcpStream, backend: TcpStream) {
    let copy = |mut from: TcpStream, mut to: TcpStream| {
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut from, &mut to);
            let _ = to.shutdown(std::net::Shutdown::Write);
        })
    };
    copy(client.try_clone().unwrap(), backend.try_clone().unwrap());
    copy(backend, client);
}

/// What one writer saw.
#[derive(Default)]
struct Tally {
    /// (entry, version) of every save answered 303.
    acked: Vec<(i32, i32)>,
    /// Answers that are neither the form, a saved entry, nor a dropped
    /// connection (a 5xx above all).
    unexpected: Vec<String>,
    /// Connections refused or dropped before an answer (never acknowledged).
    dropped: usize,
}

fn version_in(page: &str) -> Option<i32> {
    let marker = "name=\"version\" value=\"";
    let start = page.find(marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    page[start..end].parse().ok()
}

/// A captain saving their entry again and again through the proxy, each
/// save on the version just read, until `stop`.
async fn writer(base: String, cookie: String, entry: Entry, stop: Arc<AtomicBool>) -> Tally {
    let c = reqwest::Client::builder()
        .redirect(Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let url = format!("{base}{}", entry.url());
    let mut tally = Tally::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let page = match c.get(&url).header("cookie", &cookie).send().await {
            Ok(r) if r.status() == 200 => r.text().await.unwrap_or_default(),
            Ok(r) => {
                tally.unexpected.push(format!("GET {}", r.status()));
                continue;
            }
            Err(_) => {
                tally.dropped += 1;
                actix_web::rt::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let (Some(csrf), Some(version)) = (csrf_from(&page), version_in(&page)) else {
            tally
                .unexpected
                .push("a form without token or version".into());
            continue;
        };
        n += 1;
        let title = format!("Entry {} save {n}", entry.id);
        let version_text = version.to_string();
        let fields = [
            ("csrf_token", csrf.as_str()),
            ("version", version_text.as_str()),
            ("title", title.as_str()),
            ("abstract", fixture::ABSTRACT),
            ("problem", ""),
            ("solution", ""),
            ("target_users", ""),
            ("demo_url", ""),
            ("repo_url", ""),
            ("ds_id_0", "6262"),
            ("ds_fields_0", "行業類別"),
            ("ds_usage_0", fixture::USE_A),
            ("ds_depth_0", "2"),
            ("action", "save"),
        ];
        match c
            .post(&url)
            .header("cookie", &cookie)
            .form(&fields)
            .send()
            .await
        {
            Ok(r) if r.status() == 303 => tally.acked.push((entry.id, version + 1)),
            Ok(r) => {
                let status = r.status();
                let body: String = r
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect();
                tally.unexpected.push(format!("POST {status}: {body}"));
            }
            Err(_) => tally.dropped += 1,
        }
    }
    tally
}

/// A signed-in session of `user`, as the cookie a browser would send.
fn session_cookie(app: &TestApp, user: i32) -> String {
    let token = security::random_token();
    store::sessions::create(
        &mut app.conn(),
        &security::token_digest(&token),
        user,
        None,
        None,
        Utc::now().naive_utc(),
    )
    .unwrap();
    format!("cp_session={token}")
}

async fn pause(ms: u64) {
    actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
}

#[actix_web::test]
async fn restarting_replicas_one_at_a_time_loses_no_acknowledged_save_and_sends_no_mail_twice() {
    let began = Instant::now();
    let app = spawn_app().await;
    let f = Fixture::new(&app);
    let contest = f.contest(2026, &[track("勞保組")]);
    let mut entries = Vec::new();
    for i in 0..WRITERS {
        let captain = f.student(&format!("captain{i}@nccu.edu.tw")).await;
        let team = f.team(&contest.tracks, &format!("隊伍 {i}"), &captain);
        let entry = f.saved_entry(&team, contest.tracks[0], "作品").await;
        entries.push((session_cookie(&app, captain.id()), entry));
    }
    {
        let mut conn = app.conn();
        let now = Utc::now().naive_utc();
        for i in 0..MAILS {
            store::outbox::enqueue(
                &mut conn,
                &format!("reader{i}@example.org"),
                &format!("restart mail {i}"),
                "One of many.",
                "test",
                now,
            )
            .unwrap();
        }
    }
    // A slow mail server: a replica told to stop is likely to be mid-message.
    let smtp = fake_smtp_taking(false, Duration::from_millis(25));
    let count = if is_postgres() { 2 } else { 1 };
    let mut replicas: Vec<Replica> = (0..count).map(|n| Replica::new(&app, &smtp, n)).collect();
    for r in &mut replicas {
        r.start().await;
    }
    let base = format!(
        "http://127.0.0.1:{}",
        proxy(replicas.iter().map(|r| r.port).collect())
    );
    eprintln!("set up in {:?}", began.elapsed());

    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = entries
        .iter()
        .map(|(cookie, entry)| {
            actix_web::rt::spawn(writer(
                base.clone(),
                cookie.clone(),
                entry.clone(),
                stop.clone(),
            ))
        })
        .collect();
    pause(1500).await;
    let mut leases_held = 0;
    for r in &mut replicas {
        let pid = r.pid();
        leases_held += leases_of(&app, pid);
        let took = r.terminate().await;
        eprintln!("replica on {} stopped in {took:?}", r.port);
        assert_eq!(
            leases_of(&app, pid),
            0,
            "a stopped replica gives up its job leases, so another takes the work at once"
        );
        r.start().await;
        pause(1500).await;
    }
    assert!(
        leases_held > 0,
        "a replica held a job lease before it was stopped (else the check above proves nothing)"
    );
    stop.store(true, Ordering::Relaxed);
    let mut tally = Tally::default();
    for w in writers {
        let t = w.await.unwrap();
        tally.acked.extend(t.acked);
        tally.unexpected.extend(t.unexpected);
        tally.dropped += t.dropped;
    }
    eprintln!(
        "{} saves acknowledged, {} connections dropped, after {:?}",
        tally.acked.len(),
        tally.dropped,
        began.elapsed()
    );

    assert!(
        tally.unexpected.is_empty(),
        "no 5xx and nothing else unexpected while replicas restart: {:?}",
        &tally.unexpected[..tally.unexpected.len().min(10)]
    );
    assert!(
        tally.acked.len() >= 4 * WRITERS,
        "the writers kept saving through the restarts ({} saves)",
        tally.acked.len()
    );
    let stored: HashSet<(i32, i32)> = entry_versions::table
        .select((entry_versions::entry_id, entry_versions::version))
        .load(&mut *app.conn())
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<_> = tally.acked.iter().filter(|a| !stored.contains(a)).collect();
    assert!(lost.is_empty(), "acknowledged saves lost: {lost:?}");

    // Every message reaches the mail server once: none lost in a claim a
    // stopped replica held, none sent again by another.
    let waited = Instant::now();
    let unsent = || -> i64 {
        mail_outbox::table
            .filter(mail_outbox::sent_at.is_null())
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    while unsent() > 0 && waited.elapsed() < Duration::from_secs(20) {
        pause(200).await;
    }
    assert_eq!(unsent(), 0, "every outbox message was sent");
    let total: i64 = mail_outbox::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    let received = smtp.received.lock().unwrap().clone();
    let mut times: HashMap<String, usize> = HashMap::new();
    for (_, data) in &received {
        if let Some(subject) = data
            .lines()
            .find(|l| l.starts_with("Subject: restart mail "))
        {
            *times.entry(subject.to_string()).or_default() += 1;
        }
    }
    let twice: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "mail sent twice: {twice:?}");
    assert_eq!(times.len(), MAILS, "each test message arrived");
    assert_eq!(
        received.len() as i64,
        total,
        "the mail server got each outbox message once"
    );

    for r in &mut replicas {
        r.terminate().await;
    }
    eprintln!("done in {:?}", began.elapsed());
}
