// Start-up time of `drdrill serve` to serving: from spawning the process until its endpoints file
// exists and a first HTTP request to the blob endpoint has been answered. Runs RUNS times, prints
// "median_ms max_ms". Every child is stopped (and its reports removed) before the next starts.
//   node startup_time.cjs DRDRILL [RUNS]
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

function once(drdrill) {
  return new Promise((resolve, reject) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drdrill-startup-'));
    const endpoints = path.join(dir, 'endpoints.json');
    const t0 = process.hrtime.bigint();
    // --out: the reports it writes when stopped go to the temporary directory, removed below.
    const child = spawn(drdrill, ['serve', '--endpoints-file', endpoints, '--out', path.join(dir, 'reports')], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10000;
    const finish = (error, ms) => {
      const done = () => {
        fs.rmSync(dir, { recursive: true, force: true });
        error ? reject(error) : resolve(ms);
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();  // it died already
      child.once('exit', done);
      child.kill('SIGTERM');
    };
    const poll = () => {
      if (Date.now() > deadline) return finish(new Error('no endpoints file within 10 s'));
      if (!fs.existsSync(endpoints)) return setImmediate(poll);
      const ep = JSON.parse(fs.readFileSync(endpoints, 'utf8'));
      http
        .get(`${ep.storage.blob_primary}?comp=list`, (response) => {
          response.resume();
          response.on('end', () => finish(null, Number(process.hrtime.bigint() - t0) / 1e6));
        })
        .on('error', (error) => finish(error));
    };
    poll();
  });
}

async function main() {
  const [drdrill, runsText] = process.argv.slice(2);
  const runs = Number(runsText || 10);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once(drdrill));
  times.sort((a, b) => a - b);
  process.stdout.write(`${times[Math.floor(times.length / 2)].toFixed(1)} ${times.at(-1).toFixed(1)}\n`);
}

main().catch((error) => {
  console.error(`startup_time: ${error.message}`);
  process.exit(1);
});
