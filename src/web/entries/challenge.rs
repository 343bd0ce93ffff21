//! The challenge (出題) an entry answers, as its pages show it: the choices
//! on the team's form, and the chosen challenge beside the entry (the
//! team's page, the reviewer's and the judge's).

use serde_json::{json, Value as Json};

use crate::domain::challenge_outcome::short_statement;
use crate::i18n::{unit_name, Lang};
use crate::service::entries::Chosen;
use crate::store::challenges::Challenge;

/// The title of a challenge in the reader's language.
pub(crate) fn title(lang: Lang, c: &Challenge) -> String {
    c.title(lang.code()).to_string()
}

/// The public page of a challenge, while it is published.
pub(crate) fn link(c: &Challenge) -> Option<String> {
    c.state.is_public().then(|| format!("/challenges/{}", c.id))
}

/// The form's choices, the one chosen (`chosen`) selected.
pub(crate) fn choices(lang: Lang, list: &[Challenge], chosen: Option<i32>) -> Json {
    json!({
        "none_selected": chosen.is_none(),
        "list": list.iter().map(|c| json!({
            "id": c.id,
            "title": title(lang, c),
            "selected": chosen == Some(c.id),
            "withdrawn": !c.state.is_public(),
        })).collect::<Vec<_>>(),
    })
}

/// A chosen challenge beside an entry: title, unit, short statement, link,
/// and its recommended datasets marked declared or not.
pub(crate) fn chosen(lang: Lang, c: &Chosen) -> Json {
    json!({
        "id": c.challenge.id,
        "title": title(lang, &c.challenge),
        "statement": short_statement(c.challenge.statement(lang.code())),
        "unit": c.unit.as_ref().map(|u| unit_name(lang, u)),
        "link": link(&c.challenge),
        "withdrawn": !c.challenge.state.is_public(),
        "recommended": c.recommended.iter().map(|(id, title, declared)| json!({
            "id": id, "title": title, "declared": declared,
        })).collect::<Vec<_>>(),
    })
}
