//! `dti-score verify --evidence DIR`: the folder's files, and the report of each
//! submission's cited files (the matching is the library's, `verify::evidence`).

use std::path::Path;

use dti_score::verify::evidence::{EvidenceFiles, EvidenceStatus, SubmissionEvidence};
use dti_score::Lang;

use crate::cli::*;

/// Every file under `dir` (subfolders too), hashed, by its name without folders.
pub(crate) fn read_dir(dir: &Path) -> Result<EvidenceFiles, Failure> {
    let mut files = EvidenceFiles::default();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| {
            bilingual(
                format!("không đọc được thư mục {}: {e}", folder.display()),
                format_args!("cannot read folder {}: {e}", folder.display()),
            )
        })?;
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| {
                bilingual(
                    format!("không đọc được {}: {e}", path.display()),
                    format_args!("cannot read {}: {e}", path.display()),
                )
            })?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            files.add(
                &name.unwrap_or_default(),
                dti_score::evidence::sha256_hex(&bytes),
            );
        }
    }
    Ok(files)
}

/// One block per submission: each cited file with its outcome, then a count.
pub(crate) fn render(evidence: &[SubmissionEvidence], lang: Lang) -> String {
    let mut out = String::new();
    let (mut matching, mut cited) = (0, 0);
    for e in evidence {
        out.push_str(&format!(
            "{} {}\n",
            lang.pick("Minh chứng của", "Evidence of"),
            e.file
        ));
        if !e.read {
            out.push_str(lang.pick(
                "  không đọc được số liệu của hồ sơ\n",
                "  the submission's values cannot be read\n",
            ));
        } else if e.matches.is_empty() {
            out.push_str(lang.pick(
                "  hồ sơ không nêu tệp minh chứng nào\n",
                "  the submission cites no evidence file\n",
            ));
        }
        for m in &e.matches {
            cited += 1;
            let head = match m.status {
                EvidenceStatus::Matching => {
                    matching += 1;
                    lang.pick("KHỚP    ", "MATCHING")
                }
                EvidenceStatus::Missing => lang.pick("THIẾU   ", "MISSING "),
                EvidenceStatus::Altered => lang.pick("BỊ SỬA  ", "ALTERED "),
            };
            let text = lang.pick(&m.vi, &m.en);
            out.push_str(&format!("  {head} {text}\n"));
        }
    }
    out.push_str(&lang.pick(
        format!("{matching}/{cited} tệp minh chứng khớp\n"),
        format!("{matching}/{cited} evidence files match\n"),
    ));
    out
}
