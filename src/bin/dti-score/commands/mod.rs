//! One module per command: its arguments (`Args`, or a subcommand enum) and `exec`.

pub(crate) mod aggregate;
pub(crate) mod appraise;
pub(crate) mod bundle;
pub(crate) mod evidence;
pub(crate) mod keygen;
pub(crate) mod registry;
pub(crate) mod score;
pub(crate) mod serve;
pub(crate) mod set;
pub(crate) mod sign;
pub(crate) mod template;
pub(crate) mod validate;
pub(crate) mod verify;
