// The export's choices as a list to adjust (each line opens its own picker), with Preview first: a
// reviewer exporting what the Logs tree shows presses Enter once.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { Poc } from '../../core/db/schema';
import type { ExportFormat } from '../../core/export';
import { LogsStrings } from '../views/logsStrings';
import { type Code, type ExportChoices, formatSplit, parseSplit } from './exportChoices';
import { ExportStrings as S } from './exportStrings';

const CODE_NAMES = () => ({
  evaluation: { 1: LogsStrings.good(), 2: LogsStrings.insufficient(), 3: LogsStrings.wrong() },
  status: { 1: LogsStrings.unprocessed(), 2: LogsStrings.trained(), 3: LogsStrings.verified() },
  priority: { 1: LogsStrings.high(), 2: LogsStrings.medium(), 3: LogsStrings.low() },
});

/** The list of choices; resolves true on Preview, false when dismissed. Edits `choices` in place. */
export async function editChoices(choices: ExportChoices, pocs: Poc[]): Promise<boolean> {
  const names = CODE_NAMES();
  const codes = (list: Code[] | undefined, labels: Record<Code, string>) =>
    list ? list.map((c) => labels[c]).join(', ') : S.all();
  while (true) {
    type Item = vscode.QuickPickItem & { edit: string };
    const items: Item[] = [
      { label: `$(eye) ${S.preview()}`, detail: S.previewDetail(), edit: 'preview' },
      {
        label: S.pocs(),
        description: pocs
          .filter((p) => choices.pocIds.includes(p.id))
          .map((p) => p.name)
          .join(', '),
        edit: 'pocs',
      },
      {
        label: S.evaluation(),
        description: codes(choices.evaluations, names.evaluation),
        edit: 'evaluation',
      },
      { label: S.status(), description: codes(choices.statuses, names.status), edit: 'status' },
      { label: S.priority(), description: codes(choices.priorities, names.priority), edit: 'priority' },
      {
        label: S.dates(),
        description:
          choices.from || choices.to
            ? `${choices.from?.toISOString().slice(0, 10) ?? ''} … ${choices.to ? new Date(choices.to.getTime() - 86_400_000).toISOString().slice(0, 10) : ''}`
            : S.anyTime(),
        edit: 'dates',
      },
      { label: S.formats(), description: choices.formats.join(', '), edit: 'formats' },
      {
        label: S.split(),
        description: `${formatSplit(choices.split)} · ${S.seed(choices.seed)}`,
        edit: 'split',
      },
      { label: S.maxTokens(), description: String(choices.maxTokens), edit: 'maxTokens' },
      { label: S.folder(), description: choices.folder, edit: 'folder' },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: S.title(),
      placeHolder: S.settingsHint(),
      ignoreFocusOut: true,
    });
    if (!picked) return false;
    if (picked.edit === 'preview') return true;
    await editOne(picked.edit, choices, pocs);
  }
}

async function editOne(what: string, choices: ExportChoices, pocs: Poc[]): Promise<void> {
  const names = CODE_NAMES();
  const pickCodes = async (labels: Record<Code, string>, chosen: Code[] | undefined, title: string) => {
    const picked = await vscode.window.showQuickPick(
      ([1, 2, 3] as const).map((code) => ({
        label: labels[code],
        code,
        picked: chosen?.includes(code) ?? false,
      })),
      { canPickMany: true, title },
    );
    return picked && (picked.length > 0 ? picked.map((p) => p.code) : undefined);
  };
  const ask = (prompt: string, value: string, validate: (v: string) => string | undefined) =>
    vscode.window.showInputBox({
      title: S.title(),
      prompt,
      value,
      validateInput: validate,
      ignoreFocusOut: true,
    });
  switch (what) {
    case 'pocs': {
      const picked = await vscode.window.showQuickPick(
        pocs.map((p) => ({
          label: p.name,
          description: p.domain,
          id: p.id,
          picked: choices.pocIds.includes(p.id),
        })),
        { canPickMany: true, title: S.pocs() },
      );
      if (picked && picked.length > 0) choices.pocIds = picked.map((p) => p.id);
      return;
    }
    case 'evaluation': {
      const picked = await pickCodes(names.evaluation, choices.evaluations, S.evaluation());
      if (picked !== undefined || choices.evaluations) choices.evaluations = picked;
      return;
    }
    case 'status': {
      const picked = await pickCodes(names.status, choices.statuses, S.status());
      if (picked) choices.statuses = picked;
      return;
    }
    case 'priority': {
      choices.priorities = await pickCodes(names.priority, choices.priorities, S.priority());
      return;
    }
    case 'dates': {
      const day = (v: string) =>
        v.trim() === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !Number.isNaN(Date.parse(v.trim())))
          ? undefined
          : S.badDate();
      const from = await ask(S.fromPrompt(), choices.from?.toISOString().slice(0, 10) ?? '', day);
      if (from === undefined) return;
      const last = choices.to ? new Date(choices.to.getTime() - 86_400_000).toISOString().slice(0, 10) : '';
      const to = await ask(S.toPrompt(), last, day);
      if (to === undefined) return;
      choices.from = from.trim() ? new Date(`${from.trim()}T00:00:00Z`) : undefined;
      // The last day is included: the request's bound is the next midnight.
      choices.to = to.trim() ? new Date(Date.parse(`${to.trim()}T00:00:00Z`) + 86_400_000) : undefined;
      return;
    }
    case 'formats': {
      const picked = await vscode.window.showQuickPick(
        (['sft', 'dpo', 'csv'] as ExportFormat[]).map((f) => ({
          label: f,
          picked: choices.formats.includes(f),
        })),
        { canPickMany: true, title: S.formats() },
      );
      if (picked && picked.length > 0) choices.formats = picked.map((p) => p.label as ExportFormat);
      return;
    }
    case 'split': {
      const split = await ask(S.splitPrompt(), formatSplit(choices.split), (v) => {
        const parsed = parseSplit(v);
        return typeof parsed === 'string' ? S.badSplit(parsed) : undefined;
      });
      if (split === undefined) return;
      const seed = await ask(S.seedPrompt(), String(choices.seed), (v) =>
        /^\d{1,9}$/.test(v.trim()) ? undefined : S.wholeNumber(),
      );
      if (seed === undefined) return;
      choices.split = parseSplit(split) as ExportChoices['split'];
      choices.seed = Number(seed.trim());
      return;
    }
    case 'maxTokens': {
      const value = await ask(S.maxTokensPrompt(), String(choices.maxTokens), (v) =>
        /^[1-9]\d{0,6}$/.test(v.trim()) ? undefined : S.wholeNumber(),
      );
      if (value !== undefined) choices.maxTokens = Number(value.trim());
      return;
    }
    case 'folder': {
      const value = await ask(S.folderPrompt(), choices.folder, (v) =>
        isAbsolute(v.trim()) ? undefined : S.absolutePath(),
      );
      if (value !== undefined) choices.folder = value.trim();
      return;
    }
  }
}
