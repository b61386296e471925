// The inverted index of one Kachi index: an ordered list of immutable segments, the live-document
// mask, and the collection statistics BM25F needs. New batches become small segments that a
// logarithmic merge policy folds together; large segments are saved to disk and listed in the store's
// manifest, so a restart loads them instead of re-analysing documents.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Bitset } from './bitset.ts';
import { SegmentBuilder, type AnalysedDocument } from './segment-builder.ts';
import { mergeSegments } from './segment-merge.ts';
import { readSegmentFile, segmentFileName, writeSegmentFile } from './segment-file.ts';
import type { BackgroundMerger, MergeResult } from './background-merger.ts';
import { termBytes, type Segment } from './segment.ts';
import type { IndexStore } from '../store/index-store.ts';

/** How many segments of one size class are merged together (see maintain). */
const MERGE_FACTOR = 8;

/**
 * A segment whose deleted share exceeds this is rewritten alone (or dropped when nothing in it
 * lives), so replaced documents do not linger in docFreq and idf, nor cost postings at query time.
 */
const MAX_DELETED_SHARE = 0.5;

/** 0 for 1–7 documents, 1 for 8–63, 2 for 64–511 … */
function sizeClass(docCount: number): number {
  let tier = 0;
  for (let n = docCount; n >= MERGE_FACTOR; n = Math.floor(n / MERGE_FACTOR)) tier++;
  return tier;
}

/**
 * Merges of at least this many documents go to the background merger when there is one; smaller ones
 * take a few milliseconds and are done in place (eight segments of about 130 documents: ~35 ms on T2).
 */
const BACKGROUND_MIN_DOCS = 500;

/**
 * Once writes pause this long, the segments after the largest are merged into one, in the background (see
 * mergeTail): a bulk load through the server leaves several small segments at the tail, and each costs every
 * query a term lookup and a scoring pass (T2 10k with seven segments searched 50 % slower than with two).
 */
const IDLE_MERGE_MS = 1000;
/** The tail merge takes the largest segment too when the tail holds at least this share of its documents. */
const TAIL_SHARE_TO_MERGE_ALL = 0.25;

export interface InvertedIndexOptions {
  /** A segment with at least this many documents is saved to disk. Default 2,000. */
  persistMinDocs?: number;
  /** Merges large segments on another thread (the server's choice); without one, merges happen in place. */
  merger?: BackgroundMerger | null;
}

interface SegmentSlot {
  segment: Segment;
  /** File name once saved, listed in the store's manifest. */
  savedAs: string | null;
  /** How many of the segment's documents are deleted. */
  deleted: number;
  /** Being merged in the background: no other merge or compaction takes it meanwhile. */
  merging?: boolean;
}

/** One term's postings in one segment. */
export interface TermPostings {
  segment: Segment;
  ordinal: number;
}

export class InvertedIndex {
  private slots: SegmentSlot[] = [];
  readonly live = new Bitset(1024);
  private liveCount = 0;
  private fieldTotals: number[] = [];
  private readonly segmentsDir: string;
  private readonly persistMinDocs: number;
  private readonly merger: BackgroundMerger | null;
  /** Bumped when background merges in flight must be dropped (reset, save at close). */
  private generation = 0;
  private readonly mergesInFlight = new Set<Promise<void>>();
  private idleMerge: NodeJS.Timeout | undefined;
  /** docFreq by term until the segments change: a query asks for the same terms several times (expansion, scoring, proximity). */
  private docFreqs = new Map<string, number>();

  constructor(
    private readonly store: IndexStore,
    options: InvertedIndexOptions = {},
  ) {
    this.segmentsDir = join(store.dir, 'segments');
    this.persistMinDocs = options.persistMinDocs ?? 2000;
    this.merger = options.merger ?? null;
    mkdirSync(this.segmentsDir, { recursive: true });
  }

  get segments(): readonly Segment[] {
    return this.slots.map((s) => s.segment);
  }

