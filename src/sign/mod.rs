//! Ed25519 keys and signatures, and the passphrase-protected unit key file.
//!
//! A unit (a commune, a department) holds one key file per signer: the specialist who
//! prepares the figures (`preparer`), the leader who approves them (`approver`), or a
//! member of the province's reviewing council (`reviewer`). The file keeps the public key
//! and its fingerprint in clear, and the 32-byte Ed25519 secret key encrypted with
//! XChaCha20-Poly1305 under a key derived from the passphrase by Argon2id. The clear
//! fields (format, unit, name, role, public key, fingerprint, date, Argon2 parameters)
//! are the AEAD's associated data, so changing any of them makes the file unusable
//! rather than silently relabelled. See `docs/submission-format.md` for the exact layout.
//!
//! Signatures are checked with `ed25519-dalek`'s `verify_strict`, which also rejects
//! small-order ("weak") public keys and non-canonical signature encodings, so one
//! message and one key admit one valid signature encoding only.
//!
//! The same code runs natively and in the page's wasm; randomness comes from
//! [`getrandom`], which uses the browser's `crypto.getRandomValues` on
//! `wasm32-unknown-unknown`.
//!
//! ```
//! use dti_score::sign::{KdfParams, KeyFile, NewKey, Role};
//!
//! let new = NewKey {
//!     unit_id: "xa-tan-hoa".into(),
//!     name: "Nguyễn Văn An".into(),
//!     role: Role::Preparer,
//!     created_at: "2025-11-22T10:00:00Z".into(),
//! };
//! // Small Argon2 parameters keep the example fast; real keys use KdfParams::RECOMMENDED.
//! let file = KeyFile::generate(&new, "correct horse battery", KdfParams::new(64, 1, 1)?)?;
//! let key = file.unlock("correct horse battery")?;
//! let signature = key.sign(b"message");
//! assert!(file.public_key()?.verify(b"message", &signature).is_ok());
//! # Ok::<(), dti_score::sign::KeyError>(())
//! ```

mod unlock;

use std::fmt;
use std::str::FromStr;

use argon2::{Algorithm, Argon2, Params, Version};

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
pub use unlock::{unlock, unlock_as, UnlockError, Unlocked};
use zeroize::Zeroizing;

use crate::json::canonical;

/// The `format` of a key file.
pub const KEY_FILE_FORMAT: &str = "dti-score/key/v1";

/// The shortest passphrase a new key file accepts, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Prefix of the associated data that binds a key file's clear fields to its ciphertext.
const KEY_FILE_AAD_PREFIX: &[u8] = b"dti-score/key/v1\n";

/// Who signs: the roles of the Thanh Hóa decision's two columns, the reviewing council,
/// and the province, whose key signs the key registry (`keys.json`) and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The specialist who enters the figures (người lập).
    Preparer,
    /// The leader who confirms them (lãnh đạo phê duyệt).
    Approver,
    /// A member of the reviewing council (thành viên hội đồng thẩm định).
    Reviewer,
    /// The province's key, which signs the key registry (khóa của tỉnh).
    Province,
}

impl Role {
    /// The role's name as written in files: `preparer`, `approver`, `reviewer`,
    /// `province`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Preparer => "preparer",
            Role::Approver => "approver",
            Role::Reviewer => "reviewer",
            Role::Province => "province",
        }
    }

    /// The role in Vietnamese, for people.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Preparer => "người lập",
            Role::Approver => "người phê duyệt",
            Role::Reviewer => "người thẩm định",
            Role::Province => "khóa của tỉnh",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = KeyError;

    /// # Errors
    ///
    /// [`KeyError::UnknownRole`] for anything but `preparer`, `approver`, `reviewer`,
    /// `province`.
    fn from_str(s: &str) -> Result<Role, KeyError> {
        match s {
            "preparer" => Ok(Role::Preparer),
            "approver" => Ok(Role::Approver),
            "reviewer" => Ok(Role::Reviewer),
            "province" => Ok(Role::Province),
            other => Err(KeyError::UnknownRole {
                found: other.to_string(),
            }),
        }
    }
}

