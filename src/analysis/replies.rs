//! The replies stage: replies → template sentences → each reply's boilerplate share and
//! class ([`ReplyReport`]); and the same template finding over the opinions
//! ([`OpinionTemplates`]).

use serde::{Deserialize, Serialize};

use super::Analysis;
use crate::boilerplate::{BoilerplateParams, ReplyReport, Variant};
use crate::consultation::Consultation;
use crate::error::{Error, Result};

/// Template sentences among the opinions, with ids: what `iken boilerplate --opinions
/// --json` prints (in a [`Versioned`](super::Versioned)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OpinionTemplates {
    /// Sentences that recur in several opinions, most frequent first.
    pub templates: Vec<OpinionTemplate>,
    /// Every opinion, in input order, with its share of template sentences.
    pub opinions: Vec<OpinionBoilerplate>,
    /// The options used.
    pub params: BoilerplateParams,
}

/// A sentence that recurs in several opinions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OpinionTemplate {
    /// 0, 1, …
    pub id: usize,
    /// Its most frequent wording.
    pub text: String,
    /// Its wordings, most frequent first, with how many opinions use each.
    pub variants: Vec<Variant>,
    /// The opinions it occurs in.
    pub opinions: Vec<String>,
}

/// One opinion's share of template sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OpinionBoilerplate {
    /// The opinion.
    pub id: String,
    /// Share of its characters in template sentences.
    pub boilerplate_share: f64,
    /// Whether it is made only of template sentences.
    pub boilerplate_only: bool,
}

impl Analysis {
    /// The replies stage of [`run`](Self::run) on its own: template sentences, each reply's
    /// boilerplate share and class with the phrase that decided it, identical replies.
    ///
    /// # Errors
    /// [`ErrorKind::TooLittleInput`](crate::ErrorKind::TooLittleInput) when the
    /// consultation has no replies; invalid [`boilerplate`](Self::boilerplate) options.
    pub fn run_replies(&self, consultation: &Consultation) -> Result<ReplyReport> {
        if consultation.replies.is_empty() {
            return Err(Error::too_little(
                "replies",
                format!(
                    "the consultation has no replies ({})",
                    consultation.summary()
                ),
            ));
        }
        ReplyReport::new(consultation, &self.boilerplate, &self.rules)
    }

    /// The replies stage's template finding applied to the opinions: sentences that recur
    /// across opinions (a form letter's paragraphs, a campaign's slogan).
    ///
    /// # Errors
    /// Invalid [`boilerplate`](Self::boilerplate) options.
    pub fn run_opinion_templates(&self, consultation: &Consultation) -> Result<OpinionTemplates> {
        let found = self.boilerplate.find(&consultation.texts())?;
        let id = |i: usize| consultation.opinions[i].id.clone();
        Ok(OpinionTemplates {
            templates: found
                .templates
                .into_iter()
                .map(|t| OpinionTemplate {
                    id: t.id,
                    text: t.text,
                    variants: t.variants,
                    opinions: t.texts.iter().map(|&i| id(i)).collect(),
                })
                .collect(),
            opinions: found
                .texts
                .iter()
                .enumerate()
                .map(|(i, b)| OpinionBoilerplate {
                    id: id(i),
                    boilerplate_share: b.share,
                    boilerplate_only: b.only,
                })
                .collect(),
            params: self.boilerplate.clone(),
        })
    }

    /// The replies stage inside [`run`](Self::run): `None` with a note when there are none.
    pub(crate) fn replies_stage(
        &self,
        consultation: &Consultation,
        notes: &mut Vec<String>,
    ) -> Result<Option<ReplyReport>> {
        if consultation.replies.is_empty() {
            notes.push("No replies: nothing to say about boilerplate or reply classes.".into());
            return Ok(None);
        }
        self.run_replies(consultation).map(Some)
    }
}
