// Which of markdown-it's dependencies the panel replaces, for esbuild and for the component tests
// (so the tests run what ships). Paths are relative to the repository root.
export const webviewAliases = {
  entities: './webview/panel/markdownShims/entities.ts',
  'uc.micro': './webview/panel/markdownShims/ucMicro.ts',
  'linkify-it': './webview/panel/markdownShims/linkify.ts',
  'punycode.js': './webview/panel/markdownShims/punycode.ts',
};
