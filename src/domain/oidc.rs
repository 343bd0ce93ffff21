//! University sign-in (OpenID Connect): which of a provider's claims say
//! what, what one sign-in asserts about a person read through them, and what
//! of a profile those assertions verify. No HTTP here: the claims arrive as
//! JSON already checked (signature, issuer, audience, expiry, nonce) by
//! `integrations::oidc`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::account::Email;
use super::team::{normalise, SchoolKey};
use super::text::{self, Kind};

/// Longest school or department name taken from a claim (as typed ones).
const NAME_MAX: usize = 100;

/// Which claims of a provider carry the school, the department and student
/// status. A claim is named by its key, or by a dotted path into nested
/// objects (`affiliation.department`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimMapping {
    pub school_claim: Option<String>,
    /// The school every account of this provider belongs to (its MOE code
    /// or name), for a provider run by one university; a school claim wins
    /// when both are there.
    pub school: Option<String>,
    pub department_claim: Option<String>,
    pub student_claim: Option<String>,
    /// Values of the student claim that mean "a student" (compared without
    /// case); a boolean `true` always does.
    pub student_values: Vec<String>,
}

/// What one sign-in asserts about a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asserted {
    /// Normalised as every e-mail address of the portal is.
    pub email: String,
    /// The `name` claim, or empty.
    pub real_name: String,
    /// The school as asserted: an MOE code or a name.
    pub school: Option<String>,
    pub department: Option<String>,
    pub student: bool,
}

/// Why a verified ID token still cannot sign anyone in, as a Fluent id.
pub const NO_EMAIL: &str = "oidc-error-no-email";
pub const EMAIL_UNVERIFIED: &str = "oidc-error-email-unverified";

/// Reads what the claims assert, through the provider's mapping. The e-mail
/// is required and must not be marked unverified by the provider; a school
/// or department that is not a usable name (empty, too long, control or
/// invisible characters) is left out rather than trusted.
pub fn read_claims(
    claims: &Map<String, Value>,
    mapping: &ClaimMapping,
) -> Result<Asserted, &'static str> {
    let email = claims
        .get("email")
        .and_then(Value::as_str)
        .and_then(|e| Email::parse(e).ok())
        .ok_or(NO_EMAIL)?;
    if claims.get("email_verified") == Some(&Value::Bool(false))
        || claims.get("email_verified").and_then(Value::as_str) == Some("false")
    {
        return Err(EMAIL_UNVERIFIED);
    }
    let named = |claim: &Option<String>| {
        claim
            .as_deref()
            .and_then(|c| lookup(claims, c))
            .and_then(first_text)
            .and_then(|s| usable_name(&s))
    };
    let school =
        named(&mapping.school_claim).or_else(|| mapping.school.as_deref().and_then(usable_name));
    let student = mapping
        .student_claim
        .as_deref()
        .and_then(|c| lookup(claims, c))
        .is_some_and(|v| means_student(v, &mapping.student_values));
    Ok(Asserted {
        email: email.as_str().to_string(),
        real_name: claims
            .get("name")
            .and_then(Value::as_str)
            .and_then(|n| usable_name(n).filter(|n| n.chars().count() <= 50))
            .unwrap_or_default(),
        school,
        department: named(&mapping.department_claim),
        student,
    })
}

/// The value at a key or a dotted path.
fn lookup<'a>(claims: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = claims.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut v = claims.get(parts.next()?)?;
    for part in parts {
        v = v.as_object()?.get(part)?;
    }
    Some(v)
}

/// A string, or the first string of a list.
fn first_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(|i| i.as_str().map(str::to_string)),
        _ => None,
    }
}

/// Runs of white space as one, within the length of a typed name, and no
/// characters a name may not hold.
fn usable_name(raw: &str) -> Option<String> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let fine =
        !s.is_empty() && s.chars().count() <= NAME_MAX && text::refusal(&s, Kind::Name).is_none();
    fine.then_some(s)
}

fn means_student(v: &Value, values: &[String]) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => values.iter().any(|w| w.eq_ignore_ascii_case(s.trim())),
        Value::Array(items) => items.iter().any(|i| means_student(i, values)),
        _ => false,
    }
}

/// What a university account verified, as the profile compares it: the
/// school as the list knows it (code when listed), the department, and
/// student status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedFacts {
    pub school_code: Option<String>,
    pub school_name: String,
    pub department: String,
    pub student: bool,
}

/// What of a profile is verified.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub school: bool,
    pub department: bool,
    /// Student status, which stands in for an enrolment proof: only with
    /// the school it was asserted at, and only for a student's profile.
    pub student: bool,
}

