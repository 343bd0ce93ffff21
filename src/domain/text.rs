//! What may be typed into a text field: never NUL or other control
//! characters (a multi-line text keeps its tabs and line breaks), and in
//! names and titles no invisible direction overrides or zero-width characters.

use super::{FieldError, FieldErrors};

/// The kind of text a field holds, which decides the characters it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line: a search, an e-mail address, a code, a date.
    Line,
    /// Several lines: a description, a comment, a message.
    Paragraph,
    /// A name or a title that others read and that is listed and compared:
    /// one line, and nothing invisible that could reorder or disguise it.
    Name,
}

/// Characters that change the reading direction or are invisible, so that a
/// name could look like another or flip the text after it (Trojan Source).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `value` with its invisible and control characters shown as their code
/// points (`⟨U+202E⟩`), so that text read from outside the portal (a
/// dataset's columns and sample rows) can neither reorder nor hide what is
/// shown around it. Line breaks and tabs stay.
pub fn visible(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if invisible(c) || (c.is_control() && !matches!(c, '\t' | '\n')) {
            out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The first problem with the characters of `value` for a field of `kind`,
/// as a Fluent message id.
pub fn refusal(value: &str, kind: Kind) -> Option<&'static str> {
    let multiline = kind == Kind::Paragraph;
    for c in value.chars() {
        if c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r')) {
            return Some(if multiline || !matches!(c, '\t' | '\n' | '\r') {
                "error-text-control"
            } else {
                "error-text-line-break"
            });
        }
        if kind == Kind::Name && invisible(c) {
            return Some("error-text-invisible");
        }
    }
    None
}

/// Checks the characters of one field.
pub fn allowed(field: &'static str, value: &str, kind: Kind) -> Result<(), FieldError> {
    match refusal(value, kind) {
        Some(message) => Err(FieldError::new(field, message)),
        None => Ok(()),
    }
}

/// A short machine name typed by an organiser (a unit's or a reason's code):
/// lower-cased, 1–40 of a–z, 0–9 and '-'; `None` when it is not one.
pub fn code(raw: &str) -> Option<String> {
    let code = raw.trim().to_lowercase();
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then_some(code)
}

/// The length and character rules of a text field.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub kind: Kind,
    /// At most this many characters (not bytes).
    pub max: usize,
    pub required: bool,
}

impl Rule {
    pub const fn line(max: usize) -> Rule {
        Rule {
            kind: Kind::Line,
            max,
            required: false,
        }
    }

    pub const fn paragraph(max: usize) -> Rule {
        Rule {
            kind: Kind::Paragraph,
            max,
            required: false,
        }
    }

    pub const fn name(max: usize) -> Rule {
        Rule {
            kind: Kind::Name,
            max,
            required: false,
        }
    }

    pub const fn required(self) -> Rule {
        Rule {
            required: true,
            ..self
        }
    }
}

impl FieldErrors {
    /// Checks a typed value against its rule (characters, presence, length),
    /// recording at most one problem for the field.
    pub fn text(&mut self, field: &'static str, value: &str, rule: Rule) {
        if let Some(message) = refusal(value, rule.kind) {
            self.push(field, message);
        } else if value.trim().is_empty() {
            if rule.required {
                self.push(field, "error-required");
            }
        } else if value.chars().count() > rule.max {
            self.push(field, "error-too-long");
        }
    }
}

impl FieldErrors {
    /// A typed date (YYYY-MM-DD) that may not be before `earliest`; empty is
    /// none. Records the field's problem and gives `None` when it has one.
    pub fn date_from(
        &mut self,
        field: &'static str,
        raw: &str,
        earliest: chrono::NaiveDate,
    ) -> Option<chrono::NaiveDate> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        match chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) if d >= earliest => Some(d),
            Ok(_) => {
                self.push(field, "error-date-past");
                None
            }
            Err(_) => {
                self.push(field, "error-date");
                None
            }
        }
    }
}

