// Model output is untrusted: Markdown is parsed with raw HTML off, then sanitized with an allow-list,
// and links lose their href (kept as data-href) so nothing in the webview can navigate; a click asks
// the host to check and open the link.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Images would load from wherever the model says; the CSP blocks them anyway, so they stay text.
markdown.disable(['image']);

const safeLink = /^(https?:|mailto:)/i;
const allowedTags = [
  'a',
  'blockquote',
  'br',
  'code',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];

const purifier = DOMPurify();
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const href = node.getAttribute('href') ?? '';
  node.removeAttribute('href');
  if (!safeLink.test(href)) return;
  node.setAttribute('data-href', href);
  node.setAttribute('role', 'link');
  node.setAttribute('tabindex', '0');
  node.setAttribute('title', href);
});

/** Where the sanitizer cannot run, the answer is shown as text rather than trusted. */
function plainText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const paragraph = document.createElement('p');
  paragraph.className = 'plain';
  paragraph.textContent = text;
  fragment.append(paragraph);
  return fragment;
}

const cache = new Map<string, DocumentFragment>();
const cacheLimit = 600;

/**
 * Sanitized DOM for a Markdown text (a fresh copy each call, so it can be inserted anywhere). Finished
 * answers are cached; a streaming answer changes every frame, so it is not.
 */
export function renderMarkdown(text: string, cacheable = true): DocumentFragment {
  if (!purifier.isSupported) return plainText(text);
  let fragment = cache.get(text);
  if (!fragment) {
    fragment = purifier.sanitize(markdown.render(text), {
      ALLOWED_TAGS: allowedTags,
      ALLOWED_ATTR: ['class', 'start', 'href'],
      ALLOW_DATA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
    });
    if (!cacheable) return fragment;
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
    cache.set(text, fragment);
  }
  return fragment.cloneNode(true) as DocumentFragment;
}
