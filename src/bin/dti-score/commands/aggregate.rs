//! `aggregate`: verify a folder of submissions, merge, rank, roll up; CSV and XLSX.

use dti_score::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dti_score::aggregate::{
    aggregate, aggregate_compact, intake_compact, intake_streamed, rollup, Aggregate,
    AggregateOptions, FileKind, Intake, IntakeOptions, PreviousResults, Round, UnitEntry,
};
use dti_score::limits::InputKind;
use dti_score::registry::KeyRegistry;
use dti_score::table::{Cell, Table};
use dti_score::Targets;

use crate::cli::*;
use dti_score::Message;

/// The command's arguments.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Signed submissions or values files, or folders of them.
    #[arg(required = true)]
    pub submissions: Vec<PathBuf>,
    /// The indicator-set file.
    #[arg(long)]
    pub set: PathBuf,
    /// The province's key registry (keys.json), signed by the province key.
    #[arg(long)]
    pub keys: Option<PathBuf>,
    /// The province key's fingerprint (`21FE-31DF-A154-A261`): keys.json must be
    /// signed by it.
    #[arg(long, value_name = "FINGERPRINT")]
    pub province_key: Option<String>,
    /// Read a keys.json that is not signed (a draft, a legacy keys/v1) or whose
    /// province key is not given: every signer is then marked unproven.
    #[arg(long)]
    pub allow_unsigned_keys: bool,
    /// Rank without a proven key registry: every row is marked unproven.
    #[arg(long)]
    pub unregistered_keys: bool,
    /// The round's year: files of any other year are refused (default: the year every
    /// accepted file is for).
    #[arg(long)]
    pub year: Option<i32>,
    /// The previous round's results CSV, for the change column.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// A province's targets file (for the at-risk list).
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Write the ranking as CSV (UTF-8 with BOM).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Write every view as an XLSX workbook.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    /// Write the communes' summed inputs as a provincial values file.
    #[arg(long)]
    pub rollup: Option<PathBuf>,
    /// Take unsigned values files too (refused by default). Every row then says what
    /// it rests on (`data`: signed, mixed, unsigned); signed values always win.
    #[arg(long, conflicts_with = "require_signed")]
    pub allow_unsigned: bool,
    /// No effect: unsigned values files are refused by default (kept so that old
    /// scripts still run).
    #[arg(long, hide = true)]
    pub require_signed: bool,
    /// Headers, sheet names and coded values of the CSV and XLSX in English
    /// (default: Vietnamese).
    #[arg(long)]
    pub en: bool,
    /// Print everything as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print the time taken (verify + merge, and with the aggregation) to stderr.
    #[arg(long)]
    pub bench: bool,
    /// Verify the files on this many threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    let set = load_set(&args.set)?;
    let registry = match &args.keys {
        Some(p) => Some(
            KeyRegistry::load(
                &read_input(p, InputKind::Registry)?,
                args.province_key.as_deref(),
                args.allow_unsigned_keys,
            )
            .map_err(|e| Failure(format!("{}: {}\n  ({e})", p.display(), e.message(Lang::Vi))))?,
        ),
        None => None,
    };
    let proven = registry.as_ref().is_some_and(KeyRegistry::proven);
    if registry.is_none() && !args.unregistered_keys {
        return Err(Failure(
            "không có danh sách khóa: không xếp hạng khi chưa xác nhận được người ký; dùng --keys keys.json --province-key DẤU-VÂN-TAY, hoặc --unregistered-keys để xếp hạng với mọi dòng ghi chưa xác nhận\n  (no key registry: nothing is ranked while the signers are not proven; give --keys keys.json --province-key FINGERPRINT, or --unregistered-keys to rank with every row marked unproven)".to_string(),
        ));
    }
    let previous = match &args.previous {
        Some(p) => Some(
            PreviousResults::from_csv(&read_file(p)?)
                .map_err(|e| Failure(format!("{}: {e}", p.display())))?,
        ),
        None => None,
    };
    let targets = match &args.targets {
        Some(p) => Some(
            Targets::from_json(&read_input(p, InputKind::Targets)?, &set)
                .map_err(|e| Failure(format!("{}: {e}", p.display())))?,
        ),
        None => None,
    };
    let mut files = Vec::new();
    for p in &args.submissions {
        collect(p, &mut files)?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure(format!("cannot start the threads: {e}")))?;
    let started = Instant::now();
    let read = |i: usize| -> Result<(String, Vec<u8>), Failure> {
        match &files[i] {
            Listed::Read(path) => Ok((
                path.display().to_string(),
                read_input_bytes(path, InputKind::Submission)?,
            )),
            Listed::NotRead(path) => Ok((path.display().to_string(), Vec::new())),
        }
    };
    let intake_options = IntakeOptions {
        set: &set,
        registry: registry.as_ref(),
        allow_unsigned: args.allow_unsigned,
        year: args.year,
    };
    let mut options = AggregateOptions {
        year: None,
        targets,
        previous,
        // The traces are only written out in the JSON output.
        traces: args.json,
        mark_unsigned: args.allow_unsigned,
        mark_unproven: !proven,
    };
    let bench = |verified: std::time::Duration| {
        if args.bench {
            eprintln!(
                "bench: {} files — verify and merge {} ms, verify + merge + aggregate {} ms",
                files.len(),
                verified.as_millis(),
                started.elapsed().as_millis()
            );
        }
    };
    if args.json || args.rollup.is_some() {
        // The JSON output writes every unit's report, the roll-up sums every unit's
        // values: both are kept whole.
        // The files are read, verified and dropped a group at a time: only the verdicts
        // and the values taken are kept.
        let mut taken = pool.install(|| intake_streamed(files.len(), read, &intake_options))?;
        let verified = started.elapsed();
        let entries: Vec<UnitEntry> = taken.entries();
        let rollup_out = args.rollup.as_ref().map(|_| {
            let values: Vec<&dti_score::Values> = entries.iter().map(|e| &*e.values).collect();
            let expected: Option<Vec<String>> = registry
                .as_ref()
                .map(|r| r.units().map(|(id, _)| id.to_string()).collect());
            // Registered units that are not communes are not expected in the roll-up.
            let expected = expected.map(|ids| {
                ids.into_iter()
                    .filter(|id| {
                        !entries
                            .iter()
                            .any(|e| &e.unit.id == id && !dti_score::aggregate::is_commune(&e.unit))
                    })
                    .collect::<Vec<_>>()
            });
            rollup(&set, &values, expected.as_deref(), None)
        });
        // The entries hold the only copy of the merged values from here on (the outputs
        // below name the merged units, their sources and origins, never their values), so
        // that each unit's values are freed as soon as it is scored.
        for m in &mut taken.merged.units {
            m.values = std::sync::Arc::default();
        }
        options.year = taken.round.year();
        // The units are scored on the same threads as the files were verified.
        let result = pool.install(|| aggregate(&set, entries, &options));
        bench(verified);
        write_out(args, &set, &taken, &result, rollup_out.as_ref())
    } else {
        // Each file's values are held encoded once verified, and of each unit's report
        // only what the tables read is kept.
        let (taken, units) = pool.install(|| intake_compact(files.len(), read, &intake_options))?;
        let verified = started.elapsed();
        options.year = taken.round.year();
        let result = pool.install(|| aggregate_compact(&set, units, &options));
        bench(verified);
        write_out(args, &set, &taken, &result, None)
    }
}

