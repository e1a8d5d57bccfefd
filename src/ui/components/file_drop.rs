//! A file picker that also takes a dropped file (snapshots, CSV files).

use leptos::prelude::*;

/// A labelled file input inside a drop zone; `on_file` gets the picked or dropped file.
/// The input is cleared after each pick, so picking the same file again reads it again.
pub fn file_drop(
    id: &'static str,
    label: &'static str,
    accept: &'static str,
    hint: &'static str,
    on_file: impl Fn(web_sys::File) + Copy + 'static,
) -> impl IntoView {
    let over = RwSignal::new(false);
    view! {
        <div
            class="drop-zone"
            class:drop-over=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(false);
                if let Some(f) = ev.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0)) {
                    on_file(f);
                }
            }
        >
            <label for=id>{label}</label>
            <input id=id type="file" accept=accept on:change=move |ev| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                if let Some(f) = input.files().and_then(|f| f.get(0)) {
                    on_file(f);
                }
                input.set_value("");
            }/>
            <p class="muted">{hint}</p>
        </div>
    }
}
