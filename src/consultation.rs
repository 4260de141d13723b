//! The data model: what a consultation received and what was answered.
//!
//! A [`Consultation`] holds [`Opinion`]s (the comments, or their published summaries) and
//! [`Reply`]s (the official answers). Several opinions may share one reply (a merged table
//! cell); an opinion may have none. Every item carries its [`Source`]: the file and the line
//! or row it came from, so that results can be traced back.
//!
//! Ids are strings and stable: the same input gives the same ids. When the input has its
//! own ids (an id column or field) they are kept as they are; otherwise opinions are
//! numbered `o1`, `o2`, … and replies `r1`, `r2`, … in input order.
//!
//! ```
//! use iken::{Consultation, Opinion, Reply, Source};
//!
//! let mut c = Consultation::default();
//! c.replies.push(Reply::new("r1", "今後の参考とさせていただきます。", Source::row("a.csv", 2)));
//! c.opinions.push(Opinion::new("o1", "窓口を増やしてほしい。", Source::row("a.csv", 2)).with_reply("r1"));
//! assert_eq!(c.reply_of(&c.opinions[0]).unwrap().text, "今後の参考とさせていただきます。");
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Everything read from one consultation's data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    /// The opinions, in input order.
    pub opinions: Vec<Opinion>,
    /// The replies, in input order.
    pub replies: Vec<Reply>,
}

impl<'a> From<&'a Consultation> for std::borrow::Cow<'a, Consultation> {
    fn from(c: &'a Consultation) -> Self {
        std::borrow::Cow::Borrowed(c)
    }
}

impl From<Consultation> for std::borrow::Cow<'_, Consultation> {
    fn from(c: Consultation) -> Self {
        std::borrow::Cow::Owned(c)
    }
}

/// One opinion: a comment received, or a published summary of one (ご意見の要旨).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    /// Stable id: the input's own, or `o1`, `o2`, … in input order.
    pub id: String,
    /// The text as written (reflowed when it came from a wrapped PDF table).
    pub text: String,
    /// The section of the consulted document it is filed under, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The id of the reply that answers it, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Where it came from.
    pub source: Source,
    /// How many opinions of the input it stands for: 1, or more when identical opinions
    /// (same text, same section, no reply) were folded into their first while reading
    /// ([`ReadOptions::fold_copies`](crate::ReadOptions::fold_copies)). The analysis
    /// counts each of them.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub copies: u32,
}

pub(crate) fn one() -> u32 {
    1
}

pub(crate) fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Default for Opinion {
    fn default() -> Self {
        Opinion {
            id: String::new(),
            text: String::new(),
            section: None,
            reply: None,
            source: Source::default(),
            copies: 1,
        }
    }
}

/// One official reply (本市の考え方).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Stable id: the input's own, or `r1`, `r2`, … in input order.
    pub id: String,
    /// The text as written.
    pub text: String,
    /// How sure the reader is about which opinions this reply answers.
    #[serde(default, skip_serializing_if = "ReplyLink::is_given")]
    pub link: ReplyLink,
    /// Where it came from.
    pub source: Source,
}

/// How a reply was linked to the opinions it answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyLink {
    /// The input said so: a row or record holding both, or an explicit reference.
    #[default]
    Given,
    /// The reply directly follows the opinions it answers in a published table.
    Adjacent,
    /// The reply stands away from its opinions (a displaced table cell); they were chosen
    /// by shared wording. Check these by hand.
    Inferred,
    /// No opinion could be linked with confidence.
    Unlinked,
}

impl ReplyLink {
    fn is_given(&self) -> bool {
        *self == ReplyLink::Given
    }
}

/// Where an item came from. Lines and rows count from 1; `line` and `end_line` are the
/// first and last line of a multi-line item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    /// The file as it was given.
    pub file: String,
    /// First line in the file (text formats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Last line in the file, when the item spans several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    /// Row number, counting the header row as row 1 (tables: CSV, Excel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Sheet name (Excel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Page, counting from 1 (a PDF read from its pages): where the item's first cell is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Source {
    /// A line range in a text file.
    pub fn lines(file: impl Into<String>, first: usize, last: usize) -> Self {
        Source {
            file: file.into(),
            line: Some(first),
            end_line: (last != first).then_some(last),
            ..Source::default()
        }
    }

    /// A row of a table.
    pub fn row(file: impl Into<String>, row: usize) -> Self {
        Source {
            file: file.into(),
            row: Some(row),
            ..Source::default()
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " [{sheet}]")?;
        }
        if let Some(page) = self.page {
            write!(f, " p.{page}")?;
        }
        match (self.line, self.end_line, self.row) {
            (Some(a), Some(b), _) => write!(f, ":{a}-{b}"),
            (Some(a), None, _) => write!(f, ":{a}"),
            (None, _, Some(r)) => write!(f, " row {r}"),
            _ => Ok(()),
        }
    }
}

