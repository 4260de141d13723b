//! What people do to the sentences they borrow and the letters they paste: parts kept,
//! their own spellings, endings and numbers changed, bullets and line breaks, typos, width.

use rand::Rng;
use rand::seq::SliceRandom;

use super::words::*;
use super::{MAX_CHARS, MIN_CHARS};

#[derive(PartialEq, Eq)]
pub(super) enum Script {
    Kanji,
    Katakana,
    Other,
}

pub(super) fn script(word: &str) -> Script {
    if word.chars().all(|c| ('\u{30A0}'..='\u{30FF}').contains(&c)) {
        Script::Katakana
    } else if word.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        Script::Kanji
    } else {
        Script::Other
    }
}

/// Whether `word` occurs in `s` as a whole word: not inside a longer run of its script
/// (so that イン in インバウンド is not taken for a word).
pub(super) fn stands_alone(s: &str, word: &str) -> bool {
    let kind = script(word);
    if kind == Script::Other {
        return false;
    }
    s.match_indices(word).any(|(at, _)| {
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        let joins = |c: Option<char>| c.is_some_and(|c| script(&c.to_string()) == kind);
        !joins(before) && !joins(after)
    })
}

/// A sentence of personal context: 「天王寺区在住の会社員です。」
pub(super) fn personal(rng: &mut impl Rng) -> String {
    let ward = WARDS.choose(rng).expect("wards");
    let who = PEOPLE.choose(rng).expect("people");
    match rng.gen_range(0..3) {
        0 => format!("{ward}在住の{who}です。"),
        1 => format!("{ward}に住んでいる{who}です。"),
        _ => format!("{who}として意見を述べます。"),
    }
}

/// What a person keeps of a borrowed sentence of three clauses or more: its last clauses,
/// or its first ones closed off (a short one may stay whole). People take a point, not a
/// paragraph, word for word; comments that repeated whole 100-character sentences would
/// be near copies of one another.
pub(super) fn in_part(rng: &mut impl Rng, s: &str) -> String {
    let clauses: Vec<&str> = s.split_inclusive('、').collect();
    if clauses.len() < 3 || (!is_long(s) && rng.gen_bool(0.3)) {
        return s.to_owned();
    }
    let k = rng.gen_range(1..clauses.len());
    // A head of a few characters (a connective) says nothing on its own.
    if rng.gen_bool(0.5) || clauses[..k].concat().chars().count() < 12 {
        clauses[k..].concat()
    } else {
        let head = clauses[..k].concat();
        let head = head.trim_end_matches('、');
        let close = CLOSES.choose(rng).expect("closes");
        format!("{head}{close}")
    }
}

/// A person's own way of writing borrowed words: spellings of their habit (下さい or
/// ください, 出来る or できる) and words of emphasis after commas. Two people who borrow
/// the same sentences still do not write the same text, as copies of one letter do.
pub(super) fn own_words(rng: &mut impl Rng, parts: Vec<String>) -> Vec<String> {
    let mut habits: Vec<(&str, &str)> = Vec::new();
    for &(a, b) in SPELLINGS {
        if rng.gen_bool(0.7) {
            habits.push(if rng.gen_bool(0.5) { (a, b) } else { (b, a) });
        }
    }
    parts
        .into_iter()
        .map(|part| {
            let mut part = habits
                .iter()
                .fold(part, |p, (from, to)| p.replace(from, to));
            if part.contains('、') {
                let mut with_fillers = String::with_capacity(part.len() + 16);
                for c in part.chars() {
                    with_fillers.push(c);
                    if c == '、' && rng.gen_bool(0.3) {
                        with_fillers.push_str(FILLERS.choose(rng).expect("fillers"));
                    }
                }
                part = with_fillers;
            }
            part
        })
        .collect()
}

/// A sentence of three clauses or more and over 60 characters.
pub(super) fn is_long(s: &str) -> bool {
    s.matches('、').count() >= 2 && s.chars().count() > 60
}

pub(super) fn chars(parts: &[String]) -> usize {
    parts.iter().map(|p| p.chars().count()).sum()
}

