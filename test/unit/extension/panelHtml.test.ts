import { describe, expect, it } from 'vitest';
import { createNonce, renderPanelHtml } from '../../../src/extension/panel/html';
import { initialStateElementId, stateMessageSchema } from '../../../src/protocol/messages';
import { makeLog, makeState } from '../../browser/support/sampleData';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.css'],
  locale: 'ja' as const,
};

describe('panel HTML', () => {
  it('allows scripts only with the nonce and styles, fonts and images only from the webview origin', () => {
    const nonce = createNonce();
    const html = renderPanelHtml({ ...base, nonce, initialState: null });
    const csp = html.match(/Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'nonce-${nonce}'`);
    expect(csp).toContain(`style-src ${base.cspSource}`);
    expect(csp).not.toContain('unsafe');
    expect(html).toContain(`<script nonce="${nonce}" src="${base.scriptUri}"></script>`);
    expect(html).toContain('<html lang="ja">');
    expect(html.match(/<script nonce=/g)).toHaveLength(1);
  });

  it('embeds the first state so that no string in it can end the data block', () => {
    const state = makeState({
      history: [makeLog(1, { question: '</script><script>alert(1)</script><!--', answer: '\u2028' })],
    });
    const html = renderPanelHtml({ ...base, nonce: createNonce(), initialState: state });
    const block = html.match(new RegExp(`id="${initialStateElementId}">(.*?)</script>`, 's'))?.[1] ?? '';
    expect(block).not.toMatch(/[<>]/);
    expect(stateMessageSchema.parse(JSON.parse(block))).toEqual(state);
  });

  it('refuses a nonce that is not random base64, and makes a different 128-bit one each time', () => {
    expect(() => renderPanelHtml({ ...base, nonce: 'abc', initialState: null })).toThrow(/nonce/);
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    expect(Buffer.from([...nonces][0] ?? '', 'base64')).toHaveLength(16);
  });
});
