// The whole DuST run: phase 1 (judgment dataset), phase 2 (GRPO on judgments, or a baseline
// mode), phase 3 (evaluation), on any host. Under construction in this session: the
// signature is final, the body lands next.
import type { RunConfig } from './config';
import type { PipelineHost, PipelineOptions } from './pipeline-host';
import type { EvalReport } from './report';

export interface PipelineResult {
  /** false when stopped (shouldStop) before the last phase finished; resume continues it. */
  complete: boolean;
  /** Phase 3's report when it ran to the end. */
  report: EvalReport | null;
}

export async function runPipeline(host: PipelineHost, cfg: RunConfig, opts: PipelineOptions = {}): Promise<PipelineResult> {
  void host;
  void cfg;
  void opts;
  throw new Error('runPipeline: not implemented yet');
}
