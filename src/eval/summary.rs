//! What the page shows under the totals, kept up to date edit by edit: the ranking of
//! losses ([`Report::losses`]), the readiness to sign ([`Report::readiness`]), the leaves
//! by status ([`Report::status_tally`]) and each main indicator's progress
//! ([`Report::progress`]).
//!
//! Computing them afresh on every keystroke walks, sorts and copies the whole report
//! (most of a keystroke's time in the page's engine call). An edit changes a few nodes
//! ([`Changed`]): the ranking moves only those leaves (a binary search each, by points
//! lost), and the readiness, the counts and the progress, which depend on the leaves'
//! statuses alone, are computed again only when a changed leaf's status moved. After
//! any sequence of updates each part equals what the report's own method gives (the
//! tests below check it along a run of edits).

use std::cmp::Ordering;

use crate::report::{Progress, Readiness, Report, Status, StatusCounts};

use super::session::{Changed, Session};

/// The summary parts as last brought up to date.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    /// Leaves losing points (positions in the set's nodes), the most first, ties in the
    /// set's order: [`Report::losses`] by position.
    ranking: Vec<usize>,
    /// Each node's status, by position, as the parts below were computed from.
    statuses: Vec<Status>,
    pub(crate) readiness: Readiness,
    pub(crate) counts: StatusCounts,
    pub(crate) progress: Vec<Progress>,
}

/// Which parts an update changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Moved {
    pub(crate) ranking: bool,
    pub(crate) readiness: bool,
    pub(crate) counts: bool,
    pub(crate) progress: bool,
}

impl Moved {
    /// Every part (the page has none yet).
    pub(crate) const ALL: Moved = Moved {
        ranking: true,
        readiness: true,
        counts: true,
        progress: true,
    };
}

impl Summary {
    /// The summary of a session's report as it stands.
    pub(crate) fn of(session: &Session) -> Summary {
        let report = session.report();
        let n = session.set().nodes.len();
        let mut summary = Summary {
            ranking: Vec::new(),
            statuses: (0..n).map(|i| report.nodes.at(i).status).collect(),
            readiness: report.readiness(),
            counts: report.status_tally(),
            progress: report.progress(),
        };
        // Each leaf put in its place (rather than a sort: no second sort in the wasm).
        for i in (0..n).filter(|&i| is_leaf(session, i)) {
            summary.place(report, i);
        }
        summary
    }

    /// Brings the summary up to date after the nodes `changed` were scored again;
    /// says which parts differ from before.
    pub(crate) fn update(&mut self, session: &Session, changed: &Changed) -> Moved {
        let report = session.report();
        if changed.all || self.statuses.len() != session.set().nodes.len() {
            let now = Summary::of(session);
            let moved = Moved {
                ranking: now.ranking != self.ranking,
                readiness: now.readiness != self.readiness,
                counts: now.counts != self.counts,
                progress: now.progress != self.progress,
            };
            *self = now;
            return moved;
        }
        let mut moved = Moved::default();
        let mut statuses_moved = false;
        for &i in &changed.nodes {
            let status = report.nodes.at(i).status;
            if self.statuses[i] != status {
                self.statuses[i] = status;
                statuses_moved |= is_leaf(session, i);
            }
            if is_leaf(session, i) {
                moved.ranking |= self.place(report, i);
            }
        }
        if statuses_moved {
            let readiness = report.readiness();
            let counts = report.status_tally();
            let progress = report.progress();
            moved.readiness = readiness != self.readiness;
            moved.counts = counts != self.counts;
            moved.progress = progress != self.progress;
            self.readiness = readiness;
            self.counts = counts;
            self.progress = progress;
        }
        moved
    }

    /// Puts leaf `i` where its points lost now rank it (out of the ranking when it loses
    /// none); whether the ranking changed.
    fn place(&mut self, report: &Report, i: usize) -> bool {
        let old = self.ranking.iter().position(|&r| r == i);
        if let Some(at) = old {
            self.ranking.remove(at);
        }
        let new = (lost(report, i) > Some(rust_decimal::Decimal::ZERO)).then(|| {
            let at = self
                .ranking
                .partition_point(|&r| before(report, r, i) == Ordering::Less);
            self.ranking.insert(at, i);
            at
        });
        old != new
    }

    /// The ranking as indicator ids.
    pub(crate) fn ranking<'a>(&self, report: &'a Report) -> Vec<&'a str> {
        let ids: Vec<&'a std::sync::Arc<str>> = report.nodes.keys().collect();
        self.ranking.iter().map(|&i| &**ids[i]).collect()
    }
}

fn is_leaf(session: &Session, i: usize) -> bool {
    session.set().nodes[i].child_indexes.is_empty()
}

fn lost(report: &Report, i: usize) -> Option<rust_decimal::Decimal> {
    report.nodes.at(i).lost
}

