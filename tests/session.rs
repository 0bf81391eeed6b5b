//! The engine's session (`dti_score::Session`): an edit scores the indicator it
//! reaches, its ancestors and the totals again, and nothing else; a bad edit changes
//! nothing. (tests/properties.rs checks that any sequence of edits ends where scoring
//! the edited file does.)

use std::sync::Arc;

use dti_score::Session;
use dti_score::{score, IndicatorSet, ScoreOptions, Status, Values};
use serde_json::{json, Value};

fn vinh_long() -> (Arc<IndicatorSet>, Value) {
    let set = IndicatorSet::from_json(include_str!("../indicator-sets/vinh-long-2025.json"))
        .expect("the shipped set loads");
    let values: Value =
        serde_json::from_str(include_str!("../benches/vinh-long-2025-values.json")).unwrap();
    (Arc::new(set), values)
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| p.to_string()).collect()
}

#[test]
fn an_edit_scores_the_leaf_its_ancestors_and_the_totals() {
    let (set, values) = vinh_long();
    let mut session = Session::open(set.clone(), values, ScoreOptions::default()).unwrap();
    assert_eq!(session.report().total.unwrap().to_string(), "744.48");
    assert_eq!(
        session.report().nodes["3.1"].points.unwrap().to_string(),
        "29.31"
    );

    let changed = session
        .edit(&path(&["values", "3.1", "a"]), json!("209"), false)
        .unwrap();
    let ids: Vec<&str> = changed
        .nodes
        .iter()
        .map(|&i| set.nodes()[i].id.as_str())
        .collect();
    assert_eq!(ids, ["3.1", "3"]);
    assert!(!changed.all);
    let report = session.report();
    assert_eq!(report.nodes["3.1"].points.unwrap().to_string(), "6");
    assert_eq!(report.nodes["3"].points.unwrap().to_string(), "160.25");
    assert_eq!(report.total.unwrap().to_string(), "721.17");
    assert_eq!(
        report.nodes["3.1"].trace.vi,
        "Tỷ lệ = a/b = 209/1.045 = 20% → 20% × 30 = 6"
    );
    // The same as scoring the edited file.
    let full = score(&set, session.values(), &ScoreOptions::default());
    assert_eq!(
        serde_json::to_value(report).unwrap(),
        serde_json::to_value(&full).unwrap()
    );
}

#[test]
fn numbers_only_then_explain_gives_the_traces() {
    let (set, values) = vinh_long();
    let mut session = Session::open(set, values, ScoreOptions::default()).unwrap();
    let changed = session
        .edit(&path(&["values", "3.1", "a"]), json!("209"), true)
        .unwrap();
    assert_eq!(session.report().nodes["3.1"].trace.vi, "");
    assert_eq!(
        session.report().nodes["3.1"].points.unwrap().to_string(),
        "6"
    );
    session.explain(&changed);
    assert_eq!(
        session.report().nodes["3.1"].trace.vi,
        "Tỷ lệ = a/b = 209/1.045 = 20% → 20% × 30 = 6"
    );
    assert_eq!(
        session.report().nodes["3"].trace.vi.split(" = ").last(),
        Some("160,25")
    );
}

#[test]
fn traces_in_one_language_leave_the_other_empty_and_the_numbers_the_same() {
    let (set, values) = vinh_long();
    let mut session = Session::open(set.clone(), values, ScoreOptions::default()).unwrap();
    session.set_trace_lang(Some(dti_score::Lang::En));
    session
        .edit(&path(&["values", "3.1", "a"]), json!("209"), false)
        .unwrap();
    let leaf = &session.report().nodes["3.1"];
    assert_eq!(leaf.trace.vi, "");
    assert_eq!(
        leaf.trace.en,
        "Ratio = a/b = 209/1,045 = 20% → 20% × 30 = 6"
    );
    let to_full = leaf.to_full.as_ref().expect("short of full points");
    assert_eq!(to_full.vi, "");
    assert!(to_full.en.starts_with("needs "), "{}", to_full.en);
    // Everything else as scoring the edited file gives it, with both languages.
    let full = score(&set, session.values(), &ScoreOptions::default());
    let mut got = serde_json::to_value(session.report()).unwrap();
    let mut want = serde_json::to_value(&full).unwrap();
    for report in [&mut got, &mut want] {
        let leaf = &mut report["nodes"]["3.1"];
        leaf["trace"]["vi"] = json!("");
        leaf["to_full"]["vi"] = json!("");
    }
    assert_eq!(got, want);
    assert_eq!(
        full.nodes["3.1"].trace.en,
        "Ratio = a/b = 209/1,045 = 20% → 20% × 30 = 6"
    );

    // Back to both languages for the next edit.
    session.set_trace_lang(None);
    session
        .edit(&path(&["values", "3.1", "a"]), json!("210"), false)
        .unwrap();
    let full = score(&set, session.values(), &ScoreOptions::default());
    assert_eq!(
        serde_json::to_value(session.report()).unwrap(),
        serde_json::to_value(&full).unwrap()
    );
}

