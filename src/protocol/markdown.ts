// A Markdown answer as the webview receives it: a small tree the extension host made with markdown-it,
// never HTML. Text is plain strings; elements carry only a tag from the allow-list below and the few
// attributes the panel shows. The webview builds DOM from it with createElement, so nothing in an answer
// can become markup, a handler or a navigation.
import * as z from 'zod/mini';

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

export const markdownElementSchema: z.ZodMiniType<MarkdownElement> = z.object({
  t: z.enum(markdownTags),
  get c() {
    return z.optional(z.array(markdownNodeSchema));
  },
  href: z.optional(z.string().check(z.maxLength(8_000), z.regex(safeHref))),
  start: z.optional(z.number().check(z.int(), z.nonnegative())),
  lang: z.optional(z.string().check(z.regex(/^[\w#+.-]{1,40}$/))),
  align: z.optional(z.enum(['left', 'center', 'right'])),
});
export const markdownNodeSchema: z.ZodMiniType<MarkdownNode> = z.union([z.string(), markdownElementSchema]);
/** A whole answer: its top-level blocks. */
export const markdownTreeSchema = z.array(markdownNodeSchema);
export type MarkdownTree = MarkdownNode[];
