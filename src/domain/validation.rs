//! Field-level validation errors, so a form can show each message beside its field.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as used by forms and snapshots, e.g. `amount`.
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Drops the messages for `field` (once the user has changed it).
    pub fn remove(&mut self, field: &str) {
        self.0.retain(|e| e.field != field);
    }

    /// Whether `field` has a message.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The first message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `Ok(value)` when there are no errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// Trims and checks a required text field.
pub fn required(errors: &mut FieldErrors, field: &str, value: &str, label: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("{label} is required"));
    } else if v.chars().count() > 200 {
        errors.add(
            field,
            format!("{label} is too long (at most 200 characters)"),
        );
    }
    v.to_string()
}

/// Trims an optional text field: empty becomes `None`.
pub fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// A loose but useful e-mail check: one `@`, something before it, a dot after it.
pub fn looks_like_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && domain.contains('.')
                && !s.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_errors_per_field() {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", "   ", "Name");
        assert_eq!(name, "");
        assert_eq!(e.get("name"), Some("Name is required"));
        assert_eq!(e.get("amount"), None);
        assert!(e.clone().into_result(()).is_err());
    }

    #[test]
    fn email_check() {
        assert!(looks_like_email("ana@example.com"));
        assert!(!looks_like_email("ana@example"));
        assert!(!looks_like_email("ana example@x.com"));
        assert!(!looks_like_email("@x.com"));
        assert!(!looks_like_email("a@b@c.com"));
    }
}
