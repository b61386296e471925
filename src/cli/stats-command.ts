// `kachi stats [NAME]`: documents, sizes and bytes per document of each index.
import { openFromFlags, parse } from './common.ts';

export async function statsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } });
  const engine = openFromFlags(values['db-path']);
  try {
    const uids = positionals.length > 0 ? positionals : engine.listIndexes().map((i) => i.uid);
    const rows = uids.map((uid) => {
      const stats = engine.getIndex(uid).stats();
      const n = Math.max(stats.numberOfDocuments, 1);
      return {
        index: uid,
        documents: stats.numberOfDocuments,
        documentsBytes: stats.rawDocumentDbSize,
        indexBytesOnDisk: stats.indexSizeOnDisk,
        indexBytesInMemory: stats.indexSizeInMemory,
        indexBytesPerDocumentInMemory: Math.round(stats.indexSizeInMemory / n),
        indexBytesPerDocumentOnDisk: Math.round((stats.indexSizeOnDisk - stats.rawDocumentDbSize) / n),
        fields: Object.keys(stats.fieldDistribution).length,
      };
    });
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log('no indexes yet: kachi index <file> --index NAME');
    else console.table(rows);
    return 0;
  } finally {
    engine.close();
  }
}
