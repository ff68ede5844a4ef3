// The evaluation panel's entry point: reads the first state the host put in the page (validated like any
// message), connects to the host and renders.
import { render } from 'preact';
import { check } from '../../src/protocol/guards';
import { stateGuard } from '../../src/protocol/hostMessageGuard';
import { initialStateElementId } from '../../src/protocol/initialState';
import { App } from './components/App';
import { connectToHost } from './hostChannel';

function readInitialState() {
  const text = document.getElementById(initialStateElementId)?.textContent;
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    // The host may leave it empty and send the state after `ready`.
    if (value === null) return null;
    const parsed = check(stateGuard, value);
    if (parsed.ok) return parsed.message;
    console.warn('Ignored an invalid initial state', parsed.error);
  } catch (error) {
    console.warn('Ignored an unreadable initial state', error);
  }
  return null;
}

const root = document.getElementById('root');
const locale = document.documentElement.lang === 'ja' ? 'ja' : 'en';
if (root) render(<App channel={connectToHost()} first={readInitialState()} locale={locale} />, root);
