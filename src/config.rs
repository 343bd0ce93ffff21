//! Typed configuration read from environment variables and an optional TOML
//! file. Every problem becomes a one-line message, never a panic.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::db::DatabaseUrl;

#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// "starttls" (default), "tls" (implicit TLS) or "none" (local relays only).
    pub security: SmtpSecurity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    StartTls,
    Tls,
    None,
}

#[derive(Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    pub base_url: url::Url,
    pub data_dir: PathBuf,
    pub secret_key: Vec<u8>,
    pub smtp: Option<SmtpConfig>,
    pub mail_from: String,
    pub admin_email: String,
    pub pool_size: u32,
    pub trust_proxy: bool,
    /// Run the background workers (mail outbox) in this process.
    pub run_jobs: bool,
    pub catalog: crate::integrations::catalog::CatalogConfig,
    /// Hours between scheduled catalogue syncs; 0 = off.
    pub catalog_sync_hours: u32,
    /// Where the office calendar CSV is published; checked daily when set.
    pub calendar_url: Option<String>,
    /// Working days a business unit has to answer a data request.
    pub request_due_days: u32,
    /// How much of a dataset resource a fitness card may read, and for how long.
    pub resources: crate::integrations::resource::Limits,
    /// Whether a catalogue sync also reads the cards of the datasets it
    /// changed and of those due a read (off in tests that sync recorded
    /// datasets whose resources are on the internet).
    pub read_cards_in_sync: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.database_url.redacted())
            .field("bind", &self.bind)
            .field("base_url", &self.base_url.as_str())
            .field("data_dir", &self.data_dir)
            .field("smtp", &self.smtp.as_ref().map(|s| &s.host))
            .finish_non_exhaustive()
    }
}

pub const ENV_KEYS: &[&str] = &[
    "DATABASE_URL",
    "BIND",
    "BASE_URL",
    "DATA_DIR",
    "SECRET_KEY",
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "SMTP_SECURITY",
    "MAIL_FROM",
    "ADMIN_EMAIL",
    "POOL_SIZE",
    "TRUST_PROXY",
    "RUN_JOBS",
    "CATALOG_MOL_URL",
    "CATALOG_DATAGOV_URL",
    "CATALOG_SYNC_HOURS",
    "CALENDAR_URL",
    "REQUEST_DUE_DAYS",
    "RESOURCE_MAX_KB",
    "RESOURCE_TIMEOUT_SECS",
    "CARD_READS_IN_SYNC",
];