/// The outputs of a batch: CSV, XLSX, roll-up, and the summary or JSON on stdout.
fn write_out<R: serde::Serialize>(
    args: &Args,
    set: &dti_score::IndicatorSet,
    taken: &Intake,
    result: &Aggregate<R>,
    rollup_out: Option<&dti_score::aggregate::RollupOutcome>,
) -> Result<ExitCode, Failure> {
    let lang = if args.en { Lang::En } else { Lang::Vi };
    // The ranking is written as CSV and printed; the other views are only built for
    // the workbook (the at-risk view alone has a few rows per unit).
    let ranking = result.ranking_table(lang);
    if let Some(p) = &args.csv {
        std::fs::write(p, ranking.to_csv())
            .map_err(|e| Failure(format!("cannot write {}: {e}", p.display())))?;
    }
    if let Some(p) = &args.xlsx {
        let mut tables = result.tables(lang);
        tables.push(taken.files_table(lang));
        tables.push(taken.conflicts_table(set, lang));
        write_xlsx(p, &tables)?;
    }
    if let (Some(p), Some(r)) = (&args.rollup, rollup_out) {
        let text = serde_json::to_string_pretty(&r.values.to_json_value())? + "\n";
        std::fs::write(p, text)
            .map_err(|e| Failure(format!("cannot write {}: {e}", p.display())))?;
    }
    let rejected = taken.files.iter().filter(|f| !f.accepted()).count();
    let problems = rejected > 0 || !taken.merged.conflicts.is_empty();
    if args.json {
        let out = serde_json::json!({
            "round": taken.round,
            "files": taken.files,
            "conflicts": taken.merged.conflicts,
            "merged": taken.merged.units.iter().map(|u| serde_json::json!({
                "unit": u.unit, "period": u.period, "sources": u.sources, "origin": u.origin,
            })).collect::<Vec<_>>(),
            "aggregate": result,
            "rollup": rollup_out,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_summary(taken, &ranking, rollup_out);
        // Each exclusion is a claim the province decides on: listed with its reason.
        for e in &result.exclusions {
            let verdict = match e.verdict {
                Some(dti_score::ExclusionVerdict::Accepted) => " [accepted]",
                Some(dti_score::ExclusionVerdict::Rejected) => " [rejected]",
                None => "",
            };
            println!(
                "EXCLUDED {} {} (max {}): {}{verdict}",
                e.unit_id,
                e.code,
                e.max.map_or("–".to_string(), |m| m.to_string()),
                e.reason
            );
        }
    }
    Ok(if problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A file to take in, as listed.
enum Listed {
    /// A file given, or a `.json` file in a folder given: read when its turn comes.
    Read(PathBuf),
    /// Not a JSON file, in a folder given: listed with no contents, so nothing is
    /// skipped silently.
    NotRead(PathBuf),
}

/// Files and folders (recursively, sorted) into the files to take in. Only `.json` files
/// (in any case: `.JSON` too) are read from folders; anything else there is listed as not read.
fn collect(path: &Path, out: &mut Vec<Listed>) -> Result<(), Failure> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            // `.json` in any case, as the review page reads a folder (`formats::is_json_name`).
            let json = p
                .file_name()
                .is_some_and(|n| dti_score::formats::is_json_name(&n.to_string_lossy()));
            if p.is_dir() || json {
                collect(&p, out)?;
            } else {
                out.push(Listed::NotRead(p));
            }
        }
        Ok(())
    } else {
        out.push(Listed::Read(path.to_path_buf()));
        Ok(())
    }
}

/// Writes every table as a sheet ([`dti_score::table::to_xlsx`], shared with the
/// review page).
fn write_xlsx(path: &Path, tables: &[Table]) -> Result<(), Failure> {
    let bytes = dti_score::table::to_xlsx(tables)?;
    std::fs::write(path, bytes)
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))
}

