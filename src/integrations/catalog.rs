//! The open-data catalogue from outside: MOL's open-data service and
//! data.gov.tw's dataset API over HTTP, and the national catalogue export
//! CSV. Lenient about the shape of what comes in, strict about what is kept.
//! Nothing here touches the database: `service::catalog` stores what these
//! clients fetch and parse.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use crate::domain::catalog::{valid_id, DatasetRecord, RecordProblem, Resource, Source};
use crate::domain::timeline::taipei;

#[derive(Debug, Clone)]
pub struct CatalogConfig {
    pub mol_base: String,
    pub datagov_base: String,
    pub timeout: Duration,
    pub retries: u32,
    pub concurrency: usize,
    /// First pause before a retry; doubled each time.
    pub backoff: Duration,
}

impl Default for CatalogConfig {
    fn default() -> Self {
        CatalogConfig {
            mol_base: "https://apiservice.mol.gov.tw/OdService".into(),
            datagov_base: "https://data.gov.tw".into(),
            timeout: Duration::from_secs(20),
            retries: 3,
            concurrency: 4,
            backoff: Duration::from_millis(500),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// 4xx: asking again will not help.
    #[error("HTTP {0}")]
    Status(u16),
    /// 5xx, timeouts, refused connections: retried with backoff.
    #[error("temporary failure: {0}")]
    Transient(String),
    #[error("not valid JSON: {0}")]
    Malformed(String),
    /// The service answered 200 with `"success": false`.
    #[error("the service refused: {0}")]
    Refused(String),
    #[error(transparent)]
    Invalid(#[from] RecordProblem),
}

// ---------------------------------------------------------------- parsing

/// A key of a JSON object, whatever its case ("Frequency" or "frequency").
fn get<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| {
        obj.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(k))
            .map(|(_, v)| v)
    })
}

fn text(obj: &Map<String, Value>, keys: &[&str]) -> String {
    match get(obj, keys) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        _ => String::new(),
    }
}

/// Times without a zone are Taipei times; they are kept in UTC.
pub fn parse_taipei_time(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let local = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%Y/%m/%d"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })?;
    taipei()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.naive_utc())
}

fn envelope(body: &[u8]) -> Result<Value, FetchError> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| FetchError::Malformed(e.to_string()))?;
    if let Some(obj) = v.as_object() {
        if let Some(Value::Bool(false)) = get(obj, &["success"]) {
            let msg = text(obj, &["message", "error", "msg"]);
            return Err(FetchError::Refused(if msg.is_empty() {
                "success: false".into()
            } else {
                msg
            }));
        }
        if let Some(result) = get(obj, &["result", "data"]) {
            return Ok(result.clone());
        }
    }
    Ok(v)
}

/// One dataset's metadata in the data.gov.tw v2 shape (MOL's service answers
/// in the same shape).
pub fn parse_dataset(source: Source, body: &[u8]) -> Result<DatasetRecord, FetchError> {
    let mut v = envelope(body)?;
    if let Value::Array(items) = v {
        v = items.into_iter().next().unwrap_or(Value::Null);
    }
    let obj = v
        .as_object()
        .ok_or_else(|| FetchError::Malformed("the result is not an object".into()))?;
    let (publisher_oid, publisher) = {
        let raw = text(obj, &["publisherOID", "publisherOid"]);
        match raw.split_once('|') {
            Some((oid, name)) => (oid.trim().to_string(), name.trim().to_string()),
            None if !raw.is_empty() && !raw.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                (String::new(), raw)
            }
            None => (raw, text(obj, &["publisher", "organization", "agency"])),
        }
    };
    let publisher = if publisher.is_empty() {
        text(obj, &["publisher", "organization", "agency"])
    } else {
        publisher
    };
    let resources: Vec<Resource> = match get(obj, &["distribution", "resources"]) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|r| Resource {
                format: text(r, &["resourceFormat", "format"]),
                url: text(r, &["resourceDownloadUrl", "downloadURL", "url"]),
                description: text(r, &["resourceDescription", "description"]),
                fields: text(r, &["resourceField", "fields"]),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut field_text = text(obj, &["fieldDescription", "fields"]);
    if field_text.is_empty() {
        field_text = resources
            .first()
            .map(|r| r.fields.clone())
            .unwrap_or_default();
    }
    let record = DatasetRecord {
        source,
        source_id: text(obj, &["datasetId", "identifier", "id"]),
        title: text(obj, &["title", "name"]),
        publisher,
        publisher_oid,
        description: text(obj, &["notes", "description"]),
        fields: field_text
            .split(['、', ',', '，', ';'])
            .map(str::to_string)
            .collect(),
        update_frequency: text(obj, &["updateFrequency", "frequency", "accrualPeriodicity"]),
        license: text(obj, &["license"]),
        published_at: parse_taipei_time(&text(obj, &["publishedDate", "issued"])),
        modified_at: parse_taipei_time(&text(obj, &["modifiedDate", "modified"])),
        resources,
    };
    Ok(record.checked()?)
}

