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

mod key;
mod key_file;
pub(crate) mod roles;
mod unlock;

pub use crate::error::sign::{BadSignature, KeyError, PublicKeyProblem};
pub use key::{PublicKey, Signature};
pub(crate) use key_file::check_unit_id;
pub use key_file::{KdfParams, KeyFile, NewKey, UnlockedKey, MIN_PASSPHRASE_CHARS};
pub use roles::{Role, Slot};
pub use unlock::{unlock, unlock_as, UnlockError, Unlocked};
