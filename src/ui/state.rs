//! App-wide state: the in-memory workspace, the open database and notices.
//! A write goes to IndexedDB first (one transaction) and reaches memory only after it
//! committed, so the screen never shows data that was not saved.

use crate::domain::{Change, Workspace};
use crate::store::{Db, StoreError};
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    Ready,
    Failed(String),
    /// Another tab upgraded the database: this one must reload.
    Superseded,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
    /// Changes that take the action back, offered as "Undo" while the notice shows.
    pub undo: Option<Vec<Change>>,
}

/// The channel message that makes the other tabs read the workspace again.
const RELOAD: &str = "reload";

/// How a failed user action begins.
const NOT_SAVED: &str = "Nothing was saved";

/// How long "Undo" stays on screen after a delete.
const UNDO_WINDOW_MS: u64 = 8000;

#[derive(Clone, Copy)]
pub struct AppState {
    pub ws: RwSignal<Workspace>,
    pub phase: RwSignal<Phase>,
    pub notice: RwSignal<Option<Notice>>,
    /// The local workspaces; the open one is `registry.current`.
    pub registry: RwSignal<crate::store::registry::Registry>,
    db: StoredValue<Option<Rc<Db>>, LocalStorage>,
    /// Results derived from the workspace, brought up to date as it changes.
    deal_index: StoredValue<crate::analytics::deal_index::DealIndex>,
    search_cache: StoredValue<crate::analytics::search::SearchCache>,
    kpi_facts: StoredValue<crate::analytics::kpi::KpiFacts>,
    /// Activities by deal and lead, for the follow-up rules after each change.
    activity_links: StoredValue<crate::domain::automation::links::ActivityLinks>,
    forecast: StoredValue<crate::analytics::forecast::memo::ForecastCache>,
    /// The leads' facts and learned model, shared by the leads list and a lead's page.
    lead_scoring: StoredValue<crate::analytics::automation::lead_scoring::LeadScoring>,
    /// Whether the browser keeps this site's data (`None` until asked), so the export
    /// reminder and Settings follow a grant the moment it happens.
    pub persisted: RwSignal<Option<bool>>,
    /// A new build has installed and waits for the user's reload (`platform::offline`).
    pub update_ready: RwSignal<bool>,
    /// The browser refused the last write because its storage is full: what was not
    /// done ("Nothing was saved"), shown by the storage-full alert until dismissed or
    /// until a later write succeeds.
    pub storage_full: RwSignal<Option<String>>,
    /// Tells the other tabs of this workspace what each commit changed.
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Records other tabs changed, with when this tab heard (ms since the epoch).
    changed_elsewhere: StoredValue<std::collections::HashMap<crate::domain::Id, f64>>,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            ws: RwSignal::new(Workspace::default()),
            phase: RwSignal::new(Phase::Loading),
            notice: RwSignal::new(None),
            registry: RwSignal::new(crate::platform::prefs::load_registry()),
            db: StoredValue::new_local(None),
            deal_index: StoredValue::new(Default::default()),
            search_cache: StoredValue::new(Default::default()),
            kpi_facts: StoredValue::new(Default::default()),
            activity_links: StoredValue::new(Default::default()),
            forecast: StoredValue::new(Default::default()),
            lead_scoring: StoredValue::new(Default::default()),
            persisted: RwSignal::new(None),
            update_ready: RwSignal::new(false),
            storage_full: RwSignal::new(None),
            channel: StoredValue::new_local(None),
            changed_elsewhere: StoredValue::new(Default::default()),
        }
    }

    pub fn set_db(&self, db: Db) {
        let phase = self.phase;
        db.on_superseded(move || phase.set(Phase::Superseded));
        self.listen_to_other_tabs(db.name());
        self.db.set_value(Some(Rc::new(db)));
    }

    /// Joins the workspace's channel: another tab's commit arrives as its changes
    /// (`domain::wire`) and is applied to memory; "reload" (a replaced workspace) or a
    /// message that cannot be read makes this tab read the workspace from storage again.
    fn listen_to_other_tabs(&self, db_name: &str) {
        use wasm_bindgen::JsCast;
        let Ok(channel) = web_sys::BroadcastChannel::new(&format!("salesdeck:{db_name}")) else {
            return;
        };
        let state = *self;
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                let text = ev.data().as_string().unwrap_or_default();
                let decoded = (text != RELOAD)
                    .then(|| crate::domain::wire::changes_from_text(&text).ok())
                    .flatten();
                match decoded {
                    Some(changes) => state.apply_from_elsewhere(changes),
                    None => leptos::task::spawn_local(async move {
                        let Ok(db) = state.db() else { return };
                        match db.load().await {
                            Ok(loaded) => state.ws.set(loaded.workspace),
                            Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                        }
                    }),
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        self.channel.set_value(Some(channel));
    }

    fn apply_from_elsewhere(&self, changes: Vec<Change>) {
        let now = js_sys::Date::now();
        self.changed_elsewhere.update_value(|m| {
            for c in &changes {
                match c {
                    Change::Insert(r) | Change::Put(r) => {
                        m.insert(r.id().clone(), now);
                    }
                    Change::Delete(_, id) => {
                        m.insert(id.clone(), now);
                    }
                    Change::Settings(_) => {}
                }
            }
        });
        self.ws.update(|w| w.apply(changes));
    }

    /// Whether another tab changed record `id` after `since` (ms since the epoch).
    pub fn changed_elsewhere_since(&self, id: &crate::domain::Id, since: f64) -> bool {
        self.changed_elsewhere
            .with_value(|m| m.get(id).is_some_and(|t| *t >= since))
    }

    fn tell_other_tabs(&self, text: &str) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c.post_message(&wasm_bindgen::JsValue::from_str(text));
            }
        });
    }

    /// After the whole workspace was rewritten (a snapshot replace, a demo reset): the
    /// other tabs read it again from storage.
    pub fn tell_other_tabs_to_reload(&self) {
        self.tell_other_tabs(RELOAD);
    }

    /// Commits one user action, then applies it to memory. On error nothing changes.
    /// Every deal it edits gets its changes logged (`deal_log::log_edits`) first, and
    /// what automation makes of the action (playbook tasks, follow-up rules) joins the
    /// same transaction.
    pub async fn commit(self, mut changes: Vec<Change>) -> Result<(), StoreError> {
        self.ws.with_untracked(|w| {
            crate::domain::deal_log::log_edits(w, &mut changes);
            let extra = self.activity_links.try_update_value(|links| {
                links.refresh(w);
                crate::domain::automation::after_changes_with(
                    w,
                    &changes,
                    links,
                    crate::platform::new_id,
                    crate::platform::now(),
                    crate::platform::today(),
                )
            });
            changes.extend(extra.unwrap_or_default());
        });
        self.commit_as_is(changes).await
    }

    /// Commits records exactly as given, their change logs included: a merge or an
    /// imported history, which bring their own entries. User edits go through `commit`.
    pub async fn commit_as_is(self, changes: Vec<Change>) -> Result<(), StoreError> {
        let db = self.db()?;
        let first_real_record = changes
            .iter()
            .any(|c| matches!(c, Change::Insert(r) if r.kind() != crate::domain::Kind::Pipeline));
        let result = db.commit(&changes).await;
        self.note_write(&result);
        match result {
            Ok(()) => {
                self.tell_other_tabs(&crate::domain::wire::changes_to_text(&changes));
                self.ws.update(|w| w.apply(changes));
                if first_real_record {
                    ask_for_persistence_once(self.persisted);
                }
                Ok(())
            }
            Err(StoreError::Superseded) => {
                self.phase.set(Phase::Superseded);
                Err(StoreError::Superseded)
            }
            Err(e) => Err(e),
        }
    }

    /// The open database, for writes that are not one commit (replacing the whole
    /// workspace in chunks: `components::progress::replace_workspace`).
    pub fn db(&self) -> Result<Rc<Db>, StoreError> {
        self.db
            .get_value()
            .ok_or_else(|| StoreError::Unavailable("the workspace is not open".into()))
    }

    /// Reads the deal index, brought up to date with `w` first (record by record
    /// after a move or an edit; see `DealIndex`). The board and the deal list share it.
    pub fn with_deal_index<R>(
        &self,
        w: &Workspace,
        f: impl FnOnce(&crate::analytics::deal_index::DealIndex) -> R,
    ) -> Option<R> {
        self.deal_index.try_update_value(|ix| {
            ix.refresh(w);
            f(ix)
        })
    }

    /// Reads the lead scores and learned model, built again only when the leads,
    /// accounts, activities or weights changed (see `LeadScoring`).
    pub fn with_lead_scoring<R>(
        &self,
        w: &Workspace,
        f: impl FnOnce(&crate::analytics::automation::lead_scoring::LeadScoring) -> R,
    ) -> Option<R> {
        self.lead_scoring
            .try_update_value(|s| f(s.refresh(w, crate::platform::now())))
    }

    /// Reads the KPI facts, brought up to date with `w` first (record by record after
    /// an edit; see `KpiFacts`). The dashboard, review and scorecards share them.
    pub fn with_kpi_facts<R>(
        &self,
        w: &Workspace,
        f: impl FnOnce(&crate::analytics::kpi::KpiFacts) -> R,
    ) -> Option<R> {
        self.kpi_facts.try_update_value(|facts| {
            crate::platform::timed("salesdeck:kpi-facts", || facts.refresh(w));
            f(facts)
        })
    }

    /// Builds the KPI facts in idle time, a slice per turn of the browser, so the first
    /// look at the dashboard finds them ready and the board stays responsive meanwhile.
    pub fn warm_kpi_facts(self) {
        leptos::task::spawn_local(async move {
            // After the first page has drawn.
            crate::platform::yield_now().await;
            loop {
                let done = self.ws.try_with_untracked(|w| {
                    self.kpi_facts
                        .try_update_value(|f| f.build_slice(w, 5_000))
                        .unwrap_or(true)
                });
                if done.unwrap_or(true) {
                    break;
                }
                crate::platform::yield_now().await;
            }
        });
    }

    /// Runs `f` on the forecasts' context for `w`: the KPI facts and the forecast facts
    /// brought up to date (the latter rebuilt only when the data they read changed).
    pub fn with_forecast<R>(
        &self,
        w: &Workspace,
        f: impl FnOnce(&crate::analytics::forecast::engine::Ctx) -> R,
    ) -> Option<R> {
        let cache = self.forecast;
        self.with_kpi_facts(w, |facts| {
            cache.try_update_value(|c| {
                let rates = crate::domain::Rates::of(w);
                let ff = c.facts(w, facts);
                let ctx = crate::analytics::forecast::engine::Ctx {
                    ws: w,
                    facts,
                    ff,
                    rates: &rates,
                };
                f(&ctx)
            })
        })
        .flatten()
    }

    /// A finished backtest for `key`, if one is kept.
    pub fn kept_backtest(
        &self,
        key: &crate::analytics::forecast::memo::BacktestKey,
    ) -> Option<std::sync::Arc<crate::analytics::forecast::backtest::Backtest>> {
        self.forecast.with_value(|c| c.backtest(key))
    }

    pub fn keep_backtest(
        &self,
        key: crate::analytics::forecast::memo::BacktestKey,
        b: std::sync::Arc<crate::analytics::forecast::backtest::Backtest>,
    ) {
        self.forecast.update_value(|c| c.keep(key, b));
    }

    /// Stalled open deals of `w`.
    pub fn stalled_deals(
        &self,
        w: &Workspace,
        today: crate::domain::Date,
    ) -> std::collections::HashMap<crate::domain::Id, Vec<crate::analytics::stalled::StalledReason>>
    {
        self.with_deal_index(w, |ix| ix.stalled_deals(w, today))
            .unwrap_or_default()
    }

    /// Search results for the search box, from the cached index.
    pub fn search(
        &self,
        query: &str,
        per_kind: usize,
    ) -> Vec<(
        crate::analytics::search::SearchKind,
        Vec<crate::analytics::search::Hit>,
    )> {
        self.ws
            .with_untracked(|w| {
                self.search_cache
                    .try_update_value(|c| c.search(w, query, per_kind))
            })
            .unwrap_or_default()
    }

    /// Raises or clears the storage-full alert after a write: every write path (a
    /// commit, a whole-workspace replace, a new workspace's first save) passes here, so
    /// the alert shows however the caller words its own error.
    pub fn note_write(&self, result: &Result<(), StoreError>) {
        match result {
            Err(StoreError::StorageFull) => {
                if self.storage_full.get_untracked().is_none() {
                    self.storage_full.set(Some(NOT_SAVED.into()));
                }
            }
            Ok(()) => {
                if self.storage_full.get_untracked().is_some() {
                    self.storage_full.set(None);
                }
            }
            Err(_) => {}
        }
    }

    /// Shows a failed write as "Nothing was saved: …".
    pub fn report(&self, e: &StoreError) {
        self.report_as(NOT_SAVED, e);
    }

    /// Shows a failed write: a full storage is the storage-full alert, worded with
    /// `what` ("Nothing was imported") and saying what to do (no notice on top of it);
    /// any other failure is an error notice "`what`: reason".
    pub fn report_as(&self, what: &str, e: &StoreError) {
        match e {
            StoreError::StorageFull => {
                self.notice.update(|n| {
                    if n.as_ref().is_some_and(|n| n.kind == NoticeKind::Error) {
                        *n = None;
                    }
                });
                self.storage_full.set(Some(what.to_string()));
            }
            StoreError::Write(why) => self.notify(NoticeKind::Error, format!("{what}: {why}")),
            _ if what == NOT_SAVED => self.notify(NoticeKind::Error, e.to_string()),
            _ => self.notify(NoticeKind::Error, format!("{what}: {e}")),
        }
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        self.show(kind, text.into(), None);
    }

    fn show(&self, kind: NoticeKind, text: String, undo: Option<Vec<Change>>) {
        let id = js_sys::Date::now() as u64;
        let ms = if undo.is_some() { UNDO_WINDOW_MS } else { 3500 };
        self.notice.set(Some(Notice {
            id,
            kind,
            text,
            undo,
        }));
        let notice = self.notice;
        if kind == NoticeKind::Info {
            set_timeout(
                move || {
                    if notice.get_untracked().is_some_and(|n| n.id == id) {
                        notice.set(None);
                    }
                },
                std::time::Duration::from_millis(ms),
            );
        }
    }

    /// Commits a delete (with everything it cascades to) and offers "Undo" for a few
    /// seconds; undoing restores every record exactly as it was, in one transaction.
    pub async fn delete_with_undo(
        self,
        changes: Vec<Change>,
        text: String,
    ) -> Result<(), StoreError> {
        let undo = self
            .ws
            .with_untracked(|w| crate::domain::undo::inverse(w, &changes));
        self.commit(changes).await?;
        self.show(NoticeKind::Info, text, Some(undo));
        Ok(())
    }

    pub async fn undo(self, changes: Vec<Change>) {
        self.notice.set(None);
        match self.commit(changes).await {
            Ok(()) => self.notify(NoticeKind::Info, "Restored"),
            Err(e) => self.report_as("Nothing was restored", &e),
        }
    }
}

/// After the first real record, ask the browser to keep this site's data (once).
fn ask_for_persistence_once(persisted: RwSignal<Option<bool>>) {
    use crate::platform::prefs;
    if prefs::get_flag(prefs::PERSIST_ASKED) {
        return;
    }
    prefs::set_flag(prefs::PERSIST_ASKED);
    leptos::task::spawn_local(async move {
        let granted = crate::platform::request_persistence().await;
        persisted.set(Some(granted));
    });
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
