//! Contacts: the people at accounts, in a searchable, sortable, paged list.

use crate::domain::Id;
use crate::ui::components::form_support::plural;
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Clone, PartialEq)]
struct Row {
    id: Id,
    name: String,
    title: String,
    account: String,
    email: String,
    phone: String,
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app();
    let sort = SortState::new("name", true);
    let filter = RwSignal::new(String::new());
    let rows = Memo::new(move |_| {
        let (key, asc) = sort.get();
        let needle = filter.get().trim().to_lowercase();
        state.ws.with(|w| {
            let mut v: Vec<Row> = w
                .contacts
                .values()
                .filter(|c| {
                    needle.is_empty()
                        || c.name.to_lowercase().contains(&needle)
                        || c.email
                            .as_deref()
                            .is_some_and(|m| m.to_lowercase().contains(&needle))
                        || w.account_name(Some(&c.account_id))
                            .is_some_and(|a| a.to_lowercase().contains(&needle))
                })
                .map(|c| Row {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    title: c.title.clone().unwrap_or_default(),
                    account: w
                        .account_name(Some(&c.account_id))
                        .unwrap_or("")
                        .to_string(),
                    email: c.email.clone().unwrap_or_default(),
                    phone: c.phone.clone().unwrap_or_default(),
                })
                .collect();
            v.sort_by(|a, b| {
                let o = match key {
                    "account" => a.account.to_lowercase().cmp(&b.account.to_lowercase()),
                    "title" => a.title.cmp(&b.title),
                    "email" => a.email.cmp(&b.email),
                    _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                };
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
            v
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
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.title.clone(), r.account.clone(), r.email.clone(), r.phone.clone(),
                    ]).collect());
                    (vec!["Name", "Title", "Account", "E-mail", "Phone"], rows)
                })/>
            </div>
            <PagedTable
                columns=vec![Col("Name", Some("name")), Col("Title", Some("title")), Col("Account", Some("account")), Col("E-mail", Some("email")), Col("Phone", None)]
                sort=sort
                rows=rows
                row=contact_row
            />
        </Show>
    }
}

fn contact_row(r: Row) -> impl IntoView {
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
