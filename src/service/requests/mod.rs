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
pub(crate) use board::public_filter;
pub use board::{
    board, organiser_queue, page, unit_queue, working_day_example, Board, BoardFilter, Page, Queue,
    QueueView,
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

/// Team names of the requests whose requesters agreed to show them (one
/// query for all of them).
pub(crate) fn shown_teams(conn: &mut DbConn, rows: &[Request]) -> Result<HashMap<i32, String>> {
    let team_ids: Vec<i32> = rows
        .iter()
        .filter(|r| r.show_team)
        .filter_map(|r| r.team_id)
        .collect();
    if team_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let names: HashMap<i32, String> = store::teams::names(conn, &team_ids)?.into_iter().collect();
    Ok(rows
        .iter()
        .filter(|r| r.show_team)
        .filter_map(|r| Some((r.id, names.get(&r.team_id?)?.clone())))
        .collect())
}
