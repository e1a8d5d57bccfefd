//! The period and scope pickers of the analytics pages (dashboard, review, forecast,
//! scorecards). They read and write a `DashboardView`; the page keeps it in the
//! address, so a view can be bookmarked and the back button works.

use crate::analytics::dashboard::{people_from_key, people_key, people_options, DashboardView};
use crate::analytics::period::PeriodPick;
use crate::domain::{Id, Segment};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The view an address asks for, read against the open workspace.
pub fn view_from_address() -> Memo<DashboardView> {
    let state = use_app();
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            state
                .ws
                .with(|w| DashboardView::from_query(|k| q.get_str(k), w))
        })
    })
}

/// `view` is the current view; `on_change` gets the one the user picked.
#[component]
pub fn ViewFilters(
    #[prop(into)] view: Signal<DashboardView>,
    on_change: Callback<DashboardView>,
    /// Only the people filter (no territory, segment or pipeline).
    #[prop(optional)]
    people_only: bool,
    /// No period picker (the review has its own "since").
    #[prop(optional)]
    no_period: bool,
) -> impl IntoView {
    let state = use_app();
    let custom_open = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let custom_error = RwSignal::new(None::<&'static str>);
    let change = move |f: &dyn Fn(&mut DashboardView)| {
        let mut v = view.get_untracked();
        f(&mut v);
        on_change.run(v);
    };
    let period_value = move || match view.get().period {
        PeriodPick::Custom(..) => "custom".to_string(),
        p => p.key(),
    };
    let on_period = move |ev: leptos::ev::Event| {
        let k = event_target_value(&ev);
        if k == "custom" {
            let (a, b) = match view.get_untracked().period {
                PeriodPick::Custom(a, b) => (a, b),
                p => {
                    let r = p.resolve(
                        crate::platform::today(),
                        state
                            .ws
                            .with_untracked(|w| w.settings.fiscal_year_start_month),
                    );
                    (r.start(), r.end())
                }
            };
            from.set(a.format("%Y-%m-%d").to_string());
            to.set(b.format("%Y-%m-%d").to_string());
            custom_open.set(true);
        } else if let Some(p) = PeriodPick::from_key(&k) {
            custom_open.set(false);
            change(&|v| v.period = p);
        }
    };
    let apply_custom = move |_| {
        let key = format!("{}..{}", from.get_untracked(), to.get_untracked());
        match PeriodPick::from_key(&key) {
            Some(p) => {
                custom_error.set(None);
                custom_open.set(false);
                change(&|v| v.period = p);
            }
            None => custom_error.set(Some("Enter two dates, from and to")),
        }
    };
    let people = Memo::new(move |_| {
        let current = view.with(|v| v.scope.people.clone());
        state.ws.with(|w| people_options(w, &current))
    });
    let territories = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut v: Vec<(String, String)> = w
                .territories
                .values()
                .map(|t| (t.id.to_string(), t.name.clone()))
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });
    let pipelines = Memo::new(move |_| {
        state.ws.with(|w| {
            w.pipelines_in_order()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let select = move |id: &'static str,
                       label: &'static str,
                       all: &'static str,
                       options: Memo<Vec<(String, String)>>,
                       current: Signal<String>,
                       set: Callback<String>| {
        view! {
            <div class="toolbar-field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| set.run(event_target_value(&ev))>
                    <option value="" selected=move || current.get().is_empty()>{all}</option>
                    {move || options.get().into_iter().map(|(v, l)| {
                        let selected = v == current.get();
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let segment_options = Memo::new(|_| {
        Segment::ALL
            .iter()
            .map(|s| (s.label().to_string(), s.label().to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <div class="toolbar" role="group" aria-label=if no_period { "Scope" } else { "Period and scope" }>
            <Show when=move || !no_period>
            <div class="toolbar-field">
                <label for="view-period">"Period"</label>
                <select id="view-period" on:change=on_period>
                    {move || {
                        let current = period_value();
                        PeriodPick::PRESETS.into_iter()
                            .map(|p| (p.key(), p.label()))
                            .chain(std::iter::once(("custom".to_string(), "Custom range…".to_string())))
                            .map(|(k, l)| { let s = k == current; view! { <option value=k selected=s>{l}</option> } })
                            .collect_view()
                    }}
                </select>
            </div>
            </Show>
            <Show when=move || custom_open.get()>
                <div class="toolbar-field custom-range" role="group" aria-label="Custom range">
                    <label><span>"From"</span><input type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                    <label><span>"To"</span><input type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                    <button type="button" class="btn btn-small" on:click=apply_custom>"Apply"</button>
                    {move || custom_error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                </div>
            </Show>
            <div class="toolbar-field">
                <label for="view-people">"People"</label>
                <select id="view-people" on:change=move |ev| { let k = event_target_value(&ev); change(&|v| v.scope.people = people_from_key(&k)); }>
                    {move || {
                        let current = view.with(|v| people_key(&v.scope.people));
                        people.get().into_iter().map(|(k, l)| { let s = k == current; view! { <option value=k selected=s>{l}</option> } }).collect_view()
                    }}
                </select>
            </div>
            {(!people_only).then(|| view! {
                {select("view-territory", "Territory", "All territories", territories,
                    Signal::derive(move || view.with(|v| v.scope.territory.as_ref().map(|t| t.to_string()).unwrap_or_default())),
                    Callback::new(move |k: String| change(&|v| v.scope.territory = (!k.is_empty()).then(|| Id::from_string(k.clone())))))}
                {select("view-segment", "Segment", "All segments", segment_options,
                    Signal::derive(move || view.with(|v| v.scope.segment.map(|s| s.label().to_string()).unwrap_or_default())),
                    Callback::new(move |k: String| change(&|v| v.scope.segment = Segment::from_label(&k))))}
                {select("view-pipeline", "Pipeline", "All pipelines", pipelines,
                    Signal::derive(move || view.with(|v| v.scope.pipeline.as_ref().map(|t| t.to_string()).unwrap_or_default())),
                    Callback::new(move |k: String| change(&|v| v.scope.pipeline = (!k.is_empty()).then(|| Id::from_string(k.clone())))))}
            })}
        </div>
    }
}