#[test]
fn a_bad_edit_is_refused_and_changes_nothing() {
    let (set, values) = vinh_long();
    let mut session = Session::open(set, values.clone(), ScoreOptions::default()).unwrap();
    let before = serde_json::to_value(session.report()).unwrap();
    let err = session
        .edit(&path(&["values", "2.1", "done"]), json!("yes"), false)
        .unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].pointer, "/values/2.1/done");
    assert_eq!(
        err.0[0].message(dti_score::Lang::En),
        "expected true or false, found the string “yes”"
    );
    assert_eq!(serde_json::to_value(session.report()).unwrap(), before);
    assert_eq!(session.values(), &Values::from_value(&values).unwrap());

    // Through a field that is not an object.
    let err = session
        .edit(&path(&["values", "3.1", "a", "x"]), json!("1"), false)
        .unwrap_err();
    assert_eq!(err.0[0].pointer, "/values/3.1/a");
    assert_eq!(serde_json::to_value(session.report()).unwrap(), before);
}

#[test]
fn clearing_every_field_of_an_indicator_leaves_it_missing() {
    let (set, values) = vinh_long();
    let mut session = Session::open(set, values, ScoreOptions::default()).unwrap();
    for letter in ["a", "b"] {
        session
            .edit(&path(&["values", "3.1", letter]), Value::Null, false)
            .unwrap();
    }
    assert!(!session.values().values.contains_key("3.1"));
    assert_eq!(session.report().nodes["3.1"].status, Status::Missing);
    assert_eq!(
        session.report().nodes["3.1"].points.unwrap().to_string(),
        "0"
    );
    assert_eq!(session.report().total.unwrap().to_string(), "715.17");
}

#[test]
fn a_refused_text_and_its_value_are_edited_together() {
    let (set, values) = vinh_long();
    let mut session = Session::open(set.clone(), values, ScoreOptions::default()).unwrap();
    // The person typed "1.5" in a count field: no value, the text kept as typed.
    let changed = session
        .edit_all(
            &[
                (path(&["values", "3.1", "a"]), Value::Null),
                (
                    path(&["values", "3.1", "typed", "a"]),
                    json!({"text": "1.5", "lang": "vi"}),
                ),
            ],
            true,
        )
        .unwrap();
    let ids: Vec<&str> = changed
        .nodes
        .iter()
        .map(|&i| set.nodes()[i].id.as_str())
        .collect();
    assert_eq!(ids, ["3.1", "3"]);
    assert_eq!(session.report().nodes["3.1"].status, Status::Invalid);
    assert_eq!(
        session.report().nodes["3.1"].points.unwrap().to_string(),
        "0"
    );

    // Two indicators at once, one of them refused: neither changes.
    let before = serde_json::to_value(session.report()).unwrap();
    let err = session
        .edit_all(
            &[
                (path(&["values", "3.2", "a"]), json!("1")),
                (path(&["values", "2.1", "done"]), json!(1)),
            ],
            false,
        )
        .unwrap_err();
    assert_eq!(err.0[0].pointer, "/values/2.1/done");
    assert_eq!(serde_json::to_value(session.report()).unwrap(), before);
    assert_eq!(
        session.values().values["3.2"].inputs["a"],
        Values::from_json(include_str!("../benches/vinh-long-2025-values.json"))
            .unwrap()
            .values["3.2"]
            .inputs["a"]
    );
}

#[test]
fn removing_the_last_answer_keeps_the_documents_own_fields() {
    let set = Arc::new(
        IndicatorSet::from_json(include_str!("../tests/cli-fixtures/small-set.json")).unwrap(),
    );
    let first = set.leaves().next().unwrap().clone();
    let letter = first.inputs[0].id.clone();
    let doc = json!({"values": {first.id.clone(): {letter.clone(): "1"}}});
    let mut session = Session::open(set, doc, ScoreOptions::default()).unwrap();
    session
        .edit(&path(&["values", &first.id, &letter]), Value::Null, false)
        .unwrap();
    assert!(session.values().values.is_empty());
    assert_eq!(
        session.report().nodes[first.id.as_str()].status,
        Status::Missing
    );
    // The document is still a values file: an edit that reads it whole succeeds.
    let changed = session.edit(&path(&["year"]), json!(2025), false).unwrap();
    assert!(changed.all);
}
