//! Composes e-mails from the text templates in the recipient's language and
//! puts them in the outbox inside the caller's transaction.

use serde_json::{json, Value as Json};

use super::i18n::{t, Lang};
use super::AppState;
use crate::db::DbConn;
use crate::store;

pub struct Composed {
    pub subject: String,
    pub body: String,
}

pub fn compose(
    state: &AppState,
    lang: Lang,
    template: &str,
    subject_id: &str,
    data: Json,
) -> anyhow::Result<Composed> {
    let mut view = json!({ "lang": lang.code(), "portal_url": state.config.absolute_url("/") });
    if let (Json::Object(v), Json::Object(d)) = (&mut view, data) {
        v.extend(d);
    }
    let body = state.text.render(template, &view)?;
    Ok(Composed {
        subject: t(lang, subject_id),
        body,
    })
}

/// Queues one e-mail. Call inside the transaction of the change it reports.
#[allow(clippy::too_many_arguments)]
pub fn queue(
    conn: &mut DbConn,
    state: &AppState,
    to: &str,
    lang: Lang,
    kind: &str,
    template: &str,
    subject_id: &str,
    data: Json,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<()> {
    let mail = compose(state, lang, template, subject_id, data)?;
    store::outbox::enqueue(conn, to, &mail.subject, &mail.body, kind, now)?;
    Ok(())
}
