// A windowed list: only the rows in view (and a few either side) are in the DOM, so a run of 1,000
// questions or more scrolls and updates as cheaply as one of 20. Rows have one fixed height; the list
// is a listbox moved with the arrow keys, Home and End (the selected row scrolled into view). Written
// here (~80 lines) rather than taken from a package: the panel's 80 KB budget, and nothing more needed.
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Rows shown at most; the list is shorter when it holds fewer. */
  visibleRows: number;
  /** The row (index into the list) that is selected, if any. */
  selectedIndex: number | null;
  label: string;
  /** Renders row `index`, which must be an element with id `rowId(index)` and role option. */
  renderRow: (index: number) => ComponentChild;
  rowId: (index: number) => string;
  onSelect: (index: number) => void;
  overscan?: number;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, visibleRows, selectedIndex, overscan = 4 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = Math.min(count, visibleRows) * rowHeight;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  // The selected row in view (selected by key, by the host following the run, or from a count).
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list || selectedIndex === null) return;
    const top = selectedIndex * rowHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + rowHeight > list.scrollTop + height) list.scrollTop = top + rowHeight - height;
    setScrollTop(list.scrollTop);
  }, [selectedIndex, rowHeight, height]);

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, visibleRows - 1);
    const from = selectedIndex ?? -1;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    };
    const to = moves[event.key];
    if (to === undefined || count === 0) return;
    event.preventDefault();
    props.onSelect(Math.min(count - 1, Math.max(0, to)));
  };

  const rows: ComponentChild[] = [];
  for (let index = first; index < last; index++) rows.push(props.renderRow(index));
  return (
    <div
      ref={ref}
      class="virtual-list"
      role="listbox"
      tabIndex={0}
      aria-label={props.label}
      aria-activedescendant={
        selectedIndex !== null && selectedIndex >= first && selectedIndex < last
          ? props.rowId(selectedIndex)
          : undefined
      }
      style={{ height: `${height}px` }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div class="virtual-list-space" style={{ height: `${count * rowHeight}px` }}>
        <div class="virtual-list-window" style={{ transform: `translateY(${first * rowHeight}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
