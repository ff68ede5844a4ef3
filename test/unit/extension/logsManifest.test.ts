// The Logs view's manifest entries agree with the code: the view exists, its menus name contributed
// commands, node-only commands stay out of the palette, and status actions show only where they apply.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogListItem } from '../../../src/core/domain/logQueries';
import {
  buildLogNodes,
  type LogNode,
  type LogsLabels,
  logContextValue,
} from '../../../src/extension/views/logsNodes';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: {
    views: Record<string, { id: string }[]>;
    commands: { command: string }[];
    menus: Record<string, MenuItem[]>;
  };
};
const { contributes } = manifest;

/** Whether a `viewItem == x` / `viewItem =~ /re/` clause of a when-clause accepts a context value. */
function acceptsItem(when: string, contextValue: string): boolean {
  const equal = /viewItem == ([\w.]+)/.exec(when);
  if (equal) return equal[1] === contextValue;
  const match = /viewItem =~ \/(.+)\/(?:\s|$)/.exec(when);
  return match ? new RegExp(match[1] ?? '').test(contextValue) : true;
}

const labels = {
  evaluation: { 1: 'g', 2: 'i', 3: 'w' },
  priority: { 1: 'h', 2: 'm', 3: 'l' },
  status: { 1: 'u', 2: 't', 3: 'v' },
  noPriority: '-',
  unrated: 'n',
  rated: 'r',
  version: (v: number) => `v${v}`,
  question: 'Q',
  answer: 'A',
  correction: 'C',
  reason: 'R',
  loadMore: 'more',
  logCount: (n: number) => `${n}`,
  counting: '…',
} satisfies LogsLabels;

function node(status: 1 | 2 | 3, rated: boolean): LogNode {
  const log = {
    id: 1,
    session_id: 1,
    question: 'q',
    answer: 'a',
    timestamp: new Date(),
    evaluation: 3,
    reason: null,
    correct_answer: null,
    priority: null,
    status,
    memo: null,
    evaluated_at: rated ? new Date() : null,
    updated_at: null,
    latency_ms: null,
    poc_id: 1,
    poc_name: 'p',
    model_id: 1,
    model_name: 'm',
    model_version: 1,
    user_id: 1,
    username: 'u',
  } satisfies LogListItem;
  return buildLogNodes('g', [log], false, labels)[0] as LogNode;
}

describe('Logs view manifest', () => {
  const logsItems = (contributes.menus['view/item/context'] ?? []).filter((m) =>
    m.when?.includes('view == llamune.logs'),
  );
  const inline = (command: string, contextValue: string) =>
    logsItems.some(
      (m) =>
        m.command === command && m.group?.startsWith('inline') && acceptsItem(m.when ?? '', contextValue),
    );

  it('puts the Logs view in the Llamune container and names only contributed commands in its menus', () => {
    expect(contributes.views.llamune?.map((v) => v.id)).toContain('llamune.logs');
    const contributed = new Set(contributes.commands.map((c) => c.command));
    const titled = (contributes.menus['view/title'] ?? []).filter((m) =>
      m.when?.includes('view == llamune.logs'),
    );
    expect(titled.map((m) => m.command).sort()).toEqual([
      'llamune.exportTrainingData',
      'llamune.logs.clearFilters',
      'llamune.logs.filter',
      'llamune.logs.groupBy',
      'llamune.logs.refresh',
    ]);
    expect([...titled, ...logsItems].filter((m) => !contributed.has(m.command))).toEqual([]);
  });

  it('offers the export on PoC and group nodes (their filter pre-filled), never on a log', () => {
    const exportItem = (contributes.menus['view/item/context'] ?? []).find(
      (m) => m.command === 'llamune.exportTrainingData',
    );
    expect(exportItem).toBeDefined();
    for (const contextValue of ['logsPoc', 'logsGroup'])
      expect(acceptsItem(exportItem?.when ?? '', contextValue), contextValue).toBe(true);
    for (const contextValue of ['log.rated.1', 'logsMore'])
      expect(acceptsItem(exportItem?.when ?? '', contextValue), contextValue).toBe(false);
  });

  it('hides the commands that need a log from the command palette', () => {
    const hidden = (contributes.menus.commandPalette ?? [])
      .filter((m) => m.when === 'false')
      .map((m) => m.command);
    for (const command of contributed('llamune.logs.').filter((c) =>
      /open|loadMore|mark|copy|reveal/.test(c),
    ))
      expect(hidden, command).toContain(command);
  });

  it('offers "Mark Verified" only on rated logs not yet verified, and "Mark Unprocessed" only on processed ones', () => {
    const verify = (status: 1 | 2 | 3, rated: boolean) =>
      inline('llamune.logs.markVerified', logContextValue(node(status, rated)));
    const unprocess = (status: 1 | 2 | 3, rated: boolean) =>
      inline('llamune.logs.markUnprocessed', logContextValue(node(status, rated)));
    expect([verify(1, true), verify(2, true), verify(3, true), verify(1, false)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([unprocess(1, true), unprocess(2, true), unprocess(3, true)]).toEqual([false, true, true]);
  });
});

function contributed(prefix: string): string[] {
  return contributes.commands.map((c) => c.command).filter((c) => c.startsWith(prefix));
}
