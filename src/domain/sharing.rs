//! Winners' sharing sessions: who may be invited, how an invitation's state
//! changes, when a reminder is due, and which action items a pack carries.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::text::Rule;
use super::FieldErrors;

/// The longest place, in characters.
pub const PLACE_MAX: usize = 120;
/// The longest note of a session, in characters.
pub const NOTE_MAX: usize = 1_000;
/// The longest slot label, in characters.
pub const LABEL_MAX: usize = 80;
/// The longest message a team adds when it asks for another slot.
pub const MESSAGE_MAX: usize = 500;
/// The longest action item, in characters.
pub const ACTION_MAX: usize = 500;
/// The reminders job reminds unconfirmed teams this many days before the session.
pub const REMIND_DAYS_BEFORE: i64 = 3;

/// Where a team's invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    /// Invited to a slot; the team has not answered.
    Invited,
    /// The team confirmed its slot.
    Confirmed,
    /// The team asked for another slot (a free one, or in a message).
    AskedAnotherSlot,
}

impl InvitationState {
    pub const fn as_str(self) -> &'static str {
        match self {
            InvitationState::Invited => "invited",
            InvitationState::Confirmed => "confirmed",
            InvitationState::AskedAnotherSlot => "asked-another-slot",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invited" => Some(InvitationState::Invited),
            "confirmed" => Some(InvitationState::Confirmed),
            "asked-another-slot" => Some(InvitationState::AskedAnotherSlot),
            _ => None,
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            InvitationState::Invited => "sharing-state-invited",
            InvitationState::Confirmed => "sharing-state-confirmed",
            InvitationState::AskedAnotherSlot => "sharing-state-asked",
        }
    }
}

/// What a team answers to its invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Confirm,
    AskAnotherSlot,
}

/// The state after a team's answer: it confirms an invitation it has not
/// confirmed (after asking for another slot too, keeping the one it has),
/// and asks for another slot unless it already asked.
pub fn answer(state: InvitationState, a: Answer) -> Result<InvitationState, &'static str> {
    use InvitationState::*;
    match (state, a) {
        (Confirmed, Answer::Confirm) => Err("error-sharing-already-confirmed"),
        (_, Answer::Confirm) => Ok(Confirmed),
        (AskedAnotherSlot, Answer::AskAnotherSlot) => Err("error-sharing-already-asked"),
        (_, Answer::AskAnotherSlot) => Ok(AskedAnotherSlot),
    }
}

/// The state after the organiser moves a team to slot `to`: the slot it
/// asked for counts as confirmed; any other slot waits for its answer again.
pub fn after_move(to: i32, preferred: Option<i32>) -> InvitationState {
    if preferred == Some(to) {
        InvitationState::Confirmed
    } else {
        InvitationState::Invited
    }
}

/// What decides whether a team may be invited to a contest's session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Candidate {
    /// The team entered this contest.
    pub same_contest: bool,
    pub withdrawn: bool,
    /// The contest is published.
    pub contest_published: bool,
    /// The team won a prize in a track whose results are published.
    pub won_published: bool,
    /// One of the team's tracks has not published its results.
    pub results_pending: bool,
}

/// Only winning teams of the contest's published results are invited:
/// `Err` is the sentence saying why not.
pub fn may_invite(c: &Candidate) -> Result<(), &'static str> {
    if !c.same_contest {
        return Err("error-sharing-other-contest");
    }
    if c.withdrawn {
        return Err("error-sharing-withdrawn");
    }
    if c.contest_published && c.won_published {
        return Ok(());
    }
    if !c.contest_published || c.results_pending {
        return Err("error-sharing-results-unpublished");
    }
    Err("error-sharing-not-winner")
}

/// A session as typed.
#[derive(Debug, Clone, Default)]
pub struct SessionForm {
    pub held_on: String,
    pub starts_at: String,
    pub place: String,
    pub note: String,
}

/// A session's date, start time ("HH:MM"), place and note, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInput {
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub place: String,
    pub note: String,
}

