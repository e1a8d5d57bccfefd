//! Reading a record from JSON text with an error that names the field ("amount",
//! "stage_history[2].at"). serde_path_to_error did this by wrapping every type's
//! deserializer, which compiled each record type's decoding a second time into the
//! wasm; serde_json already says where it stopped (line and column), so the path is
//! recovered from the text up to that point instead, and decoding shares the code the
//! workspace load uses (`serde_json::from_slice`).

use serde::de::DeserializeOwned;

/// Decodes `text`; an error is (path, serde_json's message).
pub fn from_json_with_path<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    serde_json::from_slice(text.as_bytes()).map_err(|e| {
        let message = e.to_string();
        let missing_field = message.starts_with("missing field");
        (path_at(text, e.line(), e.column(), missing_field), message)
    })
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of the value being read at `line`:`column` (1-based, as serde_json reports
/// them) of JSON `text`. With `missing_field`, the error is about the innermost object
/// itself (serde_json stops at its `}`), so the last key read is not part of the path.
pub fn path_at(text: &str, line: usize, column: usize, missing_field: bool) -> String {
    let bytes = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        let mut seen = 1;
        let mut start = bytes.len();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
        start
    };
    // The character at `column` is the one serde_json stopped on: read up to it.
    let end = (line_start + column.saturating_sub(1)).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < end && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        let raw = &text[start..j.min(end)];
                        *key = Some(
                            serde_json::from_str::<String>(&format!("\"{raw}\""))
                                .unwrap_or_else(|_| raw.to_string()),
                        );
                        *expecting_key = false;
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    let last = stack.len().saturating_sub(1);
    for (n, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object {
                key: Some(k),
                expecting_key: false,
            } if !(missing_field && n == last) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { .. } => {}
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Step {
        at: i64,
        stage: String,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Deal {
        name: String,
        amount: Option<i64>,
        #[serde(default)]
        history: Vec<Step>,
    }

    fn err(text: &str) -> (String, String) {
        from_json_with_path::<Deal>(text).unwrap_err()
    }

    #[test]
    fn names_the_field_that_failed() {
        assert_eq!(err(r#"{"name":"A","amount":"12"}"#).0, "amount");
        assert_eq!(err(r#"{"name":5}"#).0, "name");
        assert_eq!(err(r#"{"name":"A","amount":{"x":1}}"#).0, "amount");
    }

    #[test]
    fn names_a_field_inside_a_list() {
        let text = r#"{"name":"A","amount":1,"history":[{"at":1,"stage":"a"},{"at":1,"stage":"b"},{"at":"soon","stage":"c"}]}"#;
        assert_eq!(err(text).0, "history[2].at");
        let text = "{\n  \"name\": \"A\",\n  \"history\": [\n    {\"at\": 1, \"stage\": 7}\n  ]\n}";
        assert_eq!(err(text).0, "history[0].stage");
    }

    #[test]
    fn a_missing_field_is_reported_on_its_object() {
        let (path, message) = err(r#"{"amount":1}"#);
        assert_eq!(path, "");
        assert!(message.starts_with("missing field `name`"), "{message}");
        let (path, message) = err(r#"{"name":"A","history":[{"at":1,"stage":"a"},{"at":2}]}"#);
        assert_eq!(path, "history[1]");
        assert!(message.starts_with("missing field `stage`"), "{message}");
    }

    #[test]
    fn escaped_quotes_and_keys_do_not_confuse_it() {
        let text = r#"{"name":"say \"hi\", then: {go}","amount":true}"#;
        assert_eq!(err(text).0, "amount");
        assert!(from_json_with_path::<Deal>(r#"{"name":"A \"b\"","amount":null}"#).is_ok());
    }
}
