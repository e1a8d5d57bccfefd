//! Light or dark: the system's setting (`prefers-color-scheme`) unless the user chose one
//! in Settings. The choice is a per-browser preference (localStorage, like the other
//! small ones), never workspace data. The stylesheet does the rest: its colours are
//! `light-dark()` pairs, and `data-theme` on `<html>` pins one side.

/// What the user chose in Settings › Appearance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark setting (the default).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// Stored in localStorage and used as the radio buttons' value.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Same as the system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// Anything unknown (an older or damaged value) follows the system.
    pub fn from_key(key: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .unwrap_or_default()
    }

    /// The `data-theme` attribute of `<html>`: none when following the system.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// Whether pages are dark, given whether the system asks for dark.
    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            Theme::System => system_dark,
            Theme::Light => false,
            Theme::Dark => true,
        }
    }

    /// The ECharts theme to draw with (its built-in "dark"), or the default.
    pub fn echarts(self, system_dark: bool) -> Option<&'static str> {
        self.is_dark(system_dark).then_some("dark")
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::Theme;
    use gloo_storage::{LocalStorage, Storage};
    use js_sys::{Function, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    const KEY: &str = "salesdeck.theme";
    const QUERY: &str = "(prefers-color-scheme: dark)";

    pub fn saved() -> Theme {
        LocalStorage::get::<String>(KEY)
            .map(|k| Theme::from_key(&k))
            .unwrap_or_default()
    }

    pub fn save(t: Theme) {
        let _ = LocalStorage::set(KEY, t.key());
    }

    /// Sets (or removes) `data-theme` on `<html>`.
    pub fn apply(t: Theme) {
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let _ = match t.attribute() {
            Some(v) => root.set_attribute("data-theme", v),
            None => root.remove_attribute("data-theme"),
        };
    }

    /// `window.matchMedia(QUERY)` (through `Reflect`: no extra web-sys bindings).
    fn media() -> Option<JsValue> {
        let w: JsValue = web_sys::window()?.into();
        let f: Function = Reflect::get(&w, &"matchMedia".into())
            .ok()?
            .dyn_into()
            .ok()?;
        f.call1(&w, &QUERY.into()).ok()
    }

    fn matches(m: &JsValue) -> bool {
        Reflect::get(m, &"matches".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Whether the system asks for dark now.
    pub fn system_dark() -> bool {
        media().is_some_and(|m| matches(&m))
    }

    /// Calls `f` with the system's new setting whenever it changes. The listener lives
    /// as long as the page (one, made at start-up).
    pub fn watch_system(f: impl Fn(bool) + 'static) {
        let Some(m) = media() else {
            return;
        };
        let target = m.clone();
        let cb = Closure::<dyn Fn()>::new(move || f(matches(&target)));
        if let Ok(add) =
            Reflect::get(&m, &"addEventListener".into()).and_then(|a| a.dyn_into::<Function>())
        {
            let _ = add.call2(&m, &"change".into(), cb.as_ref());
        }
        cb.forget();
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{apply, save, saved, system_dark, watch_system};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_unknown_values_follow_the_system() {
        for t in Theme::ALL {
            assert_eq!(Theme::from_key(t.key()), t);
        }
        assert_eq!(Theme::from_key("sepia"), Theme::System);
        assert_eq!(Theme::from_key(""), Theme::System);
    }

    #[test]
    fn the_system_decides_only_when_nothing_was_chosen() {
        assert!(Theme::System.is_dark(true));
        assert!(!Theme::System.is_dark(false));
        assert!(Theme::Dark.is_dark(false));
        assert!(!Theme::Light.is_dark(true));
        assert_eq!(Theme::System.attribute(), None);
        assert_eq!(Theme::Dark.attribute(), Some("dark"));
        assert_eq!(Theme::Light.attribute(), Some("light"));
        assert_eq!(Theme::System.echarts(true), Some("dark"));
        assert_eq!(Theme::Light.echarts(true), None);
    }
}
