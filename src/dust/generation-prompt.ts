// The generation prompt for function-style problems (DUST-SPEC, "Generation prompt
// (JavaScript adaptation)"): the statement, the required signature, and the instruction to
// answer with the program only, in one ```javascript block. Phases 1 and 3 send it; src/toy
// re-exports it so the toy model is pre-trained on exactly the prompt the pipeline sends.
import type { Problem } from '../problems/schema';

export function generationPrompt(problem: Pick<Problem, 'statement' | 'starter'>): string {
  const signature = problem.starter?.trim();
  return (
    'You will be given a question (problem specification) and will generate a correct JavaScript program ' +
    'that matches the specification and passes all tests. You will NOT return anything except for the program.\n\n' +
    `Question: ${problem.statement.trim()}\n\n` +
    (signature ? `Complete this function and write the whole program in one \`\`\`javascript block:\n\`\`\`javascript\n${signature}\n\`\`\`\n` : 'Write the whole program in one ```javascript block.\n')
  );
}

/** The assistant answer the pipeline expects to extract: one fenced JavaScript block. */
export function fencedAnswer(code: string): string {
  return `\`\`\`javascript\n${code}\n\`\`\``;
}
