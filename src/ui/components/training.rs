//! The training banner shown on every page while a demo workspace is open (so nobody
//! mistakes it for real data), with "Reset demo"; and the chunked demo generator that
//! Data › Demo data uses too.

use crate::demo::{DemoGenerator, DemoSize};
use crate::domain::Workspace;
use crate::platform;
use crate::ui::components::progress::{
    replace_workspace, run_in_chunks, set_work, ProgressBar, Work, WorkSignal,
};
use crate::ui::components::split::split_fn;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;

/// Said when the generator's piece cannot be fetched.
pub const GENERATOR_MISSING: &str = "The demo generator could not be downloaded: you may be offline. Nothing was changed; try again when you are connected.";

/// Generates the demo in chunks, showing progress; `name` becomes the workspace name.
/// `None` when the generator's wasm piece could not be fetched (nothing was changed).
pub async fn generate_demo(
    size: DemoSize,
    seed: u64,
    name: String,
    work: WorkSignal,
) -> Option<Workspace> {
    Some(demo_generator(size, seed, name, work).await.ok()?.await)
}

type LocalFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

split_fn! {
    #[split(demo_generator)]
    /// A split point: the generator is its own wasm piece, fetched on first use (the
    /// banner is on every page, the generator rarely runs).
    fn demo_generator(
        size: DemoSize,
        seed: u64,
        name: String,
        work: WorkSignal,
    ) -> Result<LocalFuture<Workspace>, SplitLoaderError> {
        Ok(Box::pin(generate(size, seed, name, work)))
    }
}

async fn generate(size: DemoSize, seed: u64, name: String, work: WorkSignal) -> Workspace {
    let mut g = DemoGenerator::new(size, seed, platform::today(), platform::now());
    let mut ws = Workspace {
        settings: g.settings(),
        ..Workspace::default()
    };
    ws.settings.workspace_name = name;
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
            let Some(ws) = generate_demo(size, entry.demo_seed, entry.name.clone(), work).await
            else {
                work.set(None);
                busy.set(false);
                state.notify(NoticeKind::Error, GENERATOR_MISSING);
                return;
            };
            let result = replace_workspace(state, &ws, work).await;
            if result.is_ok() {
                state.ws.set(ws);
            }
            work.set(None);
            busy.set(false);
            match result {
                Ok(()) => state.notify(NoticeKind::Info, "Demo reset: fresh demo data"),
                Err(e) => state.report_as("The demo was not reset", &e),
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
