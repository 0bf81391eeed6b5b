//! The index of a set's indicators by id, built once when the set is loaded.

use std::collections::HashMap;
use std::sync::Arc;

/// The ids, codes and children of a set's indicators, in order, with the position of
/// each id: made once when the set is loaded and shared by the set and every report
/// scored with it, so that scoring neither copies nor hashes them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct NodeIds {
    pub ids: Vec<Arc<str>>,
    pub codes: Vec<Box<str>>,
    pub children: Vec<Box<[Arc<str>]>>,
    pub index: HashMap<Arc<str>, usize, foldhash::fast::FixedState>,
}

impl NodeIds {
    /// From (id, code, children's ids) in the set's order.
    pub fn new<'a>(nodes: impl IntoIterator<Item = (&'a str, &'a str, &'a [String])>) -> Self {
        let mut out = NodeIds::default();
        for (id, code, children) in nodes {
            out.ids.push(id.into());
            out.codes.push(code.into());
            out.children
                .push(children.iter().map(|c| Arc::from(c.as_str())).collect());
        }
        out.index = out
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        out
    }

    /// The position of an id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}
