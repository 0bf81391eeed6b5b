//! Taking in a folder of files: signed submissions are verified, plain values files
//! accepted as unsigned (or refused, on request), exact duplicates and superseded
//! versions set aside, and the rest merged per unit and period. Every file gets one
//! [`FileResult`]: nothing is skipped without a reason.
//!
//! Several signed files for one unit and period are told apart by their preparer's
//! key: the same key means a newer version of the same file (the latest `created_at`
//! wins, the others are *superseded*); different keys mean partial files from
//! different agencies, which are merged (their conflicts reported by [`merge`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(feature = "parallel")]
use super::lean::{CompactUnit, CompactUnits};
use super::lean::{CompactValues, EarlyFirst};
use super::merge::{merge_signed_first, MergeOutcome, MergedUnit, Part};
use super::UnitEntry;
use crate::appraisal::{submission_sha256, verify_appraisal, AppraisalRecord};
use crate::error::Message;
use crate::formats::APPRAISAL_FORMAT;
use crate::formats::SUBMISSION_FORMAT;
use crate::report::Appraisals;
use crate::set::IndicatorSet;

pub use crate::error::{FailedCheck, Rejection};
use crate::formats::VALUES_FORMAT;
use crate::registry::KeyRegistry;
use crate::values::{Unit, Values};
use crate::verify::{verify_files, Check, CheckKind, Outcome, Verdict, VerifyOptions};

/// What intake is given besides the files.
#[derive(Debug, Clone, Copy)]
pub struct IntakeOptions<'a> {
    /// The set every file must be for.
    pub set: &'a IndicatorSet,
    /// The province's key registry.
    pub registry: Option<&'a KeyRegistry>,
    /// Take plain (unsigned) values files too; refused when false (the default of
    /// `dti-score aggregate` and the review page). Signed data still wins where they
    /// disagree (`merge::merge_signed_first`).
    pub allow_unsigned: bool,
    /// The round's year: files of any other year are refused. `None`: the year every
    /// accepted file agrees on ([`Round`]).
    pub year: Option<i32>,
}

/// The round a batch is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Round {
    /// The year asked for.
    Given {
        /// The year.
        year: i32,
    },
    /// No year asked for; every accepted file is for this one.
    Agreed {
        /// The year.
        year: i32,
    },
    /// No year asked for, and the files are for several: nothing is ranked until one
    /// is chosen.
    Several {
        /// The years found, ascending.
        years: Vec<i32>,
    },
    /// No file with a year was accepted.
    Empty,
}

impl Round {
    /// The round's year, when there is one.
    pub fn year(&self) -> Option<i32> {
        match self {
            Round::Given { year } | Round::Agreed { year } => Some(*year),
            Round::Several { .. } | Round::Empty => None,
        }
    }
}

/// What a unit's figures rest on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Signed, verified submissions only.
    Signed,
    /// Signed submissions and unsigned values files.
    Mixed,
    /// Unsigned values files only (also the default of a [`super::UnitEntry`] made from
    /// bare values).
    #[default]
    Unsigned,
}

impl Basis {
    /// The name written in tables: `signed`, `mixed`, `unsigned`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Signed => "signed",
            Basis::Mixed => "mixed",
            Basis::Unsigned => "unsigned",
        }
    }

    /// The words in tables, in `lang`.
    pub fn label(self, lang: crate::text::Lang) -> &'static str {
        let (vi, en) = match self {
            Basis::Signed => ("đã ký", "signed"),
            Basis::Mixed => ("đã ký + CHƯA KÝ", "signed + UNSIGNED"),
            Basis::Unsigned => ("CHƯA KÝ", "UNSIGNED"),
        };
        crate::text::tr(lang, vi, en)
    }
}

/// Where a unit's figures come from: signed or not, and whether its signers are proven.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Signed, mixed or unsigned.
    pub basis: Basis,
    /// Whether every file it rests on is a submission whose signers are proven by a
    /// province-signed registry ([`crate::verify::Verdict::proven`]).
    pub proven: bool,
}

/// What kind of file it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A signed submission (`dti-score/submission/v1`).
    Signed,
    /// A plain values file (`dti-score/values/v1`), with no signature.
    Unsigned,
    /// A signed appraisal record (`dti-score/appraisal/v1`).
    Appraisal,
    /// Neither.
    Other,
}