  /** File names of the segments when every one is saved (as after `saveAll`), else null. */
  savedSegmentNames(): string[] | null {
    const names = this.slots.map((s) => s.savedAs);
    return names.every((n): n is string => n !== null) ? names : null;
  }

  /** Live documents. */
  get documentCount(): number {
    return this.liveCount;
  }

  /**
   * Documents the postings hold, deleted ones included until merged away: the N that goes with
   * docFreq in idf (as Lucene's maxDoc). Live count against a docFreq that counts replaced copies
   * could make idf negative.
   */
  get indexedDocumentCount(): number {
    let total = 0;
    for (const { segment } of this.slots) total += segment.docCount;
    return total;
  }

  /** Loads saved segments and the live mask; returns the document ranges the segments cover. */
  load(): Array<[number, number]> {
    const records = this.store.segments();
    const known = new Set(records.map((r) => r.name));
    for (const file of readdirSync(this.segmentsDir))
      if (!known.has(file)) rmSync(join(this.segmentsDir, file), { force: true });
    this.slots = records.map((r) => ({
      segment: readSegmentFile(join(this.segmentsDir, r.name)),
      savedAs: r.name,
      deleted: 0,
    }));
    this.docFreqs.clear();
    // A stored document held by a segment is live (documents outside the saved segments are replayed by
    // the caller through addBatch). Both sides ascend, so one merge walk decides it for every document.
    const segments = this.slots.map((s) => s.segment).sort((a, b) => a.minDoc - b.minDoc);
    let s = 0;
    let local = 0;
    for (const docNum of this.store.allDocNums()) {
      while (s < segments.length && segments[s]!.maxDoc < docNum) {
        s++;
        local = 0;
      }
      const segment = segments[s];
      if (!segment || docNum < segment.minDoc) continue;
      const docNums = segment.data.docNums;
      while (local < docNums.length && docNums[local]! < docNum) local++;
      if (docNums[local] === docNum) this.live.add(docNum);
    }
    this.recomputeStatistics();
    return records.map((r) => [r.minDoc, r.maxDoc]);
  }

  /** Indexes a batch of analysed documents (ascending, new document numbers) as one new segment. */
  addBatch(documents: readonly AnalysedDocument[]): void {
    if (documents.length === 0) return;
    const builder = new SegmentBuilder();
    for (const document of documents) {
      builder.add(document);
      this.live.add(document.docNum);
      this.liveCount++;
      for (const field of document.fields)
        this.fieldTotals[field.field] = (this.fieldTotals[field.field] ?? 0) + field.length;
    }
    this.slots.push({ segment: builder.build(), savedAs: null, deleted: 0 });
    this.docFreqs.clear();
    this.maintain();
    this.mergeTailWhenIdle();
  }

  /** Marks a document deleted; its postings stay until the next merge of its segment. */
  delete(docNum: number): void {
    if (!this.live.has(docNum)) return;
    this.live.remove(docNum);
    this.liveCount--;
    const slot = this.slotOf(docNum);
    if (!slot) return;
    slot.deleted++;
    const { segment } = slot;
    const local = segment.localOf(docNum);
    for (let f = 0; f < segment.data.fieldCount; f++)
      this.fieldTotals[f] = (this.fieldTotals[f] ?? 0) - segment.fieldLength(local, f);
  }

  /** Drops every segment and document (for clear and re-index). */
  reset(): void {
    this.abandonMerges();
    const saved = this.slots.flatMap((s) => (s.savedAs ? [s.savedAs] : []));
    this.store.replaceSegments(saved, []);
    saved.forEach((name) => rmSync(join(this.segmentsDir, name), { force: true }));
    this.slots = [];
    this.docFreqs.clear();
    this.live.words.fill(0);
    this.liveCount = 0;
    this.fieldTotals = [];
  }

  /** Average token count of a field over live documents (at least 1). */
  averageFieldLength(field: number): number {
    return this.liveCount > 0 ? Math.max(1, (this.fieldTotals[field] ?? 0) / this.liveCount) : 1;
  }

