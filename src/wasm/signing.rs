//! The key, signing and verification exports (feature `wasm-signing`): the page's
//! second build, loaded only when the user opens the signing section.

use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::page::{Refused, SetHandle};
use super::{now_utc, problem, to_js};
use crate::registry::KeyRegistry;
use crate::sign::Slot;
use crate::sign::{self, KdfParams, KeyFile, NewKey, Role, UnlockedKey};
use crate::submission::{self, Submission, SubmissionInput};
use crate::text::Lang;
use crate::verify::{self, VerifyOptions};
use crate::{Message, Values};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A signer's role. */
export type Role = "preparer" | "approver" | "reviewer" | "province";
/** A key file's clear fields. */
export interface KeyInfo { unit_id: string; name: string; role: Role; fingerprint: string; created_at: string }
/** Something the user can fix (wrong passphrase, a key of another unit…), in both languages. */
export type Problem = { ok: false; vi: string; en: string };
/** The result of generateKey: the new key file's text (secret key encrypted). */
export type GenerateResult = { ok: true; key_file: string; info: KeyInfo } | Problem;
/** The result of readKeyFile. */
export type KeyFileResult = { ok: true; info: KeyInfo } | Problem;
/** The result of enrolmentFile: the key-enrolment file to send the province. */
export type EnrolmentResult = { ok: true; text: string; file_name: string } | Problem;
/** The result of unlockKey. */
export type UnlockResult = { ok: true; key: KeyHandle; info: KeyInfo } | Problem;
/** The result of SetHandle.sign / signWithApprover: the submission file's text. */
export type SignResult = { ok: true; submission: string; unit: string; year: string } | { ok: false; code?: string; vi: string; en: string };
/** A signing slot of a submission. */
export type Slot = "prepared_by" | "approved_by";
/** One check of a verdict (see `dti-score verify --json`). */
export interface Check {
  check: "file" | "signature" | "signer_key" | "set" | "recomputation" | "period" | "duplicates";
  slot?: Slot; outcome: "pass" | "fail" | "skipped";
  problems?: { code: string; vi: string; en: string }[]; skipped?: Bilingual;
}
/** The verifier's verdict on a submission. */
export interface Verdict {
  file: string; passed: boolean; proven: boolean; unit?: string; year?: string; period?: string;
  total?: Decimal; engine_version?: string; checks: Check[];
}
/** The result of SetHandle.verify. */
export type VerifyResult = { ok: true; verdict: Verdict } | Problem;
/** A signing slot, the role of the key that signs in it, and whether every submission has it (signingSlots). */
export interface SlotInfo { slot: Slot; role: Role; required: boolean }
/** The result of submissionValues: the values file inside a submission. */
export type SubmissionValuesResult = { ok: true; values: Record<string, unknown> } | Problem;
/** The result of readPrevious: last year's file read (its signatures checked), or why not. */
export type PreviousResult = { ok: true; previous: PreviousHandle; info: { year?: number; source: { kind: "submission" | "values"; prepared_by?: string; approved_by?: string }; set?: [string, string | null] } } | { ok: false; code: string; vi: string; en: string };
"#;

#[derive(Serialize)]
struct KeyInfo<'a> {
    unit_id: &'a str,
    name: &'a str,
    role: Role,
    fingerprint: &'a str,
    created_at: &'a str,
}

fn key_info(file: &KeyFile) -> KeyInfo<'_> {
    KeyInfo {
        unit_id: file.unit_id(),
        name: file.name(),
        role: file.role(),
        fingerprint: file.fingerprint(),
        created_at: file.created_at(),
    }
}

fn role_of(role: &str) -> Option<Role> {
    match role {
        "preparer" => Some(Role::Preparer),
        "approver" => Some(Role::Approver),
        "reviewer" => Some(Role::Reviewer),
        _ => None,
    }
}

#[derive(Serialize)]
struct Generated<'a> {
    ok: bool,
    key_file: String,
    info: KeyInfo<'a>,
}

/// Makes a new unit key ([`KeyFile::generate`], Argon2id at
/// [`KdfParams::RECOMMENDED`], randomness from `crypto.getRandomValues`): returns
/// `{ ok: true, key_file, info }` with the key file's text, or `{ ok: false, vi, en }`
/// (passphrase too short, bad unit id, …).
///
/// # Errors
/// When `role` is not `preparer`, `approver` or `reviewer` (the page offers only those).
#[wasm_bindgen(js_name = generateKey, unchecked_return_type = "GenerateResult")]
pub fn generate_key(
    unit_id: &str,
    name: &str,
    role: &str,
    passphrase: &str,
) -> Result<JsValue, JsError> {
    let role = role_of(role).ok_or_else(|| JsError::new(&format!("unknown role “{role}”")))?;
    let new = NewKey {
        unit_id: unit_id.to_string(),
        name: name.to_string(),
        role,
        created_at: now_utc(),
    };
    match KeyFile::generate(&new, passphrase, KdfParams::RECOMMENDED) {
        Ok(file) => to_js(&Generated {
            ok: true,
            key_file: file.to_json_pretty(),
            info: key_info(&file),
        }),
        Err(e) => problem(e.message(Lang::Vi), e.to_string()),
    }
}

