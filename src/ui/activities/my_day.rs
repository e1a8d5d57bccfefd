//! My day: overdue, today's and upcoming activities (deal next steps count as tasks)
//! and the open deals without a next step.

use crate::analytics::my_day::{my_day, Todo};
use crate::domain::forms::date_label;
use crate::domain::Id;
use crate::platform;
use crate::ui::components::activity_log::when;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::next_actions::NextBestActions;
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

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
        <NextBestActions/>
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