/// Whether `s` is a page of this portal to send someone to after a step
/// ("/join/x"), never another site: it starts with one "/", and has no
/// backslash, space or control character that a browser could drop or read
/// as a slash, turning "/x" into "//evil.example".
pub fn local_path(s: &str) -> bool {
    s.starts_with('/')
        && !s.starts_with("//")
        && !s
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_paths_of_this_portal_are_local() {
        use super::local_path;
        assert!(local_path("/join/abc"));
        assert!(local_path("/admin/users?page=2"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil",
            "/\u{1}x",
            "/a b",
            "",
            "join",
        ] {
            assert!(!local_path(bad), "{bad:?}");
        }
    }

    use super::*;

    #[test]
    fn no_text_may_hold_nul_or_control_characters() {
        for kind in [Kind::Line, Kind::Paragraph, Kind::Name] {
            assert_eq!(refusal("a\0b", kind), Some("error-text-control"));
            assert_eq!(refusal("a\u{1b}[31mb", kind), Some("error-text-control"));
            assert_eq!(refusal("a\u{7f}", kind), Some("error-text-control"));
            assert_eq!(refusal("a\u{85}", kind), Some("error-text-control"));
            assert_eq!(refusal("勞動部 open data 2026", kind), None);
        }
    }

    #[test]
    fn only_multi_line_text_keeps_tabs_and_line_breaks() {
        assert_eq!(refusal("第一行\r\n\t第二行", Kind::Paragraph), None);
        assert_eq!(refusal("a\nb", Kind::Line), Some("error-text-line-break"));
        assert_eq!(refusal("a\tb", Kind::Name), Some("error-text-line-break"));
    }

    #[test]
    fn outside_text_shows_its_invisible_characters() {
        assert_eq!(visible("\u{202E}gnp.exe"), "⟨U+202E⟩gnp.exe");
        assert_eq!(visible("a\u{200B}b\u{1b}c"), "a⟨U+200B⟩b⟨U+001B⟩c");
        assert_eq!(visible("行業別\n費率\t"), "行業別\n費率\t");
    }

    #[test]
    fn names_refuse_direction_overrides_and_invisible_characters() {
        for bad in [
            "\u{202E}gnp.exe",
            "職災\u{200B}預警",
            "\u{2066}x\u{2069}",
            "\u{FEFF}隊",
        ] {
            assert_eq!(
                refusal(bad, Kind::Name),
                Some("error-text-invisible"),
                "{bad:?}"
            );
            assert_eq!(refusal(bad, Kind::Paragraph), None, "{bad:?}");
        }
        assert_eq!(refusal("Équipe Ünïcode 職災預警隊 🚀", Kind::Name), None);
    }

    #[test]
    fn codes_are_short_lower_case_names() {
        assert_eq!(code(" Mol-Insurance "), Some("mol-insurance".into()));
        assert_eq!(code("cost2"), Some("cost2".into()));
        for bad in ["", "Bad Code", "勞保", "a_b", &"x".repeat(41)] {
            assert_eq!(code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn typed_dates_must_be_real_and_not_too_early() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut e = FieldErrors::default();
        assert_eq!(e.date_from("a", "", today), None);
        assert_eq!(e.date_from("b", "2026-11-27", today), Some(today));
        assert_eq!(e.date_from("c", "2026-11-26", today), None);
        assert_eq!(e.date_from("d", "2026-02-30", today), None);
        assert_eq!(e.date_from("e", "27/11/2026", today), None);
        assert!(!e.has("a") && !e.has("b"));
        assert_eq!(e.get("c"), Some("error-date-past"));
        assert_eq!(e.get("d"), Some("error-date"));
        assert_eq!(e.get("e"), Some("error-date"));
    }

    #[test]
    fn a_rule_checks_characters_then_presence_then_length() {
        let mut e = FieldErrors::default();
        e.text("title", "  ", Rule::name(5).required());
        e.text("body", "", Rule::paragraph(5));
        e.text("code", "abcdef", Rule::line(5));
        e.text("name", "甲乙丙丁戊", Rule::name(5).required());
        e.text("note", "x\0", Rule::paragraph(1));
        assert_eq!(e.get("title"), Some("error-required"));
        assert!(!e.has("body"));
        assert_eq!(e.get("code"), Some("error-too-long"));
        assert!(!e.has("name"), "five characters fit, whatever their bytes");
        assert_eq!(e.get("note"), Some("error-text-control"));
    }
}
