// What a trainer gets wrong by hand: the same question written twice (full-width digits, doubled
// spaces), empty examples, examples too long for the context. Pure functions over one example.
import { createHash } from 'node:crypto';

/** NFKC (full-width → half-width, compatibility forms), whitespace collapsed and trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** A short, fixed-size key of a normalized text: a million of them fit in a few tens of MB. */
export function textKey(text: string): string {
  return createHash('sha256').update(normalizeText(text)).digest('base64url').slice(0, 22);
}

/**
 * A rough token count without a tokenizer: about four characters of Latin text per token, and one
 * token per character of CJK and other scripts (tokenizers for Japanese land near that).
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4) + other;
}
