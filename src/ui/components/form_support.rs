//! What the edit pages share: option lists, focus on the first invalid field, and the
//! inline delete confirmation.

use crate::domain::Workspace;
use leptos::prelude::*;

/// Owner choices: "Unassigned" then active reps (plus the current owner if inactive).
pub fn owner_options(ws: &Workspace, current: &str) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "Unassigned".to_string())];
    v.extend(
        ws.active_reps()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name.clone())),
    );
    if !current.is_empty() && !v.iter().any(|(id, _)| id == current) {
        let name = ws
            .reps
            .get(&crate::domain::Id::from_string(current))
            .map(|r| format!("{} (inactive)", r.name))
            .unwrap_or_else(|| "Unknown rep".into());
        v.push((current.to_string(), name));
    }
    v
}

/// Owner filter choices for lists: "All owners" then active reps.
pub fn owner_filter_options(ws: &Workspace) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "All owners".to_string())];
    v.extend(
        ws.active_reps()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name.clone())),
    );
    v
}

/// Moves focus to the first field marked invalid, after the errors render.
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=\"true\"]").ok().flatten());
        if let Some(el) = el {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// An inline confirmation for destructive actions.
#[component]
pub fn ConfirmDelete(
    #[prop(into)] message: Signal<String>,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
            <p id="confirm-text">{move || message.get()}</p>
            <div class="confirm-actions">
                <button class="btn btn-danger" on:click=move |_| on_confirm.run(())>
                    {confirm_label}
                </button>
                <button class="btn" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </div>
    }
}

/// "Delete …" in a page header: asks for confirmation (saying what goes with it),
/// deletes in one transaction, offers Undo, then goes back to the list.
#[component]
pub fn DeleteRecord(
    label: &'static str,
    #[prop(into)] message: Signal<String>,
    changes: Callback<(), (Vec<crate::domain::Change>, String)>,
    back: &'static str,
) -> impl IntoView {
    let state = crate::ui::state::use_app();
    let navigate = leptos_router::hooks::use_navigate();
    let confirming = RwSignal::new(false);
    let confirm = Callback::new(move |_| {
        let (changes, text) = changes.run(());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match state.delete_with_undo(changes, text).await {
                Ok(()) => navigate(back, Default::default()),
                Err(e) => state.report(&e),
            }
        });
    });
    view! {
        <button class="btn btn-ghost-danger" on:click=move |_| confirming.set(true)>{label}</button>
        <Show when=move || confirming.get()>
            <div class="confirm-overlay">
                <ConfirmDelete message=message confirm_label=label on_confirm=confirm on_cancel=Callback::new(move |_| confirming.set(false))/>
            </div>
        </Show>
    }
}

/// What every edit page does on "Save": build the record from the form (field errors
/// shown and focused when it is refused), commit it in one transaction (an insert for a
/// new record), say so, and hand the saved record to `after`.
pub fn save_record<F, T>(
    state: crate::ui::state::AppState,
    form: crate::ui::components::fields::FormState<F>,
    saving: RwSignal<bool>,
    is_new: bool,
    build: impl FnOnce(&crate::domain::Workspace, &F) -> Result<T, crate::domain::FieldErrors>,
    after: impl FnOnce(T) + 'static,
) where
    F: Send + Sync + 'static,
    T: Clone + Into<crate::domain::Record> + 'static,
{
    use crate::domain::{Change, Record};
    if saving.get_untracked() {
        return;
    }
    let built = state
        .ws
        .with_untracked(|w| form.values.with_untracked(|f| build(w, f)));
    let value = match built {
        Err(errors) => {
            form.errors.set(errors);
            focus_first_invalid();
            return;
        }
        Ok(v) => v,
    };
    let record: Record = value.clone().into();
    let name = record.label();
    if !is_new && state.changed_elsewhere_since(record.id(), form.opened.get_untracked()) {
        let keep_mine = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "{name} was changed in another tab after you opened it.\n\nOK: keep your version (replaces theirs).\nCancel: keep theirs (your edits here are dropped)."
                ))
                .ok()
            })
            .unwrap_or(false);
        if !keep_mine {
            // Theirs: show the record as it is now.
            crate::ui::components::reload::reload();
            return;
        }
    }
    let change = if is_new {
        Change::Insert(record)
    } else {
        Change::Put(record)
    };
    saving.set(true);
    leptos::task::spawn_local(async move {
        match state.commit(vec![change]).await {
            Ok(()) => {
                form.opened.set(js_sys::Date::now());
                state.notify(crate::ui::state::NoticeKind::Info, format!("Saved {name}"));
                after(value);
            }
            Err(e) => state.report(&e),
        }
        saving.set(false);
    });
}
