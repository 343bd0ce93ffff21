//! The impact ledger as downloads: every line the filters select (no
//! pages) as rows of text for a CSV, or as an Excel workbook with counts as
//! numbers. One grouped query either way.

use tokio::sync::Semaphore;

use crate::domain::ledger::{mean_depth, shown_depth};
use crate::i18n::{t, Lang};
use crate::service::{Error, Person, Portal, Result};
use crate::store::{self, usage::LedgerLine};

use super::page::{check, LedgerQuery};

/// The columns, as Fluent ids of their titles.
const COLUMNS: [&str; 10] = [
    "ledger-col-year",
    "ledger-col-dataset-id",
    "ledger-col-dataset",
    "ledger-col-publisher",
    "ledger-col-entries",
    "ledger-col-depth",
    "ledger-col-finalists",
    "ledger-col-winners",
    "ledger-col-released",
    "ledger-col-request",
];

/// One cell: text, a whole number, or a mean shown with one decimal (a
/// workbook keeps both kinds of number as numbers).
enum Cell {
    Text(String),
    Number(f64),
    Mean(f64),
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Mean(m) => shown_depth(Some(*m)),
            Cell::Empty => String::new(),
        }
    }
}

fn cells(lang: Lang, l: &LedgerLine) -> Vec<Cell> {
    let count = |n: i64| Cell::Number(n as f64);
    vec![
        l.year.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
        Cell::Text(l.source_id.clone()),
        Cell::Text(l.title.clone()),
        Cell::Text(l.publisher.clone()),
        count(l.entries),
        mean_depth(l.depth_sum, l.entries).map_or(Cell::Empty, Cell::Mean),
        count(l.finalists),
        count(l.winners),
        Cell::Text(t(
            lang,
            if l.request_id.is_some() {
                "ledger-yes"
            } else {
                "ledger-no"
            },
        )),
        l.request_id
            .map_or(Cell::Empty, |id| Cell::Number(f64::from(id))),
    ]
}

/// Downloads of the whole ledger built at once in this process: each holds
/// every line it selects in memory, so a crowd of them waits its turn.
static EXPORTS: Semaphore = Semaphore::const_new(2);

/// Every line `who` may read that the filters select (refused while a
/// filter is wrong).
fn lines(p: &Portal, who: &Person, q: &LedgerQuery) -> Result<Vec<LedgerLine>> {
    p.read(|conn| {
        let c = check(conn, who, q)?;
        if !c.errors.is_empty() {
            return Err(Error::Invalid(c.errors));
        }
        Ok(store::usage::ledger(conn, &c.filter, None)?.0)
    })
}

/// The ledger as rows of text, the column titles first (for a CSV).
pub async fn rows(
    p: &Portal,
    who: &Person,
    q: &LedgerQuery,
    lang: Lang,
) -> Result<Vec<Vec<String>>> {
    let (who, q) = (who.clone(), q.clone());
    p.blocking_in_turn(&EXPORTS, move |p| {
        let lines = lines(p, &who, &q)?;
        let mut rows = Vec::with_capacity(lines.len() + 1);
        rows.push(COLUMNS.iter().map(|c| t(lang, c)).collect());
        rows.extend(
            lines
                .iter()
                .map(|l| cells(lang, l).iter().map(Cell::text).collect()),
        );
        Ok(rows)
    })
    .await
}

/// The ledger as an Excel workbook (.xlsx): one sheet, the column titles
/// bold and fixed, years, counts, means and request numbers as numbers.
pub async fn workbook(p: &Portal, who: &Person, q: &LedgerQuery, lang: Lang) -> Result<Vec<u8>> {
    let (who, q) = (who.clone(), q.clone());
    p.blocking_in_turn(&EXPORTS, move |p| {
        let lines = lines(p, &who, &q)?;
        xlsx(lang, &lines).map_err(|e| Error::Internal(anyhow::anyhow!("xlsx: {e}")))
    })
    .await
}

fn xlsx(lang: Lang, lines: &[LedgerLine]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let decimal = rust_xlsxwriter::Format::new().set_num_format("0.0");
    let sheet = book.add_worksheet();
    sheet.set_name(crate::domain::dashboard::sheet_name(&t(
        lang,
        "ledger-title",
    )))?;
    for (c, col) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, t(lang, col), &bold)?;
        sheet.set_column_width(c as u16, if c == 2 { 40 } else { 14 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, line) in lines.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in cells(lang, line).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Number(n) => {
                    sheet.write_number(r, c, n)?;
                }
                Cell::Mean(m) => {
                    sheet.write_number_with_format(r, c, m, &decimal)?;
                }
                Cell::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Empty => {}
            }
        }
    }
    book.save_to_buffer()
}