impl FileKind {
    /// The words in tables, in `lang`.
    pub fn label(self, lang: crate::text::Lang) -> &'static str {
        let (vi, en) = match self {
            FileKind::Signed => ("hồ sơ đã ký", "signed submission"),
            FileKind::Unsigned => ("số liệu chưa ký", "unsigned values"),
            FileKind::Appraisal => ("bản thẩm định", "appraisal"),
            FileKind::Other => ("khác", "other"),
        };
        crate::text::tr(lang, vi, en)
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileResult {
    /// The file's name, as given.
    pub file: String,
    /// Signed, unsigned or other.
    pub kind: FileKind,
    /// The unit, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The period, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// SHA-256 (hex) of an accepted signed submission's signed bytes, what an appraisal
    /// refers to; computed when the batch holds appraisals (else see
    /// [`crate::appraisal::submission_sha256`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why it was not used; `None` when its values are in the batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejection: Option<Rejection>,
    /// The verifier's verdict, for a signed submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

impl FileResult {
    /// Whether its values are in the batch.
    pub fn accepted(&self) -> bool {
        self.rejection.is_none()
    }
}

/// The outcome of intake.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intake {
    /// One result per file, in the order given.
    pub files: Vec<FileResult>,
    /// The accepted files merged per unit and period, with their conflicts.
    pub merged: MergeOutcome,
    /// Verified appraisals, by the index of the unit in `merged.units`.
    pub appraisals: BTreeMap<usize, UnitAppraisals>,
    /// The round's year.
    pub round: Round,
}

/// The appraisals of one merged unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitAppraisals {
    /// The appraisal files applied.
    pub files: Vec<String>,
    /// The council's points and reasons by indicator.
    pub appraisals: Appraisals,
}

impl Intake {
    /// The merged units, with their appraisals, ready for [`super::aggregate`].
    pub fn entries(&self) -> Vec<UnitEntry> {
        self.merged
            .units
            .iter()
            .zip(self.provenances())
            .enumerate()
            .map(|(i, (m, provenance))| UnitEntry {
                unit: m.unit.clone(),
                values: m.values.clone(),
                appraisals: self.appraisals.get(&i).map(|a| a.appraisals.clone()),
                sources: m.sources.clone(),
                provenance,
            })
            .collect()
    }

    /// What each merged unit's figures rest on, in order.
    fn provenances(&self) -> Vec<Provenance> {
        // The first accepted file of each name, found once (not a search per unit:
        // that was quadratic in the batch's size).
        let mut accepted: BTreeMap<&str, &FileResult> = BTreeMap::new();
        for f in self.files.iter().filter(|f| f.accepted()) {
            accepted.entry(f.file.as_str()).or_insert(f);
        }
        self.merged
            .units
            .iter()
            .map(|m| {
                provenance_of(
                    m.sources
                        .iter()
                        .filter_map(|s| accepted.get(s.as_str()).copied())
                        .collect(),
                )
            })
            .collect()
    }

    /// What files (by name) rest on: signed, mixed or unsigned, and proven or not.
    pub fn provenance(&self, sources: &[String]) -> Provenance {
        provenance_of(
            sources
                .iter()
                .filter_map(|s| self.files.iter().find(|f| &f.file == s && f.accepted()))
                .collect(),
        )
    }
}

/// What the accepted files a unit rests on make of it.
fn provenance_of(files: Vec<&FileResult>) -> Provenance {
    let signed = files.iter().filter(|f| f.kind == FileKind::Signed).count();
    let basis = match signed {
        0 => Basis::Unsigned,
        n if n == files.len() => Basis::Signed,
        _ => Basis::Mixed,
    };
    let proven = basis == Basis::Signed
        && files
            .iter()
            .all(|f| f.verdict.as_ref().is_some_and(|v| v.proven));
    Provenance { basis, proven }
}

struct Accepted {
    index: usize,
    values: Held,
    /// The assessment year.
    year: Option<i32>,
    /// Signed only: preparer key, created_at.
    signer: Option<(String, String)>,
    /// What makes two files the same: the preparer key and signature of a signed file,
    /// the values' JSON of an unsigned one.
    content: String,
}

/// A file's values as intake holds them until the merge: whole, or encoded
/// ([`intake_compact`]) with what sorting and merging read of them.
enum Held {
    Whole(Values),
    Compact {
        values: CompactValues,
        first: EarlyFirst,
        unit: Option<Unit>,
        year: Option<i32>,
        period: Option<String>,
    },
}

impl Held {
    /// The values encoded, keeping what sorting and merging read, and the first pass
    /// over them.
    fn compact(self, set: &IndicatorSet) -> Held {
        match self {
            Held::Whole(values) => Held::Compact {
                values: CompactValues::new(&values),
                first: EarlyFirst::of(set, &values),
                unit: values.unit,
                year: values.year,
                period: values.period,
            },
            compact @ Held::Compact { .. } => compact,
        }
    }

