//! The national high-application-value themes (高應用價值主題) a dataset can
//! carry, the bulk-tagging CSV that organisers upload (themes and a track's
//! recommendation per row), when a contest's tracks still take
//! recommendations, and the one format flag the catalogue search filters by
//! (`domain::fitness::flags`, folded into a single stored value).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::catalog::valid_id;
use super::fitness::{self, Flags};
use super::text::{self, Kind};

/// A high-application-value theme. Its code is stable (stored, in links and
/// in the CSV); its names are the locale messages `theme-<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Theme {
    Climate,
    Disaster,
    Transport,
    Health,
    Energy,
    SocialAssistance,
}

impl Theme {
    /// Every theme, in the order the national list gives them.
    pub const ALL: [Theme; 6] = [
        Theme::Climate,
        Theme::Disaster,
        Theme::Transport,
        Theme::Health,
        Theme::Energy,
        Theme::SocialAssistance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Climate => "climate",
            Theme::Disaster => "disaster",
            Theme::Transport => "transport",
            Theme::Health => "health",
            Theme::Energy => "energy",
            Theme::SocialAssistance => "social-assistance",
        }
    }

    pub fn parse(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.as_str() == code)
    }

    /// The Fluent id of the theme's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Theme::Climate => "theme-climate",
            Theme::Disaster => "theme-disaster",
            Theme::Transport => "theme-transport",
            Theme::Health => "theme-health",
            Theme::Energy => "theme-energy",
            Theme::SocialAssistance => "theme-social-assistance",
        }
    }
}

/// A theme's name compared loosely: case, surrounding and repeated spaces
/// do not matter ("Climate and  environment" is "climate and environment").
fn loose(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a theme may be called in a CSV: its code or any of its names (the
/// caller gives them from the locales, every language).
#[derive(Debug, Clone, Default)]
pub struct ThemeNames(HashMap<String, Theme>);

impl ThemeNames {
    /// `names(theme)`: the theme's names in every language.
    pub fn new(names: impl Fn(Theme) -> Vec<String>) -> ThemeNames {
        let mut map = HashMap::new();
        for theme in Theme::ALL {
            map.insert(theme.as_str().to_string(), theme);
            for name in names(theme) {
                map.insert(loose(&name), theme);
            }
        }
        ThemeNames(map)
    }

    /// The theme called `word` (a code, or a name in any language).
    pub fn find(&self, word: &str) -> Option<Theme> {
        self.0.get(&loose(word)).copied()
    }
}

/// The single format flag of a dataset that the catalogue filters by. The
/// three flags of `fitness::flags` never hold together in a way that needs
/// more: "compressed only" and "document only" each mean no resource is
/// data, so a dataset is machine-readable, compressed-only, document-only,
/// or none of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatFlag {
    /// At least one resource is CSV, JSON or XML.
    MachineReadable,
    /// Every resource is an archive.
    CompressedOnly,
    /// Every resource is a document.
    DocumentOnly,
    /// None of the above (a spreadsheet only, other formats, no resources).
    Other,
}

impl FormatFlag {
    /// The flags a search can filter by (`Other` is not one).
    pub const FILTERS: [FormatFlag; 3] = [
        FormatFlag::MachineReadable,
        FormatFlag::CompressedOnly,
        FormatFlag::DocumentOnly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FormatFlag::MachineReadable => "machine-readable",
            FormatFlag::CompressedOnly => "compressed-only",
            FormatFlag::DocumentOnly => "document-only",
            FormatFlag::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<FormatFlag> {
        [
            FormatFlag::MachineReadable,
            FormatFlag::CompressedOnly,
            FormatFlag::DocumentOnly,
            FormatFlag::Other,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }

    /// The Fluent id of the flag's name in the search filter.
    pub fn message_id(self) -> &'static str {
        match self {
            FormatFlag::MachineReadable => "format-flag-machine-readable",
            FormatFlag::CompressedOnly => "format-flag-compressed-only",
            FormatFlag::DocumentOnly => "format-flag-document-only",
            FormatFlag::Other => "format-flag-other",
        }
    }

    pub fn of(flags: Flags) -> FormatFlag {
        if flags.machine_readable {
            FormatFlag::MachineReadable
        } else if flags.compressed_only {
            FormatFlag::CompressedOnly
        } else if flags.document_only {
            FormatFlag::DocumentOnly
        } else {
            FormatFlag::Other
        }
    }

    /// The flag of a dataset whose resources have these formats (one per
    /// resource, as `fitness::flags` takes them).
    pub fn of_resources(formats: &[&str]) -> FormatFlag {
        FormatFlag::of(fitness::flags(formats))
    }
}

/// Whether a contest's tracks still take recommended datasets: until its
/// results day has passed. After that the contest is archived (its page is
/// history), so organisers are no longer offered its tracks.
pub fn takes_recommendations(results_at: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    results_at.is_none_or(|at| now < at)
}

/// The largest tagging CSV accepted (a row is a few dozen bytes, so this is
/// room for far more rows than [`MAX_TAG_ROWS`]).
pub const MAX_TAG_BYTES: usize = 1024 * 1024;
/// At most this many rows in one tagging CSV.
pub const MAX_TAG_ROWS: usize = 10_000;

/// One good row of a tagging CSV: add these themes to the dataset, and
/// recommend it for the track when one is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRow {
    /// The line of the file the row starts on (the heading is line 1).
    pub line: u64,
    pub dataset_id: String,
    pub themes: Vec<Theme>,
    pub track_id: Option<i32>,
}

/// Why one row of a tagging CSV cannot be used: `message` is a Fluent id
/// that may show `$value` (what was wrong, as written, or the line it
/// repeats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: &'static str,
    pub value: String,
}

