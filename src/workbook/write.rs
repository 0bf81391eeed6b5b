//! The template writer ([`write_template`]).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, DataValidation, Format, Formula, Workbook, Worksheet};

use super::{
    cell_name, exact_double, rows, yes_no, Row, Slot, ABOUT, ABOUT_ROWS, COLUMNS, COL_EVIDENCE,
    COL_NOTE, COL_VALUE, DATA, HELP, LISTS, WORKBOOK_FORMAT,
};
use crate::error::XlsxError;
use crate::number::{format_lang, parse_number, read_typed, FieldKind};
use crate::set::IndicatorSet;
use crate::text::Lang;
use crate::values::{Evidence, NodeValues, Typed, Values};

/// What the template says besides the set: the year, the unit and the language of its
/// headers, labels and typed numbers. Each given here overrides the values'.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// The assessment year.
    pub year: Option<i32>,
    /// The unit's id.
    pub unit_id: Option<String>,
    /// The unit's name.
    pub unit_name: Option<String>,
    /// Headers, labels and the reading of numbers typed as text: Vietnamese (the
    /// default) or English.
    pub lang: Lang,
}

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions {
            year: None,
            unit_id: None,
            unit_name: None,
            lang: Lang::Vi,
        }
    }
}

/// Writes the values workbook of a set: a data sheet with one row per field (pre-filled
/// from `values` when given), the metadata sheet (the set's id, version and SHA-256, the
/// year and the unit), an instructions sheet and the hidden lists the choice cells offer.
/// Returns the XLSX file's bytes.
///
/// # Errors
/// [`XlsxError`] when the writer fails (a set too large for a sheet).
///
/// # Example
/// ```
/// use dti_score::workbook::{read_values, write_template, TemplateOptions};
/// let set = dti_score::IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let values = dti_score::Values::from_json(r#"{"values": {"1": {"done": true}}}"#).unwrap();
/// let bytes = write_template(&set, Some(&values), &TemplateOptions::default()).unwrap();
/// assert_eq!(read_values(&set, &bytes).unwrap().values["1"].done, Some(true));
/// ```
pub fn write_template(
    set: &IndicatorSet,
    values: Option<&Values>,
    opts: &TemplateOptions,
) -> Result<Vec<u8>, XlsxError> {
    let lang = opts.lang;
    let empty = Values::default();
    let values = values.unwrap_or(&empty);
    let rows = rows(set, lang, &|node| {
        values
            .values
            .get(&node.id)
            .is_some_and(|nv| nv.excluded.is_some())
    });
    let mut book = Workbook::new();
    let f = Formats::new();

    // The data sheet first: it opens on it.
    let data = book.add_worksheet();
    data.set_name(DATA.get(lang))?;
    for (c, (vi, en)) in COLUMNS.iter().enumerate() {
        let header = match lang {
            Lang::Vi => vi,
            Lang::En => en,
        };
        data.write_string_with_format(0, c as u16, *header, &f.header)?;
    }
    for (c, width) in [12, 40, 12, 50, 12, 18, 30, 40].into_iter().enumerate() {
        data.set_column_width(c as u16, width)?;
    }
    let yes_no_list = DataValidation::new()
        .allow_list_strings(&[yes_no(true, lang), yes_no(false, lang)])?
        .set_error_message(match lang {
            Lang::Vi => "Chọn Có hoặc Không",
            Lang::En => "Choose Yes or No",
        })?;
    let mut choice_lists: Vec<Vec<String>> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::TooLarge {
            what: "rows".into(),
        })?;
        let (code, title) = match row.node {
            Some(n) => (n.id.as_str(), n.title.get(lang)),
            None => (
                "",
                match lang {
                    Lang::Vi => "Thông tin chung",
                    Lang::En => "Context",
                },
            ),
        };
        data.write_string_with_format(r, 0, code, &f.label)?;
        data.write_string_with_format(r, 1, title, &f.label)?;
        data.write_string_with_format(r, 2, &row.field, &f.label)?;
        data.write_string_with_format(r, 3, &row.label, &f.label)?;
        data.write_string_with_format(r, 4, row.unit.unwrap_or(""), &f.label)?;
        let nv = row.node.and_then(|n| answers(values, &n.id, &row.parts));
        write_value(data, r, row, values, nv, lang, &f)?;
        match &row.slot {
            Slot::YesNo { .. } | Slot::Item { .. } => {
                data.add_data_validation(r, COL_VALUE, r, COL_VALUE, &yes_no_list)?;
            }
            Slot::Choice { options } => {
                let labels: Vec<String> = options
                    .iter()
                    .map(|o| o.label.get(lang).to_string())
                    .collect();
                let col = choice_lists.len();
                let formula = format!(
                    "='{}'!${}$1:${}${}",
                    LISTS.get(lang),
                    column_letters(col),
                    column_letters(col),
                    labels.len().max(1)
                );
                choice_lists.push(labels);
                let v = DataValidation::new()
                    .allow_list_formula(Formula::new(formula))
                    .set_error_message(match lang {
                        Lang::Vi => "Chọn một mức trong danh sách",
                        Lang::En => "Choose one option of the list",
                    })?;
                data.add_data_validation(r, COL_VALUE, r, COL_VALUE, &v)?;
            }
            Slot::Input { .. } | Slot::Points | Slot::Attainment | Slot::Text { .. } => {}
        }
        if row.first {
            let top = row.node.and_then(|n| values.values.get(&n.id));
            match top.and_then(|t| t.note.as_deref()) {
                Some(note) => data.write_string_with_format(r, COL_NOTE, note, &f.open_text)?,
                None => data.write_blank(r, COL_NOTE, &f.open_text)?,
            };
            match top
                .map(|t| evidence_text(&t.evidence))
                .filter(|s| !s.is_empty())
            {
                Some(e) => data.write_string_with_format(r, COL_EVIDENCE, e, &f.open_text)?,
                None => data.write_blank(r, COL_EVIDENCE, &f.open_text)?,
            };
        } else {
            data.write_blank(r, COL_NOTE, &f.closed)?;
            data.write_blank(r, COL_EVIDENCE, &f.closed)?;
        }
    }
    data.set_freeze_panes(1, 0)?;
    data.protect();

    let about = book.add_worksheet();
    about.set_name(ABOUT.get(lang))?;
    about.set_column_width(0, 16)?;
    about.set_column_width(1, 32)?;
    about.set_column_width(2, 70)?;
    let sha = crate::submission::set_sha256(set).map_err(|e| XlsxError::Writer {
        message: e.to_string(),
    })?;
    let unit = values.unit.as_ref();
    let year = opts.year.or(values.year);
    for (i, (key, vi, en)) in ABOUT_ROWS.iter().enumerate() {
        let r = i as u32;
        about.write_string_with_format(r, 0, *key, &f.label)?;
        about.write_string_with_format(
            r,
            1,
            match lang {
                Lang::Vi => *vi,
                Lang::En => *en,
            },
            &f.label,
        )?;
        let fixed: Option<String> = match *key {
            "format" => Some(WORKBOOK_FORMAT.into()),
            "set.id" => Some(set.id().into()),
            "set.version" => Some(set.version().into()),
            "set.sha256" => Some(sha.clone()),
            "lang" => Some(lang.code().into()),
            _ => None,
        };
        if let Some(text) = fixed {
            about.write_string_with_format(r, 2, text, &f.label)?;
            continue;
        }
        let open: Option<String> = match *key {
            "year" => None,
            "period" => values.period.clone(),
            "unit.id" => opts.unit_id.clone().or_else(|| unit.map(|u| u.id.clone())),
            "unit.name" => opts
                .unit_name
                .clone()
                .or_else(|| unit.and_then(|u| u.name.clone())),
            "unit.level" => unit.and_then(|u| u.level.clone()),
            "unit.province" => unit.and_then(|u| u.province.clone()),
            _ => None,
        };
        match (*key, year, open) {
            ("year", Some(y), _) => about.write_number_with_format(r, 2, y, &f.open_text)?,
            (_, _, Some(text)) => about.write_string_with_format(r, 2, text, &f.open_text)?,
            _ => about.write_blank(r, 2, &f.open_text)?,
        };
    }
    about.protect();

    let help = book.add_worksheet();
    help.set_name(HELP.get(lang))?;
    help.set_column_width(0, 110)?;
    for (i, line) in instructions(set, lang).iter().enumerate() {
        help.write_string_with_format(i as u32, 0, line, &f.wrap)?;
    }

    let lists = book.add_worksheet();
    lists.set_name(LISTS.get(lang))?;
    for (c, labels) in choice_lists.iter().enumerate() {
        for (r, label) in labels.iter().enumerate() {
            lists.write_string(r as u32, c as u16, label)?;
        }
    }
    lists.set_hidden(true);
    lists.protect();

    Ok(book.save_to_buffer()?)
}

