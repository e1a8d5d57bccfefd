//! Paging a list: lists never render more than one page, so 50,000 rows stay smooth.

use super::super::text::group;
use std::ops::Range;

/// Rows per page.
pub const PAGE_SIZE: usize = 100;

/// Page `index` (from 0) of a list of `total` rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub index: usize,
    pub total: usize,
}

impl Page {
    pub fn of(total: usize, index: usize) -> Page {
        Page { index, total }
    }

    /// How many pages there are (at least one, even when the list is empty).
    pub fn count(&self) -> usize {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }

    /// The rows on this page (empty past the end).
    pub fn rows(&self) -> Range<usize> {
        let start = (self.index * PAGE_SIZE).min(self.total);
        start..(start + PAGE_SIZE).min(self.total)
    }

    pub fn has_previous(&self) -> bool {
        self.index > 0
    }

    pub fn has_next(&self) -> bool {
        self.index + 1 < self.count()
    }

    /// "1–100 of 50,000", or "No matches".
    pub fn label(&self) -> String {
        if self.total == 0 {
            return "No matches".to_string();
        }
        let start = self.index * PAGE_SIZE + 1;
        let end = ((self.index + 1) * PAGE_SIZE).min(self.total);
        format!("{}–{} of {}", group(start), group(end), group(self.total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_long_list() {
        let first = Page::of(50_000, 0);
        assert_eq!(first.count(), 500);
        assert_eq!(first.rows(), 0..100);
        assert_eq!(first.label(), "1–100 of 50,000");
        assert!(!first.has_previous() && first.has_next());
        let last = Page::of(50_050, 500);
        assert_eq!(last.rows(), 50_000..50_050);
        assert_eq!(last.label(), "50,001–50,050 of 50,050");
        assert!(last.has_previous() && !last.has_next());
    }

    #[test]
    fn short_and_empty_lists() {
        let one = Page::of(7, 0);
        assert_eq!(
            (one.count(), one.rows(), one.label()),
            (1, 0..7, "1–7 of 7".into())
        );
        assert!(!one.has_next());
        let none = Page::of(0, 0);
        assert_eq!(
            (none.count(), none.rows(), none.label()),
            (1, 0..0, "No matches".into())
        );
        assert!(!none.has_previous() && !none.has_next());
        // A page past the end (the list shrank) shows nothing rather than panicking.
        assert_eq!(Page::of(150, 3).rows(), 150..150);
    }
}