/// "HH:MM" (or "H:MM") as a time of day.
pub fn parse_time(raw: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M").ok()
}

fn time_field(errors: &mut FieldErrors, field: &'static str, raw: &str) -> Option<NaiveTime> {
    if let Some(m) = super::text::refusal(raw, super::text::Kind::Line) {
        errors.push(field, m);
        return None;
    }
    if raw.trim().is_empty() {
        errors.push(field, "error-required");
        return None;
    }
    let t = parse_time(raw);
    if t.is_none() {
        errors.push(field, "error-sharing-time");
    }
    t
}

fn date_field(errors: &mut FieldErrors, field: &'static str, raw: &str) -> Option<NaiveDate> {
    if let Some(m) = super::text::refusal(raw, super::text::Kind::Line) {
        errors.push(field, m);
        return None;
    }
    if raw.trim().is_empty() {
        errors.push(field, "error-required");
        return None;
    }
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        errors.push(field, "error-date");
    }
    d
}

/// The session as typed, checked: a date, a start time, a place (a name:
/// nothing invisible) and an optional note.
pub fn session(f: &SessionForm) -> Result<SessionInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let held_on = date_field(&mut errors, "held_on", &f.held_on);
    let starts = time_field(&mut errors, "starts_at", &f.starts_at);
    errors.text("place", &f.place, Rule::name(PLACE_MAX).required());
    errors.text("note", &f.note, Rule::paragraph(NOTE_MAX));
    match (held_on, starts) {
        (Some(held_on), Some(starts)) if errors.is_empty() => Ok(SessionInput {
            held_on,
            starts_at: starts.format("%H:%M").to_string(),
            place: f.place.trim().to_string(),
            note: f.note.trim().to_string(),
        }),
        _ => Err(errors),
    }
}

/// A slot as typed.
#[derive(Debug, Clone, Default)]
pub struct SlotForm {
    pub starts: String,
    pub ends: String,
    pub label: String,
}

/// A slot's start and end ("HH:MM") and label, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotInput {
    pub starts: String,
    pub ends: String,
    pub label: String,
}

/// The slot as typed, checked: it ends after it starts, and overlaps none
/// of the session's `others` (start, end).
pub fn slot(f: &SlotForm, others: &[(String, String)]) -> Result<SlotInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let starts = time_field(&mut errors, "slot_starts", &f.starts);
    let ends = time_field(&mut errors, "slot_ends", &f.ends);
    errors.text("slot_label", &f.label, Rule::name(LABEL_MAX));
    if let (Some(s), Some(e)) = (starts, ends) {
        if e <= s {
            errors.push("slot_ends", "error-sharing-slot-order");
        } else if others
            .iter()
            .any(|(os, oe)| match (parse_time(os), parse_time(oe)) {
                (Some(os), Some(oe)) => s < oe && os < e,
                _ => false,
            })
        {
            errors.push("slot_starts", "error-sharing-slot-overlap");
        }
    }
    match (starts, ends) {
        (Some(s), Some(e)) if errors.is_empty() => Ok(SlotInput {
            starts: s.format("%H:%M").to_string(),
            ends: e.format("%H:%M").to_string(),
            label: f.label.trim().to_string(),
        }),
        _ => Err(errors),
    }
}

/// What a team typed when it asks for another slot.
#[derive(Debug, Clone, Default)]
pub struct AskForm {
    /// A free slot's id, or empty.
    pub preferred_slot: String,
    pub message: String,
}

/// The team's request, checked: a free slot among `free`, a message, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub preferred_slot: Option<i32>,
    pub message: String,
}

pub fn ask(f: &AskForm, free: &[i32]) -> Result<Ask, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text("message", &f.message, Rule::paragraph(MESSAGE_MAX));
    let raw = f.preferred_slot.trim();
    let preferred = if raw.is_empty() {
        None
    } else {
        match raw.parse::<i32>().ok().filter(|id| free.contains(id)) {
            Some(id) => Some(id),
            None => {
                errors.push("preferred_slot", "error-sharing-slot-taken");
                None
            }
        }
    };
    if errors.is_empty() && preferred.is_none() && f.message.trim().is_empty() {
        errors.push("message", "error-sharing-ask-empty");
    }
    errors.or(Ask {
        preferred_slot: preferred,
        message: f.message.trim().to_string(),
    })
}

