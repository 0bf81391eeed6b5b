//! Verifying submissions: a structured verdict per file, never a bare yes or no.
//!
//! For every file, [`verify_files`] runs these checks, in this order, and records each
//! one's outcome (`pass`, `fail`, or `skipped` with the reason):
//!
//! 1. `file`: the file is JSON without repeated member names, its `format` is
//!    `dti-score/submission/v1`, it has exactly the fields of that format, and its signed
//!    part has a canonical form (no JSON numbers). When this fails, nothing else can be
//!    checked.
//! 2. `signature`, once per signer (`prepared_by`, `approved_by`): the public key is a
//!    valid Ed25519 key whose fingerprint is the one written, the signer's role fits the
//!    slot, and the signature verifies (`verify_strict`) over the signed bytes. Natively
//!    (feature `parallel`), `verify_batch` verifies the signatures of many files in
//!    one Ed25519 batch, with the same verdicts (`batch.rs` says why).
//! 3. `signer_key`, once per signer: with a key registry (`keys.json`), the key is
//!    registered for the submission's unit with that role; without one, skipped.
//! 4. `set`: the set supplied has the submission's set `id`, `version` and SHA-256.
//! 5. `recomputation`: the values are scored again with the set supplied, and the
//!    scores are compared with the embedded report's (scores are never trusted): the
//!    totals and every indicator's `points`, `max`, `status` and `achieved`. Traces and
//!    other texts are not compared.
//! 6. `period`: the year is four digits, the period is the year or starts with it
//!    (`2025-Q4`), and both match what the verifier asked for, if anything.
//! 7. `duplicates`: no other file verified together is for the same unit and period.
//!
//! A file passes when no check fails.

#[cfg(feature = "parallel")]
mod batch;
mod checks;
pub mod evidence;
mod verdict;

use std::collections::BTreeMap;

use crate::registry::KeyRegistry;
use crate::sign::Slot;
use crate::submission::set_sha256;
use checks::*;

pub use crate::error::verify::{SkipReason, VerifyError};
pub use verdict::*;

#[cfg(feature = "parallel")]
pub use batch::verify_batch;
#[cfg(feature = "parallel")]
pub(crate) use batch::{verify_group, BATCH_FILES};

/// Verify one submission file on its own (no duplicate check across files).
///
/// # Examples
///
/// ```
/// use dti_score::verify::{verify_file, VerifyOptions, CheckKind, Outcome};
/// use dti_score::IndicatorSet;
///
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let options = VerifyOptions { set: &set, registry: None, year: None, period: None };
/// let verdict = verify_file("x.json", b"{\"format\": ", &options);
/// assert!(!verdict.passed);
/// assert_eq!(verdict.checks[0].kind, CheckKind::File);
/// assert_eq!(verdict.checks[0].outcome, Outcome::Fail);
/// ```
pub fn verify_file(name: &str, bytes: &[u8], options: &VerifyOptions<'_>) -> Verdict {
    // A validated set has no fractions, so it always has a canonical form.
    let set_hash = set_sha256(options.set).unwrap_or_default();
    verify_one(name, bytes, options, &set_hash)
}

/// [`verify_file`] with the set's SHA-256 computed once for many files: every check,
/// the signatures verified one at a time.
fn verify_one(name: &str, bytes: &[u8], options: &VerifyOptions<'_>, set_hash: &str) -> Verdict {
    let pending = prepare(name, bytes, options, set_hash, false);
    let valid: Vec<bool> = pending
        .signatures
        .iter()
        .map(|s| s.key.verify(&pending.message, &s.signature).is_ok())
        .collect();
    pending.finish(&valid, options)
}

/// A verdict whose signature checks still wait for the Ed25519 equation: every other
/// check is made. [`Pending::finish`] completes it once the signatures are verified.
pub(crate) struct Pending {
    verdict: Verdict,
    /// The signed bytes (empty when the file could not be read).
    message: Vec<u8>,
    signatures: Vec<PendingSignature>,
}

/// One signature still to verify over [`Pending::message`].
struct PendingSignature {
    /// Its `signature` check's index in the verdict's checks.
    check: usize,
    slot: Slot,
    key: crate::sign::PublicKey,
    signature: crate::sign::Signature,
}

impl Pending {
    /// Completes the verdict: `valid[i]` says whether the i-th pending signature
    /// verified (`verify_strict`, or a batch that stands for it).
    fn finish(mut self, valid: &[bool], options: &VerifyOptions<'_>) -> Verdict {
        for (pending, &ok) in self.signatures.iter().zip(valid) {
            if !ok {
                let check = &mut self.verdict.checks[pending.check];
                check.problems.push(VerifyError::SignatureInvalid {
                    slot: pending.slot,
                    fingerprint: pending.key.fingerprint(),
                });
                check.outcome = Outcome::Fail;
            }
        }
        let mut verdict = self.verdict;
        let passed = verdict.failures().next().is_none();
        verdict.passed = passed;
        verdict.signers_proven = options.registry.is_some_and(KeyRegistry::proven)
            && verdict
                .checks
                .iter()
                .filter(|c| c.kind == CheckKind::SignerKey)
                .all(|c| c.outcome == Outcome::Pass);
        verdict.proven = passed && verdict.signers_proven;
        verdict
    }
}