/// An Ed25519 public key. Written in files as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The 32 bytes of the key (RFC 8032 encoding).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The key from its 32 bytes.
    ///
    /// # Errors
    ///
    /// [`KeyError::BadPublicKey`] when the bytes are not a point on the curve or are a
    /// small-order ("weak") point, which no honest key generator produces.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, KeyError> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::BadPublicKey {
            problem: PublicKeyProblem::NotOnCurve,
        })?;
        if key.is_weak() {
            return Err(KeyError::BadPublicKey {
                problem: PublicKeyProblem::SmallOrder,
            });
        }
        Ok(PublicKey(key))
    }

    /// The key from 64 hex digits.
    ///
    /// # Errors
    ///
    /// [`KeyError::BadPublicKey`] for anything but 64 hex digits encoding a valid key.
    ///
    /// ```
    /// use dti_score::sign::PublicKey;
    /// let key = PublicKey::from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")?;
    /// assert_eq!(key.fingerprint(), "21FE-31DF-A154-A261");
    /// # Ok::<(), dti_score::sign::KeyError>(())
    /// ```
    pub fn from_hex(text: &str) -> Result<PublicKey, KeyError> {
        let bytes: [u8; 32] = hex_decode_array(text).ok_or(KeyError::BadPublicKey {
            problem: PublicKeyProblem::NotHex,
        })?;
        PublicKey::from_bytes(&bytes)
    }

    /// 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.to_bytes())
    }

    /// A short fingerprint to compare by eye or read over the phone: the first 8 bytes
    /// of SHA-256 of the key's 32 bytes, as 4 groups of 4 upper-case hex digits
    /// (`"21FE-31DF-A154-A261"`).
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.to_bytes());
        let hex = hex_encode(&digest[..8]).to_uppercase();
        format!(
            "{}-{}-{}-{}",
            &hex[0..4],
            &hex[4..8],
            &hex[8..12],
            &hex[12..16]
        )
    }

    /// Check `signature` over `message` with RFC 8032 verification in its strict form
    /// (`ed25519-dalek`'s `verify_strict`).
    ///
    /// # Errors
    ///
    /// [`BadSignature`] when the signature does not verify. It carries no detail on
    /// purpose: the only thing a caller may conclude is "not signed by this key".
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), BadSignature> {
        let sig = ed25519_dalek::Signature::from_bytes(&signature.0);
        self.0
            .verify_strict(message, &sig)
            .map_err(|_| BadSignature)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_hex())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PublicKey, D::Error> {
        let text = String::deserialize(deserializer)?;
        PublicKey::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// The signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadSignature;

impl fmt::Display for BadSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the signature does not verify")
    }
}

impl std::error::Error for BadSignature {}

/// An Ed25519 signature (64 bytes). Written in files as 128 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; 64]);

impl Signature {
    /// The signature from its 64 bytes (not checked until verified).
    pub fn from_bytes(bytes: [u8; 64]) -> Signature {
        Signature(bytes)
    }

    /// The 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    /// The signature from 128 hex digits.
    ///
    /// # Errors
    ///
    /// [`KeyError::BadSignatureEncoding`] for anything but 128 hex digits.
    pub fn from_hex(text: &str) -> Result<Signature, KeyError> {
        hex_decode_array(text)
            .map(Signature)
            .ok_or(KeyError::BadSignatureEncoding)
    }

