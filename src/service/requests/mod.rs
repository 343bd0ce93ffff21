//! Data requests for datasets not released yet: filing, the public board and
//! each request's page, the actions of organisers, business units and
//! requesters on the state machine with its working-day clock, comments and
//! followers, the queues, deadline reminders, reasons and the unit report.

mod actions;
mod board;
mod filing;
mod reminders;
mod report;

pub use actions::{act, comment, follow, hide_comment, route};
pub use board::{
    board, organiser_queue, page, unit_queue, working_day_example, Board, BoardFilter, Page, Queue,
};
pub use filing::{
    check, file, filing_choices, similar, Filing, FilingChoices, Suggestions, FORMATS, TITLE_MAX,
};
pub use reminders::remind_due;
pub(crate) use report::report_over;
pub use report::{reasons, report, save_reason, ReasonForm, Report, ReportLine};

use std::collections::HashMap;

use crate::db::DbConn;
use crate::service::Result;
use crate::store::{self, requests::Request};

/// Team names of the requests whose requesters agreed to show them.
fn shown_teams(conn: &mut DbConn, rows: &[Request]) -> Result<HashMap<i32, String>> {
    let mut out = HashMap::new();
    for r in rows.iter().filter(|r| r.show_team) {
        if let Some(team) = r.team_id {
            if let Some(t) = store::teams::find(conn, team)? {
                out.insert(r.id, t.name);
            }
        }
    }
    Ok(out)
}
