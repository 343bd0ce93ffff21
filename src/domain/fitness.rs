//! What a dataset resource's first bytes hold (its format, text encoding, real columns and a few sample rows, or why it cannot be read as data) and what a dataset's resource formats say of its machine-readability.

use std::collections::BTreeSet;

/// At most this many sample rows are kept for a dataset's fitness card.
pub const SAMPLE_ROWS: usize = 5;

/// A tabular format this reader can sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Xml,
}

/// How the resource's text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 opened by a byte-order mark.
    Utf8Bom,
    /// Big5 as Windows code page 950 reads it.
    Big5,
}

/// A resource's real columns and its first rows (at most [`SAMPLE_ROWS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub format: Format,
    pub encoding: Encoding,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Why a resource cannot be read as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A ZIP, RAR, 7z or gzip archive (by its magic bytes or its declared format).
    Compressed,
    /// A PDF, DOC, DOCX or ODT document.
    DocumentOnly,
    /// A spreadsheet workbook (XLS, XLSX, ODS): a table, but not one this
    /// reader samples (an XLSX is a ZIP inside, yet not a "compressed file").
    Spreadsheet,
    /// An HTML page (typically an error page) served where data was promised.
    HtmlInsteadOfData,
    /// Text, but no table of columns and rows in it.
    NotTabular,
    /// Nothing but white space.
    Empty,
}

impl Unreadable {
    /// The Fluent message id that explains the refusal.
    pub fn message_id(self) -> &'static str {
        match self {
            Unreadable::Compressed => "error-resource-compressed",
            Unreadable::DocumentOnly => "error-resource-document-only",
            Unreadable::Spreadsheet => "error-resource-spreadsheet",
            Unreadable::HtmlInsteadOfData => "error-resource-html",
            Unreadable::NotTabular => "error-resource-not-tabular",
            Unreadable::Empty => "error-resource-empty",
        }
    }
}

/// What a catalogue format name (or a resource's bytes) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Data(Format),
    Compressed,
    Document,
    Spreadsheet,
    Other,
}

/// The kind of a format name as the catalogue writes it ("CSV", ".csv", "zip", "text/csv").
pub fn kind_of(format: &str) -> Kind {
    let f = format.trim().trim_start_matches('.').to_ascii_lowercase();
    let f = f.rsplit(['/', '+']).next().unwrap_or("");
    match f {
        "csv" => Kind::Data(Format::Csv),
        "json" => Kind::Data(Format::Json),
        "xml" => Kind::Data(Format::Xml),
        "zip" | "壓縮檔" | "x-zip-compressed" | "rar" | "x-rar-compressed" | "vnd.rar" | "7z"
        | "x-7z-compressed" | "gz" | "gzip" | "x-gzip" => Kind::Compressed,
        "pdf"
        | "文件"
        | "doc"
        | "docx"
        | "odt"
        | "msword"
        | "vnd.oasis.opendocument.text"
        | "vnd.openxmlformats-officedocument.wordprocessingml.document" => Kind::Document,
        "xls"
        | "xlsx"
        | "ods"
        | "vnd.ms-excel"
        | "vnd.oasis.opendocument.spreadsheet"
        | "vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Kind::Spreadsheet,
        _ => Kind::Other,
    }
}

/// Machine-readability flags of a dataset, from the formats of its resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    /// Every resource is an archive (the ministry is penalised for these).
    pub compressed_only: bool,
    /// Every resource is a document (PDF/DOC/DOCX/ODT).
    pub document_only: bool,
    /// At least one resource is CSV, JSON or XML.
    pub machine_readable: bool,
}

/// The flags of a dataset whose resources have these formats.
pub fn flags(formats: &[&str]) -> Flags {
    let kinds: Vec<Kind> = formats.iter().map(|f| kind_of(f)).collect();
    let all = |k: Kind| !kinds.is_empty() && kinds.iter().all(|x| *x == k);
    Flags {
        compressed_only: all(Kind::Compressed),
        document_only: all(Kind::Document),
        machine_readable: kinds.iter().any(|k| matches!(k, Kind::Data(_))),
    }
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Xml => "XML",
        }
    }
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Big5 => "Big5",
        }
    }
}

/// The position (in `formats`, the resources in their catalogue order) of the
/// first resource that may be read as data: the first CSV, JSON or XML.
pub fn first_readable(formats: &[&str]) -> Option<usize> {
    formats
        .iter()
        .position(|f| matches!(kind_of(f), Kind::Data(_)))
}