    /// 128 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.0)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", self.to_hex())
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Signature, D::Error> {
        let text = String::deserialize(deserializer)?;
        Signature::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// Argon2id cost parameters, recorded in every key file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl KdfParams {
    /// OWASP's first recommended Argon2id configuration: 19 MiB, 2 passes, 1 lane.
    /// About a second in the wasm of an old phone, a few tens of milliseconds natively.
    pub const RECOMMENDED: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// The largest memory a key file may ask for: 256 MiB, thirteen times OWASP's
    /// recommendation and above RFC 9106's second recommended option (64 MiB). Checked
    /// before any work, so a crafted key file cannot make `sign` spend gigabytes and
    /// minutes before saying "wrong passphrase" (docs/limits.md).
    pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
    /// The largest number of passes a key file may ask for (OWASP's slowest listed
    /// configuration uses 5; RFC 9106's, 3).
    pub const MAX_ITERATIONS: u32 = 8;
    /// The largest number of lanes a key file may ask for (RFC 9106 recommends 4).
    pub const MAX_PARALLELISM: u32 = 4;

    /// Parameters: memory in KiB (at least 8 per lane), passes, lanes.
    ///
    /// # Errors
    ///
    /// [`KeyError::KdfParams`] when a value is out of Argon2's own range (no lanes, no
    /// passes, less than 8 KiB per lane); [`KeyError::KdfTooCostly`] when it is above
    /// this module's maxima ([`Self::MAX_MEMORY_KIB`], [`Self::MAX_ITERATIONS`],
    /// [`Self::MAX_PARALLELISM`]).
    pub fn new(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<KdfParams, KeyError> {
        let bad = |field: &'static str, value: u32| KeyError::KdfParams {
            field,
            value: value.to_string(),
        };
        let costly = |field: &'static str, value: u32, max: u32| KeyError::KdfTooCostly {
            field,
            value,
            max,
        };
        if parallelism > Self::MAX_PARALLELISM {
            return Err(costly("parallelism", parallelism, Self::MAX_PARALLELISM));
        }
        if iterations > Self::MAX_ITERATIONS {
            return Err(costly("iterations", iterations, Self::MAX_ITERATIONS));
        }
        if memory_kib > Self::MAX_MEMORY_KIB {
            return Err(costly("memory_kib", memory_kib, Self::MAX_MEMORY_KIB));
        }
        if parallelism == 0 {
            return Err(bad("parallelism", parallelism));
        }
        if iterations == 0 {
            return Err(bad("iterations", iterations));
        }
        if memory_kib < 8 * parallelism {
            return Err(bad("memory_kib", memory_kib));
        }
        Ok(KdfParams {
            memory_kib,
            iterations,
            parallelism,
        })
    }

    /// Memory in KiB.
    pub fn memory_kib(&self) -> u32 {
        self.memory_kib
    }

    /// Number of passes.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Number of lanes.
    pub fn parallelism(&self) -> u32 {
        self.parallelism
    }
}

/// What a new key file says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey {
    /// The unit's id (`"xa-tan-hoa"`), as the province's `keys.json` lists it.
    pub unit_id: String,
    /// The signer's full name.
    pub name: String,
    /// The signer's role.
    pub role: Role,
    /// When the key was made, RFC 3339 in UTC (`"2025-11-22T10:00:00Z"`).
    pub created_at: String,
}

