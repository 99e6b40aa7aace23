//! Every constant of ranking and spelling help, with the evidence it was chosen on
//! (README: Evaluation). The gram length, [`GRAM_CHARS`](crate::analysis::grams::GRAM_CHARS)
//! (3), lives with the analyzer that cuts the grams.

/// A title word weighs as much as a body word. On the news collection (tests/eval/news,
/// MAP, lead 0.4, grams 0.5) title weight 0.5: 0.828, 1: 0.851, 1.5: 0.836, 2: 0.831,
/// 3: 0.806; ParsiNLU's passages have no titles, so it cannot tell (README: Evaluation).
/// The weight of 2 this replaces was never measured.
/// Re-measured with news topics n77–n112 (README: Evaluation, Issue 23): still best
/// over the 112 topics and ParsiNLU together.
pub(super) const TITLE_WEIGHT: f32 = 1.0;

/// Weight of a word in the lead (the first sentence), on top of its weight in the body,
/// added when re-ordering the best hits. ParsiNLU MRR@10 (grams 0.5): lead 0: 0.744,
/// 0.2: 0.748, 0.4: 0.752, 0.8: 0.749; news MAP: 0.850, 0.853, 0.851, 0.850 (no
/// difference). Kept for ParsiNLU; it costs one short field.
/// Re-measured with news topics n77–n112 (README: Evaluation, Issue 23): still best
/// over the 112 topics and ParsiNLU together.
pub(super) const LEAD_WEIGHT: f32 = 0.4;

/// How many of the best hits by whole words get the lead and gram evidence added and are
/// re-ordered. Deeper hits keep their order by words (and score below every re-ordered
/// one), so a page is the same whatever page size asked for it.
/// Re-measured with news topics n77–n112 (README: Evaluation, Issue 23): still best
/// over the 112 topics and ParsiNLU together.
pub(super) const RERANK_DEPTH: usize = 20;

/// Weight of the sub-word (3-gram) evidence of the re-ordered hits against whole words
/// (lead 0.4). News MAP / ParsiNLU MRR@10: grams 0: 0.8217 / 0.7365, 0.25: 0.8276 /
/// 0.7460, 0.5: 0.8349 / 0.7501, 0.75: 0.8442 / 0.7507, 1: 0.8434 / 0.7503, 1.25:
/// 0.8431 / 0.7484, 2: 0.8472 / 0.7440. 0.75 is at the best on both; the indexed gram
/// field it replaces scored 0.8446 / 0.7553 at nearly twice the indexing time.
/// Re-measured with news topics n77–n112 (README: Evaluation, Issue 23): 1.25 gains
/// 0.003 MAP over the 112 topics and loses 0.005 MRR@10 on ParsiNLU, so 0.75 stays.
pub(super) const GRAMS_WEIGHT: f32 = 0.75;

/// Edits a word that matches nothing may be away from its correction, when searching
/// (news MAP n01–n76 / n77–n112 and ParsiNLU MRR@10, 2026-12-07, README: Evaluation: 0, no
/// correction: 0.8459 / 0.8424 / 0.7541, **1**: 0.8459 / 0.8424 / 0.7540, 2: 0.8459 /
/// 0.8424 / 0.7533; both sets' queries rarely hold a word that matches nothing, so ranking
/// barely tells: one edit is the commonest typo, see `RARE_WORD_RATIO`, and two cost
/// ParsiNLU 0.0007 by correcting words that were right)...
pub const TYPO_DISTANCE: usize = 1;
/// ...and when suggesting ("did you mean") for a query that found nothing.
pub const SUGGESTION_DISTANCE: usize = 2;

/// "Did you mean" for a word that matches a few articles: a query word of at least
/// `RARE_WORD_MIN_CHARS` letters (as analyzed; shorter ones have too many neighbours)
/// that matches at most `RARE_WORD_MAX_ARTICLES` articles, when the same word with one
/// long vowel (ا, و, ی) put back inside it (the commonest Persian typo drops one: کرنا
/// for کرونا) matches at least `RARE_WORD_RATIO` times as many.
///
/// Measured on the news set (11,452 articles; the method is in the commit message that
/// brought this rule):
/// - the 2,739 MIRACL questions (`../shared/data/queries`, real queries, with real rare
///   names): the rule fires on 1 (آران, a town, 8 articles, for ایران, 3,446: wrong);
/// - their 2,669 words of 5+ letters each with one inner ا/و/ی dropped: of the 146 typos
///   that match 1 to 10 articles while the word matches 100 times as many, it suggests
///   for 86, rightly for 85 (بربری, 5, got برابر instead of باربری);
/// - any neighbour one edit away instead of a dropped long vowel fired on 113 of the 2,739
///   real questions at the same ratio (کمیک → کمک, میلتون → میلیون, رسانا → رسانه: real
///   words rare in news), and at a ratio of 20 with no cap on the word's articles on
///   475; a final ا/و/ی is left out, since it makes another word (صندل, صندلی; آزاد,
///   آزادی), and fired on one more, wrongly.
/// - کرنا (5 articles) → کرونا (2,335) fires.
pub(super) const RARE_WORD_RATIO: u64 = 100;
/// See `RARE_WORD_RATIO`.
pub(super) const RARE_WORD_MAX_ARTICLES: u64 = 10;
/// See `RARE_WORD_RATIO`.
pub(super) const RARE_WORD_MIN_CHARS: usize = 4;

