//! The teammate finder's rules: the discipline groups, which group a
//! department belongs to (a keyword table organisers may edit), which groups
//! complement each other and so come first in a student's list, when a card
//! is listed, what a card and a contact request may hold, and when the two
//! students see each other's e-mail address.

use super::text::Rule;
use super::FieldErrors;

/// A discipline group: the coarse kind of department a student comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Discipline {
    /// 資訊: computer science and engineering, electrical engineering.
    Computing,
    /// 資管: information management.
    InfoManagement,
    /// 統計／數學: statistics, mathematics, data science.
    StatsMath,
    /// 法律.
    Law,
    /// 勞工關係／社會工作: labour relations, social work, sociology.
    LabourSocial,
    /// 經濟／管理: economics, business, finance.
    EconManagement,
    /// 設計／傳播: design, media and communication.
    DesignMedia,
    /// 其他: everything else.
    Other,
}

impl Discipline {
    pub const ALL: [Discipline; 8] = [
        Discipline::Computing,
        Discipline::InfoManagement,
        Discipline::StatsMath,
        Discipline::Law,
        Discipline::LabourSocial,
        Discipline::EconManagement,
        Discipline::DesignMedia,
        Discipline::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Discipline::Computing => "computing",
            Discipline::InfoManagement => "info_management",
            Discipline::StatsMath => "stats_math",
            Discipline::Law => "law",
            Discipline::LabourSocial => "labour_social",
            Discipline::EconManagement => "econ_management",
            Discipline::DesignMedia => "design_media",
            Discipline::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Discipline> {
        Discipline::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The Fluent id of the group's name.
    pub const fn message_id(self) -> &'static str {
        match self {
            Discipline::Computing => "discipline-computing",
            Discipline::InfoManagement => "discipline-info-management",
            Discipline::StatsMath => "discipline-stats-math",
            Discipline::Law => "discipline-law",
            Discipline::LabourSocial => "discipline-labour-social",
            Discipline::EconManagement => "discipline-econ-management",
            Discipline::DesignMedia => "discipline-design-media",
            Discipline::Other => "discipline-other",
        }
    }
}

/// How well a card's group fits the reader's: the order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// The contest's subject (labour relations, social work, law) meets
    /// the data side (computing, information management, statistics): the
    /// teams the ministry's advisory group asked for.
    Strong,
    /// Another pair that completes a team (business or design with the
    /// data side).
    Complementary,
    /// Different, without a known benefit.
    Different,
    /// The reader's own group.
    Same,
}

impl Fit {
    /// The position in the list: smaller first.
    pub const fn rank(self) -> i32 {
        match self {
            Fit::Strong => 0,
            Fit::Complementary => 1,
            Fit::Different => 2,
            Fit::Same => 3,
        }
    }
}

/// The subject side of the contest's theme and the data side.
const SUBJECT: [Discipline; 2] = [Discipline::LabourSocial, Discipline::Law];
const DATA: [Discipline; 3] = [
    Discipline::Computing,
    Discipline::InfoManagement,
    Discipline::StatsMath,
];
/// Pairs that complete each other less strongly (either way round).
const COMPLEMENTS: [(Discipline, Discipline); 4] = [
    (Discipline::EconManagement, Discipline::Computing),
    (Discipline::EconManagement, Discipline::StatsMath),
    (Discipline::DesignMedia, Discipline::Computing),
    (Discipline::DesignMedia, Discipline::InfoManagement),
];

/// How a card of group `card` fits a reader of group `reader`. Symmetric:
/// a 勞工關係 student sees 資訊 cards first, and a 資訊 student 勞工關係 ones.
pub fn fit(reader: Discipline, card: Discipline) -> Fit {
    let either = |a: &[Discipline], b: &[Discipline]| {
        (a.contains(&reader) && b.contains(&card)) || (b.contains(&reader) && a.contains(&card))
    };
    if reader == card {
        Fit::Same
    } else if either(&SUBJECT, &DATA) {
        Fit::Strong
    } else if COMPLEMENTS
        .iter()
        .any(|&(a, b)| (a, b) == (reader, card) || (b, a) == (reader, card))
    {
        Fit::Complementary
    } else {
        Fit::Different
    }
}

