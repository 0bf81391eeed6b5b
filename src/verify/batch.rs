//! Verifying a group of files together, natively only (feature `parallel`): every check
//! of each file as [`super::verify_file`] makes it, the Ed25519 signatures of the whole
//! group verified in one batch (ed25519-dalek's `verify_batch`, about twice as fast per
//! signature as one at a time). The verdicts are exactly those of `verify_file`.
//!
//! # Why a batch stands for `verify_strict` here
//!
//! `verify_strict` accepts a signature (R, s) by key A over message M when
//! 1. s is canonical (s < ℓ),
//! 2. neither R nor A is a small-order point,
//! 3. R, recomputed as `[s]B − [h]A` (h = SHA-512(R ‖ A ‖ M) mod ℓ), compresses to the
//!    very bytes of R: so R's encoding is canonical, and the residual
//!    D = R + [h]A − [s]B is the identity.
//!
//! A batch checks only that Σ zᵢ·Dᵢ is the identity, for 128-bit coefficients zᵢ
//! derived from every signature of the batch (a Merlin transcript). So before a
//! signature joins a batch, it is checked here for what `verify_strict` checks and the
//! batch does not: s canonical, A not small-order (already refused when the key was
//! read, [`crate::sign::PublicKey::from_bytes`]), R's y-coordinate canonical (below
//! 2²⁵⁵ − 19) and R not one of the eight small-order points (the only points with an
//! x of 0 are among them, so R's sign bit is then canonical too). A signature that
//! fails any of these is verified alone with `verify_strict`, which refuses it with
//! exactly today's message.
//!
//! A batch that passes then shows, but for a chance of about 2⁻¹²⁸, that each Dᵢ has
//! no component in the prime-order subgroup, which is where every honest key and every
//! honest R = [r]B lie: for them Dᵢ is then the identity, as `verify_strict` demands,
//! so no signature of someone else's key can be forged or altered through a batch.
//! The one difference left: a signer who builds R (or a key) with a torsion component
//! on purpose can make a signature, over bytes that they really signed with their
//! secret key, that `verify_strict` refuses and a batch accepts with a chance of at
//! most one half (the cofactored RFC 8032 equation accepts it always). Ruling that out
//! would need a scalar multiplication by ℓ per point, as costly as verifying alone.
//! A batch that fails is never trusted either way: every signature in it is then
//! verified alone, so the verdict still names the file and the slot that fail, with
//! the same message as before.

use std::sync::OnceLock;

use curve25519_dalek::constants::EIGHT_TORSION;
use curve25519_dalek::scalar::Scalar;

use super::{prepare, Pending, Verdict, VerifyOptions};
use crate::sign::{PublicKey, Signature};
use crate::submission::set_sha256;

/// How many files [`verify_batch`] is best given at a time: their signatures (two per
/// file) make one batch of 64, where dalek's batch gives most of its speed-up; a
/// failing batch costs at most 64 single verifications.
pub(crate) const BATCH_FILES: usize = 32;

/// Verifies each file (name, contents) as [`super::verify_file`] does, with the
/// signatures of all of them verified in one batch; one verdict per file, in order,
/// equal to `verify_file`'s (no duplicate check across the files). The callers that
/// stream a province's files give 32 at a time (`BATCH_FILES`), from several threads.
///
/// # Examples
///
/// ```
/// use dti_score::verify::{verify_batch, verify_file, VerifyOptions};
/// use dti_score::IndicatorSet;
///
/// let set = IndicatorSet::from_json(r#"{
///   "format": "dti-score/indicator-set/v1", "id": "tiny", "version": "1",
///   "title": {"vi": "Nhỏ"}, "scale": "10",
///   "indicators": [{"code": "1", "title": {"vi": "Có"}, "max": "10", "rule": {"kind": "yes_no"}}]
/// }"#).unwrap();
/// let options = VerifyOptions { set: &set, registry: None, year: None, period: None };
/// let files: Vec<(&str, &[u8])> = vec![("x.json", b"{\"format\": ")];
/// let verdicts = verify_batch(&files, &options);
/// assert_eq!(verdicts, vec![verify_file("x.json", b"{\"format\": ", &options)]);
/// ```
pub fn verify_batch(files: &[(&str, &[u8])], options: &VerifyOptions<'_>) -> Vec<Verdict> {
    let set_hash = set_sha256(options.set).unwrap_or_default();
    verify_group(files, options, &set_hash, false)
}

