// Model output is untrusted: the host parses an answer's Markdown (markdown-it, raw HTML off, images off,
// no linkify) and hands the webview a tree of allow-listed elements and plain text (src/protocol/markdown.ts)
// rather than HTML. Links keep an href only for http(s) and mailto; any other link is just its text.
// Bundled into the lazily loaded core (coreExports.ts), so activation never loads markdown-it.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import {
  codeLanguage,
  type MarkdownElement,
  type MarkdownNode,
  type MarkdownTag,
  type MarkdownTree,
  markdownTags,
  maxMarkdownDepth,
  safeHref,
} from '../../protocol/markdown';
import { markdownTreeSchema } from '../../protocol/views';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Images would load from wherever the model says; they stay text ("!" then a link).
markdown.disable(['image']);

const allowed = new Set<string>(markdownTags);
const alignment = /text-align:\s*(left|center|right)/;

interface Open {
  children: MarkdownNode[];
  /** null: a container that adds no element (a tight list's paragraph, a link that is not kept). */
  element: MarkdownElement | null;
}

function pushText(into: MarkdownNode[], text: string) {
  if (text === '') return;
  const last = into.length - 1;
  if (typeof into[last] === 'string') into[last] += text;
  else into.push(text);
}

/** The element a `*_open` token starts, or null when it adds none. */
function elementFor(token: Token): MarkdownElement | null {
  if (token.hidden) return null;
  if (token.type === 'link_open') {
    const href = token.attrGet('href') ?? '';
    return safeHref.test(href) && href.length <= 8_000 ? { t: 'a', href } : null;
  }
  if (!allowed.has(token.tag)) return null;
  const element: MarkdownElement = { t: token.tag as MarkdownTag };
  if (token.type === 'ordered_list_open') {
    const start = Number(token.attrGet('start') ?? '1');
    if (Number.isSafeInteger(start) && start >= 0 && start !== 1) element.start = start;
  }
  if (token.type === 'th_open' || token.type === 'td_open') {
    const align = alignment.exec(token.attrGet('style') ?? '')?.[1];
    if (align) element.align = align as MarkdownElement['align'];
  }
  return element;
}

function codeBlock(token: Token): MarkdownElement {
  const element: MarkdownElement = { t: 'pre' };
  if (token.type === 'fence') {
    const lang = markdown.utils.unescapeAll(token.info).trim().split(/\s+/)[0] ?? '';
    if (codeLanguage.test(lang)) element.lang = lang;
  }
  if (token.content !== '') element.c = [token.content];
  return element;
}

function build(tokens: Token[], stack: Open[]) {
  for (const token of tokens) {
    const top = stack[stack.length - 1]!;
    switch (token.type) {
      case 'inline':
        build(token.children ?? [], stack);
        break;
      case 'softbreak':
        pushText(top.children, '\n');
        break;
      case 'hardbreak':
        top.children.push({ t: 'br' });
        break;
      case 'hr':
        top.children.push({ t: 'hr' });
        break;
      case 'code_inline':
        top.children.push({ t: 'code', c: [token.content] });
        break;
      case 'fence':
      case 'code_block':
        top.children.push(codeBlock(token));
        break;
      default:
        if (token.nesting === 1) {
          // Past the depth the webview accepts (block and inline nesting add up), elements become their text.
          const element = stack.length > maxMarkdownDepth ? null : elementFor(token);
          if (element) {
            const children: MarkdownNode[] = [];
            element.c = children;
            top.children.push(element);
            stack.push({ children, element });
          } else stack.push({ children: top.children, element: null });
        } else if (token.nesting === -1) {
          if (stack.length > 1) stack.pop();
          if (top.element && top.children.length === 0) delete top.element.c;
        } else {
          // text, and whatever else markdown-it leaves inline (escapes, a disabled rule's text): text.
          pushText(top.children, token.content);
        }
    }
  }
}

/**
 * The answer's Markdown as the panel's tree: its top-level blocks. Checked against the protocol before it
 * leaves, since the webview drops a whole message for one bad node: should markdown-it ever produce
 * something the protocol refuses, the answer is shown as plain text instead.
 */
export function markdownTree(text: string): MarkdownTree {
  const root: MarkdownNode[] = [];
  build(markdown.parse(text, {}), [{ children: root, element: null }]);
  return markdownTreeSchema.safeParse(root).success ? root : [{ t: 'p', c: [text] }];
}

const cache = new Map<string, MarkdownTree>();
const cacheLimit = 300;

/**
 * markdownTree for a finished answer, remembered: the panel's state is rebuilt whenever something
 * changes elsewhere, with the same history each time. Trees are never changed once made.
 */
export function answerTree(text: string): MarkdownTree {
  let tree = cache.get(text);
  if (tree) return tree;
  tree = markdownTree(text);
  if (text.length > 50_000) return tree;
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
  cache.set(text, tree);
  return tree;
}
