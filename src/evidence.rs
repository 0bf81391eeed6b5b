//! Evidence citations: the checks of what a unit cites ([`check`]), which indicators'
//! set text asks for evidence ([`expects_evidence`]), and the SHA-256 of a file's bytes
//! ([`sha256_hex`]), the one hash the page, the CLI and the verifier use.
//!
//! A citation's problems are [`Finding`]s of kind [`ErrorKind::Evidence`], located by a
//! JSON Pointer to the field (`/values/1.1/evidence/0/date`). They are not load errors:
//! a values file with a misspelt date still reads (so a draft is never lost); the page
//! shows them, `dti-score score` prints them and `dti-score sign` refuses the errors.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{ErrorKind, EvidenceProblem, Finding, Severity};
use crate::json::hex::hex_encode;
use crate::json::pointer::child;
use crate::set::{IndicatorSet, Node};
use crate::values::{Evidence, Values};

/// A finding of [`check`] with where it is, spelt out for the page: the indicator, the
/// citation's index and its field (absent for an indicator without evidence).
///
/// Serialized as `{ indicator, index?, field?, pointer, severity, code, vi, en }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFinding {
    /// The indicator's id.
    pub indicator: String,
    /// The citation's index in the indicator's `evidence`.
    pub index: Option<usize>,
    /// The citation's field (`date`, `document`, `sha256`, `file.sha256`, …).
    pub field: Option<&'static str>,
    /// The finding (pointer, severity, code, vi, en).
    pub finding: Finding,
}

// By hand rather than `#[serde(flatten)]`, whose map serializer costs the first-load wasm
// several kilobytes.
impl Serialize for EvidenceFinding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::text::Lang;
        use serde::ser::SerializeStruct;
        let f = &self.finding;
        let mut st = s.serialize_struct("EvidenceFinding", 8)?;
        st.serialize_field("indicator", &self.indicator)?;
        match self.index {
            Some(i) => st.serialize_field("index", &i)?,
            None => st.skip_field("index")?,
        }
        match self.field {
            Some(field) => st.serialize_field("field", field)?,
            None => st.skip_field("field")?,
        }
        st.serialize_field("pointer", &f.pointer)?;
        st.serialize_field("severity", &f.severity)?;
        st.serialize_field("code", f.code())?;
        st.serialize_field("vi", &f.message(Lang::Vi))?;
        st.serialize_field("en", &f.message(Lang::En))?;
        st.end()
    }
}

/// Checks every evidence citation of a values file against its set:
///
/// - `evidence.bad_date` (error): a `date` that is not a calendar date, `YYYY-MM-DD` or
///   `D/M/YYYY`, in the years a values file may be for;
/// - `evidence.document_shape` (warning): a `document` with no number of the usual
///   shape, number / document type - issuing body (`1234/QĐ-UBND`, `05/KH-STTTT`,
///   `13/2023/NĐ-CP`), alone or after its kind (`Quyết định số 1234/QĐ-UBND`);
/// - `evidence.bad_sha256` (error): a `sha256` (the citation's or its file's) that is not
///   64 hexadecimal digits;
/// - `evidence.bad_size` (error), `evidence.file_name_blank` (error): a file's size that
///   is not digits, a file without a name;
/// - `evidence.not_given` (warning): an indicator whose set text asks for evidence
///   ([`expects_evidence`]), answered (it or one of its children has an entry), with no
///   citation in its entry nor its children's (one marked not applicable needs none).
///
/// In the order of the set's indicators, then of the citations and their fields.
///
/// # Example
/// ```
/// use dti_score::{IndicatorSet, Values};
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có kế hoạch (minh chứng: kế hoạch)"}, "max": "10",
///                   "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let values = Values::from_json(r#"{"values": {"1": {"done": true,
///   "evidence": [{"document": "05/KH-UBND", "date": "2025-02-30"}]}}}"#).unwrap();
/// let found = dti_score::evidence::check(&set, &values);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].finding.code(), "evidence.bad_date");
/// assert_eq!(found[0].finding.pointer, "/values/1/evidence/0/date");
/// ```
pub fn check(set: &IndicatorSet, values: &Values) -> Vec<EvidenceFinding> {
    let mut out = Vec::new();
    for node in set.nodes() {
        if let Some(entry) = values.values.get(&node.id) {
            let at = child("/values", &node.id);
            for (i, e) in entry.evidence.iter().enumerate() {
                check_citation(&node.id, &child(&at, "evidence"), i, e, &mut out);
            }
        }
        not_given(set, node, values, &mut out);
    }
    out
}

