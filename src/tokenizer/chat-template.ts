// Chat templates: the Jinja program a model ships (tokenizer_config.json "chat_template", or
// chat_template.jinja) rendered with @huggingface/jinja, given the same variables that
// transformers' apply_chat_template passes.
import { Template } from '@huggingface/jinja';
import { messageOf } from '../util/errors';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Qwen3-style separate reasoning for assistant turns. */
  reasoning_content?: string;
}

export interface ChatTemplateOptions {
  addGenerationPrompt?: boolean;
  /** Qwen3: false inserts an empty <think></think> block so the model answers directly. */
  enableThinking?: boolean;
  /** Any further template variables (tools, documents, ...). */
  extra?: Record<string, unknown>;
}

export class ChatTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatTemplateError';
  }
}

/**
 * Picks the template: chat_template.jinja if the folder has one, else tokenizer_config's
 * chat_template (a string, or a list of {name, template} from which "default" is taken).
 */
export function selectChatTemplate(tokenizerConfig: Record<string, unknown>, jinjaFile: string | null): string | null {
  if (jinjaFile !== null && jinjaFile.trim()) return jinjaFile;
  const t = tokenizerConfig.chat_template;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const named = t.filter((x): x is { name: string; template: string } => typeof x?.name === 'string' && typeof x?.template === 'string');
    return (named.find((x) => x.name === 'default') ?? named[0])?.template ?? null;
  }
  return null;
}

export class ChatTemplate {
  private readonly template: Template;

  constructor(
    source: string,
    private readonly specialStrings: Record<string, string>,
    private readonly where: string,
  ) {
    try {
      this.template = new Template(source);
    } catch (e) {
      throw new ChatTemplateError(`${where}: the chat template does not parse (${messageOf(e)}).`);
    }
  }

  render(messages: readonly ChatMessage[], opts: ChatTemplateOptions = {}): string {
    messages.forEach((m, i) => {
      if (typeof m?.role !== 'string' || typeof m?.content !== 'string') {
        throw new ChatTemplateError(`chat message ${i} must be {role: string, content: string}, got ${JSON.stringify(m)}.`);
      }
    });
    const vars: Record<string, unknown> = {
      ...this.specialStrings,
      ...opts.extra,
      messages,
      add_generation_prompt: opts.addGenerationPrompt ?? false,
    };
    if (opts.enableThinking !== undefined) vars.enable_thinking = opts.enableThinking;
    try {
      return this.template.render(vars);
    } catch (e) {
      throw new ChatTemplateError(`${this.where}: the chat template failed to render these messages (${messageOf(e)}).`);
    }
  }
}
