//! Outreach campaigns: what an organiser may type for one, what a link's
//! code looks like, and which department campaigns are flagged for having
//! brought no sign-ups by a chosen date.

use chrono::NaiveDate;

use super::text::{code, Rule};
use super::FieldErrors;

/// A campaign's name and department: one line a person reads.
pub const NAME: Rule = Rule::name(80).required();
pub const DEPARTMENT: Rule = Rule::name(80);

/// A campaign as typed on the outreach page.
#[derive(Debug, Default, Clone)]
pub struct CampaignForm {
    pub name: String,
    pub school_code: String,
    pub department: String,
    pub channel: String,
}

/// A campaign that may be made: trimmed, the channel as a code
/// (facebook, poster, mail-to-departments …), the school still to be
/// found in the schools table by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub name: String,
    pub school_code: Option<String>,
    pub department: String,
    pub channel: String,
}

/// Checks a typed campaign: every field's characters (no NUL, control or
/// direction characters), a name, and a channel that is a short code.
pub fn parse_campaign(f: &CampaignForm) -> Result<Campaign, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("name", &f.name, NAME);
    errors.text("department", &f.department, DEPARTMENT);
    errors.text("school_code", &f.school_code, Rule::line(20));
    errors.text("channel", &f.channel, Rule::line(40).required());
    let channel = code(&f.channel);
    if channel.is_none() && errors.is_empty() {
        errors.push("channel", "error-outreach-channel");
    }
    match channel {
        Some(channel) if errors.is_empty() => Ok(Campaign {
            name: f.name.trim().to_string(),
            school_code: Some(f.school_code.trim().to_string()).filter(|s| !s.is_empty()),
            department: f.department.trim().to_string(),
            channel,
        }),
        _ => Err(errors),
    }
}

/// Whether `raw` could be a campaign's code (`security::random_token`: 43
/// characters of URL-safe base64). Anything else is not looked up.
pub fn is_code(raw: &str) -> bool {
    raw.len() == 43
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What the flagging rule needs to know of one campaign.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    /// The campaign is for a department (it names one).
    pub for_department: bool,
    /// The day (in Taiwan) it was made.
    pub created_on: NaiveDate,
    /// Accounts signed up through it by the end of the chosen day.
    pub signups_by: i64,
}

/// A department campaign made before `by` that has brought no sign-up by
/// the end of `by` is flagged: that department has not been reached.
/// Campaigns for a school or a channel only, and those made on `by` or
/// later (too new to judge), are never flagged.
pub fn flagged(s: Standing, by: NaiveDate) -> bool {
    s.for_department && s.created_on < by && s.signups_by == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    fn standing(for_department: bool, created: &str, signups_by: i64) -> Standing {
        Standing {
            for_department,
            created_on: day(created),
            signups_by,
        }
    }

    #[test]
    fn a_department_without_sign_ups_by_the_date_is_flagged() {
        let by = day("2026-03-01");
        assert!(flagged(standing(true, "2026-02-01", 0), by));
        // One sign-up is enough.
        assert!(!flagged(standing(true, "2026-02-01", 1), by));
        // Made on the day or later: too new to judge.
        assert!(!flagged(standing(true, "2026-03-01", 0), by));
        assert!(!flagged(standing(true, "2026-03-02", 0), by));
        // A school's or a channel's campaign is not a department's.
        assert!(!flagged(standing(false, "2026-02-01", 0), by));
    }

    #[test]
    fn a_campaign_is_checked_as_typed() {
        let form = CampaignForm {
            name: " 勞工關係學系海報 ".into(),
            school_code: "0001".into(),
            department: "勞工關係學系".into(),
            channel: "Poster".into(),
        };
        let c = parse_campaign(&form).unwrap();
        assert_eq!(c.name, "勞工關係學系海報");
        assert_eq!(c.channel, "poster");
        assert_eq!(c.school_code.as_deref(), Some("0001"));

        let general = CampaignForm {
            name: "臉書".into(),
            channel: "facebook".into(),
            ..CampaignForm::default()
        };
        let c = parse_campaign(&general).unwrap();
        assert_eq!((c.school_code, c.department), (None, String::new()));

        let bad = |f: CampaignForm| parse_campaign(&f).unwrap_err();
        let e = bad(CampaignForm {
            name: "a\u{202E}b".into(),
            channel: "x".into(),
            ..CampaignForm::default()
        });
        assert_eq!(e.to_json()["name"], "error-text-invisible");
        let e = bad(CampaignForm {
            name: "a".into(),
            department: "b\0".into(),
            channel: "x".into(),
            ..CampaignForm::default()
        });
        assert_eq!(e.to_json()["department"], "error-text-control");
        let e = bad(CampaignForm {
            name: "a".into(),
            channel: "two words".into(),
            ..CampaignForm::default()
        });
        assert_eq!(e.to_json()["channel"], "error-outreach-channel");
        let e = bad(CampaignForm::default());
        assert_eq!(e.to_json()["name"], "error-required");
        assert_eq!(e.to_json()["channel"], "error-required");
    }

    #[test]
    fn only_a_token_shaped_code_is_looked_up() {
        assert!(is_code(&"a".repeat(43)));
        assert!(is_code(&format!("Abc-_{}", "7".repeat(38))));
        assert!(!is_code(&"a".repeat(42)));
        assert!(!is_code(&format!("{}/", "a".repeat(42))));
        assert!(!is_code(""));
    }
}