impl Opinion {
    /// An opinion with no section and no reply.
    pub fn new(id: impl Into<String>, text: impl Into<String>, source: Source) -> Self {
        Opinion {
            id: id.into(),
            text: text.into(),
            section: None,
            reply: None,
            source,
            copies: 1,
        }
    }

    /// Sets the reply id.
    pub fn with_reply(mut self, reply: impl Into<String>) -> Self {
        self.reply = Some(reply.into());
        self
    }

    /// Sets the section.
    pub fn with_section(mut self, section: impl Into<String>) -> Self {
        self.section = Some(section.into());
        self
    }
}

impl Reply {
    /// A reply whose links were given by the input.
    pub fn new(id: impl Into<String>, text: impl Into<String>, source: Source) -> Self {
        Reply {
            id: id.into(),
            text: text.into(),
            link: ReplyLink::Given,
            source,
        }
    }
}

impl Consultation {
    /// The opinions' texts, in order: what the stages read.
    pub fn texts(&self) -> Vec<&str> {
        self.opinions.iter().map(|o| o.text.as_str()).collect()
    }

    /// How many input opinions each opinion stands for ([`Opinion::copies`], 1 unless
    /// copies were folded while reading).
    pub fn copies(&self) -> Vec<u32> {
        self.opinions.iter().map(|o| o.copies.max(1)).collect()
    }

    /// The number of opinions in the input, copies folded while reading counted.
    pub fn opinions_read(&self) -> usize {
        self.opinions.iter().map(|o| o.copies.max(1) as usize).sum()
    }

    /// The reply an opinion points to, if any.
    pub fn reply_of(&self, opinion: &Opinion) -> Option<&Reply> {
        let id = opinion.reply.as_deref()?;
        self.replies.iter().find(|r| r.id == id)
    }

    /// Section names in order of first appearance among the opinions.
    pub fn sections(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for o in &self.opinions {
            if let Some(s) = o.section.as_deref()
                && !seen.contains(&s)
            {
                seen.push(s);
            }
        }
        seen
    }

    /// Replies that no opinion points to.
    pub fn unlinked_replies(&self) -> Vec<&Reply> {
        let mut used: HashMap<&str, usize> = HashMap::new();
        for o in &self.opinions {
            if let Some(r) = o.reply.as_deref() {
                *used.entry(r).or_default() += 1;
            }
        }
        self.replies
            .iter()
            .filter(|r| !used.contains_key(r.id.as_str()))
            .collect()
    }

    /// A one-line summary: counts of opinions and replies, opinions per section, and
    /// replies that answer no opinion.
    pub fn summary(&self) -> String {
        let mut per_section: Vec<(String, usize)> = Vec::new();
        for o in &self.opinions {
            let name = o
                .section
                .clone()
                .unwrap_or_else(|| "(no section)".to_owned());
            let copies = o.copies.max(1) as usize;
            match per_section.iter_mut().find(|(s, _)| *s == name) {
                Some((_, n)) => *n += copies,
                None => per_section.push((name, copies)),
            }
        }
        let sections = per_section
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect::<Vec<_>>()
            .join("; ");
        let inferred = self
            .replies
            .iter()
            .filter(|r| r.link == ReplyLink::Inferred)
            .count();
        let unlinked = self.unlinked_replies().len();
        let mut links = Vec::new();
        if inferred > 0 {
            links.push(format!("{inferred} placed by wording and section"));
        }
        if unlinked > 0 {
            links.push(format!("{unlinked} unlinked"));
        }
        let read = self.opinions_read();
        let opinions = if read == self.opinions.len() {
            counted(read, "opinion")
        } else {
            format!(
                "{} ({} distinct, copies folded while reading)",
                counted(read, "opinion"),
                self.opinions.len()
            )
        };
        format!(
            "{}, {}{}{}",
            opinions,
            counted(self.replies.len(), "reply"),
            if links.is_empty() {
                String::new()
            } else {
                format!(" ({})", links.join(", "))
            },
            if sections.is_empty() {
                String::new()
            } else {
                format!(" | {sections}")
            }
        )
    }
}

/// "1 opinion", "2 opinions", "0 replies": a count with its noun (English plural by `y → ies`
/// or `+ s`).
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}
