//! Settings › Currencies: a dated rate to the home currency for each currency in use.
//! A new rate applies from its day on; older periods keep the rate of their day.

use crate::domain::money::format_minor;
use crate::domain::rates::{currency_rows, RateForm};
use crate::domain::time::format_date;
use crate::domain::{Change, Kind, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{error_summary, text_field, FieldSpec, FormState};
use crate::ui::components::form_support::focus_first_invalid;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Currencies() -> impl IntoView {
    let state = use_app();
    let today = platform::today();
    let blank = move || RateForm {
        valid_from: today.format("%Y-%m-%d").to_string(),
        ..RateForm::default()
    };
    let form = FormState::new(blank());
    let rows = Memo::new(move |_| state.ws.with(|w| currency_rows(w, today)));
    let home = Memo::new(move |_| state.ws.with(|w| w.settings.home_currency.clone()));
    let saving = RwSignal::new(false);
    // Reached by "Set a rate" links (/settings#currencies): a client-side navigation
    // does not scroll to the anchor by itself.
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let at_anchor = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .is_some_and(|h| h == "#currencies");
        if let (true, Some(el)) = (at_anchor, section.get()) {
            el.scroll_into_view();
        }
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let built = state.ws.with_untracked(|w| {
            form.values
                .with_untracked(|f| f.to_record(w, platform::new_id(), platform::now()))
                .map(|r| {
                    let exists = w.exchange_rates.contains(&r.id);
                    (r, exists)
                })
        });
        match built {
            Err(e) => {
                form.errors.set(e);
                focus_first_invalid();
            }
            Ok((rate, exists)) => {
                let text = format!(
                    "1 {} = {} {} from {}",
                    rate.currency,
                    rate.rate,
                    rate.quote,
                    format_date(rate.valid_from)
                );
                let change = if exists {
                    Change::Put(Record::ExchangeRate(rate))
                } else {
                    Change::Insert(Record::ExchangeRate(rate))
                };
                saving.set(true);
                spawn_local(async move {
                    match state.commit(vec![change]).await {
                        Ok(()) => {
                            form.values.set(blank());
                            form.errors.set(Default::default());
                            state.notify(NoticeKind::Info, format!("Rate saved: {text}"));
                        }
                        Err(e) => state.report(&e),
                    }
                    saving.set(false);
                });
            }
        }
    };

    let delete = move |id: crate::domain::Id, label: String| {
        spawn_local(async move {
            let changes = vec![Change::Delete(Kind::ExchangeRate, id)];
            if let Err(e) = state
                .delete_with_undo(changes, format!("Deleted the rate {label}"))
                .await
            {
                state.report(&e);
            }
        });
    };

    view! {
        <section class="card section" id="currencies" aria-labelledby="currencies-title" node_ref=section>
            <h2 class="form-section-title" id="currencies-title">"Currencies"</h2>
            <p class="muted">
                {move || format!("Totals, sorts and KPIs convert other currencies to {} with the rate in force on the day that decides (the close date for won deals, today for open pipeline). An amount whose currency has no rate is shown apart, never added as if it were {}. A rate applies from its day on; the earliest one also applies before it.", home.get(), home.get())}
            </p>
            <Show when=move || !rows.with(|r| r.is_empty()) fallback=|| view! { <p class="muted">"All your deals are in your home currency: no rate is needed."</p> }>
                <table class="data-table">
                    <caption class="sr-only">"Rates to the home currency"</caption>
                    <thead><tr><th scope="col">"Currency"</th><th scope="col">"Deals"</th><th scope="col">"Rate today"</th><th scope="col">"Rates entered"</th></tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r| {
                            let code = r.currency.code().to_string();
                            let today_text = match r.today {
                                Some(rate) => format!("1 {code} = {rate} {}", home.get()),
                                None => format!("No rate for {code}"),
                            };
                            let missing = r.today.is_none();
                            let example = r.today.and_then(|_| {
                                state.ws.with_untracked(|w| {
                                    crate::domain::Rates::of(w).to_home(10i64.pow(r.currency.minor_digits()) * 100, &r.currency, today)
                                }).map(|h| format!("{} = {}", format_minor(10i64.pow(r.currency.minor_digits()) * 100, &r.currency), format_minor(h, &home.get())))
                            });
                            view! {
                                <tr>
                                    <th scope="row">{code.clone()}</th>
                                    <td>{r.deals}</td>
                                    <td>
                                        <span class=if missing { "badge badge-prospect" } else { "" }>{today_text}</span>
                                        {example.map(|e| view! { <div class="muted small">{e}</div> })}
                                    </td>
                                    <td>
                                        <ul class="plain-list compact">
                                            {r.rates.into_iter().map(|x| {
                                                let label = format!("{} from {}", x.rate, format_date(x.valid_from));
                                                let aria = format!("Delete the {} rate from {}", x.currency, format_date(x.valid_from));
                                                let id = x.id.clone();
                                                let l2 = format!("{} {}", x.currency, label);
                                                view! {
                                                    <li>
                                                        <span>{label}</span>
                                                        <button type="button" class="btn btn-small" aria-label=aria on:click=move |_| delete(id.clone(), l2.clone())>"Delete"</button>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
            <form class="form" on:submit=save novalidate=true aria-label="Add a rate">
                {error_summary(form)}
                <div class="form-grid three">
                    {text_field(form, FieldSpec::new("currency", "Currency").placeholder("EUR").hint("Its ISO code"), lens!(currency))}
                    {text_field(form, FieldSpec::new("valid_from", "Applies from").kind("date"), lens!(valid_from))}
                    {text_field(form, FieldSpec::new("rate", "Rate").placeholder("1.0843").hint("How much one unit is worth in your home currency"), lens!(rate))}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || saving.get()>"Save rate"</button>
                </div>
            </form>
        </section>
    }
}
