//! The open database: load with `getAll`, one transaction per user action.

use super::codec::{array_to_json, js_message, to_js, value_to_json};
use super::load_worker::{LoadWorker, Message};
use super::schema::{self, all_store_names, META_STORE};
use super::watcher::VersionWatcher;
use super::StoreError;
use crate::domain::{Change, Kind, Settings, Timestamp, Workspace};
use crate::snapshot::cursor::RecordCursor;
use crate::snapshot::json_rows::ArrayRows;
use crate::snapshot::migrate::{changes_store, migrate_record, reads_store, Context, DATA_VERSION};
use rexie::{Rexie, Transaction, TransactionMode};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};

const SETTINGS_KEY: &str = "settings";
const DATA_VERSION_KEY: &str = "data_version";

pub struct Db {
    rexie: Rexie,
    name: String,
    watcher: VersionWatcher,
}

/// A whole workspace encoded for IndexedDB: the rows of every store, settings and
/// data version included. Encoding happens before the transaction opens, because
/// awaiting anything but a request would end the transaction early.
pub struct Replacement {
    pub stores: Vec<(&'static str, js_sys::Array)>,
}

impl Replacement {
    /// The whole workspace at once (small workspaces and tests).
    pub fn encode(ws: &Workspace) -> Result<Replacement, StoreError> {
        let mut e = ReplacementEncoder::new(ws);
        while !e.step(ws, usize::MAX)? {}
        Ok(e.finish(ws))
    }
}

/// Encodes a workspace for `write_replacement` a chunk of records at a time, so a
/// large one is prepared with a progress bar instead of freezing the page.
pub struct ReplacementEncoder {
    stores: Vec<(&'static str, js_sys::Array)>,
    cursor: RecordCursor,
    buf: Vec<u8>,
}

impl ReplacementEncoder {
    pub fn new(ws: &Workspace) -> Self {
        ReplacementEncoder {
            stores: Vec::new(),
            cursor: RecordCursor::new(ws),
            buf: Vec::new(),
        }
    }

    pub fn progress(&self) -> f32 {
        self.cursor.progress()
    }

    /// Encodes up to `budget` records (one kind at most); true once every kind is done.
    pub fn step(&mut self, ws: &Workspace, budget: usize) -> Result<bool, StoreError> {
        let Some(batch) = self.cursor.next(ws, budget) else {
            return Ok(true);
        };
        if batch.first {
            self.stores
                .push((batch.kind.store_name(), js_sys::Array::new()));
        }
        self.buf.clear();
        self.buf.push(b'[');
        self.cursor.write(ws, &batch, &mut self.buf, b",", false);
        self.buf.push(b']');
        let text = std::str::from_utf8(&self.buf).expect("serde_json writes UTF-8");
        let chunk = js_sys::JSON::parse(text)
            .map_err(|e| StoreError::Write(super::codec::js_message(&e)))?;
        let target = &self
            .stores
            .last()
            .expect("pushed at the kind's first batch")
            .1;
        // One `push(...chunk)` call instead of one call per record.
        let push: js_sys::Function = js_sys::Reflect::get(target, &"push".into())
            .map_err(|e| StoreError::Write(super::codec::js_message(&e)))?
            .unchecked_into();
        push.apply(target, chunk.unchecked_ref())
            .map_err(|e| StoreError::Write(super::codec::js_message(&e)))?;
        Ok(batch.last && batch.kind == *Kind::ALL.last().expect("kinds"))
    }

