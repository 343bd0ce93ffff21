//! The open-data files' fields, defined once: each field's name, type,
//! meaning and value, so the CSV heading, the JSON keys and the
//! documentation page cannot drift apart.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde_json::{json, Map, Value as Json};

use super::timeline::taipei;

/// The licence every file is published under.
pub const LICENCE_NAME: &str = "政府資料開放授權條款－第1版";
pub const LICENCE_NAME_EN: &str = "Open Government Data License, version 1.0";
pub const LICENCE_URL: &str = "https://data.gov.tw/license";
/// What a re-user writes when they use the data (the licence asks for the
/// provider's name and this statement).
pub const ATTRIBUTION: &str =
    "本資料取自勞動部資料創新應用競賽平台，依政府資料開放授權條款－第1版釋出（https://data.gov.tw/license）。";
pub const ATTRIBUTION_EN: &str = "Data from the Ministry of Labor's data innovation contest portal, released under the Open Government Data License, version 1.0 (https://data.gov.tw/license).";
/// Lists in a CSV cell are joined with this (the JSON has arrays).
pub const LIST_SEPARATOR: &str = "; ";
/// How many board updates the Atom feed carries.
pub const FEED_ENTRIES: usize = 50;

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Integer,
    Text,
    Boolean,
    /// `2026-05-01`.
    Date,
    /// `2026-05-01T10:00:00+08:00` (Taipei time).
    DateTime,
    /// Texts: a JSON array, in CSV joined with `LIST_SEPARATOR`.
    List,
}

impl FieldType {
    /// Its name on the documentation page and in the JSON `fields` list.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Integer => "integer",
            FieldType::Text => "string",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
            FieldType::List => "array",
        }
    }
}

/// One value of a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Text(String),
    Boolean(bool),
    Date(NaiveDate),
    /// A stored UTC time, written in Taipei time.
    DateTime(NaiveDateTime),
    List(Vec<String>),
}

impl Value {
    pub fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    /// `Null` for an empty text.
    pub fn text_or_null(s: &str) -> Value {
        if s.is_empty() {
            Value::Null
        } else {
            Value::text(s)
        }
    }

    pub fn of<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
        v.map(f).unwrap_or(Value::Null)
    }

    /// Whether the value is of `kind` (a null only when `nullable`).
    pub fn fits(&self, kind: FieldType, nullable: bool) -> bool {
        matches!(
            (self, kind),
            (Value::Null, _) if nullable
        ) || matches!(
            (self, kind),
            (Value::Integer(_), FieldType::Integer)
                | (Value::Text(_), FieldType::Text)
                | (Value::Boolean(_), FieldType::Boolean)
                | (Value::Date(_), FieldType::Date)
                | (Value::DateTime(_), FieldType::DateTime)
                | (Value::List(_), FieldType::List)
        )
    }

    /// The value in a CSV cell: empty for null, `true`/`false`, ISO dates.
    pub fn csv(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Integer(n) => n.to_string(),
            Value::Text(s) => s.clone(),
            Value::Boolean(b) => b.to_string(),
            Value::Date(d) => date(*d),
            Value::DateTime(t) => datetime(*t),
            Value::List(l) => l.join(LIST_SEPARATOR),
        }
    }

    pub fn json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Integer(n) => json!(n),
            Value::Text(s) => json!(s),
            Value::Boolean(b) => json!(b),
            Value::Date(d) => json!(date(*d)),
            Value::DateTime(t) => json!(datetime(*t)),
            Value::List(l) => json!(l),
        }
    }
}

/// `2026-05-01`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A stored UTC time in Taipei time, RFC 3339: `2026-05-01T10:00:00+08:00`.
pub fn datetime(utc: NaiveDateTime) -> String {
    taipei()
        .from_utc_datetime(&utc)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// One documented field of the records `R`.
pub struct Field<R> {
    /// The CSV heading and JSON key: English snake_case, never renamed.
    pub name: &'static str,
    pub kind: FieldType,
    pub nullable: bool,
    /// The Fluent id of what the field means (the documentation page).
    pub about: &'static str,
    pub value: fn(&R) -> Value,
}

/// One of the published datasets: its fields over its records.
pub struct Dataset<R: 'static> {
    /// The file name without extension, and the id in the documentation.
    pub name: &'static str,
    pub fields: &'static [Field<R>],
}

