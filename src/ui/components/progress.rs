//! Long work (import, export, demo data) runs in chunks that yield to the browser, and
//! shows how far it got.

use leptos::prelude::*;

/// What is running and how far it is, 0.0 to 1.0 (`None` when the share is unknown,
/// e.g. while IndexedDB commits one transaction).
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    pub label: String,
    pub done: Option<f32>,
}

pub type WorkSignal = RwSignal<Option<Work>>;

pub fn set_work(sig: WorkSignal, label: &str, done: Option<f32>) {
    sig.set(Some(Work {
        label: label.to_string(),
        done,
    }));
}

/// A labelled progress bar, shown while `work` is set.
#[component]
pub fn ProgressBar(work: WorkSignal) -> impl IntoView {
    move || {
        work.get().map(|w| {
            let pct = w.done.map(|d| (d * 100.0).round());
            view! {
                <div class="progress-row" role="status">
                    <span class="progress-label">{w.label.clone()}</span>
                    <progress aria-label=w.label.clone() max="100" value=pct.map(|p| p.to_string())></progress>
                    <span class="progress-pct num">{pct.map(|p| format!("{p}%"))}</span>
                </div>
            }
        })
    }
}

/// Runs `step` (a bounded slice of work returning whether it finished and the share
/// done) until it is done, yielding to the browser every ~40 ms so the page stays
/// responsive and `report` can show progress.
pub async fn run_in_chunks(mut step: impl FnMut() -> (bool, f32), report: impl Fn(f32)) {
    use crate::platform::{now_ms, yield_now};
    let mut slice_start = now_ms();
    loop {
        let (finished, done) = step();
        if finished {
            report(1.0);
            break;
        }
        if now_ms() - slice_start > 40.0 {
            report(done);
            yield_now().await;
            slice_start = now_ms();
        }
    }
}

/// Encodes `ws` in chunks (progress in `work`), then writes it over everything in `db`
/// in one transaction.
pub async fn save_replacing(
    db: &crate::store::Db,
    ws: &crate::domain::Workspace,
    work: WorkSignal,
) -> Result<(), crate::store::StoreError> {
    let mut enc = crate::store::ReplacementEncoder::new(ws);
    let mut failed = None;
    run_in_chunks(
        || match enc.step(ws, 5000) {
            Ok(done) => (done, enc.progress()),
            Err(e) => {
                failed = Some(e);
                (true, 1.0)
            }
        },
        |d| set_work(work, "Preparing to save…", Some(d)),
    )
    .await;
    if let Some(e) = failed {
        work.set(None);
        return Err(e);
    }
    set_work(work, "Saving…", None);
    crate::platform::yield_now().await;
    let written = db.write_replacement(enc.finish(ws)).await;
    work.set(None);
    written
}

/// Writes `ws` over the open workspace's database in one transaction, encoding it in
/// chunks with progress first. The caller puts `ws` in memory once this succeeds (so
/// it keeps what it has if it fails).
pub async fn replace_workspace(
    state: crate::ui::state::AppState,
    ws: &crate::domain::Workspace,
    work: WorkSignal,
) -> Result<(), crate::store::StoreError> {
    let db = state.db()?;
    let written = save_replacing(&db, ws, work).await;
    state.note_write(&written);
    written?;
    state.tell_other_tabs_to_reload();
    Ok(())
}

/// `save_replacing` into database `name`, a new workspace (a demo, a copy) that is
/// not the open one. If it cannot be written the new database is deleted again, so a
/// full storage is not left fuller by an empty workspace nobody can see.
pub async fn save_into(
    state: crate::ui::state::AppState,
    name: &str,
    ws: &crate::domain::Workspace,
    work: WorkSignal,
) -> Result<(), crate::store::StoreError> {
    let written = match crate::store::Db::open(name, crate::platform::now()).await {
        Ok(db) => {
            let written = save_replacing(&db, ws, work).await;
            db.close();
            written
        }
        Err(e) => Err(e),
    };
    if written.is_err() {
        let _ = crate::store::Db::delete(name).await;
    }
    state.note_write(&written);
    written
}
