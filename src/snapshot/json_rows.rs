//! The elements of a JSON array, one at a time, as slices of the text: import reads a
//! 180 MB snapshot a few thousand rows per slice of time instead of parsing all of it
//! into a tree first (which froze the page for seconds and took several times the
//! file's size in memory).
//!
//! The text must already be known to be valid JSON (serde_json checked it); this only
//! finds where each element ends, tracking strings and nesting.

/// Walks the elements of the array whose text is `text[start..end]`.
#[derive(Clone, Debug)]
pub struct ArrayRows {
    pos: usize,
    end: usize,
}

impl ArrayRows {
    /// `None` when the range does not hold an array.
    pub fn new(text: &str, start: usize, end: usize) -> Option<ArrayRows> {
        let b = text.as_bytes();
        let mut pos = start;
        while pos < end && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        (pos < end && b[pos] == b'[').then_some(ArrayRows { pos: pos + 1, end })
    }

    /// How far through the array, in bytes of text.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next element's range in `text`, or `None` at the end of the array.
    pub fn next_range(&mut self, text: &str) -> Option<(usize, usize)> {
        let b = text.as_bytes();
        let skip_ws = |mut p: usize| {
            while p < self.end && b[p].is_ascii_whitespace() {
                p += 1;
            }
            p
        };
        let mut p = skip_ws(self.pos);
        if p < self.end && b[p] == b',' {
            p = skip_ws(p + 1);
        }
        if p >= self.end || b[p] == b']' {
            self.pos = self.end;
            return None;
        }
        let start = p;
        let mut depth = 0usize;
        let mut in_string = false;
        while p < self.end {
            let c = b[p];
            if in_string {
                match c {
                    b'\\' => p += 1,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else {
                match c {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b',' | b']' if depth == 0 => break,
                    _ => {}
                }
            }
            p += 1;
        }
        // A backslash as the range's last byte (text that is not JSON after all) steps
        // past the end: stay inside the range whatever the text.
        let p = p.min(self.end);
        let mut stop = p;
        while stop > start && b[stop - 1].is_ascii_whitespace() {
            stop -= 1;
        }
        self.pos = p;
        Some((start, stop))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<&str> {
        let mut r = ArrayRows::new(text, 0, text.len()).unwrap();
        let mut out = Vec::new();
        while let Some((a, b)) = r.next_range(text) {
            out.push(&text[a..b]);
        }
        out
    }

    #[test]
    fn splits_objects_strings_numbers_and_nested_arrays() {
        let text = r#" [ {"a": [1, {"b": "x,]}"}], "c": "q\"uote\\"} , 42,"s" ,[ [], {} ] ,null,
            {"é": "ü"} ] "#;
        assert_eq!(
            rows(text),
            [
                r#"{"a": [1, {"b": "x,]}"}], "c": "q\"uote\\"}"#,
                "42",
                r#""s""#,
                "[ [], {} ]",
                "null",
                r#"{"é": "ü"}"#,
            ]
        );
        // Each slice is valid JSON on its own.
        for row in rows(text) {
            serde_json::from_str::<serde_json::Value>(row).unwrap();
        }
    }

    #[test]
    fn an_empty_array_has_no_rows_and_a_non_array_is_refused() {
        assert!(rows("[]").is_empty());
        assert!(rows(" [ \n ] ").is_empty());
        assert!(ArrayRows::new(r#""nope""#, 0, 6).is_none());
        assert!(ArrayRows::new("{}", 0, 2).is_none());
    }

    #[test]
    fn position_moves_forward_to_the_end() {
        let text = "[1,2,3]";
        let mut r = ArrayRows::new(text, 0, text.len()).unwrap();
        let mut last = r.position();
        while r.next_range(text).is_some() {
            assert!(r.position() > last);
            last = r.position();
        }
        assert_eq!(r.position(), text.len());
    }
}