impl<R> Dataset<R> {
    /// The CSV heading.
    pub fn header(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.name.to_string()).collect()
    }

    /// One record as CSV cells, in the heading's order.
    pub fn csv_row(&self, r: &R) -> Vec<String> {
        self.fields.iter().map(|f| (f.value)(r).csv()).collect()
    }

    /// One record as a JSON object whose keys are the fields' names.
    pub fn json_record(&self, r: &R) -> Json {
        let mut m = Map::new();
        for f in self.fields {
            m.insert(f.name.to_string(), (f.value)(r).json());
        }
        Json::Object(m)
    }

    /// The fields as the JSON envelope lists them.
    pub fn json_fields(&self) -> Json {
        json!(self
            .fields
            .iter()
            .map(|f| json!({ "name": f.name, "type": f.kind.as_str(), "nullable": f.nullable }))
            .collect::<Vec<_>>())
    }

    /// The fields whose value in `r` is not of their documented type.
    pub fn misfits(&self, r: &R) -> Vec<&'static str> {
        self.fields
            .iter()
            .filter(|f| !(f.value)(r).fits(f.kind, f.nullable))
            .map(|f| f.name)
            .collect()
    }
}

/// The JSON file: the licence, when it was made, the fields and the records.
pub fn envelope<R>(
    dataset: &Dataset<R>,
    records: &[R],
    generated: NaiveDateTime,
    documentation: &str,
) -> Json {
    json!({
        "dataset": dataset.name,
        "licence": { "name": LICENCE_NAME, "name_en": LICENCE_NAME_EN, "url": LICENCE_URL },
        "attribution": ATTRIBUTION,
        "attribution_en": ATTRIBUTION_EN,
        "documentation": documentation,
        "generated_at": datetime(generated),
        "fields": dataset.json_fields(),
        "count": records.len(),
        "records": records.iter().map(|r| dataset.json_record(r)).collect::<Vec<_>>(),
    })
}

// ---------------------------------------------------------------- results

/// One awarded entry of a published track, as the public results page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub contest_year: i32,
    pub contest_title: String,
    pub contest_title_en: String,
    pub track_id: i32,
    pub track: String,
    pub track_en: String,
    pub award: String,
    pub award_en: String,
    /// NT$.
    pub prize_amount: Option<i32>,
    pub entry_id: i32,
    pub team: String,
    /// "School department" of each current member, once.
    pub schools: Vec<String>,
    pub title: String,
    pub abstract_: String,
    pub demo_url: String,
    /// Catalogue ids and titles of the datasets the entry used, in its order.
    pub dataset_ids: Vec<String>,
    pub dataset_titles: Vec<String>,
    pub published_at: NaiveDateTime,
    /// The winner's public page, absolute.
    pub url: String,
}

