//! The search box: `/` focuses it, results appear while typing, grouped by type, and
//! arrow keys plus Enter open one. The index lives in `AppState` and is rebuilt on the
//! first keystroke after the records it covers change.

use crate::analytics::search::{Hit, SearchKind};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

fn path_of(hit: &Hit) -> String {
    let base = match hit.kind {
        SearchKind::Deal => "deals",
        SearchKind::Account => "accounts",
        SearchKind::Contact => "contacts",
        SearchKind::Lead => "leads",
    };
    format!("/{base}/{}", hit.id)
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Vec::<(SearchKind, Vec<Hit>)>::new());
    let active = RwSignal::new(0usize);
    let run = move |q: String| {
        results.set(state.search(&q, 5));
        active.set(0);
    };
    let flat = move || {
        results.with(|r| {
            r.iter()
                .flat_map(|(_, h)| h.iter().cloned())
                .collect::<Vec<_>>()
        })
    };
    let open_hit = move |hit: Hit| {
        query.set(String::new());
        results.set(Vec::new());
        navigate(&path_of(&hit), Default::default());
    };

    // "/" anywhere (outside a text field) focuses the search box.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        if typing {
            return;
        }
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("global-search"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            let _ = el.focus();
        }
    });
    on_cleanup(move || handle.remove());

    let open_for_keys = open_hit.clone();
    let expanded = move || results.with(|r| !r.is_empty());
    view! {
        <div class="search" role="search">
            <label for="global-search" class="search-label">"Search"</label>
            <input
                id="global-search"
                type="search"
                placeholder="Deals, accounts, contacts, leads… ( / )"
                autocomplete="off"
                role="combobox"
                aria-expanded=move || expanded().to_string()
                aria-controls="search-results"
                aria-autocomplete="list"
                aria-activedescendant=move || expanded().then(|| format!("search-hit-{}", active.get()))
                prop:value=move || query.get()
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    query.set(q.clone());
                    run(q);
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    let n = flat().len();
                    match ev.key().as_str() {
                        "ArrowDown" if n > 0 => { ev.prevent_default(); active.update(|a| *a = (*a + 1) % n); }
                        "ArrowUp" if n > 0 => { ev.prevent_default(); active.update(|a| *a = (*a + n - 1) % n); }
                        "Enter" => {
                            if let Some(hit) = flat().get(active.get_untracked()).cloned() {
                                ev.prevent_default();
                                open_for_keys(hit);
                            }
                        }
                        "Escape" => { query.set(String::new()); results.set(Vec::new()); }
                        _ => {}
                    }
                }
            />
            <Show when=move || !query.with(|q| q.trim().is_empty()) && !expanded()>
                <div class="search-results"><p class="muted search-none">"No matches"</p></div>
            </Show>
            <Show when=expanded>
                <div class="search-results" id="search-results" role="listbox" aria-label="Search results">
                    {
                        let open_hit = open_hit.clone();
                        move || {
                            let mut i = 0usize;
                            results.get().into_iter().map(|(kind, hits)| {
                                let open_hit = open_hit.clone();
                                view! {
                                    <div role="group" aria-label=kind.label() class="search-group">
                                        <div class="search-group-title" aria-hidden="true">{kind.label()}</div>
                                        {hits.into_iter().map(|h| {
                                            let n = i;
                                            i += 1;
                                            let open_hit = open_hit.clone();
                                            let hit = h.clone();
                                            view! {
                                                <div
                                                    role="option"
                                                    id=format!("search-hit-{n}")
                                                    class="search-hit"
                                                    class:search-hit-active=move || active.get() == n
                                                    aria-selected=move || (active.get() == n).to_string()
                                                    on:mousedown=move |ev| { ev.prevent_default(); open_hit(hit.clone()); }
                                                >
                                                    <span class="search-hit-title">{h.title.clone()}</span>
                                                    <span class="muted">{h.subtitle.clone()}</span>
                                                </div>
                                            }
                                        }).collect_view()}
                                    </div>
                                }
                            }).collect_view()
                        }
                    }
                </div>
            </Show>
        </div>
    }
}