impl Config {
    /// Reads the process environment, and the TOML file named by `CONFIG_FILE`
    /// (or `contest-portal.toml` when it exists). Environment variables win.
    pub fn load() -> Result<Config, String> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let file = match env.get("CONFIG_FILE") {
            Some(p) => Some(PathBuf::from(p)),
            None => Some(PathBuf::from("contest-portal.toml")).filter(|p| p.exists()),
        };
        let mut values = match file {
            Some(path) => read_file(&path)?,
            None => HashMap::new(),
        };
        for key in ENV_KEYS {
            if let Some(v) = env.get(*key) {
                values.insert((*key).to_string(), v.clone());
            }
        }
        Config::from_values(&values)
    }

    /// Builds a configuration from upper-case keys (as in the environment).
    pub fn from_values(values: &HashMap<String, String>) -> Result<Config, String> {
        let get = |k: &str| values.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or("data"));
        let database_url = match get("DATABASE_URL") {
            Some(raw) => DatabaseUrl::parse(raw)?,
            None => DatabaseUrl::Sqlite(data_dir.join("contest-portal.db")),
        };
        let bind: SocketAddr = get("BIND")
            .unwrap_or("127.0.0.1:8080")
            .parse()
            .map_err(|_| {
                format!(
                    "BIND must be an address like 127.0.0.1:8080 (got {:?})",
                    get("BIND").unwrap_or("")
                )
            })?;
        let base_url = match get("BASE_URL") {
            Some(raw) => url::Url::parse(raw)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .ok_or_else(|| format!("BASE_URL must be an http(s) URL like https://contest.example.gov.tw (got {raw:?})"))?,
            None => url::Url::parse(&format!("http://{bind}/")).map_err(|e| e.to_string())?,
        };
        let secret_key = match get("SECRET_KEY") {
            Some(k) if k.len() >= 32 => k.as_bytes().to_vec(),
            Some(_) => return Err("SECRET_KEY must be at least 32 characters long".into()),
            // PostgreSQL means replicas, and every replica must sign CSRF
            // tokens with the same key: a per-machine file would not do.
            None if !database_url.is_sqlite() => {
                return Err("SECRET_KEY must be set (the same value on every replica) when DATABASE_URL is PostgreSQL".into())
            }
            None => load_or_create_secret(&data_dir)?,
        };
        let smtp = match get("SMTP_HOST") {
            None => None,
            Some(host) => {
                let security = match get("SMTP_SECURITY").unwrap_or("starttls") {
                    "starttls" => SmtpSecurity::StartTls,
                    "tls" => SmtpSecurity::Tls,
                    "none" => SmtpSecurity::None,
                    other => {
                        return Err(format!(
                            "SMTP_SECURITY must be starttls, tls or none (got {other:?})"
                        ))
                    }
                };
                let default_port = match security {
                    SmtpSecurity::Tls => 465,
                    SmtpSecurity::StartTls => 587,
                    SmtpSecurity::None => 25,
                };
                let port = match get("SMTP_PORT") {
                    Some(p) => p
                        .parse()
                        .map_err(|_| format!("SMTP_PORT must be a port number (got {p:?})"))?,
                    None => default_port,
                };
                Some(SmtpConfig {
                    host: host.to_string(),
                    port,
                    username: get("SMTP_USERNAME").map(str::to_string),
                    password: get("SMTP_PASSWORD").map(str::to_string),
                    security,
                })
            }
        };
        let mail_from = get("MAIL_FROM")
            .unwrap_or("Contest Portal <no-reply@portal.local>")
            .to_string();
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(format!("MAIL_FROM must be a mailbox like \"Portal <no-reply@example.gov.tw>\" (got {mail_from:?})"));
        }
        let admin_email = get("ADMIN_EMAIL")
            .unwrap_or("admin@portal.local")
            .to_string();
        crate::domain::account::Email::parse(&admin_email).map_err(|_| {
            format!("ADMIN_EMAIL is not a valid e-mail address (got {admin_email:?})")
        })?;
        let pool_size = match get("POOL_SIZE") {
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=200).contains(n))
                .ok_or_else(|| format!("POOL_SIZE must be a number from 1 to 200 (got {p:?})"))?,
            None if database_url.is_sqlite() => 8,
            None => 16,
        };
        Ok(Config {
            database_url,
            bind,
            base_url,
            data_dir,
            secret_key,
            smtp,
            mail_from,
            admin_email,
            pool_size,
            trust_proxy: parse_bool("TRUST_PROXY", get("TRUST_PROXY"), false)?,
            run_jobs: parse_bool("RUN_JOBS", get("RUN_JOBS"), true)?,
            catalog: {
                let mut c = crate::integrations::catalog::CatalogConfig::default();
                for (key, slot) in [
                    ("CATALOG_MOL_URL", &mut c.mol_base),
                    ("CATALOG_DATAGOV_URL", &mut c.datagov_base),
                ] {
                    if let Some(raw) = get(key) {
                        url::Url::parse(raw)
                            .ok()
                            .filter(|u| matches!(u.scheme(), "http" | "https"))
                            .ok_or_else(|| format!("{key} must be an http(s) URL (got {raw:?})"))?;
                        *slot = raw.trim_end_matches('/').to_string();
                    }
                }
                c
            },
            catalog_sync_hours: match get("CATALOG_SYNC_HOURS") {
                None => 0,
                Some(raw) => raw
                    .parse::<u32>()
                    .ok()
                    .filter(|h| *h <= 24 * 30)
                    .ok_or_else(|| {
                        format!(
                            "CATALOG_SYNC_HOURS must be a number of hours, 0 for off (got {raw:?})"
                        )
                    })?,
            },
            calendar_url: match get("CALENDAR_URL") {
                None => None,
                Some(raw) => Some(
                    url::Url::parse(raw)
                        .ok()
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                        .ok_or_else(|| {
                            format!("CALENDAR_URL must be an http(s) URL (got {raw:?})")
                        })?
                        .to_string(),
                ),
            },
            request_due_days: match get("REQUEST_DUE_DAYS") {
                None => 14,
                Some(raw) => raw
                    .parse::<u32>()
                    .ok()
                    .filter(|d| (1..=120).contains(d))
                    .ok_or_else(|| {
                        format!("REQUEST_DUE_DAYS must be a number of working days from 1 to 120 (got {raw:?})")
                    })?,
            },
            resources: {
                let mut l = crate::integrations::resource::Limits::default();
                if let Some(raw) = get("RESOURCE_MAX_KB") {
                    l.max_bytes = raw
                        .parse::<usize>()
                        .ok()
                        .filter(|k| (1..=10_240).contains(k))
                        .ok_or_else(|| format!("RESOURCE_MAX_KB must be a number of kilobytes from 1 to 10240 (got {raw:?})"))?
                        * 1024;
                }
                if let Some(raw) = get("RESOURCE_TIMEOUT_SECS") {
                    let secs = raw
                        .parse::<u64>()
                        .ok()
                        .filter(|s| (1..=300).contains(s))
                        .ok_or_else(|| format!("RESOURCE_TIMEOUT_SECS must be a number of seconds from 1 to 300 (got {raw:?})"))?;
                    l.timeout = std::time::Duration::from_secs(secs);
                }
                l
            },
            read_cards_in_sync: parse_bool(
                "CARD_READS_IN_SYNC",
                get("CARD_READS_IN_SYNC"),
                true,
            )?,
        })
    }

    /// Whether cookies must be marked Secure.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// An absolute link to a path on this portal, for e-mails.
    pub fn absolute_url(&self, path: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

fn parse_bool(key: &str, raw: Option<&str>, default: bool) -> Result<bool, String> {
    match raw.map(|s| s.to_ascii_lowercase()) {
        None => Ok(default),
        Some(s) if ["1", "true", "yes", "on"].contains(&s.as_str()) => Ok(true),
        Some(s) if ["0", "false", "no", "off"].contains(&s.as_str()) => Ok(false),
        Some(s) => Err(format!("{key} must be true or false (got {s:?})")),
    }
}

fn read_file(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        format!(
            "config file {} is not valid TOML: {}",
            path.display(),
            e.message()
        )
    })?;
    let mut out = HashMap::new();
    for (k, v) in table {
        let key = k.to_ascii_uppercase();
        if !ENV_KEYS.contains(&key.as_str()) {
            return Err(format!(
                "config file {}: unknown setting {k:?}",
                path.display()
            ));
        }
        let value = match v {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(format!(
                    "config file {}: {k} must be a string, number or boolean (got {})",
                    path.display(),
                    other.type_str()
                ))
            }
        };
        out.insert(key, value);
    }
    Ok(out)
}