/// Every check of one file but the signatures' equations. With `hash_signed`, a verdict
/// that read the values also keeps the SHA-256 of the signed bytes (what an appraisal
/// names), so that intake need not parse the file again to find it.
fn prepare(
    name: &str,
    bytes: &[u8],
    options: &VerifyOptions<'_>,
    set_hash: &str,
    hash_signed: bool,
) -> Pending {
    let mut verdict = Verdict {
        file: name.to_string(),
        passed: false,
        proven: false,
        unit: None,
        year: None,
        period: None,
        total: None,
        engine_version: None,
        checks: Vec::new(),
        read: None,
        signers_proven: false,
    };
    let (message, submission) = match read_submission(bytes) {
        Ok(read) => read,
        Err(problems) => {
            verdict
                .checks
                .push(Check::from_problems(CheckKind::File, None, problems));
            for (kind, slot) in [
                (CheckKind::Signature, Some(Slot::PreparedBy)),
                (CheckKind::SignerKey, Some(Slot::PreparedBy)),
                (CheckKind::Set, None),
                (CheckKind::Recomputation, None),
                (CheckKind::Period, None),
                (CheckKind::Duplicates, None),
            ] {
                verdict
                    .checks
                    .push(Check::skipped(kind, slot, SkipReason::FileUnreadable));
            }
            return Pending {
                verdict,
                message: Vec::new(),
                signatures: Vec::new(),
            };
        }
    };
    verdict.unit = Some(submission.unit.id.clone());
    verdict.year = Some(submission.year.clone());
    verdict.period = Some(submission.period.clone());
    verdict.engine_version = Some(submission.engine.version.clone());

    verdict
        .checks
        .push(Check::from_problems(CheckKind::File, None, Vec::new()));

    let slots: Vec<Slot> = [Slot::PreparedBy, Slot::ApprovedBy]
        .into_iter()
        .filter(|&slot| submission.signer(slot).is_some())
        .collect();
    // Each signer's key decoded once, for its signature and registry checks.
    let keys: Vec<_> = slots
        .iter()
        .map(|&slot| {
            signer_key_in(
                submission.signer(slot).expect("slot declared"),
                options.registry,
            )
        })
        .collect();
    let mut signatures = Vec::with_capacity(slots.len());
    for (&slot, key) in slots.iter().zip(&keys) {
        let (problems, to_verify) = check_signature(&submission, slot, key);
        if let Some((key, signature)) = to_verify {
            signatures.push(PendingSignature {
                check: verdict.checks.len(),
                slot,
                key,
                signature,
            });
        }
        verdict.checks.push(Check::from_problems(
            CheckKind::Signature,
            Some(slot),
            problems,
        ));
    }
    for (&slot, key) in slots.iter().zip(&keys) {
        verdict.checks.push(match options.registry {
            None => Check::skipped(CheckKind::SignerKey, Some(slot), SkipReason::NoRegistry),
            Some(registry) => Check::from_problems(
                CheckKind::SignerKey,
                Some(slot),
                check_registry(&submission, slot, key, registry),
            ),
        });
    }

    let set_problems = check_set(&submission, options.set, set_hash);
    let set_ok = set_problems.is_empty();
    verdict
        .checks
        .push(Check::from_problems(CheckKind::Set, None, set_problems));

    if set_ok {
        let (problems, total, values) = recompute(&submission, options.set);
        verdict.total = total;
        verdict.read = values.map(|mut values| {
            let sub = &submission;
            values.unit = Some(sub.unit.clone());
            values.period = Some(sub.period.clone());
            values.set = Some(crate::values::SetRef {
                id: sub.set.id.clone(),
                version: Some(sub.set.version.clone()),
            });
            Box::new(SignedRead {
                values,
                preparer_key: sub.signers.prepared_by.public_key.clone(),
                created_at: sub.created_at.clone(),
                signature: sub.signatures.prepared_by.clone(),
                signed_sha256: hash_signed.then(|| {
                    use sha2::{Digest, Sha256};
                    crate::json::hex::hex_encode(&Sha256::digest(&message))
                }),
            })
        });
        verdict.checks.push(Check::from_problems(
            CheckKind::Recomputation,
            None,
            problems,
        ));
    } else {
        verdict.checks.push(Check::skipped(
            CheckKind::Recomputation,
            None,
            SkipReason::SetMismatch,
        ));
    }

    verdict.checks.push(Check::from_problems(
        CheckKind::Period,
        None,
        check_period(&submission, options),
    ));
    verdict.checks.push(Check::from_problems(
        CheckKind::Duplicates,
        None,
        Vec::new(),
    ));
    Pending {
        verdict,
        message,
        signatures,
    }
}

/// Verify several files together: each on its own, then duplicates (same unit and
/// period) across them. `files` are (name, contents) pairs.
pub fn verify_files(files: &[(String, Vec<u8>)], options: &VerifyOptions<'_>) -> Vec<Verdict> {
    let set_hash = set_sha256(options.set).unwrap_or_default();
    let mut verdicts: Vec<Verdict> = files
        .iter()
        .map(|(name, bytes)| verify_one(name, bytes, options, &set_hash))
        .collect();
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, verdict) in verdicts.iter().enumerate() {
        if let (Some(unit), Some(period)) = (&verdict.unit, &verdict.period) {
            groups
                .entry((unit.clone(), period.clone()))
                .or_default()
                .push(i);
        }
    }
    for ((unit, period), members) in groups {
        if members.len() < 2 {
            continue;
        }
        for &i in &members {
            let others: Vec<String> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| verdicts[j].file.clone())
                .collect();
            let problem = VerifyError::Duplicate {
                unit: unit.clone(),
                period: period.clone(),
                others,
            };
            let verdict = &mut verdicts[i];
            if let Some(check) = verdict
                .checks
                .iter_mut()
                .find(|c| c.kind == CheckKind::Duplicates)
            {
                *check = Check::from_problems(CheckKind::Duplicates, None, vec![problem]);
            }
            verdict.passed = false;
            verdict.proven = false;
        }
    }
    verdicts
}
