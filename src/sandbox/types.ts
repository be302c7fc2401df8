// What the sandbox reports for one candidate program. Results are statuses, never
// exceptions: a hostile or broken candidate must not be able to throw into the caller.

/**
 * pass: every test passed. fail: an assertion or a wrong answer. error: syntax or runtime
 * error. timeout: the deadline passed (interrupt or watchdog). memory: the memory limit
 * was hit. no_code: nothing runnable could be extracted from the model's response.
 */
export type RunStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'memory' | 'no_code';

export interface TestFailure {
  /** 0-based index of the first failing test (call/stdio case), or -1 for assertion code. */
  index: number;
  message: string;
  /** Rendered values, capped in length. */
  expected?: string;
  got?: string;
}

export interface RunResult {
  status: RunStatus;
  testsPassed: number;
  testsTotal: number;
  failure?: TestFailure;
  /** Captured console output, capped. */
  output?: string;
  /** Wall time spent on this candidate, including queueing inside the worker only. */
  ms: number;
}

export interface RunLimits {
  /** Time limit, ms: for the whole candidate (all tests) or for each test, as `timeoutPer` says. */
  timeoutMs?: number;
  /**
   * 'candidate' (default): one deadline for all of a candidate's tests — a bounded wait per
   * program, what a live demo wants. 'test': the paper's rule, each test (each call case, each
   * stdin run, and the program's top level) gets timeoutMs of its own; an assertion program
   * gets timeoutMs × its test count. A candidate may then run up to (tests + 1) × timeoutMs.
   */
  timeoutPer?: 'candidate' | 'test';
  /** QuickJS memory limit, bytes. Paper: 512 MB. */
  memoryBytes?: number;
  /** Cap on captured console output, characters. */
  outputChars?: number;
}
