// `dust tokenize --model DIR|owner/name --text TEXT [--chat] [--add-special-tokens]`:
// prints the token ids as one line of JSON (with --chat, the text is a user turn rendered by
// the model's chat template with the generation prompt).
import { parseArgs } from 'node:util';
import { nodeModelSource } from '../../host/node-files';
import { loadTokenizer } from '../../tokenizer/tokenizer';
import type { Command } from '../command';
import { messageOf } from '../../util/errors';

const USAGE = 'usage: npm run dust -- tokenize --model DIR|owner/name[@rev] --text TEXT [--chat] [--add-special-tokens] [--endpoint URL]';

const command: Command = {
  summary: 'print the token ids of a text for a model (one line of JSON)',
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          model: { type: 'string' },
          text: { type: 'string' },
          chat: { type: 'boolean', default: false },
          'add-special-tokens': { type: 'boolean', default: false },
          endpoint: { type: 'string' },
        },
        strict: true,
      }));
    } catch (e) {
      console.error(`tokenize: ${messageOf(e)}\n${USAGE}`);
      return 2;
    }
    if (!values.model || values.text === undefined) {
      console.error(`tokenize: --model and --text are required.\n${USAGE}`);
      return 2;
    }
    const src = await nodeModelSource(values.model, values.endpoint ? { endpoint: values.endpoint } : {});
    const tok = await loadTokenizer(src);
    const ids = values.chat
      ? tok.applyChatTemplate([{ role: 'user', content: values.text }], { addGenerationPrompt: true }).ids
      : tok.encode(values.text, { addSpecialTokens: values['add-special-tokens'] });
    console.log(JSON.stringify(ids));
    return 0;
  },
};

export default command;
