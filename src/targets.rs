//! A province's targets for a set (`dti-score/targets/v1`): target points per indicator
//! and the province's own assignments, kept apart from the national set.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::error::{ErrorKind, ValidationErrors};
use crate::json::walk::{child, Findings, Obj};
use crate::set::{IndicatorSet, Note};

use crate::formats::TARGETS_FORMAT;

/// A province's targets and assignments.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Targets {
    /// The set's id.
    pub set_id: String,
    /// The set's version, if pinned.
    pub set_version: Option<String>,
    /// Province id.
    pub province_id: String,
    /// Province name.
    pub province_name: Option<String>,
    /// The province's total target.
    pub total_target: Option<Decimal>,
    /// Per indicator.
    pub targets: BTreeMap<String, Target>,
    /// The rank the province aims for ("phấn đấu đạt thứ hạng 10/34").
    pub rank_target: Option<RankTarget>,
    /// Notes on the file: interpretations and discrepancies of the province's document,
    /// with its words (listed by `dti-score validate --interpretations --targets`).
    pub notes: Vec<Note>,
}

/// A target rank among the provinces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RankTarget {
    /// The rank aimed for (1 is first).
    pub rank: u32,
    /// Out of how many.
    pub of: u32,
}

/// One indicator's target and assignment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Target {
    /// Target points.
    pub points: Option<Decimal>,
    /// Lead agency.
    pub lead: Option<String>,
    /// Coordinating agencies.
    pub coordinating: Vec<String>,
    /// Implementing agencies (cơ quan thực hiện), apart from the coordinating ones.
    pub implementing: Vec<String>,
    /// Deadline.
    pub deadline: Option<String>,
    /// A note quoting the source.
    pub note: Option<String>,
}

impl Targets {
    /// Loads a targets file and checks it against the set it names.
    ///
    /// # Errors
    /// [`ValidationErrors`]: not JSON, wrong shape, another set, unknown indicators,
    /// targets above an indicator's max.
    pub fn from_json(text: &str, set: &IndicatorSet) -> Result<Targets, ValidationErrors> {
        let mut f = Findings::default();
        let Some(value) =
            crate::json::walk::parse_json(text, crate::limits::InputKind::Targets, &mut f)
        else {
            return Err(ValidationErrors(f.0));
        };
        let t = read(&value, set, &mut f);
        match t {
            Some(t) if !f.has_errors() => Ok(t),
            _ => Err(ValidationErrors(f.0)),
        }
    }
}

fn read(v: &Value, set: &IndicatorSet, f: &mut Findings) -> Option<Targets> {
    let mut o = Obj::new(v, "", f)?;
    if let Some(format) = o.req_str("format", f) {
        if format != TARGETS_FORMAT {
            f.error(
                &o.at("format"),
                ErrorKind::WrongFormat {
                    found: format,
                    expected: TARGETS_FORMAT,
                },
            );
        }
    }
    let (set_id, set_version) = o
        .req("set", f)
        .and_then(|s| {
            let mut so = Obj::new(s, &o.at("set"), f)?;
            let id = so.req_str("id", f);
            let version = so.opt_str("version", f);
            so.finish(f, &[]);
            Some((id?, version))
        })
        .unwrap_or_default();
    if !set_id.is_empty() && set_id != set.id {
        f.error(
            "/set/id",
            ErrorKind::SetMismatch {
                found: set_id.clone(),
                expected: set.id.clone(),
            },
        );
    }
    let (province_id, province_name) = o
        .req("province", f)
        .and_then(|p| {
            let mut po = Obj::new(p, &o.at("province"), f)?;
            let id = po.req_str("id", f);
            if let Some(found) = id.as_ref().filter(|i| crate::unit_id::check(i).is_err()) {
                f.error(
                    &child(&o.at("province"), "id"),
                    ErrorKind::BadUnitId {
                        found: found.clone(),
                    },
                );
            }
            let name = po.opt_str("name", f);
            po.finish(f, &[]);
            Some((id?, name))
        })
        .unwrap_or_default();
    let total_target = o.opt_dec("total_target", f);
    let mut targets = BTreeMap::new();
    if let Some(tv) = o.req("targets", f) {
        let ptr = o.at("targets");
        if let Some(to) = Obj::new(tv, &ptr, f) {
            for (id, entry) in to.map {
                let p = child(&ptr, id);
                let Some(node) = set.node(id) else {
                    f.error(&p, ErrorKind::UnknownIndicator { id: id.clone() });
                    continue;
                };
                let Some(mut eo) = Obj::new(entry, &p, f) else {
                    continue;
                };
                let points = eo.opt_dec("points", f);
                if let (Some(pts), Some(max)) = (points, node.max) {
                    if pts < Decimal::ZERO || pts > max {
                        f.error(
                            &eo.at("points"),
                            ErrorKind::OutOfRange {
                                value: pts.to_string(),
                                allowed: crate::error::Expected::UpToMax,
                            },
                        );
                    }
                }
                let lead = eo.opt_str("lead", f);
                let coordinating = crate::set::load::read_strings(&mut eo, "coordinating", f);
                let implementing = crate::set::load::read_strings(&mut eo, "implementing", f);
                let deadline = eo.opt_str("deadline", f);
                let note = eo.opt_str("note", f);
                eo.finish(f, &[]);
                targets.insert(
                    id.clone(),
                    Target {
                        points,
                        lead,
                        coordinating,
                        implementing,
                        deadline,
                        note,
                    },
                );
            }
        }
    }
    let rank_target = o.get("rank_target").and_then(|r| {
        let ptr = o.at("rank_target");
        let mut ro = Obj::new(r, &ptr, f)?;
        let rank = ro.opt_int("rank", f);
        let of = ro.opt_int("of", f);
        ro.finish(f, &[]);
        let (rank, of) = (rank?, of?);
        match (u32::try_from(rank), u32::try_from(of)) {
            (Ok(rank), Ok(of)) if rank >= 1 && rank <= of => Some(RankTarget { rank, of }),
            _ => {
                f.error(
                    &ptr,
                    ErrorKind::OutOfRange {
                        value: format!("{rank}/{of}"),
                        allowed: crate::error::Expected::Rank,
                    },
                );
                None
            }
        }
    });
    let notes = o
        .get("notes")
        .map(|n| crate::set::load::read_notes(n, &o.at("notes"), f))
        .unwrap_or_default();
    o.get("source");
    o.finish(f, &["$schema", "$comment"]);
    Some(Targets {
        set_id,
        set_version,
        province_id,
        province_name,
        total_target,
        targets,
        rank_target,
        notes,
    })
}
