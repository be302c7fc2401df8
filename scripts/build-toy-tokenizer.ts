// Writes the toy model's tokenizer files to public/models/dust-toy/ (committed output; a
// unit test checks they match what src/toy/tokenizer-build.ts builds).
// Run: node --import tsx scripts/build-toy-tokenizer.ts [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toyTokenizerFileTexts } from '../src/toy/tokenizer-build';

const outDir = process.argv[2] ?? join(import.meta.dirname, '..', 'public', 'models', 'dust-toy');
mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(toyTokenizerFileTexts())) {
  writeFileSync(join(outDir, name), text);
  console.log(`wrote ${join(outDir, name)} (${text.length} bytes)`);
}
