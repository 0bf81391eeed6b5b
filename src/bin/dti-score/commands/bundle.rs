//! `dti-score bundle`: the self-assessment page as one HTML file (wasm, JS, CSS and one
//! indicator set inlined) that opens from `file://` with no network, for sending to a
//! commune by email or USB stick.
//!
//! The page's ES modules (`dist/*.js` and the wasm-bindgen glue in `dist/pkg/`) are
//! joined into one inline module script: each module becomes a function scope whose
//! exports are returned as an object, and each `import … from './x.js'` (or dynamic
//! `import('./x.js')`) is replaced by a reference to that object. This works for the
//! restricted module syntax the page is written in (single-line imports, `export`
//! before declarations, `export { … }` lists); anything else is refused with the
//! line, so a change in the page that the bundler cannot handle fails loudly (and the
//! e2e test that opens the bundle from `file://` catches the rest). The other files go
//! into a `<script type="application/json">` block that `www/assets.js` reads: texts as
//! strings, the wasm as base64.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use dti_score::limits::InputKind;
use serde_json::{json, Map, Value};

use crate::cli::*;

/// The entry module of the page.
const ENTRY: &str = "dti-self-assessment.js";

/// Text files of `dist/` the bundled page reads through `assets.js`.
const TEXT_ASSETS: [&str; 3] = ["style.css", "i18n/vi.json", "i18n/en.json"];

/// Binary files, base64 in the bundle: the scoring engine, the signing build and the
/// values workbook's build (the Excel buttons work from the bundle offline too).
const BINARY_ASSETS: [&str; 3] = [
    "pkg/dti_score_bg.wasm",
    "pkg/dti_score_full_bg.wasm",
    "pkg/dti_score_workbook_bg.wasm",
];

/// The `bundle` command.
#[derive(Subcommand)]
pub(crate) enum BundleCommand {
    /// Write the self-assessment page as one HTML file that works from file:// offline.
    Bundle {
        /// The indicator set to include (the page opens with it).
        #[arg(long)]
        set: PathBuf,
        /// The HTML file to write (e.g. tu-danh-gia.html).
        #[arg(long)]
        out: PathBuf,
        /// The built page (scripts/build-web.sh writes dist/).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
    },
}