    fn unit(&self) -> Option<&Unit> {
        match self {
            Held::Whole(v) => v.unit.as_ref(),
            Held::Compact { unit, .. } => unit.as_ref(),
        }
    }

    fn year(&self) -> Option<i32> {
        match self {
            Held::Whole(v) => v.year,
            Held::Compact { year, .. } => *year,
        }
    }

    fn period(&self) -> Option<&String> {
        match self {
            Held::Whole(v) => v.period.as_ref(),
            Held::Compact { period, .. } => period.as_ref(),
        }
    }

    fn into_values(self) -> Values {
        match self {
            Held::Whole(v) => v,
            Held::Compact { values, .. } => values.decode(),
        }
    }
}

/// Verifies and sorts a batch of files (name, contents), then merges what is accepted.
///
/// # Example
/// ```
/// use dti_score::aggregate::{intake, IntakeOptions};
/// use dti_score::{IndicatorSet, Message};
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let files = vec![
///     ("a.json".to_string(), br#"{"unit": {"id": "x"}, "year": 2025, "values": {"1": {"done": true}}}"#.to_vec()),
///     ("b.json".to_string(), br#"{"unit": {"id": "x"}, "year": 2025, "values": {"1": {"done": true}}}"#.to_vec()),
///     ("c.json".to_string(), b"not json".to_vec()),
/// ];
/// // Unsigned files are refused unless allowed.
/// let strict = intake(&files, &IntakeOptions { set: &set, registry: None, allow_unsigned: false, year: None });
/// assert_eq!(strict.files[0].rejection.as_ref().unwrap().code(), "unsigned");
/// let out = intake(&files, &IntakeOptions { set: &set, registry: None, allow_unsigned: true, year: None });
/// assert_eq!(out.round.year(), Some(2025));
/// assert!(out.files[0].accepted());
/// assert_eq!(out.files[1].rejection.as_ref().unwrap().code(), "duplicate");
/// assert_eq!(out.files[2].rejection.as_ref().unwrap().code(), "not_json");
/// assert_eq!(out.merged.units.len(), 1);
/// ```
pub fn intake(files: &[(String, Vec<u8>)], options: &IntakeOptions<'_>) -> Intake {
    // Every file at once (the set's hash computed once); only the verdicts of files
    // that declare the submission format are used.
    intake_verified(
        files,
        options,
        verify_files(files, &options.verify_options()),
    )
}

impl IntakeOptions<'_> {
    /// The verifier's options for these files.
    pub fn verify_options(&self) -> VerifyOptions<'_> {
        VerifyOptions {
            set: self.set,
            registry: self.registry,
            year: None,
            period: None,
        }
    }
}

/// [`intake`] with every file's verdict already made ([`verify_files`] with
/// [`IntakeOptions::verify_options`], one per file, in order; the verifier's duplicate
/// check may be left out, intake tells duplicates apart itself): a caller that keeps
/// the verdicts of files it has seen (the review page, when an appraisal is added to
/// a batch) does not verify them again.
///
/// # Panics
/// When there are fewer verdicts than files.
pub fn intake_verified(
    files: &[(String, Vec<u8>)],
    options: &IntakeOptions<'_>,
    verdicts: Vec<Verdict>,
) -> Intake {
    assert!(verdicts.len() >= files.len(), "one verdict per file");
    let mut taken: Vec<TakenFile> = files
        .iter()
        .zip(verdicts)
        .enumerate()
        .map(|(index, ((name, bytes), verdict))| take_file(index, name, bytes, verdict, options))
        .collect();
    // What an appraisal names, for the submissions it may name (only when the batch
    // holds appraisals: hashing every file costs).
    if taken.iter().any(|t| t.appraisal.is_some()) {
        for (t, (_, bytes)) in taken.iter_mut().zip(files) {
            if t.result.accepted() && t.result.kind == FileKind::Signed {
                t.sha256 = submission_sha256(bytes).ok();
            }
        }
    }
    intake_taken(taken, options, false).0
}

/// [`intake`] of files read, verified and taken one group at a time, natively on every
/// core of the current rayon pool (feature `parallel`): `read(i)` gives the i-th of
/// `count` files (name, contents), or an error that ends intake (the first by index is
/// returned). Each group of 32 files (`verify::BATCH_FILES`) is verified together
/// (signatures in one batch, [`crate::verify::verify_batch`]), each file parsed once, and
/// its bytes dropped before the next group is read: only the results and the values of
/// the files taken are kept. The outcome equals [`intake`]'s over the same files.
///
/// # Errors
/// The first error `read` gives, by index.
#[cfg(feature = "parallel")]
pub fn intake_streamed<E: Send>(
    count: usize,
    read: impl Fn(usize) -> Result<(String, Vec<u8>), E> + Sync,
    options: &IntakeOptions<'_>,
) -> Result<Intake, E> {
    let taken = take_streamed(count, read, options, false)?;
    Ok(intake_taken(taken, options, false).0)
}

