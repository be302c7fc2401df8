// Model folders the user picked with the File System Access API, remembered across reloads:
// the directory handle is kept in IndexedDB (handles are structured-cloneable), and after a
// reload the browser needs the user's permission again before the folder can be read, which
// only a click on the page can ask for (requestPermission needs user activation).
import { get, set } from 'idb-keyval';
import { openIdbStore } from '../store/idb';

const db = openIdbStore('dust-folder-handles');

/** Permission calls Chromium has on handles (not yet in TypeScript's DOM typings). */
interface PermissionHandle {
  queryPermission?(d: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(d: { mode: 'read' }): Promise<PermissionState>;
}

/** Remembers the folder a config names `id` ("folder:<name>"). */
export async function rememberFolder(id: string, handle: FileSystemDirectoryHandle): Promise<void> {
  await set(id, handle, db.use);
}

/** The folder remembered under `id`, if any. */
export async function rememberedFolder(id: string): Promise<FileSystemDirectoryHandle | undefined> {
  const h = (await get(id, db.use)) as FileSystemDirectoryHandle | undefined;
  return h && h.kind === 'directory' ? h : undefined;
}

/** Asks for read access again (call from a click); true when reading is allowed. */
export async function allowReading(handle: FileSystemDirectoryHandle): Promise<boolean> {
  const h = handle as FileSystemDirectoryHandle & PermissionHandle;
  if ((await h.queryPermission?.({ mode: 'read' })) === 'granted') return true;
  if (!h.requestPermission) return true; // no permission model (e.g. an origin-private folder)
  return (await h.requestPermission({ mode: 'read' })) === 'granted';
}