impl RowProblem {
    pub fn new(line: u64, message: &'static str, value: impl Into<String>) -> RowProblem {
        RowProblem {
            line,
            message,
            value: value.into(),
        }
    }
}

/// Why a tagging CSV cannot be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagFileError {
    /// No rows (nothing, or only a heading and blank lines).
    Empty,
    /// Not UTF-8 (with or without a byte-order mark).
    Encoding,
    /// More than [`MAX_TAG_BYTES`].
    TooBig,
    /// More than [`MAX_TAG_ROWS`] rows.
    TooManyRows,
}

impl TagFileError {
    pub fn message_id(self) -> &'static str {
        match self {
            TagFileError::Empty => "error-tags-empty",
            TagFileError::Encoding => "error-tags-encoding",
            TagFileError::TooBig => "error-tags-too-big",
            TagFileError::TooManyRows => "error-tags-too-many",
        }
    }
}

/// The words a first cell of a heading may hold (spaces, `_` and `-` left
/// out, lower-cased): the example file's heading in both languages, and
/// what people commonly write.
const HEADINGS: [&str; 8] = [
    "datasetid",
    "dataset",
    "id",
    "資料集代號",
    "資料集編號",
    "資料集id",
    "資料集",
    "代號",
];

fn is_heading(first_cell: &str) -> bool {
    let squeezed: String = first_cell
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .collect::<String>()
        .to_lowercase();
    HEADINGS.contains(&squeezed.as_str())
}

/// The separators between themes in a cell: `;` (also full-width) and `、`.
const THEME_SEPARATORS: [char; 3] = [';', '；', '、'];

/// Reads a tagging CSV (UTF-8, with or without a byte-order mark; columns:
/// dataset id, themes, optional track id; a heading line is recognised and
/// skipped). Returns the good rows and every problem found, each with its
/// line, in file order: the caller writes nothing unless there are none.
/// A row names a dataset and a track once: the same pair again is a
/// problem pointing at the first.
pub fn parse_tag_csv(
    bytes: &[u8],
    names: &ThemeNames,
) -> Result<(Vec<TagRow>, Vec<RowProblem>), TagFileError> {
    if bytes.len() > MAX_TAG_BYTES {
        return Err(TagFileError::TooBig);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|_| TagFileError::Encoding)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<(String, Option<i32>), u64> = HashMap::new();
    let mut first = true;
    let mut counted = 0usize;
    let mut lines = Lines::new(text);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = lines.at(e.position().map_or(0, |p| p.byte()));
                problems.push(RowProblem::new(line, "error-tags-unreadable", ""));
                continue;
            }
        };
        let line = lines.at(record.position().map_or(0, |p| p.byte()));
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if std::mem::take(&mut first) && is_heading(cells[0]) {
            continue;
        }
        counted += 1;
        if counted > MAX_TAG_ROWS {
            return Err(TagFileError::TooManyRows);
        }
        match check_row(line, &cells, names) {
            Ok(row) => {
                let key = (row.dataset_id.clone(), row.track_id);
                if let Some(earlier) = seen.get(&key) {
                    problems.push(RowProblem::new(
                        line,
                        "error-tags-duplicate",
                        earlier.to_string(),
                    ));
                } else {
                    seen.insert(key, line);
                    rows.push(row);
                }
            }
            Err(p) => problems.push(p),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        return Err(TagFileError::Empty);
    }
    Ok((rows, problems))
}

