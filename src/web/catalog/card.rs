//! A dataset's fitness card as pages show it (the dataset page, the entry
//! form's picker, the reviewer's entry page), and "read again now".

use actix_web::http::StatusCode;
use actix_web::web;
use fluent_templates::fluent_bundle::FluentValue;
use serde_json::{json, Value as Json};

use crate::domain::fitness::missing_fields;
use crate::domain::text::visible;
use crate::i18n::{t, t_args, Lang};
use crate::service::catalog::cards::Card;
use crate::service::{self, Error};
use crate::store::catalog::Dataset;
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::guards::SignedIn;

/// One flag of a card: a short label (a badge) and what it means.
fn flag(kind: &str, label: String, detail: String) -> Json {
    json!({ "kind": kind, "label": label, "detail": detail })
}

/// Why the last read failed, in the reader's language.
fn problem_text(lang: Lang, card: &Card) -> Option<String> {
    card.problem.as_deref().map(|id| {
        t_args(
            lang,
            id,
            &[(
                "status",
                card.link_status
                    .map_or(FluentValue::from("-"), FluentValue::from),
            )],
        )
    })
}

/// The flags of `card` that warn, each with its label and meaning; the
/// stale flag says when the dataset was last updated and how often it
/// should be, when `dataset` is given.
pub(crate) fn flags(lang: Lang, card: &Card, dataset: Option<&Dataset>) -> Vec<Json> {
    let when = |at: &Option<chrono::NaiveDateTime>| at.as_ref().map(format_taipei);
    let mut out = Vec::new();
    if let Some(gone) = &card.gone_at {
        out.push(flag(
            "gone",
            t(lang, "card-flag-gone"),
            t_args(
                lang,
                "card-flag-gone-detail",
                &[("at", format_taipei(gone).into())],
            ),
        ));
    }
    if card.compressed_only {
        out.push(flag(
            "compressed",
            t(lang, "card-flag-compressed"),
            t(lang, "card-flag-compressed-detail"),
        ));
    }
    if card.document_only {
        out.push(flag(
            "document",
            t(lang, "card-flag-document"),
            t(lang, "card-flag-document-detail"),
        ));
    }
    if card.link_broken {
        let at = when(&card.checked_at).unwrap_or_default();
        let detail = match card.link_status {
            Some(status) => t_args(
                lang,
                "card-flag-broken-status",
                &[("status", status.into()), ("at", at.into())],
            ),
            None => t_args(lang, "card-flag-broken-silent", &[("at", at.into())]),
        };
        out.push(flag("broken", t(lang, "card-flag-broken"), detail));
    }
    if card.stale == Some(true) {
        let detail = match dataset {
            Some(d) => t_args(
                lang,
                "card-flag-stale-detail",
                &[
                    ("modified", when(&d.modified_at).unwrap_or_default().into()),
                    ("frequency", d.update_frequency.clone().into()),
                ],
            ),
            None => String::new(),
        };
        out.push(flag("stale", t(lang, "card-flag-stale"), detail));
    }
    out
}

/// The card of dataset `id` as its partials show it.
pub(crate) fn card_view(lang: Lang, id: &str, card: &Card, dataset: Option<&Dataset>) -> Json {
    let when = |at: &Option<chrono::NaiveDateTime>| at.as_ref().map(format_taipei);
    json!({
        "id": id,
        "read": !card.columns.is_empty(),
        "columns": card.columns.iter().map(|c| visible(c)).collect::<Vec<_>>(),
        "rows": card.rows.iter().map(|r| r.iter().map(|c| visible(c)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "format": card.format,
        "encoding": card.encoding,
        "read_at": when(&card.read_at),
        "checked_at": when(&card.checked_at),
        "problem": problem_text(lang, card),
        "formats": card.formats,
        "machine_readable": card.machine_readable,
        "flags": flags(lang, card, dataset),
    })
}

/// The columns of `card` with the fields an entry declares of it marked,
/// and the declared fields it does not have (the reviewer's view).
pub(crate) fn declared_view(card: &Card, fields_used: &str) -> Json {
    let declared = crate::domain::entry::field_names(fields_used);
    let missing = missing_fields(&declared, &card.columns);
    let is_declared = |c: &String| missing_fields(std::slice::from_ref(c), &declared).is_empty();
    json!({
        "columns": card.columns.iter().map(|c| json!({
            "name": visible(c),
            "declared": is_declared(c),
        })).collect::<Vec<_>>(),
        "missing": if card.columns.is_empty() { Vec::new() } else { missing.iter().map(|m| visible(m)).collect::<Vec<_>>() },
    })
}

/// "Read again now": reads the dataset's resource at once (a few times an
/// hour per account) and comes back to its page with what was found; over
/// the limit, the page says so (429).
pub async fn read_again(ctx: Ctx, who: SignedIn, path: web::Path<String>) -> AppResult {
    let id = path.into_inner();
    let back = format!("/catalog/{id}#card");
    match service::catalog::cards::read_now(&ctx.state, &who, &id).await {
        Ok(card) => {
            let (kind, message) = match card.problem {
                None => ("success", "flash-card-read"),
                Some(_) => ("error", "flash-card-not-read"),
            };
            Ok(redirect_with_flash(&ctx, &back, kind, message))
        }
        Err(Error::TooMany(message)) => {
            super::pages::dataset_page(
                &ctx,
                Some(&who),
                &id,
                StatusCode::TOO_MANY_REQUESTS,
                Some(message),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
