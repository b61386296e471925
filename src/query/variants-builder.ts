// Builds an index's TermVariants (the side indexes of typo, chosung and jamo-prefix expansion) on a thread of its
// own. Built in the first search, they held the serving thread ~0.3 s per 10,000 passages, and every request to
// every index waited; the server's first search of an index now waits for them here instead (kachi-index.ts).
import { RequestThread } from '../request-thread.ts';
import type { Segment } from '../index/segment.ts';
import type { VariantsAnswer, VariantsRequest } from './variants-worker.ts';

const thread = new RequestThread<VariantsRequest, VariantsAnswer>({
  callerUrl: import.meta.url,
  moduleBase: './variants-worker',
  name: 'variants',
  idleMs: 30_000,
});

/** `TermVariants.toBytes()` of the terms of `segments`, built on the variants thread; null when it failed. */
export async function buildVariantsOffThread(segments: readonly Segment[]): Promise<Buffer | null> {
  // The term lists are copied to the thread; the segments go on serving meanwhile.
  const answer = await thread.request({
    segments: segments.map((segment) => ({ termBytes: segment.data.termBytes, termOffsets: segment.data.termOffsets })),
  });
  return answer?.bytes === undefined ? null : Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength);
}
