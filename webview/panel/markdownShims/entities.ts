// Stands in for the `entities` package inside markdown-it (its 2,000-entry tables would double the
// panel's size): the browser's own HTML parser decodes one `&name;` at a time. A detached <textarea>
// parses its content as RCDATA, so no element is ever created, whatever the input.
const scratch = typeof document === 'undefined' ? null : document.createElement('textarea');

export function decodeHTML(entity: string): string {
  if (!scratch || !/^&[A-Za-z][A-Za-z0-9]{1,31};$/.test(entity)) return entity;
  scratch.innerHTML = entity;
  return scratch.value;
}

export const decodeHTMLStrict = decodeHTML;
