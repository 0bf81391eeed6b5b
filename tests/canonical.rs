//! RFC 8785 (JCS) canonicalisation: the RFC's examples that apply to number-free JSON,
//! the reference implementation's `weird.json` case, the refusal of numbers and
//! duplicate names, and properties (idempotence, order and whitespace independence).

use dti_score::json::{parse_strict, to_canonical_bytes, to_canonical_string, CanonicalError};
use dti_score::Lang;
use dti_score::Message;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn canonical(text: &str) -> String {
    to_canonical_string(&parse_strict(text).expect("valid json")).expect("canonicalizes")
}

/// RFC 8785 §3.2.2, the example's `string` and `literals` members (its `numbers` member
/// is the subject of the next test).
#[test]
fn rfc8785_3_2_2_strings_and_literals() {
    let input = r#"{
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
    }"#;
    assert_eq!(
        canonical(input),
        r#"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
    );
}

/// RFC 8785 §3.2.2, the whole example: its numbers are refused, and the error names the
/// first one in canonical order (`literals` sorts before `numbers`).
#[test]
fn rfc8785_3_2_2_numbers_are_refused() {
    let input = r#"{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
    }"#;
    let err = to_canonical_bytes(&parse_strict(input).unwrap()).unwrap_err();
    // The value is the number as serde_json read it into a double; its last digits depend
    // on serde_json's float parser, so only the leading ones are pinned.
    let CanonicalError::Number { pointer, value } = err else {
        panic!("{err:?}")
    };
    assert_eq!(pointer, "/numbers/0");
    assert!(value.starts_with("333333333.333333"), "{value}");
}

/// RFC 8785 §3.2.3: property names sort by UTF-16 code units; the emoji (a surrogate
/// pair starting 0xD83D) sorts before U+FB33 although its code point is higher.
#[test]
fn rfc8785_3_2_3_sorting() {
    let input = r#"{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
    }"#;
    assert_eq!(
        canonical(input),
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
         \"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\
         \"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
    );
}

/// RFC 8785 §3.2.4: the output is UTF-8; the bytes of the §3.2.2 string member.
#[test]
fn rfc8785_3_2_4_utf8_bytes() {
    let bytes = to_canonical_bytes(&json!({"string": "€$\u{f}\nA'B\"\\\\\"/"})).unwrap();
    assert_eq!(
        bytes,
        [
            0x7b, 0x22, 0x73, 0x74, 0x72, 0x69, 0x6e, 0x67, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0xac,
            0x24, 0x5c, 0x75, 0x30, 0x30, 0x30, 0x66, 0x5c, 0x6e, 0x41, 0x27, 0x42, 0x5c, 0x22,
            0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x22, 0x2f, 0x22, 0x7d
        ]
    );
}

/// The reference implementation's `weird.json`: control characters, DEL, `</script>`.
#[test]
fn jcs_reference_weird_names() {
    let input = r#"{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\u000a": "Newline",
        "1": "One",
        "\u0080": "Control\u007f",
        "\ud83d\ude02": "Smiley",
        "\u00f6": "Latin Small Letter O With Diaeresis",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "</script>": "Browser Challenge"
    }"#;
    assert_eq!(
        canonical(input),
        "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\
         \"</script>\":\"Browser Challenge\",\"\u{80}\":\"Control\u{7f}\",\
         \"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\
         \"😂\":\"Smiley\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
    );
}

/// Every control character below U+0020 has exactly one spelling.
#[test]
fn control_characters() {
    let all: String = (0u8..0x20).map(char::from).collect();
    assert_eq!(
        to_canonical_string(&json!(all)).unwrap(),
        "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\
         \\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\""
    );
}

