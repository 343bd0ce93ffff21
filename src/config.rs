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
    /// The county or city whose office closures (停止上班) count as days off
    /// (its Chinese name, one of `domain::closure::AREAS`).
    pub closure_area: String,
    /// How much of a dataset resource a fitness card may read, and for how long.
    pub resources: crate::integrations::resource::Limits,
    /// Whether a catalogue sync also reads the cards of the datasets it
    /// changed and of those due a read (off in tests that sync recorded
    /// datasets whose resources are on the internet).
    pub read_cards_in_sync: bool,
    /// University identity providers (OpenID Connect), in the order their
    /// buttons appear on the sign-in page.
    pub oidc: Vec<OidcProvider>,
    /// Anonymous public pages from the render cache (`RENDER_CACHE`, on).
    pub render_cache: bool,
    /// At most this many bytes of cached pages (`RENDER_CACHE_MIB`, 24).
    pub render_cache_bytes: usize,
    /// How often a replica reads the public pages' change counters
    /// (`RENDER_CACHE_POLL_MS`, 200).
    pub render_cache_poll_ms: u64,
    /// How long a replica told to stop (SIGTERM, SIGINT) lets requests in
    /// flight and background work finish (`SHUTDOWN_GRACE_SECONDS`, 20).
    pub shutdown_grace_secs: u64,
    /// issue 19: the bearer token `/metrics` asks for (`METRICS_TOKEN`);
    /// without it or `metrics_addr`, there is no `/metrics`.
    pub metrics_token: Option<String>,
    /// issue 19: a separate address that serves only `/metrics`
    /// (`METRICS_ADDR`), e.g. one only the monitoring network reaches.
    pub metrics_addr: Option<SocketAddr>,
}

/// One university's identity provider: where it is, how the portal is
/// registered with it, what it is called, and which claims say what.
#[derive(Clone)]
pub struct OidcProvider {
    /// Lower-case letters and digits; names it in paths and settings.
    pub id: String,
    /// Exactly as the provider's ID tokens name it (`iss`).
    pub issuer: String,
    pub client_id: String,
    /// None for a public client (PKCE alone).
    pub client_secret: Option<String>,
    pub name: String,
    pub name_en: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    pub claims: crate::domain::oidc::ClaimMapping,
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("id", &self.id)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// The settings of one provider, after `OIDC_<ID>_`.
const OIDC_KEYS: &[&str] = &[
    "ISSUER",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "NAME",
    "NAME_EN",
    "SCOPES",
    "SCHOOL_CLAIM",
    "SCHOOL",
    "DEPARTMENT_CLAIM",
    "STUDENT_CLAIM",
    "STUDENT_VALUES",
];

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
    "CLOSURE_AREA",
    "RESOURCE_MAX_KB",
    "RESOURCE_TIMEOUT_SECS",
    "CARD_READS_IN_SYNC",
    "OIDC_PROVIDERS",
    "RENDER_CACHE",
    "RENDER_CACHE_MIB",
    "RENDER_CACHE_POLL_MS",
    "SHUTDOWN_GRACE_SECONDS",
    "METRICS_TOKEN",
    "METRICS_ADDR",
];

