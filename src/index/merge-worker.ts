// The merge worker thread: merges segments and saves the result, off the thread that serves searches;
// see background-merger.ts for the protocol.
import { join } from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import { runAsBackgroundThread } from '../background-priority.ts';
import { mergeSegments } from './segment-merge.ts';
import { segmentFileName, writeSegmentFile } from './segment-file.ts';
import { Segment, type SegmentData } from './segment.ts';

export interface MergeRequest {
  id: number;
  segments: SegmentData[];
  /** Documents of those segments that were deleted when the merge was asked for. */
  deleted: Uint32Array;
  /** Where to save the merged segment, and whether it must be saved whatever its size. */
  dir: string;
  mustSave: boolean;
  persistMinDocs: number;
}

export interface MergeAnswer {
  id: number;
  data?: SegmentData;
  /** File name in `dir` when the merged segment was saved. */
  savedAs?: string | null;
  error?: string;
}

const { port } = workerData as { port: MessagePort };
runAsBackgroundThread();

port.on('message', (request: MergeRequest) => {
  try {
    const deleted = new Set(request.deleted);
    const merged = mergeSegments(
      request.segments.map((data) => new Segment(data)),
      (docNum) => !deleted.has(docNum),
    );
    let savedAs: string | null = null;
    if (request.mustSave || merged.docCount >= request.persistMinDocs) {
      savedAs = segmentFileName(merged);
      writeSegmentFile(join(request.dir, savedAs), merged);
    }
    const d = merged.data;
    const transfer = [d.docNums, d.fieldLengths, d.termBytes, d.termOffsets, d.docFreq, d.postingsOffsets, d.positionsOffsets, d.postings, d.positions].map(
      (a) => a.buffer as ArrayBuffer,
    );
    port.postMessage({ id: request.id, data: d, savedAs } satisfies MergeAnswer, [...new Set(transfer)]);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies MergeAnswer);
  }
});