/// [`intake_streamed`] holding each file's values encoded from the moment its group is
/// verified (a couple of KB per file instead of the tens a [`Values`] takes), merged
/// into [`CompactUnits`] for [`super::aggregate_compact`]. The [`Intake`] is
/// [`intake_streamed`]'s over the same files except that its merged units' `values` are
/// empty: the units' values are in the [`CompactUnits`], in the same order.
///
/// # Errors
/// The first error `read` gives, by index.
#[cfg(feature = "parallel")]
pub fn intake_compact<E: Send>(
    count: usize,
    read: impl Fn(usize) -> Result<(String, Vec<u8>), E> + Sync,
    options: &IntakeOptions<'_>,
) -> Result<(Intake, CompactUnits), E> {
    let taken = take_streamed(count, read, options, true)?;
    let (intake, compact) = intake_taken(taken, options, true);
    let provenances = intake.provenances();
    let units = intake
        .merged
        .units
        .iter()
        .zip(compact)
        .zip(provenances)
        .enumerate()
        .map(|(i, ((m, (values, first)), provenance))| CompactUnit {
            unit: m.unit.clone(),
            values,
            first,
            appraisals: intake.appraisals.get(&i).map(|a| a.appraisals.clone()),
            sources: m.sources.clone(),
            provenance,
        })
        .collect();
    Ok((intake, CompactUnits(units)))
}

/// The files read, verified and taken a group at a time ([`intake_streamed`]); with
/// `compact`, each accepted file's values encoded before the group's bytes are dropped.
#[cfg(feature = "parallel")]
fn take_streamed<E: Send>(
    count: usize,
    read: impl Fn(usize) -> Result<(String, Vec<u8>), E> + Sync,
    options: &IntakeOptions<'_>,
    compact: bool,
) -> Result<Vec<TakenFile>, E> {
    use rayon::prelude::*;
    let verify = options.verify_options();
    let set_hash = crate::submission::set_sha256(options.set).unwrap_or_default();
    let groups: Vec<Result<Vec<TakenFile>, E>> = (0..count)
        .collect::<Vec<usize>>()
        .par_chunks(crate::verify::BATCH_FILES)
        .map(|indices| {
            let files = indices
                .iter()
                .map(|&i| read(i))
                .collect::<Result<Vec<(String, Vec<u8>)>, E>>()?;
            let named: Vec<(&str, &[u8])> = files
                .iter()
                .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
                .collect();
            let verdicts = crate::verify::verify_group(&named, &verify, &set_hash, true);
            Ok(indices
                .iter()
                .zip(&files)
                .zip(verdicts)
                .map(|((&index, (name, bytes)), verdict)| {
                    let mut taken = take_file(index, name, bytes, verdict, options);
                    if compact {
                        if let Some(a) = taken.accepted.take() {
                            taken.accepted = Some(Accepted {
                                values: a.values.compact(options.set),
                                ..a
                            });
                        }
                    }
                    taken
                })
                .collect())
        })
        .collect();
    let mut taken = Vec::with_capacity(count);
    for group in groups {
        taken.extend(group?);
    }
    Ok(taken)
}

/// What intake keeps of one file once its bytes are dropped.
struct TakenFile {
    result: FileResult,
    accepted: Option<Accepted>,
    appraisal: Option<AppraisalRecord>,
    /// The SHA-256 of a signed submission's signed bytes, when known.
    sha256: Option<String>,
}