/// The list of dataset ids from MOL's service.
pub fn parse_ids(body: &[u8]) -> Result<Vec<String>, FetchError> {
    let v = envelope(body)?;
    let items = v
        .as_array()
        .ok_or_else(|| FetchError::Malformed("the id list is not a list".into()))?;
    let mut ids: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Object(o) => Some(text(o, &["datasetId", "id", "identifier"])),
            _ => None,
        })
        .filter(|s| valid_id(s))
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

// ---------------------------------------------------------------- HTTP

pub struct CatalogClient {
    http: reqwest::Client,
    pub cfg: CatalogConfig,
}

impl CatalogClient {
    pub fn new(cfg: CatalogConfig) -> anyhow::Result<CatalogClient> {
        let http = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .user_agent(concat!("contest-portal/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(CatalogClient { http, cfg })
    }

    async fn get_once(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let resp = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| FetchError::Transient(e.to_string()))?;
        let status = resp.status();
        if status.is_server_error() || status.as_u16() == 429 {
            return Err(FetchError::Transient(format!("HTTP {}", status.as_u16())));
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        resp.bytes()
            .await
            .map(|b| b.to_vec())
            .map_err(|e| FetchError::Transient(e.to_string()))
    }

    /// GET with retries on temporary failures, pausing longer each time.
    pub async fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let mut pause = self.cfg.backoff;
        let mut attempt = 0;
        loop {
            match self.get_once(url).await {
                Err(FetchError::Transient(e)) if attempt < self.cfg.retries => {
                    tracing::debug!(url, error = %e, attempt, "retrying");
                    tokio::time::sleep(pause).await;
                    pause = pause.saturating_mul(2).min(Duration::from_secs(30));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    pub fn dataset_url(&self, source: Source, id: &str) -> String {
        match source {
            Source::Mol => format!(
                "{}/rest/dataset/{id}",
                self.cfg.mol_base.trim_end_matches('/')
            ),
            _ => format!(
                "{}/api/v2/rest/dataset/{id}",
                self.cfg.datagov_base.trim_end_matches('/')
            ),
        }
    }

    pub async fn fetch(&self, source: Source, id: &str) -> Result<DatasetRecord, FetchError> {
        if !valid_id(id) {
            return Err(FetchError::Invalid(RecordProblem::BadId(id.to_string())));
        }
        let body = self.get(&self.dataset_url(source, id)).await?;
        let record = parse_dataset(source, &body)?;
        if record.source_id != id {
            return Err(FetchError::Malformed(format!(
                "asked for {id}, got {}",
                record.source_id
            )));
        }
        Ok(record)
    }

    /// Fetches each of `ids`, at most `concurrency` at once, yielding each
    /// result as it arrives (one failure never stops the rest).
    pub fn fetch_each(
        &self,
        source: Source,
        ids: Vec<String>,
    ) -> impl futures_util::Stream<Item = (String, Result<DatasetRecord, FetchError>)> + '_ {
        futures_util::stream::iter(ids)
            .map(move |id| async move {
                let r = self.fetch(source, &id).await;
                (id, r)
            })
            .buffer_unordered(self.cfg.concurrency.max(1))
    }

    pub async fn fetch_ids(&self, since: Option<NaiveDate>) -> Result<Vec<String>, FetchError> {
        let mut url = format!("{}/rest/dataset", self.cfg.mol_base.trim_end_matches('/'));
        if let Some(d) = since {
            url.push_str(&format!("?modified={}", d.format("%Y-%m-%d")));
        }
        parse_ids(&self.get(&url).await?)
    }
}

// ---------------------------------------------------------------- CSV export

/// Reads the national catalogue export CSV (UTF-8, BOM or not). Resources are
/// split on ";" and paired by position. Only rows whose publisher starts
/// with one of `publishers` are kept; bad rows are reported, not fatal.
pub fn parse_export_csv(bytes: &[u8], publishers: &[&str]) -> (Vec<DatasetRecord>, Vec<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return (Vec::new(), vec![format!("header: {e}")]),
    };
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (id, title, desc, fields, publisher, freq, license, formats, urls, published, modified) = (
        col("資料集識別碼"),
        col("資料集名稱"),
        col("資料集描述"),
        col("主要欄位說明"),
        col("提供機關"),
        col("更新頻率"),
        col("授權方式"),
        col("檔案格式"),
        col("資料下載網址"),
        col("上架日期"),
        col("詮釋資料更新時間"),
    );
    if id.is_none() || title.is_none() || publisher.is_none() {
        return (
            Vec::new(),
            vec!["the file lacks the columns 資料集識別碼, 資料集名稱 or 提供機關".into()],
        );
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, row) in reader.records().enumerate() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("row {}: {e}", n + 2));
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|i| row.get(i)).unwrap_or("").trim().to_string();
        let pubname = get(publisher);
        if !publishers.is_empty() && !publishers.iter().any(|p| pubname.starts_with(p)) {
            continue;
        }
        let fmts: Vec<String> = get(formats)
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let links: Vec<String> = get(urls).split(';').map(|s| s.trim().to_string()).collect();
        // Formats and URLs pair by position. Where the export lists each
        // format once for a dataset with many files, the formats repeat in
        // the same order (as the dataset's own metadata shows).
        let resources = links
            .iter()
            .enumerate()
            .filter(|(_, url)| !url.is_empty())
            .map(|(i, url)| Resource {
                format: if fmts.is_empty() {
                    String::new()
                } else {
                    fmts[i % fmts.len()].clone()
                },
                url: url.clone(),
                description: String::new(),
                fields: String::new(),
            })
            .collect();
        let record = DatasetRecord {
            source: Source::Csv,
            source_id: get(id),
            title: get(title),
            publisher: pubname,
            publisher_oid: String::new(),
            description: get(desc),
            fields: get(fields)
                .split(['、', ',', '，', ';'])
                .map(str::to_string)
                .collect(),
            update_frequency: get(freq),
            license: get(license),
            published_at: parse_taipei_time(&get(published)),
            modified_at: parse_taipei_time(&get(modified)),
            resources,
        };
        match record.checked() {
            Ok(r) => out.push(r),
            Err(e) => errors.push(format!("row {}: {e}", n + 2)),
        }
    }
    (out, errors)
}

