//! Ed25519 public keys and signatures, checked with `verify_strict`.

use std::fmt;

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::error::sign::*;
use crate::json::hex::*;

/// An Ed25519 public key. Written in files as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub(crate) VerifyingKey);

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
pub struct Signature(pub(crate) [u8; 64]);

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
