// The review view's entry point (bundled on its own as dist/webview/review.js, with review.css):
// connects to the host and renders in the page's language.
import { render } from 'preact';
import { ReviewApp } from './components/ReviewApp';
import { connectToHost } from './hostChannel';
import './review.css';

const root = document.getElementById('root');
const locale = document.documentElement.lang === 'ja' ? 'ja' : 'en';
if (root) render(<ReviewApp channel={connectToHost()} locale={locale} />, root);
