//! Open datasets as the portal keeps them: one normalised record whatever
//! source it came from, checked before it is stored, with the text it is
//! searched by and a digest that tells whether a re-sync changed anything.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

/// Where a dataset record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Mol,
    DataGov,
    Csv,
    Manual,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Mol => "mol",
            Source::DataGov => "datagov",
            Source::Csv => "csv",
            Source::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        match s {
            "mol" => Some(Source::Mol),
            "datagov" => Some(Source::DataGov),
            "csv" => Some(Source::Csv),
            "manual" => Some(Source::Manual),
            _ => None,
        }
    }
}

/// Kept and shown by name ("mol", "datagov" …), as stored.
macro_rules! serialize_by_name {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
serialize_by_name!(Source);
serialize_by_name!(SyncSource);

/// What a sync run took its records from: MOL's service, data.gov.tw (a
/// refresh of the datasets already kept), the national export CSV, or the
/// snapshot bundled with the portal (first run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncSource {
    Mol,
    DataGov,
    Csv,
    Snapshot,
}

impl SyncSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncSource::Mol => "mol",
            SyncSource::DataGov => "datagov",
            SyncSource::Csv => "csv",
            SyncSource::Snapshot => "snapshot",
        }
    }

    pub fn parse(s: &str) -> Option<SyncSource> {
        match s {
            "mol" => Some(SyncSource::Mol),
            "datagov" => Some(SyncSource::DataGov),
            "csv" => Some(SyncSource::Csv),
            "snapshot" => Some(SyncSource::Snapshot),
            _ => None,
        }
    }

    /// The run that fetching from `source` makes: MOL's list, or a refresh
    /// of the kept datasets from data.gov.tw. A file or typed record is not
    /// fetched, so it makes no such run.
    pub fn fetching(source: Source) -> Option<SyncSource> {
        match source {
            Source::Mol => Some(SyncSource::Mol),
            Source::DataGov => Some(SyncSource::DataGov),
            Source::Csv | Source::Manual => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub format: String,
    pub url: String,
    pub description: String,
    pub fields: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetRecord {
    pub source: Source,
    pub source_id: String,
    pub title: String,
    pub publisher: String,
    pub publisher_oid: String,
    pub description: String,
    pub fields: Vec<String>,
    pub update_frequency: String,
    pub license: String,
    pub published_at: Option<NaiveDateTime>,
    pub modified_at: Option<NaiveDateTime>,
    pub resources: Vec<Resource>,
}

/// Why a record from outside is not stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    #[error("the dataset id {0:?} is not a valid id")]
    BadId(String),
    #[error("dataset {0} has no title")]
    NoTitle(String),
    #[error("dataset {0} has no publisher")]
    NoPublisher(String),
}

/// A data.gov.tw dataset id: digits, letters and hyphens, at most 40.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl DatasetRecord {
    /// Tidies white space and checks what must be there. Lenient about shape,
    /// strict about what is stored.
    pub fn checked(mut self) -> Result<DatasetRecord, RecordProblem> {
        self.source_id = self.source_id.trim().to_string();
        if !valid_id(&self.source_id) {
            return Err(RecordProblem::BadId(self.source_id));
        }
        self.title = tidy(&self.title);
        self.publisher = tidy(&self.publisher);
        self.publisher_oid = self.publisher_oid.trim().to_string();
        self.description = self.description.trim().to_string();
        self.update_frequency = tidy(&self.update_frequency);
        self.license = tidy(&self.license);
        self.fields = self
            .fields
            .iter()
            .map(|f| tidy(f))
            .filter(|f| !f.is_empty())
            .collect();
        self.resources
            .retain(|r| !r.url.trim().is_empty() || !r.format.trim().is_empty());
        for r in &mut self.resources {
            r.format = r.format.trim().to_uppercase();
            r.url = r.url.trim().to_string();
            r.description = tidy(&r.description);
            r.fields = tidy(&r.fields);
        }
        if self.title.is_empty() {
            return Err(RecordProblem::NoTitle(self.source_id));
        }
        if self.publisher.is_empty() {
            return Err(RecordProblem::NoPublisher(self.source_id));
        }
        Ok(self)
    }

    /// Distinct resource formats, upper-case, in first-seen order.
    pub fn formats(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.resources {
            if !r.format.is_empty() && !out.contains(&r.format) {
                out.push(r.format.clone());
            }
        }
        out
    }

    /// What keyword search looks in: title, description, fields, publisher
    /// and id, lower-cased. Chinese needs no word splitting: LIKE finds any
    /// substring, so 「投保」 finds a title or description containing it.
    pub fn search_text(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.title,
            self.description,
            self.fields.join(" "),
            self.publisher,
            self.source_id
        )
        .to_lowercase()
    }

    /// A digest of everything stored, so an unchanged re-sync writes nothing.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        // The source is not content: the same dataset seen through MOL's
        // service and data.gov.tw must not count as a change.
        for part in [
            &self.source_id,
            &self.title,
            &self.publisher,
            &self.publisher_oid,
            &self.description,
            &self.fields.join("\u{1f}"),
            &self.update_frequency,
            &self.license,
            &self.published_at.map(|t| t.to_string()).unwrap_or_default(),
            &self.modified_at.map(|t| t.to_string()).unwrap_or_default(),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        for r in &self.resources {
            for part in [&r.format, &r.url, &r.description, &r.fields] {
                h.update(part.as_bytes());
                h.update([0u8]);
            }
        }
        hex::encode(h.finalize())
    }
}

