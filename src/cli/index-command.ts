// `kachi index <file> --index NAME`: bulk-loads documents with a progress bar. Batches are
// committed one by one, so a bad line stops the import without losing the batches before it.
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
    for await (const batch of readDocumentBatches(file, batchSize)) {
      try {
        index.addDocuments(batch.documents, values['primary-key'] ? { primaryKey: values['primary-key'] } : {});
      } catch (error) {
        throw isKachiError(error) && batch.firstLine > 0
          ? new KachiError(error.code, error.message.replace(/Document at position (\d+)/g, (_, n: string) => `Document on line ${batch.firstLine + Number(n)}`))
          : error;
      } finally {
        progress.update(count, bytes);
      }
      count += batch.documents.length;
      bytes = batch.bytesRead;
      progress.update(count, bytes);
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
