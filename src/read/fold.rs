//! Folding exact copies while reading: a docket of ten million comments, nine in ten of them
//! the same few hundred letters, becomes the distinct texts with a count each
//! ([`Opinion::copies`]), so that memory follows what was said, not how often.
//!
//! Takes each opinion a streamed reader (CSV, TSV, JSON Lines) makes, one at a time; gives
//! the consultation with every opinion that is not an exact copy of an earlier one (same
//! text, same section, neither answered by a reply of its own) and the earlier one's count
//! raised for each that is. The first opinion's id stands for its copies; the others are
//! not lost: [`for_each_opinion`](super::for_each_opinion) reads them again, one at a time,
//! which is how `opinions.csv` gets a row for each of them.
//!
//! The index keeps a hash and a position per distinct opinion, never a second copy of a
//! text: [`hashbrown::HashTable`] compares against the opinion already kept.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::consultation::{Consultation, Opinion};
use crate::error::Result;

/// Which opinions are the same submission: the same text filed under the same section,
/// with no reply of its own (a reply answers one row of a table; such rows stay apart).
fn foldable(o: &impl Folded) -> bool {
    !o.has_reply()
}

fn key_hash(o: &impl Folded) -> u64 {
    FxBuildHasher.hash_one((o.text(), o.section()))
}

fn same(a: &impl Folded, b: &impl Folded) -> bool {
    a.text() == b.text() && a.section() == b.section()
}

/// Positions of the foldable items kept so far (opinions, or a report's rows of them), by
/// text and section.
#[derive(Default)]
pub(crate) struct FoldIndex {
    table: HashTable<u32>,
}

impl FoldIndex {
    /// The position in `kept` of an item `o` copies, if one was kept.
    fn find<T: Folded>(&self, kept: &[T], o: &impl Folded) -> Option<usize> {
        if !foldable(o) {
            return None;
        }
        self.table
            .find(key_hash(o), |&i| same(&kept[i as usize], o))
            .map(|&i| i as usize)
    }

    /// Remembers `kept[at]`, if it is foldable.
    fn insert<T: Folded>(&mut self, kept: &[T], at: usize) {
        if foldable(&kept[at]) {
            self.table
                .insert_unique(key_hash(&kept[at]), at as u32, |&i| {
                    key_hash(&kept[i as usize])
                });
        }
    }

    /// Keeps `opinion`, or counts it in the earlier opinion it copies.
    fn fold(&mut self, kept: &mut Vec<Opinion>, opinion: Opinion) {
        match self.find(kept, &opinion) {
            Some(at) => kept[at].copies += opinion.copies.max(1),
            None => {
                kept.push(opinion);
                self.insert(kept, kept.len() - 1);
            }
        }
    }
}

/// What a streamed reader does with each opinion it has read.
pub(crate) enum Intake<'a> {
    /// Keeps every opinion.
    Keep,
    /// Keeps the first of each set of exact copies and counts the rest.
    Fold(FoldIndex),
    /// Hands each opinion over and keeps none (a second pass over a large input).
    Visit(&'a mut dyn FnMut(Opinion) -> Result<()>),
}

impl Intake<'_> {
    /// An intake that keeps everything, or folds copies.
    pub(crate) fn new(fold: bool) -> Self {
        if fold {
            Intake::Fold(FoldIndex::default())
        } else {
            Intake::Keep
        }
    }

    /// Takes `opinion` into `consultation` as this intake does.
    pub(crate) fn take(&mut self, consultation: &mut Consultation, opinion: Opinion) -> Result<()> {
        match self {
            Intake::Keep => consultation.opinions.push(opinion),
            Intake::Fold(index) => index.fold(&mut consultation.opinions, opinion),
            Intake::Visit(f) => f(opinion)?,
        }
        Ok(())
    }
}

/// Folds the exact copies of an opinion list read whole (the formats that are not
/// streamed: Excel, text, PDF tables).
pub(crate) fn fold_all(consultation: &mut Consultation) {
    let opinions = std::mem::take(&mut consultation.opinions);
    let mut index = FoldIndex::default();
    for o in opinions {
        index.fold(&mut consultation.opinions, o);
    }
}

/// An item that stands for an opinion read: the opinion itself, or its row in a report.
pub trait Folded {
    /// Its id.
    fn id(&self) -> &str;
    /// Its text.
    fn text(&self) -> &str;
    /// Its section.
    fn section(&self) -> Option<&str>;
    /// Whether it has a reply of its own (then it was never folded).
    fn has_reply(&self) -> bool;
}

/// An opinion and its report row have the same fields for this.
macro_rules! folded_by_fields {
    ($($t:ty),*) => {$(
        impl Folded for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn text(&self) -> &str {
                &self.text
            }
            fn section(&self) -> Option<&str> {
                self.section.as_deref()
            }
            fn has_reply(&self) -> bool {
                self.reply.is_some()
            }
        }
    )*};
}

folded_by_fields!(Opinion, crate::analysis::OpinionRow);

/// Finds, for each opinion of an input read again one at a time, the item that stands for
/// it among those of a consultation read with `fold_copies` (its opinions, or a report's
/// rows of them: the same order).
pub(crate) struct Unfolder<'a, T> {
    kept: &'a [T],
    index: FoldIndex,
    /// Items of `kept` met so far (they come back in the same order).
    next: usize,
}

