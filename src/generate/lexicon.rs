//! The growing vocabulary ([`Vocabulary::Growing`](super::Vocabulary)): rare words from the
//! bundled dictionary's noun lists, drawn with a Zipf law, so that the number of distinct
//! words keeps growing with the number of comments (Heaps' law) as it does in real
//! consultations, where every writer brings a few words of their own.
//!
//! The lists are written by the build script from the IPADIC source in `data/ipadic`
//! (common nouns and サ変 nouns, places, surnames; kanji or katakana, 2 to 6 characters), most
//! common first by the dictionary's word cost; places are Japanese ones (地域,一般 in kanji). A theme owns every `topics`-th common noun,
//! so rare words carry a little of their theme, as a city's residents writing about
//! libraries name different rare things than those writing about taxes.

use rand::Rng;
use rand::distributions::{Distribution, WeightedIndex};

use crate::error::{Error, Result};

const GENERAL: &str = include_str!(concat!(env!("OUT_DIR"), "/generator-nouns/general.txt"));
const PLACES: &str = include_str!(concat!(env!("OUT_DIR"), "/generator-nouns/places.txt"));
const SURNAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/generator-nouns/surnames.txt"));

/// Exponent of the Zipf law over a list's ranks. Word frequencies in text follow a Zipf law
/// with an exponent near 1; a little above 1 keeps the tail from being drawn flat.
const ZIPF: f64 = 1.25;
/// The same for places and surnames, which spread wider: with the words' exponent the most
/// common place would be where a fifth of the writers live.
const ZIPF_NAMES: f64 = 0.8;
/// Share of a theme's rare words drawn from its own slice of the list.
const OWN_SHARE: f64 = 0.7;

/// The noun lists with their Zipf samplers.
#[derive(Debug, Clone)]
pub(super) struct Lexicon {
    general: Vec<&'static str>,
    places: Vec<&'static str>,
    surnames: Vec<&'static str>,
    topics: usize,
    any: WeightedIndex<f64>,
    own: WeightedIndex<f64>,
    place: WeightedIndex<f64>,
    surname: WeightedIndex<f64>,
}

impl Lexicon {
    pub(super) fn load(topics: usize) -> Result<Lexicon> {
        let list = |s: &'static str| -> Vec<&'static str> { s.lines().collect() };
        let (general, places, surnames) = (list(GENERAL), list(PLACES), list(SURNAMES));
        let zipf = |len: usize, exponent: f64| {
            WeightedIndex::new((1..=len).map(|r| 1.0 / (r as f64).powf(exponent))).map_err(|_| {
                Error::invalid_parameter(
                    "vocabulary",
                    "the bundled dictionary gave no nouns for the growing vocabulary",
                )
            })
        };
        let topics = topics.max(1);
        Ok(Lexicon {
            any: zipf(general.len(), ZIPF)?,
            own: zipf(general.len() / topics, ZIPF)?,
            place: zipf(places.len(), ZIPF_NAMES)?,
            surname: zipf(surnames.len(), ZIPF_NAMES)?,
            general,
            places,
            surnames,
            topics,
        })
    }

    /// A common noun: of the theme's own slice (most of the time) or of the whole list.
    pub(super) fn noun(&self, rng: &mut impl Rng, theme: Option<usize>) -> &'static str {
        match theme {
            Some(t) if rng.gen_bool(OWN_SHARE) => {
                self.general[self.own.sample(rng) * self.topics + t % self.topics]
            }
            _ => self.general[self.any.sample(rng)],
        }
    }

    pub(super) fn place(&self, rng: &mut impl Rng) -> &'static str {
        self.places[self.place.sample(rng)]
    }

    pub(super) fn surname(&self, rng: &mut impl Rng) -> &'static str {
        self.surnames[self.surname.sample(rng)]
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;

    #[test]
    fn lists_are_large_and_words_distinct_draws_grow() {
        let lex = Lexicon::load(12).unwrap();
        assert!(lex.general.len() > 30_000, "{}", lex.general.len());
        assert!(lex.places.len() > 1_000 && lex.surnames.len() > 1_000);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
        let mut seen = HashSet::new();
        let mut distinct = Vec::new();
        for n in 1..=100_000 {
            seen.insert(lex.noun(&mut rng, Some(n % 12)));
            if n % 10_000 == 0 {
                distinct.push(seen.len());
            }
        }
        // Heaps' law: ten times the draws, several times the words, never ten times.
        let (a, b) = (distinct[0] as f64, distinct[9] as f64);
        assert!(b / a > 2.0 && b / a < 10.0, "{distinct:?}");
    }
}
