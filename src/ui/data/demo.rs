//! Data › Demo data for training: a generated workspace named "Demo" of a chosen size,
//! the same for every trainee (fixed seed). The banner and "Reset demo" are in
//! `components::training`.

use crate::demo::DemoSize;
use crate::platform::{self, prefs};
use crate::ui::components::progress::{save_into, ProgressBar, Work, WorkSignal};
use crate::ui::components::reload::reload;
use crate::ui::components::training::{generate_demo, GENERATOR_MISSING};
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Every demo starts from this seed, so every trainee sees the same data.
const DEMO_SEED: u64 = 2026;

async fn create_demo(
    state: AppState,
    size: DemoSize,
    work: WorkSignal,
) -> Result<(), Option<crate::store::StoreError>> {
    let mut reg = state.registry.get_untracked();
    let entry = reg.add_demo(&platform::new_id().to_string(), size.key(), DEMO_SEED);
    // `None`: the generator could not be fetched; the registry is not saved yet.
    let ws = generate_demo(size, DEMO_SEED, entry.name.clone(), work)
        .await
        .ok_or(None)?;
    save_into(state, &entry.db, &ws, work).await?;
    reg.current = entry.id.clone();
    prefs::save_registry(&reg);
    state.registry.set(reg);
    reload();
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
                match e {
                    Some(e) => state.report_as("The demo was not created", &e),
                    None => state.notify(NoticeKind::Error, GENERATOR_MISSING),
                }
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
