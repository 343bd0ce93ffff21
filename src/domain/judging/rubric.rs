//! Rubrics: weighted criteria with the two open-data ones (quantity,
//! computed; depth, rated by judges), the quantity scale, and the rules of
//! the rubric editor.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::text::{refusal, Kind};
use crate::domain::{FieldError, FieldErrors};

/// At most this many typed criteria per rubric (the two open-data ones come on top).
pub const MAX_CRITERIA: usize = 12;
/// A criterion's name, in either language.
pub const NAME_MAX: usize = 100;
/// A criterion's guidance for judges, in either language.
pub const DESCRIPTION_MAX: usize = 1000;
/// The highest score a typed criterion may go up to.
pub const MANUAL_MAX: f64 = 1000.0;
/// Depth ratings go from 1 to 5.
pub const DEPTH_RANGE: (u8, u8) = (1, 5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CriterionKind {
    /// Typed by judges within the criterion's range.
    Manual,
    /// Computed from the number of distinct eligible datasets.
    Quantity,
    /// The mean of the judges' 1–5 ratings of each dataset's use.
    Depth,
}

impl CriterionKind {
    pub const ALL: [CriterionKind; 3] = [
        CriterionKind::Manual,
        CriterionKind::Quantity,
        CriterionKind::Depth,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CriterionKind::Manual => "manual",
            CriterionKind::Quantity => "quantity",
            CriterionKind::Depth => "depth",
        }
    }

    pub fn parse(s: &str) -> Option<CriterionKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// The open-data criteria every rubric keeps, once each.
    pub fn builtin(self) -> bool {
        self != CriterionKind::Manual
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub key: String,
    pub kind: CriterionKind,
    /// Share of the total, in percent; all criteria add up to 100.
    pub weight: f64,
    pub min: f64,
    pub max: f64,
}

/// The open-data quantity scale: from a number of datasets to a share of the
/// criterion ("1:40, 2:70, 3:100" — 3 or more datasets give 100 %).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityScale(Vec<(u32, f64)>);

impl Default for QuantityScale {
    fn default() -> Self {
        QuantityScale(vec![(1, 40.0), (2, 70.0), (3, 100.0)])
    }
}

impl QuantityScale {
    pub fn parse(raw: &str) -> Result<QuantityScale, FieldError> {
        let err = || FieldError::new("quantity_scale", "error-quantity-scale");
        let mut steps = Vec::new();
        for part in raw
            .split([',', '，', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (n, pct) = part.split_once([':', '：']).ok_or_else(err)?;
            let n: u32 = n.trim().parse().map_err(|_| err())?;
            let pct: f64 = pct
                .trim()
                .trim_end_matches('%')
                .parse()
                .map_err(|_| err())?;
            if n == 0 || !(0.0..=100.0).contains(&pct) {
                return Err(err());
            }
            steps.push((n, pct));
        }
        steps.sort_by_key(|(n, _)| *n);
        let increasing = steps
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
        if steps.is_empty() || !increasing {
            return Err(err());
        }
        Ok(QuantityScale(steps))
    }

    /// The share (0–1) for `count` distinct eligible datasets.
    pub fn fraction(&self, count: u32) -> f64 {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| count >= *n)
            .map(|(_, pct)| pct / 100.0)
            .unwrap_or(0.0)
    }

    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(n, p)| format!("{n}:{p}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Checks a rubric: weights positive and adding up to 100, ranges sensible,
/// keys unique, at most one of each open-data criterion.
pub fn validate_rubric(criteria: &[Criterion]) -> Vec<FieldError> {
    let mut e = Vec::new();
    let sum: f64 = criteria.iter().map(|c| c.weight).sum();
    if (sum - 100.0).abs() > 1e-6 {
        e.push(FieldError::new("weights", "error-weights-sum"));
    }
    if criteria.iter().any(|c| c.weight <= 0.0) {
        e.push(FieldError::new("weights", "error-weight-positive"));
    }
    if criteria
        .iter()
        .any(|c| c.kind == CriterionKind::Manual && c.max <= c.min)
    {
        e.push(FieldError::new("range", "error-range"));
    }
    let keys: BTreeSet<&str> = criteria.iter().map(|c| c.key.as_str()).collect();
    if keys.len() != criteria.len() {
        e.push(FieldError::new("key", "error-criterion-duplicate"));
    }
    for kind in [CriterionKind::Quantity, CriterionKind::Depth] {
        if criteria.iter().filter(|c| c.kind == kind).count() > 1 {
            e.push(FieldError::new("key", "error-criterion-duplicate"));
        }
    }
    e
}

/// What one judge gave one entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    /// Manual criteria: key → score.
    pub scores: BTreeMap<String, f64>,
    /// Depth ratings (1–5), one per declared dataset.
    pub depth_ratings: Vec<u8>,
}

/// The weighted total (0–100) of one review; `datasets` is the entry's count
/// of distinct eligible datasets. A manual score outside its range is clamped.
pub fn weighted_total(
    criteria: &[Criterion],
    scale: &QuantityScale,
    datasets: u32,
    review: &Review,
) -> f64 {
    criteria
        .iter()
        .map(|c| {
            let fraction = match c.kind {
                CriterionKind::Manual => review
                    .scores
                    .get(&c.key)
                    .map(|s| ((s.clamp(c.min, c.max) - c.min) / (c.max - c.min)).clamp(0.0, 1.0))
                    .unwrap_or(0.0),
                CriterionKind::Quantity => scale.fraction(datasets),
                CriterionKind::Depth => depth_fraction(&review.depth_ratings),
            };
            c.weight * fraction
        })
        .sum()
}

/// The depth criterion: the mean rating (1–5) scaled to 0–1.
pub fn depth_fraction(ratings: &[u8]) -> f64 {
    if ratings.is_empty() {
        return 0.0;
    }
    let mean = ratings
        .iter()
        .map(|r| f64::from((*r).clamp(DEPTH_RANGE.0, DEPTH_RANGE.1)))
        .sum::<f64>()
        / ratings.len() as f64;
    (mean - 1.0) / 4.0
}

// ---------------------------------------------------------------- the editor

/// One criterion of a rubric, as stored and as the editor saves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionInput {
    pub kind: CriterionKind,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub weight: f64,
    pub min_score: f64,
    pub max_score: f64,
}

impl CriterionInput {
    /// The criteria as the scoring rules see them: the open-data ones by
    /// their kind, typed ones by position ("c1", "c2", …, the form's keys).
    pub fn criteria(rows: &[CriterionInput]) -> Vec<Criterion> {
        rows.iter()
            .enumerate()
            .map(|(i, c)| Criterion {
                key: if c.kind.builtin() {
                    c.kind.as_str().to_string()
                } else {
                    format!("c{}", i + 1)
                },
                kind: c.kind,
                weight: c.weight,
                min: c.min_score,
                max: c.max_score,
            })
            .collect()
    }
}

/// What a new rubric starts from: the two open-data criteria and two typed ones.
pub fn default_criteria() -> Vec<CriterionInput> {
    let c = |kind: CriterionKind, zh: &str, en: &str, dzh: &str, den: &str, weight: f64| {
        let (min_score, max_score) = if kind.builtin() {
            (f64::from(DEPTH_RANGE.0), f64::from(DEPTH_RANGE.1))
        } else {
            (0.0, 10.0)
        };
        CriterionInput {
            kind,
            name_zh: zh.into(),
            name_en: en.into(),
            description_zh: dzh.into(),
            description_en: den.into(),
            weight,
            min_score,
            max_score,
        }
    };
    vec![
        c(
            CriterionKind::Quantity,
            "開放資料運用數量",
            "Open-data quantity",
            "依使用的合格資料集數量自動計算。",
            "Computed from the number of eligible datasets used.",
            20.0,
        ),
        c(
            CriterionKind::Depth,
            "開放資料運用深度",
            "Open-data depth",
            "評審就每個資料集的運用程度評 1–5 分。",
            "Judges rate how well each dataset is used, 1–5.",
            20.0,
        ),
        c(
            CriterionKind::Manual,
            "創意與價值",
            "Originality and value",
            "構想是否新穎、能否解決勞動領域的實際問題。",
            "Is the idea new, and does it solve a real labour-market problem?",
            30.0,
        ),
        c(
            CriterionKind::Manual,
            "可行性與完成度",
            "Feasibility and completeness",
            "作品是否可實際運作、規劃是否完整。",
            "Does it work, and is the plan complete?",
            30.0,
        ),
    ]
}

/// One criterion row of the rubric editor, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RubricRow {
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub weight: String,
    pub min_score: String,
    pub max_score: String,
}

