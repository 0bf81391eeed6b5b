//! The province's key registry (`keys.json`): which public keys may sign for which
//! unit, in which role, from when and until when, signed by the province's own key.
//!
//! Two formats are read:
//!
//! - `dti-score/keys/v2`, the current one: every key has `valid_from` (and may have
//!   `valid_until`, `revoked_at`), and the file carries the province's public key and
//!   an Ed25519 signature (`verify_strict`) over the bytes `dti-score/keys/v2\n`
//!   followed by the RFC 8785 canonical form of the file without its `signature`
//!   member, the same discipline as a submission. A file without `signature` is a
//!   draft: [`RegistryDocument`] edits it and signs it.
//! - `dti-score/keys/v1`, the legacy unsigned file without dates.
//!
//! A registry proves who may sign only when its signature verifies under a province
//! key the reader chose beforehand by fingerprint ([`KeyRegistry::load`]); any other
//! registry is read only on request, and every signer it names stays *unproven*.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::canonical::{self};

use crate::json::CanonicalError;
use crate::sign::{PublicKey, Role, Signature, UnlockedKey};

pub use crate::error::RegistryError;
use crate::formats::{ENROLMENT_FORMAT, REGISTRY_FORMAT, REGISTRY_FORMAT_V2};

/// The bytes a registry signature covers start with these.
pub const REGISTRY_SIGNING_PREFIX: &[u8] = b"dti-score/keys/v2\n";

/// The province's key registry, read and checked: which public keys may sign for
/// which unit, in which role, and whether the registry itself is proven.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRegistry {
    pub(crate) units: BTreeMap<String, RegistryUnit>,
    /// Every key's unit and index in that unit's `keys`.
    by_key: BTreeMap<[u8; 32], (String, usize)>,
    /// The fingerprint of the province key whose signature verified, if signed.
    signed_by: Option<String>,
    /// Whether that key is the one the reader asked for ([`KeyRegistry::load`]).
    proven: bool,
}

/// One unit's entry in the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryUnit {
    /// The unit's name, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The keys allowed to sign for the unit.
    pub keys: Vec<RegistryKey>,
}

/// One key in the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryKey {
    /// The public key.
    pub public_key: PublicKey,
    /// The role it may sign in.
    pub role: Role,
    /// The holder's name, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The key's fingerprint; checked against the key when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// From when it may sign (`2025-01-01T00:00:00Z`); required in `keys/v2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Until when it may sign (exclusive), if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// When it was revoked: nothing signed at or after this time counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// Why a key may not sign at a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// Signed before `valid_from`.
    NotYetValid {
        /// The key's `valid_from`.
        valid_from: String,
    },
    /// Signed at or after `valid_until`.
    Expired {
        /// The key's `valid_until`.
        valid_until: String,
    },
    /// Signed at or after `revoked_at`.
    Revoked {
        /// The key's `revoked_at`.
        revoked_at: String,
    },
    /// The signing time is not `YYYY-MM-DDTHH:MM:SSZ`.
    UnreadableTime,
}

impl RegistryKey {
    /// Whether the key may sign at `signed_at` (`YYYY-MM-DDTHH:MM:SSZ`): at or after
    /// `valid_from`, before `valid_until` and before `revoked_at`. A legacy key
    /// without dates may sign at any time.
    ///
    /// # Errors
    /// [`Validity`]: why not.
    pub fn valid_at(&self, signed_at: &str) -> Result<(), Validity> {
        if self.valid_from.is_none() && self.valid_until.is_none() && self.revoked_at.is_none() {
            return Ok(());
        }
        if !is_timestamp(signed_at) {
            return Err(Validity::UnreadableTime);
        }
        if let Some(t) = self.revoked_at.as_ref().filter(|t| signed_at >= t.as_str()) {
            return Err(Validity::Revoked {
                revoked_at: t.clone(),
            });
        }
        if let Some(t) = self.valid_from.as_ref().filter(|t| signed_at < t.as_str()) {
            return Err(Validity::NotYetValid {
                valid_from: t.clone(),
            });
        }
        if let Some(t) = self
            .valid_until
            .as_ref()
            .filter(|t| signed_at >= t.as_str())
        {
            return Err(Validity::Expired {
                valid_until: t.clone(),
            });
        }
        Ok(())
    }
}

