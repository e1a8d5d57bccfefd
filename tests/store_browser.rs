//! The store against real IndexedDB in headless Chromium (wasm-bindgen-test).
//! Run with `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, TimeZone, Utc};
use rexie::{ObjectStore, Rexie, TransactionMode};
use salesdeck::domain::id::SeededIds;
use salesdeck::domain::*;
use salesdeck::store::schema::DB_VERSION;
use salesdeck::store::{Db, Replacement, ReplacementEncoder, StoreError};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A unique database per test so tests never see each other's data.
fn db_name(test: &str) -> String {
    format!("salesdeck-test-{test}-{}", js_sys::Math::random())
}

/// One record of every kind, cross-referenced like real data.
fn full_workspace(ids: &mut SeededIds) -> Vec<Change> {
    let t = now();
    let usd = Currency::usd();
    let pipeline = Pipeline::default_sales(|| ids.next_id(), t);
    let stage = pipeline.stages[1].id.clone();
    let territory = Territory {
        id: ids.next_id(),
        name: "West".into(),
        region: Some("EMEA".into()),
        segment: Some(Segment::Enterprise),
        created_at: t,
        updated_at: t,
    };
    let rep = Rep {
        id: ids.next_id(),
        name: "Ana".into(),
        email: Some("ana@example.com".into()),
        role: RepRole::Manager,
        manager_id: None,
        territory_id: Some(territory.id.clone()),
        active: true,
        created_at: t,
        updated_at: t,
    };
    let account = Account {
        id: ids.next_id(),
        name: "Acme".into(),
        domain: Some("acme.com".into()),
        industry: Some("Tools".into()),
        segment: Some(Segment::SaaS),
        territory_id: Some(territory.id.clone()),
        owner_id: Some(rep.id.clone()),
        status: CustomerStatus::Customer,
        customer_since: Some(day(2025, 3, 1)),
        churned_on: None,
        created_at: t,
        updated_at: t,
    };
    let contact = Contact {
        id: ids.next_id(),
        account_id: account.id.clone(),
        name: "Wile E.".into(),
        title: Some("CTO".into()),
        email: Some("wile@acme.com".into()),
        phone: Some("+1 555 0100".into()),
        created_at: t,
        updated_at: t,
    };
    let deal = Deal {
        id: ids.next_id(),
        name: "Rockets".into(),
        account_id: Some(account.id.clone()),
        contact_ids: vec![contact.id.clone()],
        pipeline_id: pipeline.id.clone(),
        stage_id: stage.clone(),
        amount: Some(1_234_550),
        currency: usd.clone(),
        owner_id: Some(rep.id.clone()),
        expected_close: Some(day(2026, 12, 31)),
        closed_on: None,
        forecast_category: Some(ForecastCategory::Commit),
        lost_reason: None,
        won_reason: None,
        next_step: Some("Send the proposal".into()),
        next_step_due: Some(day(2026, 11, 25)),
        source_lead_id: None,
        mrr: Some(9_900),
        external_id: Some("006Hs00001AbCdE".into()),
        stage_history: vec![
            StageChange {
                stage_id: pipeline.stages[0].id.clone(),
                at: t - chrono::Duration::days(9),
            },
            StageChange {
                stage_id: stage.clone(),
                at: t,
            },
        ],
        change_log: vec![salesdeck::domain::deal_log::DealChange {
            at: t - chrono::Duration::days(2),
            field: salesdeck::domain::deal_log::FieldChange::ExpectedClose(
                Some(day(2026, 11, 30)),
                Some(day(2026, 12, 31)),
            ),
        }],
        created_at: t - chrono::Duration::days(9),
        updated_at: t,
    };
    let lead = Lead {
        id: ids.next_id(),
        name: "Road Runner".into(),
        company: Some("Acme".into()),
        email: Some("rr@acme.com".into()),
        phone: None,
        title: None,
        company_size: None,
        source: Some("Webinar".into()),
        status: LeadStatus::Converted,
        disqualified_reason: None,
        score: Some(80),
        owner_id: Some(rep.id.clone()),
        conversion: Some(LeadConversion {
            account_id: account.id.clone(),
            contact_id: Some(contact.id.clone()),
            deal_id: Some(deal.id.clone()),
            converted_on: day(2026, 11, 13),
        }),
        created_at: t,
        updated_at: t,
    };
    let activity = Activity {
        id: ids.next_id(),
        kind: ActivityKind::Demo,
        subject: "Demo the rocket skates".into(),
        notes: Some("Bring anvils".into()),
        due: Some(day(2026, 11, 23).and_hms_opt(14, 30, 0).unwrap()),
        done: false,
        done_at: None,
        outcome: None,
        owner_id: Some(rep.id.clone()),
        deal_id: Some(deal.id.clone()),
        account_id: Some(account.id.clone()),
        contact_id: Some(contact.id.clone()),
        lead_id: None,
        created_at: t,
        updated_at: t,
    };
    let quota = Quota {
        id: ids.next_id(),
        rep_id: Some(rep.id.clone()),
        team_of: None,
        period: PeriodKind::Quarter,
        period_start: day(2026, 10, 1),
        amount: 5_000_000,
        currency: usd.clone(),
        created_at: t,
        updated_at: t,
    };
    let forecast = ForecastSnapshot {
        id: ids.next_id(),
        taken_on: day(2026, 11, 1),
        period_start: day(2026, 10, 1),
        period_end: day(2026, 12, 31),
        rep_id: None,
        method: "weighted".into(),
        amount: 4_000_000,
        low: Some(3_000_000),
        high: Some(5_200_000),
        currency: usd.clone(),
        created_at: t,
        updated_at: t,
    };
    let note = CoachingNote {
        id: ids.next_id(),
        rep_id: rep.id.clone(),
        manager_id: None,
        date: day(2026, 11, 20),
        notes: "Multi-thread the Acme deal".into(),
        action_items: vec![ActionItem {
            text: "Meet the CFO".into(),
            owner_id: Some(rep.id.clone()),
            due: Some(day(2026, 11, 27)),
            done_on: None,
        }],
        created_at: t,
        updated_at: t,
    };
    let spend = Spend {
        id: ids.next_id(),
        period_start: day(2026, 10, 1),
        period_end: day(2026, 10, 31),
        amount: 750_000,
        currency: usd,
        category: Some("Events".into()),
        created_at: t,
        updated_at: t,
    };
    let settings = Settings {
        workspace_name: "Browser test".into(),
        home_currency: Currency::new("EUR").unwrap(),
        fiscal_year_start_month: 4,
        me: Some(rep.id.clone()),
        stalled_after_days: 10,
        lost_reasons: vec!["Price".into(), "Legal".into()],
        gross_margin_pct: Some(71.5),
        automation: Default::default(),
        scoring: Default::default(),
        updated_at: Some(t),
    };
    let goal = Goal {
        id: ids.next_id(),
        rep_id: Some(rep.id.clone()),
        team_of: None,
        period: GoalPeriod::Week,
        metric: GoalMetric::ActivitiesDone {
            activity: ActivityKind::Call,
        },
        target: 40,
        currency: Currency::usd(),
        from: day(2026, 11, 2),
        until: None,
        created_at: t,
        updated_at: t,
    };
    let call = ForecastCall {
        id: ids.next_id(),
        rep_id: Some(rep.id.clone()),
        team_of: None,
        period_start: day(2026, 10, 1),
        period_end: day(2026, 12, 31),
        kind: CallKind::Manager {
            manager_id: rep.id.clone(),
        },
        amount: 5_000_000,
        currency: Currency::usd(),
        note: "Acme slips to January".into(),
        created_at: t,
        updated_at: t,
    };
    let rate = ExchangeRate {
        id: ids.next_id(),
        currency: Currency::usd(),
        quote: Currency::new("EUR").unwrap(),
        valid_from: day(2026, 1, 1),
        rate: Rate::parse("0.9215").unwrap(),
        created_at: t,
        updated_at: t,
    };
    let made = salesdeck::domain::automation::AutomationEntry {
        id: ids.next_id(),
        cause: format!("playbook:{}:proposal:Send the proposal", deal.id.as_str()),
        made_by: "Proposal playbook".into(),
        activity_id: Some(activity.id.clone()),
        deal_id: Some(deal.id.clone()),
        lead_id: None,
        account_id: None,
        undone_at: None,
        created_at: t,
        updated_at: t,
    };
    vec![
        Change::Settings(settings),
        Change::Insert(pipeline.into()),
        Change::Insert(territory.into()),
        Change::Insert(rep.into()),
        Change::Insert(account.into()),
        Change::Insert(contact.into()),
        Change::Insert(deal.into()),
        Change::Insert(lead.into()),
        Change::Insert(activity.into()),
        Change::Insert(quota.into()),
        Change::Insert(forecast.into()),
        Change::Insert(note.into()),
        Change::Insert(spend.into()),
        Change::Insert(rate.into()),
        Change::Insert(goal.into()),
        Change::Insert(call.into()),
        Change::Insert(made.into()),
    ]
}

