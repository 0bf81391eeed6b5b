//! `dti-score score`: score a values file against a set; the report as a readable table or
//! JSON, and the unit's own CSV/XLSX.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dti_score::limits::InputKind;
use dti_score::number::format_lang;
use dti_score::unit_table;
use dti_score::Lang;
use dti_score::Message;
use dti_score::{score as run_score, IndicatorSet, ScoreOptions, Severity, Values};

use crate::cli::*;

/// The arguments of `dti-score score`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The indicator-set file.
    pub set: PathBuf,
    /// The values file: JSON, or a filled values workbook (`.xlsx`, from `dti-score
    /// template`).
    pub values: PathBuf,
    /// The assessment year (overrides the values file's).
    #[arg(long)]
    pub year: Option<i32>,
    /// A province's targets file.
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Print the full report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write traces in English instead of Vietnamese.
    #[arg(long)]
    pub en: bool,
    /// Also write the unit's report as CSV (UTF-8 with BOM): one row per indicator
    /// and the total, in Vietnamese (English with `--en`).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Also write the unit's report as an XLSX workbook (the same cells as `--csv`).
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    /// Last year's signed submission or values file: last year's points and the change
    /// beside each indicator (matched by id, whatever the set's version).
    #[arg(long, value_name = "LAST.json")]
    pub previous: Option<PathBuf>,
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    score(
        &args.set,
        &args.values,
        args.year,
        args.targets.as_deref(),
        Output {
            json: args.json,
            en: args.en,
            csv: args.csv.as_deref(),
            xlsx: args.xlsx.as_deref(),
            previous: args.previous.as_deref(),
        },
    )
}

/// What `score` writes: the report on standard output (JSON or the readable table, in
/// Vietnamese or English) and, where asked, the unit's report as CSV and XLSX files.
struct Output<'a> {
    pub json: bool,
    pub en: bool,
    pub csv: Option<&'a Path>,
    pub xlsx: Option<&'a Path>,
    pub previous: Option<&'a Path>,
}

fn score(
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
        previous,
    } = output;
    let set = load_set(set_path)?;
    let values = load_values(&set, values_path)?;
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
    let yoy = previous
        .map(|p| load_previous(p).map(|last| dti_score::previous::compare(&set, &report, &last)))
        .transpose()?;
    if csv.is_some() || xlsx.is_some() {
        let mut unit = unit_table(&set, &report, lang);
        if let Some(yoy) = &yoy {
            dti_score::previous::beside(&mut unit, yoy, lang);
        }
        if let Some(p) = csv {
            write_file(p, unit.to_csv().as_bytes(), false)?;
        }
        if let Some(p) = xlsx {
            write_file(
                p,
                &dti_score::table::to_xlsx(std::slice::from_ref(&unit))?,
                false,
            )?;
        }
    }
    if json {
        let mut out = serde_json::to_value(&report)?;
        if let (Some(yoy), Some(map)) = (&yoy, out.as_object_mut()) {
            map.insert("year_over_year".into(), serde_json::to_value(yoy)?);
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", table(&set, &report, yoy.as_ref(), lang));
    for e in dti_score::evidence::check(&set, &values) {
        let level = match e.finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!(
            "{level} at {}: {} [{}]",
            e.finding.pointer,
            e.finding.message(lang),
            e.finding.code()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A values file, or a filled values workbook (by its extension or its zip magic bytes):
/// every problem of a workbook at its cell, in Vietnamese then English.
fn load_values(set: &IndicatorSet, path: &Path) -> Result<Values, Failure> {
    let bytes = read_input_bytes(path, InputKind::Values)?;
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        || bytes.starts_with(b"PK\x03\x04");
    if xlsx {
        return dti_score::workbook::read_values(set, &bytes).map_err(|problems| {
            let mut out = format!("{} cannot be read as a values workbook:", path.display());
            for p in &problems {
                let _ = write!(out, "\n  {}\n    ({p})", p.message(Lang::Vi));
            }
            Failure(out)
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "cannot read {}: stream did not contain valid UTF-8 ({e})",
            path.display()
        ))
    })?;
    Values::from_json(&text).map_err(|e| {
        Failure(format!(
            "{} is not a valid values file:\n{e}",
            path.display()
        ))
    })
}

/// Last year's file for `--previous`: a signed submission or a values file, its problem
/// in Vietnamese then English.
fn load_previous(path: &Path) -> Result<dti_score::previous::Previous, Failure> {
    let bytes = read_input_bytes(path, InputKind::Submission)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "cannot read {}: stream did not contain valid UTF-8 ({e})",
            path.display()
        ))
    })?;
    dti_score::previous::Previous::from_json(&text).map_err(|e| {
        Failure(format!(
            "{}: {}\n  ({e})",
            path.display(),
            e.message(Lang::Vi)
        ))
    })
}

/// The readable report: one line per indicator, indented by depth, then the trace; with
/// last year's assessment, last year's points and the change after the status.
pub(crate) fn table(
    set: &IndicatorSet,
    report: &dti_score::Report,
    yoy: Option<&dti_score::previous::YearOverYear>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let num = |d: &Option<rust_decimal::Decimal>| {
        d.map(|d| format_lang(&d, lang))
            .unwrap_or_else(|| "—".into())
    };
    if let Some(yoy) = yoy {
        let year = yoy
            .previous
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "—".into());
        let (compared, last, change) = match lang {
            Lang::Vi => ("So sánh với năm", "năm trước", "thay đổi"),
            Lang::En => ("Compared with", "last year", "change"),
        };
        let _ = writeln!(out, "{compared} {year}");
        for n in &yoy.notes {
            let _ = writeln!(out, "* {}", if lang == Lang::Vi { &n.vi } else { &n.en });
        }
        let _ = writeln!(out, "{:41}{last:>10} {change:>9}", "");
    }
    for node in set.nodes() {
        let Some(r) = report.nodes.get(node.id.as_str()) else {
            continue;
        };
        let indent = "  ".repeat(node.depth);
        let title: String = node.title.get(lang).chars().take(60).collect();
        let change = yoy.and_then(|y| y.node(&node.id));
        let beside = change.map_or_else(String::new, |c| {
            format!(
                "{:>10} {:>9} ",
                num(&c.points.last),
                c.points.change.map_or_else(
                    || "—".into(),
                    |d| dti_score::previous::signed_change(d, lang)
                )
            )
        });
        let _ = writeln!(
            out,
            "{indent}{:<10} {:>8} / {:<6} {:<11} {beside}{title}",
            node.code,
            num(&r.points),
            num(&r.max),
            r.status.name(),
        );
        for n in change.map(|c| c.notes.as_slice()).unwrap_or_default() {
            let _ = writeln!(
                out,
                "{indent}           * {}",
                if lang == Lang::Vi { &n.vi } else { &n.en }
            );
        }
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
    if let Some(yoy) = yoy {
        let (last, change) = match lang {
            Lang::Vi => ("năm trước", "thay đổi"),
            Lang::En => ("last year", "change"),
        };
        let _ = writeln!(
            out,
            "{last}: {}, {change}: {}",
            num(&yoy.total.last),
            yoy.total.change.map_or_else(
                || "—".into(),
                |d| dti_score::previous::signed_change(d, lang)
            )
        );
    }
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
