//! The JSON Schema for editors stays in step with the engine.

use dti_score::set::Rule;

#[test]
fn schema_lists_exactly_the_engines_rule_kinds() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/indicator-sets/schema.json"
    ))
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let kinds: Vec<&str> = schema["$defs"]["rule"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["properties"]["kind"]["const"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, Rule::KINDS.to_vec());
    assert_eq!(
        schema["properties"]["format"]["const"],
        dti_score::formats::SET_FORMAT
    );
}
