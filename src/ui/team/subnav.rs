//! The Team pages' tabs: Reps, Quotas, Goals, Scorecards, Spend.

use crate::ui::links::href;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

const TABS: &[(&str, &str)] = &[
    ("Reps", "/team"),
    ("Quotas", "/team/quotas"),
    ("Goals", "/team/goals"),
    ("Scorecards", "/team/scorecards"),
    ("Spend", "/team/spend"),
];

#[component]
pub fn TeamNav() -> impl IntoView {
    let location = use_location();
    view! {
        <nav class="subnav" aria-label="Team pages">
            {TABS.iter().map(|(label, path)| {
                let target = href(path);
                let current = {
                    let target = target.clone();
                    move || { let p = location.pathname.get(); p == target || p == *path }
                };
                view! { <A href=target exact=true attr:class="subnav-link" attr:aria-current=move || current().then_some("page")>{*label}</A> }
            }).collect_view()}
        </nav>
    }
}
