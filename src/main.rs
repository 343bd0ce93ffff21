//! The `contest-portal` command line.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use contest_portal::config::Config;
use contest_portal::domain::account::{Email, Password};
use contest_portal::ops::serve;
use contest_portal::service::Portal;
use contest_portal::{db, security};

#[derive(Parser)]
#[command(
    name = "contest-portal",
    version,
    about = "The Ministry of Labor open-data innovation contest portal.",
    long_about = "The Ministry of Labor open-data innovation contest portal.\n\n\
Configuration comes from environment variables (DATABASE_URL, BIND, BASE_URL, DATA_DIR, SECRET_KEY, \
SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_SECURITY, MAIL_FROM, ADMIN_EMAIL, POOL_SIZE, \
TRUST_PROXY, RUN_JOBS, SHUTDOWN_GRACE_SECONDS) or a TOML file named by CONFIG_FILE (default: ./contest-portal.toml if present). \
See README.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web portal (the default). Migrates the database and, on first
    /// run, creates an administrator and prints how to sign in.
    Serve {
        /// On a database without contests, add the demo contest, teams and
        /// accounts first (see seed-demo).
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Copy the SQLite database, uploaded files included, to FILE while the
    /// portal runs (PostgreSQL: prints the pg_dump commands to use).
    Backup { file: std::path::PathBuf },
    /// Put a backup in place of the SQLite database (portal stopped): checks
    /// it is whole and sound, migrates an older one, says what it holds.
    Restore {
        file: std::path::PathBuf,
        /// Replace a database that is not empty.
        #[arg(long)]
        force: bool,
    },
    /// Check the configuration and reach what it names (database and its
    /// migrations, SMTP, catalogue and calendar URLs); one line per check.
    CheckConfig,
    /// Sync the open-data catalogue: from MOL's open-data service (default),
    /// refresh the local datasets from data.gov.tw, or import the national
    /// catalogue export CSV from a file or URL (MOL and its agencies only).
    SyncCatalog {
        /// mol, datagov or csv.
        #[arg(long, default_value = "mol")]
        source: String,
        /// The CSV file or URL, with --source csv.
        file: Option<String>,
        /// Only datasets changed since this date (YYYY-MM-DD; MOL source).
        #[arg(long)]
        since: Option<String>,
        /// With --source csv: keep rows whose publisher starts with this (repeatable).
        #[arg(long = "publisher", default_value = "勞動部")]
        publishers: Vec<String>,
    },
    /// Read datasets' fitness cards: the real columns and five sample rows
    /// of each dataset's first CSV, JSON or XML resource (a bounded
    /// download: RESOURCE_MAX_KB, RESOURCE_TIMEOUT_SECS). By default the
    /// cards never read or not read for a week; or every dataset (--all);
    /// or the datasets named (data.gov.tw ids).
    RefreshCards {
        /// Every dataset in the catalogue, however recently read.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// Cards not read for this many days are due (default 7).
        #[arg(long, default_value_t = 7)]
        days: i64,
        /// Read at most this many due cards (default: all due).
        #[arg(long)]
        limit: Option<usize>,
        /// data.gov.tw ids of the datasets to read.
        ids: Vec<String>,
    },
    /// Import the government office calendar (政府行政機關辦公日曆表) from a
    /// CSV file or URL; each year in it replaces that year.
    ImportCalendar {
        /// The CSV file or http(s) URL (UTF-8, UTF-8 with BOM, or Big5).
        file: String,
    },
    /// Print the due date of a data request routed on a day, on the
    /// imported calendar (the routing day is not counted).
    DueDate {
        /// The routing day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Working days (default: REQUEST_DUE_DAYS, 14).
        #[arg(long)]
        days: Option<u32>,
    },
    /// Add demo data: a published 2025 contest with registration open now,
    /// two tracks, an account for each role (printed) and three teams.
    SeedDemo,
    /// Create an administrator, or make an existing account one.
    ///
    /// The password is prompted for on a terminal, read from the first line of
    /// standard input otherwise, or generated and printed with --generate-password.
    CreateAdmin {
        /// E-mail address to sign in with.
        #[arg(long)]
        email: String,
        /// Name shown in the portal.
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Generate a password and print it instead of asking.
        #[arg(long)]
        generate_password: bool,
    },
}

