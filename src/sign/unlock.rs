//! The unlock flow the pages share: read a key file's text, check the holder's role when
//! one is required (before the slow key derivation), unlock it with its passphrase.

use super::{KeyError, KeyFile, Role, UnlockedKey};

/// A key file and its unlocked key ([`unlock`]).
pub struct Unlocked {
    /// The key file, its clear fields.
    pub file: KeyFile,
    /// The secret key, for signing.
    pub key: UnlockedKey,
}

pub use crate::error::UnlockError;

impl From<KeyError> for UnlockError {
    fn from(e: KeyError) -> Self {
        UnlockError::Key(e)
    }
}

/// Reads a key file's text ([`KeyFile::from_json`]) and unlocks it with `passphrase`
/// ([`KeyFile::unlock`]).
///
/// # Errors
/// [`KeyError`] for a file that does not read or a wrong passphrase.
///
/// # Example
/// ```
/// use dti_score::sign::{unlock, unlock_as, KdfParams, KeyFile, NewKey, Role, UnlockError};
///
/// let new = NewKey {
///     unit_id: "xa-tan-hoa".into(),
///     name: "Nguyễn Văn An".into(),
///     role: Role::Preparer,
///     created_at: "2025-11-22T10:00:00Z".into(),
/// };
/// let text = KeyFile::generate(&new, "correct horse battery", KdfParams::new(64, 1, 1)?)?.to_json_pretty();
/// let unlocked = unlock(&text, "correct horse battery")?;
/// assert_eq!(unlocked.key.role(), Role::Preparer);
/// assert_eq!(unlocked.file.name(), "Nguyễn Văn An");
/// assert_eq!(
///     unlock_as(&text, "correct horse battery", Role::Reviewer).err(),
///     Some(UnlockError::Role { found: Role::Preparer, required: Role::Reviewer })
/// );
/// # Ok::<(), dti_score::sign::KeyError>(())
/// ```
pub fn unlock(key_file: &str, passphrase: &str) -> Result<Unlocked, KeyError> {
    let file = KeyFile::from_json(key_file)?;
    let key = file.unlock(passphrase)?;
    Ok(Unlocked { file, key })
}

/// As [`unlock`], for a key that must be of the role `role` (a reviewer's, on the
/// review page): its role is checked first, so a wrong key is refused without the
/// slow key derivation.
///
/// # Errors
/// [`UnlockError::Key`] for a file that does not read or a wrong passphrase;
/// [`UnlockError::Role`] for a key of another role.
pub fn unlock_as(key_file: &str, passphrase: &str, role: Role) -> Result<Unlocked, UnlockError> {
    let file = KeyFile::from_json(key_file)?;
    if file.role() != role {
        return Err(UnlockError::Role {
            found: file.role(),
            required: role,
        });
    }
    let key = file.unlock(passphrase)?;
    Ok(Unlocked { file, key })
}
