//! My day: overdue, today's and upcoming activities (deal next steps count as tasks)
//! and the open deals without a next step; above them where I stand against my
//! quarter's quota, my goals, and the one-on-ones' action items still open (mine, my
//! reps', and those I own), each ticked done here.

use crate::analytics::dashboard::{default_scope, people_from_key, people_key, people_options};
use crate::analytics::my_day::{my_day, Todo};
use crate::analytics::planning::attainment::my_day_line;
use crate::analytics::planning::coaching::{open_items_for, tick};
use crate::analytics::planning::goals::{goals_for, progress_of};
use crate::analytics::scope::People;
use crate::domain::forms::date_label;
use crate::domain::Id;
use crate::domain::{Change, Rates, Record};
use crate::platform;
use crate::ui::components::activity_log::when;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::next_actions::NextBestActions;
use crate::ui::links::href;
use crate::ui::state::use_app;
use crate::ui::state::NoticeKind;
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
    // Whose quota the line is about: what "me" is responsible for until another is chosen.
    let whose = RwSignal::new(None::<People>);
    let whose_options = Memo::new(move |_| {
        state.ws.with(|w| {
            let current = whose.get().unwrap_or_else(|| default_scope(w).people);
            (people_key(&current), people_options(w, &current))
        })
    });
    let plan = Memo::new(move |_| {
        let today = platform::today();
        let chosen = whose.get();
        state.ws.with(|w| {
            let rates = Rates::of(w);
            let me = w.settings.me.as_ref();
            let items = open_items_for(w, me, today);
            state
                .with_kpi_facts(w, |facts| {
                    let goals = goals_for(w, me);
                    (
                        my_day_line(w, facts, &rates, today, chosen.as_ref()),
                        progress_of(w, facts, &rates, &goals, today),
                    )
                })
                .map(|(line, goals)| (line, goals, items))
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
        {move || plan.get().map(|(line, goals, items)| view! {
            <section class="card section day-plan" aria-label="Quota and goals">
                <label class="inline-field whose-quota">"Quota of "
                    <select aria-label="Whose quota" on:change=move |ev| whose.set(Some(people_from_key(&event_target_value(&ev))))>
                        {move || { let (current, opts) = whose_options.get(); opts.into_iter().map(|(k, l)| { let sel = k == current; view! { <option value=k selected=sel>{l}</option> } }).collect_view() }}
                    </select>
                </label>
                <p class="attainment-line">{line.text.clone()}</p>
                {line.share.map(|_| view! { <div class="bar" role="progressbar" aria-label="Quota attainment" aria-valuenow=line.bar aria-valuemin="0" aria-valuemax="100"><span style:width=format!("{}%", line.bar)></span></div> })}
                {(!goals.is_empty()).then(|| view! {
                    <ul class="goal-list" aria-label="Goals">{goals.into_iter().map(|g| view! {
                        <li><span class="goal-title">{format!("{} · {} · {}", g.title, g.whose, g.period)}</span>
                            <div class="bar" role="progressbar" aria-label=g.title.clone() aria-valuenow=g.bar aria-valuemin="0" aria-valuemax="100"><span style:width=format!("{}%", g.bar)></span></div>
                            <span class="muted">{g.problem.unwrap_or(g.text)}</span></li>
                    }).collect_view()}</ul>
                })}
            </section>
            <section class="card section day-section" aria-label="Action items">
                <h2>"Action items from one-on-ones"</h2>
                {if items.is_empty() {
                    view! { <p class="muted">"No open action items. They come from the one-on-ones on each rep's scorecard (Team)."</p> }.into_any()
                } else {
                    view! { <ul class="todo-list action-items">{items.into_iter().map(|it| {
                        let (note, index) = (it.note.clone(), it.index);
                        view! {
                            <li class=it.due.tone()>
                                <label><input type="checkbox" on:change=move |_| {
                                    let changed = state.ws.with_untracked(|w| w.coaching_notes.get(&note).and_then(|n| tick(n, index, true, platform::today(), platform::now())));
                                    if let Some(n) = changed {
                                        leptos::task::spawn_local(async move {
                                            match state.commit(vec![Change::Put(Record::CoachingNote(n))]).await {
                                                Ok(()) => state.notify(NoticeKind::Info, "Action item done"),
                                                Err(e) => state.report(&e),
                                            }
                                        });
                                    }
                                }/>{format!(" {}", it.text)}</label>
                                <span class="muted">{format!("{} · {} · {}", it.owner_name, it.due_text, it.from)}</span>
                            </li>
                        }
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
        })}
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
