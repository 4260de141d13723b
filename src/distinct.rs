//! Distinct strings: each one numbered once, in order of first appearance, with the
//! number of times it occurs (exact copies for dedup, documents tokenized once).

use rustc_hash::FxHashMap;

/// The distinct strings of a sequence.
#[derive(Default)]
pub(crate) struct Distinct {
    /// For each item, the number of its distinct string (`None`: the item was skipped).
    pub(crate) of: Vec<Option<u32>>,
    /// For each distinct string, the index of its first item.
    pub(crate) first: Vec<usize>,
    /// For each distinct string, how many items carry it.
    pub(crate) copies: Vec<u32>,
}

impl Distinct {
    /// Numbers the strings of `items`; `None` items are skipped (their `of` is `None`).
    pub(crate) fn new<'a>(items: impl ExactSizeIterator<Item = Option<&'a str>>) -> Self {
        let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
        seen.reserve(items.len());
        let mut out = Distinct {
            of: Vec::with_capacity(items.len()),
            first: Vec::new(),
            copies: Vec::new(),
        };
        for (i, item) in items.enumerate() {
            let Some(s) = item else {
                out.of.push(None);
                continue;
            };
            let next = out.first.len() as u32;
            let u = *seen.entry(s).or_insert(next);
            if u == next {
                out.first.push(i);
                out.copies.push(0);
            }
            out.copies[u as usize] += 1;
            out.of.push(Some(u));
        }
        out
    }
}

/// [`Distinct`] built from owned strings given one at a time, each distinct one kept once:
/// for strings made on the fly (comparison keys), so that the copies among a million texts
/// are never all held at once.
#[derive(Default)]
pub(crate) struct DistinctFolder {
    seen: FxHashMap<Box<str>, u32>,
    out: Distinct,
}

impl DistinctFolder {
    /// The next item (`None`: skipped), standing for `count` items (copies folded before).
    pub(crate) fn push(&mut self, item: Option<String>, count: u32) {
        let i = self.out.of.len();
        let Some(s) = item else {
            self.out.of.push(None);
            return;
        };
        let next = self.out.first.len() as u32;
        let u = *self.seen.entry(s.into_boxed_str()).or_insert(next);
        if u == next {
            self.out.first.push(i);
            self.out.copies.push(0);
        }
        self.out.copies[u as usize] += count;
        self.out.of.push(Some(u));
    }

    /// The numbering, and each distinct string by its number.
    pub(crate) fn finish(self) -> (Distinct, Vec<String>) {
        let mut strings = vec![String::new(); self.out.first.len()];
        for (s, u) in self.seen {
            strings[u as usize] = s.into_string();
        }
        (self.out, strings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_of_first_appearance() {
        let d = Distinct::new(
            ["b", "a", "b", "x", "b"]
                .into_iter()
                .map(|s| (s != "x").then_some(s)),
        );
        assert_eq!(d.of, [Some(0), Some(1), Some(0), None, Some(0)]);
        assert_eq!(d.first, [0, 1]);
        assert_eq!(d.copies, [3, 1]);
    }

    #[test]
    fn folding_owned_strings_numbers_them_the_same() {
        let items = ["b", "a", "b", "x", "b"];
        let mut folder = DistinctFolder::default();
        for s in items {
            folder.push((s != "x").then(|| s.to_owned()), 1);
        }
        let (d, strings) = folder.finish();
        let reference = Distinct::new(items.into_iter().map(|s| (s != "x").then_some(s)));
        assert_eq!(d.of, reference.of);
        assert_eq!(d.first, reference.first);
        assert_eq!(d.copies, reference.copies);
        assert_eq!(strings, ["b", "a"]);
    }
}
