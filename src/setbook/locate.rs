//! Where a finding of the set's validation is in the workbook: its JSON Pointer mapped to
//! the cell the reader filled it from ([`super::from_xlsx`]).

use std::collections::HashMap;

use serde_json::Value;

use crate::error::{ErrorKind, Finding, SetBookError};
use crate::json::pointer::child;

/// A finding of the set's validation at the cell its pointer came from: for a finding on
/// an object, the cell of the field it is about (a missing field's, the max of a parent
/// whose children's maxima do not add up, the rule's kind); else the pointer's own cell,
/// else the nearest enclosing one's.
pub(super) fn located(
    cells: &HashMap<String, String>,
    set: &Value,
    mut finding: Finding,
) -> SetBookError {
    let p = finding.pointer.clone();
    let mut candidates: Vec<String> = match &finding.kind {
        ErrorKind::MissingField { field } => {
            vec![
                child(&p, field),
                format!("{}/vi", child(&p, field)),
                format!("{}/kind", child(&p, field)),
            ]
        }
        ErrorKind::MaxMissing | ErrorKind::MaxSumMismatch { .. } | ErrorKind::MaxSumOverflow => {
            vec![child(&p, "max")]
        }
        ErrorKind::RuleAndChildren | ErrorKind::NoRule => vec![format!("{p}/rule/kind")],
        ErrorKind::DuplicateId { .. } => {
            let explicit = set.pointer(&p).and_then(|n| n.get("id")).is_some();
            vec![child(&p, if explicit { "id" } else { "code" })]
        }
        _ => Vec::new(),
    };
    let mut cur = p.as_str();
    loop {
        candidates.push(cur.to_string());
        match cur.rfind('/') {
            Some(i) => cur = &cur[..i],
            None => break,
        }
    }
    let cell = candidates.iter().find_map(|c| cells.get(c)).cloned();
    // A duplicate's first use is named by its cell too.
    if let ErrorKind::DuplicateId { first, .. } = &mut finding.kind {
        if let Some(c) = cells.get(first.as_str()) {
            *first = c.clone();
        }
    }
    SetBookError::Set { cell, finding }
}
