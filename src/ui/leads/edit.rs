//! Leads: the create/edit page, with the status panel and the lead's activities.

use super::status::LeadStatusPanel;
use crate::analytics::delete_impact::DeleteImpact;
use crate::domain::activity_forms::Links;
use crate::domain::lead_forms::LeadForm;
use crate::domain::Id;
use crate::lens;
use crate::platform;
use crate::ui::components::activity_log::{ActivityTimeline, LogActivity};
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::{owner_options, save_record, DeleteRecord};
use crate::ui::components::layout::{PageHeader, RecordNotFound};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn LeadEditPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id"));
        view! { <LeadEditor id=id/> }
    }
}

#[component]
fn LeadEditor(id: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.leads.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! { <RecordNotFound kind="lead" list="leads"/> }.into_any();
    }
    let is_new = existing.is_none();
    let record_id = StoredValue::new(
        existing
            .as_ref()
            .map(|l| l.id.clone())
            .unwrap_or_else(platform::new_id),
    );
    let form = FormState::new(match &existing {
        Some(l) => LeadForm::from_lead(l),
        None => state
            .ws
            .with_untracked(|w| LeadForm::new(w.settings.me.as_ref())),
    });
    let saving = RwSignal::new(false);
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
                    f.to_record(
                        w,
                        w.leads.get(&record_id.get_value()),
                        record_id.get_value(),
                        platform::now(),
                    )
                },
                move |_| {
                    if is_new {
                        navigate(
                            &format!("/leads/{}", record_id.get_value()),
                            Default::default(),
                        );
                    }
                },
            );
        }
    };
    let delete_message = Signal::derive(move || {
        state
            .ws
            .with(|w| DeleteImpact::lead(w, &record_id.get_value()).question())
    });
    let changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w.leads.get(&id).map(|l| l.name.clone()).unwrap_or_default();
            (
                w.delete_lead_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });
    let lead = Memo::new(move |_| {
        state
            .ws
            .with(|w| w.leads.get(&record_id.get_value()).cloned())
    });
    let title = existing
        .as_ref()
        .map(|l| l.name.clone())
        .unwrap_or_else(|| "New lead".into());
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };
    view! {
        <PageHeader title=title>
            {move || lead.get().map(|l| view! { <span class=format!("badge badge-lead-{}", l.status.key())>{l.status.label()}</span> })}
            {(!is_new).then(|| view! { <DeleteRecord label="Delete lead" message=delete_message changes=changes back="/leads"/> })}
        </PageHeader>
        {move || lead.get().map(|l| view! { <LeadStatusPanel lead=l/> })}
        {(!is_new).then(|| view! { <LeadScorePanel id=record_id.get_value()/> })}
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Name").required().placeholder("Ana Silva"), lens!(name))}
                {text_field(form, FieldSpec::new("company", "Company").placeholder("Globex"), lens!(company))}
                {text_field(form, FieldSpec::new("email", "E-mail").kind("email"), lens!(email))}
                {text_field(form, FieldSpec::new("phone", "Phone").kind("tel"), lens!(phone))}
                {text_field(form, FieldSpec::new("title", "Job title").placeholder("VP Sales"), lens!(title))}
                {text_field(form, FieldSpec::new("company_size", "Employees").placeholder("250"), lens!(company_size))}
                {text_field(form, FieldSpec::new("source", "Source").placeholder("Webinar, referral, website…"), lens!(source))}
                {select_field(form, FieldSpec::new("owner_id", "Owner"), lens!(owner_id), owners)}
                {text_field(form, FieldSpec::new("score", "Your own rating (0–100)").kind("number"), lens!(score))}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {if is_new { "Create lead" } else { "Save lead" }}
                </button>
                <A href=href("/leads")><span class="btn">"Back to leads"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let about = state.ws.with_untracked(|w| w.leads.get(&id).map(|l| l.name.clone()).unwrap_or_default());
            let links = Links { lead_id: Some(id.clone()), ..Default::default() };
            view! {
                <LogActivity links=links about=about/>
                <ActivityTimeline filter=|a, id| a.lead_id.as_ref() == Some(id) id=id/>
            }
        })}
    }
    .into_any()
}

/// The lead's computed score and learned chance, each with why; follows every change
/// to the lead, its activities and the weights.
#[component]
fn LeadScorePanel(id: Id) -> impl IntoView {
    use crate::analytics::automation::lead_scoring::lead_score_view;
    let state = use_app();
    let view_of = Memo::new(move |_| {
        state
            .ws
            .with(|w| state.with_lead_scoring(w, |s| lead_score_view(w, s, &id)))
            .flatten()
    });
    move || {
        view_of.get().map(|v| {
            view! {
                <section class="card section lead-score" aria-label="Lead score">
                    <p><strong>{format!("Score {}", v.points)}</strong>" "<span class="muted">{v.points_why}</span></p>
                    <p>
                        {v.learned.map(|p| view! { <strong>{format!("Learned chance {p}")}</strong>" " })}
                        <span class="muted">{v.learned_why}</span>
                    </p>
                    <p class="muted small"><A href=href("/scoring")>"How leads are scored"</A></p>
                </section>
            }
        })
    }
}
