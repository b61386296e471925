// One Kachi index: documents in SQLite (the source of truth), the inverted index and facet index
// in memory (loaded from saved segments, the rest replayed), settings, and the write paths.
import type { AddDocumentsOptions, BulkLoadOptions, IndexInfo, KachiIndex, PreparedDocuments, WriteResult } from './engine-types.ts';
import { KachiError } from './errors.ts';
import type { IndexingAnalyzer } from './analysis/parallel-analyzer.ts';
import type { AnalyzerConfig } from './analysis/types.ts';
import { acquireIndexingAnalyzer } from './analysis/shared-analyzer.ts';
import { TermVariants } from './query/variants.ts';
import { loadTermVariants, saveTermVariants } from './query/variants-file.ts';
import { buildVariantsOffThread } from './query/variants-builder.ts';
import { FacetIndex } from './index/facets.ts';
import { InvertedIndex } from './index/inverted-index.ts';
import { backgroundMerger } from './index/background-merger.ts';
import { IndexStore, type StoredDocument } from './store/index-store.ts';
import { analyseDocuments, FieldIds, searchableTexts } from './indexing.ts';
import { forEachKey } from './index/segment-builder.ts';
import { DEFAULT_DOCUMENT_LIMITS, inferPrimaryKey, normalizeDocumentId, validateDocument, type DocumentLimits } from './documents.ts';
import { defaultSettings, mergeSettings, type FullSettings } from './settings.ts';
import { BIGRAM_PREFIX } from './query/expand.ts';
import { runSearch, runSearchFormattingOffThread, runFacetSearch, listDocuments, readDocument } from './search.ts';
import type { Document, DocumentId, DocumentsPage, DocumentsQuery, FacetSearchRequest, FacetSearchResponse, Filter, IndexStats, SearchRequest, SearchResponse, Settings } from './search-types.ts';
import { parseFilter } from './query/filter-parse.ts';
import { evaluateFilter } from './query/filter-eval.ts';

/** Settings whose change means every document must be analysed again. */
const ANALYSIS_SETTINGS: ReadonlyArray<keyof FullSettings> = ['searchableAttributes', 'stopWords', 'separatorTokens', 'nonSeparatorTokens', 'dictionary', 'korean'];
/** How long after the last write the server prepares an index for searches (prepareForSearchWhenIdle). */
const PREPARE_AFTER_WRITES_MS = 1000;
/** Analysed then, to load what query analysis needs (the particle 이 makes the repair tokenizer load too). */
const WARM_UP_QUERY = '고양이가 학교에서 회장이었다';
/** Documents analysed per segment while replaying or re-indexing. */
const REPLAY_CHUNK = 2000;

export interface IndexOpenOptions {
  uid: string;
  dir: string;
  createdAt: string;
  durability?: 'normal' | 'full';
  limits?: DocumentLimits;
  /** Merge large segments on the process's merge thread (see EngineOptions.backgroundMerges). */
  backgroundMerges?: boolean;
}

export class KachiIndexImpl implements KachiIndex {
  uid: string;
  readonly store: IndexStore;
  readonly inverted: InvertedIndex;
  facets: FacetIndex;
  settings: FullSettings;
  fieldIds: FieldIds;
  analyzer: IndexingAnalyzer;
  /** What `analyzer` was built from (the format thread builds its own from it). */
  analyzerConfig!: AnalyzerConfig;
  private termVariants: TermVariants | null = null;
  /** What the saved side-index file holds, to skip rewriting it unchanged. */
  private variantsSaved: { names: string; size: number } | null = null;
  private readonly createdAt: string;
  private readonly limits: DocumentLimits;
  /** Server mode: merges and the side indexes are built on other threads. */
  private readonly backgroundWork: boolean;
  /** Bumped by every write: side indexes built from an older state are dropped. */
  private writes = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private variantsBuilding: Promise<void> | null = null;
  /** Searched since it was opened (prepareForSearchWhenIdle). */
  private searched = false;
  private closed = false;