struct Formats {
    header: Format,
    label: Format,
    open_text: Format,
    open_number: Format,
    open_percent: Format,
    closed: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let open = Color::RGB(0xFFF8DC);
        Formats {
            header: Format::new().set_bold().set_text_wrap(),
            label: Format::new().set_text_wrap(),
            open_text: Format::new()
                .set_unlocked()
                .set_text_wrap()
                .set_background_color(open),
            open_number: Format::new().set_unlocked().set_background_color(open),
            open_percent: Format::new()
                .set_unlocked()
                .set_num_format("0.##%")
                .set_background_color(open),
            closed: Format::new().set_background_color(Color::RGB(0xEEEEEE)),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// The answers of a leaf (or of one of its parts).
fn answers<'v>(values: &'v Values, id: &str, parts: &[&str]) -> Option<&'v NodeValues> {
    let mut nv = values.values.get(id)?;
    for p in parts {
        nv = nv.parts.get(*p)?;
    }
    Some(nv)
}

/// The value cell of a row: unlocked, pre-filled from the values.
fn write_value(
    sheet: &mut Worksheet,
    r: u32,
    row: &Row<'_>,
    values: &Values,
    nv: Option<&NodeValues>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let c = COL_VALUE;
    let percent = matches!(row.slot.number().map(|n| n.kind), Some(FieldKind::Percent));
    let number_format = if percent {
        &f.open_percent
    } else {
        &f.open_number
    };
    // A figure: its text as given (a values file keeps it as the unit wrote it) or, where
    // it is only typed, the text as typed.
    let figure: Option<(Option<&str>, Option<&Typed>)> = match &row.slot {
        Slot::Input { id, .. } => Some(match row.node {
            None => (
                values.context.get(*id).map(String::as_str),
                values.context_typed.get(*id),
            ),
            Some(_) => (
                nv.and_then(|n| n.inputs.get(*id)).map(String::as_str),
                nv.and_then(|n| n.typed.get(*id)),
            ),
        }),
        Slot::Points => Some((
            nv.and_then(|n| n.points.as_deref()),
            nv.and_then(|n| n.typed.get("points")),
        )),
        Slot::Attainment => Some((
            nv.and_then(|n| n.attainment.as_deref()),
            nv.and_then(|n| n.typed.get("attainment")),
        )),
        _ => None,
    };
    if let Some((given, typed)) = figure {
        let text_input = row.slot.number().is_none();
        match (given, typed) {
            (Some(s), _) if text_input => {
                sheet.write_string_with_format(r, c, s, &f.open_text)?;
            }
            (Some(s), _) => match parse_number(s) {
                Ok(d) => write_decimal(sheet, r, c, &d, percent, lang, number_format)?,
                // A figure that does not read stays as written: the reader refuses it
                // at its cell.
                Err(_) => {
                    sheet.write_string_with_format(r, c, s, number_format)?;
                }
            },
            // Typed text is read in the language it was typed in (the workbook's may
            // differ); text that does not read stays as typed, refused at its cell.
            (None, Some(t)) => match row.slot.number().map(|n| read_typed(&t.text, n, t.lang)) {
                Some(Ok(d)) => write_decimal(sheet, r, c, &d, percent, lang, number_format)?,
                _ => {
                    sheet.write_string_with_format(r, c, &t.text, number_format)?;
                }
            },
            (None, None) if text_input => {
                sheet.write_blank(r, c, &f.open_text)?;
            }
            (None, None) => {
                sheet.write_blank(r, c, number_format)?;
            }
        }
        return Ok(());
    }
    let text: Option<String> = match &row.slot {
        Slot::YesNo { member } => nv
            .and_then(|n| if *member == "gate" { n.gate } else { n.done })
            .map(|b| yes_no(b, lang).to_string()),
        Slot::Item { id } => nv
            .and_then(|n| n.items.as_ref())
            .and_then(|i| i.get(*id))
            .map(|b| yes_no(*b, lang).to_string()),
        Slot::Choice { options } => nv.and_then(|n| n.choice.as_deref()).map(|chosen| {
            options
                .iter()
                .find(|o| o.id == chosen)
                .map_or_else(|| chosen.to_string(), |o| o.label.get(lang).to_string())
        }),
        Slot::Text { member } => nv.and_then(|n| {
            if *member == "excluded" {
                n.excluded.clone()
            } else {
                n.justification.clone()
            }
        }),
        Slot::Input { .. } | Slot::Points | Slot::Attainment => None,
    };
    match text {
        Some(t) => sheet.write_string_with_format(r, c, t, &f.open_text)?,
        None => sheet.write_blank(r, c, &f.open_text)?,
    };
    Ok(())
}

