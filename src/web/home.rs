//! The signed-in person's own work on the home page, one block per role.

use serde_json::{json, Value as Json};

use super::names::track_name;
use crate::i18n::Lang;
use crate::service::home::Work;
use crate::templates::format_taipei;

/// The blocks of `w` as the home page shows them.
pub fn work_view(lang: Lang, w: &Work) -> Json {
    json!({
        "student": w.student.as_ref().map(|s| json!({
            "step_id": s.step.message_id(),
            "link": s.link,
            "deadline": s.deadline.as_ref().map(format_taipei),
            "finder": s.finder,
        })),
        "advisor": w.advisor.iter().map(|t| json!({
            "team_id": t.team_id, "name": t.name,
            "awaiting": t.awaiting.iter().map(|(track, title)| json!({
                "track": track_name(lang, track), "title": title,
                "link": format!("/teams/{}/entries/{}", t.team_id, track.id),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "reviewer": w.reviewer.as_ref().map(|q| q.iter().map(|(t, n)| json!({
            "track": track_name(lang, t), "waiting": n,
        })).collect::<Vec<_>>()),
        "judge": w.judge.as_ref().map(|lines| json!({ "lines": lines.iter().map(|j| json!({
            "track": track_name(lang, &j.track), "scored": j.scored, "assigned": j.assigned,
            "due": j.due.as_ref().map(format_taipei),
        })).collect::<Vec<_>>() })),
        "unit": w.unit.as_ref().map(|u| json!({
            "waiting": u.waiting, "due_soon": u.due_soon, "overdue": u.overdue,
        })),
        "organiser": w.organiser.as_ref().map(|o| json!({
            "to_route": o.to_route, "overdue": o.overdue, "judges_behind": o.judges_behind,
            "ready": o.ready.iter().map(|t| json!({ "id": t.id, "name": track_name(lang, t) })).collect::<Vec<_>>(),
        })),
    })
}
