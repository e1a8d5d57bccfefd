//! Activities: the list of every activity, filtered by kind, owner and status.

use crate::domain::entities::{Activity, ActivityKind};
use crate::ui::components::activity_log::ActivityItem;
use crate::ui::components::form_support::{owner_filter_options, plural};
use crate::ui::components::layout::PageHeader;
use crate::ui::components::table::{filter_select, Pager, PAGE_SIZE};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let state = use_app();
    let kind = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let status = RwSignal::new("open".to_string());
    let order = RwSignal::new("newest".to_string());
    let page = RwSignal::new(0usize);
    let rows = Memo::new(move |_| {
        let (k, o, s) = (kind.get(), owner.get(), status.get());
        let newest_first = order.get() == "newest";
        state.ws.with(|w| {
            let mut v: Vec<Activity> = w
                .activities
                .values()
                .filter(|a| k.is_empty() || a.kind.key() == k)
                .filter(|a| {
                    o.is_empty() || a.owner_id.as_ref().map(|x| x.as_str()) == Some(o.as_str())
                })
                .filter(|a| match s.as_str() {
                    "open" => !a.done,
                    "done" => a.done,
                    _ => true,
                })
                .cloned()
                .collect();
            v.sort_by_key(|a| a.due.unwrap_or(a.created_at.naive_utc()));
            if newest_first {
                v.reverse();
            }
            v
        })
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
            {filter_select("act-status", "Show", status, || vec![("open".into(), "To do".into()), ("done".into(), "Done".into()), (String::new(), "All".into())])}
            {filter_select("act-order", "Order", order, || vec![("newest".into(), "Latest first".into()), ("oldest".into(), "Earliest first".into())])}
            {filter_select("act-kind", "Kind", kind, || {
                let mut v = vec![(String::new(), "All kinds".to_string())];
                v.extend(ActivityKind::ALL.iter().map(|k| (k.key().to_string(), k.label().to_string())));
                v
            })}
            {filter_select("act-owner", "Owner", owner, move || state.ws.with(|w| {
                owner_filter_options(w)
            }))}
        </div>
        <div class="card table-card">
            <Show when=move || { total.get() > 0 } fallback=|| view! { <p class="empty-inline">"No activities match. Log one from a deal, account or lead page."</p> }>
                <ul class="activity-list padded">
                    {move || {
                        let start = page.get() * PAGE_SIZE;
                        rows.with(|r| r.iter().skip(start).take(PAGE_SIZE).cloned().map(|a| view! { <ActivityItem activity=a/> }).collect_view())
                    }}
                </ul>
            </Show>
            <Pager page=page total=total/>
        </div>
    }
}
