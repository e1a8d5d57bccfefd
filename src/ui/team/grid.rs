//! What the two planning grids (Team › Quotas, Team › Spend) share on screen: a cell
//! that takes typing and spreadsheet pastes, the year switch, the paste problems and
//! the commit of an edit or paste. Their cells and changes come from
//! `planning::quota_grid` and `planning::spend_grid`.

use crate::analytics::period::Period;
use crate::analytics::text::plural;
use crate::domain::{Change, Date};
use crate::ui::state::{AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Commits one edit or paste (one transaction) and says `done`; with nothing to change
/// it says `done` only when `say_if_unchanged`.
pub fn save(state: AppState, changes: Vec<Change>, done: String, say_if_unchanged: bool) {
    if changes.is_empty() {
        if say_if_unchanged {
            state.notify(NoticeKind::Info, done);
        }
        return;
    }
    spawn_local(async move {
        match state.commit(changes).await {
            Ok(()) => state.notify(NoticeKind::Info, done),
            Err(e) => state.report(&e),
        }
    });
}

/// Saves a planned paste ("Pasted 12 quotas") or lists its problems, saving nothing;
/// true when it was saved.
pub fn apply_paste(
    state: AppState,
    problems: RwSignal<Vec<String>>,
    planned: Result<(Vec<Change>, usize), Vec<String>>,
    (one, many): (&str, &str),
    say_if_unchanged: bool,
) -> bool {
    match planned {
        Ok((changes, n)) => {
            problems.set(Vec::new());
            save(
                state,
                changes,
                format!("Pasted {}", plural(n, one, many)),
                say_if_unchanged,
            );
            true
        }
        Err(p) => {
            problems.set(p);
            false
        }
    }
}

/// One typed cell: `on_edit` gets what was typed when it changes; a block pasted into
/// it (tab-separated or several lines) goes to `on_paste` instead of the cell.
#[component]
pub fn CellInput(
    label: String,
    text: String,
    on_edit: Callback<String>,
    on_paste: Callback<String>,
    #[prop(optional)] on_focus: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <input class="quota-input" inputmode="decimal" aria-label=label prop:value=text
            on:focus=move |_| if let Some(f) = on_focus { f.run(()) }
            on:change=move |ev| on_edit.run(event_target_value(&ev))
            on:paste=move |ev: leptos::ev::ClipboardEvent| {
                let text = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()).unwrap_or_default();
                if text.contains('\t') || text.trim_end().contains('\n') {
                    ev.prevent_default();
                    on_paste.run(text);
                }
            }
        />
    }
}

/// "Previous year" and "Next year": move `day` to the fiscal year before or after.
#[component]
pub fn YearSwitch(state: AppState, day: RwSignal<Date>) -> impl IntoView {
    let shift = move |back: bool| {
        let f = state
            .ws
            .with_untracked(|w| w.settings.fiscal_year_start_month);
        let y = Period::year_of(day.get_untracked(), f);
        if let Some(p) = if back { y.previous() } else { y.next() } {
            day.set(p.start());
        }
    };
    view! {
        <button class="btn btn-small" on:click=move |_| shift(true)>"Previous year"</button>
        <button class="btn btn-small" on:click=move |_| shift(false)>"Next year"</button>
    }
}

/// Why nothing was saved, when a paste or an edit was refused.
#[component]
pub fn PasteProblems(problems: RwSignal<Vec<String>>, lead: &'static str) -> impl IntoView {
    move || {
        (!problems.with(Vec::is_empty)).then(|| {
            view! {
                <section class="card section error-summary" role="alert" aria-label="Paste problems">
                    <p>{lead}</p>
                    <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </section>
            }
        })
    }
}
