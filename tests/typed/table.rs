//! The table of typed figures (`tests/typed/cases.tsv`), read once for the native test
//! (`tests/typed.rs`) and the wasm test in headless browsers (`tests/wasm.rs`).

/// One cell of the table: a text typed into a field of a kind, in a language.
pub struct Case {
    /// The text as typed (escapes decoded).
    pub text: String,
    /// `vi` or `en`.
    pub lang: &'static str,
    /// The letter of the field of that kind in `tests/typed/set.json`.
    pub letter: &'static str,
    /// The column's name ("vi:count").
    pub column: &'static str,
    /// The canonical value, or the refusal's code without "typed.".
    pub expected: String,
}

/// The table's file.
pub const TABLE: &str = include_str!("cases.tsv");
/// The set with one field of each kind.
pub const SET: &str = include_str!("set.json");

const COLUMNS: [(&str, &str, &str); 8] = [
    ("vi:count", "vi", "c"),
    ("vi:amount", "vi", "a"),
    ("vi:amount±", "vi", "n"),
    ("vi:percent", "vi", "p"),
    ("en:count", "en", "c"),
    ("en:amount", "en", "a"),
    ("en:amount±", "en", "n"),
    ("en:percent", "en", "p"),
];

/// Every cell of the table.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut rows = TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    let header = rows.next().expect("header");
    let names: Vec<&str> = header.split('\t').skip(1).collect();
    assert_eq!(names, COLUMNS.map(|c| c.0), "the table's columns");
    for row in rows {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), 9, "row {row:?}");
        let text = unescape(
            cells[0]
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .expect("quoted"),
        );
        for ((column, lang, letter), expected) in COLUMNS.iter().zip(&cells[1..]) {
            out.push(Case {
                text: text.clone(),
                lang,
                letter,
                column,
                expected: expected.to_string(),
            });
        }
    }
    out
}

/// Decodes `\uXXXX` escapes.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\\u") {
        out.push_str(&rest[..i]);
        let hex = &rest[i + 2..i + 6];
        out.push(char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("char"));
        rest = &rest[i + 6..];
    }
    out.push_str(rest);
    out
}
