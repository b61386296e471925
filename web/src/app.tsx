// The shell: header with the two pages (search, admin) and the language toggle; hash routing (#/, #/admin).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AdminPage } from './admin/admin-page.tsx';
import { SearchPage } from './search/search-page.tsx';
import { I18n, initialLang, makeTranslate, rememberLang, type Lang } from './ui/i18n.ts';

type Route = 'search' | 'admin';

function currentRoute(): Route {
  return location.hash.startsWith('#/admin') ? 'admin' : 'search';
}

function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const route = useRoute();
  const i18n = useMemo(
    () => ({
      lang,
      t: makeTranslate(lang),
      locale: lang === 'ko' ? 'ko-KR' : 'en-US',
      setLang(next: Lang) {
        rememberLang(next);
        setLangState(next);
      },
    }),
    [lang],
  );
  const { t } = i18n;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = route === 'admin' ? t('admin.title') : t('app.title');
  }, [lang, route, t]);
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  return (
    <I18n.Provider value={i18n}>
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault(); // keep the route in the hash; just move focus
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href="#/" aria-label={t('app.home')}>
          <span class="brand-mark" aria-hidden="true">
            까
          </span>
          <span class="brand-name">{t('app.name')}</span>
        </a>
        <nav aria-label={t('app.nav')}>
          <a href="#/" aria-current={route === 'search' ? 'page' : undefined}>
            {t('app.search')}
          </a>
          <a href="#/admin" aria-current={route === 'admin' ? 'page' : undefined}>
            {t('app.admin')}
          </a>
        </nav>
        <button type="button" class="lang-toggle" lang={other} onClick={() => i18n.setLang(other)}>
          {other === 'en' ? 'English' : '한국어'}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route === 'admin' ? <AdminPage /> : <SearchPage />}
      </main>
      <footer class="footer muted">{t('app.footer')}</footer>
    </I18n.Provider>
  );
}
