// Waits for what the page shows to settle on the expected value (the panel renders asynchronously).
import { expect } from 'vitest';

export const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 20 });
