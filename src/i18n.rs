//! Languages: zh-TW (default) and English, negotiated from the browser and a
//! remembered choice; message lookup and the escaping `t` template helper.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde_json::Value as Json;

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-TW",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhTw,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhTw, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh-tw" | "zh" | "zh-hant" | "zh-hant-tw" => Some(Lang::ZhTw),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn langid(self) -> LanguageIdentifier {
        // Both codes are valid BCP 47 tags; the fallback is never used.
        self.code().parse().unwrap_or_default()
    }

    /// Picks a language from an Accept-Language header: the highest-weighted
    /// tag we speak (any zh counts as zh-TW, any en as en), else zh-TW.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let Some(header) = accept_language else {
            return Lang::ZhTw;
        };
        let mut best: Option<(f32, usize, Lang)> = None;
        for (pos, part) in header.split(',').enumerate() {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Lang::ZhTw
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if q <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((bq, bpos, _)) => q > bq || (q == bq && pos < bpos),
            };
            if better {
                best = Some((q, pos, lang));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or(Lang::ZhTw)
    }
}

/// The message `id` in `lang`; a missing id shows the id itself, so that a
/// gap is visible rather than silent (a test keeps the locales complete).
pub fn t(lang: Lang, id: &str) -> String {
    LOCALES
        .try_lookup(&lang.langid(), id)
        .unwrap_or_else(|| id.to_string())
}

/// Whether a message id is defined (the locales are complete, so checking
/// the default language is enough).
pub fn exists(id: &str) -> bool {
    LOCALES.try_lookup(&Lang::ZhTw.langid(), id).is_some()
}

pub fn t_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Owned(k.to_string()), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(&lang.langid(), id, &map)
        .unwrap_or_else(|| id.to_string())
}

/// `{{t "message-id" name=value}}`: looks the message up in the page's `lang`
/// and passes the result through the registry's escape function, so neither
/// the message nor user-supplied arguments can inject HTML.
pub struct TranslateHelper;

impl HelperDef for TranslateHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        reg: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let id = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
        let lang = ctx
            .data()
            .get("lang")
            .and_then(Json::as_str)
            .and_then(Lang::from_code)
            .ok_or_else(|| {
                RenderErrorReason::Other("template context has no valid `lang`".into())
            })?;
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        for (k, v) in h.hash() {
            let value = match v.value() {
                Json::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
                Json::String(s) => FluentValue::from(s.clone()),
                Json::Null => FluentValue::from(""),
                other => FluentValue::from(other.to_string()),
            };
            args.insert(Cow::Owned(k.to_string()), value);
        }
        let text = LOCALES
            .try_lookup_complete(
                &lang.langid(),
                id,
                if args.is_empty() { None } else { Some(&args) },
            )
            .ok_or_else(|| RenderErrorReason::Other(format!("missing message id {id:?}")))?;
        out.write(&reg.get_escape_fn()(&text))?;
        Ok(())
    }
}

/// A contest's title in the reader's language (the Chinese one when no
/// English one was given), for pages and e-mails alike.
pub fn contest_title(lang: Lang, c: &crate::store::contests::Contest) -> String {
    if lang == Lang::En && !c.title_en.trim().is_empty() {
        c.title_en.clone()
    } else {
        c.title.clone()
    }
}

/// A business unit's name in `lang` (the Chinese name when it has no English one).
pub fn unit_name(lang: Lang, u: &crate::store::units::Unit) -> String {
    if lang == Lang::En && !u.name_en.trim().is_empty() {
        u.name_en.clone()
    } else {
        u.name_zh.clone()
    }
}

/// A track's name in the reader's language (the Chinese one when no English
/// one was given).
pub fn track_name(lang: Lang, t: &crate::store::contests::Track) -> String {
    if lang == Lang::En && !t.name_en.trim().is_empty() {
        t.name_en.clone()
    } else {
        t.name.clone()
    }
}

/// An eligibility reason code's label in the reader's language (the code
/// itself when the list no longer has it).
pub fn reason_label(
    lang: Lang,
    codes: &[crate::store::eligibility::ReasonCode],
    code: &str,
) -> String {
    match codes.iter().find(|c| c.code == code) {
        Some(c) if lang == Lang::En => c.label_en.clone(),
        Some(c) => c.label_zh.clone(),
        None => code.to_string(),
    }
}

/// The label of a reason a unit gave for not releasing data, in the
/// reader's language (the code itself when the list no longer has it).
pub fn request_reason_label(
    lang: Lang,
    reasons: &[crate::store::requests::Reason],
    code: &str,
) -> String {
    match reasons.iter().find(|r| r.code == code) {
        Some(r) if lang == Lang::En => r.label_en.clone(),
        Some(r) => r.label_zh.clone(),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        assert_eq!(Lang::negotiate(None), Lang::ZhTw);
        assert_eq!(Lang::negotiate(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some("zh-TW,zh;q=0.9,en;q=0.8")), Lang::ZhTw);
        assert_eq!(Lang::negotiate(Some("fr-FR,en;q=0.5")), Lang::En);
        assert_eq!(Lang::negotiate(Some("fr-FR,de;q=0.5")), Lang::ZhTw);
        assert_eq!(Lang::negotiate(Some("en;q=0.2,zh-CN;q=0.8")), Lang::ZhTw);
        assert_eq!(Lang::negotiate(Some("en;q=0,zh;q=0")), Lang::ZhTw);
        assert_eq!(Lang::negotiate(Some(";;;,,,q=abc")), Lang::ZhTw);
    }

    #[test]
    fn lookup_falls_back_to_the_id() {
        assert_eq!(t(Lang::En, "no-such-message-id"), "no-such-message-id");
        assert_ne!(t(Lang::En, "portal-name"), t(Lang::ZhTw, "portal-name"));
    }
}