/// Every group with its rank for a reader of group `reader` (the list's
/// order, written into its query).
pub fn ranks_for(reader: Discipline) -> Vec<(Discipline, i32)> {
    Discipline::ALL
        .into_iter()
        .map(|d| (d, fit(reader, d).rank()))
        .collect()
}

/// The keyword table the portal starts with (migration
/// `2026-11-28-000200_teammate_finder` stores it; organisers edit it from
/// there). A department belongs to the group of the longest keyword it
/// contains (`classify`), so "資訊管理" wins over "資訊" and "圖書資訊"
/// keeps library science out of computing.
pub const DEFAULT_KEYWORDS: [(&str, Discipline); 62] = [
    ("資訊", Discipline::Computing),
    ("資工", Discipline::Computing),
    ("電機", Discipline::Computing),
    ("電子", Discipline::Computing),
    ("通訊", Discipline::Computing),
    ("電腦", Discipline::Computing),
    ("軟體", Discipline::Computing),
    ("人工智慧", Discipline::Computing),
    ("computer", Discipline::Computing),
    ("software", Discipline::Computing),
    ("information", Discipline::Computing),
    ("electrical", Discipline::Computing),
    ("資訊管理", Discipline::InfoManagement),
    ("資管", Discipline::InfoManagement),
    ("information management", Discipline::InfoManagement),
    ("統計", Discipline::StatsMath),
    ("數學", Discipline::StatsMath),
    ("數理", Discipline::StatsMath),
    ("數據", Discipline::StatsMath),
    ("資料科學", Discipline::StatsMath),
    ("精算", Discipline::StatsMath),
    ("statistic", Discipline::StatsMath),
    ("math", Discipline::StatsMath),
    ("data science", Discipline::StatsMath),
    ("法律", Discipline::Law),
    ("法學", Discipline::Law),
    ("財經法", Discipline::Law),
    ("law", Discipline::Law),
    ("勞工", Discipline::LabourSocial),
    ("勞動", Discipline::LabourSocial),
    ("勞資", Discipline::LabourSocial),
    ("社會工作", Discipline::LabourSocial),
    ("社工", Discipline::LabourSocial),
    ("社會福利", Discipline::LabourSocial),
    ("社會政策", Discipline::LabourSocial),
    ("社會學", Discipline::LabourSocial),
    ("labor", Discipline::LabourSocial),
    ("labour", Discipline::LabourSocial),
    ("social work", Discipline::LabourSocial),
    ("sociology", Discipline::LabourSocial),
    ("經濟", Discipline::EconManagement),
    ("管理", Discipline::EconManagement),
    ("企業", Discipline::EconManagement),
    ("企管", Discipline::EconManagement),
    ("財務", Discipline::EconManagement),
    ("金融", Discipline::EconManagement),
    ("會計", Discipline::EconManagement),
    ("財政", Discipline::EconManagement),
    ("財稅", Discipline::EconManagement),
    ("國際經營", Discipline::EconManagement),
    ("商學", Discipline::EconManagement),
    ("保險", Discipline::EconManagement),
    ("行銷", Discipline::EconManagement),
    ("econom", Discipline::EconManagement),
    ("business", Discipline::EconManagement),
    ("management", Discipline::EconManagement),
    ("設計", Discipline::DesignMedia),
    ("傳播", Discipline::DesignMedia),
    ("新聞", Discipline::DesignMedia),
    ("資訊傳播", Discipline::DesignMedia),
    ("圖書資訊", Discipline::Other),
    ("資訊與圖書", Discipline::Other),
];

/// The group of a department as typed or listed ("勞工關係學系", "Dept. of
/// Computer Science"), by the longest keyword it contains; between keywords
/// of one length the one that comes first in the name (its main subject),
/// then the first in the table. No keyword: `Other`. Spaces and letter
/// case do not matter.
pub fn classify<'a>(
    department: &str,
    keywords: impl IntoIterator<Item = (&'a str, Discipline)>,
) -> Discipline {
    let name = normalise(department);
    let mut best: Option<(usize, usize, Discipline)> = None;
    for (keyword, group) in keywords {
        let keyword = normalise(keyword);
        if keyword.is_empty() {
            continue;
        }
        let Some(at) = name.find(&keyword) else {
            continue;
        };
        let (len, at) = (keyword.chars().count(), name[..at].chars().count());
        let better = match best {
            None => true,
            Some((l, a, _)) => len > l || (len == l && at < a),
        };
        if better {
            best = Some((len, at, group));
        }
    }
    best.map_or(Discipline::Other, |(_, _, g)| g)
}

