//! Coaching notes (one-on-ones) and their action items: when each is due, who sees it
//! on My day, ticking it done, and each rep's history with how many items were done
//! on time.
//!
//! - An item is done once it has a done day; done on time when that day is on or
//!   before its due day (an item without a due day is on time when done).
//! - An open item is overdue after its due day, due today on it, and due later before.
//! - An open item shows on My day for the rep the note is about, for the manager who
//!   held the one-on-one (the note's manager, else the rep's manager), and for the
//!   item's owner when that is someone else; until it is done.

use crate::domain::time::format_date;
use crate::domain::{ActionItem, CoachingNote, Date, Id, Timestamp, Workspace};

/// Where an action item stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Done { on: Date, on_time: bool },
    Overdue { days: i64 },
    Today,
    Tomorrow,
    Later { on: Date },
    NoDate,
}

impl Due {
    pub fn of(item: &ActionItem, today: Date) -> Due {
        if let Some(on) = item.done_on {
            return Due::Done {
                on,
                on_time: item.due.is_none_or(|d| on <= d),
            };
        }
        match item.due {
            None => Due::NoDate,
            Some(d) if d < today => Due::Overdue {
                days: (today - d).num_days(),
            },
            Some(d) if d == today => Due::Today,
            Some(d) if d == today.succ_opt().unwrap_or(d) => Due::Tomorrow,
            Some(d) => Due::Later { on: d },
        }
    }

    /// "Overdue by 2 days", "Due today", "Due tomorrow", "Due Dec 3, 2026", "No due
    /// date", "Done Nov 20, 2026, on time", "Done Nov 20, 2026, 3 days late".
    pub fn text(self, item: &ActionItem) -> String {
        match self {
            Due::Done { on, on_time: true } => format!("Done {}, on time", format_date(on)),
            Due::Done { on, on_time: false } => {
                let late = item.due.map_or(0, |d| (on - d).num_days()) as usize;
                format!(
                    "Done {}, {} late",
                    format_date(on),
                    crate::analytics::text::plural(late, "day", "days")
                )
            }
            Due::Overdue { days } => format!(
                "Overdue by {}",
                crate::analytics::text::plural(days as usize, "day", "days")
            ),
            Due::Today => "Due today".into(),
            Due::Tomorrow => "Due tomorrow".into(),
            Due::Later { on } => format!("Due {}", format_date(on)),
            Due::NoDate => "No due date".into(),
        }
    }

    /// For a class: "overdue", "today", "soon", "later", "done".
    pub fn tone(self) -> &'static str {
        match self {
            Due::Done { .. } => "done",
            Due::Overdue { .. } => "overdue",
            Due::Today => "today",
            Due::Tomorrow => "soon",
            Due::Later { .. } | Due::NoDate => "later",
        }
    }
}

/// The manager of a note: the one who held it, else the rep's manager.
pub fn note_manager<'a>(ws: &'a Workspace, n: &'a CoachingNote) -> Option<&'a Id> {
    n.manager_id
        .as_ref()
        .or_else(|| ws.reps.get(&n.rep_id).and_then(|r| r.manager_id.as_ref()))
}

/// One open action item, as My day and the scorecard list it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenItem {
    pub note: Id,
    /// Its place in the note's items.
    pub index: usize,
    pub text: String,
    pub rep: Id,
    /// "Ana Lima"
    pub rep_name: String,
    /// Who does it: "Ana Lima", "Mia Chen".
    pub owner_name: String,
    pub due: Due,
    pub due_text: String,
    /// "From the one-on-one of Nov 20, 2026".
    pub from: String,
}

fn open_item(
    ws: &Workspace,
    n: &CoachingNote,
    i: usize,
    item: &ActionItem,
    today: Date,
) -> OpenItem {
    let due = Due::of(item, today);
    OpenItem {
        note: n.id.clone(),
        index: i,
        text: item.text.clone(),
        rep: n.rep_id.clone(),
        rep_name: ws
            .rep_name(Some(&n.rep_id))
            .unwrap_or("Unknown rep")
            .to_string(),
        owner_name: ws
            .rep_name(Some(item.owner_id.as_ref().unwrap_or(&n.rep_id)))
            .unwrap_or("Unknown rep")
            .to_string(),
        due,
        due_text: due.text(item),
        from: format!("From the one-on-one of {}", format_date(n.date)),
    }
}