/// Sorts one file (the `index`-th) with its verdict (used only for a submission).
fn take_file(
    index: usize,
    name: &str,
    bytes: &[u8],
    verdict: Verdict,
    options: &IntakeOptions<'_>,
) -> TakenFile {
    let mut taken = TakenFile {
        result: FileResult {
            file: name.to_string(),
            kind: FileKind::Other,
            unit: None,
            period: None,
            sha256: None,
            rejection: None,
            verdict: None,
        },
        accepted: None,
        appraisal: None,
        sha256: None,
    };
    let result = &mut taken.result;
    // A file the verifier read is a submission (its strict parse passed and its format
    // is the submission's): it is not parsed again. Otherwise only the format is read
    // here (the rest is skipped, not built).
    let read_by_verifier = verdict
        .check(CheckKind::File, None)
        .is_some_and(|c| c.outcome == Outcome::Pass);
    let head = if read_by_verifier {
        Ok(Head {
            format: Some(SUBMISSION_FORMAT.to_string()),
        })
    } else {
        serde_json::from_slice::<Head>(bytes)
    };
    let (format, is_object) = match head {
        Ok(head) => (head.format, true),
        Err(e) if e.is_data() => (None, false),
        Err(e) => {
            // A file of a folder whose name is not `.json` is listed with no contents.
            let unread = bytes.is_empty() && !crate::formats::is_json_name(&result.file);
            result.rejection = Some(if unread {
                Rejection::NotJson {
                    error: "not a .json file: not read".into(),
                    line: 0,
                    column: 0,
                    eof: false,
                    unread: true,
                }
            } else {
                not_json(&e)
            });
            return taken;
        }
    };
    match format.as_deref() {
        Some(SUBMISSION_FORMAT) => {
            result.kind = FileKind::Signed;
            let mut verdict = verdict;
            accept_duplicates(&mut verdict);
            result.unit = verdict.unit.clone();
            result.period = verdict.period.clone();
            if verdict.passed {
                // A passed verdict recomputed the scores, so it read the values.
                match verdict.read.take() {
                    Some(read) => {
                        let read = *read;
                        taken.sha256 = read.signed_sha256;
                        taken.accepted = Some(Accepted {
                            index,
                            year: verdict.year.as_deref().and_then(|y| y.parse().ok()),
                            values: Held::Whole(read.values),
                            // Ed25519 signatures are deterministic: the same key over
                            // the same signed bytes gives the same signature, and
                            // different bytes a different one.
                            content: format!("{} {}", read.preparer_key, read.signature),
                            signer: Some((read.preparer_key, read.created_at)),
                        });
                    }
                    None => {
                        result.rejection = Some(Rejection::InvalidValues {
                            findings: vec!["the embedded values do not read".into()],
                        })
                    }
                }
            } else {
                result.rejection = Some(Rejection::Verification {
                    failed: verdict
                        .failures()
                        .map(|c| FailedCheck {
                            check: c.label(),
                            words: check_words(c),
                            codes: c.problems.iter().map(|p| p.code().to_string()).collect(),
                            messages: c.problems.iter().map(|p| p.bilingual()).collect(),
                        })
                        .collect(),
                });
            }
            // The values read are kept only where they are used.
            verdict.read = None;
            result.verdict = Some(verdict);
        }
        None | Some(VALUES_FORMAT) if is_object => {
            result.kind = FileKind::Unsigned;
            let json: Value = match serde_json::from_slice(bytes) {
                Ok(v) => v,
                Err(e) => {
                    result.rejection = Some(not_json(&e));
                    return taken;
                }
            };
            match Values::from_value(&json) {
                Err(e) => {
                    result.rejection = Some(Rejection::InvalidValues {
                        findings: e.0.iter().map(|f| f.to_string()).collect(),
                    })
                }
                Ok(mut values) => {
                    normalise_period(&mut values);
                    result.unit = values.unit.as_ref().map(|u| u.id.clone());
                    result.period = values.period.clone();
                    let set = options.set;
                    if let Some(s) = values.set.as_ref().filter(|s| {
                        s.id != set.id || s.version.as_ref().is_some_and(|v| v != &set.version)
                    }) {
                        result.rejection = Some(Rejection::WrongSet {
                            found: match &s.version {
                                Some(v) => format!("{} {v}", s.id),
                                None => s.id.clone(),
                            },
                        });
                    } else if values.unit.is_none() {
                        result.rejection = Some(Rejection::NoUnit);
                    } else if let Some((id, reason)) = values
                        .unit
                        .as_ref()
                        .and_then(|u| Some((u.id.clone(), crate::unit_id::explain(&u.id)?)))
                    {
                        result.rejection = Some(Rejection::BadUnitId { id, reason });
                    } else if !options.allow_unsigned {
                        result.rejection = Some(Rejection::Unsigned);
                    } else {
                        let content = values.to_json_value().to_string();
                        taken.accepted = Some(Accepted {
                            index,
                            year: values.year,
                            values: Held::Whole(values),
                            signer: None,
                            content,
                        });
                    }
                }
            }
        }
        Some(APPRAISAL_FORMAT) => {
            result.kind = FileKind::Appraisal;
            match verify_appraisal(bytes, options.set, options.registry) {
                Ok(record) => {
                    result.unit = Some(record.unit.clone());
                    result.period = Some(record.period.clone());
                    taken.appraisal = Some(record);
                }
                Err(e) => {
                    result.rejection = Some(Rejection::AppraisalInvalid {
                        problem: e.code().to_string(),
                        message: e.bilingual(),
                    })
                }
            }
        }
        other => {
            result.rejection = Some(Rejection::NotAValuesFile {
                format: other.unwrap_or("").to_string(),
            })
        }
    }
    taken
}

