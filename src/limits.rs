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
//!
//! assert!(check_size(InputKind::Values, 40_000).is_ok());
//! let err = check_size(InputKind::KeyFile, 70_000).unwrap_err();
//! assert_eq!(err.code(), "input.too_large");
//! assert_eq!(err.to_string(), "the key file is 70000 bytes; the largest read is 65536 bytes (64 KiB)");
//! ```

use std::fmt;

use crate::text::{Bilingual, Lang};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;

/// The kinds of file the tools read, each with its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputKind {
    /// An indicator set (`dti-score/indicator-set`): 5 MiB.
    Set,
    /// A unit's values file: 2 MiB.
    Values,
    /// A signed submission (values, report and set, signed): 5 MiB plus the set's limit
    /// (it embeds the set), 10 MiB.
    Submission,
    /// A key file: 64 KiB (a real one is under 1 KiB).
    KeyFile,
    /// The province's key registry (`keys.json`): 4 MiB (about 20,000 keys).
    Registry,
    /// A province's targets file: 2 MiB.
    Targets,
    /// An appraisal (the council's signed scores for one submission): 2 MiB.
    Appraisal,
}

impl InputKind {
    /// Every kind, in the order of `docs/limits.md`.
    pub const ALL: [InputKind; 7] = [
        InputKind::Set,
        InputKind::Values,
        InputKind::Submission,
        InputKind::KeyFile,
        InputKind::Registry,
        InputKind::Targets,
        InputKind::Appraisal,
    ];

    /// The largest file of this kind read, in bytes.
    pub const fn max_bytes(self) -> u64 {
        match self {
            InputKind::Set => 5 * MIB,
            InputKind::Values => 2 * MIB,
            InputKind::Submission => 10 * MIB,
            InputKind::KeyFile => 64 * KIB,
            InputKind::Registry => 4 * MIB,
            InputKind::Targets => 2 * MIB,
            InputKind::Appraisal => 2 * MIB,
        }
    }

    /// The kind's name as the page passes it to `checkFileSize` (`"set"`, `"values"`,
    /// `"submission"`, `"key"`, `"registry"`, `"targets"`, `"appraisal"`).
    pub const fn name(self) -> &'static str {
        match self {
            InputKind::Set => "set",
            InputKind::Values => "values",
            InputKind::Submission => "submission",
            InputKind::KeyFile => "key",
            InputKind::Registry => "registry",
            InputKind::Targets => "targets",
            InputKind::Appraisal => "appraisal",
        }
    }

    /// The kind named `name` (see [`InputKind::name`]).
    pub fn from_name(name: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What the file is, as the message's subject (Vietnamese capitalised).
    fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (InputKind::Set, Lang::Vi) => "Tệp bộ chỉ số",
            (InputKind::Set, Lang::En) => "the indicator set",
            (InputKind::Values, Lang::Vi) => "Tệp số liệu",
            (InputKind::Values, Lang::En) => "the values file",
            (InputKind::Submission, Lang::Vi) => "Tệp hồ sơ đã ký",
            (InputKind::Submission, Lang::En) => "the submission",
            (InputKind::KeyFile, Lang::Vi) => "Tệp khóa",
            (InputKind::KeyFile, Lang::En) => "the key file",
            (InputKind::Registry, Lang::Vi) => "Tệp danh sách khóa",
            (InputKind::Registry, Lang::En) => "the key registry",
            (InputKind::Targets, Lang::Vi) => "Tệp chỉ tiêu",
            (InputKind::Targets, Lang::En) => "the targets file",
            (InputKind::Appraisal, Lang::Vi) => "Tệp thẩm định",
            (InputKind::Appraisal, Lang::En) => "the appraisal",
        }
    }
}

/// A file larger than its kind's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// What the file was read as.
    pub kind: InputKind,
    /// Its size in bytes.
    pub size: u64,
}

impl TooLarge {
    /// The stable code of this error.
    pub const fn code(&self) -> &'static str {
        "input.too_large"
    }

    /// The limit that was exceeded, in bytes.
    pub const fn max(&self) -> u64 {
        self.kind.max_bytes()
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        let (size, max) = (self.size, self.max());
        let human = human(max);
        let what = self.kind.describe(lang);
        match lang {
            Lang::Vi => format!("{what} có {size} byte; giới hạn đọc là {max} byte ({human})"),
            Lang::En => {
                format!("{what} is {size} bytes; the largest read is {max} bytes ({human})")
            }
        }
    }

    /// Both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::from_fn(|l| self.message(l))
    }
}

fn human(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / KIB)
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TooLarge {}

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
