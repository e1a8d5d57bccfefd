//! The lost-reason suggestions (from Settings) offered wherever a deal is lost: the
//! deal form and the board's move dialog.

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
