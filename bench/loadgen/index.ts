import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { Sample } from '../stats';
import { FromLoadGenerator, LoadJob, ToLoadGenerator } from './protocol';

export type { LoadJob } from './protocol';

/**
 * The orchestrator's handle on the load-generator process (bench/loadgen/child.ts): one process
 * for the whole run, jobs one at a time, results back over IPC.
 */
export class LoadGenerator {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(s: Sample): void; reject(e: Error): void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromLoadGenerator) => {
      if (message.type === 'ready') return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'done') waiter?.resolve(message.sample);
      else waiter?.reject(new Error(`load generator: ${message.message}`));
    });
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`the load generator exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  /** Forks the load-generator process and waits until it is ready for jobs. */
  static async start(): Promise<LoadGenerator> {
    const child = fork(path.join(__dirname, 'child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (m: FromLoadGenerator) => (m.type === 'ready' ? resolve() : reject(new Error('unexpected first message'))));
      child.once('exit', (code) => reject(new Error(`the load generator exited before it was ready (code ${code})`)));
    });
    return new LoadGenerator(child);
  }

  run(job: LoadJob): Promise<Sample> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'run', id, job } satisfies ToLoadGenerator);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit' } satisfies ToLoadGenerator);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