/// A column name as compared: without surrounding or inner white space,
/// byte-order marks and zero-width characters, and case-insensitive.
fn field_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The declared fields that are not among `columns` (compared without white
/// space and case), in the order declared.
pub fn missing_fields<'a>(declared: &'a [String], columns: &[String]) -> Vec<&'a str> {
    let have: BTreeSet<String> = columns.iter().map(|c| field_key(c)).collect();
    declared
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty() && !have.contains(&field_key(d)))
        .collect()
}

/// The declared fields that were among `before` and are not among `after`:
/// what a change of a dataset's columns took away from an entry.
pub fn lost_fields<'a>(
    declared: &'a [String],
    before: &[String],
    after: &[String],
) -> Vec<&'a str> {
    let was: BTreeSet<String> = before.iter().map(|c| field_key(c)).collect();
    missing_fields(declared, after)
        .into_iter()
        .filter(|d| was.contains(&field_key(d)))
        .collect()
}

/// How often a dataset says it is updated, in days ("每月" → 31), or `None`
/// when it names no regular interval ("不定期", "即時", unknown words).
pub fn update_interval_days(frequency: &str) -> Option<i64> {
    let f = frequency.trim().to_lowercase();
    let f = f.trim_start_matches('每');
    let digits: String = f.chars().take_while(|c| c.is_ascii_digit()).collect();
    let times: i64 = if digits.is_empty() {
        1
    } else {
        digits.parse().ok()?
    };
    let unit = f[digits.len()..].trim_start_matches('個').trim();
    let days = match unit {
        "日" | "天" | "daily" | "day" => 1,
        "週" | "周" | "星期" | "weekly" | "week" => 7,
        "月" | "monthly" | "month" => 31,
        "季" | "quarterly" | "quarter" => 92,
        "半年" | "half-yearly" | "semiannually" => 183,
        "年" | "yearly" | "annually" | "annual" | "year" => 366,
        _ => return None,
    };
    (times > 0 && times <= 100).then_some(times * days)
}

/// Whether a dataset last updated at `modified_at` is behind the interval
/// it states: more than one and a half intervals (at least three days more)
/// without an update. `None` when it states no interval or no date.
pub fn stale(
    frequency: &str,
    modified_at: Option<chrono::NaiveDateTime>,
    now: chrono::NaiveDateTime,
) -> Option<bool> {
    let days = update_interval_days(frequency)?;
    let modified = modified_at?;
    let allowed = chrono::Duration::days(days + (days / 2).max(3));
    Some(now - modified > allowed)
}

/// Whether the last attempt to read a resource says its link is broken:
/// the server answered with an error status, or did not answer at all.
pub fn link_broken(problem: &str) -> bool {
    matches!(
        problem,
        "error-resource-status" | "error-resource-timeout" | "error-resource-network"
    )
}

/// What a resource's opening bytes prove it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    /// ZIP (also inside DOCX, XLSX, ODT, ODS), RAR, 7z or gzip.
    Archive,
    Pdf,
    /// An OLE compound file: DOC or XLS.
    Office,
}

fn magic(bytes: &[u8]) -> Option<Magic> {
    const MAGIC: &[(&[u8], Magic)] = &[
        (b"PK\x03\x04", Magic::Archive),
        (b"PK\x05\x06", Magic::Archive),
        (b"Rar!\x1a\x07", Magic::Archive),
        (b"7z\xbc\xaf\x27\x1c", Magic::Archive),
        (b"\x1f\x8b", Magic::Archive),
        (b"%PDF-", Magic::Pdf),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Magic::Office),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, k)| *k)
}

/// The text of `bytes` and its encoding: UTF-8 (with or without BOM) when
/// valid, else Big5. When `truncated`, a character cut at the end is dropped.
pub fn decode(bytes: &[u8], truncated: bool) -> (String, Encoding) {
    let (body, utf8) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, Encoding::Utf8Bom),
        None => (bytes, Encoding::Utf8),
    };
    match std::str::from_utf8(body) {
        Ok(s) => return (s.to_string(), utf8),
        // Only the last character is incomplete: cut there.
        Err(e) if truncated && e.error_len().is_none() => {
            let s = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default();
            return (s.to_string(), utf8);
        }
        Err(_) if utf8 == Encoding::Utf8Bom => {
            return (String::from_utf8_lossy(body).into_owned(), utf8);
        }
        Err(_) => {}
    }
    let text = if truncated {
        // `last = false` keeps a cut lead byte back instead of decoding it.
        let mut decoder = encoding_rs::BIG5.new_decoder_without_bom_handling();
        let mut s = String::with_capacity(body.len() * 3 / 2 + 4);
        let (_, _, _) = decoder.decode_to_string(body, &mut s, false);
        s
    } else {
        encoding_rs::BIG5
            .decode_without_bom_handling(body)
            .0
            .into_owned()
    };
    (text, Encoding::Big5)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<') && (head.contains("<html") || head.contains("<body")))
}