/// The rest of intake, once every file is taken (in order): one round, duplicates and
/// superseded versions set aside, the merge, the appraisals. With `compact`, the merged
/// units' values are left empty in the [`Intake`] and returned encoded, one per merged
/// unit in order (each file's values decoded only where several files are merged).
fn intake_taken(
    taken: Vec<TakenFile>,
    options: &IntakeOptions<'_>,
    compact: bool,
) -> (Intake, Vec<(CompactValues, EarlyFirst)>) {
    let mut results = Vec::with_capacity(taken.len());
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut appraisal_records: Vec<(usize, AppraisalRecord)> = Vec::new();
    let mut hashes = Vec::with_capacity(taken.len());
    for (index, t) in taken.into_iter().enumerate() {
        results.push(t.result);
        accepted.extend(t.accepted);
        appraisal_records.extend(t.appraisal.map(|r| (index, r)));
        hashes.push(t.sha256);
    }
    let (round, accepted) = one_round(accepted, options.year, &mut results);
    let kept = set_aside(accepted, &mut results);
    let signed: std::collections::BTreeSet<&str> = results
        .iter()
        .filter(|r| r.kind == FileKind::Signed && r.accepted())
        .map(|r| r.file.as_str())
        .collect();
    let is_signed = |source: &str| signed.contains(source);
    let (merged, encoded) = if compact {
        merge_compact(kept, &results, &is_signed, options.set)
    } else {
        let parts: Vec<Part> = kept
            .into_iter()
            .map(|a| Part {
                source: results[a.index].file.clone(),
                values: a.values.into_values(),
            })
            .collect();
        (merge_signed_first(parts, &is_signed), Vec::new())
    };
    let appraisals = attach_appraisals(appraisal_records, hashes, &mut results, &merged);
    (
        Intake {
            files: results,
            merged,
            appraisals,
            round,
        },
        encoded,
    )
}

/// [`merge_signed_first`] of encoded values, a group (unit, year, period) at a time, as
/// it groups them: a unit from one file keeps its encoding; the files of a unit from
/// several are decoded, merged and the result encoded. The merged units' `values` are
/// left empty; their encodings are returned in the same order.
fn merge_compact(
    kept: Vec<Accepted>,
    results: &[FileResult],
    signed: &dyn Fn(&str) -> bool,
    set: &IndicatorSet,
) -> (MergeOutcome, Vec<(CompactValues, EarlyFirst)>) {
    type Key = (String, Option<i32>, Option<String>);
    let mut groups: BTreeMap<Key, Vec<Accepted>> = BTreeMap::new();
    let mut out = MergeOutcome::default();
    for a in kept {
        match a.values.unit() {
            Some(u) => {
                let key = (u.id.clone(), a.values.year(), a.values.period().cloned());
                groups.entry(key).or_default().push(a);
            }
            None => out.without_unit.push(results[a.index].file.clone()),
        }
    }
    let mut encoded = Vec::with_capacity(groups.len());
    // One empty values for every merged unit (their values are in `encoded`).
    let empty = std::sync::Arc::<Values>::default();
    for ((_, year, period), mut group) in groups {
        if group.len() == 1 {
            let a = group.pop().expect("one part");
            let Held::Compact {
                values,
                first,
                unit,
                ..
            } = a.values.compact(set)
            else {
                unreachable!("compact() encodes")
            };
            out.units.push(MergedUnit {
                unit: unit.expect("grouped by unit"),
                year,
                period,
                values: empty.clone(),
                origin: BTreeMap::new(),
                sources: vec![results[a.index].file.clone()],
            });
            encoded.push((values, first));
            continue;
        }
        let parts: Vec<Part> = group
            .into_iter()
            .map(|a| Part {
                source: results[a.index].file.clone(),
                values: a.values.into_values(),
            })
            .collect();
        let one = merge_signed_first(parts, signed);
        for mut unit in one.units {
            encoded.push((
                CompactValues::new(&unit.values),
                EarlyFirst::of(set, &unit.values),
            ));
            unit.values = empty.clone();
            out.units.push(unit);
        }
        out.conflicts.extend(one.conflicts);
        out.without_unit.extend(one.without_unit);
    }
    (out, encoded)
}