/// Only the `evidence.not_given` warnings of [`check`]: what the page's first-load engine
/// computes on every edit (the citations' own checks come with the signing build, loaded
/// when the unit turns to evidence).
pub fn missing(set: &IndicatorSet, values: &Values) -> Vec<EvidenceFinding> {
    let mut out = Vec::new();
    for node in set.nodes() {
        not_given(set, node, values, &mut out);
    }
    out
}

fn not_given(set: &IndicatorSet, node: &Node, values: &Values, out: &mut Vec<EvidenceFinding>) {
    let entry = values.values.get(&node.id);
    if expects_evidence(node)
        && entry.is_none_or(|e| e.excluded.is_none())
        && any_entry(set, node, values, &|_| true)
        && !any_entry(set, node, values, &|e| !e.evidence.is_empty())
    {
        out.push(EvidenceFinding {
            indicator: node.id.clone(),
            index: None,
            field: None,
            finding: Finding {
                pointer: child("/values", &node.id),
                severity: Severity::Warning,
                kind: ErrorKind::Evidence(EvidenceProblem::NotGiven {
                    code: node.code.clone(),
                }),
            },
        });
    }
}

/// Whether an indicator's set text asks for evidence: it has an `evidence` field (the
/// evidence expected), or its title, the source's wording or a note names "minh chứng"
/// (in any case).
///
/// ```
/// use dti_score::IndicatorSet;
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [
///     {"code": "1", "title": {"vi": "Có kế hoạch"}, "max": "5", "rule": {"kind": "yes_no"},
///      "source_text": "Minh Chứng: Kế hoạch của UBND"},
///     {"code": "2", "title": {"vi": "Có cổng"}, "max": "5", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// assert!(dti_score::evidence::expects_evidence(set.node("1").unwrap()));
/// assert!(!dti_score::evidence::expects_evidence(set.node("2").unwrap()));
/// ```
pub fn expects_evidence(node: &Node) -> bool {
    let meta = &node.meta;
    meta.evidence.is_some()
        || names_evidence(&node.title.vi)
        || meta.source_text.as_deref().is_some_and(names_evidence)
        || meta.notes.iter().any(|n| names_evidence(&n.text.vi))
}

/// "minh chứng" in a text, in any case (as the sets write it, precomposed). Compared
/// letter by letter with its own case folding: `str::to_lowercase` would bring the
/// Unicode case tables into the page's first-load wasm.
fn names_evidence(text: &str) -> bool {
    const WORDS: [char; 10] = ['m', 'i', 'n', 'h', ' ', 'c', 'h', 'ứ', 'n', 'g'];
    let fold = |c: char| match c {
        'Ứ' => 'ứ',
        c => c.to_ascii_lowercase(),
    };
    let chars: Vec<char> = text.chars().map(fold).collect();
    chars.windows(WORDS.len()).any(|w| w == WORDS)
}

/// Whether the node's entry or any of its descendants' is there and passes `test`.
fn any_entry(
    set: &IndicatorSet,
    node: &Node,
    values: &Values,
    test: &dyn Fn(&crate::values::NodeValues) -> bool,
) -> bool {
    values.values.get(&node.id).is_some_and(test)
        || node
            .children
            .iter()
            .filter_map(|id| set.node(id))
            .any(|c| any_entry(set, c, values, test))
}

fn check_citation(id: &str, at: &str, i: usize, e: &Evidence, out: &mut Vec<EvidenceFinding>) {
    let at = crate::json::walk::index(at, i);
    let mut push = |field: &'static str, severity: Severity, problem: EvidenceProblem| {
        let pointer = field.split('.').fold(at.clone(), |p, part| child(&p, part));
        out.push(EvidenceFinding {
            indicator: id.to_string(),
            index: Some(i),
            field: Some(field),
            finding: Finding {
                pointer,
                severity,
                kind: ErrorKind::Evidence(problem),
            },
        });
    };
    if let Some(document) = e.document.as_deref().filter(|d| !d.trim().is_empty()) {
        if !has_document_number(document) {
            push(
                "document",
                Severity::Warning,
                EvidenceProblem::DocumentShape {
                    document: document.to_string(),
                },
            );
        }
    }
    if let Some(date) = e.date.as_deref().filter(|d| !d.trim().is_empty()) {
        if !is_date(date) {
            push(
                "date",
                Severity::Error,
                EvidenceProblem::BadDate {
                    date: date.to_string(),
                },
            );
        }
    }
    if let Some(sha256) = e.sha256.as_deref() {
        if !is_sha256(sha256) {
            push(
                "sha256",
                Severity::Error,
                EvidenceProblem::BadSha256 {
                    sha256: sha256.to_string(),
                },
            );
        }
    }
    if let Some(file) = &e.file {
        if file.name.trim().is_empty() {
            push("file.name", Severity::Error, EvidenceProblem::FileNameBlank);
        }
        if !is_sha256(&file.sha256) {
            push(
                "file.sha256",
                Severity::Error,
                EvidenceProblem::BadSha256 {
                    sha256: file.sha256.clone(),
                },
            );
        }
        if let Some(size) = &file.size {
            if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) {
                push(
                    "file.size",
                    Severity::Error,
                    EvidenceProblem::BadSize { size: size.clone() },
                );
            }
        }
    }
}

