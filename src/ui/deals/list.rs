//! Deals: the filtered, sorted, paged list with its totals. The query is
//! `analytics::lists::deals`.

use crate::analytics::lists::deals::{
    deal_rows, summary, DealFilter, DealRow, DealSort, DealStatus,
};
use crate::domain::forms::date_label;
use crate::platform;
use crate::ui::components::form_support::owner_filter_options;
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::missing_rates::MissingRates;
use crate::ui::components::table::{
    chosen_id, filter_select, Col, CsvExport, PagedTable, SortState,
};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn DealsPage() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let sort = SortState::new(DealSort::Close.key(), true);
    let rows = Memo::new(move |_| {
        let (key, asc) = sort.get();
        let f = DealFilter {
            status: DealStatus::from_key(&status.get()),
            owner: chosen_id(&owner.get()),
        };
        state.ws.with(|w| {
            let stalled = state.stalled_deals(w, platform::today());
            deal_rows(
                w,
                &f,
                &stalled,
                DealSort::from_key(key),
                asc,
                platform::today(),
            )
        })
    });
    let any = Memo::new(move |_| state.ws.with(|w| !w.deals.is_empty()));
    let subtitle = Signal::derive(move || state.ws.with(|w| summary(w, platform::today())));
    view! {
        <PageHeader title="Deals".to_string() subtitle=subtitle>
            <A href=href("/deals/new")>
                <span class="btn btn-primary">"New deal"</span>
            </A>
        </PageHeader>
        <MissingRates/>
        <Show
            when=move || any.get()
            fallback=|| {
                view! {
                    <EmptyState
                        title="No deals yet"
                        text="A deal is an opportunity you are working to close. Add one with its amount and expected close date to start your pipeline."
                        action_label="Add your first deal"
                        action_href=href("/deals/new")
                    />
                }
            }
        >
            <div class="toolbar" role="group" aria-label="Deal filters">
                {filter_select("deal-status", "Show", status, || {
                    DealStatus::ALL.iter().map(|s| (s.key().to_string(), s.label().to_string())).collect()
                })}
                {filter_select("deal-owner", "Owner", owner, move || state.ws.with(owner_filter_options))}
                <CsvExport what="deals" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(DealRow::csv_cells).collect());
                    (DealRow::CSV_HEADERS.to_vec(), rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Deal", Some(DealSort::Name.key())),
                    Col("Account", Some(DealSort::Account.key())),
                    Col("Stage", Some(DealSort::Stage.key())),
                    Col("Amount", Some(DealSort::Amount.key())),
                    Col("Close date", Some(DealSort::Close.key())),
                    Col("Owner", Some(DealSort::Owner.key())),
                ]
                sort=sort
                rows=rows
                row=deal_row
            />
        </Show>
    }
}

fn deal_row(r: DealRow) -> impl IntoView {
    let stalled = (!r.stalled.is_empty()).then(|| r.stalled.clone());
    view! {
        <tr>
            <td>
                <A href=href(&format!("/deals/{}", r.id))>{r.name}</A>
                {stalled.map(|s| view! { <span class="flag flag-stalled" title=s.clone()>{format!("Stalled: {s}")}</span> })}
            </td>
            <td>{r.account}</td>
            <td><span class=format!("badge badge-{}", r.kind.key())>{r.stage}</span></td>
            <td class="num">{r.amount_text}</td>
            <td>{date_label(r.close)}</td>
            <td>{r.owner}</td>
        </tr>
    }
}
