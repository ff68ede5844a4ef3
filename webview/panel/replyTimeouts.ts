// How long the panel waits for the host's reply to a request before it stops waiting and says so (the
// panel never waits without a bound). An ask waits only for the host's answerStarted: from there on the
// model's time is the host's to bound (first-token and idle timeouts). The others wait for their result,
// which the first open of a new embedded database can hold up for ~15 s.
import type { WaitingRequest } from './state';

export const REPLY_TIMEOUTS_MS: Record<WaitingRequest['kind'], number> = {
  ask: 15_000,
  save: 60_000,
  session: 60_000,
  history: 60_000,
};

export const replyTimeoutMs = (request: WaitingRequest): number => REPLY_TIMEOUTS_MS[request.kind];
