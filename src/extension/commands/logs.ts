// Commands of the Logs view: grouping and filters from the title bar; open, verify / unprocess and copy
// on logs (one or several selected); load more; refresh.
import * as vscode from 'vscode';
import { STATUS } from '../../core/domain/codes';
import { loadCore } from '../core';
import { guarded } from '../errors';
import { Strings } from '../localize';
import type { EvaluationPanel } from '../panel/panelHost';
import {
  describeFilter,
  isFiltered,
  type LogNode,
  type LogsNode,
  logsGroupings,
  type TreeFilter,
} from '../views/logsNodes';
import { logsLabels, LogsStrings as S } from '../views/logsStrings';
import type { LogsTreeProvider } from '../views/logsTree';
import type { CommandContext } from './context';

/** The logs a command acts on: the selection when the clicked node is part of it, else the node. */
function targets(
  node: LogsNode | undefined,
  selected: readonly LogsNode[] | undefined,
  view: vscode.TreeView<LogsNode>,
): LogNode[] {
  const chosen = selected && node && selected.includes(node) ? selected : node ? [node] : view.selection;
  return chosen.filter((n): n is LogNode => n.kind === 'log');
}

export function registerLogsCommands(
  ctx: CommandContext,
  tree: LogsTreeProvider,
  view: vscode.TreeView<LogsNode>,
  panel: EvaluationPanel,
): vscode.Disposable[] {
  const showFilter = (filter: TreeFilter) => {
    view.description = describeFilter(filter, logsLabels()) || undefined;
    void vscode.commands.executeCommand('setContext', 'llamune.logs.filtered', isFiltered(filter));
  };
  showFilter(tree.filter);

  const setStatus = (status: 1 | 3) =>
    guarded(ctx.log, 'Set log status', async (node?: LogsNode, selected?: LogsNode[]) => {
      const logs = targets(node, selected, view);
      if (logs.length === 0) return;
      if (status === STATUS.verified && logs.some((l) => !l.rated)) {
        void vscode.window.showWarningMessage(S.onlyRated());
        return;
      }
      const { setLogStatus } = loadCore();
      const ids = logs.map((l) => l.log.id);
      await setLogStatus(await ctx.database.db(), { ids, status });
      ctx.database.notifyChanged('logs', ids);
      vscode.window.setStatusBarMessage(
        S.statusSet(logs.length, status === STATUS.verified ? S.verified() : S.unprocessed()),
        4000,
      );
    });

  const copy = (pick: (n: LogNode) => string | null) =>
    guarded(ctx.log, 'Copy from log', async (node?: LogsNode, selected?: LogsNode[]) => {
      const texts = targets(node, selected, view).map(pick);
      if (texts.length === 0) return;
      if (texts.every((t) => t === null)) {
        void vscode.window.showInformationMessage(S.noCorrection());
        return;
      }
      await vscode.env.clipboard.writeText(texts.filter((t) => t !== null).join('\n\n'));
      vscode.window.setStatusBarMessage(S.copied(), 3000);
    });

  return [
    tree.onDidChangeFilter(showFilter),
    vscode.commands.registerCommand('llamune.logs.refresh', () => tree.refresh()),
    vscode.commands.registerCommand(
      'llamune.logs.groupBy',
      guarded(ctx.log, 'Group logs', async () => {
        const picked = await vscode.window.showQuickPick(
          logsGroupings.map((g) => ({ label: S.grouping(g), picked: g === tree.grouping, grouping: g })),
          { title: S.groupByTitle() },
        );
        if (picked) await tree.setGrouping(picked.grouping);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.filter',
      guarded(ctx.log, 'Filter logs', async () => {
        const next = await editFilter(ctx, tree.filter, tree.baseFilter());
        if (next) await tree.setFilter(next);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.clearFilters',
      guarded(ctx.log, 'Clear log filters', () => tree.setFilter({})),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.open',
      guarded(ctx.log, 'Open log', async (node?: LogsNode) => {
        const log = targets(node, undefined, view)[0];
        if (log) await panel.openLog(log.log.id);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.loadMore',
      guarded(ctx.log, 'Load more logs', async (node?: LogsNode) => {
        if (node?.kind === 'more') await tree.loadMore(node.parentId);
      }),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.revealSession',
      guarded(ctx.log, 'Reveal session', async (node?: LogsNode) => {
        const log = targets(node, undefined, view)[0];
        if (!log) return;
        if (tree.grouping !== 'session') await tree.setGrouping('session');
        const group = await tree.sessionGroupOf(log.log);
        if (group) await view.reveal(group, { select: true, focus: true, expand: true });
      }),
    ),
    vscode.commands.registerCommand('llamune.logs.markVerified', setStatus(STATUS.verified)),
    vscode.commands.registerCommand('llamune.logs.markUnprocessed', setStatus(STATUS.unprocessed)),
    vscode.commands.registerCommand(
      'llamune.logs.copyQuestion',
      copy((n) => n.log.question),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.copyAnswer',
      copy((n) => n.log.answer),
    ),
    vscode.commands.registerCommand(
      'llamune.logs.copyCorrection',
      copy((n) => n.log.correct_answer),
    ),
  ];
}

type Facet = 'evaluation' | 'status' | 'priority' | 'rated' | 'text' | 'dates' | 'user' | 'clear';

/** One quick pick to choose what to filter on, then one for its values. Undefined: cancelled. */
async function editFilter(
  ctx: CommandContext,
  filter: TreeFilter,
  current: ReturnType<LogsTreeProvider['baseFilter']>,
): Promise<TreeFilter | undefined> {
  const labels = logsLabels();
  const show = (part: TreeFilter) => describeFilter(part, labels) || S.any();
  const facets: { label: string; description: string; facet: Facet }[] = [
    {
      label: S.grouping('evaluation'),
      description: show({ evaluation: filter.evaluation }),
      facet: 'evaluation',
    },
    { label: S.grouping('status'), description: show({ status: filter.status }), facet: 'status' },
    { label: S.grouping('priority'), description: show({ priority: filter.priority }), facet: 'priority' },
    { label: S.filterRated(), description: show({ rated: filter.rated }), facet: 'rated' },
    { label: S.filterText(), description: show({ text: filter.text }), facet: 'text' },
    { label: S.filterDates(), description: show({ from: filter.from, to: filter.to }), facet: 'dates' },
    { label: S.grouping('user'), description: show({ user: filter.user }), facet: 'user' },
    { label: S.clearAll(), description: '', facet: 'clear' },
  ];
  const facet = (await vscode.window.showQuickPick(facets, { title: S.filterTitle() }))?.facet;
  switch (facet) {
    case undefined:
      return undefined;
    case 'clear':
      return {};
    case 'evaluation': {
      const codes = await pickCodes(
        labels.evaluation,
        filter.evaluation,
        S.grouping('evaluation'),
        labels.unrated,
      );
      return codes && { ...filter, evaluation: codes.length ? codes : undefined };
    }
    case 'status': {
      const codes = await pickCodes(labels.status, filter.status, S.grouping('status'));
      return codes && { ...filter, status: codes.length ? codes : undefined };
    }
    case 'priority': {
      const codes = await pickCodes(
        labels.priority,
        filter.priority,
        S.grouping('priority'),
        labels.noPriority,
      );
      return codes && { ...filter, priority: codes.length ? codes : undefined };
    }
    case 'rated': {
      const items = [
        { label: S.any(), rated: undefined },
        { label: labels.rated, rated: true },
        { label: labels.unrated, rated: false },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: S.filterRated() });
      return picked && { ...filter, rated: picked.rated };
    }
    case 'text': {
      const text = await vscode.window.showInputBox({
        prompt: S.textPrompt(),
        value: filter.text ?? '',
        validateInput: (v) => (v.trim().length > 500 ? Strings.tooLong(500) : undefined),
      });
      return text === undefined ? undefined : { ...filter, text: text.trim() || undefined };
    }
    case 'dates': {
      const ask = (prompt: string, value: string | undefined) =>
        vscode.window.showInputBox({
          prompt,
          value: value ?? '',
          placeHolder: 'YYYY-MM-DD',
          validateInput: (v) => (v.trim() === '' || isDay(v.trim()) ? undefined : S.badDate()),
        });
      const from = await ask(S.fromPrompt(), filter.from);
      if (from === undefined) return undefined;
      const to = await ask(S.toPrompt(), filter.to);
      if (to === undefined) return undefined;
      const [a, b] = [from.trim() || undefined, to.trim() || undefined];
      // A reversed range is what the reviewer meant the other way round.
      const swap = a !== undefined && b !== undefined && a > b;
      return { ...filter, from: swap ? b : a, to: swap ? a : b };
    }
    case 'user': {
      const { countLogs } = loadCore();
      const { userId: _userId, ...others } = current;
      const users = await countLogs(await ctx.database.db(), others, 'user');
      const items = [
        { label: S.any(), user: undefined },
        ...users.map((u) => ({
          label: u.label ?? `#${String(u.key)}`,
          description: S.logCount(u.count),
          user: { id: Number(u.key), name: u.label ?? `#${String(u.key)}` },
        })),
      ];
      const picked = await vscode.window.showQuickPick(items, { title: S.grouping('user') });
      return picked && { ...filter, user: picked.user };
    }
  }
}

/**
 * The codes to show (several may be ticked), and with `noneLabel` a last item for "none of them" (null:
 * unrated, no priority); titled with the facet, so the step says what it filters.
 */
async function pickCodes<C extends 1 | 2 | 3 | null>(
  names: Record<1 | 2 | 3, string>,
  chosen: C[] | undefined,
  title: string,
  noneLabel?: string,
): Promise<C[] | undefined> {
  const codes: (1 | 2 | 3 | null)[] = noneLabel === undefined ? [1, 2, 3] : [1, 2, 3, null];
  const items = codes.map((code) => ({
    label: code === null ? (noneLabel ?? '') : names[code],
    code: code as C,
    picked: chosen?.includes(code as C) ?? false,
  }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title });
  return picked?.map((p) => p.code);
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime());
}
