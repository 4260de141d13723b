//! What the map costs and how well it keeps neighbours: generates N comments, makes the
//! vectors the clusters are made from (distinct texts → TF-IDF → SVD) and their clusters, and
//! lays them out with [`MapParams::layout`] (the median of three runs), beside the map iken
//! drew before (the first two SVD coordinates, unit-scaled).
//!
//! `cargo run --release --example map [-- --sizes 10000,100000] [--seed S] [--dump DIR]`
//!
//! Quality, on a seeded sample of 1,000 points:
//! - **neighbours kept**: the share of each point's 10 nearest neighbours by cosine in the
//!   SVD space that are among its 10 nearest on the map;
//! - **cluster / topic agreement**: the share of each point's 10 nearest on the map that
//!   are in its cluster, or share its true topic (generated ground truth).
//!
//! `--dump DIR` writes `vectors-N.csv` (unit rows), `labels-N.csv` (cluster, true topic) and
//! `map-N.csv` (x, y) for comparisons with other tools on identical input.

use std::collections::HashMap;
use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use iken::ndarray::{Array2, Axis};
use iken::{
    Analysis, ClusterParams, GenerateParams, Generator, K, MapParams, SvdParams, intern_all,
};
use rand::SeedableRng;
use rand::seq::index::sample;

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut sizes = vec![10_000, 100_000];
    let mut seed = 0u64;
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .ok_or("--sizes needs a list")?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse())
                    .collect::<Result<_, _>>()?
            }
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            "--dump" => dump = Some(args.next().ok_or("--dump needs a directory")?.into()),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let analysis = Analysis::default();
    let tokenizer = analysis.tokenizer()?;
    println!(
        "| comments | distinct | layout (median of 3) | peak MB | neighbours kept: SVD 2-D / map | cluster agreement: SVD / map | topic agreement: SVD / map |"
    );
    println!("|---|---|---|---|---|---|---|");
    for &n in &sizes {
        let params = GenerateParams {
            seed,
            ..GenerateParams::new(n)
        };
        // Distinct texts, as the analysis clusters them, with the first one's true topic.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut topics: Vec<Option<u32>> = Vec::new();
        for c in Generator::new(params)? {
            if !seen.contains_key(&c.text) {
                seen.insert(c.text.clone(), texts.len());
                texts.push(c.text);
                topics.push(c.topic);
            }
        }
        drop(seen);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let terms = intern_all(&tokenizer, &refs)?;
        let (model, tfidf) = analysis.tfidf.fit_transform_interned(&terms)?;
        drop(terms);
        let (_, vectors) = SvdParams::new(100).seed(seed).fit_transform(&tfidf)?;
        let k = topics
            .iter()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
            .len();
        let clustering =
            ClusterParams::new(K::Fixed(k))
                .seed(seed)
                .fit(&vectors, &tfidf, model.vocabulary())?;
        let labels = &clustering.assignments;

        let mut times = Vec::new();
        let mut map = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            map = MapParams {
                seed,
                ..MapParams::default()
            }
            .layout(&vectors, labels)?;
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let peak = peak_mb();

        let unit = unit_rows(&vectors);
        let svd2: Vec<Option<[f64; 2]>> = vectors
            .outer_iter()
            .map(|r| {
                let norm = r.dot(&r).sqrt();
                (norm > 0.0).then(|| [r[0] / norm, r[1] / norm])
            })
            .collect();
        let placed: Vec<usize> = (0..unit.nrows()).filter(|&i| map[i].is_some()).collect();
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        let probe: Vec<usize> = sample(&mut rng, placed.len(), placed.len().min(1000))
            .into_iter()
            .map(|i| placed[i])
            .collect();
        let truth: Vec<Vec<usize>> = probe
            .iter()
            .map(|&i| nearest(&placed, i, 10, |j| 1.0 - unit.row(i).dot(&unit.row(j))))
            .collect();
        let score = |xy: &[Option<[f64; 2]>]| {
            let (mut kept, mut cluster, mut topic, mut total) = (0usize, 0usize, 0usize, 0usize);
            for (p, &i) in probe.iter().enumerate() {
                let a = xy[i].expect("placed");
                let near = nearest(&placed, i, 10, |j| {
                    let b = xy[j].expect("placed");
                    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
                });
                kept += near.iter().filter(|j| truth[p].contains(j)).count();
                cluster += near.iter().filter(|&&j| labels[j] == labels[i]).count();
                topic += near
                    .iter()
                    .filter(|&&j| topics[j].is_some() && topics[j] == topics[i])
                    .count();
                total += near.len();
            }
            let t = total.max(1) as f64;
            (kept as f64 / t, cluster as f64 / t, topic as f64 / t)
        };
        let (k0, c0, t0) = score(&svd2);
        let (k1, c1, t1) = score(&map);
        println!(
            "| {n} | {} | {:.2} s | {peak:.0} | {:.3} / {:.3} | {:.3} / {:.3} | {:.3} / {:.3} |",
            texts.len(),
            times[1],
            k0,
            k1,
            c0,
            c1,
            t0,
            t1
        );
        if let Some(dir) = &dump {
            std::fs::create_dir_all(dir)?;
            let mut v = std::io::BufWriter::new(std::fs::File::create(
                dir.join(format!("vectors-{n}.csv")),
            )?);
            for row in unit.outer_iter() {
                let cells: Vec<String> = row.iter().map(|x| format!("{x:.6}")).collect();
                writeln!(v, "{}", cells.join(","))?;
            }
            let mut l = std::io::BufWriter::new(std::fs::File::create(
                dir.join(format!("labels-{n}.csv")),
            )?);
            writeln!(l, "cluster,topic")?;
            for (c, t) in labels.iter().zip(&topics) {
                let show = |x: Option<String>| x.unwrap_or_default();
                writeln!(
                    l,
                    "{},{}",
                    show(c.map(|c| c.to_string())),
                    show(t.map(|t| t.to_string()))
                )?;
            }
            let mut m =
                std::io::BufWriter::new(std::fs::File::create(dir.join(format!("map-{n}.csv")))?);
            writeln!(m, "x,y")?;
            for p in &map {
                match p {
                    Some([x, y]) => writeln!(m, "{x:.6},{y:.6}")?,
                    None => writeln!(m, ",")?,
                }
            }
        }
    }
    Ok(())
}

fn unit_rows(v: &Array2<f64>) -> Array2<f64> {
    let mut u = v.clone();
    for mut row in u.axis_iter_mut(Axis(0)) {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row.mapv_inplace(|x| x / norm);
        }
    }
    u
}

/// The `k` rows of `among` (other than `i`) with the smallest `distance`.
fn nearest(among: &[usize], i: usize, k: usize, distance: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut d: Vec<(f64, usize)> = among
        .iter()
        .filter(|&&j| j != i)
        .map(|&j| (distance(j), j))
        .collect();
    let k = k.min(d.len());
    d.select_nth_unstable_by(k.saturating_sub(1), |a, b| {
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
    });
    d.truncate(k);
    d.into_iter().map(|x| x.1).collect()
}
