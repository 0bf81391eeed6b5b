//! `dti-score verify`: a verdict per submission file.

use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::limits::InputKind;
use dti_score::registry::KeyRegistry;
use dti_score::verify::evidence::match_submission;
use dti_score::verify::{verify_files, Outcome, Verdict, VerifyOptions};
use dti_score::Lang;
use dti_score::Message;

use crate::cli::*;

/// `dti-score verify`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The submission files.
    #[arg(required = true)]
    submissions: Vec<PathBuf>,
    /// The indicator-set file the submissions were scored with.
    #[arg(long)]
    set: PathBuf,
    /// The province's key registry (keys.json), signed by the province key.
    #[arg(long)]
    keys: Option<PathBuf>,
    /// The province key's fingerprint: keys.json must be signed by it.
    #[arg(long, value_name = "FINGERPRINT")]
    province_key: Option<String>,
    /// Read a keys.json that is not signed, or without --province-key: the signers
    /// then stay unproven (exit 3 at best).
    #[arg(long)]
    allow_unsigned_keys: bool,
    /// Require this assessment year.
    #[arg(long)]
    year: Option<i32>,
    /// Require this assessment period.
    #[arg(long)]
    period: Option<String>,
    /// A folder of evidence files: each submission's cited files are matched to them by
    /// SHA-256 (present and matching, missing, or altered); exit 1 unless all match.
    #[arg(long, value_name = "DIR")]
    evidence: Option<PathBuf>,
    /// Print the verdicts as JSON (with --evidence: {"verdicts": […], "evidence": […]}).
    #[arg(long)]
    json: bool,
    /// Write messages in English instead of Vietnamese.
    #[arg(long)]
    en: bool,
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    let set = load_set(&args.set)?;
    let registry = match &args.keys {
        Some(path) => Some(
            KeyRegistry::load(
                &read_input(path, InputKind::Registry)?,
                args.province_key.as_deref(),
                args.allow_unsigned_keys,
            )
            .map_err(|e| {
                bilingual(
                    format!("{}: {}", path.display(), e.message(Lang::Vi)),
                    format!("{}: {e}", path.display()),
                )
            })?,
        ),
        None => None,
    };
    let mut files = Vec::new();
    for path in &args.submissions {
        let bytes = read_input_bytes(path, InputKind::Submission)?;
        files.push((path.display().to_string(), bytes));
    }
    let options = VerifyOptions {
        set: &set,
        registry: registry.as_ref(),
        year: args.year,
        period: args.period.as_deref(),
    };
    let verdicts = verify_files(&files, &options);
    let evidence = match &args.evidence {
        Some(dir) => {
            let found = super::evidence::read_dir(dir)?;
            Some(
                files
                    .iter()
                    .map(|(name, bytes)| match_submission(name, bytes, Some(&set), &found))
                    .collect::<Vec<_>>(),
            )
        }
        None => None,
    };
    let lang = if args.en { Lang::En } else { Lang::Vi };
    match (&evidence, args.json) {
        (None, true) => println!("{}", serde_json::to_string_pretty(&verdicts)?),
        (Some(evidence), true) => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "verdicts": verdicts,
                "evidence": evidence,
            }))?
        ),
        (_, false) => print!("{}", render(&verdicts, lang)),
    }
    if let (Some(evidence), false) = (&evidence, args.json) {
        print!("{}", super::evidence::render(evidence, lang));
    }
    let evidence_ok = evidence.iter().flatten().all(|e| e.all_matching());
    Ok(if verdicts.iter().any(|v| !v.passed) || !evidence_ok {
        ExitCode::from(1)
    } else if verdicts.iter().any(|v| !v.proven) {
        ExitCode::from(UNPROVEN)
    } else {
        ExitCode::SUCCESS
    })
}

/// `verify`'s exit code when every signature is valid but some signers are not proven.
const UNPROVEN: u8 = 3;

/// The verdicts for a person: one line per file, then each failed check with its reason.
fn render(verdicts: &[Verdict], lang: Lang) -> String {
    let mut out = String::new();
    for verdict in verdicts {
        let head = if verdict.proven {
            lang.pick("ĐẠT ", "PASS")
        } else if verdict.passed {
            lang.pick("CHƯA XÁC NHẬN", "UNPROVEN")
        } else {
            lang.pick("LỖI ", "FAIL")
        };
        let mut facts = Vec::new();
        if let Some(unit) = &verdict.unit {
            facts.push(unit.clone());
        }
        if let Some(period) = &verdict.period {
            facts.push(period.clone());
        }
        if let Some(total) = &verdict.total {
            facts.push(format!("{} {total}", lang.pick("tổng điểm", "total")));
        }
        out.push_str(&format!("{head} {}", verdict.file));
        if !facts.is_empty() {
            out.push_str(&format!(" ({})", facts.join(", ")));
        }
        out.push('\n');
        if verdict.passed && !verdict.proven {
            out.push_str(lang.pick(
                "  chữ ký hợp lệ, người ký chưa được xác nhận (cần keys.json có chữ ký của tỉnh và --province-key)\n",
                "  signatures valid, signers not proven (needs keys.json signed by the province and --province-key)\n",
            ));
        }
        for check in &verdict.checks {
            match check.outcome {
                Outcome::Pass => {}
                Outcome::Fail => {
                    for problem in &check.problems {
                        let text = problem.message(lang);
                        out.push_str(&format!("  {}: {text}\n", check.label()));
                    }
                }
                Outcome::Skipped => {
                    // Skips after an unreadable file say nothing new.
                    if verdict.passed
                        || check.skipped != Some(dti_score::verify::SkipReason::FileUnreadable)
                    {
                        if let Some(reason) = check.skipped {
                            let word = lang.pick("bỏ qua", "skipped");
                            let text = reason.message(lang);
                            out.push_str(&format!("  {}: {word} ({text})\n", check.label()));
                        }
                    }
                }
            }
        }
    }
    let passed = verdicts.iter().filter(|v| v.proven).count();
    let unproven = verdicts.iter().filter(|v| v.passed && !v.proven).count();
    let total = verdicts.len();
    out.push_str(&match unproven {
        0 => lang.pick(
            format!("{passed}/{total} hồ sơ đạt\n"),
            format!("{passed}/{total} submissions pass\n"),
        ),
        n => lang.pick(
            format!(
                "{passed}/{total} hồ sơ đạt; {n} có chữ ký hợp lệ nhưng người ký chưa được xác nhận\n"
            ),
            format!(
                "{passed}/{total} submissions pass; {n} with valid signatures but signers not proven\n"
            ),
        ),
    });
    out
}
