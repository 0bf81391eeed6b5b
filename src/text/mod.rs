//! Bilingual texts: everything a person reads exists in Vietnamese and English.

mod words;

use serde::{Deserialize, Serialize};

pub use words::Word;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese, the default.
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The language's code: `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The Vietnamese or the English of two things given side by side.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Reads a language code.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text from a set file: Vietnamese required, English optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    /// Vietnamese.
    pub vi: String,
    /// English, when the set gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// The text in a language, falling back to Vietnamese.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => self.en.as_deref().unwrap_or(&self.vi),
        }
    }
}

/// A message the engine writes, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Bilingual {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// Builds both languages from one function of the language.
    pub fn from_fn(f: impl Fn(Lang) -> String) -> Self {
        Self {
            vi: f(Lang::Vi),
            en: f(Lang::En),
        }
    }

    /// The message in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// Joins several messages with a separator, language by language.
    pub fn join(parts: &[Bilingual], sep: &str) -> Self {
        Self::from_fn(|l| parts.iter().map(|p| p.get(l)).collect::<Vec<_>>().join(sep))
    }
}

/// Picks the Vietnamese or English word.
pub fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Proposes a unit id from a unit's name: Vietnamese letters folded to ASCII, lower case,
/// words joined by `-` ("Xã Tân Hòa" → "xa-tan-hoa"). The person may change it; an empty
/// name (or one with no letters or digits) gives an empty id.
///
/// # Example
/// ```
/// use dti_score::text::unit_id_from_name;
/// assert_eq!(unit_id_from_name("Xã Tân Hòa"), "xa-tan-hoa");
/// assert_eq!(unit_id_from_name("Phường Đông Hưng Thuận (TP.HCM)"), "phuong-dong-hung-thuan-tp-hcm");
/// assert_eq!(unit_id_from_name("XÃ ĐẮK NÔNG"), "xa-dak-nong");
/// ```
pub fn unit_id_from_name(name: &str) -> String {
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