/// [`verify_batch`] with the set's hash computed once; with `hash_signed`, the verdicts
/// keep the SHA-256 of the signed bytes (for intake's appraisals).
pub(crate) fn verify_group(
    files: &[(&str, &[u8])],
    options: &VerifyOptions<'_>,
    set_hash: &str,
    hash_signed: bool,
) -> Vec<Verdict> {
    let pending: Vec<Pending> = files
        .iter()
        .map(|(name, bytes)| prepare(name, bytes, options, set_hash, hash_signed))
        .collect();
    // Every pending signature, by (file, signature); the batchable ones together.
    let mut valid: Vec<Vec<bool>> = pending
        .iter()
        .map(|p| vec![false; p.signatures.len()])
        .collect();
    let mut batch: Vec<(usize, usize)> = Vec::new();
    for (f, p) in pending.iter().enumerate() {
        for (i, s) in p.signatures.iter().enumerate() {
            if batchable(&s.key, &s.signature) {
                batch.push((f, i));
            } else {
                valid[f][i] = s.key.verify(&p.message, &s.signature).is_ok();
            }
        }
    }
    let messages: Vec<&[u8]> = batch
        .iter()
        .map(|&(f, _)| pending[f].message.as_slice())
        .collect();
    let signatures: Vec<ed25519_dalek::Signature> = batch
        .iter()
        .map(|&(f, i)| ed25519_dalek::Signature::from_bytes(&pending[f].signatures[i].signature.0))
        .collect();
    let keys: Vec<ed25519_dalek::VerifyingKey> = batch
        .iter()
        .map(|&(f, i)| pending[f].signatures[i].key.0)
        .collect();
    let all_valid =
        !batch.is_empty() && ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok();
    for &(f, i) in &batch {
        let s = &pending[f].signatures[i];
        // A failing batch says only that some signature in it fails: each one alone.
        valid[f][i] = all_valid || s.key.verify(&pending[f].message, &s.signature).is_ok();
    }
    pending
        .into_iter()
        .zip(valid)
        .map(|(p, valid)| p.finish(&valid, options))
        .collect()
}

/// Whether a signature may be verified in a batch: what `verify_strict` checks beyond
/// the batch equation holds (see the module's documentation).
fn batchable(key: &PublicKey, signature: &Signature) -> bool {
    let r: [u8; 32] = signature.0[..32].try_into().expect("32 bytes");
    let s: [u8; 32] = signature.0[32..].try_into().expect("32 bytes");
    bool::from(Scalar::from_canonical_bytes(s).is_some())
        && !key.0.is_weak()
        && canonical_y(&r)
        && !small_order_ys().contains(&y_of(&r))
}

/// The encoding without its sign bit: the y-coordinate.
fn y_of(encoding: &[u8; 32]) -> [u8; 32] {
    let mut y = *encoding;
    y[31] &= 0x7f;
    y
}

/// Whether the y-coordinate of an encoding is below p = 2²⁵⁵ − 19 (little-endian).
fn canonical_y(encoding: &[u8; 32]) -> bool {
    let y = y_of(encoding);
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    for i in (0..32).rev() {
        if y[i] != p[i] {
            return y[i] < p[i];
        }
    }
    false
}

/// The y-coordinates of the eight small-order points: a canonical y among them is a
/// small-order point whatever its sign bit (both signs of x are small-order, and x = 0
/// has one point).
fn small_order_ys() -> &'static [[u8; 32]; 8] {
    static YS: OnceLock<[[u8; 32]; 8]> = OnceLock::new();
    YS.get_or_init(|| EIGHT_TORSION.map(|point| y_of(&point.compress().to_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_y_is_below_p() {
        let mut p = [0xff; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        assert!(!canonical_y(&p));
        let mut below = p;
        below[0] = 0xec;
        assert!(canonical_y(&below));
        // The sign bit is not part of y.
        let mut signed = below;
        signed[31] |= 0x80;
        assert!(canonical_y(&signed));
        assert!(!canonical_y(&[0xff; 32]));
        assert!(canonical_y(&[0; 32]));
    }

    #[test]
    fn the_small_order_points_are_refused_whatever_their_sign_bit() {
        let ys = small_order_ys();
        // The identity (y = 1) and the point of order 2 (y = −1 = p − 1).
        let mut one = [0u8; 32];
        one[0] = 1;
        assert!(ys.contains(&one));
        let mut minus_one = [0xff; 32];
        minus_one[0] = 0xec;
        minus_one[31] = 0x7f;
        assert!(ys.contains(&minus_one));
        let mut one_signed = one;
        one_signed[31] |= 0x80;
        assert!(ys.contains(&y_of(&one_signed)));
        // Five distinct ys: 1, −1, 0 (order 4, x = ±i) and the two of order 8.
        let mut distinct = ys.to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 5);
    }
}
