// How a question is shown when it is listed (conflicts): NFKC, whitespace collapsed. The dedupe key the
// database computes goes one step further and drops whitespace altogether (see query.ts).

/** NFKC (full-width → half-width, compatibility forms), whitespace collapsed and trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}
