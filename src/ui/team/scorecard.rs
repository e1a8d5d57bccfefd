//! A rep's scorecard (`/team/<rep>`): their numbers for a quarter beside the team
//! median, flags in words, the attainment trend, activity mix and won and lost reasons beside
//! the team's, goals, stalled deals, overdue activities and the coaching notes
//! (one-on-ones) with their action items; and the side-by-side board of
//! `/team/scorecards`. Every number comes from `planning::scorecard`, `planning::goals`
//! and `planning::coaching`.

use super::subnav::TeamNav;
use crate::analytics::charts::attainment::AttainmentTrend;
use crate::analytics::dashboard::{default_scope, people_from_key, people_key, people_options};
use crate::analytics::period::Period;
use crate::analytics::planning::coaching::{history, tick};
use crate::analytics::planning::goals::{goals_of, progress_of};
use crate::analytics::planning::scorecard::{
    board, people_listed, scorecard, ReasonRow, ScoreInput,
};
use crate::domain::planning_forms::{ActionItemForm, CoachingNoteForm};
use crate::domain::{Change, Id, Rates, Record, RepRole};
use crate::platform;
use crate::ui::components::chart::Chart;
use crate::ui::components::layout::PageHeader;
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The quarter a scorecard opens on, moved by the period buttons.
fn this_quarter(fiscal: u32) -> Period {
    Period::quarter_of(platform::today(), fiscal)
}

#[component]
fn QuarterPicker(period: RwSignal<Period>) -> impl IntoView {
    view! {
        <div class="period-picker">
            <button class="btn btn-small" on:click=move |_| { if let Some(p) = period.get_untracked().previous() { period.set(p); } }>"Previous quarter"</button>
            <strong aria-live="polite">{move || period.get().label()}</strong>
            <button class="btn btn-small" on:click=move |_| { if let Some(p) = period.get_untracked().next() { period.set(p); } }>"Next quarter"</button>
        </div>
    }
}

