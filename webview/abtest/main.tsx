// The blind A/B view's entry point (bundled on its own as dist/webview/abtest.js, with abtest.css):
// connects to the host and renders in the page's language.
import { render } from 'preact';
import { AbApp } from './components/AbApp';
import { connectToHost } from './hostChannel';
import './abtest.css';

const root = document.getElementById('root');
const locale = document.documentElement.lang === 'ja' ? 'ja' : 'en';
if (root) render(<AbApp channel={connectToHost()} locale={locale} />, root);
