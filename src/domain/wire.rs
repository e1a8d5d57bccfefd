//! Committed changes as text, for the other tabs of the same workspace (the UI posts
//! them on a BroadcastChannel after each commit). One line per change; serde_json
//! writes no raw newline, so a line is always one whole change:
//! `P\t<store>\t<record JSON>`, `D\t<store>\t<id>`, `S\t<settings JSON>`.

use super::changes::{Change, Kind, Record};
use super::{Id, Settings};

pub fn changes_to_text(changes: &[Change]) -> String {
    let mut out = Vec::new();
    for c in changes {
        match c {
            Change::Insert(r) | Change::Put(r) => {
                out.extend_from_slice(b"P\t");
                out.extend_from_slice(r.kind().store_name().as_bytes());
                out.push(b'\t');
                r.write_json(&mut out);
            }
            Change::Delete(kind, id) => {
                out.extend_from_slice(format!("D\t{}\t{}", kind.store_name(), id).as_bytes());
            }
            Change::Settings(s) => {
                out.extend_from_slice(b"S\t");
                serde_json::to_writer(&mut out, s).expect("settings serialise");
            }
        }
        out.push(b'\n');
    }
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Reads `changes_to_text`; any line it cannot read fails the whole message (the
/// receiving tab then reloads the workspace from storage instead).
pub fn changes_from_text(text: &str) -> Result<Vec<Change>, String> {
    let kind = |store: &str| Kind::from_store_name(store).ok_or(format!("no store {store}"));
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("P"), Some(store), Some(json)) => {
                    Record::from_str_with_path(kind(store)?, json)
                        .map(Change::Put)
                        .map_err(|(path, e)| format!("{store}.{path}: {e}"))
                }
                (Some("D"), Some(store), Some(id)) => {
                    Ok(Change::Delete(kind(store)?, Id::from_string(id)))
                }
                (Some("S"), Some(json), None) => serde_json::from_str::<Settings>(json)
                    .map(Change::Settings)
                    .map_err(|e| format!("settings: {e}")),
                _ => Err(format!("not a change: {}", &line[..line.len().min(40)])),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, seeded};

    #[test]
    fn changes_cross_to_another_tab_exactly() {
        let (ws, mut ids) = seeded();
        let a = account(ids.next_id(), "Line\nbreak\t<img src=x> \u{202e}");
        let gone = ids.next_id();
        let mut settings = ws.settings.clone();
        settings.workspace_name = "Team\tA".into();
        let changes = vec![
            Change::Insert(a.clone().into()),
            Change::Delete(Kind::Deal, gone.clone()),
            Change::Settings(settings.clone()),
        ];
        let text = changes_to_text(&changes);
        assert_eq!(text.lines().count(), 3);
        let back = changes_from_text(&text).unwrap();
        // An insert arrives as a put: the other tab may already hold it.
        assert_eq!(
            back,
            vec![
                Change::Put(a.into()),
                Change::Delete(Kind::Deal, gone),
                Change::Settings(settings)
            ]
        );
        let mut other = ws.clone();
        other.apply(back);
        assert_eq!(other.settings.workspace_name, "Team\tA");
    }

    #[test]
    fn a_damaged_message_is_refused_whole() {
        assert!(changes_from_text("P\tdeals\t{\"id\":1}\n").is_err());
        assert!(changes_from_text("X\tdeals\n").is_err());
        assert!(changes_from_text("D\tnope\tid\n").is_err());
        assert_eq!(changes_from_text("").unwrap(), vec![]);
    }
}
