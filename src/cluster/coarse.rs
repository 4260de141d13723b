//! The coarse level above the clusters: clusters merged by average linkage on their
//! centroids, for a reader who wants a handful of themes before the clusters.
//!
//! Takes the unit rows the clusters were made from and the [`Clustering`]; gives each
//! cluster's group, groups numbered largest first (by distinct opinions, ties to the group
//! holding the lowest cluster id).

use ndarray::Array2;

use super::linkage::{self, Linkage, cut_into};
use super::{Clustering, normalized};

/// How many groups the coarse level has for `clusters` clusters when not told: about the
/// square root, so that each group holds a few clusters (12 → 3, 30 → 5); each cluster
/// its own group when there are 3 or fewer, as there is nothing to merge that the root
/// does not already say.
pub fn coarse_groups(clusters: usize) -> usize {
    if clusters <= 3 {
        clusters
    } else {
        ((clusters as f64).sqrt().round() as usize).clamp(2, clusters)
    }
}

/// Each cluster's group when the clusters of `clustering` (rows of `vectors`, each taken
/// to unit length) are merged into `groups` groups.
pub(crate) fn coarse_level(
    vectors: &Array2<f64>,
    clustering: &Clustering,
    groups: usize,
) -> Vec<usize> {
    let k = clustering.clusters.len();
    if k == 0 {
        return Vec::new();
    }
    let mut centroids = Array2::<f64>::zeros((k, vectors.ncols()));
    for (c, cluster) in clustering.clusters.iter().enumerate() {
        for &i in &cluster.members {
            let row = vectors.row(i);
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                centroids.row_mut(c).scaled_add(1.0 / norm, &row);
            }
        }
    }
    let centroids = normalized(&centroids);
    let labels = if groups >= k {
        (0..k).collect()
    } else {
        let merges = linkage::merges(&centroids, Linkage::Average);
        cut_into(&merges, k, groups.max(1))
    };
    // Largest first; the labels are numbered by their first cluster, which breaks ties.
    let count = labels.iter().max().map_or(0, |&m| m + 1);
    let mut size = vec![0usize; count];
    for (c, &l) in labels.iter().enumerate() {
        size[l] += clustering.clusters[c].members.len();
    }
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    let mut rank = vec![0; count];
    for (r, &l) in order.iter().enumerate() {
        rank[l] = r;
    }
    labels.iter().map(|&l| rank[l]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Cluster;
    use ndarray::array;

    fn cluster(id: usize, members: Vec<usize>) -> Cluster {
        Cluster {
            id,
            representatives: members.clone(),
            members,
            keywords: Vec::new(),
            cohesion: 1.0,
        }
    }

    #[test]
    fn near_clusters_share_a_group_and_the_larger_group_comes_first() {
        // Clusters 0 and 2 point one way, 1 and 3 another, 4 a third way.
        let unit = array![
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.95, 0.31, 0.0],
            [0.31, 0.95, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.1, 0.99],
        ];
        let clustering = Clustering {
            clusters: vec![
                cluster(0, vec![0]),
                cluster(1, vec![1]),
                cluster(2, vec![2]),
                cluster(3, vec![3]),
                cluster(4, vec![4, 5]),
            ],
            unclustered: vec![],
            assignments: vec![Some(0), Some(1), Some(2), Some(3), Some(4), Some(4)],
            k: 5,
            how_k_was_chosen: String::new(),
        };
        let groups = coarse_level(&unit, &clustering, 3);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[1], groups[3]);
        assert_ne!(groups[0], groups[1]);
        assert_ne!(groups[4], groups[0]);
        assert_ne!(groups[4], groups[1]);
        // Three groups of two opinions each: the tie goes to the group of cluster 0.
        assert_eq!(groups[0], 0);
        // As many groups as clusters: each its own, the two-opinion cluster first.
        assert_eq!(coarse_level(&unit, &clustering, 9), vec![1, 2, 3, 4, 0]);
    }

    #[test]
    fn group_counts() {
        assert_eq!(coarse_groups(2), 2);
        assert_eq!(coarse_groups(4), 2);
        assert_eq!(coarse_groups(12), 3);
        assert_eq!(coarse_groups(30), 5);
    }
}
