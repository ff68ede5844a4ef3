// Makes a display language available to code-server without a language pack from a marketplace
// (none is reachable here): an "untranslated pack" registered in the profile's languagepacks.json,
// VS Code 1.100's record of installed packs. The workbench's own strings stay English, but VS Code
// runs in that locale — `vscode.env.language` reports it, so the extension's package.nls.<locale>.json
// and l10n bundles are used, which is what the tests look at.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * @param {{ dir: string, userDataDir: string }} profile
 * @param {string} locale e.g. `ja`
 */
export async function enableDisplayLanguage(profile, locale) {
  if (locale === 'en' || locale.startsWith('en-')) return;
  const translations = join(profile.dir, `untranslated.${locale}.i18n.json`);
  await writeFile(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const packs = {
    [locale]: {
      hash: `untranslated-${locale}`,
      label: locale,
      // VS Code reads the first entry's identifier when it lists the installed languages.
      extensions: [{ extensionIdentifier: { id: `llamune-test.untranslated-${locale}` }, version: '0.0.0' }],
      translations: { vscode: translations },
    },
  };
  await writeFile(join(profile.userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}
