// Every string the blind A/B view shows, in English and Japanese. Here (not in the webview) so that the
// end-to-end tests find the view's controls by the same accessible names the view gives them.
export type AbLocale = 'en' | 'ja';

const percent = (share: number) => `${Math.round(share * 100)}%`;

const en = {
  winRates: 'Win rate',
  noVotes: 'No vote yet: the win rate shows once there is one.',
  rate: (model: string, opponent: string, rate: number | null, low: number | null, high: number | null) =>
    rate === null || low === null || high === null
      ? `${model} vs ${opponent}: no decided vote yet`
      : `${model} vs ${opponent}: ${model} wins ${percent(rate)} (95% interval ${percent(low)}–${percent(high)})`,
  counts: (wins: number, losses: number, ties: number, count: number) =>
    `${wins} ${wins === 1 ? 'win' : 'wins'}, ${losses} ${losses === 1 ? 'loss' : 'losses'}, ${ties} ${ties === 1 ? 'tie' : 'ties'} of ${count} ${count === 1 ? 'vote' : 'votes'}`,
  progress: (voted: number, answered: number, items: number) =>
    answered === items
      ? `You voted on ${voted} of ${items}.`
      : `You voted on ${voted} of ${items} (${answered} answered by both so far).`,
  incomplete: 'Not every question has both answers yet: resume the run to ask the rest.',
  itemOf: (n: number, total: number) => `Question ${n} of ${total}`,
  question: 'Question',
  systemPrompt: 'System prompt',
  answer: (side: 'A' | 'B') => `Answer ${side}`,
  notAnswered: 'This question does not have both answers yet.',
  notAsked: (error: string) => `This question could not be asked: ${error}`,
  voteA: 'A is better',
  voteB: 'B is better',
  voteTie: 'Tie',
  keys: 'Keys: A, B, T (tie); ← and → move between questions.',
  reason: 'Reason (optional)',
  previous: 'Previous',
  next: 'Next',
  youChose: (choice: 'A' | 'B' | 'tie', winner: string | null) =>
    choice === 'tie' ? 'You called it a tie.' : `You chose ${choice}: ${winner}.`,
  reveal: (a: string, b: string) => `A was ${a}, B was ${b}.`,
  yourReason: 'Your reason',
  loading: 'Loading…',
};

export type AbLabels = typeof en;

const ja: AbLabels = {
  winRates: '勝率',
  noVotes: 'まだ投票がありません。投票すると勝率が表示されます。',
  rate: (model, opponent, rate, low, high) =>
    rate === null || low === null || high === null
      ? `${model} 対 ${opponent}: 決着した投票はまだありません`
      : `${model} 対 ${opponent}: ${model} の勝率 ${percent(rate)}（95% 区間 ${percent(low)}–${percent(high)}）`,
  counts: (wins, losses, ties, count) => `${count} 票中 ${wins} 勝 ${losses} 敗 ${ties} 引き分け`,
  progress: (voted, answered, items) =>
    answered === items
      ? `${items} 問中 ${voted} 問に投票しました。`
      : `${items} 問中 ${voted} 問に投票しました（両方の回答があるのは ${answered} 問）。`,
  incomplete: 'まだ両方の回答がそろっていない質問があります。実行を再開して残りを質問してください。',
  itemOf: (n, total) => `質問 ${n} / ${total}`,
  question: '質問',
  systemPrompt: 'システムプロンプト',
  answer: (side) => `回答 ${side}`,
  notAnswered: 'この質問にはまだ両方の回答がありません。',
  notAsked: (error) => `この質問は質問できませんでした: ${error}`,
  voteA: 'A が良い',
  voteB: 'B が良い',
  voteTie: '引き分け',
  keys: 'キー: A、B、T（引き分け）。← と → で質問を移動します。',
  reason: '理由（任意）',
  previous: '前へ',
  next: '次へ',
  youChose: (choice, winner) =>
    choice === 'tie' ? '引き分けにしました。' : `${choice} を選びました: ${winner}。`,
  reveal: (a, b) => `A は ${a}、B は ${b} でした。`,
  yourReason: 'あなたの理由',
  loading: '読み込み中…',
};

export const abLabels: Record<AbLocale, AbLabels> = { en, ja };
