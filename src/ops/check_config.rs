//! `contest-portal check-config`: what the configuration says and whether what it names can be reached (database, SMTP, catalogue, calendar, university sign-in providers), one line per check.

use std::time::Duration;

use super::migration_state;
use crate::config::Config;
use crate::db::{self, DatabaseUrl};

/// How a check came out; only a problem fails the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    Warning,
    Problem,
}

struct Report {
    problems: usize,
}

impl Report {
    fn line(&mut self, status: Status, check: &str, detail: impl std::fmt::Display) {
        let word = match status {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Problem => {
                self.problems += 1;
                "problem"
            }
        };
        println!("{word:<8} {check}: {detail}");
    }
}

/// Runs every check; an error when any found a problem.
pub fn run(config: &Config) -> anyhow::Result<()> {
    let mut report = Report { problems: 0 };
    settings(config, &mut report);
    database(&config.database_url, &mut report);
    smtp(config, &mut report);
    actix_web::rt::System::new().block_on(urls(config, &mut report));
    match report.problems {
        0 => Ok(()),
        n => anyhow::bail!("check-config found {n} problem(s)"),
    }
}

fn settings(config: &Config, report: &mut Report) {
    report.line(
        Status::Ok,
        "configuration",
        format!(
            "read; DATABASE_URL {}, BIND {}, BASE_URL {}",
            config.database_url.redacted(),
            config.bind,
            config.base_url
        ),
    );
    let local = matches!(
        config.base_url.host_str(),
        Some("localhost" | "127.0.0.1" | "[::1]")
    );
    if config.base_url.scheme() != "https" && !local {
        report.line(
            Status::Warning,
            "BASE_URL",
            "is not https: serve the portal over TLS at the reverse proxy and give its https address",
        );
    }
    let key_file = config.data_dir.join("secret.key");
    let from_file = std::fs::read_to_string(&key_file)
        .map(|k| k.trim().as_bytes() == config.secret_key.as_slice())
        .unwrap_or(false);
    if from_file {
        report.line(
            Status::Warning,
            "SECRET_KEY",
            format!(
                "not set, so {} is used: fine for one machine; set SECRET_KEY, the same on every replica, to run more",
                key_file.display()
            ),
        );
    } else {
        report.line(
            Status::Ok,
            "SECRET_KEY",
            "set (keep it the same on every replica)",
        );
    }
    report.line(
        Status::Ok,
        "TRUST_PROXY",
        if config.trust_proxy {
            "on: client addresses are read from X-Forwarded-For, so the portal must be reachable only through the proxy"
        } else {
            "off: client addresses are the connecting ones (behind a reverse proxy, turn it on)"
        },
    );
}

fn database(url: &DatabaseUrl, report: &mut Report) {
    if let DatabaseUrl::Sqlite(path) = url {
        if !path.is_file() {
            report.line(
                Status::Problem,
                "database",
                format!(
                    "no database file at {}; run contest-portal migrate",
                    path.display()
                ),
            );
            return;
        }
    }
    let state = db::connect(url).and_then(|mut conn| migration_state(&mut conn));
    match state {
        Err(e) => report.line(Status::Problem, "database", format!("{e:#}")),
        Ok(s) if !s.unknown.is_empty() => report.line(
            Status::Problem,
            "database",
            format!(
                "migrated by a newer contest-portal ({} unknown to this one): run that version",
                s.unknown.join(", ")
            ),
        ),
        Ok(s) if !s.pending.is_empty() => report.line(
            Status::Problem,
            "database",
            format!(
                "reachable, {} migration(s) not applied: run contest-portal migrate (serve also migrates)",
                s.pending.len()
            ),
        ),
        Ok(s) => report.line(
            Status::Ok,
            "database",
            format!(
                "{} reachable, migrations up to date (last {})",
                url.redacted(),
                s.last.as_deref().unwrap_or("none")
            ),
        ),
    }
}

fn smtp(config: &Config, report: &mut Report) {
    let Some(smtp) = &config.smtp else {
        report.line(
            Status::Warning,
            "smtp",
            "SMTP_HOST not set: e-mails wait in the outbox (admin/outbox) and are not sent",
        );
        return;
    };
    let at = format!("{}:{} ({:?})", smtp.host, smtp.port, smtp.security);
    let checked = crate::integrations::mailer::Mailer::new(smtp, &config.mail_from)
        .map_err(|e| e.to_string())
        .and_then(|m| m.check());
    match checked {
        Ok(()) => report.line(Status::Ok, "smtp", format!("handshake with {at} works")),
        Err(e) => report.line(Status::Problem, "smtp", format!("{at}: {e}")),
    }
}

async fn urls(config: &Config, report: &mut Report) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            report.line(Status::Problem, "http client", e);
            return;
        }
    };
    let defaults = crate::integrations::catalog::CatalogConfig::default();
    for (check, url, default) in [
        (
            "catalogue (MOL)",
            &config.catalog.mol_base,
            &defaults.mol_base,
        ),
        (
            "catalogue (data.gov.tw)",
            &config.catalog.datagov_base,
            &defaults.datagov_base,
        ),
    ] {
        if url == default {
            report.line(
                Status::Ok,
                check,
                format!("the public service {url} (not contacted)"),
            );
            continue;
        }
        // Any answer shows the service is there: a base address need not be a page.
        match client.get(url).send().await {
            Ok(r) if !r.status().is_server_error() => {
                report.line(Status::Ok, check, format!("{url} answers ({})", r.status()))
            }
            Ok(r) => report.line(
                Status::Problem,
                check,
                format!("{url} answers {}", r.status()),
            ),
            Err(e) => report.line(Status::Problem, check, format!("{url}: {e}")),
        }
    }
    oidc(config, report).await;
    let Some(url) = &config.calendar_url else {
        report.line(
            Status::Ok,
            "calendar",
            "CALENDAR_URL not set (the calendar is imported by hand)",
        );
        return;
    };
    match client.get(url).send().await {
        Ok(r) if r.status().is_success() => report.line(
            Status::Ok,
            "calendar",
            format!("{url} answers ({})", r.status()),
        ),
        Ok(r) => report.line(
            Status::Problem,
            "calendar",
            format!("{url} answers {}", r.status()),
        ),
        Err(e) => report.line(Status::Problem, "calendar", format!("{url}: {e}")),
    }
}

/// Each university sign-in provider: its discovery document and keys.
async fn oidc(config: &Config, report: &mut Report) {
    if config.oidc.is_empty() {
        return;
    }
    let client = match crate::integrations::oidc::OidcClient::new() {
        Ok(c) => c,
        Err(e) => {
            report.line(Status::Problem, "university sign-in", e);
            return;
        }
    };
    for provider in &config.oidc {
        let check = format!("university sign-in ({})", provider.id);
        match client.check(provider).await {
            Ok(found) => report.line(Status::Ok, &check, found),
            Err(problem) => report.line(Status::Problem, &check, problem),
        }
    }
}
