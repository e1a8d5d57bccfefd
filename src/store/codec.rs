//! Records cross the wasm boundary as JSON text: one `JSON.parse`/`JSON.stringify` per
//! batch is far cheaper than walking objects field by field from Rust.

use super::StoreError;
use js_sys::{Array, JSON};
use serde::Serialize;
use wasm_bindgen::JsValue;

pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Write(e.to_string()))?;
    JSON::parse(&text).map_err(|e| StoreError::Write(js_message(&e)))
}

/// Stringifies many JS values at once (they arrive from `getAll`).
pub fn array_to_json(values: &[JsValue]) -> Result<String, StoreError> {
    let arr: Array = values.iter().collect();
    JSON::stringify(&arr)
        .map(String::from)
        .map_err(|e| StoreError::Read(js_message(&e)))
}

pub fn value_to_json(value: &JsValue) -> Result<String, StoreError> {
    JSON::stringify(value)
        .map(String::from)
        .map_err(|e| StoreError::Read(js_message(&e)))
}

/// The message of a JS error or DOMException, or its text.
pub fn js_message(value: &JsValue) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// rexie's own Display says only "idb error"; the wrapped idb error names the
/// DOMException (ConstraintError, QuotaExceededError, VersionError…).
pub fn rexie_message(e: &rexie::Error) -> String {
    match e {
        rexie::Error::IdbError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}
