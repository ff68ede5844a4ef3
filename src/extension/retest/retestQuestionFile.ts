// A question set from a file, for Re-test Question Set…: a file picker (lines, JSON Lines, CSV), the
// core's parser, and its broken lines reported with their numbers — the rest usable after a yes.
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { RetestStrings as S } from './retestStrings';

export interface FileQuestion {
  question: string;
  expected_answer: string | null;
}

/** The questions of a file the user picks (or `given`); undefined when there is nothing to run. */
export async function pickQuestionSet(given?: vscode.Uri): Promise<FileQuestion[] | undefined> {
  const uri =
    given ??
    (
      await vscode.window.showOpenDialog({
        title: S.questionSetTitle(),
        openLabel: S.questionSetOpen(),
        canSelectMany: false,
        filters: { [S.questionSetFilter()]: ['txt', 'jsonl', 'ndjson', 'csv'] },
      })
    )?.[0];
  if (!uri) return undefined;
  const name = uri.path.split('/').pop() ?? uri.path;
  const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  const { questions, problems } = loadCore().parseQuestionSet(text, name);
  const listed = problems
    .slice(0, 5)
    .map((p) => S.questionSetProblem(p.line, p.message))
    .join('; ');
  const more = problems.length > 5 ? '; …' : '';
  if (questions.length === 0) {
    const why = problems.length > 0 ? ` ${listed}${more}` : '';
    void vscode.window.showErrorMessage(`${S.questionSetEmpty(name)}${why}`);
    return undefined;
  }
  if (problems.length > 0) {
    const go = await vscode.window.showWarningMessage(
      S.questionSetProblems(name, problems.length, `${listed}${more}`),
      S.questionSetContinue(questions.length),
    );
    if (go === undefined) return undefined;
  }
  return questions.map(({ question, expected_answer }) => ({ question, expected_answer }));
}
