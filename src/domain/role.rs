//! The roles an account can hold (PRODUCT.md "People").

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    Advisor,
    Reviewer,
    Judge,
    UnitReviewer,
    Organiser,
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Participant,
        Role::Advisor,
        Role::Reviewer,
        Role::Judge,
        Role::UnitReviewer,
        Role::Organiser,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Advisor => "advisor",
            Role::Reviewer => "reviewer",
            Role::Judge => "judge",
            Role::UnitReviewer => "unit_reviewer",
            Role::Organiser => "organiser",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The Fluent message id of the role's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Role::Participant => "role-participant",
            Role::Advisor => "role-advisor",
            Role::Reviewer => "role-reviewer",
            Role::Judge => "role-judge",
            Role::UnitReviewer => "role-unit-reviewer",
            Role::Organiser => "role-organiser",
            Role::Admin => "role-admin",
        }
    }

    /// A unit reviewer acts for exactly one business unit.
    pub fn needs_unit(self) -> bool {
        self == Role::UnitReviewer
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::UnitReviewer.needs_unit());
        assert!(!Role::Admin.needs_unit());
    }
}
