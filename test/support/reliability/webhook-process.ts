// Starts the built workspace-webhook as a real process, with certificates from its own certgen, and watches it. It runs
// the release copy outside the repository (webhookBin), as a user runs it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookBin } from '../webhook-cli.js';
import { record } from './transcript.js';

export { REPO } from '../dist.js';

/** Runs `workspace-webhook certgen` for loopback names into a new directory; returns the directory. */
export function generateCertificates(dir = mkdtempSync(join(tmpdir(), 'kw-rel-certs-'))): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      webhookBin(),
      ['certgen', '--host', '127.0.0.1', '--host', 'localhost', '--out-dir', dir, '--force'],
      (error, stdout, stderr) => {
        record(`certgen ${dir}`, stdout + stderr);
        if (error) reject(new Error(`certgen into ${dir} failed: ${stderr}`, { cause: error }));
        else resolvePromise(dir);
      },
    );
  });
}

/** Replaces the serving pair in `target` with the one in `source`, each file by an atomic rename (key first, as certgen writes). */
export function rotateCertificates(source: string, target: string): void {
  for (const file of ['tls.key', 'tls.crt']) {
    const temporary = join(target, `.${file}.rotating`);
    copyFileSync(join(source, file), temporary);
    renameSync(temporary, join(target, file));
  }
}

export interface WebhookOptions {
  readonly certDir: string;
  /** 0 (default) lets the process pick a free port; pass the previous port to restart in place. */
  readonly port?: number;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly extraArgs?: readonly string[];
}

export interface WebhookProcess {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** The CA that signed the serving certificate the process started with. */
  readonly ca: Buffer;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly alive: () => boolean;
  /** Resident set size in KiB, from /proc/<pid>/status. */
  readonly rssKiB: () => number;
  /** Sends `signal` and waits for the exit; resolves with the exit code (or signal name). */
  readonly stop: (signal?: NodeJS.Signals) => Promise<number | string>;
}

export function residentKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(match[1]);
}

/** Spawns `workspace-webhook serve` on 127.0.0.1 and resolves once it logs that it is serving. */
export function startWebhook(options: WebhookOptions): Promise<WebhookProcess> {
  const args = [
    'serve',
    '--cert',
    join(options.certDir, 'tls.crt'),
    '--key',
    join(options.certDir, 'tls.key'),
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--log-level',
    options.logLevel ?? 'info',
    '--tls-reload-interval',
    '1',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(webhookBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exited: number | string | undefined;
  const exit = new Promise<number | string>((resolveExit) => {
    child.on('exit', (code, signal) => {
      exited = code ?? signal ?? 'unknown';
      record(`workspace-webhook pid ${child.pid}`, out);
      resolveExit(exited);
    });
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const ca = readFileSync(join(options.certDir, 'ca.crt'));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`workspace-webhook did not report serving within 30 s:\n${out}`)), 30_000);
    const onData = () => {
      const line = out.split('\n').find((l) => l.includes('"webhook serving"'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const port = (JSON.parse(line) as { port: number }).port;
      const pid = child.pid ?? -1;
      resolveStart({
        pid,
        port,
        url: `https://127.0.0.1:${port}`,
        ca,
        child,
        output: () => out,
        alive: () => exited === undefined,
        rssKiB: () => residentKiB(pid),
        stop: (signal = 'SIGTERM') => {
          if (exited !== undefined) return Promise.resolve(exited);
          child.kill(signal);
          return exit;
        },
      });
    };
    child.stdout?.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`workspace-webhook exited (${code}) before serving:\n${out}`));
    });
  });
}