/// The ranking's order: more points lost first, then the set's order.
fn before(report: &Report, a: usize, b: usize) -> Ordering {
    lost(report, b).cmp(&lost(report, a)).then(a.cmp(&b))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{json, Value};

    use super::*;
    use crate::{IndicatorSet, ScoreOptions};

    fn session() -> Session {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/indicator-sets/vinh-long-2025.json"
        ))
        .unwrap();
        let set = Arc::new(IndicatorSet::from_json(&text).unwrap());
        // Every ratio leaf's inputs filled, so that many leaves lose points, several
        // the same (ties keep the set's order).
        let mut values = serde_json::Map::new();
        for node in set.leaves() {
            let fields: serde_json::Map<String, Value> = node
                .inputs
                .iter()
                .map(|i| {
                    (
                        i.id.clone(),
                        json!(if i.id == "b" { "1200" } else { "900" }),
                    )
                })
                .collect();
            if !fields.is_empty() {
                values.insert(node.id.clone(), Value::Object(fields));
            }
        }
        let document = json!({ "format": "dti-score/values/v1", "values": values });
        Session::open(set, document, ScoreOptions::default()).unwrap()
    }

    fn ids(report: &Report, list: Vec<&str>) -> Vec<String> {
        assert_eq!(list, report.losses());
        list.into_iter().map(str::to_owned).collect()
    }

    /// Every part equals the report's own, and `moved` says exactly which changed.
    fn check(s: &Summary, session: &Session, before: &Summary, moved: Moved) {
        let report = session.report();
        assert_eq!(s.ranking(report), report.losses());
        assert_eq!(s.readiness, report.readiness());
        assert_eq!(s.counts, report.status_tally());
        assert_eq!(s.progress, report.progress());
        assert_eq!(
            moved,
            Moved {
                ranking: s.ranking != before.ranking,
                readiness: s.readiness != before.readiness,
                counts: s.counts != before.counts,
                progress: s.progress != before.progress,
            }
        );
    }

    #[test]
    fn the_summary_follows_every_edit_as_a_full_computation_gives_it() {
        let mut session = session();
        let mut s = Summary::of(&session);
        let report = session.report();
        let first = ids(report, s.ranking(report));
        assert_eq!(first.len(), 38);
        // Ties keep the set's order.
        assert_eq!(&first[..6], ["6.6", "3.4", "3.5", "4.2", "6.9", "7.5"]);
        assert_eq!(&first[12..17], ["1.1", "1.2", "1.3", "1.4", "1.5"]);
        // A run of edits: values that raise a leaf to full points, drop it to none,
        // tie it with others, make it missing, invalid, and back.
        let path = |id: &str, f: &str| vec!["values".to_string(), id.to_string(), f.to_string()];
        let edits: Vec<(Vec<String>, Value)> = vec![
            (path("1.2", "a"), json!("1200")),
            (path("1.2", "a"), json!("0")),
            (path("1.2", "a"), json!("900")),
            (path("1.2", "a"), Value::Null),
            (path("3.1", "b"), json!("0")),
            (path("3.1", "b"), json!("1200")),
            (path("1.2", "a"), json!("1199")),
            (path("4.2", "a"), json!("1200")),
            (path("1.2", "a"), json!("901")),
            (vec!["context".into(), "population".into()], json!("125000")),
            (path("1.2", "a"), json!("900")),
        ];
        for (k, (path, value)) in edits.into_iter().enumerate() {
            let numbers_only = k % 2 == 0;
            let changed = session.edit(&path, value.clone(), numbers_only).unwrap();
            let before = s.clone();
            let moved = s.update(&session, &changed);
            check(&s, &session, &before, moved);
            assert_eq!(s, Summary::of(&session), "edit {k}: {path:?} = {value}");
        }
    }

    #[test]
    fn an_edit_that_moves_no_status_leaves_the_readiness_counts_and_progress() {
        let mut session = session();
        let mut s = Summary::of(&session);
        let path = vec!["values".to_string(), "1.2".into(), "a".into()];
        let changed = session.edit(&path, json!("1200"), true).unwrap();
        let moved = s.update(&session, &changed);
        // 1.2 reaches full points: out of the ranking; its status stays ok.
        assert_eq!(
            moved,
            Moved {
                ranking: true,
                ..Moved::default()
            }
        );
        assert!(!s.ranking(session.report()).contains(&"1.2"));
        let changed = session.edit(&path, Value::Null, true).unwrap();
        let moved = s.update(&session, &changed);
        // Missing now: 0 points of 10, back in the ranking, and the other parts move.
        assert_eq!(moved, Moved::ALL);
        assert_eq!(s.counts.missing, session.report().status_tally().missing);
        assert_eq!(
            s.readiness.missing.len(),
            session.report().readiness().missing.len()
        );
    }
}