/// A key file as stored: clear metadata, the public key, the encrypted secret key.
///
/// Every field is a string (numbers too), so the file has a canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    format: String,
    unit_id: String,
    name: String,
    role: Role,
    public_key: String,
    fingerprint: String,
    created_at: String,
    kdf: KdfRecord,
    encrypted_secret_key: CipherRecord,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KdfRecord {
    algorithm: String,
    version: String,
    memory_kib: String,
    iterations: String,
    parallelism: String,
    salt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CipherRecord {
    algorithm: String,
    nonce: String,
    ciphertext: String,
}

const KDF_ALGORITHM: &str = "argon2id";
const KDF_VERSION: &str = "19";
const CIPHER_ALGORITHM: &str = "xchacha20poly1305";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
/// 32 bytes of secret key + 16 bytes of Poly1305 tag.
const CIPHERTEXT_LEN: usize = 48;

impl KeyFile {
    /// Make a new key: 32 random bytes from the OS (or the browser's) CSPRNG, encrypted
    /// under `passphrase`.
    ///
    /// # Errors
    ///
    /// [`KeyError::PassphraseTooShort`] (under [`MIN_PASSPHRASE_CHARS`]),
    /// [`KeyError::BadUnitId`], [`KeyError::EmptyName`],
    /// [`KeyError::Random`] when no randomness is available, [`KeyError::Kdf`].
    pub fn generate(
        new: &NewKey,
        passphrase: &str,
        params: KdfParams,
    ) -> Result<KeyFile, KeyError> {
        let mut secret = Zeroizing::new([0u8; 32]);
        fill_random(secret.as_mut())?;
        KeyFile::from_secret(new, &secret, passphrase, params)
    }

    /// Wrap a given 32-byte Ed25519 secret key in a key file (tests, key migration).
    ///
    /// # Errors
    ///
    /// As [`KeyFile::generate`].
    pub fn from_secret(
        new: &NewKey,
        secret: &[u8; 32],
        passphrase: &str,
        params: KdfParams,
    ) -> Result<KeyFile, KeyError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(KeyError::PassphraseTooShort {
                min: MIN_PASSPHRASE_CHARS,
            });
        }
        check_unit_id(&new.unit_id)?;
        if new.name.trim().is_empty() {
            return Err(KeyError::EmptyName);
        }
        let signing = SigningKey::from_bytes(secret);
        let public = PublicKey(signing.verifying_key());
        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let mut file = KeyFile {
            format: KEY_FILE_FORMAT.to_string(),
            unit_id: new.unit_id.clone(),
            name: new.name.clone(),
            role: new.role,
            public_key: public.to_hex(),
            fingerprint: public.fingerprint(),
            created_at: new.created_at.clone(),
            kdf: KdfRecord {
                algorithm: KDF_ALGORITHM.to_string(),
                version: KDF_VERSION.to_string(),
                memory_kib: params.memory_kib.to_string(),
                iterations: params.iterations.to_string(),
                parallelism: params.parallelism.to_string(),
                salt: hex_encode(&salt),
            },
            encrypted_secret_key: CipherRecord {
                algorithm: CIPHER_ALGORITHM.to_string(),
                nonce: hex_encode(&nonce),
                ciphertext: String::new(),
            },
        };
        let wrapping = derive_key(passphrase, &salt, params)?;
        let cipher = XChaCha20Poly1305::new(&(*wrapping).into());
        let aad = file.associated_data();
        let ciphertext = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: secret,
                    aad: &aad,
                },
            )
            .map_err(|_| KeyError::Kdf {
                reason: "encryption failed".to_string(),
            })?;
        file.encrypted_secret_key.ciphertext = hex_encode(&ciphertext);
        Ok(file)
    }

    /// Read a key file and check everything that can be checked without the passphrase.
    ///
    /// # Errors
    ///
    /// [`KeyError::TooLarge`] (above 64 KiB, before parsing), [`KeyError::NotJson`] (truncated or damaged file), [`KeyError::Shape`] (a missing,
    /// unknown or repeated field), [`KeyError::Field`] (a malformed field), [`KeyError::UnsupportedFormat`], [`KeyError::KdfParams`],
    /// [`KeyError::FingerprintMismatch`].
    pub fn from_json(text: &str) -> Result<KeyFile, KeyError> {
        crate::limits::check_size(crate::limits::InputKind::KeyFile, text.len() as u64)
            .map_err(KeyError::TooLarge)?;
        let value = canonical::parse_strict(text).map_err(|err| match err {
            canonical::CanonicalError::Syntax {
                line,
                column,
                reason,
            } => KeyError::NotJson {
                line,
                column,
                reason,
            },
            other => KeyError::Shape {
                reason: other.to_string(),
            },
        })?;
        if let Some(format) = value.get("format").and_then(|f| f.as_str()) {
            if format != KEY_FILE_FORMAT {
                return Err(KeyError::UnsupportedFormat {
                    found: format.to_string(),
                });
            }
        }
        let file: KeyFile = serde_json::from_value(value).map_err(|err| KeyError::Shape {
            reason: err.to_string(),
        })?;
        file.check()?;
        Ok(file)
    }

    /// The key file as pretty-printed JSON (what `dti-score keygen` writes).
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a key file serializes");
        text.push('\n');
        text
    }

    fn check(&self) -> Result<(), KeyError> {
        let field = |field: &str, reason: &str| KeyError::Field {
            field: field.to_string(),
            reason: reason.to_string(),
        };
        if self.format != KEY_FILE_FORMAT {
            return Err(KeyError::UnsupportedFormat {
                found: self.format.clone(),
            });
        }
        check_unit_id(&self.unit_id)?;
        let public = self.public_key()?;
        if public.fingerprint() != self.fingerprint {
            return Err(KeyError::FingerprintMismatch {
                written: self.fingerprint.clone(),
                computed: public.fingerprint(),
            });
        }
        if self.kdf.algorithm != KDF_ALGORITHM {
            return Err(field("/kdf/algorithm", "must be \"argon2id\""));
        }
        if self.kdf.version != KDF_VERSION {
            return Err(field("/kdf/version", "must be \"19\" (argon2 version 1.3)"));
        }
        self.params()?;
        if hex_decode(&self.kdf.salt).is_none_or(|salt| salt.len() != SALT_LEN) {
            return Err(field("/kdf/salt", "must be 32 hex digits"));
        }
        if self.encrypted_secret_key.algorithm != CIPHER_ALGORITHM {
            return Err(field(
                "/encrypted_secret_key/algorithm",
                "must be \"xchacha20poly1305\"",
            ));
        }
        if hex_decode(&self.encrypted_secret_key.nonce).is_none_or(|n| n.len() != NONCE_LEN) {
            return Err(field(
                "/encrypted_secret_key/nonce",
                "must be 48 hex digits",
            ));
        }
        if hex_decode(&self.encrypted_secret_key.ciphertext)
            .is_none_or(|c| c.len() != CIPHERTEXT_LEN)
        {
            return Err(field(
                "/encrypted_secret_key/ciphertext",
                "must be 96 hex digits",
            ));
        }
        Ok(())
    }

    fn params(&self) -> Result<KdfParams, KeyError> {
        let number = |field: &'static str, text: &str| {
            text.parse::<u32>()
                .ok()
                .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
                .ok_or(KeyError::KdfParams {
                    field,
                    value: text.to_string(),
                })
        };
        KdfParams::new(
            number("memory_kib", &self.kdf.memory_kib)?,
            number("iterations", &self.kdf.iterations)?,
            number("parallelism", &self.kdf.parallelism)?,
        )
    }

    /// The unit the key belongs to.
    pub fn unit_id(&self) -> &str {
        &self.unit_id
    }

    /// The signer's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signer's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// When the key was made, as written.
    pub fn created_at(&self) -> &str {
        &self.created_at
    }

    /// The fingerprint written in the file (checked against the public key on load).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The Argon2id parameters recorded in the file.
    ///
    /// # Errors
    ///
    /// [`KeyError::KdfParams`] for parameters out of range (a file built by hand).
    pub fn kdf_params(&self) -> Result<KdfParams, KeyError> {
        self.params()
    }

    /// The public key.
    ///
    /// # Errors
    ///
    /// [`KeyError::BadPublicKey`] (only for a file built by hand and not loaded with
    /// [`KeyFile::from_json`]).
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        PublicKey::from_hex(&self.public_key)
    }

    /// Decrypt the secret key.
    ///
    /// # Errors
    ///
    /// [`KeyError::WrongPassphrase`] when decryption fails: the passphrase is wrong, or
    /// the file's clear fields or ciphertext were changed. [`KeyError::PublicKeyMismatch`]
    /// when the secret key does not belong to the public key written in the file.
    pub fn unlock(&self, passphrase: &str) -> Result<UnlockedKey, KeyError> {
        self.check()?;
        let params = self.params()?;
        let salt = hex_decode(&self.kdf.salt).expect("checked");
        let nonce: [u8; NONCE_LEN] =
            hex_decode_array(&self.encrypted_secret_key.nonce).expect("checked");
        let ciphertext = hex_decode(&self.encrypted_secret_key.ciphertext).expect("checked");
        let wrapping = derive_key(passphrase, &salt, params)?;
        let cipher = XChaCha20Poly1305::new(&(*wrapping).into());
        let aad = self.associated_data();
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    &XNonce::from(nonce),
                    Payload {
                        msg: &ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| KeyError::WrongPassphrase)?,
        );
        let secret: Zeroizing<[u8; 32]> = Zeroizing::new(
            plain
                .as_slice()
                .try_into()
                .map_err(|_| KeyError::WrongPassphrase)?,
        );
        let signing = SigningKey::from_bytes(&secret);
        let public = self.public_key()?;
        if signing.verifying_key() != public.0 {
            return Err(KeyError::PublicKeyMismatch);
        }
        Ok(UnlockedKey {
            signing,
            public,
            unit_id: self.unit_id.clone(),
            name: self.name.clone(),
            role: self.role,
        })
    }

    /// `"dti-score/key/v1\n"` + JCS of the file without `encrypted_secret_key`: the clear
    /// fields, authenticated by the AEAD.
    fn associated_data(&self) -> Vec<u8> {
        let mut value = serde_json::to_value(self).expect("a key file serializes");
        if let Some(map) = value.as_object_mut() {
            map.remove("encrypted_secret_key");
        }
        let mut aad = KEY_FILE_AAD_PREFIX.to_vec();
        aad.extend(canonical::to_canonical_bytes(&value).expect("a key file holds strings only"));
        aad
    }
}

