//! Account input types: e-mail addresses, passwords and display names that
//! can only exist when valid ("parse, don't validate").

use std::collections::HashSet;
use std::sync::LazyLock;

use super::FieldError;

pub const PASSWORD_MIN_CHARS: usize = 10;
/// Long enough for any passphrase, short enough that hashing cannot be abused.
pub const PASSWORD_MAX_CHARS: usize = 200;
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../assets/common-passwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// A syntactically valid, normalised (trimmed, lower-case) e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let err = |m| FieldError::new("email", m);
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(err("error-email-required"));
        }
        if s.chars().count() > 254 {
            return Err(err("error-email-invalid"));
        }
        let (local, domain) = s.rsplit_once('@').ok_or(err("error-email-invalid"))?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(err("error-email-invalid"));
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password good enough to keep: long, not one of the most common ones, and
/// not the e-mail address itself.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub fn parse(raw: &str, email: Option<&Email>) -> Result<Password, FieldError> {
        let err = |m| FieldError::new("password", m);
        let chars = raw.chars().count();
        if chars == 0 {
            return Err(err("error-password-required"));
        }
        if chars < PASSWORD_MIN_CHARS {
            return Err(err("error-password-too-short"));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(err("error-password-too-long"));
        }
        let lowered = raw.to_lowercase();
        if COMMON_PASSWORDS.contains(lowered.as_str()) {
            return Err(err("error-password-common"));
        }
        if raw.chars().all(|c| c == raw.chars().next().unwrap_or(' ')) {
            return Err(err("error-password-common"));
        }
        if let Some(email) = email {
            let local = email.as_str().split('@').next().unwrap_or("");
            if lowered == email.as_str() || lowered == local {
                return Err(err("error-password-is-email"));
            }
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The name shown to other users: trimmed, 1–80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, FieldError> {
        let err = |m| FieldError::new("display_name", m);
        let s: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err(err("error-display-name-required"));
        }
        if s.chars().count() > DISPLAY_NAME_MAX_CHARS {
            return Err(err("error-display-name-too-long"));
        }
        if s.chars().any(|c| c.is_control()) {
            return Err(err("error-display-name-invalid"));
        }
        if let Some(message) = super::text::refusal(&s, super::text::Kind::Name) {
            return Err(err(message));
        }
        Ok(DisplayName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised() {
        let e = Email::parse("  Chen.Mei@NTU.edu.TW ").unwrap();
        assert_eq!(e.as_str(), "chen.mei@ntu.edu.tw");
        assert_eq!(e.domain(), "ntu.edu.tw");
    }

    #[test]
    fn bad_emails_are_refused() {
        for bad in [
            "",
            "   ",
            "no-at-sign",
            "@ntu.edu.tw",
            "a@",
            "a@localhost",
            "a@b..tw",
            "a b@ntu.edu.tw",
            "陳@ntu.edu.tw",
            "a@-x.tw",
            ".a@x.tw",
            "a..b@x.tw",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}@x.tw", "a".repeat(65));
        assert!(Email::parse(&long).is_err());
        assert_eq!(
            Email::parse("").unwrap_err().message,
            "error-email-required"
        );
    }

    #[test]
    fn password_rules() {
        let email = Email::parse("someone@example.org").unwrap();
        assert_eq!(
            Password::parse("", None).unwrap_err().message,
            "error-password-required"
        );
        assert_eq!(
            Password::parse("short", None).unwrap_err().message,
            "error-password-too-short"
        );
        assert_eq!(
            Password::parse("1234567890", None).unwrap_err().message,
            "error-password-common"
        );
        assert_eq!(
            Password::parse("Password123", None).unwrap_err().message,
            "error-password-common"
        );
        assert_eq!(
            Password::parse("aaaaaaaaaaaa", None).unwrap_err().message,
            "error-password-common"
        );
        assert_eq!(
            Password::parse("someone@example.org", Some(&email))
                .unwrap_err()
                .message,
            "error-password-is-email"
        );
        assert_eq!(
            Password::parse(&"x".repeat(201), None).unwrap_err().message,
            "error-password-too-long"
        );
        // Ten characters counted as characters, not bytes.
        assert!(Password::parse("勞動部開放資料競賽好棒", None).is_ok());
        assert!(Password::parse("correct horse battery", Some(&email)).is_ok());
    }

    #[test]
    fn password_debug_hides_secret() {
        let p = Password::parse("correct horse battery", None).unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(
            DisplayName::parse("  陳  小美 ").unwrap().as_str(),
            "陳 小美"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"名".repeat(81)).is_err());
        assert!(DisplayName::parse(&"名".repeat(80)).is_ok());
        assert!(DisplayName::parse("a\u{0007}b").is_err());
    }
}
