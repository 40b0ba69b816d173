// Hash routing (#/analysis/search?q=…): the API serves only index.html and its assets; every view is addressable,
// the back button works, and no server-side fallback is needed.
import { useEffect, useState } from 'react';
import type { Role } from './types.ts';

export interface Route {
  /** Path segments after '#/', e.g. ['ticket', 'T-1']. */
  segments: string[];
  params: URLSearchParams;
  path: string;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return { segments, params: new URLSearchParams(queryPart), path: `/${segments.join('/')}` };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(path: string, params?: URLSearchParams | Record<string, string | string[] | undefined>): string {
  let query = '';
  if (params instanceof URLSearchParams) query = params.toString();
  else if (params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === '') continue;
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
    }
    query = search.toString();
  }
  return `#${path}${query ? `?${query}` : ''}`;
}

export function navigate(path: string, params?: URLSearchParams | Record<string, string | string[] | undefined>, replace = false): void {
  const target = href(path, params);
  if (replace) window.location.replace(target);
  else window.location.hash = target.slice(1);
}

export function ticketHref(ticketId: string): string {
  return `#/ticket/${encodeURIComponent(ticketId)}`;
}

export interface NavItem {
  path: string;
  label: string;
  testId: string;
  /** A count of the work waiting there, shown beside the label. */
  count?: 'triage' | 'todo';
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

const COMMAND_CENTER: NavGroup = {
  label: '指挥中心',
  items: [
    { path: '/command/live', label: '实时受理', testId: 'nav-live' },
    { path: '/command/triage', label: '人工分拨', testId: 'nav-triage', count: 'triage' },
    { path: '/command/todo', label: '待办', testId: 'nav-todo', count: 'todo' },
    { path: '/command/sla', label: 'SLA 红黄牌', testId: 'nav-sla' },
  ],
};

const DEPARTMENT_DESK: NavGroup = {
  label: '部门工作台',
  items: [
    { path: '/inbox', label: '待办工单', testId: 'nav-inbox' },
    { path: '/inbox/sla', label: '红黄牌预警', testId: 'nav-inbox-sla' },
  ],
};

const ANALYSIS: NavGroup = {
  label: '分析',
  items: [
    { path: '/analysis/search', label: '工单检索', testId: 'nav-search' },
    { path: '/analysis/trends', label: '趋势', testId: 'nav-trends' },
    { path: '/analysis/hotspots', label: '热点', testId: 'nav-hotspots' },
    { path: '/analysis/departments', label: '部门考核', testId: 'nav-department-rates' },
  ],
};

const ADMIN: NavGroup = {
  label: '管理',
  items: [
    { path: '/admin/dlq', label: '死信队列', testId: 'nav-dlq' },
    { path: '/admin/users', label: '添加用户', testId: 'nav-users' },
  ],
};

export function navFor(role: Role): NavGroup[] {
  switch (role) {
    case 'operator':
      return [COMMAND_CENTER, ANALYSIS];
    case 'department':
      return [DEPARTMENT_DESK];
    case 'analyst':
      return [ANALYSIS];
    case 'admin':
      return [COMMAND_CENTER, DEPARTMENT_DESK, ANALYSIS, ADMIN];
  }
}

export function homeFor(role: Role): string {
  switch (role) {
    case 'operator':
    case 'admin':
      return '/command/live';
    case 'department':
      return '/inbox';
    case 'analyst':
      return '/analysis/search';
  }
}

/** Whether a role may open a path: the nav's paths, plus ticket details for everyone. */
export function allowed(role: Role, path: string): boolean {
  if (path.startsWith('/ticket/')) return true;
  return navFor(role).some((group) => group.items.some((item) => item.path === path));
}
