//! The pack as an Excel workbook: a sheet per section, built one at a
//! time, each table under its title with counts as numbers.

use chrono::NaiveDate;

use crate::domain::dashboard::{is_count, sheet_name};
use crate::i18n::{t, Lang};
use crate::service::gates::office as gate;
use crate::service::{Error, Person, Portal, Result, WORKBOOKS};

use super::gather::{pack, Pack, Section};

/// The pack of contest `contest_id` as an Excel workbook (.xlsx), built in
/// turn with the other workbooks, each sheet in constant-memory mode.
pub async fn workbook(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    gate::organiser(who)?;
    let who = who.clone();
    p.blocking_in_turn(&WORKBOOKS, move |p| {
        let pack = pack(p, &who, contest_id, lang, today)?;
        xlsx(lang, &pack).map_err(|e| Error::Internal(anyhow::anyhow!("xlsx: {e}")))
    })
    .await
}

fn xlsx(lang: Lang, pack: &Pack) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for section in &pack.sections {
        sheet(&mut book, lang, section)?;
    }
    book.save_to_buffer()
}

/// One section's sheet: its notes, then each table's title, column titles
/// and rows, a blank row between tables.
fn sheet(
    book: &mut rust_xlsxwriter::Workbook,
    lang: Lang,
    section: &Section,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name(sheet_name(&t(lang, section.title)))?;
    sheet.set_column_width(0, 30)?;
    for c in 1..8 {
        sheet.set_column_width(c, 14)?;
    }
    let mut r: u32 = 0;
    for note in &section.notes {
        sheet.write_string(r, 0, note)?;
        r += 1;
    }
    for table in &section.tables {
        if r > 0 {
            r += 1;
        }
        sheet.write_string_with_format(r, 0, &table.title, &bold)?;
        r += 1;
        for (c, col) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, col, &bold)?;
        }
        r += 1;
        for row in &table.rows {
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell.parse::<f64>() {
                    Ok(n) if is_count(cell) => {
                        sheet.write_number(r, c, n)?;
                    }
                    _ => {
                        sheet.write_string(r, c, cell)?;
                    }
                }
            }
            r += 1;
        }
    }
    Ok(())
}