  constructor(options: IndexOpenOptions) {
    this.uid = options.uid;
    this.createdAt = options.createdAt;
    this.limits = options.limits ?? DEFAULT_DOCUMENT_LIMITS;
    this.backgroundWork = options.backgroundMerges === true;
    this.store = new IndexStore(options.dir, { durability: options.durability ?? 'normal' });
    this.settings = { ...defaultSettings(), ...(this.store.getMeta<FullSettings>('settings') ?? {}) };
    this.fieldIds = new FieldIds(this.settings.searchableAttributes, this.store.getMeta('fieldIds') ?? {});
    this.analyzer = this.makeAnalyzer();
    this.facets = new FacetIndex(this.facetAttributes());
    this.inverted = new InvertedIndex(this.store, { merger: options.backgroundMerges === true ? backgroundMerger : null });
    const covered = this.inverted.load();
    this.loadVariants();
    this.replay(covered);
    if (this.facetAttributes().length > 0) this.rebuildFacets();
  }

  get primaryKey(): string | null {
    return this.store.getMeta<string>('primaryKey') ?? null;
  }

  info(): IndexInfo {
    return { uid: this.uid, primaryKey: this.primaryKey, createdAt: this.createdAt, updatedAt: this.store.getMeta<string>('updatedAt') ?? this.createdAt };
  }

  setPrimaryKey(primaryKey: string): void {
    if (typeof primaryKey !== 'string' || primaryKey === '') throw new KachiError('invalid_index_primary_key', 'The primary key must be a non-empty string.');
    if (this.primaryKey === primaryKey) return;
    if (this.store.count() > 0)
      throw new KachiError('index_primary_key_already_exists', `Index \`${this.uid}\`: Index already has a primary key: \`${this.primaryKey}\`.`);
    this.store.transaction(() => {
      this.store.setMeta('primaryKey', primaryKey);
      this.touch();
    });
  }

  addDocuments(documents: Document[], options: AddDocumentsOptions = {}): WriteResult {
    if (documents.length === 0)
      return options.deleteFilter === undefined ? { indexedDocuments: 0, deletedDocuments: 0 } : this.deleteByFilter(options.deleteFilter);
    const primaryKey = this.resolvePrimaryKey(documents, options.primaryKey);
    const ids = documents.map((doc, i) => validateDocument(doc, i, primaryKey, this.limits));
    // the last occurrence of an id in a batch wins (update mode merges them in order)
    const latest = new Map<string, Document>();
    documents.forEach((doc, i) => {
      const id = ids[i]!;
      const previous = latest.get(id);
      latest.set(id, options.mode === 'update' && previous ? { ...previous, ...doc } : doc);
    });
    const doomed = options.deleteFilter === undefined ? [] : [...this.filterDocNums(options.deleteFilter, 'invalid_document_filter')];
    const removed: StoredDocument[] = [];
    const added: Array<{ docNum: number; document: Document }> = [];
    this.store.transaction(() => {
      if (this.primaryKey === null) this.store.setMeta('primaryKey', primaryKey);
      for (const old of this.store.byDocNums(doomed).values()) {
        removed.push(old);
        this.store.deleteByDocNum(old.docNum);
      }
      const existing = new Map(this.store.findByExtIds([...latest.keys()]).map((d) => [d.extId, d]));
      for (const [id, doc] of latest) {
        const old = existing.get(id);
        let document = doc;
        if (old) {
          removed.push(old);
          this.store.deleteByDocNum(old.docNum);
          if (options.mode === 'update') document = { ...(JSON.parse(old.body) as Document), ...doc };
        }
        const docNum = this.store.allocateDocNum();
        this.store.insert({ docNum, extId: id, body: JSON.stringify(document) });
        added.push({ docNum, document });
      }
      this.store.saveDocNumCounter();
      this.updateFieldDistribution(removed.map((d) => JSON.parse(d.body) as Document), added.map((a) => a.document));
      this.touch();
    });
    // durable from here on: a crash now is repaired by the replay at the next start
    for (const old of removed) this.forget(old.docNum);
    this.indexDocuments(added, options.prepared ?? null);
    return { indexedDocuments: added.length, deletedDocuments: doomed.length };
  }

