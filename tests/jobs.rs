//! Background work: the mail outbox sends over SMTP (a local fake server),
//! retries with backoff, never sends twice; leases keep housekeeping to one
//! replica.

mod common;

use chrono::{Duration, Utc};
use common::smtp::{fake_smtp, FakeSmtp};
use common::*;
use contest_portal::config::{SmtpConfig, SmtpSecurity};
use contest_portal::integrations::mailer::Mailer;
use contest_portal::store;

fn mailer_for(smtp: &FakeSmtp) -> Mailer {
    Mailer::new(
        &SmtpConfig {
            host: "127.0.0.1".into(),
            port: smtp.port,
            username: None,
            password: None,
            security: SmtpSecurity::None,
        },
        "Contest Portal <no-reply@portal.local>",
    )
    .unwrap()
}

#[actix_web::test]
async fn outbox_mail_is_sent_over_smtp() {
    let smtp = fake_smtp(false);
    let app = spawn_app().await;
    app.sign_up(&client(), "inbox@example.org", "Inbox").await;
    let portal = app.portal.clone();
    let mailer = mailer_for(&smtp);
    let (sent, failed) = actix_web::web::block(move || {
        contest_portal::service::mail::deliver_due(&portal, &mailer).unwrap()
    })
    .await
    .unwrap();
    assert_eq!((sent, failed), (1, 0));
    let received = smtp.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert!(received[0].0.contains("inbox@example.org"));
    let mail = &app.outbox_for("inbox@example.org")[0];
    assert!(mail.sent_at.is_some());
    // Nothing is sent twice.
    let portal = app.portal.clone();
    let mailer = mailer_for(&smtp);
    let again = actix_web::web::block(move || {
        contest_portal::service::mail::deliver_due(&portal, &mailer).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(again, (0, 0));
}

#[actix_web::test]
async fn failures_are_retried_later_and_kept_visible() {
    let smtp = fake_smtp(true);
    let app = spawn_app().await;
    app.sign_up(&client(), "retry@example.org", "Retry").await;
    let portal = app.portal.clone();
    let mailer = mailer_for(&smtp);
    let result = actix_web::web::block(move || {
        contest_portal::service::mail::deliver_due(&portal, &mailer).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(result, (0, 1));
    let mail = app.outbox_for("retry@example.org")[0].clone();
    assert_eq!(mail.attempts, 1);
    assert!(mail.sent_at.is_none() && mail.failed_at.is_none());
    assert!(mail.last_error.as_deref().unwrap_or("").contains("451"));
    assert!(
        mail.next_attempt_at > Utc::now().naive_utc(),
        "backs off before the next try"
    );

    // A working server later delivers it.
    let good = fake_smtp(false);
    {
        let mut conn = app.conn();
        exec(
            &mut conn,
            "UPDATE mail_outbox SET next_attempt_at = created_at",
        );
    }
    let portal = app.portal.clone();
    let mailer = mailer_for(&good);
    let result = actix_web::web::block(move || {
        contest_portal::service::mail::deliver_due(&portal, &mailer).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(result, (1, 0));
    assert!(app.outbox_for("retry@example.org")[0].sent_at.is_some());
}

#[actix_web::test]
async fn messages_are_given_up_after_many_failures_and_can_be_requeued() {
    let app = spawn_app().await;
    app.sign_up(&client(), "giveup@example.org", "Give up")
        .await;
    let mut conn = app.conn();
    let mut mail = app.outbox_for("giveup@example.org")[0].clone();
    for _ in 0..store::outbox::MAX_ATTEMPTS {
        store::outbox::mark_failed(&mut conn, &mail, "SMTP: down", Utc::now().naive_utc()).unwrap();
        mail = store::outbox::find(&mut conn, mail.id).unwrap().unwrap();
    }
    assert!(mail.failed_at.is_some());
    drop(conn);
    let admin = app.admin_client().await;
    let html = app
        .get_with(&admin, "/admin/outbox?state=failed")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("giveup@example.org"));
    let r = app
        .post_with(&admin, &format!("/admin/outbox/{}/retry", mail.id), &[])
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let mail = app.outbox_for("giveup@example.org")[0].clone();
    assert!(mail.failed_at.is_none() && mail.attempts == 0);
    assert!(app.audit_actions().contains(&"mail.retry".to_string()));
}

#[actix_web::test]
async fn two_workers_never_claim_the_same_message() {
    let app = spawn_app().await;
    app.sign_up(&client(), "claim@example.org", "Claim").await;
    let mut conn = app.conn();
    let now = Utc::now().naive_utc();
    let first = store::outbox::claim_due(&mut conn, now, Duration::minutes(5), 10).unwrap();
    let second = store::outbox::claim_due(&mut conn, now, Duration::minutes(5), 10).unwrap();
    assert_eq!(first.len(), 1);
    assert!(second.is_empty());
    // A claim that was never finished (the worker died) expires.
    let later = now + Duration::minutes(6);
    assert_eq!(
        store::outbox::claim_due(&mut conn, later, Duration::minutes(5), 10)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn retry_delay_grows_and_is_capped() {
    assert_eq!(store::outbox::retry_delay(0), Duration::minutes(1));
    assert_eq!(store::outbox::retry_delay(3), Duration::minutes(8));
    assert_eq!(store::outbox::retry_delay(20), Duration::minutes(240));
}

#[actix_web::test]
async fn leases_let_one_replica_run_a_job() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    let now = Utc::now().naive_utc();
    let ttl = Duration::minutes(10);
    assert!(store::leases::try_acquire(&mut conn, "job", "replica-a", now, ttl).unwrap());
    assert!(!store::leases::try_acquire(&mut conn, "job", "replica-b", now, ttl).unwrap());
    assert!(
        store::leases::try_acquire(&mut conn, "job", "replica-a", now, ttl).unwrap(),
        "the holder renews"
    );
    let expired = now + Duration::minutes(11);
    assert!(
        store::leases::try_acquire(&mut conn, "job", "replica-b", expired, ttl).unwrap(),
        "a dead holder's lease is taken over"
    );
    drop(conn);
    let portal = app.portal.clone();
    assert!(contest_portal::service::housekeeping::run(&portal, "replica-a").unwrap());
    assert!(!contest_portal::service::housekeeping::run(&portal, "replica-b").unwrap());
}

#[derive(diesel::QueryableByName)]
struct Rows {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Housekeeping gives a SQLite database the query planner's statistics it
/// would otherwise never have (PostgreSQL's autovacuum keeps its own).
#[actix_web::test]
async fn housekeeping_keeps_the_planner_statistics() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    assert!(contest_portal::service::housekeeping::run(&app.portal, "replica-a").unwrap());
    if is_postgres() {
        return;
    }
    let analysed: Rows = diesel::sql_query("SELECT count(DISTINCT tbl) AS n FROM sqlite_stat1")
        .get_result(&mut app.conn())
        .expect("sqlite_stat1 written");
    assert!(analysed.n >= 3, "tables analysed: {}", analysed.n);
}
