// Small DOM helpers for the views (no framework: each view builds its elements once and
// updates text and values in place, so nothing re-renders wholesale and layouts stay put).

type Child = Node | string | null | undefined | false;

export type Props<E> = Omit<Partial<E>, 'dataset' | 'style'> & { dataset?: Record<string, string>; style?: string };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<HTMLElementTagNameMap[K]> = {} as Props<HTMLElementTagNameMap[K]>, ...children: Child[]): HTMLElementTagNameMap[K] {
  const { dataset, style, ...rest } = props as { dataset?: Record<string, string>; style?: string };
  const e = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(e.dataset, dataset);
  if (style) e.setAttribute('style', style);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

export function button(label: string, onClick: (ev: MouseEvent) => void, props: Props<HTMLButtonElement> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...props }, label);
  b.addEventListener('click', onClick);
  return b;
}

export function card(title: string, ...children: Child[]): HTMLElement {
  return el('section', { className: 'card' }, el('h2', {}, title), ...children);
}

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)}%`);

export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toFixed(digits);
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Offers `data` as a file download. */
export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A table from a header row and body rows (cells are nodes or text). */
export function table(head: string[], rows: Child[][], props: Props<HTMLTableElement> = {}): HTMLTableElement {
  return el(
    'table',
    props,
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  );
}

export function errorBox(message: string): HTMLElement {
  return el('p', { className: 'error', role: 'alert' }, message);
}