    /// The encoded rows plus settings and the data version.
    pub fn finish(mut self, ws: &Workspace) -> Replacement {
        let meta: js_sys::Array = to_js(&json!([
            { "key": SETTINGS_KEY, "value": ws.settings },
            { "key": DATA_VERSION_KEY, "value": DATA_VERSION },
        ]))
        .expect("settings encode")
        .into();
        self.stores.push((META_STORE, meta));
        Replacement {
            stores: self.stores,
        }
    }
}

/// What `load` found.
pub struct Loaded {
    pub workspace: Workspace,
    /// No settings yet: a brand-new workspace that needs its first-start records.
    pub is_new: bool,
    /// Records that could not be read (skipped), by store and position.
    pub problems: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpKind {
    Insert,
    Put,
    Delete,
}

/// Consecutive writes of one kind to one store: sent together, last one awaited.
struct Group {
    store: &'static str,
    op: OpKind,
    values: Vec<JsValue>,
}

fn write_error(e: rexie::Error) -> StoreError {
    let msg = super::codec::rexie_message(&e);
    if msg.contains("QuotaExceededError") {
        StoreError::StorageFull
    } else {
        StoreError::Write(msg)
    }
}

fn read_error(e: rexie::Error) -> StoreError {
    StoreError::Read(super::codec::rexie_message(&e))
}

impl Db {
    /// Opens (creating or upgrading) the database `name` and brings its data to the
    /// current data version.
    pub async fn open(name: &str, now: Timestamp) -> Result<Db, StoreError> {
        let rexie = schema::builder(name).build().await.map_err(|e| {
            let msg = super::codec::rexie_message(&e);
            if msg.contains("VersionError") || msg.contains("less than the existing version") {
                StoreError::TooNew
            } else if msg.contains("QuotaExceededError") {
                StoreError::StorageFull
            } else {
                StoreError::Unavailable(msg)
            }
        })?;
        let watcher = VersionWatcher::open(name)
            .await
            .map_err(StoreError::Unavailable)?;
        let db = Db {
            rexie,
            name: name.to_string(),
            watcher,
        };
        // A connection left open (rexie does not close on drop) would block other
        // tabs and deleteDatabase: close it on every error path.
        if let Err(e) = db.migrate_data(now).await {
            db.close();
            return Err(e);
        }
        Ok(db)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Calls `f` once if another tab upgrades the database; this connection is closed
    /// by then and the page must reload.
    pub fn on_superseded(&self, f: impl Fn() + 'static) {
        self.watcher.on_superseded(f);
    }

    pub fn is_superseded(&self) -> bool {
        self.watcher.is_superseded()
    }

    pub fn close(mut self) {
        self.watcher.close();
        self.rexie.close();
    }

    /// Deletes a whole database (a workspace). Resolves once no tab holds it open.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Rexie::delete(name).await.map_err(write_error)
    }

    /// Runs data migrations in one transaction: records are read, migrated in memory
    /// and written back, then the data version is stamped; all or nothing.
    async fn migrate_data(&self, now: Timestamp) -> Result<(), StoreError> {
        let names = all_store_names();
        let tx = self
            .rexie
            .transaction(&names, TransactionMode::ReadWrite)
            .map_err(write_error)?;
        let result = self.migrate_in(&tx, now).await;
        let brand_new = matches!(result, Ok(true));
        finish(tx, result.map(|_| ())).await?;
        if brand_new {
            // Through rexie a commit refused for a full quota reads as a bare
            // rollback; `write_tx` reads the transaction's own error.
            let version = to_js(&json!({ "key": DATA_VERSION_KEY, "value": DATA_VERSION }))?;
            self.write_tx(&[META_STORE], |tx| {
                tx.object_store(META_STORE)?.put(&version)?;
                Ok(())
            })
            .await?;
        }
        Ok(())
    }

    /// Brings the records to the current data version; `Ok(true)` for a brand-new
    /// database, whose version the caller stamps.
    async fn migrate_in(&self, tx: &Transaction, now: Timestamp) -> Result<bool, StoreError> {
        let meta = tx.store(META_STORE).map_err(write_error)?;
        let found = meta
            .get(JsValue::from_str(DATA_VERSION_KEY))
            .await
            .map_err(read_error)?
            .and_then(|v| js_sys::Reflect::get(&v, &JsValue::from_str("value")).ok())
            .and_then(|v| v.as_f64())
            .map(|v| v as u32);
        match found {
            Some(v) if v == DATA_VERSION => return Ok(false),
            Some(v) if v > DATA_VERSION => return Err(StoreError::TooNew),
            _ => {}
        }
        let from = found.unwrap_or(0);
        let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        // Kinds go in `Kind::ALL` order, pipelines first: the deals' migration needs
        // their stages.
        let mut ctx = Context::new(&stamp);
        let mut found_rows = false;
        for kind in Kind::ALL {
            if !reads_store(kind.store_name(), from) {
                continue;
            }
            let store = tx.store(kind.store_name()).map_err(write_error)?;
            let values = store.get_all(None, None).await.map_err(read_error)?;
            if values.is_empty() {
                continue;
            }
            found_rows = true;
            let rows: Vec<Value> = serde_json::from_str(&array_to_json(&values)?)
                .map_err(|e| StoreError::Read(e.to_string()))?;
            let migrated: Vec<Value> = rows
                .into_iter()
                .map(|r| {
                    let r = migrate_record(kind.store_name(), from, r, &ctx);
                    ctx.learn(kind.store_name(), &r);
                    r
                })
                .collect();
            if !changes_store(kind.store_name(), from) {
                continue;
            }
            let arr: js_sys::Array = to_js(&migrated)?.into();
            store
                .put_all(arr.iter().map(|v| (v, None)))
                .await
                .map_err(write_error)?;
        }
        if found.is_none() && !found_rows {
            // A brand-new database: nothing to migrate; `migrate_data` stamps the
            // version through `write_tx`, where a full quota is named as such.
            return Ok(true);
        }
        let version = to_js(&json!({ "key": DATA_VERSION_KEY, "value": DATA_VERSION }))?;
        meta.put(&version, None).await.map_err(write_error)?;
        Ok(false)
    }

