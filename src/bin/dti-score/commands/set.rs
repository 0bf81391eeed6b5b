//! `dti-score set to-xlsx` / `dti-score set from-xlsx`: an indicator set as a workbook to
//! write and edit in Excel or LibreOffice, and back (docs/set-workbook.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use dti_score::limits::InputKind;
use dti_score::setbook::{from_xlsx, to_xlsx, SetBookError};
use dti_score::{Lang, Message, Severity};

use crate::cli::*;

/// The `set` commands.
#[derive(Subcommand)]
pub(crate) enum SetCommand {
    /// Write an indicator set (JSON) as a workbook to edit in Excel or LibreOffice.
    ToXlsx {
        /// The indicator-set file (JSON).
        set: PathBuf,
        /// Where to write the workbook (`bo-chi-so.xlsx`).
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// English sheet names and headers (the column keys in row 2 are English either
        /// way); messages in English only.
        #[arg(long)]
        en: bool,
    },
    /// Read an indicator-set workbook back into the set's JSON, validated as a JSON set
    /// is: every finding at its `Sheet!Cell` (exit 1 on errors, and nothing is written).
    FromXlsx {
        /// The workbook (`.xlsx`).
        book: PathBuf,
        /// Where to write the set (JSON).
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Messages in English only (Vietnamese, then English, by default).
        #[arg(long)]
        en: bool,
        /// Print the findings as JSON (`{ "valid", "findings": [{ "cell", "pointer",
        /// "severity", "code", "vi", "en" }] }`), as `validate --json` does.
        #[arg(long)]
        json: bool,
    },
    /// Compare two versions of a set (last year's, this year's): the change list a
    /// decision's appendix prints ("STT | Mã chỉ số | Nội dung thay đổi | Trước | Sau")
    /// and each main indicator's maximum before and after (docs/set-diff.md). Exit 0
    /// whether or not anything changed.
    Diff {
        /// The old version (JSON).
        old: PathBuf,
        /// The new version (JSON).
        new: PathBuf,
        /// In English (Vietnamese by default).
        #[arg(long)]
        en: bool,
        /// Print the comparison as JSON (the library's `SetDiff`, both languages).
        #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
        json: bool,
        /// Write the change list as CSV to `-o FILE`.
        #[arg(long, requires = "out", conflicts_with = "xlsx")]
        csv: bool,
        /// Write the change list and the maxima as a workbook to `-o FILE`.
        #[arg(long, requires = "out")]
        xlsx: bool,
        /// Where to write the CSV or the workbook.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
}

/// Runs a `set` command.
pub(crate) fn run(command: SetCommand) -> Result<ExitCode, Failure> {
    match command {
        SetCommand::Diff {
            old,
            new,
            en,
            json,
            csv,
            xlsx,
            out,
        } => {
            let (old, new) = (load_set(&old)?, load_set(&new)?);
            let d = dti_score::set::diff::diff(&old, &new);
            let lang = if en { Lang::En } else { Lang::Vi };
            match (json, csv, xlsx, out) {
                (true, ..) => println!("{}", serde_json::to_string_pretty(&d)?),
                (_, true, _, Some(out)) => {
                    write_file(&out, d.table(lang).to_csv().as_bytes(), false)?
                }
                (_, _, true, Some(out)) => {
                    let bytes = dti_score::table::to_xlsx(&[d.table(lang), d.totals_table(lang)])?;
                    write_file(&out, &bytes, false)?
                }
                _ => print!("{}", d.to_text(lang)),
            }
            Ok(ExitCode::SUCCESS)
        }
        SetCommand::ToXlsx { set, out, en } => {
            let text = read_input(&set, InputKind::Set)?;
            let lang = if en { Lang::En } else { Lang::Vi };
            match to_xlsx(&text, lang) {
                Ok(bytes) => {
                    write_file(&out, &bytes, false)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    print!("{}", located(&set, &problems, en));
                    println!(
                        "{}: {}",
                        set.display(),
                        summary(
                            &problems,
                            en,
                            "không ghi được bảng tính",
                            "no workbook written"
                        )
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        SetCommand::FromXlsx {
            book,
            out,
            en,
            json,
        } => {
            let bytes = read_input_bytes(&book, InputKind::Set)?;
            let read = from_xlsx(&bytes);
            if json {
                let (valid, findings) = match &read {
                    Ok(r) => (true, &r.warnings),
                    Err(problems) => (false, problems),
                };
                if let Ok(r) = &read {
                    write_file(&out, r.to_json_pretty().as_bytes(), false)?;
                }
                let report = serde_json::json!({ "valid": valid, "findings": findings });
                println!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(if valid {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            match read {
                Ok(read) => {
                    print!("{}", located(&book, &read.warnings, en));
                    write_file(&out, read.to_json_pretty().as_bytes(), false)?;
                    let id = read.set.get("id").and_then(|v| v.as_str()).unwrap_or("");
                    let version = read
                        .set
                        .get("version")
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    let (vi, en_text) = (
                        format!(
                            "đã ghi bộ chỉ số “{id}” phiên bản {version} vào {}",
                            out.display()
                        ),
                        format!(
                            "wrote the set “{id}” version {version} to {}",
                            out.display()
                        ),
                    );
                    if en {
                        println!("{}: {en_text}", book.display());
                    } else {
                        println!("{}: {vi}\n  ({en_text})", book.display());
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    print!("{}", located(&book, &problems, en));
                    println!(
                        "{}: {}",
                        book.display(),
                        summary(&problems, en, "không ghi bộ chỉ số", "no set written")
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

/// Every problem on its lines: severity, code, the message (it names its cell) in
/// Vietnamese with the English below it, or in English only.
fn located(path: &Path, problems: &[SetBookError], en: bool) -> String {
    let mut out = String::new();
    for p in problems {
        let level = match p.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{} {level} [{}] ", path.display(), p.code());
        if en {
            let _ = writeln!(out, "{}", p.message(Lang::En));
        } else {
            let _ = writeln!(out, "{}\n  ({})", p.message(Lang::Vi), p.message(Lang::En));
        }
    }
    out
}

/// "2 lỗi — …" / "2 errors — …".
fn summary(problems: &[SetBookError], en: bool, vi_what: &str, en_what: &str) -> String {
    let n = problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let en_text = format!("{n} error{} — {en_what}", if n == 1 { "" } else { "s" });
    if en {
        en_text
    } else {
        format!("{n} lỗi — {vi_what}\n  ({en_text})")
    }
}
