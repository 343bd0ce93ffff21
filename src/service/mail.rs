//! Composes e-mails and notifications from the text templates in the
//! reader's language and queues them inside the caller's transaction.

use handlebars::Handlebars;
use serde_json::{json, Value as Json};

use super::Portal;
use crate::config::Config;
use crate::db::DbConn;
use crate::i18n::{t, Lang};
use crate::store;

pub struct Composed {
    pub subject: String,
    pub body: String,
}

/// The e-mail templates (plain text, nothing escaped) and the portal's
/// address that the links in them start from.
pub struct Composer {
    text: Handlebars<'static>,
    portal_url: String,
}

impl Composer {
    pub fn new(config: &Config) -> anyhow::Result<Composer> {
        Ok(Composer {
            text: crate::templates::text_registry()?,
            portal_url: config.absolute_url("/"),
        })
    }

    pub fn compose(
        &self,
        lang: Lang,
        template: &str,
        subject_id: &str,
        data: Json,
    ) -> anyhow::Result<Composed> {
        let mut view = json!({ "lang": lang.code(), "portal_url": self.portal_url });
        if let (Json::Object(v), Json::Object(d)) = (&mut view, data) {
            v.extend(d);
        }
        let body = self.text.render(template, &view)?;
        Ok(Composed {
            subject: t(lang, subject_id),
            body,
        })
    }
}

/// Queues one e-mail. Call inside the transaction of the change it reports.
#[allow(clippy::too_many_arguments)]
pub fn queue(
    conn: &mut DbConn,
    portal: &Portal,
    to: &str,
    lang: Lang,
    kind: &str,
    template: &str,
    subject_id: &str,
    data: Json,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<()> {
    let mail = portal.mail.compose(lang, template, subject_id, data)?;
    store::outbox::enqueue(conn, to, &mail.subject, &mail.body, kind, now)?;
    Ok(())
}

/// Kinds of notification a person can receive, each shown in the portal and
/// (unless they turn it off) sent by e-mail. Account mail (verification,
/// password reset) is always sent and is not among them.
pub const KINDS: [&str; 7] = [
    "eligibility-result",
    "results",
    "judge-invitation",
    "judge-reminder",
    "request-update",
    "request-routed",
    "request-reminder",
];

/// Tells a person about something: in the portal when the address has an
/// account (`link` is the page it is about), and by e-mail unless they
/// turned that kind off. Call inside the transaction of the change.
#[allow(clippy::too_many_arguments)]
pub fn notify(
    conn: &mut DbConn,
    portal: &Portal,
    to: &str,
    lang: Lang,
    kind: &str,
    template: &str,
    subject_id: &str,
    data: Json,
    link: &str,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<()> {
    let mail = portal.mail.compose(lang, template, subject_id, data)?;
    let mut by_mail = true;
    if let Some(u) = store::users::find_by_email(conn, to)? {
        store::notifications::add(
            conn,
            u.id,
            kind,
            &mail.subject,
            &summary_of(&mail.body),
            link,
            now,
        )?;
        by_mail = !store::notifications::email_off(conn, u.id)?
            .iter()
            .any(|k| k == kind);
    }
    if by_mail {
        store::outbox::enqueue(conn, to, &mail.subject, &mail.body, kind, now)?;
    }
    Ok(())
}

/// The message itself: an e-mail's lines after the greeting, up to the link.
fn summary_of(body: &str) -> String {
    let text: Vec<&str> = body
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("http") && !l.starts_with("-- "))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    text.join(" ").chars().take(400).collect()
}

/// How long a claimed message stays reserved for one worker.
const CLAIM: chrono::Duration = chrono::Duration::minutes(5);

/// Sends what is due; returns (sent, failed). Each message is claimed with a
/// conditional update first, one at a time: a claim lasts far longer than
/// one SMTP exchange (20 s timeout), so a slow server cannot make a claim
/// run out mid-batch and let another replica send the same message again.
/// Without SMTP nothing is sent and mail waits in the outbox, readable by
/// admins and organisers.
pub fn deliver_due(
    p: &Portal,
    mailer: &crate::integrations::mailer::Mailer,
) -> super::Result<(usize, usize)> {
    let mut conn = p.conn()?;
    let (mut sent, mut failed) = (0, 0);
    for _ in 0..20 {
        let Some(mail) = store::outbox::claim_due(&mut conn, super::now(), CLAIM, 1)?.pop() else {
            break;
        };
        match mailer.send(&mail.to_addr, &mail.subject, &mail.body_text) {
            Ok(()) => {
                store::outbox::mark_sent(&mut conn, mail.id, super::now())?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(mail_id = mail.id, error = %e, "sending mail failed; will retry");
                store::outbox::mark_failed(&mut conn, &mail, &e, super::now())?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_summary_is_the_message_without_greeting_link_or_signature() {
        let body =
            "您好：\n\n資料需求「甲」狀態更新為：已開放。\n\nhttp://x/requests/1\n\n-- \n勞動部\n";
        assert_eq!(
            super::summary_of(body),
            "資料需求「甲」狀態更新為：已開放。"
        );
    }
}
