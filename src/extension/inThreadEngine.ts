// The check engine where no worker thread can be made (VS Code for the Web): jobs run on the extension host's own
// thread in slices of 20 ms, each giving the thread back; a newer version of the same plan cancels the older job.
import { loadModel } from './modelLoader';
import { runPlanJobSliced, PreviousModels, JOB_BUDGET_MS, type CheckEngine, type JobOutcome, type PlanJob } from '../engine/planJob';

export class InThreadEngine implements CheckEngine {
  readonly kind = 'in-thread';
  budgetMs = JOB_BUDGET_MS;
  private readonly previous = new PreviousModels();
  /** The generation of the newest job of each plan: an older job sees it change and stops. */
  private readonly newest = new Map<string, number>();
  private generation = 0;

  async run(job: PlanJob): Promise<JobOutcome> {
    const mine = ++this.generation;
    this.newest.set(job.key, mine);
    const t0 = Date.now();
    const budget = this.budgetMs;
    const superseded = () => this.newest.get(job.key) !== mine;
    try {
      const result = await runPlanJobSliced(loadModel(), job, this.previous.get(job.key), {
        isCancelled: () => superseded() || Date.now() - t0 > budget,
      });
      if (superseded()) return { kind: 'superseded' };
      if (!result) return { kind: 'over-budget', ms: Date.now() - t0 };
      if (job.keep) this.previous.set(job.key, result.model);
      return { kind: 'done', result };
    } catch (e) {
      this.previous.delete(job.key);
      return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    } finally {
      if (!superseded()) this.newest.delete(job.key);
    }
  }

  forget(key: string) {
    this.previous.delete(key);
  }

  dispose() {
    this.newest.clear();
  }
}
