// The training view's entry point (bundled on its own as dist/webview/training.js, with training.css):
// connects to the host and renders in the page's language.
import { render } from 'preact';
import { TrainingApp } from './components/TrainingApp';
import { connectToHost } from './hostChannel';
import './training.css';

const root = document.getElementById('root');
const locale = document.documentElement.lang === 'ja' ? 'ja' : 'en';
if (root) render(<TrainingApp channel={connectToHost()} locale={locale} />, root);