/// Keeps the files of one year: the one asked for, else the one every accepted file
/// is for; the others are refused by name with the reason. When no year is asked for
/// and the files are for several, every one is refused ([`Rejection::SeveralYears`]):
/// a batch is never ranked across rounds.
fn one_round(
    accepted: Vec<Accepted>,
    year: Option<i32>,
    results: &mut [FileResult],
) -> (Round, Vec<Accepted>) {
    let years: std::collections::BTreeSet<i32> = accepted.iter().filter_map(|a| a.year).collect();
    let round = match (year, years.len()) {
        (Some(year), _) => Round::Given { year },
        (None, 0) => Round::Empty,
        (None, 1) => Round::Agreed {
            year: *years.iter().next().expect("one year"),
        },
        (None, _) => Round::Several {
            years: years.iter().copied().collect(),
        },
    };
    let mut kept = Vec::with_capacity(accepted.len());
    for a in accepted {
        let rejection = match (&round, a.year) {
            (Round::Given { year } | Round::Agreed { year }, found) if found != Some(*year) => {
                Some(Rejection::OtherYear {
                    found,
                    round: *year,
                })
            }
            (Round::Several { years }, Some(found)) => Some(Rejection::SeveralYears {
                found,
                years: years.clone(),
            }),
            _ => None,
        };
        match rejection {
            Some(r) => results[a.index].rejection = Some(r),
            None => kept.push(a),
        }
    }
    (round, kept)
}

/// Matches each verified appraisal to the accepted submission it names (by SHA-256)
/// and so to its merged unit. Of several appraisals of one submission the latest
/// (`created_at`) is kept; appraisals of one unit that give the same indicator are
/// refused (the later file), never resolved by picking one.
fn attach_appraisals(
    mut records: Vec<(usize, AppraisalRecord)>,
    hashes: Vec<Option<String>>,
    results: &mut [FileResult],
    merged: &MergeOutcome,
) -> BTreeMap<usize, UnitAppraisals> {
    if records.is_empty() {
        return BTreeMap::new();
    }
    for (r, hash) in results.iter_mut().zip(hashes) {
        if r.accepted() && r.kind == FileKind::Signed {
            r.sha256 = hash;
        }
    }
    // Accepted submission SHA-256 → merged unit index.
    let sha_of: BTreeMap<&str, &str> = results
        .iter()
        .filter(|r| r.accepted())
        .filter_map(|r| Some((r.file.as_str(), r.sha256.as_deref()?)))
        .collect();
    let mut unit_of: BTreeMap<String, usize> = BTreeMap::new();
    for (u, m) in merged.units.iter().enumerate() {
        for src in &m.sources {
            if let Some(sha) = sha_of.get(src.as_str()) {
                unit_of.insert(sha.to_string(), u);
            }
        }
    }
    // Latest first per submission, then in the order given.
    records.sort_by(|a, b| {
        a.1.submission_sha256
            .cmp(&b.1.submission_sha256)
            .then_with(|| b.1.created_at.cmp(&a.1.created_at))
            .then_with(|| a.0.cmp(&b.0))
    });
    let mut latest: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for (index, record) in records {
        if let Some(&by) = latest.get(&record.submission_sha256) {
            results[index].rejection = Some(Rejection::Superseded {
                by: results[by].file.clone(),
            });
            continue;
        }
        latest.insert(record.submission_sha256.clone(), index);
        kept.push((index, record));
    }
    kept.sort_by_key(|(i, _)| *i);
    let mut out: BTreeMap<usize, UnitAppraisals> = BTreeMap::new();
    for (index, record) in kept {
        let Some(&unit) = unit_of.get(&record.submission_sha256) else {
            results[index].rejection = Some(Rejection::AppraisalUnmatched {
                submission_sha256: record.submission_sha256.clone(),
            });
            continue;
        };
        let entry = out.entry(unit).or_insert_with(|| UnitAppraisals {
            files: Vec::new(),
            appraisals: Appraisals::new(),
        });
        let overlap: Vec<String> = record
            .appraisals
            .keys()
            .filter(|k| entry.appraisals.contains_key(*k))
            .cloned()
            .collect();
        if !overlap.is_empty() {
            results[index].rejection = Some(Rejection::AppraisalOverlap {
                with: entry.files.join(", "),
                indicators: overlap,
            });
            continue;
        }
        entry.files.push(results[index].file.clone());
        entry.appraisals.extend(record.appraisals);
    }
    out
}

/// The first member a file is classified by.
#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    format: Option<String>,
}

