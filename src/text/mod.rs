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
