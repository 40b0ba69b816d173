import { fileURLToPath } from 'node:url';
import { loadClassifier } from '@hotline/classifier';
import { loadCityConfig, loadFineCatalog } from '@hotline/routing';
import { parseIntake } from '../services/ingest/src/parse-intake.ts';
import { triageTicket } from '../services/triage/src/triage-ticket.ts';
import { benchMessages } from './lib/messages.ts';
const configDir = fileURLToPath(new URL('../config', import.meta.url));
const deps = { city: loadCityConfig(`${configDir}/city`), classifier: loadClassifier(), fineCatalog: loadFineCatalog(`${configDir}/fine-categories.json`) };
const { messages } = benchMessages(2304, 'p');
const now = new Date();
const received = messages.map((m) => { const p = parseIntake(Buffer.from(JSON.stringify(m)), { topic: 't', partition: 0, offset: '0' }, now); if (!p.ok) throw new Error(); return p.event; });
for (let r = 0; r < 6; r++) { const s = performance.now(); for (const e of received) triageTicket(e, deps, now); console.log(((performance.now() - s) * 1000 / received.length).toFixed(1), 'µs'); }