/// The publishers whose datasets count for a new track unless the
/// organisers say otherwise: the Ministry of Labor and its agencies.
pub const DEFAULT_PUBLISHERS: &str = "勞動部\n勞動部勞工保險局\n勞動部勞動力發展署\n勞動部職業安全衛生署\n勞動部勞動基金運用局\n勞動部勞動及職業安全衛生研究所";

/// Whether a publisher counts for a track, given the track's list: an exact
/// name, or a listed name followed by a unit of it ("勞動部" also counts
/// "勞動部勞工保險局" only when that is listed too — names must match whole).
pub fn publisher_counts(publisher: &str, counted: &[&str]) -> bool {
    let p = tidy(publisher);
    counted.iter().any(|c| tidy(c) == p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> DatasetRecord {
        DatasetRecord {
            source: Source::DataGov,
            source_id: " 6262 ".into(),
            title: " 職業災害保險適用行業別及費率表 ".into(),
            publisher: "勞動部勞工保險局".into(),
            publisher_oid: String::new(),
            description: "提供投保單位查詢其單位適用之職災費率".into(),
            fields: vec!["序號".into(), " ".into(), "大分類".into()],
            update_frequency: "不定期".into(),
            license: "政府資料開放授權條款-第1版".into(),
            published_at: None,
            modified_at: None,
            resources: vec![
                Resource {
                    format: "csv".into(),
                    url: "https://x/a.csv".into(),
                    description: String::new(),
                    fields: String::new(),
                },
                Resource {
                    format: "CSV".into(),
                    url: "https://x/b.csv".into(),
                    description: String::new(),
                    fields: String::new(),
                },
                Resource {
                    format: "".into(),
                    url: " ".into(),
                    description: "empty".into(),
                    fields: String::new(),
                },
            ],
        }
    }

    #[test]
    fn records_are_tidied_and_checked() {
        let r = record().checked().unwrap();
        assert_eq!(r.source_id, "6262");
        assert_eq!(r.title, "職業災害保險適用行業別及費率表");
        assert_eq!(r.fields, vec!["序號", "大分類"]);
        assert_eq!(r.resources.len(), 2, "empty resources are dropped");
        assert_eq!(r.formats(), vec!["CSV"]);
        assert!(r.search_text().contains("投保"));
        let mut bad = record();
        bad.title = "  ".into();
        assert!(matches!(bad.checked(), Err(RecordProblem::NoTitle(_))));
        let mut bad = record();
        bad.source_id = "../etc".into();
        assert!(matches!(bad.checked(), Err(RecordProblem::BadId(_))));
    }

    #[test]
    fn the_hash_changes_only_with_content() {
        let a = record().checked().unwrap();
        let b = record().checked().unwrap();
        assert_eq!(a.content_hash(), b.content_hash());
        let mut c = b.clone();
        c.description.push('。');
        assert_ne!(a.content_hash(), c.content_hash());
    }

    #[test]
    fn sources_are_stored_by_name_and_only_remote_ones_are_fetched() {
        for s in [Source::Mol, Source::DataGov, Source::Csv, Source::Manual] {
            assert_eq!(Source::parse(s.as_str()), Some(s));
        }
        for s in [
            SyncSource::Mol,
            SyncSource::DataGov,
            SyncSource::Csv,
            SyncSource::Snapshot,
        ] {
            assert_eq!(SyncSource::parse(s.as_str()), Some(s));
        }
        assert_eq!(SyncSource::parse("ftp"), None);
        assert_eq!(SyncSource::fetching(Source::Mol), Some(SyncSource::Mol));
        assert_eq!(
            SyncSource::fetching(Source::DataGov),
            Some(SyncSource::DataGov)
        );
        assert_eq!(SyncSource::fetching(Source::Csv), None);
        assert_eq!(SyncSource::fetching(Source::Manual), None);
    }

    #[test]
    fn publishers_match_whole_names() {
        let counted = ["勞動部", "勞動部勞工保險局"];
        assert!(publisher_counts("勞動部勞工保險局", &counted));
        assert!(publisher_counts(" 勞動部 ", &counted));
        assert!(!publisher_counts("勞動部勞動力發展署", &counted));
        assert!(!publisher_counts("衛生福利部", &counted));
    }
}
