//! `dti-score validate`: check an indicator set (and a targets file for it), every finding
//! with its location; list the interpretations and source discrepancies it records.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dti_score::limits::InputKind;
use dti_score::set::NoteKind;
use dti_score::{IndicatorSet, Lang, Targets};

use crate::cli::*;

/// The arguments of `dti-score validate`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The indicator-set file.
    pub set: PathBuf,
    /// List every interpretation and source discrepancy the set records, with quotes.
    #[arg(long)]
    pub interpretations: bool,
    /// A province's targets file for the set: checked too, and its notes listed with
    /// `--interpretations`.
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Print findings as JSON.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    validate(
        &args.set,
        args.interpretations,
        args.targets.as_deref(),
        args.json,
    )
}

fn validate(
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
                    "findings": set.warnings(),
                    "interpretations": list,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(ExitCode::SUCCESS);
            }
            for w in set.warnings() {
                println!("{w}");
            }
            let leaves = set.leaves().count();
            println!(
                "{}: valid — set “{}” version {}, {} main indicators, {} indicators in all, {} scored leaves{}",
                path.display(),
                set.id(),
                set.version(),
                set.roots().len(),
                set.nodes().len(),
                leaves,
                set.scale().map(|s| format!(", scale {s}")).unwrap_or_else(|| ", no scale (draft)".into())
            );
            // What is not an official set says so, in both languages.
            for lang in [Lang::Vi, Lang::En] {
                if let Some(note) = set.status().note(lang) {
                    println!(
                        "  {}: {} — {note}",
                        lang.pick("Hiệu lực", "Status"),
                        set.status().label(lang)
                    );
                }
            }
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
