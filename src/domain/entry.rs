//! Entries (作品): the fields a team fills in, the datasets it declares with
//! how deeply each is used, the submission window with its extensions and
//! revisions, the eligibility pre-check that mirrors the review, and the
//! field-by-field comparison of two saved versions.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::eligibility::Revision;
use super::text::{self, Kind};
use super::timeline::effective_deadline;
use super::FieldError;

/// Where an entry stands: a draft, or submitted (later saves keep it submitted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "submitted" => Some(Status::Submitted),
            _ => None,
        }
    }
}

/// The submission deadline that applies to one team in one track: the
/// contest's, moved later (never earlier) by the track's own deadline and by
/// the team's extensions.
pub fn submission_deadline(
    contest: Option<NaiveDateTime>,
    track: Option<NaiveDateTime>,
    team_extensions: impl IntoIterator<Item = NaiveDateTime>,
) -> Option<NaiveDateTime> {
    effective_deadline(
        contest,
        std::iter::once(track).chain(team_extensions.into_iter().map(Some)),
    )
}

/// When a team may change its entry: from the opening of registration until
/// its submission deadline (`submission_deadline`), and after it only the
/// parts a revision asks for, until the revision is due. A withdrawn team
/// changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    pub opens: Option<NaiveDateTime>,
    pub deadline: Option<NaiveDateTime>,
    pub withdrawn: bool,
    /// The revision the review asked for, if its decision is the current one.
    pub revision: Option<Revision>,
}

impl Window {
    /// Before the team's submission deadline (always, when none is set).
    pub fn before_deadline(&self, at: NaiveDateTime) -> bool {
        self.deadline.is_none_or(|d| at < d)
    }

    /// Within the ordinary window: anything may change.
    pub fn in_time(&self, at: NaiveDateTime) -> bool {
        !self.withdrawn && self.opens.is_none_or(|o| o <= at) && self.before_deadline(at)
    }

    /// The revision the team may still work on at `at`.
    pub fn revision_open(&self, at: NaiveDateTime) -> Option<&Revision> {
        if self.withdrawn {
            return None;
        }
        self.revision.as_ref().filter(|r| r.open_at(at))
    }

    /// Whether the team may change its entry at all at `at`.
    pub fn open(&self, at: NaiveDateTime) -> bool {
        self.in_time(at) || self.revision_open(at).is_some()
    }

    /// Whether the change from `before` to `after` may be saved at `at`:
    /// anything before the deadline, then only what the revision asks for.
    pub fn allows(&self, before: &EntryContent, after: &EntryContent, at: NaiveDateTime) -> bool {
        if self.before_deadline(at) {
            return true;
        }
        self.revision_open(at)
            .is_some_and(|r| r.allows(before, after))
    }

    /// Whether a new proposal may be uploaded at `at`.
    pub fn allows_proposal(&self, at: NaiveDateTime) -> bool {
        self.before_deadline(at)
            || self
                .revision_open(at)
                .is_some_and(Revision::allows_proposal)
    }

    /// The time the page shows as "open until": the revision's due time once
    /// the deadline has passed, else the deadline.
    pub fn open_until(&self, at: NaiveDateTime) -> Option<NaiveDateTime> {
        match self.revision_open(at) {
            Some(r) if !self.before_deadline(at) => Some(r.due),
            _ => self.deadline,
        }
    }
}

/// How deeply a dataset is used (PRODUCT.md §4).
pub const DEPTHS: [(i32, &str); 4] = [
    (1, "depth-1"),
    (2, "depth-2"),
    (3, "depth-3"),
    (4, "depth-4"),
];

/// One declared dataset as the team typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredDataset {
    pub dataset_id: String,
    pub fields_used: String,
    pub usage: String,
    pub depth: i32,
}

/// Separators between the field names of "fields used", as typed or stored.
pub const FIELD_SEPARATORS: [char; 6] = ['、', ',', '，', ';', '；', '\n'];

/// The field names of a declared "fields used", in the order written.
pub fn field_names(used: &str) -> Vec<String> {
    used.split(FIELD_SEPARATORS)
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

impl DeclaredDataset {
    /// A row of the form left empty: no id, no fields, no use.
    pub fn is_blank(&self) -> bool {
        self.dataset_id.trim().is_empty()
            && self.usage.trim().is_empty()
            && self.fields_used.trim().is_empty()
    }
}

/// Everything a version of an entry holds; also what a version snapshot stores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryContent {
    pub title: String,
    #[serde(rename = "abstract")]
    pub abstract_: String,
    pub problem: String,
    pub solution: String,
    pub target_users: String,
    pub demo_url: String,
    pub repo_url: String,
    pub datasets: Vec<DeclaredDataset>,
    /// The proposal file of this version (older versions keep theirs).
    #[serde(default)]
    pub proposal_file_id: Option<i32>,
    /// The published challenge (出題) the entry answers, if any.
    #[serde(default)]
    pub challenge_id: Option<i32>,
}

