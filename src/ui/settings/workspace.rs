//! Settings: workspace name, home currency, fiscal year, stalled threshold, and "me".

use super::currencies::Currencies;
use super::pipelines::PipelineEditor;
use crate::domain::forms::SettingsForm;
use crate::domain::money::COMMON_CURRENCIES;
use crate::domain::time::MONTH_NAMES;
use crate::domain::{Change, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, textarea_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::focus_first_invalid;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::safety::StorageInfo;
use crate::ui::components::theme::ThemeSwitch;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app();
    let form = FormState::new(state.ws.with_untracked(SettingsForm::from_workspace));
    let saving = RwSignal::new(false);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let built = state.ws.with_untracked(|w| {
            form.values
                .with_untracked(|f| f.to_records(w, platform::new_id(), platform::now()))
        });
        match built {
            Err(errors) => {
                form.errors.set(errors);
                focus_first_invalid();
            }
            Ok((settings, rep)) => {
                // The workspace list holds the name too; names are unique across workspaces.
                let (current, checked) = state.registry.with_untracked(|r| {
                    (
                        r.current.clone(),
                        r.check_name(&settings.workspace_name, Some(&r.current)),
                    )
                });
                if let Err(m) = checked {
                    form.errors.update(|e| e.add("workspace_name", m));
                    focus_first_invalid();
                    return;
                }
                let name = settings.workspace_name.clone();
                let mut changes = vec![Change::Settings(settings)];
                if let Some(rep) = rep {
                    let exists = state.ws.with_untracked(|w| w.reps.contains(&rep.id));
                    changes.push(if exists {
                        Change::Put(Record::Rep(rep))
                    } else {
                        Change::Insert(Record::Rep(rep))
                    });
                }
                saving.set(true);
                spawn_local(async move {
                    match state.commit(changes).await {
                        Ok(()) => {
                            state.registry.update(|r| {
                                let _ = r.rename(&current, &name);
                            });
                            crate::platform::prefs::save_registry(&state.registry.get_untracked());
                            state.notify(NoticeKind::Info, "Settings saved");
                        }
                        Err(e) => state.report(&e),
                    }
                    saving.set(false);
                });
            }
        }
    };

    let currency_options = move || {
        let current = form.values.with(|f| f.home_currency.clone());
        let mut v: Vec<(String, String)> = COMMON_CURRENCIES
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect();
        if !COMMON_CURRENCIES.contains(&current.as_str()) && !current.is_empty() {
            v.push((current.clone(), current));
        }
        v
    };
    let month_options = || {
        MONTH_NAMES
            .iter()
            .enumerate()
            .map(|(i, m)| ((i + 1).to_string(), m.to_string()))
            .collect()
    };

    view! {
        <PageHeader title="Settings".to_string()/>
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <h2 class="form-section-title">"Workspace"</h2>
            <div class="form-grid">
                {text_field(form, FieldSpec::new("workspace_name", "Workspace name").required(), lens!(workspace_name))}
                {select_field(form, FieldSpec::new("home_currency", "Home currency"), lens!(home_currency), currency_options)}
                {select_field(form, FieldSpec::new("fiscal_year_start_month", "Fiscal year starts in"), lens!(fiscal_year_start_month), month_options)}
                {text_field(form, FieldSpec::new("stalled_after_days", "Stalled after (days without activity)").kind("number"), lens!(stalled_after_days))}
            </div>
            <h2 class="form-section-title">"You"</h2>
            <p class="muted">"The rep using this browser. New deals and accounts are yours unless you pick another owner."</p>
            <div class="form-grid">
                {text_field(form, FieldSpec::new("my_name", "Your name").placeholder("Ana Silva"), lens!(my_name))}
                {text_field(form, FieldSpec::new("my_email", "Your e-mail").kind("email").placeholder("ana@example.com"), lens!(my_email))}
            </div>
            <h2 class="form-section-title">"Numbers"</h2>
            <div class="form-grid">
                {text_field(form, FieldSpec::new("gross_margin_pct", "Gross margin (%)").placeholder("72.5").hint("For customer lifetime value on the dashboard"), lens!(gross_margin_pct))}
            </div>
            <h2 class="form-section-title">"Lost reasons"</h2>
            <div class="form-grid">
                {textarea_field(form, FieldSpec::new("lost_reasons", "Reasons offered when a deal is lost (one per line)"), lens!(lost_reasons))}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>"Save settings"</button>
            </div>
        </form>
        <ThemeSwitch/>
        <Currencies/>
        <PipelineEditor/>
        <StorageInfo/>
    }
}
