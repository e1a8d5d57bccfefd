//! The team page's lists: reps (active first, then by name) and territories by name.

use crate::domain::{Rep, Territory, Workspace};

/// Every rep, active ones first, each group by name (any case).
pub fn reps_in_order(ws: &Workspace) -> Vec<Rep> {
    let mut v: Vec<Rep> = ws.reps.values().cloned().collect();
    v.sort_by(|a, b| {
        b.active
            .cmp(&a.active)
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    v
}

/// Every territory by name (the team page and the board's territory filter).
pub fn territories_by_name(ws: &Workspace) -> Vec<&Territory> {
    let mut v: Vec<&Territory> = ws.territories.values().collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::domain::Id;

    #[test]
    fn active_reps_first_then_by_name() {
        let (mut ws, _) = seeded();
        for (id, name, active) in [("1", "zoe", true), ("2", "Al", false), ("3", "Bea", true)] {
            let mut r = rep(Id::from_string(id), name);
            r.active = active;
            ws.put(r.into());
        }
        let names: Vec<String> = reps_in_order(&ws).into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["Bea", "zoe", "Al"]);
    }

    #[test]
    fn territories_sorted_by_name() {
        let (mut ws, _) = seeded();
        for (id, name) in [("1", "West"), ("2", "East"), ("3", "North")] {
            ws.put(
                Territory {
                    id: Id::from_string(id),
                    name: name.into(),
                    region: None,
                    segment: None,
                    created_at: now(),
                    updated_at: now(),
                }
                .into(),
            );
        }
        let names: Vec<&str> = territories_by_name(&ws)
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["East", "North", "West"]);
    }
}
