//! Activity metrics: completed calls, meetings, demos and e-mails per rep, counted on
//! the day they were completed (in the user's time zone).

use super::KpiInput;
use crate::analytics::period::Period;
use crate::analytics::scope::Matcher;
use crate::analytics::scope::Place;
use crate::domain::{ActivityKind, Id};

/// The kinds the table counts, in its column order.
pub const COUNTED_KINDS: [ActivityKind; 4] = [
    ActivityKind::Call,
    ActivityKind::Meeting,
    ActivityKind::Demo,
    ActivityKind::Email,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityRow {
    /// `None`: activities without an owner.
    pub rep: Option<Id>,
    pub name: String,
    /// Per kind of `COUNTED_KINDS`.
    pub counts: [usize; 4],
    pub total: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityTable {
    /// Reps with at least one completed activity, most active first.
    pub rows: Vec<ActivityRow>,
    pub totals: [usize; 4],
    pub total: usize,
}

fn column(kind: ActivityKind) -> Option<usize> {
    COUNTED_KINDS.iter().position(|k| *k == kind)
}

pub(super) fn table(input: &KpiInput, m: &Matcher<u32>, p: &Period) -> ActivityTable {
    let f = input.facts;
    // Per owner key, and one more row for activities without an owner.
    let none = f.keys.len();
    let mut per_rep: Vec<[usize; 4]> = vec![[0; 4]; none + 1];
    let people_only = m.people_only();
    for a in &f.activities {
        let (Some(done), Some(col)) = (a.done, column(a.kind)) else {
            continue;
        };
        if !p.contains(done) {
            continue;
        }
        let place = if people_only {
            Place {
                owner: a.owner,
                ..Place::default()
            }
        } else {
            f.activity_place(a)
        };
        if m.holds(&place) {
            per_rep[a.owner.map_or(none, |o| o as usize)][col] += 1;
        }
    }
    let mut t = ActivityTable::default();
    for (i, counts) in per_rep.into_iter().enumerate() {
        if counts == [0; 4] {
            continue;
        }
        let rep = (i < none).then_some(i as u32);
        let total = counts.iter().sum();
        for (i, c) in counts.iter().enumerate() {
            t.totals[i] += c;
        }
        t.total += total;
        let id = rep.map(|n| f.keys.key(n).clone());
        t.rows.push(ActivityRow {
            name: input
                .ws
                .rep_name(id.as_ref())
                .unwrap_or("No owner")
                .to_string(),
            rep: id,
            counts,
            total,
        });
    }
    t.rows
        .sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    t
}