/// 64 hexadecimal digits (either case).
pub(crate) fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A calendar date, `YYYY-MM-DD` or `D/M/YYYY` (one or two digits for the day and the
/// month), in the years a values file may be for.
///
/// ```
/// # use dti_score::evidence::is_date;
/// assert!(is_date("2024-02-29") && is_date("9/5/2025") && is_date("09/05/2025"));
/// assert!(!is_date("2025-02-29") && !is_date("2025-5-9") && !is_date("32/1/2025") && !is_date("hôm qua"));
/// ```
pub fn is_date(text: &str) -> bool {
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let (y, m, d) = match parts.as_slice() {
        [y, m, d]
            if text.contains('-') && digits(y, 4, 4) && digits(m, 2, 2) && digits(d, 2, 2) =>
        {
            (*y, *m, *d)
        }
        [d, m, y]
            if !text.contains('-') && digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4) =>
        {
            (*y, *m, *d)
        }
        _ => return false,
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    crate::formats::YEARS.contains(&y) && (1..=days).contains(&d)
}

/// Whether a text holds a document number of the usual shape: digits, optionally
/// `/` and a four-digit year, then `/`, the document type in capitals (`QĐ`, `KH`,
/// `NĐ`), and one or more `-` issuing-body parts in capitals or digits (`UBND`,
/// `STTTT`, `BTTTT`).
///
/// ```
/// # use dti_score::evidence::has_document_number;
/// assert!(has_document_number("1234/QĐ-UBND"));
/// assert!(has_document_number("Quyết định số 05/KH-STTTT ngày 9/5/2025"));
/// assert!(has_document_number("13/2023/NĐ-CP"));
/// assert!(!has_document_number("Quyết định số …/QĐ-UBND"));
/// assert!(!has_document_number("QĐ 1234"));
/// ```
pub fn has_document_number(text: &str) -> bool {
    text.split(|c: char| c.is_ascii_whitespace() || matches!(c, '\u{a0}' | ',' | ';' | '(' | ')'))
        .map(|t| t.trim_end_matches(['.', ':']))
        .any(is_document_number)
}

fn is_document_number(token: &str) -> bool {
    let mut parts = token.split('/');
    let Some(number) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    let kind_and_body = match rest.as_slice() {
        [kind] => kind,
        [year, kind] if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => kind,
        _ => return false,
    };
    // Capitals: A–Z and Đ (the abbreviations are of words without other marks: QĐ, NĐ,
    // CĐSQG); `char::is_uppercase` would bring Unicode tables into the first-load wasm.
    let capitals = |s: &str, digits: bool| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c == 'Đ' || (digits && c.is_ascii_digit()))
    };
    let mut pieces = kind_and_body.split('-');
    let kind = pieces.next().unwrap_or("");
    let bodies: Vec<&str> = pieces.collect();
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && capitals(kind, false)
        && !bodies.is_empty()
        && bodies.iter().all(|b| capitals(b, true))
}

/// SHA-256 of bytes, as 64 lower-case hex digits: the hash a citation's file carries.
///
/// ```
/// assert_eq!(
///     dti_score::evidence::sha256_hex(b"test"),
///     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_encode(&Sha256::digest(bytes))
}