#[rustfmt::skip]
pub const RESULTS: Dataset<ResultRow> = Dataset {
    name: "results",
    fields: &[
        Field { name: "contest_year", kind: FieldType::Integer, nullable: false, about: "od-results-contest-year", value: |r| Value::Integer(r.contest_year.into()) },
        Field { name: "contest_title", kind: FieldType::Text, nullable: false, about: "od-results-contest-title", value: |r| Value::text(&r.contest_title) },
        Field { name: "contest_title_en", kind: FieldType::Text, nullable: true, about: "od-results-contest-title-en", value: |r| Value::text_or_null(&r.contest_title_en) },
        Field { name: "track_id", kind: FieldType::Integer, nullable: false, about: "od-results-track-id", value: |r| Value::Integer(r.track_id.into()) },
        Field { name: "track", kind: FieldType::Text, nullable: false, about: "od-results-track", value: |r| Value::text(&r.track) },
        Field { name: "track_en", kind: FieldType::Text, nullable: true, about: "od-results-track-en", value: |r| Value::text_or_null(&r.track_en) },
        Field { name: "award", kind: FieldType::Text, nullable: false, about: "od-results-award", value: |r| Value::text(&r.award) },
        Field { name: "award_en", kind: FieldType::Text, nullable: true, about: "od-results-award-en", value: |r| Value::text_or_null(&r.award_en) },
        Field { name: "prize_amount", kind: FieldType::Integer, nullable: true, about: "od-results-prize-amount", value: |r| Value::of(r.prize_amount, |a| Value::Integer(a.into())) },
        Field { name: "entry_id", kind: FieldType::Integer, nullable: false, about: "od-results-entry-id", value: |r| Value::Integer(r.entry_id.into()) },
        Field { name: "team_name", kind: FieldType::Text, nullable: false, about: "od-results-team-name", value: |r| Value::text(&r.team) },
        Field { name: "schools_departments", kind: FieldType::List, nullable: false, about: "od-results-schools", value: |r| Value::List(r.schools.clone()) },
        Field { name: "entry_title", kind: FieldType::Text, nullable: false, about: "od-results-entry-title", value: |r| Value::text(&r.title) },
        Field { name: "abstract", kind: FieldType::Text, nullable: false, about: "od-results-abstract", value: |r| Value::text(&r.abstract_) },
        Field { name: "demo_url", kind: FieldType::Text, nullable: true, about: "od-results-demo-url", value: |r| Value::text_or_null(&r.demo_url) },
        Field { name: "dataset_ids", kind: FieldType::List, nullable: false, about: "od-results-dataset-ids", value: |r| Value::List(r.dataset_ids.clone()) },
        Field { name: "dataset_titles", kind: FieldType::List, nullable: false, about: "od-results-dataset-titles", value: |r| Value::List(r.dataset_titles.clone()) },
        Field { name: "results_published_at", kind: FieldType::DateTime, nullable: false, about: "od-results-published-at", value: |r| Value::DateTime(r.published_at) },
        Field { name: "url", kind: FieldType::Text, nullable: false, about: "od-results-url", value: |r| Value::text(&r.url) },
    ],
};

// ---------------------------------------------------------------- requests

/// One request on the public board, as its public page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub id: i32,
    pub url: String,
    pub title: String,
    pub description: String,
    pub fields: String,
    pub purpose: String,
    pub preferred_format: String,
    pub needed_by: Option<NaiveDate>,
    /// The state's code (`domain::data_request::State::as_str`).
    pub state: &'static str,
    pub unit: Option<String>,
    pub unit_en: Option<String>,
    /// Only when its requester chose to show it.
    pub team: Option<String>,
    pub filed_at: NaiveDateTime,
    pub routed_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub expected_on: Option<NaiveDate>,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_working_days: Option<i32>,
    pub answered_in_time: Option<bool>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub dataset_id: Option<String>,
    pub duplicate_of: Option<i32>,
    pub followers: i64,
    pub updated_at: NaiveDateTime,
}

fn opt_text(s: &Option<String>) -> Value {
    Value::of(s.as_deref().filter(|s| !s.is_empty()), Value::text)
}

