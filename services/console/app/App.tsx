import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, clearSession, loadSession, saveSession, setUnauthorizedHandler, type Session } from './api.ts';
import { CalendarNotice } from './components/CalendarNotice.tsx';
import { PRODUCT_NAME, PRODUCT_SUBTITLE, ROLE_LABELS } from './labels.ts';
import { allowed, homeFor, navFor, navigate, useRoute } from './router.ts';
import type { Role } from './types.ts';
import { Admin } from './views/Admin.tsx';
import { CommandCenter } from './views/CommandCenter.tsx';
import { Inbox } from './views/Inbox.tsx';
import { Login } from './views/Login.tsx';
import { TicketDetail } from './views/TicketDetail.tsx';

/** The analysis views carry ECharts: loaded only when opened, so the other views start light. */
const Analysis = lazy(() => import('./views/Analysis.tsx').then((module) => ({ default: module.Analysis })));

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [loginNotice, setLoginNotice] = useState<string | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    setUnauthorizedHandler((error) => {
      clearSession();
      setSession(undefined);
      setLoginNotice(error.code === 'TOKEN_EXPIRED' ? '登录已过期，请重新登录' : '登录状态已失效，请重新登录');
    });
  }, []);

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    setLoginNotice(undefined);
    const current = window.location.hash.replace(/^#/, '').split('?')[0] ?? '';
    if (!current || current === '/' || current === '/login' || !allowed(next.user.role, current)) navigate(homeFor(next.user.role), undefined, true);
  }, []);

  const signOut = useCallback(async () => {
    await api.logout();
    clearSession();
    setSession(undefined);
    setLoginNotice('您已退出登录');
    navigate('/login', undefined, true);
  }, []);

  // A new view starts at the top (the page scrolls as a whole).
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [route.path]);

  const role = session?.user.role;
  const redirect = role !== undefined && (route.path === '/' || route.path === '/login' || !allowed(role, route.path));
  useEffect(() => {
    if (redirect && role) navigate(homeFor(role), undefined, true);
  }, [redirect, role]);
  const navCounts = useNavCounts(role, route.path);

  if (!session) return <Login onLogin={signIn} notice={loginNotice} />;
  const user = session.user;

  let view = null;
  const [section, sub] = route.segments;
  if (!redirect) {
    if (section === 'ticket' && sub) view = <TicketDetail key={sub} ticketId={sub} user={user} />;
    else if (section === 'command') view = <CommandCenter tab={sub ?? 'live'} />;
    else if (section === 'inbox') view = <Inbox user={user} route={route} />;
    else if (section === 'analysis') view = <Analysis tab={sub ?? 'search'} route={route} user={user} />;
    else if (section === 'admin') view = <Admin tab={sub ?? 'dlq'} />;
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>跳到主要内容</a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">12345</span>
          <span className="brand-name">{PRODUCT_NAME}</span>
          <span className="brand-sub">{PRODUCT_SUBTITLE}</span>
        </div>
        <div className="userbox" data-testid="current-user">
          <span className="user-name">{user.displayName}</span>
          <span className="user-role">{ROLE_LABELS[user.role]}{user.departmentName ? ` · ${user.departmentName}` : ''}</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={signOut} data-testid="logout">退出</button>
        </div>
      </header>
      <div className="frame">
        <nav className="sidenav" aria-label="主导航">
          {navFor(user.role).map((group) => (
            <div className="nav-group" key={group.label}>
              <h2 className="nav-group-title">{group.label}</h2>
              <ul>
                {group.items.map((item) => {
                  const current = route.path === item.path;
                  return (
                    <li key={item.path}>
                      <a href={`#${item.path}`} className={current ? 'active' : undefined} aria-current={current ? 'page' : undefined} data-testid={item.testId}>
                        {item.label}
                        {item.count && navCounts?.[item.count] ? <span className="nav-count" data-testid={`${item.testId}-count`}>{navCounts[item.count]}</span> : null}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          <CalendarNotice />
          <Suspense fallback={<span className="loading" role="status">加载中…</span>}>{view}</Suspense>
        </main>
      </div>
    </div>
  );
}

const NAV_COUNT_POLL_MS = 60_000;

/**
 * For operators and admins, how many tickets wait in 人工分拨 and in 待办, beside those menu entries: read on sign-in,
 * on every navigation and once a minute. A failed read leaves the last counts (they are a hint, not the list).
 */
function useNavCounts(role: Role | undefined, path: string): { triage: number; todo: number } | undefined {
  const [counts, setCounts] = useState<{ triage: number; todo: number } | undefined>(undefined);
  useEffect(() => {
    if (role !== 'operator' && role !== 'admin') {
      setCounts(undefined);
      return undefined;
    }
    let stopped = false;
    const read = () => {
      Promise.all([api.triage(1, 1), api.workQueue('returned', 1, 1)]).then(
        ([triage, work]) => {
          if (!stopped) setCounts({ triage: triage.total, todo: Object.values(work.counts).reduce((sum, count) => sum + count, 0) });
        },
        () => undefined,
      );
    };
    read();
    const timer = window.setInterval(read, NAV_COUNT_POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [role, path]);
  return counts;
}