/// The province key a registry names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceKey {
    /// The province's public key.
    pub public_key: PublicKey,
    /// Its fingerprint (the one readers pin).
    pub fingerprint: String,
    /// The key holder's name, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A registry file as data: what `dti-score registry` edits and signs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryDocument {
    /// `dti-score/keys/v2` (or the legacy `v1`).
    pub format: String,
    /// Who issues it (`Sở KH&CN tỉnh Vĩnh Long`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// When it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
    /// The province key that signs it (set when signing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<ProvinceKey>,
    /// The units, by id.
    pub units: BTreeMap<String, RegistryUnit>,
    /// The province's signature (128 hex digits); absent in a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// A unit's request to have a key registered: the `dti-score/key-enrolment/v1` file
/// the signing page downloads, or `keygen`'s printed entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// `dti-score/key-enrolment/v1` (absent in `keygen`'s printed entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The unit's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The unit's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
    /// The public key.
    pub public_key: PublicKey,
    /// The role.
    pub role: Role,
    /// The holder's name.
    pub name: String,
    /// The key's fingerprint, checked against the key.
    pub fingerprint: String,
    /// When the key was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

impl Enrolment {
    /// The enrolment file of a key file: what the unit sends the province to have the
    /// key registered (`dti-score registry add --entry`). Nothing secret is in it.
    ///
    /// # Errors
    /// [`crate::sign::KeyError`] when the key file's public key does not read.
    ///
    /// ```
    /// use dti_score::registry::Enrolment;
    /// use dti_score::sign::{KdfParams, KeyFile, NewKey, Role};
    /// let new = NewKey { unit_id: "xa-a".into(), name: "An".into(), role: Role::Preparer,
    ///     created_at: "2025-11-22T10:00:00Z".into() };
    /// let file = KeyFile::from_secret(&new, &[1; 32], "mật khẩu dài", KdfParams::new(64, 1, 1).unwrap()).unwrap();
    /// let e = Enrolment::from_key_file(&file).unwrap();
    /// assert_eq!(Enrolment::from_json(&e.to_json_pretty()).unwrap(), e);
    /// assert_eq!(e.unit.as_deref(), Some("xa-a"));
    /// ```
    pub fn from_key_file(file: &crate::sign::KeyFile) -> Result<Enrolment, crate::sign::KeyError> {
        let public_key = file.public_key()?;
        Ok(Enrolment {
            format: Some(ENROLMENT_FORMAT.to_string()),
            unit: Some(file.unit_id().to_string()),
            unit_name: None,
            fingerprint: public_key.fingerprint(),
            public_key,
            role: file.role(),
            name: file.name().to_string(),
            created_at: Some(file.created_at().to_string()),
        })
    }

    /// The file, pretty-printed, with a final newline.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("an enrolment serializes") + "\n"
    }

    /// Reads an enrolment file or `keygen`'s entry.
    ///
    /// # Errors
    /// [`RegistryError`]: not JSON, a wrong format or shape, a fingerprint that is not
    /// the key's, a unit id that breaks the rule.
    pub fn from_json(text: &str) -> Result<Enrolment, RegistryError> {
        let value = canonical::parse_strict(text).map_err(RegistryError::Json)?;
        let e: Enrolment = serde_json::from_value(value).map_err(|err| RegistryError::Shape {
            reason: err.to_string(),
        })?;
        if let Some(f) = e.format.as_ref().filter(|f| *f != ENROLMENT_FORMAT) {
            return Err(RegistryError::UnsupportedFormat { found: f.clone() });
        }
        let computed = e.public_key.fingerprint();
        if computed != e.fingerprint {
            return Err(RegistryError::FingerprintMismatch {
                unit: e.unit.clone().unwrap_or_default(),
                written: e.fingerprint.clone(),
                computed,
            });
        }
        if let Some(unit) = &e.unit {
            check_unit(unit)?;
        }
        Ok(e)
    }
}

impl RegistryDocument {
    /// An empty draft (`keys/v2`, no units, unsigned).
    pub fn new(issuer: Option<String>) -> RegistryDocument {
        RegistryDocument {
            format: REGISTRY_FORMAT_V2.to_string(),
            issuer,
            issued_at: None,
            province: None,
            units: BTreeMap::new(),
            signature: None,
        }
    }

    /// Reads a registry file as data, checking only its shape (not its signature:
    /// see [`KeyRegistry::from_json`]).
    ///
    /// # Errors
    /// [`RegistryError::Json`], [`RegistryError::UnsupportedFormat`],
    /// [`RegistryError::Shape`].
    pub fn from_json(text: &str) -> Result<RegistryDocument, RegistryError> {
        let value = canonical::parse_strict(text).map_err(RegistryError::Json)?;
        Self::from_value(value)
    }

