//! The account page's contacts panel.

use crate::analytics::lists::accounts::account_contacts;
use crate::domain::Id;
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

/// The people at this account.
#[component]
pub fn AccountContacts(account_id: Id) -> impl IntoView {
    let state = use_app();
    let link = format!("/contacts/new?account={account_id}");
    let contacts = Memo::new(move |_| {
        state.ws.with(|w| {
            account_contacts(w, &account_id)
                .into_iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.name.clone(),
                        c.title.clone().unwrap_or_default(),
                        c.email.clone().unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card section">
            <div class="section-header">
                <h2>"Contacts"</h2>
                <A href=href(&link)><span class="btn btn-small">"New contact"</span></A>
            </div>
            <Show when=move || contacts.with(|c| !c.is_empty()) fallback=|| view! { <p class="muted">"No contacts at this account yet."</p> }>
                <ul class="plain-list">
                    {move || contacts.get().into_iter().map(|(id, name, title, email)| view! {
                        <li><A href=href(&format!("/contacts/{id}"))>{name}</A><span class="muted">{[title, email].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ")}</span></li>
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