/// Lower case, without spaces: how keywords are stored and compared.
pub fn normalise(s: &str) -> String {
    super::team::normalise(s)
}

/// Longest keyword, in characters.
pub const KEYWORD_MAX: usize = 30;

/// A keyword as an organiser typed it: one name-like line (no control or
/// invisible characters), stored lower case without spaces.
pub fn parse_keyword(raw: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::default();
    e.text("keyword", raw, Rule::name(KEYWORD_MAX).required());
    let keyword = normalise(raw);
    if e.is_empty() && keyword.is_empty() {
        e.push("keyword", "error-required");
    }
    e.or(keyword)
}

/// A group chosen from a form.
pub fn parse_discipline(raw: &str) -> Result<Discipline, FieldErrors> {
    Discipline::parse(raw.trim())
        .ok_or_else(|| FieldErrors::one("discipline", "error-finder-discipline"))
}

pub const SKILLS_MAX: usize = 200;
pub const IDEA_MAX: usize = 1000;
pub const MESSAGE_MAX: usize = 500;
pub const REASON_MAX: usize = 500;

/// A card as typed.
#[derive(Debug, Clone, Default)]
pub struct CardInput {
    pub discipline: String,
    pub skills: String,
    pub idea: String,
    pub tracks: Vec<i32>,
}

/// A card that may be stored: its owner's group, what they can do (one
/// line, read by others, so no invisible characters), their idea or the
/// kind of team they want, and the tracks they are interested in (none:
/// any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub discipline: Discipline,
    pub skills: String,
    pub idea: String,
    pub tracks: Vec<i32>,
}

/// Checks a typed card; `offered` are the contest's tracks.
pub fn parse_card(input: &CardInput, offered: &[i32]) -> Result<Card, FieldErrors> {
    let mut e = FieldErrors::default();
    let discipline = Discipline::parse(input.discipline.trim());
    if discipline.is_none() {
        e.push("discipline", "error-finder-discipline");
    }
    e.text("skills", &input.skills, Rule::name(SKILLS_MAX).required());
    e.text("idea", &input.idea, Rule::paragraph(IDEA_MAX).required());
    let mut tracks: Vec<i32> = Vec::new();
    for t in &input.tracks {
        if !offered.contains(t) {
            e.push("tracks", "error-tracks-invalid");
        } else if !tracks.contains(t) {
            tracks.push(*t);
        }
    }
    match discipline {
        Some(discipline) if e.is_empty() => Ok(Card {
            discipline,
            skills: input
                .skills
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            idea: input.idea.trim().to_string(),
            tracks,
        }),
        _ => Err(e),
    }
}

/// The short message of a contact request (required).
pub fn parse_message(raw: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::default();
    e.text("message", raw, Rule::paragraph(MESSAGE_MAX).required());
    e.or(raw.trim().to_string())
}

/// Why an organiser hid a card (required; the owner reads it).
pub fn parse_reason(raw: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::default();
    e.text("reason", raw, Rule::paragraph(REASON_MAX).required());
    e.or(raw.trim().to_string())
}

/// Where a contact request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactState {
    Pending,
    Accepted,
    Declined,
}

