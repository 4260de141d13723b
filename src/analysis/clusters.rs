//! The clustering stage: the units' texts → tokens → TF-IDF → SVD → clusters with
//! keywords, their coarse level, and map positions.

use super::{Analysis, Units, Vectors};
use crate::cluster::{Cluster, ClusterParams, Clustering, coarse_groups, coarse_level};
use crate::error::{ErrorKind, Result};
use crate::map::MapParams;
use crate::reduce::SvdParams;
use crate::tokenize::{Tokenizer, intern_all};

/// What the clustering stage gives for a list of texts.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterStage {
    /// The clusters (rows: the texts given).
    pub clustering: Clustering,
    /// Terms in the TF-IDF vocabulary.
    pub terms: usize,
    /// Dimensions the SVD kept.
    pub dimensions: usize,
    /// Whether the clusters were made on the SVD vectors; `false` when the texts were too
    /// few for LSA and were clustered on their TF-IDF rows.
    pub reduced: bool,
    /// Share of the TF-IDF variance the SVD kept.
    pub explained_variance: f64,
    /// Each cluster's group in the coarse level above the clusters (by cluster id).
    pub groups: Vec<usize>,
    /// Each text's position on the map ([`MapParams::layout`]; `None` for a text with no
    /// counted term).
    pub map: Vec<Option<(f64, f64)>>,
}

/// The clustering stage's result per unit, or why nothing was clustered.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct UnitClusters {
    /// Each unit's cluster.
    pub(crate) cluster_of: Vec<Option<usize>>,
    /// Each unit's map position.
    pub(crate) map_of: Vec<Option<(f64, f64)>>,
    /// The clusters (members are units).
    pub(crate) clusters: Vec<Cluster>,
    /// Each cluster's coarse group.
    pub(crate) groups: Vec<usize>,
    /// How k was chosen (empty when nothing was clustered).
    pub(crate) how_k_was_chosen: String,
    /// What the clusters were made from (`None` when nothing was clustered).
    pub(crate) vectors: Option<Vectors>,
    /// Why nothing was clustered.
    pub(crate) note: Option<String>,
}

impl Analysis {
    /// The clustering stage alone, each text one point: tokens (content words and noun
    /// compounds as [`compounds`](Self::compounds) says) → TF-IDF → SVD to at most
    /// [`dimensions`](Self::dimensions), and at most one per two texts → clusters. Up to
    /// twice `dimensions` texts are clustered on their TF-IDF rows themselves (the SVD then
    /// only places them on the map): too few texts for LSA to learn from.
    /// [`run`](Self::run) calls it with one text per group of copies.
    ///
    /// # Errors
    /// [`ErrorKind::TooLittleInput`] when the texts cannot be clustered (no content word,
    /// fewer texts than the k asked); [`ErrorKind::InvalidParameter`] for an invalid
    /// option; [`ErrorKind::Numerical`] when the SVD or k-means fails; a tokenizer error.
    pub fn cluster_texts(&self, texts: &[&str]) -> Result<ClusterStage> {
        self.validate()?;
        let tokenizer = self.tokenizer()?;
        let terms = intern_all(&tokenizer, texts)?;
        let (model, tfidf) = self.tfidf.fit_transform_interned(&terms)?;
        drop(terms);
        // LSA smooths only with fewer dimensions than texts: at most one per two texts.
        let dims = self.dimensions.min(texts.len() / 2).max(2).min(texts.len());
        let (svd, vectors) = SvdParams::new(dims).seed(self.seed).fit_transform(&tfidf)?;
        let params = ClusterParams {
            seed: self.seed,
            ..self.cluster.clone()
        };
        // A term is a predicate when the dictionary reads it, alone, as a verb or adjective
        // (示す, 大きい); compounds and nouns are not.
        let words = tokenizer.clone().keeping_all_tokens();
        let is_predicate = |term: &str| {
            words
                .tokenize(term)
                .is_ok_and(|t| t.len() == 1 && matches!(t[0].pos_major(), "動詞" | "形容詞"))
        };
        // LSA needs many texts to learn which words go together; a small table reduced to
        // half as many dimensions as it has texts comes out in artificial pairs (eight
        // opinions on one subject became four pairs). Up to twice `dimensions` texts are
        // clustered on their TF-IDF itself, which on the bundled tables also follows the
        // administrations' grouping better (ARCHITECTURE.md); the SVD still draws the map.
        let reduced = texts.len() > 2 * self.dimensions;
        let dimensions = vectors.ncols();
        let (clustering, unit, groups) = if !reduced {
            let (clustering, unit) = params.fit_labelled_owned(
                tfidf.to_dense(),
                &tfidf,
                model.vocabulary(),
                &is_predicate,
            )?;
            // Centroids of TF-IDF rows of a small table share few terms: nearly orthogonal,
            // their distances say little about which clusters are akin. The SVD vectors,
            // which smooth over words used together, do.
            let groups = coarse_level(&vectors, &clustering, self.groups_for(&clustering));
            (clustering, unit, groups)
        } else {
            let (clustering, unit) =
                params.fit_labelled_owned(vectors, &tfidf, model.vocabulary(), &is_predicate)?;
            let groups = coarse_level(&unit, &clustering, self.groups_for(&clustering));
            (clustering, unit, groups)
        };
        // The map is drawn from the rows the clusters were made from, so that what lies
        // together on the map is what the clustering put together.
        let map = MapParams {
            seed: self.seed,
            ..self.map.clone()
        }
        .layout(&unit, &clustering.assignments)?
        .into_iter()
        .map(|p| p.map(|[x, y]| (x, y)))
        .collect();
        Ok(ClusterStage {
            clustering,
            groups,
            terms: model.vocabulary().len(),
            dimensions,
            reduced,
            explained_variance: svd.explained_variance_ratio().sum(),
            map,
        })
    }

    /// Groups of the coarse level for `clustering`.
    fn groups_for(&self, clustering: &Clustering) -> usize {
        self.coarse_groups
            .unwrap_or_else(|| coarse_groups(clustering.clusters.len()))
    }

    /// Clusters the units, one text each; too few units, or too little in them, is a note.
    pub(crate) fn cluster_units(&self, texts: &[&str], units: &Units) -> Result<UnitClusters> {
        let n = units.len();
        let nothing = |note: String| UnitClusters {
            cluster_of: vec![None; n],
            map_of: vec![None; n],
            note: Some(note),
            ..UnitClusters::default()
        };
        if n < 3 {
            return Ok(nothing(format!(
                "Not clustered: {n} distinct opinion{} (at least 3 are needed).",
                if n == 1 { "" } else { "s" }
            )));
        }
        let unit_texts: Vec<&str> = units.opinion.iter().map(|&i| texts[i]).collect();
        match self.cluster_texts(&unit_texts) {
            Ok(stage) => Ok(UnitClusters {
                how_k_was_chosen: stage.clustering.how_k_was_chosen,
                vectors: Some(Vectors {
                    terms: stage.terms,
                    dimensions: stage.dimensions,
                    reduced: stage.reduced,
                    explained_variance: stage.explained_variance,
                }),
                cluster_of: stage.clustering.assignments,
                clusters: stage.clustering.clusters,
                groups: stage.groups,
                map_of: stage.map,
                note: None,
            }),
            // Too little to cluster (no content word, too few distinct opinions) is a
            // finding about the input, not a failure of the run.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::TooLittleInput { .. } | ErrorKind::Numerical { .. }
                ) =>
            {
                Ok(nothing(format!("Not clustered: {e}.")))
            }
            Err(e) => Err(e),
        }
    }
}
