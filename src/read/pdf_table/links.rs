//! Phase 4, links: opinions and replies in reading order → replies (consecutive reply
//! paragraphs) → each opinion linked to the reply after it → displaced replies placed by
//! their wording and the section they name.

use std::collections::HashSet;

use super::roles::{Item, starts_continuation};
use crate::consultation::{Consultation, Opinion, Reply, ReplyLink, Source};
use crate::read::displaced;

/// The table's opinions and replies, linked, with what each paragraph became.
pub(super) struct Linked {
    pub(super) consultation: Consultation,
    /// Each paragraph's reply, for reply paragraphs.
    pub(super) reply_of_item: Vec<Option<usize>>,
    /// Each reply's paragraphs.
    pub(super) reply_items: Vec<Vec<usize>>,
    /// Each opinion's paragraph.
    pub(super) opinion_items: Vec<usize>,
    /// Why each opinion has its reply.
    pub(super) link_reason: Vec<String>,
    /// How each displaced reply was placed.
    pub(super) placed: Vec<Option<String>>,
}

pub(super) fn link(file: &str, items: &[Item<'_>], heading_groups: &[Vec<String>]) -> Linked {
    let mut consultation = Consultation::default();
    // Replies: consecutive reply paragraphs, split where an indented paragraph starts a
    // new topic.
    let mut reply_of_item: Vec<Option<usize>> = vec![None; items.len()];
    let mut reply_items: Vec<Vec<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if !item.is_reply {
            continue;
        }
        // An indented paragraph starts a new reply unless it continues the last one.
        let new_topic = item.lines[0].text.starts_with('　') && !starts_continuation(&item.text);
        let continues =
            i > 0 && items[i - 1].is_reply && items[i - 1].page == item.page && !new_topic;
        if continues {
            let r = reply_items.len() - 1;
            reply_items[r].push(i);
            reply_of_item[i] = Some(r);
        } else {
            reply_items.push(vec![i]);
            reply_of_item[i] = Some(reply_items.len() - 1);
        }
    }
    for (r, members) in reply_items.iter().enumerate() {
        let first = &items[members[0]];
        let last = &items[*members.last().unwrap_or(&members[0])];
        let text = members
            .iter()
            .map(|&i| items[i].text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        consultation.replies.push(Reply {
            id: format!("r{}", r + 1),
            text,
            link: ReplyLink::Adjacent,
            source: Source::lines(
                file,
                first.lines[0].no,
                last.lines.last().map_or(first.lines[0].no, |l| l.no),
            ),
        });
    }

    // Opinions, linked to the reply that directly follows them.
    let mut opinion_items: Vec<usize> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut displaced: Vec<usize> = Vec::new();
    let mut link_reason: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.is_reply {
            let r = reply_of_item[i].unwrap_or(0);
            if reply_items[r][0] != i {
                continue;
            }
            if pending.is_empty() {
                displaced.push(r);
            } else {
                for &o in &pending {
                    consultation.opinions[o].reply = Some(format!("r{}", r + 1));
                    link_reason[o] = format!("answered by the reply after it (r{})", r + 1);
                }
                pending.clear();
            }
        } else {
            let o = consultation.opinions.len();
            if pending
                .last()
                .is_some_and(|&p| items[opinion_items[p]].page != item.page)
            {
                pending.clear();
            }
            consultation.opinions.push(Opinion::new(
                format!("o{}", o + 1),
                item.text.clone(),
                Source::lines(
                    file,
                    item.lines[0].no,
                    item.lines.last().map_or(item.lines[0].no, |l| l.no),
                ),
            ));
            opinion_items.push(i);
            link_reason.push("no reply follows it".to_owned());
            pending.push(o);
        }
    }

    // Displaced replies take the run of nearby rows (same or previous page) that their
    // wording and the section they name point to (see `displaced`).
    let index_of = |id: &str| id.strip_prefix('r').and_then(|n| n.parse::<usize>().ok());
    let table = displaced::Table {
        opinions: consultation
            .opinions
            .iter()
            .map(|o| o.text.as_str())
            .collect(),
        opinion_page: opinion_items.iter().map(|&i| items[i].page).collect(),
        adjacent: consultation
            .opinions
            .iter()
            .map(|o| o.reply.as_deref().and_then(index_of).map(|n| n - 1))
            .collect(),
        replies: consultation
            .replies
            .iter()
            .map(|r| r.text.as_str())
            .collect(),
        reply_page: reply_items.iter().map(|m| items[m[0]].page).collect(),
        page_labels: heading_groups,
    };
    let placements = displaced::place(&table, &displaced);
    drop(table);
    for &r in &displaced {
        consultation.replies[r].link = ReplyLink::Unlinked;
    }
    let mut placed: Vec<Option<String>> = vec![None; consultation.replies.len()];
    for p in placements {
        let what = format!(
            "o{}–o{} from r{}: placement {:.2} = wording {:+.2}{}",
            p.opinions[0] + 1,
            p.opinions[p.opinions.len() - 1] + 1,
            p.from + 1,
            p.score,
            p.wording,
            p.section.as_deref().map_or(String::new(), |s| format!(
                " + section 「{s}」 {:+.2}",
                p.score - p.wording
            ))
        );
        for &o in &p.opinions {
            consultation.opinions[o].reply = Some(format!("r{}", p.reply + 1));
            link_reason[o] = format!("displaced reply r{} takes {what}", p.reply + 1);
        }
        placed[p.reply] = Some(format!("printed away from its rows; takes {what}"));
        consultation.replies[p.reply].link = ReplyLink::Inferred;
    }
    for &r in &displaced {
        placed[r].get_or_insert_with(|| {
            "printed away from its rows; no run of rows stands out (unlinked)".to_owned()
        });
    }
    // A reply that lost every opinion to a displaced one is no longer adjacent to any.
    let used: HashSet<String> = consultation
        .opinions
        .iter()
        .filter_map(|o| o.reply.clone())
        .collect();
    for reply in &mut consultation.replies {
        if !used.contains(&reply.id) {
            reply.link = ReplyLink::Unlinked;
        }
    }

    Linked {
        consultation,
        reply_of_item,
        reply_items,
        opinion_items,
        link_reason,
        placed,
    }
}
