//! The snapshot document: `format`, `schema_version`, `app_version`, `exported_at`,
//! `settings`, then one array per record kind (the store names), records sorted by id
//! so the same workspace always exports the same bytes.

use super::cursor::RecordCursor;
use super::migrate::DATA_VERSION;
#[cfg(test)]
use crate::domain::Kind;
use crate::domain::{Timestamp, Workspace};

pub const FORMAT: &str = "salesdeck-snapshot";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The document as a `serde_json::Value`, built independently of `ExportWriter`: the
/// tests' reference for what the writer must produce.
#[cfg(test)]
pub(crate) fn to_json(ws: &Workspace, exported_at: Timestamp) -> serde_json::Value {
    use serde_json::{Map, Value};
    let mut doc = Map::new();
    doc.insert("format".into(), Value::from(FORMAT));
    doc.insert("schema_version".into(), Value::from(DATA_VERSION));
    doc.insert("app_version".into(), Value::from(APP_VERSION));
    doc.insert(
        "exported_at".into(),
        Value::from(exported_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    doc.insert(
        "settings".into(),
        serde_json::to_value(&ws.settings).expect("settings serialise"),
    );
    for kind in Kind::ALL {
        let mut rows = ws.records_json(*kind);
        rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        doc.insert(kind.store_name().into(), Value::Array(rows));
    }
    Value::Object(doc)
}

/// Writes the snapshot document a chunk of records at a time, so a large workspace
/// (250k records) exports with a progress bar and without freezing the tab. Records
/// deleted during the export are left out (see `RecordCursor`).
pub struct ExportWriter {
    out: Vec<u8>,
    cursor: RecordCursor,
    /// Whether the current kind's array already holds a record.
    kind_has_rows: bool,
    finished: bool,
}

impl ExportWriter {
    pub fn new(ws: &Workspace, exported_at: Timestamp) -> Self {
        let mut out = Vec::with_capacity(1 << 20);
        let head = serde_json::json!({
            "format": FORMAT,
            "schema_version": DATA_VERSION,
            "app_version": APP_VERSION,
            "exported_at": exported_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })
        .to_string();
        out.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
        out.extend_from_slice(b",\"settings\":");
        serde_json::to_writer(&mut out, &ws.settings).expect("settings serialise");
        ExportWriter {
            out,
            cursor: RecordCursor::new(ws),
            kind_has_rows: false,
            finished: false,
        }
    }

    /// Writes up to `budget` records; returns true once the document is complete.
    pub fn step(&mut self, ws: &Workspace, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 {
            let Some(batch) = self.cursor.next(ws, left) else {
                if !self.finished {
                    self.out.extend_from_slice(b"}\n");
                    self.finished = true;
                }
                return true;
            };
            left = left.saturating_sub(batch.len().max(1));
            if batch.first {
                self.out.extend_from_slice(b",\n\"");
                self.out
                    .extend_from_slice(batch.kind.store_name().as_bytes());
                self.out.extend_from_slice(b"\":[\n");
                self.kind_has_rows = false;
            }
            // One record per line.
            self.kind_has_rows |=
                self.cursor
                    .write(ws, &batch, &mut self.out, b",\n", self.kind_has_rows);
            if batch.last {
                self.out.push(b']');
            }
        }
        false
    }

    /// Share of records written, 0.0 to 1.0 (1.0 only once the document is complete).
    pub fn progress(&self) -> f32 {
        if self.finished {
            1.0
        } else {
            self.cursor.progress().min(0.99)
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// The whole document at once (tests and small workspaces).
pub fn to_bytes(ws: &Workspace, exported_at: Timestamp) -> Vec<u8> {
    let mut w = ExportWriter::new(ws, exported_at);
    while !w.step(ws, usize::MAX) {}
    w.into_bytes()
}

/// "Acme Sales 2026-11-22.salesdeck.json": the workspace name made safe for a file.
pub fn file_name(workspace: &str, date: crate::domain::Date) -> String {
    let safe: String = workspace
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.split_whitespace().collect::<Vec<_>>().join(" ");
    let safe = if safe.is_empty() {
        "Salesdeck".to_string()
    } else {
        safe
    };
    format!("{safe} {}.salesdeck.json", date.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, now, seeded};

    #[test]
    fn documents_carry_the_header_and_every_kind() {
        let (mut ws, mut ids) = seeded();
        ws.put(account(ids.next_id(), "Acme").into());
        let doc = to_json(&ws, now());
        assert_eq!(doc["format"], FORMAT);
        assert_eq!(doc["schema_version"], DATA_VERSION);
        assert_eq!(doc["exported_at"], "2026-11-22T09:00:00.000Z");
        assert_eq!(doc["settings"]["workspace_name"], "Test");
        for k in Kind::ALL {
            assert!(doc[k.store_name()].is_array(), "{}", k.store_name());
        }
        assert_eq!(doc["accounts"][0]["name"], "Acme");
        // Deterministic.
        assert_eq!(to_json(&ws, now()).to_string(), doc.to_string());
    }

    #[test]
    fn the_chunked_writer_writes_the_same_document() {
        let (mut ws, mut ids) = seeded();
        for i in 0..25 {
            ws.put(account(ids.next_id(), &format!("Acme {i}")).into());
        }
        let whole = to_json(&ws, now());
        let mut w = ExportWriter::new(&ws, now());
        let mut steps = 0;
        let mut last = 0.0;
        while !w.step(&ws, 7) {
            steps += 1;
            assert!(w.progress() >= last && w.progress() < 1.0);
            last = w.progress();
        }
        assert!(steps >= 3, "25 accounts in steps of 7");
        assert_eq!(w.progress(), 1.0);
        let bytes = w.into_bytes();
        let streamed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(streamed, whole);
        assert_eq!(to_bytes(&ws, now()), bytes, "same bytes in one go");
        let parsed = crate::snapshot::validate::parse(
            std::str::from_utf8(&bytes).unwrap(),
            "2026-11-22T09:00:00Z",
        )
        .unwrap();
        assert_eq!(parsed.workspace, ws);
    }

    #[test]
    fn records_deleted_during_an_export_are_left_out() {
        let (mut ws, mut ids) = seeded();
        let a = ids.next_id();
        let b = ids.next_id();
        ws.put(account(a.clone(), "A").into());
        ws.put(account(b.clone(), "B").into());
        let mut w = ExportWriter::new(&ws, now());
        // Start the export, then delete both accounts before they are written.
        w.step(&ws, 1);
        ws.remove(Kind::Account, &a);
        ws.remove(Kind::Account, &b);
        while !w.step(&ws, 1) {}
        let doc: serde_json::Value = serde_json::from_slice(&w.into_bytes()).unwrap();
        assert_eq!(doc["accounts"], serde_json::json!([]));
    }

    #[test]
    fn file_names_are_safe() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            file_name("Ana's  pipeline/2026", d),
            "Ana-s pipeline-2026 2026-11-22.salesdeck.json"
        );
        assert_eq!(file_name("  ", d), "Salesdeck 2026-11-22.salesdeck.json");
    }
}
