// A Markdown answer as the webview receives it: a small tree the extension host made with markdown-it,
// never HTML. Text is plain strings; elements carry only a tag from the allow-list below and the few
// attributes the panel shows. The webview builds DOM from it with createElement, so nothing in an answer
// can become markup, a handler or a navigation. Its zod schema is in views.ts (the webview checks with
// isMarkdownNode alone).
export const markdownTags = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  's',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'hr',
  'br',
] as const;
export type MarkdownTag = (typeof markdownTags)[number];

/**
 * One element. `c` its children (absent when none); `href` only on `a` (http, https or mailto: others
 * never reach the webview); `start` on `ol`; `lang` on `pre` (a fenced code block's language); `align`
 * on `th` / `td`.
 */
export interface MarkdownElement {
  t: MarkdownTag;
  c?: MarkdownNode[];
  href?: string;
  start?: number;
  lang?: string;
  align?: 'left' | 'center' | 'right';
}
export type MarkdownNode = string | MarkdownElement;

/** The links the panel offers to open (the host checks again before opening). */
export const safeHref = /^(https?:|mailto:)/i;

const tagSet = new Set<string>(markdownTags);
const aligns = new Set(['left', 'center', 'right']);
/** A code block's language, usable as a class name (`language-…`). */
export const codeLanguage = /^[\w#+.-]{1,40}$/;
/** How deep elements may nest; the host flattens anything deeper into its text. */
export const maxMarkdownDepth = 100;

/**
 * Checks one node and everything under it: the allow-listed tag, each attribute's type and form, and no
 * other key at all, nested at most maxMarkdownDepth deep. A plain function rather than a zod object per node: a history holds thousands of
 * nodes, and the webview parses them without zod's compiled fast path (the CSP forbids eval).
 */
function isNode(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth >= maxMarkdownDepth)
    return false;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    switch (key) {
      case 't':
        if (typeof field !== 'string' || !tagSet.has(field)) return false;
        break;
      case 'c':
        if (!Array.isArray(field)) return false;
        for (const child of field) if (!isNode(child, depth + 1)) return false;
        break;
      case 'href':
        if (typeof field !== 'string' || field.length > 8_000 || !safeHref.test(field)) return false;
        break;
      case 'start':
        if (!Number.isSafeInteger(field) || (field as number) < 0) return false;
        break;
      case 'lang':
        if (typeof field !== 'string' || !codeLanguage.test(field)) return false;
        break;
      case 'align':
        if (!aligns.has(field as string)) return false;
        break;
      default:
        return false;
    }
  }
  return typeof (value as { t?: unknown }).t === 'string';
}

/** One node: text, or an allow-listed element (see isNode). */
export const isMarkdownNode = (value: unknown): boolean => isNode(value, 0);

export type MarkdownTree = MarkdownNode[];