fn sort_open(v: &mut [OpenItem]) {
    let key = |i: &OpenItem| match i.due {
        Due::Overdue { days } => (0, -days),
        Due::Today => (1, 0),
        Due::Tomorrow => (2, 0),
        Due::Later { on } => (3, on.num_days_from_ce() as i64),
        Due::NoDate => (4, 0),
        Due::Done { .. } => (5, 0),
    };
    v.sort_by(|a, b| key(a).cmp(&key(b)).then(a.text.cmp(&b.text)));
}

use chrono::Datelike;

/// The open action items `me` sees on My day (see the module's header), most urgent
/// first; every open item when "me" is not set.
pub fn open_items_for(ws: &Workspace, me: Option<&Id>, today: Date) -> Vec<OpenItem> {
    let mut out = Vec::new();
    for n in ws.coaching_notes.values() {
        let about_me = me.is_none_or(|m| n.rep_id == *m || note_manager(ws, n) == Some(m));
        for (i, item) in n.action_items.iter().enumerate() {
            if item.done_on.is_some() {
                continue;
            }
            if about_me || me.is_some_and(|m| item.owner_id.as_ref() == Some(m)) {
                out.push(open_item(ws, n, i, item, today));
            }
        }
    }
    sort_open(&mut out);
    out
}

/// The note with item `index` ticked done on `today` (or open again when `done` is
/// false); `None` when there is no such item.
pub fn tick(
    n: &CoachingNote,
    index: usize,
    done: bool,
    today: Date,
    now: Timestamp,
) -> Option<CoachingNote> {
    let mut n = n.clone();
    let item = n.action_items.get_mut(index)?;
    item.done_on = done.then_some(today);
    n.updated_at = now;
    Some(n)
}

/// One note in a rep's history.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteView {
    pub id: Id,
    pub date: String,
    pub with: String,
    pub notes: String,
    /// (text, owner name, due text, tone, done)
    pub items: Vec<ItemView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemView {
    pub index: usize,
    pub text: String,
    pub owner: String,
    pub due_text: String,
    pub tone: &'static str,
    pub done: bool,
}

/// A rep's one-on-ones, newest first, with the count of items done on time.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    pub notes: Vec<NoteView>,
    pub items: usize,
    pub done: usize,
    pub on_time: usize,
    pub overdue: usize,
    /// "9 action items: 7 done (6 on time), 1 overdue, 1 open."
    pub summary: String,
}

