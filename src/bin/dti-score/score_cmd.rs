//! `validate` and `score`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use dti_score::number::format_lang;
use dti_score::report::unit_table;
use dti_score::set::NoteKind;
use dti_score::text::Lang;
use dti_score::{score as run_score, IndicatorSet, ScoreOptions, Severity, Targets, Values};

use crate::{load_set, read_input, Failure};
use dti_score::limits::InputKind;

/// Reads a targets file for a set, with a message naming it.
fn load_targets(path: &Path, set: &IndicatorSet) -> Result<Targets, Failure> {
    Targets::from_json(&read_input(path, InputKind::Targets)?, set).map_err(|e| {
        Failure(format!(
            "{} is not a valid targets file:\n{e}",
            path.display()
        ))
    })
}

pub(crate) fn validate(
    path: &Path,
    interpretations: bool,
    targets: Option<&Path>,
    json: bool,
) -> Result<ExitCode, Failure> {
    let text = read_input(path, InputKind::Set)?;
    match IndicatorSet::from_json(&text) {
        Ok(set) => {
            let targets = targets.map(|p| load_targets(p, &set)).transpose()?;
            if json {
                let mut list = interpretation_list(&set);
                if let (Some(t), serde_json::Value::Array(items)) = (&targets, &mut list) {
                    items.extend(targets_notes(t).map(|note| {
                        serde_json::json!({
                            "node": null,
                            "targets": t.province_id,
                            "kind": note.kind,
                            "text": note.text,
                            "quote": note.quote,
                        })
                    }));
                    // Each assignment's note (where the document's body and appendix
                    // assign an indicator differently), quoting the body.
                    items.extend(t.targets.iter().filter_map(|(id, target)| {
                        let note = target.note.as_ref()?;
                        Some(serde_json::json!({
                            "node": id,
                            "targets": t.province_id,
                            "kind": "source_discrepancy",
                            "text": { "vi": note },
                            "quote": null,
                        }))
                    }));
                }
                let out = serde_json::json!({
                    "valid": true,
                    "findings": set.warnings,
                    "interpretations": list,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(ExitCode::SUCCESS);
            }
            for w in &set.warnings {
                println!("{w}");
            }
            let leaves = set.leaves().count();
            println!(
                "{}: valid — set “{}” version {}, {} main indicators, {} indicators in all, {} scored leaves{}",
                path.display(),
                set.id,
                set.version,
                set.roots.len(),
                set.nodes.len(),
                leaves,
                set.scale.map(|s| format!(", scale {s}")).unwrap_or_else(|| ", no scale (draft)".into())
            );
            if interpretations {
                print!("{}", interpretations_text(&set));
                if let Some(t) = &targets {
                    print!("{}", targets_text(t));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            if json {
                let out = serde_json::json!({ "valid": false, "findings": errors });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                for finding in &errors.0 {
                    println!("{finding}");
                }
                let n = errors.errors().count();
                println!(
                    "{}: {n} error{} — the set cannot be scored",
                    path.display(),
                    if n == 1 { "" } else { "s" }
                );
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn interpretation_list(set: &IndicatorSet) -> serde_json::Value {
    let list: Vec<serde_json::Value> = set
        .interpretations()
        .into_iter()
        .map(|(node, note)| {
            serde_json::json!({
                "node": node.map(|n| n.id.clone()),
                "kind": note.kind,
                "text": note.text,
                "quote": note.quote,
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

/// A targets file's interpretations and source discrepancies.
fn targets_notes(t: &Targets) -> impl Iterator<Item = &dti_score::set::Note> {
    t.notes.iter().filter(|n| n.kind != NoteKind::Note)
}

/// A targets file's interpretations, in the same blocks as the set's.
fn targets_text(t: &Targets) -> String {
    let mut out = String::new();
    let notes: Vec<_> = targets_notes(t).collect();
    let _ = writeln!(
        out,
        "\ntargets “{}”: {} interpretation(s) and source discrepancies:",
        t.province_id,
        notes.len()
    );
    for note in notes {
        note_block(&mut out, note, "(targets)".into());
    }
    for (id, target) in &t.targets {
        if let Some(note) = &target.note {
            let _ = writeln!(out, "\n[assignment] {id} (targets)\n  {note}");
        }
    }
    out
}

fn note_block(out: &mut String, note: &dti_score::set::Note, at: String) {
    let kind = match note.kind {
        NoteKind::Interpretation => "interpretation",
        NoteKind::SourceDiscrepancy => "source discrepancy",
        NoteKind::Note => "note",
    };
    let _ = writeln!(out, "\n[{kind}] {at}");
    let _ = writeln!(out, "  {}", note.text.vi);
    if let Some(en) = &note.text.en {
        let _ = writeln!(out, "  {en}");
    }
    if let Some(q) = &note.quote {
        let _ = writeln!(out, "  source: “{q}”");
    }
}

/// Every interpretation, one block each: where, what, and the source's words.
pub(crate) fn interpretations_text(set: &IndicatorSet) -> String {
    let list = set.interpretations();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} interpretation(s) and source discrepancies:",
        list.len()
    );
    for (node, note) in list {
        let at = node
            .map(|n| format!("{} {}", n.code, n.title.vi))
            .unwrap_or_else(|| "(set)".into());
        note_block(&mut out, note, at);
    }
    out
}

/// What `score` writes: the report on standard output (JSON or the readable table, in
/// Vietnamese or English) and, where asked, the unit's report as CSV and XLSX files.
pub(crate) struct Output<'a> {
    pub json: bool,
    pub en: bool,
    pub csv: Option<&'a Path>,
    pub xlsx: Option<&'a Path>,
}

pub(crate) fn score(
    set_path: &Path,
    values_path: &Path,
    year: Option<i32>,
    targets: Option<&Path>,
    output: Output<'_>,
) -> Result<ExitCode, Failure> {
    let Output {
        json,
        en,
        csv,
        xlsx,
    } = output;
    let set = load_set(set_path)?;
    let values = Values::from_json(&read_input(values_path, InputKind::Values)?).map_err(|e| {
        Failure(format!(
            "{} is not a valid values file:\n{e}",
            values_path.display()
        ))
    })?;
    let targets = targets.map(|p| load_targets(p, &set)).transpose()?;
    let report = run_score(
        &set,
        &values,
        &ScoreOptions {
            year,
            targets,
            ..Default::default()
        },
    );
    let lang = if en { Lang::En } else { Lang::Vi };
    if csv.is_some() || xlsx.is_some() {
        let unit = unit_table(&set, &report, lang);
        if let Some(p) = csv {
            write_file(p, unit.to_csv().as_bytes())?;
        }
        if let Some(p) = xlsx {
            write_file(p, &dti_score::table::to_xlsx(std::slice::from_ref(&unit))?)?;
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", table(&set, &report, lang));
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))
}

/// The readable report: one line per indicator, indented by depth, then the trace.
pub(crate) fn table(set: &IndicatorSet, report: &dti_score::Report, lang: Lang) -> String {
    let mut out = String::new();
    let num = |d: &Option<rust_decimal::Decimal>| {
        d.map(|d| format_lang(&d, lang))
            .unwrap_or_else(|| "—".into())
    };
    for node in &set.nodes {
        let Some(r) = report.nodes.get(node.id.as_str()) else {
            continue;
        };
        let indent = "  ".repeat(node.depth);
        let title: String = node.title.get(lang).chars().take(60).collect();
        let _ = writeln!(
            out,
            "{indent}{:<10} {:>8} / {:<6} {:<11} {title}",
            node.code,
            num(&r.points),
            num(&r.max),
            r.status.name(),
        );
        if node.rule.is_some() {
            let _ = writeln!(out, "{indent}           {}", r.trace.get(lang));
            if let Some(t) = &r.to_full {
                let _ = writeln!(out, "{indent}           → {}", t.get(lang));
            }
        }
    }
    let _ = writeln!(
        out,
        "{}: {} / {}",
        if lang == Lang::Vi {
            "Tổng điểm"
        } else {
            "Total"
        },
        num(&report.total),
        num(&report.max)
    );
    for w in &report.warnings {
        let level = if w.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(out, "{level} at {}: {}", w.pointer, w.message(lang));
    }
    out
}
