//! `dti-score`: validate indicator sets, score values, serve the self-assessment page.

mod aggregate;
mod bundle;
mod keys;
mod registry;
mod score_cmd;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dti_score::limits::InputKind;
use dti_score::text::Lang;
use dti_score::Message;

/// dti-score — Digital Transformation Index (DTI) scoring engine.
#[derive(Parser)]
#[command(name = "dti-score", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check an indicator set; list every error with its location (exit 1 on errors).
    Validate {
        /// The indicator-set file.
        set: PathBuf,
        /// List every interpretation and source discrepancy the set records, with quotes.
        #[arg(long)]
        interpretations: bool,
        /// A province's targets file for the set: checked too, and its notes listed with
        /// `--interpretations`.
        #[arg(long)]
        targets: Option<PathBuf>,
        /// Print findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score a values file against a set.
    Score {
        /// The indicator-set file.
        set: PathBuf,
        /// The values file.
        values: PathBuf,
        /// The assessment year (overrides the values file's).
        #[arg(long)]
        year: Option<i32>,
        /// A province's targets file.
        #[arg(long)]
        targets: Option<PathBuf>,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
        /// Write traces in English instead of Vietnamese.
        #[arg(long)]
        en: bool,
        /// Also write the unit's report as CSV (UTF-8 with BOM): one row per indicator
        /// and the total, in Vietnamese (English with `--en`).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Also write the unit's report as an XLSX workbook (the same cells as `--csv`).
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Verify, merge, rank and roll up a batch of submissions (files or folders).
    Aggregate(aggregate::Args),
    /// Sign the appraisal council's scores for one submission with a reviewer's key.
    Appraise(aggregate::AppraiseArgs),
    /// Serve a folder (the self-assessment page) over HTTP on this machine's network.
    Serve {
        /// The folder to serve.
        #[arg(default_value = "dist")]
        dir: PathBuf,
        /// The port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on (0.0.0.0 for the office LAN).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Who may show the page in a frame: CSP `frame-ancestors` sources, such as
        /// "'self' https://portal.example.gov.vn".
        #[arg(long, default_value = "'self'")]
        frame_ancestors: String,
        /// The most connections open at once (lowered to fit the open-file limit).
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Seconds a client has to send a request's line and headers.
        #[arg(long, default_value_t = 10)]
        header_timeout: u64,
        /// Seconds a connection may stay open without sending or receiving a byte.
        #[arg(long, default_value_t = 30)]
        idle_timeout: u64,
    },
    #[command(flatten)]
    Keys(keys::KeysCommand),
    /// The province's key registry (keys.json): create, add, revoke, list, sign.
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
    #[command(flatten)]
    Bundle(bundle::BundleCommand),
}

/// A failure the user must read: printed without a backtrace, exit code 2 (1 is kept
/// for "the input has errors").
pub(crate) struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Reads a file with a message naming it.
pub(crate) fn read_file(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
}

/// Reads an input file of a kind: its size on disk is checked against the kind's limit
/// (src/limits.rs, docs/limits.md) before a byte is read.
pub(crate) fn read_input_bytes(path: &Path, kind: InputKind) -> Result<Vec<u8>, Failure> {
    let size = std::fs::metadata(path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?
        .len();
    dti_score::limits::check_size(kind, size).map_err(|e| {
        Failure(format!(
            "{}: {}\n  ({}: {e})",
            path.display(),
            e.message(Lang::Vi),
            path.display()
        ))
    })?;
    std::fs::read(path).map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
}

/// [`read_input_bytes`] as text.
pub(crate) fn read_input(path: &Path, kind: InputKind) -> Result<String, Failure> {
    String::from_utf8(read_input_bytes(path, kind)?).map_err(|e| {
        Failure(format!(
            "cannot read {}: stream did not contain valid UTF-8 ({e})",
            path.display()
        ))
    })
}

/// Loads and validates a set, printing every finding on failure.
pub(crate) fn load_set(path: &Path) -> Result<dti_score::IndicatorSet, Failure> {
    let text = read_input(path, InputKind::Set)?;
    dti_score::IndicatorSet::from_json(&text).map_err(|e| {
        Failure(format!(
            "{} is not a valid indicator set:\n{e}",
            path.display()
        ))
    })
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`| head`) would panic;
    // a command-line tool should simply stop.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate {
            set,
            interpretations,
            targets,
            json,
        } => score_cmd::validate(&set, interpretations, targets.as_deref(), json),
        Command::Score {
            set,
            values,
            year,
            targets,
            json,
            en,
            csv,
            xlsx,
        } => score_cmd::score(
            &set,
            &values,
            year,
            targets.as_deref(),
            score_cmd::Output {
                json,
                en,
                csv: csv.as_deref(),
                xlsx: xlsx.as_deref(),
            },
        ),
        Command::Serve {
            dir,
            port,
            host,
            frame_ancestors,
            max_connections,
            header_timeout,
            idle_timeout,
        } => serve::serve(serve::Options {
            dir,
            host,
            port,
            frame_ancestors,
            max_connections,
            header_timeout,
            idle_timeout,
        }),
        Command::Keys(command) => keys::run(command),
        Command::Registry(command) => registry::run(command),
        Command::Bundle(command) => bundle::run(command),
        Command::Appraise(args) => aggregate::appraise(&args),
        Command::Aggregate(args) => aggregate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("dti-score: {message}");
            ExitCode::from(2)
        }
    }
}
