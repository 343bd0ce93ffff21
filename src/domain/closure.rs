//! Office closures (停止上班): the areas a closure is declared for, and what
//! an organiser types to record one or to remove a mistaken one.
//!
//! Rules, as on the closures page:
//! - a closure is recorded for one of Taiwan's 22 counties and cities, once
//!   per date and area, with the announcement that declared it;
//! - it counts as a day off only for the area the portal applies closures
//!   for (`CLOSURE_AREA`, where the ministry sits); a closure for another
//!   area is recorded and changes nothing;
//! - its date is in a year the office calendar has (a closure is recorded
//!   for a day the calendar counts on, past or coming).

use chrono::{Datelike, NaiveDate};

use super::text::Rule;
use super::FieldErrors;

/// One county or city: its name as announced, and in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub zh: &'static str,
    pub en: &'static str,
}

/// Taiwan's 22 counties and cities, in the government's usual order.
pub const AREAS: [Area; 22] = [
    Area {
        zh: "臺北市",
        en: "Taipei City",
    },
    Area {
        zh: "新北市",
        en: "New Taipei City",
    },
    Area {
        zh: "桃園市",
        en: "Taoyuan City",
    },
    Area {
        zh: "臺中市",
        en: "Taichung City",
    },
    Area {
        zh: "臺南市",
        en: "Tainan City",
    },
    Area {
        zh: "高雄市",
        en: "Kaohsiung City",
    },
    Area {
        zh: "基隆市",
        en: "Keelung City",
    },
    Area {
        zh: "新竹市",
        en: "Hsinchu City",
    },
    Area {
        zh: "嘉義市",
        en: "Chiayi City",
    },
    Area {
        zh: "新竹縣",
        en: "Hsinchu County",
    },
    Area {
        zh: "苗栗縣",
        en: "Miaoli County",
    },
    Area {
        zh: "彰化縣",
        en: "Changhua County",
    },
    Area {
        zh: "南投縣",
        en: "Nantou County",
    },
    Area {
        zh: "雲林縣",
        en: "Yunlin County",
    },
    Area {
        zh: "嘉義縣",
        en: "Chiayi County",
    },
    Area {
        zh: "屏東縣",
        en: "Pingtung County",
    },
    Area {
        zh: "宜蘭縣",
        en: "Yilan County",
    },
    Area {
        zh: "花蓮縣",
        en: "Hualien County",
    },
    Area {
        zh: "臺東縣",
        en: "Taitung County",
    },
    Area {
        zh: "澎湖縣",
        en: "Penghu County",
    },
    Area {
        zh: "金門縣",
        en: "Kinmen County",
    },
    Area {
        zh: "連江縣",
        en: "Lienchiang County",
    },
];

/// Where the Ministry of Labor sits: the area whose closures apply unless
/// configured otherwise.
pub const DEFAULT_AREA: &str = "臺北市";

/// The area named `raw`: its Chinese name (台 or 臺) or its English name,
/// any case.
pub fn area(raw: &str) -> Option<Area> {
    let raw = raw.trim();
    let zh = raw.replace('台', "臺");
    AREAS
        .into_iter()
        .find(|a| a.zh == zh || a.en.eq_ignore_ascii_case(raw))
}

/// The longest announcement reference (a 人事行政總處 notice, a city's
/// announcement number or its address).
pub const REFERENCE_MAX: usize = 200;
/// The longest reason for removing a closure.
pub const REASON_MAX: usize = 300;

/// A closure as typed on the form.
#[derive(Debug, Clone, Default)]
pub struct ClosureForm {
    pub date: String,
    pub area: String,
    pub reference: String,
}

/// A closure checked and ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClosure {
    pub date: NaiveDate,
    pub area: Area,
    pub reference: String,
}