/// With `--proximity`: the weight of each pair of neighbouring query words found within
/// [`PROXIMITY_SLOP`] words of each other, in order, in the title or the body (a phrase
/// query per pair, scored by BM25). News MAP n01–n76 / n77–n112 and ParsiNLU MRR@10
/// (slop 4; none: 0.8460 / 0.8424 / 0.7536): 0.05: 0.8408 / 0.8450 / 0.7559, **0.1**:
/// 0.8481 / 0.8423 / 0.7547, 0.2: 0.8463 / 0.8432 / 0.7537. No weight wins on all
/// three by more than noise, so proximity is an option, off by default (README:
/// Evaluation).
pub(super) const PROXIMITY_WEIGHT: f32 = 0.1;
/// Words apart that still count as close, with `--proximity` (weight 0.1). News MAP
/// n01–n76 / n77–n112 and ParsiNLU MRR@10: 1: 0.8406 / 0.8412 / 0.7533, 2: 0.8471 /
/// 0.8419 / 0.7548, **4**: 0.8481 / 0.8423 / 0.7547, 8: 0.8485 / 0.8416 / 0.7559.
pub(super) const PROXIMITY_SLOP: u32 = 4;

/// With `--expand`: the weight of the expansion's terms, in all, per word of the query,
/// against a query word's weight of 1. News MAP n01–n76 / n77–n112 and ParsiNLU MRR@10
/// (20 articles, 20 terms, depth 50; none: 0.8460 / 0.8424 / 0.7536): 0.15: 0.8457 /
/// 0.8471 / 0.7557, **0.2**: 0.8459 / 0.8531 / 0.7566, 0.25: 0.8437 / 0.8542 / 0.7556,
/// 0.3: 0.8423 / 0.8581 / 0.7521. 0.2 gains on both sets and loses nothing measurable
/// on the first news topics; more trades ParsiNLU and those topics for the second ones.
pub(super) const EXPANSION_WEIGHT: f32 = 0.2;
/// How many of the best articles give the expansion's terms (weight 0.2, 20 terms,
/// depth 50). News MAP n01–n76 / n77–n112 and ParsiNLU MRR@10: 5: 0.8452 / 0.8527 /
/// 0.7530, 10: 0.8387 / 0.8538 / 0.7523, 15: 0.8439 / 0.8538 / 0.7554, **20**: 0.8459 /
/// 0.8531 / 0.7566. 20 are the re-ordered hits, whose terms re-ordering has read.
pub(super) const FEEDBACK_DOCS: usize = 20;
/// How many terms the expansion adds (weight 0.2, 20 articles, depth 50). News MAP
/// n01–n76 / n77–n112 and ParsiNLU MRR@10: 10: 0.8352 / 0.8560 / 0.7555, **20**: 0.8459
/// / 0.8531 / 0.7566, 30: 0.8466 / 0.8481 / 0.7561, 40: 0.8469 / 0.8474 / 0.7549.
pub(super) const FEEDBACK_TERMS: usize = 20;
/// How many of the best hits the expansion re-orders (its terms are scored on them
/// only, so its cost does not grow with the matches). News MAP n01–n76 / n77–n112 and
/// ParsiNLU MRR@10: 20: 0.8465 / 0.8509 / 0.7566, **50**: 0.8459 / 0.8531 / 0.7566,
/// 100: 0.8455 / 0.8534 / 0.7566, 1,000: the same as 100.
pub(super) const EXPANSION_DEPTH: usize = 50;

/// The weights a ranking adds its evidence up with. The defaults are the constants
/// above; evaluations try others (`kavosh eval --title-weight ...`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Of a title word against a body word.
    pub title: f32,
    /// Of a word of the lead, added when re-ordering the best hits (0: none).
    pub lead: f32,
    /// Of the sub-word evidence, added when re-ordering (0: none).
    pub grams: f32,
    /// How many of the best hits are re-ordered.
    pub depth: usize,
    /// Of the words that stand next to each other in the query standing close in an
    /// article (0: none).
    pub proximity: f32,
    /// Words apart that still count as close.
    pub proximity_slop: u32,
    /// Of the words taken from the best articles (0: no expansion).
    pub expansion: f32,
    /// How many of the best articles give words.
    pub feedback_docs: usize,
    /// How many words they give.
    pub feedback_terms: usize,
    /// How many of the best hits the expansion re-orders.
    pub expansion_depth: usize,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            title: TITLE_WEIGHT,
            lead: LEAD_WEIGHT,
            grams: GRAMS_WEIGHT,
            depth: RERANK_DEPTH,
            proximity: PROXIMITY_WEIGHT,
            proximity_slop: PROXIMITY_SLOP,
            expansion: EXPANSION_WEIGHT,
            feedback_docs: FEEDBACK_DOCS,
            feedback_terms: FEEDBACK_TERMS,
            expansion_depth: EXPANSION_DEPTH,
        }
    }
}

/// How many terms of a hit's title, and of its body, give their grams: the first 150,
/// about an article's first two or three paragraphs, where news says what it is about.
/// On the news collection (tests/eval/news, MAP) and ParsiNLU (MRR@10), with the grams
/// of the hits' own text (this module): 75 terms 0.8422 / 0.7493, **150** 0.8442 /
/// 0.7510, 300 0.8380 / 0.7514, every term 0.8384 / 0.7509 (README: Evaluation).
pub(super) const GRAM_TERMS: usize = 150;

/// BM25's term-frequency saturation and length normalization for the grams: tantivy's
/// values, as for the words. News MAP / ParsiNLU MRR@10: k1 0.9: 0.8438 / 0.7500,
/// **1.2**: 0.8442 / 0.7510, 2.0: 0.8439 / 0.7524; b 0: 0.8410 / 0.7435, 0.5: 0.8421 /
/// 0.7522, **0.75**: 0.8442 / 0.7510, 0.9: 0.8443 / 0.7526. No value beats them on both
/// sets by more than noise (b 0.9: +0.0001 / +0.0016).
pub(super) const K1: f32 = 1.2;
pub(super) const B: f32 = 0.75;