pub fn history(ws: &Workspace, rep: &Id, today: Date) -> History {
    let mut notes: Vec<&CoachingNote> = ws
        .coaching_notes
        .values()
        .filter(|n| &n.rep_id == rep)
        .collect();
    notes.sort_by(|a, b| b.date.cmp(&a.date).then(b.created_at.cmp(&a.created_at)));
    let (mut items, mut done, mut on_time, mut overdue) = (0, 0, 0, 0);
    let views = notes
        .iter()
        .map(|n| NoteView {
            id: n.id.clone(),
            date: format_date(n.date),
            with: note_manager(ws, n)
                .and_then(|m| ws.rep_name(Some(m)))
                .map(|m| format!("with {m}"))
                .unwrap_or_default(),
            notes: n.notes.clone(),
            items: n
                .action_items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let due = Due::of(item, today);
                    items += 1;
                    match due {
                        Due::Done { on_time: t, .. } => {
                            done += 1;
                            on_time += usize::from(t);
                        }
                        Due::Overdue { .. } => overdue += 1,
                        _ => {}
                    }
                    ItemView {
                        index: i,
                        text: item.text.clone(),
                        owner: ws
                            .rep_name(Some(item.owner_id.as_ref().unwrap_or(&n.rep_id)))
                            .unwrap_or("Unknown rep")
                            .to_string(),
                        due_text: due.text(item),
                        tone: due.tone(),
                        done: item.done_on.is_some(),
                    }
                })
                .collect(),
        })
        .collect();
    let open = items - done - overdue;
    let plural = crate::analytics::text::plural;
    let summary = if items == 0 {
        if notes.is_empty() {
            "No one-on-ones yet.".to_string()
        } else {
            format!(
                "{}, no action items.",
                plural(notes.len(), "one-on-one", "one-on-ones")
            )
        }
    } else {
        format!(
            "{}, {}: {} done ({} on time), {} overdue, {} open.",
            plural(notes.len(), "one-on-one", "one-on-ones"),
            plural(items, "action item", "action items"),
            done,
            on_time,
            overdue,
            open
        )
    };
    History {
        notes: views,
        items,
        done,
        on_time,
        overdue,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, noon, Fx};

    fn item(text: &str, due: Option<Date>, done: Option<Date>, owner: Option<&Id>) -> ActionItem {
        ActionItem {
            text: text.into(),
            owner_id: owner.cloned(),
            due,
            done_on: done,
        }
    }

    #[test]
    fn items_are_overdue_due_today_tomorrow_later_or_done_on_time() {
        let today = d(2026, 11, 22);
        let due = |i: &ActionItem| (Due::of(i, today), Due::of(i, today).text(i));
        assert_eq!(
            due(&item("a", Some(d(2026, 11, 20)), None, None)),
            (Due::Overdue { days: 2 }, "Overdue by 2 days".into())
        );
        assert_eq!(due(&item("a", Some(today), None, None)).1, "Due today");
        assert_eq!(
            due(&item("a", Some(d(2026, 11, 23)), None, None)).1,
            "Due tomorrow"
        );
        assert_eq!(
            due(&item("a", Some(d(2026, 12, 3)), None, None)).1,
            "Due Dec 3, 2026"
        );
        assert_eq!(due(&item("a", None, None, None)).1, "No due date");
        // Done on the due day is on time; a day after is late.
        assert_eq!(
            due(&item(
                "a",
                Some(d(2026, 11, 20)),
                Some(d(2026, 11, 20)),
                None
            )),
            (
                Due::Done {
                    on: d(2026, 11, 20),
                    on_time: true
                },
                "Done Nov 20, 2026, on time".into()
            )
        );
        assert_eq!(
            due(&item(
                "a",
                Some(d(2026, 11, 20)),
                Some(d(2026, 11, 23)),
                None
            ))
            .1,
            "Done Nov 23, 2026, 3 days late"
        );
        assert_eq!(
            Due::of(&item("a", None, Some(d(2026, 11, 1)), None), today),
            Due::Done {
                on: d(2026, 11, 1),
                on_time: true
            }
        );
    }

    #[test]
    fn open_items_show_for_the_rep_their_manager_and_the_owner_until_done() {
        let mut fx = Fx::new();
        let mia = fx.rep("Mia", None);
        let ana = fx.rep("Ana", Some(&mia));
        let bo = fx.rep("Bo", Some(&mia));
        let today = d(2026, 11, 22);
        let note = CoachingNote {
            id: Id::from_string("n1"),
            rep_id: ana.clone(),
            manager_id: None,
            date: d(2026, 11, 20),
            notes: "Pipeline".into(),
            action_items: vec![
                item("Call the buyer", Some(d(2026, 11, 23)), None, None),
                item("Send the deck", Some(d(2026, 11, 21)), None, Some(&bo)),
                item("Old", Some(d(2026, 11, 1)), Some(d(2026, 10, 30)), None),
            ],
            created_at: noon(d(2026, 11, 20)),
            updated_at: noon(d(2026, 11, 20)),
        };
        fx.ws.put(note.clone().into());
        let zoe = fx.rep("Zoe", None);
        let texts = |ws: &Workspace, me: Option<&Id>| {
            open_items_for(ws, me, today)
                .into_iter()
                .map(|i| (i.text, i.due_text))
                .collect::<Vec<_>>()
        };
        let both = vec![
            ("Send the deck".to_string(), "Overdue by 1 day".to_string()),
            ("Call the buyer".to_string(), "Due tomorrow".to_string()),
        ];
        assert_eq!(texts(&fx.ws, Some(&ana)), both);
        assert_eq!(
            texts(&fx.ws, Some(&mia)),
            both,
            "the rep's manager sees them"
        );
        assert_eq!(
            texts(&fx.ws, Some(&bo)),
            vec![both[0].clone()],
            "Bo owns one"
        );
        assert!(texts(&fx.ws, Some(&zoe)).is_empty());
        // Ticked done today: gone from My day, done on time in the history.
        let done = tick(&note, 0, true, today, noon(today)).unwrap();
        assert_eq!(done.action_items[0].done_on, Some(today));
        fx.ws.put(done.into());
        assert_eq!(texts(&fx.ws, Some(&ana)).len(), 1);
        let h = history(&fx.ws, &ana, today);
        assert_eq!((h.items, h.done, h.on_time, h.overdue), (3, 2, 2, 1));
        assert_eq!(
            h.summary,
            "1 one-on-one, 3 action items: 2 done (2 on time), 1 overdue, 0 open."
        );
        assert_eq!(h.notes[0].with, "with Mia");
        assert_eq!(h.notes[0].items[1].owner, "Bo");
        assert!(tick(&note, 9, true, today, noon(today)).is_none());
    }
}
