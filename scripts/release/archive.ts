// Deterministic zip archives for the release: the same files give the same bytes on any machine.
// fflate writes them (see the README's "Dependencies, and why"): its DEFLATE is plain JavaScript
// pinned by package-lock.json, whereas Node's zlib changes with the Node release, and the AMO
// source archive must rebuild a byte-identical Firefox zip wherever a reviewer runs it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type ZipOptions, type Zippable } from 'fflate';

export interface ArchiveEntry {
  /** Forward-slash path inside the archive, relative to its root. */
  path: string;
  data: Uint8Array;
}

/**
 * Every entry gets the same metadata, so only paths and contents decide the bytes: the DOS epoch
 * as modification time (built from local fields, which is what fflate encodes, so the machine's
 * time zone cannot change it), Unix mode 0644 (not the file's own, which unzip tools restore
 * differently, and which a source rebuild must not depend on), maximum compression.
 */
const ENTRY: ZipOptions = {
  mtime: new Date(1980, 0, 1, 0, 0, 0),
  os: 3,
  attrs: 0o100644 << 16,
  level: 9,
};

/** A zip of `entries` in byte order of their paths (never the order of a directory listing). */
export function zipEntries(entries: readonly ArchiveEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareBytes(a.path, b.path));
  const files: Zippable = {};
  for (const entry of sorted) {
    if (entry.path in files) throw new Error(`${entry.path} is in the archive twice`);
    if (entry.path.startsWith('/') || entry.path.split('/').includes('..')) {
      throw new Error(`${entry.path} would unpack outside the archive's root`);
    }
    files[entry.path] = [entry.data, ENTRY];
  }
  return zipSync(files);
}

/** The files under `dir`, recursively, as archive entries relative to `dir`. */
export function directoryEntries(dir: string): ArchiveEntry[] {
  return filesUnder(dir).map((file) => readEntry(dir, file));
}

/** One file of `root` as an archive entry named by its path relative to `root`. */
export function readEntry(root: string, relative: string): ArchiveEntry {
  return {
    path: relative.split(path.sep).join('/'),
    data: readFileSync(path.join(root, relative)),
  };
}

/** Relative paths of the regular files under `dir`. */
export function filesUnder(dir: string, skip: (relative: string) => boolean = () => false) {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? path.join(relative, entry.name) : entry.name;
      if (entry.isDirectory()) {
        if (!skip(`${child}/`)) walk(child);
      } else if (entry.isFile() && !skip(child)) found.push(child);
    }
  };
  walk('');
  return found.sort(compareBytes);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