impl<'a, T: Folded> Unfolder<'a, T> {
    pub(crate) fn new(kept: &'a [T]) -> Self {
        let mut index = FoldIndex::default();
        for at in 0..kept.len() {
            index.insert(kept, at);
        }
        Unfolder {
            kept,
            index,
            next: 0,
        }
    }

    /// The position in `kept` of the item that stands for `o`; `None` when `o` is not
    /// what was read the first time (the file changed in between).
    pub(crate) fn locate(&mut self, o: &Opinion) -> Option<usize> {
        match self.index.find(self.kept, o) {
            Some(at) if at < self.next => Some(at),
            _ => {
                let at = self.next;
                let first = self.kept.get(at)?;
                if first.id() != o.id || !same(first, o) {
                    return None;
                }
                self.next += 1;
                Some(at)
            }
        }
    }

    /// Whether every kept item was met.
    pub(crate) fn complete(&self) -> bool {
        self.next == self.kept.len()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::consultation::Source;

    fn opinion(id: usize, text: &str, section: Option<&str>, reply: bool) -> Opinion {
        let mut o = Opinion::new(format!("o{id}"), text, Source::default());
        o.section = section.map(str::to_owned);
        if reply {
            o.reply = Some(format!("r{id}"));
        }
        o
    }

    #[test]
    fn copies_fold_into_their_first_by_text_and_section_and_never_across_replies() {
        let input = [
            opinion(1, "同じ文章です。", Some("1"), false),
            opinion(2, "同じ文章です。", Some("1"), false),
            opinion(3, "同じ文章です。", Some("2"), false),
            opinion(4, "違う文章です。", Some("1"), false),
            opinion(5, "同じ文章です。", Some("1"), true),
            opinion(6, "同じ文章です。", Some("1"), false),
            opinion(7, "同じ文章です。", Some("1"), true),
        ];
        let mut c = Consultation::default();
        let mut intake = Intake::new(true);
        for o in input.iter().cloned() {
            intake.take(&mut c, o).unwrap();
        }
        let kept: Vec<(&str, u32)> = c
            .opinions
            .iter()
            .map(|o| (o.id.as_str(), o.copies))
            .collect();
        // o2 and o6 are o1 again; o3 is filed elsewhere; o5 and o7 have replies of their own.
        assert_eq!(
            kept,
            [("o1", 3), ("o3", 1), ("o4", 1), ("o5", 1), ("o7", 1)]
        );
        assert_eq!(c.opinions_read(), input.len());

        let mut unfolder = Unfolder::new(&c.opinions);
        let found: Vec<usize> = input.iter().map(|o| unfolder.locate(o).unwrap()).collect();
        assert_eq!(found, [0, 0, 1, 2, 3, 0, 4]);
        assert!(unfolder.complete());
    }

    #[test]
    fn an_input_that_changed_is_not_located() {
        let mut c = Consultation::default();
        let mut intake = Intake::new(true);
        for o in [opinion(1, "a", None, false), opinion(2, "b", None, false)] {
            intake.take(&mut c, o).unwrap();
        }
        let mut unfolder = Unfolder::new(&c.opinions);
        assert_eq!(unfolder.locate(&opinion(1, "a", None, false)), Some(0));
        assert_eq!(unfolder.locate(&opinion(2, "c", None, false)), None);
        assert!(!unfolder.complete());
    }

    proptest! {
        /// Folding is a partition of the input: every opinion is counted by exactly one kept
        /// opinion with its text and section, and reading again finds that one.
        #[test]
        fn folding_partitions_the_input(
            items in proptest::collection::vec((0..6usize, 0..3usize, proptest::bool::weighted(0.1)), 0..60)
        ) {
            let texts = ["あ", "い", "う", "え", "お", "あい"];
            let sections = [None, Some("1"), Some("2")];
            let input: Vec<Opinion> = items
                .iter()
                .enumerate()
                .map(|(i, &(t, s, r))| opinion(i + 1, texts[t], sections[s], r))
                .collect();
            let mut c = Consultation::default();
            let mut intake = Intake::new(true);
            for o in input.iter().cloned() {
                intake.take(&mut c, o).unwrap();
            }
            prop_assert_eq!(c.opinions_read(), input.len());
            let mut unfolder = Unfolder::new(&c.opinions);
            let mut counted = vec![0u32; c.opinions.len()];
            for o in &input {
                let at = unfolder.locate(o).unwrap();
                prop_assert_eq!(&c.opinions[at].text, &o.text);
                prop_assert_eq!(&c.opinions[at].section, &o.section);
                counted[at] += 1;
            }
            prop_assert!(unfolder.complete());
            let copies: Vec<u32> = c.opinions.iter().map(|o| o.copies).collect();
            prop_assert_eq!(counted, copies);
            // No two foldable kept opinions are copies of each other.
            for (i, a) in c.opinions.iter().enumerate() {
                for b in &c.opinions[i + 1..] {
                    prop_assert!(a.reply.is_some() || b.reply.is_some() || !same(a, b));
                }
            }
        }
    }
}