/// The line numbers of records, counted from their byte offsets as the
/// file is read (the CSV reader's own count misses CRLF and blank lines; a
/// record's offset may point at the line breaks before it).
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record at byte `at` (offsets only grow).
    fn at(&mut self, at: u64) -> u64 {
        let at = usize::try_from(at)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let rest = self.text.get(at..).unwrap_or("");
        let start = at + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        if start > self.offset {
            let between = self.text.get(self.offset..start).unwrap_or("");
            self.line += between.matches('\n').count() as u64;
            self.offset = start;
        }
        self.line
    }
}

/// One row's cells checked: the first problem found, or the row.
fn check_row(line: u64, cells: &[&str], names: &ThemeNames) -> Result<TagRow, RowProblem> {
    for cell in cells {
        if let Some(refused) = text::refusal(cell, Kind::Name) {
            let message = match refused {
                "error-text-line-break" => "error-tags-line-break",
                "error-text-invisible" => "error-tags-invisible",
                _ => "error-tags-control",
            };
            return Err(RowProblem::new(line, message, ""));
        }
    }
    if cells.iter().skip(3).any(|c| !c.is_empty()) {
        return Err(RowProblem::new(line, "error-tags-columns", ""));
    }
    let cell = |i: usize| cells.get(i).copied().unwrap_or("");
    let dataset_id = cell(0);
    if dataset_id.is_empty() {
        return Err(RowProblem::new(line, "error-tags-dataset-missing", ""));
    }
    if !valid_id(dataset_id) {
        return Err(RowProblem::new(line, "error-tags-dataset-id", dataset_id));
    }
    let mut themes = Vec::new();
    for word in cell(1).split(THEME_SEPARATORS).map(str::trim) {
        if word.is_empty() {
            continue;
        }
        match names.find(word) {
            Some(t) if !themes.contains(&t) => themes.push(t),
            Some(_) => {}
            None => return Err(RowProblem::new(line, "error-tags-theme-unknown", word)),
        }
    }
    let track_id = match cell(2) {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(id) if id > 0 => Some(id),
            _ => return Err(RowProblem::new(line, "error-tags-track-id", raw)),
        },
    };
    if themes.is_empty() && track_id.is_none() {
        return Err(RowProblem::new(line, "error-tags-nothing", ""));
    }
    Ok(TagRow {
        line,
        dataset_id: dataset_id.to_string(),
        themes,
        track_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> ThemeNames {
        ThemeNames::new(|t| match t {
            Theme::Climate => vec!["氣候環境".into(), "Climate and environment".into()],
            Theme::Disaster => vec!["災害防救".into(), "Disaster prevention and relief".into()],
            Theme::Transport => vec!["交通運輸".into(), "Transport".into()],
            Theme::Health => vec!["健康醫療".into(), "Health and medical care".into()],
            Theme::Energy => vec!["能源管理".into(), "Energy management".into()],
            Theme::SocialAssistance => vec!["社會救助".into(), "Social assistance".into()],
        })
    }

    #[test]
    fn codes_are_stable_and_round_trip() {
        let codes: Vec<&str> = Theme::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            codes,
            [
                "climate",
                "disaster",
                "transport",
                "health",
                "energy",
                "social-assistance"
            ]
        );
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.as_str()), Some(t));
            assert_eq!(t.message_id(), format!("theme-{}", t.as_str()));
        }
        assert_eq!(Theme::parse("Climate"), None, "codes are exact");
    }

    #[test]
    fn themes_are_found_by_code_or_either_name() {
        let n = names();
        assert_eq!(n.find("health"), Some(Theme::Health));
        assert_eq!(n.find("健康醫療"), Some(Theme::Health));
        assert_eq!(n.find(" health  AND medical care "), Some(Theme::Health));
        assert_eq!(n.find("社會救助"), Some(Theme::SocialAssistance));
        assert_eq!(n.find("健康"), None);
        assert_eq!(n.find(""), None);
    }

    #[test]
    fn the_format_flag_follows_the_fitness_flags() {
        assert_eq!(
            FormatFlag::of_resources(&["CSV", "ZIP"]),
            FormatFlag::MachineReadable
        );
        assert_eq!(
            FormatFlag::of_resources(&["zip", "RAR"]),
            FormatFlag::CompressedOnly
        );
        assert_eq!(
            FormatFlag::of_resources(&["PDF", ".odt"]),
            FormatFlag::DocumentOnly
        );
        assert_eq!(FormatFlag::of_resources(&["XLSX"]), FormatFlag::Other);
        assert_eq!(FormatFlag::of_resources(&[]), FormatFlag::Other);
        assert_eq!(
            FormatFlag::of_resources(&["ZIP", ""]),
            FormatFlag::Other,
            "a resource without a format is not an archive"
        );
        // Every combination of the three flags maps to the one that holds.
        for formats in [
            vec!["CSV"],
            vec!["ZIP"],
            vec!["PDF"],
            vec!["ZIP", "PDF"],
            vec!["json", "pdf"],
        ] {
            let flags = fitness::flags(&formats);
            let flag = FormatFlag::of_resources(&formats);
            assert_eq!(
                flag == FormatFlag::MachineReadable,
                flags.machine_readable,
                "{formats:?}"
            );
            assert_eq!(
                flag == FormatFlag::CompressedOnly,
                flags.compressed_only,
                "{formats:?}"
            );
            assert_eq!(
                flag == FormatFlag::DocumentOnly,
                flags.document_only,
                "{formats:?}"
            );
        }
        for f in FormatFlag::FILTERS {
            assert_eq!(FormatFlag::parse(f.as_str()), Some(f));
        }
        assert_eq!(FormatFlag::parse("csv"), None);
    }

    #[test]
    fn tracks_take_recommendations_until_the_results_day() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let now = at("2026-06-01 00:00");
        assert!(takes_recommendations(None, now));
        assert!(takes_recommendations(Some(at("2026-12-01 00:00")), now));
        assert!(!takes_recommendations(Some(at("2026-05-31 23:59")), now));
    }

    #[test]
    fn a_csv_with_a_bom_heading_and_both_separators_reads() {
        let csv = "\u{feff}資料集代號,主題,組別代號\r\n6262,氣候環境、health,3\r\n40324,Transport;能源管理\r\n\r\n7000,,4\r\n";
        let (rows, problems) = parse_tag_csv(csv.as_bytes(), &names()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0],
            TagRow {
                line: 2,
                dataset_id: "6262".into(),
                themes: vec![Theme::Climate, Theme::Health],
                track_id: Some(3),
            }
        );
        assert_eq!(rows[1].themes, vec![Theme::Transport, Theme::Energy]);
        assert_eq!(rows[1].track_id, None);
        assert_eq!(
            (rows[2].line, rows[2].themes.len(), rows[2].track_id),
            (5, 0, Some(4))
        );
        // No heading: the first line is a row.
        let (rows, _) = parse_tag_csv(b"6262,climate\n", &names()).unwrap();
        assert_eq!(rows[0].line, 1);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "dataset id,themes,track id\n\
                   6262,天氣,\n\
                   ,climate,\n\
                   ../x,climate,\n\
                   6262,climate,abc\n\
                   6262,climate,-1\n\
                   6262,,\n\
                   6262,climate,1,extra\n\
                   6262,climate\n\
                   6262,health\n\
                   6262,energy,1\n\
                   6262,energy,1\n\
                   64\u{0}62,climate\n";
        let (rows, problems) = parse_tag_csv(csv.as_bytes(), &names()).unwrap();
        let got: Vec<(u64, &str, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message, p.value.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "error-tags-theme-unknown", "天氣"),
                (3, "error-tags-dataset-missing", ""),
                (4, "error-tags-dataset-id", "../x"),
                (5, "error-tags-track-id", "abc"),
                (6, "error-tags-track-id", "-1"),
                (7, "error-tags-nothing", ""),
                (8, "error-tags-columns", ""),
                (10, "error-tags-duplicate", "9"),
                (12, "error-tags-duplicate", "11"),
                (13, "error-tags-control", ""),
            ]
        );
        assert_eq!(rows.len(), 2, "lines 9 and 11");
    }

    #[test]
    fn files_that_are_not_a_tagging_csv() {
        let n = names();
        assert_eq!(parse_tag_csv(b"", &n), Err(TagFileError::Empty));
        assert_eq!(
            parse_tag_csv(b"\xef\xbb\xbfdataset_id,themes\r\n\r\n", &n),
            Err(TagFileError::Empty)
        );
        assert_eq!(
            parse_tag_csv(b"6262,\xae\xf0\xad\xd4\n", &n),
            Err(TagFileError::Encoding),
            "Big5 is refused"
        );
        assert_eq!(
            parse_tag_csv(&vec![b'1'; MAX_TAG_BYTES + 1], &n),
            Err(TagFileError::TooBig)
        );
        let many: String = (0..=MAX_TAG_ROWS)
            .map(|i| format!("{i},climate\n"))
            .collect();
        assert_eq!(
            parse_tag_csv(many.as_bytes(), &n),
            Err(TagFileError::TooManyRows)
        );
        // An unclosed quote swallows the next line into one cell.
        let unbalanced = "6262,\"climate\n6263,health\n";
        let (rows, problems) = parse_tag_csv(unbalanced.as_bytes(), &n).unwrap();
        assert!(rows.is_empty());
        assert_eq!(
            problems,
            vec![RowProblem::new(1, "error-tags-line-break", "")]
        );
    }
}