    /// Reads the whole workspace in one read transaction, each chunk of rows decoded as
    /// soon as it arrives. Rows cross into wasm as JSON text, stringified in JS a whole
    /// chunk at a time: rexie would hand over every row as its own value (two boundary
    /// crossings and a drop per row, 370,000 rows in a large workspace). A worker reads
    /// and stringifies beside the page; if it cannot run, the page does it itself.
    pub async fn load(&self) -> Result<Loaded, StoreError> {
        match self.load_with_worker().await {
            Ok(loaded) => Ok(loaded),
            Err(e) => {
                let note = format!("Reading in the page instead of a worker: {e}");
                web_sys::console::warn_1(&note.into());
                self.load_in_page().await
            }
        }
    }

    /// `load` through the worker only (public for the browser tests).
    #[doc(hidden)]
    pub async fn load_with_worker(&self) -> Result<Loaded, StoreError> {
        let worker = LoadWorker::start(&self.name, &all_store_names())
            .map_err(|e| StoreError::Read(js_message(&e)))?;
        load_through(worker).await
    }

    /// `load` without a worker: every store's `getAll` issued at once in one
    /// transaction (public for the browser tests).
    #[doc(hidden)]
    pub async fn load_in_page(&self) -> Result<Loaded, StoreError> {
        let raw = self.watcher.database().ok_or(StoreError::Superseded)?;
        let names = all_store_names();
        let list: js_sys::Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let tx = raw
            .transaction_with_str_sequence(&list)
            .map_err(|e| StoreError::Read(js_message(&e)))?;
        let mut pending = Vec::with_capacity(names.len());
        for name in &names {
            let request = tx
                .object_store(name)
                .and_then(|s| s.get_all())
                .map_err(|e| StoreError::Read(js_message(&e)))?;
            // Handlers go on every request now: one that succeeds while an earlier
            // store is being decoded must not fire unheard.
            let done = js_sys::Promise::new(&mut |resolve, reject| {
                request.set_onsuccess(Some(&resolve));
                request.set_onerror(Some(&reject));
            });
            pending.push((name, request, wasm_bindgen_futures::JsFuture::from(done)));
        }
        let mut decoder = LoadDecoder::default();
        for (name, request, done) in pending {
            done.await.map_err(|e| StoreError::Read(js_message(&e)))?;
            let rows = request
                .result()
                .map_err(|e| StoreError::Read(js_message(&e)))?;
            if rows.unchecked_ref::<js_sys::Array>().length() > 0 {
                decoder.feed(name, value_to_json(&rows)?.as_bytes())?;
            }
        }
        Ok(decoder.finish())
    }

    /// Replaces the whole workspace (importing a snapshot in "replace" mode): every
    /// store is cleared and rewritten in one transaction, so a failure, or the tab
    /// closing midway, leaves the old workspace exactly as it was.
    pub async fn replace_all(&self, ws: &Workspace) -> Result<(), StoreError> {
        let rows = Replacement::encode(ws)?;
        self.write_replacement(rows).await
    }

    /// Clears every store and writes `rows`, in one transaction: if any write fails
    /// (or the tab closes midway) the browser rolls back and the old data stays.
    pub async fn write_replacement(&self, rows: Replacement) -> Result<(), StoreError> {
        if self.is_superseded() {
            return Err(StoreError::Superseded);
        }
        let names = all_store_names();
        self.write_tx(&names, |tx| {
            for (name, rows) in &rows.stores {
                let store = tx.object_store(name)?;
                store.clear()?;
                for row in rows.iter() {
                    store.put(&row)?;
                }
            }
            Ok(())
        })
        .await
    }