    fn from_value(value: Value) -> Result<RegistryDocument, RegistryError> {
        if let Some(found) = value.get("format").and_then(Value::as_str) {
            if found != REGISTRY_FORMAT && found != REGISTRY_FORMAT_V2 {
                return Err(RegistryError::UnsupportedFormat {
                    found: found.to_string(),
                });
            }
        }
        let doc: RegistryDocument =
            serde_json::from_value(value).map_err(|err| RegistryError::Shape {
                reason: err.to_string(),
            })?;
        if doc.format != REGISTRY_FORMAT && doc.format != REGISTRY_FORMAT_V2 {
            return Err(RegistryError::UnsupportedFormat { found: doc.format });
        }
        Ok(doc)
    }

    /// The file, pretty-printed, with a final newline.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a registry serializes") + "\n"
    }

    /// The bytes the province signs: [`REGISTRY_SIGNING_PREFIX`] and the RFC 8785
    /// canonical form of the file without `signature`.
    ///
    /// # Errors
    /// Never for a document built by this type (it holds no JSON numbers).
    pub fn signing_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        let value = serde_json::to_value(self).expect("a registry serializes");
        signing_bytes(&value)
    }

    /// Adds a key for a unit (the unit is created when new), valid from `valid_from`.
    /// The signature is dropped: the changed file must be signed again.
    ///
    /// # Errors
    /// [`RegistryError::BadUnitId`], [`RegistryError::BadTimestamp`],
    /// [`RegistryError::DuplicateKey`] when the key is already registered,
    /// [`RegistryError::ProvinceRoleKey`] for a province key.
    pub fn add_key(
        &mut self,
        unit: &str,
        unit_name: Option<String>,
        key: RegistryKey,
    ) -> Result<(), RegistryError> {
        check_unit(unit)?;
        if key.role == Role::Province {
            return Err(RegistryError::ProvinceRoleKey {
                unit: unit.to_string(),
            });
        }
        for (field, t) in [
            ("valid_from", &key.valid_from),
            ("valid_until", &key.valid_until),
            ("revoked_at", &key.revoked_at),
        ] {
            check_time(unit, field, t.as_deref())?;
        }
        let fingerprint = key.public_key.fingerprint();
        if let Some((other, _)) = self
            .units
            .iter()
            .find(|(_, u)| u.keys.iter().any(|k| k.public_key == key.public_key))
        {
            return Err(RegistryError::DuplicateKey {
                fingerprint,
                units: [other.clone(), unit.to_string()],
            });
        }
        let entry = self
            .units
            .entry(unit.to_string())
            .or_insert_with(|| RegistryUnit {
                name: None,
                keys: Vec::new(),
            });
        if entry.name.is_none() {
            entry.name = unit_name;
        }
        entry.keys.push(key);
        self.format = REGISTRY_FORMAT_V2.to_string();
        self.unsign();
        Ok(())
    }

    /// Revokes the key with this fingerprint at `at`; returns its unit. The signature
    /// is dropped.
    ///
    /// # Errors
    /// [`RegistryError::UnknownFingerprint`], [`RegistryError::BadTimestamp`].
    pub fn revoke(&mut self, fingerprint: &str, at: &str) -> Result<String, RegistryError> {
        for (unit, entry) in &mut self.units {
            if let Some(key) = entry
                .keys
                .iter_mut()
                .find(|k| k.public_key.fingerprint() == fingerprint)
            {
                check_time(unit, "revoked_at", Some(at))?;
                key.revoked_at = Some(at.to_string());
                let unit = unit.clone();
                self.unsign();
                return Ok(unit);
            }
        }
        Err(RegistryError::UnknownFingerprint {
            fingerprint: fingerprint.to_string(),
        })
    }

    fn unsign(&mut self) {
        self.signature = None;
        self.issued_at = None;
        self.province = None;
    }

    /// Signs the registry with the province key at `issued_at`.
    ///
    /// # Errors
    /// [`RegistryError::NotProvinceKey`] for a key of another role; the errors of
    /// [`KeyRegistry::from_json`] when the result would not read back (a key without
    /// `valid_from`, for one).
    pub fn sign(&mut self, province: &UnlockedKey, issued_at: &str) -> Result<(), RegistryError> {
        if province.role() != Role::Province {
            return Err(RegistryError::NotProvinceKey {
                role: province.role(),
            });
        }
        self.format = REGISTRY_FORMAT_V2.to_string();
        self.issued_at = Some(issued_at.to_string());
        let public = province.public_key();
        self.province = Some(ProvinceKey {
            fingerprint: public.fingerprint(),
            public_key: public,
            name: Some(province.name().to_string()).filter(|n| !n.is_empty()),
        });
        self.signature = None;
        let bytes = self.signing_bytes().map_err(RegistryError::Json)?;
        self.signature = Some(province.sign(&bytes).to_hex());
        // What is written must read back.
        KeyRegistry::from_json(&self.to_json_pretty())?;
        Ok(())
    }
}

