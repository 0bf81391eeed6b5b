//! A file larger than its kind's limit ([`crate::limits`]).

use crate::error::Message;
use crate::limits::kind::{InputKind, KIB, MIB};
use crate::text::Lang;

/// A file larger than its kind's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// What the file was read as.
    pub kind: InputKind,
    /// Its size in bytes.
    pub size: u64,
}

impl TooLarge {
    /// The limit that was exceeded, in bytes.
    pub const fn max(&self) -> u64 {
        self.kind.max_bytes()
    }
}

impl Message for TooLarge {
    fn code(&self) -> &'static str {
        "input.too_large"
    }

    fn message(&self, lang: Lang) -> String {
        let (size, max) = (self.size, self.max());
        let human = human(max);
        let what = subject(self.kind, lang);
        say!(
            lang,
            "{what} có {size} byte; giới hạn đọc là {max} byte ({human})",
            "{what} is {size} bytes; the largest read is {max} bytes ({human})",
        )
    }
}

/// What the file is, as the message's subject (Vietnamese capitalised).
fn subject(kind: InputKind, lang: Lang) -> &'static str {
    let (vi, en) = match kind {
        InputKind::Set => ("Tệp bộ chỉ số", "the indicator set"),
        InputKind::Values => ("Tệp số liệu", "the values file"),
        InputKind::Submission => ("Tệp hồ sơ đã ký", "the submission"),
        InputKind::KeyFile => ("Tệp khóa", "the key file"),
        InputKind::Registry => ("Tệp danh sách khóa", "the key registry"),
        InputKind::Targets => ("Tệp chỉ tiêu", "the targets file"),
        InputKind::Appraisal => ("Tệp thẩm định", "the appraisal"),
    };
    lang.pick(vi, en)
}

fn human(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / KIB)
    }
}

message_display!(TooLarge);
