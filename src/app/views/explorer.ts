// Explorer: per problem, the statement, every sampled candidate (highlighted code, sandbox
// verdict, tests passed), the groups it was cut into, and the model's judgments in
// evaluation (prompt, response, parsed ranking, reward). Filters: mixed only (problems
// with a mixed group or mixed evaluation candidates), malformed only (a judgment that did
// not parse). Reads the run folder's JSONL files; state (run, problem, filters) in the URL.
import type { CandidateRecord, GroupRecord } from '../../dust/dataset';
import { judgmentPrompt } from '../../dust/judgment-prompt';
import type { EvalRecord } from '../../dust/phase3-eval';
import { scoreJudgment } from '../../dust/rewards';
import type { RewardMode } from '../../dust/rewards';
import { messageOf } from '../../util/errors';
import type { App, View } from '../app-context';
import { el } from '../dom';
import type { ProblemText } from '../engine-api';
import { highlightJs } from '../highlight';
import { href, replaceParams } from '../router';
import { runPicker } from './results';

/** Training rollouts, when the pipeline records them (rollouts.jsonl: one line per group and batch). */
interface RolloutRecord {
  group_id: string;
  step?: number;
  responses: string[];
  rankings?: (number[] | null)[];
  rewards?: number[];
  advantages?: number[];
  labels?: number[];
}

function jsonl<T>(text: string | null): T[] {
  if (!text) return [];
  const out: T[] = [];
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l) as T);
    } catch {
      // skip a bad line rather than hide the rest
    }
  }
  return out;
}

interface Data {
  problems: Map<string, ProblemText>;
  candidates: Map<string, CandidateRecord[]>;
  groups: Map<string, GroupRecord[]>;
  evals: Map<string, EvalRecord[]>;
  rollouts: Map<string, RolloutRecord[]>;
  reward: RewardMode;
  penalty: number;
}

function byProblem<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

async function load(app: App, id: string): Promise<Data> {
  const [cands, groups, evals, rollouts, cfgText, problems] = await Promise.all([
    app.engine.readRunFile(id, 'candidates.jsonl'),
    app.engine.readRunFile(id, 'groups.jsonl'),
    app.engine.readRunFile(id, 'eval-records.jsonl'),
    app.engine.readRunFile(id, 'rollouts.jsonl'),
    app.engine.readRunFile(id, 'config.json'),
    app.engine.runProblems(id).catch(() => [] as ProblemText[]),
  ]);
  let reward: RewardMode = 'pairacc';
  let penalty = -1;
  try {
    const c = JSON.parse(cfgText ?? '{}') as { train?: { reward?: RewardMode; formatPenalty?: number } };
    reward = c.train?.reward ?? reward;
    penalty = c.train?.formatPenalty ?? penalty;
  } catch {
    // defaults
  }
  const groupList = jsonl<GroupRecord>(groups);
  const groupProblem = new Map(groupList.map((g) => [g.id, g.problem_id]));
  return {
    problems: new Map(problems.map((p) => [p.id, p])),
    candidates: byProblem(jsonl<CandidateRecord>(cands), (c) => c.problem_id),
    groups: byProblem(groupList, (g) => g.problem_id),
    evals: byProblem(jsonl<EvalRecord>(evals), (r) => r.problem_id),
    rollouts: byProblem(jsonl<RolloutRecord>(rollouts), (r) => groupProblem.get(r.group_id) ?? r.group_id.split('#')[0]!),
    reward,
    penalty,
  };
}

const isMixed = (labels: readonly number[]) => labels.some((y) => y === 1) && labels.some((y) => y !== 1);

function verdictBadge(status: string, passed: number, total: number): HTMLElement {
  return el('span', { className: `badge st-${status}` }, `${status} · ${passed}/${total} tests`);
}

