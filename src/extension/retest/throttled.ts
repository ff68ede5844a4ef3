// A signal sent at most once per interval, however often it is raised (the logs-changed signal during a
// re-test run, which the Logs tree and the chart read the database on): the first at once, the rest
// folded into one at the end of the interval, and nothing lost when the run ends (flush).

/** Calls `fn` at most once per `ms` (and once more at the end of a burst). */
export function throttled(fn: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const fire = () => {
    fn();
    timer = setTimeout(() => {
      timer = undefined;
      if (pending) {
        pending = false;
        fire();
      }
    }, ms);
  };
  return {
    call() {
      if (timer !== undefined) pending = true;
      else fire();
    },
    /** The run ended: a pending signal goes now, and no timer is left behind. */
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (pending) fn();
      pending = false;
    },
  };
}
