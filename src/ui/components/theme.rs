//! Light and dark (`platform::theme`): the choice made in Settings and the system's
//! setting, as signals the charts follow; the switch itself.

use crate::platform::theme::{self, Theme};
use leptos::prelude::*;

/// The user's choice and the system's setting.
#[derive(Clone, Copy)]
pub struct ThemeState {
    pub choice: RwSignal<Theme>,
    system_dark: RwSignal<bool>,
}

impl ThemeState {
    /// Reads the saved choice, applies it to the page and follows the system's
    /// changes; once, at start-up.
    pub fn provide() -> ThemeState {
        let state = ThemeState {
            choice: RwSignal::new(theme::saved()),
            system_dark: RwSignal::new(theme::system_dark()),
        };
        theme::apply(state.choice.get_untracked());
        let system = state.system_dark;
        theme::watch_system(move |dark| system.set(dark));
        provide_context(state);
        state
    }

    /// Saves and applies a choice at once (no Save button: it is not workspace data).
    pub fn choose(self, t: Theme) {
        theme::save(t);
        theme::apply(t);
        self.choice.set(t);
    }

    /// The ECharts theme now (tracked).
    pub fn echarts(self) -> Option<&'static str> {
        self.choice.get().echarts(self.system_dark.get())
    }

    pub fn echarts_untracked(self) -> Option<&'static str> {
        self.choice
            .get_untracked()
            .echarts(self.system_dark.get_untracked())
    }
}

/// The theme state, where the app provided it (always, except in widget tests).
pub fn use_theme() -> Option<ThemeState> {
    use_context::<ThemeState>()
}

/// Settings › Appearance: System, Light or Dark, as radio buttons (arrow keys move
/// between them), applied the moment one is picked.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let state = use_theme().unwrap_or_else(ThemeState::provide);
    view! {
        <section class="card section" aria-labelledby="appearance-title">
            <h2 class="form-section-title" id="appearance-title">"Appearance"</h2>
            <fieldset class="theme-switch">
                <legend>"Colours"</legend>
                {Theme::ALL.into_iter().map(|t| {
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name="theme"
                                value=t.key()
                                prop:checked=move || state.choice.get() == t
                                on:change=move |_| state.choose(t)
                            />
                            {t.label()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="field-hint">"Applies at once, in this browser only. “Same as the system” follows your computer's light or dark setting."</p>
        </section>
    }
}
