//! The reason suggestions offered wherever a deal is lost or won: the deal form and
//! the board's move dialog. Lost reasons come from Settings; won reasons from the ones
//! already given (`board_view::won_reasons_in_use`).

use crate::analytics::board_view::won_reasons_in_use;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Suggestions for the lost reason, from Settings.
#[component]
pub fn LostReasons() -> impl IntoView {
    let state = use_app();
    view! {
        <datalist id="lost-reasons">
            {move || state.ws.with(|w| w.settings.lost_reasons.clone()).into_iter().map(|r| view! { <option value=r></option> }).collect_view()}
        </datalist>
    }
}

/// Suggestions for the won reason: the ones sellers already gave, most used first.
#[component]
pub fn WonReasons() -> impl IntoView {
    let state = use_app();
    // Read once when shown: a scan of the deals, not on every keystroke.
    let reasons = state.ws.with_untracked(|w| won_reasons_in_use(w, 20));
    view! {
        <datalist id="won-reasons">
            {reasons.into_iter().map(|r| view! { <option value=r></option> }).collect_view()}
        </datalist>
    }
}
