// When the required reviews of a log agree, and what the accepted verdict then is. A correction is
// training data: two different texts cannot both be accepted, so reviews agree only when their
// ratings are the same and, for 2 / 3, their corrections are the same text once whitespace and
// Unicode form are normalised. Then the accepted verdict is the first review's (its reason and
// correction as typed) with the most urgent priority any of them gave. Anything else goes to the lead.
import type { Evaluation, Priority } from '../db/schema';

export interface ReviewVerdict {
  evaluation: Evaluation;
  reason: string | null;
  correct_answer: string | null;
  priority: Priority | null;
}

export type Disagreement = 'rating' | 'correction';

export type Agreement = { agreed: true; verdict: ReviewVerdict } | { agreed: false; on: Disagreement };

/** Corrections are compared in this form: NFC, trimmed, every run of whitespace one space. */
export function normaliseCorrection(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** `reviews` in the order they were submitted; the caller passes exactly the required ones. */
export function decideAgreement(reviews: readonly ReviewVerdict[]): Agreement {
  const [first] = reviews;
  if (!first) throw new RangeError('No review to decide on.');
  if (reviews.some((review) => review.evaluation !== first.evaluation))
    return { agreed: false, on: 'rating' };
  if (first.evaluation === 1) {
    return { agreed: true, verdict: { evaluation: 1, reason: null, correct_answer: null, priority: null } };
  }
  const correction = normaliseCorrection(first.correct_answer ?? '');
  if (reviews.some((review) => normaliseCorrection(review.correct_answer ?? '') !== correction))
    return { agreed: false, on: 'correction' };
  const priorities = reviews.map((review) => review.priority ?? 2);
  return {
    agreed: true,
    verdict: { ...first, priority: Math.min(...priorities) as Priority },
  };
}

/** Why the reviews of a disputed log disagree (for the lead's list). */
export function disagreementOf(reviews: readonly ReviewVerdict[]): Disagreement | null {
  const result = decideAgreement(reviews);
  return result.agreed ? null : result.on;
}
