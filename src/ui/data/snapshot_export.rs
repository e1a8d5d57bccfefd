//! Data › Export a snapshot: the workspace as one JSON file, optionally encrypted with
//! a passphrase, written in chunks with progress.

use crate::analytics::text::plural;
use crate::snapshot::encrypted::check_passphrase;
use crate::ui::components::progress::Work;
use crate::ui::components::safety::export_snapshot;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The export section. `busy` and `work` are shared with the import section.
#[component]
pub fn ExportPanel(busy: RwSignal<bool>, work: RwSignal<Option<Work>>) -> impl IntoView {
    let state = use_app();
    let protect = RwSignal::new(false);
    let pass1 = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    let pass_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let passphrase = if protect.get_untracked() {
            let (a, b) = (pass1.get_untracked(), pass2.get_untracked());
            if let Err(e) = check_passphrase(&a, &b) {
                pass_error.set(Some(e));
                return;
            }
            Some(a)
        } else {
            None
        };
        pass_error.set(None);
        busy.set(true);
        spawn_local(async move {
            export_snapshot(state, passphrase, work).await;
            busy.set(false);
        });
    };
    let counts = move || {
        state.ws.with(|w| {
            format!(
                "{} · {} · {} · {} · {}",
                plural(w.deals.len(), "deal", "deals"),
                plural(w.accounts.len(), "account", "accounts"),
                plural(w.contacts.len(), "contact", "contacts"),
                plural(w.leads.len(), "lead", "leads"),
                plural(w.activities.len(), "activity", "activities"),
            )
        })
    };

    view! {
        <section class="card section">
            <h2 class="form-section-title">"Export a snapshot"</h2>
            <p class="muted">"Everything in this workspace as one file: keep it as a backup, or send it to your manager to merge into the team view."</p>
            <p>{counts}</p>
            <div class="check export-protect">
                <input type="checkbox" id="export-protect" prop:checked=move || protect.get() on:change=move |ev| protect.set(event_target_checked(&ev))/>
                <label for="export-protect">"Protect with a passphrase"</label>
            </div>
            <Show when=move || protect.get()>
                <div class="form-grid passphrase-grid">
                    <div class="field">
                        <label for="export-pass">"Passphrase"</label>
                        <input id="export-pass" type="password" autocomplete="new-password" prop:value=move || pass1.get() on:input=move |ev| pass1.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="export-pass2">"Repeat passphrase"</label>
                        <input id="export-pass2" type="password" autocomplete="new-password" prop:value=move || pass2.get() on:input=move |ev| pass2.set(event_target_value(&ev))/>
                    </div>
                </div>
                <p class="muted">"Whoever imports the file needs this passphrase. It cannot be recovered if you forget it."</p>
            </Show>
            {move || pass_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <button class="btn btn-primary" disabled=move || busy.get() on:click=export>"Export snapshot"</button>
        </section>
    }
}