fn tidy_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn url_ok(s: &str) -> bool {
    s.is_empty()
        || (s.len() <= 500
            && (s.starts_with("https://") || s.starts_with("http://"))
            && url::Url::parse(s).is_ok_and(|u| u.host().is_some()))
}

/// The characters a field may hold (see `domain::text`), checked on what
/// was typed, before any tidying.
fn characters(c: &EntryContent, e: &mut Vec<FieldError>) {
    let mut check = |field: &'static str, value: &str, kind: Kind| {
        if let Some(message) = text::refusal(value, kind) {
            e.push(FieldError::new(field, message));
        }
    };
    check("title", &c.title, Kind::Name);
    check("abstract", &c.abstract_, Kind::Paragraph);
    check("problem", &c.problem, Kind::Paragraph);
    check("solution", &c.solution, Kind::Paragraph);
    check("target_users", &c.target_users, Kind::Paragraph);
    check("demo_url", &c.demo_url, Kind::Line);
    check("repo_url", &c.repo_url, Kind::Line);
    for d in &c.datasets {
        check("datasets", &d.dataset_id, Kind::Line);
        check("datasets", &d.fields_used, Kind::Line);
        check("datasets", &d.usage, Kind::Paragraph);
    }
}

impl EntryContent {
    /// Tidies the input and checks what a draft may hold. A draft may be
    /// incomplete; the pre-check says what is missing for the review. No
    /// field may hold control characters, nor the title invisible ones.
    pub fn checked(mut self) -> Result<EntryContent, Vec<FieldError>> {
        let mut e = Vec::new();
        characters(&self, &mut e);
        self.title = tidy_line(&self.title);
        self.demo_url = self.demo_url.trim().to_string();
        self.repo_url = self.repo_url.trim().to_string();
        for text in [
            &mut self.abstract_,
            &mut self.problem,
            &mut self.solution,
            &mut self.target_users,
        ] {
            *text = text.trim().replace("\r\n", "\n");
        }
        if self.title.chars().count() > 200 {
            e.push(FieldError::new("title", "error-entry-title-long"));
        }
        for (field, text) in [
            ("abstract", &self.abstract_),
            ("problem", &self.problem),
            ("solution", &self.solution),
            ("target_users", &self.target_users),
        ] {
            if text.chars().count() > 5000 {
                e.push(FieldError::new(field, "error-entry-text-long"));
            }
        }
        if !url_ok(&self.demo_url) {
            e.push(FieldError::new("demo_url", "error-url-invalid"));
        }
        if !url_ok(&self.repo_url) {
            e.push(FieldError::new("repo_url", "error-url-invalid"));
        }
        self.datasets.retain(|d| !d.is_blank());
        if self.datasets.len() > 50 {
            e.push(FieldError::new("datasets", "error-datasets-too-many"));
        }
        for d in &mut self.datasets {
            d.dataset_id = d.dataset_id.trim().to_string();
            d.fields_used = tidy_line(&d.fields_used);
            d.usage = d.usage.trim().replace("\r\n", "\n");
            if d.dataset_id.is_empty() || !super::catalog::valid_id(&d.dataset_id) {
                e.push(FieldError::new("datasets", "error-dataset-id-invalid"));
            }
            if !(1..=4).contains(&d.depth) {
                e.push(FieldError::new("datasets", "error-depth-invalid"));
            }
            if d.usage.chars().count() > 3000 || d.fields_used.chars().count() > 500 {
                e.push(FieldError::new("datasets", "error-entry-text-long"));
            }
        }
        e.dedup();
        if e.is_empty() {
            Ok(self)
        } else {
            Err(e)
        }
    }
}

/// How much a text says: a CJK character carries about as much as two and a
/// half Latin letters, so one threshold works for Chinese and English.
pub fn substance(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
                2.5
            } else if c.is_alphanumeric() {
                1.0
            } else {
                0.0
            }
        })
        .sum()
}

/// Enough for "how is it used": about 12 Chinese characters or 30 letters.
pub const MIN_SUBSTANCE: f64 = 30.0;

