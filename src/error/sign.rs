//! What went wrong with a key, a key file or a public key ([`crate::sign`]).

use std::fmt;

use crate::formats::KEY_FILE_FORMAT;

/// What went wrong with a key or a key file. Messages never contain key material or
/// the passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The key file is not JSON: usually truncated or damaged in transit.
    NotJson {
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// The parser's description.
        reason: String,
    },
    /// The file is JSON but not a key file: a field is missing, unknown, repeated or of
    /// the wrong type.
    Shape {
        /// The parser's description.
        reason: String,
    },
    /// The key file is larger than any key file (64 KiB; checked before parsing).
    TooLarge(crate::limits::TooLarge),
    /// A field is malformed.
    Field {
        /// JSON Pointer of the field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The file's `format` is not `dti-score/key/v1`.
    UnsupportedFormat {
        /// The format found.
        found: String,
    },
    /// A role other than `preparer`, `approver`, `reviewer`.
    UnknownRole {
        /// The role found.
        found: String,
    },
    /// A unit id that is empty or has characters other than letters, digits, `-`, `_`, `.`.
    BadUnitId {
        /// The id found.
        found: String,
    },
    /// The signer's name is empty.
    EmptyName,
    /// The passphrase is empty.
    EmptyPassphrase,
    /// A new key's passphrase is too short.
    PassphraseTooShort {
        /// The minimum, in characters.
        min: usize,
    },
    /// An Argon2 parameter is out of range.
    KdfParams {
        /// `memory_kib`, `iterations` or `parallelism`.
        field: &'static str,
        /// The value found.
        value: String,
    },
    /// An Argon2 parameter above this version's maximum (a key file that would make
    /// opening it cost more memory or time than any honest key needs); checked before
    /// any work.
    KdfTooCostly {
        /// `memory_kib`, `iterations` or `parallelism`.
        field: &'static str,
        /// The value found.
        value: u32,
        /// The largest value read.
        max: u32,
    },
    /// Key derivation failed.
    Kdf {
        /// Argon2's description.
        reason: String,
    },
    /// No randomness could be had from the system or the browser.
    Random {
        /// getrandom's description.
        reason: String,
    },
    /// The public key is not a valid Ed25519 key.
    BadPublicKey {
        /// What is wrong.
        problem: PublicKeyProblem,
    },
    /// A signature is not 128 hex digits.
    BadSignatureEncoding,
    /// The fingerprint written in the file is not the public key's.
    FingerprintMismatch {
        /// The fingerprint in the file.
        written: String,
        /// The public key's fingerprint.
        computed: String,
    },
    /// Decryption failed: wrong passphrase, or the file was altered.
    WrongPassphrase,
    /// The decrypted secret key does not belong to the file's public key.
    PublicKeyMismatch,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotJson { line, column, reason } => write!(
                f,
                "the key file is not valid json (truncated or damaged?) at line {line}, column {column}: {reason}"
            ),
            KeyError::Shape { reason } => write!(f, "this is not a dti-score key file: {reason}"),
            KeyError::TooLarge(too_large) => write!(f, "{too_large}"),
            KeyError::Field { field, reason } => write!(f, "key file field \"{field}\": {reason}"),
            KeyError::UnsupportedFormat { found } => write!(
                f,
                "the key file's format is \"{found}\"; this version reads \"{KEY_FILE_FORMAT}\""
            ),
            KeyError::UnknownRole { found } => write!(
                f,
                "unknown role \"{found}\": expected \"preparer\", \"approver\", \"reviewer\" or \"province\""
            ),
            KeyError::BadUnitId { found } => write!(
                f,
                "unit id \"{found}\" must be non-empty and use only letters, digits, \"-\", \"_\" and \".\"{}",
                crate::unit_id::reason(found, crate::text::Lang::En)
            ),
            KeyError::EmptyName => f.write_str("the signer's name is empty"),
            KeyError::EmptyPassphrase => f.write_str("the passphrase is empty"),
            KeyError::PassphraseTooShort { min } => {
                write!(f, "the passphrase must have at least {min} characters")
            }
            KeyError::KdfParams { field, value } => {
                write!(f, "argon2 parameter {field} = \"{value}\" is out of range")
            }
            KeyError::KdfTooCostly { field, value, max } => write!(
                f,
                "argon2 parameter {field} = {value} is above the maximum {max}: the key file asks for more work than any key made by dti-score (refused before any work)"
            ),
            KeyError::Kdf { reason } => write!(f, "key derivation failed: {reason}"),
            KeyError::Random { reason } => {
                write!(f, "no secure randomness available from the system or browser: {reason}")
            }
            KeyError::BadPublicKey { problem } => write!(f, "the public key is invalid: {}", problem.en()),
            KeyError::BadSignatureEncoding => f.write_str("a signature must be 128 hex digits"),
            KeyError::FingerprintMismatch { written, computed } => write!(
                f,
                "the key file's fingerprint \"{written}\" does not match its public key (fingerprint \"{computed}\")"
            ),
            KeyError::WrongPassphrase => f.write_str(
                "wrong passphrase: the secret key could not be decrypted (or the key file was altered)",
            ),
            KeyError::PublicKeyMismatch => {
                f.write_str("the key file's secret key does not belong to its public key")
            }
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// The message in Vietnamese, for the people who read it on the page.
    pub fn message_vi(&self) -> String {
        match self {
            KeyError::NotJson { line, column, reason } => format!(
                "tệp khóa không phải JSON hợp lệ (bị cắt cụt hoặc hỏng?) tại dòng {line}, cột {column}: {reason}"
            ),
            KeyError::Shape { reason } => format!("đây không phải tệp khóa dti-score: {reason}"),
            KeyError::TooLarge(too_large) => too_large.message(crate::text::Lang::Vi),
            KeyError::Field { field, reason } => format!("trường \"{field}\" của tệp khóa: {reason}"),
            KeyError::UnsupportedFormat { found } => format!(
                "định dạng tệp khóa là \"{found}\"; phiên bản này đọc \"{KEY_FILE_FORMAT}\""
            ),
            KeyError::UnknownRole { found } => format!(
                "vai trò \"{found}\" không hợp lệ: phải là \"preparer\" (người lập), \"approver\" (người phê duyệt), \"reviewer\" (người thẩm định) hoặc \"province\" (khóa của tỉnh)"
            ),
            KeyError::BadUnitId { found } => format!(
                "mã đơn vị \"{found}\" không được để trống và chỉ gồm chữ, số, \"-\", \"_\", \".\"{}",
                crate::unit_id::reason(found, crate::text::Lang::Vi)
            ),
            KeyError::EmptyName => "tên người ký đang để trống".to_string(),
            KeyError::EmptyPassphrase => "mật khẩu đang để trống".to_string(),
            KeyError::PassphraseTooShort { min } => {
                format!("mật khẩu phải có ít nhất {min} ký tự")
            }
            KeyError::KdfParams { field, value } => {
                format!("tham số argon2 {field} = \"{value}\" nằm ngoài phạm vi cho phép")
            }
            KeyError::KdfTooCostly { field, value, max } => format!(
                "tham số argon2 {field} = {value} vượt mức tối đa {max}: tệp khóa đòi nhiều công sức hơn mọi khóa do dti-score tạo (bị từ chối trước khi tính)"
            ),
            KeyError::Kdf { reason } => format!("không tạo được khóa từ mật khẩu: {reason}"),
            KeyError::Random { reason } => format!(
                "hệ thống hoặc trình duyệt không cung cấp được số ngẫu nhiên an toàn: {reason}"
            ),
            KeyError::BadPublicKey { problem } => format!("khóa công khai không hợp lệ: {}", problem.vi()),
            KeyError::BadSignatureEncoding => "chữ ký phải gồm 128 chữ số hệ 16".to_string(),
            KeyError::FingerprintMismatch { written, computed } => format!(
                "dấu vân tay \"{written}\" ghi trong tệp khóa không khớp với khóa công khai (dấu vân tay \"{computed}\")"
            ),
            KeyError::WrongPassphrase => {
                "sai mật khẩu: không giải mã được khóa bí mật (hoặc tệp khóa đã bị sửa)".to_string()
            }
            KeyError::PublicKeyMismatch => {
                "khóa bí mật trong tệp không thuộc về khóa công khai ghi trong tệp".to_string()
            }
        }
    }
}

/// Why bytes are not a usable Ed25519 public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKeyProblem {
    /// Not 64 lower-case hex digits.
    NotHex,
    /// The bytes do not encode a point on the curve.
    NotOnCurve,
    /// A small-order ("weak") point, which no honest key generator produces.
    SmallOrder,
}

impl PublicKeyProblem {
    fn en(self) -> &'static str {
        match self {
            PublicKeyProblem::NotHex => "not 64 lower-case hex digits",
            PublicKeyProblem::NotOnCurve => "not a point on the curve",
            PublicKeyProblem::SmallOrder => "a small-order (weak) point",
        }
    }

    fn vi(self) -> &'static str {
        match self {
            PublicKeyProblem::NotHex => "không phải 64 chữ số hệ 16 viết thường",
            PublicKeyProblem::NotOnCurve => "không phải một điểm trên đường cong",
            PublicKeyProblem::SmallOrder => "là điểm có bậc nhỏ (khóa yếu)",
        }
    }
}