#[wasm_bindgen_test]
async fn every_entity_round_trips_and_survives_reopening() {
    let name = db_name("roundtrip");
    let mut ids = SeededIds::new(1);
    let changes = full_workspace(&mut ids);
    let mut expected = Workspace::default();
    expected.apply(changes.clone());
    for kind in Kind::ALL {
        assert_eq!(expected.count(*kind), 1, "fixture has one {}", kind.label());
    }

    let db = Db::open(&name, now()).await.unwrap();
    let fresh = db.load().await.unwrap();
    assert!(fresh.is_new);
    db.commit(&changes).await.unwrap();
    db.close();

    let db = Db::open(&name, now()).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert!(!loaded.is_new);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.workspace, expected);
    db.close();
    Db::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_batch_with_one_invalid_write_writes_nothing() {
    let name = db_name("atomic");
    let mut ids = SeededIds::new(2);
    let db = Db::open(&name, now()).await.unwrap();
    let mut ws = Workspace::default();
    let first = Workspace::first_start_changes("Atomic", || ids.next_id(), now());
    db.commit(&first).await.unwrap();
    ws.apply(first);

    let existing = Account {
        id: ids.next_id(),
        name: "Existing".into(),
        domain: None,
        industry: None,
        segment: None,
        territory_id: None,
        owner_id: None,
        status: CustomerStatus::Prospect,
        customer_since: None,
        churned_on: None,
        created_at: now(),
        updated_at: now(),
    };
    db.commit(&[Change::Insert(existing.clone().into())])
        .await
        .unwrap();

    let new_account = Account {
        id: ids.next_id(),
        name: "New".into(),
        ..existing.clone()
    };
    let mut renamed = existing.clone();
    renamed.name = "Renamed".into();
    // Insert of an id that exists fails (ConstraintError) after two good writes.
    let batch = vec![
        Change::Insert(new_account.clone().into()),
        Change::Put(renamed.into()),
        Change::Settings(Settings {
            workspace_name: "Changed".into(),
            ..ws.settings.clone()
        }),
        Change::Insert(existing.clone().into()),
    ];
    let err = db.commit(&batch).await.unwrap_err();
    assert!(matches!(err, StoreError::Write(_)), "{err:?}");
    assert!(err.to_string().contains("already exists"), "{err}");

    let loaded = db.load().await.unwrap().workspace;
    assert_eq!(loaded.accounts.len(), 1);
    assert_eq!(loaded.accounts.get(&existing.id).unwrap().name, "Existing");
    assert!(!loaded.accounts.contains(&new_account.id));
    assert_eq!(loaded.settings.workspace_name, "Atomic");

    // The database still works after the rollback.
    db.commit(&[Change::Insert(new_account.clone().into())])
        .await
        .unwrap();
    assert_eq!(db.load().await.unwrap().workspace.accounts.len(), 2);
    db.close();
    Db::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_import_that_fails_midway_leaves_the_database_unchanged() {
    let name = db_name("replace-fails");
    let mut ids = SeededIds::new(4);
    let mine = full_workspace(&mut ids);
    let mut expected = Workspace::default();
    expected.apply(mine.clone());
    let db = Db::open(&name, now()).await.unwrap();
    db.commit(&mine).await.unwrap();

    // A different workspace to import in "replace" mode, with one row in `deals`
    // that IndexedDB refuses (no key). Pipelines, reps, territories, accounts,
    // contacts and leads are cleared and rewritten before that row fails.
    let mut theirs = Workspace::default();
    theirs.apply(full_workspace(&mut SeededIds::new(99)));
    theirs.settings.workspace_name = "Imported".into();
    let rows = Replacement::encode(&theirs).unwrap();
    let order: Vec<&str> = rows.stores.iter().map(|(s, _)| *s).collect();
    let deals_at = order.iter().position(|s| *s == "deals").unwrap();
    assert!(deals_at >= 4, "other stores are written first: {order:?}");
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"name".into(), &"no id".into()).unwrap();
    rows.stores[deals_at].1.push(&bad);

    let err = db.write_replacement(rows).await.unwrap_err();
    assert!(matches!(err, StoreError::Write(_)), "{err:?}");
    let loaded = db.load().await.unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.workspace, expected, "every store as it was");

    // Reopened, it is still the old workspace; and a good replace still works.
    db.close();
    let db = Db::open(&name, now()).await.unwrap();
    assert_eq!(db.load().await.unwrap().workspace, expected);
    db.replace_all(&theirs).await.unwrap();
    assert_eq!(db.load().await.unwrap().workspace, theirs);
    // Encoded one record per chunk (as the app does for large workspaces, with a
    // progress bar), the same workspace comes back.
    db.replace_all(&expected).await.unwrap();
    let mut enc = ReplacementEncoder::new(&theirs);
    let mut steps = 0;
    while !enc.step(&theirs, 1).unwrap() {
        steps += 1;
    }
    assert_eq!(steps, Kind::ALL.len() - 1, "one record (one kind) per step");
    db.write_replacement(enc.finish(&theirs)).await.unwrap();
    assert_eq!(db.load().await.unwrap().workspace, theirs);
    db.close();
    Db::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn deletes_and_bulk_writes_in_one_transaction() {
    let name = db_name("bulk");
    let mut ids = SeededIds::new(3);
    let db = Db::open(&name, now()).await.unwrap();
    let mut ws = Workspace::default();
    let first = Workspace::first_start_changes("Bulk", || ids.next_id(), now());
    db.commit(&first).await.unwrap();
    ws.apply(first);
    let p = ws.default_pipeline().unwrap().clone();
    let deals: Vec<Change> = (0..5_000)
        .map(|i| {
            Change::Put(
                Deal {
                    id: ids.next_id(),
                    name: format!("Deal {i}"),
                    account_id: None,
                    contact_ids: vec![],
                    pipeline_id: p.id.clone(),
                    stage_id: p.stages[i % 5].id.clone(),
                    amount: Some(i as i64 * 100),
                    currency: Currency::usd(),
                    owner_id: None,
                    expected_close: None,
                    closed_on: None,
                    forecast_category: None,
                    lost_reason: None,
                    won_reason: None,
                    next_step: None,
                    next_step_due: None,
                    source_lead_id: None,
                    mrr: None,
                    external_id: None,
                    stage_history: vec![],
                    change_log: vec![],
                    created_at: now(),
                    updated_at: now(),
                }
                .into(),
            )
        })
        .collect();
    db.commit(&deals).await.unwrap();
    ws.apply(deals);
    let loaded = db.load().await.unwrap().workspace;
    assert_eq!(loaded.deals.len(), 5_000);
    let total: i64 = loaded.deals.values().filter_map(|d| d.amount).sum();
    assert_eq!(total, (0..5_000i64).map(|i| i * 100).sum::<i64>());

    let victim = ws.deals.values().next().unwrap().id.clone();
    db.commit(&ws.delete_deal_changes(&victim, now()))
        .await
        .unwrap();
    let loaded = db.load().await.unwrap().workspace;
    assert_eq!(loaded.deals.len(), 4_999);
    assert!(!loaded.deals.contains(&victim));
    db.close();
    Db::delete(&name).await.unwrap();
}

