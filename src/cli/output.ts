// How the CLI prints records: aligned columns for people, JSON for scripts.
export type Cell = string | number | boolean | Date | null | undefined;

function show(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).replace(/\s+/g, ' ');
}

/** Display width: CJK and other wide characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function truncate(text: string, max: number): string {
  if (width(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function formatTable(columns: string[], rows: Cell[][], maxCell = 48): string {
  const cells = rows.map((row) => row.map((cell) => truncate(show(cell), maxCell)));
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((row) => width(row[i] ?? ''))));
  const line = (values: string[]) =>
    values
      .map((v, i) => v + ' '.repeat((widths[i] ?? 0) - width(v)))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
