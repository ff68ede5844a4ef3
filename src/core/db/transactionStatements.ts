// Whether a statement opens or closes an explicit transaction, for pool wrappers that treat statements
// inside one differently (they share a server connection the caller's transaction depends on).
export const transactionStart = /^\s*(begin|start\s+transaction)\b/i;
export const transactionEnd = /^\s*(commit|rollback|end|abort)\b/i;

/** Follows BEGIN … COMMIT on one connection. */
export function transactionTracker() {
  let inside = false;
  return {
    /** Call before sending `text`; returns whether it belongs to an open transaction (COMMIT does). */
    see(text: string): boolean {
      const wasInside = inside;
      if (transactionStart.test(text)) inside = true;
      else if (transactionEnd.test(text)) inside = false;
      return wasInside;
    },
  };
}