  lookup(term: string): TermPostings[] {
    const out: TermPostings[] = [];
    const key = termBytes(term);
    for (const { segment } of this.slots) {
      const ordinal = segment.findTermBytes(key);
      if (ordinal >= 0) out.push({ segment, ordinal });
    }
    return out;
  }

  /** Documents containing the term, deleted ones included until merged away (as in Lucene). */
  docFreq(term: string): number {
    const cached = this.docFreqs.get(term);
    if (cached !== undefined) return cached;
    let total = 0;
    const key = termBytes(term);
    for (const { segment } of this.slots) {
      const ordinal = segment.findTermBytes(key);
      if (ordinal >= 0) total += segment.data.docFreq[ordinal]!;
    }
    if (this.docFreqs.size >= 100_000) this.docFreqs.clear();
    this.docFreqs.set(term, total);
    return total;
  }

  /** Distinct terms starting with `prefix`, across segments. */
  termsWithPrefix(prefix: string, limit = Infinity): string[] {
    const out = new Set<string>();
    for (const { segment } of this.slots) {
      const [from, to] = segment.prefixRange(prefix);
      for (let i = from; i < to && out.size < limit; i++) out.add(segment.termAt(i));
    }
    return [...out];
  }

  segmentOf(docNum: number): Segment | undefined {
    return this.slotOf(docNum)?.segment;
  }

  private slotOf(docNum: number): SegmentSlot | undefined {
    for (const slot of this.slots)
      if (docNum >= slot.segment.minDoc && docNum <= slot.segment.maxDoc) return slot;
    return undefined;
  }

  byteSize(): { memory: number; disk: number } {
    let memory = 0;
    let disk = 0;
    for (const slot of this.slots) {
      memory += slot.segment.byteSize;
      if (slot.savedAs) disk += slot.segment.byteSize;
    }
    return { memory, disk };
  }

  /** Saves every unsaved segment (at close, so the next start has nothing to replay). */
  saveAll(): void {
    this.abandonMerges();
    for (const slot of this.slots) if (!slot.savedAs) this.save(slot, []);
  }

  /** Background merges still running: their results will be dropped, and their segments are free again. */
  abandonMerges(): void {
    clearTimeout(this.idleMerge);
    this.generation++;
    for (const slot of this.slots) slot.merging = false;
  }

  /**
   * Tiered merging: once MERGE_FACTOR segments at the tail are no larger than the newest one's size
   * class (a power of MERGE_FACTOR), they are merged into one. Each document is then rewritten about
   * log_MERGE_FACTOR(n / batch) times during a bulk load (log2 with pairwise merging), and the index
   * holds at most MERGE_FACTOR - 1 segments per size class.
   */
  private maintain(): void {
    for (;;) {
      const n = this.slots.length;
      if (n < MERGE_FACTOR) break;
      const tier = sizeClass(this.slots[n - 1]!.segment.docCount);
      let k = 0;
      while (
        k < n &&
        !this.slots[n - 1 - k]!.merging &&
        sizeClass(this.slots[n - 1 - k]!.segment.docCount) <= tier
      )
        k++;
      if (k < MERGE_FACTOR) break;
      const merging = this.slots.slice(n - k);
      if (
        this.merger !== null &&
        merging.reduce((sum, s) => sum + s.segment.docCount, 0) >= BACKGROUND_MIN_DOCS
      ) {
        this.mergeInBackground(this.merger, merging);
        break;
      }
      this.mergeInPlace(merging);
    }
    this.compactDeleted();
    for (const slot of this.slots)
      if (!slot.savedAs && !slot.merging && slot.segment.docCount >= this.persistMinDocs) this.save(slot, []);
  }

  /** (Re)starts the wait after which mergeTail runs; only with a background merger (a server). */
  private mergeTailWhenIdle(): void {
    if (this.merger === null) return;
    clearTimeout(this.idleMerge);
    const generation = this.generation;
    this.idleMerge = setTimeout(() => {
      if (generation === this.generation) this.mergeTail(this.merger!);
    }, IDLE_MERGE_MS);
    this.idleMerge.unref();
  }

