// Runs & storage: every run in this browser with its state and headline numbers (open,
// resume, delete), the cached Hub models with their sizes (delete), the checkpoints
// (export as .dustckpt, delete, import), and how much space the browser gives the app.
import { formatBytes } from '../../util/bytes';
import { messageOf } from '../../util/errors';
import type { App, View } from '../app-context';
import { button, card, download, el, pct, when } from '../dom';
import type { RunInfo } from '../engine-api';
import { go, href } from '../router';

export function runsView(app: App): View {
  const root = el('div', { className: 'runs-view' });
  let live = true;
  const msg = el('p', { id: 'storage-msg', role: 'status', className: 'muted' });
  const runsBox = el('div', { id: 'runs-list' });
  const modelsBox = el('div', { id: 'models-list' });
  const ckptBox = el('div', { id: 'checkpoints-list' });
  const space = el('p', { id: 'storage-space', className: 'muted' });
  const ckptFile = el('input', { type: 'file', id: 'checkpoint-file', accept: '.dustckpt' });
  ckptFile.addEventListener('change', () => {
    const f = ckptFile.files?.[0];
    if (!f) return;
    msg.textContent = `Importing ${f.name}…`;
    app.engine.importCheckpoint(f).then(
      (c) => {
        msg.textContent = `Imported checkpoint ${c.id} (run ${c.run}, step ${c.step}, ${formatBytes(c.bytes)}).`;
        ckptFile.value = '';
        void refresh();
      },
      (e: unknown) => (msg.textContent = `Not imported: ${messageOf(e)}`),
    );
  });

  const act = (what: string, fn: () => Promise<unknown>) => {
    msg.textContent = `${what}…`;
    fn().then(
      () => {
        msg.textContent = `${what}: done.`;
        void refresh();
      },
      (e: unknown) => (msg.textContent = `${what}: ${messageOf(e)}`),
    );
  };

  const runRow = (r: RunInfo) => {
    const st = r.status?.state ?? '—';
    const base = r.headline?.base;
    const trained = r.headline?.trained ?? r.headline?.['judge-only'];
    const headline = base ? `Best-of-k ${pct(base.bestOfK)}${trained ? ` → ${pct(trained.bestOfK)}` : ''}; NDCG ${pct(base.ndcg)}${trained ? ` → ${pct(trained.ndcg)}` : ''}` : '—';
    const actions = el(
      'span',
      { className: 'actions' },
      el('a', { href: href('run', { id: r.id }), className: 'button' }, 'Open'),
      r.files.includes('eval.json') ? el('a', { href: href('results', { id: r.id }), className: 'button' }, 'Results') : null,
      r.files.includes('candidates.jsonl') ? el('a', { href: href('explorer', { id: r.id }), className: 'button' }, 'Explore') : null,
      st === 'paused' || st === 'stopped' || st === 'failed'
        ? button('Resume', () =>
            act(`Resuming ${r.id}`, async () => {
              await app.engine.resumeRun(r.id, app.live.proxy);
              const a = await app.engine.activeRun();
              if (a) app.live.attach(a.id, a.events);
              go('run', { id: r.id });
            }), { className: 'resume-run' })
        : null,
      button('Delete', () => {
        if (confirm(`Delete run ${r.id} and its files? Its checkpoints stay until you delete them below.`)) act(`Deleting ${r.id}`, () => app.engine.deleteRun(r.id));
      }, { className: 'danger delete-run' }),
    );
    return el(
      'tr',
      { dataset: { run: r.id } },
      el('td', {}, el('strong', {}, r.name), el('br'), el('span', { className: 'mono small' }, r.id)),
      el('td', {}, r.model ?? '—', el('br'), el('span', { className: 'small muted' }, r.mode ?? '')),
      el('td', { className: `state-${st}` }, st, r.status ? el('span', { className: 'small muted' }, ` · step ${r.status.step}${r.status.checkpointStep !== null ? ` (checkpoint ${r.status.checkpointStep})` : ''}`) : null),
      el('td', {}, headline),
      el('td', {}, formatBytes(r.bytes), el('br'), el('span', { className: 'small muted' }, when(r.updatedAt))),
      el('td', {}, actions),
    );
  };

  async function refresh(): Promise<void> {
    const [runs, models, ckpts, est] = await Promise.all([app.engine.listRuns(), app.engine.cachedModels(), app.engine.checkpoints(), app.engine.storageEstimate()]);
    if (!live) return;
    runsBox.replaceChildren(
      runs.length
        ? el(
            'table',
            { className: 'results', id: 'runs-table' },
            el('thead', {}, el('tr', {}, ...['run', 'model', 'state', 'headline (base → trained)', 'size', ''].map((h) => el('th', { scope: 'col' }, h)))),
            el('tbody', {}, ...runs.map(runRow)),
          )
        : el('p', { className: 'muted' }, 'No runs yet. ', el('a', { href: href('setup') }, 'Set one up'), '.'),
    );
    modelsBox.replaceChildren(
      models.length
        ? el(
            'table',
            { className: 'results', id: 'models-table' },
            el('thead', {}, el('tr', {}, el('th', {}, 'model'), el('th', {}, 'files'), el('th', {}, 'size'), el('th', {}, ''))),
            el('tbody', {}, ...models.map((m) => el('tr', {}, el('td', { className: 'mono' }, m.id, m.partial ? el('span', { className: 'small muted' }, ' (download incomplete)') : null), el('td', {}, String(m.files)), el('td', {}, formatBytes(m.bytes)), el('td', {}, button('Delete', () => act(`Deleting ${m.id}`, () => app.engine.deleteCachedModel(m.prefix)), { className: 'danger' }))))),
          )
        : el('p', { className: 'muted' }, 'No Hub models downloaded. (The built-in toy model comes with the app and is cached by the offline service worker.)'),
    );
    ckptBox.replaceChildren(
      ckpts.length
        ? el(
            'table',
            { className: 'results', id: 'checkpoints-table' },
            el('thead', {}, el('tr', {}, el('th', {}, 'run'), el('th', {}, 'step'), el('th', {}, 'saved'), el('th', {}, 'size'), el('th', {}, ''))),
            el(
              'tbody',
              {},
              ...ckpts.map((c) =>
                el(
                  'tr',
                  { dataset: { checkpoint: c.id } },
                  el('td', { className: 'mono' }, c.run, c.problem ? el('span', { className: 'error small' }, ` ${c.problem}`) : null),
                  el('td', {}, String(c.step)),
                  el('td', {}, when(c.createdAt)),
                  el('td', {}, formatBytes(c.bytes)),
                  el(
                    'td',
                    {},
                    button('Export', () => act(`Exporting ${c.id}`, async () => {
                      const { name, blob } = await app.engine.exportCheckpoint(c.id);
                      download(name, blob);
                    }), { className: 'export-checkpoint' }),
                    ' ',
                    button('Delete', () => {
                      if (confirm(`Delete checkpoint ${c.id}?`)) act(`Deleting ${c.id}`, () => app.engine.deleteCheckpoint(c.id));
                    }, { className: 'danger' }),
                  ),
                ),
              ),
            ),
          )
        : el('p', { className: 'muted' }, 'No checkpoints. Phase 2 saves them every few steps and when paused.'),
    );
    space.textContent = est.quota ? `This site uses ${formatBytes(est.usage)} of ${formatBytes(est.quota)} the browser allows${est.persisted ? '; storage is persistent (not cleared under pressure)' : '; storage may be cleared under pressure'}.` : '';
  }

  root.replaceChildren(
    el('h1', {}, 'Runs & storage'),
    msg,
    card('Runs', runsBox),
    card('Checkpoints', ckptBox, el('p', {}, el('label', { htmlFor: ckptFile.id }, 'Import a checkpoint (.dustckpt): '), ckptFile)),
    card('Cached models', modelsBox),
    space,
  );
  void refresh().catch((e: unknown) => (msg.textContent = messageOf(e)));
  return {
    root,
    dispose() {
      live = false;
    },
  };
}
