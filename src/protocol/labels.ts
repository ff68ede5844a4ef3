// Every string the panel shows, in English and Japanese, with the design's Japanese terms for the codes
// (良い / 不十分 / 間違い, 高 / 中 / 低, 未処理 / 訓練済み / 検証済み). The host and the end-to-end tests
// import the same table, so accessible names are defined once.
import { type LimitedField, TEXT_LIMITS } from './limits';
import type { Evaluation, Locale, Priority, Status } from './views';

const en = {
  panelTitle: 'Llamune Evaluation',
  loading: 'Loading…',
  poc: 'PoC',
  model: 'Model',
  systemPrompt: 'System prompt',
  systemPromptSnapshot: 'System prompt (snapshot)',
  noSystemPrompt: '(none)',
  startSession: 'Start session',
  endSession: 'End session',
  noSession: 'No session. Choose a PoC and a model, then start a session to ask questions.',
  noPocs: 'No PoC yet: create one from the Llamune sidebar (Llamune: Create PoC).',
  noModels: 'No model yet: register one from the Llamune sidebar (Llamune: Register Model).',
  choose: 'Choose…',
  sessionStartedAt: 'Started',
  sessionEnded: 'The session has ended.',
  question: 'Question',
  questionPlaceholder: 'Ask a question (Ctrl+Enter to send)',
  questionPlaceholderMac: 'Ask a question (⌘+Enter to send)',
  ask: 'Ask',
  stop: 'Stop',
  answer: 'Answer',
  generating: 'Generating…',
  cancelled: 'Stopped. Nothing was recorded; the question is still in the box.',
  answerFailed: 'The model server did not answer',
  notAsked: 'The question was not asked',
  serverNotice: {
    restarting: 'The model server stopped and is restarting by itself.',
    restarted: 'The model server has restarted and is ready: ask again.',
    failed: 'The model server stopped and could not be restarted; see Llamune: Show Model Server Log.',
  },
  noReply: 'The extension did not answer. Nothing was recorded and your text is kept; try again.',
  invalidRequest: 'The extension could not read the panel’s request',
  tooLong: (field: string, length: string, limit: string) =>
    `${field} is too long: ${length} characters, at most ${limit}. Shorten it, then send again.`,
  counter: (length: string, limit: string) => `${length} / ${limit} characters`,
  fix: 'Fix',
  firstToken: 'First token',
  total: 'Total',
  rating: 'Rating',
  unrated: 'Not rated',
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Unsaved changes',
  saveFailed: 'Not saved',
  reason: 'Reason',
  correctAnswer: 'Correct answer',
  startFromAnswer: "Start from the model's answer",
  correctionDiff: 'What the correction changes',
  priority: 'Priority',
  memo: 'Memo',
  save: 'Save',
  edit: 'Edit',
  required: 'Required for Insufficient and Wrong.',
  chooseRating: 'Choose a rating first.',
  history: 'History',
  noHistory: 'No questions yet in this session.',
  loadMore: 'Load older answers',
  openedLog: 'Opened log',
  close: 'Close',
  status: 'Status',
  ratingChart: {
    title: 'Ratings per version',
    version: 'Version',
    shareWrong: 'Share wrong',
    overTime: 'Share wrong over time',
    overTimeTable: 'The numbers over time',
    period: { day: 'Day', week: 'Week from' },
    bucket: { day: 'per day', week: 'per week' },
    empty: 'No answers in this PoC yet.',
    notRated: (count: string) => `+${count} not rated`,
    versionSummary: (name: string, good: string, insufficient: string, wrong: string, unrated: string) =>
      `${name}: ${good} good, ${insufficient} insufficient, ${wrong} wrong, ${unrated} not rated`,
    lineSummary: (name: string, first: string, last: string) => `${name}: ${first} % wrong, then ${last} %`,
  },
  evaluation: { 1: 'Good', 2: 'Insufficient', 3: 'Wrong' } as Record<Evaluation, string>,
  priorities: { 1: 'High', 2: 'Medium', 3: 'Low' } as Record<Priority, string>,
  statuses: { 1: 'Unprocessed', 2: 'Trained', 3: 'Verified' } as Record<Status, string>,
};

export type Labels = typeof en;

