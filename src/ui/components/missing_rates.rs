//! "No rate for COP": where amounts in currencies without a rate are shown apart, a
//! notice that says so and links to the page that sets one.

use crate::domain::rates::currencies_without_rate;
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MissingRates() -> impl IntoView {
    let state = use_app();
    let missing = Memo::new(move |_| state.ws.with(currencies_without_rate));
    move || {
        let m = missing.get();
        (!m.is_empty()).then(|| {
            let codes: Vec<&str> = m.iter().map(|c| c.code()).collect();
            let list = codes.join(", ");
            view! {
                <p class="callout callout-warn" role="note">
                    {format!("No rate for {list}: amounts in {list} are shown apart and left out of totals. ")}
                    <A href=href("/settings#currencies")>"Set a rate"</A>
                </p>
            }
        })
    }
}