/// Values written as JS objects from JSON text.
/// Writes one row straight into `store`, as an older or newer app, or a damaged
/// profile, would have left it.
async fn put_raw(name: &str, store: &str, json: &str) {
    let raw = Rexie::builder(name).build().await.unwrap();
    let tx = raw
        .transaction(&[store], TransactionMode::ReadWrite)
        .unwrap();
    tx.store(store).unwrap().put(&js(json), None).await.unwrap();
    tx.done().await.unwrap();
    raw.close();
}

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_with_every_record_kept() {
    let name = db_name("upgrade");
    // The prototype's schema: version 1, three stores, no indexes, records without
    // timestamps and with amounts as text.
    let v1 = Rexie::builder(&name)
        .version(1)
        .add_object_store(ObjectStore::new("accounts").key_path("id"))
        .add_object_store(ObjectStore::new("deals").key_path("id"))
        .add_object_store(ObjectStore::new("meta").key_path("key"))
        .build()
        .await
        .unwrap();
    let tx = v1
        .transaction(&["accounts", "deals"], TransactionMode::ReadWrite)
        .unwrap();
    let accounts = tx.store("accounts").unwrap();
    for i in 0..3 {
        accounts
            .put(
                &js(&format!(
                    r#"{{"id":"acc-{i}","name":"Account {i}","status":"prospect"}}"#
                )),
                None,
            )
            .await
            .unwrap();
    }
    let deals = tx.store("deals").unwrap();
    deals
        .put(
            &js(r#"{"id":"deal-1","name":"Old deal","account_id":"acc-0","pipeline_id":"p1","stage_id":"s1","amount":"1,234.50"}"#),
            None,
        )
        .await
        .unwrap();
    tx.done().await.unwrap();
    v1.close();

    let db = Db::open(&name, now()).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ws = loaded.workspace;
    assert_eq!(ws.accounts.len(), 3);
    let a = ws.accounts.get(&Id::from_string("acc-2")).unwrap();
    assert_eq!(a.name, "Account 2");
    assert_eq!(a.created_at, now());
    let d = ws.deals.get(&Id::from_string("deal-1")).unwrap();
    assert_eq!(d.amount, Some(123_450));
    assert_eq!(d.stage_history.len(), 1);
    db.close();

    // The new indexes cover the old records.
    let raw = Rexie::builder(&name).build().await.unwrap();
    assert_eq!(raw.version().unwrap(), DB_VERSION);
    let tx = raw
        .transaction(&["deals"], TransactionMode::ReadOnly)
        .unwrap();
    let by_stage = tx.store("deals").unwrap().index("by_stage").unwrap();
    let found = by_stage
        .get_all(
            Some(rexie::KeyRange::only(&JsValue::from_str("s1")).unwrap()),
            None,
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    tx.done().await.unwrap();
    raw.close();

    // Opening again does not migrate twice.
    let later = now() + chrono::Duration::days(1);
    let db = Db::open(&name, later).await.unwrap();
    let ws = db.load().await.unwrap().workspace;
    assert_eq!(
        ws.accounts
            .get(&Id::from_string("acc-2"))
            .unwrap()
            .created_at,
        now()
    );
    db.close();
    Db::delete(&name).await.unwrap();
}

/// The previous release's database (schema 2, data version 1: no exchange rates, deals
/// without a change log) opens with every record kept, and each deal gains the log its
/// stage history implies.
#[wasm_bindgen_test]
async fn a_database_from_before_the_change_log_upgrades_with_every_record_kept() {
    let name = db_name("changelog");
    let mut b = Rexie::builder(&name)
        .version(2)
        .add_object_store(ObjectStore::new("meta").key_path("key"));
    for kind in Kind::ALL
        .iter()
        .filter(|k| !matches!(k, Kind::ExchangeRate | Kind::Goal | Kind::ForecastCall))
    {
        b = b.add_object_store(ObjectStore::new(kind.store_name()).key_path("id"));
    }
    b.build().await.unwrap().close();
    let mut ids = SeededIds::new(77);
    let p = Pipeline::default_sales(|| ids.next_id(), now());
    let won = p.stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
    let history = format!(
        r#"[{{"stage_id":"{}","at":"2026-01-05T09:00:00Z"}},{{"stage_id":"{}","at":"2026-03-02T16:00:00Z"}}]"#,
        p.stages[0].id, won.id
    );
    let deal = format!(
        r#"{{"id":"deal-1","name":"Old won deal","account_id":null,"contact_ids":[],"pipeline_id":"{}","stage_id":"{}","amount":500000,"currency":"USD","owner_id":null,"expected_close":"2026-03-31","closed_on":"2026-03-02","forecast_category":null,"lost_reason":null,"next_step":null,"next_step_due":null,"source_lead_id":null,"mrr":null,"stage_history":{history},"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-03-02T16:00:00Z"}}"#,
        p.id, won.id
    );
    let account = r#"{"id":"acc-1","name":"Kept as it was","domain":null,"industry":"Tools","segment":"B2B","territory_id":null,"owner_id":null,"status":"customer","customer_since":"2026-03-02","churned_on":null,"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"}"#;
    put_raw(&name, "pipelines", &serde_json::to_string(&p).unwrap()).await;
    put_raw(&name, "deals", &deal).await;
    put_raw(&name, "accounts", account).await;
    put_raw(&name, "meta", r#"{"key":"data_version","value":1}"#).await;
    put_raw(
        &name,
        "meta",
        r#"{"key":"settings","value":{"workspace_name":"Old","home_currency":"USD","fiscal_year_start_month":1,"me":null,"stalled_after_days":14,"lost_reasons":["Price"],"updated_at":null}}"#,
    )
    .await;

    let db = Db::open(&name, now()).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ws = loaded.workspace;
    assert_eq!(ws.settings.workspace_name, "Old");
    assert_eq!(ws.settings.gross_margin_pct, None);
    assert_eq!(ws.pipelines.get(&p.id), Some(&p));
    let a = ws.accounts.get(&Id::from_string("acc-1")).unwrap();
    assert_eq!(
        serde_json::to_value(a).unwrap(),
        serde_json::from_str::<serde_json::Value>(account).unwrap()
    );
    let d = ws.deals.get(&Id::from_string("deal-1")).unwrap();
    assert_eq!((d.amount, d.stage_history.len()), (Some(500_000), 2));
    let fields: Vec<&str> = d.change_log.iter().map(|c| c.field.name()).collect();
    assert_eq!(fields, ["status", "closed_on"]);
    assert_eq!(
        salesdeck::domain::deal_log::as_of(d, day(2026, 3, 1))
            .unwrap()
            .status(&ws),
        StageKind::Open
    );
    // Exchange rates can be written now.
    db.commit(&[Change::Insert(
        ExchangeRate {
            id: ids.next_id(),
            currency: Currency::new("EUR").unwrap(),
            quote: Currency::usd(),
            valid_from: day(2026, 1, 1),
            rate: Rate::parse("1.1").unwrap(),
            created_at: now(),
            updated_at: now(),
        }
        .into(),
    )])
    .await
    .unwrap();
    db.close();
    let db = Db::open(&name, now()).await.unwrap();
    let again = db.load().await.unwrap().workspace;
    assert_eq!(again.exchange_rates.len(), 1);
    assert_eq!(
        again
            .deals
            .get(&Id::from_string("deal-1"))
            .unwrap()
            .change_log
            .len(),
        2,
        "migrated once"
    );
    db.close();
    Db::delete(&name).await.unwrap();
}

/// More rows than the load worker sends in one message (20,000), and one bad row
/// last in key order: the worker and the in-page read give the same workspace, and
/// the bad row is named by its position across chunks.
#[wasm_bindgen_test]
async fn a_workspace_of_many_chunks_loads_the_same_with_and_without_the_worker() {
    let name = db_name("chunks");
    let mut ids = SeededIds::new(7);
    let db = Db::open(&name, now()).await.unwrap();
    let template = full_workspace(&mut ids)
        .iter()
        .find_map(|c| match c {
            Change::Insert(r) => <&Activity>::try_from(r).ok().cloned(),
            _ => None,
        })
        .unwrap();
    let changes: Vec<Change> = (0..25_000)
        .map(|i| {
            let subject = format!("Call {i}");
            let a = Activity {
                id: ids.next_id(),
                subject,
                ..template.clone()
            };
            Change::Insert(a.into())
        })
        .collect();
    db.commit(&changes).await.unwrap();
    db.close();
    // Ids are lowercase hex UUIDs, so this one sorts after all of them.
    put_raw(
        &name,
        "activities",
        r#"{"id":"zz-bad","kind":"call","done":"yes"}"#,
    )
    .await;

    let db = Db::open(&name, now()).await.unwrap();
    let by_worker = db.load_with_worker().await.unwrap();
    let in_page = db.load_in_page().await.unwrap();
    assert_eq!(by_worker.workspace.activities.len(), 25_000);
    assert_eq!(by_worker.workspace, in_page.workspace);
    for loaded in [&by_worker, &in_page] {
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert!(
            loaded.problems[0].starts_with("activities[25000]: "),
            "{:?}",
            loaded.problems
        );
    }
    db.close();
    Db::delete(&name).await.unwrap();
}

/// A workspace deleted from another tab while this one still holds it: the worker
/// reports the failure instead of creating an empty database under the same name.
#[wasm_bindgen_test]
async fn the_load_worker_never_creates_a_database() {
    let name = db_name("gone");
    let db = Db::open(&name, now()).await.unwrap();
    // Deleting closes this tab's connections (versionchange) and then proceeds.
    Db::delete(&name).await.unwrap();
    assert!(db.load_with_worker().await.is_err());
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let databases = js_sys::Reflect::get(&factory, &JsValue::from_str("databases"))
        .unwrap()
        .unchecked_into::<js_sys::Function>()
        .call0(&factory)
        .unwrap();
    let list = JsFuture::from(js_sys::Promise::from(databases))
        .await
        .unwrap();
    let names: Vec<String> = js_sys::Array::from(&list)
        .iter()
        .filter_map(|d| js_sys::Reflect::get(&d, &JsValue::from_str("name")).ok())
        .filter_map(|n| n.as_string())
        .collect();
    assert!(!names.contains(&name), "{names:?}");
}

/// Opens `name` at `version` with the raw API, as a newer app in another tab would.
async fn open_raw(name: &str, version: u32) -> Result<web_sys::IdbDatabase, JsValue> {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.open_with_u32(name, version)?;
    let blocked = Rc::new(Cell::new(false));
    let on_blocked = {
        let blocked = blocked.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || blocked.set(true))
    };
    req.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(done).await?;
    assert!(
        !blocked.get(),
        "the old connection must not block the upgrade"
    );
    Ok(req.result()?.unchecked_into())
}

#[wasm_bindgen_test]
async fn a_newer_version_in_another_tab_is_detected() {
    let name = db_name("versionchange");
    let db = Db::open(&name, now()).await.unwrap();
    let told = Rc::new(Cell::new(false));
    {
        let told = told.clone();
        db.on_superseded(move || told.set(true));
    }
    assert!(!db.is_superseded());

    let newer = open_raw(&name, DB_VERSION + 1).await.unwrap();
    assert!(told.get(), "the app was told to reload");
    assert!(db.is_superseded());
    let err = db
        .commit(&Workspace::first_start_changes(
            "x",
            || Id::from_string("p"),
            now(),
        ))
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Superseded);
    newer.close();
    db.close();
    Db::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn data_from_a_newer_app_is_refused_with_a_clear_error() {
    // A newer schema version.
    let name = db_name("toonew-schema");
    open_raw(&name, DB_VERSION + 5).await.unwrap().close();
    let err = Db::open(&name, now()).await.err().expect("refused");
    assert_eq!(err, StoreError::TooNew);
    assert!(err.to_string().contains("newer version of Salesdeck"));
    Db::delete(&name).await.unwrap();

    // Same schema, newer data version.
    let name = db_name("toonew-data");
    let db = Db::open(&name, now()).await.unwrap();
    db.close();
    put_raw(&name, "meta", r#"{"key":"data_version","value":99}"#).await;
    let err = Db::open(&name, now()).await.err().expect("refused");
    assert_eq!(err, StoreError::TooNew);
    Db::delete(&name).await.unwrap();
}

// A full quota, simulated at the store's boundary: IndexedDB's own `put` and `add`
// are replaced for a while, either throwing QuotaExceededError at once or (as
// Chromium does when the quota is really full) letting the request through and
// aborting the transaction at commit with `transaction.error` = QuotaExceededError.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
let saved = null;
export function refuse_writes(at_commit) {
  if (saved) return;
  const P = IDBObjectStore.prototype;
  saved = { put: P.put, add: P.add };
  const refuse = (original) => function (...args) {
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    if (!at_commit) throw full;
    const request = original.apply(this, args);
    const tx = this.transaction;
    if (!tx.__refused) {
      tx.__refused = true;
      Object.defineProperty(tx, 'error', { get: () => full, configurable: true });
      // After every request of the action was made, before the commit.
      Promise.resolve().then(() => tx.abort());
    }
    return request;
  };
  P.put = refuse(saved.put);
  P.add = refuse(saved.add);
}
export function accept_writes() {
  if (!saved) return;
  IDBObjectStore.prototype.put = saved.put;
  IDBObjectStore.prototype.add = saved.add;
  saved = null;
}
"#)]
extern "C" {
    fn refuse_writes(at_commit: bool);
    fn accept_writes();
}

#[wasm_bindgen_test]
async fn a_full_quota_is_storage_full_and_everything_saved_before_stays() {
    let name = db_name("quota");
    let mut ids = SeededIds::new(7);
    let saved = full_workspace(&mut ids);
    let mut expected = Workspace::default();
    expected.apply(saved.clone());
    let db = Db::open(&name, now()).await.unwrap();
    db.commit(&saved).await.unwrap();

    let account = Account {
        id: ids.next_id(),
        name: "Refused".into(),
        domain: None,
        industry: None,
        segment: None,
        territory_id: None,
        owner_id: None,
        status: CustomerStatus::Prospect,
        customer_since: None,
        churned_on: None,
        created_at: now(),
        updated_at: now(),
    };
    let a_deal = expected.deals.values().next().unwrap().clone();
    let mut edited = a_deal.clone();
    edited.name = "Edited while full".into();
    let mut settings = expected.settings.clone();
    settings.workspace_name = "Renamed while full".into();
    // One user action: a new record, an edit, a delete and a settings change.
    let action = vec![
        Change::Insert(account.clone().into()),
        Change::Put(edited.into()),
        Change::Delete(
            Kind::Contact,
            expected.contacts.values().next().unwrap().id.clone(),
        ),
        Change::Settings(settings),
    ];
    let mut theirs = Workspace::default();
    theirs.apply(full_workspace(&mut SeededIds::new(98)));

    for at_commit in [false, true] {
        refuse_writes(at_commit);
        let commit = db.commit(&action).await;
        // A whole-workspace replace (snapshot import, demo reset) clears every store
        // before its first put is refused.
        let replace = db.replace_all(&theirs).await;
        accept_writes();
        assert_eq!(
            commit,
            Err(StoreError::StorageFull),
            "commit, at_commit={at_commit}"
        );
        assert_eq!(
            replace,
            Err(StoreError::StorageFull),
            "replace, at_commit={at_commit}"
        );
        assert_eq!(
            db.load().await.unwrap().workspace,
            expected,
            "at_commit={at_commit}"
        );
    }
    assert!(StoreError::StorageFull
        .to_string()
        .contains("storage for this site is full"));

    // Reopened, every record saved before is there and none of the refused ones.
    db.close();
    let db = Db::open(&name, now()).await.unwrap();
    let loaded = db.load().await.unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.workspace, expected);
    assert!(!loaded.workspace.accounts.contains(&account.id));

    // With room again, the same action is saved.
    db.commit(&action).await.unwrap();
    let after = db.load().await.unwrap().workspace;
    assert_eq!(after.accounts.get(&account.id).unwrap().name, "Refused");
    assert_eq!(after.settings.workspace_name, "Renamed while full");
    db.close();
    Db::delete(&name).await.unwrap();
}
