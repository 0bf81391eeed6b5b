//! Who signs ([`Role`]), and the role each signature slot takes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::sign::*;

/// Who signs: the roles of the Thanh Hóa decision's two columns, the reviewing council,
/// and the province, whose key signs the key registry (`keys.json`) and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The specialist who enters the figures (người lập).
    Preparer,
    /// The leader who confirms them (lãnh đạo phê duyệt).
    Approver,
    /// A member of the reviewing council (thành viên hội đồng thẩm định).
    Reviewer,
    /// The province's key, which signs the key registry (khóa của tỉnh).
    Province,
}

impl Role {
    /// The role's name as written in files: `preparer`, `approver`, `reviewer`,
    /// `province`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Preparer => "preparer",
            Role::Approver => "approver",
            Role::Reviewer => "reviewer",
            Role::Province => "province",
        }
    }

    /// The role in Vietnamese, for people.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Preparer => "người lập",
            Role::Approver => "người phê duyệt",
            Role::Reviewer => "người thẩm định",
            Role::Province => "khóa của tỉnh",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = KeyError;

    /// # Errors
    ///
    /// [`KeyError::UnknownRole`] for anything but `preparer`, `approver`, `reviewer`,
    /// `province`.
    fn from_str(s: &str) -> Result<Role, KeyError> {
        match s {
            "preparer" => Ok(Role::Preparer),
            "approver" => Ok(Role::Approver),
            "reviewer" => Ok(Role::Reviewer),
            "province" => Ok(Role::Province),
            other => Err(KeyError::UnknownRole {
                found: other.to_string(),
            }),
        }
    }
}

/// A signing slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// `prepared_by`, signed by a `preparer` key.
    PreparedBy,
    /// `approved_by`, signed by an `approver` key.
    ApprovedBy,
}

impl Slot {
    /// Every slot, in the order a submission is signed: the preparer's, then the
    /// approver's countersignature.
    pub const ALL: [Slot; 2] = [Slot::PreparedBy, Slot::ApprovedBy];

    /// Whether every submission carries this slot's signature (the approver's is
    /// optional).
    pub fn required(self) -> bool {
        match self {
            Slot::PreparedBy => true,
            Slot::ApprovedBy => false,
        }
    }

    /// The slot's name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Slot::PreparedBy => "prepared_by",
            Slot::ApprovedBy => "approved_by",
        }
    }

    /// The role a key must have to sign in this slot.
    pub fn role(self) -> Role {
        match self {
            Slot::PreparedBy => Role::Preparer,
            Slot::ApprovedBy => Role::Approver,
        }
    }

    /// The slot in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            Slot::PreparedBy => "người lập",
            Slot::ApprovedBy => "người phê duyệt",
        }
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
