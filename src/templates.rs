//! Templates: compiled into the binary (read from disk in debug builds, so
//! they can be edited without rebuilding), strict mode, and our helpers.

use chrono::{NaiveDateTime, TimeZone};

use crate::domain::timeline::taipei;
use handlebars::{handlebars_helper, no_escape, Handlebars};
use rust_embed::RustEmbed;

use crate::i18n::TranslateHelper;

mod include;

#[derive(RustEmbed)]
#[folder = "templates/"]
#[include = "*.hbs"]
struct Templates;

/// "2026-11-22 16:40" in Asia/Taipei, from a stored UTC timestamp.
pub fn format_taipei(utc: &NaiveDateTime) -> String {
    taipei()
        .from_utc_datetime(utc)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

handlebars_helper!(eq: |a: Json, b: Json| a == b);
handlebars_helper!(ne: |a: Json, b: Json| a != b);
// `lookup` fails in strict mode when the key is absent; form errors usually are.
handlebars_helper!(get: |obj: object, key: str| obj.get(key).cloned().unwrap_or(serde_json::Value::Null));
handlebars_helper!(taipei_time: |v: Json| {
    match v.as_str().and_then(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()) {
        Some(t) => format_taipei(&t),
        None => String::new(),
    }
});

fn registry(escape_html: bool) -> anyhow::Result<Handlebars<'static>> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    if !escape_html {
        hb.register_escape_fn(no_escape);
    }
    hb.register_helper("t", Box::new(TranslateHelper));
    hb.register_helper("eq", Box::new(eq));
    hb.register_helper("ne", Box::new(ne));
    hb.register_helper("taipei_time", Box::new(taipei_time));
    hb.register_helper("get", Box::new(get));
    hb.register_helper("layout", Box::new(include::Layout));
    hb.register_helper("include", Box::new(include::Include));
    hb.register_embed_templates_with_extension::<Templates>(".hbs")?;
    Ok(hb)
}

/// Registry for HTML pages: every `{{value}}` is HTML-escaped.
pub fn html_registry() -> anyhow::Result<Handlebars<'static>> {
    registry(true)
}

/// Registry for plain-text e-mails: nothing is escaped (there is no HTML).
pub fn text_registry() -> anyhow::Result<Handlebars<'static>> {
    registry(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taipei_is_utc_plus_eight() {
        let t = NaiveDateTime::parse_from_str("2026-11-22 16:30:00", "%Y-%m-%d %H:%M:%S")
            .map(|t| format_taipei(&t));
        assert_eq!(t, Ok("2026-11-23 00:30".to_string()));
    }
}
