import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ticketIdFor, type IntakeMessageInput } from '@hotline/contracts';
import { eventually } from '../support/pipeline.ts';
import { advanceSome, buildConsole, DEMO_PASSWORD, demoMessages, startConsoleStack, type ConsoleStack } from './console-stack.ts';

// The web console in a real browser (Debian's chromium through playwright-core) against the real system: the
// pipeline and the API in this process over the real Kafka and Elasticsearch, the console built by vite and served
// by the API. Each role does its main job through the UI; every main view is photographed to .state/screenshots.
const runId = `${inject('runId')}-console`;
const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = `${root}.state/screenshots`;
const CHROMIUM = '/usr/bin/chromium';

// The few browser globals the page functions below use (this file is checked without the DOM library).
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };
declare const location: { hash: string };
const departmentPassword = 'browser-test-password';

let stack: ConsoleStack;
let context: BrowserContext;
let userDataDir: string;
/** Uncaught errors in any page: none is expected. */
const pageErrors: string[] = [];

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let charts finish their entry animation and fonts settle before the picture.
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage });
}

/** A new tab is a new session (the token lives in sessionStorage): sign in there as the given user. */
async function signIn(username: string, password = DEMO_PASSWORD): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
  await page.goto(`${stack.baseUrl}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

/** Waits for the command result to settle (a 202 polls until the ticket's version moves) and returns its text. */
async function commandResult(page: Page): Promise<string> {
  const result = page.getByTestId('cmd-result');
  await page.waitForFunction(() => {
    const kind = document.querySelector('[data-testid="cmd-result"]')?.getAttribute('data-kind');
    return kind === 'success' || kind === 'error' || kind === 'conflict';
  }, undefined, { timeout: 40_000 });
  return (await result.textContent()) ?? '';
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  buildConsole();
  stack = await startConsoleStack({ kafkaBrokers: inject('kafkaBrokers'), elasticsearchUrl: inject('elasticsearchUrl'), runId });
  await advanceSome(stack, await stack.send(demoMessages(runId, 160)));
  // A message that is not JSON: dead-lettered by ingest, for the admin's DLQ view.
  await stack.pipeline.producer.send({ topic: stack.pipeline.topics.intake, acks: -1, messages: [{ value: Buffer.from('{"schemaVersion":1,"body":') }] });
  // The fixtures are dated over the last month, so the sweep turns many lights red and some yellow.
  await stack.pipeline.apps.tracker.sweep(new Date());
  await eventually(() => stack.find({ term: { slaLight: 'red' } }, 1), (docs) => docs.length > 0, { timeoutMs: 30_000, what: 'a red light after the sweep' });

  userDataDir = mkdtempSync(`${tmpdir()}/hotline-console-`);
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN'],
    // Chinese browser chrome (date inputs 年/月/日) where chromium-l10n is installed; English otherwise.
    env: { ...process.env, LANGUAGE: 'zh_CN:zh', LANG: 'zh_CN.UTF-8' } as Record<string, string>,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}, 300_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await stack?.stop();
});

describe('console in the browser', () => {
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('shows the login form and the API\'s message for a wrong password', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId('login-username').waitFor();
    await shoot(page, 'login');
    await page.getByTestId('login-username').fill('analyst');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(await error.getAttribute('role')).toBe('alert');
    await page.close();
  });

  it('a department signs for a ticket, contacts the caller (先行联系) and resolves it', async () => {
    // The department with the most tickets waiting to be signed for gets a user of its own.
    const routed = (await stack.find({ term: { status: 'routed' } }, 500)).filter((doc) => doc.department);
    const counts = new Map<string, number>();
    for (const doc of routed) counts.set(doc.department!.id, (counts.get(doc.department!.id) ?? 0) + 1);
    const departmentId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(departmentId, 'no seeded ticket was routed to a department').toBeDefined();
    const admin = await stack.login('admin');
    const added = await stack.call('POST', '/api/admin/users', admin, { username: 'dept.browser', password: departmentPassword, displayName: '浏览器测试 办理员', role: 'department', departmentId });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    const page = await signIn('dept.browser', departmentPassword);
    // A department sees its own desk only.
    expect(await page.getByTestId('nav-inbox').count()).toBe(1);
    expect(await page.getByTestId('nav-triage').count()).toBe(0);
    expect(await page.getByTestId('nav-search').count()).toBe(0);
    await page.getByTestId('inbox-row').first().waitFor();
    await shoot(page, 'department-inbox');

    await page.getByTestId('inbox-tab-routed').click();
    await page.waitForFunction(() => document.querySelector('#inbox-tab-routed')?.getAttribute('aria-selected') === 'true');
    const row = page.getByTestId('inbox-row').first();
    await row.waitFor();
    const ticketId = (await row.getAttribute('data-ticket-id'))!;
    await row.locator('a.ticket-id').click();
    const detail = page.getByTestId('ticket-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-ticket-id')).toBe(ticketId);
    expect(await detail.getAttribute('data-status')).toBe('routed');

    await page.getByTestId('cmd-signFor').click();
    await page.getByTestId('cmd-submit').click();
    expect(await commandResult(page)).toContain('操作成功');
    await page.waitForFunction(() => document.querySelector('[data-testid="ticket-detail"]')?.getAttribute('data-status') === 'signed_for');

    // 先行联系: the department reaches the caller first, which stops that clock; it is offered once.
    await page.getByTestId('cmd-contact').click();
    await page.getByTestId('field-method-visit').check();
    await page.getByTestId('field-note').fill('已上门查看，约定本周内维修。');
    await page.getByTestId('cmd-submit').click();
    expect(await commandResult(page)).toContain('操作成功');
    await page.getByTestId('detail-handling').getByText('上门走访').waitFor();
    expect(await page.getByTestId('cmd-contact').count()).toBe(0);

    await page.getByTestId('cmd-resolve').click();
    // The summary is required: submitting without it is stopped in the dialog.
    await page.getByTestId('cmd-submit').click();
    await page.getByTestId('cmd-problem').waitFor();
    await page.getByTestId('field-summary').fill('已安排维修人员到现场处理，问题已解决，并电话告知市民。');
    await page.getByTestId('cmd-submit').click();
    expect(await commandResult(page)).toContain('操作成功');
    await page.waitForFunction(() => document.querySelector('[data-testid="ticket-detail"]')?.getAttribute('data-status') === 'resolved');
    await page.getByTestId('detail-handling').getByText('已安排维修人员到现场处理').waitFor();
    // The history (a search over the event log) shows both commands once it has caught up.
    await page.getByTestId('detail-history').getByText('办结：已安排维修人员').waitFor({ timeout: 15_000 });
    await page.getByTestId('detail-history').getByText('先行联系（上门）：已上门查看').waitFor();
    await shoot(page, 'ticket-detail', true);

    const [stored] = await stack.find({ term: { ticketId } }, 1);
    expect(stored?.status).toBe('resolved');
    expect(stored?.handling?.resolution).toContain('已安排维修人员');
    await page.close();
  }, 120_000);

  it('an analyst searches with facets and highlights, and sees the trend, hotspot and department views', async () => {
    const page = await signIn('analyst');
    expect(await page.getByTestId('nav-triage').count()).toBe(0);
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-input').fill('小区 物业 停车');
    await page.getByTestId('search-submit').click();
    await page.waitForFunction(() => location.hash.includes('q='));
    await page.getByTestId('ticket-row').first().waitFor();
    await page.locator('[data-testid="highlight"] mark').first().waitFor();
    expect(await page.locator('[data-testid="highlight"] mark').first().textContent()).toMatch(/小区|物业|停车/);

    const categories = page.getByTestId('facet-category').getByTestId('facet-item');
    expect(await categories.count()).toBeGreaterThan(0);
    expect(Number(await categories.first().getAttribute('data-count'))).toBeGreaterThan(0);
    await shoot(page, 'analysis-search');

    // Clicking a facet filters: every row is then in that district.
    const district = page.getByTestId('facet-district').getByTestId('facet-item').first();
    const districtKey = (await district.getAttribute('data-key'))!;
    const districtCount = Number(await district.getAttribute('data-count'));
    await district.click();
    await page.waitForFunction((key) => new URLSearchParams(location.hash.split('?')[1]).get('district') === key, districtKey);
    await page.waitForFunction((count) => document.querySelector('[data-testid="search-total"] strong')?.textContent === count.toLocaleString('zh-CN'), districtCount);
    expect(await page.getByTestId('facet-district').locator('[aria-pressed="true"]').count()).toBe(1);
    expect(await page.getByTestId('filter-chip').count()).toBe(1);

    await page.getByTestId('nav-trends').click();
    await page.getByTestId('trends-chart').locator('canvas').waitFor();
    await shoot(page, 'analysis-trends');

    await page.getByTestId('nav-hotspots').click();
    await page.getByTestId('hotspots-table').or(page.getByText('当前没有明显的热点')).first().waitFor();
    await shoot(page, 'analysis-hotspots');

    await page.getByTestId('nav-department-rates').click();
    await page.getByTestId('rates-row').first().waitFor();
    await page.getByTestId('rates-chart').locator('canvas').waitFor();
    await shoot(page, 'analysis-department-rates');
    await page.close();
  }, 120_000);

  it('an operator watches live intake, routes a ticket from the triage queue and reads the SLA board', async () => {
    const page = await signIn('operator');
    await page.getByTestId('live-row').first().waitFor();
    // A message arriving while the view is open appears at the top, marked 新.
    const fresh: IntakeMessageInput = {
      schemaVersion: 1,
      sourceId: `${runId}-live-1`,
      channel: 'wechat',
      receivedAt: new Date().toISOString(),
      title: '小区门口路灯不亮',
      body: 'A3区东湖街道锦绣华庭小区门口的路灯已经坏了一个星期，晚上出行很不方便，请尽快维修。',
      location: { district: 'A3区' },
    };
    await stack.send([fresh]);
    const freshRow = page.locator(`[data-testid="live-row"][data-ticket-id="${ticketIdFor('wechat', fresh.sourceId)}"]`);
    await freshRow.getByTestId('live-new').waitFor({ timeout: 20_000 });
    // The backlog strip reads the services' consumer groups: with the message handled, every stage is at zero.
    await page.getByTestId('pipeline-backlog').filter({ hasText: '待受理 0 条' }).filter({ hasText: '待入库 0 条' }).waitFor({ timeout: 20_000 });
    // The holiday calendar's notice shows exactly when the API warns (config/holidays.json ends 2026-12-31, so from
    // mid-November 2026 until the 2027 notice is added).
    const calendar = (await stack.call('GET', '/api/sla/calendar', await stack.login('operator'))).body as { warning: { missingYear: number } | null };
    if (calendar.warning) await page.getByTestId('calendar-notice').filter({ hasText: `${calendar.warning.missingYear} 年国务院放假安排` }).waitFor();
    else expect(await page.getByTestId('calendar-notice').count()).toBe(0);
    await shoot(page, 'command-live');
    if (calendar.warning) {
      // Put away for the day, it stays away after a reload.
      await page.getByTestId('calendar-notice-dismiss').click();
      await page.getByTestId('calendar-notice').waitFor({ state: 'detached' });
      const calendarAnswered = page.waitForResponse((response) => response.url().includes('/api/sla/calendar'));
      await page.reload();
      await calendarAnswered;
      // Two frames after the answer, the notice would have rendered had it not been put away.
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      expect(await page.getByTestId('calendar-notice').count()).toBe(0);
    }

    await page.getByTestId('nav-triage').click();
    const row = page.getByTestId('triage-row').first();
    await row.waitFor();
    const ticketId = (await row.getAttribute('data-ticket-id'))!;
    await shoot(page, 'command-triage');
    await row.getByTestId('triage-dispatch').click();
    const dialog = page.getByTestId('cmd-dialog');
    await dialog.waitFor();
    const suggestion = dialog.getByTestId('dispatch-suggestion').first();
    let departmentId: string;
    if (await suggestion.count()) {
      departmentId = (await suggestion.getAttribute('data-department-id'))!;
      await suggestion.locator('input').check();
    } else {
      await dialog.getByTestId('department-filter').fill('城市管理');
      const option = dialog.getByTestId('department-select').locator('option').first();
      departmentId = (await option.getAttribute('value'))!;
      await dialog.getByTestId('department-select').selectOption(departmentId);
    }
    await dialog.getByTestId('department-chosen').waitFor();
    await shoot(page, 'command-triage-dispatch');
    await dialog.getByTestId('cmd-submit').click();
    expect(await commandResult(page)).toContain('操作成功');
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="triage-row"][data-ticket-id="${id}"]`), ticketId);
    const [stored] = await stack.find({ term: { ticketId } }, 1);
    expect(stored?.status).toBe('routed');
    expect(stored?.department?.id).toBe(departmentId);

    await page.getByTestId('nav-sla').click();
    await page.getByTestId('sla-row').first().waitFor();
    expect(Number(await page.getByTestId('sla-count-red').textContent())).toBeGreaterThan(0);
    await shoot(page, 'command-sla');

    // The routed ticket's detail, as an operator sees it (routing explanation, clocks, history).
    await page.goto(`${stack.baseUrl}/#/ticket/${ticketId}`);
    await page.getByTestId('detail-history').getByTestId('history-entry').first().waitFor();
    expect(await page.getByTestId('cmd-reroute').count()).toBe(1);
    await shoot(page, 'ticket-detail-operator', true);

    // Someone else changes the ticket meanwhile: the command decided on the old version is refused (409), the
    // page says so with the current version, and 刷新 loads it.
    const shownVersion = Number(await page.getByTestId('ticket-detail').getAttribute('data-version'));
    const admin = await stack.login('admin');
    const escalated = await stack.call('POST', `/api/tickets/${ticketId}/commands/escalate`, admin, { note: '请加快办理' });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    await page.getByTestId('cmd-escalate').click();
    await page.getByTestId('field-note').fill('市民再次来电催办，请尽快处理');
    await page.getByTestId('cmd-submit').click();
    await page.getByTestId('cmd-error').waitFor();
    expect(await page.getByTestId('cmd-result').getAttribute('data-kind')).toBe('conflict');
    expect(await page.getByTestId('cmd-result').textContent()).toContain(`当前版本：${shownVersion + 1}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('cmd-refresh').click();
    await page.waitForFunction((version) => document.querySelector('[data-testid="ticket-detail"]')?.getAttribute('data-version') === String(version), shownVersion + 1);
    await page.close();
  }, 120_000);

  it('an operator calls back a resolved ticket from the 待办 view (回访) and closes it', async () => {
    const page = await signIn('operator');
    await page.getByTestId('nav-todo').click();
    await page.getByTestId('work-tab-followUp').click();
    const row = page.getByTestId('work-row').first();
    await row.waitFor();
    const waitingBefore = Number(await page.getByTestId('work-count-followUp').textContent());
    // The menu shows how much waits in 待办 altogether: the four tabs' counts.
    let waitingInAll = 0;
    for (const queue of ['returned', 'extension', 'followUp', 'dissatisfied']) waitingInAll += Number(await page.getByTestId(`work-count-${queue}`).textContent());
    await page.waitForFunction((total) => document.querySelector('[data-testid="nav-todo-count"]')?.textContent === String(total), waitingInAll);
    const ticketId = (await row.getAttribute('data-ticket-id'))!;
    const [waiting] = await stack.find({ term: { ticketId } }, 1);
    expect(waiting?.status).toBe('resolved');
    // The row says by when the citizen is to be called back (the 回访 clock started by the 办结); the tab would say how
    // many are late (none here: the fixtures were resolved moments ago).
    expect(await row.locator('.deadline').first().textContent()).toContain('回访');
    expect(await page.getByTestId('work-late-followUp').count()).toBe(0);
    await shoot(page, 'command-todo');
    await row.getByTestId('work-action').click();
    const dialog = page.getByTestId('cmd-dialog');
    // The department's 办结 summary is in front of whoever calls the citizen,
    expect(await dialog.getByTestId('followup-resolution').textContent()).toBe(waiting?.handling?.resolution);
    // and the number to call, when the citizen left one (a third of the fixtures do).
    const phone = waiting?.restricted?.caller?.phone;
    if (phone) expect(await dialog.getByTestId('followup-contact').textContent()).toContain(phone);
    else expect(await dialog.getByTestId('followup-contact').count()).toBe(0);
    await dialog.getByTestId('field-resolved-yes').check();
    await dialog.getByTestId('field-satisfaction').selectOption('satisfied');
    await dialog.getByTestId('cmd-submit').click();
    expect(await commandResult(page)).toContain('操作成功');
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="work-row"][data-ticket-id="${id}"]`), ticketId);
    const [closed] = await eventually(() => stack.find({ term: { ticketId } }, 1), (docs) => docs[0]?.status !== 'resolved', { timeoutMs: 10_000, what: 'the follow-up searchable' });
    expect(closed?.status).toBe('closed');
    // The tab's count follows once the list reloads.
    await page.waitForFunction((count) => document.querySelector('[data-testid="work-count-followUp"]')?.textContent === String(count), waitingBefore - 1);
    await page.close();
  }, 90_000);

  it('an operator finds a duplicate among the similar tickets and merges it there (并单)', async () => {
    const report = (n: number, body: string): IntakeMessageInput => ({
      schemaVersion: 1, sourceId: `${runId}-duplicate-${n}`, channel: 'phone', receivedAt: new Date(Date.now() - (3 - n) * 3_600_000).toISOString(), title: '井盖缺失', body, location: { district: 'A2区' },
      ...(n === 2 ? { caller: { name: '李女士', phone: '13700001111' } } : {}),
    });
    const [first, second] = [
      report(1, 'A2区望城街道建设路与人民路交叉口的井盖丢失了，路面留下一个大坑，晚上行人和电动车很容易掉进去，请尽快补上。'),
      report(2, '建设路和人民路交叉口井盖丢失好几天了，路上一个大坑，晚上电动车和行人容易掉进去，请相关部门尽快补上井盖。'),
    ];
    await stack.send([first, second]);
    const [masterId, duplicateId] = [ticketIdFor('phone', first.sourceId), ticketIdFor('phone', second.sourceId)];
    await eventually(() => stack.find({ terms: { ticketId: [masterId, duplicateId] } }, 2), (docs) => docs.length === 2 && docs.every((doc) => doc.status === 'routed' || doc.status === 'manual_triage'), { timeoutMs: 30_000, what: 'both reports triaged' });

    const page = await signIn('operator');
    await page.goto(`${stack.baseUrl}/#/ticket/${duplicateId}`);
    const candidate = page.getByTestId('detail-similar').locator(`[data-testid="similar-item"][data-ticket-id="${masterId}"]`);
    await candidate.waitFor();
    expect(await candidate.textContent()).toContain('疑似重复');
    await shoot(page, 'ticket-detail-similar', true);
    await candidate.getByTestId('similar-merge').click();
    await page.getByTestId('cmd-dialog').waitFor();
    expect(await page.getByTestId('field-into').inputValue()).toBe(masterId);
    await page.getByTestId('cmd-submit').click();
    expect(await commandResult(page)).toContain('操作成功');
    const [stored] = await eventually(() => stack.find({ term: { ticketId: duplicateId } }, 1), (docs) => docs[0]?.status !== 'routed' && docs[0]?.status !== 'manual_triage', { timeoutMs: 10_000, what: 'the merge searchable' });
    expect(stored).toMatchObject({ status: 'merged', mergedInto: masterId });
    // The master's page lists it among the tickets merged into it.
    await page.goto(`${stack.baseUrl}/#/ticket/${masterId}`);
    const mergedRow = page.getByTestId('detail-merged').locator(`[data-testid="merged-item"][data-ticket-id="${duplicateId}"]`);
    await mergedRow.waitFor();
    // With the name and number of its citizen, to call back with the master's (回访).
    expect(await mergedRow.getByTestId('merged-contact').textContent()).toBe('李女士 · 13700001111');
    await page.close();
  }, 90_000);

  it('an admin sees the dead-letter queue', async () => {
    const page = await signIn('admin');
    await page.getByTestId('nav-dlq').click();
    await page.getByTestId('dlq-row').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('dlq-row').first().textContent()).toContain('NOT_JSON');
    expect(await page.getByTestId('dlq-row').first().getByTestId('dlq-reason-label').textContent()).toBe('不是有效的 JSON');
    await shoot(page, 'admin-dlq');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-form').waitFor();
    await page.close();
  }, 60_000);
});