/// Whether `key` is a setting: one of `ENV_KEYS`, or a provider's
/// `OIDC_<ID>_…` (checked against `OIDC_PROVIDERS` when read).
fn is_setting(key: &str) -> bool {
    ENV_KEYS.contains(&key) || key.starts_with("OIDC_")
}

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
        for (key, v) in &env {
            if is_setting(key) {
                values.insert(key.clone(), v.clone());
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
            closure_area: match get("CLOSURE_AREA") {
                None => crate::domain::closure::DEFAULT_AREA.to_string(),
                Some(raw) => crate::domain::closure::area(raw)
                    .ok_or_else(|| {
                        format!("CLOSURE_AREA must be one of Taiwan's 22 counties and cities, like 臺北市 or 新北市 (got {raw:?})")
                    })?
                    .zh
                    .to_string(),
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
            oidc: oidc_providers(values)?,
            render_cache: parse_bool("RENDER_CACHE", get("RENDER_CACHE"), true)?,
            render_cache_bytes: match get("RENDER_CACHE_MIB") {
                None => 24 << 20,
                Some(raw) => raw
                    .parse::<usize>()
                    .ok()
                    .filter(|m| (1..=1024).contains(m))
                    .map(|m| m << 20)
                    .ok_or_else(|| {
                        format!("RENDER_CACHE_MIB must be a number of MiB from 1 to 1024 (got {raw:?})")
                    })?,
            },
            render_cache_poll_ms: match get("RENDER_CACHE_POLL_MS") {
                None => 200,
                Some(raw) => raw
                    .parse::<u64>()
                    .ok()
                    .filter(|m| (10..=10_000).contains(m))
                    .ok_or_else(|| {
                        format!("RENDER_CACHE_POLL_MS must be a number of milliseconds from 10 to 10000 (got {raw:?})")
                    })?,
            },
            shutdown_grace_secs: match get("SHUTDOWN_GRACE_SECONDS") {
                None => 20,
                Some(raw) => raw
                    .parse::<u64>()
                    .ok()
                    .filter(|s| (1..=600).contains(s))
                    .ok_or_else(|| {
                        format!("SHUTDOWN_GRACE_SECONDS must be a number of seconds from 1 to 600 (got {raw:?})")
                    })?,
            },
            metrics_token: match get("METRICS_TOKEN") {
                None | Some("") => None,
                Some(t) if t.len() >= 16 && t.bytes().all(|b| b.is_ascii_graphic()) => {
                    Some(t.to_string())
                }
                Some(_) => {
                    return Err(
                        "METRICS_TOKEN must be at least 16 printable characters without spaces"
                            .to_string(),
                    )
                }
            },
            metrics_addr: match get("METRICS_ADDR") {
                None | Some("") => None,
                Some(raw) => Some(raw.parse().map_err(|_| {
                    format!("METRICS_ADDR must be an address like 127.0.0.1:9464 (got {raw:?})")
                })?),
            },
        })
    }

    /// The provider with this id.
    pub fn oidc_provider(&self, id: &str) -> Option<&OidcProvider> {
        self.oidc.iter().find(|p| p.id == id)
    }

    /// Where a provider sends the browser back: the redirect URL to register
    /// with it.
    pub fn oidc_redirect_url(&self, id: &str) -> String {
        self.absolute_url(&format!("/signin/oidc/{id}/callback"))
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

/// The providers named by `OIDC_PROVIDERS` (comma-separated ids), each from
/// its `OIDC_<ID>_…` settings. A setting of a named provider that is not
/// known is an error (a typo would otherwise go unnoticed).
fn oidc_providers(values: &HashMap<String, String>) -> Result<Vec<OidcProvider>, String> {
    let get = |k: &str| values.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let Some(list) = get("OIDC_PROVIDERS") else {
        return Ok(Vec::new());
    };
    let mut ids: Vec<String> = Vec::new();
    for raw in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let id = raw.to_ascii_lowercase();
        if id.len() > 20
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Err(format!(
                "OIDC_PROVIDERS must list ids of up to 20 letters and digits, separated by commas (got {raw:?})"
            ));
        }
        if ids.contains(&id) {
            return Err(format!("OIDC_PROVIDERS names {id:?} twice"));
        }
        ids.push(id);
    }
    for key in values
        .keys()
        .filter(|k| k.starts_with("OIDC_") && *k != "OIDC_PROVIDERS")
    {
        let known = ids.iter().any(|id| {
            key.strip_prefix(&format!("OIDC_{}_", id.to_ascii_uppercase()))
                .is_some_and(|rest| OIDC_KEYS.contains(&rest))
        });
        let of_listed = ids
            .iter()
            .any(|id| key.starts_with(&format!("OIDC_{}_", id.to_ascii_uppercase())));
        if of_listed && !known {
            return Err(format!(
                "{key} is not a provider setting (known: {})",
                OIDC_KEYS.join(", ")
            ));
        }
    }
    let mut providers = Vec::new();
    for id in ids {
        let prefix = format!("OIDC_{}_", id.to_ascii_uppercase());
        let key = |k: &str| format!("{prefix}{k}");
        let setting = |k: &str| get(&key(k)).map(str::to_string);
        let required = |k: &str| {
            setting(k).ok_or_else(|| {
                format!(
                    "{} must be set for the provider {id:?} in OIDC_PROVIDERS",
                    key(k)
                )
            })
        };
        let issuer = required("ISSUER")?;
        let parsed = url::Url::parse(&issuer).ok().filter(|u| {
            u.scheme() == "https"
                || (u.scheme() == "http"
                    && matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")))
        });
        if parsed.is_none() {
            return Err(format!(
                "{} must be an https URL (http only on this machine, for testing) (got {issuer:?})",
                key("ISSUER")
            ));
        }
        let name = required("NAME")?;
        let list = |k: &str, default: &str| -> Vec<String> {
            setting(k)
                .unwrap_or_else(|| default.to_string())
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        providers.push(OidcProvider {
            issuer,
            client_id: required("CLIENT_ID")?,
            client_secret: setting("CLIENT_SECRET"),
            name_en: setting("NAME_EN").unwrap_or_else(|| name.clone()),
            name,
            scopes: list("SCOPES", "email profile")
                .into_iter()
                .filter(|s| s != "openid")
                .collect(),
            claims: crate::domain::oidc::ClaimMapping {
                school_claim: setting("SCHOOL_CLAIM"),
                school: setting("SCHOOL"),
                department_claim: setting("DEPARTMENT_CLAIM"),
                student_claim: setting("STUDENT_CLAIM"),
                student_values: list("STUDENT_VALUES", "student"),
            },
            id,
        });
    }
    Ok(providers)
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
    let mut table = table;
    // `[oidc.<id>]` tables are the same settings as `oidc_<id>_<key>`.
    if let Some(oidc) = table.remove("oidc") {
        let toml::Value::Table(providers) = oidc else {
            return Err(format!(
                "config file {}: oidc must be a table of providers ([oidc.<id>])",
                path.display()
            ));
        };
        let mut ids = Vec::new();
        for (id, settings) in providers {
            let toml::Value::Table(settings) = settings else {
                return Err(format!(
                    "config file {}: oidc.{id} must be a table of settings",
                    path.display()
                ));
            };
            for (k, v) in settings {
                table.insert(format!("oidc_{id}_{k}"), v);
            }
            ids.push(id);
        }
        if !table.contains_key("oidc_providers") {
            table.insert("oidc_providers".into(), toml::Value::String(ids.join(",")));
        }
    }
    for (k, v) in table {
        let key = k.to_ascii_uppercase();
        if !is_setting(&key) {
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
        assert_eq!(c.closure_area, "臺北市", "where the Ministry of Labor sits");
        let c =
            Config::from_values(&values(&[("DATA_DIR", d), ("CLOSURE_AREA", "台中市")])).unwrap();
        assert_eq!(c.closure_area, "臺中市");
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
            ("CLOSURE_AREA", "台北"),
            ("METRICS_TOKEN", "short"),
            ("METRICS_ADDR", "nonsense"),
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
    fn providers_from_settings() {
        let c = Config::from_values(&values(&[
            ("SECRET_KEY", "0123456789abcdef0123456789abcdef"),
            ("BASE_URL", "https://contest.example.gov.tw"),
            ("OIDC_PROVIDERS", "nccu, ntu"),
            ("OIDC_NCCU_ISSUER", "https://sso.nccu.edu.tw"),
            ("OIDC_NCCU_CLIENT_ID", "portal"),
            ("OIDC_NCCU_CLIENT_SECRET", "s3cret"),
            ("OIDC_NCCU_NAME", "政大帳號"),
            ("OIDC_NCCU_NAME_EN", "NCCU account"),
            ("OIDC_NCCU_SCHOOL", "0002"),
            ("OIDC_NCCU_DEPARTMENT_CLAIM", "department"),
            ("OIDC_NCCU_STUDENT_CLAIM", "eduPersonAffiliation"),
            ("OIDC_NCCU_STUDENT_VALUES", "student, graduate"),
            ("OIDC_NTU_ISSUER", "http://127.0.0.1:9000"),
            ("OIDC_NTU_CLIENT_ID", "x"),
            ("OIDC_NTU_NAME", "臺大"),
        ]))
        .unwrap();
        let ids: Vec<_> = c.oidc.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, vec!["nccu", "ntu"]);
        let nccu = c.oidc_provider("nccu").unwrap();
        assert_eq!(nccu.claims.student_values, vec!["student", "graduate"]);
        assert_eq!(nccu.claims.school.as_deref(), Some("0002"));
        assert_eq!(nccu.scopes, vec!["email", "profile"]);
        assert!(!format!("{nccu:?}").contains("s3cret"));
        let ntu = c.oidc_provider("ntu").unwrap();
        assert_eq!(
            (ntu.name_en.as_str(), ntu.client_secret.as_deref()),
            ("臺大", None)
        );
        assert_eq!(
            c.oidc_redirect_url("ntu"),
            "https://contest.example.gov.tw/signin/oidc/ntu/callback"
        );
    }

    #[test]
    fn provider_mistakes_give_one_line_errors() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let base = [
            ("DATA_DIR", d),
            ("OIDC_PROVIDERS", "uni"),
            ("OIDC_UNI_ISSUER", "https://sso.uni.edu.tw"),
            ("OIDC_UNI_CLIENT_ID", "portal"),
            ("OIDC_UNI_NAME", "大學"),
        ];
        assert!(Config::from_values(&values(&base)).is_ok());
        for (k, v, says) in [
            ("OIDC_PROVIDERS", "uni,no-dash", "OIDC_PROVIDERS"),
            (
                "OIDC_UNI_ISSUER",
                "http://sso.uni.edu.tw",
                "OIDC_UNI_ISSUER",
            ),
            ("OIDC_UNI_CLIENT_ID", "", "OIDC_UNI_CLIENT_ID"),
            ("OIDC_UNI_SCHOOL_CLIAM", "school", "OIDC_UNI_SCHOOL_CLIAM"),
        ] {
            let mut pairs = base.to_vec();
            pairs.retain(|(key, _)| *key != k);
            pairs.push((k, v));
            let err = Config::from_values(&values(&pairs)).unwrap_err();
            assert!(err.contains(says), "{err}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn providers_as_toml_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal.toml");
        std::fs::write(
            &path,
            "data_dir = \"x\"\n[oidc.uni]\nissuer = \"https://sso.uni.edu.tw\"\nclient_id = \"portal\"\nname = \"大學\"\nschool_claim = \"school\"\n",
        )
        .unwrap();
        let read = read_file(&path).unwrap();
        assert_eq!(read.get("OIDC_PROVIDERS").map(String::as_str), Some("uni"));
        assert_eq!(
            read.get("OIDC_UNI_SCHOOL_CLAIM").map(String::as_str),
            Some("school")
        );
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
