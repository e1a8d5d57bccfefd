//! Labelled form fields bound to a form struct in a signal. Each shows its own error
//! (from `FieldErrors`) beside the input and clears it when the value changes.

use crate::domain::FieldErrors;
use leptos::prelude::*;

/// Reads and writes one `String` field of a form struct.
pub struct Lens<F> {
    pub get: fn(&F) -> &String,
    pub set: fn(&mut F) -> &mut String,
}

impl<F> Clone for Lens<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F> Copy for Lens<F> {}

#[macro_export]
macro_rules! lens {
    ($field:ident) => {
        $crate::ui::components::fields::Lens {
            get: |f| &f.$field,
            set: |f| &mut f.$field,
        }
    };
}

/// A form's values and its errors, with the lenses fields need.
pub struct FormState<F: Send + Sync + 'static> {
    pub values: RwSignal<F>,
    pub errors: RwSignal<FieldErrors>,
    /// When the form was filled (ms since the epoch): a record another tab changed
    /// after this is a conflict on save (`form_support::save_record`).
    pub opened: RwSignal<f64>,
}

impl<F: Send + Sync + 'static> Clone for FormState<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F: Send + Sync + 'static> Copy for FormState<F> {}

impl<F: Send + Sync + 'static> FormState<F> {
    pub fn new(values: F) -> Self {
        FormState {
            values: RwSignal::new(values),
            errors: RwSignal::new(FieldErrors::new()),
            opened: RwSignal::new(js_sys::Date::now()),
        }
    }

    fn error_of(self, key: &'static str) -> impl Fn() -> Option<String> + Copy {
        let errors = self.errors;
        move || errors.with(|e| e.get(key).map(str::to_string))
    }

    fn setter(self, key: &'static str, lens: Lens<F>) -> impl Fn(String) + Copy {
        let values = self.values;
        let errors = self.errors;
        move |v: String| {
            values.update(|f| *(lens.set)(f) = v);
            if errors.with_untracked(|e| e.get(key).is_some()) {
                errors.update(|e| e.remove(key));
            }
        }
    }

    fn getter(self, lens: Lens<F>) -> impl Fn() -> String + Copy {
        let values = self.values;
        move || values.with(|f| (lens.get)(f).clone())
    }
}

pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub input_type: &'static str,
    pub placeholder: &'static str,
    pub hint: &'static str,
    pub required: bool,
    /// The id of a `<datalist>` of suggestions.
    pub list: &'static str,
}

impl FieldSpec {
    pub const fn new(key: &'static str, label: &'static str) -> Self {
        FieldSpec {
            key,
            label,
            input_type: "text",
            placeholder: "",
            hint: "",
            required: false,
            list: "",
        }
    }
    pub const fn suggestions(mut self, datalist_id: &'static str) -> Self {
        self.list = datalist_id;
        self
    }
    pub const fn kind(mut self, input_type: &'static str) -> Self {
        self.input_type = input_type;
        self
    }
    pub const fn placeholder(mut self, p: &'static str) -> Self {
        self.placeholder = p;
        self
    }
    pub const fn hint(mut self, h: &'static str) -> Self {
        self.hint = h;
        self
    }
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
}

fn label_view(spec: &FieldSpec, id: String) -> impl IntoView {
    let required = spec.required;
    view! {
        <label for=id>
            {spec.label}
            {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
        </label>
    }
}

fn error_view(
    id: String,
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || error().map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })
}

pub fn text_field<F: Send + Sync + 'static>(
    form: FormState<F>,
    spec: FieldSpec,
    lens: Lens<F>,
) -> impl IntoView {
    let id = format!("field-{}", spec.key);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = form.error_of(spec.key);
    let set = form.setter(spec.key, lens);
    let get = form.getter(lens);
    let hint = spec.hint;
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            if error().is_some() {
                Some(error_id.clone())
            } else if !hint.is_empty() {
                Some(hint_id.clone())
            } else {
                None
            }
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            {label_view(&spec, id.clone())}
            <input
                id=id
                name=spec.key
                type=spec.input_type
                placeholder=spec.placeholder
                required=spec.required
                list=(!spec.list.is_empty()).then_some(spec.list)
                prop:value=get
                on:input=move |ev| set(event_target_value(&ev))
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described
            />
            {(!hint.is_empty()).then(|| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {error_view(error_id, error)}
        </div>
    }
}

pub fn textarea_field<F: Send + Sync + 'static>(
    form: FormState<F>,
    spec: FieldSpec,
    lens: Lens<F>,
) -> impl IntoView {
    let id = format!("field-{}", spec.key);
    let error_id = format!("{id}-error");
    let error = form.error_of(spec.key);
    let set = form.setter(spec.key, lens);
    let get = form.getter(lens);
    view! {
        <div class="field field-wide" class:field-invalid=move || error().is_some()>
            {label_view(&spec, id.clone())}
            <textarea
                id=id
                name=spec.key
                rows="4"
                placeholder=spec.placeholder
                prop:value=get
                on:input=move |ev| set(event_target_value(&ev))
                aria-invalid=move || error().is_some().then_some("true")
            ></textarea>
            {error_view(error_id, error)}
        </div>
    }
}

/// A select whose options (value, label) may change with the workspace.
pub fn select_field<F: Send + Sync + 'static>(
    form: FormState<F>,
    spec: FieldSpec,
    lens: Lens<F>,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
) -> impl IntoView {
    let id = format!("field-{}", spec.key);
    let error_id = format!("{id}-error");
    let error = form.error_of(spec.key);
    let set = form.setter(spec.key, lens);
    let get = form.getter(lens);
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            {label_view(&spec, id.clone())}
            <select
                id=id
                name=spec.key
                on:change=move |ev| set(event_target_value(&ev))
                aria-invalid=move || error().is_some().then_some("true")
            >
                {move || {
                    let current = get();
                    options()
                        .into_iter()
                        .map(|(value, label)| {
                            let selected = value == current;
                            view! {
                                <option value=value selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {error_view(error_id, error)}
        </div>
    }
}

/// Shows a summary above the form when a save was refused, so a keyboard or screen
/// reader user learns why.
pub fn error_summary<F: Send + Sync + 'static>(form: FormState<F>) -> impl IntoView {
    move || {
        let n = form.errors.with(|e| e.len());
        (n > 0).then(|| {
            let text = if n == 1 {
                "Nothing was saved: one field needs attention.".to_string()
            } else {
                format!("Nothing was saved: {n} fields need attention.")
            };
            view! { <div class="form-alert" role="alert">{text}</div> }
        })
    }
}