  /** Merges the slots `merging` (consecutive, at the tail or not) into one, on this thread. */
  private mergeInPlace(merging: SegmentSlot[]): void {
    const merged = mergeSegments(
      merging.map((s) => s.segment),
      (docNum) => this.live.has(docNum),
    );
    const replaced = merging.flatMap((s) => (s.savedAs ? [s.savedAs] : []));
    const slot: SegmentSlot = { segment: merged, savedAs: null, deleted: 0 };
    this.slots.splice(this.slots.indexOf(merging[0]!), merging.length, slot);
    this.docFreqs.clear();
    if (replaced.length > 0 || merged.docCount >= this.persistMinDocs) this.save(slot, replaced);
  }

  /**
   * Merges the segments after the largest into one, and the largest with them when they hold a quarter of its
   * documents or more: each such merge grows the largest segment by a quarter at least, so documents are
   * rewritten a bounded number of times however often writes pause. Waits for merges in flight first.
   */
  private mergeTail(merger: BackgroundMerger): void {
    if (this.mergesInFlight.size > 0) return this.mergeTailWhenIdle();
    const merging = this.tail();
    if (merging !== null) this.mergeInBackground(merger, merging);
  }

  /**
   * The end of a bulk load: what the server's idle merge does (mergeTail), done now on this thread when there is
   * no background merger, so the load leaves as few segments as the server would once writes pause.
   */
  mergeTailNow(): void {
    if (this.merger !== null) return; // mergeTailWhenIdle is already waiting
    const merging = this.tail();
    if (merging !== null) this.mergeInPlace(merging);
  }

  /** The slots mergeTail merges, or null when there are fewer than two or one is being merged. */
  private tail(): SegmentSlot[] | null {
    if (this.slots.length === 0) return null;
    let largest = 0;
    this.slots.forEach((slot, i) => {
      if (slot.segment.docCount > this.slots[largest]!.segment.docCount) largest = i;
    });
    let tailDocs = 0;
    for (const slot of this.slots.slice(largest + 1)) tailDocs += slot.segment.docCount;
    const from = tailDocs >= this.slots[largest]!.segment.docCount * TAIL_SHARE_TO_MERGE_ALL ? largest : largest + 1;
    const merging = this.slots.slice(from);
    return merging.length >= 2 && merging.every((slot) => !slot.merging) ? merging : null;
  }

  /**
   * Merges `merging` on the merger's thread; searches read the old segments until the merged one replaces
   * them in one step. Documents deleted meanwhile are in the merged segment but not live, and counted as
   * deleted there. A merge that fails is simply not done: the segments stay as they were.
   */
  private mergeInBackground(merger: BackgroundMerger, merging: SegmentSlot[]): void {
    const generation = this.generation;
    for (const slot of merging) slot.merging = true;
    const deleted: number[] = [];
    for (const { segment } of merging)
      for (const docNum of segment.data.docNums) if (!this.live.has(docNum)) deleted.push(docNum);
    const replaced = merging.flatMap((s) => (s.savedAs ? [s.savedAs] : []));
    const done: Promise<void> = merger
      .merge({
        segments: merging.map((s) => s.segment),
        deleted: Uint32Array.from(deleted),
        dir: this.segmentsDir,
        mustSave: replaced.length > 0,
        persistMinDocs: this.persistMinDocs,
      })
      .then((result) => this.finishMerge(generation, merging, result))
      .catch((error: unknown) =>
        process.emitWarning(`Kachi: a background merge was not applied: ${String(error)}`),
      )
      .finally(() => this.mergesInFlight.delete(done));
    this.mergesInFlight.add(done);
  }

  /** Resolves once no background merge is running (those a finished merge starts included). */
  async mergesSettled(): Promise<void> {
    while (this.mergesInFlight.size > 0) await Promise.all(this.mergesInFlight);
  }

