//! `contest-portal check-config`: one line per check, against local stand-ins
//! only (a few lines of SMTP, a few of HTTP); a problem fails the command.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::*;

/// Speaks enough SMTP for a handshake; returns its port and the commands heard.
fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let heard: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = heard.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut out = stream.try_clone().unwrap();
            let _ = out.write_all(b"220 fake.local ESMTP\r\n");
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
                log.lock().unwrap().push(verb.clone());
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250-fake.local\r\n250 8BITMIME\r\n",
                    "QUIT" => b"221 bye\r\n",
                    _ => b"250 OK\r\n",
                };
                let _ = out.write_all(reply);
                if verb == "QUIT" {
                    break;
                }
            }
        }
    });
    (port, heard)
}

/// Answers every request 200, except paths with "missing" in them (404);
/// under `/idp` it is a university sign-in provider (discovery and no keys).
fn fake_http() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let served = address.clone();
    std::thread::spawn(move || {
        let address = served;
        for mut stream in listener.incoming().flatten() {
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&request);
            let first = head.lines().next().unwrap_or("");
            let (status, kind, body) = if first.contains("missing") {
                ("404 Not Found", "text/plain", "no".to_string())
            } else if first.contains("/idp/.well-known/openid-configuration") {
                let i = format!("{address}/idp");
                let doc = format!(
                    r#"{{"issuer":"{i}","authorization_endpoint":"{i}/authorize","token_endpoint":"{i}/token","jwks_uri":"{i}/jwks","response_types_supported":["code"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}}"#
                );
                ("200 OK", "application/json", doc)
            } else if first.contains("/idp/jwks") {
                ("200 OK", "application/json", r#"{"keys":[]}"#.to_string())
            } else {
                ("200 OK", "text/plain", "ok".to_string())
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    address
}

/// The settings of a university sign-in provider `id` at `issuer`.
fn provider(id: &str, issuer: &str) -> Vec<(String, String)> {
    let p = format!("OIDC_{}_", id.to_ascii_uppercase());
    let mut settings = vec![("OIDC_PROVIDERS".to_string(), id.to_string())];
    for (key, value) in [
        ("ISSUER", issuer),
        ("CLIENT_ID", "portal"),
        ("CLIENT_SECRET", "secret"),
        ("NAME", "測試大學"),
        ("NAME_EN", "Test University"),
        ("SCHOOL_CLAIM", "school"),
    ] {
        settings.push((format!("{p}{key}"), value.to_string()));
    }
    settings
}

fn line_of<'a>(out: &'a str, check: &str) -> &'a str {
    out.lines()
        .find(|l| {
            l.split_once(' ')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with(&format!("{check}:")))
        })
        .unwrap_or_else(|| panic!("no {check} line in:\n{out}"))
}

#[test]
fn everything_reachable_is_ok() {
    let db = test_database();
    let dir = db.dir.path();
    assert!(run_command(portal_command(&db.url, dir).arg("migrate")).ok);
    let (smtp_port, heard) = fake_smtp();
    let http = fake_http();
    let r = run_command(
        portal_command(&db.url, dir)
            .env("SMTP_HOST", "127.0.0.1")
            .env("SMTP_PORT", smtp_port.to_string())
            .env("SMTP_SECURITY", "none")
            .env("CATALOG_MOL_URL", format!("{http}/OdService"))
            .env("CALENDAR_URL", format!("{http}/calendar.csv"))
            .envs(provider("uni", &format!("{http}/idp")))
            .arg("check-config"),
    );
    assert!(r.ok, "{}\n{}", r.out, r.err);
    for check in [
        "configuration",
        "database",
        "smtp",
        "catalogue (MOL)",
        "calendar",
        "university sign-in (uni)",
    ] {
        assert!(line_of(&r.out, check).starts_with("ok "), "{}", r.out);
    }
    assert!(
        line_of(&r.out, "university sign-in (uni)").contains("answers discovery"),
        "{}",
        r.out
    );
    assert!(line_of(&r.out, "database").contains("migrations up to date"));
    assert!(line_of(&r.out, "catalogue (data.gov.tw)").contains("not contacted"));
    let heard = heard.lock().unwrap().clone();
    assert!(
        heard.contains(&"EHLO".to_string()) && heard.contains(&"NOOP".to_string()),
        "{heard:?}"
    );
}

#[test]
fn each_unreachable_thing_is_a_problem_and_fails_the_command() {
    let db = test_database();
    let dir = db.dir.path();
    // Nothing listens on this port once the listener is gone.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let http = fake_http();
    let r = run_command(
        portal_command(&db.url, dir)
            .env("SMTP_HOST", "127.0.0.1")
            .env("SMTP_PORT", closed.to_string())
            .env("SMTP_SECURITY", "none")
            .env("CALENDAR_URL", format!("{http}/missing.csv"))
            .envs(provider("uni", &format!("{http}/missing-idp")))
            .arg("check-config"),
    );
    assert!(!r.ok, "{}", r.out);
    for check in ["database", "smtp", "calendar", "university sign-in (uni)"] {
        assert!(line_of(&r.out, check).starts_with("problem "), "{}", r.out);
    }
    assert!(line_of(&r.out, "calendar").contains("404"), "{}", r.out);
    assert!(r.err.contains("4 problem(s)"), "{}", r.err);
    // The database was never migrated, and checking it created nothing.
    let database = line_of(&r.out, "database");
    assert!(
        database.contains("contest-portal migrate"),
        "the fix is named: {database}"
    );
    if !is_postgres() {
        assert!(
            !dir.join("portal.db").exists(),
            "no empty database left behind"
        );
    }
}

#[test]
fn a_migrated_database_needing_nothing_else_warns_about_what_production_needs() {
    let db = sqlite_database();
    let dir = db.dir.path();
    assert!(run_command(portal_command(&db.url, dir).arg("migrate")).ok);
    let mut c = portal_command(&db.url, dir);
    c.env_remove("SECRET_KEY")
        .env("BASE_URL", "http://contest.example.gov.tw")
        .arg("check-config");
    let r = run_command(&mut c);
    assert!(r.ok, "warnings do not fail it: {}\n{}", r.out, r.err);
    assert!(line_of(&r.out, "BASE_URL").starts_with("warning "));
    assert!(line_of(&r.out, "SECRET_KEY").contains("secret.key"));
    assert!(line_of(&r.out, "smtp").starts_with("warning "));
}
