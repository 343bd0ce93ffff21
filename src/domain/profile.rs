//! Participant profiles: the fields a student or faculty member fills in
//! before joining a team, each parsed into a valid value or a field error,
//! and the enrolment proof: what files it may be and where it stands.

use super::text::{self, Kind};
use super::FieldError;

/// Largest enrolment proof accepted.
pub const PROOF_MAX_BYTES: usize = 5 * 1024 * 1024;

/// Where a person's enrolment proof stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofStatus {
    /// Nothing uploaded yet.
    None,
    /// Uploaded, not looked at yet.
    Pending,
    Verified,
    Rejected,
}

impl ProofStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            ProofStatus::None => "none",
            ProofStatus::Pending => "pending",
            ProofStatus::Verified => "verified",
            ProofStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ProofStatus> {
        match s {
            "none" => Some(ProofStatus::None),
            "pending" => Some(ProofStatus::Pending),
            "verified" => Some(ProofStatus::Verified),
            "rejected" => Some(ProofStatus::Rejected),
            _ => None,
        }
    }

    /// Uploaded and not rejected: enough for a team to register.
    pub fn ok(self) -> bool {
        matches!(self, ProofStatus::Pending | ProofStatus::Verified)
    }
}

/// Whether a student's enrolment is shown, as a track that requires proof
/// needs: a proof uploaded and not rejected, or student status verified by
/// a university sign-in (which needs no upload).
pub fn enrolment_shown(proof: ProofStatus, student_verified: bool) -> bool {
    proof.ok() || student_verified
}

impl serde::Serialize for ProofStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What an uploaded proof is, by its first bytes (not by its name or the
/// type the browser claims): only PDF, PNG and JPEG are accepted. Gives the
/// content type and the file name's extension.
pub fn proof_kind(data: &[u8]) -> Option<(&'static str, &'static str)> {
    if data.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

/// Why an uploaded proof is refused, as a Fluent message id.
pub fn proof_refusal(data: &[u8]) -> Option<&'static str> {
    if data.is_empty() {
        Some("error-proof-missing")
    } else if data.len() > PROOF_MAX_BYTES {
        Some("error-proof-too-big")
    } else if proof_kind(data).is_none() {
        Some("error-proof-type")
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKind {
    Student,
    Faculty,
}

impl PersonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonKind::Student => "student",
            PersonKind::Faculty => "faculty",
        }
    }

    pub fn parse(s: &str) -> Option<PersonKind> {
        match s {
            "student" => Some(PersonKind::Student),
            "faculty" => Some(PersonKind::Faculty),
            _ => None,
        }
    }
}

/// The raw form, as typed.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    pub real_name: String,
    pub kind: String,
    pub school_code: String,
    pub school_name: String,
    pub department: String,
    pub student_id: String,
    pub year_of_study: String,
    pub phone: String,
}

/// A complete, valid profile. `school_code` is set when the school was picked
/// from the list; otherwise `school_name` was typed and needs an organiser's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub real_name: String,
    pub kind: PersonKind,
    pub school_code: Option<String>,
    pub school_name: String,
    pub department: String,
    pub student_id: String,
    pub year_of_study: Option<i32>,
    pub phone: String,
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first field whose characters no text may hold: control characters
/// anywhere, and in the names (real name, school, department) also direction
/// overrides and zero-width characters.
pub fn refused_characters(input: &ProfileInput) -> Vec<FieldError> {
    [
        ("real_name", &input.real_name, Kind::Name),
        ("kind", &input.kind, Kind::Line),
        ("school", &input.school_code, Kind::Line),
        ("school", &input.school_name, Kind::Name),
        ("department", &input.department, Kind::Name),
        ("student_id", &input.student_id, Kind::Line),
        ("year_of_study", &input.year_of_study, Kind::Line),
        ("phone", &input.phone, Kind::Line),
    ]
    .into_iter()
    .filter_map(|(field, value, kind)| {
        text::refusal(value, kind).map(|message| FieldError::new(field, message))
    })
    .collect()
}

