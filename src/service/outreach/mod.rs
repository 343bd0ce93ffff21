//! Outreach (issue 16, part 2): organisers make campaign links for a
//! department, a school or a channel; a visit through a link is counted once
//! per browser and remembered through sign-up; each campaign's funnel —
//! visits, sign-ups, students in teams, entries submitted, entries passing
//! eligibility — with department campaigns that brought nobody by a chosen
//! date flagged. Counts only: nobody is named.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::json;

use crate::db::DbConn;
use crate::domain::dashboard::sheet_name;
use crate::domain::outreach::{flagged, is_code, parse_campaign, CampaignForm, Standing};
use crate::i18n::{t, Lang};
use crate::security;
use crate::service::gates::office as gate;
use crate::service::{audit, now, taipei_date, Error, Person, Portal, Result, WORKBOOKS};
use crate::store::{self, contests::Contest, outreach::Funnel, schools::School};

/// One campaign on the outreach page: what it is, its link's code, its
/// funnel, and whether its department is flagged.
pub struct Row {
    pub id: i32,
    pub name: String,
    pub code: String,
    pub school: Option<String>,
    pub department: String,
    pub channel: String,
    pub created_on: NaiveDate,
    pub funnel: Funnel,
    pub signups_by: i64,
    pub flagged: bool,
}

/// A contest's outreach: its campaigns with their funnels as of `by`, and
/// the schools a campaign may name.
pub struct Outreach {
    pub contest: Contest,
    pub by: NaiveDate,
    pub rows: Vec<Row>,
    pub schools: Vec<School>,
}

/// The start (in UTC) of the day after `day` in Taiwan: "by the end of `day`".
fn end_of_taipei_day(day: NaiveDate) -> NaiveDateTime {
    let next = day.succ_opt().unwrap_or(day);
    next.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::hours(8)
}

fn load(conn: &mut DbConn, contest_id: i32, by: NaiveDate) -> Result<(Contest, Vec<Row>)> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let (funnels, signups_by) = store::outreach::funnels(conn, contest_id, end_of_taipei_day(by))?;
    let rows = store::outreach::of_contest(conn, contest_id)?
        .into_iter()
        .map(|(c, school)| {
            let created_on = taipei_date(c.created_at);
            let by_count = signups_by.get(&c.id).copied().unwrap_or(0);
            let standing = Standing {
                for_department: !c.department.is_empty(),
                created_on,
                signups_by: by_count,
            };
            Row {
                id: c.id,
                funnel: funnels.get(&c.id).copied().unwrap_or_default(),
                flagged: flagged(standing, by),
                signups_by: by_count,
                created_on,
                name: c.name,
                code: c.code,
                school,
                department: c.department,
                channel: c.channel,
            }
        })
        .collect();
    Ok((contest, rows))
}

/// The outreach page of contest `contest_id`, flagging as of `by`.
pub fn outreach(p: &Portal, who: &Person, contest_id: i32, by: NaiveDate) -> Result<Outreach> {
    gate::organiser(who)?;
    p.read(|conn| {
        let (contest, rows) = load(conn, contest_id, by)?;
        let schools = store::schools::all(conn)?;
        Ok(Outreach {
            contest,
            by,
            rows,
            schools,
        })
    })
}

/// Makes a campaign for the contest with a new random code (audited); its id.
pub fn create(p: &Portal, who: &Person, contest_id: i32, form: &CampaignForm) -> Result<i32> {
    gate::organiser(who)?;
    let c = parse_campaign(form)?;
    p.transaction(|conn| {
        store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
        if let Some(code) = &c.school_code {
            if store::schools::find(conn, code)?.is_none() {
                return Err(Error::field("school_code", "error-outreach-school"));
            }
        }
        let code = security::random_token();
        let id = store::outreach::create(
            conn,
            &store::outreach::NewCampaign {
                contest_id,
                code: &code,
                name: &c.name,
                school_code: c.school_code.as_deref(),
                department: &c.department,
                channel: &c.channel,
                created_by: who.id,
                at: now(),
            },
        )?;
        audit(
            conn,
            who,
            "campaign.create",
            "campaign",
            id,
            json!({ "contest_id": contest_id, "name": c.name, "school_code": c.school_code,
                    "department": c.department, "channel": c.channel }),
        )?;
        Ok(id)
    })
}

