// The indexes the key may see, the one chosen (remembered in localStorage), and that index's settings.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, indexPath, needsKey } from '../api/client.ts';
import type { IndexInfo, Page, Settings } from '../api/types.ts';

const INDEX_STORAGE = 'kachi.index';

export type IndexesStatus = 'loading' | 'ready' | 'needs-key' | 'error';

export interface IndexesState {
  status: IndexesStatus;
  list: IndexInfo[];
  error: unknown;
  reload(): void;
}

export function useIndexes(): IndexesState {
  const [state, setState] = useState<Omit<IndexesState, 'reload'>>({
    status: 'loading',
    list: [],
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    api<Page<IndexInfo>>('GET', '/indexes?limit=1000')
      .then((page) => live && setState({ status: 'ready', list: page.results, error: null }))
      .catch(
        (error: unknown) =>
          live && setState({ status: needsKey(error) ? 'needs-key' : 'error', list: [], error }),
      );
    return () => {
      live = false;
    };
  }, [generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}

function remembered(): string | null {
  try {
    return localStorage.getItem(INDEX_STORAGE);
  } catch {
    return null;
  }
}

/** The chosen index: the remembered one if it still exists, else the sample guide, else the first. */
export function useSelectedIndex(list: IndexInfo[]): [string | null, (uid: string) => void] {
  const [chosen, setChosen] = useState<string | null>(remembered);
  const uids = list.map((info) => info.uid);
  const current =
    chosen !== null && uids.includes(chosen)
      ? chosen
      : uids.includes('kachi-guide')
        ? 'kachi-guide'
        : (uids[0] ?? null);
  const choose = useCallback((uid: string) => {
    setChosen(uid);
    try {
      localStorage.setItem(INDEX_STORAGE, uid);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }, []);
  return [current, choose];
}

export interface SettingsState {
  uid: string | null;
  settings: Settings | null;
  error: unknown;
}

/** GET /indexes/:uid/settings; `settings` is null until it has arrived for this very uid. */
export function useSettings(uid: string | null): SettingsState {
  const [state, setState] = useState<SettingsState>({ uid: null, settings: null, error: null });
  useEffect(() => {
    if (uid === null) return;
    let live = true;
    api<Settings>('GET', indexPath(uid, '/settings'))
      .then((settings) => live && setState({ uid, settings, error: null }))
      .catch((error: unknown) => live && setState({ uid, settings: {}, error }));
    return () => {
      live = false;
    };
  }, [uid]);
  return state.uid === uid ? state : { uid, settings: null, error: null };
}