/// Sessions and CSRF tokens must survive restarts, so a generated key is kept
/// in the data directory. Several replicas must share one `SECRET_KEY` instead.
fn load_or_create_secret(data_dir: &Path) -> Result<Vec<u8>, String> {
    let path = data_dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let k = existing.trim();
        if k.len() >= 32 {
            return Ok(k.as_bytes().to_vec());
        }
        return Err(format!(
            "{} is too short; delete it to generate a new key",
            path.display()
        ));
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", data_dir.display()))?;
    let key = crate::security::random_token() + &crate::security::random_token();
    write_private(&path, &key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key.into_bytes())
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_and_generated_secret() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let c = Config::from_values(&values(&[("DATA_DIR", d)])).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(c.database_url.is_sqlite());
        assert!(c.smtp.is_none());
        let again = Config::from_values(&values(&[("DATA_DIR", d)])).unwrap();
        assert_eq!(
            c.secret_key, again.secret_key,
            "the generated key is reused"
        );
        assert!(!c.secure_cookies());
    }

    #[test]
    fn bad_values_give_one_line_errors() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        for (k, v) in [
            ("DATABASE_URL", "mysql://x"),
            ("BIND", "nonsense"),
            ("BASE_URL", "ftp://x"),
            ("SECRET_KEY", "short"),
            ("POOL_SIZE", "0"),
            ("TRUST_PROXY", "maybe"),
            ("ADMIN_EMAIL", "not-an-email"),
        ] {
            let err = Config::from_values(&values(&[("DATA_DIR", d), (k, v)])).unwrap_err();
            assert!(err.contains(k), "{err}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn postgres_needs_a_shared_secret() {
        let err =
            Config::from_values(&values(&[("DATABASE_URL", "postgres://u@h/db")])).unwrap_err();
        assert!(err.contains("SECRET_KEY"));
        let ok = Config::from_values(&values(&[
            ("DATABASE_URL", "postgres://u@h/db"),
            ("SECRET_KEY", "0123456789abcdef0123456789abcdef"),
        ]));
        assert!(ok.is_ok());
    }

    #[test]
    fn https_base_url_means_secure_cookies() {
        let c = Config::from_values(&values(&[
            ("SECRET_KEY", "0123456789abcdef0123456789abcdef"),
            ("BASE_URL", "https://contest.example.gov.tw"),
        ]))
        .unwrap();
        assert!(c.secure_cookies());
        assert_eq!(
            c.absolute_url("/verify?t=1"),
            "https://contest.example.gov.tw/verify?t=1"
        );
    }
}
