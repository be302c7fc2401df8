// What phases 1 and 3 need from a model: user messages in, one sampled response each out.
// The GPU model (model-generator.ts) is one implementation; the generator and the judge of
// an evaluation row are separate TextGenerators, so "judge only" (trained judge, base
// generator) is just a different pairing.

export interface SamplingSettings {
  temperature: number;
  topP: number;
  /** 0 = off. */
  topK: number;
  maxNewTokens: number;
}

export interface GenerateRequest extends SamplingSettings {
  seed: number;
  /**
   * One random-stream key per message: a response is a function of (seed, key, message), not
   * of which batch it was generated in, so a run is reproducible whatever the batch size.
   */
  keys: readonly number[];
}

export interface TextGenerator {
  /** For logs and reports (model id or checkpoint). */
  readonly name: string;
  /**
   * One response per user message, in order; null where the message's prompt with
   * maxNewTokens does not fit the model's context (nothing was generated for it).
   */
  generate(messages: readonly string[], req: GenerateRequest): Promise<(string | null)[]>;
}
