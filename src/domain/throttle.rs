//! How often the sensitive account actions may be tried: the limits, and the
//! decision given how many recent attempts were counted.

use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    /// Whether one more attempt is allowed after `recent` attempts inside the window.
    pub fn allows(&self, recent: i64) -> bool {
        recent < self.max
    }
}

/// Failed sign-ins for one e-mail address.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
    bucket: "signin-account",
    max: 5,
    window: Duration::minutes(15),
};
// Per-address limits are generous on purpose: a whole university computer
// room shares one address, and a class may sign up within the same hour.
/// Failed sign-ins from one address, whichever account.
pub const SIGN_IN_PER_IP: Limit = Limit {
    bucket: "signin-ip",
    max: 100,
    window: Duration::minutes(15),
};
/// University sign-ins started from one address (each asks the provider
/// and stores a state until it comes back or expires).
pub const OIDC_START_PER_IP: Limit = Limit {
    bucket: "oidc-start-ip",
    max: 200,
    window: Duration::minutes(15),
};
pub const SIGN_UP_PER_IP: Limit = Limit {
    bucket: "signup-ip",
    max: 100,
    window: Duration::hours(1),
};
pub const RESET_PER_IP: Limit = Limit {
    bucket: "reset-ip",
    max: 50,
    window: Duration::hours(1),
};
pub const RESET_PER_ACCOUNT: Limit = Limit {
    bucket: "reset-account",
    max: 3,
    window: Duration::hours(1),
};
/// "Someone tried to register with your address" mails to one address.
pub const ACCOUNT_EXISTS_MAIL: Limit = Limit {
    bucket: "account-exists-mail",
    max: 3,
    window: Duration::hours(1),
};
/// Data requests filed, per account.
pub const REQUEST_FILING_PER_ACCOUNT: Limit = Limit {
    bucket: "request-filing",
    max: 10,
    window: Duration::hours(24),
};
/// Live look-ups of datasets on data.gov.tw, per account.
pub const DATASET_LOOKUP_PER_ACCOUNT: Limit = Limit {
    bucket: "dataset-lookup",
    max: 30,
    window: Duration::hours(1),
};
pub const VERIFY_RESEND_PER_ACCOUNT: Limit = Limit {
    bucket: "verify-resend",
    max: 3,
    window: Duration::hours(1),
};
/// Invitations e-mailed from one team's page.
pub const TEAM_INVITE_MAILS: Limit = Limit {
    bucket: "team-invite-mail",
    max: 20,
    window: Duration::hours(1),
};

/// Fitness cards read on demand, per account.
pub const CARD_READS_PER_ACCOUNT: Limit = Limit {
    bucket: "card-read",
    max: 20,
    window: Duration::hours(1),
};

/// Teammate-finder contact requests sent, per account: enough to reach the
/// few people who fit, too few to write to everyone.
pub const FINDER_CONTACTS_PER_ACCOUNT: Limit = Limit {
    bucket: "finder-contact",
    max: 10,
    window: Duration::hours(24),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_up_to_max() {
        assert!(SIGN_IN_PER_ACCOUNT.allows(4));
        assert!(!SIGN_IN_PER_ACCOUNT.allows(5));
    }
}