  async prepareDocuments(documents: Document[], options: AddDocumentsOptions = {}): Promise<PreparedDocuments | null> {
    // update mode analyses the stored document merged with the new fields, known only inside the write
    if (options.mode === 'update' || documents.length === 0) return null;
    const analyzer = this.analyzer;
    const texts = searchableTexts(documents, this.fieldIds);
    const columns = await analyzer.analyzeColumnsOffThread(texts);
    return columns === null ? null : { analyzer, texts, columns };
  }

  async addDocumentBatches(batches: AsyncIterable<Document[]> | Iterable<Document[]>, options: BulkLoadOptions = {}): Promise<WriteResult> {
    const { onBatch, ...addOptions } = options;
    const total: WriteResult = { indexedDocuments: 0, deletedDocuments: 0 };
    let written = 0;
    let writeMs = 0;
    const write = async (documents: Document[], analysis: Promise<PreparedDocuments | null>) => {
      const prepared = await analysis;
      const started = performance.now();
      const result = this.addDocuments(documents, { ...addOptions, prepared });
      writeMs = performance.now() - started;
      total.indexedDocuments += result.indexedDocuments;
      total.deletedDocuments += result.deletedDocuments;
      onBatch?.(result, written++);
    };
    const source = (async function* () {
      yield* batches;
    })();
    let ahead: { documents: Document[]; analysis: Promise<PreparedDocuments | null> } | null = null;
    for (;;) {
      let read: IteratorResult<Document[]>;
      try {
        read = await source.next();
      } catch (error) {
        // what was read before a bad read is kept, as when loading batch by batch
        if (ahead !== null) await write(ahead.documents, ahead.analysis);
        throw error;
      }
      if (read.done === true) break;
      // this batch's analysis starts (the worker's share) and this thread's share is done, then the batch before is written
      const next = { documents: read.value, analysis: this.prepareAlongside(read.value, addOptions, writeMs) };
      if (ahead !== null) {
        try {
          await write(ahead.documents, ahead.analysis);
        } catch (error) {
          await next.analysis; // let the worker finish before the caller goes on
          throw error;
        }
      }
      ahead = next;
    }
    if (ahead !== null) await write(ahead.documents, ahead.analysis);
    // every batch became a segment and merges left several at the tail; each costs every query a pass
    this.inverted.mergeTailNow();
    return total;
  }

  /** A batch's analysis for addDocumentBatches: this thread's share done now, the worker's awaited. Never rejects. */
  private prepareAlongside(documents: Document[], options: AddDocumentsOptions, otherWorkMs: number): Promise<PreparedDocuments | null> {
    if (options.mode === 'update' || documents.length === 0) return Promise.resolve(null);
    const analyzer = this.analyzer;
    try {
      const texts = searchableTexts(documents, this.fieldIds);
      return analyzer.analyzeColumnsAlongside(texts, otherWorkMs).then(
        (columns) => (columns === null ? null : { analyzer, texts, columns }),
        () => null,
      );
    } catch {
      return Promise.resolve(null); // a malformed batch: addDocuments gives the error
    }
  }

  deleteDocuments(ids: DocumentId[]): WriteResult {
    const extIds = ids.map((id, i) => normalizeDocumentId(id, `Document id at position ${i}`));
    return this.deleteStored(() => this.store.findByExtIds(extIds));
  }

  deleteByFilter(filter: Filter): WriteResult {
    const docs = this.filterDocNums(filter, 'invalid_document_filter');
    return this.deleteStored(() => [...this.store.byDocNums([...docs]).values()]);
  }

  clear(): WriteResult {
    const count = this.store.count();
    this.store.transaction(() => {
      this.store.deleteAll();
      this.store.setMeta('fieldDistribution', {});
      this.touch();
    });
    this.inverted.reset();
    this.facets = new FacetIndex(this.facetAttributes());
    this.termVariants = null;
    this.writes++;
    return { indexedDocuments: 0, deletedDocuments: count };
  }

