// Adds a user of the console and API, or resets a password (--reset). The password is read from standard input
// (or typed at the prompt) so it never appears in the shell history or the process list.
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCityConfig } from '@hotline/routing';
import { createElasticsearch } from '@hotline/store';
import { createUserStore, NewUserSchema, ROLES } from '../../services/api/src/users.ts';

const usage = `usage: bash scripts/user add USERNAME --role ${ROLES.join('|')} [--department DEPARTMENT_ID] [--name 显示名] [--reset]
  the password is read from standard input, e.g.  printf '%s' "$PASSWORD" | bash scripts/user add wang.li --role operator
  departments: ids from config/city/departments.json (e.g. a3-urban-management)
  env: ELASTICSEARCH_URL (default http://127.0.0.1:9200), INDEX_PREFIX`;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, department: { type: 'string' }, name: { type: 'string' }, reset: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (values.help || positionals[0] !== 'add' || !positionals[1]) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, '');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const password = await prompt.question('密码 (at least 10 characters): ');
  prompt.close();
  return password;
}

const input = NewUserSchema.safeParse({
  username: positionals[1],
  password: await readPassword(),
  displayName: values.name ?? positionals[1],
  role: values.role,
  ...(values.department ? { departmentId: values.department } : {}),
});
if (!input.success) {
  for (const issue of input.error.issues) console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
  console.error(usage);
  process.exit(2);
}
const city = loadCityConfig(path.join(fileURLToPath(new URL('../../config', import.meta.url)), 'city'));
const names = new Map(city.departments.map((department) => [department.id, department.name]));
const users = createUserStore(createElasticsearch({ url: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' }), { prefix: process.env.INDEX_PREFIX ?? '', departmentName: (id) => names.get(id) });
try {
  await users.install();
  const user = await users.add(input.data, { replace: values.reset });
  console.log(`${values.reset ? 'updated' : 'added'} ${user.username} (${user.role}${user.departmentName ? `, ${user.departmentName}` : ''})`);
} catch (err) {
  console.error(`could not add the user: ${(err as Error).message}`);
  process.exit(1);
}
