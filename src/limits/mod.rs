//! How large an input file may be, per kind: checked before a byte of it is parsed, in
//! the CLI (from the file's size on disk) and in the pages (from `File.size`, through
//! the wasm export `checkFileSize`, before the file is read).
//!
//! Parsing costs memory in proportion to the input (a JSON value tree is several times
//! the size of its text), so an unbounded input is a way to take down the tool or the
//! browser tab. The limits are generous for real data — the largest real indicator set
//! (Thanh Hóa's district set, 47 + 127 indicators) is 410 KB, a commune's values file a
//! few KB, a signed submission carries its set — and are listed in `docs/limits.md`.
//!
//! ```
//! use dti_score::limits::{check_size, InputKind};
//! use dti_score::Message;
//!
//! assert!(check_size(InputKind::Values, 40_000).is_ok());
//! let err = check_size(InputKind::KeyFile, 70_000).unwrap_err();
//! assert_eq!(err.code(), "input.too_large");
//! assert_eq!(err.to_string(), "the key file is 70000 bytes; the largest read is 65536 bytes (64 KiB)");
//! ```

pub(crate) mod kind;

pub use crate::error::TooLarge;
pub use kind::InputKind;

/// Checks a file's size against its kind's limit, before it is read or parsed.
///
/// # Errors
/// [`TooLarge`] when `size` is above [`InputKind::max_bytes`].
pub fn check_size(kind: InputKind, size: u64) -> Result<(), TooLarge> {
    if size > kind.max_bytes() {
        Err(TooLarge { kind, size })
    } else {
        Ok(())
    }
}
