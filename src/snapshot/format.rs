//! The snapshot document: `format`, `schema_version`, `app_version`, `exported_at`,
//! `settings`, then one array per record kind (the store names), records sorted by id
//! so the same workspace always exports the same bytes.

use super::migrate::DATA_VERSION;
use crate::domain::{Kind, Timestamp, Workspace};
use serde_json::{Map, Value};

pub const FORMAT: &str = "salesdeck-snapshot";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn to_json(ws: &Workspace, exported_at: Timestamp) -> Value {
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
    fn file_names_are_safe() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            file_name("Ana's  pipeline/2026", d),
            "Ana-s pipeline-2026 2026-11-22.salesdeck.json"
        );
        assert_eq!(file_name("  ", d), "Salesdeck 2026-11-22.salesdeck.json");
    }
}