/// Reads a sample from the first bytes of a resource. `declared` is the
/// catalogue's format, `content_type` what the server said, and `truncated`
/// whether more bytes followed those given (so the last line may be cut).
pub fn read_sample(
    bytes: &[u8],
    declared: &str,
    content_type: Option<&str>,
    truncated: bool,
) -> Result<Sample, Unreadable> {
    let declared_kind = kind_of(declared);
    match (magic(bytes), declared_kind) {
        (Some(Magic::Pdf), _) => return Err(Unreadable::DocumentOnly),
        // A workbook is a ZIP (XLSX, ODS) or an OLE file like a DOC (XLS).
        (_, Kind::Spreadsheet) => return Err(Unreadable::Spreadsheet),
        (Some(Magic::Office), _) | (_, Kind::Document) => return Err(Unreadable::DocumentOnly),
        (Some(Magic::Archive), _) | (_, Kind::Compressed) => return Err(Unreadable::Compressed),
        _ => {}
    }
    let (text, encoding) = decode(bytes, truncated);
    let trimmed = text.trim_start();
    if trimmed.trim_end().is_empty() {
        return Err(Unreadable::Empty);
    }
    let content_type = content_type.unwrap_or("").to_ascii_lowercase();
    let served_as_html = content_type.starts_with("text/html") && trimmed.starts_with('<');
    if looks_like_html(trimmed) || served_as_html {
        return Err(Unreadable::HtmlInsteadOfData);
    }
    // The content decides: a CSV never opens with these.
    let format = match trimmed.as_bytes()[0] {
        b'[' | b'{' => Format::Json,
        b'<' => Format::Xml,
        _ => Format::Csv,
    };
    let (columns, rows) = match format {
        Format::Csv => csv_table(&text, truncated)?,
        Format::Json => json_table(trimmed)?,
        Format::Xml => xml_table(trimmed)?,
    };
    if columns.iter().all(|c| c.is_empty()) {
        return Err(Unreadable::NotTabular);
    }
    Ok(Sample {
        format,
        encoding,
        columns,
        rows,
    })
}

type Table = (Vec<String>, Vec<Vec<String>>);