/// An action item as typed.
#[derive(Debug, Clone, Default)]
pub struct ActionForm {
    pub description: String,
    pub owner_unit: String,
    pub due_on: String,
}

/// An action item, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionInput {
    pub description: String,
    pub owner_unit_id: i32,
    pub due_on: NaiveDate,
}

/// The action item as typed, checked: what to do, a unit among `units`, and
/// a due date not before the session (`held_on`).
pub fn action(
    f: &ActionForm,
    units: &[i32],
    held_on: NaiveDate,
) -> Result<ActionInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    errors.text(
        "description",
        &f.description,
        Rule::paragraph(ACTION_MAX).required(),
    );
    let unit = f
        .owner_unit
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|u| units.contains(u));
    if unit.is_none() {
        errors.push("owner_unit", "error-sharing-unit");
    }
    let due = date_field(&mut errors, "due_on", &f.due_on);
    if due.is_some_and(|d| d < held_on) {
        errors.push("due_on", "error-sharing-due-before-session");
    }
    match (unit, due) {
        (Some(owner_unit_id), Some(due_on)) if errors.is_empty() => Ok(ActionInput {
            description: f.description.trim().to_string(),
            owner_unit_id,
            due_on,
        }),
        _ => Err(errors),
    }
}

/// The session's day has passed (`today` in Taiwan): teams no longer answer
/// and nobody is reminded.
pub fn session_over(held_on: NaiveDate, today: NaiveDate) -> bool {
    today > held_on
}

/// Action items are recorded from the session's day on.
pub fn actions_open(held_on: NaiveDate, today: NaiveDate) -> bool {
    today >= held_on
}

/// A team is reminded when it has not answered, at most once a day: not
/// when it was reminded `today` already (`reminded_on`, Taiwan dates).
pub fn reminder_due(
    state: InvitationState,
    reminded_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    state == InvitationState::Invited && reminded_on.is_none_or(|d| d < today)
}

/// The reminders job reminds the unanswered teams of a session held within
/// `REMIND_DAYS_BEFORE` days (not today, not past), once: the day from which
/// a reminder counts, so that teams reminded since are left alone; `None`
/// outside those days.
pub fn automatic_reminder_since(held_on: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let left = (held_on - today).num_days();
    (1..=REMIND_DAYS_BEFORE)
        .contains(&left)
        .then(|| held_on - Duration::days(REMIND_DAYS_BEFORE))
}

/// An action item goes into the pack of the contest of `pack_year` while it
/// is not done, when it comes from a session of that contest or an earlier
/// one (`item_year`).
pub fn carried_into(item_year: i32, done: bool, pack_year: i32) -> bool {
    !done && item_year <= pack_year
}