/// Where a campaign's link leads: the year of its contest's public page
/// (none while the contest is a draft: the home page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landing {
    pub code: String,
    pub contest_year: Option<i32>,
}

/// A browser (known by its visit token) follows a campaign's link: the
/// visit is counted once per browser and campaign. An unknown or malformed
/// code is `None` and counts nothing.
pub fn visit(p: &Portal, code: &str, visitor: &str) -> Result<Option<Landing>> {
    if !is_code(code) || visitor.is_empty() {
        return Ok(None);
    }
    let visitor = security::token_digest(visitor);
    p.transaction(|conn| {
        let Some(c) = store::outreach::by_code(conn, code)? else {
            return Ok(None);
        };
        store::outreach::record_visit(conn, c.id, &visitor, now())?;
        let contest = store::contests::find(conn, c.contest_id)?;
        Ok(Some(Landing {
            code: c.code,
            contest_year: contest.filter(|c| c.published).map(|c| c.year),
        }))
    })
}

/// Records, in the sign-up's transaction, that the new account came through
/// the campaign whose code its browser remembers (unknown codes: nothing).
pub fn remember_signup(conn: &mut DbConn, user_id: i32, code: &str) -> Result<()> {
    if !is_code(code) {
        return Ok(());
    }
    if let Some(c) = store::outreach::by_code(conn, code)? {
        store::outreach::record_signup(conn, user_id, c.id, now())?;
    }
    Ok(())
}

/// Column titles of the funnel table (Fluent ids).
pub const COLUMNS: [&str; 11] = [
    "outreach-col-name",
    "outreach-col-school",
    "outreach-col-department",
    "outreach-col-channel",
    "outreach-col-created",
    "outreach-col-visits",
    "outreach-col-signups",
    "outreach-col-students",
    "outreach-col-submitted",
    "outreach-col-eligible",
    "outreach-col-flagged",
];

fn cells(lang: Lang, r: &Row) -> Vec<String> {
    let f = r.funnel;
    vec![
        r.name.clone(),
        r.school.clone().unwrap_or_default(),
        r.department.clone(),
        r.channel.clone(),
        r.created_on.to_string(),
        f.visits.to_string(),
        f.signups.to_string(),
        f.students.to_string(),
        f.submitted.to_string(),
        f.eligible.to_string(),
        if r.flagged {
            t(lang, "outreach-flagged-yes")
        } else {
            String::new()
        },
    ]
}

/// The funnel as rows of text for a CSV, its column titles first.
pub fn table(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    by: NaiveDate,
    lang: Lang,
) -> Result<Vec<Vec<String>>> {
    gate::organiser(who)?;
    let (_, rows) = p.read(|conn| load(conn, contest_id, by))?;
    let mut out = vec![COLUMNS.iter().map(|c| t(lang, c)).collect::<Vec<_>>()];
    out.extend(rows.iter().map(|r| cells(lang, r)));
    Ok(out)
}

/// The funnel as an Excel workbook (.xlsx), counts as numbers, built in
/// turn with the other workbooks in constant-memory mode.
pub async fn workbook(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    by: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>> {
    gate::organiser(who)?;
    p.blocking_in_turn(&WORKBOOKS, move |p| {
        let (_, rows) = p.read(|conn| load(conn, contest_id, by))?;
        xlsx(lang, &rows).map_err(|e| Error::Internal(anyhow::anyhow!("xlsx: {e}")))
    })
    .await
}

fn xlsx(lang: Lang, rows: &[Row]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name(sheet_name(&t(lang, "outreach-title")))?;
    for (c, col) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, t(lang, col), &bold)?;
        sheet.set_column_width(c as u16, 16)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r32 = r as u32 + 1;
        let f = row.funnel;
        for (c, cell) in cells(lang, row).iter().enumerate().take(5) {
            sheet.write_string(r32, c as u16, cell)?;
        }
        for (c, n) in [f.visits, f.signups, f.students, f.submitted, f.eligible]
            .iter()
            .enumerate()
        {
            sheet.write_number(r32, 5 + c as u16, *n as f64)?;
        }
        if row.flagged {
            sheet.write_string(r32, 10, t(lang, "outreach-flagged-yes"))?;
        }
    }
    book.save_to_buffer()
}
