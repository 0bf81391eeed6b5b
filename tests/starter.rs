//! The commune starter set (`indicator-sets/templates/commune-starter.json`, issue 17
//! item 3): a template for a province to adapt, not an official set. It validates with no
//! finding, says it is a template (the set's `status`, in both languages, the same words
//! as the page's), its maxima add up, and every indicator cites the commune duty it comes
//! from: the document's number, the section or appendix row, and the duty's own words.

use std::fs;
use std::path::PathBuf;

use dti_score::set::{Rule, SetStatus};
use dti_score::{IndicatorSet, Lang};
use rust_decimal::Decimal;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn starter_text() -> String {
    fs::read_to_string(root().join("indicator-sets/templates/commune-starter.json")).unwrap()
}

fn starter() -> IndicatorSet {
    IndicatorSet::from_json(&starter_text()).unwrap_or_else(|e| panic!("{e}"))
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn the_starter_set_validates_with_no_finding_and_is_a_template() {
    let set = starter();
    assert_eq!(set.id(), "commune-starter");
    assert_eq!(set.version(), "2026.1");
    assert_eq!(set.warnings(), &[]);
    assert_eq!(set.status(), SetStatus::Template);
    assert!(!set.is_draft());
    assert_eq!(set.scale(), Some(d("100")));
    assert_eq!(
        set.title().vi,
        "Bộ chỉ số mẫu đánh giá chuyển đổi số cấp xã"
    );
    assert_eq!(
        set.title().en.as_deref(),
        Some("Commune digital transformation starter set")
    );
    // The page receives the status by name.
    let description = serde_json::to_value(&set).unwrap();
    assert_eq!(description["status"], "template");
    // 3 main indicators, 21 scored components.
    assert_eq!(set.roots().len(), 3);
    assert_eq!(set.nodes().len(), 24);
    assert_eq!(set.leaves().count(), 21);
}

#[test]
fn the_maxima_add_up() {
    let set = starter();
    let nodes = set.nodes();
    let mains: Vec<(&str, Decimal)> = set
        .roots()
        .iter()
        .map(|&i| (nodes[i].code.as_str(), nodes[i].max.unwrap()))
        .collect();
    assert_eq!(
        mains,
        [("1", d("55")), ("2", d("10")), ("3", d("35"))],
        "main indicators"
    );
    assert_eq!(
        mains.iter().map(|(_, m)| *m).sum::<Decimal>(),
        set.scale().unwrap()
    );
    for node in nodes {
        if node.child_indexes.is_empty() {
            assert!(node.rule.is_some(), "{}: a leaf without a rule", node.id);
            continue;
        }
        let children: Decimal = node
            .child_indexes
            .iter()
            .map(|&c| nodes[c].max.unwrap())
            .sum();
        assert_eq!(Some(children), node.max, "{}", node.id);
    }
}

/// The rule kinds the duties call for: a share where a duty has one, a checklist or yes/no
/// where it is a task done, a mark where the document gives a target.
#[test]
fn each_duty_has_the_rule_its_wording_calls_for() {
    let set = starter();
    let kinds: Vec<(&str, &str)> = set
        .leaves()
        .map(|n| (n.code.as_str(), n.rule.as_ref().unwrap().kind_name()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("1.1", "yes_no"),
            ("1.2", "linear_to_target"),
            ("1.3", "linear"),
            ("1.4", "linear"),
            ("1.5", "sum_of_parts"),
            ("1.6", "checklist"),
            ("1.7", "sum_of_parts"),
            ("1.8", "checklist"),
            ("1.9", "linear_to_target"),
            ("1.10", "linear_to_target"),
            ("1.11", "linear_to_target"),
            ("1.12", "linear_to_target"),
            ("2.1", "yes_no"),
            ("2.2", "linear"),
            ("3.1", "checklist"),
            ("3.2", "linear"),
            ("3.3", "linear_to_target"),
            ("3.4", "linear_to_target"),
            ("3.5", "linear_to_target"),
            ("3.6", "linear_to_target"),
            ("3.7", "checklist"),
        ]
    );
    // The marks are the documents' own: An Giang's 10% and 70% for communes, Gia Lai's
    // appendix for the rest.
    let targets: Vec<(&str, String)> = set
        .leaves()
        .filter_map(|n| match n.rule.as_ref().unwrap() {
            Rule::LinearToTarget { target, .. } => {
                Some((n.code.as_str(), serde_json::to_string(target).unwrap()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("1.2", "\"0.1\"".to_string()),
            ("1.9", "\"0.8\"".to_string()),
            ("1.10", "\"0.8\"".to_string()),
            (
                "1.11",
                r#"{"by_year":[{"from":2025,"to":2027,"value":"0.95"},{"from":2028,"to":2030,"value":"0.99"}]}"#
                    .to_string()
            ),
            ("1.12", "\"0.01\"".to_string()),
            ("3.3", "\"0.7\"".to_string()),
            ("3.4", "\"0.7\"".to_string()),
            ("3.5", "\"0.95\"".to_string()),
            ("3.6", "\"0.8\"".to_string()),
        ]
    );
}

/// The An Giang directive's duties for communes (section I.3: five dashes) and the Gia Lai
/// plan's (its appendix rows implemented by "UBND xã, phường", and section IV.2).
const AG: &str = "Công văn số …/UBND-KGVX năm 2026 của UBND tỉnh An Giang";
const GL: &str = "Kế hoạch số …/KH-UBND năm 2026 của UBND tỉnh Gia Lai";

#[test]
fn every_indicator_cites_the_duty_it_comes_from() {
    let set = starter();
    let mut cited = Vec::new();
    for node in set.nodes() {
        let meta = &node.meta;
        let source = meta
            .source
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no source", node.id));
        let location = source.location.as_deref().unwrap_or("");
        assert!(
            source.document.starts_with(AG) || source.document.starts_with(GL),
            "{}: {}",
            node.id,
            source.document
        );
        // A section and dash of the directive, or a row (or section) of the plan.
        assert!(
            location.starts_with("Mục I, điểm 3")
                || location.starts_with("Phụ lục, chỉ số ")
                || location.starts_with("Mục IV")
                || location.starts_with("phần mở đầu"),
            "{}: {location}",
            node.id
        );
        // Never a line number ("dòng 252", not "gạch đầu dòng thứ 4") or a file name in
        // what a reader sees.
        assert!(
            location
                .split("dòng ")
                .skip(1)
                .all(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
                && !location.contains(".txt"),
            "{}: {location}",
            node.id
        );
        let text = meta.source_text.as_deref().unwrap_or("");
        assert!(text.len() > 20, "{}: no source text", node.id);
        // The project's own reference to the text it was checked against.
        let file = meta.source_file.as_ref().unwrap();
        assert!(
            ["004_22aea10b1b3ed711.txt", "000_f06dff861ca98252.txt"]
                .contains(&file.document.as_str()),
            "{}: {}",
            node.id,
            file.document
        );
        if node.rule.is_some() {
            let doc = if source.document.starts_with(AG) {
                "AG"
            } else {
                "GL"
            };
            cited.push((node.code.as_str(), doc, location.to_string()));
        }
    }
    // Every duty of the directive's section I.3 is an indicator (the dash it comes from).
    let dashes: Vec<(&str, String)> = cited
        .iter()
        .filter(|(_, doc, _)| *doc == "AG")
        .map(|(code, _, loc)| {
            let dash = loc
                .split("gạch đầu dòng thứ ")
                .nth(1)
                .unwrap()
                .chars()
                .next()
                .unwrap()
                .to_string();
            (*code, dash)
        })
        .collect();
    assert_eq!(
        dashes,
        [
            ("1.1", "4".to_string()),
            ("1.2", "4".to_string()),
            ("1.3", "3".to_string()),
            ("1.5", "2".to_string()),
            ("1.6", "2".to_string()),
            ("2.1", "5".to_string()),
            ("3.1", "1".to_string()),
            ("3.2", "2".to_string()),
            ("3.3", "2".to_string()),
        ]
    );
    // The Gia Lai appendix rows whose implementing agencies include the communes.
    let rows: Vec<&str> = cited
        .iter()
        .filter(|(_, doc, _)| *doc == "GL")
        .map(|(code, _, _)| *code)
        .collect();
    assert_eq!(
        rows,
        ["1.4", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "2.2", "3.4", "3.5", "3.6", "3.7"]
    );
    // A duty quoted word for word (An Giang, section I.3, the third dash).
    let n13 = set.nodes().iter().find(|n| n.id == "1.3").unwrap();
    assert_eq!(
        n13.meta.source_text.as_deref(),
        Some("- Bảo đảm 100% công chức, viên chức được bồi dưỡng, tập huấn, cập nhật kiến thức và kỹ năng về chuyển đổi số theo quy định.")
    );
}

/// The set says it is a template first of all, in a note in both languages.
#[test]
fn the_set_notes_say_it_is_a_template_not_an_official_set() {
    let set = starter();
    let first = &set.notes()[0];
    assert!(
        first
            .text
            .vi
            .starts_with("ĐÂY LÀ BỘ MẪU, KHÔNG PHẢI BỘ CHỈ SỐ CHÍNH THỨC."),
        "{}",
        first.text.vi
    );
    assert!(first
        .text
        .en
        .as_deref()
        .unwrap()
        .starts_with("THIS IS A TEMPLATE, NOT AN OFFICIAL SET."));
}

/// The status's words in Rust (the CLI) are the page's (`www/i18n/*.json`), for every
/// status; the schema lists exactly the loader's statuses.
#[test]
fn status_words_are_the_pages_and_the_schema_lists_every_status() {
    let all = [
        ("official", SetStatus::Official),
        ("consultation_draft", SetStatus::ConsultationDraft),
        ("superseded", SetStatus::Superseded),
        ("template", SetStatus::Template),
    ];
    assert_eq!(
        SetStatus::NAMES,
        all.map(|(n, _)| n).join(", "),
        "NAMES lists every status"
    );
    for (lang, file) in [(Lang::Vi, "vi"), (Lang::En, "en")] {
        let strings: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(root().join(format!("www/i18n/{file}.json"))).unwrap(),
        )
        .unwrap();
        for (name, status) in all {
            assert_eq!(SetStatus::from_name(name), Some(status));
            assert_eq!(
                strings[format!("set.status.{name}")].as_str(),
                Some(status.label(lang)),
                "{file} {name}"
            );
            assert_eq!(
                strings[format!("set.status.{name}_note")].as_str(),
                status.note(lang),
                "{file} {name}_note"
            );
        }
        assert_eq!(
            strings["set.group.templates"].as_str(),
            Some(lang.pick(
                "Mẫu để tỉnh điều chỉnh",
                "Templates for a province to adapt"
            )),
        );
    }
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("indicator-sets/schema.json")).unwrap(),
    )
    .unwrap();
    let listed: Vec<&str> = schema["properties"]["status"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(listed, all.map(|(n, _)| n));
}

/// `dti-score validate` and `score` say the set is a template, in Vietnamese (and English).
#[test]
fn the_cli_says_the_set_is_a_template() {
    let set = root().join("indicator-sets/templates/commune-starter.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .arg("validate")
        .arg(&set)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with(
        ": valid — set “commune-starter” version 2026.1, 3 main indicators, 24 indicators in all, 21 scored leaves, scale 100"
    ));
    assert_eq!(
        lines[1],
        format!(
            "  Hiệu lực: mẫu để tỉnh điều chỉnh — {}",
            SetStatus::Template.note(Lang::Vi).unwrap()
        )
    );
    assert_eq!(
        lines[2],
        format!(
            "  Status: template for a province to adapt — {}",
            SetStatus::Template.note(Lang::En).unwrap()
        )
    );
    let values = root().join("tests/fixtures/commune-starter--plausible-commune/values.json");
    for (flag, first) in [
        (
            None,
            "Hiệu lực: mẫu để tỉnh điều chỉnh — không phải bộ chỉ số chính thức: ",
        ),
        (
            Some("--en"),
            "Status: template for a province to adapt — not an official set: ",
        ),
    ] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dti-score"));
        cmd.arg("score").arg(&set).arg(&values);
        if let Some(f) = flag {
            cmd.arg(f);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(first), "{text}");
        let total = if flag.is_some() {
            "Total: 76.76 / 100"
        } else {
            "Tổng điểm: 76,76 / 100"
        };
        assert!(text.lines().any(|l| l == total), "{text}");
    }
}
