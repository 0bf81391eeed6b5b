//! Why a key could not be unlocked ([`crate::sign::unlock`]): its own file, as it names a
//! [`Role`] and `Role`'s reader returns a [`KeyError`].

use crate::error::sign::KeyError;
use crate::error::Message;
use crate::sign::roles::Role;
use crate::text::Lang;

/// Why a key could not be unlocked ([`crate::sign::unlock`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnlockError {
    /// The key file does not read, or the passphrase does not open it.
    Key(KeyError),
    /// The key is not of the role required. Nothing was derived from the passphrase.
    Role {
        /// The key's role.
        found: Role,
        /// The role required.
        required: Role,
    },
}

impl Message for UnlockError {
    fn code(&self) -> &'static str {
        match self {
            UnlockError::Key(e) => e.code(),
            UnlockError::Role { .. } => "key.wrong_role",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            UnlockError::Key(e) => e.message(lang),
            UnlockError::Role { found, required } => {
                let (found, required) = (found.as_str(), required.as_str());
                say!(
                    lang,
                    "khóa này là của vai trò {found}, không phải {required}",
                    "the key is a {found}'s, not a {required}'s"
                )
            }
        }
    }
}

message_display!(UnlockError);