/// Joins sentences and keeps the text within 20..=800 characters: drops whole sentences
/// from the end, cuts a last long one at a comma, pads a short one with a closing remark.
pub(super) fn fit(mut parts: Vec<String>) -> String {
    while parts.len() > 1 && chars(&parts) > MAX_CHARS {
        parts.pop();
    }
    let mut text = parts.concat();
    if text.chars().count() > MAX_CHARS {
        let cut: String = text.chars().take(MAX_CHARS - 1).collect();
        let at = cut.rfind('、').unwrap_or(cut.len());
        text = format!("{}。", &cut[..at]);
    }
    if text.chars().count() < MIN_CHARS {
        text.push_str("ご検討をよろしくお願いいたします。");
    }
    text
}

pub(super) fn switch_ending(rng: &mut impl Rng, s: &str) -> String {
    for group in ENDINGS {
        if let Some(end) = group.iter().find(|e| s.ends_with(**e)) {
            let other = group.choose(rng).expect("non-empty");
            return format!("{}{}", &s[..s.len() - end.len()], other);
        }
    }
    s.to_owned()
}

pub(super) fn replace_numbers(rng: &mut impl Rng, s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in s.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            if !in_number {
                out.push_str(&rng.gen_range(2..=300).to_string());
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// The edits senders make when they paste a form letter, dense in a short text yet no
/// change of what it says (as seen in real campaigns): one sentence per line, each with a
/// bullet 「・」 or without its 「。」; a 「、」 added after a particle; an intensifying adverb
/// dropped; a line break moved into a sentence.
pub(super) fn sender_edits(rng: &mut impl Rng, s: &str) -> String {
    const ADVERBS: [&str; 6] = ["とても", "すごく", "ぜひ", "必ず", "強く", "早急に"];
    let mut text = s.to_owned();
    if rng.gen_bool(0.5)
        && let Some(adverb) = ADVERBS.iter().find(|a| text.contains(**a))
    {
        text = text.replacen(adverb, "", 1);
    }
    if rng.gen_bool(0.5) {
        // A 「、」 after a particle that does not already have one.
        let spots: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| {
                matches!(c, 'は' | 'が' | 'を' | 'で')
                    && !text[i + c.len_utf8()..].starts_with('、')
            })
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        if let Some(&at) = spots.choose(rng) {
            text.insert(at, '、');
        }
    }
    if rng.gen_bool(0.6) {
        let bullet = rng.gen_bool(0.5);
        let keep_stop = rng.gen_bool(0.5);
        let mut lines: Vec<String> = text
            .split_inclusive('。')
            .map(|l| {
                let l = l.trim();
                let l = if keep_stop {
                    l
                } else {
                    l.trim_end_matches('。')
                };
                if bullet {
                    format!("・{l}")
                } else {
                    l.to_owned()
                }
            })
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() >= 2 && rng.gen_bool(0.3) {
            // A line break moved: the first 「、」 of a line becomes a break.
            let i = rng.gen_range(0..lines.len());
            if let Some(at) = lines[i].find('、') {
                let rest = lines[i][at + '、'.len_utf8()..].to_owned();
                lines[i].truncate(at + '、'.len_utf8());
                lines.insert(i + 1, rest);
            }
        }
        text = lines.join("\n");
    }
    text
}

/// One to three single-character slips: a letter dropped, doubled, or two swapped.
pub(super) fn typos(rng: &mut impl Rng, s: &str) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    for _ in 0..rng.gen_range(1..=3) {
        if cs.len() < 4 {
            break;
        }
        let i = rng.gen_range(1..cs.len() - 1);
        match rng.gen_range(0..3) {
            0 => {
                cs.remove(i);
            }
            1 => cs.insert(i, cs[i]),
            _ => cs.swap(i, i + 1),
        }
    }
    cs.into_iter().collect()
}

/// Full-width latin and digits, or half-width katakana, as different keyboards and forms
/// produce them.
pub(super) fn width_variant(rng: &mut impl Rng, s: &str) -> String {
    if rng.gen_bool(0.5) {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        // Katakana to half-width, the common cases (no voiced marks).
        const FULL: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンー";
        const HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｰ";
        s.chars()
            .map(|c| {
                FULL.chars()
                    .position(|f| f == c)
                    .and_then(|i| HALF.chars().nth(i))
                    .unwrap_or(c)
            })
            .collect()
    }
}