export function explorerView(app: App, params: URLSearchParams): View {
  const root = el('div', { className: 'explorer' });
  let live = true;
  const state = { id: params.get('id') ?? '', problem: params.get('problem') ?? '', mixed: params.get('mixed') === '1', malformed: params.get('malformed') === '1' };
  const save = () => replaceParams({ id: state.id, problem: state.problem, mixed: state.mixed ? '1' : undefined, malformed: state.malformed ? '1' : undefined });

  void (async () => {
    const runs = await app.engine.listRuns();
    if (!live) return;
    if (!state.id) state.id = runs.find((r) => r.files.includes('candidates.jsonl') || r.files.includes('eval-records.jsonl'))?.id ?? runs[0]?.id ?? '';
    if (!state.id) {
      root.replaceChildren(el('h1', {}, 'Explorer'), el('p', {}, 'No runs yet. ', el('a', { href: href('setup') }, 'Set one up'), '.'));
      return;
    }
    const picker = runPicker(runs, state.id, (v) => {
      state.id = v;
      state.problem = '';
      save();
      void show();
    }, 'explorer-run');
    const mixed = el('input', { type: 'checkbox', id: 'filter-mixed', checked: state.mixed });
    const malformed = el('input', { type: 'checkbox', id: 'filter-malformed', checked: state.malformed });
    const search = el('input', { type: 'search', id: 'filter-search', placeholder: 'filter problems', ariaLabel: 'Filter problems by id or title' });
    const list = el('ul', { id: 'problem-list', className: 'problem-list', ariaLabel: 'Problems' });
    const detail = el('div', { id: 'problem-detail', className: 'problem-detail' });
    const summary = el('p', { id: 'explorer-summary', className: 'muted' });
    root.replaceChildren(
      el('h1', {}, 'Explorer'),
      el('div', { className: 'toolbar' }, el('label', {}, 'Run ', picker), el('label', {}, mixed, ' mixed only'), el('label', {}, malformed, ' malformed only'), search),
      summary,
      el('div', { className: 'split' }, list, detail),
    );
    let data: Data | null = null;

    const renderList = () => {
      if (!data) return;
      const d = data;
      const ids = [...new Set([...d.candidates.keys(), ...d.evals.keys()])];
      const q = search.value.trim().toLowerCase();
      const shown = ids.filter((pid) => {
        const ev = d.evals.get(pid) ?? [];
        if (state.mixed && !(d.groups.get(pid)?.length || ev.some((r) => isMixed(r.labels)))) return false;
        if (state.malformed && !(ev.some((r) => r.ranking === null) || (d.rollouts.get(pid) ?? []).some((r) => r.rankings?.some((x) => x === null)))) return false;
        if (q && !pid.toLowerCase().includes(q) && !(d.problems.get(pid)?.title ?? '').toLowerCase().includes(q)) return false;
        return true;
      });
      summary.textContent = `${shown.length} of ${ids.length} problems shown.`;
      list.replaceChildren(
        ...shown.map((pid) => {
          const c = d.candidates.get(pid) ?? [];
          const ev = d.evals.get(pid) ?? [];
          const pass = c.filter((x) => x.status === 'pass').length;
          const b = el(
            'button',
            { type: 'button', className: 'problem-item', ariaPressed: String(pid === state.problem), dataset: { problem: pid } },
            el('span', { className: 'mono' }, pid),
            el('span', { className: 'muted small' }, [c.length ? `${pass}/${c.length} pass` : '', d.groups.get(pid)?.length ? `${d.groups.get(pid)!.length} groups` : '', ev.length ? `${ev.length} judged` : ''].filter(Boolean).join(' · ')),
          );
          b.addEventListener('click', () => {
            state.problem = pid;
            save();
            for (const x of list.querySelectorAll('button')) x.setAttribute('aria-pressed', String(x === b));
            renderDetail();
          });
          return el('li', {}, b);
        }),
      );
      if (!state.problem || !shown.includes(state.problem)) state.problem = shown[0] ?? '';
      for (const x of list.querySelectorAll('button')) x.setAttribute('aria-pressed', String((x as HTMLElement).dataset.problem === state.problem));
      renderDetail();
    };

    const renderDetail = () => {
      if (!data || !state.problem) {
        detail.replaceChildren(el('p', { className: 'muted' }, 'No problem matches the filters.'));
        return;
      }
      const d = data;
      const pid = state.problem;
      const p = d.problems.get(pid);
      const cands = d.candidates.get(pid) ?? [];
      const groups = d.groups.get(pid) ?? [];
      const evals = (d.evals.get(pid) ?? []).filter((r) => !state.malformed || r.ranking === null);
      const rollouts = d.rollouts.get(pid) ?? [];
      const groupsOf = (index: number) => groups.filter((g) => g.candidates.includes(index)).map((g) => g.id);
      const parts: HTMLElement[] = [
        el('h2', {}, p?.title ?? pid, ' ', el('span', { className: 'mono muted small' }, pid)),
        el('pre', { className: 'statement' }, p?.statement ?? groups[0]?.question ?? '(statement not available)'),
      ];
      if (cands.length) {
        parts.push(el('h3', {}, `Candidates (${cands.length}) — phase 1`));
        for (const c of cands) {
          const g = groupsOf(c.index);
          parts.push(
            el(
              'details',
              { className: `candidate st-${c.status}`, open: cands.length <= 4 },
              el('summary', {}, `#${c.index} `, verdictBadge(c.status, c.tests_passed, c.tests_total), g.length ? ` in ${g.join(', ')}` : ' (in no group)', c.ms !== undefined ? el('span', { className: 'muted small' }, ` ${Math.round(c.ms)} ms`) : null),
              c.code ? highlightJs(c.code) : el('p', { className: 'muted' }, 'No code could be extracted from the response.'),
              c.response && c.response !== c.code ? el('details', {}, el('summary', {}, 'raw response'), el('pre', { className: 'code' }, c.response)) : null,
            ),
          );
        }
      }
      if (groups.length) {
        parts.push(el('h3', {}, `Groups (${groups.length})`));
        parts.push(
          el(
            'table',
            { className: 'results' },
            el('thead', {}, el('tr', {}, el('th', {}, 'group'), el('th', {}, 'split'), el('th', {}, 'candidates (shown order)'), el('th', {}, 'verdicts'))),
            el('tbody', {}, ...groups.map((g) => el('tr', {}, el('td', { className: 'mono' }, g.id), el('td', {}, g.split), el('td', {}, g.candidates.map((i) => `#${i}`).join(', ')), el('td', {}, g.statuses.map((s, i) => `${i + 1}: ${s}`).join(', '))))),
          ),
        );
      }
      if (rollouts.length) {
        parts.push(el('h3', {}, `Training judgments (${rollouts.length} groups × rollouts)`));
        for (const r of rollouts.slice(0, 20)) {
          parts.push(
            el(
              'details',
              { className: 'judgment' },
              el('summary', {}, `${r.group_id}${r.step !== undefined ? ` · step ${r.step}` : ''} · rewards ${r.rewards?.map((x) => x.toFixed(2)).join(', ') ?? '—'}`),
              ...r.responses.map((resp, i) =>
                el('div', { className: 'rollout' }, el('pre', { className: 'response' }, resp), el('p', { className: 'small' }, `ranking ${r.rankings?.[i] ? r.rankings[i]!.join(' > ') : 'malformed'} · reward ${r.rewards?.[i]?.toFixed(3) ?? '—'} · advantage ${r.advantages?.[i]?.toFixed(3) ?? '—'}`)),
              ),
            ),
          );
        }
      }
      if (evals.length) {
        parts.push(el('h3', {}, `Judgments in evaluation (${evals.length})`));
        for (const [idx, r] of evals.entries()) {
          const codes = r.codes.map((c) => c ?? '');
          const score = scoreJudgment(r.judgment ?? '', r.labels, d.reward, d.penalty);
          const pick = r.ranking ? r.ranking[0]! : null;
          parts.push(
            el(
              'details',
              { className: 'judgment', open: idx === 0 },
              el(
                'summary',
                {},
                `${r.row} · repeat ${r.repeat} · `,
                r.ranking ? `ranking ${r.ranking.join(' > ')}` : el('span', { className: 'badge st-error' }, r.judgment === null ? 'not judged: prompt too long' : 'malformed'),
                ` · reward (${d.reward}) ${score.reward.toFixed(3)}`,
                pick ? ` · pick #${pick} ${r.labels[pick - 1] === 1 ? 'passes' : 'fails'}` : '',
              ),
              el('p', { className: 'small' }, 'Candidates: ', ...r.statuses.map((s, i) => el('span', { className: `badge st-${s}` }, `${i + 1}: ${s}`))),
              el('details', {}, el('summary', {}, 'prompt shown to the judge'), el('pre', { className: 'prompt' }, judgmentPrompt(groups[0]?.question ?? p?.statement ?? '', codes))),
              el('p', { className: 'small' }, 'Response:'),
              el('pre', { className: 'response' }, r.judgment === null ? "(not judged: the prompt did not fit the judge's context)" : r.judgment || '(empty)'),
            ),
          );
        }
      }
      if (parts.length === 2) parts.push(el('p', { className: 'muted' }, 'Nothing recorded for this problem yet.'));
      detail.replaceChildren(...parts);
    };

    mixed.addEventListener('change', () => {
      state.mixed = mixed.checked;
      save();
      renderList();
    });
    malformed.addEventListener('change', () => {
      state.malformed = malformed.checked;
      save();
      renderList();
    });
    search.addEventListener('input', renderList);

    const show = async () => {
      list.replaceChildren();
      detail.replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
      try {
        data = await load(app, state.id);
      } catch (e) {
        detail.replaceChildren(el('p', { className: 'error' }, messageOf(e)));
        return;
      }
      if (live) renderList();
    };
    save();
    await show();
  })().catch((e: unknown) => root.replaceChildren(el('p', { className: 'error' }, messageOf(e))));
  return {
    root,
    dispose() {
      live = false;
    },
  };
}
