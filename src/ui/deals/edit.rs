//! Deals: the create/edit page, with the deal's contacts, activities and stage history.

use super::contacts::DealContacts;
use super::history::{DealOutlook, StageHistory};
use crate::analytics::delete_impact::DeleteImpact;
use crate::analytics::text::plural;
use crate::domain::activity_forms::Links;
use crate::domain::forms::DealForm;
use crate::domain::money::COMMON_CURRENCIES;
use crate::domain::{ForecastCategory, Id, StageKind};
use crate::lens;
use crate::platform;
use crate::ui::components::activity_log::{ActivityTimeline, LogActivity};
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::{owner_options, save_record, DeleteRecord};
use crate::ui::components::layout::{PageHeader, RecordNotFound};
use crate::ui::components::lost_reasons::{LostReasons, WonReasons};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Source leads listed at once in the deal form's menu.
const LEAD_CHOICES: usize = 200;

#[component]
pub fn DealEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let id = params.with(|p| p.get("id"));
        let account = query.with_untracked(|q| q.get("account"));
        view! { <DealEditor id=id account=account/> }
    }
}

#[component]
fn DealEditor(id: Option<String>, account: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.deals.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! { <RecordNotFound kind="deal" list="deals"/> }.into_any();
    }
    let is_new = existing.is_none();
    let record_id = StoredValue::new(
        existing
            .as_ref()
            .map(|d| d.id.clone())
            .unwrap_or_else(platform::new_id),
    );
    let initial = match &existing {
        Some(d) => DealForm::from_deal(d),
        None => state.ws.with_untracked(|w| {
            let account = account
                .map(Id::from_string)
                .filter(|a| w.accounts.contains(a));
            DealForm::new(w, account.as_ref())
        }),
    };
    let form = FormState::new(initial);
    let saving = RwSignal::new(false);
    let existing = StoredValue::new(existing);

    // A stage must belong to the chosen pipeline: switching pipelines picks the new
    // pipeline's first open stage.
    Effect::new(move |_| {
        let pipeline_id = form.values.with(|f| f.pipeline_id.clone());
        let stage_ok = state.ws.with_untracked(|w| {
            let stage = form
                .values
                .with_untracked(|f| Id::from_string(f.stage_id.clone()));
            w.pipelines
                .get(&Id::from_string(pipeline_id.clone()))
                .map(|p| {
                    (
                        p.stage(&stage).is_some(),
                        p.first_open_stage().map(|s| s.id.to_string()),
                    )
                })
        });
        if let Some((false, Some(first))) = stage_ok {
            form.values.update(|f| f.stage_id = first);
        }
    });
    let stage_kind = Memo::new(move |_| {
        let (p, s) = form
            .values
            .with(|f| (f.pipeline_id.clone(), f.stage_id.clone()));
        state.ws.with(|w| {
            w.pipelines
                .get(&Id::from_string(p))
                .and_then(|p| p.stage(&Id::from_string(s)))
                .map(|s| s.kind)
                .unwrap_or(StageKind::Open)
        })
    });

    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let navigate = navigate.clone();
            save_record(
                state,
                form,
                saving,
                is_new,
                |w, f| {
                    existing.with_value(|e| {
                        f.to_record(
                            w,
                            e.as_ref(),
                            record_id.get_value(),
                            platform::now(),
                            platform::today(),
                        )
                    })
                },
                move |deal: crate::domain::Deal| {
                    existing.set_value(Some(deal.clone()));
                    if is_new {
                        navigate(
                            &format!("/deals/{}", record_id.get_value()),
                            Default::default(),
                        );
                    } else {
                        form.values.set(DealForm::from_deal(&deal));
                    }
                },
            );
        }
    };

    let delete_changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w.deals.get(&id).map(|d| d.name.clone()).unwrap_or_default();
            (
                w.delete_deal_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });
    let delete_message = Signal::derive(move || {
        state
            .ws
            .with(|w| DeleteImpact::deal(w, &record_id.get_value()).question())
    });

    // The saved name, also after a save here or in another tab.
    let title = Signal::derive(move || {
        if is_new {
            return "New deal".to_string();
        }
        let id = record_id.get_value();
        state
            .ws
            .with(|w| w.deals.get(&id).map(|d| d.name.clone()))
            .unwrap_or_default()
    });
    let account_options = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "No account".to_string())];
            v.extend(
                w.accounts_by_name()
                    .into_iter()
                    .map(|a| (a.id.to_string(), a.name.clone())),
            );
            v
        })
    };
    let currency_options = move || {
        let current = form.values.with(|f| f.currency.clone());
        let mut v: Vec<(String, String)> = COMMON_CURRENCIES
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect();
        if !current.is_empty() && !COMMON_CURRENCIES.contains(&current.as_str()) {
            v.push((current.clone(), current));
        }
        v
    };
    let pipeline_options = move || {
        state.ws.with(|w| {
            w.pipelines_in_order()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect()
        })
    };
    let stage_options = move || {
        let p = form.values.with(|f| f.pipeline_id.clone());
        state.ws.with(|w| {
            w.pipelines
                .get(&Id::from_string(p))
                .map(|p| {
                    p.stages
                        .iter()
                        .map(|s| (s.id.to_string(), format!("{} · {}%", s.name, s.probability)))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };
    // Qualified and converted leads (the ones deals come from), narrowed by what is
    // typed in "Find a source lead": a large workspace has tens of thousands.
    let lead_query = RwSignal::new(String::new());
    let lead_choices = Memo::new(move |_| {
        let current = form.values.with(|f| f.source_lead_id.clone());
        lead_query.with(|q| {
            state
                .ws
                .with(|w| crate::domain::leads::source_lead_choices(w, &current, q, LEAD_CHOICES))
        })
    });
    let lead_options = move || lead_choices.with(|(choices, _)| choices.clone());
    let lead_hint = move || {
        lead_choices.with(|(_, matched)| match *matched {
            0 => "No qualified lead matches.".to_string(),
            n if n > LEAD_CHOICES => format!(
                "{} match; the list shows the first {LEAD_CHOICES}. Type more to narrow it.",
                plural(n, "lead", "leads")
            ),
            n => format!("{} in the list.", plural(n, "lead", "leads")),
        })
    };
    let category_options = move || {
        let mut v = vec![(String::new(), "Stage default".to_string())];
        v.extend(
            ForecastCategory::ALL
                .iter()
                .map(|c| (c.key().to_string(), c.label().to_string())),
        );
        v
    };

    view! {
        <PageHeader title=title>
            {(!is_new).then(|| view! {
                <DeleteRecord label="Delete deal" message=delete_message changes=delete_changes back="/deals"/>
            })}
        </PageHeader>
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Deal name").required().placeholder("Acme — 50 seats"), lens!(name))}
                {select_field(form, FieldSpec::new("account_id", "Account"), lens!(account_id), account_options)}
                {text_field(form, FieldSpec::new("amount", "Amount").placeholder("12,500.00").hint("Type it as you like: 12,500.00 · €12.500,00 · $12,500. Leave it empty while you do not know it yet; a won deal needs one."), lens!(amount))}
                {select_field(form, FieldSpec::new("currency", "Currency"), lens!(currency), currency_options)}
                {select_field(form, FieldSpec::new("pipeline_id", "Pipeline"), lens!(pipeline_id), pipeline_options)}
                {select_field(form, FieldSpec::new("stage_id", "Stage"), lens!(stage_id), stage_options)}
                {select_field(form, FieldSpec::new("owner_id", "Owner"), lens!(owner_id), owners)}
                {text_field(form, FieldSpec::new("expected_close", "Expected close").kind("date"), lens!(expected_close))}
                {select_field(form, FieldSpec::new("forecast_category", "Forecast category"), lens!(forecast_category), category_options)}
                {text_field(form, FieldSpec::new("mrr", "Monthly recurring revenue").placeholder("Subscriptions only"), lens!(mrr))}
                {text_field(form, FieldSpec::new("next_step", "Next step").placeholder("Send the proposal"), lens!(next_step))}
                {text_field(form, FieldSpec::new("next_step_due", "Next step due").kind("date"), lens!(next_step_due))}
                <Show when=move || stage_kind.get() != StageKind::Open>
                    {text_field(form, FieldSpec::new("closed_on", "Closed on").kind("date").hint("Today unless you set another date"), lens!(closed_on))}
                </Show>
                <Show when=move || stage_kind.get() == StageKind::Lost>
                    {text_field(form, FieldSpec::new("lost_reason", "Lost reason").required().placeholder("Price, timing, competitor…").suggestions("lost-reasons"), lens!(lost_reason))}
                </Show>
                <Show when=move || stage_kind.get() == StageKind::Won>
                    {text_field(form, FieldSpec::new("won_reason", "Won reason").placeholder("Product fit, relationship, price…").hint("Optional: what made them buy").suggestions("won-reasons"), lens!(won_reason))}
                    <WonReasons/>
                </Show>
                <div class="field">
                    <label for="source-lead-search">"Find a source lead"</label>
                    <input
                        id="source-lead-search"
                        type="search"
                        placeholder="Name or company"
                        aria-describedby="source-lead-search-hint"
                        prop:value=move || lead_query.get()
                        on:input=move |ev| lead_query.set(event_target_value(&ev))
                    />
                    <p class="field-hint" id="source-lead-search-hint" aria-live="polite">{lead_hint}</p>
                </div>
                {select_field(form, FieldSpec::new("source_lead_id", "Source lead"), lens!(source_lead_id), lead_options)}
            </div>
            <LostReasons/>
            <DealContacts form=form/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {if is_new { "Create deal" } else { "Save deal" }}
                </button>
                <A href=href("/deals")><span class="btn">"Back to deals"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let (links, about) = state.ws.with_untracked(|w| {
                let d = w.deals.get(&id);
                let about = d
                    .and_then(|d| w.account_name(d.account_id.as_ref()))
                    .map(str::to_string)
                    .or_else(|| d.map(|d| d.name.clone()))
                    .unwrap_or_default();
                (Links::for_deal(w, &id), about)
            });
            view! {
                <LogActivity links=links about=about/>
                <ActivityTimeline filter=|a, id| a.deal_id.as_ref() == Some(id) id=id.clone()/>
                <DealOutlook deal_id=id.clone()/>
                <StageHistory deal_id=id/>
            }
        })}
    }
    .into_any()
}