/// Reads a key file's clear fields without unlocking it ([`KeyFile::from_json`]).
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = readKeyFile, unchecked_return_type = "KeyFileResult")]
pub fn read_key_file(text: &str) -> Result<JsValue, JsError> {
    match KeyFile::from_json(text) {
        Ok(file) => to_js(&serde_json::json!({ "ok": true, "info": key_info(&file) })),
        Err(e) => problem(e.message(Lang::Vi), e.to_string()),
    }
}

/// The key-enrolment file of a key file (`dti-score/key-enrolment/v1`,
/// [`crate::registry::Enrolment::from_key_file`]): what the unit sends the province
/// for `dti-score registry add`. `{ ok: true, text, file_name }` or `{ ok: false, vi, en }`.
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = enrolmentFile, unchecked_return_type = "EnrolmentResult")]
pub fn enrolment_file(key_file: &str) -> Result<JsValue, JsError> {
    let enrolment = KeyFile::from_json(key_file)
        .and_then(|file| crate::registry::Enrolment::from_key_file(&file));
    match enrolment {
        Ok(e) => {
            let file_name = format!(
                "dang-ky-khoa-{}-{}-{}.json",
                e.unit.as_deref().unwrap_or(""),
                e.role,
                e.fingerprint.replace('-', "")
            );
            to_js(
                &serde_json::json!({ "ok": true, "text": e.to_json_pretty(), "file_name": file_name }),
            )
        }
        Err(e) => problem(e.message(Lang::Vi), e.to_string()),
    }
}

/// An unlocked signing key, held by the engine for as long as the page keeps it.
#[wasm_bindgen]
pub struct KeyHandle {
    key: UnlockedKey,
}

#[wasm_bindgen]
impl KeyHandle {
    /// The public key's short fingerprint.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.key.public_key().fingerprint()
    }

    /// The holder's role: `preparer`, `approver` or `reviewer`.
    #[wasm_bindgen(getter)]
    pub fn role(&self) -> String {
        self.key.role().as_str().to_string()
    }

    /// The holder's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.key.name().to_string()
    }

    /// The unit the key belongs to.
    #[wasm_bindgen(getter, js_name = unitId)]
    pub fn unit_id(&self) -> String {
        self.key.unit_id().to_string()
    }
}

/// Unlocks a key file with its passphrase ([`KeyFile::unlock`]): returns
/// `{ ok: true, key, info }` with `key` a [`KeyHandle`], or `{ ok: false, vi, en }`
/// (wrong passphrase, damaged file, …).
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = unlockKey, unchecked_return_type = "UnlockResult")]
pub fn unlock_key(key_file: &str, passphrase: &str) -> Result<JsValue, JsError> {
    match sign::unlock(key_file, passphrase) {
        Ok(unlocked) => {
            let out = to_js(&serde_json::json!({ "ok": true, "info": key_info(&unlocked.file) }))?;
            let key = KeyHandle { key: unlocked.key };
            Reflect::set(&out, &JsValue::from_str("key"), &JsValue::from(key))
                .map_err(|_| JsError::new("cannot pass the key handle to JavaScript"))?;
            Ok(out)
        }
        Err(e) => problem(e.message(Lang::Vi), e.to_string()),
    }
}

#[wasm_bindgen]
impl SetHandle {
    /// Every evidence finding of a values document's JSON text ([`crate::evidence::check`]):
    /// JSON `[{ indicator, index?, field?, pointer, severity, code, vi, en }]`, or `[]`
    /// when the text is not a values file (the draft session says why).
    ///
    /// # Errors
    /// Only when the result cannot be serialized.
    #[wasm_bindgen(js_name = evidenceFindings)]
    pub fn evidence_findings(&self, values_json: &str) -> Result<String, JsError> {
        match crate::Values::from_json(values_json) {
            Ok(values) => super::json(&crate::evidence::check(&self.set, &values)),
            Err(_) => Ok("[]".into()),
        }
    }