impl NewClosure {
    /// Checks the form: a date (YYYY-MM-DD) in one of the calendar's
    /// `years`, one of the 22 areas, and the announcement's reference
    /// (required, one line, no control or invisible characters).
    pub fn parse(form: &ClosureForm, years: &[i32]) -> Result<NewClosure, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = match form.date.trim() {
            "" => {
                errors.push("date", "error-required");
                None
            }
            raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
                Ok(d) if years.contains(&d.year()) => Some(d),
                Ok(_) => {
                    errors.push("date", "error-closure-year");
                    None
                }
                Err(_) => {
                    errors.push("date", "error-date");
                    None
                }
            },
        };
        let area = area(&form.area);
        if area.is_none() {
            errors.push("area", "error-closure-area");
        }
        errors.text(
            "reference",
            &form.reference,
            Rule::name(REFERENCE_MAX).required(),
        );
        match (date, area) {
            (Some(date), Some(area)) if errors.is_empty() => Ok(NewClosure {
                date,
                area,
                reference: form.reference.trim().to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// Why a closure is removed (required, one line, as the reference).
pub fn removal_reason(raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("reason", raw, Rule::name(REASON_MAX).required());
    errors.or(raw.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(date: &str, area: &str, reference: &str) -> ClosureForm {
        ClosureForm {
            date: date.into(),
            area: area.into(),
            reference: reference.into(),
        }
    }

    #[test]
    fn there_are_22_areas_each_once_and_the_default_is_one() {
        assert_eq!(AREAS.len(), 22);
        for (i, a) in AREAS.iter().enumerate() {
            assert!(AREAS[..i].iter().all(|b| b.zh != a.zh && b.en != a.en));
        }
        assert_eq!(area(DEFAULT_AREA).map(|a| a.en), Some("Taipei City"));
        assert_eq!(area("台北市").map(|a| a.zh), Some("臺北市"));
        assert_eq!(area("new taipei city").map(|a| a.zh), Some("新北市"));
        assert_eq!(area("台北"), None);
    }

    #[test]
    fn a_closure_is_checked_field_by_field() {
        let years = [2025, 2026];
        let ok = NewClosure::parse(
            &form(
                "2026-09-29",
                "臺北市",
                " 行政院人事行政總處 115年9月28日公告 ",
            ),
            &years,
        )
        .unwrap();
        assert_eq!(ok.date, NaiveDate::from_ymd_opt(2026, 9, 29).unwrap());
        assert_eq!(ok.reference, "行政院人事行政總處 115年9月28日公告");
        let e = NewClosure::parse(&form("", "", ""), &years).unwrap_err();
        assert_eq!(
            (e.get("date"), e.get("area"), e.get("reference")),
            (
                Some("error-required"),
                Some("error-closure-area"),
                Some("error-required")
            )
        );
        let e = NewClosure::parse(&form("2027-09-29", "臺北市", "公告"), &years).unwrap_err();
        assert_eq!(e.get("date"), Some("error-closure-year"));
        let e = NewClosure::parse(&form("29/09/2026", "臺北市", "公告"), &years).unwrap_err();
        assert_eq!(e.get("date"), Some("error-date"));
        let e = NewClosure::parse(&form("2026-02-30", "臺北市", "公告"), &years).unwrap_err();
        assert_eq!(e.get("date"), Some("error-date"));
        let e = NewClosure::parse(&form("2026-09-29", "臺北市", "公\0告"), &years).unwrap_err();
        assert_eq!(e.get("reference"), Some("error-text-control"));
        let e =
            NewClosure::parse(&form("2026-09-29", "臺北市", "\u{202E}告公"), &years).unwrap_err();
        assert_eq!(e.get("reference"), Some("error-text-invisible"));
        let long = "公".repeat(REFERENCE_MAX + 1);
        let e = NewClosure::parse(&form("2026-09-29", "臺北市", &long), &years).unwrap_err();
        assert_eq!(e.get("reference"), Some("error-too-long"));
    }

    #[test]
    fn a_removal_needs_a_reason() {
        assert_eq!(removal_reason(" 誤植日期 ").unwrap(), "誤植日期");
        assert_eq!(
            removal_reason("  ").unwrap_err().get("reason"),
            Some("error-required")
        );
        assert_eq!(
            removal_reason("誤\u{2066}植").unwrap_err().get("reason"),
            Some("error-text-invisible")
        );
    }
}