const ja: Labels = {
  panelTitle: 'Llamune 評価',
  loading: '読み込み中…',
  poc: 'PoC',
  model: 'モデル',
  systemPrompt: 'システムプロンプト',
  systemPromptSnapshot: 'システムプロンプト（スナップショット）',
  noSystemPrompt: '（なし）',
  startSession: 'セッション開始',
  endSession: 'セッション終了',
  noSession: 'セッションがありません。PoC とモデルを選んでセッションを開始すると質問できます。',
  noPocs: 'PoC がありません。Llamune サイドバーから作成してください（Llamune: Create PoC）。',
  noModels: 'モデルがありません。Llamune サイドバーから登録してください（Llamune: Register Model）。',
  choose: '選択…',
  sessionStartedAt: '開始',
  sessionEnded: 'セッションは終了しました。',
  question: '質問',
  questionPlaceholder: '質問を入力（Ctrl+Enter で送信）',
  questionPlaceholderMac: '質問を入力（⌘+Enter で送信）',
  ask: '質問する',
  stop: '停止',
  answer: '回答',
  generating: '生成中…',
  cancelled: '停止しました。記録されていません。質問は入力欄に残っています。',
  answerFailed: 'モデルサーバーが応答しませんでした',
  notAsked: '質問できませんでした',
  serverNotice: {
    restarting: 'モデルサーバーが停止したため、自動的に再起動しています。',
    restarted: 'モデルサーバーが再起動し、準備ができました。もう一度質問してください。',
    failed:
      'モデルサーバーが停止し、再起動できませんでした。Llamune: Show Model Server Log を確認してください。',
  },
  noReply:
    '拡張機能が応答しませんでした。何も記録されておらず、入力内容は残っています。もう一度試してください。',
  invalidRequest: '拡張機能がパネルの要求を読み取れませんでした',
  tooLong: (field: string, length: string, limit: string) =>
    `${field}が長すぎます（${length} 文字、上限は ${limit} 文字）。短くしてから送信してください。`,
  counter: (length: string, limit: string) => `${length} / ${limit} 文字`,
  fix: '対処',
  firstToken: '最初のトークン',
  total: '合計',
  rating: '評価',
  unrated: '未評価',
  saved: '保存済み',
  saving: '保存中…',
  unsaved: '未保存の変更',
  saveFailed: '保存できませんでした',
  reason: '理由',
  correctAnswer: '正しい回答',
  startFromAnswer: 'モデルの回答から始める',
  correctionDiff: '修正による変更',
  priority: '優先度',
  memo: 'メモ',
  save: '保存',
  edit: '編集',
  required: '不十分・間違いの場合は必須です。',
  chooseRating: '先に評価を選んでください。',
  history: '履歴',
  noHistory: 'このセッションにはまだ質問がありません。',
  loadMore: '以前の回答を読み込む',
  openedLog: '開いたログ',
  close: '閉じる',
  status: 'ステータス',
  ratingChart: {
    title: 'バージョン別の評価',
    version: 'バージョン',
    shareWrong: '間違いの割合',
    overTime: '間違いの割合の推移',
    overTimeTable: '推移の数値',
    period: { day: '日', week: '週（月曜から）' },
    bucket: { day: '日ごと', week: '週ごと' },
    empty: 'この PoC にはまだ回答がありません。',
    notRated: (count: string) => `未評価 ${count} 件`,
    versionSummary: (name: string, good: string, insufficient: string, wrong: string, unrated: string) =>
      `${name}: 良い ${good} 件、不十分 ${insufficient} 件、間違い ${wrong} 件、未評価 ${unrated} 件`,
    lineSummary: (name: string, first: string, last: string) => `${name}: 間違い ${first} % から ${last} %`,
  },
  evaluation: { 1: '良い', 2: '不十分', 3: '間違い' },
  priorities: { 1: '高', 2: '中', 3: '低' },
  statuses: { 1: '未処理', 2: '訓練済み', 3: '検証済み' },
};

export const labels: Record<Locale, Labels> = { en, ja };

/** Picks the panel's language from a VS Code display language such as `ja` or `en-US`. */
export function localeFrom(language: string | undefined): Locale {
  return language?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** A count as the user's language writes it (100,000). */
export const formatCount = (locale: Locale, n: number): string => n.toLocaleString(locale);

/** "Reason is too long: 100,001 characters, at most 100,000 …" in the user's language. */
export function tooLongMessage(locale: Locale, field: LimitedField, length: number): string {
  const t = labels[locale];
  const names: Record<LimitedField, string> = {
    question: t.question,
    system_prompt: t.systemPrompt,
    reason: t.reason,
    correct_answer: t.correctAnswer,
    memo: t.memo,
  };
  return t.tooLong(names[field], formatCount(locale, length), formatCount(locale, TEXT_LIMITS[field]));
}
