//! The account page's deals panel: its deals, open first, with totals.

use crate::analytics::lists::accounts::account_deals;
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
        state
            .ws
            .with(|w| account_deals(w, &account_id, crate::platform::today()))
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
                                .map(|d| {
                                    view! {
                                        <tr>
                                            <td><A href=href(&format!("/deals/{}", d.id))>{d.name}</A></td>
                                            <td>{d.stage}</td>
                                            <td class="num">{d.amount}</td>
                                            <td>{d.close}</td>
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