/// The bundled snapshot of MOL datasets (data.gov.tw v2 `result` objects).
pub fn bundled_snapshot() -> Vec<DatasetRecord> {
    let raw: Vec<Value> =
        serde_json::from_str(include_str!("../../assets/catalog/mol-snapshot.json"))
            .unwrap_or_default();
    raw.into_iter()
        .filter_map(|v| {
            parse_dataset(Source::DataGov, serde_json::to_string(&v).ok()?.as_bytes()).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taipei_times_become_utc() {
        assert_eq!(
            parse_taipei_time("2018-03-13 11:24:00")
                .unwrap()
                .to_string(),
            "2018-03-13 03:24:00"
        );
        assert_eq!(
            parse_taipei_time("2013/09/06").unwrap().to_string(),
            "2013-09-05 16:00:00"
        );
        assert!(parse_taipei_time("yesterday").is_none());
        assert!(parse_taipei_time("").is_none());
    }

    #[test]
    fn lenient_on_shape_strict_on_content() {
        let body = br#"{"success":true,"result":{"DatasetID":6262,"Title":"  t  ","PublisherOID":"2.16.886|some agency","Frequency":"monthly","unknown":[1,2],"Distribution":[{"ResourceFormat":"csv","ResourceDownloadURL":"https://x/y"}]}}"#;
        let r = parse_dataset(Source::DataGov, body).unwrap();
        assert_eq!(
            (r.source_id.as_str(), r.title.as_str(), r.publisher.as_str()),
            ("6262", "t", "some agency")
        );
        assert_eq!(r.publisher_oid, "2.16.886");
        assert_eq!(r.update_frequency, "monthly");
        assert_eq!(r.resources[0].format, "CSV");
        assert!(matches!(
            parse_dataset(Source::DataGov, b"{not json"),
            Err(FetchError::Malformed(_))
        ));
        assert!(
            matches!(parse_dataset(Source::DataGov, br#"{"success":false,"message":"no such id"}"#), Err(FetchError::Refused(m)) if m == "no such id")
        );
        assert!(matches!(
            parse_dataset(
                Source::DataGov,
                br#"{"success":true,"result":{"datasetId":"1"}}"#
            ),
            Err(FetchError::Invalid(_))
        ));
    }

    #[test]
    fn id_lists_in_several_shapes() {
        assert_eq!(
            parse_ids(br#"{"success":true,"result":["2","1",3,{"datasetId":"4"},"../x"]}"#)
                .unwrap(),
            vec!["1", "2", "3", "4"]
        );
        assert_eq!(parse_ids(br#"["9"]"#).unwrap(), vec!["9"]);
        assert!(parse_ids(br#"{"success":true,"result":{"a":1}}"#).is_err());
    }

    #[test]
    fn the_bundled_snapshot_parses() {
        let all = bundled_snapshot();
        assert_eq!(all.len(), 31);
        assert!(all.iter().all(|r| r.publisher.starts_with("勞動部")));
    }
}