/// An open action item is overdue once its due date has passed.
pub fn overdue(due_on: NaiveDate, done: bool, today: NaiveDate) -> bool {
    !done && due_on < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvitationState::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    #[test]
    fn states_are_stored_by_name() {
        for s in [Invited, Confirmed, AskedAnotherSlot] {
            assert_eq!(InvitationState::parse(s.as_str()), Some(s));
        }
        assert_eq!(InvitationState::parse("declined"), None);
    }

    #[test]
    fn a_team_confirms_once_and_asks_for_another_slot_once() {
        assert_eq!(answer(Invited, Answer::Confirm), Ok(Confirmed));
        assert_eq!(answer(AskedAnotherSlot, Answer::Confirm), Ok(Confirmed));
        assert_eq!(
            answer(Confirmed, Answer::Confirm),
            Err("error-sharing-already-confirmed")
        );
        assert_eq!(
            answer(Invited, Answer::AskAnotherSlot),
            Ok(AskedAnotherSlot)
        );
        assert_eq!(
            answer(Confirmed, Answer::AskAnotherSlot),
            Ok(AskedAnotherSlot)
        );
        assert_eq!(
            answer(AskedAnotherSlot, Answer::AskAnotherSlot),
            Err("error-sharing-already-asked")
        );
    }

    #[test]
    fn moving_to_the_slot_asked_for_confirms_it() {
        assert_eq!(after_move(7, Some(7)), Confirmed);
        assert_eq!(after_move(7, Some(8)), Invited);
        assert_eq!(after_move(7, None), Invited);
    }

    #[test]
    fn only_winners_of_published_results_are_invited() {
        let winner = Candidate {
            same_contest: true,
            contest_published: true,
            won_published: true,
            ..Candidate::default()
        };
        assert_eq!(may_invite(&winner), Ok(()));
        let pending = Candidate {
            won_published: false,
            results_pending: true,
            ..winner
        };
        assert_eq!(
            may_invite(&pending),
            Err("error-sharing-results-unpublished")
        );
        let draft = Candidate {
            contest_published: false,
            ..winner
        };
        assert_eq!(may_invite(&draft), Err("error-sharing-results-unpublished"));
        let loser = Candidate {
            won_published: false,
            ..winner
        };
        assert_eq!(may_invite(&loser), Err("error-sharing-not-winner"));
        let gone = Candidate {
            withdrawn: true,
            ..winner
        };
        assert_eq!(may_invite(&gone), Err("error-sharing-withdrawn"));
        let elsewhere = Candidate {
            same_contest: false,
            ..winner
        };
        assert_eq!(may_invite(&elsewhere), Err("error-sharing-other-contest"));
    }

    #[test]
    fn a_session_needs_a_date_a_time_and_a_visible_place() {
        let f = SessionForm {
            held_on: "2026-12-10".into(),
            starts_at: "9:30".into(),
            place: " 勞動部 301 會議室 ".into(),
            note: "請準備 10 分鐘簡報\n含 Q&A".into(),
        };
        let s = session(&f).unwrap();
        assert_eq!(s.starts_at, "09:30");
        assert_eq!(s.place, "勞動部 301 會議室");
        let e = session(&SessionForm::default()).unwrap_err();
        assert_eq!(e.get("held_on"), Some("error-required"));
        assert_eq!(e.get("starts_at"), Some("error-required"));
        assert_eq!(e.get("place"), Some("error-required"));
        let bad = SessionForm {
            held_on: "2026-13-01".into(),
            starts_at: "25:00".into(),
            place: "會議室\u{202E}".into(),
            note: "a\u{0}".into(),
        };
        let e = session(&bad).unwrap_err();
        assert_eq!(e.get("held_on"), Some("error-date"));
        assert_eq!(e.get("starts_at"), Some("error-sharing-time"));
        assert_eq!(e.get("place"), Some("error-text-invisible"));
        assert_eq!(e.get("note"), Some("error-text-control"));
    }

    #[test]
    fn a_slot_ends_after_it_starts_and_overlaps_no_other() {
        let f = |s: &str, e: &str| SlotForm {
            starts: s.into(),
            ends: e.into(),
            label: "第一組".into(),
        };
        let others = vec![("10:00".to_string(), "10:20".to_string())];
        assert_eq!(
            slot(&f("10:20", "10:40"), &others).map(|s| s.starts),
            Ok("10:20".into())
        );
        assert_eq!(
            slot(&f("10:00", "09:40"), &others)
                .unwrap_err()
                .get("slot_ends"),
            Some("error-sharing-slot-order")
        );
        assert_eq!(
            slot(&f("10:10", "10:30"), &others)
                .unwrap_err()
                .get("slot_starts"),
            Some("error-sharing-slot-overlap")
        );
        assert_eq!(
            slot(&f("9:50", "10:05"), &others)
                .unwrap_err()
                .get("slot_starts"),
            Some("error-sharing-slot-overlap")
        );
        let mut bidi = f("11:00", "11:20");
        bidi.label = "\u{202E}組".into();
        assert_eq!(
            slot(&bidi, &others).unwrap_err().get("slot_label"),
            Some("error-text-invisible")
        );
    }

    #[test]
    fn asking_for_another_slot_needs_a_free_slot_or_a_message() {
        let f = |slot: &str, m: &str| AskForm {
            preferred_slot: slot.into(),
            message: m.into(),
        };
        assert_eq!(
            ask(&f("3", ""), &[3, 4]),
            Ok(Ask {
                preferred_slot: Some(3),
                message: String::new()
            })
        );
        assert!(ask(&f("", "下午比較方便"), &[]).is_ok());
        assert_eq!(
            ask(&f("9", ""), &[3]).unwrap_err().get("preferred_slot"),
            Some("error-sharing-slot-taken")
        );
        assert_eq!(
            ask(&f("", "  "), &[3]).unwrap_err().get("message"),
            Some("error-sharing-ask-empty")
        );
        assert_eq!(
            ask(&f("", "a\u{0}"), &[3]).unwrap_err().get("message"),
            Some("error-text-control")
        );
    }

    #[test]
    fn an_action_item_has_an_owner_unit_and_a_due_date_after_the_session() {
        let f = ActionForm {
            description: "提供投保薪資分級資料".into(),
            owner_unit: "2".into(),
            due_on: "2026-12-31".into(),
        };
        let a = action(&f, &[1, 2], d(12, 10)).unwrap();
        assert_eq!((a.owner_unit_id, a.due_on), (2, d(12, 31)));
        let e = action(&ActionForm::default(), &[1], d(12, 10)).unwrap_err();
        assert_eq!(e.get("description"), Some("error-required"));
        assert_eq!(e.get("owner_unit"), Some("error-sharing-unit"));
        assert_eq!(e.get("due_on"), Some("error-required"));
        let early = ActionForm {
            owner_unit: "9".into(),
            due_on: "2026-12-01".into(),
            ..f
        };
        let e = action(&early, &[1, 2], d(12, 10)).unwrap_err();
        assert_eq!(e.get("owner_unit"), Some("error-sharing-unit"));
        assert_eq!(e.get("due_on"), Some("error-sharing-due-before-session"));
    }

    #[test]
    fn reminders_go_to_unanswered_teams_once_a_day() {
        let today = d(12, 5);
        assert!(reminder_due(Invited, None, today));
        assert!(reminder_due(Invited, Some(d(12, 4)), today));
        assert!(!reminder_due(Invited, Some(today), today));
        assert!(!reminder_due(Confirmed, None, today));
        assert!(!reminder_due(AskedAnotherSlot, None, today));
    }

    #[test]
    fn the_job_reminds_in_the_three_days_before_the_session() {
        let held = d(12, 10);
        assert_eq!(automatic_reminder_since(held, d(12, 6)), None);
        assert_eq!(automatic_reminder_since(held, d(12, 7)), Some(d(12, 7)));
        assert_eq!(automatic_reminder_since(held, d(12, 9)), Some(d(12, 7)));
        assert_eq!(automatic_reminder_since(held, held), None);
        assert_eq!(automatic_reminder_since(held, d(12, 11)), None);
        assert!(session_over(held, d(12, 11)));
        assert!(!session_over(held, held));
        assert!(actions_open(held, held));
        assert!(!actions_open(held, d(12, 9)));
    }

    #[test]
    fn open_action_items_of_this_and_earlier_contests_go_into_the_pack() {
        assert!(carried_into(2025, false, 2026));
        assert!(carried_into(2026, false, 2026));
        assert!(!carried_into(2027, false, 2026));
        assert!(!carried_into(2025, true, 2026));
        assert!(overdue(d(12, 1), false, d(12, 2)));
        assert!(!overdue(d(12, 1), true, d(12, 2)));
        assert!(!overdue(d(12, 2), false, d(12, 2)));
    }
}