  getDocument(id: DocumentId, fields?: string[] | null): Document {
    return readDocument(this, normalizeDocumentId(id, 'Document id'), fields ?? null);
  }

  getDocuments(query: DocumentsQuery = {}): DocumentsPage {
    return listDocuments(this, query);
  }

  search(request: SearchRequest): SearchResponse {
    this.searched = true;
    return runSearch(this, request);
  }

  /**
   * The server's search. A first search waits for the side indexes built on the variants thread: the serving
   * thread answers other requests meanwhile (built here, they held it ~0.3 s per 10,000 passages).
   */
  async searchAsync(request: SearchRequest): Promise<SearchResponse> {
    this.searched = true;
    if (this.termVariants === null && this.backgroundWork) await this.prepareVariants();
    // deleted (or swapped out and closed) while this search waited
    if (this.closed) throw new KachiError('index_not_found', `Index \`${this.uid}\` not found.`);
    return runSearchFormattingOffThread(this, request);
  }

  facetSearch(request: FacetSearchRequest): FacetSearchResponse {
    return runFacetSearch(this, request);
  }

  getSettings(): FullSettings {
    return structuredClone(this.settings);
  }

  updateSettings(update: Settings): void {
    const next = mergeSettings(this.settings, update);
    const reanalyse = ANALYSIS_SETTINGS.some((key) => JSON.stringify(next[key]) !== JSON.stringify(this.settings[key]));
    const refacet = JSON.stringify(this.facetAttributes(next)) !== JSON.stringify(this.facetAttributes());
    this.store.transaction(() => {
      this.store.setMeta('settings', next);
      if (reanalyse) {
        this.store.setMeta('fieldIds', {});
        this.store.clearMatchTokens();
      }
      this.touch();
    });
    this.settings = next;
    if (reanalyse) this.reindex();
    if (refacet) this.rebuildFacets();
  }

  resetSettings(names?: Array<keyof Settings>): void {
    const defaults = defaultSettings();
    const update: Record<string, unknown> = {};
    for (const name of names ?? (Object.keys(defaults) as Array<keyof Settings>)) update[name] = null;
    this.updateSettings(update as Settings);
  }

  stats(): IndexStats {
    const count = this.store.count();
    const bytes = this.store.databaseSize();
    const size = this.inverted.byteSize();
    return {
      numberOfDocuments: count,
      isIndexing: false,
      fieldDistribution: this.store.getMeta<Record<string, number>>('fieldDistribution') ?? {},
      rawDocumentDbSize: bytes,
      avgDocumentSize: count > 0 ? Math.round(bytes / count) : 0,
      indexSizeOnDisk: bytes + size.disk,
      indexSizeInMemory: size.memory,
    };
  }

  /** Side indexes for chosung, typo and jamo-prefix expansion, built on first use (or ahead, see prepareVariants). */
  variants(): TermVariants {
    this.termVariants ??= TermVariants.fromTerms(this.allTerms(), this.variantOptions());
    return this.termVariants;
  }

  /** Whether the side indexes are built (for stats and tests). */
  get variantsBuilt(): boolean {
    return this.termVariants !== null;
  }

  /**
   * Server mode: the side indexes built on the variants thread, then in place, unless a write came meanwhile (its
   * terms would be missing; the search then builds them itself). One build at a time.
   */
  private prepareVariants(): Promise<void> {
    if (this.termVariants !== null || this.closed) return Promise.resolve();
    if (this.variantsBuilding !== null) return this.variantsBuilding;
    const writes = this.writes;
    this.variantsBuilding = buildVariantsOffThread(this.inverted.segments)
      .then((bytes) => {
        if (bytes === null || this.closed || this.termVariants !== null || writes !== this.writes) return;
        this.termVariants = TermVariants.fromBytes(bytes, this.variantOptions());
      })
      .finally(() => (this.variantsBuilding = null));
    return this.variantsBuilding;
  }

