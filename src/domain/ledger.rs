//! The dataset impact ledger's rules: which datasets a business unit
//! answers for, and how a year's declarations become a mean depth of use.
//!
//! A dataset names its publisher as text (「勞動部勞工保險局」), and a
//! business unit has a Chinese name; there is no code linking the two. The
//! ministry's agencies publish under their own names, which are the units'
//! names, so a unit's datasets are those whose publisher is its Chinese name
//! exactly (white space tidied). The ministry's departments publish under
//! 「勞動部」 itself, which no one unit owns: those datasets are the
//! organisers' to read, and a department's reviewers see only what is
//! published under the department's own name.

/// The publisher name under which a unit named `name_zh` publishes.
pub fn unit_publisher(name_zh: &str) -> String {
    name_zh.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The mean depth of use of `entries` declarations whose depths add up to
/// `sum` (each 1–4, as the team declared it), or none without entries.
pub fn mean_depth(sum: i64, entries: i64) -> Option<f64> {
    (entries > 0).then(|| sum as f64 / entries as f64)
}

/// A mean depth as shown and exported: one decimal, empty when there is none.
pub fn shown_depth(mean: Option<f64>) -> String {
    mean.map(|m| format!("{m:.1}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_publishes_under_its_chinese_name() {
        assert_eq!(unit_publisher(" 勞動部勞工保險局 "), "勞動部勞工保險局");
        assert_eq!(
            unit_publisher("勞動部  職業安全衛生署"),
            "勞動部 職業安全衛生署"
        );
    }

    #[test]
    fn the_mean_depth_is_per_entry_and_absent_without_entries() {
        assert_eq!(mean_depth(9, 3), Some(3.0));
        assert_eq!(shown_depth(mean_depth(3, 2)), "1.5");
        assert_eq!(mean_depth(0, 0), None);
        assert_eq!(shown_depth(None), "");
    }
}
