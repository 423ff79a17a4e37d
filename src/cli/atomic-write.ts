/**
 * Writing a rewritten source file so that it is never seen half-written: a crash, a full disk or
 * Ctrl-C mid-way leaves the old file whole. The new content goes to a temporary file in the same
 * folder (a rename is only atomic within one file system), then replaces the target in one rename.
 */
import { randomBytes } from 'node:crypto';
import { chmod, chown, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `content`, encoded as UTF-8 exactly as given (a BOM or CRLF line ends
 * must already be in the string). An existing file keeps its permission bits (and its owner where
 * the process may set it); a symlink is written through, so the link stays a link. A new file gets
 * the usual mode for new files (0o666 less the umask).
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const target = await realTarget(path.resolve(file));
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });

  const dir = path.dirname(target);
  // Dot-prefixed and random, so watchers and globs mostly pass it by and two writers never clash.
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
  try {
    try {
      await handle.writeFile(Buffer.from(content, 'utf8'));
      await handle.sync(); // the bytes are on disk before the rename makes them the file
    } finally {
      await handle.close();
    }
    if (existing) {
      const mine = await stat(temp);
      if (mine.uid !== existing.uid || mine.gid !== existing.gid) {
        await chown(temp, existing.uid, existing.gid).catch(() => undefined); // only root may; best effort
      }
      // open()'s mode is filtered by the umask (and chown may clear setuid): set the old mode exactly.
      await chmod(temp, existing.mode & 0o7777);
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** The file a path really names: a symlink is followed, so the rename replaces its target, not the link. */
async function realTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return file; // a new file (or a dangling link, which then becomes a file)
  }
}
