// Writes a train:toy checkpoint as a Hugging Face model folder (config.json, model.safetensors,
// generation_config.json, the committed toy's tokenizer files), so a run stopped before its
// last step can still be loaded by `dust run --model DIR` or a reproduction.
//
//   npm run toy:export -- CHECKPOINT DIR
import { writeToyCheckpointFolder } from './toy-checkpoint';

const [file, dir] = process.argv.slice(2);
if (!file || !dir) {
  console.error('usage: npm run toy:export -- CHECKPOINT DIR');
  process.exit(2);
}
const step = await writeToyCheckpointFolder(file, dir);
console.log(`wrote ${dir}: the weights of ${file} at step ${step}`);