impl Marks {
    pub fn any(self) -> bool {
        self.school || self.department || self.student
    }
}

/// Which parts of a profile (`school_code`/`school_name`, `department`, a
/// student or not) the verified facts bear out. A department counts only at
/// the verified school (the same name elsewhere is another department).
pub fn marks(
    facts: &VerifiedFacts,
    school_code: Option<&str>,
    school_name: &str,
    department: &str,
    is_student: bool,
) -> Marks {
    let school = !facts.school_name.is_empty()
        && SchoolKey::new(facts.school_code.as_deref(), &facts.school_name)
            == SchoolKey::new(school_code, school_name);
    let department = school
        && !facts.department.is_empty()
        && normalise(&facts.department) == normalise(department);
    Marks {
        school,
        department,
        student: school && is_student && facts.student,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping() -> ClaimMapping {
        ClaimMapping {
            school_claim: Some("school".into()),
            school: None,
            department_claim: Some("org.department".into()),
            student_claim: Some("affiliation".into()),
            student_values: vec!["student".into()],
        }
    }

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn claims_are_read_through_the_mapping() {
        let a = read_claims(
            &claims(json!({
                "email": " Chen@NCCU.edu.tw ", "email_verified": true, "name": "陳 小美",
                "school": "國立政治大學", "org": { "department": "勞工研究所" },
                "affiliation": ["member", "Student"],
            })),
            &mapping(),
        )
        .unwrap();
        assert_eq!(
            a,
            Asserted {
                email: "chen@nccu.edu.tw".into(),
                real_name: "陳 小美".into(),
                school: Some("國立政治大學".into()),
                department: Some("勞工研究所".into()),
                student: true,
            }
        );
    }

    #[test]
    fn a_fixed_school_and_boolean_student_claims() {
        let mut m = mapping();
        m.school_claim = None;
        m.school = Some("0002".into());
        let a = read_claims(
            &claims(json!({ "email": "a@x.edu.tw", "affiliation": true })),
            &m,
        )
        .unwrap();
        assert_eq!(a.school.as_deref(), Some("0002"));
        assert!(a.student);
        assert_eq!(a.department, None);
        let a = read_claims(
            &claims(json!({ "email": "a@x.edu.tw", "affiliation": "staff" })),
            &m,
        )
        .unwrap();
        assert!(!a.student);
    }

    #[test]
    fn no_email_or_an_unverified_one_signs_no_one_in() {
        assert_eq!(read_claims(&claims(json!({})), &mapping()), Err(NO_EMAIL));
        assert_eq!(
            read_claims(&claims(json!({ "email": "not an address" })), &mapping()),
            Err(NO_EMAIL)
        );
        assert_eq!(
            read_claims(
                &claims(json!({ "email": "a@x.edu.tw", "email_verified": false })),
                &mapping()
            ),
            Err(EMAIL_UNVERIFIED)
        );
    }

    #[test]
    fn unusable_names_are_not_trusted() {
        let a = read_claims(
            &claims(json!({
                "email": "a@x.edu.tw", "school": "政大\u{202E}", "org": { "department": "  " },
                "name": "x".repeat(60),
            })),
            &mapping(),
        )
        .unwrap();
        assert_eq!((a.school, a.department), (None, None));
        assert_eq!(a.real_name, "");
    }

    #[test]
    fn marks_follow_what_the_profile_says() {
        let facts = VerifiedFacts {
            school_code: Some("0001".into()),
            school_name: "國立政治大學".into(),
            department: "勞工研究所".into(),
            student: true,
        };
        let all = marks(&facts, Some("0001"), "國立政治大學", "勞工 研究所", true);
        assert_eq!(
            all,
            Marks {
                school: true,
                department: true,
                student: true
            }
        );
        let moved = marks(&facts, Some("0001"), "國立政治大學", "資訊科學系", true);
        assert!(moved.school && !moved.department && moved.student);
        let elsewhere = marks(&facts, Some("0002"), "國立臺灣大學", "勞工研究所", true);
        assert!(!elsewhere.any());
        let faculty = marks(&facts, Some("0001"), "國立政治大學", "勞工研究所", false);
        assert!(faculty.school && !faculty.student);
        let typed = VerifiedFacts {
            school_code: None,
            school_name: "Some  College".into(),
            department: String::new(),
            student: true,
        };
        let m = marks(&typed, None, "some college", "Anything", true);
        assert!(m.school && !m.department && m.student);
    }
}
