//! The `contest-portal` command line.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use contest_portal::config::Config;
use contest_portal::domain::account::{Email, Password};
use contest_portal::domain::role::Role;
use contest_portal::{app, db, security, store};

#[derive(Parser)]
#[command(
    name = "contest-portal",
    version,
    about = "The Ministry of Labor open-data innovation contest portal.",
    long_about = "The Ministry of Labor open-data innovation contest portal.\n\n\
Configuration comes from environment variables (DATABASE_URL, BIND, BASE_URL, DATA_DIR, SECRET_KEY, \
SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_SECURITY, MAIL_FROM, ADMIN_EMAIL, POOL_SIZE, \
TRUST_PROXY, RUN_JOBS) or a TOML file named by CONFIG_FILE (default: ./contest-portal.toml if present). \
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("contest-portal: configuration error: {msg}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(config, demo),
        Command::SeedDemo => seed_demo(&config),
        Command::Migrate => migrate(&config),
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

fn seed_demo(config: &Config) -> anyhow::Result<()> {
    let mut conn = db::connect(&config.database_url)?;
    db::run_migrations(&mut conn)?;
    if contest_portal::demo::seed(&mut conn, chrono::Utc::now().naive_utc())? {
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

fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    if demo {
        let mut conn = db::connect(&config.database_url)?;
        db::run_migrations(&mut conn)?;
        if store::contests::list_all(&mut conn)?.is_empty() {
            contest_portal::demo::seed(&mut conn, chrono::Utc::now().naive_utc())?;
            println!("Demo data added.");
            print!("{}", contest_portal::demo::credentials());
        } else {
            println!("--demo: the database already has contests; no demo data added.");
        }
    }
    let base = config.base_url.clone();
    let db_url = config.database_url.redacted();
    let smtp = config.smtp.is_some();
    actix_web::rt::System::new().block_on(async move {
        let application = app::build(config)?;
        tracing::info!(database = %db_url, "database ready");
        if let Some(admin) = &application.first_admin {
            let signin = format!("{}signin", base);
            println!();
            println!("  ┌──────────────────────────────────────────────────────────────");
            println!("  │ First run: an administrator account was created.");
            println!("  │   e-mail:   {}", admin.email);
            println!("  │   password: {}", admin.password);
            println!("  │ Sign in at {signin} — you will be asked to choose a new password.");
            println!("  │ This password is shown only once.");
            println!("  └──────────────────────────────────────────────────────────────");
            println!();
        }
        if !smtp {
            tracing::info!(
                "SMTP is not configured: e-mails wait in the outbox at {}admin/outbox",
                base
            );
        }
        tracing::info!("contest portal listening on {base}");
        application.server.await?;
        Ok(())
    })
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
    let mut conn = db::connect(&config.database_url)?;
    db::run_migrations(&mut conn)?;
    let now = chrono::Utc::now().naive_utc();
    let created = db::transaction(&mut conn, |conn| -> anyhow::Result<bool> {
        let (user, created) = match store::users::find_by_email(conn, email.as_str())? {
            Some(u) => {
                store::users::set_password(conn, u.id, &hash, now)?;
                (u, false)
            }
            None => (
                store::users::create(
                    conn,
                    &store::users::NewUser {
                        email: email.as_str(),
                        display_name: name.as_str(),
                        password_hash: &hash,
                        email_verified_at: Some(now),
                        locale: "zh-TW",
                        disabled: false,
                        must_change_password: generated,
                        created_at: now,
                        updated_at: now,
                    },
                )?,
                true,
            ),
        };
        store::users::mark_verified(conn, user.id, now)?;
        store::users::grant_role(conn, user.id, Role::Admin, None, None, now)?;
        store::sessions::delete_for_user(conn, user.id, None)?;
        store::audit::record(
            conn,
            store::audit::Entry {
                actor_id: None,
                action: "user.create_admin_cli",
                object_type: "user",
                object_id: Some(user.id.to_string()),
                details: serde_json::json!({ "email": user.email, "created": created }),
                ip: None,
            },
            now,
        )?;
        Ok(created)
    })?;
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