impl ContactState {
    pub const fn as_str(self) -> &'static str {
        match self {
            ContactState::Pending => "pending",
            ContactState::Accepted => "accepted",
            ContactState::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<ContactState> {
        [
            ContactState::Pending,
            ContactState::Accepted,
            ContactState::Declined,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    pub const fn message_id(self) -> &'static str {
        match self {
            ContactState::Pending => "finder-contact-pending",
            ContactState::Accepted => "finder-contact-accepted",
            ContactState::Declined => "finder-contact-declined",
        }
    }

    /// Only after the card's owner accepted do the two see each other's
    /// e-mail address; a pending or declined request shows neither.
    pub const fn shares_email(self) -> bool {
        matches!(self, ContactState::Accepted)
    }
}

/// The card's owner answers a request once: accepted or declined.
pub fn answer(state: ContactState, accept: bool) -> Result<ContactState, &'static str> {
    match state {
        ContactState::Pending if accept => Ok(ContactState::Accepted),
        ContactState::Pending => Ok(ContactState::Declined),
        _ => Err("error-finder-already-answered"),
    }
}

/// A team is full when it has as many students as the smallest limit of its
/// tracks allows (`max_students` of each track; a team without tracks is
/// never full). Its members' cards leave the list.
pub fn team_full(max_students: impl IntoIterator<Item = i32>, students: usize) -> bool {
    max_students
        .into_iter()
        .min()
        .is_some_and(|max| students as i64 >= i64::from(max))
}

/// Whether a card is in the list, and if not, why (its owner is told).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardStatus {
    Listed,
    /// Its owner took it off the list.
    Withdrawn,
    /// Organisers hid it (with a reason the owner sees).
    HiddenByOrganisers,
    /// Its owner's team has every seat taken.
    TeamFull,
    /// Registration is closed for every track the card names (or for the
    /// whole contest).
    RegistrationClosed,
}

impl CardStatus {
    pub const fn message_id(self) -> &'static str {
        match self {
            CardStatus::Listed => "finder-status-listed",
            CardStatus::Withdrawn => "finder-status-withdrawn",
            CardStatus::HiddenByOrganisers => "finder-status-hidden",
            CardStatus::TeamFull => "finder-status-team-full",
            CardStatus::RegistrationClosed => "finder-status-closed",
        }
    }
}

/// What decides whether a card is listed; the list's query applies the
/// same rule in SQL (`store::finder`), so nothing needs to hide cards
/// later: a card is listed while its owner keeps it, organisers have not
/// hidden it, its owner's team has a free seat, and registration is open
/// for one of its tracks (any track, when it names none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardFacts {
    pub withdrawn: bool,
    pub hidden: bool,
    pub team_full: bool,
    pub a_track_open: bool,
}

pub fn card_status(f: CardFacts) -> CardStatus {
    if f.hidden {
        CardStatus::HiddenByOrganisers
    } else if f.withdrawn {
        CardStatus::Withdrawn
    } else if !f.a_track_open {
        CardStatus::RegistrationClosed
    } else if f.team_full {
        CardStatus::TeamFull
    } else {
        CardStatus::Listed
    }
}