    /// Scores a values file and signs the submission as its preparer
    /// ([`submission::build`]): `{ ok: true, submission, unit, year }` with the
    /// submission file's text, or `{ ok: false, code?, vi, en }`. Invalid figures are
    /// refused ([`crate::report::Readiness::check`]), and missing ones unless
    /// `allow_missing` (the signer confirmed that they score 0).
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(unchecked_return_type = "SignResult")]
    pub fn sign(
        &self,
        values_json: &str,
        preparer: &KeyHandle,
        allow_missing: bool,
    ) -> Result<JsValue, JsError> {
        self.build_submission(values_json, preparer, None, allow_missing)
    }

    /// As [`SetHandle::sign`], with the approving leader's countersignature too (both
    /// keys unlocked on this device).
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(js_name = signWithApprover, unchecked_return_type = "SignResult")]
    pub fn sign_with_approver(
        &self,
        values_json: &str,
        preparer: &KeyHandle,
        approver: &KeyHandle,
        allow_missing: bool,
    ) -> Result<JsValue, JsError> {
        self.build_submission(values_json, preparer, Some(approver), allow_missing)
    }

    fn build_submission(
        &self,
        values_json: &str,
        preparer: &KeyHandle,
        approver: Option<&KeyHandle>,
        allow_missing: bool,
    ) -> Result<JsValue, JsError> {
        let values = match Values::from_json(values_json) {
            Ok(v) => v,
            Err(errors) => {
                let list = |lang| {
                    let msgs: Vec<String> = errors.errors().map(|f| f.message(lang)).collect();
                    msgs.join("; ")
                };
                return problem(list(Lang::Vi), list(Lang::En));
            }
        };
        let options = crate::ScoreOptions {
            year: values.year,
            numbers_only: true,
            ..crate::ScoreOptions::default()
        };
        let readiness = crate::score(&self.set, &values.settled(&self.set), &options).readiness();
        if let Err(e) = readiness.check(allow_missing) {
            return to_js(&Refused {
                ok: false,
                code: e.code(),
                vi: e.message(Lang::Vi),
                en: e.message(Lang::En),
            });
        }
        let input = SubmissionInput {
            set: &self.set,
            values: &values,
            unit: None,
            year: None,
            created_at: now_utc(),
        };
        match submission::build(&input, &preparer.key, approver.map(|a| &a.key)) {
            Ok(sub) => to_js(&serde_json::json!({
                "ok": true,
                "submission": sub.to_json_pretty(),
                "unit": sub.unit.id,
                "year": sub.year,
            })),
            Err(e) => problem(e.message(Lang::Vi), e.to_string()),
        }
    }

    /// Verifies a submission file against this set ([`verify::verify_file`]: signatures,
    /// set hash, every score recomputed, and the signers' keys against the province's
    /// `keys.json` when given): `{ ok: true, verdict }`, or `{ ok: false, vi, en }` when
    /// the key registry itself cannot be read.
    ///
    /// # Errors
    /// Only when the result cannot be passed to JavaScript.
    #[wasm_bindgen(unchecked_return_type = "VerifyResult")]
    pub fn verify(
        &self,
        file_name: &str,
        submission: &str,
        keys_json: Option<String>,
    ) -> Result<JsValue, JsError> {
        let registry = match keys_json.as_deref().map(KeyRegistry::from_json).transpose() {
            Ok(r) => r,
            Err(e) => return problem(e.message(Lang::Vi), e.to_string()),
        };
        let options = VerifyOptions {
            set: &self.set,
            registry: registry.as_ref(),
            year: None,
            period: None,
        };
        let verdict = verify::verify_file(file_name, submission.as_bytes(), &options);
        to_js(&serde_json::json!({ "ok": true, "verdict": verdict }))
    }
}

/// One signing slot of a submission and the role of the key that signs in it.
#[derive(Serialize)]
struct SlotInfo {
    slot: Slot,
    role: Role,
    required: bool,
}

/// The signing slots, in the order a submission is signed ([`Slot::ALL`]), each with
/// the role of the key that signs in it and whether every submission has it:
/// `[{ slot: "prepared_by", role: "preparer", required: true }, { slot: "approved_by",
/// role: "approver", required: false }]`.
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = signingSlots, unchecked_return_type = "SlotInfo[]")]
pub fn signing_slots() -> Result<JsValue, JsError> {
    let slots: Vec<SlotInfo> = Slot::ALL
        .into_iter()
        .map(|slot| SlotInfo {
            slot,
            role: slot.role(),
            required: slot.required(),
        })
        .collect();
    to_js(&slots)
}

/// The values file inside a submission's text ([`Submission::values_file`]), to
/// continue it as a draft: `{ ok: true, values }`, or `{ ok: false, vi, en }` when the
/// text is not a submission.
///
/// # Errors
/// Only when the result cannot be passed to JavaScript.
#[wasm_bindgen(js_name = submissionValues, unchecked_return_type = "SubmissionValuesResult")]
pub fn submission_values(text: &str) -> Result<JsValue, JsError> {
    // Read as the verifier reads a submission (strict parse, then its fields): the
    // build holds that reader already (a `from_str` of its own adds ~40 KB).
    let read = crate::json::parse_strict(text)
        .map_err(|e| e.to_string())
        .and_then(|v| {
            <Submission as serde::Deserialize>::deserialize(v).map_err(|e| e.to_string())
        });
    match read {
        Ok(sub) => to_js(&serde_json::json!({ "ok": true, "values": sub.values_file() })),
        Err(e) => problem(
            format!("Tệp không phải hồ sơ đã ký: {e}"),
            format!("The file is not a submission: {e}"),
        ),
    }
}

/// SHA-256 of a file's bytes, 64 lower-case hex digits ([`crate::evidence::sha256_hex`]):
/// the hash an evidence citation carries. In this build (loaded on use), so the page's
/// first load carries no hash.
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::evidence::sha256_hex(bytes)
}