  /**
   * Server mode, a second after the writes pause: query analysis loads lindera on this thread if it has not yet
   * (~0.7 s; the documents were analysed on the analysis thread), and an index searched since it was opened has
   * its side indexes rebuilt if a write dropped them, so the next search finds both ready. Indexes nobody searched
   * wait for their first search (see searchAsync): their side indexes would take memory (100 workspaces of 10,000
   * passages: ~0.8 GB) for nothing.
   */
  private prepareForSearchWhenIdle(): void {
    if (!this.backgroundWork || this.closed) return;
    clearTimeout(this.idleTimer);
    const writes = this.writes;
    this.idleTimer = setTimeout(() => {
      if (this.closed || writes !== this.writes) return;
      this.analyzer.analyzeQuery(WARM_UP_QUERY);
      if (this.searched) void this.prepareVariants();
    }, PREPARE_AFTER_WRITES_MS);
    this.idleTimer.unref();
  }

  /** Live document numbers matching a filter (throws the given error code on a bad filter). */
  filterDocNums(filter: Filter | null | undefined, code: 'invalid_search_filter' | 'invalid_document_filter' = 'invalid_search_filter') {
    const universe = this.inverted.live.clone();
    if (filter === null || filter === undefined) return universe;
    const node = parseFilter(filter, { code });
    return node ? evaluateFilter(node, this.facets, universe, this.settings.filterableAttributes, { code }) : universe;
  }

  facetAttributes(settings: FullSettings = this.settings): string[] {
    const names = new Set([...settings.filterableAttributes, ...settings.sortableAttributes]);
    if (settings.distinctAttribute) names.add(settings.distinctAttribute);
    return [...names].sort();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.inverted.saveAll();
    this.saveVariants();
    this.analyzer.close();
    this.store.close();
  }

  /** Lets go of the files and the analyzer without saving anything: the index is being deleted. */
  discard(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.inverted.abandonMerges();
    this.analyzer.close();
    this.store.close();
  }

  private resolvePrimaryKey(documents: Document[], requested: string | undefined): string {
    const current = this.primaryKey;
    if (current !== null) {
      if (requested !== undefined && requested !== current)
        throw new KachiError('index_primary_key_already_exists', `Index \`${this.uid}\`: Index already has a primary key: \`${current}\`.`);
      return current;
    }
    return requested ?? inferPrimaryKey(documents[0]);
  }

  private deleteStored(find: () => StoredDocument[]): WriteResult {
    let gone: StoredDocument[] = [];
    this.store.transaction(() => {
      gone = find();
      for (const doc of gone) this.store.deleteByDocNum(doc.docNum);
      this.updateFieldDistribution(gone.map((d) => JSON.parse(d.body) as Document), []);
      this.touch();
    });
    for (const doc of gone) this.forget(doc.docNum);
    this.inverted.compactDeleted();
    return { indexedDocuments: 0, deletedDocuments: gone.length };
  }

  private forget(docNum: number): void {
    this.inverted.delete(docNum);
    this.facets.remove(docNum);
  }

  private indexDocuments(added: ReadonlyArray<{ docNum: number; document: Document }>, prepared: PreparedDocuments | null = null): void {
    this.writes++;
    const before = JSON.stringify(this.fieldIds);
    const analysed = analyseDocuments(added, this.fieldIds, this.analyzerFor(prepared));
    if (JSON.stringify(this.fieldIds) !== before) this.store.setMeta('fieldIds', this.fieldIds.toJSON());
    this.store.saveMatchTokens(analysed.flatMap(({ docNum, matchTokens }) => (matchTokens === undefined ? [] : [{ docNum, tokens: matchTokens }])));
    this.inverted.addBatch(analysed);
    for (const { docNum, document } of added) this.facets.add(docNum, document);
    if (this.termVariants) {
      const variants = this.termVariants;
      const add = (term: string) => {
        if (!term.startsWith(BIGRAM_PREFIX)) variants.add(term);
      };
      for (const doc of analysed) for (const field of doc.fields) forEachKey(field, add);
    }
    this.prepareForSearchWhenIdle();
  }

