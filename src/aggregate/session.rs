//! A review session: what the province's review page works on. It holds the set, what
//! the province adds (key registry, previous results, targets, the trust switches and
//! the round's year) and the files, runs [`super::intake_verified`] and
//! [`super::aggregate`] on them as `dti-score aggregate` does, and keeps the verdicts
//! of the files it has verified, by name and SHA-256 of their bytes, across runs: a
//! run after an appraisal is added verifies only the new file.
//!
//! [`Session::run`] gives the views the page shows ([`RunView`]); [`Session::unit`] one
//! unit's appraisal form ([`UnitForm`]); [`Session::appraise`] signs an appraisal as
//! `dti-score appraise` does and adds it to the files.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{
    aggregate, intake_verified, Aggregate, AggregateOptions, AtRiskGroup, Conflict, FileCounts,
    FileKind, Histogram, Intake, IntakeOptions, PreviousResults, Round,
};
use crate::appraisal::{self, AppraisalInput, EntryForm};
use crate::error::Message;
use crate::error::ValidationErrors;
use crate::registry::{KeyRegistry, RegistryError};
use crate::report::{Appraisal, Exclusion, Status};
use crate::set::IndicatorSet;
use crate::sign::UnlockedKey;
use crate::table::{CsvError, Table};
use crate::targets::Targets;
use crate::text::{Bilingual, Lang, Text};
use crate::verify::{verify_files, Verdict};

/// The last run: intake and aggregation of the files as they were then.
#[derive(Debug)]
struct Ran {
    intake: Intake,
    aggregate: Aggregate,
    /// Why nothing is ranked, when so.
    refused: Option<Bilingual>,
    /// Whether the registry is proven.
    proven: bool,
}

/// A batch under review (see the module's documentation).
#[derive(Debug)]
pub struct Session {
    set: IndicatorSet,
    registry: Option<KeyRegistry>,
    previous: Option<PreviousResults>,
    targets: Option<Targets>,
    /// The files (name, bytes) and, in the same order, the SHA-256 of their bytes.
    files: Vec<(String, Vec<u8>)>,
    hashes: Vec<[u8; 32]>,
    /// Verdicts of the files verified so far, by name and hash. Dropped when the
    /// registry changes or the files are cleared.
    verdicts: HashMap<(String, [u8; 32]), Verdict>,
    ran: Option<Ran>,
    /// The pinned province key's fingerprint: a registry is proven only when signed by
    /// it.
    province_key: Option<String>,
    /// Take unsigned values files; refused when false.
    allow_unsigned: bool,
    /// Rank without a proven registry, every row marked unproven; an unsigned or
    /// unpinned registry is read only then.
    unregistered_keys: bool,
    /// The round's year, when chosen; else the year every accepted file agrees on.
    year: Option<i32>,
}

/// What the review page shows of a run ([`Session::run`]).
#[derive(Debug, Serialize)]
pub struct RunView<'a> {
    /// The round's year (given, agreed, several or none).
    pub round: &'a Round,
    /// Why nothing is ranked (no proven registry), when so.
    pub refused: Option<Bilingual>,
    /// Whether the registry is signed by the pinned province key.
    pub proven: bool,
    /// Whether unsigned values files are taken.
    pub allow_unsigned: bool,
    /// Every file's verdict, as `dti-score aggregate` prints it.
    pub files: Vec<FileView<'a>>,
    /// How many files were taken, by kind ([`Intake::counts`]).
    pub counts: FileCounts,
    /// Fields that partial files give differently, each named in words.
    pub conflicts: Vec<ConflictView<'a>>,
    /// The ranking table (the CSV's cells).
    pub ranking: Table,
    /// The distribution table.
    pub distribution: Table,
    /// The at-risk table.
    pub at_risk: Table,
    /// The at-risk list by unit ([`Aggregate::at_risk_by_unit`]).
    pub at_risk_units: Vec<AtRiskGroup>,
    /// Every indicator a unit marked not applicable, with its reason and verdict.
    pub exclusions: Table,
    /// The units, in the ranking's order.
    pub units: Vec<UnitView<'a>>,
    /// A histogram per main indicator ([`Aggregate::histograms`]).
    pub charts: Vec<Histogram<'a>>,
}

