// The training view's host side without VS Code: its HTML (strict CSP, nonce, no inline code), the
// transcript that fits messages to the protocol and replays a run, and the link that posts only to a
// ready page and routes the page's (validated) messages.
import { describe, expect, it } from 'vitest';
import { createNonce } from '../../../src/extension/panel/html';
import { renderTrainingHtml } from '../../../src/extension/training/trainingHtml';
import { TrainingTranscript } from '../../../src/extension/training/trainingTranscript';
import { TrainingViewLink } from '../../../src/extension/training/trainingViewLink';
import {
  parseTrainingHostMessage,
  TRAINING_LAST_LINES_MAX,
  TRAINING_LINE_MAX,
  TRAINING_OUTPUT_TAIL_LINES,
} from '../../../src/protocol/training';
import { failure, settings, success, trainReport, valReport } from '../../browser/support/trainingSamples';

const origin = 'https://file+.vscode-resource.vscode-cdn.net';
const base = {
  cspSource: origin,
  scriptUri: `${origin}/ext/dist/webview/training.js`,
  styleUri: `${origin}/ext/dist/webview/training.css`,
  locale: 'ja' as const,
  title: 'Llamune Training "v2" <now>',
};
const run = { title: 'Training v1 → v2', settings, registerLabel: 'Register as version 2' };

describe('training view HTML', () => {
  it('allows only its script (by nonce) and styles from the webview origin; nothing else loads', () => {
    const nonce = createNonce();
    const html = renderTrainingHtml({ ...base, nonce });
    const csp = html.match(/Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `style-src ${origin}`,
      `script-src 'nonce-${nonce}'`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-src 'none'",
    ]);
    expect(html).toContain(`<script nonce="${nonce}" src="${base.scriptUri}"></script>`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<link rel="stylesheet" href="${base.styleUri}">`);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<title>Llamune Training &quot;v2&quot; &lt;now&gt;</title>');
    expect(html).not.toMatch(/\s(style|on[a-z]+)=/);
  });

  it('refuses a nonce that is not random base64', () => {
    expect(() => renderTrainingHtml({ ...base, nonce: 'abc' })).toThrow(/nonce/);
    expect(() => renderTrainingHtml({ ...base, nonce: `${createNonce()}"><script>` })).toThrow(/nonce/);
  });
});

describe('training transcript', () => {
  it('replays a run in order: reset, reports, the output tail, the end, the registration', () => {
    const transcript = new TrainingTranscript();
    expect(transcript.replay()).toEqual([]);
    transcript.reset(run);
    transcript.report(valReport(1, 2.9));
    transcript.report(trainReport(10));
    transcript.line('Iter 10: Train loss 2.400');
    transcript.finish(success, 'Register as version 3');
    transcript.registered('Registered as version 3.');
    const replay = transcript.replay();
    expect(replay.map((m) => m.type)).toEqual([
      'reset',
      'report',
      'report',
      'line',
      'finished',
      'registered',
    ]);
    expect(replay[4]).toMatchObject({ registerLabel: 'Register as version 3' });
    for (const message of replay) expect(parseTrainingHostMessage(message).ok).toBe(true);
  });

  it('forgets the previous run on reset', () => {
    const transcript = new TrainingTranscript();
    transcript.reset(run);
    transcript.report(trainReport(10));
    transcript.finish(failure());
    transcript.reset({ ...run, registerLabel: null });
    expect(transcript.replay()).toEqual([{ type: 'reset', title: run.title, settings, registerLabel: null }]);
  });

  it('fits long lines, messages and too many last lines to the protocol instead of losing them', () => {
    const transcript = new TrainingTranscript();
    transcript.reset(run);
    const line = transcript.line('x'.repeat(TRAINING_LINE_MAX * 2));
    expect(line?.text).toHaveLength(TRAINING_LINE_MAX);
    const lastLines = Array.from({ length: TRAINING_LAST_LINES_MAX + 50 }, (_, i) => `line ${i}`);
    const finished = transcript.finish(
      failure({ message: 'm'.repeat(5000), lastLines, signal: 'S'.repeat(100) }),
    );
    expect(finished?.outcome.ok).toBe(false);
    if (finished && !finished.outcome.ok) {
      expect(finished.outcome.failure.lastLines).toHaveLength(TRAINING_LAST_LINES_MAX);
      expect(finished.outcome.failure.lastLines.at(-1)).toBe(`line ${TRAINING_LAST_LINES_MAX + 49}`);
      expect(finished.outcome.failure.message.length).toBeLessThanOrEqual(2000);
    }
  });

  it('keeps only the output tail the view shows', () => {
    const transcript = new TrainingTranscript();
    transcript.reset(run);
    for (let i = 0; i < TRAINING_OUTPUT_TAIL_LINES + 20; i++) transcript.line(`line ${i}`);
    const lines = transcript.replay().filter((m) => m.type === 'line');
    expect(lines).toHaveLength(TRAINING_OUTPUT_TAIL_LINES);
    expect(lines[0]).toEqual({ type: 'line', text: 'line 20' });
  });

  it('drops a report it cannot show (a NaN loss) and says so once', () => {
    const refused: string[] = [];
    const transcript = new TrainingTranscript((detail) => refused.push(detail));
    transcript.reset(run);
    expect(transcript.report(trainReport(10, Number.NaN))).toBeUndefined();
    expect(transcript.report(trainReport(20, Number.NaN))).toBeUndefined();
    expect(transcript.report(trainReport(30, 2))).toBeDefined();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('report.loss');
    expect(transcript.replay().filter((m) => m.type === 'report')).toHaveLength(1);
  });
});

describe('training view link', () => {
  function linked() {
    const calls: string[] = [];
    const posted: string[] = [];
    const link = new TrainingViewLink({
      cancel: () => calls.push('cancel'),
      register: () => calls.push('register'),
      showLog: () => calls.push('showLog'),
      warn: (message) => calls.push(`warn: ${message}`),
    });
    link.attach((message) => posted.push(message.type));
    return { link, calls, posted };
  }

  it('posts nothing until the page is ready, then the run so far, then each message as it comes', () => {
    const { link, posted } = linked();
    link.reset(run);
    link.report(trainReport(10));
    expect(posted).toEqual([]);
    link.receive({ type: 'ready' });
    expect(posted).toEqual(['reset', 'report']);
    link.line('Iter 10: …');
    expect(posted).toEqual(['reset', 'report', 'line']);
  });

  it('replays the run to a new page (reopened or reloaded), and posts nothing to a closed one', () => {
    const { link, posted } = linked();
    link.receive({ type: 'ready' });
    link.reset(run);
    link.finish(success);
    link.detach();
    link.registered('Registered as version 2.');
    expect(posted).toEqual(['reset', 'finished']);
    const reopened: string[] = [];
    link.attach((message) => reopened.push(message.type));
    link.receive({ type: 'ready' });
    expect(reopened).toEqual(['reset', 'finished', 'registered']);
  });

  it('routes cancel, register and showLog, and refuses anything else with a warning', () => {
    const { link, calls } = linked();
    for (const type of ['cancel', 'register', 'showLog']) link.receive({ type });
    expect(calls).toEqual(['cancel', 'register', 'showLog']);
    // Keys the protocol does not know are dropped; the message itself stands.
    link.receive({ type: 'cancel', extra: '<script>' });
    expect(calls).toHaveLength(4);
    link.receive({ type: 'deleteEverything' });
    link.receive('cancel');
    expect(calls.slice(4)).toHaveLength(2);
    for (const call of calls.slice(4)) expect(call).toMatch(/^warn: Refused an invalid message/);
  });
});
