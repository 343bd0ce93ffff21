//! Results reach the teams: when a track's results are published, every
//! team still in the track is told its outcome (winners their award and
//! prize), with the judges' mean per criterion and the comments they chose
//! to share, never who wrote them. Teams are told once.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde_json::{json, Value as Json};

use crate::db::DbConn;
use crate::domain::judging::{criterion_mean, CriterionKind, Round, ScoreStatus};
use crate::domain::team::format_amount;
use crate::i18n::Lang;
use crate::service::{mail, Portal, Result};
use crate::store::{self, contests::Prize, contests::Track};

/// The notification kind of a published result.
pub const KIND: &str = "results";

/// A team's result once its track's results are published: `None` before,
/// `Some(prize)` after (no prize: not awarded).
pub fn result_of(
    conn: &mut DbConn,
    track: &Track,
    entry_id: Option<i32>,
) -> Result<Option<Option<Prize>>> {
    if track.results_published_at.is_none() {
        return Ok(None);
    }
    let prize = match entry_id {
        Some(e) => {
            let prizes = store::contests::prizes_of(conn, &[track.id])?;
            store::awards::of_track(conn, track.id)?
                .into_iter()
                .find(|(entry, _)| *entry == e)
                .and_then(|(_, p)| prizes.into_iter().find(|x| x.id == p))
        }
        None => None,
    };
    Ok(Some(prize))
}

/// One criterion's feedback for one entry: its names, the mean score and
/// the comments on it judges shared.
struct Feedback {
    name_zh: String,
    name_en: String,
    mean: f64,
    max: f64,
    notes: Vec<String>,
}

/// An entry's feedback: the mean per criterion, and the shared comments.
type EntryFeedback = (Vec<Feedback>, Vec<String>);

/// Per entry: the mean of each typed criterion over the judges' submitted
/// preliminary sheets, and the comments judges shared (in no judge's order
/// or name).
fn feedback_of(
    conn: &mut DbConn,
    track_id: i32,
    entry_ids: &[i32],
) -> Result<BTreeMap<i32, EntryFeedback>> {
    let mut out = BTreeMap::new();
    let Some((_, criteria)) = store::rubrics::find(conn, track_id, Round::Preliminary)? else {
        return Ok(out);
    };
    let sheets = store::scores::of_entries(conn, entry_ids, Round::Preliminary)?;
    for &entry in entry_ids {
        let mine: Vec<_> = sheets
            .iter()
            .filter(|s| s.entry_id == entry && s.status == ScoreStatus::Submitted)
            .collect();
        let typed: Vec<_> = mine.iter().map(|s| s.sheet()).collect();
        let lines = criteria
            .iter()
            .filter(|c| c.kind == CriterionKind::Manual)
            .filter_map(|c| {
                let scores: Vec<f64> = typed
                    .iter()
                    .filter_map(|s| s.criteria.get(&c.position.to_string())?.parse().ok())
                    .collect();
                let position = c.position.to_string();
                let mut notes: Vec<String> = typed
                    .iter()
                    .filter_map(|s| s.notes.get(&position))
                    .filter(|(text, shared)| *shared && !text.is_empty())
                    .map(|(text, _)| text.clone())
                    .collect();
                notes.sort();
                Some(Feedback {
                    name_zh: c.name_zh.clone(),
                    name_en: c.name_en.clone(),
                    mean: criterion_mean(&scores)?,
                    max: c.max_score,
                    notes,
                })
            })
            .collect();
        let mut shared: Vec<String> = mine
            .iter()
            .filter(|s| s.comment_shared && !s.comment.trim().is_empty())
            .map(|s| s.comment.trim().to_string())
            .collect();
        shared.sort();
        out.insert(entry, (lines, shared));
    }
    Ok(out)
}

/// Tells every team of the track its result, each member in their own
/// language, in the portal and by e-mail, unless the teams were told
/// already. Call inside the transaction that publishes. Returns how many
/// teams were told.
pub(super) fn tell_teams(
    conn: &mut DbConn,
    p: &Portal,
    track: &Track,
    at: NaiveDateTime,
) -> Result<usize> {
    if !store::awards::mark_notified(conn, track.id, at)? {
        return Ok(0);
    }
    let contest =
        store::contests::find(conn, track.contest_id)?.ok_or(crate::service::Error::NotFound)?;
    let teams = store::awards::teams_of_track(conn, track.id)?;
    let entry_ids: Vec<i32> = teams.iter().filter_map(|(_, e)| *e).collect();
    let entries = store::entries::find_many(conn, &entry_ids)?;
    let prizes = store::contests::prizes_of(conn, &[track.id])?;
    let awards = store::awards::of_track(conn, track.id)?;
    let feedback = feedback_of(conn, track.id, &entry_ids)?;
    let team_ids: Vec<i32> = teams.iter().map(|(t, _)| *t).collect();
    let members = store::teams::members(conn, &team_ids)?;
    for (team_id, entry_id) in &teams {
        let entry = entries.iter().find(|e| Some(e.id) == *entry_id);
        let prize = entry_id
            .and_then(|e| awards.iter().find(|(x, _)| *x == e))
            .and_then(|(_, p)| prizes.iter().find(|x| x.id == *p));
        let (lines, comments) = entry_id
            .and_then(|e| feedback.get(&e))
            .map(|(l, c)| (l.as_slice(), c.as_slice()))
            .unwrap_or_default();
        let path = format!("/teams/{team_id}/entries/{}", track.id);
        let link = p.config.absolute_url(&path);
        for m in members
            .iter()
            .filter(|m| m.team_id == *team_id && m.role != store::teams::FORMER_STUDENT)
        {
            let locale = store::users::find(conn, m.user_id)?
                .map(|u| u.locale)
                .unwrap_or_default();
            let lang = Lang::from_code(&locale).unwrap_or_default();
            // Names in both languages, so the notification reads in whichever
            // language its reader uses when they open it.
            let data: Json = json!({
                "name": m.display_name, "link": link,
                "track": mail::track_name(track),
                "contest": mail::in_langs(&contest.title, &contest.title_en),
                "title": entry.map(|e| e.title.clone()),
                "prize": prize.map(|p| mail::in_langs(&p.rank_label, &p.rank_label_en)),
                "amount": prize.map(|p| format_amount(p.amount)),
                "feedback": lines.iter().map(|f| json!({
                    "name": mail::in_langs(&f.name_zh, &f.name_en),
                    "mean": format!("{:.1}", f.mean),
                    "max": format!("{}", f.max),
                    "notes": f.notes,
                })).collect::<Vec<_>>(),
                "comments": comments,
                "winners": p.config.absolute_url(&format!("/contests/{}/tracks/{}#winners-heading", contest.year, track.id)),
            });
            mail::notify(
                conn,
                p,
                &m.email,
                lang,
                KIND,
                "emails/results",
                "mail-results-subject",
                data,
                &path,
                at,
            )?;
        }
        store::teams::record_event(
            conn,
            *team_id,
            None,
            "results.told",
            json!({ "track": track.id, "prize": prize.map(|p| p.id) }),
            at,
        )?;
    }
    Ok(teams.len())
}
