//! The passphrase-protected key file: Argon2id + XChaCha20-Poly1305 over the Ed25519 secret key,
//! the clear fields bound as associated data; and the unlocked key that signs.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer, SigningKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::sign::*;
use crate::error::CanonicalError;
use crate::json::canonical;
use crate::json::hex::*;
use crate::sign::*;

use crate::formats::KEY_FILE_FORMAT;

/// The shortest passphrase a new key file accepts, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Prefix of the associated data that binds a key file's clear fields to its ciphertext.
const KEY_FILE_AAD_PREFIX: &[u8] = b"dti-score/key/v1\n";

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
            CanonicalError::Syntax {
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

/// A unit id by the one rule ([`crate::unit_id::check`]).
pub(crate) fn check_unit_id(id: &str) -> Result<(), KeyError> {
    crate::unit_id::check(id).map_err(|_| KeyError::BadUnitId {
        found: id.to_string(),
    })
}

pub(super) fn fill_random(buf: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(buf).map_err(|err| KeyError::Random {
        reason: err.to_string(),
    })
}

pub(super) fn derive_key(
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
