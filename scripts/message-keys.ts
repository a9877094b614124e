// Writes src/core/message-keys.ts, the union of every message key of locales/en/*.ftl, so that a key the code
// names (a usage error, a translation, a template like `status-${status}`) is checked by the compiler.
// Run after changing a locale file: npm run locales. tests/locales.test.ts fails while it is out of date.
import { writeFileSync } from 'node:fs';
import { messageKeysModule } from './locale-files.ts';

writeFileSync('src/core/message-keys.ts', messageKeysModule('locales'));
process.stdout.write('src/core/message-keys.ts written\n');
