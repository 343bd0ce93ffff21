//! The watch on what entries depend on: which upstream changes of a declared
//! dataset matter to an entry, and how one change is told from another so
//! that the same change seen twice (two runs, two replicas) is one.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use super::entry::field_names;
use super::fitness::lost_fields;

/// What happened to a dataset upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// The catalogue no longer has it (its metadata answers 404).
    Gone,
    /// Its columns changed so that a field entries declare disappeared.
    Columns,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Gone => "gone",
            ChangeKind::Columns => "columns",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeKind> {
        match s {
            "gone" => Some(ChangeKind::Gone),
            "columns" => Some(ChangeKind::Columns),
            _ => None,
        }
    }

    /// The Fluent message id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            ChangeKind::Gone => "watch-kind-gone",
            ChangeKind::Columns => "watch-kind-columns",
        }
    }
}

/// What identifies a dataset's going: when it was marked gone (a dataset
/// that comes back and goes again has gone twice).
pub fn gone_key(marked_at: NaiveDateTime) -> String {
    format!("gone:{}", marked_at.format("%Y-%m-%dT%H:%M:%S%.6f"))
}

/// What identifies a change of columns: when the columns it replaced were
/// read, and what the new ones are. Two readers that saw the same columns
/// before and the same after make the same key; a field that vanishes,
/// comes back and vanishes again makes a new one.
pub fn columns_key(read_before: NaiveDateTime, after: &[String]) -> String {
    let mut h = Sha256::new();
    for c in after {
        h.update(c.as_bytes());
        h.update([0x1f]);
    }
    format!(
        "columns:{}:{}",
        read_before.format("%Y-%m-%dT%H:%M:%S%.6f"),
        hex::encode(&h.finalize()[..12])
    )
}

/// The fields an entry declared ("fields used", as typed) that were among
/// the columns `before` and are not among those `after`: what the change
/// took from the entry. Empty: the change does not touch it.
pub fn lost_by(fields_used: &str, before: &[String], after: &[String]) -> Vec<String> {
    let declared = field_names(fields_used);
    lost_fields(&declared, before, after)
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
    }

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_declared_fields_that_were_there_are_lost() {
        let before = cols(&["年度", "行業類別", "費率"]);
        let after = cols(&["年度", "費率", "備註"]);
        assert_eq!(lost_by("行業類別、年度", &before, &after), ["行業類別"]);
        assert!(
            lost_by("費率", &before, &after).is_empty(),
            "an undeclared column going touches no one"
        );
        assert!(
            lost_by("地區", &before, &after).is_empty(),
            "a field that was never a column is not lost by the change"
        );
        assert_eq!(
            lost_by(" 行業類別 ,年度；費率", &before, &cols(&["年度"])),
            ["行業類別", "費率"]
        );
    }

    #[test]
    fn the_same_change_has_the_same_key_and_a_repeat_a_new_one() {
        let after = cols(&["年度", "費率"]);
        let first = columns_key(at("2026-11-20 08:00:00"), &after);
        assert_eq!(first, columns_key(at("2026-11-20 08:00:00"), &after));
        assert_ne!(first, columns_key(at("2026-11-25 08:00:00"), &after));
        assert_ne!(
            first,
            columns_key(at("2026-11-20 08:00:00"), &cols(&["年度"]))
        );
        assert_ne!(
            columns_key(at("2026-11-20 08:00:00"), &cols(&["ab", "c"])),
            columns_key(at("2026-11-20 08:00:00"), &cols(&["a", "bc"]))
        );
        assert!(gone_key(at("2026-11-20 08:00:00")).starts_with("gone:2026-11-20T08:00:00"));
    }

    #[test]
    fn kinds_are_stored_by_name() {
        for k in [ChangeKind::Gone, ChangeKind::Columns] {
            assert_eq!(ChangeKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ChangeKind::parse("moved"), None);
    }
}
