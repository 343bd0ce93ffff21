//! Entries (作品): the fields a team fills in, the datasets it declares with
//! how deeply each is used, the pre-check that mirrors the eligibility
//! review, and the field-by-field comparison of two saved versions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::FieldError;

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

impl EntryContent {
    /// Tidies the input and checks what a draft may hold. A draft may be
    /// incomplete; the pre-check says what is missing for the review.
    pub fn checked(mut self) -> Result<EntryContent, Vec<FieldError>> {
        let mut e = Vec::new();
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
        self.datasets.retain(|d| {
            !(d.dataset_id.trim().is_empty()
                && d.usage.trim().is_empty()
                && d.fields_used.trim().is_empty())
        });
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Fluent id of what is checked.
    pub label: &'static str,
    pub passed: bool,
    /// Fluent id of the fix, shown when the check fails.
    pub fix: &'static str,
    /// Dataset ids the check is about, when it is about some of them.
    pub datasets: Vec<String>,
    pub count: i64,
    pub min: i64,
}

/// The pre-check: the same rules the eligibility review starts from.
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
        passed: missing.is_empty() && !ids.is_empty(),
        fix: if ids.is_empty() {
            "fix-add-datasets"
        } else {
            "fix-datasets-exist"
        },
        datasets: missing,
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
        passed: twice.is_empty(),
        fix: "fix-datasets-distinct",
        datasets: twice,
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
        passed: counted >= ctx.min_datasets as i64,
        fix: "fix-datasets-count",
        datasets: Vec::new(),
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
        passed: thin.is_empty() && !entry.datasets.is_empty(),
        fix: "fix-usage-substance",
        datasets: thin,
        count: 0,
        min: 0,
    });
    checks.push(Check {
        label: "check-usage-distinct",
        passed: copied.is_empty(),
        fix: "fix-usage-distinct",
        datasets: copied,
        count: 0,
        min: 0,
    });
    checks.push(Check {
        label: "check-proposal",
        passed: ctx.proposal_attached,
        fix: "fix-proposal",
        datasets: Vec::new(),
        count: 0,
        min: 0,
    });
    let described = !entry.title.is_empty() && substance(&entry.abstract_) >= MIN_SUBSTANCE;
    checks.push(Check {
        label: "check-description",
        passed: described,
        fix: "fix-description",
        datasets: Vec::new(),
        count: 0,
        min: 0,
    });
    checks.push(Check {
        label: "check-team-rules",
        passed: ctx.team_rules_met,
        fix: "fix-team-rules",
        datasets: Vec::new(),
        count: 0,
        min: 0,
    });
    checks
}

pub fn all_passed(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.passed)
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
            vec!["check-usage-substance"]
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
}
