// Indexes with their stats, refreshed every two seconds: GET /indexes for the list, GET /stats for counts and sizes.
import { api } from '../api/client.ts';
import type { IndexInfo, Page, ServerStats } from '../api/types.ts';
import { usePoll } from '../ui/use-poll.ts';

export interface AdminIndexes {
  list: IndexInfo[];
  uids: string[];
  stats: ServerStats | null;
  error: unknown;
  reload(): void;
}

export function useAdminIndexes(): AdminIndexes {
  const polled = usePoll(
    async () => {
      const [page, stats] = await Promise.all([
        api<Page<IndexInfo>>('GET', '/indexes?limit=1000'),
        api<ServerStats>('GET', '/stats'),
      ]);
      return { list: page.results, stats };
    },
    2000,
    [],
  );
  const list = polled.data?.list ?? [];
  return {
    list,
    uids: list.map((info) => info.uid),
    stats: polled.data?.stats ?? null,
    error: polled.error,
    reload: polled.reload,
  };
}
