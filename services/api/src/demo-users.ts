import type { NewUser, UserStore } from './users.ts';

/**
 * The demo accounts `scripts/start` creates (API_DEMO_USERS=true), one per role and three departments that the
 * sample messages are routed to. Documented in the README; never enable them on a real deployment.
 */
export const DEMO_PASSWORD = 'demo-12345-hotline';
export const DEMO_USERS: NewUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', password: DEMO_PASSWORD },
  { username: 'operator', displayName: '指挥中心值班员', role: 'operator', password: DEMO_PASSWORD },
  { username: 'analyst', displayName: '数据分析员', role: 'analyst', password: DEMO_PASSWORD },
  { username: 'dept.a3-urban', displayName: 'A3区城管局 办理员', role: 'department', departmentId: 'a3-urban-management', password: DEMO_PASSWORD },
  { username: 'dept.a-housing', displayName: 'A市住建局 办理员', role: 'department', departmentId: 'a-housing', password: DEMO_PASSWORD },
  { username: 'dept.a-water', displayName: 'A市供水公司 办理员', role: 'department', departmentId: 'a-water-supply', password: DEMO_PASSWORD },
];

/** Adds the demo users that are missing; existing accounts (and changed passwords) are left alone. */
export async function ensureDemoUsers(users: UserStore): Promise<string[]> {
  const added: string[] = [];
  for (const user of DEMO_USERS) {
    if (await users.find(user.username)) continue;
    await users.add(user).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'USER_EXISTS') throw err;
    });
    added.push(user.username);
  }
  return added;
}