fn csv_table(text: &str, truncated: bool) -> Result<Table, Unreadable> {
    let text = if truncated {
        // The last line may be cut off mid-row.
        match text.rfind('\n') {
            Some(i) => &text[..=i],
            None => text,
        }
    } else {
        text
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|_| Unreadable::NotTabular)?
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records().take(SAMPLE_ROWS) {
        let Ok(record) = record else { break };
        let mut row: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if row.len() < columns.len() {
            row.resize(columns.len(), String::new());
        }
        rows.push(row);
    }
    Ok((columns, rows))
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Columns (keys in first-seen order) and rows of a list of JSON objects.
fn objects_table(objects: &[serde_json::Map<String, serde_json::Value>]) -> Table {
    let mut columns: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for o in objects {
        for k in o.keys() {
            if seen.insert(k.clone()) {
                columns.push(k.clone());
            }
        }
    }
    let rows = objects
        .iter()
        .take(SAMPLE_ROWS)
        .map(|o| {
            columns
                .iter()
                .map(|c| o.get(c).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    (columns, rows)
}

fn as_objects(v: &serde_json::Value) -> Option<Vec<serde_json::Map<String, serde_json::Value>>> {
    let items = v.as_array()?;
    let objects: Vec<_> = items
        .iter()
        .filter_map(|i| i.as_object().cloned())
        .collect();
    (!objects.is_empty()).then_some(objects)
}

fn json_table(text: &str) -> Result<Table, Unreadable> {
    let objects = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => as_objects(&v).or_else(|| v.as_object()?.values().find_map(as_objects)),
        // Cut off: read the whole objects of the first array.
        Err(_) => leading_objects(text),
    };
    match objects {
        Some(objects) => Ok(objects_table(&objects)),
        None => Err(Unreadable::NotTabular),
    }
}

/// The complete objects at the start of the first array of a cut-off JSON text.
fn leading_objects(text: &str) -> Option<Vec<serde_json::Map<String, serde_json::Value>>> {
    let mut pos = text.find('[')? + 1;
    let mut objects = Vec::new();
    loop {
        let rest = &text[pos..];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
                .len();
        pos += skip;
        let rest = &text[pos..];
        if rest.is_empty() || rest.starts_with(']') {
            break;
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        match stream.next() {
            Some(Ok(serde_json::Value::Object(o))) => {
                objects.push(o);
                pos += stream.byte_offset();
            }
            _ => break,
        }
        // Enough to know the columns of the first rows.
        if objects.len() >= 100 {
            break;
        }
    }
    (!objects.is_empty()).then_some(objects)
}

/// An element's attributes as (name, value) fields.
fn attributes(e: &quick_xml::events::BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .filter(|a| a.key.as_namespace_binding().is_none())
        .map(|a| {
            let value = a
                .unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (
                String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                value,
            )
        })
        .collect()
}

/// Records are the children of the root; their attributes and child
/// elements are the fields.
fn xml_table(text: &str) -> Result<Table, Unreadable> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut depth = 0usize;
    let mut records: Vec<Vec<(String, String)>> = Vec::new();
    let mut record: Vec<(String, String)> = Vec::new();
    let mut field: Option<(String, String)> = None;
    let name_of = |e: &quick_xml::events::BytesStart| {
        String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth == 2 {
                    record = attributes(&e);
                } else if depth == 3 {
                    field = Some((name_of(&e), String::new()));
                }
            }
            Ok(Event::Empty(e)) => {
                if depth == 1 {
                    records.push(attributes(&e));
                } else if depth == 2 {
                    record.push((name_of(&e), String::new()));
                }
            }
            Ok(Event::Text(t)) => {
                if let (3, Some((_, value))) = (depth, field.as_mut()) {
                    value.push_str(&t.unescape().map(|s| s.into_owned()).unwrap_or_default());
                }
            }
            Ok(Event::CData(t)) => {
                if let (3, Some((_, value))) = (depth, field.as_mut()) {
                    value.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(_)) => {
                if depth == 3 {
                    record.extend(field.take());
                } else if depth == 2 {
                    records.push(std::mem::take(&mut record));
                    if records.len() >= 100 {
                        break;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    records.retain(|r| !r.is_empty());
    if records.is_empty() {
        return Err(Unreadable::NotTabular);
    }
    let mut columns: Vec<String> = Vec::new();
    for r in &records {
        for (name, _) in r {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    let rows = records
        .iter()
        .take(SAMPLE_ROWS)
        .map(|r| {
            columns
                .iter()
                .map(|c| {
                    r.iter()
                        .find(|(n, _)| n == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    Ok((columns, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big5(s: &str) -> Vec<u8> {
        encoding_rs::BIG5.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_csv_with_and_without_bom() {
        let s = read_sample("年度,人數\n2024,3\n".as_bytes(), "CSV", None, false).unwrap();
        assert_eq!(s.encoding, Encoding::Utf8);
        assert_eq!(s.columns, ["年度", "人數"]);
        assert_eq!(s.rows, [["2024", "3"]]);
        let s = read_sample(b"\xef\xbb\xbfa,b\n1,2\n", "CSV", None, false).unwrap();
        assert_eq!(s.encoding, Encoding::Utf8Bom);
        assert_eq!(
            s.columns,
            ["a", "b"],
            "the BOM is not part of the first column"
        );
    }

    #[test]
    fn big5_csv_is_decoded() {
        let s = read_sample(
            &big5("年度,行業別,人數\n113,製造業,10\n"),
            "CSV",
            None,
            false,
        )
        .unwrap();
        assert_eq!(s.encoding, Encoding::Big5);
        assert_eq!(s.columns, ["年度", "行業別", "人數"]);
        assert_eq!(s.rows, [["113", "製造業", "10"]]);
    }

    #[test]
    fn a_character_cut_at_the_end_is_dropped() {
        let utf8 = "a,b\n1,年".as_bytes();
        let (text, enc) = decode(&utf8[..utf8.len() - 1], true);
        assert_eq!((text.as_str(), enc), ("a,b\n1,", Encoding::Utf8));
        let b = big5("年度,人數\n1,人");
        let (text, enc) = decode(&b[..b.len() - 1], true);
        assert_eq!((text.as_str(), enc), ("年度,人數\n1,", Encoding::Big5));
    }

    #[test]
    fn a_truncated_csv_loses_its_cut_line_and_keeps_five_rows() {
        let mut body = String::from("a,b\n");
        for i in 0..20 {
            body.push_str(&format!("{i},x{i}\n"));
        }
        let s = read_sample(body.as_bytes(), "CSV", None, false).unwrap();
        assert_eq!(s.rows.len(), SAMPLE_ROWS);
        let s = read_sample(b"a,b\n1,2\n3,4", "CSV", None, true).unwrap();
        assert_eq!(s.rows, [["1", "2"]], "the cut-off last line is dropped");
        let s = read_sample(b"a,b\n1,2\n3,4", "CSV", None, false).unwrap();
        assert_eq!(
            s.rows.len(),
            2,
            "a complete file keeps its unterminated last line"
        );
    }

    #[test]
    fn ragged_rows_are_read() {
        let s = read_sample(b"a,b,c\n1\n1,2,3,4\n", "CSV", None, false).unwrap();
        assert_eq!(s.rows, vec![vec!["1", "", ""], vec!["1", "2", "3", "4"]]);
    }

    #[test]
    fn json_arrays_and_wrapped_arrays() {
        let s = read_sample(
            br#"[{"a":1,"b":"x"},{"c":null,"a":2}]"#,
            "JSON",
            None,
            false,
        )
        .unwrap();
        assert_eq!(s.format, Format::Json);
        assert_eq!(s.columns, ["a", "b", "c"]);
        assert_eq!(s.rows, [["1", "x", ""], ["2", "", ""]]);
        let s = read_sample(
            br#"{"success":true,"result":[{"k":"v"}]}"#,
            "JSON",
            None,
            false,
        )
        .unwrap();
        assert_eq!(s.columns, ["k"]);
        let s = read_sample(br#"[{"a":1},{"a":2},{"a":"#, "JSON", None, true).unwrap();
        assert_eq!(
            s.rows,
            [["1"], ["2"]],
            "a cut-off array keeps its whole objects"
        );
        assert_eq!(
            read_sample(br#"{"a":1}"#, "JSON", None, false),
            Err(Unreadable::NotTabular)
        );
    }

    #[test]
    fn xml_records_are_the_roots_children() {
        let xml = "<?xml version=\"1.0\"?><rows><row><年度>113</年度><人數>5</人數></row>\
                   <row><年度>112</年度><備註/></row></rows>";
        let s = read_sample(xml.as_bytes(), "XML", None, false).unwrap();
        assert_eq!(s.format, Format::Xml);
        assert_eq!(s.columns, ["年度", "人數", "備註"]);
        assert_eq!(s.rows, [["113", "5", ""], ["112", "", ""]]);
        let s = read_sample(
            br#"<rows><row year="113" n="5"/><row year="112"><note>x</note></row></rows>"#,
            "XML",
            None,
            false,
        )
        .unwrap();
        assert_eq!(
            s.columns,
            ["year", "n", "note"],
            "attributes are fields too"
        );
        assert_eq!(s.rows, [["113", "5", ""], ["112", "", "x"]]);
        assert_eq!(
            read_sample(b"<a>text</a>", "XML", None, false),
            Err(Unreadable::NotTabular)
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(
            read_sample(b"PK\x03\x04rest", "CSV", None, false),
            Err(Unreadable::Compressed)
        );
        assert_eq!(
            read_sample(b"a,b", "RAR", None, false),
            Err(Unreadable::Compressed)
        );
        assert_eq!(
            read_sample(b"%PDF-1.7", "CSV", None, false),
            Err(Unreadable::DocumentOnly)
        );
        assert_eq!(
            read_sample(b"PK\x03\x04", "DOCX", None, false),
            Err(Unreadable::DocumentOnly),
            "a DOCX is a ZIP, but a document first"
        );
        assert_eq!(
            read_sample(b"PK\x03\x04", "XLSX", None, false),
            Err(Unreadable::Spreadsheet),
            "an XLSX is a ZIP, but not a compressed file"
        );
        assert_eq!(
            read_sample(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS", None, false),
            Err(Unreadable::Spreadsheet)
        );
        assert_eq!(
            read_sample(b"%PDF-1.4", "XLS", None, false),
            Err(Unreadable::DocumentOnly)
        );
        assert!(!flags(&["XLSX"]).compressed_only);
        assert_eq!(
            read_sample(
                b"<!DOCTYPE html><html><body>404</body></html>",
                "CSV",
                Some("text/csv"),
                false
            ),
            Err(Unreadable::HtmlInsteadOfData)
        );
        assert_eq!(
            read_sample(
                b"<p>Not found</p>",
                "CSV",
                Some("text/html; charset=utf-8"),
                false
            ),
            Err(Unreadable::HtmlInsteadOfData)
        );
        assert!(
            read_sample(b"a,b\n1,2\n", "CSV", Some("text/html"), false).is_ok(),
            "a CSV wrongly labelled as HTML is still data"
        );
        assert_eq!(
            read_sample(b" \r\n ", "CSV", None, false),
            Err(Unreadable::Empty)
        );
        assert_eq!(read_sample(b"", "CSV", None, false), Err(Unreadable::Empty));
    }

    #[test]
    fn message_ids_are_distinct() {
        let all = [
            Unreadable::Compressed,
            Unreadable::DocumentOnly,
            Unreadable::Spreadsheet,
            Unreadable::HtmlInsteadOfData,
            Unreadable::NotTabular,
            Unreadable::Empty,
        ];
        let ids: BTreeSet<_> = all.iter().map(|u| u.message_id()).collect();
        assert_eq!(ids.len(), all.len());
    }

    #[test]
    fn flags_from_resource_formats() {
        let f = flags(&["ZIP", "rar"]);
        assert!(f.compressed_only && !f.document_only && !f.machine_readable);
        let f = flags(&["PDF", ".odt"]);
        assert!(f.document_only && !f.compressed_only && !f.machine_readable);
        let f = flags(&["ZIP", "csv"]);
        assert!(!f.compressed_only && f.machine_readable);
        assert_eq!(flags(&[]), Flags::default());
    }

    #[test]
    fn the_first_readable_resource_is_the_first_data_format() {
        assert_eq!(first_readable(&["壓縮檔", "PDF", "JSON", "CSV"]), Some(2));
        assert_eq!(first_readable(&["WEBSERVICES", "ZIP"]), None);
        assert!(flags(&["壓縮檔"]).compressed_only);
    }

    #[test]
    fn fields_are_compared_without_space_and_case() {
        let declared = vec![
            "年度".to_string(),
            " Count ".into(),
            "行業別".into(),
            "".into(),
        ];
        let columns = vec!["\u{feff}年度".to_string(), "count".into()];
        assert_eq!(missing_fields(&declared, &columns), ["行業別"]);
        let before = vec!["年度".to_string(), "行業別".into()];
        assert_eq!(
            lost_fields(&declared, &before, &columns),
            ["行業別"],
            "a field that was there and is gone is lost"
        );
        assert!(
            lost_fields(&declared, &[], &columns).is_empty(),
            "never there: not lost"
        );
    }

    #[test]
    fn update_intervals_and_staleness() {
        assert_eq!(update_interval_days("每年"), Some(366));
        assert_eq!(update_interval_days("每月"), Some(31));
        assert_eq!(update_interval_days("每1季"), Some(92));
        assert_eq!(update_interval_days("每2年"), Some(732));
        assert_eq!(update_interval_days("每半年"), Some(183));
        assert_eq!(update_interval_days("不定期"), None);
        assert_eq!(update_interval_days(""), None);
        let d = |s: &str| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        };
        let now = d("2026-11-27");
        assert_eq!(stale("每月", Some(d("2026-10-27")), now), Some(false));
        assert_eq!(stale("每月", Some(d("2026-09-01")), now), Some(true));
        assert_eq!(stale("每年", Some(d("2025-09-01")), now), Some(false));
        assert_eq!(stale("每年", Some(d("2024-09-01")), now), Some(true));
        assert_eq!(stale("不定期", Some(d("2010-01-01")), now), None);
        assert_eq!(stale("每年", None, now), None);
    }

    #[test]
    fn a_broken_link_is_an_error_status_or_no_answer() {
        assert!(link_broken("error-resource-status"));
        assert!(link_broken("error-resource-timeout"));
        assert!(!link_broken("error-resource-compressed"));
        assert!(!link_broken(""));
    }
}
