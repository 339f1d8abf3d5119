/**
 * Rootfs indexes and change detection: what a filesystem instruction (RUN, COPY, ADD, ...) changed, as a
 * {@link dev.kiln.engine.snapshot.ChangeSet} that the layer writer turns into one layer.
 *
 * <p>This is where kaniko is slow: in its default mode it reads and hashes the content of every file of
 * the rootfs after every instruction. Kiln reads one {@code statx} per path and no content at all for
 * an unchanged file, and it is still exact, for the reason given under "Modes".
 *
 * <h2>Index</h2>
 * {@link dev.kiln.engine.snapshot.Index#build} walks a rootfs directory and records, per container
 * path, an {@link dev.kiln.engine.snapshot.Entry}: type, full mode (with setuid, setgid, sticky), uid,
 * gid, size, mtime and ctime to the nanosecond, inode, device, link count, device number, symlink target,
 * a SHA-256 over the sorted xattrs, and sometimes a SHA-256 of the content.
 * <ul>
 * <li><b>Work-stealing walk.</b> A {@link java.util.concurrent.ForkJoinPool} with one task per directory:
 *     the task lists its directory ({@link java.nio.file.DirectoryStream}), stats each child and forks a
 *     task per subdirectory; idle threads steal them. Stats use {@link dev.kiln.engine.fs.Posix#statx}
 *     ({@code AT_SYMLINK_NOFOLLOW}); measured here on 100,000 files, one thread: 2.5 to 4 µs per
 *     {@code statx}, against 15 to 22 µs for {@code Files.readAttributes(p, "unix:*", NOFOLLOW_LINKS)}, which
 *     builds a map of boxed values per call. Symlinks are never followed (a link to {@code /} in a rootfs
 *     must not index the host); ignored paths are checked before their {@code statx}, and ignored
 *     directories are never opened.</li>
 * <li><b>Reuse.</b> Every write, truncate, chmod, chown, xattr change, link or unlink of an inode moves
 *     its ctime, and nothing can set ctime back. So when a path has the same type, inode, device, size,
 *     mtime and ctime as in the previous index, its content, xattrs and link target are unchanged, and
 *     {@link dev.kiln.engine.snapshot.Index#build(java.nio.file.Path, dev.kiln.engine.snapshot.IndexOptions,
 *     dev.kiln.engine.snapshot.Index) a rescan} takes them over instead of reading them: an unchanged
 *     tree costs one directory read per directory and one {@code statx} per path. A path whose entry is
 *     unchanged keeps the previous scan's {@link dev.kiln.engine.snapshot.Entry} object, and
 *     {@link dev.kiln.engine.snapshot.ChangeDetector} compares only the other entries when it diffs a scan
 *     against the index it was built from (a second hash lookup per path was a fifth of the CPU time of
 *     an unchanged snapshot).</li>
 * <li><b>Racy stats.</b> The kernel stamps ctimes from a coarse clock (one tick, 1 to 10 ms; recent
 *     kernels' multigrain timestamps refine this on some filesystems, older ones do not), so a change
 *     in the same tick as the previous one can keep the same ctime. As in git's "racy git" handling, a
 *     stat taken less than {@link dev.kiln.engine.snapshot.IndexOptions#racyWindow()} (default 50 ms)
 *     after the file's ctime is marked {@link dev.kiln.engine.snapshot.Entry#racy() racy}: in
 *     {@code exact} and {@code full} mode its content is hashed, it is never reused, and the next scan
 *     hashes the file again if its stat looks unchanged, so the diff compares contents. Files older
 *     than the window cannot be changed without a new ctime. The window must exceed the filesystem's
 *     timestamp granularity: filesystems with whole-second times need a window above one second.</li>
 * </ul>
 *
 * <h2>Modes</h2>
 * Added and deleted paths are found by path in every mode. For a path in both indexes, a different file
 * type is always a {@link dev.kiln.engine.snapshot.Change.TypeChanged}; otherwise the mode says which
 * {@link dev.kiln.engine.snapshot.Difference}s make a {@link dev.kiln.engine.snapshot.Change.Modified}:
 * <table>
 * <caption>What each mode compares</caption>
 * <tr><th>mode</th><th>compares</th><th>reads content</th></tr>
 * <tr><td>{@code exact} (Kiln's default)</td><td>everything: mode, owner, size, mtime, ctime, inode and
 *     device, link count, device number, symlink target, xattrs</td><td>racy files only</td></tr>
 * <tr><td>{@code full}</td><td>type, mode, owner, size, mtime, device number, symlink target, xattrs, and
 *     content by SHA-256; not ctime, inode or link count</td><td>every regular file once per stage,
 *     then only files whose ctime tuple moved</td></tr>
 * <tr><td>{@code redo}</td><td>type, mode, owner, size, mtime (kaniko's {@code RedoHasher})</td><td>no</td></tr>
 * <tr><td>{@code time}</td><td>mtime (kaniko's {@code MtimeHasher}), and type</td><td>no</td></tr>
 * </table>
 * <ul>
 * <li><b>Why {@code exact} is Kiln's default.</b> kaniko's {@code full} hashes mode, mtime, uid, gid,
 *     {@code security.capability} and content. Any change it can see also moves ctime (or, for a new
 *     inode at the same path, the inode number), so {@code exact} reports every change {@code full}
 *     reports, without reading a byte; the racy rule closes the one gap, same-tick changes. What it
 *     reports in addition are changes of the inode that leave the visible state as it was: a chown or
 *     chmod to the same values, a rewrite with identical bytes and restored mtime, a package manager
 *     replacing a file by an identical copy. Such a file lands in the layer again: the image's filesystem
 *     is the same, the layer a little larger.</li>
 * <li><b>What {@code --snapshot-mode=full} means in Kiln.</b> kaniko's decisions, exactly: a path is
 *     reported if what an image shows of it changed (Kiln also compares all xattrs, size and device
 *     numbers, not only {@code security.capability}), so layers hold no identical copies. It is still
 *     far cheaper than kaniko's: the ctime tuple decides which files to re-hash, so after one hash of
 *     every regular file at the start of a stage, each snapshot reads only the files whose ctime tuple
 *     moved. A hash missing on one side (an index built in another mode) falls back to {@code exact} for
 *     that file. The executor should pass {@code exact} when the flag is absent and {@code full} only
 *     when the user asks for it, since kaniko's flag defaults to {@code full}.</li>
 * <li><b>{@code redo} and {@code time}</b> are kaniko's speed-for-exactness trades, kept for
 *     compatibility: {@code redo} misses a content change that keeps size and mtime (e.g. restored with
 *     {@code touch -r}) and xattr changes; {@code time} also misses chmod and chown. Both read no content,
 *     so they are no faster than {@code exact} here.</li>
 * <li><b>What {@code --use-new-run} means in Kiln: nothing changes.</b> In kaniko the flag replaces, for
 *     RUN only, the full snapshot (hash every file) by a stat walk before and after the command: a path
 *     is reported if it is new or its mode, mtime, size, uid or gid changed, and deletions are still
 *     detected (older kaniko versions compared only mtimes with a marker file, {@code find -newer}).
 *     The speed it buys comes from not reading file contents, and Kiln's snapshots read none already:
 *     {@code exact} is the same stat walk, one {@code statx} per path. The decision rule of the flag
 *     is {@code redo}'s, which also misses a content change that keeps size and mtime and every xattr
 *     change, so mapping the flag to {@code redo} would only add those misses at no gain. The executor
 *     accepts the flag for compatibility and ignores it: every step, RUN included, uses the mode
 *     {@code --snapshot-mode} gives ({@code exact} when absent).</li>
 * </ul>
 *
 * <h2>Change sets</h2>
 * <ul>
 * <li><b>Whiteouts.</b> Every deleted path is reported; {@link dev.kiln.engine.snapshot.ChangeSet#whiteouts()}
 *     keeps only the topmost of a deleted subtree, since a whiteout of a directory hides all of it in the
 *     lower layers (OCI image spec, layer.md, "Whiteouts").</li>
 * <li><b>Type changes are deletion then addition.</b> A directory replaced by a file (or a file by a
 *     directory, a directory by a symlink, ...) is both whited out and written, and the old subtree is
 *     deleted under it (covered by the one whiteout). The spec applies whiteouts only to lower layers, so
 *     a whiteout and an entry of the same name in one layer are valid, and writing whiteouts first also
 *     suits extractors that apply entries in stream order.</li>
 * <li><b>Directories.</b> A directory is reported when its own entry changed: mode, owner, xattrs, or
 *     its mtime and ctime, which move when an entry is created, removed or renamed in it (kaniko's
 *     {@code full} reports those too; the layer must carry the new mtime). A directory whose files were
 *     only modified in place is not reported: adding missing parents is the layer writer's job. The root
 *     {@code /} is indexed and reported like any directory.</li>
 * <li><b>Hard links</b> are not resolved here: each entry carries its inode, device and link count
 *     ({@link dev.kiln.engine.snapshot.Entry#fileKey()}); in {@code exact} mode a new link also reports
 *     the original path (its link count and ctime moved), so both names of the inode are in the set.</li>
 * <li><b>Order</b> is {@link dev.kiln.engine.snapshot.PathOrder}: component-wise, a directory before its
 *     subtree.</li>
 * </ul>
 *
 * <h2>Ignore list</h2>
 * {@link dev.kiln.engine.snapshot.IgnoreList} follows kaniko: a rule ignores a path and everything below
 * it (or only what is below), components may be {@code filepath.Match} patterns. A build's list holds
 * each {@code --ignore-path} and {@code /var/run} (unless {@code --ignore-var-run=false}); an in-place
 * build adds the executor's directory, every mount point of {@code /proc/self/mountinfo}
 * ({@link dev.kiln.engine.snapshot.MountInfo}, octal escapes decoded) and kaniko's defaults
 * {@code /etc/mtab} and below {@code /tmp/apt-key-gpghome}. RUN mount points are added per step
 * ({@link dev.kiln.engine.snapshot.Snapshotter#snapshot(dev.kiln.engine.snapshot.IgnoreList)}): nothing
 * below them is recorded or reported deleted, and the next baseline keeps their old entries. The RUN
 * step removes mount targets it created (as BuildKit does); one left behind is reported by the next
 * snapshot.
 *
 * <h2>Threads and limits</h2>
 * Indexes, change sets, ignore lists and options are immutable and thread-safe;
 * {@link dev.kiln.engine.snapshot.Snapshotter} is used by one step at a time. A scan blocks (system calls
 * and, for hashed files, reads): run it off the event loop. A scan is exact for a tree that nothing
 * modifies while it runs (true between instructions); paths that vanish during a scan are left out.
 * File names are decoded as Java decodes them ({@code sun.jnu.encoding}): run in a UTF-8 locale.
 */
package dev.kiln.engine.snapshot;
