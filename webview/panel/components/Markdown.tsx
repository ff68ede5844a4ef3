// An answer rendered from the Markdown tree the host made (src/protocol/markdown.ts): elements only from
// the allow-list, text only as text nodes, so nothing in an answer becomes markup, a handler or a
// navigation. Links carry data-href only; activating one asks the host to check and open it.
import { Component, type ComponentChild, h } from 'preact';
import { type MarkdownNode, type MarkdownTree, markdownTags, safeHref } from '../../../src/protocol/markdown';

const allowed = new Set<string>(markdownTags);

function node(item: MarkdownNode): ComponentChild {
  if (typeof item === 'string') return item;
  const children = item.c?.map(node);
  switch (item.t) {
    case 'pre':
      return h('pre', null, h('code', item.lang ? { class: `language-${item.lang}` } : null, children));
    case 'a':
      // The schema allows only safe hrefs; checked again, since a link is the one thing that could leave.
      return item.href && safeHref.test(item.href)
        ? h('a', { role: 'link', tabIndex: 0, 'data-href': item.href, title: item.href }, children)
        : children;
    case 'ol':
      return h('ol', item.start !== undefined ? { start: item.start } : null, children);
    case 'th':
    case 'td':
      return h(item.t, item.align ? { class: `align-${item.align}` } : null, children);
    default:
      return allowed.has(item.t) ? h(item.t, null, children) : children;
  }
}

/** One top-level block; it renders again only when the host sent a new one in its place. */
class Block extends Component<{ block: MarkdownNode }> {
  override shouldComponentUpdate(next: { block: MarkdownNode }): boolean {
    return next.block !== this.props.block;
  }
  override render() {
    return node(this.props.block);
  }
}

interface Props {
  tree: MarkdownTree;
  /** A growing answer: its blocks render one by one, so that only the changed ones are drawn again. */
  streaming?: boolean;
  onOpenLink: (href: string) => void;
}

export function Markdown({ tree, streaming = false, onOpenLink }: Props) {
  const activate = (event: Event) => {
    const link = (event.target as Element | null)?.closest?.('[data-href]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    onOpenLink(link.getAttribute('data-href') ?? '');
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates to the role="link" elements inside
    <div
      class="markdown"
      onClick={activate}
      onKeyDown={(event) => {
        if (event.key === 'Enter') activate(event);
      }}
    >
      {streaming ? tree.map((block, index) => <Block key={index} block={block} />) : tree.map(node)}
    </div>
  );
}
