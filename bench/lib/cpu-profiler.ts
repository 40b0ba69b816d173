// Preloaded into a service by the benches' --cpu-profile (NODE_OPTIONS=--import=…; Node refuses --cpu-prof there):
// on SIGUSR2 it starts sampling the process's CPU with the inspector (so start-up is left out), and at exit it
// writes a .cpuprofile into BENCH_CPU_PROFILE_DIR, which lib/cpu-profile.ts summarises. Posts on a same-thread
// session are synchronous, so the profile is written even from the 'exit' handler of a SIGTERM shutdown.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  // services/tracker/src/main.ts → tracker; bench/apps/skeleton.ts receive → skeleton-receive
  const script = process.argv[1] ?? 'node';
  const name = /\/services\/([^/]+)\//.exec(script)?.[1] ?? [script.replace(/.*\//, '').replace(/\.ts$/, ''), ...process.argv.slice(2, 3)].join('-');
  const session = new Session();
  let started = false;
  process.once('SIGUSR2', () => {
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.start');
    started = true;
  });
  process.on('exit', () => {
    if (!started) return;
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(`${dir}/${name}-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    });
  });
}
