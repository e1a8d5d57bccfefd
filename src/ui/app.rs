//! The app root: opens the workspace (start-up and its failures), then renders the
//! shell and the routes from the route table (`routes.rs`).

use super::components::layout::{NotFound, Shell};
use super::components::reload::reload;
use super::links::BasePath;
use super::routes;
use super::state::{AppState, NoticeKind, Phase};
use crate::domain::Workspace;
use crate::platform;
use crate::store::Db;
use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Router, Routes, RoutesProps};

#[component]
pub fn App() -> impl IntoView {
    // Every stored moment becomes the user's calendar day through this zone.
    crate::domain::time::set_local_tz(platform::local_tz());
    let state = AppState::new();
    provide_context(state);
    // Light or dark before the first paint of the shell.
    super::components::theme::ThemeState::provide();
    let base = platform::base_path();
    provide_context(BasePath(base.clone()));
    // True while the router waits for a page's wasm piece: the page showing goes inert
    // and a bar says the next one is loading (components::layout::Shell).
    let (routing, set_routing) = signal(false);
    provide_context(super::components::layout::Routing(routing));
    let update_ready = state.update_ready;
    platform::offline::register(move || update_ready.set(true));
    follow_workspace_list(state);

    spawn_local(async move {
        if let Err(e) = open_workspace(state).await {
            state.phase.set(Phase::Failed(e.to_string()));
        }
    });

    view! {
        <Router base=base set_is_routing=set_routing>
            <Shell nav=routes::nav()>
                <Show
                    when=move || state.phase.get() == Phase::Ready
                    fallback=move || view! { <StartupStatus/> }
                >
                    {Routes(
                        RoutesProps::builder()
                            .fallback(|| view! { <NotFound/> })
                            .children(ToChildren::to_children(routes::routes))
                            .build(),
                    )}
                </Show>
            </Shell>
        </Router>
    }
}

/// Opens IndexedDB, reads everything into memory and, on first start, creates the
/// workspace's settings and default pipeline.
async fn open_workspace(state: AppState) -> Result<(), crate::store::StoreError> {
    platform::mark("salesdeck:start");
    let entry = state.registry.with_untracked(|r| r.current().clone());
    platform::prefs::save_registry(&state.registry.get_untracked());
    let db = Db::open(&entry.db, platform::now()).await?;
    platform::mark("salesdeck:db-open");
    // The first page's piece comes while the workspace loads (see routes::preload_page_at).
    let first_page = platform::location_path();
    let (loaded, ()) = futures::join!(db.load(), routes::preload_page_at(&first_page));
    let loaded = loaded?;
    platform::mark("salesdeck:loaded");
    state.ws.set(loaded.workspace);
    state.set_db(db);
    if loaded.is_new {
        let changes =
            Workspace::first_start_changes(&entry.name, platform::new_id, platform::now());
        state.commit(changes).await?;
    } else if state
        .ws
        .with_untracked(|w| w.settings.workspace_name != entry.name)
    {
        // Renamed while closed: the list's name wins.
        let mut s = state.ws.with_untracked(|w| w.settings.clone());
        s.workspace_name = entry.name.clone();
        let renamed = state.commit(vec![crate::domain::Change::Settings(s)]).await;
        open_anyway(state, "The workspace's new name was not saved", renamed)?;
    }
    // The follow-up rules catch up with the time that passed while the app was closed.
    let caught_up = state.ws.with_untracked(|w| {
        crate::domain::automation::on_open(w, platform::new_id, platform::now(), platform::today())
    });
    if !caught_up.is_empty() {
        let written = state.commit_as_is(caught_up).await;
        open_anyway(
            state,
            "Follow-up tasks were not brought up to date",
            written,
        )?;
    }
    if !loaded.problems.is_empty() {
        state.notify(
            NoticeKind::Error,
            format!(
                "{} record(s) could not be read and were skipped: {}",
                loaded.problems.len(),
                loaded.problems.join("; ")
            ),
        );
    }
    if state.phase.get_untracked() == Phase::Loading {
        state.phase.set(Phase::Ready);
    }
    // Once a week, what every forecast method says is stored, to be compared with what
    // closes (`analytics::forecast::snapshots`).
    super::forecast::take_weekly_snapshot(state);
    state.warm_kpi_facts();
    leptos::task::spawn_local(super::routes::prefetch_analyze_pages());
    Ok(())
}

/// A write made while opening that can wait: with the storage full the workspace still
/// opens (with the storage-full alert), so the user can export or delete to make room.
fn open_anyway(
    state: AppState,
    what: &str,
    written: Result<(), crate::store::StoreError>,
) -> Result<(), crate::store::StoreError> {
    match written {
        Err(e @ crate::store::StoreError::StorageFull) => {
            state.report_as(what, &e);
            Ok(())
        }
        other => other,
    }
}

/// Another tab changed the workspace list (localStorage fires `storage` in the other
/// tabs): a new or renamed workspace shows here at once; when the open workspace is no
/// longer the current one (switched to another, or deleted), this tab follows.
fn follow_workspace_list(state: AppState) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let opened = state.registry.with_untracked(|r| r.current().db.clone());
    let on_storage = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::StorageEvent)>::new(
        move |ev: web_sys::StorageEvent| {
            if ev.key().as_deref() != Some(platform::prefs::WORKSPACES) {
                return;
            }
            let list = platform::prefs::load_registry();
            if list.current().db != opened {
                reload();
            } else {
                state.registry.set(list);
            }
        },
    );
    let _ = window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
    on_storage.forget();
}

#[component]
fn StartupStatus() -> impl IntoView {
    let state = super::state::use_app();
    move || match state.phase.get() {
        Phase::Loading | Phase::Ready => view! {
            <div class="startup" role="status">
                <div class="spinner" aria-hidden="true"></div>
                <p>"Opening your workspace…"</p>
            </div>
        }
        .into_any(),
        Phase::Failed(msg) => view! {
            <div class="startup startup-error" role="alert">
                <h1>"Salesdeck could not open your workspace"</h1>
                <p>{msg}</p>
                <button class="btn btn-primary" on:click=|_| reload()>"Reload"</button>
            </div>
        }
        .into_any(),
        Phase::Superseded => view! { <SupersededNotice/> }.into_any(),
    }
}

#[component]
pub fn SupersededNotice() -> impl IntoView {
    view! {
        <div class="startup" role="alert">
            <h1>"Salesdeck was updated in another tab"</h1>
            <p>"This tab is using an older version of your data. Reload it to continue; nothing you saved is lost."</p>
            <button class="btn btn-primary" on:click=|_| reload()>"Reload"</button>
        </div>
    }
}
