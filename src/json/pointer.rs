//! JSON Pointers (RFC 6901), the one way every finding names its place in a file.

use std::borrow::Cow;

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn token(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

/// [`token`] undone: `~1` → `/`, then `~0` → `~`.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// A pointer's keys, unescaped (`/values/1~12/a` → `["values", "1/2", "a"]`); the
/// empty pointer names the whole document (no keys).
pub fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| unescape(s).into_owned())
        .collect()
}

/// A path of keys as a pointer (`["values", "1/2"]` → `/values/1~12`); [`segments`] undone.
pub fn of_path(path: &[String]) -> String {
    path.iter().fold(String::new(), |p, k| child(&p, k))
}

/// A pointer with one more key.
pub fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", token(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_and_unescape() {
        assert_eq!(token("1.1"), "1.1");
        assert_eq!(token("a/b~c"), "a~1b~0c");
        assert_eq!(unescape(&token("a/b~1c")), "a/b~1c");
        assert_eq!(child("/values", "1/2"), "/values/1~12");
        assert_eq!(segments("/values/1~12/a~0b"), ["values", "1/2", "a~b"]);
        assert!(segments("").is_empty());
        let path = segments("/values/1~12/a~0b");
        assert_eq!(of_path(&path), "/values/1~12/a~0b");
    }
}