/// Runs the command.
pub(crate) fn run(command: BundleCommand) -> Result<ExitCode, Failure> {
    match command {
        BundleCommand::Bundle { set, out, dist } => {
            let html = bundle(&set, &dist)?;
            std::fs::write(&out, &html)
                .map_err(|e| Failure(format!("cannot write {}: {e}", out.display())))?;
            println!(
                "dti-score: wrote {} ({} KB): open it in a browser, no network needed",
                out.display(),
                html.len() / 1024
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Builds the single-file page.
fn bundle(set_path: &Path, dist: &Path) -> Result<String, Failure> {
    if !dist.join(ENTRY).is_file() {
        return Err(Failure(format!(
            "{} has no {ENTRY}: build the page first (scripts/build-web.sh)",
            dist.display()
        )));
    }
    let set = load_set(set_path)?;
    let set_text = read_input(set_path, InputKind::Set)?;
    let set_file = set_path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Failure(format!("{}: not a file name", set_path.display())))?
        .to_string();

    let mut text = Map::new();
    for name in TEXT_ASSETS {
        text.insert(
            name.to_string(),
            Value::String(read_file(&dist.join(name))?),
        );
    }
    let index = json!({ "sets": [{
        "file": set_file,
        "id": set.id(),
        "version": set.version(),
        "title": set.title(),
        "draft": set.is_draft(),
        "status": set.status(),
        "default": true,
    }]});
    text.insert(
        "indicator-sets/index.json".into(),
        Value::String(index.to_string()),
    );
    text.insert(
        format!("indicator-sets/{set_file}"),
        Value::String(set_text),
    );
    let mut binary = Map::new();
    for name in BINARY_ASSETS {
        let path = dist.join(name);
        let bytes = std::fs::read(&path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
        binary.insert(name.to_string(), Value::String(base64(&bytes)));
    }
    let assets = json!({ "text": text, "binary": binary });
    // `<` only occurs inside JSON strings, where \u003c is the same character: the block
    // can never contain `</script>`.
    let assets = assets.to_string().replace('<', "\\u003c");

    let script = join_modules(dist, ENTRY)?;
    if script.contains("</script") {
        return Err(Failure(
            "the page's JavaScript contains \"</script\", which cannot be inlined".into(),
        ));
    }
    let page_css = read_file(&dist.join("page.css"))?;
    let title = "Tự đánh giá Chỉ số chuyển đổi số (DTI)";
    Ok(format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{page_css}</style>\n\
         <script type=\"application/json\" id=\"dti-bundle-assets\">{assets}</script>\n\
         </head>\n<body>\n<dti-self-assessment set=\"{id}\">\n\
         <noscript>Trang này cần JavaScript và WebAssembly. / This page needs JavaScript and WebAssembly.</noscript>\n\
         </dti-self-assessment>\n<script type=\"module\">\n{script}</script>\n</body>\n</html>\n",
        id = html_attr(set.id()),
    ))
}

fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// One module after rewriting: its body, its dependencies, its exports.
struct Module {
    body: String,
    deps: Vec<String>,
    /// (local name, exported name)
    exports: Vec<(String, String)>,
}

/// The variable holding a module's exports: `__m_pkg_dti_score_js`.
fn var(path: &str) -> String {
    let mut v = String::from("__m_");
    v.extend(
        path.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    v
}

/// Resolves `./x.js` / `../x.js` against the importing module's path (both relative to
/// dist/).
fn resolve(from: &str, spec: &str) -> Result<String, Failure> {
    if !(spec.starts_with("./") || spec.starts_with("../")) {
        return Err(Failure(format!(
            "{from}: import of \"{spec}\": only relative imports can be bundled"
        )));
    }
    let base = Path::new(from).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = Vec::new();
    for c in base.join(spec).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts
                    .pop()
                    .ok_or_else(|| Failure(format!("{from}: \"{spec}\" leaves the page folder")))?;
            }
            _ => {}
        }
    }
    Ok(parts.join("/"))
}

/// Turns an import clause (`a`, `* as a`, `{ a, b as c }`, `a, { b }`) into
/// destructuring of the module object.
fn import_bindings(clause: &str, module_var: &str, at: &str) -> Result<String, Failure> {
    let clause = clause.trim();
    let mut out = Vec::new();
    let (default, rest) = match clause.find('{') {
        Some(0) => ("", clause),
        Some(i) => (
            clause[..i].trim().trim_end_matches(',').trim(),
            &clause[i..],
        ),
        None => (clause, ""),
    };
    if let Some(ns) = default.strip_prefix("* as ") {
        out.push(format!("const {} = {module_var};", ns.trim()));
    } else if !default.is_empty() {
        out.push(format!("const {default} = {module_var}.default;"));
    }
    if !rest.is_empty() {
        let inner = rest
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .ok_or_else(|| Failure(format!("{at}: cannot read the import list \"{clause}\"")))?;
        let names: Vec<String> = inner
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| match n.split_once(" as ") {
                Some((a, b)) => format!("{}: {}", a.trim(), b.trim()),
                None => n.to_string(),
            })
            .collect();
        out.push(format!("const {{ {} }} = {module_var};", names.join(", ")));
    }
    Ok(out.join(" "))
}

/// Rewrites one module.
fn rewrite(dist: &Path, path: &str) -> Result<Module, Failure> {
    let source = read_file(&dist.join(path))?;
    let mut body = String::with_capacity(source.len());
    let mut deps = Vec::new();
    let mut exports = Vec::new();
    let mut lines = source.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let at = format!("{path}:{}", n + 1);
        let trimmed = line.trim_start();
        if trimmed.starts_with("import ") {
            // An import list may span lines: join them up to its `from`.
            let mut joined = trimmed.to_string();
            while !joined.contains(" from ") {
                let (_, next) = lines
                    .next()
                    .ok_or_else(|| Failure(format!("{at}: an import without `from`")))?;
                joined.push(' ');
                joined.push_str(next.trim());
            }
            let rest = &joined["import ".len()..];
            let (clause, spec) = rest.rsplit_once(" from ").ok_or_else(|| {
                Failure(format!("{at}: an import the bundler cannot read: {joined}"))
            })?;
            let spec = spec
                .trim()
                .trim_end_matches(';')
                .trim_matches(|c| c == '\'' || c == '"');
            let dep = resolve(path, spec)?;
            body.push_str(&import_bindings(clause, &var(&dep), &at)?);
            body.push('\n');
            deps.push(dep);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("export ") {
            let rest = rest.trim_start();
            if let Some(list) = rest.strip_prefix('{') {
                let list = list
                    .trim_end()
                    .trim_end_matches(';')
                    .strip_suffix('}')
                    .ok_or_else(|| {
                        Failure(format!("{at}: an export list on several lines: {line}"))
                    })?;
                for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    match item.split_once(" as ") {
                        Some((local, name)) => {
                            exports.push((local.trim().into(), name.trim().into()))
                        }
                        None => exports.push((item.into(), item.into())),
                    }
                }
                body.push('\n');
                continue;
            }
            if let Some(local) = rest.strip_prefix("default ") {
                let local = local.trim().trim_end_matches(';');
                if !local
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
                {
                    return Err(Failure(format!(
                        "{at}: only `export default NAME;` can be bundled"
                    )));
                }
                exports.push((local.into(), "default".into()));
                body.push('\n');
                continue;
            }
            let decl = [
                "async function ",
                "function ",
                "class ",
                "const ",
                "let ",
                "var ",
            ]
            .iter()
            .find_map(|k| rest.strip_prefix(k))
            .ok_or_else(|| Failure(format!("{at}: an export the bundler cannot read: {line}")))?;
            let name: String = decl
                .chars()
                .skip_while(|c| *c == '*' || c.is_whitespace())
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            if name.is_empty() {
                return Err(Failure(format!(
                    "{at}: an export the bundler cannot read: {line}"
                )));
            }
            exports.push((name.clone(), name));
            let indent = &line[..line.len() - trimmed.len()];
            body.push_str(indent);
            body.push_str(rest);
            body.push('\n');
            continue;
        }
        // Dynamic imports of the page's own modules: `import('./x.js')`.
        let mut line = line.to_string();
        while let Some(i) = line.find("import('") {
            let end = line[i + 8..].find("')").ok_or_else(|| {
                Failure(format!("{at}: a dynamic import the bundler cannot read"))
            })?;
            let spec = line[i + 8..i + 8 + end].to_string();
            let dep = resolve(path, &spec)?;
            line.replace_range(
                i..i + 8 + end + 2,
                &format!("Promise.resolve({})", var(&dep)),
            );
            deps.push(dep);
        }
        body.push_str(&line);
        body.push('\n');
    }
    Ok(Module {
        body,
        deps,
        exports,
    })
}

