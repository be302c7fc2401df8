// Verdict documents of the toy corpus, in two formats (ToyCorpusOptions.verdictFormat):
//   'fence'  — a listwise judgment prompt cut right after one candidate's closing fence,
//              followed by that candidate's true verdict (" yes" / " no");
//   'prompt' — one candidate in a pointwise prompt of its own (verdictPrompt: the same header
//              and fence, then a yes/no question), answered in the assistant turn;
// and, inside judgment answers, thinking verdicts (thinkingVerdicts, below).
//
// Why cut the judgment prompt rather than ask about one candidate in a prompt of its own: the
// model is causal, so the state at candidate j's closing fence is the same whether the prompt
// goes on to more candidates or stops there with a verdict. Training the verdict at that
// position puts the knowledge of which programs pass exactly where the listwise judge can read
// it — four positions, like the diagnostic WRONG marks that the toy learns to carry to its
// answer (docs/results/README.md). The pointwise prompt teaches verdicts more easily (the
// answer position and the question's positions can gather the evidence), but in a place the
// listwise judge never reads. Measured on the 2-layer toy (session 11): 'prompt' verdicts
// PairAcc 0.70 / 0.59 (train / eval problems), and 800 oracle-ranked judgments later the
// judge was still at chance; 'fence' verdicts 0.62 / 0.50; thinking verdicts 0.76 / 0.75
// (teacher-forced after the true earlier verdicts: a leak; read first they are at chance,
// session 15).
//
// A pre-training document kind only; the DuST pipeline never asks for verdicts. The listwise
// answers stay uninformative, so the base model knows candidate by candidate which programs
// pass and ranks at chance: the judge DuST has to teach is the one that uses that knowledge.

import { type JudgmentLayout, candidateBlock } from '../dust/judgment-prompt';

/**
 * The judgment-prompt layout of the toy corpus: code unstripped (a blank line before each
 * closing fence), the pipeline's layout until session 15 and what the committed toy was
 * pre-trained on, kept so `npm run train:toy` still reproduces its training log. The pipeline
 * now strips the code as the authors do; the toy, a chance-level judge, sees that one-line
 * difference only when it judges. Retraining the toy on the stripped layout changes every
 * committed figure (`npm run train:toy`, then its model card).
 */
export const TOY_JUDGMENT_LAYOUT: JudgmentLayout = { strip: false };

export type VerdictFormat = 'fence' | 'prompt';

/** The verdicts as written after a closing fence ('fence'; after 'prompt', without the space). */
export const VERDICT_YES = ' yes';
export const VERDICT_NO = ' no';

/** The pointwise prompt ('prompt' format): one candidate as the judgment prompt shows it, and the question. */
export function verdictPrompt(question: string, code: string): string {
  return (
    'You will be given a question (problem specification) and 1 candidate solution. ' +
    'Say whether it passes all tests.\n\n' +
    `Question: ${question}\n\n` +
    candidateBlock(code, 0, TOY_JUDGMENT_LAYOUT) +
    `\n\nDoes the candidate pass all tests? Answer${VERDICT_YES} or${VERDICT_NO}: `
  );
}

/**
 * Character offsets just past each candidate's closing fence in a judgment prompt (the text
 * judgmentPrompt returns, or any text that contains it), for the candidates' code in order.
 */
export function candidateEnds(prompt: string, codes: readonly string[]): number[] {
  let from = 0;
  return codes.map((code, i) => {
    const header = prompt.indexOf(`--- CANDIDATE ${i + 1} ---`, from);
    const at = header < 0 ? -1 : prompt.indexOf(code, header);
    const fence = at < 0 ? -1 : prompt.indexOf('`'.repeat(3), at + code.length);
    if (fence < 0 || prompt.slice(at + code.length, fence).trim() !== '') throw new Error(`candidateEnds: candidate ${i + 1}'s code and closing fence are not where the judgment prompt puts them`);
    let end = fence;
    while (prompt[end] === '`') end++;
    from = end;
    return end;
  });
}

/**
 * A judgment answer that thinks first (ToyCorpusOptions.thinkingVerdicts): one true verdict per
 * candidate inside <think>…</think>, then the ranking. The ranking parser reads only what
 * follows the last </think> (the authors' rule), so the verdicts never count as a ranking; the
 * ranking itself stays as uninformative as the corpus makes it. The verdict for candidate j is
 * written right after j's number, where the answer can look back at j's code; turning written
 * verdicts into a ranking is then a short look back at the answer's own tokens.
 */
export function thinkingVerdicts(labels: readonly number[]): string {
  return `<think>\n${labels.map((y, i) => `${i + 1}${y === 1 ? VERDICT_YES : VERDICT_NO}\n`).join('')}</think>\n\n`;
}
