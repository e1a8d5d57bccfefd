//! The deal form's contact picker: the contacts of the deal's account.

use crate::analytics::lists::accounts::account_contacts;
use crate::domain::forms::DealForm;
use crate::domain::Id;
use crate::ui::components::fields::FormState;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Checkboxes for the contacts of the deal's account.
#[component]
pub fn DealContacts(form: FormState<DealForm>) -> impl IntoView {
    let state = use_app();
    let contacts = Memo::new(move |_| {
        let account = form.values.with(|f| Id::from_string(f.account_id.clone()));
        state.ws.with(|w| {
            account_contacts(w, &account)
                .into_iter()
                .map(|c| (c.id.to_string(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || contacts.with(|c| !c.is_empty())>
            <fieldset class="checklist deal-contacts">
                <legend>"Contacts on this deal"</legend>
                {move || contacts.get().into_iter().map(|(id, name)| {
                    let cid = format!("deal-contact-{id}");
                    let key = id.clone();
                    let checked = move || form.values.with(|f| f.contact_ids.contains(&key));
                    view! {
                        <div class="check">
                            <input type="checkbox" id=cid.clone() prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                form.values.update(|f| {
                                    f.contact_ids.retain(|c| c != &id);
                                    if on { f.contact_ids.push(id); }
                                });
                            }/>
                            <label for=cid>{name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
    }
}
