// Segment merges on a worker thread, so that a server's searches do not wait for them: merging eight
// segments of a few thousand documents holds a thread for a tenth of a second, the merges of a bulk load
// for seconds (measured on T2 while searching another index: a 50,000-document merge, 0.86 s). One
// worker serves every index of the process, one merge at a time; it is stopped when idle.
import { RequestThread } from '../request-thread.ts';
import type { MergeAnswer, MergeRequest } from './merge-worker.ts';
import { Segment } from './segment.ts';

export interface MergeJob {
  segments: readonly Segment[];
  /** Documents of those segments deleted by now; they are left out. */
  deleted: Uint32Array;
  /** Folder to save the merged segment in when it is saved. */
  dir: string;
  /** Save it whatever its size (it replaces saved segments). */
  mustSave: boolean;
  persistMinDocs: number;
}

export interface MergeResult {
  segment: Segment;
  /** File name in the job's folder when the merged segment was saved, else null. */
  savedAs: string | null;
}

export interface BackgroundMerger {
  /** The merged segment, or null when the worker failed or was stopped (the caller merges itself or not at all). */
  merge(job: MergeJob): Promise<MergeResult | null>;
}

const IDLE_MS = 30_000;

const thread = new RequestThread<MergeRequest, MergeAnswer>({
  callerUrl: import.meta.url,
  moduleBase: './merge-worker',
  name: 'merge',
  idleMs: IDLE_MS,
});

/** The process's merger. */
export const backgroundMerger: BackgroundMerger = {
  async merge(job) {
    const answer = await thread.request({
      // copied to the worker: searches go on reading the originals until the merged segment replaces them
      segments: job.segments.map((segment) => segment.data),
      deleted: job.deleted,
      dir: job.dir,
      mustSave: job.mustSave,
      persistMinDocs: job.persistMinDocs,
    });
    if (answer?.data === undefined) return null;
    return { segment: new Segment(answer.data), savedAs: answer.savedAs ?? null };
  },
};
