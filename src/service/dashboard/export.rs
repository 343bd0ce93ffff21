//! The dashboard's tables as downloads: one table's rows for a CSV, and
//! every table in one Excel workbook for the advisory group's report.

use crate::domain::dashboard::{is_count, sheet_name};
use crate::i18n::{t, Lang};
use crate::service::gates::office as gate;
use crate::service::{Error, Person, Portal, Result, WORKBOOKS};

use super::figures::Table;
use super::snapshot::current;

/// Table `id` of the dashboard as rows of text, its column titles first.
pub fn table(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    id: &str,
    lang: Lang,
) -> Result<Vec<Vec<String>>> {
    gate::organiser(who)?;
    let d = p.read(|conn| current(conn, lang, contest_id))?;
    let tb = d
        .tables
        .into_iter()
        .find(|tb| tb.id == id)
        .ok_or(Error::NotFound)?;
    let mut rows = vec![tb.columns.iter().map(|c| t(lang, c)).collect::<Vec<_>>()];
    rows.extend(tb.rows);
    Ok(rows)
}

/// Every table of the dashboard in one Excel workbook (.xlsx), a sheet each,
/// with counts as numbers so that they can be summed and charted. Built in
/// turn with the other workbooks, each sheet in constant-memory mode (a row
/// goes to a temporary file as it is finished).
pub async fn workbook(p: &Portal, who: &Person, contest_id: i32, lang: Lang) -> Result<Vec<u8>> {
    gate::organiser(who)?;
    p.blocking_in_turn(&WORKBOOKS, move |p| {
        let d = p.read(|conn| current(conn, lang, contest_id))?;
        xlsx(lang, &d.tables).map_err(|e| Error::Internal(anyhow::anyhow!("xlsx: {e}")))
    })
    .await
}

fn xlsx(lang: Lang, tables: &[Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for tb in tables {
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name(sheet_name(&t(lang, tb.title)))?;
        for (c, col) in tb.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, t(lang, col), &bold)?;
            sheet.set_column_width(c as u16, 18)?;
        }
        for (r, row) in tb.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell.parse::<f64>() {
                    Ok(n) if is_count(cell) => {
                        sheet.write_number(r, c, n)?;
                    }
                    _ => {
                        sheet.write_string(r, c, cell)?;
                    }
                }
            }
        }
    }
    book.save_to_buffer()
}
