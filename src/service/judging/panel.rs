//! A track's panel in one round: the organisers' page, inviting judges by
//! e-mail, removing them, reminding those behind, and the round's settings.

use std::collections::{HashMap, HashSet};

use serde_json::json;

use super::{refresh, track, Board, Scope};
use crate::db::DbConn;
use crate::domain::account::Email;
use crate::domain::judging::{self, Round, RoundSettings};
use crate::domain::role::Role;
use crate::domain::FieldErrors;
use crate::i18n::Lang;
use crate::service::gates::judging as gate;
use crate::service::{audit, mail, now, Error, Person, Portal, Result};
use crate::store::{self, PageRequest, Paged};

/// The organisers' page of a track's judging in one round.
pub struct PanelPage {
    pub board: Board,
    /// Judge → how many of their assigned entries they submitted a score for.
    pub submitted: HashMap<i32, usize>,
    /// The (entry, judge) pairs that may not be assigned.
    pub conflicted: HashSet<(i32, i32)>,
    /// The round has a rubric; without one, judges cannot score and
    /// entries are not assigned.
    pub has_rubric: bool,
    /// The page of the board's entries shown with their judges (their
    /// places in `board.entries`), 25 a page.
    pub shown: Paged<usize>,
}

pub fn panel_page(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    page: Option<i64>,
) -> Result<PanelPage> {
    gate::organiser(who)?;
    let page = PageRequest::new(page, 25);
    p.read(|conn| {
        let board = Board::load(conn, track_id, round, Scope::All)?;
        let submitted = submitted_counts(conn, &board)?;
        let has_rubric = store::rubrics::find(conn, track_id, round)?.is_some();
        let total = board.entries.len();
        let start = (page.offset() as usize).min(total);
        let end = (start + page.per_page as usize).min(total);
        Ok(PanelPage {
            has_rubric,
            conflicted: gate::conflicted(&board),
            board,
            submitted,
            shown: Paged {
                items: (start..end).collect(),
                total: total as i64,
                page: page.page,
                per_page: page.per_page,
            },
        })
    })
}

/// Judge → number of submitted scores among the board's assigned entries.
fn submitted_counts(conn: &mut DbConn, b: &Board) -> Result<HashMap<i32, usize>> {
    let entry_ids: Vec<i32> = b.entries.iter().map(|(e, _)| e.id).collect();
    let mut out = HashMap::new();
    for (entry_id, judge) in store::scores::submitted_pairs(conn, &entry_ids, b.round)? {
        if b.assigned(entry_id, judge) {
            *out.entry(judge).or_insert(0) += 1;
        }
    }
    Ok(out)
}

/// An invitation as typed.
#[derive(Debug, Clone, Default)]
pub struct Invite {
    pub email: String,
    pub max_load: String,
}

/// Puts an address on the round's panel and mails the invitation (to sign
/// up, when there is no account yet). An address already there is refused
/// beside the field (409).
pub fn invite(p: &Portal, who: &Person, track_id: i32, round: Round, input: &Invite) -> Result<()> {
    gate::organiser(who)?;
    let mut errors = FieldErrors::default();
    let email = errors.check(Email::parse(&input.email));
    let max_load = errors.check(judging::max_load(&input.max_load));
    let (Some(email), Some(max_load)) = (email, max_load) else {
        return Err(errors.into());
    };
    let address = email.as_str();
    p.transaction(|conn| {
        let track = track(conn, track_id)?;
        let at = now();
        if !store::judges::add(conn, track_id, round, address, max_load, who.id, at)? {
            return Err(Error::Taken {
                field: "email",
                message: "error-judge-already",
            });
        }
        let account = store::users::find_by_email(conn, address)?;
        let lang = account
            .as_ref()
            .and_then(|u| Lang::from_code(&u.locale))
            .unwrap_or_default();
        if let Some(u) = &account {
            store::users::grant_role(conn, u.id, Role::Judge, None, Some(who.id), at)?;
        }
        let link = p.config.absolute_url(if account.is_some() {
            "/judge"
        } else {
            "/signup"
        });
        mail::notify(
            conn,
            p,
            address,
            lang,
            "judge-invitation",
            "emails/judge_invitation",
            "mail-judge-subject",
            json!({ "track": mail::track_name(&track), "link": link, "has_account": account.is_some(), "email": address }),
            "/judge",
            at,
        )?;
        audit(
            conn,
            who,
            "judge.invite",
            "track",
            track_id,
            json!({ "email": address, "round": round, "max_load": max_load }),
        )
    })
}

