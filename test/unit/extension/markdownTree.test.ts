// The host's Markdown → tree conversion: what the panel may show of a model's answer.
import { describe, expect, it } from 'vitest';
import { answerTree, markdownTree } from '../../../src/extension/panel/markdownTree';
import { maxMarkdownDepth } from '../../../src/protocol/markdown';
import { markdownTreeSchema } from '../../../src/protocol/views';

/** The tree, after checking the webview would accept it unchanged. */
function tree(text: string) {
  const result = markdownTree(text);
  expect(markdownTreeSchema.parse(result)).toEqual(result);
  return result;
}

describe('answer Markdown as a tree', () => {
  it('keeps headings, paragraphs with line breaks, emphasis, strikethrough and inline code', () => {
    expect(tree('# Title\n### Part\nSetext\n---')).toEqual([
      { t: 'h1', c: ['Title'] },
      { t: 'h3', c: ['Part'] },
      { t: 'h2', c: ['Setext'] },
    ]);
    expect(tree('*a* **b** ~~c~~ `d<e>`\nsoft  \nhard')).toEqual([
      {
        t: 'p',
        c: [
          { t: 'em', c: ['a'] },
          ' ',
          { t: 'strong', c: ['b'] },
          ' ',
          { t: 's', c: ['c'] },
          ' ',
          { t: 'code', c: ['d<e>'] },
          '\nsoft',
          { t: 'br' },
          'hard',
        ],
      },
    ]);
  });

  it('keeps a fenced block with its language, an indented block without, and a rule', () => {
    expect(tree('```ts title="x.ts"\nconst a = 1 < 2;\n```\n\n    plain\n\n***')).toEqual([
      { t: 'pre', lang: 'ts', c: ['const a = 1 < 2;\n'] },
      { t: 'pre', c: ['plain\n'] },
      { t: 'hr' },
    ]);
    // A language that could not be a class name is dropped; the code stays.
    expect(tree('```"><script>\nx\n```')).toEqual([{ t: 'pre', c: ['x\n'] }]);
  });

  it('nests lists, tight without paragraphs and loose with them, and keeps an ordered start', () => {
    expect(tree('- one\n- two\n  1. a\n  2. b\n')).toEqual([
      {
        t: 'ul',
        c: [
          { t: 'li', c: ['one'] },
          {
            t: 'li',
            c: [
              'two',
              {
                t: 'ol',
                c: [
                  { t: 'li', c: ['a'] },
                  { t: 'li', c: ['b'] },
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(tree('3. x\n\n4. y')).toEqual([
      {
        t: 'ol',
        start: 3,
        c: [
          { t: 'li', c: [{ t: 'p', c: ['x'] }] },
          { t: 'li', c: [{ t: 'p', c: ['y'] }] },
        ],
      },
    ]);
    expect(tree('> quoted\n> - item')).toEqual([
      {
        t: 'blockquote',
        c: [
          { t: 'p', c: ['quoted'] },
          { t: 'ul', c: [{ t: 'li', c: ['item'] }] },
        ],
      },
    ]);
  });

  it('keeps tables with their column alignment and empty cells', () => {
    expect(tree('| a | b | c |\n|:--|:-:|--:|\n| 1 |   | **3** |')).toEqual([
      {
        t: 'table',
        c: [
          {
            t: 'thead',
            c: [
              {
                t: 'tr',
                c: [
                  { t: 'th', align: 'left', c: ['a'] },
                  { t: 'th', align: 'center', c: ['b'] },
                  { t: 'th', align: 'right', c: ['c'] },
                ],
              },
            ],
          },
          {
            t: 'tbody',
            c: [
              {
                t: 'tr',
                c: [
                  { t: 'td', align: 'left', c: ['1'] },
                  { t: 'td', align: 'center' },
                  { t: 'td', align: 'right', c: [{ t: 'strong', c: ['3'] }] },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('keeps http, https and mailto links, and turns every other link into its text', () => {
    expect(tree('[a](https://example.com/a?b=1) [b](http://x.test) [c](mailto:me@example.com)')).toEqual([
      {
        t: 'p',
        c: [
          { t: 'a', href: 'https://example.com/a?b=1', c: ['a'] },
          ' ',
          { t: 'a', href: 'http://x.test', c: ['b'] },
          ' ',
          { t: 'a', href: 'mailto:me@example.com', c: ['c'] },
        ],
      },
    ]);
    expect(tree('[rel](docs/a.md) [cmd](command:workbench.action.quit) [f](file:///etc/passwd)')).toEqual([
      // markdown-it itself refuses file: links.
      { t: 'p', c: ['rel cmd [f](file:///etc/passwd)'] },
    ]);
    expect(tree('[x](javascript:alert(1)) [y](data:text/html,hi) [z](vbscript:x)')).toEqual([
      { t: 'p', c: ['[x](javascript:alert(1)) [y](data:text/html,hi) [z](vbscript:x)'] },
    ]);
    // No linkify: a bare address stays text. Images stay text too: "!" and a link.
    expect(tree('see https://example.com ![logo](https://example.com/l.png)')).toEqual([
      {
        t: 'p',
        c: ['see https://example.com !', { t: 'a', href: 'https://example.com/l.png', c: ['logo'] }],
      },
    ]);
  });

  it('decodes entities into text and leaves raw HTML as text', () => {
    expect(tree('&copy; &amp; &#x3C;b&#x3E; &CounterClockwiseContourIntegral; &nosuch;')).toEqual([
      { t: 'p', c: ['© & <b> ∳ &nosuch;'] },
    ]);
    expect(tree('<img src=x onerror="alert(1)">\n\n<script>alert(2)</script> <b>x</b>')).toEqual([
      { t: 'p', c: ['<img src=x onerror="alert(1)">'] },
      { t: 'p', c: ['<script>alert(2)</script> <b>x</b>'] },
    ]);
  });

  it('flattens nesting deeper than the webview accepts into text, so a hostile answer still shows', () => {
    const quotes = `${'> '.repeat(90)}${'*a '.repeat(60)}deep${' a*'.repeat(60)}`;
    const lists = `${Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}`;
    const links = `${'['.repeat(200)}x${'](https://e.com)'.repeat(200)}`;
    const depth = (node: unknown): number =>
      typeof node === 'string' ? 0 : 1 + Math.max(0, ...((node as { c?: unknown[] }).c ?? []).map(depth));
    for (const [text, marker] of [
      [quotes, 'deep'],
      [lists, 'level 48'], // markdown-it itself stops nesting blocks at 100 levels
      [links, 'x'],
    ] as const) {
      const result = tree(text);
      expect(Math.max(...result.map(depth))).toBeLessThanOrEqual(maxMarkdownDepth);
      expect(JSON.stringify(result)).toContain(marker);
    }
    // The quotes and emphasis do nest past the limit: the flattening is what keeps them valid.
    expect(Math.max(...tree(quotes).map(depth))).toBe(maxMarkdownDepth);
  });

  it('returns the same tree for the same finished answer', () => {
    const text = 'Cached **answer** 会計';
    expect(answerTree(text)).toBe(answerTree(text));
    expect(answerTree(text)).toEqual(markdownTree(text));
  });
});
