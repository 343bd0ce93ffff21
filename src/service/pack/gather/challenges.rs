//! The pack's challenges section (出題, issue 20): the dashboard's challenges
//! table for both years side by side, never counted a second way.

use super::{Builder, Section, Year};
use crate::service::dashboard::CHALLENGES_TABLE;

impl Builder<'_> {
    /// Challenges published and the entries answering them (the
    /// dashboard's challenges table), this year beside the previous one.
    pub(super) fn challenges(&self) -> Section {
        let figures = |y: &Year| self.dash_keyed(y, CHALLENGES_TABLE, &[1]);
        let mut table = self.compare(
            "challenges",
            "dash-challenges",
            "dash-measure",
            figures(self.now),
            self.before.map(figures),
        );
        table.sources = self.dashboard_csv(CHALLENGES_TABLE);
        Section {
            id: "challenges",
            title: "pack-challenges",
            notes: vec![self.t("pack-challenges-note")],
            tables: vec![table],
        }
    }
}
