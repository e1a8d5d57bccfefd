//! Activities: the list of every activity, filtered by kind, owner and status. The
//! query is `analytics::lists::activities`.

use crate::analytics::lists::activities::{
    activity_rows, ActivityFilter, ActivityOrder, ActivityStatus,
};
use crate::analytics::lists::page::Page;
use crate::analytics::text::plural;
use crate::domain::entities::ActivityKind;
use crate::ui::components::activity_log::ActivityItem;
use crate::ui::components::form_support::owner_filter_options;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::table::{chosen_id, filter_select, Pager};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let state = use_app();
    let kind = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let status = RwSignal::new(ActivityStatus::Open.key().to_string());
    let order = RwSignal::new(ActivityOrder::Newest.key().to_string());
    let page = RwSignal::new(0usize);
    let rows = Memo::new(move |_| {
        let f = ActivityFilter {
            kind: ActivityKind::from_key(&kind.get()),
            owner: chosen_id(&owner.get()),
            status: ActivityStatus::from_key(&status.get()),
        };
        let order = ActivityOrder::from_key(&order.get());
        state.ws.with(|w| activity_rows(w, &f, order))
    });
    Effect::new(move |_| {
        kind.track();
        owner.track();
        status.track();
        order.track();
        page.set(0);
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    view! {
        <PageHeader title="Activities".to_string() subtitle=Signal::derive(move || plural(total.get(), "activity", "activities"))>
            <A href=href("/my-day")><span class="btn">"My day"</span></A>
        </PageHeader>
        <div class="toolbar" role="group" aria-label="Activity filters">
            {filter_select("act-status", "Show", status, || ActivityStatus::ALL.iter().map(|s| (s.key().to_string(), s.label().to_string())).collect())}
            {filter_select("act-order", "Order", order, || ActivityOrder::ALL.iter().map(|o| (o.key().to_string(), o.label().to_string())).collect())}
            {filter_select("act-kind", "Kind", kind, || {
                let mut v = vec![(String::new(), "All kinds".to_string())];
                v.extend(ActivityKind::ALL.iter().map(|k| (k.key().to_string(), k.label().to_string())));
                v
            })}
            {filter_select("act-owner", "Owner", owner, move || state.ws.with(owner_filter_options))}
        </div>
        <div class="card table-card">
            <Show when=move || { total.get() > 0 } fallback=|| view! { <p class="empty-inline">"No activities match. Log one from a deal, account or lead page."</p> }>
                <ul class="activity-list padded">
                    {move || {
                        let shown = Page::of(total.get(), page.get()).rows();
                        rows.with(|r| r[shown].iter().cloned().map(|a| view! { <ActivityItem activity=a/> }).collect_view())
                    }}
                </ul>
            </Show>
            <Pager page=page total=total/>
        </div>
    }
}
