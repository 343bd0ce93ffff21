//! The mail outbox as administrators and organisers read it.

use serde_json::json;

use super::admin;
use crate::domain::role::Role;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, outbox::Mail, PageRequest, Paged};

pub use crate::store::outbox::State as MailState;

/// Administrators and organisers read the outbox (without SMTP, that is how
/// confirmation links reach people).
fn reader(who: &Person) -> Result<()> {
    if who.has(Role::Admin) || who.has(Role::Organiser) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

pub fn outbox(
    p: &Portal,
    who: &Person,
    state: MailState,
    to: &str,
    page: PageRequest,
) -> Result<Paged<Mail>> {
    reader(who)?;
    p.read(|conn| Ok(store::outbox::list(conn, state, Some(to), page)?))
}

/// One message. Mail bodies hold personal data and links, so every reading
/// is recorded; organisers may pass on confirmation links, but see other
/// mail with its links' tokens masked (a password-reset link would let them
/// take over the account).
pub fn outbox_mail(p: &Portal, who: &Person, id: i32) -> Result<Mail> {
    reader(who)?;
    let mut mail = p.transaction(|conn| {
        let mail = store::outbox::find(conn, id)?.ok_or(Error::NotFound)?;
        audit(
            conn,
            who,
            "mail.view",
            "mail",
            id,
            json!({ "to": mail.to_addr }),
        )?;
        Ok(mail)
    })?;
    if !who.has(Role::Admin) && mail.kind != "verify-email" {
        mail.body_text = mask_tokens(&mail.body_text);
    }
    Ok(mail)
}

/// Replaces the value of every `token=` in a text with "…".
fn mask_tokens(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(pos) = rest.find("token=") {
        out.push_str(&rest[..pos + "token=".len()]);
        rest = &rest[pos + "token=".len()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '&')
            .unwrap_or(rest.len());
        out.push('…');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Sends a failed message again at once (administrators).
pub fn retry_mail(p: &Portal, who: &Person, id: i32) -> Result<()> {
    admin(who)?;
    p.transaction(|conn| {
        store::outbox::find(conn, id)?.ok_or(Error::NotFound)?;
        if store::outbox::retry_now(conn, id, now())? {
            audit(conn, who, "mail.retry", "mail", id, json!({}))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_masked() {
        assert_eq!(
            super::mask_tokens("open https://x/password/reset?token=abc-123_x\nthanks"),
            "open https://x/password/reset?token=…\nthanks"
        );
        assert_eq!(super::mask_tokens("no links"), "no links");
    }
}
