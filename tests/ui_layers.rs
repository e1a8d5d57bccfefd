//! The UI is one folder per capability (`src/ui/deals/`, `src/ui/leads/` …) and the
//! folders stay independent, so a newcomer finds a capability by its folder and can
//! change it without reading the others:
//!
//! - a capability never uses another capability (`crate::ui::leads`, `super::super::leads`,
//!   `use super::leads` from a capability's `mod.rs` …), nor the app root or the route
//!   table (`app`, `routes`), which are the only modules that list the capabilities;
//! - `components/` (widgets several capabilities share) uses no capability, nor `app`
//!   or `routes`;
//! - `state` and `links` use no other UI module;
//! - the top-level UI modules form no import cycle.
//!
//! Each offence is reported as `file:line`. The scanner reads the code with comments and
//! string literals blanked out, and resolves `super::` against the file's place in the
//! module tree.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The top-level UI modules that are not capabilities.
const SHELL: &[&str] = &["app", "routes", "links", "state", "components"];

/// Modules that list capabilities; nothing below them may use them.
const TOP: &[&str] = &["app", "routes"];

/// A reference from one file to a top-level UI module (`*` for a glob over all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reference {
    line: usize,
    target: String,
}

/// The module path of a file under `src/ui`, from the crate root: `src/ui/deals/list.rs`
/// is `["ui", "deals", "list"]`, `src/ui/deals/mod.rs` is `["ui", "deals"]`.
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Which top-level UI module a file belongs to: "deals", "components", "app" …; `None`
/// for `src/ui/mod.rs` itself (the root may declare every module).
fn owner(rel: &str) -> Option<String> {
    module_path(rel).get(1).cloned()
}