#[component]
pub fn ScorecardPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let rep =
        Memo::new(move |_| Id::from_string(params.with(|p| p.get("rep").unwrap_or_default())));
    let fiscal = state
        .ws
        .with_untracked(|w| w.settings.fiscal_year_start_month);
    let period = RwSignal::new(this_quarter(fiscal));
    let exists = Memo::new(move |_| state.ws.with(|w| w.reps.contains(&rep.get())));
    let card = Memo::new(move |_| {
        let today = platform::today();
        let id = rep.get();
        let p = period.get();
        state.ws.with(|w| {
            if !w.reps.contains(&id) {
                return None;
            }
            let rates = Rates::of(w);
            let stalled = state.stalled_deals(w, today);
            state.with_kpi_facts(w, |facts| {
                let input = ScoreInput {
                    ws: w,
                    facts,
                    rates: &rates,
                    today,
                    stalled: &stalled,
                };
                let goals = goals_of(w, &id);
                (
                    scorecard(&input, &id, p),
                    progress_of(w, facts, &rates, &goals, today),
                )
            })
        })
    });
    let notes = Memo::new(move |_| state.ws.with(|w| history(w, &rep.get(), platform::today())));
    let chart = Signal::derive(move || {
        card.with(|c| {
            c.as_ref()
                .map(|(s, _)| {
                    AttainmentTrend {
                        rep: s.name.clone(),
                        rows: s.trend.clone(),
                    }
                    .spec()
                })
                .unwrap_or_default()
        })
    });

    view! {
        <PageHeader title=Signal::derive(move || card.with(|c| c.as_ref().map(|(s, _)| format!("Scorecard: {}", s.name)).unwrap_or_else(|| "Scorecard".into())))
            subtitle=Signal::derive(move || card.with(|c| c.as_ref().map(|(s, _)| format!("{} · compared with {}", s.period, s.team)).unwrap_or_default()))/>
        <TeamNav/>
        <Show when=move || exists.get() fallback=|| view! { <section class="card section"><p class="empty-inline">"There is no such rep. Pick one in Team › Scorecards."</p></section> }>
            <QuarterPicker period=period/>
            {move || card.get().map(|(s, goals)| view! {
                <section class="card section" aria-label="Flags">
                    <h2 class="form-section-title">"Where to coach"</h2>
                    {if s.flags.is_empty() {
                        view! { <p class="muted">"Nothing well below the team this period."</p> }.into_any()
                    } else {
                        view! { <ul class="flag-list">{s.flags.iter().map(|f| view! { <li><strong>{f.headline.clone()}</strong>" — "{f.explanation.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <div class="score-grid">
                    <section class="card table-card section">
                        <table class="data-table" aria-label="Numbers beside the team">
                            <thead><tr><th scope="col">"Number"</th><th scope="col" class="num">"Rep"</th><th scope="col" class="num">"Team median"</th><th scope="col">"From"</th></tr></thead>
                            <tbody>{s.rows.iter().map(|r| view! {
                                <tr class:row-flagged=r.flag.is_some()>
                                    <th scope="row">{r.label.clone()}</th>
                                    <td class="num">{r.rep.clone()}</td>
                                    <td class="num">{r.team.clone()}</td>
                                    <td class="muted">{r.detail.clone()}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </section>
                    <section class="card section">
                        <Chart spec=chart level=2 height=240/>
                        <table class="data-table compact" aria-label="Attainment by quarter">
                            <thead><tr><th scope="col">"Quarter"</th><th scope="col" class="num">"Won"</th><th scope="col" class="num">"Quota"</th><th scope="col" class="num">"Attainment"</th><th scope="col" class="num">"Team median"</th></tr></thead>
                            <tbody>{s.trend.iter().map(|t| view! {
                                <tr><th scope="row">{t.period.clone()}</th><td class="num">{t.won.clone()}</td><td class="num">{t.quota.clone()}</td><td class="num">{t.attainment.clone()}</td><td class="num">{t.team_median.clone()}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    </section>
                </div>
                <div class="score-grid">
                    <section class="card table-card section" aria-label="Activity mix">
                        <h2 class="form-section-title">"Activity mix"</h2>
                        <table class="data-table compact" aria-label="Activity mix beside the team">
                            <thead><tr><th scope="col">"Kind"</th><th scope="col" class="num">"Rep"</th><th scope="col" class="num">"Rep share"</th><th scope="col" class="num">"Team median"</th><th scope="col" class="num">"Team share"</th></tr></thead>
                            <tbody>{s.mix.iter().map(|m| view! {
                                <tr><th scope="row">{m.kind.clone()}</th><td class="num">{m.rep}</td><td class="num">{m.rep_share.clone()}</td><td class="num">{m.team_median.clone()}</td><td class="num">{m.team_share.clone()}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    </section>
                    <section class="card table-card section" aria-label="Win and loss">
                        <h2 class="form-section-title">"Won and lost"</h2>
                        <p class="muted">{format!("{} won, {} lost this quarter.", s.won_n, s.lost_n)}</p>
                        {reason_table(&s.won_reasons, "Won because", "Won reasons beside the team", "Nobody in the team won a deal this quarter.")}
                        {reason_table(&s.lost_reasons, "Lost because", "Lost reasons beside the team", "Nobody in the team lost a deal this quarter.")}
                    </section>
                </div>
                <section class="card section" aria-label="Goals">
                    <h2 class="form-section-title">"Goals"</h2>
                    {if goals.is_empty() {
                        view! { <p class="muted">"No goals for this rep."</p> }.into_any()
                    } else {
                        view! { <ul class="goal-list">{goals.iter().map(|g| view! {
                            <li><span class="goal-title">{format!("{} · {}", g.title, g.period)}</span>
                                <div class="bar" role="progressbar" aria-label=g.title.clone() aria-valuenow=g.bar aria-valuemin="0" aria-valuemax="100"><span style:width=format!("{}%", g.bar)></span></div>
                                <span class="muted">{g.problem.clone().unwrap_or_else(|| g.text.clone())}</span></li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <div class="score-grid">
                    <section class="card section" aria-label="Stalled deals">
                        <h2 class="form-section-title">{format!("Stalled deals ({})", s.stalled.len())}</h2>
                        {if s.stalled.is_empty() { view! { <p class="muted">"No stalled deals."</p> }.into_any() } else {
                            view! { <ul class="todo-list">{s.stalled.clone().into_iter().map(|d| view! { <li><A href=href(&format!("/deals/{}", d.id))>{d.name}</A><span class="muted">{format!("{} · {}", d.stage, d.why)}</span></li> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section class="card section" aria-label="Overdue activities">
                        <h2 class="form-section-title">{format!("Overdue activities ({})", s.overdue.len())}</h2>
                        {if s.overdue.is_empty() { view! { <p class="muted">"Nothing overdue."</p> }.into_any() } else {
                            view! { <ul class="todo-list">{s.overdue.iter().map(|o| view! { <li><span class="kind">{o.kind.clone()}</span><span>{o.subject.clone()}</span><span class="muted">{format!("{} · {}", o.due, o.late)}</span></li> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                </div>
            })}
            <section class="card section" aria-label="One-on-ones">
                <h2 class="form-section-title">"One-on-ones"</h2>
                <p class="muted">{move || notes.with(|h| h.summary.clone())}</p>
                <CoachingForm rep=rep/>
                {move || notes.get().notes.into_iter().map(|n| {
                    let note_id = n.id.clone();
                    view! {
                        <article class="coaching-note">
                            <h3>{format!("{} {}", n.date, n.with)}</h3>
                            <p class="note-text">{n.notes.clone()}</p>
                            <ul class="action-items">{n.items.into_iter().map(|it| {
                                let note_id = note_id.clone();
                                view! {
                                    <li class=it.tone>
                                        <label><input type="checkbox" prop:checked=it.done on:change=move |ev| {
                                            let done = event_target_checked(&ev);
                                            let changed = state.ws.with_untracked(|w| w.coaching_notes.get(&note_id).and_then(|n| tick(n, it.index, done, platform::today(), platform::now())));
                                            if let Some(n) = changed {
                                                spawn_local(async move {
                                                    if let Err(e) = state.commit(vec![Change::Put(Record::CoachingNote(n))]).await { state.report(&e); }
                                                });
                                            }
                                        }/>{format!(" {}", it.text)}</label>
                                        <span class="muted">{format!(" {} · {}", it.owner, it.due_text)}</span>
                                    </li>
                                }
                            }).collect_view()}</ul>
                        </article>
                    }
                }).collect_view()}
            </section>
        </Show>
    }
}

/// A new one-on-one note: the day, what was discussed, action items with an owner and
/// a due day. The manager is the rep's manager (or "me" when I am a manager).
#[component]
fn CoachingForm(rep: Memo<Id>) -> impl IntoView {
    let state = use_app();
    let form = RwSignal::new(CoachingNoteForm::new(platform::today()));
    let errors = RwSignal::new(Vec::<String>::new());
    let owners = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "The rep".to_string())];
            v.extend(
                w.active_reps()
                    .into_iter()
                    .map(|r| (r.id.to_string(), r.name.clone())),
            );
            v
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = rep.get_untracked();
        let built = state.ws.with_untracked(|w| {
            let me =
                w.settings.me.as_ref().filter(|m| {
                    w.reps.get(m).is_some_and(|r| r.role == RepRole::Manager) && **m != id
                });
            let manager = me.or_else(|| w.reps.get(&id).and_then(|r| r.manager_id.as_ref()));
            form.with_untracked(|f| {
                f.to_record(w, &id, manager, platform::new_id(), platform::now())
            })
        });
        match built {
            Err(e) => errors.set(e.iter().map(|e| e.message.clone()).collect()),
            Ok(note) => {
                errors.set(Vec::new());
                spawn_local(async move {
                    match state
                        .commit(vec![Change::Insert(Record::CoachingNote(note))])
                        .await
                    {
                        Ok(()) => {
                            form.set(CoachingNoteForm::new(platform::today()));
                            state.notify(NoticeKind::Info, "Saved the one-on-one");
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    view! {
        <form class="form coaching-form" on:submit=submit novalidate=true aria-label="New one-on-one">
            {move || (!errors.with(Vec::is_empty)).then(|| view! { <div class="error-summary" role="alert"><ul>{errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul></div> })}
            <div class="form-grid">
                <label class="field">"Day of the one-on-one"
                    <input type="date" prop:value=move || form.with(|f| f.date.clone()) on:input=move |ev| form.update(|f| f.date = event_target_value(&ev))/>
                </label>
                <label class="field wide">"What was discussed"
                    <textarea rows="3" prop:value=move || form.with(|f| f.notes.clone()) on:input=move |ev| form.update(|f| f.notes = event_target_value(&ev))></textarea>
                </label>
            </div>
            {move || (0..form.with(|f| f.items.len())).map(|i| view! {
                <div class="form-grid action-item-row">
                    <label class="field">{format!("Action item {}", i + 1)}
                        <input prop:value=move || form.with(|f| f.items.get(i).map(|x| x.text.clone()).unwrap_or_default()) on:input=move |ev| form.update(|f| if let Some(x) = f.items.get_mut(i) { x.text = event_target_value(&ev) })/>
                    </label>
                    <label class="field">{format!("Owner of item {}", i + 1)}
                        <select on:change=move |ev| form.update(|f| if let Some(x) = f.items.get_mut(i) { x.owner_id = event_target_value(&ev) })>
                            {move || owners.get().into_iter().map(|(v, l)| { let sel = form.with_untracked(|f| f.items.get(i).is_some_and(|x| x.owner_id == v)); view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label class="field">{format!("Due date of item {}", i + 1)}
                        <input type="date" prop:value=move || form.with(|f| f.items.get(i).map(|x| x.due.clone()).unwrap_or_default()) on:input=move |ev| form.update(|f| if let Some(x) = f.items.get_mut(i) { x.due = event_target_value(&ev) })/>
                    </label>
                </div>
            }).collect_view()}
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| form.update(|f| f.items.push(ActionItemForm::default()))>"Add an action item"</button>
                <button type="submit" class="btn btn-primary">"Save one-on-one"</button>
            </div>
        </form>
    }
}

/// Scorecards side by side: by default what "me" is responsible for (a manager's
/// reports, directly or not; a rep's own; everyone with no "me"); any team, rep or
/// everyone can be picked.
#[component]
pub fn ScorecardsPage() -> impl IntoView {
    let state = use_app();
    let fiscal = state
        .ws
        .with_untracked(|w| w.settings.fiscal_year_start_month);
    let period = RwSignal::new(this_quarter(fiscal));
    // What "me" is responsible for: a manager's team, a rep's own card, else everyone.
    let whose = RwSignal::new(state.ws.with_untracked(|w| default_scope(w).people));
    let choices = Memo::new(move |_| state.ws.with(|w| people_options(w, &whose.get())));
    let table = Memo::new(move |_| {
        let today = platform::today();
        let p = period.get();
        let people = whose.get();
        state.ws.with(|w| {
            let rates = Rates::of(w);
            let stalled = state.stalled_deals(w, today);
            let reps = people_listed(w, &people);
            state.with_kpi_facts(w, |facts| {
                board(
                    &ScoreInput {
                        ws: w,
                        facts,
                        rates: &rates,
                        today,
                        stalled: &stalled,
                    },
                    &reps,
                    p,
                )
            })
        })
    });
    view! {
        <PageHeader title="Scorecards".to_string() subtitle=Signal::derive(move || table.with(|t| t.as_ref().map(|t| t.period.clone()).unwrap_or_default()))/>
        <TeamNav/>
        <div class="quota-controls card section">
            <label class="inline-field">"Scorecards of "
                <select aria-label="Whose scorecards" on:change=move |ev| whose.set(people_from_key(&event_target_value(&ev)))>
                    {move || choices.get().into_iter().map(|(k, l)| { let sel = k == people_key(&whose.get_untracked()); view! { <option value=k selected=sel>{l}</option> } }).collect_view()}
                </select>
            </label>
            <QuarterPicker period=period/>
        </div>
        <section class="card table-card section">
            {move || table.get().map(|t| if t.rows.is_empty() {
                view! { <p class="empty-inline">"Nobody reports to this manager yet: set managers in Team."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" aria-label="Scorecards side by side">
                        <thead><tr><th scope="col">"Rep"</th>{t.headers.iter().map(|h| view! { <th scope="col" class="num">{h.clone()}</th> }).collect_view()}<th scope="col" class="num">"Stalled"</th><th scope="col" class="num">"Overdue"</th><th scope="col" class="num">"Flags"</th></tr></thead>
                        <tbody>
                            {t.rows.clone().into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row"><A href=href(&format!("/team/{}", r.rep))>{r.name}</A></th>
                                    {r.cells.into_iter().map(|c| view! { <td class="num" class:cell-flagged=c.flagged title=c.why.unwrap_or_default()>{c.text}</td> }).collect_view()}
                                    <td class="num">{r.stalled}</td><td class="num">{r.overdue}</td><td class="num">{r.flags}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr><th scope="row">"Median"</th>{t.median.iter().map(|m| view! { <td class="num">{m.clone()}</td> }).collect_view()}<td></td><td></td><td></td></tr></tfoot>
                    </table>
                }.into_any()
            })}
        </section>
    }
}

/// Why the team's deals were won (or lost): the rep's count and share beside the team's.
fn reason_table(
    rows: &[ReasonRow],
    head: &'static str,
    label: &'static str,
    empty: &'static str,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <table class="data-table compact" aria-label=label>
            <thead><tr><th scope="col">{head}</th><th scope="col" class="num">"Rep"</th><th scope="col" class="num">"Rep share"</th><th scope="col" class="num">"Team share"</th></tr></thead>
            <tbody>{rows.iter().map(|r| view! {
                <tr><th scope="row">{r.reason.clone()}</th><td class="num">{r.rep}</td><td class="num">{r.rep_share.clone()}</td><td class="num">{r.team_share.clone()}</td></tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}