/// Whether registration is open for one of a card's tracks: `card_tracks`
/// (none: any of the contest's) against the tracks open now.
pub fn a_track_open(card_tracks: &[i32], open: &[i32]) -> bool {
    if card_tracks.is_empty() {
        !open.is_empty()
    } else {
        card_tracks.iter().any(|t| open.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Discipline::*;

    fn group(department: &str) -> Discipline {
        classify(department, DEFAULT_KEYWORDS)
    }

    #[test]
    fn groups_round_trip_by_name() {
        for d in Discipline::ALL {
            assert_eq!(Discipline::parse(d.as_str()), Some(d));
        }
        assert_eq!(Discipline::parse("astrology"), None);
    }

    #[test]
    fn typed_department_names_find_their_group() {
        for (department, expected) in [
            ("勞工關係學系", LabourSocial),
            ("勞動關係學系", LabourSocial),
            ("社會工作學系", LabourSocial),
            ("社會學系", LabourSocial),
            ("資訊工程學系", Computing),
            ("資工系", Computing),
            ("資訊管理學系", InfoManagement),
            ("資管系", InfoManagement),
            ("統計學系", StatsMath),
            ("應用數學系", StatsMath),
            ("法律學系", Law),
            ("財經法律學系", Law),
            ("經濟學系", EconManagement),
            ("企業管理學系", EconManagement),
            ("商業設計學系", DesignMedia),
            ("資訊傳播學系", DesignMedia),
            ("圖書資訊學系", Other),
            ("中國文學系", Other),
            ("法國語文學系", Other),
            ("Dept. of Computer Science", Computing),
            ("Information Management", InfoManagement),
            ("Labor Relations", LabourSocial),
            ("STATISTICS", StatsMath),
            ("  資訊 管理 學系 ", InfoManagement),
            ("", Other),
        ] {
            assert_eq!(group(department), expected, "{department:?}");
        }
    }

    #[test]
    fn the_ministry_of_education_sample_is_grouped_sensibly() {
        // assets/schools/departments-sample.csv: 代碼,學校名稱,系所(組)名稱,核定招生名額
        let csv = include_str!("../../assets/schools/departments-sample.csv");
        let departments: Vec<&str> = csv
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').nth(2))
            .collect();
        assert!(departments.len() > 200);
        let of = |name: &str| {
            assert!(departments.contains(&name), "{name} is in the sample");
            group(name)
        };
        assert_eq!(of("資訊工程學系"), Computing);
        assert_eq!(of("電機工程學系電機資訊組"), Computing);
        assert_eq!(of("資訊管理學系"), InfoManagement);
        assert_eq!(of("統計學系"), StatsMath);
        assert_eq!(of("數學系計算與資料科學組"), StatsMath);
        assert_eq!(of("法律學系財經法學組"), Law);
        assert_eq!(of("社會工作學系"), LabourSocial);
        assert_eq!(of("經濟學系"), EconManagement);
        assert_eq!(of("風險管理與保險學系"), EconManagement);
        assert_eq!(of("國際企業學系經貿管理組"), EconManagement);
        assert_eq!(of("大眾傳播學系"), DesignMedia);
        assert_eq!(of("資訊傳播學系"), DesignMedia);
        assert_eq!(of("資訊與圖書館學系"), Other);
        assert_eq!(of("圖書資訊學系"), Other);
        assert_eq!(of("法國語文學系"), Other);
        assert_eq!(of("醫學系"), Other);
        // Every group but the subject side is found in these five schools
        // (none of them has a labour relations department).
        for d in [
            Computing,
            InfoManagement,
            StatsMath,
            Law,
            EconManagement,
            DesignMedia,
            Other,
        ] {
            assert!(departments.iter().any(|n| group(n) == d), "{d:?}");
        }
    }

    #[test]
    fn an_edited_table_decides() {
        let table = [("保險", LabourSocial), ("管理", EconManagement)];
        assert_eq!(classify("風險管理與保險學系", table), EconManagement);
        let table = [("風險管理與保險", LabourSocial), ("管理", EconManagement)];
        assert_eq!(classify("風險管理與保險學系", table), LabourSocial);
        assert_eq!(classify("資訊工程學系", []), Other);
    }

    #[test]
    fn the_subject_side_and_the_data_side_find_each_other_first() {
        for reader in [LabourSocial, Law] {
            let mut order = Discipline::ALL.to_vec();
            order.sort_by_key(|d| fit(reader, *d));
            assert_eq!(&order[..3], &[Computing, InfoManagement, StatsMath]);
            assert_eq!(order.last(), Some(&reader));
        }
        for reader in [Computing, InfoManagement, StatsMath] {
            assert_eq!(fit(reader, LabourSocial), Fit::Strong);
            assert_eq!(fit(reader, Law), Fit::Strong);
            assert_eq!(fit(reader, reader), Fit::Same);
        }
        assert_eq!(fit(DesignMedia, Computing), Fit::Complementary);
        assert_eq!(fit(EconManagement, StatsMath), Fit::Complementary);
        assert_eq!(fit(Other, Computing), Fit::Different);
        assert_eq!(fit(LabourSocial, Law), Fit::Different);
    }

    #[test]
    fn fit_is_symmetric() {
        for a in Discipline::ALL {
            for b in Discipline::ALL {
                assert_eq!(fit(a, b), fit(b, a), "{a:?} {b:?}");
            }
        }
        let ranks = ranks_for(LabourSocial);
        assert_eq!(ranks.len(), Discipline::ALL.len());
        assert!(ranks.contains(&(Computing, 0)));
    }

    #[test]
    fn the_default_table_has_each_keyword_once_in_its_stored_form() {
        let mut seen = std::collections::HashSet::new();
        for (k, _) in DEFAULT_KEYWORDS {
            assert_eq!(parse_keyword(k).as_deref(), Ok(normalise(k).as_str()));
            assert!(seen.insert(normalise(k)), "{k} twice");
        }
    }

    #[test]
    fn keywords_are_short_visible_names() {
        assert_eq!(parse_keyword(" Labour  Law ").as_deref(), Ok("labourlaw"));
        for bad in [
            "",
            "   ",
            "勞\u{202E}工",
            "a\0b",
            &"勞".repeat(KEYWORD_MAX + 1),
        ] {
            assert!(parse_keyword(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_card_needs_a_group_skills_and_an_idea() {
        let ok = CardInput {
            discipline: "labour_social".into(),
            skills: " 勞動法規   訪談 ".into(),
            idea: "想做勞保給付試算\n需要會寫程式的夥伴".into(),
            tracks: vec![2, 2],
        };
        let card = parse_card(&ok, &[1, 2]).unwrap();
        assert_eq!(card.discipline, LabourSocial);
        assert_eq!(card.skills, "勞動法規 訪談");
        assert_eq!(card.tracks, vec![2]);
        let e = parse_card(&CardInput::default(), &[1]).unwrap_err();
        assert_eq!(e.get("discipline"), Some("error-finder-discipline"));
        assert_eq!(e.get("skills"), Some("error-required"));
        assert_eq!(e.get("idea"), Some("error-required"));
        let bad = CardInput {
            skills: "Py\u{202E}thon".into(),
            idea: "a\0b".into(),
            tracks: vec![9],
            ..ok.clone()
        };
        let e = parse_card(&bad, &[1, 2]).unwrap_err();
        assert_eq!(e.get("skills"), Some("error-text-invisible"));
        assert_eq!(e.get("idea"), Some("error-text-control"));
        assert_eq!(e.get("tracks"), Some("error-tracks-invalid"));
    }

    #[test]
    fn messages_and_reasons_are_required_short_texts() {
        assert_eq!(parse_message(" 你好 ").as_deref(), Ok("你好"));
        assert!(parse_message("").is_err());
        assert!(parse_message("a\u{1b}b").is_err());
        assert!(parse_message(&"字".repeat(MESSAGE_MAX + 1)).is_err());
        assert!(parse_reason("廣告").is_ok());
        assert_eq!(
            parse_reason(" ").unwrap_err().get("reason"),
            Some("error-required")
        );
    }

    #[test]
    fn a_request_is_answered_once_and_only_acceptance_shares_addresses() {
        use ContactState::*;
        assert_eq!(answer(Pending, true), Ok(Accepted));
        assert_eq!(answer(Pending, false), Ok(Declined));
        assert!(answer(Accepted, false).is_err());
        assert!(answer(Declined, true).is_err());
        assert!(Accepted.shares_email());
        assert!(!Pending.shares_email() && !Declined.shares_email());
        for s in [Pending, Accepted, Declined] {
            assert_eq!(ContactState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_team_is_full_at_its_strictest_tracks_limit() {
        assert!(!team_full([], 10));
        assert!(!team_full([3, 5], 2));
        assert!(team_full([3, 5], 3));
        assert!(team_full([5, 3], 4));
    }

    #[test]
    fn a_card_leaves_the_list_for_one_reason_at_a_time() {
        let listed = CardFacts {
            withdrawn: false,
            hidden: false,
            team_full: false,
            a_track_open: true,
        };
        assert_eq!(card_status(listed), CardStatus::Listed);
        let st = |f: CardFacts| card_status(f);
        assert_eq!(
            st(CardFacts {
                team_full: true,
                ..listed
            }),
            CardStatus::TeamFull
        );
        assert_eq!(
            st(CardFacts {
                a_track_open: false,
                team_full: true,
                ..listed
            }),
            CardStatus::RegistrationClosed
        );
        assert_eq!(
            st(CardFacts {
                hidden: true,
                withdrawn: true,
                ..listed
            }),
            CardStatus::HiddenByOrganisers
        );
        assert!(a_track_open(&[], &[1]));
        assert!(!a_track_open(&[], &[]));
        assert!(a_track_open(&[1, 2], &[2]));
        assert!(!a_track_open(&[1], &[2]));
    }
}
