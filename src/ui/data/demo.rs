//! Demo data for training: a generated workspace named "Demo", the training banner
//! shown while it is open, and "Reset demo" to start a session afresh.

use crate::demo::{DemoGenerator, DemoSize};
use crate::domain::Workspace;
use crate::platform::{self, prefs};
use crate::ui::components::progress::{
    run_in_chunks, save_into, set_work, ProgressBar, Work, WorkSignal,
};
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Every demo starts from this seed, so every trainee sees the same data.
const DEMO_SEED: u64 = 2026;

/// Generates the demo in chunks, showing progress; `name` becomes the workspace name.
async fn generate(size: DemoSize, seed: u64, name: &str, work: WorkSignal) -> Workspace {
    let mut g = DemoGenerator::new(size, seed, platform::today(), platform::now());
    let mut ws = Workspace {
        settings: g.settings(),
        ..Workspace::default()
    };
    ws.settings.workspace_name = name.to_string();
    set_work(work, "Generating demo data…", Some(0.0));
    platform::yield_now().await;
    run_in_chunks(
        || match g.next_chunk() {
            Some(records) => {
                for r in records {
                    ws.put(r);
                }
                (false, g.progress())
            }
            None => (true, 1.0),
        },
        |d| set_work(work, "Generating demo data…", Some(d)),
    )
    .await;
    ws
}

async fn create_demo(state: AppState, size: DemoSize, work: WorkSignal) -> Result<(), String> {
    let mut reg = state.registry.get_untracked();
    let entry = reg.add_demo(&platform::new_id().to_string(), size.key(), DEMO_SEED);
    let ws = generate(size, DEMO_SEED, &entry.name, work).await;
    save_into(&entry.db, &ws, work).await?;
    reg.current = entry.id.clone();
    prefs::save_registry(&reg);
    state.registry.set(reg);
    crate::ui::app::reload();
    Ok(())
}

/// Data › Demo data: make a demo workspace of a chosen size.
#[component]
pub fn DemoPanel() -> impl IntoView {
    let state = use_app();
    let size = RwSignal::new(DemoSize::Small.key().to_string());
    let work = RwSignal::new(None::<Work>);
    let busy = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(s) = DemoSize::from_key(&size.get_untracked()) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            if let Err(e) = create_demo(state, s, work).await {
                work.set(None);
                busy.set(false);
                state.notify(NoticeKind::Error, format!("The demo was not created: {e}"));
            }
        });
    };
    view! {
        <section class="card section" aria-labelledby="demo-title">
            <h2 class="form-section-title" id="demo-title">"Demo data for training"</h2>
            <p class="muted">"A realistic, made-up company in its own workspace: two years of deals with stage histories, reps with different win rates, quotas, leads, activities and churn. Your own workspaces are not touched."</p>
            <form class="inline-form" on:submit=create aria-label="Create a demo workspace">
                <label for="demo-size">"Demo size"</label>
                <select id="demo-size" on:change=move |ev| size.set(event_target_value(&ev))>
                    {DemoSize::ALL.into_iter().map(|s| view! {
                        <option value=s.key() selected=move || size.get() == s.key()>{s.label()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="btn btn-small btn-primary" disabled=move || busy.get()>"Create demo workspace"</button>
            </form>
            <ProgressBar work=work/>
        </section>
    }
}

/// Shown on every page while a demo workspace is open, so nobody mistakes it for
/// real data; offers "Reset demo".
#[component]
pub fn TrainingBanner() -> impl IntoView {
    let state = use_app();
    let confirming = RwSignal::new(false);
    let work = RwSignal::new(None::<Work>);
    let busy = RwSignal::new(false);
    let current = move || state.registry.with(|r| r.current().clone());
    let reset = move |_| {
        let entry = current();
        let Some(size) = entry.demo_size.as_deref().and_then(DemoSize::from_key) else {
            state.notify(
                NoticeKind::Error,
                "This demo cannot be reset: it does not say how it was made.",
            );
            return;
        };
        confirming.set(false);
        busy.set(true);
        spawn_local(async move {
            let ws = generate(size, entry.demo_seed, &entry.name, work).await;
            let result = state.replace_in_chunks(&ws, work).await;
            if result.is_ok() {
                state.ws.set(ws);
            }
            work.set(None);
            busy.set(false);
            match result {
                Ok(()) => state.notify(NoticeKind::Info, "Demo reset: fresh demo data"),
                Err(e) => state.notify(NoticeKind::Error, format!("The demo was not reset: {e}")),
            }
        });
    };
    view! {
        <Show when=move || current().demo>
            <div class="training-banner" role="note" aria-label="Training workspace">
                <span class="training-tag">"Training"</span>
                <span>"This is a demo workspace with made-up data, for practice. Nothing here is real."</span>
                <button class="btn btn-small" disabled=move || busy.get() on:click=move |_| confirming.set(true)>"Reset demo"</button>
            </div>
            <Show when=move || confirming.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="reset-demo-text">
                    <p id="reset-demo-text">"Reset the demo? Everything changed in this workspace is replaced by fresh demo data."</p>
                    <div class="confirm-actions">
                        <button class="btn btn-danger" on:click=reset>"Reset demo data"</button>
                        <button class="btn" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            <ProgressBar work=work/>
        </Show>
    }
}
