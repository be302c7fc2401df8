// Setup: the model, the problem set, a preset and every parameter (each explained in one
// line), the memory planner's verdict, and Start. The configuration lives in the URL
// (#/setup?c=…), so a link shares it.
import { DEFAULT_CONFIG, resolveConfig, ConfigError, type RunConfig } from '../../dust/config';
import { formatBytes } from '../../util/bytes';
import { messageOf } from '../../util/errors';
import type { App, View } from '../app-context';
import { diffDoc, FIELD_CHOICES, FIELD_HELP, presetDoc, PRESET_LABELS, SECTION_HELP, type AppPreset } from '../config-help';
import { button, card, el } from '../dom';
import { allowReading, rememberedFolder, rememberFolder } from '../folder-handles';
import type { ImportResult } from '../engine-api';
import { CURATED_MODELS, curatedDownloadBytes, curatedParameters, TOY_MODEL_ID } from '../models';
import { decodeState, encodeState, go, replaceParams } from '../router';

type Work = Record<string, Record<string, unknown> | unknown>;

const fieldId = (path: string) => `field-${path.replace('.', '-')}`;

function millions(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)}B` : n >= 1e6 ? `${(n / 1e6).toFixed(0)}M` : `${(n / 1e3).toFixed(0)}K`;
}

function initialConfig(params: URLSearchParams): { cfg: RunConfig; preset: AppPreset; error?: string } {
  const c = params.get('c');
  const preset = (['demo', 'paper', 'custom'] as const).find((p) => p === params.get('p')) ?? (c ? 'custom' : 'demo');
  if (c) {
    const doc = decodeState<Record<string, unknown>>(c);
    try {
      if (!doc) throw new Error('the link does not hold a configuration');
      return { cfg: resolveConfig(doc), preset };
    } catch (e) {
      return { cfg: resolveConfig(presetDoc('demo')), preset: 'demo', error: `The configuration in the link was not used: ${messageOf(e)}` };
    }
  }
  return { cfg: resolveConfig(presetDoc('demo')), preset };
}

export function setupView(app: App, params: URLSearchParams): View {
  const init = initialConfig(params);
  let cfg = init.cfg;
  let preset: AppPreset = init.preset;
  const work: Work = structuredClone(cfg) as unknown as Work;
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  let live = true;

  const configError = el('p', { id: 'config-error', className: 'error', role: 'alert', hidden: !init.error }, init.error ?? '');
  const verdict = el('p', { id: 'memory-verdict', className: 'verdict' }, 'Checking…');
  const verdictTable = el('pre', { className: 'plan' });
  const verdictDetails = el('details', { hidden: true }, el('summary', {}, 'Memory plan'), verdictTable);
  const startBtn = button('Start run', () => void startRun(), { id: 'start-run', className: 'primary big' });
  const shareLink = el('a', { id: 'share-link', href: location.href }, 'Link to this configuration');

  const get = (path: string): unknown => {
    const [s, f] = path.split('.') as [string, string | undefined];
    return f === undefined ? work[s] : (work[s] as Record<string, unknown>)[f];
  };
  const setValue = (path: string, v: unknown) => {
    const [s, f] = path.split('.') as [string, string | undefined];
    if (f === undefined) work[s] = v;
    else (work[s] as Record<string, unknown>)[f] = v;
  };

  // ---- model
  const modelKind = (): 'toy' | 'curated' | 'hub' | 'folder' => {
    const id = String(get('model.id'));
    if (id === TOY_MODEL_ID) return 'toy';
    if (id.startsWith('folder:')) return 'folder';
    if (CURATED_MODELS.some((m) => m.id === id)) return 'curated';
    return 'hub';
  };
  const radio = (name: string, value: string, label: string, checked: boolean, onPick: () => void) => {
    const r = el('input', { type: 'radio', name, value, id: `${name}-${value}`, checked });
    r.addEventListener('change', () => r.checked && onPick());
    return el('label', { className: 'choice', htmlFor: r.id }, r, ' ', label);
  };
  const curatedSelect = el('select', { id: 'curated-model', ariaLabel: 'Curated Hub model' });
  const curatedText = (m: (typeof CURATED_MODELS)[number], mem: string) => `${m.id} — ${millions(curatedParameters(m))} parameters, ≈${formatBytes(curatedDownloadBytes(m))} download, ${mem} (${m.note})`;
  for (const m of CURATED_MODELS) curatedSelect.append(el('option', { value: m.id }, curatedText(m, 'GPU memory: …')));
  /** Each curated model's memory estimate with the current settings. */
  const curatedEstimates = (doc: Record<string, unknown>) => {
    CURATED_MODELS.forEach((m, i) => {
      const model = { ...(doc.model as object | undefined), id: m.id, revision: 'main' };
      app.engine.memoryPlan({ ...doc, model }).then((v) => {
        if (!live) return;
        const mem = v.ok && v.totalBytes ? `≈${formatBytes(v.totalBytes)} GPU memory with these settings` : 'does not fit with these settings';
        curatedSelect.options[i]!.textContent = curatedText(m, mem);
      }, () => undefined);
    });
  };
  const hubInput = el('input', { type: 'text', id: 'hub-id', placeholder: 'owner/name', size: 36, ariaLabel: 'Hub model id' });
  const folderInfo = el('span', { id: 'folder-info' });
  // A folder picked before a reload: the engine no longer has it, the browser keeps the
  // handle, and one click gives the permission back.
  const reopenBtn = button('Reopen', () => void reopenFolder(), { id: 'reopen-folder', hidden: true });
  let remembered: FileSystemDirectoryHandle | undefined;
  const reopenFolder = async () => {
    if (!remembered) return;
    try {
      if (!(await allowReading(remembered))) {
        folderInfo.textContent = `Reading "${remembered.name}" was not allowed; choose the folder again.`;
        return;
      }
      const id = await app.engine.setLocalFolder(remembered);
      reopenBtn.hidden = true;
      folderInfo.textContent = id;
      setField('model.id', id);
    } catch (e) {
      folderInfo.textContent = messageOf(e);
    }
  };
  if (String(get('model.id')).startsWith('folder:')) {
    const id = String(get('model.id'));
    void (async () => {
      if (await app.engine.localFolderOpen(id)) {
        if (live) folderInfo.textContent = id;
        return;
      }
      if (!live) return;
      folderInfo.textContent = `${id} (not open in this tab)`;
      const h = await rememberedFolder(id).catch(() => undefined);
      if (!live || !h) return;
      remembered = h;
      reopenBtn.textContent = `Reopen ${h.name}`;
      reopenBtn.hidden = false;
    })().catch(() => undefined);
  }
  const probeOut = el('p', { id: 'model-probe', className: 'muted' });
  // What the toy can show, as measured (docs/results/README.md): a teacher should know before a
  // live demo that its judge does not learn and which mode does move its numbers.
  const toyNote = el(
    'p',
    { id: 'toy-expectation', className: 'note' },
    'What to expect from the toy: it writes working code about half the time, and its rankings are at chance. ' +
      'At this size (0.14 M parameters) DuST does not teach it to judge — NDCG and Best-of-4 stay at the random pick, and long training costs its code — ' +
      'while primal GRPO (mode "primal") raised its pass@1 by about 10 points in the measured runs (the toy-repro preset, 3 seeds). ' +
      'The paper measured its effect — judging improves, and code with it — on real models (choose one below); at the toy\'s size it has not appeared.',
  );
  const pickFolder = async () => {
    try {
      const w = window as Window & { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> };
      let id: string;
      if (w.showDirectoryPicker) {
        const handle = await w.showDirectoryPicker();
        id = await app.engine.setLocalFolder(handle);
        await rememberFolder(id, handle).catch(() => undefined); // a reload then offers "Reopen"
        reopenBtn.hidden = true;
      } else {
        const files = await new Promise<File[]>((resolve) => {
          const inp = el('input', { type: 'file', multiple: true });
          inp.setAttribute('webkitdirectory', '');
          inp.addEventListener('change', () => resolve(Array.from(inp.files ?? [])));
          inp.click();
        });
        if (!files.length) return;
        id = await app.engine.setLocalFolder(files);
      }
      folderInfo.textContent = id;
      setField('model.id', id);
    } catch (e) {
      folderInfo.textContent = messageOf(e);
    }
  };
  const modelChoices = el(
    'div',
    { className: 'choices', role: 'radiogroup', ariaLabel: 'Model' },
    radio('model', 'toy', 'Built-in toy model (a tiny code model trained by this project; works offline)', modelKind() === 'toy', () => setField('model.id', TOY_MODEL_ID)),
    el('div', {}, radio('model', 'curated', 'A small Hub model: ', modelKind() === 'curated', () => setField('model.id', curatedSelect.value)), curatedSelect),
    el('div', {}, radio('model', 'hub', 'Any Hub model id: ', modelKind() === 'hub', () => hubInput.value && setField('model.id', hubInput.value.trim())), hubInput),
    el('div', {}, radio('model', 'folder', 'A model folder on this computer: ', modelKind() === 'folder', () => void pickFolder()), button('Choose folder…', () => void pickFolder(), { id: 'pick-folder' }), ' ', reopenBtn, ' ', folderInfo),
  );
  if (modelKind() === 'curated') curatedSelect.value = String(get('model.id'));
  if (modelKind() === 'hub') hubInput.value = String(get('model.id'));
  curatedSelect.addEventListener('change', () => {
    (document.getElementById('model-curated') as HTMLInputElement).checked = true;
    setField('model.id', curatedSelect.value);
  });
  hubInput.addEventListener('change', () => {
    if (!hubInput.value.trim()) return;
    (document.getElementById('model-hub') as HTMLInputElement).checked = true;
    setField('model.id', hubInput.value.trim());
  });
  const probeBtn = button(
    'Check model files',
    () => {
      probeOut.textContent = 'Reading…';
      app.engine.probeModel(String(get('model.id'))).then(
        (p) => {
          probeOut.textContent = `${p.id}: ${millions(p.parameters)} parameters (${p.parameters.toLocaleString('en-US')}), ${p.layers} layers, hidden ${p.hidden}, vocabulary ${p.vocab}; files ${p.files.map((f) => `${f.name} ${formatBytes(f.bytes)}`).join(', ')}.`;
          probeOut.dataset.state = 'ok';
        },
        (e: unknown) => {
          probeOut.textContent = messageOf(e);
          probeOut.dataset.state = 'error';
        },
      );
    },
    { id: 'probe-model' },
  );

  // ---- problems
  const problemInfo = el('p', { id: 'problem-info', className: 'muted' });
  const importErrors = el('div', { id: 'import-errors', hidden: true });
  const fileInput = el('input', { type: 'file', id: 'problem-file', accept: '.json,.jsonl,.gz,application/json' });
  const urlInput = el('input', { type: 'url', id: 'problem-url', placeholder: 'https://…/problems.jsonl', size: 40, ariaLabel: 'Problem file URL' });
  const showImport = (r: ImportResult, name: string) => {
    if (r.ok && r.info) {
      importErrors.hidden = true;
      setField('problems.set', r.info.name, false);
      setField('problems.split', r.info.split);
    } else {
      importErrors.replaceChildren(
        el('p', { className: 'error' }, `${name} was not imported: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'} found. Fix the file and import it again.`),
        el('ul', { className: 'errors' }, ...r.errors.map((m) => el('li', {}, m))),
      );
      importErrors.hidden = false;
    }
  };
  const importBytes = async (name: string, bytes: Uint8Array) => {
    problemInfo.textContent = `Importing ${name}…`;
    const r = await app.engine.importProblems(name, bytes);
    if (!live) return;
    showImport(r, name);
    if (!r.ok) problemInfo.textContent = '';
  };
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    if (f) void f.arrayBuffer().then((b) => importBytes(f.name, new Uint8Array(b)));
  });
  const importUrl = button(
    'Import from URL',
    () => {
      const u = urlInput.value.trim();
      if (!u) return;
      problemInfo.textContent = `Fetching ${u}…`;
      fetch(u)
        .then(async (res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          await importBytes(u.split('/').pop() || 'problems', new Uint8Array(await res.arrayBuffer()));
        })
        .catch((e: unknown) => (problemInfo.textContent = `Cannot fetch ${u}: ${messageOf(e)}`));
    },
    { id: 'import-url' },
  );
  const setName = String(get('problems.set'));
  const problemChoices = el(
    'div',
    { className: 'choices', role: 'radiogroup', ariaLabel: 'Problem set' },
    radio('problems', 'builtin', 'Built-in JavaScript problems (hand-written, with tests)', setName === 'builtin', () => {
      setField('problems.set', 'builtin', false);
      setField('problems.split', 'field');
    }),
    radio('problems', 'toy', 'Toy problems (generated small tasks the toy model knows)', setName === 'toy', () => {
      setField('problems.set', 'toy', false);
      setField('problems.split', 'field');
    }),
    el('div', {}, radio('problems', 'file', 'Import a file (dust JSON/JSONL, HumanEval-X, MBXP, MultiPL-E, LiveCodeBench; .gz ok): ', setName.startsWith('import:'), () => fileInput.click()), fileInput),
    el('div', { className: 'indent' }, urlInput, ' ', importUrl),
  );

  // ---- presets
  const presetRadios = el('div', { className: 'choices', role: 'radiogroup', ariaLabel: 'Preset' });
  const presetInputs = new Map<AppPreset, HTMLInputElement>();
  for (const p of ['demo', 'paper', 'custom'] as const) {
    const r = el('input', { type: 'radio', name: 'preset', value: p, id: `preset-${p}`, checked: preset === p });
    presetInputs.set(p, r);
    r.addEventListener('change', () => {
      if (!r.checked) return;
      preset = p;
      if (p !== 'custom') {
        const fresh = structuredClone(resolveConfig(presetDoc(p))) as unknown as Work;
        for (const k of Object.keys(work)) delete work[k];
        Object.assign(work, fresh);
        syncInputs();
      }
      changed(false);
    });
    presetRadios.append(el('label', { className: 'choice', htmlFor: r.id }, r, ' ', PRESET_LABELS[p]));
  }

  // ---- every field
  const sections = el('div', { className: 'fields' });
  const sectionList: [string, string[]][] = [['run', ['name', 'seed']]];
  for (const [section, value] of Object.entries(DEFAULT_CONFIG)) {
    if (typeof value === 'object') sectionList.push([section, Object.keys(value as object).map((f) => `${section}.${f}`)]);
  }
  for (const [section, paths] of sectionList) {
    const rows = paths.map((path) => {
      const v = get(path);
      const choices = FIELD_CHOICES[path];
      let input: HTMLInputElement | HTMLSelectElement;
      if (choices) {
        input = el('select', { id: fieldId(path) }, ...choices.map((c) => el('option', { value: c }, c)));
      } else if (typeof v === 'boolean') {
        input = el('input', { type: 'checkbox', id: fieldId(path) });
      } else if (typeof v === 'number') {
        input = el('input', { type: 'number', id: fieldId(path), step: 'any' });
      } else {
        input = el('input', { type: 'text', id: fieldId(path), size: 28 });
      }
      input.dataset.path = path;
      inputs.set(path, input);
      input.addEventListener('change', () => {
        const raw = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
        const parsed = typeof v === 'number' ? (raw === '' ? NaN : Number(raw)) : raw;
        setValue(path, parsed);
        if (preset !== 'custom') {
          preset = 'custom';
          presetInputs.get('custom')!.checked = true;
        }
        changed(path === 'model.id' || path === 'problems.set');
      });
      return el('div', { className: 'field' }, el('label', { htmlFor: input.id }, path.includes('.') ? path.split('.')[1]! : path), input, el('span', { className: 'help' }, FIELD_HELP[path] ?? ''));
    });
    sections.append(el('details', { className: 'section', open: section !== 'sandbox' }, el('summary', {}, section, el('span', { className: 'help' }, ` — ${SECTION_HELP[section] ?? ''}`)), ...rows));
  }

  function syncInputs(): void {
    for (const [path, input] of inputs) {
      const v = get(path);
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = Boolean(v);
      else input.value = String(v);
    }
  }

  function setField(path: string, v: unknown, recheck = true): void {
    setValue(path, v);
    const input = inputs.get(path);
    if (input) input.value = String(v);
    changed(recheck || path === 'problems.set');
  }

  let planTimer: ReturnType<typeof setTimeout> | undefined;
  let planSeq = 0;
  function changed(sourceChanged: boolean): void {
    toyNote.hidden = modelKind() !== 'toy';
    for (const i of inputs.values()) i.removeAttribute('aria-invalid');
    try {
      cfg = resolveConfig(work);
      configError.hidden = true;
      startBtn.disabled = false;
    } catch (e) {
      configError.textContent = messageOf(e);
      configError.hidden = false;
      startBtn.disabled = true;
      if (e instanceof ConfigError && e.field) inputs.get(e.field)?.setAttribute('aria-invalid', 'true');
      return;
    }
    replaceParams({ c: encodeState(diffDoc(cfg)), p: preset });
    shareLink.href = location.href;
    clearTimeout(planTimer);
    verdict.textContent = 'Checking…';
    verdict.dataset.state = '';
    const seq = ++planSeq;
    planTimer = setTimeout(() => {
      curatedEstimates(diffDoc(cfg));
      app.engine.memoryPlan(diffDoc(cfg)).then((v) => {
        if (!live || seq !== planSeq) return;
        verdict.textContent = v.summary;
        verdict.dataset.state = v.ok ? 'ok' : 'bad';
        verdictTable.textContent = v.table ?? '';
        verdictDetails.hidden = !v.table;
      }, (e: unknown) => live && seq === planSeq && (verdict.textContent = messageOf(e)));
    }, 250);
    if (sourceChanged || !problemInfo.textContent) {
      app.engine.problemSetInfo(diffDoc(cfg)).then(
        (i) => live && (problemInfo.textContent = `${i.name}: ${i.problems} problems; this run uses ${i.train} for training and ${i.eval} held out (split by ${i.split === 'field' ? 'each problem\'s split field' : 'seeded hash'}).`),
        (e: unknown) => live && (problemInfo.textContent = messageOf(e)),
      );
    }
  }

  async function startRun(): Promise<void> {
    startBtn.disabled = true;
    try {
      const id = await app.engine.startRun(diffDoc(cfg), app.live.proxy);
      app.live.attach(id, []);
      go('run', { id });
    } catch (e) {
      configError.textContent = messageOf(e);
      configError.hidden = false;
      startBtn.disabled = false;
    }
  }

  syncInputs();
  const root = el(
    'div',
    { className: 'setup' },
    el('h1', {}, 'Set up a run'),
    card('1. Model', modelChoices, toyNote, el('p', {}, probeBtn), probeOut),
    card('2. Problems', problemChoices, problemInfo, importErrors),
    card('3. Preset', presetRadios, el('p', { className: 'muted' }, 'Every parameter below can be changed; changing one makes the preset "Custom".')),
    el('section', { className: 'card' }, el('h2', {}, '4. Check and start'), verdict, verdictDetails, configError, el('p', {}, startBtn, ' ', shareLink)),
    card('5. Every parameter', sections),
  );
  changed(true);
  return {
    root,
    dispose() {
      live = false;
      clearTimeout(planTimer);
    },
  };
}
