//! The smallest program that uses iken: a few comments in, what they say out.
//!
//! Run: `cargo run --release --example embed`

use iken::{Analysis, Consultation, Opinion, Reply};

fn main() -> iken::Result<()> {
    let comments = [
        "窓口の待ち時間が長いので、オンライン予約を導入してほしい。",
        "区役所の窓口が混雑している。予約制にしてください。",
        "公園の遊具が古くて危ない。早く直してほしい。",
        "近所の公園の遊具を新しくしてほしいです。",
        "窓口の待ち時間が長いので、オンライン予約を導入してほしい。",
    ];
    let mut consultation = Consultation::default();
    for (i, text) in comments.iter().enumerate() {
        consultation.opinions.push(Opinion {
            id: format!("o{}", i + 1),
            text: text.to_string(),
            reply: Some("r1".into()),
            ..Default::default()
        });
    }
    consultation.replies.push(Reply {
        id: "r1".into(),
        text: "いただいたご意見については、今後の施策の参考とさせていただきます。".into(),
        ..Default::default()
    });

    let report = Analysis::builder().seed(1).build().run(&consultation)?;
    for c in &report.clusters {
        let words: Vec<&str> = c.keywords.iter().map(|(t, _)| t.as_str()).collect();
        println!("cluster {}: {:?} — {}", c.id, c.members, words.join("・"));
    }
    for g in &report.duplicates {
        println!("copies: {:?}", g.members);
    }
    if let Some(r) = &report.replies {
        println!("reply r1: {}", r.replies[0].class);
    }
    Ok(())
}
