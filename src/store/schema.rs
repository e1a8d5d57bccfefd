//! Object stores and indexes. IndexedDB's schema version goes up whenever a store or an
//! index is added; rexie's builder is declarative (anything not listed is deleted), so
//! `stores()` always lists everything.

use crate::domain::Kind;

/// The IndexedDB schema version this build creates.
///
/// History: 1 = the prototype (accounts, deals and meta, no indexes);
/// 2 = a store per record kind with the indexes pages query;
/// 3 = exchange rates (`exchange_rates`);
/// 4 = goals and forecast calls (`goals`, `forecast_calls`);
/// 5 = the automation log (`automation_log`).
pub const DB_VERSION: u32 = 5;

/// The store holding settings and the data version, keyed by `key`.
pub const META_STORE: &str = "meta";

/// Indexes per store: (index name, key path).
pub fn indexes(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Deal => &[
            ("by_stage", "stage_id"),
            ("by_owner", "owner_id"),
            ("by_account", "account_id"),
            ("by_expected_close", "expected_close"),
            ("by_pipeline", "pipeline_id"),
        ],
        Kind::Activity => &[
            ("by_deal", "deal_id"),
            ("by_account", "account_id"),
            ("by_contact", "contact_id"),
            ("by_lead", "lead_id"),
            ("by_due", "due"),
            ("by_owner", "owner_id"),
        ],
        Kind::Contact => &[("by_account", "account_id"), ("by_email", "email")],
        Kind::Lead => &[("by_status", "status"), ("by_owner", "owner_id")],
        Kind::Account => &[("by_owner", "owner_id"), ("by_name", "name")],
        Kind::Quota => &[("by_rep", "rep_id")],
        Kind::CoachingNote => &[("by_rep", "rep_id")],
        Kind::Goal => &[("by_rep", "rep_id")],
        Kind::ForecastCall => &[("by_rep", "rep_id")],
        _ => &[],
    }
}

/// Every store name of the current schema, `meta` included.
pub fn all_store_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Kind::ALL.iter().map(|k| k.store_name()).collect();
    v.push(META_STORE);
    v
}

#[cfg(target_arch = "wasm32")]
pub fn builder(db_name: &str) -> rexie::RexieBuilder {
    use rexie::{Index, ObjectStore, Rexie};
    let mut b = Rexie::builder(db_name)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::new(META_STORE).key_path("key"));
    for kind in Kind::ALL {
        let mut store = ObjectStore::new(kind.store_name()).key_path("id");
        for (name, path) in indexes(*kind) {
            store = store.add_index(Index::new(name, path));
        }
        b = b.add_object_store(store);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_indexes_exist() {
        let deal: Vec<&str> = indexes(Kind::Deal).iter().map(|i| i.0).collect();
        for needed in ["by_stage", "by_owner", "by_account", "by_expected_close"] {
            assert!(deal.contains(&needed), "{needed}");
        }
        let act: Vec<&str> = indexes(Kind::Activity).iter().map(|i| i.0).collect();
        for needed in ["by_deal", "by_account", "by_contact", "by_lead", "by_due"] {
            assert!(act.contains(&needed), "{needed}");
        }
        assert!(indexes(Kind::Contact).iter().any(|i| i.0 == "by_account"));
        assert!(indexes(Kind::Lead).iter().any(|i| i.0 == "by_status"));
        assert!(indexes(Kind::Lead).iter().any(|i| i.0 == "by_owner"));
    }

    #[test]
    fn store_names_are_unique_and_include_meta() {
        let names = all_store_names();
        let set: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(set.len(), names.len());
        assert!(names.contains(&META_STORE));
    }
}
