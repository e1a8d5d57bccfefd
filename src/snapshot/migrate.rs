//! Data migrations: pure functions over records as JSON, run after IndexedDB opens
//! (rexie has no migration hook) and on snapshots from older versions. Each migration
//! brings data from version `n - 1` to `n`; the data version lives in the `meta` store.

use serde_json::{json, Map, Value};

/// The data version this build writes.
pub const DATA_VERSION: u32 = 1;

/// Applies every migration after `from` to one record of store `store`.
/// `now` is the RFC 3339 time stamped on records that never had one.
pub fn migrate_record(store: &str, from: u32, mut record: Value, now: &str) -> Value {
    if from < 1 {
        record = to_v1(store, record, now);
    }
    record
}

/// Version 0 is the prototype's data: records may lack `created_at`/`updated_at`,
/// deals may lack a stage history and a currency, amounts may be strings.
fn to_v1(store: &str, record: Value, now: &str) -> Value {
    let Value::Object(mut obj) = record else {
        return record;
    };
    let created = obj
        .get("created_at")
        .and_then(Value::as_str)
        .unwrap_or(now)
        .to_string();
    obj.entry("created_at").or_insert_with(|| json!(created));
    obj.entry("updated_at").or_insert_with(|| json!(created));
    if store == "deals" {
        fix_deal_v1(&mut obj, &created);
    }
    Value::Object(obj)
}

fn fix_deal_v1(obj: &mut Map<String, Value>, created: &str) {
    obj.entry("currency").or_insert_with(|| json!("USD"));
    // The prototype stored amounts as text ("1234.50"): convert to minor units.
    if let Some(Value::String(text)) = obj.get("amount") {
        let currency = obj.get("currency").and_then(Value::as_str).unwrap_or("USD");
        let c = crate::domain::Currency::new(currency).unwrap_or(crate::domain::Currency::usd());
        let minor = crate::domain::Money::parse(text, &c)
            .map(|m| m.minor)
            .unwrap_or(0);
        obj.insert("amount".into(), json!(minor));
    }
    let has_history = obj
        .get("stage_history")
        .and_then(Value::as_array)
        .is_some_and(|h| !h.is_empty());
    if !has_history {
        if let Some(stage) = obj.get("stage_id").cloned() {
            obj.insert(
                "stage_history".into(),
                json!([{ "stage_id": stage, "at": created }]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Deal;

    const NOW: &str = "2026-11-22T10:00:00Z";

    #[test]
    fn prototype_records_gain_timestamps() {
        let acc = json!({"id": "a1", "name": "Acme"});
        let out = migrate_record("accounts", 0, acc, NOW);
        assert_eq!(out["created_at"], NOW);
        assert_eq!(out["updated_at"], NOW);
        assert_eq!(out["name"], "Acme");
    }

    #[test]
    fn prototype_deals_become_valid_deals() {
        let deal = json!({
            "id": "d1", "name": "Big", "pipeline_id": "p", "stage_id": "s1",
            "amount": "1,234.50", "created_at": "2025-01-02T00:00:00Z"
        });
        let out = migrate_record("deals", 0, deal, NOW);
        assert_eq!(out["amount"], 123_450);
        assert_eq!(out["currency"], "USD");
        assert_eq!(out["updated_at"], "2025-01-02T00:00:00Z");
        assert_eq!(out["stage_history"][0]["stage_id"], "s1");
        let typed: Deal = serde_json::from_value(out).expect("a valid deal after migration");
        assert_eq!(typed.stage_history.len(), 1);
    }

    #[test]
    fn current_records_are_untouched() {
        let rec = json!({"id": "x", "created_at": "2020-01-01T00:00:00Z", "updated_at": "2021-01-01T00:00:00Z"});
        assert_eq!(
            migrate_record("accounts", DATA_VERSION, rec.clone(), NOW),
            rec
        );
    }
}
