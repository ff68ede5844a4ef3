// A re-test run's summary as a QuickPick: the items grouped by what flipped (regressed first), each
// opening its question side by side in the panel's re-test view, where the new answer is rated.
import * as vscode from 'vscode';
import type { RetestSummary } from '../../core/retest';
import type { EvaluationPanel } from '../panel/panelHost';
import { RetestStrings as S } from './retestStrings';

const ORDER = ['regressed', 'fixed', 'unrated', 'still_wrong', 'still_good', 'not_asked'] as const;

export async function showRetestSummary(panel: EvaluationPanel, summary: RetestSummary): Promise<void> {
  type Item = vscode.QuickPickItem & { position?: number };
  const items: Item[] = [{ label: `$(split-horizontal) ${S.openSideBySide()}` }];
  for (const flip of ORDER) {
    const inGroup = summary.items.filter((item) => item.flip === flip);
    if (inGroup.length === 0) continue;
    items.push({ label: `${S.flip[flip]()} (${inGroup.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const item of inGroup)
      items.push({
        label: item.question.replace(/\s+/g, ' ').slice(0, 120),
        description: item.similarity === null ? undefined : S.hint(Math.round(item.similarity * 100)),
        detail: item.after?.answer.replace(/\s+/g, ' ').slice(0, 200) ?? item.error ?? undefined,
        position: item.position,
      });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: S.summaryTitle(summary.run.title, summary.counts.fixed, summary.counts.regressed),
    matchOnDetail: true,
  });
  if (picked) await panel.showRetest(summary.run.id, picked.position);
}