fn print_summary(
    taken: &Intake,
    ranking: &Table,
    rollup_out: Option<&dti_score::aggregate::RollupOutcome>,
) {
    let counts = taken.counts();
    let unsigned: Vec<&str> = taken
        .files
        .iter()
        .filter(|f| f.accepted() && f.kind == FileKind::Unsigned)
        .map(|f| f.file.as_str())
        .collect();
    let rejected: Vec<_> = taken.files.iter().filter(|f| !f.accepted()).collect();
    let appraisals = if counts.appraisals > 0 {
        format!(", {} appraisals", counts.appraisals)
    } else {
        String::new()
    };
    println!(
        "{} files: {} signed and verified, {} unsigned{appraisals}, {} rejected; {} units",
        taken.files.len(),
        counts.signed,
        counts.unsigned,
        counts.rejected,
        taken.merged.units.len()
    );
    match &taken.round {
        Round::Given { year } => println!("year {year} (--year)"),
        Round::Agreed { year } => println!("year {year} (every accepted file is for it)"),
        Round::Several { years } => println!(
            "NO YEAR: the files are for several years ({}); choose the round with --year",
            years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Round::Empty => {}
    }
    for f in &unsigned {
        println!("UNSIGNED {f}");
    }
    for f in &rejected {
        if let Some(r) = &f.rejection {
            println!("REJECTED {} [{}]: {}", f.file, r.code(), r.bilingual().en);
        }
    }
    for c in &taken.merged.conflicts {
        let outcome = match &c.kept {
            Some(v) => format!("signed value “{v}” kept"),
            None => "left out".to_string(),
        };
        println!(
            "CONFLICT {} {}: {} ({outcome})",
            c.unit_id,
            c.pointer,
            c.values_text(", ")
        );
    }
    println!("{}", ranking.header.join("\t"));
    for row in &ranking.rows {
        let cells: Vec<String> = row.iter().map(Cell::to_csv_text).collect();
        println!("{}", cells.join("\t"));
    }
    if let Some(r) = rollup_out {
        println!(
            "roll-up: {} communes summed, {} sums complete, {} incomplete, {} missing communes",
            r.communes.len(),
            r.values.context.len()
                + r.values
                    .values
                    .values()
                    .map(|n| n.inputs.len())
                    .sum::<usize>(),
            r.incomplete.len(),
            r.missing_communes.len()
        );
        for m in &r.missing_communes {
            println!("MISSING {m}");
        }
        for g in &r.gaps {
            println!("GAP {} {}: {}", g.unit_id, g.pointer, g.problem);
        }
        for (pointer, partial) in &r.incomplete {
            println!(
                "INCOMPLETE {pointer}: not written (sum over the communes that have it: {partial})"
            );
        }
    }
}
