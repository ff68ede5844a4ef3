// The blind A/B view: the win rate at the top, then one question at a time with answers A and B; the
// user votes with the buttons or the keys A / B / T (not while typing a reason), moves with the
// previous / next buttons or ← / →, and sees the models only once they have voted.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AbChoiceView, AbHostMessage, AbItemViewMessage } from '../../../src/protocol/abtest';
import { type AbLocale, abLabels } from '../../../src/protocol/abtestLabels';
import type { AbChannel } from '../hostChannel';
import { ItemView } from './ItemView';
import { WinRates } from './WinRates';

type State = Extract<AbHostMessage, { type: 'state' }>;

const KEYS: Record<string, AbChoiceView> = { a: 'A', b: 'B', t: 'tie' };

export function AbApp({ channel, locale }: { channel: AbChannel; locale: AbLocale }) {
  const t = abLabels[locale];
  const [state, setState] = useState<State | null>(null);
  const [item, setItem] = useState<AbItemViewMessage | null>(null);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [pending, setPending] = useState<number | null>(null);
  const [failure, setFailure] = useState<{ position: number; message: string } | null>(null);
  // The position last asked of the host and not shown yet: quick ← / → presses count on from there.
  const asked = useRef<number | null>(null);

  useEffect(() => {
    const stop = channel.listen((message) => {
      switch (message.type) {
        case 'state':
          setState(message);
          return;
        case 'item':
          if (asked.current === message.item.position) asked.current = null;
          setItem(message.item);
          setPending((p) => (p === message.item.position ? null : p));
          return;
        case 'voteFailed':
          setPending(null);
          setFailure({ position: message.position, message: message.message });
          return;
      }
    });
    channel.post({ type: 'ready' });
    return stop;
  }, [channel]);

  const total = state?.items ?? 0;
  const vote = (choice: AbChoiceView) => {
    if (!item || item.answers === null || item.vote !== null || pending !== null) return;
    setPending(item.position);
    setFailure(null);
    const reason = reasons[item.position]?.trim() ?? '';
    channel.post({ type: 'vote', position: item.position, choice, reason: reason === '' ? null : reason });
  };
  const move = (step: number) => {
    if (!item) return;
    const position = (asked.current ?? item.position) + step;
    if (position < 0 || position >= total) return;
    asked.current = position;
    channel.post({ type: 'show', position });
  };

  // One key listener for the view's life, calling this render's handlers: a listener bound again after
  // each render (effects run after paint) let a key pressed just after a move act on the question before.
  const handlers = useRef({ vote, move });
  handlers.current = { vote, move };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Typing a reason is never a vote.
      if (target?.closest('textarea, input, select')) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const choice = KEYS[event.key.toLowerCase()];
      if (choice) {
        event.preventDefault();
        handlers.current.vote(choice);
      } else if (event.key === 'ArrowLeft') handlers.current.move(-1);
      else if (event.key === 'ArrowRight') handlers.current.move(1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main class="abtest">
      {state ? (
        <header>
          <p class="run-title">{state.title}</p>
          <WinRates state={state} t={t} />
        </header>
      ) : (
        <p role="status">{t.loading}</p>
      )}
      {item && (
        <ItemView
          item={item}
          total={total}
          t={t}
          reason={reasons[item.position] ?? ''}
          pending={pending === item.position}
          failure={failure?.position === item.position ? failure.message : null}
          onReason={(text) => setReasons((all) => ({ ...all, [item.position]: text }))}
          onVote={vote}
          onOpenLink={(href) => channel.post({ type: 'openLink', href })}
        />
      )}
      {item && (
        <nav class="moves">
          <button type="button" class="secondary" disabled={item.position === 0} onClick={() => move(-1)}>
            {t.previous}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={item.position + 1 >= total}
            onClick={() => move(1)}
          >
            {t.next}
          </button>
        </nav>
      )}
    </main>
  );
}
