//! Running a replica: its allocator and logs, the server with the demo data
//! when asked, and its orderly stop on SIGTERM or SIGINT.

use crate::config::Config;
use crate::service::Portal;
use crate::{server as app, store};

/// glibc gives every thread that allocates its own memory arena and keeps
/// what was freed there; with the blocking-thread pool that serves database
/// work, a few large pages (a 5,000-entry ranking) would leave hundreds of
/// MiB resident. Two arenas keep the footprint near what is in use (bench/
/// measured 300 → 125 MiB for the ranking page) at no measurable cost in
/// speed. glibc also raises its threshold for giving a large block its own
/// mapping each time such a block is freed, after which blocks of a few
/// hundred KiB (a workbook's compressor, built for every file in it) come
/// from the arenas and stay resident there; a fixed threshold of 256 KiB
/// hands them back when freed (bench/ measured a peak of 233 → 129 MiB over
/// the dashboard workbook and the ledger, with slower workbooks only).
/// `MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_` in the environment still
/// win.
pub fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only adjusts allocator tuning; it is called once,
        // before any other thread exists.
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            unsafe {
                libc::mallopt(libc::M_ARENA_MAX, 2);
            }
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
            }
        }
    }
}

/// Logs to standard output: lines for people, or with `LOG_FORMAT=json` one
/// JSON object a line, each with its request's span (`request_id`, method,
/// route template) for a log collector. `RUST_LOG` sets the levels.
pub fn init_logs() -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,actix_server=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match std::env::var("LOG_FORMAT").ok().as_deref() {
        None | Some("") | Some("text") => builder.init(),
        Some("json") => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        Some(other) => return Err(format!("LOG_FORMAT must be text or json (got {other:?})")),
    }
    Ok(())
}

pub fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    if demo {
        let portal = Portal::open(config.clone())?;
        if store::contests::list_all(&mut *portal.conn()?)?.is_empty() {
            crate::demo::seed(&portal, chrono::Utc::now().naive_utc())?;
            println!("Demo data added.");
            print!("{}", crate::demo::credentials());
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
        let handle = application.server.handle();
        let mut server = application.server;
        let signal = tokio::select! {
            done = &mut server => return Ok(done?),
            signal = stop_signal() => signal?,
        };
        tracing::info!(
            signal,
            grace_seconds = application.grace.as_secs(),
            "stopping: no new connections; finishing requests in flight and background work"
        );
        // The server future runs the stop it is asked for: poll it meanwhile.
        let (stopped, done) = tokio::join!(
            app::stop(
                handle,
                &application.portal,
                &application.workers,
                application.grace
            ),
            &mut server
        );
        done?;
        tracing::info!(
            took_ms = stopped.took.as_millis() as u64,
            busy_workers = ?stopped.busy_workers,
            "stopped: requests in flight finished, background workers stopped{}",
            if stopped.busy_workers.is_empty() {
                ""
            } else {
                " (the busy ones' claims expire and another replica takes them)"
            }
        );
        Ok(())
    })
}

/// Waits for SIGTERM (what a process manager or orchestrator sends to stop
/// a replica) or SIGINT (Ctrl-C); returns its name.
async fn stop_signal() -> std::io::Result<&'static str> {
    #[cfg(unix)]
    {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        tokio::select! {
            _ = term.recv() => Ok("SIGTERM"),
            _ = int.recv() => Ok("SIGINT"),
        }
    }
    #[cfg(not(unix))]
    {
        actix_web::rt::signal::ctrl_c().await?;
        Ok("Ctrl-C")
    }
}
