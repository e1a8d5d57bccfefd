//! Contacts: the people at accounts, in a searchable, sortable, paged list. The query
//! is `analytics::lists::contacts`.

use crate::analytics::lists::contacts::{contact_rows, ContactRow, ContactSort};
use crate::analytics::text::plural;
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app();
    let sort = SortState::new(ContactSort::Name.key(), true);
    let filter = RwSignal::new(String::new());
    let rows = Memo::new(move |_| {
        let (key, asc) = sort.get();
        filter.with(|text| {
            state
                .ws
                .with(|w| contact_rows(w, text, ContactSort::from_key(key), asc))
        })
    });
    let any = Memo::new(move |_| state.ws.with(|w| !w.contacts.is_empty()));
    let total = Signal::derive(move || rows.with(|r| r.len()));
    view! {
        <PageHeader title="Contacts".to_string() subtitle=Signal::derive(move || plural(total.get(), "contact", "contacts"))>
            <A href=href("/contacts/new")><span class="btn btn-primary">"New contact"</span></A>
        </PageHeader>
        <Show when=move || any.get() fallback=|| view! {
            <EmptyState title="No contacts yet" text="Contacts are the people you talk to at your accounts. Add one, or convert a lead to create one." action_label="Add your first contact" action_href=href("/contacts/new")/>
        }>
            <div class="toolbar" role="group" aria-label="Contact filters">
                <label class="toolbar-field" for="contact-filter">
                    <span>"Name, e-mail or account contains"</span>
                    <input id="contact-filter" type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
                </label>
                <CsvExport what="contacts" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(ContactRow::csv_cells).collect());
                    (ContactRow::CSV_HEADERS.to_vec(), rows)
                })/>
            </div>
            <PagedTable
                columns=vec![Col("Name", Some(ContactSort::Name.key())), Col("Title", Some(ContactSort::Title.key())), Col("Account", Some(ContactSort::Account.key())), Col("E-mail", Some(ContactSort::Email.key())), Col("Phone", None)]
                sort=sort
                rows=rows
                row=contact_row
            />
        </Show>
    }
}

fn contact_row(r: ContactRow) -> impl IntoView {
    view! {
        <tr>
            <td><A href=href(&format!("/contacts/{}", r.id))>{r.name}</A></td>
            <td>{r.title}</td>
            <td>{r.account}</td>
            <td class="muted">{r.email}</td>
            <td class="muted">{r.phone}</td>
        </tr>
    }
}
