// How a question is shown when it is listed (conflicts): the form the dedupe compares. The database
// computes the same for the dedupe keys (NFKC, whitespace collapsed; see query.ts).

/** NFKC (full-width → half-width, compatibility forms), whitespace collapsed and trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}
