// Stands in for `punycode.js` inside markdown-it: host names are left as written; the extension host
// parses and checks every link before opening it.
const identity = (value: string) => value;
export default { toASCII: identity, toUnicode: identity };