/// A conflict in a [`RunView`]: the merge's [`Conflict`] and its field in words
/// ([`super::field_words`]).
#[derive(Debug, Serialize)]
pub struct ConflictView<'a> {
    /// The conflict.
    #[serde(flatten)]
    pub conflict: &'a Conflict,
    /// Its field, in both languages.
    pub field: Bilingual,
}

/// One file's verdict in a [`RunView`].
#[derive(Debug, Serialize)]
pub struct FileView<'a> {
    /// The file's name.
    pub file: &'a str,
    /// Its kind.
    pub kind: FileKind,
    /// The unit, when known.
    pub unit: Option<&'a str>,
    /// The period, when known.
    pub period: Option<&'a str>,
    /// Whether its values are in the batch.
    pub accepted: bool,
    /// Why not: the stable code.
    pub code: Option<&'static str>,
    /// Why not, in Vietnamese.
    pub vi: Option<String>,
    /// Why not, in English.
    pub en: Option<String>,
}

/// One unit's line in a [`RunView`], with what the page needs besides the CSV cells.
#[derive(Debug, Serialize)]
pub struct UnitView<'a> {
    /// The unit's id.
    pub id: &'a str,
    /// Its name.
    pub name: Option<&'a str>,
    /// Whether an appraisal can be made: the unit has an accepted signed submission.
    pub appraisable: bool,
    /// Whether it has an appraisal.
    pub appraised: bool,
}

/// One unit's scored indicators, for the appraisal form ([`Session::unit`]).
#[derive(Debug, Serialize)]
pub struct UnitForm<'a> {
    /// The unit's id and name.
    pub unit: UnitName<'a>,
    /// The accepted signed submission an appraisal is made on.
    pub submission: Option<&'a str>,
    /// Self-assessed total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// Achieved total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// Its scored indicators, in the set's order.
    pub indicators: Vec<IndicatorView<'a>>,
}

/// A unit's id and name.
#[derive(Debug, Serialize)]
pub struct UnitName<'a> {
    /// The id.
    pub id: &'a str,
    /// The name.
    pub name: Option<&'a str>,
}

/// One indicator in a [`UnitForm`].
#[derive(Debug, Serialize)]
pub struct IndicatorView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its code.
    pub code: &'a str,
    /// Its title.
    pub title: &'a Text,
    /// Self-assessed points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub points: Option<Decimal>,
    /// Its maximum, as the report counts it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
    /// Its status.
    pub status: Status,
    /// Achieved points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub achieved: Option<Decimal>,
    /// The appraisal, once made.
    pub appraisal: Option<&'a Appraisal>,
    /// Marked not applicable by the unit: the reason (and the verdict, once appraised).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<&'a Exclusion>,
}

/// A signed appraisal record, added to the session's files ([`Session::appraise`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appraised {
    /// Its file name, `appraisal-<unit>-<created_at's digits>.json`.
    pub file_name: String,
    /// The record's text.
    pub text: String,
    /// How many indicators it appraises.
    pub count: usize,
}

pub use crate::error::AppraiseError;

impl Session {
    /// A session for a validated set, without files, registry, previous results or
    /// targets; unsigned files refused, nothing ranked without a proven registry.
    pub fn new(set: IndicatorSet) -> Session {
        Session {
            set,
            registry: None,
            previous: None,
            targets: None,
            files: Vec::new(),
            hashes: Vec::new(),
            verdicts: HashMap::new(),
            ran: None,
            province_key: None,
            allow_unsigned: false,
            unregistered_keys: false,
            year: None,
        }
    }

    /// The set.
    pub fn set(&self) -> &IndicatorSet {
        &self.set
    }

    /// Pins the province key by its fingerprint; an empty text unpins it. Call before
    /// [`Session::set_keys`].
    pub fn set_province_key(&mut self, fingerprint: &str) {
        let fingerprint = fingerprint.trim();
        self.province_key = (!fingerprint.is_empty()).then(|| fingerprint.to_ascii_uppercase());
    }

    /// What the session takes: unsigned values files (`allow_unsigned`) and a ranking
    /// without a proven registry (`unregistered_keys`, every row then marked unproven).
    /// Call before [`Session::set_keys`].
    pub fn set_trust(&mut self, allow_unsigned: bool, unregistered_keys: bool) {
        self.allow_unsigned = allow_unsigned;
        self.unregistered_keys = unregistered_keys;
    }