fn signing_bytes(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = REGISTRY_SIGNING_PREFIX.to_vec();
    out.extend(canonical::to_canonical_bytes_without(value, "signature")?);
    Ok(out)
}

fn check_unit(unit: &str) -> Result<(), RegistryError> {
    crate::sign::check_unit_id(unit).map_err(|_| RegistryError::BadUnitId {
        found: unit.to_string(),
    })
}

fn check_time(unit: &str, field: &'static str, t: Option<&str>) -> Result<(), RegistryError> {
    match t {
        Some(t) if !is_timestamp(t) => Err(RegistryError::BadTimestamp {
            unit: unit.to_string(),
            field,
            found: t.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Whether `t` is an RFC 3339 UTC time in the one form the tools write,
/// `YYYY-MM-DDTHH:MM:SSZ` (so that comparing the texts compares the times).
pub(crate) fn is_timestamp(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() != 20 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(99);
    digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'Z'
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) < 61
}

/// A date (`2025-01-01`) or a time (`2025-01-01T08:00:00Z`) as the time form the
/// registry holds; `None` when it is neither.
///
/// ```
/// use dti_score::registry::timestamp_from;
/// assert_eq!(timestamp_from("2025-01-01").as_deref(), Some("2025-01-01T00:00:00Z"));
/// assert_eq!(timestamp_from("1/1/2025"), None);
/// ```
pub fn timestamp_from(text: &str) -> Option<String> {
    let t = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_string()
    };
    is_timestamp(&t).then_some(t)
}

impl KeyRegistry {
    /// Reads a `keys.json` (`keys/v2`, or the legacy `keys/v1`), checking its shape,
    /// every unit id, key and fingerprint, and, when it is signed, its signature under
    /// the province key it names. The result is not *proven*: only
    /// [`KeyRegistry::load`] with the province key's fingerprint proves it.
    ///
    /// # Errors
    ///
    /// [`RegistryError`]: not JSON, not a registry file, a malformed key, a fingerprint
    /// that does not match its key, one key registered twice, a `keys/v2` key without
    /// `valid_from` or with a malformed time, a signature that does not verify.
    ///
    /// # Examples
    ///
    /// ```
    /// use dti_score::registry::KeyRegistry;
    /// let registry = KeyRegistry::from_json(r#"{
    ///   "format": "dti-score/keys/v1",
    ///   "units": {"xa-a": {"keys": [{"public_key":
    ///     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "role": "preparer"}]}}
    /// }"#)?;
    /// assert_eq!(registry.units().count(), 1);
    /// assert!(!registry.proven());
    /// # Ok::<(), dti_score::registry::RegistryError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<KeyRegistry, RegistryError> {
        let value = canonical::parse_strict(text).map_err(RegistryError::Json)?;
        let message = signing_bytes(&value);
        let doc = RegistryDocument::from_value(value)?;
        let v2 = doc.format == REGISTRY_FORMAT_V2;
        if !v2 && (doc.signature.is_some() || doc.province.is_some()) {
            return Err(RegistryError::Shape {
                reason: "a dti-score/keys/v1 file has no \"province\" or \"signature\"".into(),
            });
        }
        let mut seen: BTreeMap<[u8; 32], (String, usize)> = BTreeMap::new();
        for (unit, entry) in &doc.units {
            check_unit(unit)?;
            for (index, key) in entry.keys.iter().enumerate() {
                let computed = key.public_key.fingerprint();
                if let Some(written) = &key.fingerprint {
                    if *written != computed {
                        return Err(RegistryError::FingerprintMismatch {
                            unit: unit.clone(),
                            written: written.clone(),
                            computed,
                        });
                    }
                }
                if key.role == Role::Province {
                    return Err(RegistryError::ProvinceRoleKey { unit: unit.clone() });
                }
                if v2 && key.valid_from.is_none() {
                    return Err(RegistryError::MissingValidFrom {
                        unit: unit.clone(),
                        fingerprint: computed,
                    });
                }
                for (field, t) in [
                    ("valid_from", &key.valid_from),
                    ("valid_until", &key.valid_until),
                    ("revoked_at", &key.revoked_at),
                ] {
                    check_time(unit, field, t.as_deref())?;
                }
                if let Some((other, _)) =
                    seen.insert(key.public_key.to_bytes(), (unit.clone(), index))
                {
                    return Err(RegistryError::DuplicateKey {
                        fingerprint: computed,
                        units: [other, unit.clone()],
                    });
                }
            }
        }
        let signed_by = match (&doc.province, &doc.signature) {
            (None, None) => None,
            (None, Some(_)) => return Err(RegistryError::SignatureWithoutProvince),
            (Some(_), None) => return Err(RegistryError::ProvinceWithoutSignature),
            (Some(province), Some(text)) => {
                let computed = province.public_key.fingerprint();
                if province.fingerprint != computed {
                    return Err(RegistryError::FingerprintMismatch {
                        unit: "province".into(),
                        written: province.fingerprint.clone(),
                        computed,
                    });
                }
                let signature =
                    Signature::from_hex(text).map_err(|_| RegistryError::BadSignatureEncoding)?;
                let message = message.map_err(RegistryError::Json)?;
                province
                    .public_key
                    .verify(&message, &signature)
                    .map_err(|_| RegistryError::SignatureInvalid {
                        fingerprint: computed.clone(),
                    })?;
                Some(computed)
            }
        };
        Ok(KeyRegistry {
            units: doc.units,
            by_key: seen,
            signed_by,
            proven: false,
        })
    }

    /// Reads a `keys.json` as the province's tools do: it must be signed by the
    /// province key with fingerprint `province` (then it is *proven*). With
    /// `allow_unproven`, a registry that is unsigned (a draft, a legacy `keys/v1`) or
    /// signed while no province key was given is read too, and stays unproven: every
    /// signer it names is then reported as not proven.
    ///
    /// # Errors
    /// Those of [`KeyRegistry::from_json`]; [`RegistryError::NotSigned`],
    /// [`RegistryError::NoProvinceKeyGiven`], [`RegistryError::WrongProvinceKey`].
    pub fn load(
        text: &str,
        province: Option<&str>,
        allow_unproven: bool,
    ) -> Result<KeyRegistry, RegistryError> {
        let mut registry = KeyRegistry::from_json(text)?;
        let wanted = province.map(|p| p.trim().to_ascii_uppercase());
        match (&registry.signed_by, wanted) {
            (Some(by), Some(want)) if *by == want => registry.proven = true,
            (Some(by), Some(want)) => {
                return Err(RegistryError::WrongProvinceKey {
                    expected: want,
                    found: by.clone(),
                })
            }
            (Some(_), None) if allow_unproven => {}
            (Some(_), None) => return Err(RegistryError::NoProvinceKeyGiven),
            (None, None) if allow_unproven => {}
            (None, _) => return Err(RegistryError::NotSigned),
        }
        Ok(registry)
    }

    /// Whether the registry's signature verified under the province key the reader
    /// asked for ([`KeyRegistry::load`]).
    pub fn proven(&self) -> bool {
        self.proven
    }

    /// The fingerprint of the province key that signed it, if signed.
    pub fn signed_by(&self) -> Option<&str> {
        self.signed_by.as_deref()
    }

    /// The units, by id.
    pub fn units(&self) -> impl Iterator<Item = (&str, &RegistryUnit)> {
        self.units.iter().map(|(id, unit)| (id.as_str(), unit))
    }

    /// Where a key is registered: its unit and entry.
    pub fn find(&self, key: &PublicKey) -> Option<(&str, &RegistryKey)> {
        let (unit, index) = self.by_key.get(&key.to_bytes())?;
        let entry = self.units.get(unit)?.keys.get(*index)?;
        Some((unit.as_str(), entry))
    }

    /// A registered key by its 32 bytes, as read (and checked) when the registry was
    /// loaded: a verifier that meets it in a file need not decode the point again.
    pub(crate) fn registered_key(&self, bytes: &[u8; 32]) -> Option<PublicKey> {
        let (unit, index) = self.by_key.get(bytes)?;
        Some(self.units.get(unit)?.keys.get(*index)?.public_key)
    }
}

#[cfg(test)]
mod examples {
    #[test]
    fn is_timestamp_example() {
        assert!(crate::registry::is_timestamp("2025-11-22T10:00:00Z"));
        assert!(!crate::registry::is_timestamp("2025-11-22"));
        assert!(!crate::registry::is_timestamp("2025-13-01T00:00:00Z"));
    }
}
