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
pub const KINDS: &[&str] = &[
    "eligibility-result",
    "results",
    "judge-invitation",
    "judge-reminder",
    "request-update",
    "request-routed",
    "request-reminder",
    "request-due-moved",
    "team-member",
    "dataset-watch",
    "finder-contact",
    "consult-answer",
    "sharing-invitation",
    "sharing-reminder",
    "sharing-answer",
    "sharing-agenda",
    "challenge-review",
    "challenge-results",
];

/// A value of a notification's data that is the message `id` in whichever
/// language the notification is read in (a state, an outcome …).
pub fn message(id: impl Into<String>) -> Json {
    json!({ "$t": id.into() })
}

/// A value of a notification's data written in both languages (a track's
/// names): each reader sees their language's, the Chinese when there is no
/// English.
pub fn in_langs(zh: &str, en: &str) -> Json {
    let en = if en.trim().is_empty() { zh } else { en };
    json!({ "$zh-TW": zh, "$en": en })
}

/// A track's name as notification data (see `in_langs`).
pub fn track_name(t: &crate::store::contests::Track) -> Json {
    in_langs(&t.name, &t.name_en)
}

/// The data with every `message` and `in_langs` value written in `lang`.
pub fn localise(data: &Json, lang: Lang) -> Json {
    match data {
        Json::Object(o) => {
            if let (1, Some(Json::String(id))) = (o.len(), o.get("$t")) {
                return Json::String(t(lang, id));
            }
            if let Some(Json::String(zh)) = o.get("$zh-TW") {
                let own = o.get(&format!("${}", lang.code())).and_then(Json::as_str);
                return Json::String(own.unwrap_or(zh).to_string());
            }
            Json::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), localise(v, lang)))
                    .collect(),
            )
        }
        Json::Array(a) => Json::Array(a.iter().map(|v| localise(v, lang)).collect()),
        other => other.clone(),
    }
}

/// Tells a person about something: in the portal when the address has an
/// account (`link` is the page it is about), and by e-mail unless they
/// turned that kind off. Call inside the transaction of the change.
///
/// The e-mail is written in the account's stored language (`lang` for an
/// address without an account); the notification keeps `template`,
/// `subject_id` and `data` and is written again in the reader's language
/// whenever it is shown (`shown`). Values of `data` that differ between the
/// languages are best given as `message` / `in_langs`.
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
    let account = store::users::find_by_email(conn, to)?;
    let lang = account
        .as_ref()
        .and_then(|u| Lang::from_code(&u.locale))
        .unwrap_or(lang);
    let mail = portal
        .mail
        .compose(lang, template, subject_id, localise(&data, lang))?;
    let mut by_mail = true;
    if let Some(u) = account {
        store::notifications::add(
            conn,
            &store::notifications::NewNotification {
                user_id: u.id,
                kind,
                title: &mail.subject,
                summary: &summary_of(&mail.body),
                link,
                template,
                subject_id,
                data: &data.to_string(),
            },
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

/// A stored notification's title and summary in `lang`: written again from
/// its template and data, or as stored for rows made before those were kept
/// (or whose template no longer renders).
pub fn shown(
    portal: &Portal,
    n: &store::notifications::Notification,
    lang: Lang,
) -> (String, String) {
    if let (Some(template), Some(subject), Some(data)) = (&n.template, &n.subject_id, &n.data) {
        let composed = serde_json::from_str::<Json>(data)
            .map_err(anyhow::Error::from)
            .and_then(|d| {
                portal
                    .mail
                    .compose(lang, template, subject, localise(&d, lang))
            });
        match composed {
            Ok(m) => return (m.subject, summary_of(&m.body)),
            Err(e) => tracing::warn!(id = n.id, error = %e, "notification not rendered again"),
        }
    }
    (n.title.clone(), n.summary.clone())
}

/// The message itself: an e-mail's lines after the greeting, up to the link,
/// without the line that leads into the link ("Details:").
fn summary_of(body: &str) -> String {
    let mut text: Vec<&str> = body
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("http") && !l.starts_with("-- "))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    while text
        .last()
        .is_some_and(|l| l.ends_with(':') || l.ends_with('：'))
    {
        text.pop();
    }
    text.join(" ").chars().take(400).collect()
}

/// How long a claimed message stays reserved for one worker.
const CLAIM: chrono::Duration = chrono::Duration::minutes(5);

/// At most this many messages are sent in one call of [`deliver_due`].
pub const BATCH: usize = 20;

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
    deliver_due_while(p, mailer, || true)
}

/// [`deliver_due`], claiming the next message only while `going()` holds:
/// a replica that is stopping finishes the message it holds (sent and
/// marked sent) and claims no other, so none waits out a claim.
pub fn deliver_due_while(
    p: &Portal,
    mailer: &crate::integrations::mailer::Mailer,
    going: impl Fn() -> bool,
) -> super::Result<(usize, usize)> {
    let mut conn = p.conn()?;
    let (mut sent, mut failed) = (0, 0);
    for _ in 0..BATCH {
        if !going() {
            break;
        }
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

    #[test]
    fn a_line_leading_into_the_link_is_not_part_of_the_summary() {
        let body = "您好：\n\n結果為：通過。\n詳細說明與後續步驟：\n\nhttp://x/1\n";
        assert_eq!(super::summary_of(body), "結果為：通過。");
        let body = "Hello,\n\nThe result is: passed.\nDetails:\nhttp://x/1\n";
        assert_eq!(super::summary_of(body), "The result is: passed.");
    }

    #[test]
    fn data_values_are_written_in_the_readers_language() {
        use crate::i18n::Lang;
        let data = serde_json::json!({
            "state": super::message("request-state-published"),
            "track": super::in_langs("職災組", ""),
            "list": [super::in_langs("甲", "A")],
            "n": 3,
        });
        let en = super::localise(&data, Lang::En);
        let zh = super::localise(&data, Lang::ZhTw);
        assert_eq!(en["track"], "職災組");
        assert_eq!(en["list"][0], "A");
        assert_eq!(zh["list"][0], "甲");
        assert_eq!(en["n"], 3);
        assert_ne!(en["state"], zh["state"]);
        assert_eq!(
            zh["state"],
            crate::i18n::t(Lang::ZhTw, "request-state-published")
        );
    }
}
