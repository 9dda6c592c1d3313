import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Extensions read as images (case-insensitive). */
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** One image file found in a class folder. */
export interface ScannedFile {
  path: string;
  label: string;
  bytes: number;
  mtimeMs: number;
  /** `train` or `test` when the folder has that split, else undefined. */
  split?: 'train' | 'test';
}

/** The files of an image-folder dataset, and its class names (folder names, sorted). */
export interface ScannedFolder {
  labels: string[];
  files: ScannedFile[];
  /** The folder had `train/` and `test/` subfolders. */
  presplit: boolean;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
}

async function scanClasses(dir: string, split?: 'train' | 'test'): Promise<ScannedFile[]> {
  const files: ScannedFile[] = [];
  for (const label of await subdirectories(dir)) {
    const classDir = join(dir, label);
    const names = (await readdir(classDir)).filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase())).sort();
    for (const name of names) {
      const path = join(classDir, name);
      const info = await stat(path);
      if (info.isFile()) files.push({ path, label, bytes: info.size, mtimeMs: info.mtimeMs, ...(split ? { split } : {}) });
    }
  }
  return files;
}

/**
 * Lists `<dir>/<label>/*.png|jpg|jpeg`, or `<dir>/train/<label>/…` + `<dir>/test/<label>/…`.
 * Labels are the folder names exactly as given (unicode and spaces kept), sorted by code point.
 * A class folder without image files is an error, and so are fewer than two classes.
 */
export async function scanImageFolder(dir: string): Promise<ScannedFolder> {
  if (!(await isDirectory(dir))) throw new Error(`--data ${dir}: not a directory`);
  const presplit = (await isDirectory(join(dir, 'train'))) && (await isDirectory(join(dir, 'test')));
  const files = presplit
    ? [...(await scanClasses(join(dir, 'train'), 'train')), ...(await scanClasses(join(dir, 'test'), 'test'))]
    : await scanClasses(dir);
  const labelDirs = presplit ? await subdirectories(join(dir, 'train')) : await subdirectories(dir);
  const labels = [...new Set(labelDirs)].sort();
  if (labels.length < 2) {
    throw new Error(`--data ${dir}: need at least 2 class folders, found ${labels.length}${labels.length ? ` (${labels.join(', ')})` : ''}`);
  }
  for (const label of labels) {
    if (!files.some((file) => file.label === label)) {
      throw new Error(`--data ${dir}: class "${label}" has no .png/.jpg/.jpeg files`);
    }
  }
  return { labels, files, presplit };
}