/// Takes a judge off the round's panel, with their assignments in it.
pub fn remove_judge(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    panel_id: i32,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::Entries)?;
        let judge = b
            .panel
            .iter()
            .find(|j| j.id == panel_id)
            .ok_or(Error::NotFound)?;
        store::judges::remove(conn, track_id, round, panel_id)?;
        if let Some(uid) = judge.user_id {
            for (e, _) in &b.entries {
                store::judges::unassign(conn, e.id, uid, round)?;
            }
        }
        audit(
            conn,
            who,
            "judge.remove",
            "track",
            track_id,
            json!({ "email": judge.email, "round": round }),
        )
    })
}

/// Mails every judge who has assigned entries still to submit; returns
/// their addresses.
pub fn remind(p: &Portal, who: &Person, track_id: i32, round: Round) -> Result<Vec<String>> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = Board::load(conn, track_id, round, Scope::All)?;
        let submitted = submitted_counts(conn, &b)?;
        let at = now();
        let mut reminded = Vec::new();
        for j in &b.panel {
            let Some(uid) = j.user_id else { continue };
            let total = b.load_of(uid);
            let done = submitted.get(&uid).copied().unwrap_or(0);
            if done >= total {
                continue;
            }
            let lang = store::users::find(conn, uid)?
                .and_then(|u| Lang::from_code(&u.locale))
                .unwrap_or_default();
            mail::notify(
                conn,
                p,
                &j.email,
                lang,
                "judge-reminder",
                "emails/judge_reminder",
                "mail-judge-reminder-subject",
                json!({ "track": mail::track_name(&b.track), "done": done, "total": total, "link": p.config.absolute_url("/judge") }),
                "/judge",
                at,
            )?;
            reminded.push(j.email.clone());
        }
        audit(
            conn,
            who,
            "judge.remind",
            "track",
            track_id,
            json!({ "round": round, "to": reminded }),
        )?;
        Ok(reminded)
    })
}

/// A round's settings as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsForm {
    pub anonymous: bool,
    pub show_others: bool,
    pub rank_method: String,
    pub disagreement: String,
}

/// How a round is judged: anonymity, judges seeing each other's scores,
/// the ranking method and the disagreement threshold.
pub fn save_settings(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    form: &SettingsForm,
) -> Result<()> {
    gate::organiser(who)?;
    let wanted = RoundSettings::parse(
        form.anonymous,
        form.show_others,
        &form.rank_method,
        &form.disagreement,
    )?;
    p.transaction(|conn| {
        track(conn, track_id)?;
        let before = store::finals::settings(conn, track_id, round)?;
        store::finals::save_settings(conn, track_id, round, &wanted, now())?;
        // The threshold marks the stored lines whose judges disagree (each
        // method's order is stored already).
        if before.disagreement != wanted.disagreement {
            refresh(conn, track_id, round)?;
        }
        let json_of = |s: &RoundSettings| {
            json!({ "anonymous": s.anonymous, "show_others": s.show_others, "rank_method": s.rank_method, "disagreement": s.disagreement })
        };
        audit(
            conn,
            who,
            "judging.settings",
            "track",
            track_id,
            json!({ "round": round, "before": json_of(&before), "after": json_of(&wanted) }),
        )
    })
}
