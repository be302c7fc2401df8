// Hash routes with their state in the URL (#/setup?c=…, #/run?id=…), so a configuration or
// a view of a run can be shared as a link and survives a reload.

export type ViewName = 'start' | 'setup' | 'run' | 'explorer' | 'results' | 'runs';

export const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'start', label: 'Start' },
  { name: 'setup', label: 'Setup' },
  { name: 'run', label: 'Run' },
  { name: 'explorer', label: 'Explorer' },
  { name: 'results', label: 'Results' },
  { name: 'runs', label: 'Runs & storage' },
];

export interface Route {
  view: ViewName;
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const h = location.hash.replace(/^#\/?/, '');
  const [path, query] = h.split('?', 2) as [string, string | undefined];
  const view = (VIEWS.find((v) => v.name === path)?.name ?? 'start') as ViewName;
  return { view, params: new URLSearchParams(query ?? '') };
}

export function href(view: ViewName, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}

export function go(view: ViewName, params: Record<string, string | undefined> = {}): void {
  location.hash = href(view, params);
}

/** Updates the URL's parameters without a navigation (no new history entry, no re-render). */
export function replaceParams(params: Record<string, string | undefined>): void {
  const r = currentRoute();
  history.replaceState(null, '', href(r.view, params));
}

/** base64url of UTF-8 JSON, for configurations in links. */
export function encodeState(v: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(v));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeState<T>(s: string): T | null {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as T;
  } catch {
    return null;
  }
}