impl RubricRow {
    /// A stored criterion as the editor shows it.
    pub fn of(c: &CriterionInput) -> RubricRow {
        RubricRow {
            kind: c.kind.as_str().to_string(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            description_zh: c.description_zh.clone(),
            description_en: c.description_en.clone(),
            weight: format_number(c.weight),
            min_score: format_number(c.min_score),
            max_score: format_number(c.max_score),
        }
    }

    /// A typed row with nothing in it, which the editor leaves out.
    fn is_blank(&self) -> bool {
        [
            &self.name_zh,
            &self.name_en,
            &self.weight,
            &self.description_zh,
            &self.description_en,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

/// A number as the editor shows it: whole numbers without decimals.
pub fn format_number(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round() as i64)
    } else {
        format!("{n:.2}")
    }
}

/// A typed weight or score: a finite number, a trailing per-cent sign allowed.
fn number(raw: &str) -> Option<f64> {
    let n: f64 = raw
        .trim()
        .trim_end_matches(['%', '％'])
        .trim()
        .parse()
        .ok()?;
    n.is_finite().then_some(n)
}

/// The rubric as the editor posts it.
#[derive(Debug, Clone, Default)]
pub struct RubricForm {
    /// The version the form was opened at (0 for a rubric not saved yet).
    pub version: i32,
    pub scale: String,
    pub rows: Vec<RubricRow>,
}

/// A typed rubric, checked.
#[derive(Debug, Clone)]
pub struct CheckedRubric {
    /// The rows kept (blank typed rows and repeated open-data rows are left
    /// out), as typed, each with its problems.
    pub rows: Vec<(RubricRow, Vec<&'static str>)>,
    pub criteria: Vec<CriterionInput>,
    pub scale: Option<QuantityScale>,
    /// Problems of the rubric as a whole: weights, ranges, keys, the scale.
    pub errors: FieldErrors,
}

impl CheckedRubric {
    pub fn row_errors(&self) -> bool {
        self.rows.iter().any(|(_, e)| !e.is_empty())
    }

    /// Every problem, for a refusal: the rubric's own, and one saying the
    /// rows have some.
    pub fn problems(&self) -> FieldErrors {
        let mut e = self.errors.clone();
        if self.row_errors() {
            e.push("rows", "rubric-row-errors");
        }
        e
    }
}

/// Reads the editor's rows and scale: names required and free of control
/// characters, numbers where numbers go, typed ranges within 0–1000, both
/// open-data criteria present (rated 1–5), weights adding up to 100.
pub fn check_rubric(form: &RubricForm) -> CheckedRubric {
    let mut rows = Vec::new();
    let mut criteria = Vec::new();
    let mut seen = HashSet::new();
    for row in form.rows.iter().take(MAX_CRITERIA + 2) {
        let Some(kind) = CriterionKind::parse(&row.kind) else {
            continue;
        };
        if (kind.builtin() && !seen.insert(kind)) || (!kind.builtin() && row.is_blank()) {
            continue;
        }
        let (input, errors) = check_row(kind, row);
        criteria.push(input);
        rows.push((row.clone(), errors));
    }
    let mut errors = FieldErrors::default();
    let scale = errors.check(QuantityScale::parse(&form.scale));
    if criteria.is_empty() {
        errors.push("weights", "error-weights-sum");
    }
    for kind in [CriterionKind::Quantity, CriterionKind::Depth] {
        if !criteria.iter().any(|c| c.kind == kind) {
            errors.push("key", "error-criterion-builtin");
        }
    }
    let checked = CheckedRubric {
        rows,
        criteria,
        scale,
        errors,
    };
    if checked.row_errors() {
        return checked;
    }
    let mut checked = checked;
    for e in validate_rubric(&CriterionInput::criteria(&checked.criteria)) {
        checked.errors.add(e);
    }
    checked
}

fn check_row(kind: CriterionKind, row: &RubricRow) -> (CriterionInput, Vec<&'static str>) {
    let mut e = Vec::new();
    let name = |v: &str, required: bool| {
        refusal(v, Kind::Name).or(((required && v.is_empty()) || v.chars().count() > NAME_MAX)
            .then_some("error-criterion-name"))
    };
    let guidance = |v: &str| {
        refusal(v, Kind::Paragraph)
            .or((v.chars().count() > DESCRIPTION_MAX).then_some("error-criterion-description"))
    };
    e.extend(name(&row.name_zh, true));
    e.extend(name(&row.name_en, false));
    e.extend(guidance(&row.description_zh));
    e.extend(guidance(&row.description_en));
    let weight = number(&row.weight);
    if weight.is_none() {
        e.push("error-criterion-weight");
    }
    let (min, max) = if kind.builtin() {
        (
            Some(f64::from(DEPTH_RANGE.0)),
            Some(f64::from(DEPTH_RANGE.1)),
        )
    } else {
        (number(&row.min_score), number(&row.max_score))
    };
    match (min, max) {
        (Some(lo), Some(hi)) if !kind.builtin() && (hi <= lo || lo < 0.0 || hi > MANUAL_MAX) => {
            e.push("error-range")
        }
        (Some(_), Some(_)) => {}
        _ => e.push("error-criterion-range-number"),
    }
    e.dedup();
    let input = CriterionInput {
        kind,
        name_zh: row.name_zh.clone(),
        name_en: row.name_en.clone(),
        description_zh: row.description_zh.clone(),
        description_en: row.description_en.clone(),
        weight: weight.unwrap_or(0.0),
        min_score: min.unwrap_or(0.0),
        max_score: max.unwrap_or(0.0),
    };
    (input, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Vec<Criterion> {
        vec![
            Criterion {
                key: "innovation".into(),
                kind: CriterionKind::Manual,
                weight: 40.0,
                min: 0.0,
                max: 10.0,
            },
            Criterion {
                key: "quantity".into(),
                kind: CriterionKind::Quantity,
                weight: 30.0,
                min: 0.0,
                max: 0.0,
            },
            Criterion {
                key: "depth".into(),
                kind: CriterionKind::Depth,
                weight: 30.0,
                min: 1.0,
                max: 5.0,
            },
        ]
    }

    #[test]
    fn weighted_totals_quantity_and_depth() {
        let scale = QuantityScale::default();
        assert_eq!(scale.fraction(0), 0.0);
        assert_eq!(scale.fraction(1), 0.4);
        assert_eq!(scale.fraction(2), 0.7);
        assert_eq!(scale.fraction(7), 1.0);
        assert_eq!(depth_fraction(&[5, 5]), 1.0);
        assert_eq!(depth_fraction(&[1, 3]), 0.25);
        let review = Review {
            scores: [("innovation".to_string(), 8.0)].into_iter().collect(),
            depth_ratings: vec![3, 5],
        };
        // 40×0.8 + 30×0.7 + 30×0.75 = 32 + 21 + 22.5
        assert!((weighted_total(&rubric(), &scale, 2, &review) - 75.5).abs() < 1e-9);
        let wild = Review {
            scores: [("innovation".to_string(), 99.0)].into_iter().collect(),
            depth_ratings: vec![],
        };
        assert!(
            (weighted_total(&rubric(), &scale, 0, &wild) - 40.0).abs() < 1e-9,
            "out-of-range scores are clamped"
        );
    }

    #[test]
    fn rubrics_and_scales_are_validated() {
        assert!(validate_rubric(&rubric()).is_empty());
        let mut bad = rubric();
        bad[0].weight = 50.0;
        assert_eq!(validate_rubric(&bad)[0].message, "error-weights-sum");
        assert_eq!(
            QuantityScale::parse("1:40, 2:70, 3:100").unwrap(),
            QuantityScale::default()
        );
        assert!(
            QuantityScale::parse("1:80, 2:70").is_err(),
            "a larger count never gives less"
        );
        assert!(QuantityScale::parse("").is_err());
        assert!(QuantityScale::parse("0:10").is_err());
    }

    #[test]
    fn kinds_are_named_and_unknown_names_are_none() {
        for k in CriterionKind::ALL {
            assert_eq!(CriterionKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(CriterionKind::parse("Manual"), None);
        assert_eq!(CriterionKind::parse(""), None);
    }

    fn typed(kind: &str, zh: &str, weight: &str, min: &str, max: &str) -> RubricRow {
        RubricRow {
            kind: kind.into(),
            name_zh: zh.into(),
            weight: weight.into(),
            min_score: min.into(),
            max_score: max.into(),
            ..RubricRow::default()
        }
    }

    fn form(rows: Vec<RubricRow>) -> RubricForm {
        RubricForm {
            version: 0,
            scale: "1:40, 2:70, 3:100".into(),
            rows,
        }
    }

    #[test]
    fn the_editor_keeps_both_open_data_criteria_and_drops_blank_rows() {
        let c = check_rubric(&form(vec![
            typed("quantity", "數量", "20", "", ""),
            typed("depth", "深度", "20%", "", ""),
            typed("quantity", "又一個數量", "5", "", ""),
            typed("manual", "創意", "60", "0", "10"),
            typed("manual", "", "", "0", "10"),
            typed("bogus", "x", "1", "0", "1"),
        ]));
        assert!(c.errors.is_empty() && !c.row_errors(), "{:?}", c.errors);
        assert_eq!(c.criteria.len(), 3);
        assert_eq!(
            (c.criteria[1].min_score, c.criteria[1].max_score),
            (1.0, 5.0)
        );
        let c = check_rubric(&form(vec![
            typed("quantity", "數量", "40", "", ""),
            typed("manual", "創意", "60", "0", "10"),
        ]));
        assert_eq!(c.errors.get("key"), Some("error-criterion-builtin"));
    }

    #[test]
    fn typed_ranges_names_and_weights_are_explained_on_their_row() {
        let c = check_rubric(&form(vec![
            typed("quantity", "數量", "二十", "", ""),
            typed("depth", "深度", "20", "", ""),
            typed("manual", "創意", "30", "10", "0"),
            typed("manual", "負數", "10", "-1", "10"),
            typed("manual", "太高", "10", "0", "1001"),
            typed("manual", "創意\0", "10", "0", "10"),
            typed("manual", "\u{202E}反轉", "10", "0", "10"),
            typed("manual", "", "10", "0", "10"),
        ]));
        let errors: Vec<&Vec<&str>> = c.rows.iter().map(|(_, e)| e).collect();
        assert_eq!(errors[0], &vec!["error-criterion-weight"]);
        assert!(errors[1].is_empty());
        for (i, e) in errors.iter().enumerate().take(5).skip(2) {
            assert_eq!(*e, &vec!["error-range"], "row {i}");
        }
        assert_eq!(errors[5], &vec!["error-text-control"]);
        assert_eq!(errors[6], &vec!["error-text-invisible"]);
        assert_eq!(errors[7], &vec!["error-criterion-name"]);
        assert_eq!(c.problems().get("rows"), Some("rubric-row-errors"));
        // Row problems first: the weights are not summed over broken rows.
        assert!(!c.errors.has("weights"));
        let mut guidance = typed("manual", "創意", "60", "0", "10");
        guidance.description_zh = "第一行\n第二行".into();
        guidance.description_en = "bell\u{7}".into();
        let c = check_rubric(&form(vec![
            typed("quantity", "數量", "20", "", ""),
            typed("depth", "深度", "20", "", ""),
            guidance,
        ]));
        assert_eq!(c.rows[2].1, vec!["error-text-control"]);
    }
}
