//! What the review screen counts in a plan, so the page only renders: the rows the
//! file had, the open deals it brings without an amount, and where each stage it adds
//! lands on its pipeline's board.

use super::convert::ImportPlan;
use crate::domain::{Change, ForecastCategory, Id, Pipeline, Record, StageKind, Workspace};
use std::collections::HashMap;

/// Rows of the file the plan read: imported ones and rejected ones.
pub fn rows_in_file(plan: &ImportPlan) -> usize {
    plan.imported + plan.errors.len()
}

/// The pipelines as the plan writes them (inserted or updated), by id.
fn planned_pipelines(plan: &ImportPlan) -> HashMap<&Id, &Pipeline> {
    plan.changes
        .iter()
        .filter_map(|c| match c {
            Change::Insert(Record::Pipeline(p)) | Change::Put(Record::Pipeline(p)) => {
                Some((&p.id, p))
            }
            _ => None,
        })
        .collect()
}

/// New deals of the plan that are open and have no amount yet (they count as deals and
/// add nothing to totals). Their stage is looked up in the pipeline as the plan leaves
/// it, so deals in a stage the import adds count too.
pub fn open_deals_without_amount(plan: &ImportPlan, ws: &Workspace) -> usize {
    let planned = planned_pipelines(plan);
    plan.changes
        .iter()
        .filter_map(|c| match c {
            Change::Insert(Record::Deal(d)) if d.amount.is_none() => Some(d),
            _ => None,
        })
        .filter(|d| {
            planned
                .get(&d.pipeline_id)
                .copied()
                .or_else(|| ws.pipelines.get(&d.pipeline_id))
                .and_then(|p| p.stage(&d.stage_id))
                .is_some_and(|s| s.kind == StageKind::Open)
        })
        .count()
}

/// A stage the import adds, placed on its board for the review.
#[derive(Clone, Debug, PartialEq)]
pub struct StagePlacement {
    pub name: String,
    pub kind: StageKind,
    pub probability: u8,
    /// The probability is what the file's rows say (else it lies between its
    /// neighbours, or is 100 / 0 for a won / lost stage).
    pub probability_from_file: bool,
    pub forecast_category: ForecastCategory,
    /// Its column on the board, counted from 1.
    pub column: usize,
    /// The stage in the column before it; `None` when it is the first column.
    pub after: Option<String>,
}

/// One pipeline the import creates or adds stages to.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineReview {
    pub name: String,
    pub created: bool,
    /// Stages (board columns) the pipeline has after the import.
    pub columns: usize,
    pub added: Vec<StagePlacement>,
}

/// Every pipeline change of the plan (`ImportPlan::pipelines`), with each added stage's
/// column and the stage before it, in board order.
pub fn pipeline_reviews(plan: &ImportPlan) -> Vec<PipelineReview> {
    let planned = planned_pipelines(plan);
    plan.pipelines
        .iter()
        .map(|u| {
            let stages = planned
                .get(&u.pipeline_id)
                .map_or(&[][..], |p| p.stages.as_slice());
            let added = u
                .added
                .iter()
                .map(|a| StagePlacement {
                    name: a.name.clone(),
                    kind: a.kind,
                    probability: a.probability,
                    probability_from_file: a.probability_from_file,
                    forecast_category: a.forecast_category,
                    column: a.position + 1,
                    after: a
                        .position
                        .checked_sub(1)
                        .and_then(|i| stages.get(i))
                        .map(|s| s.name.clone()),
                })
                .collect();
            PipelineReview {
                name: u.pipeline_name.clone(),
                created: u.created,
                columns: stages.len(),
                added,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::{NewStages, Target};
    use super::*;
    use crate::domain::workspace::tests::seeded;

    const FILE: &str = "Name,Amount,Stage,Probability,Close Date\n\
        Open without amount,,Prospecting,,2026-12-31\n\
        New stage without amount,,Engaging,85,2026-12-31\n\
        Open with amount,100,Proposal,,2026-12-31\n\
        Lost without amount,,Lost,,2026-10-01\n\
        Won with amount,300,Won,,2026-10-01\n\
        Won without amount,,Won,,2026-10-01\n";

    #[test]
    fn counts_open_deals_without_an_amount_and_the_file_rows() {
        let (ws, _) = seeded();
        let (_, plan) = run(&ws, Target::Deals, FILE, |o| {
            o.new_stages = NewStages::AddToPipeline;
        });
        // The won deal without an amount is rejected; the lost one is not open.
        assert_eq!(plan.errors.len(), 1, "{:?}", plan.errors);
        assert_eq!(rows_in_file(&plan), 6);
        assert_eq!(open_deals_without_amount(&plan, &ws), 2);
    }

    #[test]
    fn places_added_stages_on_the_board() {
        let (ws, _) = seeded();
        let (_, plan) = run(&ws, Target::Deals, FILE, |o| {
            o.new_stages = NewStages::AddToPipeline;
        });
        let reviews = pipeline_reviews(&plan);
        assert_eq!(reviews.len(), 1);
        let r = &reviews[0];
        assert!(!r.created);
        assert_eq!(r.name, ws.default_pipeline().unwrap().name);
        assert_eq!(r.columns, 8, "seven stages and one added");
        assert_eq!(
            r.added,
            [StagePlacement {
                name: "Engaging".into(),
                kind: StageKind::Open,
                probability: 85,
                probability_from_file: true,
                forecast_category: ForecastCategory::BestCase,
                column: 6,
                after: Some("Negotiation".into()),
            }]
        );

        // A pipeline of the file's own: its first column follows nothing.
        let (_, plan) = run(&ws, Target::Deals, FILE, |o| {
            o.new_stages = NewStages::NewPipeline("From the file".into());
        });
        let reviews = pipeline_reviews(&plan);
        let r = &reviews[0];
        assert!(r.created);
        assert_eq!(r.name, "From the file");
        assert_eq!(r.added[0].column, 1);
        assert_eq!(r.added[0].after, None);
        assert_eq!(r.added.len(), r.columns, "every stage is new");
        assert_eq!(r.added[1].after.as_deref(), Some(r.added[0].name.as_str()));
    }

    #[test]
    fn a_plan_without_pipeline_changes_reviews_none() {
        let (ws, _) = seeded();
        let (_, plan) = run(&ws, Target::Deals, "Name,Amount\nA,5\n", |_| {});
        assert!(pipeline_reviews(&plan).is_empty());
        assert_eq!(open_deals_without_amount(&plan, &ws), 0);
        assert_eq!(rows_in_file(&plan), 1);
    }
}
