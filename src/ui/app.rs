//! The app root: opens the workspace, then renders the shell and the routes.

use super::components::layout::Shell;
use super::links::BasePath;
use super::pages;
use super::state::{AppState, Phase};
use crate::domain::Workspace;
use crate::platform;
use crate::store::Db;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let base = platform::base_path();
    provide_context(BasePath(base.clone()));

    spawn_local(async move {
        if let Err(e) = open_workspace(state).await {
            state.phase.set(Phase::Failed(e.to_string()));
        }
    });

    view! {
        <Router base=base>
            <Shell>
                <Show
                    when=move || state.phase.get() == Phase::Ready
                    fallback=move || view! { <StartupStatus/> }
                >
                    <Routes fallback=|| view! { <pages::NotFound/> }>
                        <Route path=path!("/") view=pages::deals::DealsPage/>
                        <Route path=path!("/deals") view=pages::deals::DealsPage/>
                        <Route path=path!("/deals/new") view=pages::deals::DealEditPage/>
                        <Route path=path!("/deals/:id") view=pages::deals::DealEditPage/>
                        <Route path=path!("/accounts") view=pages::accounts::AccountsPage/>
                        <Route path=path!("/accounts/new") view=pages::accounts::AccountEditPage/>
                        <Route path=path!("/accounts/:id") view=pages::accounts::AccountEditPage/>
                        <Route path=path!("/settings") view=pages::settings::SettingsPage/>
                        <Route path=path!("/pipeline") view=pages::pipeline::PipelinePage/>
                        <Route path=path!("/leads") view=pages::leads::LeadsPage/>
                        <Route path=path!("/leads/new") view=pages::leads::LeadEditPage/>
                        <Route path=path!("/leads/:id") view=pages::leads::LeadEditPage/>
                        <Route path=path!("/contacts") view=pages::contacts::ContactsPage/>
                        <Route path=path!("/contacts/new") view=pages::contacts::ContactEditPage/>
                        <Route path=path!("/contacts/:id") view=pages::contacts::ContactEditPage/>
                        <Route path=path!("/activities") view=pages::activities::ActivitiesPage/>
                        <Route path=path!("/my-day") view=pages::activities::MyDayPage/>
                        <Route path=path!("/dashboard") view=|| pages::coming_soon("dashboard")/>
                        <Route path=path!("/forecast") view=|| pages::coming_soon("forecast")/>
                        <Route path=path!("/team") view=pages::team::TeamPage/>
                        <Route path=path!("/data") view=pages::data::DataPage/>
                        <Route path=path!("/data/csv") view=pages::csv_import::CsvImportPage/>
                    </Routes>
                </Show>
            </Shell>
        </Router>
    }
}

/// Opens IndexedDB, reads everything into memory and, on first start, creates the
/// workspace's settings and default pipeline.
async fn open_workspace(state: AppState) -> Result<(), crate::store::StoreError> {
    let entry = state.registry.with_untracked(|r| r.current().clone());
    platform::prefs::save_registry(&state.registry.get_untracked());
    let db = Db::open(&entry.db, platform::now()).await?;
    let loaded = db.load().await?;
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
        state
            .commit(vec![crate::domain::Change::Settings(s)])
            .await?;
    }
    if !loaded.problems.is_empty() {
        state.notify(
            super::state::NoticeKind::Error,
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
    Ok(())
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

pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
