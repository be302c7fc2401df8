// The project's problem format. Every importer (HumanEval-X, MBXP, MultiPL-E,
// LiveCodeBench) produces these objects, the built-in set is written in it, and the
// sandbox harnesses consume its `tests`. Validation lives in ./validate.ts.

export type Difficulty = 'easy' | 'medium' | 'hard';

/** A JSON value as tests carry it. Values JSON cannot express use the tagged forms below. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Call-based tests: the harness calls `entry(...args)` and compares the result with
 * `expected` by deep structural equality (rules in src/sandbox/harness docs).
 * Values JSON cannot hold are written as tagged objects:
 *   {"$undefined": true}, {"$nan": true}, {"$inf": 1 | -1}, {"$negzero": true},
 *   {"$bigint": "123"}, {"$map": [[k, v], ...]}, {"$set": [v, ...]}.
 */
export interface CallCase {
  args: JsonValue[];
  expected: JsonValue;
}

export interface CallTests {
  kind: 'call';
  /** Name of the function the candidate must define. */
  entry: string;
  cases: CallCase[];
  /** Absolute tolerance for comparing non-integer numbers (default: exact, except -0 == 0). */
  tolerance?: number;
}

/**
 * Assertion-code tests: a test program appended to the candidate, as HumanEval-X
 * (`console.assert`), MBXP (`require("lodash").isEqual` + `throw`) and MultiPL-E
 * (`require('node:assert')`) write it. The program passes iff it runs without an
 * uncaught error and no failed console.assert. `count` says how many assertions it
 * holds when the importer could tell (for reporting only).
 */
export interface AssertTests {
  kind: 'assert';
  code: string;
  count?: number;
}

/** Stdin/stdout tests: compared line by line after trimming, numeric tokens as numbers. */
export interface StdioCase {
  input: string;
  output: string;
}

export interface StdioTests {
  kind: 'stdio';
  cases: StdioCase[];
}

export type ProblemTests = CallTests | AssertTests | StdioTests;

export interface Problem {
  /** Unique within a problem set; stable across versions (used in datasets and splits). */
  id: string;
  title: string;
  /** The statement shown to the model (plain text / light markdown, no solution). */
  statement: string;
  difficulty?: Difficulty;
  /** Signature or starter code the answer must complete, e.g. "function sumEven(xs) {". */
  starter?: string;
  tests: ProblemTests;
  /** A solution that passes every test. */
  reference?: string;
  /** Plausible wrong solutions that the tests must catch (used to check the tests). */
  buggy?: string[];
  tags?: string[];
  /** Where the problem comes from and under which license, e.g. "dust-builtin (Apache-2.0)". */
  source?: string;
  /** Optional split assignment; sets without it are split by a seeded hash of the id. */
  split?: 'train' | 'eval';
}

export interface ProblemSet {
  name: string;
  version?: string;
  license?: string;
  problems: Problem[];
}