    /// Commits one user action: every change in one read-write transaction, all or
    /// nothing. On error the transaction is aborted and nothing is written.
    pub async fn commit(&self, changes: &[Change]) -> Result<(), StoreError> {
        if self.is_superseded() {
            return Err(StoreError::Superseded);
        }
        if changes.is_empty() {
            return Ok(());
        }
        // Encode first: awaiting anything but an IndexedDB request would end the
        // transaction early.
        let groups = encode(changes)?;
        let mut names: Vec<&str> = groups.iter().map(|g| g.store).collect();
        names.sort_unstable();
        names.dedup();
        self.write_tx(&names, |tx| {
            for g in &groups {
                let store = tx.object_store(g.store)?;
                for v in &g.values {
                    match g.op {
                        OpKind::Put => store.put(v)?,
                        OpKind::Insert => store.add(v)?,
                        OpKind::Delete => store.delete(v)?,
                    };
                }
            }
            Ok(())
        })
        .await
    }

    /// One read-write transaction on the listening connection: `issue` makes every
    /// request at once (nothing is awaited in between), then the transaction's own
    /// outcome decides. A full quota is reported only that way: Chromium aborts the
    /// transaction at commit with `transaction.error` = QuotaExceededError and no
    /// request fails, which rexie reports as a bare "aborted".
    async fn write_tx(
        &self,
        names: &[&str],
        issue: impl FnOnce(&web_sys::IdbTransaction) -> Result<(), JsValue>,
    ) -> Result<(), StoreError> {
        let raw = self.watcher.database().ok_or(StoreError::Superseded)?;
        let list: js_sys::Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let tx = raw
            .transaction_with_str_sequence_and_mode(&list, web_sys::IdbTransactionMode::Readwrite)
            .map_err(|e| refused(&e))?;
        let outcome = js_sys::Promise::new(&mut |resolve, reject| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onabort(Some(&reject));
        });
        let issued = issue(&tx);
        if issued.is_err() {
            // A request the browser refused at once (a row without a key, a full
            // quota reported early): take back the ones already made.
            let _ = tx.abort();
        }
        let settled = wasm_bindgen_futures::JsFuture::from(outcome).await;
        tx.set_oncomplete(None);
        tx.set_onabort(None);
        match (issued, settled) {
            // A request refused because the transaction already ended: its reason wins.
            (Err(e), _) => Err(match tx.error() {
                Some(d) if d.name() != "AbortError" => explain(&d.name(), &d.message()),
                _ => refused(&e),
            }),
            (Ok(()), Ok(_)) => Ok(()),
            (Ok(()), Err(_)) => Err(match tx.error() {
                Some(d) => explain(&d.name(), &d.message()),
                None => StoreError::Write("the browser rolled the change back".into()),
            }),
        }
    }
}

/// Commits when `result` is Ok, aborts otherwise; never reports success for a
/// transaction the browser rolled back (the data migration at open runs through rexie).
async fn finish(tx: Transaction, result: Result<(), StoreError>) -> Result<(), StoreError> {
    match result {
        Ok(()) => match tx.done().await {
            Ok(r) if r.is_committed() => Ok(()),
            Ok(_) => Err(StoreError::Write(
                "the browser rolled the change back".into(),
            )),
            Err(e) => Err(write_error(e)),
        },
        Err(e) => {
            // Already aborted by the failed request in most cases; abort() then fails fast.
            let _ = tx.abort().await;
            Err(e)
        }
    }
}

/// A refused write, by the DOMException's name.
fn explain(name: &str, message: &str) -> StoreError {
    match name {
        "QuotaExceededError" => StoreError::StorageFull,
        "ConstraintError" => StoreError::Write("a record with the same id already exists".into()),
        _ if message.is_empty() => StoreError::Write(name.to_string()),
        _ => StoreError::Write(message.to_string()),
    }
}

/// A JS exception thrown by a request or by opening the transaction.
fn refused(e: &JsValue) -> StoreError {
    let name = js_sys::Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    explain(&name, &js_message(e))
}

/// Turns changes into groups; each group's records are parsed by one `JSON.parse`.
fn encode(changes: &[Change]) -> Result<Vec<Group>, StoreError> {
    struct Pending {
        store: &'static str,
        op: OpKind,
        json: Vec<u8>,
        keys: Vec<JsValue>,
    }
    let mut pending: Vec<Pending> = Vec::new();
    for change in changes {
        let (store, op) = match change {
            Change::Insert(r) => (r.kind().store_name(), OpKind::Insert),
            Change::Put(r) => (r.kind().store_name(), OpKind::Put),
            Change::Delete(k, _) => (k.store_name(), OpKind::Delete),
            Change::Settings(_) => (META_STORE, OpKind::Put),
        };
        let same = pending
            .last()
            .is_some_and(|p| p.store == store && p.op == op);
        if !same {
            pending.push(Pending {
                store,
                op,
                json: b"[".to_vec(),
                keys: Vec::new(),
            });
        }
        let p = pending.last_mut().expect("just pushed");
        match change {
            Change::Insert(r) | Change::Put(r) => {
                if p.json.len() > 1 {
                    p.json.push(b',');
                }
                r.write_json(&mut p.json);
            }
            Change::Settings(s) => {
                if p.json.len() > 1 {
                    p.json.push(b',');
                }
                serde_json::to_writer(&mut p.json, &json!({ "key": SETTINGS_KEY, "value": s }))
                    .map_err(|e| StoreError::Write(e.to_string()))?;
            }
            Change::Delete(_, id) => p.keys.push(JsValue::from_str(&id.as_str())),
        }
    }
    pending
        .into_iter()
        .map(|mut p| {
            let values = if p.op == OpKind::Delete {
                p.keys
            } else {
                p.json.push(b']');
                let text = String::from_utf8(p.json).expect("serde_json writes UTF-8");
                let arr: js_sys::Array = js_sys::JSON::parse(&text)
                    .map_err(|e| StoreError::Write(js_message(&e)))?
                    .into();
                arr.iter().collect()
            };
            Ok(Group {
                store: p.store,
                op: p.op,
                values,
            })
        })
        .collect()
}

/// Reads through the worker; on a failure the partial workspace is dropped.
async fn load_through(mut worker: LoadWorker) -> Result<Loaded, StoreError> {
    let mut decoder = LoadDecoder::default();
    loop {
        match worker.next().await {
            Message::Rows { store, json } => decoder.feed(&store, &json.to_vec())?,
            Message::Count { store, count } => decoder.expect(&store, count as usize),
            Message::Done => return Ok(decoder.finish()),
            Message::Failed(e) => return Err(StoreError::Read(e)),
        }
    }
}

/// Builds the workspace from chunks of rows (JSON arrays), in any order of stores.
/// A row that does not fit the current types is skipped and reported rather than
/// making the whole workspace unreadable.
#[derive(Default)]
struct LoadDecoder {
    ws: Workspace,
    has_settings: bool,
    problems: Vec<String>,
    /// Rows seen so far per kind (`Kind::ALL` order), to name a bad row's position.
    seen: [usize; Kind::ALL.len()],
}

impl LoadDecoder {
    fn expect(&mut self, store: &str, n: usize) {
        if let Some(kind) = Kind::from_store_name(store) {
            self.ws.reserve(kind, n);
        }
    }