#[rustfmt::skip]
pub const REQUESTS: Dataset<RequestRow> = Dataset {
    name: "requests",
    fields: &[
        Field { name: "request_id", kind: FieldType::Integer, nullable: false, about: "od-requests-id", value: |r| Value::Integer(r.id.into()) },
        Field { name: "url", kind: FieldType::Text, nullable: false, about: "od-requests-url", value: |r| Value::text(&r.url) },
        Field { name: "title", kind: FieldType::Text, nullable: false, about: "od-requests-title", value: |r| Value::text(&r.title) },
        Field { name: "description", kind: FieldType::Text, nullable: false, about: "od-requests-description", value: |r| Value::text(&r.description) },
        Field { name: "fields_wanted", kind: FieldType::Text, nullable: true, about: "od-requests-fields", value: |r| Value::text_or_null(&r.fields) },
        Field { name: "purpose", kind: FieldType::Text, nullable: false, about: "od-requests-purpose", value: |r| Value::text(&r.purpose) },
        Field { name: "preferred_format", kind: FieldType::Text, nullable: true, about: "od-requests-format", value: |r| Value::text_or_null(&r.preferred_format) },
        Field { name: "needed_by", kind: FieldType::Date, nullable: true, about: "od-requests-needed-by", value: |r| Value::of(r.needed_by, Value::Date) },
        Field { name: "state", kind: FieldType::Text, nullable: false, about: "od-requests-state", value: |r| Value::text(r.state) },
        Field { name: "unit", kind: FieldType::Text, nullable: true, about: "od-requests-unit", value: |r| opt_text(&r.unit) },
        Field { name: "unit_en", kind: FieldType::Text, nullable: true, about: "od-requests-unit-en", value: |r| opt_text(&r.unit_en) },
        Field { name: "team_name", kind: FieldType::Text, nullable: true, about: "od-requests-team", value: |r| opt_text(&r.team) },
        Field { name: "filed_at", kind: FieldType::DateTime, nullable: false, about: "od-requests-filed-at", value: |r| Value::DateTime(r.filed_at) },
        Field { name: "routed_on", kind: FieldType::Date, nullable: true, about: "od-requests-routed-on", value: |r| Value::of(r.routed_on, Value::Date) },
        Field { name: "due_on", kind: FieldType::Date, nullable: true, about: "od-requests-due-on", value: |r| Value::of(r.due_on, Value::Date) },
        Field { name: "expected_on", kind: FieldType::Date, nullable: true, about: "od-requests-expected-on", value: |r| Value::of(r.expected_on, Value::Date) },
        Field { name: "answered_at", kind: FieldType::DateTime, nullable: true, about: "od-requests-answered-at", value: |r| Value::of(r.answered_at, Value::DateTime) },
        Field { name: "answered_working_days", kind: FieldType::Integer, nullable: true, about: "od-requests-answered-days", value: |r| Value::of(r.answered_working_days, |d| Value::Integer(d.into())) },
        Field { name: "answered_in_time", kind: FieldType::Boolean, nullable: true, about: "od-requests-answered-in-time", value: |r| Value::of(r.answered_in_time, Value::Boolean) },
        Field { name: "reason_code", kind: FieldType::Text, nullable: true, about: "od-requests-reason-code", value: |r| opt_text(&r.reason_code) },
        Field { name: "reason", kind: FieldType::Text, nullable: true, about: "od-requests-reason", value: |r| opt_text(&r.reason) },
        Field { name: "dataset_id", kind: FieldType::Text, nullable: true, about: "od-requests-dataset-id", value: |r| opt_text(&r.dataset_id) },
        Field { name: "duplicate_of", kind: FieldType::Integer, nullable: true, about: "od-requests-duplicate-of", value: |r| Value::of(r.duplicate_of, |d| Value::Integer(d.into())) },
        Field { name: "followers", kind: FieldType::Integer, nullable: false, about: "od-requests-followers", value: |r| Value::Integer(r.followers) },
        Field { name: "updated_at", kind: FieldType::DateTime, nullable: false, about: "od-requests-updated-at", value: |r| Value::DateTime(r.updated_at) },
    ],
};

// ---------------------------------------------------------------- Atom

/// An Atom 1.0 feed, its entries newest first.
pub struct Feed {
    /// A permanent IRI (the feed's own URL).
    pub id: String,
    pub title: String,
    pub self_url: String,
    /// The page the feed follows (the board).
    pub alternate_url: String,
    pub author: String,
    pub rights: String,
    pub lang: &'static str,
    /// When nothing has happened yet: when the feed was made.
    pub generated: NaiveDateTime,
    pub entries: Vec<FeedEntry>,
}

pub struct FeedEntry {
    /// A permanent IRI: the request's URL with the event's anchor.
    pub id: String,
    pub title: String,
    pub link: String,
    pub updated: NaiveDateTime,
    pub summary: String,
}

