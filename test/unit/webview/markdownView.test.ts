// @vitest-environment jsdom
// The webview's renderer of the host's Markdown tree: allow-listed elements and text nodes only.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import type { MarkdownTree } from '../../../src/protocol/markdown';
import { Markdown } from '../../../webview/panel/components/Markdown';

let container: HTMLElement;
let opened: string[];

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  opened = [];
});
afterEach(() => {
  render(null, container);
  container.remove();
});

async function show(tree: MarkdownTree, streaming = false) {
  await act(() => {
    render(h(Markdown, { tree, streaming, onOpenLink: (href: string) => opened.push(href) }), container);
  });
  return container.querySelector('.markdown') as HTMLElement;
}

describe('Markdown tree rendering', () => {
  it('draws code blocks with their language, lists, tables and emphasis', async () => {
    const div = await show(
      markdownTree(
        '**bold** and `code`\n\n- one\n- two\n\n5. five\n\n```js\nlet a = 1;\n```\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |',
      ),
    );
    expect(div.querySelector('p strong')?.textContent).toBe('bold');
    expect(div.querySelector('p code')?.textContent).toBe('code');
    expect(div.querySelectorAll('ul > li')).toHaveLength(2);
    expect(div.querySelector('ol')?.getAttribute('start')).toBe('5');
    expect(div.querySelector('pre > code.language-js')?.textContent).toBe('let a = 1;\n');
    expect(div.querySelector('thead th.align-center')?.textContent).toBe('a');
    expect(div.querySelector('tbody td.align-right')?.textContent).toBe('2');
  });

  it('shows markup in an answer as text, never as elements', async () => {
    const div = await show(markdownTree('<img src=x onerror="alert(1)"> <script>alert(2)</script>'));
    expect(div.querySelectorAll('img, script')).toHaveLength(0);
    expect(div.textContent).toBe('<img src=x onerror="alert(1)"> <script>alert(2)</script>');
  });

  it('draws only allow-listed tags and safe links, even from a tree that bypassed validation', async () => {
    const forged = [
      { t: 'script', c: ['alert(1)'] },
      {
        t: 'p',
        c: [
          { t: 'a', href: 'javascript:alert(2)', c: ['bad link'] },
          { t: 'iframe', c: ['frame'] },
        ],
      },
    ] as unknown as MarkdownTree;
    const div = await show(forged);
    expect(div.querySelectorAll('script, iframe, a')).toHaveLength(0);
    expect(div.textContent).toBe('alert(1)bad linkframe');
  });

  it('offers links as role=link with data-href only, and hands activation to the host', async () => {
    const div = await show(markdownTree('[docs](https://example.com/a?b=1)'));
    const link = div.querySelector('[role="link"]') as HTMLElement;
    expect(link.getAttribute('data-href')).toBe('https://example.com/a?b=1');
    expect(link.getAttribute('title')).toBe('https://example.com/a?b=1');
    expect(link.getAttribute('tabindex')).toBe('0');
    expect(link.hasAttribute('href')).toBe(false);
    link.click();
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(opened).toEqual(['https://example.com/a?b=1', 'https://example.com/a?b=1']);
  });

  it('keeps the DOM of unchanged blocks while an answer grows', async () => {
    const first = { t: 'p' as const, c: ['First block.'] };
    let div = await show([first, { t: 'p', c: ['Sec'] }], true);
    const firstNode = div.firstElementChild;
    div = await show([first, { t: 'p', c: ['Second'] }, { t: 'hr' }], true);
    expect(div.firstElementChild).toBe(firstNode);
    expect(div.textContent).toBe('First block.Second');
    expect(div.querySelectorAll('hr')).toHaveLength(1);
  });
});