fn normalised(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the pre-check needs to know besides the entry itself.
pub struct PrecheckContext<'a> {
    pub min_datasets: i32,
    pub counted_publishers: &'a [&'a str],
    /// For each declared dataset id that is in the catalogue: its title and publisher.
    pub catalogue: &'a BTreeMap<String, (String, String)>,
    pub proposal_attached: bool,
    pub team_rules_met: bool,
    /// What the fitness card of each declared dataset id says (a dataset
    /// not in the catalogue has none).
    pub fitness: &'a BTreeMap<String, DatasetFitness>,
    /// With a challenge chosen: the ids of its recommended datasets the
    /// entry does not declare (`domain::challenge::missing_recommended`).
    pub challenge_missing: Option<&'a [String]>,
}

/// What a declared dataset's fitness card tells the pre-check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetFitness {
    /// The real columns last read from its resource (empty: never read).
    pub columns: Vec<String>,
    /// Every resource is an archive (ZIP, RAR, 7z).
    pub compressed_only: bool,
    /// Every resource is a document (PDF, DOC, ODT).
    pub document_only: bool,
    /// The last read found its link broken.
    pub link_broken: bool,
    /// The catalogue no longer has it.
    pub gone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Fluent id of what is checked.
    pub label: &'static str,
    pub passed: bool,
    /// Whether failing it certainly fails the review (a fact the reviewer
    /// cannot weigh: too few counted datasets, no proposal, the team's
    /// rules), rather than advising on what a reviewer will judge.
    pub certain: bool,
    /// Fluent id of the fix, shown when the check fails.
    pub fix: &'static str,
    /// Dataset ids the check is about, when it is about some of them.
    pub datasets: Vec<String>,
    /// Declared fields the check is about (those a dataset does not have).
    pub fields: Vec<String>,
    pub count: i64,
    pub min: i64,
}

