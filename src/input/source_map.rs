//! Where each field of a CV file stands.

use std::collections::HashMap;

/// Field path (`works[3].authors[1]`) → 1-based line and column of its key or item.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceMap {
    positions: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    pub(crate) fn insert(&mut self, path: String, line: usize, column: usize) {
        self.positions.insert(path, (line, column));
    }

    /// The position of a path, or of its nearest ancestor that has one.
    pub(crate) fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}
