//! The characters of the unit-id rule: the longest id, and the names of the characters
//! a refused id is likely to hold, for messages.

/// The longest unit id, in bytes (all ASCII).
pub const MAX_UNIT_ID_LEN: usize = 128;

/// A character for a message: `U+0430 CYRILLIC SMALL LETTER A`, the name from a small
/// table of the characters likely to be met in an id (Cyrillic and Greek look-alikes
/// of Latin letters, Vietnamese letters, spaces and dashes); others by code point only.
pub(crate) fn describe(ch: char) -> String {
    match name(ch) {
        Some(n) => format!("U+{:04X} {n}", ch as u32),
        None => format!("U+{:04X}", ch as u32),
    }
}

/// The Unicode name of a character of the table, else `None`.
fn name(ch: char) -> Option<String> {
    let fixed = match ch {
        ' ' => "SPACE",
        '\t' => "CHARACTER TABULATION",
        '\u{a0}' => "NO-BREAK SPACE",
        '\u{2002}' => "EN SPACE",
        '\u{2003}' => "EM SPACE",
        '\u{2009}' => "THIN SPACE",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{202f}' => "NARROW NO-BREAK SPACE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{2010}' => "HYPHEN",
        '\u{2011}' => "NON-BREAKING HYPHEN",
        '\u{2012}' => "FIGURE DASH",
        '\u{2013}' => "EN DASH",
        '\u{2014}' => "EM DASH",
        '\u{2212}' => "MINUS SIGN",
        '\u{301}' => "COMBINING ACUTE ACCENT",
        '\u{300}' => "COMBINING GRAVE ACCENT",
        '\u{303}' => "COMBINING TILDE",
        '\u{309}' => "COMBINING HOOK ABOVE",
        '\u{323}' => "COMBINING DOT BELOW",
        '\u{110}' => "LATIN CAPITAL LETTER D WITH STROKE",
        '\u{111}' => "LATIN SMALL LETTER D WITH STROKE",
        '\u{1a0}' => "LATIN CAPITAL LETTER O WITH HORN",
        '\u{1a1}' => "LATIN SMALL LETTER O WITH HORN",
        '\u{1af}' => "LATIN CAPITAL LETTER U WITH HORN",
        '\u{1b0}' => "LATIN SMALL LETTER U WITH HORN",
        '\u{102}' => "LATIN CAPITAL LETTER A WITH BREVE",
        '\u{103}' => "LATIN SMALL LETTER A WITH BREVE",
        '\u{128}' => "LATIN CAPITAL LETTER I WITH TILDE",
        '\u{129}' => "LATIN SMALL LETTER I WITH TILDE",
        '\u{168}' => "LATIN CAPITAL LETTER U WITH TILDE",
        '\u{169}' => "LATIN SMALL LETTER U WITH TILDE",
        '\u{131}' => "LATIN SMALL LETTER DOTLESS I",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some(fixed.to_string());
    }
    latin1(ch)
        .or_else(|| cyrillic(ch))
        .or_else(|| greek(ch))
        .or_else(|| vietnamese(ch))
}

fn case_word(upper: bool) -> &'static str {
    if upper {
        "CAPITAL"
    } else {
        "SMALL"
    }
}

/// Latin-1 letters with a grave, acute, circumflex or tilde (à á â ã è é ê ì í ò ó ô õ
/// ù ú ý), as Vietnamese writes them.
fn latin1(ch: char) -> Option<String> {
    let lower = ch.to_lowercase().next()?;
    let upper = ch != lower;
    let (base, mark) = match lower {
        'à' => ('A', "GRAVE"),
        'á' => ('A', "ACUTE"),
        'â' => ('A', "CIRCUMFLEX"),
        'ã' => ('A', "TILDE"),
        'è' => ('E', "GRAVE"),
        'é' => ('E', "ACUTE"),
        'ê' => ('E', "CIRCUMFLEX"),
        'ì' => ('I', "GRAVE"),
        'í' => ('I', "ACUTE"),
        'ò' => ('O', "GRAVE"),
        'ó' => ('O', "ACUTE"),
        'ô' => ('O', "CIRCUMFLEX"),
        'õ' => ('O', "TILDE"),
        'ù' => ('U', "GRAVE"),
        'ú' => ('U', "ACUTE"),
        'ý' => ('Y', "ACUTE"),
        _ => return None,
    };
    Some(format!(
        "LATIN {} LETTER {base} WITH {mark}",
        case_word(upper)
    ))
}

