//! Why a key registry could not be read or signed ([`crate::registry`]).

use crate::error::{CanonicalError, Message};
use crate::formats::{REGISTRY_FORMAT, REGISTRY_FORMAT_V2};
use crate::sign::Role;
use crate::text::Lang;

/// Why a key registry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// Not JSON, or a member name repeated.
    Json(CanonicalError),
    /// The `format` is not `dti-score/keys/v2` or `v1`.
    UnsupportedFormat {
        /// The format found.
        found: String,
    },
    /// A field is missing, unknown or of the wrong type (a bad key or role included).
    Shape {
        /// The parser's description.
        reason: String,
    },
    /// A unit id that breaks the rule ([`crate::unit_id`]).
    BadUnitId {
        /// The id.
        found: String,
    },
    /// A key's written fingerprint is not its own.
    FingerprintMismatch {
        /// The unit.
        unit: String,
        /// The fingerprint written.
        written: String,
        /// The key's fingerprint.
        computed: String,
    },
    /// One key is registered twice.
    DuplicateKey {
        /// The key's fingerprint.
        fingerprint: String,
        /// The units it is registered for.
        units: [String; 2],
    },
    /// A `keys/v2` key without `valid_from`.
    MissingValidFrom {
        /// The unit.
        unit: String,
        /// The key's fingerprint.
        fingerprint: String,
    },
    /// A time that is not `YYYY-MM-DDTHH:MM:SSZ`.
    BadTimestamp {
        /// The unit.
        unit: String,
        /// The field (`valid_from`, `valid_until`, `revoked_at`).
        field: &'static str,
        /// What is written.
        found: String,
    },
    /// A province key registered for a unit.
    ProvinceRoleKey {
        /// The unit.
        unit: String,
    },
    /// A `signature` without the `province` key that made it.
    SignatureWithoutProvince,
    /// A `province` key without a `signature`.
    ProvinceWithoutSignature,
    /// The signature is not 128 lower-case hex digits.
    BadSignatureEncoding,
    /// The signature does not verify under the province key the file names: the file
    /// was changed after signing.
    SignatureInvalid {
        /// The province key's fingerprint.
        fingerprint: String,
    },
    /// The registry is not signed (a draft or a legacy `keys/v1`).
    NotSigned,
    /// The registry is signed, but no province key fingerprint was given to check it.
    NoProvinceKeyGiven,
    /// Signed by another province key than the one given.
    WrongProvinceKey {
        /// The fingerprint given.
        expected: String,
        /// The fingerprint of the key that signed.
        found: String,
    },
    /// No key with this fingerprint is registered.
    UnknownFingerprint {
        /// The fingerprint.
        fingerprint: String,
    },
    /// Signing a registry with a key that is not a province key.
    NotProvinceKey {
        /// The key's role.
        role: Role,
    },
}

