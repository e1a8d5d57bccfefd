//! Accounts: the filtered, sorted, paged list with each account's open pipeline.

use crate::analytics::totals::DealTotals;
use crate::domain::{CustomerStatus, Id};
use crate::ui::components::form_support::{owner_filter_options, plural};
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{filter_select, Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Clone, PartialEq)]
struct AccountRow {
    id: Id,
    name: String,
    domain: String,
    status: CustomerStatus,
    owner: String,
    open_deals: usize,
    open_amount: String,
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let sort = SortState::new("name", true);
    let rows = Memo::new(move |_| {
        let (st, ow) = (status.get(), owner.get());
        let (key, asc) = sort.get();
        state.ws.with(|ws| {
            let totals = DealTotals::per_account(ws);
            let home = &ws.settings.home_currency;
            let mut rows: Vec<(AccountRow, i64)> = ws
                .accounts
                .values()
                .filter(|a| st.is_empty() || a.status.key() == st)
                .filter(|a| {
                    ow.is_empty() || a.owner_id.as_ref().map(|o| o.as_str()) == Some(ow.as_str())
                })
                .map(|a| {
                    let t = totals.get(&a.id).cloned().unwrap_or_default();
                    let home_open = t.open.get(home).copied().unwrap_or(0);
                    (
                        AccountRow {
                            id: a.id.clone(),
                            name: a.name.clone(),
                            domain: a.domain.clone().unwrap_or_default(),
                            status: a.status,
                            owner: ws.rep_name(a.owner_id.as_ref()).unwrap_or("—").to_string(),
                            open_deals: t.open_count,
                            open_amount: DealTotals::format_sum(&t.open, home),
                        },
                        home_open,
                    )
                })
                .collect();
            rows.sort_by(|(a, ah), (b, bh)| {
                let o = match key {
                    "status" => a.status.key().cmp(b.status.key()),
                    "owner" => a.owner.cmp(&b.owner),
                    "deals" => a.open_deals.cmp(&b.open_deals),
                    "pipeline" => ah.cmp(bh),
                    "domain" => a.domain.cmp(&b.domain),
                    _ => std::cmp::Ordering::Equal,
                }
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
            rows.into_iter().map(|(r, _)| r).collect::<Vec<_>>()
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
                {filter_select("account-owner", "Owner", owner, move || state.ws.with(|w| {
                    owner_filter_options(w)
                }))}
                <CsvExport what="accounts" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.domain.clone(), r.status.label().to_string(), r.owner.clone(), r.open_deals.to_string(), r.open_amount.clone(),
                    ]).collect());
                    (vec!["Account", "Domain", "Status", "Owner", "Open deals", "Open pipeline"], rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Account", Some("name")),
                    Col("Domain", Some("domain")),
                    Col("Status", Some("status")),
                    Col("Owner", Some("owner")),
                    Col("Open deals", Some("deals")),
                    Col("Open pipeline", Some("pipeline")),
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
