//! What went wrong with a key, a key file or a public key ([`crate::sign`]).

use crate::error::Message;
use crate::formats::KEY_FILE_FORMAT;
use crate::text::Lang;

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
    TooLarge(crate::error::TooLarge),
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

impl Message for KeyError {
    fn code(&self) -> &'static str {
        match self {
            KeyError::NotJson { .. } => "key.not_json",
            KeyError::Shape { .. } => "key.shape",
            KeyError::TooLarge(too_large) => too_large.code(),
            KeyError::Field { .. } => "key.field",
            KeyError::UnsupportedFormat { .. } => "key.unsupported_format",
            KeyError::UnknownRole { .. } => "key.unknown_role",
            KeyError::BadUnitId { .. } => "key.bad_unit_id",
            KeyError::EmptyName => "key.empty_name",
            KeyError::EmptyPassphrase => "key.empty_passphrase",
            KeyError::PassphraseTooShort { .. } => "key.passphrase_too_short",
            KeyError::KdfParams { .. } => "key.kdf_params",
            KeyError::KdfTooCostly { .. } => "key.kdf_too_costly",
            KeyError::Kdf { .. } => "key.kdf",
            KeyError::Random { .. } => "key.random",
            KeyError::BadPublicKey { .. } => "key.bad_public_key",
            KeyError::BadSignatureEncoding => "key.bad_signature_encoding",
            KeyError::FingerprintMismatch { .. } => "key.fingerprint_mismatch",
            KeyError::WrongPassphrase => "key.wrong_passphrase",
            KeyError::PublicKeyMismatch => "key.public_key_mismatch",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            KeyError::NotJson { line, column, reason } => say!(
                lang,
                "tệp khóa không phải JSON hợp lệ (bị cắt cụt hoặc hỏng?) tại dòng {line}, cột {column}: {reason}",
                "the key file is not valid json (truncated or damaged?) at line {line}, column {column}: {reason}",
            ),
            KeyError::Shape { reason } => say!(
                lang,
                "đây không phải tệp khóa dti-score: {reason}",
                "this is not a dti-score key file: {reason}",
            ),
            KeyError::TooLarge(too_large) => too_large.message(lang),
            KeyError::Field { field, reason } => say!(
                lang,
                "trường \"{field}\" của tệp khóa: {reason}",
                "key file field \"{field}\": {reason}",
            ),
            KeyError::UnsupportedFormat { found } => say!(
                lang,
                "định dạng tệp khóa là \"{found}\"; phiên bản này đọc \"{KEY_FILE_FORMAT}\"",
                "the key file's format is \"{found}\"; this version reads \"{KEY_FILE_FORMAT}\"",
            ),
            KeyError::UnknownRole { found } => say!(
                lang,
                "vai trò \"{found}\" không hợp lệ: phải là \"preparer\" (người lập), \"approver\" (người phê duyệt), \"reviewer\" (người thẩm định) hoặc \"province\" (khóa của tỉnh)",
                "unknown role \"{found}\": expected \"preparer\", \"approver\", \"reviewer\" or \"province\"",
            ),
            KeyError::BadUnitId { found } => {
                let why = crate::unit_id::reason(found, lang);
                say!(
                    lang,
                    "mã đơn vị \"{found}\" không được để trống và chỉ gồm chữ, số, \"-\", \"_\", \".\"{why}",
                    "unit id \"{found}\" must be non-empty and use only letters, digits, \"-\", \"_\" and \".\"{why}",
                )
            }
            KeyError::EmptyName => say!(
                lang,
                "tên người ký đang để trống",
                "the signer's name is empty",
            ),
            KeyError::EmptyPassphrase => say!(
                lang,
                "mật khẩu đang để trống",
                "the passphrase is empty",
            ),
            KeyError::PassphraseTooShort { min } => say!(
                lang,
                "mật khẩu phải có ít nhất {min} ký tự",
                "the passphrase must have at least {min} characters",
            ),
            KeyError::KdfParams { field, value } => say!(
                lang,
                "tham số argon2 {field} = \"{value}\" nằm ngoài phạm vi cho phép",
                "argon2 parameter {field} = \"{value}\" is out of range",
            ),
            KeyError::KdfTooCostly { field, value, max } => say!(
                lang,
                "tham số argon2 {field} = {value} vượt mức tối đa {max}: tệp khóa đòi nhiều công sức hơn mọi khóa do dti-score tạo (bị từ chối trước khi tính)",
                "argon2 parameter {field} = {value} is above the maximum {max}: the key file asks for more work than any key made by dti-score (refused before any work)",
            ),
            KeyError::Kdf { reason } => say!(
                lang,
                "không tạo được khóa từ mật khẩu: {reason}",
                "key derivation failed: {reason}",
            ),
            KeyError::Random { reason } => say!(
                lang,
                "hệ thống hoặc trình duyệt không cung cấp được số ngẫu nhiên an toàn: {reason}",
                "no secure randomness available from the system or browser: {reason}",
            ),
            KeyError::BadPublicKey { problem } => {
                let problem = problem.message(lang);
                say!(
                    lang,
                    "khóa công khai không hợp lệ: {problem}",
                    "the public key is invalid: {problem}",
                )
            }
            KeyError::BadSignatureEncoding => say!(
                lang,
                "chữ ký phải gồm 128 chữ số hệ 16",
                "a signature must be 128 hex digits",
            ),
            KeyError::FingerprintMismatch { written, computed } => say!(
                lang,
                "dấu vân tay \"{written}\" ghi trong tệp khóa không khớp với khóa công khai (dấu vân tay \"{computed}\")",
                "the key file's fingerprint \"{written}\" does not match its public key (fingerprint \"{computed}\")",
            ),
            KeyError::WrongPassphrase => say!(
                lang,
                "sai mật khẩu: không giải mã được khóa bí mật (hoặc tệp khóa đã bị sửa)",
                "wrong passphrase: the secret key could not be decrypted (or the key file was altered)",
            ),
            KeyError::PublicKeyMismatch => say!(
                lang,
                "khóa bí mật trong tệp không thuộc về khóa công khai ghi trong tệp",
                "the key file's secret key does not belong to its public key",
            ),
        }
    }
}

message_display!(KeyError);

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

impl Message for PublicKeyProblem {
    fn code(&self) -> &'static str {
        match self {
            PublicKeyProblem::NotHex => "public_key.not_hex",
            PublicKeyProblem::NotOnCurve => "public_key.not_on_curve",
            PublicKeyProblem::SmallOrder => "public_key.small_order",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            PublicKeyProblem::NotHex => say!(
                lang,
                "không phải 64 chữ số hệ 16 viết thường",
                "not 64 lower-case hex digits",
            ),
            PublicKeyProblem::NotOnCurve => say!(
                lang,
                "không phải một điểm trên đường cong",
                "not a point on the curve",
            ),
            PublicKeyProblem::SmallOrder => {
                say!(
                    lang,
                    "là điểm có bậc nhỏ (khóa yếu)",
                    "a small-order (weak) point"
                )
            }
        }
    }
}

/// The signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadSignature;

impl Message for BadSignature {
    fn code(&self) -> &'static str {
        "signature.does_not_verify"
    }

    fn message(&self, lang: Lang) -> String {
        say!(
            lang,
            "chữ ký không xác minh được",
            "the signature does not verify"
        )
    }
}

message_display!(BadSignature);
