//! The one rule for unit ids, everywhere an id is read: values files, submissions, key
//! files, the key registry and its enrolment files.
//!
//! A unit id is 1 to 128 ASCII characters, each a letter, a digit, `-`, `_` or `.`
//! (`xa-tan-hoa`). Nothing is normalised: an id not already in that form is refused,
//! and the message names the first offending character with its code point and
//! Unicode name, so that a look-alike (`xa-tan-hoа`, with a Cyrillic `а`) is told
//! apart from the genuine id.

use crate::error::Message;
use crate::text::{Bilingual, Lang};

pub(crate) mod chars;

pub use crate::error::UnitIdProblem;
pub use chars::MAX_UNIT_ID_LEN;

/// Checks a unit id against the rule.
///
/// # Errors
/// The first problem found.
///
/// # Example
/// ```
/// use dti_score::unit_id::{check, UnitIdProblem};
/// assert_eq!(check("xa-tan-hoa"), Ok(()));
/// assert_eq!(check("xa-tan-ho\u{430}"), Err(UnitIdProblem::Character { ch: '\u{430}', position: 10 }));
/// ```
pub fn check(id: &str) -> Result<(), UnitIdProblem> {
    if id.is_empty() {
        return Err(UnitIdProblem::Empty);
    }
    if let Some((i, ch)) = id
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(UnitIdProblem::Character {
            ch,
            position: i + 1,
        });
    }
    if id.len() > MAX_UNIT_ID_LEN {
        return Err(UnitIdProblem::TooLong { chars: id.len() });
    }
    Ok(())
}

/// Why `id` breaks the rule, in both languages (`None` when it does not): the
/// character, its code point and name (`U+0430 CYRILLIC SMALL LETTER A`).
pub fn explain(id: &str) -> Option<Bilingual> {
    check(id).err().map(|p| p.bilingual())
}

/// The explanation of `id`'s problem in one language, `""` when there is none: what
/// the errors that carry a refused id append to their message.
pub(crate) fn reason(id: &str, lang: Lang) -> String {
    match check(id) {
        Ok(()) => String::new(),
        Err(p) => format!(": {}", p.short(lang)),
    }
}

/// Proposes a unit id from a unit's name: Vietnamese letters folded to ASCII, lower case,
/// words joined by `-` ("Xã Tân Hòa" → "xa-tan-hoa"). The person may change it; an empty
/// name (or one with no letters or digits) gives an empty id.
///
/// # Example
/// ```
/// use dti_score::unit_id::from_name;
/// assert_eq!(from_name("Xã Tân Hòa"), "xa-tan-hoa");
/// assert_eq!(from_name("Phường Đông Hưng Thuận (TP.HCM)"), "phuong-dong-hung-thuan-tp-hcm");
/// assert_eq!(from_name("XÃ ĐẮK NÔNG"), "xa-dak-nong");
/// ```
pub fn from_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        // Combining marks (a name typed or pasted decomposed): dropped.
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let base = fold_vietnamese(c).to_ascii_lowercase();
        if base.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(base);
        } else {
            dash = true;
        }
    }
    out
}

/// A Vietnamese letter without its marks ('ờ' → 'o', 'Đ' → 'd'); any other character as
/// it is. (A table of the letters rather than `char::to_lowercase`, whose Unicode tables
/// would weigh on the page's first load.)
fn fold_vietnamese(c: char) -> char {
    const FOLDS: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"),
        ('e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"),
        ('i', "ìíỉĩịÌÍỈĨỊ"),
        ('o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"),
        ('u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"),
        ('y', "ỳýỷỹỵỲÝỶỸỴ"),
        ('d', "đĐ"),
    ];
    FOLDS
        .iter()
        .find(|(_, marked)| marked.contains(c))
        .map_or(c, |(base, _)| *base)
}

#[cfg(test)]
mod tests {
    use super::chars::describe;
    use super::*;

    #[test]
    fn names_the_characters_of_the_table() {
        let cases = [
            ('\u{430}', "U+0430 CYRILLIC SMALL LETTER A"),
            ('\u{43e}', "U+043E CYRILLIC SMALL LETTER O"),
            ('\u{3bf}', "U+03BF GREEK SMALL LETTER OMICRON"),
            ('\u{391}', "U+0391 GREEK CAPITAL LETTER ALPHA"),
            ('ạ', "U+1EA1 LATIN SMALL LETTER A WITH DOT BELOW"),
            ('Ạ', "U+1EA0 LATIN CAPITAL LETTER A WITH DOT BELOW"),
            ('ố', "U+1ED1 LATIN SMALL LETTER O WITH CIRCUMFLEX AND ACUTE"),
            ('ự', "U+1EF1 LATIN SMALL LETTER U WITH HORN AND DOT BELOW"),
            ('ỹ', "U+1EF9 LATIN SMALL LETTER Y WITH TILDE"),
            ('ò', "U+00F2 LATIN SMALL LETTER O WITH GRAVE"),
            ('Đ', "U+0110 LATIN CAPITAL LETTER D WITH STROKE"),
            ('ơ', "U+01A1 LATIN SMALL LETTER O WITH HORN"),
            (' ', "U+0020 SPACE"),
            ('\u{a0}', "U+00A0 NO-BREAK SPACE"),
            ('\u{2013}', "U+2013 EN DASH"),
            ('€', "U+20AC"),
        ];
        for (ch, want) in cases {
            assert_eq!(describe(ch), want, "{ch:?}");
        }
    }

    #[test]
    fn the_rule() {
        assert_eq!(check("xa-tan-hoa_2.b"), Ok(()));
        assert_eq!(check(""), Err(UnitIdProblem::Empty));
        assert_eq!(
            check(&"a".repeat(129)),
            Err(UnitIdProblem::TooLong { chars: 129 })
        );
        assert_eq!(check(&"a".repeat(128)), Ok(()));
        assert_eq!(
            check("Xã Tân Hòa"),
            Err(UnitIdProblem::Character {
                ch: 'ã',
                position: 2
            })
        );
        assert_eq!(
            explain("xa-tan-ho\u{430}").unwrap(),
            Bilingual {
                vi: "ký tự thứ 10 là U+0430 CYRILLIC SMALL LETTER A (chỉ dùng chữ cái ASCII, chữ số, \"-\", \"_\", \".\")".into(),
                en: "character 10 is U+0430 CYRILLIC SMALL LETTER A (only ASCII letters, digits, \"-\", \"_\" and \".\")".into(),
            }
        );
    }
}