/// A decimal as a number cell where a double holds it exactly, else as text in the
/// workbook's language (which the reader reads back exactly).
fn write_decimal(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    d: &Decimal,
    percent: bool,
    lang: Lang,
    format: &Format,
) -> Result<(), XlsxError> {
    match exact_double(d) {
        Some(x) => {
            sheet.write_number_with_format(r, c, x, format)?;
        }
        None => {
            let text = if percent {
                let hundred = d.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(*d);
                format!("{}%", format_lang(&hundred.normalize(), lang))
            } else {
                format_lang(&d.normalize(), lang)
            };
            sheet.write_string_with_format(r, c, text, format)?;
        }
    }
    Ok(())
}

/// Evidence in one cell: one reference a line, `document | date | url | sha256 | issuer |
/// title | file name | file sha256 | file size` (the first four as before the citation
/// had more), empty trailing parts left out; a `|`, a `\` or a line break inside a part
/// is written `\|`, `\\`, `\n`.
pub(crate) fn evidence_text(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| {
            let file = e.file.as_ref();
            let mut parts: Vec<String> = [
                e.document.as_deref(),
                e.date.as_deref(),
                e.url.as_deref(),
                e.sha256.as_deref(),
                e.issuer.as_deref(),
                e.title.as_deref(),
                file.map(|f| f.name.as_str()),
                file.map(|f| f.sha256.as_str()),
                file.and_then(|f| f.size.as_deref()),
            ]
            .iter()
            .map(|p| {
                p.unwrap_or("")
                    .replace('\\', "\\\\")
                    .replace('|', "\\|")
                    .replace('\n', "\\n")
            })
            .collect();
            while parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts.join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn column_letters(c: usize) -> String {
    let name = cell_name("", 0, c as u16);
    name.trim_start_matches('!')
        .trim_end_matches(|ch: char| ch.is_ascii_digit())
        .to_string()
}

fn instructions(set: &IndicatorSet, lang: Lang) -> Vec<String> {
    let title = set.title().get(lang);
    let (id, version) = (set.id(), set.version());
    let data = DATA.get(lang);
    let about = ABOUT.get(lang);
    match lang {
        Lang::Vi => vec![
            format!("Mẫu nhập liệu: {title} ({id}, phiên bản {version})"),
            String::new(),
            format!("1. Trang “{about}”: điền năm đánh giá, mã và tên đơn vị (cột C). Không sửa mã, phiên bản và SHA-256 của bộ chỉ số."),
            format!("2. Trang “{data}”: mỗi dòng là một số liệu, một câu hỏi có/không, một mục của danh sách kiểm tra hoặc một lựa chọn. Chỉ nhập vào các ô tô màu (cột Giá trị, Ghi chú, Minh chứng); các cột khác bị khóa."),
            "3. Số: nhập như số của Excel, hoặc như văn bản theo cách viết Việt Nam (1.234,5: dấu chấm phân cách hàng nghìn, dấu phẩy thập phân). Số đếm phải là số nguyên. Tỷ lệ: 45% (ô đã định dạng phần trăm).".into(),
            "4. Có/Không và lựa chọn: chọn trong danh sách của ô.".into(),
            "5. Ghi chú và minh chứng: ở dòng đầu tiên của mỗi chỉ tiêu. Minh chứng: mỗi văn bản một dòng, dạng “Số văn bản | ngày | đường dẫn | SHA-256 | cơ quan ban hành | trích yếu | tên tệp | SHA-256 của tệp | dung lượng” (chỉ cần số văn bản).".into(),
            "6. Ô để trống là chưa nhập. Không thêm, xóa hay đổi thứ tự trang. Khi xong, lưu dạng .xlsx và nạp lại bằng “Nhập từ Excel” hoặc dti-score score BỘ-CHỈ-SỐ.json tệp.xlsx.".into(),
        ],
        Lang::En => vec![
            format!("Values template: {title} ({id}, version {version})"),
            String::new(),
            format!("1. Sheet “{about}”: fill in the assessment year, the unit's id and name (column C). Do not change the set's id, version and SHA-256."),
            format!("2. Sheet “{data}”: each row is one figure, one yes/no question, one checklist item or one choice. Type only into the coloured cells (Value, Note, Evidence); the other columns are locked."),
            "3. Numbers: type them as Excel numbers, or as text written the English way (1,234.5). A count must be whole. A share: 45% (the cell is formatted as a percentage).".into(),
            "4. Yes/no and choices: pick from the cell's list.".into(),
            "5. Note and evidence: on each indicator's first row. Evidence: one document a line, as “Document number | date | URL | SHA-256 | issuing body | title | file name | file SHA-256 | file size” (the number alone will do).".into(),
            "6. An empty cell is not entered. Do not add, delete or reorder sheets. When done, save as .xlsx and load it with “Import from Excel” or dti-score score SET.json file.xlsx.".into(),
        ],
    }
}