  /** Puts a background merge's segment in place of the segments it merged, if they are all still there. */
  private finishMerge(generation: number, merging: SegmentSlot[], result: MergeResult | null): void {
    const at = this.slots.indexOf(merging[0]!);
    const stillThere =
      generation === this.generation && at >= 0 && merging.every((slot, i) => this.slots[at + i] === slot);
    if (result === null || !stillThere) {
      if (result?.savedAs) this.removeFile(result.savedAs);
      if (generation === this.generation) for (const slot of merging) slot.merging = false;
      return;
    }
    const { segment, savedAs } = result;
    let gone = 0;
    for (const docNum of segment.data.docNums) if (!this.live.has(docNum)) gone++;
    const slot: SegmentSlot = { segment, savedAs: null, deleted: gone };
    // Inputs may have been saved since the merge began (to save a segment after them): the merged one replaces them.
    const replaced = merging.flatMap((s) => (s.savedAs ? [s.savedAs] : []));
    this.slots.splice(at, merging.length, slot);
    this.docFreqs.clear();
    if (savedAs !== null) this.save(slot, replaced, savedAs);
    else if (replaced.length > 0) this.save(slot, replaced);
    this.maintain();
  }

  /** Rewrites each segment that is mostly deleted documents; drops those with none live. */
  compactDeleted(): void {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const slot = this.slots[i]!;
      if (slot.merging || slot.deleted <= slot.segment.docCount * MAX_DELETED_SHARE) continue;
      const replaced = slot.savedAs ? [slot.savedAs] : [];
      this.docFreqs.clear();
      if (slot.deleted >= slot.segment.docCount) {
        this.slots.splice(i, 1);
        this.store.replaceSegments(replaced, []);
        for (const old of replaced) this.removeFile(old);
        continue;
      }
      const compacted: SegmentSlot = {
        segment: mergeSegments([slot.segment], (docNum) => this.live.has(docNum)),
        savedAs: null,
        deleted: 0,
      };
      this.slots[i] = compacted;
      if (replaced.length > 0 || compacted.segment.docCount >= this.persistMinDocs)
        this.save(compacted, replaced);
    }
  }

  /**
   * Saves `slot` (or registers `written`, a file the merge thread already wrote for it), first saving every
   * unsaved segment before it. Saved segments thus always lead the list, in document order, and a restart
   * replays exactly the documents after the last saved one, after them. A saved segment with unsaved ones
   * before it would have them replayed after it, out of order, and a merge over that order then mixed
   * document numbers (seen as duplicated hits after kill -9 restarts).
   */
  private save(slot: SegmentSlot, replaced: string[], written?: string): void {
    const at = this.slots.indexOf(slot);
    for (let i = 0; i < at; i++) if (!this.slots[i]!.savedAs) this.saveOne(this.slots[i]!, []);
    this.saveOne(slot, replaced, written);
  }

  private saveOne(slot: SegmentSlot, replaced: string[], written?: string): void {
    const s = slot.segment;
    const name = written ?? segmentFileName(s);
    if (written === undefined) writeSegmentFile(join(this.segmentsDir, name), s);
    this.store.replaceSegments(replaced, [{ name, minDoc: s.minDoc, maxDoc: s.maxDoc, docCount: s.docCount }]);
    slot.savedAs = name;
    for (const old of replaced) this.removeFile(old);
  }

  /**
   * Deletes a segment file the store no longer lists, off this thread: unlinking a large file took 32 ms of a
   * search's wait in a profile. One left behind by a crash is removed at the next open (unlisted files are).
   */
  private removeFile(name: string): void {
    rm(join(this.segmentsDir, name), { force: true }).catch(() => {});
  }

  private recomputeStatistics(): void {
    this.liveCount = 0;
    this.fieldTotals = [];
    for (const slot of this.slots) {
      const { docNums, fieldCount, fieldLengths } = slot.segment.data;
      slot.deleted = 0;
      for (let local = 0; local < docNums.length; local++) {
        if (!this.live.has(docNums[local]!)) {
          slot.deleted++;
          continue;
        }
        for (let f = 0; f < fieldCount; f++)
          this.fieldTotals[f] = (this.fieldTotals[f] ?? 0) + fieldLengths[local * fieldCount + f]!;
      }
    }
    this.liveCount = this.live.count();
  }
}