/// The feed as Atom 1.0 XML (RFC 4287), every text escaped.
pub fn atom(feed: &Feed) -> String {
    use quick_xml::escape::escape;
    let updated = feed
        .entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(feed.generated);
    let mut out = String::with_capacity(1024 + feed.entries.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(feed.lang)
    ));
    out.push_str(&format!("  <id>{}</id>\n", escape(&feed.id)));
    out.push_str(&format!("  <title>{}</title>\n", escape(&feed.title)));
    out.push_str(&format!("  <updated>{}</updated>\n", datetime(updated)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&feed.self_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&feed.alternate_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"license\" href=\"{}\"/>\n",
        escape(LICENCE_URL)
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&feed.author)
    ));
    out.push_str(&format!("  <rights>{}</rights>\n", escape(&feed.rights)));
    for e in &feed.entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
        out.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&e.link)
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", datetime(e.updated)));
        out.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape(&e.summary)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn result() -> ResultRow {
        ResultRow {
            contest_year: 2026,
            contest_title: "2026 競賽".into(),
            contest_title_en: String::new(),
            track_id: 1,
            track: "就業組".into(),
            track_en: "Jobs".into(),
            award: "第一名".into(),
            award_en: String::new(),
            prize_amount: Some(60000),
            entry_id: 7,
            team: "隊".into(),
            schools: vec![
                "國立政治大學 資訊管理學系".into(),
                "國立臺灣大學 社會工作學系".into(),
            ],
            title: "作品".into(),
            abstract_: "摘要".into(),
            demo_url: String::new(),
            dataset_ids: vec!["6262".into()],
            dataset_titles: vec!["職災保險費率".into()],
            published_at: at("2026-05-01 02:00:00"),
            url: "https://example.org/contests/2026/tracks/1/winners/7".into(),
        }
    }

    #[test]
    fn names_are_unique_snake_case_and_every_value_fits_its_type() {
        fn check<R>(d: &Dataset<R>) {
            let mut names: Vec<_> = d.fields.iter().map(|f| f.name).collect();
            assert!(names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
            names.sort();
            names.dedup();
            assert_eq!(names.len(), d.fields.len(), "{} has a name twice", d.name);
        }
        check(&RESULTS);
        check(&REQUESTS);
        assert!(RESULTS.misfits(&result()).is_empty());
    }

    #[test]
    fn csv_cells_and_json_values_follow_the_types() {
        let r = result();
        let row = RESULTS.csv_row(&r);
        assert_eq!(row.len(), RESULTS.header().len());
        assert_eq!(row[0], "2026");
        assert_eq!(row[2], "", "an empty English title is null");
        assert_eq!(
            row[11],
            "國立政治大學 資訊管理學系; 國立臺灣大學 社會工作學系"
        );
        assert_eq!(row[17], "2026-05-01T10:00:00+08:00", "Taipei time");
        let j = RESULTS.json_record(&r);
        assert_eq!(j["contest_title_en"], Json::Null);
        assert_eq!(j["prize_amount"], json!(60000));
        assert_eq!(j["schools_departments"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn a_null_fits_only_a_nullable_field() {
        assert!(Value::Null.fits(FieldType::Text, true));
        assert!(!Value::Null.fits(FieldType::Text, false));
        assert!(!Value::text("1").fits(FieldType::Integer, false));
    }

    #[test]
    fn atom_escapes_every_text() {
        let feed = Feed {
            id: "https://x/open-data/requests.atom".into(),
            title: "需求 <&>".into(),
            self_url: "https://x/open-data/requests.atom?a=1&b=2".into(),
            alternate_url: "https://x/requests".into(),
            author: "勞動部".into(),
            rights: "r".into(),
            lang: "zh-TW",
            generated: at("2026-05-01 00:00:00"),
            entries: vec![FeedEntry {
                id: "https://x/requests/1#event-2".into(),
                title: "<script>\"&'".into(),
                link: "https://x/requests/1#event-2".into(),
                updated: at("2026-05-02 00:00:00"),
                summary: "a\nb".into(),
            }],
        };
        let xml = atom(&feed);
        assert!(xml.contains("需求 &lt;&amp;&gt;"));
        assert!(xml.contains("a=1&amp;b=2"));
        assert!(xml.contains("&lt;script&gt;&quot;&amp;&apos;"));
        assert!(xml.contains("<updated>2026-05-02T08:00:00+08:00</updated>"));
        assert!(!xml.contains("<script>"));
    }
}
