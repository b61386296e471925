// `kachi index <file> --index NAME`: bulk-loads documents with a progress bar. Batches are
// committed one by one, so a bad line stops the import without losing the batches before it; the next
// batch is analysed while one is written (addDocumentBatches).
import { KachiError, isKachiError } from '../errors.ts';
import { fileSize, readDocumentBatches } from './read-documents.ts';
import { ProgressBar } from './progress.ts';
import { openFromFlags, parse } from './common.ts';

export async function indexCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    index: { type: 'string' },
    'primary-key': { type: 'string' },
    'batch-size': { type: 'string' },
  });
  const [file] = positionals;
  if (!file || !values.index) {
    console.error('usage: kachi index <file.jsonl|.json|.csv> --index NAME [--primary-key id] [--db-path DIR]');
    return 2;
  }
  const engine = openFromFlags(values['db-path']);
  try {
    const index = engine.hasIndex(values.index) ? engine.getIndex(values.index) : engine.createIndex(values.index);
    const progress = new ProgressBar(fileSize(file));
    const batchSize = Number(values['batch-size'] ?? 1000);
    let count = 0;
    let bytes = 0;
    // batches read but not yet written: the load analyses one batch ahead of the write
    const reading: Array<{ firstLine: number; count: number; bytesRead: number }> = [];
    async function* documents() {
      for await (const batch of readDocumentBatches(file!, batchSize)) {
        reading.push({ firstLine: batch.firstLine, count: batch.documents.length, bytesRead: batch.bytesRead });
        yield batch.documents;
      }
    }
    try {
      await index.addDocumentBatches!(documents(), {
        ...(values['primary-key'] ? { primaryKey: values['primary-key'] } : {}),
        onBatch() {
          const done = reading.shift()!;
          count += done.count;
          bytes = done.bytesRead;
          progress.update(count, bytes);
        },
      });
    } catch (error) {
      const failed = reading[0];
      progress.update(count, bytes);
      throw isKachiError(error) && failed !== undefined && failed.firstLine > 0
        ? new KachiError(error.code, error.message.replace(/Document at position (\d+)/g, (_, n: string) => `Document on line ${failed.firstLine + Number(n)}`))
        : error;
    }
    progress.finish(count, bytes);
    console.log(`indexed ${count.toLocaleString('en')} documents into '${values.index}'`);
    return 0;
  } catch (error) {
    process.stderr.write('\n');
    throw error;
  } finally {
    engine.close();
  }
}