/// A decrypted key, ready to sign. Its `Debug` shows the public key only; the secret is
/// wiped from memory when it is dropped.
pub struct UnlockedKey {
    signing: SigningKey,
    public: PublicKey,
    unit_id: String,
    name: String,
    role: Role,
}

impl UnlockedKey {
    /// An unlocked key from a raw 32-byte secret (tests and the RFC 8032 vectors).
    pub fn from_secret(secret: &[u8; 32], unit_id: &str, name: &str, role: Role) -> UnlockedKey {
        let signing = SigningKey::from_bytes(secret);
        let public = PublicKey(signing.verifying_key());
        UnlockedKey {
            signing,
            public,
            unit_id: unit_id.to_string(),
            name: name.to_string(),
            role,
        }
    }

    /// Sign `message` (RFC 8032 Ed25519, deterministic).
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.signing.sign(message).to_bytes())
    }

    /// The public key.
    pub fn public_key(&self) -> PublicKey {
        self.public
    }

    /// The unit the key belongs to.
    pub fn unit_id(&self) -> &str {
        &self.unit_id
    }

    /// The signer's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signer's role.
    pub fn role(&self) -> Role {
        self.role
    }
}

impl fmt::Debug for UnlockedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnlockedKey")
            .field("public", &self.public)
            .field("unit_id", &self.unit_id)
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// What went wrong with a key or a key file. Messages never contain key material or
/// the passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The key file is not JSON: usually truncated or damaged in transit.
    NotJson {
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// The parser's description.
        reason: String,
    },
    /// The file is JSON but not a key file: a field is missing, unknown, repeated or of
    /// the wrong type.
    Shape {
        /// The parser's description.
        reason: String,
    },
    /// The key file is larger than any key file (64 KiB; checked before parsing).
    TooLarge(crate::limits::TooLarge),
    /// A field is malformed.
    Field {
        /// JSON Pointer of the field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The file's `format` is not `dti-score/key/v1`.
    UnsupportedFormat {
        /// The format found.
        found: String,
    },
    /// A role other than `preparer`, `approver`, `reviewer`.
    UnknownRole {
        /// The role found.
        found: String,
    },
    /// A unit id that is empty or has characters other than letters, digits, `-`, `_`, `.`.
    BadUnitId {
        /// The id found.
        found: String,
    },
    /// The signer's name is empty.
    EmptyName,
    /// The passphrase is empty.
    EmptyPassphrase,
    /// A new key's passphrase is too short.
    PassphraseTooShort {
        /// The minimum, in characters.
        min: usize,
    },
    /// An Argon2 parameter is out of range.
    KdfParams {
        /// `memory_kib`, `iterations` or `parallelism`.
        field: &'static str,
        /// The value found.
        value: String,
    },
    /// An Argon2 parameter above this version's maximum (a key file that would make
    /// opening it cost more memory or time than any honest key needs); checked before
    /// any work.
    KdfTooCostly {
        /// `memory_kib`, `iterations` or `parallelism`.
        field: &'static str,
        /// The value found.
        value: u32,
        /// The largest value read.
        max: u32,
    },
    /// Key derivation failed.
    Kdf {
        /// Argon2's description.
        reason: String,
    },
    /// No randomness could be had from the system or the browser.
    Random {
        /// getrandom's description.
        reason: String,
    },
    /// The public key is not a valid Ed25519 key.
    BadPublicKey {
        /// What is wrong.
        problem: PublicKeyProblem,
    },
    /// A signature is not 128 hex digits.
    BadSignatureEncoding,
    /// The fingerprint written in the file is not the public key's.
    FingerprintMismatch {
        /// The fingerprint in the file.
        written: String,
        /// The public key's fingerprint.
        computed: String,
    },
    /// Decryption failed: wrong passphrase, or the file was altered.
    WrongPassphrase,
    /// The decrypted secret key does not belong to the file's public key.
    PublicKeyMismatch,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotJson { line, column, reason } => write!(
                f,
                "the key file is not valid json (truncated or damaged?) at line {line}, column {column}: {reason}"
            ),
            KeyError::Shape { reason } => write!(f, "this is not a dti-score key file: {reason}"),
            KeyError::TooLarge(too_large) => write!(f, "{too_large}"),
            KeyError::Field { field, reason } => write!(f, "key file field \"{field}\": {reason}"),
            KeyError::UnsupportedFormat { found } => write!(
                f,
                "the key file's format is \"{found}\"; this version reads \"{KEY_FILE_FORMAT}\""
            ),
            KeyError::UnknownRole { found } => write!(
                f,
                "unknown role \"{found}\": expected \"preparer\", \"approver\", \"reviewer\" or \"province\""
            ),
            KeyError::BadUnitId { found } => write!(
                f,
                "unit id \"{found}\" must be non-empty and use only letters, digits, \"-\", \"_\" and \".\"{}",
                crate::unit_id::reason(found, crate::text::Lang::En)
            ),
            KeyError::EmptyName => f.write_str("the signer's name is empty"),
            KeyError::EmptyPassphrase => f.write_str("the passphrase is empty"),
            KeyError::PassphraseTooShort { min } => {
                write!(f, "the passphrase must have at least {min} characters")
            }
            KeyError::KdfParams { field, value } => {
                write!(f, "argon2 parameter {field} = \"{value}\" is out of range")
            }
            KeyError::KdfTooCostly { field, value, max } => write!(
                f,
                "argon2 parameter {field} = {value} is above the maximum {max}: the key file asks for more work than any key made by dti-score (refused before any work)"
            ),
            KeyError::Kdf { reason } => write!(f, "key derivation failed: {reason}"),
            KeyError::Random { reason } => {
                write!(f, "no secure randomness available from the system or browser: {reason}")
            }
            KeyError::BadPublicKey { problem } => write!(f, "the public key is invalid: {}", problem.en()),
            KeyError::BadSignatureEncoding => f.write_str("a signature must be 128 hex digits"),
            KeyError::FingerprintMismatch { written, computed } => write!(
                f,
                "the key file's fingerprint \"{written}\" does not match its public key (fingerprint \"{computed}\")"
            ),
            KeyError::WrongPassphrase => f.write_str(
                "wrong passphrase: the secret key could not be decrypted (or the key file was altered)",
            ),
            KeyError::PublicKeyMismatch => {
                f.write_str("the key file's secret key does not belong to its public key")
            }
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// The message in Vietnamese, for the people who read it on the page.
    pub fn message_vi(&self) -> String {
        match self {
            KeyError::NotJson { line, column, reason } => format!(
                "tệp khóa không phải JSON hợp lệ (bị cắt cụt hoặc hỏng?) tại dòng {line}, cột {column}: {reason}"
            ),
            KeyError::Shape { reason } => format!("đây không phải tệp khóa dti-score: {reason}"),
            KeyError::TooLarge(too_large) => too_large.message(crate::text::Lang::Vi),
            KeyError::Field { field, reason } => format!("trường \"{field}\" của tệp khóa: {reason}"),
            KeyError::UnsupportedFormat { found } => format!(
                "định dạng tệp khóa là \"{found}\"; phiên bản này đọc \"{KEY_FILE_FORMAT}\""
            ),
            KeyError::UnknownRole { found } => format!(
                "vai trò \"{found}\" không hợp lệ: phải là \"preparer\" (người lập), \"approver\" (người phê duyệt), \"reviewer\" (người thẩm định) hoặc \"province\" (khóa của tỉnh)"
            ),
            KeyError::BadUnitId { found } => format!(
                "mã đơn vị \"{found}\" không được để trống và chỉ gồm chữ, số, \"-\", \"_\", \".\"{}",
                crate::unit_id::reason(found, crate::text::Lang::Vi)
            ),
            KeyError::EmptyName => "tên người ký đang để trống".to_string(),
            KeyError::EmptyPassphrase => "mật khẩu đang để trống".to_string(),
            KeyError::PassphraseTooShort { min } => {
                format!("mật khẩu phải có ít nhất {min} ký tự")
            }
            KeyError::KdfParams { field, value } => {
                format!("tham số argon2 {field} = \"{value}\" nằm ngoài phạm vi cho phép")
            }
            KeyError::KdfTooCostly { field, value, max } => format!(
                "tham số argon2 {field} = {value} vượt mức tối đa {max}: tệp khóa đòi nhiều công sức hơn mọi khóa do dti-score tạo (bị từ chối trước khi tính)"
            ),
            KeyError::Kdf { reason } => format!("không tạo được khóa từ mật khẩu: {reason}"),
            KeyError::Random { reason } => format!(
                "hệ thống hoặc trình duyệt không cung cấp được số ngẫu nhiên an toàn: {reason}"
            ),
            KeyError::BadPublicKey { problem } => format!("khóa công khai không hợp lệ: {}", problem.vi()),
            KeyError::BadSignatureEncoding => "chữ ký phải gồm 128 chữ số hệ 16".to_string(),
            KeyError::FingerprintMismatch { written, computed } => format!(
                "dấu vân tay \"{written}\" ghi trong tệp khóa không khớp với khóa công khai (dấu vân tay \"{computed}\")"
            ),
            KeyError::WrongPassphrase => {
                "sai mật khẩu: không giải mã được khóa bí mật (hoặc tệp khóa đã bị sửa)".to_string()
            }
            KeyError::PublicKeyMismatch => {
                "khóa bí mật trong tệp không thuộc về khóa công khai ghi trong tệp".to_string()
            }
        }
    }
}

