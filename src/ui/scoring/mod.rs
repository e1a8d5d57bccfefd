//! Lead scoring (Workspace › Lead scoring): the points model's weights, which the user
//! edits, and what the learned model knows (its sample, holdout accuracy and the
//! inputs that move the odds most). Both are computed in
//! `analytics::automation::lead_scoring`; the weights live in the workspace settings.

use crate::analytics::automation::lead_scoring::{learned_summary, min_sample_rule, LeadScoring};
use crate::domain::automation::scoring::ScoringForm;
use crate::domain::Change;
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, text_field, textarea_field, FieldSpec, FormState,
};
use crate::ui::components::layout::PageHeader;
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn ScoringPage() -> impl IntoView {
    let state = use_app();
    let form = FormState::new(
        state
            .ws
            .with_untracked(|w| ScoringForm::from_model(&w.settings.scoring)),
    );
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let built = form.values.with_untracked(|f| f.to_model());
        let model = match built {
            Err(e) => {
                form.errors.set(e);
                return;
            }
            Ok(m) => m,
        };
        form.errors.set(Default::default());
        let settings = state.ws.with_untracked(|w| {
            let mut s = w.settings.clone();
            s.scoring = model;
            s.updated_at = Some(platform::now());
            s
        });
        saving.set(true);
        spawn_local(async move {
            let r = state.commit(vec![Change::Settings(settings)]).await;
            saving.set(false);
            match r {
                Ok(()) => state.notify(
                    NoticeKind::Info,
                    "Weights saved; every lead is scored with them now",
                ),
                Err(e) => state.report(&e),
            }
        });
    };
    let reset = move |_| {
        form.values
            .set(ScoringForm::from_model(&Default::default()));
        form.errors.set(Default::default());
    };
    let summary = Memo::new(move |_| {
        state
            .ws
            .with(|w| state.with_lead_scoring(w, |s| learned_summary(&s.learned)))
            .unwrap_or_else(|| learned_summary(&LeadScoring::default().learned))
    });
    view! {
        <PageHeader title="Lead scoring".to_string() subtitle=Signal::derive(|| "The points behind every lead's score, and what the workspace's own leads teach".to_string())>
            <A href=href("/leads")><span class="btn">"Back to leads"</span></A>
        </PageHeader>
        <section class="card section">
            <h2>"Points model"</h2>
            <p class="muted">"A lead's score (0–100) adds the points below for what is known about it. Lists take one “name: points” per line; points may be negative. Saving rescores every lead at once."</p>
            <form class="form" on:submit=save novalidate=true aria-label="Scoring weights">
                {error_summary(form)}
                <h3>"Fit"</h3>
                <div class="form-grid">
                    {textarea_field(form, FieldSpec::new("source", "Points per source").placeholder("Referral: 25"), lens!(source))}
                    {textarea_field(form, FieldSpec::new("title_keywords", "Points per title keyword (the best match counts)").placeholder("VP: 20"), lens!(title_keywords))}
                    {textarea_field(form, FieldSpec::new("size_bands", "Points per company size (from this many employees)").placeholder("200: 10"), lens!(size_bands))}
                    {textarea_field(form, FieldSpec::new("industry", "Points per industry (when the company is an account)").placeholder("Software: 10"), lens!(industry))}
                    {text_field(form, FieldSpec::new("segment_enterprise", "Segment Enterprise").kind("number"), lens!(segment_enterprise))}
                    {text_field(form, FieldSpec::new("segment_saas", "Segment SaaS").kind("number"), lens!(segment_saas))}
                    {text_field(form, FieldSpec::new("segment_b2b", "Segment B2B").kind("number"), lens!(segment_b2b))}
                    {text_field(form, FieldSpec::new("segment_b2c", "Segment B2C").kind("number"), lens!(segment_b2c))}
                    {text_field(form, FieldSpec::new("business_email", "Company e-mail address").kind("number"), lens!(business_email))}
                    {text_field(form, FieldSpec::new("free_email", "Free e-mail address").kind("number"), lens!(free_email))}
                    {text_field(form, FieldSpec::new("phone", "Phone number").kind("number"), lens!(phone))}
                </div>
                <h3>"Engagement"</h3>
                <div class="form-grid">
                    {text_field(form, FieldSpec::new("per_activity", "Points per activity in the last 30 days").kind("number"), lens!(per_activity))}
                    {text_field(form, FieldSpec::new("half_life_days", "Days after which an activity counts half").kind("number"), lens!(half_life_days))}
                    {text_field(form, FieldSpec::new("engagement_cap", "Most points engagement can add").kind("number"), lens!(engagement_cap))}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || saving.get()>"Save weights"</button>
                    <button type="button" class="btn" on:click=reset>"Fill in the defaults"</button>
                </div>
            </form>
        </section>
        <section class="card section" aria-label="Learned model">
            <h2>"Learned model"</h2>
            <p class="muted">"A naive Bayes model learns from this workspace's converted and disqualified leads which of the same inputs go with converting. The leads list shows each lead's learned chance and the factors behind it (×2 doubles the odds, ×0.5 halves them)."</p>
            <p class="muted">{min_sample_rule()}</p>
            {move || {
                let s = summary.get();
                view! {
                    {s.lines.into_iter().map(|l| view! { <p><strong>{l}</strong></p> }).collect_view()}
                    {(!s.strongest.is_empty()).then(|| view! {
                        <h3>"What moves the odds most"</h3>
                        <table class="data-table compact" aria-label="Strongest inputs">
                            <thead><tr><th>"Input"</th><th>"Odds of converting"</th></tr></thead>
                            <tbody>
                                {s.strongest.into_iter().map(|(l, o)| view! { <tr><td>{l}</td><td>{o}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    })}
                }
            }}
        </section>
    }
}