    /// The round's year (`None`: the year every accepted file agrees on).
    pub fn set_year(&mut self, year: Option<i32>) {
        self.year = year;
    }

    /// Loads the province's key registry (`keys.json`) as `dti-score aggregate --keys
    /// --province-key` (or `--unregistered-keys`) does ([`KeyRegistry::load`]); an
    /// empty text removes it. Returns whether it is proven (`None` once removed).
    /// Drops the verdicts kept, which depend on it.
    ///
    /// # Errors
    /// Those of [`KeyRegistry::load`]; the registry is then unchanged.
    pub fn set_keys(&mut self, text: &str) -> Result<Option<bool>, RegistryError> {
        self.verdicts.clear();
        if text.trim().is_empty() {
            self.registry = None;
            return Ok(None);
        }
        let registry =
            KeyRegistry::load(text, self.province_key.as_deref(), self.unregistered_keys)?;
        let proven = registry.proven();
        self.registry = Some(registry);
        Ok(Some(proven))
    }

    /// Loads last round's results CSV (the `change` column); an empty text removes it.
    ///
    /// # Errors
    /// Those of [`PreviousResults::from_csv`].
    pub fn set_previous(&mut self, text: &str) -> Result<(), CsvError> {
        self.previous = if text.trim().is_empty() {
            None
        } else {
            Some(PreviousResults::from_csv(text)?)
        };
        Ok(())
    }

    /// Loads a province's targets file (the at-risk list); an empty text removes them.
    ///
    /// # Errors
    /// Those of [`Targets::from_json`].
    pub fn set_targets(&mut self, text: &str) -> Result<(), ValidationErrors> {
        self.targets = if text.trim().is_empty() {
            None
        } else {
            Some(Targets::from_json(text, &self.set)?)
        };
        Ok(())
    }