/// The eligibility pre-check: the same rules the eligibility review starts
/// from, shown to the team before it submits and to the reviewers beside
/// each entry. Each check says whether failing it certainly fails the review
/// (`Check::certain`) or is advice about what a reviewer will judge.
pub fn precheck(entry: &EntryContent, ctx: &PrecheckContext) -> Vec<Check> {
    let mut checks = Vec::new();
    let ids: Vec<&str> = entry
        .datasets
        .iter()
        .map(|d| d.dataset_id.as_str())
        .collect();
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !ctx.catalogue.contains_key(**id))
        .map(|s| s.to_string())
        .collect();
    checks.push(Check {
        label: "check-datasets-exist",
        certain: false,
        passed: missing.is_empty() && !ids.is_empty(),
        fix: if ids.is_empty() {
            "fix-add-datasets"
        } else {
            "fix-datasets-exist"
        },
        datasets: missing,
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    let mut seen = Vec::new();
    let mut twice = Vec::new();
    for id in &ids {
        if seen.contains(id) {
            if !twice.contains(&id.to_string()) {
                twice.push(id.to_string());
            }
        } else {
            seen.push(*id);
        }
    }
    checks.push(Check {
        label: "check-datasets-distinct",
        certain: false,
        passed: twice.is_empty(),
        fix: "fix-datasets-distinct",
        datasets: twice,
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    let counted = seen
        .iter()
        .filter(|id| {
            ctx.catalogue.get(**id).is_some_and(|(_, publisher)| {
                super::catalog::publisher_counts(publisher, ctx.counted_publishers)
            })
        })
        .count() as i64;
    checks.push(Check {
        label: "check-datasets-count",
        certain: true,
        passed: counted >= ctx.min_datasets as i64,
        fix: "fix-datasets-count",
        datasets: Vec::new(),
        fields: Vec::new(),
        count: counted,
        min: ctx.min_datasets as i64,
    });
    // Usage descriptions must say something, each its own.
    let title = normalised(&entry.title);
    let mut thin = Vec::new();
    let mut copied = Vec::new();
    for d in &entry.datasets {
        let text = normalised(&d.usage);
        let dataset_title = ctx
            .catalogue
            .get(&d.dataset_id)
            .map(|(t, _)| normalised(t))
            .unwrap_or_default();
        if substance(&d.usage) < MIN_SUBSTANCE || text == title || text == dataset_title {
            thin.push(d.dataset_id.clone());
        } else if entry
            .datasets
            .iter()
            .filter(|o| normalised(&o.usage) == text)
            .count()
            > 1
        {
            copied.push(d.dataset_id.clone());
        }
    }
    checks.push(Check {
        label: "check-usage-substance",
        certain: false,
        passed: thin.is_empty() && !entry.datasets.is_empty(),
        fix: "fix-usage-substance",
        datasets: thin,
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    checks.push(Check {
        label: "check-usage-distinct",
        certain: false,
        passed: copied.is_empty(),
        fix: "fix-usage-distinct",
        datasets: copied,
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    checks.push(Check {
        label: "check-proposal",
        certain: true,
        passed: ctx.proposal_attached,
        fix: "fix-proposal",
        datasets: Vec::new(),
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    // A title, an abstract and each dataset's use must be there at all: an
    // entry without them certainly fails; how much they say is advice.
    let blank = |t: &str| t.trim().is_empty();
    let unexplained: Vec<String> = entry
        .datasets
        .iter()
        .filter(|d| blank(&d.usage))
        .map(|d| d.dataset_id.clone())
        .collect();
    checks.push(Check {
        label: "check-required-texts",
        certain: true,
        passed: !blank(&entry.title) && !blank(&entry.abstract_) && unexplained.is_empty(),
        fix: "fix-required-texts",
        datasets: unexplained,
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    let described = !entry.title.is_empty() && substance(&entry.abstract_) >= MIN_SUBSTANCE;
    checks.push(Check {
        label: "check-description",
        certain: false,
        passed: described,
        fix: "fix-description",
        datasets: Vec::new(),
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    checks.push(Check {
        label: "check-team-rules",
        certain: true,
        passed: ctx.team_rules_met,
        fix: "fix-team-rules",
        datasets: Vec::new(),
        fields: Vec::new(),
        count: 0,
        min: 0,
    });
    checks.extend(fitness_warnings(entry, ctx.fitness));
    if let Some(missing) = ctx.challenge_missing {
        // Advice only: a team may have good reasons to use other data.
        checks.push(Check {
            label: "check-challenge-datasets",
            passed: missing.is_empty(),
            certain: false,
            fix: "fix-challenge-datasets",
            datasets: missing.to_vec(),
            fields: Vec::new(),
            count: missing.len() as i64,
            min: 0,
        });
    }
    checks
}

/// The pre-check's warnings from the declared datasets' fitness cards
/// (PRODUCT.md §11): declared fields a dataset's real columns do not have
/// (one check a dataset, naming them), datasets only offered as archives or
/// documents, links found broken, and datasets gone from the catalogue.
/// They are advice, never certain failures: a reviewer weighs them. Only
/// failed ones are listed; a card not read yet says nothing about fields.
fn fitness_warnings(entry: &EntryContent, cards: &BTreeMap<String, DatasetFitness>) -> Vec<Check> {
    let mut declared: Vec<(&str, Vec<String>, &DatasetFitness)> = Vec::new();
    for d in &entry.datasets {
        let Some(card) = cards.get(&d.dataset_id) else {
            continue;
        };
        let fields = field_names(&d.fields_used);
        match declared.iter_mut().find(|(id, _, _)| *id == d.dataset_id) {
            Some((_, all, _)) => all.extend(fields),
            None => declared.push((&d.dataset_id, fields, card)),
        }
    }
    let warning = |label, fix, datasets: Vec<String>, fields: Vec<String>| Check {
        label,
        passed: false,
        certain: false,
        fix,
        datasets,
        fields,
        count: 0,
        min: 0,
    };
    let mut checks = Vec::new();
    for (id, fields, card) in &declared {
        if card.columns.is_empty() {
            continue;
        }
        let mut missing: Vec<String> = Vec::new();
        for f in super::fitness::missing_fields(fields, &card.columns) {
            if !missing.iter().any(|m| m == f) {
                missing.push(f.to_string());
            }
        }
        if !missing.is_empty() {
            checks.push(warning(
                "check-fields-in-columns",
                "fix-fields-in-columns",
                vec![id.to_string()],
                missing,
            ));
        }
    }
    let flagged = |flag: fn(&DatasetFitness) -> bool| -> Vec<String> {
        declared
            .iter()
            .filter(|(_, _, card)| flag(card))
            .map(|(id, _, _)| id.to_string())
            .collect()
    };
    for (label, fix, flag) in [
        (
            "check-datasets-not-compressed",
            "fix-datasets-not-compressed",
            (|c: &DatasetFitness| c.compressed_only) as fn(&DatasetFitness) -> bool,
        ),
        (
            "check-datasets-not-document-only",
            "fix-datasets-not-document-only",
            |c| c.document_only,
        ),
        ("check-dataset-links", "fix-dataset-links", |c| {
            c.link_broken
        }),
        ("check-datasets-listed", "fix-datasets-listed", |c| c.gone),
    ] {
        let ids = flagged(flag);
        if !ids.is_empty() {
            checks.push(warning(label, fix, ids, Vec::new()));
        }
    }
    checks
}

pub fn all_passed(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.passed)
}

/// The failed checks that certainly fail the review.
pub fn certain_failures(checks: &[Check]) -> Vec<&Check> {
    checks.iter().filter(|c| c.certain && !c.passed).collect()
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Fluent id of the field's name.
    pub field: String,
    /// The dataset the change is about, for dataset fields.
    pub dataset: Option<String>,
    pub before: String,
    pub after: String,
}

/// Field-by-field differences from `a` to `b`; datasets are matched by id.
pub fn diff(a: &EntryContent, b: &EntryContent) -> Vec<Change> {
    let mut out = Vec::new();
    let fields: [(&str, &String, &String); 7] = [
        ("entry-title", &a.title, &b.title),
        ("entry-abstract", &a.abstract_, &b.abstract_),
        ("entry-problem", &a.problem, &b.problem),
        ("entry-solution", &a.solution, &b.solution),
        ("entry-target-users", &a.target_users, &b.target_users),
        ("entry-demo-url", &a.demo_url, &b.demo_url),
        ("entry-repo-url", &a.repo_url, &b.repo_url),
    ];
    for (field, before, after) in fields {
        if before != after {
            out.push(Change {
                field: field.into(),
                dataset: None,
                before: before.clone(),
                after: after.clone(),
            });
        }
    }
    if a.challenge_id != b.challenge_id {
        let name = |c: Option<i32>| c.map(|id| format!("#{id}")).unwrap_or_default();
        out.push(Change {
            field: "entry-challenge".into(),
            dataset: None,
            before: name(a.challenge_id),
            after: name(b.challenge_id),
        });
    }
    if a.proposal_file_id != b.proposal_file_id {
        let name = |f: Option<i32>| f.map(|id| format!("#{id}")).unwrap_or_default();
        out.push(Change {
            field: "entry-proposal".into(),
            dataset: None,
            before: name(a.proposal_file_id),
            after: name(b.proposal_file_id),
        });
    }
    let find =
        |list: &[DeclaredDataset], id: &str| list.iter().find(|d| d.dataset_id == id).cloned();
    let mut ids: Vec<String> = a
        .datasets
        .iter()
        .chain(b.datasets.iter())
        .map(|d| d.dataset_id.clone())
        .collect();
    ids.dedup();
    let mut done = Vec::new();
    for id in ids {
        if done.contains(&id) {
            continue;
        }
        done.push(id.clone());
        match (find(&a.datasets, &id), find(&b.datasets, &id)) {
            (Some(x), None) => out.push(Change {
                field: "entry-dataset-removed".into(),
                dataset: Some(id),
                before: x.usage,
                after: String::new(),
            }),
            (None, Some(y)) => out.push(Change {
                field: "entry-dataset-added".into(),
                dataset: Some(id),
                before: String::new(),
                after: y.usage,
            }),
            (Some(x), Some(y)) => {
                for (field, before, after) in [
                    ("entry-dataset-fields", x.fields_used, y.fields_used),
                    ("entry-dataset-usage", x.usage, y.usage),
                    (
                        "entry-dataset-depth",
                        x.depth.to_string(),
                        y.depth.to_string(),
                    ),
                ] {
                    if before != after {
                        out.push(Change {
                            field: field.into(),
                            dataset: Some(id.clone()),
                            before,
                            after,
                        });
                    }
                }
            }
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(id: &str, usage: &str) -> DeclaredDataset {
        DeclaredDataset {
            dataset_id: id.into(),
            fields_used: "欄位".into(),
            usage: usage.into(),
            depth: 2,
        }
    }

    const GOOD: &str = "以行業別費率計算各產業職災保費負擔並視覺化比較";
    const GOOD2: &str = "結合投保人數與職災統計，估計各縣市的職災發生率趨勢";

    fn catalogue() -> BTreeMap<String, (String, String)> {
        [
            (
                "6262".to_string(),
                (
                    "職業災害保險適用行業別及費率表".to_string(),
                    "勞動部勞工保險局".to_string(),
                ),
            ),
            (
                "40324".to_string(),
                (
                    "保險費負擔比例一覽表".to_string(),
                    "勞動部勞工保險局".to_string(),
                ),
            ),
            (
                "99".to_string(),
                ("別的部會的資料".to_string(), "衛生福利部".to_string()),
            ),
        ]
        .into_iter()
        .collect()
    }

    fn entry(datasets: Vec<DeclaredDataset>) -> EntryContent {
        EntryContent {
            title: "勞保小幫手".into(),
            abstract_: GOOD.into(),
            datasets,
            ..Default::default()
        }
    }

    fn run(e: &EntryContent, min: i32) -> Vec<Check> {
        let cat = catalogue();
        precheck(
            e,
            &PrecheckContext {
                min_datasets: min,
                counted_publishers: &["勞動部勞工保險局"],
                catalogue: &cat,
                proposal_attached: true,
                team_rules_met: true,
                fitness: &BTreeMap::new(),
                challenge_missing: None,
            },
        )
    }

    fn failed(checks: &[Check]) -> Vec<&'static str> {
        checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn a_good_entry_passes() {
        assert!(all_passed(&run(
            &entry(vec![ds("6262", GOOD), ds("40324", GOOD2)]),
            2
        )));
    }

    #[test]
    fn tricky_usage_texts() {
        assert_eq!(
            failed(&run(&entry(vec![ds("6262", "分析")]), 1)),
            vec!["check-usage-substance"],
            "two Chinese characters are not enough"
        );
        assert_eq!(
            failed(&run(&entry(vec![ds("6262", "   \n  ")]), 1)),
            vec!["check-usage-substance", "check-required-texts"],
            "no text at all is also missing"
        );
        assert_eq!(
            failed(&run(
                &entry(vec![ds("6262", "職業災害保險適用行業別及費率表")]),
                1
            )),
            vec!["check-usage-substance"],
            "the dataset's title is not a description"
        );
        let same = run(
            &entry(vec![ds("6262", GOOD), ds("40324", &format!(" {GOOD} "))]),
            1,
        );
        assert_eq!(
            failed(&same),
            vec!["check-usage-distinct"],
            "one text pasted for every dataset"
        );
        assert!(
            substance("We aggregate premiums per industry") >= MIN_SUBSTANCE,
            "English of a sentence passes"
        );
        assert!(substance("use it") < MIN_SUBSTANCE);
    }

    #[test]
    fn datasets_must_exist_count_and_be_distinct() {
        let c = run(&entry(vec![ds("6262", GOOD), ds("6262", GOOD2)]), 2);
        assert_eq!(
            failed(&c),
            vec!["check-datasets-distinct", "check-datasets-count"],
            "the same dataset twice counts once"
        );
        let c = run(&entry(vec![ds("6262", GOOD), ds("99", GOOD2)]), 2);
        assert_eq!(
            failed(&c),
            vec!["check-datasets-count"],
            "other publishers do not count"
        );
        let c = run(&entry(vec![ds("6262", GOOD), ds("12345", GOOD2)]), 1);
        let exist = c
            .iter()
            .find(|x| x.label == "check-datasets-exist")
            .unwrap();
        assert!(!exist.passed && exist.datasets == vec!["12345".to_string()]);
        assert!(failed(&run(&entry(vec![]), 1)).contains(&"check-datasets-exist"));
    }

    #[test]
    fn drafts_are_tidied_and_bounded() {
        let e = EntryContent {
            title: "  a   b ".into(),
            demo_url: "javascript:alert(1)".into(),
            datasets: vec![
                DeclaredDataset::default(),
                DeclaredDataset {
                    dataset_id: "6262".into(),
                    depth: 7,
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let errs: Vec<_> = e
            .checked()
            .unwrap_err()
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert!(errs.contains(&"error-url-invalid") && errs.contains(&"error-depth-invalid"));
        let ok = EntryContent {
            title: "  a   b ".into(),
            demo_url: "https://youtu.be/x".into(),
            ..Default::default()
        }
        .checked()
        .unwrap();
        assert_eq!(ok.title, "a b");
    }

    #[test]
    fn versions_compare_field_by_field() {
        let a = entry(vec![ds("6262", GOOD)]);
        let mut b = a.clone();
        b.title = "新名字".into();
        b.datasets[0].depth = 3;
        b.datasets.push(ds("40324", GOOD2));
        let changes = diff(&a, &b);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["entry-title", "entry-dataset-depth", "entry-dataset-added"]
        );
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn only_objective_checks_certainly_fail_the_review() {
        let mut e = entry(vec![ds("6262", "分析")]);
        e.abstract_ = "短".into();
        let cat = catalogue();
        let checks = precheck(
            &e,
            &PrecheckContext {
                min_datasets: 2,
                counted_publishers: &["勞動部勞工保險局"],
                catalogue: &cat,
                proposal_attached: false,
                team_rules_met: true,
                fitness: &BTreeMap::new(),
                challenge_missing: None,
            },
        );
        let certain: Vec<&str> = certain_failures(&checks).iter().map(|c| c.label).collect();
        assert_eq!(certain, vec!["check-datasets-count", "check-proposal"]);
        assert!(
            failed(&checks).contains(&"check-usage-substance")
                && failed(&checks).contains(&"check-description"),
            "thin texts are advice for the reviewer, not a certain failure"
        );
        assert!(certain_failures(&run(&entry(vec![ds("6262", GOOD)]), 1)).is_empty());
    }

    #[test]
    fn missing_texts_certainly_fail_the_review() {
        let certain = |e: &EntryContent| -> Vec<&'static str> {
            certain_failures(&run(e, 1))
                .iter()
                .map(|c| c.label)
                .collect()
        };
        let mut e = entry(vec![ds("6262", GOOD)]);
        e.title = "  ".into();
        assert_eq!(certain(&e), vec!["check-required-texts"]);
        let mut e = entry(vec![ds("6262", GOOD)]);
        e.abstract_.clear();
        assert_eq!(certain(&e), vec!["check-required-texts"]);
        let e = entry(vec![ds("6262", GOOD), ds("40324", "")]);
        let checks = run(&e, 1);
        let missing = checks
            .iter()
            .find(|c| c.label == "check-required-texts")
            .unwrap();
        assert!(!missing.passed && missing.certain);
        assert_eq!(missing.datasets, vec!["40324".to_string()]);
    }

    #[test]
    fn typed_text_may_not_hold_control_or_invisible_characters() {
        let refused = |c: EntryContent| -> Vec<(&'static str, &'static str)> {
            c.checked()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect()
        };
        let e = EntryContent {
            title: "勞保\u{202E}小幫手".into(),
            abstract_: "第一行\n第二行\0".into(),
            ..Default::default()
        };
        assert_eq!(
            refused(e),
            vec![
                ("title", "error-text-invisible"),
                ("abstract", "error-text-control")
            ]
        );
        let e = EntryContent {
            datasets: vec![DeclaredDataset {
                dataset_id: "6262".into(),
                fields_used: "欄位\u{7}".into(),
                usage: GOOD.into(),
                depth: 2,
            }],
            ..Default::default()
        };
        assert_eq!(refused(e), vec![("datasets", "error-text-control")]);
        let ok = EntryContent {
            abstract_: "第一行\r\n\t第二行".into(),
            ..Default::default()
        };
        assert_eq!(ok.checked().unwrap().abstract_, "第一行\n\t第二行");
    }

    fn t(h: i64) -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-06-30 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
            + chrono::Duration::hours(h)
    }

    #[test]
    fn extensions_move_the_submission_deadline_later_only() {
        assert_eq!(submission_deadline(Some(t(0)), None, []), Some(t(0)));
        assert_eq!(submission_deadline(Some(t(0)), Some(t(5)), []), Some(t(5)));
        assert_eq!(
            submission_deadline(Some(t(0)), Some(t(-5)), [t(-1)]),
            Some(t(0)),
            "never earlier"
        );
        assert_eq!(
            submission_deadline(Some(t(0)), Some(t(5)), [t(2), t(9)]),
            Some(t(9))
        );
    }

    #[test]
    fn the_window_opens_with_registration_and_closes_at_the_deadline() {
        let w = Window {
            opens: Some(t(-100)),
            deadline: Some(t(0)),
            ..Default::default()
        };
        assert!(!w.open(t(-101)), "not before registration opens");
        assert!(w.open(t(-1)) && w.allows_proposal(t(-1)));
        assert!(!w.open(t(0)), "the deadline is exclusive");
        assert!(!w.allows(&EntryContent::default(), &entry(vec![]), t(1)));
        assert_eq!(w.open_until(t(-1)), Some(t(0)));
        let withdrawn = Window {
            withdrawn: true,
            ..w.clone()
        };
        assert!(!withdrawn.open(t(-1)));
        assert!(Window::default().open(t(0)), "no dates, no limits");
    }

    #[test]
    fn after_the_deadline_a_revision_opens_only_its_parts_until_due() {
        use crate::domain::eligibility::FixPart;
        let w = Window {
            deadline: Some(t(0)),
            revision: Some(Revision {
                due: t(48),
                parts: vec![FixPart::Datasets],
            }),
            ..Default::default()
        };
        let before = entry(vec![ds("6262", GOOD)]);
        let mut more = before.clone();
        more.datasets.push(ds("40324", GOOD2));
        let mut renamed = before.clone();
        renamed.title = "偷改名字".into();
        assert!(w.open(t(1)) && w.allows(&before, &more, t(1)));
        assert!(!w.allows(&before, &renamed, t(1)), "only what was asked");
        assert!(
            w.allows(&before, &renamed, t(-1)),
            "before the deadline, anything"
        );
        assert!(!w.allows_proposal(t(1)), "the proposal was not asked for");
        assert_eq!(w.open_until(t(1)), Some(t(48)));
        assert!(!w.open(t(48)), "until it is due");
        let withdrawn = Window {
            withdrawn: true,
            ..w
        };
        assert!(withdrawn.revision_open(t(1)).is_none());
    }

    fn with_cards(e: &EntryContent, cards: &BTreeMap<String, DatasetFitness>) -> Vec<Check> {
        let cat = catalogue();
        precheck(
            e,
            &PrecheckContext {
                min_datasets: 1,
                counted_publishers: &["勞動部勞工保險局"],
                catalogue: &cat,
                proposal_attached: true,
                team_rules_met: true,
                fitness: cards,
                challenge_missing: None,
            },
        )
    }

    fn columns(names: &[&str]) -> DatasetFitness {
        DatasetFitness {
            columns: names.iter().map(|n| n.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn declared_fields_missing_from_the_real_columns_are_named_as_advice() {
        let mut a = ds("6262", GOOD);
        a.fields_used = "行業別、 費率 ,保費,行業別".into();
        let mut b = ds("40324", GOOD2);
        b.fields_used = "身分別".into();
        let e = entry(vec![a, b]);
        let cards: BTreeMap<String, DatasetFitness> = [
            ("6262".to_string(), columns(&["行業別", "費率"])),
            ("40324".to_string(), columns(&["身分 別", "比例"])),
        ]
        .into_iter()
        .collect();
        let checks = with_cards(&e, &cards);
        let missing: Vec<&Check> = checks
            .iter()
            .filter(|c| c.label == "check-fields-in-columns")
            .collect();
        assert_eq!(
            missing.len(),
            1,
            "white space and case are not a difference"
        );
        assert_eq!(missing[0].datasets, ["6262"]);
        assert_eq!(missing[0].fields, ["保費"], "named once");
        assert!(!missing[0].passed && !missing[0].certain);
        assert!(
            certain_failures(&checks).is_empty(),
            "a warning never blocks"
        );

        let unread: BTreeMap<String, DatasetFitness> =
            [("6262".to_string(), DatasetFitness::default())]
                .into_iter()
                .collect();
        assert!(
            all_passed(&with_cards(&e, &unread)),
            "a card not read yet says nothing about fields"
        );
    }

    #[test]
    fn archives_documents_broken_links_and_gone_datasets_are_warned_about() {
        let e = entry(vec![
            ds("6262", GOOD),
            ds("40324", GOOD2),
            ds("99", "以職災統計估算各行業的風險並提供安全建議給勞工"),
        ]);
        let flag = |f: fn(&mut DatasetFitness)| {
            let mut c = DatasetFitness::default();
            f(&mut c);
            c
        };
        let cards: BTreeMap<String, DatasetFitness> = [
            ("6262".to_string(), flag(|c| c.compressed_only = true)),
            (
                "40324".to_string(),
                flag(|c| {
                    c.document_only = true;
                    c.link_broken = true;
                }),
            ),
            ("99".to_string(), flag(|c| c.gone = true)),
        ]
        .into_iter()
        .collect();
        let checks = with_cards(&e, &cards);
        let about = |label: &str| -> Vec<String> {
            checks
                .iter()
                .find(|c| c.label == label)
                .map(|c| c.datasets.clone())
                .unwrap_or_default()
        };
        assert_eq!(about("check-datasets-not-compressed"), ["6262"]);
        assert_eq!(about("check-datasets-not-document-only"), ["40324"]);
        assert_eq!(about("check-dataset-links"), ["40324"]);
        assert_eq!(about("check-datasets-listed"), ["99"]);
        assert!(certain_failures(&checks).is_empty());
        assert!(
            all_passed(&with_cards(&e, &BTreeMap::new())),
            "no cards, no warnings"
        );
    }

    #[test]
    fn a_chosen_challenge_adds_advice_naming_what_is_missing() {
        let cat = catalogue();
        let e = entry(vec![ds("6262", GOOD)]);
        let with = |missing: &[String]| {
            precheck(
                &e,
                &PrecheckContext {
                    min_datasets: 1,
                    counted_publishers: &["勞動部勞工保險局"],
                    catalogue: &cat,
                    proposal_attached: true,
                    team_rules_met: true,
                    fitness: &BTreeMap::new(),
                    challenge_missing: Some(missing),
                },
            )
        };
        let missing = vec!["40324".to_string()];
        let checks = with(&missing);
        let c = checks
            .iter()
            .find(|c| c.label == "check-challenge-datasets")
            .unwrap();
        assert!(!c.passed && !c.certain, "advice, never a certain failure");
        assert_eq!(c.datasets, missing);
        assert!(certain_failures(&checks).is_empty());
        let all_there = with(&[]);
        assert!(all_there
            .iter()
            .any(|c| c.label == "check-challenge-datasets" && c.passed));
        assert!(!run(&e, 1)
            .iter()
            .any(|c| c.label == "check-challenge-datasets"));
    }

    #[test]
    fn a_changed_challenge_is_a_change_between_versions() {
        let a = entry(vec![]);
        let b = EntryContent {
            challenge_id: Some(7),
            ..a.clone()
        };
        let changes = diff(&a, &b);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "entry-challenge");
        assert_eq!(changes[0].after, "#7");
    }
}
