// The re-test view's closed sets, apart from retest.ts so that the webview takes them without zod.
export const retestItemStates = ['waiting', 'answering', 'answered', 'rated', 'failed'] as const;
export const retestFlips = [
  'fixed',
  'still_wrong',
  'regressed',
  'still_good',
  'unrated',
  'not_asked',
] as const;
export const retestStatuses = ['ready', 'running', 'paused', 'done', 'cancelled'] as const;
export type RetestFlip = (typeof retestFlips)[number];
export type RetestItemState = (typeof retestItemStates)[number];
export type RetestStatus = (typeof retestStatuses)[number];

/** The reason a run keeps when the user paused it (the core writes it; views need not repeat it). */
export const PAUSED_BY_USER = 'Paused.';