/// `known_school` resolves a school code to its official name (None when the
/// code is not in the list). Characters no text may hold are refused first,
/// for every field that has them, before anything else is checked.
pub fn parse_profile(
    input: &ProfileInput,
    known_school: impl Fn(&str) -> Option<String>,
) -> Result<Profile, Vec<FieldError>> {
    let refused = refused_characters(input);
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut errors = Vec::new();
    let real_name = tidy(&input.real_name);
    if real_name.is_empty() {
        errors.push(FieldError::new("real_name", "error-real-name-required"));
    } else if real_name.chars().count() > 50 {
        errors.push(FieldError::new("real_name", "error-real-name-invalid"));
    }
    let kind = PersonKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "error-person-kind-required"));
    }
    let code = input.school_code.trim();
    let (school_code, school_name) = if !code.is_empty() {
        match known_school(code) {
            Some(name) => (Some(code.to_string()), name),
            None => {
                errors.push(FieldError::new("school", "error-school-unknown"));
                (None, String::new())
            }
        }
    } else {
        let typed = tidy(&input.school_name);
        if typed.is_empty() {
            errors.push(FieldError::new("school", "error-school-required"));
        } else if typed.chars().count() > 100 {
            errors.push(FieldError::new("school", "error-school-invalid"));
        }
        (None, typed)
    };
    let department = tidy(&input.department);
    if department.is_empty() {
        errors.push(FieldError::new("department", "error-department-required"));
    } else if department.chars().count() > 100 {
        errors.push(FieldError::new("department", "error-department-invalid"));
    }
    let student_id = input.student_id.trim().to_string();
    let year_raw = input.year_of_study.trim();
    let mut year_of_study = None;
    if kind == Some(PersonKind::Student) {
        if student_id.is_empty() {
            errors.push(FieldError::new("student_id", "error-student-id-required"));
        } else if student_id.len() > 30
            || !student_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            errors.push(FieldError::new("student_id", "error-student-id-invalid"));
        }
        match year_raw.parse::<i32>() {
            Ok(y) if (1..=10).contains(&y) => year_of_study = Some(y),
            _ => errors.push(FieldError::new(
                "year_of_study",
                "error-year-of-study-invalid",
            )),
        }
    }
    let phone = input.phone.trim().to_string();
    if !phone.is_empty()
        && (phone.len() > 30
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()#".contains(c)))
    {
        errors.push(FieldError::new("phone", "error-phone-invalid"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kind = kind.expect("checked above");
    Ok(Profile {
        real_name,
        kind,
        school_code,
        school_name,
        department,
        student_id: if kind == PersonKind::Student {
            student_id
        } else {
            String::new()
        },
        year_of_study,
        phone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(code: &str) -> Option<String> {
        (code == "0001").then(|| "國立政治大學".to_string())
    }

    fn student() -> ProfileInput {
        ProfileInput {
            real_name: " 王 小明 ".into(),
            kind: "student".into(),
            school_code: "0001".into(),
            school_name: "ignored when a code is chosen".into(),
            department: "勞工研究所".into(),
            student_id: "110263001".into(),
            year_of_study: "2".into(),
            phone: "".into(),
        }
    }

    #[test]
    fn a_student_from_the_list() {
        let p = parse_profile(&student(), known).unwrap();
        assert_eq!(p.real_name, "王 小明");
        assert_eq!(p.school_code.as_deref(), Some("0001"));
        assert_eq!(p.school_name, "國立政治大學");
        assert_eq!(p.year_of_study, Some(2));
    }

    #[test]
    fn a_typed_school_is_kept_without_a_code() {
        let mut i = student();
        i.school_code = String::new();
        i.school_name = "  Some   Overseas University ".into();
        let p = parse_profile(&i, known).unwrap();
        assert_eq!(
            (p.school_code, p.school_name.as_str()),
            (None, "Some Overseas University")
        );
    }

    #[test]
    fn faculty_need_no_student_id() {
        let mut i = student();
        i.kind = "faculty".into();
        i.student_id = String::new();
        i.year_of_study = String::new();
        let p = parse_profile(&i, known).unwrap();
        assert_eq!(p.kind, PersonKind::Faculty);
        assert_eq!(p.year_of_study, None);
    }

    #[test]
    fn control_and_invisible_characters_are_refused_field_by_field() {
        let mut i = student();
        i.real_name = "王\u{202E}小明".into();
        i.department = "勞工\0研究所".into();
        i.phone = "02\u{1b}1234".into();
        let errors = parse_profile(&i, known).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.field, e.message)).collect();
        assert_eq!(
            found,
            vec![
                ("real_name", "error-text-invisible"),
                ("department", "error-text-control"),
                ("phone", "error-text-control"),
            ]
        );
        let mut i = student();
        i.school_code = String::new();
        i.school_name = "Some\u{200B}College".into();
        i.student_id = "110\t263".into();
        let found: Vec<_> = parse_profile(&i, known)
            .unwrap_err()
            .iter()
            .map(|e| (e.field, e.message))
            .collect();
        assert_eq!(
            found,
            vec![
                ("school", "error-text-invisible"),
                ("student_id", "error-text-line-break"),
            ]
        );
    }

    #[test]
    fn proofs_are_known_by_their_content() {
        let kind = |data: &[u8]| proof_kind(data).map(|s| s.0);
        assert_eq!(kind(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert!(proof_kind(b"<html><script>").is_none());
        assert!(proof_kind(b"MZ\x90\x00").is_none());
        assert!(proof_kind(b"").is_none());
        assert_eq!(proof_refusal(b""), Some("error-proof-missing"));
        assert_eq!(proof_refusal(b"MZ"), Some("error-proof-type"));
        let big = [b"%PDF-".to_vec(), vec![0; PROOF_MAX_BYTES]].concat();
        assert_eq!(proof_refusal(&big), Some("error-proof-too-big"));
        assert_eq!(proof_refusal(b"%PDF-1.4"), None);
    }

    #[test]
    fn proof_states_are_stored_by_name() {
        for s in [
            ProofStatus::None,
            ProofStatus::Pending,
            ProofStatus::Verified,
            ProofStatus::Rejected,
        ] {
            assert_eq!(ProofStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ProofStatus::parse("approved"), None);
        assert!(ProofStatus::Pending.ok() && ProofStatus::Verified.ok());
        assert!(!ProofStatus::None.ok() && !ProofStatus::Rejected.ok());
        assert!(enrolment_shown(ProofStatus::None, true));
        assert!(enrolment_shown(ProofStatus::Rejected, true));
        assert!(!enrolment_shown(ProofStatus::None, false));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let i = ProfileInput {
            school_code: "9999".into(),
            student_id: "x".into(),
            phone: "call me".into(),
            ..Default::default()
        };
        let fields: Vec<_> = parse_profile(&i, known)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec!["real_name", "kind", "school", "department", "phone"]
        );
        let mut s = student();
        s.student_id = "A12 345".into();
        s.year_of_study = "11".into();
        let fields: Vec<_> = parse_profile(&s, known)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["student_id", "year_of_study"]);
    }
}