    fn feed(&mut self, store: &str, json: &[u8]) -> Result<(), StoreError> {
        let unreadable = |e: &dyn std::fmt::Display| StoreError::Read(format!("{store}: {e}"));
        if store == META_STORE {
            let rows: Vec<Value> = serde_json::from_slice(json).map_err(|e| unreadable(&e))?;
            for row in rows.into_iter().filter(|r| r["key"] == SETTINGS_KEY) {
                match Settings::deserialize(&row["value"]) {
                    Ok(s) => {
                        self.ws.settings = s;
                        self.has_settings = true;
                    }
                    Err(e) => self.problems.push(format!("settings: {e}")),
                }
            }
            return Ok(());
        }
        let kind = Kind::from_store_name(store).ok_or_else(|| unreadable(&"not a record type"))?;
        let slot = Kind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_default();
        let first = self.seen[slot];
        if let Ok(n) = self.ws.extend_from_json(kind, json) {
            self.seen[slot] += n;
            return Ok(());
        }
        let text = std::str::from_utf8(json).map_err(|e| unreadable(&e))?;
        let mut rows =
            ArrayRows::new(text, 0, text.len()).ok_or_else(|| unreadable(&"not a list"))?;
        let mut i = first;
        while let Some((a, b)) = rows.next_range(text) {
            let one = format!("[{}]", &text[a..b]);
            if let Err(e) = self.ws.extend_from_json(kind, one.as_bytes()) {
                self.problems.push(format!("{store}[{i}]: {e}"));
            }
            i += 1;
        }
        self.seen[slot] = i;
        Ok(())
    }

    fn finish(self) -> Loaded {
        Loaded {
            workspace: self.ws,
            is_new: !self.has_settings,
            problems: self.problems,
        }
    }
}