#[test]
fn nested_structures_and_empties() {
    assert_eq!(
        canonical(r#" { "b" : [ {}, [], "" , { "d":null, "c" :true } ], "a" : { } } "#),
        r#"{"a":{},"b":[{},[],"",{"c":true,"d":null}]}"#
    );
}

#[test]
fn numbers_anywhere_are_refused_with_their_pointer() {
    let cases = [
        (json!(5), "", "5"),
        (json!({"values": {"1.1": {"a": 45}}}), "/values/1.1/a", "45"),
        (
            json!({"a/b": {"m~n": [true, -0.5]}}),
            "/a~1b/m~0n/1",
            "-0.5",
        ),
        (json!({"year": 2025}), "/year", "2025"),
    ];
    for (value, pointer, number) in cases {
        assert_eq!(
            to_canonical_bytes(&value),
            Err(CanonicalError::Number {
                pointer: pointer.into(),
                value: number.into()
            }),
            "{value}"
        );
    }
}

#[test]
fn duplicate_names_are_refused() {
    assert_eq!(
        parse_strict(r#"{"a": "1", "a": "2"}"#),
        Err(CanonicalError::DuplicateKey {
            pointer: String::new(),
            key: "a".into()
        })
    );
    assert_eq!(
        parse_strict(r#"{"x": [{"k": "1"}, {"k": "1", "k": "1"}]}"#),
        Err(CanonicalError::DuplicateKey {
            pointer: "/x/1".into(),
            key: "k".into()
        })
    );
}

#[test]
fn syntax_errors_carry_their_position() {
    assert_eq!(
        parse_strict("{\n  \"a\": \"1\",\n  \"b\": "),
        Err(CanonicalError::Syntax {
            line: 3,
            column: 7,
            reason: "EOF while parsing a value".into()
        })
    );
    // A lone surrogate is not Unicode text (I-JSON).
    assert!(matches!(
        parse_strict(r#"["\ud800"]"#),
        Err(CanonicalError::Syntax {
            line: 1,
            column: 9,
            ..
        })
    ));
    assert!(matches!(
        parse_strict(r#"{"a": "1"} x"#),
        Err(CanonicalError::Syntax {
            line: 1,
            column: 12,
            ..
        })
    ));
}

#[test]
fn error_messages() {
    let errors = [
        CanonicalError::Number {
            pointer: "/values/1.1/a".into(),
            value: "45".into(),
        },
        CanonicalError::Number {
            pointer: String::new(),
            value: "7".into(),
        },
        CanonicalError::DuplicateKey {
            pointer: "/unit".into(),
            key: "id".into(),
        },
        parse_strict("{\"a\": ").unwrap_err(),
    ];
    let text: Vec<String> = errors
        .iter()
        .map(|e| format!("en: {e}\nvi: {}", e.message(Lang::Vi)))
        .collect();
    insta::assert_snapshot!(text.join("\n\n"));
}

/// Arbitrary number-free JSON.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<String>().prop_map(Value::String),
        "[a-z0-9.,%]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The same value with every object's members in reverse order.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

proptest! {
    #[test]
    fn canonicalisation_is_idempotent(value in json_value()) {
        let once = to_canonical_string(&value).unwrap();
        let twice = to_canonical_string(&parse_strict(&once).unwrap()).unwrap();
        prop_assert_eq!(&once, &twice);
        // The canonical text is JSON that reads back as the same value.
        prop_assert_eq!(parse_strict(&once).unwrap(), value);
    }

    #[test]
    fn member_order_and_whitespace_do_not_matter(value in json_value()) {
        let canonical = to_canonical_bytes(&value).unwrap();
        prop_assert_eq!(&to_canonical_bytes(&reversed(&value)).unwrap(), &canonical);
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        prop_assert_eq!(&to_canonical_bytes(&parse_strict(&pretty).unwrap()).unwrap(), &canonical);
    }

    #[test]
    fn parse_strict_never_panics(text in "\\PC{0,64}") {
        let _ = parse_strict(&text);
    }
}

/// Names mixing ASCII, U+0080–U+D7FF, U+E000–U+FFFF and supplementary characters, where
/// UTF-16 order and code-point order disagree.
fn tricky_name() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        prop::char::range('a', 'c'),
        prop::char::range('\u{e9}', '\u{ea}'),
        prop::char::range('\u{ff5e}', '\u{ff61}'),
        prop::char::range('\u{1f600}', '\u{1f601}'),
        prop::char::range('\u{10000}', '\u{10001}'),
    ];
    prop::collection::vec(ch, 0..4).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #[test]
    fn members_sort_by_utf16_code_units(names in prop::collection::btree_set(tricky_name(), 0..12)) {
        let object: Map<String, Value> = names.iter().map(|n| (n.clone(), Value::Null)).collect();
        let text = to_canonical_string(&Value::Object(object)).unwrap();
        let read = parse_strict(&text).unwrap();
        let order: Vec<&String> = read.as_object().unwrap().keys().collect();
        let mut expected: Vec<&String> = names.iter().collect();
        expected.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        prop_assert_eq!(order, expected);
    }
}
