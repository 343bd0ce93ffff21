//! The impact ledger as downloads: every line the filters select (no
//! pages) as rows of text for a CSV, or as an Excel workbook with counts as
//! numbers; the lines as counted (`snapshot`), their datasets' words read a
//! few hundred at a time.

use crate::db::DbConn;
use crate::domain::ledger::{mean_depth, shown_depth};
use crate::i18n::{t, Lang};
use crate::service::{Error, Person, Portal, Result, WORKBOOKS};

use super::page::{check, LedgerQuery};
use super::snapshot::{LedgerFilter, LedgerLine, Tally};

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
    let (d, c) = (&l.dataset, &l.counts);
    vec![
        c.year.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
        Cell::Text(d.source_id.clone()),
        Cell::Text(d.title.clone()),
        Cell::Text(d.publisher.clone()),
        count(c.entries),
        mean_depth(c.depth_sum, c.entries).map_or(Cell::Empty, Cell::Mean),
        count(c.finalists),
        count(c.winners),
        Cell::Text(t(
            lang,
            if c.request_id.is_some() {
                "ledger-yes"
            } else {
                "ledger-no"
            },
        )),
        c.request_id
            .map_or(Cell::Empty, |id| Cell::Number(f64::from(id))),
    ]
}

/// The ledger as rows of text, the column titles first, each given to
/// `emit` as its line is read (for a CSV streamed as it is made).
pub fn rows(
    p: &Portal,
    who: &Person,
    q: &LedgerQuery,
    lang: Lang,
    emit: &mut dyn FnMut(Vec<String>) -> Result<()>,
) -> Result<()> {
    p.read(|conn| {
        let c = check(conn, who, q)?;
        if !c.errors.is_empty() {
            return Err(Error::Invalid(c.errors));
        }
        let tally = p.ledger.current(conn)?;
        emit(COLUMNS.iter().map(|c| t(lang, c)).collect())?;
        tally.each_line(conn, &c.filter, |l| {
            emit(cells(lang, &l).iter().map(Cell::text).collect())
        })
    })
}

/// The ledger as an Excel workbook (.xlsx): one sheet, the column titles
/// bold and fixed, years, counts, means and request numbers as numbers.
/// The sheet is written in constant-memory mode (each row goes to a
/// temporary file as it is finished, its text inline), so only the zipped
/// workbook is ever whole in memory.
pub async fn workbook(p: &Portal, who: &Person, q: &LedgerQuery, lang: Lang) -> Result<Vec<u8>> {
    let (who, q) = (who.clone(), q.clone());
    p.blocking_in_turn(&WORKBOOKS, move |p| {
        p.read(|conn| {
            let c = check(conn, &who, &q)?;
            if !c.errors.is_empty() {
                return Err(Error::Invalid(c.errors));
            }
            let tally = p.ledger.current(conn)?;
            xlsx(conn, lang, &tally, &c.filter)
        })
    })
    .await
}

fn xlsx(conn: &mut DbConn, lang: Lang, tally: &Tally, filter: &LedgerFilter) -> Result<Vec<u8>> {
    let bad = |e: rust_xlsxwriter::XlsxError| Error::Internal(anyhow::anyhow!("xlsx: {e}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let decimal = rust_xlsxwriter::Format::new().set_num_format("0.0");
    let sheet = book.add_worksheet_with_constant_memory();
    sheet
        .set_name(crate::domain::dashboard::sheet_name(&t(
            lang,
            "ledger-title",
        )))
        .map_err(bad)?;
    for (c, col) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, t(lang, col), &bold)
            .map_err(bad)?;
        sheet
            .set_column_width(c as u16, if c == 2 { 40 } else { 14 })
            .map_err(bad)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(bad)?;
    let mut r = 0u32;
    tally.each_line(conn, filter, |line: LedgerLine| {
        r += 1;
        for (c, cell) in cells(lang, &line).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Number(n) => sheet.write_number(r, c, n).map(|_| ()),
                Cell::Mean(m) => sheet
                    .write_number_with_format(r, c, m, &decimal)
                    .map(|_| ()),
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(bad)?;
        }
        Ok::<(), Error>(())
    })?;
    book.save_to_buffer().map_err(bad)
}
