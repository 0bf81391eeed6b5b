//! Citations: every node of a shipped set cites the legal document as its reader knows
//! it, and no text the page receives (the set's description, a report with traces) or
//! ships (www/) names a source text file (`NNN_<16 hex>.txt`); the file reference lives
//! only in `source_file`, which the engine never passes on.

use std::fs;
use std::path::PathBuf;

use dti_score::{score, IndicatorSet, ScoreOptions, Values};

const SETS: [&str; 5] = [
    "dti-province-2022",
    "dti-province-2025",
    "thanh-hoa-department-2021",
    "thanh-hoa-district-2021",
    "vinh-long-2025",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(id: &str) -> IndicatorSet {
    let text = fs::read_to_string(root().join(format!("indicator-sets/{id}.json"))).unwrap();
    IndicatorSet::from_json(&text).unwrap()
}

/// Every source-file name in `text`: three digits, `_`, 16 lower-case hex digits, `.txt`.
fn file_names(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        let Some(w) = b.get(i..i + 24) else { break };
        let ok = w[..3].iter().all(u8::is_ascii_digit)
            && w[3] == b'_'
            && w[4..20]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && &w[20..] == b".txt";
        if ok {
            out.push(String::from_utf8_lossy(w).into_owned());
        }
    }
    out
}

#[test]
fn the_finder_finds_a_file_name_and_nothing_else() {
    assert_eq!(
        file_names("xem 003_4d5527068b313027.txt, dòng 1111"),
        ["003_4d5527068b313027.txt"]
    );
    assert!(file_names("Quyết định số 863/QĐ-UBND; 003_4D5527068B313027.txt").is_empty());
}

#[test]
fn every_node_cites_a_legal_document_and_keeps_its_file_apart() {
    for id in SETS {
        let set = shipped(id);
        for node in set.nodes() {
            let source = node
                .meta
                .source
                .as_ref()
                .unwrap_or_else(|| panic!("{id} {}: no source", node.id));
            assert!(
                source.document.starts_with("Quyết định số ")
                    || source
                        .document
                        .starts_with("Dự thảo Bộ chỉ số DTI cấp tỉnh"),
                "{id} {}: {}",
                node.id,
                source.document
            );
            let location = source.location.as_deref().unwrap_or("");
            assert!(
                location.starts_with("Phụ lục"),
                "{id} {}: {location}",
                node.id
            );
            assert!(
                !location.contains("dòng") && file_names(location).is_empty(),
                "{id} {}: {location}",
                node.id
            );
            let file = node.meta.source_file.as_ref().unwrap();
            assert_eq!(file_names(&file.document).len(), 1, "{id} {}", node.id);
        }
    }
}

#[test]
fn what_the_page_receives_names_no_source_file() {
    for id in SETS {
        let set = shipped(id);
        // The description the page renders the form and print from (wasm `loadSet`).
        let description = serde_json::to_string(&set).unwrap();
        assert_eq!(file_names(&description), Vec::<String>::new(), "{id}");
        assert!(description.contains("\"source\":{\"document\":"), "{id}");
        assert!(!description.contains("source_file"), "{id}");
        // Nor the project's short names of the files ("Phụ lục 000", "(004)").
        for short in ["000", "001", "002", "003", "004"] {
            for shape in [
                format!("({short})"),
                format!(" {short} "),
                format!(" {short}."),
            ] {
                assert!(!description.contains(&shape), "{id}: “{shape}”");
            }
        }
        // A report with every trace written, as the page shows it.
        let report = score(&set, &Values::default(), &ScoreOptions::default());
        let report = serde_json::to_string(&report).unwrap();
        assert_eq!(file_names(&report), Vec::<String>::new(), "{id}");
    }
}

#[test]
fn the_page_files_name_no_source_file() {
    let mut checked = 0;
    let mut dirs = vec![root().join("www")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = fs::read_to_string(&path) {
                assert_eq!(
                    file_names(&text),
                    Vec::<String>::new(),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "only {checked} files read in www/");
}