/// Why bytes are not a usable Ed25519 public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKeyProblem {
    /// Not 64 lower-case hex digits.
    NotHex,
    /// The bytes do not encode a point on the curve.
    NotOnCurve,
    /// A small-order ("weak") point, which no honest key generator produces.
    SmallOrder,
}

impl PublicKeyProblem {
    fn en(self) -> &'static str {
        match self {
            PublicKeyProblem::NotHex => "not 64 lower-case hex digits",
            PublicKeyProblem::NotOnCurve => "not a point on the curve",
            PublicKeyProblem::SmallOrder => "a small-order (weak) point",
        }
    }

    fn vi(self) -> &'static str {
        match self {
            PublicKeyProblem::NotHex => "không phải 64 chữ số hệ 16 viết thường",
            PublicKeyProblem::NotOnCurve => "không phải một điểm trên đường cong",
            PublicKeyProblem::SmallOrder => "là điểm có bậc nhỏ (khóa yếu)",
        }
    }
}

/// A unit id by the one rule ([`crate::unit_id::check`]).
pub(crate) fn check_unit_id(id: &str) -> Result<(), KeyError> {
    crate::unit_id::check(id).map_err(|_| KeyError::BadUnitId {
        found: id.to_string(),
    })
}

fn fill_random(buf: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(buf).map_err(|err| KeyError::Random {
        reason: err.to_string(),
    })
}

fn derive_key(
    passphrase: &str,
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    if passphrase.is_empty() {
        return Err(KeyError::EmptyPassphrase);
    }
    let argon_params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|err| KeyError::Kdf {
        reason: err.to_string(),
    })?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|err| KeyError::Kdf {
            reason: err.to_string(),
        })?;
    Ok(out)
}

/// Lower-case hex.
pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

/// Hex (lower-case only, so that one value has one spelling) to bytes.
pub(crate) fn hex_decode(text: &str) -> Option<Vec<u8>> {
    fn digit(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

pub(crate) fn hex_decode_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    hex_decode(text)?.try_into().ok()
}
