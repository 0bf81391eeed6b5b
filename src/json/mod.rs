//! JSON as the engine reads and signs it: the collecting reader every file format is
//! read with (`walk`), and the canonical form (RFC 8785) signatures are made over
//! ([`canonical`]).

pub mod canonical;
pub(crate) mod hex;
pub mod pointer;
pub(crate) mod walk;