    /// Adds a file (its path in the dropped folder, its bytes).
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.hashes.push(Sha256::digest(&bytes).into());
        self.files.push((name, bytes));
    }

    /// Removes every file, the verdicts kept and the last run.
    pub fn clear_files(&mut self) {
        self.files.clear();
        self.hashes.clear();
        self.verdicts.clear();
        self.ran = None;
    }

    /// How many files the session holds.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Verifies up to `max` of the files not verified yet and keeps their verdicts,
    /// so that [`Session::run`] only merges, scores and ranks them: the review page
    /// calls it file group by file group to show how far the verification is.
    /// Returns how many files are still to verify. The verdicts are those
    /// [`Session::run`] would reach itself (a duplicate's own check is set aside by the
    /// intake, which finds duplicates across the whole batch).
    pub fn verify_next(&mut self, max: usize) -> usize {
        let options = IntakeOptions {
            set: &self.set,
            registry: self.registry.as_ref(),
            allow_unsigned: self.allow_unsigned,
            year: self.year,
        };
        let pending: Vec<usize> = (0..self.files.len())
            .filter(|&i| {
                !self
                    .verdicts
                    .contains_key(&(self.files[i].0.clone(), self.hashes[i]))
            })
            .collect();
        let now: Vec<usize> = pending.iter().copied().take(max).collect();
        let batch: Vec<(String, Vec<u8>)> = now.iter().map(|&i| self.files[i].clone()).collect();
        let verdicts = verify_files(&batch, &options.verify_options());
        for (&i, v) in now.iter().zip(verdicts) {
            self.verdicts
                .insert((self.files[i].0.clone(), self.hashes[i]), v);
        }
        pending.len() - now.len()
    }

    /// Why nothing is ranked: no proven registry, and ranking with unproven signers
    /// not asked for.
    fn refusal(&self, proven: bool) -> Option<Bilingual> {
        (!proven && !self.unregistered_keys).then(|| Bilingual {
            vi: "Chưa xếp hạng: chưa xác nhận được người ký. Hãy chọn danh sách khóa (keys.json) có chữ ký của tỉnh, hoặc bật “Xếp hạng khi chưa xác nhận người ký”.".into(),
            en: "Not ranked: the signers are not proven. Choose the key registry (keys.json) signed by the province, or turn on “Rank with unproven signers”.".into(),
        })
    }

    /// Verifies (only the files not verified before), merges, scores and ranks the
    /// files as `dti-score aggregate` does, files in name order as it reads a folder,
    /// and returns the views: every file's verdict, the counts, the conflicts, the
    /// ranking, distribution, at-risk and exclusions tables, the units and a histogram
    /// per main indicator, with headers and words in `lang`. Without a proven registry
    /// nothing is ranked unless unregistered keys are allowed ([`Session::set_trust`]).
    pub fn run(&mut self, lang: Lang) -> RunView<'_> {
        // Files in name order, as the CLI reads a folder (a stable sort: equal names
        // keep the order they were added in).
        let mut paired: Vec<_> = self.files.drain(..).zip(self.hashes.drain(..)).collect();
        paired.sort_by(|a, b| a.0 .0.cmp(&b.0 .0));
        (self.files, self.hashes) = paired.into_iter().unzip();

        let options = IntakeOptions {
            set: &self.set,
            registry: self.registry.as_ref(),
            allow_unsigned: self.allow_unsigned,
            year: self.year,
        };
        let proven = self.registry.as_ref().is_some_and(KeyRegistry::proven);
        let refused = self.refusal(proven);
        let key = |i: usize| (self.files[i].0.clone(), self.hashes[i]);
        let new: Vec<(String, Vec<u8>)> = (0..self.files.len())
            .filter(|&i| !self.verdicts.contains_key(&key(i)))
            .map(|i| self.files[i].clone())
            .collect();
        let mut fresh = verify_files(&new, &options.verify_options()).into_iter();
        let mut verdicts = Vec::with_capacity(self.files.len());
        for i in 0..self.files.len() {
            let k = key(i);
            let verdict = match self.verdicts.get(&k) {
                Some(v) => v.clone(),
                None => {
                    let v = fresh.next().expect("one verdict per new file");
                    self.verdicts.insert(k, v.clone());
                    v
                }
            };
            verdicts.push(verdict);
        }
        let intake = intake_verified(&self.files, &options, verdicts);
        let entries = if refused.is_some() {
            Vec::new()
        } else {
            intake.entries()
        };
        let aggregate = aggregate(
            &self.set,
            entries,
            &AggregateOptions {
                year: intake.round.year(),
                targets: self.targets.clone(),
                previous: self.previous.clone(),
                // The page shows tables, not traces: numbers only, much faster.
                traces: false,
                mark_unsigned: self.allow_unsigned,
                mark_unproven: !proven,
            },
        );
        self.ran = Some(Ran {
            intake,
            aggregate,
            refused,
            proven,
        });
        self.view(lang).expect("the run just made")
    }

    /// The views of the last run ([`Session::run`]) with headers and words in `lang`
    /// (for a change of language: nothing is run again); `None` before a run.
    pub fn view(&self, lang: Lang) -> Option<RunView<'_>> {
        let ran = self.ran.as_ref()?;
        let (intake, agg) = (&ran.intake, &ran.aggregate);
        Some(RunView {
            round: &intake.round,
            refused: ran.refused.clone(),
            proven: ran.proven,
            allow_unsigned: self.allow_unsigned,
            files: intake
                .files
                .iter()
                .map(|f| {
                    let message = f.rejection.as_ref().map(|r| r.bilingual());
                    FileView {
                        file: &f.file,
                        kind: f.kind,
                        unit: f.unit.as_deref(),
                        period: f.period.as_deref(),
                        accepted: f.accepted(),
                        code: f.rejection.as_ref().map(|r| r.code()),
                        vi: message.as_ref().map(|m| m.get(Lang::Vi).to_string()),
                        en: message.as_ref().map(|m| m.get(Lang::En).to_string()),
                    }
                })
                .collect(),
            counts: intake.counts(),
            conflicts: intake
                .merged
                .conflicts
                .iter()
                .map(|c| ConflictView {
                    conflict: c,
                    field: super::field_words(&self.set, &c.pointer),
                })
                .collect(),
            ranking: agg.ranking_table(lang),
            distribution: agg.distribution_table(lang),
            at_risk: agg.at_risk_table(lang),
            at_risk_units: agg.at_risk_by_unit(lang),
            exclusions: agg.exclusions_table(lang),
            units: agg
                .units
                .iter()
                .map(|u| UnitView {
                    id: &u.unit.id,
                    name: u.unit.name.as_deref(),
                    appraisable: intake.signed_source(&u.sources).is_some(),
                    appraised: u.report.nodes.values().any(|n| n.appraisal.is_some()),
                })
                .collect(),
            charts: agg.histograms(&self.set),
        })
    }

    /// The ranking as CSV in `lang`, byte for byte what `dti-score aggregate --csv`
    /// (`--en` for English) writes; empty before [`Session::run`].
    pub fn csv(&self, lang: Lang) -> String {
        self.ran
            .as_ref()
            .map(|r| r.aggregate.ranking_table(lang).to_csv())
            .unwrap_or_default()
    }

    /// Every view of the last run as tables in `lang`, the sheets of `dti-score
    /// aggregate --xlsx` (ranking, distribution, at-risk, exclusions when any, files,
    /// conflicts); none before [`Session::run`].
    pub fn tables(&self, lang: Lang) -> Vec<Table> {
        let Some(ran) = &self.ran else {
            return Vec::new();
        };
        let mut tables = ran.aggregate.tables(lang);
        tables.push(ran.intake.files_table(lang));
        tables.push(ran.intake.conflicts_table(&self.set, lang));
        tables
    }

    /// One unit's scored indicators for the appraisal form; `None` when the unit is
    /// not in the last run.
    pub fn unit(&self, unit_id: &str) -> Option<UnitForm<'_>> {
        let ran = self.ran.as_ref()?;
        let u = ran.aggregate.units.iter().find(|u| u.unit.id == unit_id)?;
        let indicators = self
            .set
            .leaves()
            .filter_map(|n| {
                let r = u.report.nodes.get(n.id.as_str())?;
                Some(IndicatorView {
                    id: &n.id,
                    code: &n.code,
                    title: &n.title,
                    points: r.points,
                    max: r.max,
                    status: r.status,
                    achieved: r.achieved,
                    appraisal: r.appraisal.as_ref(),
                    exclusion: r.exclusion.as_ref(),
                })
            })
            .collect();
        Some(UnitForm {
            unit: UnitName {
                id: &u.unit.id,
                name: u.unit.name.as_deref(),
            },
            submission: ran.intake.signed_source(&u.sources),
            total: u.total,
            achieved: u.achieved,
            indicators,
        })
    }

    /// Signs the appraisal council's points for one unit with a reviewer's key, as
    /// `dti-score appraise` does ([`appraisal::appraise`], on the unit's accepted signed
    /// submission in the last run), and adds the record to the files (run again to rank
    /// by achieved points). `entries` is the page's appraisal form, read in `lang`
    /// ([`appraisal::read_entries`] with [`EntryForm::Typed`]); `created_at` is now,
    /// RFC 3339 UTC.
    ///
    /// # Errors
    /// [`AppraiseError`]: a unit without an accepted signed submission, entries that do
    /// not read, none entered, or the appraisal refused (points above the maximum, no
    /// reason, not a reviewer's key).
    pub fn appraise(
        &mut self,
        unit_id: &str,
        entries: &str,
        lang: Lang,
        key: &UnlockedKey,
        created_at: String,
    ) -> Result<Appraised, AppraiseError> {
        let source = self.ran.as_ref().and_then(|r| {
            let u = r.aggregate.units.iter().find(|u| u.unit.id == unit_id)?;
            r.intake.signed_source(&u.sources).map(str::to_string)
        });
        let Some(source) = source else {
            return Err(AppraiseError::NoSignedSubmission {
                unit: unit_id.to_string(),
            });
        };
        let appraisals = appraisal::read_entries(entries, EntryForm::Typed(lang))
            .map_err(AppraiseError::Entries)?;
        if appraisals.is_empty() {
            return Err(AppraiseError::NoEntries);
        }
        let Some((_, submission)) = self.files.iter().find(|(n, _)| *n == source) else {
            return Err(AppraiseError::SubmissionGone);
        };
        let stamp: String = created_at.chars().filter(char::is_ascii_digit).collect();
        let record = appraisal::appraise(
            &AppraisalInput {
                set: &self.set,
                submission,
                appraisals,
                created_at,
            },
            key,
        )
        .map_err(AppraiseError::Appraisal)?;
        let text = record.to_json_pretty();
        let file_name = format!("appraisal-{}-{stamp}.json", record.unit);
        self.add_file(file_name.clone(), text.clone().into_bytes());
        Ok(Appraised {
            file_name,
            text,
            count: record.appraisals.len(),
        })
    }
}
