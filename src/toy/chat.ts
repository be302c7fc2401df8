// The toy model's chat format: ChatML as Qwen uses it (<|im_start|>role\n...<|im_end|>\n),
// without a default system prompt (every character is a token, so boilerplate costs context).
// tokenizer-build.ts writes this template into tokenizer_config.json; corpus.ts renders
// documents with it, so pre-training sees exactly what the pipeline will send.

export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';
export const END_OF_TEXT = '<|endoftext|>';
/** Stands for characters outside the vocabulary (never produced by the corpus). */
export const UNK = '<|unk|>';

export const TOY_CHAT_TEMPLATE =
  "{%- for message in messages %}{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}{%- endfor %}" +
  "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}";
