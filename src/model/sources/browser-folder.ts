// A model folder the user picked in the browser: a FileSystemDirectoryHandle (File System
// Access API, or OPFS) or the FileList of <input type=file webkitdirectory>. Files are read
// as Blobs, range by range.
import { blobSource } from './byte-source';
import { modelSource, type ModelSource } from './model-source';
import { messageOf } from '../../util/errors';

type DirHandle = FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };

function isDirHandle(x: unknown): x is DirHandle {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'directory';
}

/** Path of a picked file inside the picked folder ("Qwen3/config.json" → "config.json"). */
function relativeName(f: File): string {
  const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
  if (!rel) return f.name;
  const i = rel.indexOf('/');
  return i < 0 ? rel : rel.slice(i + 1);
}

export function folderSource(folder: FileSystemDirectoryHandle | FileList | readonly File[], id?: string): ModelSource {
  if (isDirHandle(folder)) return handleSource(folder, id ?? `folder:${folder.name}`);
  const files = new Map<string, File>();
  for (const f of Array.from(folder as ArrayLike<File>)) files.set(relativeName(f), f);
  const first = Array.from(folder as ArrayLike<File>)[0] as (File & { webkitRelativePath?: string }) | undefined;
  const name = first?.webkitRelativePath?.split('/')[0] || 'picked files';
  return modelSource({
    id: id ?? `folder:${name}`,
    file: async (n) => {
      const f = files.get(n);
      return f ? blobSource(f) : null;
    },
    list: async () => [...files.keys()].sort(),
  });
}

function handleSource(root: DirHandle, id: string): ModelSource {
  return modelSource({
    id,
    async file(name) {
      const parts = name.split('/');
      let dir: FileSystemDirectoryHandle = root;
      try {
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
        const fh = await dir.getFileHandle(parts[parts.length - 1]);
        return blobSource(await fh.getFile());
      } catch (e) {
        if (e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError')) return null;
        throw new Error(`${id}: cannot read ${name} (${messageOf(e)}); check the folder permission.`);
      }
    },
    async list() {
      const out: string[] = [];
      const walk = async (dir: DirHandle, prefix: string): Promise<void> => {
        for await (const h of dir.values()) {
          if (h.kind === 'file') out.push(prefix + h.name);
          else await walk(h as DirHandle, `${prefix}${h.name}/`);
        }
      };
      await walk(root, '');
      return out.sort();
    },
  });
}