/// The code with comments and the contents of string and char literals replaced by
/// spaces (newlines kept, so line numbers stay right).
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && {
            let mut j = i + 1;
            while b.get(j) == Some(&'#') {
                j += 1;
            }
            b.get(j) == Some(&'"') && (i == 0 || !b[i - 1].is_alphanumeric() && b[i - 1] != '_')
        } {
            // Raw string: r"…", r#"…"#.
            let mut hashes = 0;
            i += 1;
            out.push(' ');
            while b[i] == '#' {
                hashes += 1;
                i += 1;
                out.push(' ');
            }
            i += 1;
            out.push(' ');
            while i < b.len() {
                if b[i] == '"' && (1..=hashes).all(|k| b.get(i + k) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                out.push(blank(b[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || b.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\'', '"'); a lifetime ('a) is code.
            out.push(' ');
            i += 1;
            if b.get(i) == Some(&'\\') {
                // The escape and the escaped character ('\'', '\\', '\u{…}').
                out.push_str("  ");
                i += 2;
            }
            while i < b.len() && b[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The first names of a use-tree after a path prefix: `leads::X` → ["leads"],
/// `{leads, deals::Y}` → ["leads", "deals"], `*` → ["*"], `super::x` → ["super"].
fn first_names(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    if let Some(inner) = rest.strip_prefix('{') {
        let mut depth = 1;
        let mut items = Vec::new();
        let mut current = String::new();
        for c in inner.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => {
                    items.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            if depth >= 1 {
                current.push(c);
            }
        }
        items.push(current);
        items
            .iter()
            .flat_map(|item| first_names(item))
            .filter(|n| !n.is_empty())
            .collect()
    } else if rest.starts_with('*') {
        vec!["*".into()]
    } else {
        vec![rest.chars().take_while(|c| is_ident_char(*c)).collect()]
    }
}

/// Every top-level UI module that the file `rel` (e.g. "src/ui/deals/list.rs") refers
/// to, with the line of each reference.
fn references(rel: &str, src: &str) -> Vec<Reference> {
    let code = code_only(src);
    let here = module_path(rel);
    let mut found = Vec::new();
    // Resolves `path` (segments from the crate root) to a top-level UI module.
    let mut push = |line: usize, path: &[String], names: Vec<String>| {
        for name in names {
            let mut full = path.to_vec();
            if name != "self" {
                full.push(name);
            }
            if full.len() >= 2 && full[0] == "ui" && !full[1].is_empty() {
                found.push(Reference {
                    line,
                    target: full[1].clone(),
                });
            }
        }
    };
    // The whole text at once: a use group may span lines.
    let chars: Vec<char> = code.chars().collect();
    let line_at = |i: usize| chars[..i].iter().filter(|c| **c == '\n').count() + 1;
    let mut i = 0;
    while i < chars.len() {
        if !matches!(chars[i], 'c' | 's' | '$') {
            i += 1;
            continue;
        }
        let at_word = i == 0 || !is_ident_char(chars[i - 1]) && chars[i - 1] != '$';
        let rest: String = chars[i..chars.len().min(i + 400)].iter().collect();
        if rest.starts_with("$crate::") || (at_word && rest.starts_with("crate::")) {
            let start = rest.find("crate::").unwrap() + "crate::".len();
            let after = &rest[start..];
            // `crate::ui::x` (the form the code uses).
            if first_names(after).first().is_some_and(|n| n == "ui") {
                let tail = after.trim_start()["ui".len()..].trim_start();
                if let Some(t) = tail.strip_prefix("::") {
                    push(line_at(i), &["ui".to_string()], first_names(t));
                }
            }
            i += start;
        } else if at_word && rest.starts_with("super::") {
            // Count the `super::` hops, then read what follows.
            let mut base = here.clone();
            let mut tail = rest.as_str();
            while let Some(t) = tail.strip_prefix("super::") {
                base.pop();
                tail = t.trim_start();
            }
            push(line_at(i), &base, first_names(tail));
            i += "super::".len();
        } else {
            i += 1;
        }
    }
    found
}

fn is_capability(name: &str) -> bool {
    name != "*" && !SHELL.contains(&name)
}

/// The offences of one file, as "file:line: why".
fn offences(rel: &str, src: &str) -> Vec<String> {
    let Some(me) = owner(rel) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in references(rel, src) {
        if r.target == me {
            continue;
        }
        let t = r.target.as_str();
        let why = if is_capability(&me) {
            if t == "*" {
                Some("a capability must not glob-import the UI modules".to_string())
            } else if is_capability(t) {
                Some(format!(
                    "capability `{me}` uses capability `{t}`: move what they share to components/"
                ))
            } else if TOP.contains(&t) {
                Some(format!(
                    "capability `{me}` uses `{t}`, which lists the capabilities"
                ))
            } else {
                None
            }
        } else if me == "components" {
            (t == "*" || is_capability(t) || TOP.contains(&t))
                .then(|| format!("components/ uses `{t}`: shared widgets use no capability"))
        } else if me == "state" || me == "links" {
            Some(format!(
                "`{me}` uses `{t}`: it is the bottom layer of the UI"
            ))
        } else {
            None
        };
        if let Some(why) = why {
            out.push(format!("{rel}:{}: {why}", r.line));
        }
    }
    out
}

/// Import cycles among the top-level UI modules, each as "a -> b -> a (file:line, …)".
fn cycles(files: &[(String, String)]) -> Vec<String> {
    // module -> (used module -> first place it is used)
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, src) in files {
        let Some(me) = owner(rel) else { continue };
        for r in references(rel, src) {
            if r.target != me && r.target != "*" {
                edges
                    .entry(me.clone())
                    .or_default()
                    .entry(r.target)
                    .or_insert_with(|| format!("{rel}:{}", r.line));
            }
        }
    }
    let mut found = BTreeSet::new();
    // A depth-first walk from every module; a cycle is reported once, from its
    // smallest module.
    fn walk(
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        start: &str,
        path: &mut Vec<String>,
        found: &mut BTreeSet<String>,
    ) {
        let last = path.last().unwrap().clone();
        for (next, _) in edges.get(&last).into_iter().flatten() {
            if next == start {
                let mut names = path.clone();
                names.push(start.to_string());
                let places: Vec<String> = names
                    .windows(2)
                    .map(|w| edges[&w[0]][&w[1]].clone())
                    .collect();
                found.insert(format!("{} ({})", names.join(" -> "), places.join(", ")));
            } else if next.as_str() > start && !path.contains(next) {
                path.push(next.clone());
                walk(edges, start, path, found);
                path.pop();
            }
        }
    }
    for start in edges.keys() {
        walk(&edges, start, &mut vec![start.clone()], &mut found);
    }
    found.into_iter().collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
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

fn ui_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    rust_files(&root.join("src/ui"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn capabilities_use_no_other_capability_and_components_use_none() {
    let files = ui_files();
    let capabilities: BTreeSet<String> = files
        .iter()
        .filter_map(|(rel, _)| owner(rel))
        .filter(|o| is_capability(o))
        .collect();
    for expected in [
        "deals",
        "leads",
        "accounts",
        "contacts",
        "activities",
        "pipeline",
    ] {
        assert!(capabilities.contains(expected), "found src/ui/{expected}/");
    }
    let offences: Vec<String> = files
        .iter()
        .flat_map(|(rel, src)| offences(rel, src))
        .collect();
    assert!(
        offences.is_empty(),
        "UI capabilities must stay independent:\n{}",
        offences.join("\n")
    );
}

#[test]
fn top_level_ui_modules_form_no_import_cycle() {
    let found = cycles(&ui_files());
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_route_table_lists_every_capability() {
    // A capability folder the routes do not use would be dead code or a page nobody
    // can open.
    let files = ui_files();
    let routes = files
        .iter()
        .find(|(rel, _)| rel == "src/ui/routes.rs")
        .expect("src/ui/routes.rs");
    let used: BTreeSet<String> = references(&routes.0, &routes.1)
        .into_iter()
        .map(|r| r.target)
        .collect();
    for (rel, _) in &files {
        if let Some(o) = owner(rel).filter(|o| is_capability(o) && rel.ends_with("/mod.rs")) {
            assert!(used.contains(&o), "routes.rs does not route to src/ui/{o}/");
        }
    }
}

// The scanner itself, on small samples: each offence it must catch, and what it must not
// mistake for one.

#[test]
fn scanner_catches_a_capability_using_another() {
    let src = "use crate::ui::components::table::Col;\nuse crate::ui::leads::LeadsPage;\n";
    let o = offences("src/ui/deals/list.rs", src);
    assert_eq!(o.len(), 1, "{o:?}");
    assert!(o[0].starts_with("src/ui/deals/list.rs:2:"), "{o:?}");
    assert!(o[0].contains("`deals` uses capability `leads`"), "{o:?}");
}

#[test]
fn scanner_resolves_super_against_the_file() {
    // Two hops from a capability's file reach the UI root.
    let o = offences(
        "src/ui/deals/edit.rs",
        "fn f() { super::super::leads::x(); }\n",
    );
    assert_eq!(o.len(), 1, "{o:?}");
    // One hop from a capability's mod.rs too, in a use group.
    let o = offences(
        "src/ui/deals/mod.rs",
        "use super::{components::layout, activities::LogActivity};\n",
    );
    assert_eq!(o.len(), 1, "{o:?}");
    assert!(o[0].contains("`activities`"), "{o:?}");
    // One hop from a capability's file stays inside the capability.
    assert!(offences(
        "src/ui/deals/edit.rs",
        "use super::history::StageHistory;\n"
    )
    .is_empty());
    // In a view, as a component path.
    let o = offences(
        "src/ui/pipeline/board.rs",
        "view! { <crate::ui::deals::LostReasons/> }\n",
    );
    assert_eq!(o.len(), 1, "{o:?}");
    // A use group over several lines, reported at the `use`.
    let o = offences(
        "src/ui/deals/mod.rs",
        "use super::{\n    components::layout,\n    leads::LeadsPage,\n};\n",
    );
    assert_eq!(o.len(), 1, "{o:?}");
    assert!(o[0].starts_with("src/ui/deals/mod.rs:1:"), "{o:?}");
    // A glob over the UI modules.
    assert_eq!(offences("src/ui/team/mod.rs", "use super::*;\n").len(), 1);
}

#[test]
fn scanner_catches_components_and_the_bottom_layer_reaching_up() {
    let o = offences(
        "src/ui/components/layout.rs",
        "use crate::ui::state::use_app;\nfn f() { view! { <crate::ui::data::TrainingBanner/> } }\n",
    );
    assert_eq!(o.len(), 1, "{o:?}");
    assert!(o[0].starts_with("src/ui/components/layout.rs:2:"), "{o:?}");
    assert_eq!(
        offences("src/ui/deals/list.rs", "use crate::ui::routes::PAGES;\n").len(),
        1
    );
    assert_eq!(
        offences(
            "src/ui/state.rs",
            "use crate::ui::components::progress::Work;\n"
        )
        .len(),
        1
    );
    // The app and the route table may use everything.
    assert!(offences("src/ui/routes.rs", "use super::{deals, leads};\n").is_empty());
}

#[test]
fn scanner_ignores_comments_strings_and_other_crates() {
    let src = r##"
// use crate::ui::leads::LeadsPage;
/* crate::ui::leads /* nested */ crate::ui::team */
const A: &str = "crate::ui::leads";
const B: &str = r#"super::super::leads "quoted""#;
const C: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }
use salesdeck_crate::ui::leads;
use crate::ui::components::layout::PageHeader;
"##;
    assert_eq!(offences("src/ui/deals/list.rs", src), Vec::<String>::new());
    // …while the code after a char literal and a lifetime is still read.
    let src = "const C: char = '\"'; fn f<'a>() { crate::ui::team::x() }\n";
    assert_eq!(offences("src/ui/deals/list.rs", src).len(), 1);
}

#[test]
fn scanner_finds_cycles_between_top_level_modules() {
    let files = vec![
        (
            "src/ui/state.rs".to_string(),
            "use crate::ui::components::progress;\n".to_string(),
        ),
        (
            "src/ui/components/progress.rs".to_string(),
            "use crate::ui::state::AppState;\n".to_string(),
        ),
        (
            "src/ui/app.rs".to_string(),
            "use super::routes;\n".to_string(),
        ),
        (
            "src/ui/routes.rs".to_string(),
            "use super::components::layout::NavGroup;\n".to_string(),
        ),
    ];
    let found = cycles(&files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("components -> state -> components"),
        "{found:?}"
    );
    assert!(found[0].contains("src/ui/state.rs:1"), "{found:?}");
}