fn main() -> ExitCode {
    serve::tune_malloc();
    if let Err(msg) = serve::init_logs() {
        eprintln!("contest-portal: configuration error: {msg}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("contest-portal: configuration error: {msg}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve::serve(config, demo),
        Command::SeedDemo => seed_demo(&config),
        Command::SyncCatalog {
            source,
            file,
            since,
            publishers,
        } => sync_catalog(
            &config,
            &source,
            file.as_deref(),
            since.as_deref(),
            &publishers,
        ),
        Command::RefreshCards {
            all,
            days,
            limit,
            ids,
        } => refresh_cards(&config, all, days, limit, ids),
        Command::Migrate => migrate(&config),
        Command::Backup { file } => contest_portal::ops::backup::run(&config, &file),
        Command::Restore { file, force } => {
            contest_portal::ops::restore::run(&config, &file, force)
        }
        Command::CheckConfig => contest_portal::ops::check_config::run(&config),
        Command::ImportCalendar { file } => import_calendar(&config, &file),
        Command::DueDate { from, days } => due_date(&config, &from, days),
        Command::CreateAdmin {
            email,
            name,
            generate_password,
        } => create_admin(&config, &email, &name, generate_password),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("contest-portal: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn import_calendar(config: &Config, file: &str) -> anyhow::Result<()> {
    use contest_portal::domain::calendar::parse_whole_years;
    use contest_portal::integrations::{calendar::download, catalog::CatalogClient};
    let bytes = if file.starts_with("http://") || file.starts_with("https://") {
        let client = CatalogClient::new(config.catalog.clone())?;
        actix_web::rt::System::new()
            .block_on(download(&client, file))
            .map_err(|e| anyhow::anyhow!("cannot download {file}: {e}"))?
    } else {
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {file}: {e}"))?
    };
    let days = parse_whole_years(&bytes).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let portal = migrated(config, 2)?;
    let years = contest_portal::service::calendar::import(&portal, file, days)?;
    for (year, days) in years {
        println!(
            "office calendar {year}: {days} days imported (replacing any earlier import of {year})"
        );
    }
    Ok(())
}

/// The portal on the configured database with its schema up to date and
/// nothing else loaded (for commands that need only what they name).
fn migrated(config: &Config, pool_size: u32) -> anyhow::Result<Portal> {
    let pool = db::build_pool(&config.database_url, pool_size)?;
    db::run_migrations(&mut *pool.get()?)?;
    Portal::new(pool, config.clone())
}

fn due_date(config: &Config, from: &str, days: Option<u32>) -> anyhow::Result<()> {
    use contest_portal::domain::calendar::due_query;
    let mut problems = contest_portal::domain::FieldErrors::default();
    let typed_days = days.map(|d| d.to_string()).unwrap_or_default();
    let (from, days) = due_query(
        from,
        &typed_days,
        config.request_due_days,
        1000,
        &mut problems,
    );
    anyhow::ensure!(!problems.has("days"), "--days must be from 1 to 1000");
    let from = from.ok_or_else(|| anyhow::anyhow!("--from must be a date like 2026-02-12"))?;
    let portal = migrated(config, 2)?;
    contest_portal::service::calendar::load_bundled_if_missing(&mut *portal.conn()?)?;
    let check = contest_portal::service::calendar::due_date(&portal, from, days)?;
    if check.moved() {
        println!(
            "{from} is not a working day: counted as routed on {}",
            check.start
        );
    }
    println!(
        "due date: {} ({days} working days after {}, that day not counted)",
        check.due, check.start
    );
    if let Some(gap) = check.gap {
        println!("warning: the calendar has no data for {gap} onwards; Monday to Friday were counted as working days there");
    }
    Ok(())
}

fn sync_catalog(
    config: &Config,
    source: &str,
    file: Option<&str>,
    since: Option<&str>,
    publishers: &[String],
) -> anyhow::Result<()> {
    use contest_portal::domain::catalog::Source;
    use contest_portal::integrations::catalog::{parse_export_csv, CatalogClient};
    use contest_portal::service::catalog::{self, Progress};
    let source = Source::parse(source)
        .filter(|s| *s != Source::Manual)
        .ok_or_else(|| anyhow::anyhow!("--source must be mol, datagov or csv"))?;
    let since = match since {
        Some(raw) => Some(
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| anyhow::anyhow!("--since must be a date like 2025-01-31"))?,
        ),
        None => None,
    };
    if source == Source::Csv && file.is_none() {
        anyhow::bail!("--source csv needs the CSV file or URL");
    }
    if since.is_some() && source != Source::Mol {
        anyhow::bail!("--since works with --source mol only");
    }
    let portal = migrated(config, 4)?;
    let bar = progress_bar();
    let on_progress = |p: Progress| show_progress(&bar, p);
    let summary = actix_web::rt::System::new().block_on(async {
        match source {
            Source::Csv => {
                let f = file.expect("checked above");
                let bytes = if f.starts_with("http://") || f.starts_with("https://") {
                    // The national export is large: allow it time to arrive.
                    let mut long = config.catalog.clone();
                    long.timeout = std::time::Duration::from_secs(600);
                    CatalogClient::new(long)?
                        .get(f)
                        .await
                        .map_err(|e| anyhow::anyhow!("cannot download {f}: {e}"))?
                } else {
                    std::fs::read(f).map_err(|e| anyhow::anyhow!("cannot read {f}: {e}"))?
                };
                let wanted: Vec<&str> = publishers.iter().map(String::as_str).collect();
                let (records, errors) = parse_export_csv(&bytes, &wanted);
                anyhow::Ok(catalog::import_records(&portal, records, errors, on_progress).await?)
            }
            _ => anyhow::Ok(catalog::sync(&portal, source, since, on_progress).await?),
        }
    })?;
    bar.finish_and_clear();
    println!(
        "catalogue sync ({}): {} new, {} updated, {} unchanged, {} failed",
        source.as_str(),
        summary.new,
        summary.updated,
        summary.unchanged,
        summary.failed
    );
    if summary.gone > 0 {
        println!("  {} datasets gone from the catalogue", summary.gone);
    }
    if summary.cards.read + summary.cards.failed > 0 {
        println!(
            "  cards: {} read, {} could not be read",
            summary.cards.read, summary.cards.failed
        );
    }
    print_failures(&summary.errors);
    Ok(())
}

fn print_failures(errors: &[String]) {
    for e in errors.iter().take(20) {
        println!("  failed: {e}");
    }
    if errors.len() > 20 {
        println!(
            "  … and {} more (see the sync runs page)",
            errors.len() - 20
        );
    }
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} {msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar
}

fn show_progress(bar: &indicatif::ProgressBar, p: contest_portal::service::catalog::Progress) {
    use contest_portal::service::catalog::Progress;
    match p {
        Progress::Total(n) => bar.set_length(n),
        Progress::Done(id) => {
            bar.set_message(id);
            bar.inc(1);
        }
    }
}

fn refresh_cards(
    config: &Config,
    all: bool,
    days: i64,
    limit: Option<usize>,
    ids: Vec<String>,
) -> anyhow::Result<()> {
    use contest_portal::service::catalog::cards::{refresh, Which};
    anyhow::ensure!((0..=3650).contains(&days), "--days must be from 0 to 3650");
    if let Some(bad) = ids
        .iter()
        .find(|i| !contest_portal::domain::catalog::valid_id(i))
    {
        anyhow::bail!("{bad:?} is not a data.gov.tw dataset id");
    }
    let which = if all {
        Which::All
    } else if !ids.is_empty() {
        Which::Datasets(ids)
    } else {
        Which::Due {
            days,
            limit: limit.unwrap_or(usize::MAX),
        }
    };
    let portal = migrated(config, 4)?;
    let bar = progress_bar();
    let done = actix_web::rt::System::new()
        .block_on(refresh(&portal, which, |p| show_progress(&bar, p)))?;
    bar.finish_and_clear();
    println!(
        "fitness cards: {} read, {} could not be read (the reason is on each card)",
        done.read, done.failed
    );
    print_failures(&done.errors);
    Ok(())
}

fn seed_demo(config: &Config) -> anyhow::Result<()> {
    let portal = Portal::open(config.clone())?;
    if contest_portal::demo::seed(&portal, chrono::Utc::now().naive_utc())? {
        println!("Demo contest {} created.", contest_portal::demo::DEMO_YEAR);
    } else {
        println!(
            "Demo data is already there (a {} contest exists); nothing changed.",
            contest_portal::demo::DEMO_YEAR
        );
    }
    print!("{}", contest_portal::demo::credentials());
    Ok(())
}

fn migrate(config: &Config) -> anyhow::Result<()> {
    let mut conn = db::connect(&config.database_url)?;
    let n = db::run_migrations(&mut conn)?;
    println!(
        "{n} migration(s) applied to {}",
        config.database_url.redacted()
    );
    Ok(())
}

fn read_password(generate: bool) -> anyhow::Result<(String, bool)> {
    if generate {
        return Ok((security::random_password(), true));
    }
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password (at least 10 characters): ")?;
        let second = rpassword::prompt_password("Repeat the password: ")?;
        anyhow::ensure!(first == second, "the passwords do not match");
        return Ok((first, false));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok((line.trim_end_matches(['\r', '\n']).to_string(), false))
}

fn create_admin(config: &Config, email: &str, name: &str, generate: bool) -> anyhow::Result<()> {
    let email = Email::parse(email)
        .map_err(|_| anyhow::anyhow!("{email:?} is not a valid e-mail address"))?;
    let name = contest_portal::domain::account::DisplayName::parse(name)
        .map_err(|_| anyhow::anyhow!("the name must be 1 to 80 characters"))?;
    let (raw, generated) = read_password(generate)?;
    let password = Password::parse(&raw, Some(&email)).map_err(|e| {
        anyhow::anyhow!(match e.message {
            "error-password-too-short" | "error-password-required" =>
                "the password must be at least 10 characters",
            "error-password-too-long" => "the password must be at most 200 characters",
            "error-password-common" => "that password is too common; choose another",
            _ => "the password must not be the e-mail address",
        })
    })?;
    let hash = security::hash_password(password.expose())?;
    let portal = Portal::open(config.clone())?;
    let created =
        contest_portal::service::accounts::make_admin(&portal, &email, &name, &hash, generated)?;
    println!(
        "{} {} is an administrator.",
        if created { "Created" } else { "Updated" },
        email
    );
    if generated {
        println!(
            "Password: {} (you will be asked to change it after signing in)",
            raw
        );
    }
    Ok(())
}
