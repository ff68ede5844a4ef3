// The export preview as a list that stays open while skipped or conflicting logs are opened in the
// panel from it; Write or Write and mark trained close it.
import * as vscode from 'vscode';
import type { ExportPreview } from '../../core/export';
import type { EvaluationPanel } from '../panel/panelHost';
import { LogsStrings } from '../views/logsStrings';
import { ExportStrings as S } from './exportStrings';

/** The preview as a list that stays open while logs are opened from it; resolves the chosen action. */
export function showPreview(
  preview: ExportPreview,
  panel: EvaluationPanel,
): Promise<'write' | 'mark' | undefined> {
  type Item = vscode.QuickPickItem & { action?: 'write' | 'mark'; logId?: number };
  const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const shown = 200;
  const exported = preview.total_logs - preview.skipped.length;
  const items: Item[] = [
    { label: `$(save) ${S.write()}`, action: 'write' },
    { label: `$(check-all) ${S.writeAndMark()}`, action: 'mark' },
    separator(S.files()),
    ...preview.files.map((file) => ({
      label: `$(file) ${file.name}`,
      description: S.lines(file.lines),
      detail: file.samples[0]?.slice(0, 300),
    })),
    separator(S.ratings()),
    {
      label: `${LogsStrings.good()} ${preview.per_rating.good} · ${LogsStrings.insufficient()} ${preview.per_rating.insufficient} · ${LogsStrings.wrong()} ${preview.per_rating.wrong}`,
      description: preview.per_poc.map((p) => `${p.name} ${p.logs}`).join(' · '),
    },
    ...preview.warnings.map((warning) => ({ label: `$(warning) ${warning}` })),
    ...(preview.held_out_kept > 0 ? [{ label: `$(lock) ${S.heldOut(preview.held_out_kept)}` }] : []),
    ...(preview.ab_pairs > 0 ? [{ label: `$(versions) ${S.abPairs(preview.ab_pairs)}` }] : []),
  ];
  if (preview.skipped.length > 0) {
    items.push(separator(S.skipped(preview.skipped.length)));
    for (const skip of preview.skipped.slice(0, shown))
      items.push({
        label: `$(circle-slash) #${skip.log_id}`,
        description: S.reason(skip.reason),
        detail: skip.detail,
        logId: skip.log_id,
      });
    if (preview.skipped.length > shown) items.push({ label: S.more(preview.skipped.length - shown) });
  }
  if (preview.conflicts.length > 0) {
    items.push(separator(S.conflicts(preview.conflicts.length)));
    for (const conflict of preview.conflicts.slice(0, shown))
      items.push({
        label: `$(git-compare) ${conflict.question.slice(0, 80)}`,
        description: conflict.log_ids.map((id) => `#${id}`).join(', '),
        logId: conflict.log_ids[0],
      });
  }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = S.previewTitle(exported, preview.total_logs);
  pick.items = items;
  pick.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let result: 'write' | 'mark' | undefined;
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (item?.action) {
        result = item.action;
        pick.hide();
      } else if (item?.logId !== undefined) {
        void panel.openLog(item.logId);
      }
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
