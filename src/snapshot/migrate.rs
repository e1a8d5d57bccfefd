//! Data migrations: pure functions over records as JSON, run after IndexedDB opens
//! (rexie has no migration hook) and on snapshots from older versions. Each migration
//! brings data from version `n - 1` to `n`; the data version lives in the `meta` store.

use crate::domain::deal_log::backfill;
use crate::domain::{Deal, Id, Pipeline, StageKind};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The data version this build writes.
///
/// History: 1 = records with timestamps, deals with a stage history;
/// 2 = deals carry a change log (`deal_log`), and exchange rates exist;
/// 3 = coaching notes' action items have an owner, a due day and a done day (they
/// were plain text), and goals and forecast calls exist.
pub const DATA_VERSION: u32 = 3;

/// What migrations need beyond the record itself: the time stamped on records that
/// never had one, and (for deals) the kind and pipeline of every stage, learned from
/// the pipelines, which are always read before the deals.
#[derive(Clone, Debug, Default)]
pub struct Context {
    now: String,
    stages: HashMap<Id, (Id, StageKind)>,
}

impl Context {
    /// `now` is an RFC 3339 time.
    pub fn new(now: &str) -> Context {
        Context {
            now: now.to_string(),
            stages: HashMap::new(),
        }
    }

    /// Remembers a pipeline's stages (call it for every pipeline before any deal).
    pub fn learn_pipeline(&mut self, p: &Pipeline) {
        for s in &p.stages {
            self.stages.insert(s.id.clone(), (p.id.clone(), s.kind));
        }
    }

    /// `learn_pipeline` for a pipeline as stored (skipped if it does not read).
    pub fn learn(&mut self, store: &str, record: &Value) {
        if store == "pipelines" {
            if let Ok(p) = Pipeline::deserialize(record) {
                self.learn_pipeline(&p);
            }
        }
    }
}

use serde::Deserialize;

/// Whether migrating from `from` reads the records of `store`: to change them, or
/// (pipelines) to learn what the deals' migration needs. Other stores are left as
/// they are, unread.
pub fn reads_store(store: &str, from: u32) -> bool {
    from < 1
        || (from < 2 && matches!(store, "deals" | "pipelines"))
        || (from < 3 && store == "coaching_notes")
}

/// Whether migrating from `from` may change records of `store`.
pub fn changes_store(store: &str, from: u32) -> bool {
    from < 1 || (from < 2 && store == "deals") || (from < 3 && store == "coaching_notes")
}

/// Applies every migration after `from` to one record of store `store`.
pub fn migrate_record(store: &str, from: u32, mut record: Value, ctx: &Context) -> Value {
    if from < 1 {
        record = to_v1(store, record, &ctx.now);
    }
    if from < 2 && store == "deals" {
        record = to_v2_deal(record, ctx);
    }
    if from < 3 && store == "coaching_notes" {
        record = to_v3_note(record);
    }
    record
}

/// Version 3: an action item that was plain text becomes one for the rep the note is
/// about, with no due day, not done.
fn to_v3_note(mut record: Value) -> Value {
    if let Some(items) = record.get_mut("action_items").and_then(Value::as_array_mut) {
        for item in items.iter_mut() {
            if let Value::String(text) = item {
                *item =
                    json!({ "text": text.clone(), "owner_id": null, "due": null, "done_on": null });
            }
        }
    }
    record
}

/// Version 2 gives every deal a change log: the one its stage history implies (status
/// and close-date changes, pipeline moves); its other fields are taken to have had
/// their current values since it was created. A deal that does not read as a deal is
/// left as it is for the checks to report.
fn to_v2_deal(record: Value, ctx: &Context) -> Value {
    let has_log = record
        .get("change_log")
        .and_then(Value::as_array)
        .is_some_and(|l| !l.is_empty());
    if has_log {
        return record;
    }
    match Deal::deserialize(&record) {
        Ok(mut d) => {
            d.change_log = backfill(&d, &ctx.stages);
            serde_json::to_value(&d).unwrap_or(record)
        }
        Err(_) => record,
    }
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
        let minor = crate::domain::Money::parse(text, &c).ok().map(|m| m.minor);
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

    fn ctx() -> Context {
        Context::new(NOW)
    }

    #[test]
    fn prototype_records_gain_timestamps() {
        let acc = json!({"id": "a1", "name": "Acme"});
        let out = migrate_record("accounts", 0, acc, &ctx());
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
        let out = migrate_record("deals", 0, deal, &ctx());
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
            migrate_record("accounts", DATA_VERSION, rec.clone(), &ctx()),
            rec
        );
    }

    #[test]
    fn version_1_deals_gain_the_log_their_stage_history_implies() {
        use crate::domain::workspace::tests::{deal, now, seeded};
        use crate::domain::StageChange;
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let won = p.stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
        let mut d = deal(&ws, ids.next_id(), None);
        d.stage_history = vec![
            StageChange {
                stage_id: p.stages[0].id.clone(),
                at: now(),
            },
            StageChange {
                stage_id: won.id.clone(),
                at: now() + chrono::Duration::days(3),
            },
        ];
        d.stage_id = won.id.clone();
        d.closed_on = Some((now() + chrono::Duration::days(3)).date_naive());
        let mut v1 = serde_json::to_value(&d).unwrap();
        v1.as_object_mut().unwrap().remove("change_log");
        let mut c = ctx();
        c.learn("pipelines", &serde_json::to_value(&p).unwrap());
        let out = migrate_record("deals", 1, v1.clone(), &c);
        let typed: Deal = serde_json::from_value(out.clone()).unwrap();
        let fields: Vec<&str> = typed.change_log.iter().map(|e| e.field.name()).collect();
        assert_eq!(fields, ["status", "closed_on"]);
        // Everything else is kept as it was.
        let mut back = out;
        back.as_object_mut().unwrap().remove("change_log");
        assert_eq!(back, v1);
        // A current deal, and one that does not read, are left alone.
        let current = serde_json::to_value(&typed).unwrap();
        assert_eq!(migrate_record("deals", 2, current.clone(), &c), current);
        let broken = json!({"id": "d", "amount": "lots"});
        assert_eq!(migrate_record("deals", 1, broken.clone(), &c), broken);
    }

    #[test]
    fn version_2_action_items_become_structured() {
        let note = json!({"id": "n1", "rep_id": "r1", "date": "2026-11-02", "notes": "1:1",
            "action_items": ["Call the CFO", "Send the deck"],
            "created_at": NOW, "updated_at": NOW});
        let out = migrate_record("coaching_notes", 2, note, &ctx());
        let typed: crate::domain::CoachingNote = serde_json::from_value(out).unwrap();
        assert_eq!(typed.action_items.len(), 2);
        assert_eq!(typed.action_items[0].text, "Call the CFO");
        assert_eq!(
            (typed.action_items[1].due, typed.action_items[1].done_on),
            (None, None)
        );
        assert!(reads_store("coaching_notes", 2) && !reads_store("coaching_notes", 3));
    }
}
