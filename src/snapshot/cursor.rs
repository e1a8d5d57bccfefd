//! Walking every record of a workspace a chunk at a time, kind by kind in `Kind::ALL`
//! order and by id within a kind, so long writers (the snapshot export, the store's
//! bulk encoder) can yield to the browser between chunks and report progress.
//!
//! The cursor holds ids, not borrows: each call reads the workspace afresh, and a
//! record deleted meanwhile is skipped.

use crate::domain::{Id, Kind, Workspace};

/// One chunk: records `ids[range]` of `kind`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub kind: Kind,
    /// The kind's first chunk (every kind has one, even when it has no records).
    pub first: bool,
    /// The kind's last chunk.
    pub last: bool,
    range: std::ops::Range<usize>,
}

impl Batch {
    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }
}

pub struct RecordCursor {
    kind: usize,
    ids: Vec<Id>,
    pos: usize,
    started: bool,
    done: usize,
    total: usize,
}

impl RecordCursor {
    pub fn new(ws: &Workspace) -> Self {
        RecordCursor {
            kind: 0,
            ids: Vec::new(),
            pos: 0,
            started: false,
            done: 0,
            total: Kind::ALL.iter().map(|k| ws.count(*k)).sum(),
        }
    }

    /// The next chunk of at most `budget` records, or `None` when every kind is done.
    pub fn next(&mut self, ws: &Workspace, budget: usize) -> Option<Batch> {
        let kind = *Kind::ALL.get(self.kind)?;
        let first = !self.started;
        if first {
            self.ids = ws.sorted_ids(kind);
            self.pos = 0;
            self.started = true;
        }
        let start = self.pos;
        let end = self.ids.len().min(start.saturating_add(budget.max(1)));
        self.pos = end;
        self.done += end - start;
        let last = end == self.ids.len();
        if last {
            self.kind += 1;
            self.started = false;
        }
        Some(Batch {
            kind,
            first,
            last,
            range: start..end,
        })
    }

    /// Appends the batch's records to `out` as JSON, `sep` before each one when
    /// `sep_first` or after the first; returns whether anything was written.
    pub fn write(
        &self,
        ws: &Workspace,
        batch: &Batch,
        out: &mut Vec<u8>,
        sep: &[u8],
        mut sep_first: bool,
    ) -> bool {
        let mut wrote = false;
        for id in &self.ids[batch.range.clone()] {
            let at = out.len();
            if sep_first {
                out.extend_from_slice(sep);
            }
            if ws.write_record_json(batch.kind, id, out) {
                wrote = true;
                sep_first = true;
            } else {
                out.truncate(at);
            }
        }
        wrote
    }

    /// Share of records passed, 0.0 to 1.0.
    pub fn progress(&self) -> f32 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f32 / self.total as f32).min(1.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, seeded};

    #[test]
    fn visits_every_kind_once_in_chunks_and_skips_deleted_records() {
        let (mut ws, mut ids) = seeded();
        let names = ["A", "B", "C", "D", "E"];
        let mut account_ids = Vec::new();
        for n in names {
            let id = ids.next_id();
            account_ids.push(id.clone());
            ws.put(account(id, n).into());
        }
        let mut c = RecordCursor::new(&ws);
        let mut firsts = Vec::new();
        let mut accounts = Vec::new();
        let mut last_progress = 0.0;
        while let Some(b) = c.next(&ws, 2) {
            if b.first {
                firsts.push(b.kind);
            }
            if b.kind == Kind::Account {
                if b.first {
                    // Deleted after the cursor listed it: skipped, not an error.
                    ws.remove(Kind::Account, &account_ids[0]);
                }
                let mut out = Vec::new();
                c.write(&ws, &b, &mut out, b",", !b.first);
                accounts.push(String::from_utf8(out).unwrap());
            }
            assert!(c.progress() >= last_progress);
            last_progress = c.progress();
        }
        assert_eq!(firsts, Kind::ALL.to_vec(), "every kind, in order, once");
        assert_eq!(accounts.len(), 3, "5 accounts in chunks of 2");
        assert_eq!(c.progress(), 1.0);
        let joined = accounts.concat();
        let parsed: Vec<serde_json::Value> = serde_json::from_str(&format!("[{joined}]")).unwrap();
        assert_eq!(parsed.len(), 4);
    }
}
