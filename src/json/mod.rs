//! JSON as the engine reads and signs it: the collecting reader every file format is
//! read with (`walk`), and the canonical form (RFC 8785) signatures are made over
//! ([`to_canonical_bytes`]), and the strict reader that refuses duplicate keys
//! ([`parse_strict`]).

pub(crate) mod canonical;
pub(crate) mod hex;
pub(crate) mod pointer;
pub(crate) mod walk;

pub use crate::error::CanonicalError;
pub use canonical::{parse_strict, to_canonical_bytes, to_canonical_string};
