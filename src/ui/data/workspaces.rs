//! Data › Workspaces: several local workspaces, each its own IndexedDB database.
//! Switching reloads the page, so nothing of one workspace lingers in the other.

use crate::domain::{Change, Workspace};
use crate::platform::{self, prefs};
use crate::store::registry::WorkspaceEntry;
use crate::store::{Db, StoreError};
use crate::ui::components::progress::{save_into, ProgressBar, Work, WorkSignal};
use crate::ui::components::reload::reload;
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn switch_to(state: AppState, id: &str) {
    state.registry.update(|r| r.current = id.to_string());
    prefs::save_registry(&state.registry.get_untracked());
    reload();
}

/// A copy of workspace `from` under a new name, in its own database.
async fn duplicate(
    state: AppState,
    from: WorkspaceEntry,
    work: WorkSignal,
) -> Result<String, StoreError> {
    let ws: Workspace = if state.registry.with_untracked(|r| r.current == from.id) {
        state.ws.get_untracked()
    } else {
        let db = Db::open(&from.db, platform::now()).await?;
        let loaded = db.load().await;
        db.close();
        loaded?.workspace
    };
    let mut reg = state.registry.get_untracked();
    let entry = reg
        .add_copy(&platform::new_id().to_string(), &from)
        .map_err(StoreError::Write)?;
    let name = entry.name.clone();
    let mut copy = ws;
    copy.settings.workspace_name = name.clone();
    save_into(state, &entry.db, &copy, work).await?;
    prefs::save_registry(&reg);
    state.registry.set(reg);
    Ok(name)
}

/// Writes a new workspace's first records (settings, the default pipeline) before it
/// is listed and opened: if the storage is full it is never listed and its database
/// is deleted again, instead of a workspace that cannot open.
async fn first_save(db_name: &str, name: &str) -> Result<(), StoreError> {
    let first = Workspace::first_start_changes(name, platform::new_id, platform::now());
    let written = match Db::open(db_name, platform::now()).await {
        Ok(db) => {
            let written = db.commit(&first).await;
            db.close();
            written
        }
        Err(e) => Err(e),
    };
    if written.is_err() {
        let _ = Db::delete(db_name).await;
    }
    written
}

