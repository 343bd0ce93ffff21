//! Reads a dataset resource's sample over HTTP, downloading no more than a bounded number of bytes within a bounded time.

use std::time::Duration;

use crate::domain::fitness::{read_sample, Sample, Unreadable};

/// How much of a resource may be read, and for how long.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Bytes read at most; the rest of the file is never downloaded.
    pub max_bytes: usize,
    /// Time for the whole read: connecting, the answer and the bytes.
    pub timeout: Duration,
    /// Time for opening the connection (set on the client, see [`client`]).
    pub connect_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Why no sample could be read from a resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The server answered with a status other than success (404, 500, …).
    #[error("HTTP {0}")]
    Status(u16),
    /// The read did not finish within [`Limits::timeout`].
    #[error("timed out")]
    Timeout,
    /// No connection, or it broke.
    #[error("network: {0}")]
    Network(String),
    /// The bytes arrived but are not readable data.
    #[error("unreadable: {0:?}")]
    Unreadable(Unreadable),
    /// The dataset lists no CSV, JSON or XML resource to read.
    #[error("no CSV, JSON or XML resource")]
    NoReadableResource,
}

impl Problem {
    /// The Fluent message id that explains the problem (`error-resource-status`
    /// takes `$status`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Problem::Status(_) => "error-resource-status",
            Problem::Timeout => "error-resource-timeout",
            Problem::Network(_) => "error-resource-network",
            Problem::Unreadable(u) => u.message_id(),
            Problem::NoReadableResource => "error-resource-none",
        }
    }

    /// Whether asking again later may work: no answer, a broken
    /// connection, a server error or "too many requests".
    pub fn is_temporary(&self) -> bool {
        match self {
            Problem::Timeout | Problem::Network(_) => true,
            Problem::Status(s) => *s >= 500 || *s == 429,
            Problem::Unreadable(_) | Problem::NoReadableResource => false,
        }
    }

    /// The HTTP status the server answered with, when it answered.
    pub fn status(&self) -> Option<i32> {
        match self {
            Problem::Status(s) => Some(i32::from(*s)),
            Problem::Unreadable(_) => Some(200),
            Problem::Timeout | Problem::Network(_) | Problem::NoReadableResource => None,
        }
    }
}

/// A client for reading resources, with the connect timeout of `limits`.
pub fn client(limits: &Limits) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(limits.connect_timeout)
        .user_agent(concat!("contest-portal/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Downloads at most `limits.max_bytes` of the resource at `url` and reads
/// its sample; `declared` is the catalogue's format for it ("CSV", "ZIP", …).
pub async fn sample(
    client: &reqwest::Client,
    url: &str,
    declared: &str,
    limits: &Limits,
) -> Result<Sample, Problem> {
    let (bytes, content_type, truncated) =
        tokio::time::timeout(limits.timeout, first_bytes(client, url, limits.max_bytes))
            .await
            .map_err(|_| Problem::Timeout)??;
    read_sample(&bytes, declared, content_type.as_deref(), truncated).map_err(Problem::Unreadable)
}

/// The first `max` bytes of the body, its Content-Type, and whether more followed.
async fn first_bytes(
    client: &reqwest::Client,
    url: &str,
    max: usize,
) -> Result<(Vec<u8>, Option<String>, bool), Problem> {
    let mut response = client.get(url).send().await.map_err(network)?;
    if !response.status().is_success() {
        return Err(Problem::Status(response.status().as_u16()));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut bytes = Vec::with_capacity(max.min(64 * 1024));
    let mut truncated = false;
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        let room = max - bytes.len();
        if chunk.len() >= room {
            bytes.extend_from_slice(&chunk[..room]);
            // Whatever is left of the body is not read: dropping the
            // response closes the connection.
            truncated = chunk.len() > room || response.content_length() != Some(max as u64);
            break;
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((bytes, content_type, truncated))
}

fn network(e: reqwest::Error) -> Problem {
    if e.is_timeout() {
        Problem::Timeout
    } else {
        Problem::Network(e.to_string())
    }
}