  /**
   * The analysis done ahead serves the texts it was done for, by the analyzer the index still uses;
   * anything else (settings changed since, a batch that repeats an id) is analysed here.
   */
  analyzerFor(prepared: PreparedDocuments | null): Pick<IndexingAnalyzer, 'analyzeColumns'> {
    const analyzer = this.analyzer;
    if (prepared === null || prepared.analyzer !== analyzer) return analyzer;
    return {
      analyzeColumns: (texts) =>
        texts.length === prepared.texts.length && texts.every((text, i) => text === prepared.texts[i])
          ? prepared.columns
          : analyzer.analyzeColumns(texts),
    };
  }

  /** Analyses stored documents again, a page at a time (indexing may write segment records). */
  private replay(skipRanges: ReadonlyArray<[number, number]> = []): void {
    for (const page of this.store.pages({ skipRanges, pageSize: REPLAY_CHUNK }))
      this.indexDocuments(page.map((doc) => ({ docNum: doc.docNum, document: JSON.parse(doc.body) as Document })));
  }

  private reindex(): void {
    this.inverted.reset();
    this.termVariants = null;
    this.writes++;
    this.fieldIds = new FieldIds(this.settings.searchableAttributes, {});
    const previous = this.analyzer;
    this.analyzer = this.makeAnalyzer(); // before releasing the old one, which unchanged analysis settings share
    previous.close();
    this.replay();
    this.store.setMeta('fieldIds', this.fieldIds.toJSON());
  }

  private rebuildFacets(): void {
    this.facets = new FacetIndex(this.facetAttributes());
    for (const doc of this.store.iterate()) this.facets.add(doc.docNum, JSON.parse(doc.body) as Document);
  }

  private *allTerms(): Generator<string> {
    for (const segment of this.inverted.segments) for (let i = 0; i < segment.termCount; i++) yield segment.termAt(i);
  }

  private variantOptions() {
    return { docFreq: (term: string) => this.inverted.docFreq(term) };
  }

  /** The side indexes saved with exactly the loaded segments, if any (before replay adds newer terms). */
  private loadVariants(): void {
    const names = this.inverted.savedSegmentNames();
    if (names === null || names.length === 0) return;
    this.termVariants = loadTermVariants(this.store.dir, names, this.variantOptions());
    if (this.termVariants) this.variantsSaved = { names: names.join(), size: this.termVariants.size };
  }

  /** At close, with every segment saved: writes the side indexes when they changed (built here if needed). */
  private saveVariants(): void {
    const names = this.inverted.savedSegmentNames();
    if (names === null || names.length === 0) return;
    const variants = this.variants();
    if (this.variantsSaved?.names === names.join() && this.variantsSaved.size === variants.size) return;
    saveTermVariants(this.store.dir, names, variants);
  }

  private makeAnalyzer(): IndexingAnalyzer {
    const s = this.settings;
    // stop words join the user dictionary so that morphology keeps them whole (자동차 would split
    // into 자동 + 차 and never meet the stop word); then they are dropped as one token
    const dictionary = [...new Set([...s.dictionary, ...s.stopWords])];
    this.analyzerConfig = { korean: s.korean, stopWords: s.stopWords, dictionary, separatorTokens: s.separatorTokens, nonSeparatorTokens: s.nonSeparatorTokens };
    return acquireIndexingAnalyzer(this.analyzerConfig);
  }

  private updateFieldDistribution(removed: Document[], added: Document[]): void {
    const distribution = this.store.getMeta<Record<string, number>>('fieldDistribution') ?? {};
    for (const doc of removed)
      for (const key of Object.keys(doc)) {
        const left = (distribution[key] ?? 0) - 1;
        if (left > 0) distribution[key] = left;
        else delete distribution[key];
      }
    for (const doc of added) for (const key of Object.keys(doc)) distribution[key] = (distribution[key] ?? 0) + 1;
    this.store.setMeta('fieldDistribution', distribution);
  }

  private touch(): void {
    this.store.setMeta('updatedAt', new Date().toISOString());
  }
}