impl Message for RegistryError {
    /// A stable snake_case code (these codes predate the dotted ones and stay).
    fn code(&self) -> &'static str {
        match self {
            RegistryError::Json(_) => "json",
            RegistryError::UnsupportedFormat { .. } => "unsupported_format",
            RegistryError::Shape { .. } => "shape",
            RegistryError::BadUnitId { .. } => "bad_unit_id",
            RegistryError::FingerprintMismatch { .. } => "fingerprint_mismatch",
            RegistryError::DuplicateKey { .. } => "duplicate_key",
            RegistryError::MissingValidFrom { .. } => "missing_valid_from",
            RegistryError::BadTimestamp { .. } => "bad_timestamp",
            RegistryError::ProvinceRoleKey { .. } => "province_role_key",
            RegistryError::SignatureWithoutProvince => "signature_without_province",
            RegistryError::ProvinceWithoutSignature => "province_without_signature",
            RegistryError::BadSignatureEncoding => "bad_signature_encoding",
            RegistryError::SignatureInvalid { .. } => "registry_signature_invalid",
            RegistryError::NotSigned => "registry_not_signed",
            RegistryError::NoProvinceKeyGiven => "no_province_key_given",
            RegistryError::WrongProvinceKey { .. } => "wrong_province_key",
            RegistryError::UnknownFingerprint { .. } => "unknown_fingerprint",
            RegistryError::NotProvinceKey { .. } => "not_province_key",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let head = say!(lang, "danh sách khóa", "key registry");
        let body = match self {
            RegistryError::Json(err) => err.message(lang),
            RegistryError::UnsupportedFormat { found } => say!(
                lang,
                "định dạng là \"{found}\"; phiên bản này đọc \"{REGISTRY_FORMAT_V2}\" (và \"{REGISTRY_FORMAT}\" cũ)",
                "the format is \"{found}\"; this version reads \"{REGISTRY_FORMAT_V2}\" (and the legacy \"{REGISTRY_FORMAT}\")",
            ),
            RegistryError::Shape { reason } => reason.clone(),
            RegistryError::BadUnitId { found } => say!(
                lang,
                format!(
                    "mã đơn vị \"{found}\" chỉ được gồm chữ, số, \"-\", \"_\", \".\"{}",
                    crate::unit_id::reason(found, lang)
                ),
                format!("unit id \"{found}\" may use only letters, digits, \"-\", \"_\" and \".\"{}", crate::unit_id::reason(found, lang)),
            ),
            RegistryError::FingerprintMismatch {
                unit,
                written,
                computed,
            } => say!(
                lang,
                "một khóa của đơn vị \"{unit}\" ghi dấu vân tay \"{written}\", nhưng dấu vân tay thực là \"{computed}\"",
                "a key of unit \"{unit}\" is written with fingerprint \"{written}\", but its fingerprint is \"{computed}\"",
            ),
            RegistryError::DuplicateKey { fingerprint, units } => say!(
                lang,
                format!(
                    "khóa \"{fingerprint}\" được đăng ký hai lần (đơn vị \"{}\" và \"{}\")",
                    units[0], units[1]
                ),
                format!(
                    "key \"{fingerprint}\" is registered twice (units \"{}\" and \"{}\")",
                    units[0], units[1]
                ),
            ),
            RegistryError::MissingValidFrom { unit, fingerprint } => say!(
                lang,
                "khóa \"{fingerprint}\" của đơn vị \"{unit}\" thiếu ngày hiệu lực (valid_from)",
                "key \"{fingerprint}\" of unit \"{unit}\" has no valid_from",
            ),
            RegistryError::BadTimestamp { unit, field, found } => say!(
                lang,
                "{field} \"{found}\" (đơn vị \"{unit}\") phải có dạng YYYY-MM-DDTHH:MM:SSZ",
                "{field} \"{found}\" (unit \"{unit}\") must be YYYY-MM-DDTHH:MM:SSZ",
            ),
            RegistryError::ProvinceRoleKey { unit } => say!(
                lang,
                "khóa của tỉnh không được đăng ký cho đơn vị \"{unit}\"",
                "a province key cannot be registered for unit \"{unit}\"",
            ),
            RegistryError::SignatureWithoutProvince => say!(
                lang,
                "có chữ ký nhưng không ghi khóa của tỉnh (province)",
                "a signature without the province key (\"province\") that made it",
            ),
            RegistryError::ProvinceWithoutSignature => say!(
                lang,
                "ghi khóa của tỉnh nhưng không có chữ ký",
                "a province key without a signature",
            ),
            RegistryError::BadSignatureEncoding => say!(
                lang,
                "chữ ký không phải 128 chữ số hệ 16 viết thường",
                "the signature is not 128 lower-case hex digits",
            ),
            RegistryError::SignatureInvalid { fingerprint } => say!(
                lang,
                "chữ ký của tỉnh (khóa \"{fingerprint}\") không hợp lệ: tệp đã bị sửa sau khi ký",
                "the province signature (key \"{fingerprint}\") does not verify: the file was changed after signing",
            ),
            RegistryError::NotSigned => say!(
                lang,
                "tệp chưa được tỉnh ký (bản nháp hoặc keys/v1 cũ); dùng --allow-unsigned-keys để vẫn đọc, mọi người ký khi đó đều chưa được xác nhận",
                "the file is not signed by the province (a draft or a legacy keys/v1); give --allow-unsigned-keys to read it anyway, every signer then unproven",
            ),
            RegistryError::NoProvinceKeyGiven => say!(
                lang,
                "tệp đã ký nhưng chưa cho dấu vân tay khóa của tỉnh (--province-key) để kiểm tra",
                "the file is signed, but no province key fingerprint (--province-key) was given to check it",
            ),
            RegistryError::WrongProvinceKey { expected, found } => say!(
                lang,
                "tệp được ký bằng khóa \"{found}\", không phải khóa của tỉnh \"{expected}\"",
                "the file is signed by key \"{found}\", not by the province key \"{expected}\"",
            ),
            RegistryError::UnknownFingerprint { fingerprint } => say!(
                lang,
                "không có khóa \"{fingerprint}\" trong danh sách",
                "no key \"{fingerprint}\" is registered",
            ),
            RegistryError::NotProvinceKey { role } => say!(
                lang,
                "chỉ khóa của tỉnh (province) được ký danh sách khóa; khóa này có vai trò \"{role}\"",
                "only a province key signs the key registry; this key's role is \"{role}\"",
            ),
        };
        format!("{head}: {body}")
    }
}

message_display!(RegistryError);