/// Cyrillic letters that look like Latin ones.
fn cyrillic(ch: char) -> Option<String> {
    let (upper, letter) = match ch {
        'а' => (false, "A"),
        'А' => (true, "A"),
        'в' => (false, "VE"),
        'В' => (true, "VE"),
        'е' => (false, "IE"),
        'Е' => (true, "IE"),
        'к' => (false, "KA"),
        'К' => (true, "KA"),
        'м' => (false, "EM"),
        'М' => (true, "EM"),
        'н' => (false, "EN"),
        'Н' => (true, "EN"),
        'о' => (false, "O"),
        'О' => (true, "O"),
        'р' => (false, "ER"),
        'Р' => (true, "ER"),
        'с' => (false, "ES"),
        'С' => (true, "ES"),
        'т' => (false, "TE"),
        'Т' => (true, "TE"),
        'у' => (false, "U"),
        'У' => (true, "U"),
        'х' => (false, "HA"),
        'Х' => (true, "HA"),
        'і' => (false, "BYELORUSSIAN-UKRAINIAN I"),
        'І' => (true, "BYELORUSSIAN-UKRAINIAN I"),
        'ј' => (false, "JE"),
        'Ј' => (true, "JE"),
        'ѕ' => (false, "DZE"),
        'Ѕ' => (true, "DZE"),
        _ => return None,
    };
    Some(format!("CYRILLIC {} LETTER {letter}", case_word(upper)))
}

/// Greek letters that look like Latin ones.
fn greek(ch: char) -> Option<String> {
    let (upper, letter) = match ch {
        'α' => (false, "ALPHA"),
        'Α' => (true, "ALPHA"),
        'Β' => (true, "BETA"),
        'ε' => (false, "EPSILON"),
        'Ε' => (true, "EPSILON"),
        'Η' => (true, "ETA"),
        'ι' => (false, "IOTA"),
        'Ι' => (true, "IOTA"),
        'κ' => (false, "KAPPA"),
        'Κ' => (true, "KAPPA"),
        'Μ' => (true, "MU"),
        'ν' => (false, "NU"),
        'Ν' => (true, "NU"),
        'ο' => (false, "OMICRON"),
        'Ο' => (true, "OMICRON"),
        'ρ' => (false, "RHO"),
        'Ρ' => (true, "RHO"),
        'τ' => (false, "TAU"),
        'Τ' => (true, "TAU"),
        'υ' => (false, "UPSILON"),
        'Υ' => (true, "UPSILON"),
        'χ' => (false, "CHI"),
        'Χ' => (true, "CHI"),
        'Ζ' => (true, "ZETA"),
        _ => return None,
    };
    Some(format!("GREEK {} LETTER {letter}", case_word(upper)))
}

/// The Vietnamese letters of the Latin Extended Additional block (U+1EA0–U+1EF9): each
/// pair (capital, small) is a base letter with a dot below, a hook above, or a
/// circumflex, breve or horn combined with a tone mark. Their names follow from the
/// block's order.
fn vietnamese(ch: char) -> Option<String> {
    let cp = ch as u32;
    if !(0x1EA0..=0x1EF9).contains(&cp) {
        return None;
    }
    const TABLE: &[(&str, &str)] = &[
        ("A", "DOT BELOW"),
        ("A", "HOOK ABOVE"),
        ("A", "CIRCUMFLEX AND ACUTE"),
        ("A", "CIRCUMFLEX AND GRAVE"),
        ("A", "CIRCUMFLEX AND HOOK ABOVE"),
        ("A", "CIRCUMFLEX AND TILDE"),
        ("A", "CIRCUMFLEX AND DOT BELOW"),
        ("A", "BREVE AND ACUTE"),
        ("A", "BREVE AND GRAVE"),
        ("A", "BREVE AND HOOK ABOVE"),
        ("A", "BREVE AND TILDE"),
        ("A", "BREVE AND DOT BELOW"),
        ("E", "DOT BELOW"),
        ("E", "HOOK ABOVE"),
        ("E", "TILDE"),
        ("E", "CIRCUMFLEX AND ACUTE"),
        ("E", "CIRCUMFLEX AND GRAVE"),
        ("E", "CIRCUMFLEX AND HOOK ABOVE"),
        ("E", "CIRCUMFLEX AND TILDE"),
        ("E", "CIRCUMFLEX AND DOT BELOW"),
        ("I", "HOOK ABOVE"),
        ("I", "DOT BELOW"),
        ("O", "DOT BELOW"),
        ("O", "HOOK ABOVE"),
        ("O", "CIRCUMFLEX AND ACUTE"),
        ("O", "CIRCUMFLEX AND GRAVE"),
        ("O", "CIRCUMFLEX AND HOOK ABOVE"),
        ("O", "CIRCUMFLEX AND TILDE"),
        ("O", "CIRCUMFLEX AND DOT BELOW"),
        ("O", "HORN AND ACUTE"),
        ("O", "HORN AND GRAVE"),
        ("O", "HORN AND HOOK ABOVE"),
        ("O", "HORN AND TILDE"),
        ("O", "HORN AND DOT BELOW"),
        ("U", "DOT BELOW"),
        ("U", "HOOK ABOVE"),
        ("U", "HORN AND ACUTE"),
        ("U", "HORN AND GRAVE"),
        ("U", "HORN AND HOOK ABOVE"),
        ("U", "HORN AND TILDE"),
        ("U", "HORN AND DOT BELOW"),
        ("Y", "GRAVE"),
        ("Y", "DOT BELOW"),
        ("Y", "HOOK ABOVE"),
        ("Y", "TILDE"),
    ];
    let offset = (cp - 0x1EA0) as usize;
    let (base, mark) = TABLE.get(offset / 2)?;
    Some(format!(
        "LATIN {} LETTER {base} WITH {mark}",
        case_word(offset.is_multiple_of(2))
    ))
}
