// `dust train --run DIR`: phase 2 alone on a run folder whose dataset is built (`dust build`),
// resuming from the newest checkpoint; writes metrics.jsonl, checkpoints/ and model/.
import { pipelineCommand } from './run';

export default pipelineCommand(
  'train',
  ['train'],
  'phase 2: GRPO on the judgment dataset of a run folder (or the baseline set by train.mode), resumable',
  'usage: npm run dust -- train --run DIR [--fresh] [--quiet]',
);