#[component]
pub fn WorkspacesPanel() -> impl IntoView {
    let state = use_app();
    let new_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(None::<(String, String)>);
    let deleting = RwSignal::new(None::<WorkspaceEntry>);
    let work = RwSignal::new(None::<Work>);

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut reg = state.registry.get_untracked();
        match reg.add(
            &platform::new_id().to_string(),
            &new_name.get_untracked(),
            false,
        ) {
            Err(e) => error.set(Some(e)),
            Ok(entry) => {
                spawn_local(async move {
                    match first_save(&entry.db, &entry.name).await {
                        Ok(()) => {
                            state.registry.set(reg);
                            switch_to(state, &entry.id);
                        }
                        Err(e) => state.report_as("The workspace was not created", &e),
                    }
                });
            }
        }
    };
    let save_rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((id, name)) = renaming.get_untracked() else {
            return;
        };
        let mut reg = state.registry.get_untracked();
        if let Err(e) = reg.rename(&id, &name) {
            error.set(Some(e));
            return;
        }
        let is_current = reg.current == id;
        let new_name = reg.get(&id).map(|e| e.name.clone()).unwrap_or_default();
        prefs::save_registry(&reg);
        state.registry.set(reg);
        renaming.set(None);
        error.set(None);
        if is_current {
            let mut s = state.ws.with_untracked(|w| w.settings.clone());
            s.workspace_name = new_name;
            spawn_local(async move {
                if let Err(e) = state.commit(vec![Change::Settings(s)]).await {
                    state.report(&e);
                }
            });
        }
        state.notify(NoticeKind::Info, "Workspace renamed");
    };

    view! {
        <section class="card section" id="workspaces" aria-labelledby="workspaces-title">
            <h2 class="form-section-title" id="workspaces-title">"Workspaces"</h2>
            <p class="muted">"Each workspace is separate: its own deals, settings and history, stored in this browser."</p>
            <ul class="workspace-list">
                {move || {
                    let reg = state.registry.get();
                    reg.entries.clone().into_iter().map(|e| {
                        let current = e.id == reg.current;
                        let (sw, rn, dup, del) = (e.clone(), e.clone(), e.clone(), e.clone());
                        view! {
                            <li>
                                <strong>{e.name.clone()}</strong>
                                {current.then(|| view! { <span class="badge badge-won">"Open"</span> })}
                                {e.demo.then(|| view! { <span class="badge badge-prospect">"Demo"</span> })}
                                <span class="workspace-actions">
                                    {(!current).then(|| view! {
                                        <button class="btn btn-small" aria-label=format!("Switch to {}", e.name) on:click=move |_| switch_to(state, &sw.id)>"Switch"</button>
                                    })}
                                    <button class="btn btn-small" aria-label=format!("Rename {}", e.name) on:click=move |_| renaming.set(Some((rn.id.clone(), rn.name.clone())))>"Rename"</button>
                                    <button class="btn btn-small" aria-label=format!("Duplicate {}", e.name) on:click=move |_| {
                                        let from = dup.clone();
                                        spawn_local(async move {
                                            match duplicate(state, from, work).await {
                                                Ok(name) => state.notify(NoticeKind::Info, format!("Duplicated as {name}")),
                                                Err(e) => state.report_as("The workspace was not duplicated", &e),
                                            }
                                        });
                                    }>"Duplicate"</button>
                                    {(!current).then(|| view! {
                                        <button class="btn btn-small btn-ghost-danger" aria-label=format!("Delete {}", e.name) on:click=move |_| deleting.set(Some(del.clone()))>"Delete"</button>
                                    })}
                                </span>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            {move || renaming.get().map(|(_, name)| view! {
                <form class="inline-form" on:submit=save_rename aria-label="Rename a workspace">
                    <label for="rename-workspace">"New name"</label>
                    <input id="rename-workspace" prop:value=name on:input=move |ev| { let v = event_target_value(&ev); renaming.update(|r| if let Some(r) = r { r.1 = v }); }/>
                    <button type="submit" class="btn btn-small btn-primary">"Save name"</button>
                    <button type="button" class="btn btn-small" on:click=move |_| renaming.set(None)>"Cancel"</button>
                </form>
            })}
            {move || deleting.get().map(|e| {
                let name = e.name.clone();
                view! {
                    <div class="confirm" role="alertdialog" aria-labelledby="delete-ws-text">
                        <p id="delete-ws-text">{format!("Delete the workspace {name} and everything in it? This cannot be undone; export a snapshot first if you may need it.")}</p>
                        <div class="confirm-actions">
                            <button class="btn btn-danger" on:click=move |_| {
                                let mut reg = state.registry.get_untracked();
                                match reg.remove(&e.id) {
                                    Err(m) => error.set(Some(m)),
                                    Ok(removed) => {
                                        prefs::save_registry(&reg);
                                        state.registry.set(reg);
                                        deleting.set(None);
                                        spawn_local(async move {
                                            match Db::delete(&removed.db).await {
                                                Ok(()) => state.notify(NoticeKind::Info, format!("Deleted {}", removed.name)),
                                                Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                                            }
                                        });
                                    }
                                }
                            }>"Delete workspace"</button>
                            <button class="btn" on:click=move |_| deleting.set(None)>"Cancel"</button>
                        </div>
                    </div>
                }
            })}
            <form class="inline-form" on:submit=create aria-label="Create a workspace">
                <label for="new-workspace">"New workspace"</label>
                <input id="new-workspace" placeholder="Team view" prop:value=move || new_name.get() on:input=move |ev| { new_name.set(event_target_value(&ev)); error.set(None); }/>
                <button type="submit" class="btn btn-small btn-primary">"Create and open"</button>
            </form>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <ProgressBar work=work/>
        </section>
    }
}
