//! The evidence behind the clustering defaults: each choice run on the two bundled real
//! tables, scored against the administration's own grouping (opinions that received the
//! same substantive reply, [`iken::reply_agreement`]), and on generated consultations,
//! scored against their true topics.
//!
//! `cargo run --release --example cluster_choices [-- --sizes 2000,10000] [--seeds 8]`
//!
//! Real tables are small, so each is run with `--seeds` seeds (the SVD and sampling seed)
//! and the mean is shown; ARI counts each unclustered opinion as a group of its own, and
//! "ARI one" counts all unclustered opinions as one group.

use std::error::Error;
use std::time::Instant;

use iken::{
    Analysis, ClusterParams, Compounds, Consultation, GenerateParams, Generator, K, Opinion,
    adjusted_rand_index, reply_agreement,
};

struct Choice {
    name: &'static str,
    k: K,
    hierarchy_up_to: usize,
    compounds: Compounds,
}

fn analysis(choice: &Choice, seed: u64) -> Analysis {
    let cluster = ClusterParams {
        k: choice.k,
        hierarchy_up_to: choice.hierarchy_up_to,
        ..ClusterParams::default()
    };
    Analysis::builder()
        .seed(seed)
        .cluster(cluster)
        .compounds(choice.compounds)
        .build()
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut sizes = vec![2_000, 10_000];
    let mut seeds = 8u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .ok_or("--sizes needs a list")?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.trim().replace('_', "").parse())
                    .collect::<Result<_, _>>()?
            }
            "--seeds" => seeds = args.next().ok_or("--seeds needs a number")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let options = iken::ReadOptions::default();
    let real = [
        (
            "Osaka",
            iken::read_path(
                format!("{root}/data/osaka-dx-strategy-pubcomment.txt"),
                &options,
            )?
            .consultation,
        ),
        (
            "環境省",
            iken::read_path(
                format!("{root}/data/env-basic-plan-5-pubcomment.csv"),
                &options,
            )?
            .consultation,
        ),
    ];
    let generated: Vec<(usize, Consultation, Vec<Option<u32>>)> = sizes
        .iter()
        .map(|&n| {
            let comments: Vec<_> = Generator::new(GenerateParams::new(n).seed(1))?.collect();
            let mut c = Consultation::default();
            for (i, g) in comments.iter().enumerate() {
                c.opinions.push(Opinion {
                    id: format!("g{i}"),
                    text: g.text.clone(),
                    ..Default::default()
                });
            }
            Ok((n, c, comments.iter().map(|g| g.topic).collect()))
        })
        .collect::<iken::Result<_>>()?;

    let kmeans = K::Auto { min: 2, max: 30 };
    let choices = [
        Choice {
            name: "k-means, auto k, words",
            k: kmeans,
            hierarchy_up_to: 0,
            compounds: Compounds::Off,
        },
        Choice {
            name: "k-means, auto k, compounds+parts",
            k: kmeans,
            hierarchy_up_to: 0,
            compounds: Compounds::WithParts,
        },
        Choice {
            name: "hierarchy cut 0.5, compounds+parts",
            k: K::Threshold { distance: 0.5 },
            hierarchy_up_to: 0,
            compounds: Compounds::WithParts,
        },
        Choice {
            name: "hierarchy cut 0.7, compounds+parts",
            k: K::Threshold { distance: 0.7 },
            hierarchy_up_to: 0,
            compounds: Compounds::WithParts,
        },
        Choice {
            name: "hierarchy best cut, words",
            k: kmeans,
            hierarchy_up_to: 10_000,
            compounds: Compounds::Off,
        },
        Choice {
            name: "hierarchy best cut, compounds only",
            k: kmeans,
            hierarchy_up_to: 10_000,
            compounds: Compounds::Only,
        },
        Choice {
            name: "hierarchy best cut, compounds+parts (default)",
            k: kmeans,
            hierarchy_up_to: 10_000,
            compounds: Compounds::WithParts,
        },
    ];
    for choice in &choices {
        println!("{}", choice.name);
        for (name, c) in &real {
            let (mut ari, mut nmi, mut one, mut clusters, mut alone) = (0.0, 0.0, 0.0, 0, 0);
            let mut groups = (0, 0, 0);
            for seed in 0..seeds {
                let report = analysis(choice, seed).run(c)?;
                let a = reply_agreement(c, &report)?;
                ari += a.ari;
                nmi += a.nmi;
                one += a.ari_unclustered_as_one;
                clusters += a.clusters;
                alone += a.unclustered;
                groups = (a.opinions, a.groups, a.shared_groups);
            }
            let f = seeds as f64;
            println!(
                "  {name:<8} ARI {:.3}  NMI {:.3}  ARI one {:.3}  clusters {:.1}  unclustered {:.1}  \
                 ({} opinions in {} reply groups, {} shared; mean of {seeds} seeds)",
                ari / f,
                nmi / f,
                one / f,
                clusters as f64 / f,
                alone as f64 / f,
                groups.0,
                groups.1,
                groups.2
            );
        }
        for (n, c, topics) in &generated {
            let t = Instant::now();
            let report = analysis(choice, 0).run(c)?;
            let seconds = t.elapsed().as_secs_f64();
            let (truth, found): (Vec<u32>, Vec<Result<usize, usize>>) = topics
                .iter()
                .zip(&report.opinions)
                .enumerate()
                .filter_map(|(i, (t, o))| t.map(|t| (t, o.cluster.ok_or(i))))
                .unzip();
            println!(
                "  gen{n:<5} ARI {:.3}  clusters {}  unclustered {}  {seconds:.1} s",
                adjusted_rand_index(&truth, &found)?,
                report.clusters.len(),
                report.unclustered.len()
            );
        }
    }
    Ok(())
}
