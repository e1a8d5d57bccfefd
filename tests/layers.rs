//! The pure layers stay pure: `domain`, `analytics` and `snapshot` never import the
//! browser, the UI framework or the database, so they build and test natively.

use std::fs;
use std::path::Path;

const PURE: &[&str] = &["src/domain", "src/analytics", "src/snapshot", "src/demo"];
const FORBIDDEN: &[&str] = &[
    "leptos",
    "web_sys",
    "wasm_bindgen",
    "js_sys",
    "rexie",
    "gloo_storage",
    "crate::ui",
    "crate::store",
    "crate::platform",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn pure_layers_import_no_browser_ui_or_storage_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in PURE {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() >= 5, "found the pure modules");
    let mut offences = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                let used = code.contains(&format!("{word}::"))
                    || code.contains(&format!("use {word}"))
                    || code.contains(&format!("{word}!"));
                if used {
                    offences.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "pure layers must not use:\n{}",
        offences.join("\n")
    );
}
