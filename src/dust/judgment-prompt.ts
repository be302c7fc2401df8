// The listwise judgment prompt: the paper's template with the language changed from
// Python to JavaScript, laid out as the authors' training/prepare_data.py builds it (blank
// lines between sections, one fenced block per candidate, "Ranking (best to worst): " at
// the end). It returns the user message text; the chat template is applied by the tokenizer.
import type { Problem } from '../problems/schema';

/**
 * The question as the judge sees it: the statement, then the starter code in a fence when the
 * problem has one the statement does not already show (the authors' question template ends
 * with "Starter Code:" and a fenced block the same way).
 */
export function judgmentQuestion(problem: Pick<Problem, 'statement' | 'starter'>): string {
  const statement = problem.statement.trim();
  const starter = problem.starter?.trim();
  if (!starter || statement.includes(starter)) return statement;
  const fence = fenceFor(starter);
  return `${statement}\n\nStarter Code:\n${fence}javascript\n${starter}\n${fence}`;
}

/** A fence longer than any backtick run in the code, so code holding ``` cannot close it early. */
function fenceFor(code: string): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export interface JudgmentLayout {
  /**
   * Strip each candidate's code, as the authors' prepare_data.py does (default). Extracted code
   * ends with a newline, so `false` leaves a blank line before every closing fence: the layout
   * the committed toy model was pre-trained on (src/toy keeps it so its training log replays).
   */
  strip?: boolean;
}

/** Candidate i (from 0) as the judge sees it: a numbered header and the code in a fence. */
export function candidateBlock(code: string, i: number, layout: JudgmentLayout = {}): string {
  const body = layout.strip === false ? code : code.trim();
  const fence = fenceFor(body);
  return `--- CANDIDATE ${i + 1} ---\n${fence}javascript\n${body}\n${fence}\n`;
}

/**
 * The judgment user message for `question` (see judgmentQuestion) and the extracted code of
 * K candidates, numbered from 1 in the given order. Only code is shown, never reasoning.
 */
export function judgmentPrompt(question: string, codes: readonly string[], layout: JudgmentLayout = {}): string {
  if (codes.length < 2) throw new RangeError(`judgmentPrompt: a group needs at least 2 candidates, got ${codes.length}`);
  return (
    `You will be given a question (problem specification) and ${codes.length} candidate solutions. ` +
    'You will analyze these candidates and RANK them from most likely to least likely to pass all tests. ' +
    'You will NOT return anything except for the ranking.\n\n' +
    `Question: ${question}\n\n` +
    codes.map((code, i) => candidateBlock(code, i, layout)).join('\n') +
    '\n\nAnalyze each candidate solution, analyze all the strengths and weaknesses, and rank them from most effective to least effective. ' +
    'Output ONLY the ranking as comma-separated numbers from best to worst (e.g., "2, 4, 1, 3").\n\n' +
    'Ranking (best to worst): '
  );
}