/// Several files for one unit and period are not an error here: intake tells exact
/// duplicates, superseded versions and partial files apart itself. The verifier's
/// `duplicates` check is therefore reset to a pass.
fn accept_duplicates(verdict: &mut Verdict) {
    for check in &mut verdict.checks {
        if check.kind == CheckKind::Duplicates && check.outcome == Outcome::Fail {
            *check = Check {
                kind: CheckKind::Duplicates,
                slot: None,
                outcome: Outcome::Pass,
                problems: Vec::new(),
                skipped: None,
            };
        }
    }
    let passed = verdict.failures().next().is_none();
    verdict.passed = passed;
    verdict.proven = passed && verdict.signers_proven;
}

/// A values file's period defaults to its year, as in a submission.
fn normalise_period(values: &mut Values) {
    if values.period.is_none() {
        values.period = values.year.map(|y| y.to_string());
    }
}

/// Sets aside exact duplicates and superseded versions; returns the files kept.
fn set_aside(accepted: Vec<Accepted>, results: &mut [FileResult]) -> Vec<Accepted> {
    type Key = (String, Option<String>);
    let mut groups: BTreeMap<Key, Vec<Accepted>> = BTreeMap::new();
    for a in accepted {
        let unit = a.values.unit().map(|u| u.id.clone()).unwrap_or_default();
        groups
            .entry((unit, a.values.period().cloned()))
            .or_default()
            .push(a);
    }
    let mut kept = Vec::new();
    for (_, group) in groups {
        // Exact duplicates: the first file (in the order given) is kept.
        let mut distinct: Vec<Accepted> = Vec::new();
        for a in group {
            match distinct.iter().find(|d| d.content == a.content) {
                Some(d) => {
                    results[a.index].rejection = Some(Rejection::Duplicate {
                        of: results[d.index].file.clone(),
                    })
                }
                None => distinct.push(a),
            }
        }
        // Superseded: same preparer key, an earlier created_at.
        let latest: BTreeMap<&str, (&str, usize)> =
            distinct.iter().fold(BTreeMap::new(), |mut m, a| {
                if let Some((key, at)) = &a.signer {
                    let e = m.entry(key.as_str()).or_insert((at.as_str(), a.index));
                    if at.as_str() > e.0 {
                        *e = (at.as_str(), a.index);
                    }
                }
                m
            });
        let superseded: Vec<(usize, usize)> = distinct
            .iter()
            .filter_map(|a| {
                let (key, at) = a.signer.as_ref()?;
                let (latest_at, latest_index) = latest[key.as_str()];
                (at.as_str() < latest_at).then_some((a.index, latest_index))
            })
            .collect();
        for (i, by) in &superseded {
            results[*i].rejection = Some(Rejection::Superseded {
                by: results[*by].file.clone(),
            });
        }
        kept.extend(
            distinct
                .into_iter()
                .filter(|a| !superseded.iter().any(|(i, _)| *i == a.index)),
        );
    }
    kept.sort_by_key(|a| a.index);
    kept
}

fn not_json(e: &serde_json::Error) -> Rejection {
    Rejection::NotJson {
        error: e.to_string(),
        line: e.line(),
        column: e.column(),
        eof: e.is_eof(),
        unread: false,
    }
}

/// A verification check in words ([`FailedCheck::words`]).
fn check_words(c: &Check) -> crate::text::Bilingual {
    use crate::sign::Slot;

    let (vi, en) = match (c.kind, c.slot) {
        (CheckKind::File, _) => ("tệp hồ sơ", "the submission file"),
        (CheckKind::Signature, Some(Slot::PreparedBy)) => {
            ("chữ ký của người lập", "the preparer's signature")
        }
        (CheckKind::Signature, Some(Slot::ApprovedBy)) => {
            ("chữ ký của người duyệt", "the approver's signature")
        }
        (CheckKind::Signature, None) => ("chữ ký", "a signature"),
        (CheckKind::SignerKey, Some(Slot::PreparedBy)) => (
            "khóa của người lập trong danh sách khóa",
            "the preparer's key in the registry",
        ),
        (CheckKind::SignerKey, Some(Slot::ApprovedBy)) => (
            "khóa của người duyệt trong danh sách khóa",
            "the approver's key in the registry",
        ),
        (CheckKind::SignerKey, None) => ("khóa người ký", "a signer's key"),
        (CheckKind::Set, _) => ("bộ chỉ số", "the indicator set"),
        (CheckKind::Recomputation, _) => ("điểm tính lại", "the recomputed scores"),
        (CheckKind::Period, _) => ("năm và kỳ", "year and period"),
        (CheckKind::Duplicates, _) => ("hồ sơ trùng", "duplicates"),
    };
    crate::text::Bilingual {
        vi: vi.into(),
        en: en.into(),
    }
}
