// An answer rendered as sanitized Markdown. The DOM is filled before paint (no flash, no jump); links
// carry data-href only, and activating one asks the host to open it.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { renderMarkdown } from '../markdown';

interface Props {
  text: string;
  streaming?: boolean;
  onOpenLink: (href: string) => void;
}

export function Markdown({ text, streaming = false, onOpenLink }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(renderMarkdown(text, !streaming));
  }, [text, streaming]);

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
      ref={ref}
      class="markdown"
      onClick={activate}
      onKeyDown={(event) => {
        if (event.key === 'Enter') activate(event);
      }}
    />
  );
}
