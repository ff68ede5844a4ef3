// @vitest-environment jsdom
import { decodeHTML as realDecode } from 'entities';
import * as realUc from 'uc.micro';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../webview/panel/markdown';
import { decodeHTML } from '../../../webview/panel/markdownShims/entities';
import * as uc from '../../../webview/panel/markdownShims/ucMicro';

const html = (text: string) => {
  const div = document.createElement('div');
  div.append(renderMarkdown(text));
  return div;
};

describe('answer Markdown', () => {
  it('renders code blocks, lists and emphasis', () => {
    const div = html('**bold** and `code`\n\n- one\n- two\n\n```js\nlet a = 1;\n```');
    expect(div.querySelector('strong')?.textContent).toBe('bold');
    expect(div.querySelectorAll('li')).toHaveLength(2);
    expect(div.querySelector('pre code.language-js')?.textContent).toBe('let a = 1;\n');
  });

  it('turns raw HTML, scripts, frames and javascript: links into text', () => {
    const div = html(
      '<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<iframe src="javascript:alert(3)"></iframe>\n\n[x](javascript:alert(4)) [y](data:text/html,hi)',
    );
    expect(div.querySelectorAll('img, script, iframe, a[href]')).toHaveLength(0);
    expect(div.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(div.querySelectorAll('[role="link"]')).toHaveLength(0);
  });

  it('keeps http links as data-href only, for the host to open', () => {
    const link = html('[docs](https://example.com/a?b=1)').querySelector('[role="link"]');
    expect(link?.getAttribute('data-href')).toBe('https://example.com/a?b=1');
    expect(link?.hasAttribute('href')).toBe(false);
    expect(link?.getAttribute('tabindex')).toBe('0');
  });
});

describe('markdown-it stand-ins', () => {
  it('decodes named entities like the entities package, and nothing else', () => {
    for (const entity of ['&amp;', '&copy;', '&hellip;', '&CounterClockwiseContourIntegral;', '&nosuch;']) {
      expect(decodeHTML(entity)).toBe(realDecode(entity));
    }
    expect(decodeHTML('&lt;img onerror=x&gt;')).toBe('&lt;img onerror=x&gt;');
  });

  it('classifies punctuation and symbols like uc.micro across ASCII, Latin-1 and Japanese', () => {
    const ranges = [
      [0x20, 0x7f],
      [0xa0, 0xff],
      [0x3000, 0x303f],
      [0xff00, 0xffef],
    ];
    for (const [from, to] of ranges) {
      for (let code = from ?? 0; code <= (to ?? 0); code++) {
        const ch = String.fromCodePoint(code);
        expect([uc.P.test(ch), uc.S.test(ch)], `U+${code.toString(16)}`).toEqual([
          realUc.P.test(ch),
          realUc.S.test(ch),
        ]);
      }
    }
  });
});
