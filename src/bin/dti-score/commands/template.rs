//! `dti-score template`: the values workbook of a set, to fill offline in Excel or
//! LibreOffice and read back with `dti-score score SET filled.xlsx`.

use std::path::PathBuf;
use std::process::ExitCode;

use dti_score::limits::InputKind;
use dti_score::workbook::{write_template, TemplateOptions};
use dti_score::{Lang, Values};

use crate::cli::*;

/// The arguments of `dti-score template`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The indicator-set file.
    pub set: PathBuf,
    /// A values file to pre-fill the workbook with.
    #[arg(long)]
    pub values: Option<PathBuf>,
    /// The assessment year (overrides the values file's).
    #[arg(long)]
    pub year: Option<i32>,
    /// The unit's name (overrides the values file's).
    #[arg(long)]
    pub unit_name: Option<String>,
    /// The unit's id (overrides the values file's).
    #[arg(long)]
    pub unit_id: Option<String>,
    /// English headers, labels and number reading instead of Vietnamese.
    #[arg(long)]
    pub en: bool,
    /// Where to write the workbook (`mau-nhap-lieu.xlsx`).
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    let set = load_set(&args.set)?;
    let values = args
        .values
        .as_deref()
        .map(|p| {
            Values::from_json(&read_input(p, InputKind::Values)?)
                .map_err(|e| Failure(format!("{} is not a valid values file:\n{e}", p.display())))
        })
        .transpose()?;
    let opts = TemplateOptions {
        year: args.year,
        unit_id: args.unit_id.clone(),
        unit_name: args.unit_name.clone(),
        lang: if args.en { Lang::En } else { Lang::Vi },
    };
    let bytes = write_template(&set, values.as_ref(), &opts)?;
    write_file(&args.out, &bytes, false)?;
    Ok(ExitCode::SUCCESS)
}
