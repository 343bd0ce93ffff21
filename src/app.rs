//! Builds the application: database and migrations, first-run administrator,
//! shared state, middleware, routes and the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use serde_json::json;

use crate::config::Config;
use crate::db::{self, DbConn};
use crate::domain::account::Email;
use crate::domain::role::Role;
use crate::integrations::mailer::Mailer;
use crate::service::Portal;
use crate::templates as render;
use crate::web::{ctx, forms, pages, AppState};
use crate::{security, store};

/// The administrator created on first run, to be shown once on the console.
pub struct FirstAdmin {
    pub email: String,
    pub password: String,
}

/// Creates an administrator when there is none. Two replicas starting at once
/// on an empty database cannot both create one: the e-mail is unique.
pub fn ensure_admin(conn: &mut DbConn, config: &Config) -> anyhow::Result<Option<FirstAdmin>> {
    if store::users::admin_exists(conn)? {
        return Ok(None);
    }
    let email =
        Email::parse(&config.admin_email).map_err(|_| anyhow::anyhow!("ADMIN_EMAIL is invalid"))?;
    let password = security::random_password();
    let hash = security::hash_password(&password)?;
    let now = chrono::Utc::now().naive_utc();
    let created = db::transaction(conn, |conn| -> anyhow::Result<bool> {
        if store::users::admin_exists(conn)? {
            return Ok(false);
        }
        let user = match store::users::find_by_email(conn, email.as_str())? {
            Some(u) => {
                store::users::set_password(conn, u.id, &hash, now)?;
                u
            }
            None => store::users::create(
                conn,
                &store::users::NewUser {
                    email: email.as_str(),
                    display_name: "Administrator",
                    password_hash: &hash,
                    email_verified_at: Some(now),
                    locale: "zh-TW",
                    disabled: false,
                    must_change_password: true,
                    created_at: now,
                    updated_at: now,
                },
            )?,
        };
        store::users::mark_verified(conn, user.id, now)?;
        store::users::grant_role(conn, user.id, Role::Admin, None, None, now)?;
        store::audit::record(
            conn,
            store::audit::Entry {
                actor_id: None,
                action: "user.bootstrap_admin",
                object_type: "user",
                object_id: Some(user.id.to_string()),
                details: json!({ "email": user.email }),
                ip: None,
            },
            now,
        )?;
        Ok(true)
    });
    match created {
        Ok(true) => Ok(Some(FirstAdmin {
            email: email.as_str().to_string(),
            password,
        })),
        Ok(false) => Ok(None),
        Err(e) => match e.downcast_ref::<diesel::result::Error>() {
            Some(d) if store::is_unique_violation(d) => Ok(None),
            _ => Err(e),
        },
    }
}

/// A running application: the server future and where it listens.
pub struct Application {
    pub server: Server,
    pub port: u16,
    pub state: web::Data<AppState>,
    pub first_admin: Option<FirstAdmin>,
}

/// Opens the database, migrates, makes sure there is an admin and binds the
/// listener (port 0 picks a free port, as the tests do).
pub fn build(config: Config) -> anyhow::Result<Application> {
    let pool = db::build_pool(&config.database_url, config.pool_size)?;
    let first_admin = {
        let mut conn = pool.get()?;
        db::run_migrations(&mut conn)?;
        store::schools::load_bundled(&mut conn)?;
        crate::integrations::catalog::load_snapshot_if_empty(&mut conn)?;
        crate::integrations::calendar::load_bundled_if_missing(&mut conn)?;
        ensure_admin(&mut conn, &config)?
    };
    let mailer = match &config.smtp {
        Some(smtp) => Some(Arc::new(Mailer::new(smtp, &config.mail_from)?)),
        None => None,
    };
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
    let port = listener.local_addr()?.port();
    let run_jobs = config.run_jobs;
    let sync_hours = config.catalog_sync_hours;
    let calendar_url = config.calendar_url.clone();
    let portal = Portal::new(pool.clone(), config)?;
    let catalog = portal.catalog.clone();
    let state = web::Data::new(AppState {
        portal,
        html: Arc::new(render::html_registry()?),
    });
    let app_state = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(app_state.clone())
            .app_data(forms::form_config())
            .app_data(forms::query_config())
            .app_data(forms::path_config())
            .wrap(from_fn(ctx::middleware))
            .wrap(tracing_actix_web::TracingLogger::default())
            .configure(crate::web::routes)
            .default_service(web::to(pages::not_found))
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .run();
    if run_jobs {
        crate::jobs::spawn(pool.clone(), mailer, Duration::from_secs(5));
        crate::jobs::spawn_request_reminders(state.clone());
        if let Some(url) = calendar_url {
            crate::jobs::spawn_calendar_check(pool.clone(), catalog.clone(), url);
        }
        if sync_hours > 0 {
            crate::jobs::spawn_catalog_sync(
                pool,
                catalog,
                Duration::from_secs(sync_hours as u64 * 3600),
            );
        }
    }
    Ok(Application {
        server,
        port,
        state,
        first_admin,
    })
}
