//! Activities: the log-an-activity panel used on record pages, the activity list,
//! and My day.

use super::form_support::{focus_first_invalid, owner_options, plural};
use crate::analytics::my_day::{my_day, Todo};
use crate::domain::activity_forms::{set_done, ActivityForm, Links};
use crate::domain::entities::{Activity, ActivityKind};
use crate::domain::forms::date_label;
use crate::domain::{Change, Id, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::layout::PageHeader;
use crate::ui::components::table::{filter_select, Pager, PAGE_SIZE};
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

fn when(a: &Activity) -> String {
    match a.due {
        Some(d) if d.time() == chrono::NaiveTime::MIN => date_label(Some(d.date())),
        Some(d) => format!("{} {}", date_label(Some(d.date())), d.format("%H:%M")),
        None => date_label(Some(a.created_at.date_naive())),
    }
}

/// "Log activity": pick a kind (one click), adjust if you like, save (second click).
#[component]
pub fn LogActivity(links: Links, about: String) -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(false);
    let form = FormState::new(ActivityForm::default());
    let links = StoredValue::new(links);
    let about = StoredValue::new(about);
    let done = RwSignal::new(true);
    let choose = move |kind: ActivityKind| {
        let me = state.ws.with_untracked(|w| w.settings.me.clone());
        let f = about.with_value(|a| ActivityForm::quick(kind, a, me.as_ref()));
        done.set(f.done);
        form.values.set(f);
        form.errors.set(Default::default());
        open.set(true);
        request_animation_frame(|| {
            use wasm_bindgen::JsCast;
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("log-save"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.values.update(|f| f.done = done.get_untracked());
        let built = state.ws.with_untracked(|w| {
            form.values.with_untracked(|f| {
                links.with_value(|l| f.to_record(w, l, platform::new_id(), platform::now()))
            })
        });
        match built {
            Err(e) => {
                form.errors.set(e);
                focus_first_invalid();
            }
            Ok(a) => {
                let label = a.kind.label();
                spawn_local(async move {
                    match state
                        .commit(vec![Change::Insert(Record::Activity(a))])
                        .await
                    {
                        Ok(()) => {
                            open.set(false);
                            state.notify(NoticeKind::Info, format!("{label} logged"));
                        }
                        Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                    }
                });
            }
        }
    };
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };
    let kinds = || {
        ActivityKind::ALL
            .iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect()
    };
    view! {
        <section class="card section log-activity">
            <div class="section-header">
                <h2>"Log activity"</h2>
                <div class="kind-buttons" role="group" aria-label="Log activity">
                    {ActivityKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <button class="btn btn-small" on:click=move |_| choose(k)>{format!("Log {}", k.label().to_lowercase())}</button> }
                    }).collect_view()}
                </div>
            </div>
            <Show when=move || open.get()>
                <form class="form" on:submit=save novalidate=true aria-label="New activity">
                    {error_summary(form)}
                    <div class="form-grid">
                        {select_field(form, FieldSpec::new("kind", "Kind"), lens!(kind), kinds)}
                        {text_field(form, FieldSpec::new("subject", "Subject").required(), lens!(subject))}
                        {text_field(form, FieldSpec::new("due_date", "Due date").kind("date"), lens!(due_date))}
                        {text_field(form, FieldSpec::new("due_time", "Due time").kind("time"), lens!(due_time))}
                        {text_field(form, FieldSpec::new("outcome", "Outcome").placeholder("Interested, call back in Q1"), lens!(outcome))}
                        {select_field(form, FieldSpec::new("owner_id", "Activity owner"), lens!(owner_id), owners)}
                        {text_field(form, FieldSpec::new("notes", "Notes"), lens!(notes))}
                    </div>
                    <div class="check">
                        <input type="checkbox" id="log-done" prop:checked=move || done.get() on:change=move |ev| done.set(event_target_checked(&ev))/>
                        <label for="log-done">"Done"</label>
                    </div>
                    <div class="form-actions">
                        <button type="submit" id="log-save" class="btn btn-primary">"Save activity"</button>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// A record's activities, newest first, with a done toggle.
#[component]
pub fn ActivityTimeline(filter: fn(&Activity, &Id) -> bool, id: Id) -> impl IntoView {
    let state = use_app();
    let items = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut v: Vec<Activity> = w
                .activities
                .values()
                .filter(|a| filter(a, &id))
                .cloned()
                .collect();
            v.sort_by(|a, b| {
                b.due
                    .unwrap_or(b.created_at.naive_utc())
                    .cmp(&a.due.unwrap_or(a.created_at.naive_utc()))
            });
            v
        })
    });
    view! {
        <section class="card section">
            <div class="section-header"><h2>"Activities"</h2><span class="muted">{move || plural(items.with(|i| i.len()), "activity", "activities")}</span></div>
            <Show when=move || items.with(|i| !i.is_empty()) fallback=|| view! { <p class="muted">"Nothing logged yet."</p> }>
                <ul class="activity-list">
                    {move || items.get().into_iter().map(|a| view! { <ActivityItem activity=a/> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn ActivityItem(activity: Activity) -> impl IntoView {
    let state = use_app();
    let a = activity.clone();
    let toggle = move |_| {
        let updated = set_done(&a, !a.done, platform::now());
        spawn_local(async move {
            if let Err(e) = state
                .commit(vec![Change::Put(Record::Activity(updated))])
                .await
            {
                state.notify(NoticeKind::Error, e.to_string());
            }
        });
    };
    let id = format!("done-{}", activity.id);
    let delete_id = activity.id.clone();
    let subject = activity.subject.clone();
    let remove = move |_| {
        let changes = vec![Change::Delete(
            crate::domain::Kind::Activity,
            delete_id.clone(),
        )];
        let text = format!("Deleted “{subject}”");
        spawn_local(async move {
            if let Err(e) = state.delete_with_undo(changes, text).await {
                state.notify(NoticeKind::Error, e.to_string());
            }
        });
    };
    view! {
        <li class="activity" class:activity-done=activity.done>
            <input type="checkbox" id=id.clone() prop:checked=activity.done on:change=toggle/>
            <label for=id>
                <span class=format!("kind kind-{}", activity.kind.key())>{activity.kind.label()}</span>
                <span class="activity-subject">{activity.subject.clone()}</span>
            </label>
            <span class="muted activity-when">{when(&activity)}</span>
            <button class="btn-link" aria-label=format!("Delete activity {}", activity.subject) on:click=remove>"Delete"</button>
            {activity.outcome.clone().map(|o| view! { <span class="activity-outcome">{o}</span> })}
        </li>
    }
}

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
                super::form_support::owner_filter_options(w)
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

/// One line of My day: kind, subject, when, and the page it opens.
#[derive(Clone, PartialEq)]
struct TodoRow {
    kind: String,
    subject: String,
    when: String,
    link: String,
}

#[derive(Clone, PartialEq)]
struct DayView {
    overdue: Vec<TodoRow>,
    today: Vec<TodoRow>,
    upcoming: Vec<TodoRow>,
    no_next_step: Vec<(Id, String)>,
}

fn todo_row(t: &Todo) -> TodoRow {
    match t {
        Todo::Activity(a) => TodoRow {
            kind: a.kind.label().to_string(),
            subject: a.subject.clone(),
            when: when(a),
            link: a
                .deal_id
                .as_ref()
                .map(|d| format!("/deals/{d}"))
                .unwrap_or_else(|| "/activities".into()),
        },
        Todo::NextStep(d) => TodoRow {
            kind: "Next step".to_string(),
            subject: format!("{} — {}", d.next_step.clone().unwrap_or_default(), d.name),
            when: date_label(d.next_step_due),
            link: format!("/deals/{}", d.id),
        },
    }
}

#[component]
pub fn MyDayPage() -> impl IntoView {
    let state = use_app();
    let data = Memo::new(move |_| {
        let today = platform::today();
        state.ws.with(|w| {
            let d = my_day(w, w.settings.me.as_ref(), today);
            DayView {
                overdue: d.overdue.iter().map(todo_row).collect(),
                today: d.today.iter().map(todo_row).collect(),
                upcoming: d.upcoming.iter().map(todo_row).collect(),
                no_next_step: d
                    .deals_without_next_step
                    .iter()
                    .map(|d| (d.id.clone(), d.name.clone()))
                    .collect(),
            }
        })
    });
    let list = move |title: &'static str,
                     pick: fn(&DayView) -> Vec<TodoRow>,
                     empty: &'static str| {
        view! {
            <section class="card section day-section">
                <h2>{title}</h2>
                {move || {
                    let items = data.with(pick);
                    if items.is_empty() {
                        view! { <p class="muted">{empty}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="todo-list" aria-label=title>
                                {items.into_iter().map(|t| view! {
                                    <li><span class="kind">{t.kind}</span><A href=href(&t.link)>{t.subject}</A><span class="muted">{t.when}</span></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
        }
    };
    view! {
        <PageHeader title="My day".to_string() subtitle=Signal::derive(move || date_label(Some(platform::today())))/>
        <div class="day-grid">
            {list("Overdue", |d| d.overdue.clone(), "Nothing overdue.")}
            {list("Today", |d| d.today.clone(), "Nothing due today.")}
            {list("Next 7 days", |d| d.upcoming.clone(), "Nothing coming up this week.")}
            <section class="card section day-section">
                <h2>"Deals without a next step"</h2>
                {move || {
                    let deals = data.with(|d| d.no_next_step.clone());
                    if deals.is_empty() {
                        view! { <p class="muted">"Every open deal has a next step."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="todo-list" aria-label="Deals without a next step">
                                {deals.into_iter().map(|(id, name)| view! { <li><A href=href(&format!("/deals/{id}"))>{name}</A></li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </section>
        </div>
    }
}
