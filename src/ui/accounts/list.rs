//! Accounts: the filtered, sorted, paged list with each account's open pipeline. The
//! query is `analytics::lists::accounts`.

use crate::analytics::lists::accounts::{account_rows, AccountFilter, AccountRow, AccountSort};
use crate::analytics::text::plural;
use crate::domain::CustomerStatus;
use crate::ui::components::form_support::owner_filter_options;
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{
    chosen_id, filter_select, Col, CsvExport, PagedTable, SortState,
};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let sort = SortState::new(AccountSort::Name.key(), true);
    let rows = Memo::new(move |_| {
        let f = AccountFilter {
            status: CustomerStatus::from_key(&status.get()),
            owner: chosen_id(&owner.get()),
        };
        let (key, asc) = sort.get();
        state.ws.with(|w| {
            account_rows(
                w,
                &f,
                AccountSort::from_key(key),
                asc,
                crate::platform::today(),
            )
        })
    });
    let any = Memo::new(move |_| state.ws.with(|w| !w.accounts.is_empty()));
    let subtitle =
        Signal::derive(move || plural(state.ws.with(|w| w.accounts.len()), "account", "accounts"));
    view! {
        <PageHeader title="Accounts".to_string() subtitle=subtitle>
            <A href=href("/accounts/new")>
                <span class="btn btn-primary">"New account"</span>
            </A>
        </PageHeader>
        <Show
            when=move || any.get()
            fallback=|| {
                view! {
                    <EmptyState
                        title="No accounts yet"
                        text="Accounts are the companies you sell to. Add one, then track its deals, contacts and activities."
                        action_label="Add your first account"
                        action_href=href("/accounts/new")
                    />
                }
            }
        >
            <div class="toolbar" role="group" aria-label="Account filters">
                {filter_select("account-status", "Status", status, || {
                    let mut v = vec![(String::new(), "All statuses".to_string())];
                    v.extend(CustomerStatus::ALL.iter().map(|s| (s.key().to_string(), s.label().to_string())));
                    v
                })}
                {filter_select("account-owner", "Owner", owner, move || state.ws.with(owner_filter_options))}
                <CsvExport what="accounts" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(AccountRow::csv_cells).collect());
                    (AccountRow::CSV_HEADERS.to_vec(), rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Account", Some(AccountSort::Name.key())),
                    Col("Domain", Some(AccountSort::Domain.key())),
                    Col("Status", Some(AccountSort::Status.key())),
                    Col("Owner", Some(AccountSort::Owner.key())),
                    Col("Open deals", Some(AccountSort::Deals.key())),
                    Col("Open pipeline", Some(AccountSort::Pipeline.key())),
                ]
                sort=sort
                rows=rows
                row=account_row
            />
        </Show>
    }
}

fn account_row(r: AccountRow) -> impl IntoView {
    view! {
        <tr>
            <td><A href=href(&format!("/accounts/{}", r.id))>{r.name}</A></td>
            <td class="muted">{r.domain}</td>
            <td><span class=format!("badge badge-{}", r.status.key())>{r.status.label()}</span></td>
            <td>{r.owner}</td>
            <td class="num">{r.open_deals}</td>
            <td class="num">{r.open_amount}</td>
        </tr>
    }
}