/// Joins the module graph from `entry` into one script, dependencies first.
fn join_modules(dist: &Path, entry: &str) -> Result<String, Failure> {
    let mut modules: BTreeMap<String, Module> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    visit(dist, entry, &mut modules, &mut order, &mut Vec::new())?;
    let mut out = String::new();
    for path in &order {
        let m = &modules[path];
        out.push_str(&format!(
            "// ---- {path}\nconst {} = (() => {{\n",
            var(path)
        ));
        out.push_str(&m.body);
        let fields: Vec<String> = m
            .exports
            .iter()
            .map(|(local, name)| {
                if local == name {
                    local.clone()
                } else {
                    format!("{name}: {local}")
                }
            })
            .collect();
        out.push_str(&format!(
            "return Object.freeze({{ {} }});\n}})();\n",
            fields.join(", ")
        ));
    }
    Ok(out)
}

fn visit(
    dist: &Path,
    path: &str,
    modules: &mut BTreeMap<String, Module>,
    order: &mut Vec<String>,
    stack: &mut Vec<String>,
) -> Result<(), Failure> {
    if modules.contains_key(path) {
        return Ok(());
    }
    if stack.iter().any(|p| p == path) {
        return Err(Failure(format!(
            "import cycle through {path}: cannot be bundled"
        )));
    }
    stack.push(path.to_string());
    let module = rewrite(dist, path)?;
    for dep in &module.deps {
        visit(dist, dep, modules, order, stack)?;
    }
    stack.pop();
    modules.insert(path.to_string(), module);
    order.push(path.to_string());
    Ok(())
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(r: Result<String, Failure>) -> String {
        match r {
            Ok(s) => s,
            Err(f) => panic!("{}", f.0),
        }
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn imports_become_destructuring_of_the_module_object() {
        assert_eq!(
            ok(import_bindings("* as wasm", "__m_x", "t")),
            "const wasm = __m_x;"
        );
        assert_eq!(
            ok(import_bindings("init", "__m_x", "t")),
            "const init = __m_x.default;"
        );
        assert_eq!(
            ok(import_bindings("{ a, b as c }", "__m_x", "t")),
            "const { a, b: c } = __m_x;"
        );
        assert_eq!(
            ok(import_bindings("init, { a }", "__m_x", "t")),
            "const init = __m_x.default; const { a } = __m_x;"
        );
    }

    #[test]
    fn paths_resolve_inside_the_page_folder_only() {
        assert_eq!(
            ok(resolve("engine.js", "./pkg/dti_score.js")),
            "pkg/dti_score.js"
        );
        assert_eq!(ok(resolve("pkg/a.js", "../assets.js")), "assets.js");
        assert_eq!(var("pkg/dti_score.js"), "__m_pkg_dti_score_js");
        let err = resolve("engine.js", "../../etc/passwd.js").err().unwrap();
        assert_eq!(
            err.0,
            "engine.js: \"../../etc/passwd.js\" leaves the page folder"
        );
        let err = resolve("engine.js", "lodash").err().unwrap();
        assert_eq!(
            err.0,
            "engine.js: import of \"lodash\": only relative imports can be bundled"
        );
    }
}
