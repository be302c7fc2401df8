// The generation prompt (DUST-SPEC, "Generation prompt (JavaScript adaptation)"): the
// statement; for function-style problems the required signature and the complete function in
// one ```javascript block; for stdin-style problems how the sandbox gives the input (the
// `input` string, a `readline()` shim) and that the answer is printed. Non-thinking models
// are told to return the program only; thinking models may reason first, so they are not.
// Phases 1–3 send it; src/toy re-exports it so the toy model is pre-trained on exactly the
// prompt the pipeline sends (function-style, non-thinking: that text has not changed since the
// toy was trained).
import type { Problem } from '../problems/schema';

export interface GenerationPromptOptions {
  /** A thinking model (config `model.thinking`): no "return nothing except the program". */
  thinking?: boolean;
}

export function generationPrompt(problem: Pick<Problem, 'statement' | 'starter'> & { tests?: Pick<Problem['tests'], 'kind'> }, opts: GenerationPromptOptions = {}): string {
  const signature = problem.starter?.trim();
  const stdio = problem.tests?.kind === 'stdio';
  let task: string;
  if (stdio) {
    task =
      'The program reads its input from standard input: the whole input is in the string `input`, and `readline()` returns it one line at a time. ' +
      'Print the answer with console.log. Write the whole program in one ```javascript block.\n';
  } else if (signature) {
    task = `Complete this function and write the whole program in one \`\`\`javascript block:\n\`\`\`javascript\n${signature}\n\`\`\`\n`;
  } else {
    task = 'Write the whole program in one ```javascript block.\n';
  }
  return (
    'You will be given a question (problem specification) and will generate a correct JavaScript program ' +
    `that matches the specification and passes all tests.${opts.thinking ? '' : ' You will NOT return anything except for the program.'}\n\n` +
    `Question: ${problem.statement.trim()}\n\n` +
    task
  );
}

/** The assistant answer the pipeline expects to extract: one fenced JavaScript block. */
export function fencedAnswer(code: string): string {
  return `\`\`\`javascript\n${code}\n\`\`\``;
}
