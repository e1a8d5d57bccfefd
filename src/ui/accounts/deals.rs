//! The account page's deals panel: its deals, open first, with totals.

use crate::analytics::totals::DealTotals;
use crate::domain::forms::date_label;
use crate::domain::Id;
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

/// The account's deals, open first, with totals.
#[component]
pub fn AccountDeals(account_id: Id) -> impl IntoView {
    let state = use_app();
    let account_for_link = account_id.clone();
    let data = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut deals = w.deals_of_account(&account_id);
            deals.sort_by(|a, b| {
                a.closed_on
                    .is_some()
                    .cmp(&b.closed_on.is_some())
                    .then(a.expected_close.cmp(&b.expected_close))
            });
            let totals = DealTotals::of(w, deals.iter().copied());
            let home = &w.settings.home_currency;
            let rows: Vec<(Id, String, String, String, String)> = deals
                .iter()
                .map(|d| {
                    (
                        d.id.clone(),
                        d.name.clone(),
                        w.stage_of(d).map(|s| s.name.clone()).unwrap_or_default(),
                        d.money().format(),
                        date_label(d.closed_on.or(d.expected_close)),
                    )
                })
                .collect();
            let summary = format!(
                "{} open · {} · won {}",
                totals.open_count,
                DealTotals::format_sum(&totals.open, home),
                DealTotals::format_sum(&totals.won, home)
            );
            (rows, summary)
        })
    });
    view! {
        <section class="card section">
            <div class="section-header">
                <h2>"Deals"</h2>
                <span class="muted">{move || data.with(|d| d.1.clone())}</span>
                <A href=href(&format!("/deals/new?account={account_for_link}"))>
                    <span class="btn btn-small">"New deal"</span>
                </A>
            </div>
            <Show
                when=move || data.with(|d| !d.0.is_empty())
                fallback=|| view! { <p class="muted">"No deals with this account yet."</p> }
            >
                <table class="data-table compact">
                    <thead>
                        <tr>
                            <th scope="col">"Deal"</th>
                            <th scope="col">"Stage"</th>
                            <th scope="col" class="num">"Amount"</th>
                            <th scope="col">"Close date"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            data.get()
                                .0
                                .into_iter()
                                .map(|(id, name, stage, amount, close)| {
                                    view! {
                                        <tr>
                                            <td><A href=href(&format!("/deals/{id}"))>{name}</A></td>
                                            <td>{stage}</td>
                                            <td class="num">{amount}</td>
                                            <td>{close}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
