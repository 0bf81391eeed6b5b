//! The kinds of file the tools read and their size limits.

pub(crate) const KIB: u64 = 1024;
pub(crate) const MIB: u64 = 1024 * 1024;

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
}
